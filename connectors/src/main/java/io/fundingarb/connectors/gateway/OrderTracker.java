package io.fundingarb.connectors.gateway;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Asset;
import io.fundingarb.codecs.sbe.ExecFlag;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.Side;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayQueue;

/**
 * The orders a gateway has in flight and the rule that makes duplicate reports harmless: a fill
 * is published only when it raises the order's cumulative quantity, and then as the difference
 * (so the same fill seen in the REST response, on the private stream and in a query answer, or an
 * aggregate and its per-trade parts, is published exactly once); NEW is published at most once
 * and never after a fill; a terminal report (FILL, EXPIRED, CANCELED, REJECTED) at most once.
 *
 * <p>An order the venue gave no definitive answer for (transport failure, timeout, 5xx) is
 * UNKNOWN ({@link #onUnknown}): nothing is published for it until the venue says what happened,
 * on the stream or in the answer to a query by client id; "no such order" once the request can
 * no longer arrive is {@link #onAbsent}. Orders of another session (ids of another epoch) are
 * tracked as foreign: only their fills are published, under an id no stage issued.
 * Finished orders are remembered for the last {@code retainedTerminal} orders so late stream
 * events are recognised and dropped. Owned by the gateway's I/O thread.
 */
public final class OrderTracker
{
    private final Long2ObjectHashMap<TrackedOrder> orders = new Long2ObjectHashMap<>();
    private final LongArrayQueue finished = new LongArrayQueue();
    private final int retainedTerminal;
    private final GatewayPublisher publisher;
    private long duplicatesDropped;
    private long feeCorrections;
    private long unknownReports;
    private long unknownOrders;
    private long absentOrders;
    private long foreignOrders;

    public OrderTracker(final GatewayPublisher publisher, final int retainedTerminal)
    {
        this.publisher = publisher;
        this.retainedTerminal = retainedTerminal;
    }

    /**
     * Starts tracking an order about to be sent; an id already tracked is returned as is.
     *
     * @param absentDefinitiveNs after this instant "no such order" from the venue means the request
     *                           never reached the book (its signed timestamp + recvWindow + margin).
     */
    public TrackedOrder track(
        final long clientOrderId, final long pairId, final int instrumentId, final Side side, final long price, final long quantity,
        final long absentDefinitiveNs)
    {
        TrackedOrder order = orders.get(clientOrderId);
        if (order == null)
        {
            order = add(clientOrderId, pairId, instrumentId, side, price, quantity);
            order.absentDefinitiveNs = absentDefinitiveNs;
        }
        return order;
    }

    /**
     * An order a previous session sent and never saw finish (a resumed session carries it over):
     * tracked under its engine id with what that session published of it (cumulative quantity,
     * quote and fee) and the epoch its venue id carries, UNKNOWN until the venue is asked, so its
     * reports publish only what the journal does not hold yet. An id already tracked is returned as is.
     *
     * @param absentDefinitiveNs after this instant "no such order" means the request never reached the book.
     */
    public TrackedOrder trackPrevious(final PreviousOrder previous, final long absentDefinitiveNs)
    {
        TrackedOrder order = orders.get(previous.clientOrderId());
        if (order == null)
        {
            order = add(previous.clientOrderId(), previous.pairId(), previous.instrumentId(), previous.side(), previous.price(), previous.quantity());
            order.epoch = previous.epoch();
            order.cumQty = previous.cumQty();
            order.cumQuote = previous.cumQuote();
            order.cumFee = previous.cumFee();
            order.acked = true; // its NEW, if any, was the previous session's to publish
            order.unknown = true;
            order.absentDefinitiveNs = absentDefinitiveNs;
        }
        return order;
    }

    /**
     * An order of another session seen in a venue report, under its foreign id
     * ({@link VenueOrderIds#foreignId}); tracked so its fills are published once each, with no pair.
     * An unknown quantity is taken as unbounded (a fill never completes it).
     */
    public TrackedOrder trackForeign(final long foreignId, final int instrumentId, final Side side, final long quantity)
    {
        return trackForeign(foreignId, instrumentId, side, quantity, ExecFlag.NONE);
    }

