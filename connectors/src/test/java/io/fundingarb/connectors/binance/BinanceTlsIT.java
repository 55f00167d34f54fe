package io.fundingarb.connectors.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.FeedState;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.binance.sim.BinanceSimulator;
import io.fundingarb.connectors.feed.FeedEventSink;
import io.fundingarb.connectors.feed.FeedSettings;
import io.fundingarb.connectors.feed.FeedTimings;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.transport.ArrayEventSink;
import io.fundingarb.connectors.transport.FrameRecorder;
import io.fundingarb.connectors.transport.IoGroup;
import io.fundingarb.connectors.transport.RestClient;
import io.fundingarb.connectors.transport.RestResponse;
import io.fundingarb.connectors.transport.ResyncHandler;
import io.fundingarb.connectors.transport.TestTls;
import io.fundingarb.connectors.transport.WsConfig;
import io.fundingarb.connectors.transport.WsConnection;
import java.net.URI;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** wss:// and https:// on loopback: the simulator serves TLS with the test-only certificate (src/test/resources/tls). */
@Timeout(30)
class BinanceTlsIT
{
    private static final long WAIT_MS = 10_000;
    private static final String MARK_STREAM = "/market/stream?streams=btcusdt@markPrice@1s";

    private final IoGroup io = new IoGroup(1, "fa-it-binance-tls");
    private BinanceSimulator simulator;

    @BeforeEach
    void setUp()
    {
        simulator = new BinanceSimulator(BinanceSplitFeedIT.scenario(),
            SimulatorConfig.defaults().withCadence(50, 50).withStrictPaths(true).withTls(TestTls.serverContext())).start();
    }

    @AfterEach
    void tearDown()
    {
        simulator.close();
        io.close();
    }

    private WsConnection connect(final WsConfig config, final FrameRecorder frames, final ArrayEventSink statuses)
    {
        return new WsConnection(config.withBackoff(TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.MILLISECONDS.toNanos(100)),
            io.group(), frames, statuses, new SystemEpochNanoClock(), new Random(5), ResyncHandler.NONE).start();
    }

    @Test
    void shouldServeWssAndHttpsBaseUrls()
    {
        assertThat(simulator.wsBaseUrl()).startsWith("wss://127.0.0.1:");
        assertThat(simulator.httpBaseUrl()).startsWith("https://127.0.0.1:");
    }

    @Test
    void shouldReceiveFundingOverWssWhenTrustingTheCertificate() throws Exception
    {
        final FrameRecorder frames = new FrameRecorder();
        final ArrayEventSink statuses = new ArrayEventSink(64);
        final WsConfig config = WsConfig.of(Venue.BINANCE, URI.create(simulator.wsBaseUrl() + MARK_STREAM), List.of())
            .withTrustedCertificate(TestTls.certificate());
        try (WsConnection ws = connect(config, frames, statuses))
        {
            assertThat(frames.await(0, f -> f.contains("markPriceUpdate"), WAIT_MS)).contains("\"s\":\"BTCUSDT\"");
            assertThat(statuses.awaitSequence(0, WAIT_MS, FeedState.CONNECTING, FeedState.LIVE)).isTrue();
        }
    }

    @Test
    void shouldTrustCertificateReadFromPemFile() throws Exception
    {
        final FrameRecorder frames = new FrameRecorder();
        final WsConfig config = WsConfig.of(Venue.BINANCE, URI.create(simulator.wsBaseUrl() + MARK_STREAM), List.of())
            .withTrustedCertificate(TestTls.certificateFile());
        try (WsConnection ws = connect(config, frames, new ArrayEventSink(64)))
        {
            assertThat(frames.await(0, f -> f.contains("markPriceUpdate"), WAIT_MS)).isNotNull();
        }
    }

    @Test
    void shouldReportTlsHandshakeFailureAndKeepRetryingWithoutTrust() throws Exception
    {
        final FrameRecorder frames = new FrameRecorder();
        final ArrayEventSink statuses = new ArrayEventSink(256);
        final WsConfig config = WsConfig.of(Venue.BINANCE, URI.create(simulator.wsBaseUrl() + MARK_STREAM), List.of()); // JDK trust store
        try (WsConnection ws = connect(config, frames, statuses))
        {
            assertThat(statuses.await(list -> list.stream().anyMatch(s -> s.state() == FeedState.CONNECTING && s.reconnects() >= 2), WAIT_MS))
                .as("reconnect backoff continues").isTrue();
            final ArrayEventSink.Status down = statuses.statuses().stream().filter(s -> s.state() == FeedState.DOWN).findFirst().orElseThrow();
            assertThat(down.detail()).contains("TLS handshake failed");
            assertThat(statuses.states()).doesNotContain(FeedState.LIVE);
            assertThat(frames.opens()).isZero();
        }
    }

    @Test
    void shouldGetOverHttpsWhenTrustingTheCertificate() throws Exception
    {
        final RestResponse response = RestClient.trusting(io.group(), TestTls.certificate())
            .get(URI.create(simulator.httpBaseUrl() + BinanceFeed.EXCHANGE_INFO_PATH)).get(WAIT_MS, TimeUnit.MILLISECONDS);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).contains("\"symbol\":\"BTCUSDT\"");
    }

    @Test
    void shouldFailHttpsHandshakeWithoutTrust()
    {
        assertThatThrownBy(() -> new RestClient(io.group()).get(URI.create(simulator.httpBaseUrl() + BinanceFeed.EXCHANGE_INFO_PATH))
            .get(WAIT_MS, TimeUnit.MILLISECONDS))
            .isInstanceOf(ExecutionException.class)
            // JDK 25 puts the alert, "(certificate_unknown)", between the two
            .hasStackTraceContaining(SSLHandshakeException.class.getName())
            .hasStackTraceContaining("PKIX path building failed");
    }

    @Test
    void shouldRunBinanceFeedOverHttpsAndWss() throws Exception
    {
        final FeedEventSink sink = new FeedEventSink();
        final FeedSettings settings = FeedSettings.of(simulator.wsBaseUrl(), simulator.httpBaseUrl(), List.of("BTC", "ETH"), List.of("USDT"), 0.0005, 0.0002);
        final FeedTimings timings = FeedTimings.defaults().withBackoff(TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.MILLISECONDS.toNanos(200));
        final BinanceFeed feed = new BinanceFeed(settings, timings, io.group(), RestClient.trusting(io.group(), TestTls.certificate()), sink,
            new SystemEpochNanoClock(), new SymbolTable(), BinanceWsLayout.SPLIT);
        try
        {
            feed.start().get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(sink.await(s -> s.fundings() >= 2 && s.bookSnapshots() >= 2, WAIT_MS)).isTrue();
            assertThat(feed.connections()).allMatch(ws -> ws.config().tls());
        }
        finally
        {
            feed.close();
        }
    }
}
