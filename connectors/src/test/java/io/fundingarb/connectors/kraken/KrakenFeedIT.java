package io.fundingarb.connectors.kraken;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.FeedState;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.feed.FeedEventSink;
import io.fundingarb.connectors.feed.FeedSettings;
import io.fundingarb.connectors.feed.FeedTimings;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.transport.IoGroup;
import io.fundingarb.connectors.transport.RestClient;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * KrakenFeed end to end against a {@link KrakenPeer} on 127.0.0.1 serving Kraken's documented bodies:
 * the PF_ instrument and its 24 h volume from REST, both streams of the product subscribed as documented
 * and answered, funding and books published; a seq gap resubscribes the product's book and resyncs it from
 * the next snapshot; a silent peer makes the feed STALE, then recycles and reconnects; malformed frames are
 * counted and skipped; the connection is kept alive with ping frames.
 */
@Timeout(30)
class KrakenFeedIT
{
    private static final long CADENCE_MS = 20;
    private static final long SILENCE_MS = 300;
    private static final long WAIT_MS = 10_000;

    private final IoGroup io = new IoGroup(1, "fa-it-kraken-feed");
    private final FeedEventSink sink = new FeedEventSink();
    private final SymbolTable symbols = new SymbolTable();
    private KrakenPeer peer;
    private KrakenFeed feed;

    @BeforeEach
    void setUp() throws Exception
    {
        peer = new KrakenPeer(CADENCE_MS);
        final long silenceNs = TimeUnit.MILLISECONDS.toNanos(SILENCE_MS);
        final FeedTimings timings = FeedEventSink.fastTimings(silenceNs).withRetryNs(TimeUnit.MILLISECONDS.toNanos(500));
        feed = new KrakenFeed(FeedSettings.of(peer.baseUrl("ws"), peer.baseUrl("http"), List.of("BTC", "SOL"), List.of("USDT", "USD"),
            0.0005, 0.0002), timings, io.group(), new RestClient(io.group()), sink, new SystemEpochNanoClock(), symbols,
            TimeUnit.MILLISECONDS.toNanos(100));
    }

    @AfterEach
    void tearDown()
    {
        if (feed != null)
        {
            feed.close();
        }
        if (peer != null)
        {
            peer.close();
        }
        io.close();
    }

    private boolean hasState(final int from, final FeedState state, final String detailPart)
    {
        return sink.hasStatusSince(from, state, detailPart);
    }

    private void awaitLive() throws InterruptedException
    {
        assertThat(sink.await(s -> hasState(0, FeedState.LIVE, "") && s.fundings() > 0 && s.bookDeltas() > 2, WAIT_MS))
            .as(sink.statuses().toString()).isTrue();
    }

    @Test
    void shouldDefineTheListedPerpetualAndSubscribeItsTickerAndBookAsDocumented() throws Exception
    {
        feed.start().get(WAIT_MS, TimeUnit.MILLISECONDS);
        awaitLive();

        assertThat(feed.listedTokens()).containsExactly("BTC");
        assertThat(feed.missingTokens()).containsExactly("SOL");
        assertThat(feed.symbols()).containsExactly("PF_XBTUSD");
        assertThat(symbols.instrumentId(Venue.KRAKEN, "PF_XBTUSD")).isNotNegative();
        assertThat(peer.subscribeTexts()).containsExactlyInAnyOrder(
            "{\"event\":\"subscribe\",\"feed\":\"ticker\",\"product_ids\":[\"PF_XBTUSD\"]}",
            "{\"event\":\"subscribe\",\"feed\":\"book\",\"product_ids\":[\"PF_XBTUSD\"]}");
        assertThat(sink.bookSnapshots()).isEqualTo(1);
    }

    @Test
    void shouldPublishTheTickersVolumeForTheLiquidityFilter() throws Exception
    {
        feed.start().get(WAIT_MS, TimeUnit.MILLISECONDS);
        awaitLive();

        assertThat(sink.tickers()).isPositive();
        assertThat(sink.lastVolume()).isEqualTo(FixedPoint.parse("40351.34")); // the documented volumeQuote
    }

