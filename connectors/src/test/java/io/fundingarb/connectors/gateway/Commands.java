package io.fundingarb.connectors.gateway;

import io.fundingarb.codecs.CommandHandler;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.BooleanType;
import io.fundingarb.codecs.sbe.CancelCommandEncoder;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.OrderCommandEncoder;
import io.fundingarb.codecs.sbe.OrderType;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.TimeInForce;
import io.fundingarb.codecs.sbe.Venue;
import org.agrona.concurrent.UnsafeBuffer;

/** Encodes outbound commands the way ExecutionStage does and hands them to a gateway. */
public final class Commands
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final OrderCommandEncoder order = new OrderCommandEncoder();
    private final CancelCommandEncoder cancel = new CancelCommandEncoder();

    /** An IOC limit order. */
    public void ioc(
        final CommandHandler gateway, final Venue venue, final long clientOrderId, final int instrumentId, final Side side,
        final String price, final String quantity)
    {
        order(gateway, venue, clientOrderId, instrumentId, side, OrderType.LIMIT, TimeInForce.IOC, false, price, quantity);
    }

    public void order(
        final CommandHandler gateway, final Venue venue, final long clientOrderId, final int instrumentId, final Side side,
        final OrderType type, final TimeInForce tif, final boolean reduceOnly, final String price, final String quantity)
    {
        order.wrapAndApplyHeader(buffer, 0, header)
            .tsInitNs(1)
            .eventSeq(1)
            .clientOrderId(clientOrderId)
            .pairId(clientOrderId / 10)
            .instrumentId(instrumentId)
            .venue(venue)
            .side(side)
            .orderType(type)
            .timeInForce(tif)
            .reduceOnly(reduceOnly ? BooleanType.TRUE : BooleanType.FALSE)
            .price(FixedPoint.parse(price))
            .quantity(FixedPoint.parse(quantity));
        gateway.onCommand(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + order.encodedLength(), true);
    }

    public void cancel(final CommandHandler gateway, final Venue venue, final long clientOrderId, final int instrumentId)
    {
        cancel.wrapAndApplyHeader(buffer, 0, header)
            .tsInitNs(1)
            .eventSeq(1)
            .clientOrderId(clientOrderId)
            .instrumentId(instrumentId)
            .venue(venue);
        gateway.onCommand(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + cancel.encodedLength(), true);
    }
}
