package io.fundingarb.engine.stage;

import org.agrona.collections.Long2LongHashMap;

/**
 * Cumulative filled quantity per client order id, so that a duplicate or late execution report
 * never counts a fill twice: the new fill of a report is its cumQty minus what was known.
 * Sized at start-up; entries are removed when an order is finished.
 */
public final class OrderFills
{
    private final Long2LongHashMap cumQtyByOrder;

    public OrderFills(final int expectedOrders)
    {
        cumQtyByOrder = new Long2LongHashMap(expectedOrders * 2, 0.65f, -1L);
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
        cumQtyByOrder.put(clientOrderId, cum);
        return cum - before;
    }

    public long cumQty(final long clientOrderId)
    {
        final long known = cumQtyByOrder.get(clientOrderId);
        return known < 0 ? 0 : known;
    }

    public void forget(final long clientOrderId)
    {
        cumQtyByOrder.remove(clientOrderId);
    }

    public int size()
    {
        return cumQtyByOrder.size();
    }
}
