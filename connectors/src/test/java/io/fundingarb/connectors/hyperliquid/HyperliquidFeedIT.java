package io.fundingarb.connectors.hyperliquid;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.FeedState;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.feed.FeedEventSink;
import io.fundingarb.connectors.feed.FeedSettings;
import io.fundingarb.connectors.feed.FeedTimings;
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
 * HyperliquidFeed end to end against a {@link HyperliquidPeer} on 127.0.0.1: the instruments from
 * {@code POST /info}, both streams of BTC subscribed and acknowledged, funding and books published,
 * pings answered; a book stream that stops marks the venue STALE naming it, and the feed is LIVE
 * again once books return.
 */
@Timeout(30)
class HyperliquidFeedIT
{
    private static final long CADENCE_MS = 20;
    private static final long SILENCE_MS = 300;
    private static final long WAIT_MS = 10_000;

    private final IoGroup io = new IoGroup(1, "fa-it-hyperliquid-feed");
    private final FeedEventSink sink = new FeedEventSink();
    private final SymbolTable symbols = new SymbolTable();
    private HyperliquidPeer peer;
    private HyperliquidFeed feed;

    @BeforeEach
    void setUp() throws Exception
    {
        peer = new HyperliquidPeer(CADENCE_MS);
        final long silenceNs = TimeUnit.MILLISECONDS.toNanos(SILENCE_MS);
        final FeedTimings timings = FeedEventSink.fastTimings(silenceNs);
        feed = new HyperliquidFeed(FeedSettings.of(peer.baseUrl("ws"), peer.baseUrl("http"), List.of("BTC", "SOL"), List.of("USDT", "USDC"),
            0.00045, 0.00015), timings, io.group(), new RestClient(io.group()), sink, new SystemEpochNanoClock(), symbols,
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

    @Test
    void shouldSubscribeTheListedTokensBothStreamsAndPublishFundingAndBooks() throws Exception
    {
        feed.start().get(WAIT_MS, TimeUnit.MILLISECONDS);

        assertThat(feed.listedTokens()).containsExactly("BTC");
        assertThat(feed.missingTokens()).containsExactly("SOL");
        assertThat(feed.symbols()).containsExactly("BTC");
        assertThat(sink.await(s -> hasState(0, FeedState.LIVE, "") && s.fundings() > 0 && s.bookSnapshots() > 1, WAIT_MS))
            .as(sink.statuses().toString()).isTrue();
        assertThat(peer.subscribes()).isEqualTo(2);
        assertThat(symbols.instrumentId(Venue.HYPERLIQUID, "BTC")).isNotNegative();
    }

    @Test
    void shouldPingAndCountThePongs() throws Exception
    {
        feed.start().get(WAIT_MS, TimeUnit.MILLISECONDS);

        assertThat(sink.await(s -> feed.pongs() >= 2, WAIT_MS)).isTrue();
        assertThat(peer.pings()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldGoStaleWhenBooksStopAndLiveWhenTheyReturn() throws Exception
    {
        feed.start().get(WAIT_MS, TimeUnit.MILLISECONDS);
        assertThat(sink.await(s -> hasState(0, FeedState.LIVE, ""), WAIT_MS)).as(sink.statuses().toString()).isTrue();

        final int mark = sink.statuses().size();
        peer.booksSilent(true);
        assertThat(sink.await(s -> hasState(mark, FeedState.STALE, "l2Book:BTC"), WAIT_MS)).as(sink.statuses().toString()).isTrue();
        assertThat(sink.statuses().subList(mark, sink.statuses().size())).noneMatch(s -> s.detail().contains("activeAssetCtx:BTC"));

        final int stale = sink.statuses().size();
        final long books = sink.bookSnapshots();
        peer.booksSilent(false);
        assertThat(sink.await(s -> hasState(stale, FeedState.LIVE, "") && feed.state() == FeedState.LIVE && s.bookSnapshots() > books, WAIT_MS))
            .as(sink.statuses().toString()).isTrue();
        assertThat(feed.resubscribes()).isPositive();
    }
}
