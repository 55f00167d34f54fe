package io.fundingarb.connectors.gateway;

import org.agrona.collections.LongHashSet;

/**
 * The last {@code capacity} ids seen (a power of two), the oldest forgotten first: de-duplicates
 * records a venue may list again (overlapping history pages, the same event from the stream and from
 * REST) without growing for ever. One thread.
 */
public final class RecentIds
{
    private final LongHashSet seen;
    private final long[] order;
    private int head;

    public RecentIds(final int capacity)
    {
        if (Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        this.seen = new LongHashSet(capacity * 2);
        this.order = new long[capacity];
    }

    /** @return true the first time {@code id} is seen (it is then remembered), false for a repeat. */
    public boolean add(final long id)
    {
        if (seen.contains(id))
        {
            return false;
        }
        final int slot = head++ & (order.length - 1);
        if (head > order.length)
        {
            seen.remove(order[slot]);
        }
        order[slot] = id;
        seen.add(id);
        return true;
    }
}
