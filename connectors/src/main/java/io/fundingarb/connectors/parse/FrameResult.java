package io.fundingarb.connectors.parse;

/**
 * What a venue parser did with one frame: the return value of {@code onFrame}. Every result is
 * also counted by the parser. Values are stable {@code int}s so that a feed can switch on them
 * without allocation.
 */
public final class FrameResult
{
    /** At least one event was published to the sink. */
    public static final int PUBLISHED = 0;
    /** A well-formed frame the engine does not need (trades, klines, acks, pongs, unchanged tickers). */
    public static final int IGNORED = 1;
    /** A well-formed frame about a symbol that was not registered at start-up: skipped. */
    public static final int UNKNOWN_SYMBOL = 2;
    /** Not JSON, or a known message missing a required field or holding a bad number: counted and skipped. */
    public static final int MALFORMED = 3;
    /** A book diff held back until the book snapshot arrives (Binance snapshot + diff sync). */
    public static final int BUFFERED = 4;
    /** A book diff that is older than the snapshot, or arrives before any snapshot: dropped as documented. */
    public static final int DROPPED = 5;
    /**
     * A book sequence gap: nothing was published for this frame and the instrument's book is now
     * out of sync. The feed must resync it ({@code lastInstrumentIndex()} names it): Binance, fetch
     * a new REST depth snapshot and pass it to {@code onDepthSnapshot}; Bybit, resubscribe the
     * orderbook topic to receive a new snapshot.
     */
    public static final int GAP = 6;
    /** A book diff larger than the parser's staging capacity: counted and skipped; resync the book. */
    public static final int OVERSIZED = 7;

    /**
     * The inbound ring had no room (the engine is behind): the parser never blocks its I/O thread
     * waiting. A book frame leaves that book out of sync: resync it as for {@link #GAP}. A funding
     * or ticker update is kept (the latest per instrument wins) and published before the next
     * frame's events once there is room.
     */
    public static final int RING_FULL = 8;

    /** Number of result codes. */
    public static final int COUNT = 9;

    private static final String[] NAMES =
    {
        "PUBLISHED", "IGNORED", "UNKNOWN_SYMBOL", "MALFORMED", "BUFFERED", "DROPPED", "GAP", "OVERSIZED", "RING_FULL",
    };

    private FrameResult()
    {
    }

    /**
     * Whether a frame with this result shows that its stream carries market data, for the stream's
     * liveness ({@code FrameHandler.lastFrameUsable}): anything but a malformed frame or one of a
     * symbol not registered.
     */
    public static boolean usable(final int result)
    {
        return result != MALFORMED && result != UNKNOWN_SYMBOL;
    }

    /** The name of a result code (for logs and tools, not the hot path). */
    public static String name(final int result)
    {
        return result >= 0 && result < COUNT ? NAMES[result] : "UNKNOWN(" + result + ")";
    }
}
