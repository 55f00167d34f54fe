package io.fundingarb.engine;

import io.fundingarb.codecs.CommandHandler;
import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Asset;
import io.fundingarb.codecs.sbe.BalanceUpdateEncoder;
import io.fundingarb.codecs.sbe.BooleanType;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.ExecutionReportEncoder;
import io.fundingarb.codecs.sbe.FundingPaymentEncoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.OrderCommandDecoder;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.Venue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.DirectBuffer;

/**
 * Test venues behind the outbound ring: each OrderCommand is answered at once with execution
 * reports according to the venue's mode, filled at the price the test set for the instrument
 * (its touch), never worse than the order's limit, with the venue's taker fee. Keeps positions,
 * pays funding on request, and records every fill so a test can compute the exact expected PnL.
 */
public final class FakeVenues implements CommandHandler
{
    /** How a venue answers the next orders. */
    public enum Mode
    {
        FILL, REJECT, HALF, SILENT
    }

    /** One fill, as the venue made it; {@code fee} in the quote (a fee charged in BNB: its value at the venue's BNB price). */
    public record Fill(long clientOrderId, int instrumentId, boolean buy, long price, long qty, long fee)
    {
    }

    /** An order a SILENT venue took and never answered (yet). */
    public record SilentOrder(long clientOrderId, long pairId, int instrumentId, Venue venue, boolean buy, long price, long qty)
    {
    }

    private final EventSink sink;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OrderCommandDecoder order = new OrderCommandDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ExecutionReportEncoder report = new ExecutionReportEncoder();
    private final FundingPaymentEncoder payment = new FundingPaymentEncoder();
    private final BalanceUpdateEncoder balance = new BalanceUpdateEncoder();
    private final Map<Venue, Mode> modes = new HashMap<>();
    private final Map<Venue, Integer> modeOrdersLeft = new HashMap<>();
    private final Map<Venue, Long> reduceOnlyRejectUntilNs = new HashMap<>();
    private final Map<Venue, Integer> reduceOnlyRejectsLeft = new HashMap<>();
    private final List<SilentOrder> silent = new ArrayList<>();
    private final Map<Venue, Long> takerFees = new HashMap<>();
    private final Map<Integer, Long> bids = new HashMap<>();
    private final Map<Integer, Long> asks = new HashMap<>();
    private final Map<Integer, Long> positions = new HashMap<>();
    private int reduceOnlyRefused;
    private final List<Fill> fills = new ArrayList<>();
    private final List<Long> fundingPaid = new ArrayList<>();
    private final Map<Venue, Long> bnbPrice = new HashMap<>();
    private final List<Long> feeCorrections = new ArrayList<>();
    private final AtomicInteger orders = new AtomicInteger();

    public FakeVenues(final EventSink sink)
    {
        this.sink = sink;
        takerFees.put(Venue.BINANCE, FixedPoint.parse("0.0005"));
        takerFees.put(Venue.BYBIT, FixedPoint.parse("0.00055"));
        takerFees.put(Venue.OKX, FixedPoint.parse("0.0005"));
    }

    /** The next {@code count} orders on {@code venue} get {@code mode}; later ones are filled. */
    public synchronized FakeVenues mode(final Venue venue, final Mode mode, final int count)
    {
        modes.put(venue, mode);
        modeOrdersLeft.put(venue, count);
        return this;
    }

    /** The venue charges its fees in BNB from now on, converted at {@code price} (quote per BNB), as a Binance account paying fees in BNB. */
    public synchronized FakeVenues payFeesInBnb(final Venue venue, final long price)
    {
        bnbPrice.put(venue, price);
        return this;
    }

