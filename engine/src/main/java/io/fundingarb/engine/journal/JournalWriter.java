package io.fundingarb.engine.journal;

import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Appends raw SBE messages, one Chronicle document each, to one queue, each followed by the
 * format-2 trailer ({@link JournalFormat}: CRC32C, ordinal, chain link), and a seal on
 * {@link #seal()} and at {@link #close()}. Single-threaded: the appender is created on the first
 * append, on the thread that writes (Chronicle appenders belong to one thread). A document is
 * committed when its context closes; a process killed before that leaves an unfinished header
 * that readers never return. {@link Durability} says when the mapped pages are forced to disk;
 * that too happens on the writing thread. Allocation-free and lock-free per append.
 */
public final class JournalWriter implements AutoCloseable
{
    /**
     * When the journal's mapped pages are forced to disk (msync), on the writing thread.
     *
     * @param syncAtSeal     force at every seal (state checkpoint and close)
     * @param syncEveryRecords force after every this many records; 0 never on a count
     */
    public record Durability(boolean syncAtSeal, int syncEveryRecords)
    {
        /** Leave writing back to the operating system: what survives a process kill, not a power loss. */
        public static final Durability NONE = new Durability(false, 0);

        public Durability
        {
            if (syncEveryRecords < 0)
            {
                throw new IllegalArgumentException("syncEveryRecords must be >= 0, got " + syncEveryRecords);
            }
        }

        public static Durability atCheckpoints()
        {
            return new Durability(true, 0);
        }

        public static Durability everyRecords(final int records)
        {
            if (records < 1)
            {
                throw new IllegalArgumentException("records must be >= 1, got " + records);
            }
            return new Durability(true, records);
        }

        /** Whether anything is ever forced to disk (the queue must then be opened in synchronous msync mode). */
        public boolean syncs()
        {
            return syncAtSeal || syncEveryRecords > 0;
        }
    }

    private final ChronicleQueue queue;
    private final Durability durability;
    private final SealKey sealKey;
    private final byte[] journalName;
    private final CRC32C crc = new CRC32C();
    private final byte[] sealFields = new byte[16];
    private final byte[] signature = new byte[SealKey.SIGNATURE_LENGTH];
    private ExcerptAppender appender;
    private long appended;
    private long link = JournalFormat.GENESIS;
    private long seals;
    private long syncs;
    private int sinceSync;
    private boolean closed;

    public JournalWriter(final ChronicleQueue queue)
    {
        this(queue, Durability.NONE);
    }

    public JournalWriter(final ChronicleQueue queue, final Durability durability)
    {
        this(queue, durability, null);
    }

    /**
     * @param sealKey signs every seal ({@link SealKey}); null: seals carry no signature.
     */
    public JournalWriter(final ChronicleQueue queue, final Durability durability, final SealKey sealKey)
    {
        this.queue = queue;
        this.durability = durability;
        this.sealKey = sealKey;
        this.journalName = JournalFormat.journalName(queue);
    }

    public void append(final byte[] array, final int offset, final int length)
    {
        crc.reset();
        crc.update(array, offset, length);
        final int checksum = (int)crc.getValue();
        final long ordinal = appended;
        final long next = JournalFormat.link(link, checksum, ordinal);
        try (DocumentContext dc = appender().writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            bytes.write(array, offset, length);
            writeTrailer(bytes, checksum, JournalFormat.KIND_RECORD, ordinal, next);
        }
        link = next;
        appended++;
        if (durability.syncEveryRecords() > 0 && ++sinceSync >= durability.syncEveryRecords())
        {
            sync();
        }
    }

    /**
     * Writes a seal: the number of records so far and the chain link after the last, so that a
     * reader notices records cut off behind it, signed when the writer has a {@link SealKey}. Called at every state checkpoint and by
     * {@link #close()}; forces the pages to disk when the durability asks for it.
     */
    public void seal()
    {
        seal(JournalFormat.KIND_SEAL);
    }

    private void seal(final int kind)
    {
        final long ordinal = appended;
        final long sealedLink = link;
        JournalFormat.putLongLittleEndian(sealFields, 0, ordinal);
        JournalFormat.putLongLittleEndian(sealFields, 8, sealedLink);
        crc.reset();
        if (sealKey != null)
        {
            sealKey.sign(journalName, kind, ordinal, sealedLink, signature, 0);
            crc.update(signature, 0, signature.length);
        }
        crc.update(sealFields, 0, sealFields.length);
        final int checksum = (int)crc.getValue();
        try (DocumentContext dc = appender().writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            if (sealKey != null)
            {
                bytes.write(signature);
            }
            writeTrailer(bytes, checksum, kind, ordinal, sealedLink);
        }
        seals++;
        if (durability.syncAtSeal())
        {
            sync();
        }
    }

    private void sync()
    {
        sinceSync = 0;
        appender.sync();
        syncs++;
    }

    private static void writeTrailer(final Bytes<?> bytes, final int checksum, final int kind, final long ordinal, final long link)
    {
        bytes.writeInt(checksum);
        bytes.writeInt(kind);
        bytes.writeLong(ordinal);
        bytes.writeLong(link);
    }

    private ExcerptAppender appender()
    {
        if (appender == null)
        {
            appender = queue.createAppender();
        }
        return appender;
    }

    /** Documents appended by this writer. */
    public long appended()
    {
        return appended;
    }

    /** Seals written by this writer. */
    public long seals()
    {
        return seals;
    }

    /** Times the pages were forced to disk. */
    public long syncs()
    {
        return syncs;
    }

    /** The chain link after the last record appended. */
    public long link()
    {
        return link;
    }

    /** Writes the closing seal (the mark of a clean close) and releases the appender. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (appender != null)
        {
            // close may come from another thread than the appends (after they stopped)
            appender.singleThreadedCheckReset();
        }
        seal(JournalFormat.KIND_CLOSE);
        appender.close();
        appender = null;
    }
}
