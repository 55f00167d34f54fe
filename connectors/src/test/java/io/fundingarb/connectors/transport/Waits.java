package io.fundingarb.connectors.transport;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The monitor wait the test sinks share: no sleeps, woken by their notifyAll on commit. */
public final class Waits
{
    private Waits()
    {
    }

    /**
     * Waits on {@code monitor} (whose lock the caller holds) until {@code condition} holds; false on timeout.
     */
    public static boolean await(final Object monitor, final BooleanSupplier condition, final long timeoutMs) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            final long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (leftMs <= 0)
            {
                return false;
            }
            monitor.wait(leftMs);
        }
        return true;
    }
}
