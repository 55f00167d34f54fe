package io.fundingarb.connectors.gateway;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.Side;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayQueue;

/**
 * The orders a gateway has in flight and the rule that makes duplicate reports harmless: a fill
 * is published only when it raises the order's cumulative quantity, and then as the difference
 * (so the same fill seen in the REST response and on the private stream, or an aggregate and its
 * per-trade parts, is published exactly once); NEW is published at most once and never after a
 * fill; a terminal report (FILL, EXPIRED, CANCELED, REJECTED) at most once. Finished orders are
 * remembered for the last {@code retainedTerminal} orders so late stream events are recognised
 * and dropped. Owned by the gateway's I/O thread.
 */
public final class OrderTracker
{
    private final Long2ObjectHashMap<TrackedOrder> orders = new Long2ObjectHashMap<>();
    private final LongArrayQueue finished = new LongArrayQueue();
    private final int retainedTerminal;
    private final GatewayPublisher publisher;
    private long duplicatesDropped;
    private long unknownReports;

    public OrderTracker(final GatewayPublisher publisher, final int retainedTerminal)
    {
        this.publisher = publisher;
        this.retainedTerminal = retainedTerminal;
    }

    /** Starts tracking an order about to be sent; an id already tracked is returned as is. */
    public TrackedOrder track(
        final long clientOrderId, final long pairId, final int instrumentId, final Side side, final long price, final long quantity)
    {
        TrackedOrder order = orders.get(clientOrderId);
        if (order == null)
        {
            order = new TrackedOrder();
            order.clientOrderId = clientOrderId;
            order.pairId = pairId;
            order.instrumentId = instrumentId;
            order.side = side;
            order.price = price;
            order.quantity = quantity;
            orders.put(clientOrderId, order);
        }
        return order;
    }

    /** The tracked order, or null (counted as an unknown report). */
    public TrackedOrder get(final long clientOrderId)
    {
        final TrackedOrder order = orders.get(clientOrderId);
        if (order == null)
        {
            unknownReports++;
        }
        return order;
    }

    /** Orders not yet terminal, or terminal with an uncertain state (recovery after a stream drop queries them). */
    public void forEachOpen(final java.util.function.Consumer<TrackedOrder> action)
    {
        for (final TrackedOrder order : orders.values())
        {
            if (!order.terminal || order.uncertain)
            {
                action.accept(order);
            }
        }
    }

    /** The venue acknowledged the order: NEW, once, and only before any fill or terminal report. */
    public void onAck(final TrackedOrder order, final String venueOrderId, final long tsEventNs)
    {
        if (venueOrderId != null)
        {
            order.venueOrderId = venueOrderId;
        }
        if (order.acked || order.terminal || order.cumQty > 0)
        {
            duplicatesDropped++;
            return;
        }
        order.acked = true;
        publisher.report(order, ExecType.NEW, tsEventNs, FixedPoint.NULL, 0, 0, 0, null);
    }

    /**
     * The venue's cumulative view of the order's fills. Publishes PARTIAL_FILL or FILL for the
     * increase only; the last price is the VWAP of the increase when {@code cumQuote} is known,
     * else {@code lastPriceHint}.
     *
     * @param cumQty        cumulative filled base quantity the venue reports.
     * @param cumQuote      cumulative filled quote (price x qty), or {@link FixedPoint#NULL}.
     * @param lastPriceHint price of the increase when {@code cumQuote} is unknown.
     * @param feeOfIncrease fee of the increase (quote, positive = paid).
     * @return true if a fill was published.
     */
    public boolean onFill(
        final TrackedOrder order, final long cumQty, final long cumQuote, final long lastPriceHint, final long feeOfIncrease,
        final long tsEventNs)
    {
        if (cumQty == FixedPoint.NULL || cumQty <= order.cumQty)
        {
            duplicatesDropped++;
            return false;
        }
        final long lastQty = cumQty - order.cumQty;
        long lastPrice = lastPriceHint;
        long newCumQuote;
        if (cumQuote != FixedPoint.NULL && cumQuote > order.cumQuote)
        {
            lastPrice = FixedPoint.divide(cumQuote - order.cumQuote, lastQty);
            newCumQuote = cumQuote;
        }
        else
        {
            final long quote = FixedPoint.multiply(lastPriceHint, lastQty);
            newCumQuote = quote == FixedPoint.NULL ? order.cumQuote : order.cumQuote + quote;
        }
        order.cumQty = cumQty;
        order.cumQuote = newCumQuote;
        order.cumFee += feeOfIncrease;
        final boolean filled = cumQty >= order.quantity;
        if (filled)
        {
            finish(order);
        }
        publisher.report(order, filled ? ExecType.FILL : ExecType.PARTIAL_FILL, tsEventNs, lastPrice, lastQty, feeOfIncrease, 0, null);
        return true;
    }

    /** EXPIRED, CANCELED or REJECTED from the venue: once per order. */
    public void onTerminal(final TrackedOrder order, final ExecType type, final int code, final CharSequence reason, final long tsEventNs)
    {
        if (order.terminal)
        {
            if (order.uncertain && type != ExecType.REJECTED)
            {
                order.uncertain = false;
            }
            duplicatesDropped++;
            return;
        }
        finish(order);
        publisher.report(order, type, tsEventNs, FixedPoint.NULL, 0, 0, code, reason);
    }

    /**
     * The order's state is unknown (transport failure with no answer): REJECTED is published so
     * the engine does not wait forever, but the order stays queryable and any later fill the venue
     * reports is still published.
     */
    public void onUncertain(final TrackedOrder order, final int code, final CharSequence reason, final long tsEventNs)
    {
        if (order.terminal)
        {
            duplicatesDropped++;
            return;
        }
        finish(order);
        order.uncertain = true;
        publisher.report(order, ExecType.REJECTED, tsEventNs, FixedPoint.NULL, 0, 0, code, reason);
    }

    private void finish(final TrackedOrder order)
    {
        if (order.terminal)
        {
            return;
        }
        order.terminal = true;
        finished.addLong(order.clientOrderId);
        while (finished.size() > retainedTerminal)
        {
            final long old = finished.pollLong();
            final TrackedOrder gone = orders.get(old);
            if (gone != null && gone.terminal)
            {
                orders.remove(old);
            }
        }
    }

    /** Reports dropped because they did not change what was already published. */
    public long duplicatesDropped()
    {
        return duplicatesDropped;
    }

    /** Reports naming an order this gateway does not know (another session's, or forgotten). */
    public long unknownReports()
    {
        return unknownReports;
    }

    public int size()
    {
        return orders.size();
    }
}
