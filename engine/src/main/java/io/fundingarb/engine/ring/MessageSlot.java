package io.fundingarb.engine.ring;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * One pre-allocated ring slot holding one SBE message (header at offset 0). Filled once at
 * start-up by the ring's event factory and reused for the life of the process.
 */
public class MessageSlot
{
    /** The message bytes; backed by {@link #array} so the journal can copy them in one call. */
    public final UnsafeBuffer buffer;
    public final byte[] array;
    /** Bytes used, SBE header included; 0 marks an aborted (empty) slot that every consumer skips. */
    public int length;
    /** Wall-clock (System.nanoTime) instant the producer committed the slot: for latency measurement only, never journaled. */
    public long publishedNanoTime;

    public MessageSlot(final int capacity)
    {
        this.array = new byte[capacity];
        this.buffer = new UnsafeBuffer(array);
    }

    public final boolean isEmpty()
    {
        return length == 0;
    }
}
