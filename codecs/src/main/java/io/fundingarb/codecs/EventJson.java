package io.fundingarb.codecs;

import io.fundingarb.codecs.sbe.Asset;
import io.fundingarb.codecs.sbe.BalanceUpdateDecoder;
import io.fundingarb.codecs.sbe.BookUpdateDecoder;
import io.fundingarb.codecs.sbe.CancelCommandDecoder;
import io.fundingarb.codecs.sbe.ExecFlag;
import io.fundingarb.codecs.sbe.ExecutionReportDecoder;
import io.fundingarb.codecs.sbe.FundingPaymentDecoder;
import io.fundingarb.codecs.sbe.FundingUpdateDecoder;
import io.fundingarb.codecs.sbe.InstrumentDefinitionDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.OperatorCommandDecoder;
import io.fundingarb.codecs.sbe.OrderCommandDecoder;
import io.fundingarb.codecs.sbe.PairEventDecoder;
import io.fundingarb.codecs.sbe.PositionSnapshotDecoder;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.SessionResumeDecoder;
import io.fundingarb.codecs.sbe.RiskStateChangeDecoder;
import io.fundingarb.codecs.sbe.StateCheckpointDecoder;
import io.fundingarb.codecs.sbe.StreamKind;
import io.fundingarb.codecs.sbe.TickerUpdateDecoder;
import io.fundingarb.codecs.sbe.TimerDecoder;
import io.fundingarb.codecs.sbe.VenueStatusDecoder;
import org.agrona.DirectBuffer;

/**
 * Renders one SBE event or command as one JSON object: {@code "type"} names the message, prices,
 * sizes, rates and fees appear as exact decimal numbers (never raw mantissas), unknown values as
 * {@code null}, enums as their names. The form of {@code replay --print} and {@code decode}.
 * For tools and tests, not the hot path: it appends to a caller's StringBuilder.
 */
