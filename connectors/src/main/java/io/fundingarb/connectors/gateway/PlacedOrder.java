package io.fundingarb.connectors.gateway;

import io.fundingarb.codecs.sbe.BooleanType;
import io.fundingarb.codecs.sbe.OrderCommandDecoder;
import io.fundingarb.codecs.sbe.OrderType;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.TimeInForce;

/**
 * What a gateway's I/O loop needs of an order command once the ring slot is reused: its tracking,
 * and what to encode it again from if it falls back to REST.
 *
 * @param absentNs after this, a request not yet arrived is refused by the venue (signed timestamp + recvWindow + margin).
 */
public record PlacedOrder(
    long clientOrderId, long pairId, int instrumentId, Side side, long price, long quantity, OrderType type, TimeInForce tif,
    boolean reduceOnly, long absentNs)
{
    public static PlacedOrder of(final OrderCommandDecoder order, final long absentNs)
    {
        return new PlacedOrder(order.clientOrderId(), order.pairId(), order.instrumentId(), order.side(), order.price(), order.quantity(),
            order.orderType(), order.timeInForce(), order.reduceOnly() == BooleanType.TRUE, absentNs);
    }

    /** Tracks the order (I/O loop). */
    public TrackedOrder track(final OrderTracker tracker)
    {
        return tracker.track(clientOrderId, pairId, instrumentId, side, price, quantity, absentNs);
    }
}
