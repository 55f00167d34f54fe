package io.fundingarb.connectors.binance;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Binance USD-M order-book synchronisation for one instrument, as documented ("How to manage a
 * local order book correctly"), as a transport-independent state machine:
 * <ol>
 * <li>{@link #AWAITING_SNAPSHOT}: diffs are buffered (the parser copies the frame in with
 * {@link #buffer(DirectBuffer, int, int, long)}) until the REST depth snapshot arrives;</li>
 * <li>{@link #SYNCING}: after {@link #onSnapshot(long)}, diffs with {@code u < lastUpdateId} are
 * dropped; the first one applied must have {@code U <= lastUpdateId <= u} (or continue the
 * snapshot exactly, {@code pu == lastUpdateId}), else the snapshot is too old: {@link #GAP};</li>
 * <li>{@link #LIVE}: each diff's {@code pu} must equal the previous diff's {@code u}, else
 * {@link #GAP}.</li>
 * </ol>
 * After a gap the state is {@link #AWAITING_SNAPSHOT} again: the feed fetches a new snapshot
 * while diffs are buffered. The pending buffer is bounded ({@code maxPendingBytes}); a diff that
 * does not fit discards what was buffered (the snapshot will then be too old and is retried).
 * Allocation free except when the pending buffer grows during a resync.
 */
public final class BinanceBookSync
{
    /** States. */
    public static final int AWAITING_SNAPSHOT = 0;
    public static final int SYNCING = 1;
    public static final int LIVE = 2;

    /** Decisions of {@link #onDiff(long, long, long)}. */
    public static final int BUFFER = 0;
    public static final int DROP = 1;
    public static final int APPLY = 2;
    public static final int GAP = 3;

    /** Frame record header in the pending buffer: int length, long tsInitNs. */
    private static final int RECORD_HEADER = Integer.BYTES + Long.BYTES;

    private final int maxPendingBytes;
    private ExpandableArrayBuffer pending = new ExpandableArrayBuffer(4096);
    private ExpandableArrayBuffer draining = new ExpandableArrayBuffer(4096);
    private int pendingLength;
    private int pendingFrames;
    private final UnsafeBuffer frame = new UnsafeBuffer(0, 0);

    private int state = AWAITING_SNAPSHOT;
    private long snapshotUpdateId = -1;
    private long lastUpdateId = -1;
    private long gaps;
    private long pendingOverflows;

    public BinanceBookSync(final int maxPendingBytes)
    {
        this.maxPendingBytes = maxPendingBytes;
    }

    public int state()
    {
        return state;
    }

    /** True until a snapshot has been applied since start or since the last gap. */
    public boolean needsSnapshot()
    {
        return state == AWAITING_SNAPSHOT;
    }

    /** {@code u} of the last applied diff, or the snapshot's {@code lastUpdateId} until one is applied. */
    public long lastUpdateId()
    {
        return lastUpdateId;
    }

    public long gaps()
    {
        return gaps;
    }

    public long pendingOverflows()
    {
        return pendingOverflows;
    }

    public int pendingFrames()
    {
        return pendingFrames;
    }

    /**
     * Decides what to do with a diff {@code (U, u, pu)}; {@link #APPLY} advances the state.
     *
     * @param firstUpdateId    {@code U}.
     * @param finalUpdateId    {@code u}.
     * @param prevFinalUpdateId {@code pu}.
     */
    public int onDiff(final long firstUpdateId, final long finalUpdateId, final long prevFinalUpdateId)
    {
        switch (state)
        {
            case SYNCING:
                if (finalUpdateId < snapshotUpdateId)
                {
                    return DROP;
                }
                if (firstUpdateId <= snapshotUpdateId || prevFinalUpdateId == snapshotUpdateId)
                {
                    state = LIVE;
                    lastUpdateId = finalUpdateId;
                    return APPLY;
                }
                return gap();
            case LIVE:
                if (prevFinalUpdateId == lastUpdateId)
                {
                    lastUpdateId = finalUpdateId;
                    return APPLY;
                }
                return gap();
            default:
                return BUFFER;
        }
    }

    private int gap()
    {
        gaps++;
        state = AWAITING_SNAPSHOT;
        return GAP;
    }

    /** The REST snapshot's {@code lastUpdateId} was applied: buffered diffs may now be replayed. */
    public void onSnapshot(final long lastUpdateId)
    {
        state = SYNCING;
        snapshotUpdateId = lastUpdateId;
        this.lastUpdateId = lastUpdateId;
    }

    /** Forgets the book (e.g. on reconnect): awaiting a snapshot, nothing buffered. */
    public void reset()
    {
        state = AWAITING_SNAPSHOT;
        pendingLength = 0;
        pendingFrames = 0;
    }

    /** Copies a diff frame into the pending buffer; false if it did not fit (the buffer was cleared). */
    public boolean buffer(final DirectBuffer buffer, final int offset, final int length, final long tsInitNs)
    {
        final int needed = RECORD_HEADER + length;
        if (pendingLength + needed > maxPendingBytes)
        {
            pendingOverflows++;
            pendingLength = 0;
            pendingFrames = 0;
            if (needed > maxPendingBytes)
            {
                return false;
            }
        }
        pending.putInt(pendingLength, length);
        pending.putLong(pendingLength + Integer.BYTES, tsInitNs);
        pending.putBytes(pendingLength + RECORD_HEADER, buffer, offset, length);
        pendingLength += needed;
        pendingFrames++;
        return true;
    }

    /** Receives buffered frames replayed by {@link #drain(FrameHandler)}. */
    public interface FrameHandler
    {
        void onBufferedFrame(DirectBuffer buffer, int offset, int length, long tsInitNs);
    }

    /**
     * Hands every buffered frame, oldest first, to the handler and empties the buffer. Frames the
     * handler buffers again (after a new gap) go into a fresh pending buffer.
     *
     * @return the number of frames replayed.
     */
    public int drain(final FrameHandler handler)
    {
        final ExpandableArrayBuffer replay = pending;
        final int replayLength = pendingLength;
        final int frames = pendingFrames;
        pending = draining;
        draining = replay;
        pendingLength = 0;
        pendingFrames = 0;
        int position = 0;
        while (position < replayLength)
        {
            final int length = replay.getInt(position);
            final long tsInitNs = replay.getLong(position + Integer.BYTES);
            frame.wrap(replay, position + RECORD_HEADER, length);
            handler.onBufferedFrame(frame, 0, length, tsInitNs);
            position += RECORD_HEADER + length;
        }
        return frames;
    }
}
