package io.fundingarb.connectors.transport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.agrona.DirectBuffer;

/** A test FrameHandler: decodes frames to Strings (test code only) and lets tests wait for them. */
public final class FrameRecorder implements FrameHandler
{
    private final List<String> frames = new ArrayList<>();
    private int opens;
    private int closes;

    @Override
    public synchronized void onFrame(final DirectBuffer buffer, final int offset, final int length, final long tsInitNs)
    {
        frames.add(buffer.getStringWithoutLengthUtf8(offset, length));
        notifyAll();
    }

    @Override
    public synchronized void onOpen(final int connects)
    {
        opens++;
        notifyAll();
    }

    @Override
    public synchronized void onClose()
    {
        closes++;
        notifyAll();
    }

    public synchronized List<String> frames()
    {
        return new ArrayList<>(frames);
    }

    public synchronized int size()
    {
        return frames.size();
    }

    public synchronized int opens()
    {
        return opens;
    }

    public synchronized int closes()
    {
        return closes;
    }

    /** Waits for a frame at index >= {@code from} matching {@code match}; returns it, or null on timeout. */
    public synchronized String await(final int from, final Predicate<String> match, final long timeoutMs) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        int checked = from;
        while (true)
        {
            for (; checked < frames.size(); checked++)
            {
                if (match.test(frames.get(checked)))
                {
                    return frames.get(checked);
                }
            }
            final long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (leftMs <= 0)
            {
                return null;
            }
            wait(leftMs);
        }
    }

    /** Waits until {@link #onOpen} has been called {@code count} times. */
    public synchronized boolean awaitOpens(final int count, final long timeoutMs) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (opens < count)
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

    static String utf8(final byte[] bytes)
    {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
