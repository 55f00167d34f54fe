package io.fundingarb.engine.app;

import org.agrona.concurrent.EpochNanoClock;

/**
 * A clock that starts at a given instant of history and runs {@code speed} times faster than
 * the wall clock: the demo's "now" for every producer, so the stages see history time.
 */
public final class CompressedClock implements EpochNanoClock
{
    private final long startEpochNs;
    private final long startNanoTime;
    private final double speed;

    public CompressedClock(final long startEpochNs, final double speed)
    {
        this.startEpochNs = startEpochNs;
        this.startNanoTime = System.nanoTime();
        this.speed = speed;
    }

    @Override
    public long nanoTime()
    {
        return startEpochNs + (long)((System.nanoTime() - startNanoTime) * speed);
    }
}
