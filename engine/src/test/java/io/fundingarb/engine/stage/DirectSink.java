package io.fundingarb.engine.stage;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.engine.ring.InboundSlot;
import org.agrona.MutableDirectBuffer;

/** Test sink: every committed event goes straight through the given stages on the calling thread. */
public final class DirectSink implements EventSink
{
    private final InboundSlot slot = new InboundSlot(4096);
    private final Stage[] stages;
    private long eventSeq;

    public DirectSink(final Stage... stages)
    {
        this.stages = stages.clone();
    }

    @Override
    public long claim()
    {
        return eventSeq;
    }

    @Override
    public long tryClaim()
    {
        return eventSeq;
    }

    @Override
    public MutableDirectBuffer buffer(final long sequence)
    {
        return slot.buffer;
    }

    @Override
    public int maxMessageLength()
    {
        return slot.array.length;
    }

    @Override
    public void commit(final long sequence, final int length)
    {
        slot.length = length;
        slot.stamp(eventSeq++);
        for (final Stage stage : stages)
        {
            stage.onEvent(slot);
        }
    }

    @Override
    public void abort(final long sequence)
    {
    }

    /** The slot as the last stage left it. */
    public InboundSlot slot()
    {
        return slot;
    }
}
