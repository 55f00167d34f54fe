package io.fundingarb.connectors.feed;

import io.fundingarb.codecs.sbe.FeedState;
import io.fundingarb.codecs.sbe.Venue;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One venue's public market data, end to end: REST bootstrap (instruments, funding intervals,
 * 24 h volume), one {@code InstrumentDefinition} per configured token the venue lists, then the
 * WebSocket streams parsed into events, with book sync, resync, reconnect and periodic polls.
 * The same shape for every venue ({@code XxxFeed} in the venue's package).
 */
public interface MarketDataFeed extends AutoCloseable
{
    Venue venue();

    /**
     * Starts the bootstrap and returns at once. The future completes when the instruments are
     * defined and the WebSocket is started; a failed bootstrap is retried until {@link #close()}.
     */
    CompletableFuture<MarketDataFeed> start();

    /** True once the instruments are defined and the streams started. */
    boolean bootstrapped();

    /** Configured tokens this venue lists as tradable perpetuals in an accepted quote (after bootstrap). */
    List<String> listedTokens();

    /** Configured tokens this venue does not list: reported, not an error (after bootstrap). */
    List<String> missingTokens();

    /** The venue symbols subscribed, e.g. BTCUSDT (after bootstrap). */
    List<String> symbols();

    /** The WebSocket state, or null before the streams start. */
    FeedState state();

    /** Reconnect attempts of the WebSocket since start. */
    int reconnects();

    /** Frames (and REST bodies fed to the parser) that ended with a {@code FrameResult} code; a slightly stale view off the I/O thread. */
    long count(int frameResult);

    /**
     * Frames read on the venue parser's compact fast path ({@code CompactJsonCursor}) rather than
     * the general scanner walk (a slightly stale view off the I/O thread); 0 for a parser without one.
     */
    default long compactFrames()
    {
        return 0;
    }

    /**
     * Resyncs requested after a sequence gap or a delta with no snapshot before it (not counting
     * the sync after each connect).
     */
    long resyncs();

    /** Streams that went silent (no market data within their silence) since start. */
    default long silences()
    {
        return 0;
    }

    /** Resubscribe requests sent for silent or unanswered streams since start. */
    default long resubscribes()
    {
        return 0;
    }

    /** Connections recycled because a stream stayed silent after its resubscribe. */
    default long recycles()
    {
        return 0;
    }

    /** Subscribe requests the venue refused since start. */
    default long refusedSubscriptions()
    {
        return 0;
    }

    /** Reconnects pushed back by the per-minute cap. */
    default long cappedReconnects()
    {
        return 0;
    }

    /** Stops polls, timers and the WebSocket (bounded); the I/O threads belong to the caller. */
    @Override
    void close();
}
