package io.fundingarb.engine.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads a journal queue from the start, one committed document at a time, into a reusable
 * buffer. Unfinished documents (a writer killed mid-append) are never returned.
 */
public final class JournalReader implements AutoCloseable
{
    private final ExcerptTailer tailer;
    private byte[] array;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
    private int length;
    private long position = -1;
    private long oversized;

    public JournalReader(final ChronicleQueue queue, final int initialCapacity)
    {
        this.tailer = queue.createTailer();
        this.array = new byte[initialCapacity];
        this.buffer.wrap(array);
    }

    /**
     * Advances to the next committed document.
     *
     * @return false at the end of the journal.
     */
    public boolean next()
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return false;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final long remaining = bytes.readRemaining();
            if (remaining > Integer.MAX_VALUE - 8)
            {
                oversized++;
                length = 0;
            }
            else
            {
                length = (int)remaining;
                if (length > array.length)
                {
                    array = new byte[Math.max(length, array.length * 2)];
                    buffer.wrap(array);
                }
                bytes.read(array, 0, length);
            }
            position++;
            return true;
        }
    }

    /** The current document's bytes, from offset 0. */
    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    public byte[] array()
    {
        return array;
    }

    public int length()
    {
        return length;
    }

    /** Ordinal of the current document, from 0. */
    public long position()
    {
        return position;
    }

    public long oversized()
    {
        return oversized;
    }

    @Override
    public void close()
    {
        tailer.close();
    }
}