    /**
     * A fee-only report for an order already filled: {@code fee} more in the quote (negative: less),
     * cumQty unchanged, lastQty 0, no lastPrice, as a gateway publishes the venue's commission
     * replacing the estimate it booked with a fill learned without one.
     */
    public synchronized void correctFee(final long ts, final Fill fill, final Venue venue, final long fee)
    {
        feeCorrections.add(fee);
        final long seq = sink.claim();
        report.wrapAndApplyHeader(sink.buffer(seq), 0, headerEncoder)
            .tsInitNs(ts).tsEventNs(ts)
            .clientOrderId(fill.clientOrderId()).pairId(fill.clientOrderId() >>> 6).instrumentId(fill.instrumentId())
            .venue(venue).side(fill.buy() ? Side.BUY : Side.SELL).execType(ExecType.FILL)
            .lastPrice(FixedPoint.NULL).lastQty(0).cumQty(fill.qty()).leavesQty(0).fee(fee).rejectCode(0)
            .feeAsset(Asset.NULL_VAL).execFlag(io.fundingarb.codecs.sbe.ExecFlag.NONE)
            .reason("");
        sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength());
    }

    /** Fee corrections published (quote, 1e-9). */
    public synchronized long feeCorrectionTotal()
    {
        return feeCorrections.stream().mapToLong(Long::longValue).sum();
    }

    /** The fee a venue charges for a quote fee: in BNB when it pays fees in BNB (rounded down at 1e-9), else the quote fee. */
    private long charged(final Venue venue, final long quoteFee)
    {
        final Long price = bnbPrice.get(venue);
        return price == null ? quoteFee : FixedPoint.divide(quoteFee, price);
    }

    /** What a charged fee is worth in the quote at the venue's BNB price. */
    private long valued(final Venue venue, final long charged)
    {
        final Long price = bnbPrice.get(venue);
        return price == null ? charged : FixedPoint.multiply(charged, price);
    }

    private Asset feeAsset(final Venue venue)
    {
        return bnbPrice.containsKey(venue) ? Asset.BNB : Asset.NULL_VAL; // none: the instrument's quote
    }

    /** Rejects every reduce-only order on {@code venue} sent before {@code untilNs} (event time), as a venue blocking a client for a while does. */
    public synchronized FakeVenues rejectReduceOnlyUntil(final Venue venue, final long untilNs)
    {
        reduceOnlyRejectUntilNs.put(venue, untilNs);
        return this;
    }

    /** Rejects the next {@code count} reduce-only orders on {@code venue}. */
    public synchronized FakeVenues rejectReduceOnly(final Venue venue, final int count)
    {
        reduceOnlyRejectsLeft.put(venue, count);
        return this;
    }

    /** The orders a SILENT venue has not answered. */
    public synchronized List<SilentOrder> silentOrders()
    {
        return new ArrayList<>(silent);
    }

    /** A silent order fills in full now, late: the venue's report arrives after the engine gave up on it. */
    public synchronized void fillLate(final long ts, final SilentOrder o)
    {
        silent.remove(o);
        publishFill(ts, o.clientOrderId(), o.pairId(), o.instrumentId(), o.venue(), o.buy(), fillPrice(o.buy(), o.instrumentId(), o.price()), o.qty());
    }

    /** A fill the engine never asked for (an unknown order id, an order of a pair long finished), at the touch. */
    public synchronized void injectFill(final long ts, final long clientOrderId, final int instrumentId, final Venue venue, final boolean buy, final long qty)
    {
        final long limit = buy ? Long.MAX_VALUE : 0;
        publishFill(ts, clientOrderId, clientOrderId >>> 6, instrumentId, venue, buy, fillPrice(buy, instrumentId, limit), qty);
    }

    private void publishFill(
        final long ts, final long clientOrderId, final long pairId, final int instrumentId, final Venue venue, final boolean buy, final long price,
        final long qty)
    {
        final long fee = charged(venue, fee(venue, price, qty));
        fills.add(new Fill(clientOrderId, instrumentId, buy, price, qty, valued(venue, fee)));
        positions.merge(instrumentId, buy ? qty : -qty, Long::sum);
        final long seq = sink.claim();
        report.wrapAndApplyHeader(sink.buffer(seq), 0, headerEncoder)
            .tsInitNs(ts).tsEventNs(ts)
            .clientOrderId(clientOrderId).pairId(pairId).instrumentId(instrumentId)
            .venue(venue).side(buy ? Side.BUY : Side.SELL).execType(ExecType.FILL)
            .lastPrice(price).lastQty(qty).cumQty(qty).leavesQty(0).fee(fee).rejectCode(0)
            .feeAsset(feeAsset(venue)).execFlag(io.fundingarb.codecs.sbe.ExecFlag.NONE)
            .reason("");
        sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength());
    }

    public synchronized void touch(final int instrumentId, final long bid, final long ask)
    {
        bids.put(instrumentId, bid);
        asks.put(instrumentId, ask);
    }

    /** Reduce-only orders refused because they would not have reduced the venue's position. */
    public synchronized int reduceOnlyRefused()
    {
        return reduceOnlyRefused;
    }

    public synchronized List<Fill> fills()
    {
        return new ArrayList<>(fills);
    }

    public synchronized long position(final int instrumentId)
    {
        return positions.getOrDefault(instrumentId, 0L);
    }

    /** Sets what the venue holds, as if filled while no engine listened (a crash, an operator's order). */
    public synchronized void setPosition(final int instrumentId, final long qty)
    {
        positions.put(instrumentId, qty);
    }

    /** Every position, to carry the venues' accounts into the next engine session. */
    public synchronized Map<Integer, Long> positions()
    {
        return new HashMap<>(positions);
    }

    public synchronized long fundingTotal()
    {
        return fundingPaid.stream().mapToLong(Long::longValue).sum();
    }

    public int orders()
    {
        return orders.get();
    }

    @Override
    public synchronized void onCommand(final DirectBuffer buffer, final int offset, final int length, final boolean endOfBatch)
    {
        header.wrap(buffer, offset);
        if (header.templateId() != OrderCommandDecoder.TEMPLATE_ID)
        {
            return;
        }
        order.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        orders.incrementAndGet();
        final Venue venue = order.venue();
        Mode mode = modes.getOrDefault(venue, Mode.FILL);
        if (mode != Mode.FILL)
        {
            final int left = modeOrdersLeft.getOrDefault(venue, 0);
            modeOrdersLeft.put(venue, left - 1);
            if (left <= 0)
            {
                modes.remove(venue);
                mode = Mode.FILL;
            }
        }
        final long ts = order.tsInitNs() + 1;
        long qty = order.quantity();
        final boolean buy = order.side() == Side.BUY;
        if (order.reduceOnly() == BooleanType.TRUE && blocksReduceOnly(venue, order.tsInitNs()))
        {
            mode = Mode.REJECT;
        }
        if (order.reduceOnly() == BooleanType.TRUE && mode != Mode.SILENT)
        {
            // as the venues do: a reduce-only order never opens or increases a position; it is
            // rejected when there is nothing on the other side, and reduces at most to flat
            final long position = positions.getOrDefault(order.instrumentId(), 0L);
            final long reducible = buy ? -position : position;
            if (reducible <= 0)
            {
                reduceOnlyRefused++;
                publishReport(ts, ExecType.REJECTED, 0, 0, 0, qty, 0, "ReduceOnly Order is rejected.");
                return;
            }
            qty = Math.min(qty, reducible);
        }
        switch (mode)
        {
            case SILENT:
                silent.add(new SilentOrder(order.clientOrderId(), order.pairId(), order.instrumentId(), venue, buy, order.price(), qty));
                return;
            case REJECT:
                publishReport(ts, ExecType.REJECTED, 0, 0, 0, qty, 0, "Margin is insufficient.");
                return;
            case HALF:
                final long half = qty / 2 / 1_000_000L * 1_000_000L;
                final long halfPrice = fillPrice(buy, order.instrumentId(), order.price());
                final long halfFee = charged(venue, fee(venue, halfPrice, half));
                record(buy, halfPrice, half, halfFee);
                publishReport(ts, ExecType.PARTIAL_FILL, halfPrice, half, half, qty - half, halfFee, "");
                publishReport(ts, ExecType.EXPIRED, 0, 0, half, 0, 0, "");
                return;
            default:
                final long price = fillPrice(buy, order.instrumentId(), order.price());
                final long fee = charged(venue, fee(venue, price, qty));
                record(buy, price, qty, fee);
                if (qty < order.quantity())
                {
                    publishReport(ts, ExecType.PARTIAL_FILL, price, qty, qty, order.quantity() - qty, fee, "");
                    publishReport(ts, ExecType.EXPIRED, 0, 0, qty, 0, 0, "reduce-only: reduced to flat");
                    return;
                }
                publishReport(ts, ExecType.FILL, price, qty, qty, 0, fee, "");
        }
    }

    private boolean blocksReduceOnly(final Venue venue, final long tsNs)
    {
        if (tsNs < reduceOnlyRejectUntilNs.getOrDefault(venue, Long.MIN_VALUE))
        {
            return true;
        }
        final int left = reduceOnlyRejectsLeft.getOrDefault(venue, 0);
        if (left > 0)
        {
            reduceOnlyRejectsLeft.put(venue, left - 1);
            return true;
        }
        return false;
    }

    private long fillPrice(final boolean buy, final int instrumentId, final long limit)
    {
        final Long touch = buy ? asks.get(instrumentId) : bids.get(instrumentId);
        if (touch == null)
        {
            return limit;
        }
        return buy ? Math.min(touch, limit) : Math.max(touch, limit);
    }

    private long fee(final Venue venue, final long price, final long qty)
    {
        return FixedPoint.multiply(FixedPoint.multiply(price, qty), takerFees.getOrDefault(venue, 0L));
    }

    private void record(final boolean buy, final long price, final long qty, final long charged)
    {
        fills.add(new Fill(order.clientOrderId(), order.instrumentId(), buy, price, qty, valued(order.venue(), charged)));
        positions.merge(order.instrumentId(), buy ? qty : -qty, Long::sum);
    }

    private void publishReport(
        final long ts, final ExecType type, final long price, final long lastQty, final long cumQty, final long leaves, final long fee, final String reason)
    {
        final long seq = sink.claim();
        report.wrapAndApplyHeader(sink.buffer(seq), 0, headerEncoder)
            .tsInitNs(ts).tsEventNs(ts)
            .clientOrderId(order.clientOrderId()).pairId(order.pairId()).instrumentId(order.instrumentId())
            .venue(order.venue()).side(order.side()).execType(type)
            .lastPrice(price).lastQty(lastQty).cumQty(cumQty).leavesQty(leaves).fee(fee).rejectCode(type == ExecType.REJECTED ? -2019 : 0)
            .feeAsset(feeAsset(order.venue())).execFlag(io.fundingarb.codecs.sbe.ExecFlag.NONE)
            .reason(reason);
        sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength());
    }

    /** Settles funding on the venue's position in an instrument: amount = −position × mark × rate. */
    public synchronized long settle(final long ts, final int instrumentId, final Venue venue, final long rate, final long mark)
    {
        final long position = positions.getOrDefault(instrumentId, 0L);
        final long amount = -FixedPoint.multiply(FixedPoint.multiply(position, mark), rate);
        fundingPaid.add(amount);
        final long seq = sink.claim();
        payment.wrapAndApplyHeader(sink.buffer(seq), 0, headerEncoder)
            .tsInitNs(ts).tsEventNs(ts).instrumentId(instrumentId).venue(venue)
            .amount(amount).fundingRate(rate).positionQty(position);
        sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + payment.encodedLength());
        return amount;
    }

    public void balance(final long ts, final Venue venue, final long available)
    {
        final long seq = sink.claim();
        balance.wrapAndApplyHeader(sink.buffer(seq), 0, headerEncoder)
            .tsInitNs(ts).tsEventNs(ts).venue(venue).asset(Quote.USDT).walletBalance(available).availableBalance(available);
        sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + balance.encodedLength());
    }
}