    /**
     * A foreign order whose reports carry {@code flag}: LIQUIDATION or ADL for the venue's forced
     * closes ({@link VenueOrderIds#forcedCloseId}), published like any foreign fill.
     */
    public TrackedOrder trackForeign(final long foreignId, final int instrumentId, final Side side, final long quantity, final ExecFlag flag)
    {
        TrackedOrder order = orders.get(foreignId);
        if (order == null)
        {
            order = add(foreignId, 0, instrumentId, side, FixedPoint.NULL, quantity == FixedPoint.NULL || quantity <= 0 ? Long.MAX_VALUE : quantity);
            order.foreign = true;
            order.execFlag = flag;
            foreignOrders++;
        }
        return order;
    }

    private TrackedOrder add(final long clientOrderId, final long pairId, final int instrumentId, final Side side, final long price, final long quantity)
    {
        final TrackedOrder order = new TrackedOrder();
        order.clientOrderId = clientOrderId;
        order.pairId = pairId;
        order.instrumentId = instrumentId;
        order.side = side;
        order.price = price;
        order.quantity = quantity;
        orders.put(clientOrderId, order);
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

    /**
     * A previous session's order this gateway took over ({@link #trackPrevious}) named by the venue
     * id it was sent under ({@code fa-<epoch>-<id>}), or null: its reports are its own, not foreign.
     */
    public TrackedOrder previous(final String venueId)
    {
        final long epoch = VenueOrderIds.epochOf(venueId);
        final TrackedOrder order = epoch <= 0 ? null : orders.get(VenueOrderIds.engineIdOf(venueId));
        return order != null && order.epoch == epoch ? order : null;
    }

    /** This session's orders not yet terminal, UNKNOWN ones included (recovery after a stream drop queries them). */
    public void forEachOpen(final java.util.function.Consumer<TrackedOrder> action)
    {
        for (final TrackedOrder order : new java.util.ArrayList<>(orders.values()))
        {
            if (!order.terminal && !order.foreign)
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
        order.unknown = false; // the venue has it
        if (order.acked || order.terminal || order.cumQty > 0 || order.foreign)
        {
            order.acked = true;
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
        return onFill(order, cumQty, cumQuote, lastPriceHint, feeOfIncrease, Asset.NULL_VAL, tsEventNs);
    }

    /**
     * As {@link #onFill(TrackedOrder, long, long, long, long, long)} with the asset the fee is in
     * ({@code Asset.NULL_VAL}: the instrument's quote).
     */
    public boolean onFill(
        final TrackedOrder order, final long cumQty, final long cumQuote, final long lastPriceHint, final long feeOfIncrease,
        final Asset feeAsset, final long tsEventNs)
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
        order.unknown = false; // the venue has it
        order.cumQty = cumQty;
        order.cumQuote = newCumQuote;
        order.cumFee += feeOfIncrease;
        order.feeAsset = feeAsset;
        final boolean filled = cumQty >= order.quantity;
        if (filled)
        {
            finish(order);
        }
        publisher.report(order, filled ? ExecType.FILL : ExecType.PARTIAL_FILL, tsEventNs, lastPrice, lastQty, feeOfIncrease, 0, null);
        return true;
    }

    /**
     * As {@link #onFill(TrackedOrder, long, long, long, long, Asset, long)} for an answer without
     * commission (Binance's order RESULT): the fill is published with {@code estimatedFee} (in the
     * instrument's quote), remembered until the venue's commission for that quantity comes
     * ({@link #onTrade}).
     */
    public boolean onEstimatedFill(
        final TrackedOrder order, final long cumQty, final long cumQuote, final long lastPriceHint, final long estimatedFee, final long tsEventNs)
    {
        final long before = order.cumQty;
        if (!onFill(order, cumQty, cumQuote, lastPriceHint, estimatedFee, Asset.NULL_VAL, tsEventNs))
        {
            return false;
        }
        order.estimatedQty += cumQty - before;
        order.estimatedFee += estimatedFee;
        return true;
    }

    /**
     * One trade as the venue's stream reports it, with its actual commission: the part of it not yet
     * published is published as a fill with {@code commission}; for the part already published with
     * an estimated fee, that share of the estimate is taken back and the commission booked instead,
     * as a fee-only report ({@link GatewayPublisher#feeCorrection}: cumQty unchanged, lastQty 0, the
     * order's FILL or PARTIAL_FILL state) so no quantity is counted twice. In the quote: one report of
     * commission − estimate share; in another asset (BNB): the estimate share taken back in the quote
     * and the commission in its asset, two reports.
     *
     * @param cumQty            the order's cumulative quantity after this trade ({@code z}).
     * @param lastQty           this trade's quantity ({@code l}).
     * @param commission        this trade's commission ({@code n}, positive = paid), 0 if none.
     * @param commissionInQuote whether {@code asset} is the instrument's quote (the estimate's asset).
     * @return true if anything was published.
     */
    public boolean onTrade(
        final TrackedOrder order, final long cumQty, final long lastQty, final long lastPrice, final long commission, final Asset asset,
        final boolean commissionInQuote, final long tsEventNs)
    {
        final long covered = cumQty == FixedPoint.NULL || lastQty == FixedPoint.NULL ? 0
            : Math.min(Math.min(lastQty, Math.max(0, order.cumQty - (cumQty - lastQty))), order.estimatedQty);
        final long share = covered <= 0 ? 0 : covered == order.estimatedQty ? order.estimatedFee
            : FixedPoint.multiply(order.estimatedFee, FixedPoint.divide(covered, order.estimatedQty));
        if (covered > 0)
        {
            order.estimatedQty -= covered;
            order.estimatedFee -= share;
        }
        if (cumQty != FixedPoint.NULL && cumQty > order.cumQty)
        {
            // the new part carries the trade's whole commission; the covered part's estimate is taken back
            onFill(order, cumQty, FixedPoint.NULL, lastPrice, commission, asset, tsEventNs);
            correct(order, -share, Asset.NULL_VAL, tsEventNs);
            return true;
        }
        if (covered <= 0)
        {
            duplicatesDropped++;
            return false;
        }
        final boolean published = commissionInQuote ? correct(order, commission - share, asset, tsEventNs)
            : correct(order, -share, Asset.NULL_VAL, tsEventNs) | correct(order, commission, asset, tsEventNs);
        if (!published)
        {
            duplicatesDropped++; // the estimate was the commission
        }
        return published;
    }

    private boolean correct(final TrackedOrder order, final long fee, final Asset asset, final long tsEventNs)
    {
        if (fee == 0)
        {
            return false;
        }
        feeCorrections++;
        order.cumFee += fee;
        publisher.feeCorrection(order, order.cumQty >= order.quantity ? ExecType.FILL : ExecType.PARTIAL_FILL, tsEventNs, fee, asset);
        return true;
    }

    /** Fee-only reports published: a venue's commission replacing an estimate. */
    public long feeCorrections()
    {
        return feeCorrections;
    }

    /** EXPIRED, CANCELED or REJECTED from the venue: once per order (a foreign order's is not published). */
    public void onTerminal(final TrackedOrder order, final ExecType type, final int code, final CharSequence reason, final long tsEventNs)
    {
        order.unknown = false;
        if (order.terminal)
        {
            duplicatesDropped++;
            return;
        }
        finish(order);
        if (!order.foreign)
        {
            publisher.report(order, type, tsEventNs, FixedPoint.NULL, 0, 0, code, reason);
        }
    }

    /**
     * The venue gave no definitive answer to the order request (transport failure, timeout, 5xx,
     * unreadable answer): the order is UNKNOWN and nothing is published until the venue is asked.
     *
     * @return true when the order became UNKNOWN now (false: already UNKNOWN, or already terminal).
     */
    public boolean onUnknown(final TrackedOrder order)
    {
        if (order.terminal || order.unknown)
        {
            return false;
        }
        order.unknown = true;
        unknownOrders++;
        return true;
    }

    /**
     * The venue says it has no such order, asked after {@link TrackedOrder#absentDefinitiveNs()}:
     * the request never reached the book. Published once as REJECTED (EXPIRED if a fill was seen
     * meanwhile) with the venue's code and message; only for an order still UNKNOWN.
     *
     * @return true if published.
     */
    public boolean onAbsent(final TrackedOrder order, final int code, final CharSequence reason, final long tsEventNs)
    {
        if (!order.unknown || order.terminal)
        {
            duplicatesDropped++;
            return false;
        }
        order.unknown = false;
        absentOrders++;
        finish(order);
        publisher.report(order, order.cumQty == 0 ? ExecType.REJECTED : ExecType.EXPIRED, tsEventNs, FixedPoint.NULL, 0, 0, code, reason);
        return true;
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

    /** Orders that became UNKNOWN (no definitive answer to the request). */
    public long unknownOrders()
    {
        return unknownOrders;
    }

    /** UNKNOWN orders the venue said it never had (published REJECTED). */
    public long absentOrders()
    {
        return absentOrders;
    }

    /** Orders of other sessions seen in venue reports. */
    public long foreignOrders()
    {
        return foreignOrders;
    }

    public int size()
    {
        return orders.size();
    }
}
