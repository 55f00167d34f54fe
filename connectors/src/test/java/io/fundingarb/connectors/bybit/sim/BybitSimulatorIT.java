package io.fundingarb.connectors.bybit.sim;

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
class BybitSimulatorIT
{
    private static final long WAIT_MS = 10_000;
    private static final String SUBSCRIBE =
        "{\"op\":\"subscribe\",\"args\":[\"tickers.BTCUSDT\",\"orderbook.50.BTCUSDT\"],\"req_id\":\"sub-1\"}";

    private final IoGroup io = new IoGroup(1, "fa-it-bybit");
    private final ArrayEventSink sink = new ArrayEventSink(4096);
    private final FrameRecorder frames = new FrameRecorder();
    private BybitSimulator simulator;
    private WsConnection connection;

    @BeforeEach
    void setUp()
    {
        final SimScenario scenario = new SimScenario(
            List.of(
                SimInstrument.of("BTCUSDT", "BTC", "USDT", "0.10", "0.001", "5", "65000"),
                SimInstrument.of("SOLUSDT", "SOL", "USDT", "0.010", "0.1", "5", "150")),
            Map.of("BTCUSDT", FundingPath.of(List.of(
                new FundingPath.Point(1_000L, new BigDecimal("0.0002"), 8),
                new FundingPath.Point(4_102_444_800_000L, new BigDecimal("-0.005"), 1)))),
            7L,
            0.0005);
        simulator = new BybitSimulator(scenario, SimulatorConfig.defaults().withCadence(100, 50)).start();
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

    private WsConnection connect(final long silenceTimeoutMs, final long pingIntervalMs, final ResyncHandler resync)
    {
        final WsConfig config = WsConfig.of(Venue.BYBIT, URI.create(simulator.publicLinearUrl()), List.of(SUBSCRIBE))
            .withPing(pingIntervalMs > 0 ? VenuePing.bybit(TimeUnit.MILLISECONDS.toNanos(pingIntervalMs)) : VenuePing.none())
            .withSilenceTimeoutNs(TimeUnit.MILLISECONDS.toNanos(silenceTimeoutMs))
            .withBackoff(TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.MILLISECONDS.toNanos(200));
        connection = new WsConnection(config, io.group(), frames, sink, new SystemEpochNanoClock(), new Random(5), resync).start();
        return connection;
    }

    private static long longField(final String json, final String name)
    {
        final Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static boolean isBook(final String frame, final String type)
    {
        return frame.startsWith("{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"" + type + "\"");
    }

    @Test
    void shouldAcknowledgeSubscription() throws Exception
    {
        connect(0, 0, ResyncHandler.NONE);
        final String ack = frames.await(0, f -> f.contains("\"op\":\"subscribe\""), WAIT_MS);
        assertThat(ack).startsWith("{\"success\":true,\"ret_msg\":\"\",\"conn_id\":\"").endsWith("\"req_id\":\"sub-1\",\"op\":\"subscribe\"}");
    }

    @Test
    void shouldSendTickerSnapshotThenDeltasOfChangedFields() throws Exception
    {
        connect(0, 0, ResyncHandler.NONE);
        final String snapshot = frames.await(0, f -> f.startsWith("{\"topic\":\"tickers.BTCUSDT\",\"type\":\"snapshot\""), WAIT_MS);
        assertThat(snapshot).contains("\"fundingRate\":\"-0.005\"", "\"fundingIntervalHour\":\"1\"", "\"nextFundingTime\":\"4102444800000\"",
            "\"turnover24h\":\"", "\"fundingCap\":\"0.005\"", "\"cs\":", "\"ts\":");
        final String delta = frames.await(0, f -> f.startsWith("{\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\""), WAIT_MS);
        assertThat(delta).contains("\"data\":{\"symbol\":\"BTCUSDT\"").doesNotContain("fundingIntervalHour", "fundingCap");
    }

    @Test
    void shouldSendBookSnapshotThenDeltasWithIncrementingU() throws Exception
    {
        connect(0, 0, ResyncHandler.NONE);
        final String snapshot = frames.await(0, f -> isBook(f, "snapshot"), WAIT_MS);
        final int index = frames.frames().indexOf(snapshot);
        final String first = frames.await(index + 1, f -> isBook(f, "delta"), WAIT_MS);
        final String second = frames.await(frames.frames().indexOf(first) + 1, f -> isBook(f, "delta"), WAIT_MS);
        assertThat(longField(first, "u")).isEqualTo(longField(snapshot, "u") + 1);
        assertThat(longField(second, "u")).isEqualTo(longField(first, "u") + 1);
        assertThat(longField(second, "seq")).isGreaterThan(longField(first, "seq"));
    }

    @Test
    void shouldAnswerApplicationPing() throws Exception
    {
        connect(0, 50, ResyncHandler.NONE);
        final String pong = frames.await(0, f -> f.contains("\"op\":\"ping\""), WAIT_MS);
        assertThat(pong).startsWith("{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"");
        assertThat(connection.pingsSent()).isPositive();
    }

    @Test
    void shouldReconnectAndResubscribeAfterDrop() throws Exception
    {
        connect(0, 0, ResyncHandler.NONE);
        assertThat(frames.await(0, f -> isBook(f, "delta"), WAIT_MS)).isNotNull();
        final int after = frames.size(); // frames of the second connection come after this
        simulator.dropConnections();
        assertThat(sink.awaitSequence(0, WAIT_MS, FeedState.CONNECTING, FeedState.LIVE, FeedState.DOWN, FeedState.CONNECTING, FeedState.LIVE)).isTrue();
        assertThat(frames.awaitOpens(2, WAIT_MS)).isTrue();
        assertThat(frames.await(after, f -> isBook(f, "snapshot"), WAIT_MS)).isNotNull();
        assertThat(frames.await(after, f -> f.startsWith("{\"topic\":\"tickers.BTCUSDT\",\"type\":\"snapshot\""), WAIT_MS)).isNotNull();
        assertThat(sink.statuses().get(sink.statuses().size() - 1).detail()).isEqualTo("resubscribed");
    }

    @Test
    void shouldGoStaleOnSilenceThenReconnect() throws Exception
    {
        connect(300, 0, ResyncHandler.NONE);
        assertThat(sink.awaitSequence(0, WAIT_MS, FeedState.LIVE)).isTrue();
        simulator.goSilent(800);
        assertThat(sink.awaitSequence(0, WAIT_MS, FeedState.LIVE, FeedState.STALE, FeedState.CONNECTING)).isTrue();
        assertThat(frames.awaitOpens(2, WAIT_MS)).isTrue();
        assertThat(frames.await(frames.size(), f -> isBook(f, "delta"), WAIT_MS)).isNotNull();
    }

    @Test
    void shouldDeliverMalformedFrameAndCarryOn() throws Exception
    {
        connect(0, 0, ResyncHandler.NONE);
        assertThat(frames.await(0, f -> isBook(f, "delta"), WAIT_MS)).isNotNull();
        simulator.sendMalformedFrame();
        final String bad = frames.await(0, f -> f.endsWith("\"fundingRate\":\"0.00"), WAIT_MS);
        assertThat(bad).isNotNull();
        assertThat(frames.await(frames.frames().indexOf(bad) + 1, f -> isBook(f, "delta"), WAIT_MS)).isNotNull();
        assertThat(connection.connects()).isEqualTo(1);
    }

    @Test
    void shouldSkipUWhenSequenceSkipped() throws Exception
    {
        connect(0, 0, ResyncHandler.NONE);
        assertThat(frames.await(0, f -> isBook(f, "delta"), WAIT_MS)).isNotNull();
        final long before = simulator.updateId("BTCUSDT");
        simulator.skipSequence("BTCUSDT");
        final String jumped = frames.await(0, f -> isBook(f, "delta") && longField(f, "u") == before + 2, WAIT_MS);
        assertThat(jumped).isNotNull();
        assertThat(frames.frames()).noneMatch(f -> isBook(f, "delta") && longField(f, "u") == before + 1);
    }

    @Test
    void shouldPublishResyncingUntilResyncDone() throws Exception
    {
        final RestClient rest = new RestClient(io.group());
        final WsConnection[] self = new WsConnection[1];
        final ResyncHandler resync = instrumentId -> rest
            .get(URI.create(simulator.httpBaseUrl() + "/v5/market/orderbook?category=linear&symbol=BTCUSDT&limit=50"))
            .thenAccept(response -> self[0].resyncDone(instrumentId));
        self[0] = connect(0, 0, resync);
        assertThat(sink.awaitSequence(0, WAIT_MS, FeedState.LIVE)).isTrue();
        self[0].requestResync(17);
        assertThat(sink.awaitSequence(0, WAIT_MS, FeedState.LIVE, FeedState.RESYNCING, FeedState.LIVE)).isTrue();
        assertThat(sink.statuses().stream().filter(s -> s.state() == FeedState.RESYNCING).findFirst().orElseThrow().detail())
            .isEqualTo("resync instrument 17");
    }

    @Test
    void shouldServeInstrumentsInfoAndTickers() throws Exception
    {
        final RestClient rest = new RestClient(io.group());
        final String info = rest.get(URI.create(simulator.httpBaseUrl() + "/v5/market/instruments-info?category=linear"))
            .get(WAIT_MS, TimeUnit.MILLISECONDS).bodyText();
        assertThat(info).startsWith("{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"linear\",\"list\":[{\"symbol\":\"BTCUSDT\"")
            .contains("\"tickSize\":\"0.10\"", "\"qtyStep\":\"0.001\"", "\"fundingInterval\":60", "\"symbol\":\"SOLUSDT\"", "\"fundingInterval\":480");
        final String tickers = rest.get(URI.create(simulator.httpBaseUrl() + "/v5/market/tickers?category=linear&symbol=SOLUSDT"))
            .get(WAIT_MS, TimeUnit.MILLISECONDS).bodyText();
        assertThat(tickers).contains("\"symbol\":\"SOLUSDT\"", "\"turnover24h\":\"", "\"fundingRate\":\"0.0001\"").doesNotContain("BTCUSDT");
    }

    @Test
    void shouldRetryRestAfterServerErrors() throws Exception
    {
        simulator.failRest(503, 2);
        final RestClient rest = new RestClient(io.group());
        final RestRetry retry = new RestRetry(io.group(), 4, TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.MILLISECONDS.toNanos(50),
            TimeUnit.SECONDS.toNanos(5), new Random(1));
        final RestResponse response = retry.execute(
            () -> rest.get(URI.create(simulator.httpBaseUrl() + "/v5/market/instruments-info?category=linear"))).get(WAIT_MS, TimeUnit.MILLISECONDS);
        assertThat(response.status()).isEqualTo(200);
        assertThat(simulator.restRequests()).isEqualTo(3);
    }
}
