package io.fundingarb.connectors.gateway;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.EpochNanoClock;

/** A simulator clock that runs with the wall clock from an offset a test can jump forward. */
public final class SettableClock implements EpochNanoClock
{
    private final AtomicLong offsetNs = new AtomicLong();

    @Override
    public long nanoTime()
    {
        return TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()) + offsetNs.get();
    }

    /** Jumps so that now is {@code epochMs}. */
    public void jumpTo(final long epochMs)
    {
        offsetNs.set(TimeUnit.MILLISECONDS.toNanos(epochMs - System.currentTimeMillis()));
    }
}
