package io.fundingarb.connectors.simulator;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The timeline of a replayed recording: one cursor over the frames, shared by every client (as
 * a venue's clock is), started by the first subscription. Frame {@code i} is due at
 * {@code begin + (ts[i] - ts[0]) / speed}; speed 0 replays as fast as the clients read.
 * The venue's {@link Target} routes each frame to the sessions subscribed to it and refuses
 * ({@link #BLOCKED}) while one of them cannot take more (channel not writable): the cursor then
 * waits, so nothing queues without bound. At the end the cursor stops, the connections stay open
 * and {@link #whenFinished()} completes.
 *
 * <p>{@link #pump(long)} is the whole logic and takes the time as an argument (tests drive it
 * with a fake clock); {@link #run} drives it on the simulator's thread. Used on one thread;
 * the counters may be read from any.
 */
public final class SimReplayer
{
    /** {@link Target#deliver} result: sent to every subscriber (or there were none). */
    public static final int DELIVERED = 0;
    /** {@link Target#deliver} result: a subscriber's channel is full; nothing was sent, retry later. */
    public static final int BLOCKED = 1;
    /** {@link #pump(long)} result: the recording is over. */
    public static final long DONE = -1;
    /** Frames sent per pump before yielding the thread (max speed). */
    static final int BATCH = 256;
    /** How long to wait before retrying a blocked frame. */
    static final long BLOCKED_RETRY_NS = TimeUnit.MILLISECONDS.toNanos(1);

    /** A venue's routing of one recorded frame to its subscribers. */
    @FunctionalInterface
    public interface Target
    {
        /** Sends {@code frame} (index {@code index} of the timeline) to its subscribers: {@link #DELIVERED} or {@link #BLOCKED}. */
        int deliver(int index, SimRecording.Frame frame);
    }

    private final List<SimRecording.Frame> frames;
    private final double speed;
    private final Target target;
    private final long firstTsNs;
    private final CompletableFuture<Long> finished = new CompletableFuture<>();
    private long beginNs;
    private boolean begun;
    private volatile int cursor;
    private volatile long blocked;
    private volatile boolean stopped;

    /**
     * @param frames the timeline, in order.
     * @param speed  recorded time / replay time, > 0; 0 for as fast as possible.
     * @param target the venue's routing.
     */
    public SimReplayer(final List<SimRecording.Frame> frames, final double speed, final Target target)
    {
        if (!(speed >= 0) || Double.isInfinite(speed))
        {
            throw new IllegalArgumentException("replay speed must be >= 0 (0: as fast as possible), was " + speed);
        }
        if (frames.isEmpty())
        {
            throw new IllegalArgumentException("nothing to replay");
        }
        this.frames = frames;
        this.speed = speed;
        this.target = target;
        this.firstTsNs = frames.get(0).tsNs();
    }

    /** Starts the timeline at {@code nowNs} (monotonic); later calls change nothing. */
    public void begin(final long nowNs)
    {
        if (!begun)
        {
            begun = true;
            beginNs = nowNs;
        }
    }

    public boolean begun()
    {
        return begun;
    }

    /**
     * Sends every frame due at {@code nowNs}, at most {@link #BATCH}.
     *
     * @return {@link #DONE} when the recording is over, 0 to be called again at once, else the
     * nanoseconds to wait before the next call.
     */
    public long pump(final long nowNs)
    {
        if (!begun || stopped)
        {
            return DONE;
        }
        int i = cursor;
        for (int sent = 0; sent < BATCH; sent++)
        {
            if (i == frames.size())
            {
                stop();
                return DONE;
            }
            final SimRecording.Frame frame = frames.get(i);
            if (speed > 0)
            {
                final long dueNs = beginNs + (long)((frame.tsNs() - firstTsNs) / speed);
                if (dueNs - nowNs > 0)
                {
                    return dueNs - nowNs;
                }
            }
            if (target.deliver(i, frame) == BLOCKED)
            {
                blocked++;
                return BLOCKED_RETRY_NS;
            }
            cursor = ++i;
        }
        return 0;
    }

    /** Ends the replay now (close, or the end of the recording); {@link #whenFinished()} completes. */
    public void stop()
    {
        stopped = true;
        finished.complete((long)cursor);
    }

    /** Drives {@link #pump(long)} on {@code executor} (the simulator's thread), from now. */
    public void run(final ScheduledExecutorService executor, final LongSupplier nanoClock)
    {
        begin(nanoClock.getAsLong());
        executor.execute(() -> tick(executor, nanoClock));
    }

    private void tick(final ScheduledExecutorService executor, final LongSupplier nanoClock)
    {
        final long waitNs = pump(nanoClock.getAsLong());
        try
        {
            if (waitNs == 0)
            {
                executor.execute(() -> tick(executor, nanoClock));
            }
            else if (waitNs > 0)
            {
                executor.schedule(() -> tick(executor, nanoClock), waitNs, TimeUnit.NANOSECONDS);
            }
        }
        catch (final RejectedExecutionException ex)
        {
            stop(); // the simulator closed
        }
    }

    // ---------------------------------------------------------------- state (any thread)

    /** Frames of the timeline handed to the venue so far (sent, or routed to nobody). */
    public int framesReplayed()
    {
        return cursor;
    }

    /** Frames in the recording. */
    public int frameCount()
    {
        return frames.size();
    }

    /** Times the cursor waited for a full channel. */
    public long blockedCount()
    {
        return blocked;
    }

    /** The recorded time of the next frame to send (of the last one once finished): where the timeline is. */
    public long positionTsNs()
    {
        final int at = cursor;
        return frames.get(Math.min(at, frames.size() - 1)).tsNs();
    }

    /** Whether every frame of the recording has been replayed. */
    public boolean finished()
    {
        return cursor == frames.size();
    }

    /** Completes with the number of frames replayed when the recording is over (or the replay stopped). */
    public CompletableFuture<Long> whenFinished()
    {
        return finished;
    }
}
