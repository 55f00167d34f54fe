package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.sbe.BookAction;
import io.fundingarb.codecs.sbe.BookUpdateDecoder;
import io.fundingarb.codecs.sbe.FeedState;
import io.fundingarb.codecs.sbe.FundingUpdateDecoder;
import io.fundingarb.codecs.sbe.InstrumentDefinitionDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.codecs.sbe.VenueStatusDecoder;
import io.fundingarb.connectors.binance.BinanceFeed;
import io.fundingarb.connectors.bybit.BybitFeed;
import io.fundingarb.connectors.feed.FeedTimings;
import io.fundingarb.connectors.feed.MarketDataFeed;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.engine.CommandHandlers;
import io.fundingarb.engine.FundingArbAgent;
import io.fundingarb.engine.config.ConfigLoader;
import io.fundingarb.engine.config.FundingArbConfig;
import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.journal.JournalReader;
import io.fundingarb.engine.replay.Replayer;
import io.fundingarb.engine.stage.MarketStage;
import io.fundingarb.engine.stage.MarketView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine on the real Binance and Bybit feeds against the venue simulators over loopback
 * WebSockets (the same code path as live; only the URLs differ): instruments for the configured
 * tokens, funding and books flowing into a ranking, every injected fault survived, and a journal
 * that replays exactly.
 */
@Timeout(60)
class VenueFeedsIT
{
    private static final String CONFIG = "tokens: [BTC, ETH, SOL, NOPE]\nengine:\n  checkpoint_interval: 500ms\n"
        + "venues:\n  binance: {funding_silence: 600ms, book_silence: 600ms, subscribe_ack_timeout: 600ms, max_reconnects_per_minute: 60}\n"
        + "  bybit: {funding_silence: 600ms, book_silence: 600ms, subscribe_ack_timeout: 600ms, max_reconnects_per_minute: 100}\n"
        + "  hyperliquid: {enabled: false}\n  kraken: {enabled: false}\n"; // Binance's and Bybit's feeds here; HyperliquidFeedIT, KrakenFeedIT
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final FeedTimings TIMINGS = FeedTimings.defaults()
        .withSilenceTimeoutNs(TimeUnit.MILLISECONDS.toNanos(600))
        .withBackoff(TimeUnit.MILLISECONDS.toNanos(50), TimeUnit.MILLISECONDS.toNanos(200))
        .withRestRetry(5, TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.MILLISECONDS.toNanos(100))
        .withPolls(TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(2))
        .withRetryNs(TimeUnit.MILLISECONDS.toNanos(300));

    @TempDir
    Path tmp;

    private SimulatedVenues sims;
    private FundingArbAgent agent;
    private VenueConnectors connectors;
    private Tap tap;
    private Path journalDir;
    private FundingArbConfig config;

    @AfterEach
    void tearDown()
    {
        if (agent != null)
        {
            agent.close();
        }
        if (sims != null)
        {
            sims.close();
        }
    }

    /** Simulators (BTC, ETH on both venues, SOL on Binance only), an agent journaling to a temp dir, the feeds through a tap. */
    private void startEngine(final Runnable beforeFeedsStart)
    {
        sims = new SimulatedVenues(List.of("BTC", "ETH", "SOL"), Set.of("SOL"), SimulatorConfig.defaults().withCadence(200, 50).withStrictPaths(true)).start();
        config = ConfigLoader.parse(CONFIG, "test.yaml");
        journalDir = tmp.resolve("session");
        agent = new FundingArbAgent(config, new FundingArbAgent.Options(journalDir, CONFIG, new SystemEpochNanoClock(), CommandHandlers.NONE));
        tap = new Tap(agent.events());
        connectors = VenueConnectors.create(config, sims.endpoints(), TIMINGS, tap, agent.clock(), agent.symbols()).attachTo(agent);
        agent.start();
        beforeFeedsStart.run();
        connectors.start();
    }

    private void startEngine()
    {
        startEngine(() -> { });
    }

    private BinanceFeed binanceFeed()
    {
        return (BinanceFeed)feed(Venue.BINANCE);
    }

    private BybitFeed bybitFeed()
    {
        return (BybitFeed)feed(Venue.BYBIT);
    }

    private MarketDataFeed feed(final Venue venue)
    {
        return connectors.feeds().stream().filter(f -> f.venue() == venue).findFirst().orElseThrow();
    }

    private void awaitLive()
    {
        await(() -> binanceFeed().state() == FeedState.LIVE && bybitFeed().state() == FeedState.LIVE, "both feeds LIVE");
    }

