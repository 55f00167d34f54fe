package io.fundingarb.connectors.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.FeedState;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.binance.sim.BinanceSimulator;
import io.fundingarb.connectors.feed.FeedEventSink;
import io.fundingarb.connectors.feed.FeedSettings;
import io.fundingarb.connectors.feed.FeedTimings;
import io.fundingarb.connectors.simulator.FundingPath;
import io.fundingarb.connectors.simulator.SimInstrument;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.transport.ArrayEventSink;
import io.fundingarb.connectors.transport.FrameRecorder;
import io.fundingarb.connectors.transport.IoGroup;
import io.fundingarb.connectors.transport.RestClient;
import io.fundingarb.connectors.transport.ResyncHandler;
import io.fundingarb.connectors.transport.WsConfig;
import io.fundingarb.connectors.transport.WsConnection;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** BinanceFeed against the simulator in strict-path mode: the 2026 split of /market and /public. */
@Timeout(30)
class BinanceSplitFeedIT
{
    private static final long WAIT_MS = 10_000;
    private static final FeedTimings TIMINGS = FeedTimings.defaults()
        .withSilenceTimeoutNs(TimeUnit.SECONDS.toNanos(5))
        .withBackoff(TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.MILLISECONDS.toNanos(200))
        .withRestRetry(3, TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.MILLISECONDS.toNanos(100));

    private final IoGroup io = new IoGroup(1, "fa-it-binance-split");
    private final FeedEventSink sink = new FeedEventSink();
    private BinanceSimulator simulator;
    private BinanceFeed feed;

    @BeforeEach
    void setUp()
    {
        simulator = new BinanceSimulator(scenario(), SimulatorConfig.defaults().withCadence(50, 50).withStrictPaths(true)).start();
    }

    @AfterEach
    void tearDown()
    {
        if (feed != null)
        {
            feed.close();
        }
        simulator.close();
        io.close();
    }

    static SimScenario scenario()
    {
        return new SimScenario(
            List.of(
                SimInstrument.of("BTCUSDT", "BTC", "USDT", "0.10", "0.001", "100", "65000"),
                SimInstrument.of("ETHUSDT", "ETH", "USDT", "0.01", "0.001", "20", "3200")),
            Map.of(
                "BTCUSDT", FundingPath.constant("0.0001", 8),
                "ETHUSDT", FundingPath.constant("0.0002", 8)),
            7L,
            0.0005);
    }

    private BinanceFeed startFeed(final BinanceWsLayout layout)
    {
        final FeedSettings settings = FeedSettings.of(simulator.wsBaseUrl(), simulator.httpBaseUrl(), List.of("BTC", "ETH"), List.of("USDT"), 0.0005, 0.0002);
        feed = new BinanceFeed(settings, TIMINGS, io.group(), new RestClient(io.group()), sink, new SystemEpochNanoClock(), new SymbolTable(), layout);
        feed.start();
        return feed;
    }

    private boolean awaitLive() throws InterruptedException
    {
        return sink.await(s -> !s.statuses().isEmpty() && s.statuses().get(s.statuses().size() - 1).state() == FeedState.LIVE, WAIT_MS);
    }

    @Test
    void shouldReceiveFundingAndBooksOverTwoConnections() throws Exception
    {
        startFeed(BinanceWsLayout.SPLIT);
        assertThat(sink.await(s -> s.fundings() >= 4 && s.bookSnapshots() >= 2 && s.bookDeltas() >= 4, WAIT_MS)).isTrue();
        assertThat(feed.connections()).hasSize(2);
        assertThat(feed.marketConnection().config().uri().getPath()).isEqualTo("/market/stream");
        assertThat(feed.depthConnection().config().uri().getPath()).isEqualTo("/public/stream");
        assertThat(simulator.wsConnections()).isEqualTo(2);
    }

    @Test
    void shouldReportVenueLiveOnlyWhenBothConnectionsAre() throws Exception
    {
        startFeed(BinanceWsLayout.SPLIT);
        assertThat(sink.await(s -> s.bookSnapshots() >= 2, WAIT_MS)).isTrue();
        assertThat(awaitLive()).isTrue();
        assertThat(feed.state()).isEqualTo(FeedState.LIVE);
        assertThat(feed.marketConnection().state()).isEqualTo(FeedState.LIVE);
        assertThat(feed.depthConnection().state()).isEqualTo(FeedState.LIVE);
        final List<FeedEventSink.Status> statuses = sink.statuses();
        assertThat(statuses.stream().filter(s -> s.state() == FeedState.LIVE).count())
            .as("LIVE published once per combined transition, not once per connection: %s", statuses)
            .isLessThanOrEqualTo(2); // LIVE, RESYNCING (books), LIVE
    }

