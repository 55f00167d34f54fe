package io.fundingarb.engine.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads a journal queue from the start, one committed record at a time, into a reusable buffer.
 * Unfinished documents (a writer killed mid-append) are never returned. In a format-2 journal
 * ({@link JournalFormat}) every record is verified (checksum, ordinal, chain) and returned without
 * its trailer, seals are skipped, and reading stops at the first record that fails: {@link #next()}
 * then returns false and {@link #damage()} says what was found. Whoever must not read a damaged
 * journal runs {@link JournalCheck} first; this stop keeps the others from reading past damage.
 */
public final class JournalReader implements AutoCloseable
{
    private final ExcerptTailer tailer;
    private final boolean chained;
    private final ChainVerifier verifier = new ChainVerifier();
    private byte[] array;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
    private int length;
    private long position = -1;
    private long oversized;
    private String damage;

    public JournalReader(final ChronicleQueue queue, final int initialCapacity)
    {
        this.tailer = queue.createTailer();
        this.chained = JournalFormat.of(queue) != JournalFormat.FORMAT_PLAIN;
        this.array = new byte[initialCapacity];
        this.buffer.wrap(array);
    }

    /**
     * Advances to the next committed record.
     *
     * @return false at the end of the journal, or at the first damaged record ({@link #damage()}).
     */
    public boolean next()
    {
        if (damage != null)
        {
            return false;
        }
        try
        {
            while (true)
            {
                final int found = read();
                if (found == 0)
                {
                    return false;
                }
                if (!chained)
                {
                    position++;
                    return true;
                }
                final int verdict = verifier.verify(array, length);
                if (verdict == ChainVerifier.RECORD)
                {
                    length -= JournalFormat.TRAILER_LENGTH;
                    position++;
                    return true;
                }
                if (verdict != ChainVerifier.SEAL)
                {
                    damage = "record " + verifier.records() + ": " + verifier.describe(verdict);
                    length = 0;
                    return false;
                }
            }
        }
        catch (final RuntimeException | AssertionError | InternalError ex)
        {
            damage = "record " + (position + 1) + ": the queue cannot be read past it (" + ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")";
            length = 0;
            return false;
        }
    }

    /** Reads the next document whole into the array: 1, or 0 at the end. */
    private int read()
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return 0;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final long remaining = bytes.readRemaining();
            if (remaining > JournalFormat.MAX_DOCUMENT_BYTES)
            {
                // a damaged header (nothing longer is ever written): fails verification as too short
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
            return 1;
        }
    }

    /** The current record's bytes (its SBE message, trailer excluded), from offset 0. */
    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    public byte[] array()
    {
        return array;
    }

    /** The current record's length, trailer excluded. */
    public int length()
    {
        return length;
    }

    /** Ordinal of the current record, from 0. */
    public long position()
    {
        return position;
    }

    public long oversized()
    {
        return oversized;
    }

    /** Why reading stopped before the end ("record K: ..."), or null when it did not. */
    public String damage()
    {
        return damage;
    }

    /** Whether the journal carries checksums (format 2). */
    public boolean verified()
    {
        return chained;
    }

    @Override
    public void close()
    {
        tailer.close();
    }
}