    /** Closes the engine and replays its journal through fresh stages. */
    private Replayer.Result closeAndVerify()
    {
        agent.close();
        try (Journal journal = Journal.openExisting(journalDir))
        {
            return Replayer.verify(journal, FundingArbAgent.stageFactory(config, null));
        }
    }

    @Test
    void shouldDefineConfiguredTokensEachVenueLists()
    {
        startEngine();

        await(() -> tap.definitions.size() == 5, "5 instrument definitions");

        assertThat(tap.definitions).containsExactlyInAnyOrder(
            "BINANCE BTCUSDT BTC", "BINANCE ETHUSDT ETH", "BINANCE SOLUSDT SOL", "BYBIT BTCUSDT BTC", "BYBIT ETHUSDT ETH");
    }

    @Test
    void shouldReportTokensAVenueDoesNotListWithoutFailing()
    {
        startEngine();

        assertThat(connectors.awaitBootstrap(WAIT)).isTrue();

        assertThat(binanceFeed().missingTokens()).containsExactly("NOPE");
        assertThat(bybitFeed().missingTokens()).containsExactly("SOL", "NOPE");
        assertThat(bybitFeed().listedTokens()).containsExactly("BTC", "ETH");
        assertThat(connectors.availabilityReport()).containsExactly(
            "binance: 3 of 4 configured tokens listed (3 instruments); not listed: NOPE",
            "bybit: 2 of 4 configured tokens listed (2 instruments); not listed: SOL, NOPE");
    }

    @Test
    void shouldShowTheAvailabilityMatrix()
    {
        startEngine();
        final MarketStage market = (MarketStage)agent.pipeline().stages().market();
        await(() -> market.instrumentCount() == 5, "5 instruments in MarketStage");
        final MarketView.Snapshot view = new MarketView.Snapshot(config.engine().maxInstruments(), config.strategy().topN());

        await(() -> agent.marketView().read(view) && view.tokenCount == 3, "3 tokens in the market view");

        final String matrix = String.join("\n", StatusFormat.availability(view, config.tokens()));
        assertThat(matrix).containsPattern("✅\\s+\\| BTC\\s+\\| 2\\s+\\| binance, bybit")
            .containsPattern("⚠️\\s+\\| SOL\\s+\\| 1\\s+\\| binance ")
            .containsPattern("❌\\s+\\| NOPE\\s+\\| 0");
    }

    @Test
    void shouldFlowFundingAndBooksIntoARanking()
    {
        startEngine();

        await(() -> tap.funding.get(Venue.BINANCE.value()) > 0 && tap.funding.get(Venue.BYBIT.value()) > 0, "funding from both venues");
        await(() -> tap.bookDeltas.get(Venue.BINANCE.value()) > 5 && tap.bookDeltas.get(Venue.BYBIT.value()) > 5, "book deltas from both venues");
        final MarketStage market = (MarketStage)agent.pipeline().stages().market();
        await(() -> market.rankedCount() >= 1, "at least one ranked pair");

        assertThat(tap.bookSnapshots.get(Venue.BINANCE.value())).isGreaterThanOrEqualTo(3); // one REST snapshot per Binance symbol
        assertThat(closeAndVerify().ok()).isTrue();
    }

    @Test
    void shouldReconnectAndResumeAfterTheVenueDropsTheConnection()
    {
        startEngine();
        awaitLive();
        await(() -> tap.funding.get(Venue.BINANCE.value()) > 0, "first funding");
        final int mark = tap.statuses.size();

        sims.server("binance").dropConnections();
        await(() -> tap.statesSince(mark, Venue.BINANCE).containsAll(List.of(FeedState.DOWN, FeedState.CONNECTING, FeedState.LIVE))
            && binanceFeed().state() == FeedState.LIVE, "DOWN, CONNECTING, LIVE");
        final long funding = tap.funding.get(Venue.BINANCE.value());
        final long books = tap.bookDeltas.get(Venue.BINANCE.value());
        await(() -> tap.funding.get(Venue.BINANCE.value()) > funding && tap.bookDeltas.get(Venue.BINANCE.value()) > books, "data resumes");

        assertThat(tap.statesSince(mark, Venue.BINANCE)).containsSubsequence(FeedState.DOWN, FeedState.CONNECTING, FeedState.LIVE);
        assertThat(binanceFeed().reconnects()).isGreaterThanOrEqualTo(1);
        final Replayer.Result replay = closeAndVerify();
        assertThat(replay.ok()).as(String.valueOf(replay.mismatch())).isTrue();
        assertThat(journaledStates(Venue.BINANCE)).containsSubsequence(
            FeedState.CONNECTING, FeedState.LIVE, FeedState.DOWN, FeedState.CONNECTING, FeedState.LIVE);
    }

