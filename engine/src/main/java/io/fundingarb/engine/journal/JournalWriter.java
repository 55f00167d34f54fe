package io.fundingarb.engine.journal;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Appends raw SBE messages, one Chronicle document each, to one queue. Single-threaded: the
 * appender is created on the first append, on the thread that writes (Chronicle appenders belong
 * to one thread). A document is committed when its context closes; a process killed before that
 * leaves an unfinished header that readers never return.
 */
public final class JournalWriter implements AutoCloseable
{
    private final ChronicleQueue queue;
    private ExcerptAppender appender;
    private long appended;

    public JournalWriter(final ChronicleQueue queue)
    {
        this.queue = queue;
    }

    public void append(final byte[] array, final int offset, final int length)
    {
        if (appender == null)
        {
            appender = queue.createAppender();
        }
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(array, offset, length);
        }
        appended++;
    }

    /** Documents appended by this writer. */
    public long appended()
    {
        return appended;
    }

    @Override
    public void close()
    {
        if (appender != null)
        {
            appender.close();
            appender = null;
        }
    }
}
