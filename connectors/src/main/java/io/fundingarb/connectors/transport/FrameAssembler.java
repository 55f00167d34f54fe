package io.fundingarb.connectors.transport;

import io.netty.buffer.ByteBuf;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Turns WebSocket data frames into whole messages for a {@link FrameHandler}. A message in one
 * frame is handed over in place (the view wraps the ByteBuf's memory: no copy); a fragmented
 * message (first frame not final, then continuation frames) is copied once into a reusable
 * scratch array and handed over when its final fragment arrives. Nothing is allocated per
 * message in steady state; the scratch array grows (rarely) up to {@code maxMessageBytes}.
 * Protocol violations and oversized messages are counted and dropped, never thrown.
 * Single-threaded: owned by the connection's I/O thread.
 */
public final class FrameAssembler
{
    private static final int INITIAL_SCRATCH_BYTES = 64 * 1024;

    private final FrameHandler handler;
    private final EpochNanoClock clock;
    private final int maxMessageBytes;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private byte[] scratch;
    private int scratchLength;
    private boolean assembling;
    private boolean discarding;
    private long messages;
    private long fragmentedMessages;
    private long oversizedMessages;
    private long protocolErrors;

    public FrameAssembler(final FrameHandler handler, final EpochNanoClock clock, final int maxMessageBytes)
    {
        this.handler = handler;
        this.clock = clock;
        this.maxMessageBytes = maxMessageBytes;
        this.scratch = new byte[Math.min(INITIAL_SCRATCH_BYTES, maxMessageBytes)];
    }

    /**
     * The first (or only) frame of a message: a text or binary frame.
     *
     * @param content       the frame payload; not retained.
     * @param finalFragment whether the message ends with this frame.
     */
    public void onFirstFrame(final ByteBuf content, final boolean finalFragment)
    {
        if (assembling)
        {
            protocolErrors++; // a new message before the previous one ended: drop the partial one
            resetAssembly();
        }
        if (finalFragment)
        {
            deliverInPlace(content);
            return;
        }
        assembling = true;
        append(content);
    }

    /** A continuation frame. */
    public void onContinuationFrame(final ByteBuf content, final boolean finalFragment)
    {
        if (!assembling)
        {
            protocolErrors++; // continuation without a first frame
            return;
        }
        append(content);
        if (finalFragment)
        {
            if (!discarding)
            {
                fragmentedMessages++;
                deliver(view, scratch, scratchLength);
            }
            resetAssembly();
        }
    }

    /** Drops a partial message (the connection closed). */
    public void reset()
    {
        resetAssembly();
    }

    private void deliverInPlace(final ByteBuf content)
    {
        final int length = content.readableBytes();
        if (length > maxMessageBytes)
        {
            oversizedMessages++;
            return;
        }
        if (content.hasMemoryAddress())
        {
            view.wrap(content.memoryAddress() + content.readerIndex(), length);
        }
        else if (content.hasArray())
        {
            view.wrap(content.array(), content.arrayOffset() + content.readerIndex(), length);
        }
        else
        {
            ensureScratch(length);
            content.getBytes(content.readerIndex(), scratch, 0, length);
            view.wrap(scratch, 0, length);
        }
        messages++;
        handler.onFrame(view, 0, length, clock.nanoTime());
    }

    private void deliver(final UnsafeBuffer buffer, final byte[] bytes, final int length)
    {
        buffer.wrap(bytes, 0, length);
        messages++;
        handler.onFrame(buffer, 0, length, clock.nanoTime());
    }

    private void append(final ByteBuf content)
    {
        if (discarding)
        {
            return;
        }
        final int length = content.readableBytes();
        if (scratchLength + length > maxMessageBytes)
        {
            oversizedMessages++;
            discarding = true;
            return;
        }
        ensureScratch(scratchLength + length);
        content.getBytes(content.readerIndex(), scratch, scratchLength, length);
        scratchLength += length;
    }

    private void ensureScratch(final int required)
    {
        if (required > scratch.length)
        {
            final byte[] bigger = new byte[Math.min(maxMessageBytes, Math.max(required, scratch.length << 1))];
            System.arraycopy(scratch, 0, bigger, 0, scratchLength);
            scratch = bigger;
        }
    }

    private void resetAssembly()
    {
        assembling = false;
        discarding = false;
        scratchLength = 0;
    }

    /** Messages handed to the handler. */
    public long messages()
    {
        return messages;
    }

    /** Of {@link #messages()}, those reassembled from fragments. */
    public long fragmentedMessages()
    {
        return fragmentedMessages;
    }

    /** Messages dropped for exceeding {@code maxMessageBytes}. */
    public long oversizedMessages()
    {
        return oversizedMessages;
    }

    /** Fragments out of order (dropped). */
    public long protocolErrors()
    {
        return protocolErrors;
    }
}