    @Test
    void shouldResubscribeTheBookOnASeqGapAndResyncFromItsNextSnapshot() throws Exception
    {
        feed.start().get(WAIT_MS, TimeUnit.MILLISECONDS);
        awaitLive();
        final int mark = sink.statuses().size();

        peer.skipSequence();

        assertThat(sink.await(s -> hasState(mark, FeedState.RESYNCING, "") && hasState(mark, FeedState.LIVE, "")
            && s.bookSnapshots() == 2 && feed.state() == FeedState.LIVE, WAIT_MS)).as(sink.statuses().toString()).isTrue();
        assertThat(feed.gaps()).isEqualTo(1);
        assertThat(feed.resyncs()).isEqualTo(1);
        assertThat(peer.bookUnsubscribes()).isEqualTo(1);
        assertThat(peer.bookSubscribes()).isEqualTo(2);
        assertThat(peer.tickerSubscribes()).isEqualTo(1);
        assertThat(feed.reconnects()).isZero();
        final long deltas = sink.bookDeltas();
        assertThat(sink.await(s -> s.bookDeltas() > deltas + 3, WAIT_MS)).isTrue();
    }

    @Test
    void shouldGoStaleRecycleAndReconnectWhenThePeerFallsSilent() throws Exception
    {
        feed.start().get(WAIT_MS, TimeUnit.MILLISECONDS);
        awaitLive();
        final int mark = sink.statuses().size();

        peer.silent(true);

        assertThat(sink.await(s -> hasState(mark, FeedState.STALE, "ticker:PF_XBTUSD"), WAIT_MS)).as(sink.statuses().toString()).isTrue();
        assertThat(sink.await(s -> hasState(mark, FeedState.DOWN, "recycled"), WAIT_MS)).as(sink.statuses().toString()).isTrue();
        final int down = sink.statuses().size();
        peer.silent(false);
        assertThat(sink.await(s -> hasState(down, FeedState.LIVE, "") && feed.state() == FeedState.LIVE, WAIT_MS))
            .as(sink.statuses().toString()).isTrue();
        assertThat(feed.reconnects()).isPositive();
        assertThat(peer.connections()).isGreaterThan(1);
    }

    @Test
    void shouldCountAndSkipMalformedFramesAndStayLive() throws Exception
    {
        feed.start().get(WAIT_MS, TimeUnit.MILLISECONDS);
        awaitLive();

        peer.push("{\"feed\":\"ticker\",\"product_id\":\"PF_XBTUSD\",\"markPrice\":-1}");
        peer.push("{\"feed\":\"book\",\"product_id\":\"PF_XBTUSD\",\"side\":\"sell\"");
        peer.push("{\"event\":\"alert\",\"message\":\"Bad websocket message\"}");

        assertThat(sink.await(s -> feed.count(FrameResult.MALFORMED) >= 2 && feed.venueErrors() == 1, WAIT_MS)).isTrue();
        final long deltas = sink.bookDeltas();
        assertThat(sink.await(s -> s.bookDeltas() > deltas + 3, WAIT_MS)).isTrue();
        assertThat(feed.state()).isEqualTo(FeedState.LIVE);
        assertThat(feed.resyncs()).isZero();
        assertThat(feed.reconnects()).isZero();
    }

    @Test
    void shouldKeepTheConnectionAliveWithPingFramesNotText() throws Exception
    {
        feed.start().get(WAIT_MS, TimeUnit.MILLISECONDS);
        awaitLive();

        assertThat(sink.await(s -> feed.connection().pingsSent() >= 3, WAIT_MS)).isTrue();
        assertThat(peer.otherTexts()).isZero();
        assertThat(feed.reconnects()).isZero();
    }

    @Test
    void shouldNeverBlockOnAFullRingAndResyncTheBookOnceItDrains() throws Exception
    {
        feed.start().get(WAIT_MS, TimeUnit.MILLISECONDS);
        awaitLive();

        sink.stall(true);
        assertThat(sink.await(s -> s.refused() > 5 && feed.count(FrameResult.RING_FULL) > 0, WAIT_MS)).isTrue();
        final long snapshots = sink.bookSnapshots();
        sink.stall(false);

        assertThat(sink.await(s -> s.bookSnapshots() > snapshots && feed.state() == FeedState.LIVE, WAIT_MS))
            .as(sink.statuses().toString()).isTrue();
        assertThat(feed.resyncs()).isPositive();
        assertThat(sink.blockingClaimsWhileStalled()).as(String.valueOf(sink.firstBlockingClaim())).isZero();
        assertThat(feed.reconnects()).isZero();
    }
}

