package io.fundingarb.engine.ring;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.fundingarb.codecs.CommandSink;
import io.fundingarb.codecs.EventSink;
import org.agrona.MutableDirectBuffer;

/**
 * Claim/commit publication onto a Disruptor ring of {@link MessageSlot}s. Used for the inbound
 * ring (multi-producer: feeds, gateways, timer, operator) and the outbound ring (ExecutionStage).
 */
public final class SlotRing<S extends MessageSlot> implements EventSink, CommandSink
{
    private final RingBuffer<S> ringBuffer;
    private final int capacity;

    public SlotRing(final RingBuffer<S> ringBuffer, final int slotCapacity)
    {
        this.ringBuffer = ringBuffer;
        this.capacity = slotCapacity;
    }

    @Override
    public long claim()
    {
        return ringBuffer.next();
    }

    @Override
    public long tryClaim()
    {
        try
        {
            return ringBuffer.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            return NO_CAPACITY; // a pre-allocated singleton: no allocation on a full ring
        }
    }

    @Override
    public MutableDirectBuffer buffer(final long sequence)
    {
        return ringBuffer.get(sequence).buffer;
    }

    @Override
    public int maxMessageLength()
    {
        return capacity;
    }

    @Override
    public void commit(final long sequence, final int length)
    {
        if (length <= 0 || length > capacity)
        {
            abort(sequence);
            throw new IllegalArgumentException("message length " + length + " outside 1.." + capacity);
        }
        final S slot = ringBuffer.get(sequence);
        slot.length = length;
        slot.publishedNanoTime = System.nanoTime();
        ringBuffer.publish(sequence);
    }

    @Override
    public void abort(final long sequence)
    {
        ringBuffer.get(sequence).length = 0;
        ringBuffer.publish(sequence);
    }

    public RingBuffer<S> ringBuffer()
    {
        return ringBuffer;
    }

    /** Slots claimed but not yet consumed by the slowest consumer. */
    public long backlog()
    {
        return ringBuffer.getBufferSize() - ringBuffer.remainingCapacity();
    }
}
