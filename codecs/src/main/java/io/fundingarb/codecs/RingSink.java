package io.fundingarb.codecs;

import org.agrona.MutableDirectBuffer;

/**
 * Claim/commit publication onto a pre-allocated ring of SBE slots (the Aeron {@code tryClaim}
 * pattern): claim a sequence, encode the message header and body straight into
 * {@link #buffer(long)} at offset 0, then {@link #commit(long, int)} it. Nothing is copied and
 * nothing is allocated.
 *
 * <p>A claimed sequence must always be committed or {@link #abort(long) aborted}: the ring
 * cannot move past it otherwise. Back-pressure is a return value ({@link #NO_CAPACITY}), never
 * an exception.
 */
public interface RingSink
{
    /** Returned by {@link #tryClaim()} when the ring is full. */
    long NO_CAPACITY = -1L;

    /** Claims the next slot, waiting for space if the ring is full. */
    long claim();

    /** Claims the next slot, or returns {@link #NO_CAPACITY} at once if the ring is full. */
    long tryClaim();

    /** The claimed slot's buffer; encode the SBE header at offset 0. */
    MutableDirectBuffer buffer(long sequence);

    /** Bytes a slot can hold, SBE header included. */
    int maxMessageLength();

    /** Publishes the claimed slot holding {@code length} bytes (SBE header included). */
    void commit(long sequence, int length);

    /** Publishes the claimed slot as empty: every consumer skips it. */
    void abort(long sequence);
}
