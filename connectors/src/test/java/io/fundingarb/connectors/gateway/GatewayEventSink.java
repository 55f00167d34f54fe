package io.fundingarb.connectors.gateway;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.BalanceUpdateDecoder;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.ExecutionReportDecoder;
import io.fundingarb.codecs.sbe.FundingPaymentDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.transport.Waits;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/** Test sink for gateways: decodes every committed report, funding payment, balance and position snapshot; waits on them. */
public final class GatewayEventSink implements EventSink
{
    public record Report(
        long tsInitNs, long clientOrderId, long pairId, int instrumentId, Venue venue, Side side, ExecType execType, long lastPrice,
        long lastQty, long cumQty, long leavesQty, long fee, int rejectCode, String reason, io.fundingarb.codecs.sbe.Asset feeAsset,
        io.fundingarb.codecs.sbe.ExecFlag execFlag)
    {
        @Override
        public String toString()
        {
            return execType + "{id=" + clientOrderId + " last=" + FixedPoint.toString(lastQty) + "@" + FixedPoint.toString(lastPrice) +
                " cum=" + FixedPoint.toString(cumQty) + " leaves=" + FixedPoint.toString(leavesQty) + " fee=" + FixedPoint.toString(fee) +
                " code=" + rejectCode + " reason=" + reason + "}";
        }
    }

    public record Funding(int instrumentId, Venue venue, long amount, long fundingRate, long positionQty)
    {
    }

    public record Balance(Venue venue, Quote asset, long walletBalance, long availableBalance)
    {
    }

    public record Position(
        Venue venue, int instrumentId, long quantity, long entryPrice, long markPrice, long liquidationPrice, long maintenanceMargin,
        int leverage, io.fundingarb.codecs.sbe.MarginMode marginMode, io.fundingarb.codecs.sbe.PositionSource source, long batchId,
        int batchIndex, int batchSize)
    {
    }

    private final io.fundingarb.codecs.sbe.PositionSnapshotDecoder position = new io.fundingarb.codecs.sbe.PositionSnapshotDecoder();
    private final List<UnsafeBuffer> slots = new ArrayList<>();
    private final List<Object> events = new ArrayList<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ExecutionReportDecoder report = new ExecutionReportDecoder();
    private final FundingPaymentDecoder funding = new FundingPaymentDecoder();
    private final BalanceUpdateDecoder balance = new BalanceUpdateDecoder();
    private final io.fundingarb.codecs.sbe.VenueStatusDecoder status = new io.fundingarb.codecs.sbe.VenueStatusDecoder();

    /** VenueStatus events of the private stream as "STREAM:STATE:detail". */
    public synchronized List<String> statuses()
    {
        final List<String> out = new ArrayList<>();
        for (final Object e : events)
        {
            if (e instanceof String)
            {
                out.add((String)e);
            }
        }
        return out;
    }

    @Override
    public synchronized long claim()
    {
        slots.add(new UnsafeBuffer(new byte[1024]));
        return slots.size() - 1;
    }

    @Override
    public long tryClaim()
    {
        return claim();
    }

    @Override
    public synchronized MutableDirectBuffer buffer(final long sequence)
    {
        return slots.get((int)sequence);
    }

    @Override
    public int maxMessageLength()
    {
        return 1024;
    }

