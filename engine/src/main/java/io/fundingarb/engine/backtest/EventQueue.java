package io.fundingarb.engine.backtest;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.engine.ring.InboundSlot;
import org.agrona.MutableDirectBuffer;

/**
 * The backtest's inbound "ring": a first-in first-out queue of pre-allocated slots on one thread.
 * The history source, the timer and the backtest gateway publish into it; the driver takes the
 * events out in order and runs each through the journal and the stages before the next, so the
 * order of events never depends on thread timing. It grows (doubling) if a burst of reports ever
 * outruns its slots, which a steady state never does.
 */
final class EventQueue implements EventSink
{
    private InboundSlot[] slots;
    private int mask;
    private final int slotBytes;
    private long head;
    private long tail;

    EventQueue(final int capacity, final int slotBytes)
    {
        this.slotBytes = slotBytes;
        this.slots = new InboundSlot[capacity];
        for (int i = 0; i < capacity; i++)
        {
            slots[i] = new InboundSlot(slotBytes);
        }
        this.mask = capacity - 1;
    }

    @Override
    public long claim()
    {
        if (tail - head >= slots.length - 1) // one slot spare: the event being processed
        {
            grow();
        }
        final long seq = tail++;
        slots[(int)(seq & mask)].length = 0;
        return seq;
    }

    @Override
    public long tryClaim()
    {
        return claim();
    }

    @Override
    public MutableDirectBuffer buffer(final long sequence)
    {
        return slots[(int)(sequence & mask)].buffer;
    }

    @Override
    public int maxMessageLength()
    {
        return slotBytes;
    }

    @Override
    public void commit(final long sequence, final int length)
    {
        slots[(int)(sequence & mask)].length = length;
    }

    @Override
    public void abort(final long sequence)
    {
        slots[(int)(sequence & mask)].length = 0;
    }

    /** The oldest event not yet taken, or null when the queue is empty. */
    InboundSlot poll()
    {
        if (head == tail)
        {
            return null;
        }
        return slots[(int)(head++ & mask)];
    }

    /** Events published since the start. */
    long published()
    {
        return tail;
    }

    private void grow()
    {
        final InboundSlot[] bigger = new InboundSlot[slots.length * 2];
        for (long s = head; s < tail; s++)
        {
            bigger[(int)(s & (bigger.length - 1))] = slots[(int)(s & mask)];
        }
        for (int i = 0; i < bigger.length; i++)
        {
            if (bigger[i] == null)
            {
                bigger[i] = new InboundSlot(slotBytes);
            }
        }
        slots = bigger;
        mask = bigger.length - 1;
    }
}
