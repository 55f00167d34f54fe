package io.fundingarb.engine.pipeline;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.TimerEncoder;
import io.fundingarb.codecs.sbe.TimerKind;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Publishes {@code Timer} events so that time-driven decisions (timeouts, stale data, exits at
 * a deadline) fire in quiet markets: a TICK every {@code tickIntervalNs}, and a CHECKPOINT every
 * {@code checkpointIntervalNs}, on which the stages report their state hashes. Intervals are
 * wall-clock (monotonic) time; the timestamps come from the engine's clock, which in the demo
 * runs compressed. The agent reads clocks; the stages only see the timestamps it publishes.
 */
public final class TimerAgent implements AutoCloseable
{
    private final EventSink sink;
    private final EpochNanoClock clock;
    private final long tickIntervalNs;
    private final long checkpointIntervalNs;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final TimerEncoder timer = new TimerEncoder();
    private final Thread thread;
    private volatile boolean running = true;
    private long timerSeq;

    public TimerAgent(final EventSink sink, final EpochNanoClock clock, final long tickIntervalNs, final long checkpointIntervalNs)
    {
        this.sink = sink;
        this.clock = clock;
        this.tickIntervalNs = tickIntervalNs;
        this.checkpointIntervalNs = checkpointIntervalNs;
        this.thread = new Thread(this::run, "fa-timer");
        this.thread.setDaemon(true);
    }

    public TimerAgent start()
    {
        thread.start();
        return this;
    }

    private void run()
    {
        long nextTickNs = System.nanoTime() + tickIntervalNs;
        long nextCheckpointNs = System.nanoTime() + checkpointIntervalNs;
        while (running)
        {
            final long waitNs = nextTickNs - System.nanoTime();
            if (waitNs > 0)
            {
                LockSupport.parkNanos(waitNs);
                continue;
            }
            final long nowNs = System.nanoTime();
            if (nowNs >= nextCheckpointNs)
            {
                publish(TimerKind.CHECKPOINT, clock.nanoTime());
                nextCheckpointNs = nowNs + checkpointIntervalNs;
            }
            else
            {
                publish(TimerKind.TICK, clock.nanoTime());
            }
            nextTickNs += tickIntervalNs;
            if (nextTickNs < nowNs)
            {
                nextTickNs = nowNs + tickIntervalNs; // fell behind (GC, suspended VM): do not burst
            }
        }
    }

    private void publish(final TimerKind kind, final long nowNs)
    {
        final long sequence = sink.claim();
        timer.wrapAndApplyHeader(sink.buffer(sequence), 0, header)
            .tsInitNs(nowNs)
            .tsEventNs(nowNs)
            .kind(kind)
            .timerSeq(timerSeq++);
        sink.commit(sequence, MessageHeaderEncoder.ENCODED_LENGTH + timer.encodedLength());
    }

    /** Stops the agent, then publishes one last CHECKPOINT so the journal ends on known hashes. */
    @Override
    public void close()
    {
        if (!running)
        {
            return;
        }
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join(5_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive())
        {
            publish(TimerKind.CHECKPOINT, clock.nanoTime());
        }
    }
}