    @Test
    void shouldResyncBooksWhileFundingKeepsFlowingWhenDepthConnectionDrops() throws Exception
    {
        startFeed(BinanceWsLayout.SPLIT);
        assertThat(sink.await(s -> s.bookSnapshots() >= 2 && s.fundings() >= 2, WAIT_MS)).isTrue();
        assertThat(awaitLive()).isTrue();
        final long snapshotsBefore = sink.bookSnapshots();
        final long fundingsBefore = sink.fundings();
        final int statusesBefore = sink.statuses().size();

        simulator.dropConnections(BinanceWsLayout.PUBLIC_PREFIX);

        assertThat(sink.await(s -> s.bookSnapshots() >= snapshotsBefore + 2, WAIT_MS)).as("both books resynced").isTrue();
        assertThat(sink.await(s -> s.fundings() >= fundingsBefore + 4, WAIT_MS)).as("funding kept flowing").isTrue();
        assertThat(feed.depthConnection().connects()).isEqualTo(2);
        assertThat(feed.marketConnection().connects()).as("the /market connection was not touched").isEqualTo(1);
        assertThat(feed.marketConnection().reconnects()).isZero();
        assertThat(awaitLive()).isTrue();
        final List<FeedEventSink.Status> after = sink.statuses().subList(statusesBefore, sink.statuses().size());
        assertThat(after.get(0).state()).isEqualTo(FeedState.DOWN);
        assertThat(after.get(0).detail()).startsWith("public: ");
    }

    @Test
    void shouldKeepBooksWhenMarketConnectionDrops() throws Exception
    {
        startFeed(BinanceWsLayout.SPLIT);
        assertThat(sink.await(s -> s.bookSnapshots() >= 2, WAIT_MS)).isTrue();
        assertThat(awaitLive()).isTrue();
        final long snapshotsBefore = sink.bookSnapshots();
        final long fundingsBefore = sink.fundings();

        simulator.dropConnections(BinanceWsLayout.MARKET_PREFIX);

        assertThat(sink.await(s -> s.fundings() >= fundingsBefore + 4, WAIT_MS)).isTrue();
        assertThat(feed.marketConnection().connects()).isEqualTo(2);
        assertThat(feed.depthConnection().connects()).isEqualTo(1);
        assertThat(sink.bookSnapshots()).as("no book resync for a /market reconnect").isEqualTo(snapshotsBefore);
        assertThat(feed.snapshots()).isEqualTo(2);
    }

    @Test
    void shouldReceiveFundingAndBooksOverOneConnectionWhenCombinedOnLenientSimulator() throws Exception
    {
        simulator.close();
        simulator = new BinanceSimulator(scenario(), SimulatorConfig.defaults().withCadence(50, 50)).start();
        startFeed(BinanceWsLayout.COMBINED);
        assertThat(sink.await(s -> s.fundings() >= 2 && s.bookSnapshots() >= 2, WAIT_MS)).isTrue();
        assertThat(feed.connections()).hasSize(1);
        assertThat(feed.depthConnection().config().uri().getPath()).isEqualTo("/stream");
    }

    // ---------------------------------------------------------------- the simulator's strict paths, seen by a plain connection

    private WsConnection raw(final String path, final FrameRecorder frames, final ArrayEventSink statuses)
    {
        final WsConfig config = WsConfig.of(Venue.BINANCE, URI.create(simulator.wsBaseUrl() + path), List.of())
            .withBackoff(TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.MILLISECONDS.toNanos(200));
        return new WsConnection(config, io.group(), frames, statuses, new SystemEpochNanoClock(), new Random(1), ResyncHandler.NONE).start();
    }

    @Test
    void shouldNotServeMarkPriceOnPublicPathWhenStrict() throws Exception
    {
        final FrameRecorder frames = new FrameRecorder();
        try (WsConnection ws = raw("/public/stream?streams=btcusdt@markPrice@1s/btcusdt@depth@100ms", frames, new ArrayEventSink(64)))
        {
            frames.await(0, f -> f.contains("depthUpdate"), WAIT_MS);
            final int seen = frames.size();
            frames.await(seen, f -> f.contains("depthUpdate"), WAIT_MS); // several mark cadences later
            frames.await(frames.size(), f -> f.contains("depthUpdate"), WAIT_MS);
            assertThat(frames.frames()).noneMatch(f -> f.contains("markPriceUpdate"));
        }
    }

    @Test
    void shouldNotServeDepthOnMarketPathWhenStrict() throws Exception
    {
        final FrameRecorder frames = new FrameRecorder();
        try (WsConnection ws = raw("/market/stream?streams=btcusdt@markPrice@1s/btcusdt@depth@100ms", frames, new ArrayEventSink(64)))
        {
            assertThat(frames.await(0, f -> f.contains("markPriceUpdate"), WAIT_MS)).isNotNull();
            frames.await(frames.size(), f -> f.contains("markPriceUpdate"), WAIT_MS);
            frames.await(frames.size(), f -> f.contains("markPriceUpdate"), WAIT_MS);
            assertThat(frames.frames()).noneMatch(f -> f.contains("depthUpdate"));
        }
    }

    @Test
    void shouldRefuseLegacyPathWhenStrict() throws Exception
    {
        final ArrayEventSink statuses = new ArrayEventSink(256);
        try (WsConnection ws = raw("/stream?streams=btcusdt@markPrice@1s", new FrameRecorder(), statuses))
        {
            assertThat(statuses.awaitSequence(0, WAIT_MS, FeedState.CONNECTING, FeedState.DOWN)).isTrue();
            assertThat(statuses.statuses().get(1).detail()).contains("404");
        }
    }
}
