package io.fundingarb.connectors.binance.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.sbe.FeedState;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.simulator.FundingPath;
import io.fundingarb.connectors.simulator.SimInstrument;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.transport.ArrayEventSink;
import io.fundingarb.connectors.transport.FrameRecorder;
import io.fundingarb.connectors.transport.IoGroup;
import io.fundingarb.connectors.transport.RestClient;
import io.fundingarb.connectors.transport.RestResponse;
import io.fundingarb.connectors.transport.RestRetry;
import io.fundingarb.connectors.transport.ResyncHandler;
import io.fundingarb.connectors.transport.VenuePing;
import io.fundingarb.connectors.transport.WsConfig;
import io.fundingarb.connectors.transport.WsConnection;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BinanceSimulatorIT
{
    private static final long WAIT_MS = 10_000;
    private static final List<String> STREAMS = List.of("btcusdt@markPrice@1s", "btcusdt@depth@100ms", "ethusdt@bookTicker");

    private final IoGroup io = new IoGroup(1, "fa-it-binance");
    private final ArrayEventSink sink = new ArrayEventSink(4096);
    private final FrameRecorder frames = new FrameRecorder();
    private BinanceSimulator simulator;
    private WsConnection connection;

    @BeforeEach
    void setUp()
    {
        final SimScenario scenario = new SimScenario(
            List.of(
                SimInstrument.of("BTCUSDT", "BTC", "USDT", "0.10", "0.001", "100", "65000"),
                SimInstrument.of("ETHUSDT", "ETH", "USDT", "0.01", "0.001", "20", "3200")),
            Map.of("BTCUSDT", FundingPath.of(List.of(new FundingPath.Point(4_102_444_800_000L, new BigDecimal("0.00038167"), 4)))),
            7L,
            0.0005);
        simulator = new BinanceSimulator(scenario, SimulatorConfig.defaults().withCadence(100, 50).withServerPingIntervalMs(200)).start();
    }

    @AfterEach
    void tearDown()
    {
        if (connection != null)
        {
            connection.close();
        }
        simulator.close();
        io.close();
    }

    private WsConnection connect(final List<String> subscriptions, final long silenceTimeoutMs)
    {
        final WsConfig config = WsConfig.of(Venue.BINANCE, URI.create(simulator.combinedStreamUrl(STREAMS)), subscriptions)
            .withPing(VenuePing.binance())
            .withSilenceTimeoutNs(TimeUnit.MILLISECONDS.toNanos(silenceTimeoutMs))
            .withBackoff(TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.MILLISECONDS.toNanos(200));
        connection = new WsConnection(config, io.group(), frames, sink, new SystemEpochNanoClock(), new Random(3), ResyncHandler.NONE).start();
        return connection;
    }

    private static long longField(final String json, final String name)
    {
        final Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void shouldReceiveMarkPriceOnCombinedStream() throws Exception
    {
        connect(List.of(), 0);
        final String frame = frames.await(0, f -> f.contains("markPriceUpdate"), WAIT_MS);
        assertThat(frame).startsWith("{\"stream\":\"btcusdt@markPrice@1s\",\"data\":{\"e\":\"markPriceUpdate\",\"E\":");
        assertThat(frame).contains("\"s\":\"BTCUSDT\"", "\"r\":\"0.00038167\"", "\"T\":4102444800000");
        assertThat(sink.awaitSequence(0, WAIT_MS, FeedState.CONNECTING, FeedState.LIVE)).isTrue();
    }

    @Test
    void shouldReceiveDepthUpdatesWithChainedPu() throws Exception
    {
        connect(List.of(), 0);
        final String first = frames.await(0, f -> f.contains("depthUpdate"), WAIT_MS);
        final int index = frames.frames().indexOf(first);
        final String second = frames.await(index + 1, f -> f.contains("depthUpdate"), WAIT_MS);
        assertThat(longField(second, "pu")).isEqualTo(longField(first, "u"));
        assertThat(longField(second, "U")).isEqualTo(longField(first, "u") + 1);
        assertThat(second).contains("\"b\":[[\"", "\"a\":[[\"");
    }

    @Test
    void shouldAnswerSubscribeMethodAndStreamNewTopic() throws Exception
    {
        connect(List.of("{\"method\":\"SUBSCRIBE\",\"params\":[\"ethusdt@markPrice@1s\"],\"id\":1}"), 0);
        assertThat(frames.await(0, "{\"result\":null,\"id\":1}"::equals, WAIT_MS)).isNotNull();
        assertThat(frames.await(0, f -> f.startsWith("{\"stream\":\"ethusdt@markPrice@1s\""), WAIT_MS)).contains("\"s\":\"ETHUSDT\"");
    }

    @Test
    void shouldAnswerServerPingFrames() throws Exception
    {
        connect(List.of(), 0);
        frames.awaitOpens(1, WAIT_MS);
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (simulator.pongsReceived() == 0 && System.nanoTime() < deadline)
        {
            frames.await(frames.size(), f -> true, 100); // wait on traffic, not a sleep
        }
        assertThat(simulator.pongsReceived()).isPositive();
        assertThat(connection.pingsAnswered()).isPositive();
    }

    @Test
    void shouldReconnectAndResubscribeAfterDrop() throws Exception
    {
        connect(List.of("{\"method\":\"SUBSCRIBE\",\"params\":[\"ethusdt@markPrice@1s\"],\"id\":1}"), 0);
        assertThat(frames.await(0, "{\"result\":null,\"id\":1}"::equals, WAIT_MS)).isNotNull();
        final int after = frames.size(); // frames of the second connection come after this
        simulator.dropConnections();
        assertThat(sink.awaitSequence(0, WAIT_MS, FeedState.CONNECTING, FeedState.LIVE, FeedState.DOWN, FeedState.CONNECTING, FeedState.LIVE)).isTrue();
        assertThat(frames.awaitOpens(2, WAIT_MS)).isTrue();
        assertThat(frames.await(after, "{\"result\":null,\"id\":1}"::equals, WAIT_MS)).isNotNull();
        assertThat(frames.await(after, f -> f.contains("ethusdt@markPrice@1s"), WAIT_MS)).isNotNull();
        assertThat(frames.await(after, f -> f.contains("depthUpdate"), WAIT_MS)).isNotNull();
        assertThat(connection.reconnects()).isGreaterThanOrEqualTo(1);
        assertThat(simulator.wsConnections()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldGoStaleOnSilenceThenReconnect() throws Exception
    {
        connect(List.of(), 300);
        assertThat(sink.awaitSequence(0, WAIT_MS, FeedState.LIVE)).isTrue();
        simulator.goSilent(800);
        assertThat(sink.awaitSequence(0, WAIT_MS, FeedState.LIVE, FeedState.STALE, FeedState.CONNECTING)).isTrue();
        assertThat(sink.statuses().stream().filter(s -> s.state() == FeedState.STALE).findFirst().orElseThrow().detail()).startsWith("no frame for");
        assertThat(frames.awaitOpens(2, WAIT_MS)).isTrue();
        final String resumed = frames.await(frames.size(), f -> f.contains("depthUpdate"), WAIT_MS);
        assertThat(resumed).isNotNull();
        assertThat(sink.states().get(sink.states().size() - 1)).isEqualTo(FeedState.LIVE);
    }

    @Test
    void shouldDeliverMalformedFrameAndCarryOn() throws Exception
    {
        connect(List.of(), 0);
        assertThat(frames.await(0, f -> f.contains("depthUpdate"), WAIT_MS)).isNotNull();
        simulator.sendMalformedFrame();
        final String bad = frames.await(0, f -> f.endsWith("\"s\":"), WAIT_MS);
        assertThat(bad).contains("\"E\":17x");
        final int index = frames.frames().indexOf(bad);
        assertThat(frames.await(index + 1, f -> f.contains("depthUpdate"), WAIT_MS)).isNotNull();
        assertThat(connection.connects()).isEqualTo(1);
    }

    @Test
    void shouldBreakPuChainWhenSequenceSkipped() throws Exception
    {
        connect(List.of(), 0);
        assertThat(frames.await(0, f -> f.contains("depthUpdate"), WAIT_MS)).isNotNull();
        simulator.skipSequence("BTCUSDT");
        final int from = frames.size();
        final String before = frames.await(from, f -> f.contains("depthUpdate"), WAIT_MS);
        final String after = frames.await(frames.frames().indexOf(before) + 1, f -> f.contains("depthUpdate"), WAIT_MS);
        final List<String> depth = frames.frames().stream().filter(f -> f.contains("depthUpdate")).toList();
        boolean gap = false;
        for (int i = 1; i < depth.size(); i++)
        {
            gap |= longField(depth.get(i), "pu") != longField(depth.get(i - 1), "u");
        }
        assertThat(after).isNotNull();
        assertThat(gap).isTrue();
    }

    @Test
    void shouldServeDepthSnapshotInsideNextDiffRange() throws Exception
    {
        connect(List.of(), 0);
        assertThat(frames.await(0, f -> f.contains("depthUpdate"), WAIT_MS)).isNotNull();
        final RestResponse snapshot = new RestClient(io.group())
            .get(URI.create(simulator.httpBaseUrl() + "/fapi/v1/depth?symbol=BTCUSDT&limit=5")).get(WAIT_MS, TimeUnit.MILLISECONDS);
        assertThat(snapshot.status()).isEqualTo(200);
        final long lastUpdateId = longField(snapshot.bodyText(), "lastUpdateId");
        final String next = frames.await(0, f -> f.contains("depthUpdate") && longField(f, "u") >= lastUpdateId, WAIT_MS);
        assertThat(longField(next, "U")).isLessThanOrEqualTo(lastUpdateId);
        assertThat(snapshot.bodyText()).matches("\\{\"lastUpdateId\":\\d+,\"E\":\\d+,\"T\":\\d+,\"bids\":\\[(\\[\"[0-9.]+\",\"[0-9.]+\"\\],?){5}\\],\"asks\":.*");
    }

    @Test
    void shouldServeExchangeInfoFundingInfoAndTicker() throws Exception
    {
        final RestClient rest = new RestClient(io.group());
        final String info = rest.get(URI.create(simulator.httpBaseUrl() + "/fapi/v1/exchangeInfo")).get(WAIT_MS, TimeUnit.MILLISECONDS).bodyText();
        assertThat(info).contains("\"symbol\":\"BTCUSDT\"", "\"filterType\":\"PRICE_FILTER\",\"tickSize\":\"0.10\"",
            "\"stepSize\":\"0.001\",\"filterType\":\"LOT_SIZE\"", "\"notional\":\"100\",\"filterType\":\"MIN_NOTIONAL\"");
        final String funding = rest.get(URI.create(simulator.httpBaseUrl() + "/fapi/v1/fundingInfo")).get(WAIT_MS, TimeUnit.MILLISECONDS).bodyText();
        assertThat(funding).contains("\"symbol\":\"BTCUSDT\"", "\"fundingIntervalHours\":4").doesNotContain("ETHUSDT");
        final String ticker = rest.get(URI.create(simulator.httpBaseUrl() + "/fapi/v1/ticker/24hr?symbol=ETHUSDT")).get(WAIT_MS, TimeUnit.MILLISECONDS).bodyText();
        assertThat(ticker).startsWith("{\"symbol\":\"ETHUSDT\"").contains("\"quoteVolume\":\"");
    }

    @Test
    void shouldRetryRestAfterRateLimit() throws Exception
    {
        simulator.failRest(429, 2, 0);
        final RestClient rest = new RestClient(io.group());
        final RestRetry retry = new RestRetry(io.group(), 5, TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.MILLISECONDS.toNanos(50),
            TimeUnit.SECONDS.toNanos(5), new Random(1));
        final URI uri = URI.create(simulator.httpBaseUrl() + "/fapi/v1/exchangeInfo");
        final RestResponse response = retry.execute(() -> rest.get(uri)).get(WAIT_MS, TimeUnit.MILLISECONDS);
        assertThat(response.status()).isEqualTo(200);
        assertThat(simulator.restRequests()).isEqualTo(3);
    }

    @Test
    void shouldReturnRateLimitResponseWhenFaultOutlastsRetries() throws Exception
    {
        simulator.failRest(429, 10, 0);
        final RestClient rest = new RestClient(io.group());
        final RestRetry retry = new RestRetry(io.group(), 2, TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.MILLISECONDS.toNanos(50),
            TimeUnit.SECONDS.toNanos(5), new Random(1));
        final RestResponse response = retry.execute(() -> rest.get(URI.create(simulator.httpBaseUrl() + "/fapi/v1/depth?symbol=BTCUSDT")))
            .get(WAIT_MS, TimeUnit.MILLISECONDS);
        assertThat(response.status()).isEqualTo(429);
        assertThat(response.header("Retry-After")).isEqualTo("0");
        assertThat(response.bodyText()).contains("\"code\":-1003");
    }
}
