package io.fundingarb.connectors.transport;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.sbe.FeedState;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.StreamKind;
import io.fundingarb.codecs.sbe.VenueStatusDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/** A test EventSink: an array of slots, locked, with waits on committed events. */
public final class ArrayEventSink implements EventSink
{
    /** A decoded VenueStatus event. */
    public record Status(FeedState state, int reconnects, String detail)
    {
    }

    private static final int SLOT_BYTES = 1024;

    private final UnsafeBuffer[] slots;
    private final int[] lengths;
    private long next;

    private boolean full;

    public ArrayEventSink(final int capacity)
    {
        slots = new UnsafeBuffer[capacity];
        lengths = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            slots[i] = new UnsafeBuffer(new byte[SLOT_BYTES]);
            lengths[i] = -1;
        }
    }

    @Override
    public synchronized long claim()
    {
        if (next >= slots.length)
        {
            throw new IllegalStateException("test sink full");
        }
        return next++;
    }

    @Override
    public synchronized long tryClaim()
    {
        return full || next >= slots.length ? NO_CAPACITY : next++;
    }

    /** While full, {@link #tryClaim()} refuses as a full ring does. */
    public synchronized void full(final boolean full)
    {
        this.full = full;
    }

    @Override
    public MutableDirectBuffer buffer(final long sequence)
    {
        return slots[(int)sequence];
    }

    @Override
    public int maxMessageLength()
    {
        return SLOT_BYTES;
    }

    @Override
    public synchronized void commit(final long sequence, final int length)
    {
        lengths[(int)sequence] = length;
        notifyAll();
    }

    @Override
    public synchronized void abort(final long sequence)
    {
        lengths[(int)sequence] = 0;
        notifyAll();
    }

    /** Every committed VenueStatus, in order. */
    public synchronized List<Status> statuses()
    {
        final List<Status> out = new ArrayList<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final VenueStatusDecoder decoder = new VenueStatusDecoder();
        for (int i = 0; i < next; i++)
        {
            if (lengths[i] <= 0)
            {
                continue;
            }
            header.wrap(slots[i], 0);
            if (header.templateId() == VenueStatusDecoder.TEMPLATE_ID)
            {
                decoder.wrapAndApplyHeader(slots[i], 0, header);
                out.add(new Status(decoder.state(), decoder.reconnects(), decoder.detail()));
            }
        }
        return out;
    }

    /** The stream named by every committed VenueStatus, in order. */
    public synchronized List<StreamKind> streams()
    {
        final List<StreamKind> out = new ArrayList<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final VenueStatusDecoder decoder = new VenueStatusDecoder();
        for (int i = 0; i < next; i++)
        {
            if (lengths[i] <= 0)
            {
                continue;
            }
            header.wrap(slots[i], 0);
            if (header.templateId() == VenueStatusDecoder.TEMPLATE_ID)
            {
                out.add(decoder.wrapAndApplyHeader(slots[i], 0, header).stream());
            }
        }
        return out;
    }

    /** Every committed state, in order. */
    public List<FeedState> states()
    {
        final List<FeedState> out = new ArrayList<>();
        statuses().forEach(s -> out.add(s.state()));
        return out;
    }

    /** Waits until the committed statuses satisfy {@code condition}; false on timeout. */
    public synchronized boolean await(final Predicate<List<Status>> condition, final long timeoutMs) throws InterruptedException
    {
        return Waits.await(this, () -> condition.test(statuses()), timeoutMs);
    }

    /** Waits until {@code states} have occurred in order, starting at status index {@code from} (other states may interleave). */
    public boolean awaitSequence(final int from, final long timeoutMs, final FeedState... states) throws InterruptedException
    {
        return await(list -> containsInOrder(list, from, states), timeoutMs);
    }

    public static boolean containsInOrder(final List<Status> list, final int from, final FeedState... states)
    {
        int matched = 0;
        for (int i = from; i < list.size() && matched < states.length; i++)
        {
            if (list.get(i).state() == states[matched])
            {
                matched++;
            }
        }
        return matched == states.length;
    }
}
