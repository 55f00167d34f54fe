package io.fundingarb.engine.paper;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Asset;
import io.fundingarb.codecs.sbe.ExecFlag;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.ExecutionReportEncoder;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.Venue;
import org.agrona.MutableDirectBuffer;

/**
 * What the engine's own fill models share (the PaperGateway's fills against live books, the
 * backtest's against modelled ones): the ExecutionReport a simulated fill publishes, and the
 * average-cost position it updates. One thread per instance.
 */
public final class SimulatedFills
{
    private final EventSink sink;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ExecutionReportEncoder report = new ExecutionReportEncoder();

    public SimulatedFills(final EventSink sink)
    {
        this.sink = sink;
    }

    /** Publishes an ExecutionReport of a simulated order; fees are in the instrument's quote. */
    public void publish(
        final int venue, final long nowNs, final ExecType type, final long clientOrderId, final long pairId, final int instrumentId,
        final Side side, final long lastPrice, final long lastQty, final long cumQty, final long leavesQty, final long fee)
    {
        final long seq = sink.claim();
        final MutableDirectBuffer buffer = sink.buffer(seq);
        report.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .tsInitNs(nowNs)
            .tsEventNs(nowNs)
            .clientOrderId(clientOrderId)
            .pairId(pairId)
            .instrumentId(instrumentId)
            .venue(Venue.get((short)venue))
            .side(side)
            .execType(type)
            .lastPrice(lastPrice)
            .lastQty(lastQty)
            .cumQty(cumQty)
            .leavesQty(leavesQty)
            .fee(fee)
            .rejectCode(0)
            .feeAsset(Asset.NULL_VAL) // simulated fees are in the instrument's quote
            .execFlag(ExecFlag.NONE)
            .reason("");
        sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength());
    }

    /**
     * Applies a fill to an average-cost position ({@code position} base, {@code cost} signed quote
     * notional of it): the new position and cost go to {@code out[0]} and {@code out[1]}; returns
     * the PnL the fill realised (a reducing fill releases its share of the cost; what goes beyond
     * flat opens a position the other way at the fill's price).
     */
    public static long fill(
        final long position, final long cost, final boolean buy, final long qty, final long price, final long notional, final long[] out)
    {
        final long signedQty = buy ? qty : -qty;
        final long signedNotional = buy ? notional : -notional;
        if (position == 0 || (position > 0) == buy)
        {
            out[0] = position + signedQty;
            out[1] = cost + signedNotional;
            return 0;
        }
        final long open = Math.abs(position);
        final long closing = Math.min(qty, open);
        final long releasedCost = closing == open ? cost : FixedPoint.multiply(cost, FixedPoint.divide(closing, open));
        final long closingNotional = closing == qty ? signedNotional : (buy ? 1 : -1) * FixedPoint.multiply(price, closing);
        out[0] = position + signedQty;
        out[1] = closing < qty ? signedNotional - closingNotional : cost - releasedCost;
        return -(releasedCost + closingNotional);
    }
}
