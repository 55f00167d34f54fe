package io.fundingarb.connectors.parse;

import io.fundingarb.codecs.EventJson;
import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.sbe.BookUpdateDecoder;
import io.fundingarb.codecs.sbe.FundingUpdateDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.TickerUpdateDecoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/** Test sink: one reusable slot; every committed message is copied out. */
public final class CapturingSink implements EventSink
{
    private final UnsafeBuffer slot;
    private final List<byte[]> messages = new ArrayList<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private long next;
    private long claimed = -1;
    private boolean full;

    public CapturingSink()
    {
        this(4096);
    }

    public CapturingSink(final int slotLength)
    {
        slot = new UnsafeBuffer(new byte[slotLength]);
    }

    @Override
    public long claim()
    {
        if (claimed >= 0)
        {
            throw new IllegalStateException("claimed twice without commit");
        }
        claimed = next++;
        return claimed;
    }

    @Override
    public long tryClaim()
    {
        return full ? NO_CAPACITY : claim();
    }

    /** While full, {@link #tryClaim()} refuses as a full ring does (a blocking {@link #claim()} still succeeds). */
    public void full(final boolean full)
    {
        this.full = full;
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
    public void commit(final long sequence, final int length)
    {
        if (sequence != claimed || length > slot.capacity())
        {
            throw new IllegalStateException("bad commit");
        }
        messages.add(Arrays.copyOf(slot.byteArray(), length));
        claimed = -1;
    }

    @Override
    public void abort(final long sequence)
    {
        claimed = -1;
    }

    public List<byte[]> messages()
    {
        return messages;
    }

    public int size()
    {
        return messages.size();
    }

    public void clear()
    {
        messages.clear();
    }

    public int templateId(final int index)
    {
        return header.wrap(new UnsafeBuffer(messages.get(index)), 0).templateId();
    }

    public FundingUpdateDecoder funding(final int index)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(messages.get(index));
        header.wrap(buffer, 0);
        if (header.templateId() != FundingUpdateDecoder.TEMPLATE_ID)
        {
            throw new AssertionError("not a FundingUpdate: " + json(index));
        }
        return new FundingUpdateDecoder().wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
    }

    public TickerUpdateDecoder ticker(final int index)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(messages.get(index));
        header.wrap(buffer, 0);
        if (header.templateId() != TickerUpdateDecoder.TEMPLATE_ID)
        {
            throw new AssertionError("not a TickerUpdate: " + json(index));
        }
        return new TickerUpdateDecoder().wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
    }

    public BookUpdateDecoder book(final int index)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(messages.get(index));
        header.wrap(buffer, 0);
        if (header.templateId() != BookUpdateDecoder.TEMPLATE_ID)
        {
            throw new AssertionError("not a BookUpdate: " + json(index));
        }
        return new BookUpdateDecoder().wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
    }

    public String json(final int index)
    {
        final byte[] message = messages.get(index);
        return new EventJson().toJson(new UnsafeBuffer(message), 0, message.length);
    }

    public int last()
    {
        return messages.size() - 1;
    }
}
