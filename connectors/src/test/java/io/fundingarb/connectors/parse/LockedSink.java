package io.fundingarb.connectors.parse;

import io.fundingarb.codecs.EventSink;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.agrona.MutableDirectBuffer;

/** A {@link CapturingSink} for a feed publishing on its I/O thread while the test reads: one lock, commits wake waiters. */
public final class LockedSink implements EventSink
{
    private final CapturingSink sink;

    public LockedSink(final int slotLength)
    {
        this.sink = new CapturingSink(slotLength);
    }

    @Override
    public synchronized long claim()
    {
        return sink.claim();
    }

    @Override
    public synchronized long tryClaim()
    {
        return sink.tryClaim();
    }

    @Override
    public MutableDirectBuffer buffer(final long sequence)
    {
        return sink.buffer(sequence);
    }

    @Override
    public int maxMessageLength()
    {
        return sink.maxMessageLength();
    }

    @Override
    public synchronized void commit(final long sequence, final int length)
    {
        sink.commit(sequence, length);
        notifyAll();
    }

    @Override
    public synchronized void abort(final long sequence)
    {
        sink.abort(sequence);
    }

    /** Reads the captured messages under the lock. */
    public synchronized <T> T read(final Function<CapturingSink, T> reader)
    {
        return reader.apply(sink);
    }

    /** Waits (on commits, bounded) until {@code condition} holds over the captured messages; false on timeout. */
    public synchronized boolean await(final Predicate<CapturingSink> condition, final long timeoutMs) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.test(sink))
        {
            final long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (leftMs <= 0)
            {
                return false;
            }
            wait(leftMs);
        }
        return true;
    }
}