    @Override
    public synchronized void commit(final long sequence, final int length)
    {
        final UnsafeBuffer buffer = slots.get((int)sequence);
        header.wrap(buffer, 0);
        switch (header.templateId())
        {
            case ExecutionReportDecoder.TEMPLATE_ID:
                report.wrapAndApplyHeader(buffer, 0, header);
                events.add(new Report(report.tsInitNs(), report.clientOrderId(), report.pairId(), report.instrumentId(), report.venue(),
                    report.side(), report.execType(), report.lastPrice(), report.lastQty(), report.cumQty(), report.leavesQty(), report.fee(),
                    report.rejectCode(), report.reason(), report.feeAsset(), report.execFlag()));
                break;
            case FundingPaymentDecoder.TEMPLATE_ID:
                funding.wrapAndApplyHeader(buffer, 0, header);
                events.add(new Funding(funding.instrumentId(), funding.venue(), funding.amount(), funding.fundingRate(), funding.positionQty()));
                break;
            case BalanceUpdateDecoder.TEMPLATE_ID:
                balance.wrapAndApplyHeader(buffer, 0, header);
                events.add(new Balance(balance.venue(), balance.asset(), balance.walletBalance(), balance.availableBalance()));
                break;
            case io.fundingarb.codecs.sbe.VenueStatusDecoder.TEMPLATE_ID:
                status.wrapAndApplyHeader(buffer, 0, header);
                events.add(status.stream() + ":" + status.state() + ":" + status.detail());
                break;
            case io.fundingarb.codecs.sbe.PositionSnapshotDecoder.TEMPLATE_ID:
                position.wrapAndApplyHeader(buffer, 0, header);
                events.add(new Position(position.venue(), position.instrumentId(), position.quantity(), position.entryPrice(),
                    position.markPrice(), position.liquidationPrice(), position.maintenanceMargin(), position.leverage(), position.marginMode(),
                    position.source(), position.batchId(), position.batchIndex(), position.batchSize()));
                break;
            default:
                events.add(header.templateId());
        }
        notifyAll();
    }

    @Override
    public synchronized void abort(final long sequence)
    {
        notifyAll();
    }

    /** Every event published, in order (reports, fundings, balances, positions, statuses). */
    public synchronized List<Object> events()
    {
        return new ArrayList<>(events);
    }

    public synchronized List<Report> reports()
    {
        final List<Report> out = new ArrayList<>();
        for (final Object e : events)
        {
            if (e instanceof Report)
            {
                out.add((Report)e);
            }
        }
        return out;
    }

    public List<Report> reports(final long clientOrderId)
    {
        final List<Report> out = new ArrayList<>();
        for (final Report r : reports())
        {
            if (r.clientOrderId() == clientOrderId)
            {
                out.add(r);
            }
        }
        return out;
    }

    public synchronized List<Funding> fundings()
    {
        final List<Funding> out = new ArrayList<>();
        for (final Object e : events)
        {
            if (e instanceof Funding)
            {
                out.add((Funding)e);
            }
        }
        return out;
    }

    public synchronized List<Balance> balances()
    {
        final List<Balance> out = new ArrayList<>();
        for (final Object e : events)
        {
            if (e instanceof Balance)
            {
                out.add((Balance)e);
            }
        }
        return out;
    }

    /** Balances of {@code asset}, in publication order. */
    public List<Balance> balances(final Quote asset)
    {
        return balances().stream().filter(b -> b.asset() == asset).toList();
    }

    public synchronized List<Position> positions()
    {
        final List<Position> out = new ArrayList<>();
        for (final Object e : events)
        {
            if (e instanceof Position)
            {
                out.add((Position)e);
            }
        }
        return out;
    }

    /** Snapshots of {@code source}, in publication order. */
    public List<Position> positions(final io.fundingarb.codecs.sbe.PositionSource source)
    {
        return positions().stream().filter(p -> p.source() == source).toList();
    }

    /** Waits until {@code condition} holds on this sink; false on timeout. */
    public synchronized boolean await(final Predicate<GatewayEventSink> condition, final long timeoutMs) throws InterruptedException
    {
        return Waits.await(this, () -> condition.test(this), timeoutMs);
    }

    /** Waits for a terminal report (FILL, EXPIRED, CANCELED, REJECTED) of {@code clientOrderId}. */
    public boolean awaitTerminal(final long clientOrderId, final long timeoutMs) throws InterruptedException
    {
        return await(s -> s.reports(clientOrderId).stream().anyMatch(r -> r.execType() == ExecType.FILL || r.execType() == ExecType.EXPIRED ||
            r.execType() == ExecType.CANCELED || r.execType() == ExecType.REJECTED), timeoutMs);
    }
}
