package io.fundingarb.connectors.gateway;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Asset;
import io.fundingarb.codecs.sbe.BalanceUpdateEncoder;
import io.fundingarb.codecs.sbe.ExecFlag;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.ExecutionReportEncoder;
import io.fundingarb.codecs.sbe.FundingPaymentEncoder;
import io.fundingarb.codecs.sbe.MarginMode;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.PositionSnapshotEncoder;
import io.fundingarb.codecs.sbe.PositionSource;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.Venue;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Encodes what a gateway learns onto the inbound ring: {@code ExecutionReport},
 * {@code FundingPayment}, {@code BalanceUpdate}, {@code PositionSnapshot}, each stamped with {@code tsInitNs} from the
 * injected clock. Reject reasons are the venue's message, truncated to the schema's limit, with
 * any occurrence of the API key or secret masked (a venue may echo a request back). Used from
 * one thread at a time (the gateway's I/O thread, or its command thread for local rejects,
 * each with its own publisher).
 */
public final class GatewayPublisher
{
    /** Longest reason kept (the schema allows 1024; slots are smaller). */
    public static final int MAX_REASON_LENGTH = 200;

    private final EventSink sink;
    private final EpochNanoClock clock;
    private final Venue venue;
    private final String[] secrets;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ExecutionReportEncoder report = new ExecutionReportEncoder();
    private final FundingPaymentEncoder funding = new FundingPaymentEncoder();
    private final BalanceUpdateEncoder balance = new BalanceUpdateEncoder();
    private final PositionSnapshotEncoder position = new PositionSnapshotEncoder();
    private final StringBuilder reasonText = new StringBuilder(MAX_REASON_LENGTH);
    private long published;

    /**
     * @param secrets strings that must never reach the ring (API key, secret); masked in reasons.
     */
    public GatewayPublisher(final EventSink sink, final EpochNanoClock clock, final Venue venue, final String... secrets)
    {
        this.sink = sink;
        this.clock = clock;
        this.venue = venue;
        this.secrets = secrets.clone();
    }

    public Venue venue()
    {
        return venue;
    }

    public long nowNs()
    {
        return clock.nanoTime();
    }

    /** A report of a tracked order; {@code leavesQty} and {@code cumQty} come from the order. */
    public void report(
        final TrackedOrder order, final ExecType type, final long tsEventNs, final long lastPrice, final long lastQty,
        final long fee, final int rejectCode, final CharSequence reason)
    {
        publishReport(order.clientOrderId, order.pairId, order.instrumentId, order.side, type, tsEventNs, lastPrice, lastQty,
            order.cumQty, order.leavesQty(), fee, order.feeAsset, order.execFlag, rejectCode, reason);
    }

    /**
     * A fee-only report of {@code order} (a correction): its cumQty and leavesQty as they are,
     * lastQty 0 and no last price, {@code fee} in {@code feeAsset}.
     */
    public void feeCorrection(final TrackedOrder order, final ExecType type, final long tsEventNs, final long fee, final Asset feeAsset)
    {
        publishReport(order.clientOrderId, order.pairId, order.instrumentId, order.side, type, tsEventNs, FixedPoint.NULL, 0,
            order.cumQty, order.leavesQty(), fee, feeAsset, order.execFlag, 0, null);
    }

    /** A reject of an order that was never tracked (refused locally before sending). */
    public void reject(
        final long clientOrderId, final long pairId, final int instrumentId, final Side side, final long quantity,
        final int rejectCode, final CharSequence reason)
    {
        publishReport(clientOrderId, pairId, instrumentId, side, ExecType.REJECTED, clock.nanoTime(), FixedPoint.NULL, 0, 0, 0, 0,
            Asset.NULL_VAL, ExecFlag.NONE, rejectCode, reason);
    }

