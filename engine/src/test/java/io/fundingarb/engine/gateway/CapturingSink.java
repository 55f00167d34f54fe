package io.fundingarb.engine.gateway;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/** Test sink: keeps a copy of every committed message. One slot, one producer at a time. */
public final class CapturingSink implements EventSink
{
    private final UnsafeBuffer slot = new UnsafeBuffer(new byte[4096]);
    private final List<byte[]> messages = new ArrayList<>();
    private long next;

    @Override
    public long claim()
    {
        return next++;
    }

    @Override
    public long tryClaim()
    {
        return claim();
    }

    @Override
    public MutableDirectBuffer buffer(final long sequence)
    {
        return slot;
    }

    @Override
    public int maxMessageLength()
    {
        return slot.capacity();
    }

    @Override
    public synchronized void commit(final long sequence, final int length)
    {
        final byte[] copy = new byte[length];
        slot.getBytes(0, copy);
        messages.add(copy);
    }

    @Override
    public void abort(final long sequence)
    {
    }

    public synchronized List<byte[]> messages()
    {
        return new ArrayList<>(messages);
    }

    public synchronized void clear()
    {
        messages.clear();
    }

    /** The committed messages with this template id, as buffers (SBE header at offset 0). */
    public synchronized List<DirectBuffer> ofType(final int templateId)
    {
        final List<DirectBuffer> out = new ArrayList<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        for (final byte[] message : messages)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(message);
            if (header.wrap(buffer, 0).templateId() == templateId)
            {
                out.add(buffer);
            }
        }
        return out;
    }
}
