package io.fundingarb.engine.stage;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A sequence lock for views that one stage thread writes and other threads read: the writer
 * never blocks or allocates; a reader copies the data and retries if a write overlapped.
 * Writer: {@code beginWrite(); ...stores...; endWrite();}. Reader:
 * {@code v = readBegin(); if (v odd) retry; ...copy...; if (!readValid(v)) retry}.
 */
public final class SeqLock
{
    private static final VarHandle VERSION;

    static
    {
        try
        {
            VERSION = MethodHandles.lookup().findVarHandle(SeqLock.class, "version", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    @SuppressWarnings("unused") // accessed through VERSION
    private volatile long version;

    public void beginWrite()
    {
        VERSION.setRelease(this, (long)VERSION.getOpaque(this) + 1);
        VarHandle.storeStoreFence();
    }

    public void endWrite()
    {
        VERSION.setRelease(this, (long)VERSION.getOpaque(this) + 1);
    }

    /** The version before a read; odd means a write is in progress (retry). */
    public long readBegin()
    {
        return (long)VERSION.getAcquire(this);
    }

    /** True when no write overlapped the copy that began at {@code before}. */
    public boolean readValid(final long before)
    {
        VarHandle.loadLoadFence();
        return (before & 1) == 0 && (long)VERSION.getAcquire(this) == before;
    }
}