    private void publishReport(
        final long clientOrderId, final long pairId, final int instrumentId, final Side side, final ExecType type,
        final long tsEventNs, final long lastPrice, final long lastQty, final long cumQty, final long leavesQty, final long fee,
        final Asset feeAsset, final ExecFlag execFlag, final int rejectCode, final CharSequence reason)
    {
        final long seq = sink.claim();
        try
        {
            final MutableDirectBuffer buffer = sink.buffer(seq);
            report.wrapAndApplyHeader(buffer, 0, header)
                .tsInitNs(clock.nanoTime())
                .tsEventNs(tsEventNs)
                .clientOrderId(clientOrderId)
                .pairId(pairId)
                .instrumentId(instrumentId)
                .venue(venue)
                .side(side == null ? Side.BUY : side)
                .execType(type)
                .lastPrice(lastPrice)
                .lastQty(lastQty)
                .cumQty(cumQty)
                .leavesQty(leavesQty)
                .fee(fee)
                .rejectCode(rejectCode)
                .feeAsset(feeAsset)
                .execFlag(execFlag)
                .reason(sanitise(reason));
            sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength());
            published++;
        }
        catch (final RuntimeException ex)
        {
            sink.abort(seq);
            throw ex;
        }
    }

    /** A funding settlement on a position. */
    public void funding(final int instrumentId, final long tsEventNs, final long amount, final long fundingRate, final long positionQty)
    {
        final long seq = sink.claim();
        try
        {
            funding.wrapAndApplyHeader(sink.buffer(seq), 0, header)
                .tsInitNs(clock.nanoTime())
                .tsEventNs(tsEventNs)
                .instrumentId(instrumentId)
                .venue(venue)
                .amount(amount)
                .fundingRate(fundingRate)
                .positionQty(positionQty);
            sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + funding.encodedLength());
            published++;
        }
        catch (final RuntimeException ex)
        {
            sink.abort(seq);
            throw ex;
        }
    }

    /** A wallet balance. */
    public void balance(final Quote asset, final long tsEventNs, final long walletBalance, final long availableBalance)
    {
        final long seq = sink.claim();
        try
        {
            balance.wrapAndApplyHeader(sink.buffer(seq), 0, header)
                .tsInitNs(clock.nanoTime())
                .tsEventNs(tsEventNs)
                .venue(venue)
                .asset(asset)
                .walletBalance(walletBalance)
                .availableBalance(availableBalance);
            sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + balance.encodedLength());
            published++;
        }
        catch (final RuntimeException ex)
        {
            sink.abort(seq);
            throw ex;
        }
    }

    /**
     * One instrument's position as the venue reports it, one element of a batch (see the schema's
     * PositionSnapshot): {@code quantity} signed base units, NULL prices/margin where the venue gives none.
     */
    public void position(
        final int instrumentId, final long tsEventNs, final long quantity, final long entryPrice, final long markPrice,
        final long liquidationPrice, final long maintenanceMargin, final int leverage, final MarginMode marginMode,
        final PositionSource source, final long batchId, final int batchIndex, final int batchSize)
    {
        final long seq = sink.claim();
        try
        {
            position.wrapAndApplyHeader(sink.buffer(seq), 0, header)
                .tsInitNs(clock.nanoTime())
                .tsEventNs(tsEventNs)
                .venue(venue)
                .instrumentId(instrumentId)
                .quantity(quantity)
                .entryPrice(entryPrice)
                .markPrice(markPrice)
                .liquidationPrice(liquidationPrice)
                .maintenanceMargin(maintenanceMargin)
                .leverage(leverage)
                .marginMode(marginMode)
                .source(source)
                .batchId(batchId)
                .batchIndex(batchIndex)
                .batchSize(batchSize);
            sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + position.encodedLength());
            published++;
        }
        catch (final RuntimeException ex)
        {
            sink.abort(seq);
            throw ex;
        }
    }

    /** Events published so far. */
    public long published()
    {
        return published;
    }

    private String sanitise(final CharSequence reason)
    {
        if (reason == null || reason.length() == 0)
        {
            return "";
        }
        reasonText.setLength(0);
        for (int i = 0, n = Math.min(reason.length(), MAX_REASON_LENGTH); i < n; i++)
        {
            final char c = reason.charAt(i);
            reasonText.append(c < 0x20 || c > 0x7E ? '?' : c);
        }
        String text = reasonText.toString();
        for (final String secret : secrets)
        {
            if (secret != null && !secret.isEmpty() && text.contains(secret))
            {
                text = text.replace(secret, "***");
            }
        }
        return text;
    }

    @Override
    public String toString()
    {
        return "GatewayPublisher{venue=" + venue + ", published=" + published + "}";
    }
}