    @Test
    void shouldMarkTheFeedStaleAndReconnectWhenTheVenueGoesSilent()
    {
        startEngine();
        awaitLive();
        final int mark = tap.statuses.size();

        // silent well past the 600 ms silence, the resubscribe and one more period (checked at the silence's cadence), so the
        // connection is recycled whatever the machine's load; a shorter silence may end while the resubscribe is pending
        sims.server("bybit").goSilent(4_000);
        await(() -> tap.statesSince(mark, Venue.BYBIT).containsAll(List.of(FeedState.STALE, FeedState.LIVE))
            && bybitFeed().state() == FeedState.LIVE, "STALE then LIVE");
        final long funding = tap.funding.get(Venue.BYBIT.value());
        await(() -> tap.funding.get(Venue.BYBIT.value()) > funding, "data resumes");

        assertThat(tap.statesSince(mark, Venue.BYBIT)).containsSubsequence(FeedState.STALE, FeedState.CONNECTING, FeedState.LIVE);
    }

    @Test
    void shouldCountAMalformedFrameAndCarryOn()
    {
        startEngine();
        awaitLive();
        final int reconnects = binanceFeed().reconnects() + bybitFeed().reconnects();
        final long binanceFunding = tap.funding.get(Venue.BINANCE.value());

        sims.server("binance").sendMalformedFrame();
        sims.server("bybit").sendMalformedFrame();
        await(() -> binanceFeed().count(FrameResult.MALFORMED) >= 1 && bybitFeed().count(FrameResult.MALFORMED) >= 1, "malformed counted");
        await(() -> tap.funding.get(Venue.BINANCE.value()) > binanceFunding + 2, "data carries on");

        assertThat(binanceFeed().reconnects() + bybitFeed().reconnects()).isEqualTo(reconnects);
    }

    @Test
    void shouldResyncTheBinanceBookFromAFreshSnapshotAfterASkippedSequence()
    {
        startEngine();
        awaitLive();
        await(() -> binanceFeed().snapshots() >= 3 && binanceFeed().state() == FeedState.LIVE, "initial snapshots");
        final int mark = tap.statuses.size();
        final long snapshots = tap.bookSnapshots.get(Venue.BINANCE.value());

        sims.server("binance").skipSequence("BTCUSDT");
        await(() -> tap.statesSince(mark, Venue.BINANCE).containsAll(List.of(FeedState.RESYNCING, FeedState.LIVE))
            && binanceFeed().state() == FeedState.LIVE, "RESYNCING then LIVE");
        final long deltas = tap.bookDeltas.get(Venue.BINANCE.value());
        await(() -> tap.bookDeltas.get(Venue.BINANCE.value()) > deltas + 5, "book keeps updating");

        assertThat(binanceFeed().resyncs()).isEqualTo(1);
        assertThat(binanceFeed().count(FrameResult.GAP)).isGreaterThanOrEqualTo(1);
        assertThat(tap.bookSnapshots.get(Venue.BINANCE.value())).isGreaterThan(snapshots);
        assertThat(binanceFeed().reconnects()).isZero();
        final Replayer.Result replay = closeAndVerify();
        assertThat(replay.ok()).as(String.valueOf(replay.mismatch())).isTrue();
    }

    @Test
    void shouldResyncTheBybitBookByResubscribingAfterASkippedSequence()
    {
        startEngine();
        awaitLive();
        await(() -> tap.bookSnapshots.get(Venue.BYBIT.value()) >= 2, "initial snapshots");
        final int mark = tap.statuses.size();
        final long snapshots = tap.bookSnapshots.get(Venue.BYBIT.value());

        sims.server("bybit").skipSequence("ETHUSDT");
        await(() -> tap.statesSince(mark, Venue.BYBIT).containsAll(List.of(FeedState.RESYNCING, FeedState.LIVE))
            && bybitFeed().state() == FeedState.LIVE, "RESYNCING then LIVE");
        final long deltas = tap.bookDeltas.get(Venue.BYBIT.value());
        await(() -> tap.bookDeltas.get(Venue.BYBIT.value()) > deltas + 5, "book keeps updating");

        assertThat(bybitFeed().resyncs()).isEqualTo(1);
        assertThat(tap.bookSnapshots.get(Venue.BYBIT.value())).isGreaterThan(snapshots);
        assertThat(bybitFeed().reconnects()).isZero();
    }

    @Test
    void shouldRetryRateLimitedRestAtBootstrap()
    {
        startEngine(() ->
        {
            sims.server("binance").failRest(429, 2);
            sims.server("bybit").failRest(429, 1);
        });

        assertThat(connectors.awaitBootstrap(WAIT)).isTrue();
        await(() -> tap.definitions.size() == 5, "5 instrument definitions");

        assertThat(binanceFeed().restRequests()).isGreaterThanOrEqualTo(5); // 3 bootstrap calls + 2 rate-limited
        assertThat(bybitFeed().restRequests()).isGreaterThanOrEqualTo(2);
        assertThat(binanceFeed().missingTokens()).containsExactly("NOPE");
    }