public final class EventJson
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final InstrumentDefinitionDecoder definition = new InstrumentDefinitionDecoder();
    private final FundingUpdateDecoder funding = new FundingUpdateDecoder();
    private final BookUpdateDecoder book = new BookUpdateDecoder();
    private final TickerUpdateDecoder ticker = new TickerUpdateDecoder();
    private final VenueStatusDecoder venueStatus = new VenueStatusDecoder();
    private final ExecutionReportDecoder report = new ExecutionReportDecoder();
    private final FundingPaymentDecoder payment = new FundingPaymentDecoder();
    private final BalanceUpdateDecoder balance = new BalanceUpdateDecoder();
    private final TimerDecoder timer = new TimerDecoder();
    private final OperatorCommandDecoder operator = new OperatorCommandDecoder();
    private final PositionSnapshotDecoder position = new PositionSnapshotDecoder();
    private final SessionResumeDecoder resume = new SessionResumeDecoder();
    private final OrderCommandDecoder order = new OrderCommandDecoder();
    private final CancelCommandDecoder cancel = new CancelCommandDecoder();
    private final StateCheckpointDecoder checkpoint = new StateCheckpointDecoder();
    private final RiskStateChangeDecoder riskChange = new RiskStateChangeDecoder();
    private final PairEventDecoder pairEvent = new PairEventDecoder();

    private StringBuilder out;
    private boolean first;

    /** The SBE message type name at {@code offset}, or "Unknown". */
    public String typeName(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return "Unknown";
        }
        header.wrap(buffer, offset);
        return header.schemaId() == MessageHeaderDecoder.SCHEMA_ID ? typeName(header.templateId()) : "Unknown";
    }

    /** The message type name of a template id of this schema, or "Unknown". */
    public static String typeName(final int templateId)
    {
        switch (templateId)
        {
            case InstrumentDefinitionDecoder.TEMPLATE_ID: return "InstrumentDefinition";
            case FundingUpdateDecoder.TEMPLATE_ID: return "FundingUpdate";
            case BookUpdateDecoder.TEMPLATE_ID: return "BookUpdate";
            case TickerUpdateDecoder.TEMPLATE_ID: return "TickerUpdate";
            case VenueStatusDecoder.TEMPLATE_ID: return "VenueStatus";
            case ExecutionReportDecoder.TEMPLATE_ID: return "ExecutionReport";
            case FundingPaymentDecoder.TEMPLATE_ID: return "FundingPayment";
            case BalanceUpdateDecoder.TEMPLATE_ID: return "BalanceUpdate";
            case TimerDecoder.TEMPLATE_ID: return "Timer";
            case OperatorCommandDecoder.TEMPLATE_ID: return "OperatorCommand";
            case PositionSnapshotDecoder.TEMPLATE_ID: return "PositionSnapshot";
            case SessionResumeDecoder.TEMPLATE_ID: return "SessionResume";
            case OrderCommandDecoder.TEMPLATE_ID: return "OrderCommand";
            case CancelCommandDecoder.TEMPLATE_ID: return "CancelCommand";
            case StateCheckpointDecoder.TEMPLATE_ID: return "StateCheckpoint";
            case RiskStateChangeDecoder.TEMPLATE_ID: return "RiskStateChange";
            case PairEventDecoder.TEMPLATE_ID: return "PairEvent";
            default: return "Unknown";
        }
    }

    /**
     * Appends the message at {@code offset} as one JSON object, preceded by {@code "seq"} when
     * {@code seq >= 0}.
     */
    public StringBuilder append(final StringBuilder out, final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        this.out = out;
        this.first = true;
        out.append('{');
        if (seq >= 0)
        {
            field("seq").append(seq);
        }
        final String type = typeName(buffer, offset, length);
        field("type").append('"').append(type).append('"');
        if ("Unknown".equals(type))
        {
            if (length >= MessageHeaderDecoder.ENCODED_LENGTH)
            {
                field("schemaId").append(header.schemaId());
                field("templateId").append(header.templateId());
            }
            field("length").append(length);
            return out.append('}');
        }
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        switch (header.templateId())
        {
            case InstrumentDefinitionDecoder.TEMPLATE_ID:
                definition.wrap(buffer, body, blockLength, version);
                times(definition.tsInitNs(), definition.tsEventNs());
                field("instrumentId").append(definition.instrumentId());
                field("tokenId").append(definition.tokenId());
                name("venue", definition.venue());
                name("quote", definition.quote());
                decimal("tickSize", definition.tickSize());
                decimal("lotSize", definition.lotSize());
                decimal("minQty", definition.minQty());
                decimal("minNotional", definition.minNotional());
                decimal("contractValue", definition.contractValue());
                field("fundingIntervalS").append(definition.fundingIntervalS());
                decimal("makerFee", definition.makerFee());
                decimal("takerFee", definition.takerFee());
                text("symbol", definition.symbol());
                text("tokenName", definition.tokenName());
                break;
            case FundingUpdateDecoder.TEMPLATE_ID:
                funding.wrap(buffer, body, blockLength, version);
                times(funding.tsInitNs(), funding.tsEventNs());
                field("instrumentId").append(funding.instrumentId());
                name("venue", funding.venue());
                decimal("fundingRate", funding.fundingRate());
                field("fundingIntervalS").append(funding.fundingIntervalS());
                field("nextFundingTsNs").append(funding.nextFundingTsNs());
                decimal("markPrice", funding.markPrice());
                decimal("indexPrice", funding.indexPrice());
                break;
            case BookUpdateDecoder.TEMPLATE_ID:
                book.wrap(buffer, body, blockLength, version);
                times(book.tsInitNs(), book.tsEventNs());
                field("instrumentId").append(book.instrumentId());
                name("venue", book.venue());
                name("action", book.action());
                field("sequence").append(book.sequence());
                field("prevSequence").append(book.prevSequence());
                field("bids").append('[');
                boolean firstLevel = true;
                for (final BookUpdateDecoder.BidsDecoder level : book.bids())
                {
                    levelPair(firstLevel, level.price(), level.size());
                    firstLevel = false;
                }
                out.append(']');
                field("asks").append('[');
                firstLevel = true;
                for (final BookUpdateDecoder.AsksDecoder level : book.asks())
                {
                    levelPair(firstLevel, level.price(), level.size());
                    firstLevel = false;
                }
                out.append(']');
                break;
            case TickerUpdateDecoder.TEMPLATE_ID:
                ticker.wrap(buffer, body, blockLength, version);
                times(ticker.tsInitNs(), ticker.tsEventNs());
                field("instrumentId").append(ticker.instrumentId());
                name("venue", ticker.venue());
                decimal("quoteVolume24h", ticker.quoteVolume24h());
                decimal("bidPrice", ticker.bidPrice());
                decimal("askPrice", ticker.askPrice());
                decimal("lastPrice", ticker.lastPrice());
                break;
            case VenueStatusDecoder.TEMPLATE_ID:
                venueStatus.wrap(buffer, body, blockLength, version);
                times(venueStatus.tsInitNs(), venueStatus.tsEventNs());
                name("venue", venueStatus.venue());
                name("state", venueStatus.state());
                field("reconnects").append(venueStatus.reconnects());
                name("stream", streamOf(venueStatus));
                text("detail", venueStatus.detail());
                break;
            case ExecutionReportDecoder.TEMPLATE_ID:
                report.wrap(buffer, body, blockLength, version);
                times(report.tsInitNs(), report.tsEventNs());
                field("clientOrderId").append(report.clientOrderId());
                field("pairId").append(report.pairId());
                field("instrumentId").append(report.instrumentId());
                name("venue", report.venue());
                name("side", report.side());
                name("execType", report.execType());
                decimal("lastPrice", report.lastPrice());
                decimal("lastQty", report.lastQty());
                decimal("cumQty", report.cumQty());
                decimal("leavesQty", report.leavesQty());
                decimal("fee", report.fee());
                field("rejectCode").append(report.rejectCode());
                if (version >= 3)
                {
                    name("feeAsset", asset(report.feeAssetRaw()));
                    name("execFlag", flag(report.execFlagRaw()));
                }
                text("reason", report.reason());
                break;
            case FundingPaymentDecoder.TEMPLATE_ID:
                payment.wrap(buffer, body, blockLength, version);
                times(payment.tsInitNs(), payment.tsEventNs());
                field("instrumentId").append(payment.instrumentId());
                name("venue", payment.venue());
                decimal("amount", payment.amount());
                decimal("fundingRate", payment.fundingRate());
                decimal("positionQty", payment.positionQty());
                break;
            case BalanceUpdateDecoder.TEMPLATE_ID:
                balance.wrap(buffer, body, blockLength, version);
                times(balance.tsInitNs(), balance.tsEventNs());
                name("venue", balance.venue());
                name("asset", balance.asset());
                decimal("walletBalance", balance.walletBalance());
                decimal("availableBalance", balance.availableBalance());
                break;
            case TimerDecoder.TEMPLATE_ID:
                timer.wrap(buffer, body, blockLength, version);
                times(timer.tsInitNs(), timer.tsEventNs());
                name("kind", timer.kind());
                field("timerSeq").append(timer.timerSeq());
                break;
            case OperatorCommandDecoder.TEMPLATE_ID:
                operator.wrap(buffer, body, blockLength, version);
                times(operator.tsInitNs(), operator.tsEventNs());
                name("action", operator.action());
                field("pairId").append(operator.pairId());
                break;
            case PositionSnapshotDecoder.TEMPLATE_ID:
                position.wrap(buffer, body, blockLength, version);
                times(position.tsInitNs(), position.tsEventNs());
                name("venue", position.venue());
                field("instrumentId").append(position.instrumentId());
                decimal("quantity", position.quantity());
                decimal("entryPrice", position.entryPrice());
                decimal("markPrice", position.markPrice());
                decimal("liquidationPrice", position.liquidationPrice());
                decimal("maintenanceMargin", position.maintenanceMargin());
                field("leverage").append(position.leverage());
                name("marginMode", position.marginMode());
                name("source", position.source());
                field("batchId").append(position.batchId());
                field("batchIndex").append(position.batchIndex());
                field("batchSize").append(position.batchSize());
                break;
            case SessionResumeDecoder.TEMPLATE_ID:
                resume.wrap(buffer, body, blockLength, version);
                times(resume.tsInitNs(), resume.tsEventNs());
                field("previousEpoch").append(resume.previousEpoch());
                field("carriedEvents").append(resume.carriedEvents());
                field("venueMask").append(resume.venueMask());
                name("damaged", resume.damaged());
                break;
            case OrderCommandDecoder.TEMPLATE_ID:
                order.wrap(buffer, body, blockLength, version);
                field("tsInitNs").append(order.tsInitNs());
                field("eventSeq").append(order.eventSeq());
                field("clientOrderId").append(order.clientOrderId());
                field("pairId").append(order.pairId());
                field("instrumentId").append(order.instrumentId());
                name("venue", order.venue());
                name("side", order.side());
                name("orderType", order.orderType());
                name("timeInForce", order.timeInForce());
                name("reduceOnly", order.reduceOnly());
                decimal("price", order.price());
                decimal("quantity", order.quantity());
                break;
            case CancelCommandDecoder.TEMPLATE_ID:
                cancel.wrap(buffer, body, blockLength, version);
                field("tsInitNs").append(cancel.tsInitNs());
                field("eventSeq").append(cancel.eventSeq());
                field("clientOrderId").append(cancel.clientOrderId());
                field("instrumentId").append(cancel.instrumentId());
                name("venue", cancel.venue());
                break;
            case StateCheckpointDecoder.TEMPLATE_ID:
                checkpoint.wrap(buffer, body, blockLength, version);
                field("tsInitNs").append(checkpoint.tsInitNs());
                field("eventSeq").append(checkpoint.eventSeq());
                hex("marketHash", checkpoint.marketHash());
                hex("riskHash", checkpoint.riskHash());
                hex("executionHash", checkpoint.executionHash());
                break;
            case RiskStateChangeDecoder.TEMPLATE_ID:
                riskChange.wrap(buffer, body, blockLength, version);
                field("tsInitNs").append(riskChange.tsInitNs());
                field("eventSeq").append(riskChange.eventSeq());
                name("fromState", riskChange.fromState());
                name("toState", riskChange.toState());
                field("pairId").append(riskChange.pairId());
                text("reason", riskChange.reason());
                break;
            case PairEventDecoder.TEMPLATE_ID:
                pairEvent.wrap(buffer, body, blockLength, version);
                field("tsInitNs").append(pairEvent.tsInitNs());
                field("eventSeq").append(pairEvent.eventSeq());
                field("pairId").append(pairEvent.pairId());
                field("tokenId").append(pairEvent.tokenId());
                field("longInstrumentId").append(pairEvent.longInstrumentId());
                field("shortInstrumentId").append(pairEvent.shortInstrumentId());
                name("kind", pairEvent.kind());
                decimal("quantity", pairEvent.quantity());
                decimal("longPrice", pairEvent.longPrice());
                decimal("shortPrice", pairEvent.shortPrice());
                decimal("fees", pairEvent.fees());
                decimal("funding", pairEvent.funding());
                decimal("realisedPnl", pairEvent.realisedPnl());
                text("reason", pairEvent.reason());
                break;
            default:
                break;
        }
        return out.append('}');
    }

    /** Convenience: one message as a JSON string. */
    public String toJson(final DirectBuffer buffer, final int offset, final int length)
    {
        return append(new StringBuilder(256), -1, buffer, offset, length).toString();
    }

    private StringBuilder field(final String name)
    {
        if (!first)
        {
            out.append(',');
        }
        first = false;
        return out.append('"').append(name).append("\":");
    }

    private void times(final long tsInitNs, final long tsEventNs)
    {
        field("tsInitNs").append(tsInitNs);
        field("tsEventNs").append(tsEventNs);
    }

    private void decimal(final String name, final long value)
    {
        final StringBuilder sb = field(name);
        if (value == FixedPoint.NULL)
        {
            sb.append("null");
        }
        else
        {
            FixedPoint.appendTo(value, sb);
        }
    }

    private void levelPair(final boolean firstLevel, final long price, final long size)
    {
        if (!firstLevel)
        {
            out.append(',');
        }
        out.append('[');
        FixedPoint.appendTo(price, out).append(',');
        FixedPoint.appendTo(size, out).append(']');
    }

    /** The stream a status describes; messages older than schema version 2 have none and were market data. */
    public static StreamKind streamOf(final VenueStatusDecoder status)
    {
        final StreamKind stream = status.stream();
        return stream == StreamKind.NULL_VAL ? StreamKind.MARKET_DATA : stream;
    }

    /**
     * The asset a report's fee is in: {@code feeAsset}, or for reports older than schema version 3
     * (which have none: NULL_VAL) the instrument's {@code quote}, which is what their fee was booked in.
     */
    public static Asset feeAssetOf(final ExecutionReportDecoder report, final Quote quote)
    {
        final Asset asset = asset(report.feeAssetRaw());
        if (asset != Asset.NULL_VAL)
        {
            return asset;
        }
        switch (quote)
        {
            case USDT: return Asset.USDT;
            case USDC: return Asset.USDC;
            case USD: return Asset.USD;
            default: return Asset.OTHER;
        }
    }

    /** A report's execution flag; reports older than schema version 3 have none: NONE. */
    public static ExecFlag execFlagOf(final ExecutionReportDecoder report)
    {
        final ExecFlag flag = flag(report.execFlagRaw());
        return flag == ExecFlag.NULL_VAL ? ExecFlag.NONE : flag;
    }

    /** The asset of a raw value; NULL_VAL for values the schema does not define (a writer that never set it), never an exception. */
    private static Asset asset(final short raw)
    {
        for (final Asset asset : ASSETS)
        {
            if (asset.value() == raw)
            {
                return asset;
            }
        }
        return Asset.NULL_VAL;
    }

    private static ExecFlag flag(final short raw)
    {
        for (final ExecFlag flag : FLAGS)
        {
            if (flag.value() == raw)
            {
                return flag;
            }
        }
        return ExecFlag.NULL_VAL;
    }

    private static final Asset[] ASSETS = Asset.values();
    private static final ExecFlag[] FLAGS = ExecFlag.values();

    private void name(final String name, final Enum<?> value)
    {
        field(name).append('"').append(value == null ? "NULL_VAL" : value.name()).append('"');
    }

    private void hex(final String name, final long value)
    {
        field(name).append("\"0x").append(String.format("%016x", value)).append('"');
    }

    private void text(final String name, final String value)
    {
        final StringBuilder sb = field(name).append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c == '"' || c == '\\')
            {
                sb.append('\\').append(c);
            }
            else if (c < 0x20 || c > 0x7e)
            {
                sb.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}
