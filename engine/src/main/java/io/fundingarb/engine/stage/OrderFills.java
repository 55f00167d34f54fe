package io.fundingarb.engine.stage;

import java.util.Arrays;
import org.agrona.collections.Long2LongHashMap;

/**
 * Cumulative filled quantity per client order id, so that a duplicate or late execution report
 * never counts a fill twice: the new fill of a report is its cumQty minus what was known.
 * Bounded: it remembers the last {@code capacity} orders (first-in, first-out) and forgets older
 * ones, so memory and the map's size stay fixed after start-up (no rehash in steady state); a
 * report about an order older than that is treated as new.
 */
public final class OrderFills
{
    private final Long2LongHashMap cumQtyByOrder;
    private final long[] order;
    private int head;
    private int size;

    public OrderFills(final int capacity)
    {
        cumQtyByOrder = new Long2LongHashMap(Math.max(16, capacity * 2), 0.65f, -1L);
        order = new long[capacity];
        Arrays.fill(order, Long.MIN_VALUE);
    }

    /**
     * @return the quantity this report adds (0 for a duplicate or stale report).
     */
    public long newFill(final long clientOrderId, final long reportCumQty, final long reportLastQty)
    {
        final long known = cumQtyByOrder.get(clientOrderId);
        final long before = known < 0 ? 0 : known;
        final long cum = reportCumQty > 0 ? reportCumQty : before + Math.max(0, reportLastQty);
        if (cum <= before)
        {
            return 0;
        }
        if (known < 0)
        {
            remember(clientOrderId);
        }
        cumQtyByOrder.put(clientOrderId, cum);
        return cum - before;
    }

    private void remember(final long clientOrderId)
    {
        if (size == order.length)
        {
            cumQtyByOrder.remove(order[head]); // the oldest order makes room
        }
        else
        {
            size++;
        }
        order[head] = clientOrderId;
        head = (head + 1) % order.length;
    }

    public long cumQty(final long clientOrderId)
    {
        final long known = cumQtyByOrder.get(clientOrderId);
        return known < 0 ? 0 : known;
    }

    /** Forgets an order now (its slot in the FIFO is reclaimed when it comes round). */
    public void forget(final long clientOrderId)
    {
        cumQtyByOrder.remove(clientOrderId);
    }

    public int size()
    {
        return cumQtyByOrder.size();
    }
}