    @Test
    void shouldStopEveryFeedWhenTheAgentCloses()
    {
        startEngine();
        awaitLive();

        agent.close();

        assertThat(binanceFeed().state()).isEqualTo(FeedState.DOWN);
        assertThat(bybitFeed().state()).isEqualTo(FeedState.DOWN);
        await(() -> sims.server("binance").sessionCount() == 0 && sims.server("bybit").sessionCount() == 0, "sockets closed");
    }

    // ------------------------------------------------------------------ helpers

    private List<FeedState> journaledStates(final Venue venue)
    {
        final List<FeedState> states = new ArrayList<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final VenueStatusDecoder status = new VenueStatusDecoder();
        try (Journal journal = Journal.openExisting(journalDir); JournalReader reader = new JournalReader(journal.inbound(), 4096))
        {
            while (reader.next())
            {
                header.wrap(reader.buffer(), 0);
                if (header.templateId() == VenueStatusDecoder.TEMPLATE_ID)
                {
                    status.wrapAndApplyHeader(reader.buffer(), 0, header);
                    if (status.venue() == venue)
                    {
                        states.add(status.state());
                    }
                }
            }
        }
        return states;
    }

    private static void await(final BooleanSupplier condition, final String what)
    {
        final long deadlineNs = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadlineNs)
            {
                throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting for: " + what);
            }
            try
            {
                Thread.sleep(10);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }

    /** Forwards to the agent's ring and records what passes (decoded before the commit hands the slot on). */
    private static final class Tap implements EventSink
    {
        final EventSink delegate;
        final List<String> definitions = new CopyOnWriteArrayList<>();
        final List<Object[]> statuses = new CopyOnWriteArrayList<>();
        final AtomicLongArray funding = new AtomicLongArray(8);
        final AtomicLongArray bookDeltas = new AtomicLongArray(8);
        final AtomicLongArray bookSnapshots = new AtomicLongArray(8);

        Tap(final EventSink delegate)
        {
            this.delegate = delegate;
        }

        List<FeedState> statesSince(final int mark, final Venue venue)
        {
            final List<FeedState> states = new ArrayList<>();
            for (int i = mark; i < statuses.size(); i++)
            {
                if (statuses.get(i)[0] == venue)
                {
                    states.add((FeedState)statuses.get(i)[1]);
                }
            }
            return states;
        }

        @Override
        public long claim()
        {
            return delegate.claim();
        }

        @Override
        public long tryClaim()
        {
            return delegate.tryClaim();
        }

        @Override
        public MutableDirectBuffer buffer(final long sequence)
        {
            return delegate.buffer(sequence);
        }

        @Override
        public int maxMessageLength()
        {
            return delegate.maxMessageLength();
        }

        @Override
        public void commit(final long sequence, final int length)
        {
            record(delegate.buffer(sequence));
            delegate.commit(sequence, length);
        }

        @Override
        public void abort(final long sequence)
        {
            delegate.abort(sequence);
        }

        private void record(final MutableDirectBuffer buffer)
        {
            final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 0);
            switch (header.templateId())
            {
                case InstrumentDefinitionDecoder.TEMPLATE_ID:
                {
                    final InstrumentDefinitionDecoder d = new InstrumentDefinitionDecoder().wrapAndApplyHeader(buffer, 0, header);
                    final String venue = d.venue().name();
                    final String symbol = d.symbol();
                    definitions.add(venue + " " + symbol + " " + d.tokenName());
                    break;
                }
                case FundingUpdateDecoder.TEMPLATE_ID:
                    funding.incrementAndGet(new FundingUpdateDecoder().wrapAndApplyHeader(buffer, 0, header).venueRaw());
                    break;
                case BookUpdateDecoder.TEMPLATE_ID:
                {
                    final BookUpdateDecoder b = new BookUpdateDecoder().wrapAndApplyHeader(buffer, 0, header);
                    (b.action() == BookAction.SNAPSHOT ? bookSnapshots : bookDeltas).incrementAndGet(b.venueRaw());
                    break;
                }
                case VenueStatusDecoder.TEMPLATE_ID:
                {
                    final VenueStatusDecoder s = new VenueStatusDecoder().wrapAndApplyHeader(buffer, 0, header);
                    statuses.add(new Object[] {s.venue(), s.state()});
                    break;
                }
                default:
                    break;
            }
        }
    }
}
