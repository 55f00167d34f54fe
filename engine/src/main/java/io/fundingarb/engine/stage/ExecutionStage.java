package io.fundingarb.engine.stage;

import io.fundingarb.codecs.CommandSink;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.BooleanType;
import io.fundingarb.codecs.sbe.CancelCommandEncoder;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.ExecutionReportDecoder;
import io.fundingarb.codecs.sbe.InstrumentDefinitionDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.OrderCommandEncoder;
import io.fundingarb.codecs.sbe.OrderType;
import io.fundingarb.codecs.sbe.PairEventEncoder;
import io.fundingarb.codecs.sbe.PairEventKind;
import io.fundingarb.codecs.sbe.RiskStateChangeEncoder;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.StateCheckpointEncoder;
import io.fundingarb.codecs.sbe.TimeInForce;
import io.fundingarb.codecs.sbe.TimerDecoder;
import io.fundingarb.codecs.sbe.TimerKind;
import io.fundingarb.codecs.sbe.TradingStateCode;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.engine.config.ExecutionConfig;
import io.fundingarb.engine.ring.Decisions;
import io.fundingarb.engine.ring.InboundSlot;
import io.fundingarb.engine.ring.PairNotices;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.Long2LongHashMap;

/**
 * ExecutionStage: the last stage and the only producer on the outbound ring. It turns RiskStage's
 * decisions into orders and works each order to its end:
 * <ul>
 *   <li><b>Entry</b>: both legs leave in the same batch as IOC limit orders at the touch plus the
 *       slippage tolerance, rounded to each venue's tick (buy up, sell down), the same base
 *       quantity on both legs after rounding to both lots, checked against min quantity and
 *       min notional.</li>
 *   <li><b>Orders</b> (exit legs, repairs: RiskStage sizes them to the lot and numbers them): an
 *       IOC limit at the touch ± the slippage tolerance, or the wider unwind tolerance.</li>
 *   <li><b>Deadline</b> ({@code execution.timeout}): an order still working at its deadline is
 *       cancelled and the venue gets one more timeout to say what filled; then the order is
 *       abandoned here. RiskStage keeps every fill, however late, in its exposure book, so an
 *       abandoned order can never leave the two stages disagreeing about a position.</li>
 *   <li>Duplicate and late execution reports are harmless: fills count by cumulative quantity.</li>
 * </ul>
 * Which orders to send, when to retry and when a pair is done are RiskStage's decisions alone (one
 * owner for positions). This stage also journals, through the outbound ring, RiskStage's pair
 * notices and circuit-breaker transitions, and a {@code StateCheckpoint} with the three stages'
 * hashes on CHECKPOINT timers.
 */
public final class ExecutionStage implements Stage
{
    private static final int MISSING = -1;
    private static final int MAX_ORDERS = 512;
    private static final long BPS_E9 = 100_000L; // one basis point at the 1e-9 scale

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ExecutionReportDecoder report = new ExecutionReportDecoder();
    private final InstrumentDefinitionDecoder definition = new InstrumentDefinitionDecoder();
    private final TimerDecoder timer = new TimerDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final OrderCommandEncoder order = new OrderCommandEncoder();
    private final CancelCommandEncoder cancel = new CancelCommandEncoder();
    private final PairEventEncoder pairEvent = new PairEventEncoder();
    private final RiskStateChangeEncoder riskChange = new RiskStateChangeEncoder();
    private final StateCheckpointEncoder checkpoint = new StateCheckpointEncoder();
    private final CommandSink commands;

    private final long timeoutNs;
    private final long toleranceE9;
    private final long unwindToleranceE9;

    // ---- instruments
    private final Int2IntHashMap indexByInstrument;
    private final int[] instrumentIds;
    private final byte[] venueOf;
    private final long[] tick;
    private final long[] lot;
    private final long[] minQty;
    private final long[] minNotional;
    private final long[] bid;
    private final long[] ask;
    private int instrumentCount;

    // ---- working orders
    private final Long2LongHashMap orderSlotById = new Long2LongHashMap(MAX_ORDERS * 2, 0.65f, MISSING);
    private final long[] orderId = new long[MAX_ORDERS];
    private final int[] orderIndex = new int[MAX_ORDERS];
    private final long[] orderDeadlineNs = new long[MAX_ORDERS];
    private final boolean[] orderCancelSent = new boolean[MAX_ORDERS];
    private final OrderFills fills = new OrderFills(MAX_ORDERS);
    private int liveOrders;

    // ---- counters
    private long ordersSent;
    private long cancelsSent;
    private long reports;
    private long fillsSeen;
    private long rejects;
    private long unknownOrderReports;
    private long feeReports;
    private long entriesRefused;
    private long ordersRefused;
    private long checkpoints;
    private long dropped;
    private long abandoned;
    private InboundSlot slot;

    public ExecutionStage(final CommandSink commands, final int maxInstruments, final ExecutionConfig config)
    {
        this.commands = commands;
        this.timeoutNs = config.timeout().toNanos();
        this.toleranceE9 = Math.round(config.slippageToleranceBps() * BPS_E9);
        this.unwindToleranceE9 = Math.round(config.unwindToleranceBps() * BPS_E9);
        indexByInstrument = new Int2IntHashMap(maxInstruments * 2, 0.65f, MISSING);
        instrumentIds = new int[maxInstruments];
        venueOf = new byte[maxInstruments];
        tick = new long[maxInstruments];
        lot = new long[maxInstruments];
        minQty = new long[maxInstruments];
        minNotional = new long[maxInstruments];
        bid = new long[maxInstruments];
        ask = new long[maxInstruments];
    }

    @Override
    public String name()
    {
        return "execution";
    }

    @Override
    public void onEvent(final InboundSlot slot)
    {
        this.slot = slot;
        if (slot.touchInstrumentId != MISSING)
        {
            final int index = indexByInstrument.get(slot.touchInstrumentId);
            if (index != MISSING)
            {
                bid[index] = slot.touchBid;
                ask[index] = slot.touchAsk;
            }
        }
        header.wrap(slot.buffer, 0);
        final int offset = MessageHeaderDecoder.ENCODED_LENGTH;
        switch (slot.templateId)
        {
            case ExecutionReportDecoder.TEMPLATE_ID:
                report.wrap(slot.buffer, offset, header.blockLength(), header.version());
                onReport();
                break;
            case InstrumentDefinitionDecoder.TEMPLATE_ID:
                definition.wrap(slot.buffer, offset, header.blockLength(), header.version());
                onDefinition();
                break;
            case TimerDecoder.TEMPLATE_ID:
                timer.wrap(slot.buffer, offset, header.blockLength(), header.version());
                break;
            default:
                break;
        }
        publishRiskNotices();
        final Decisions decisions = slot.decisions;
        for (int i = 0; i < decisions.count; i++)
        {
            if (decisions.kind[i] == Decisions.ENTER)
            {
                enter(decisions, i);
            }
            else if (decisions.kind[i] == Decisions.ORDER)
            {
                order(decisions, i);
            }
        }
        if (slot.templateId == TimerDecoder.TEMPLATE_ID && liveOrders > 0)
        {
            checkDeadlines();
        }
        if (slot.templateId == TimerDecoder.TEMPLATE_ID && timer.kind() == TimerKind.CHECKPOINT)
        {
            publishCheckpoint();
        }
    }

    // ------------------------------------------------------------------ inbound

    private void onDefinition()
    {
        final int id = definition.instrumentId();
        if (indexByInstrument.get(id) != MISSING || instrumentCount == instrumentIds.length)
        {
            return;
        }
        final int index = instrumentCount++;
        indexByInstrument.put(id, index);
        instrumentIds[index] = id;
        venueOf[index] = (byte)definition.venueRaw();
        tick[index] = positiveOr(definition.tickSize(), 1);
        lot[index] = positiveOr(definition.lotSize(), 1);
        minQty[index] = positiveOr(definition.minQty(), 0);
        minNotional[index] = positiveOr(definition.minNotional(), 0);
        bid[index] = FixedPoint.NULL;
        ask[index] = FixedPoint.NULL;
    }

    private static long positiveOr(final long value, final long fallback)
    {
        return value == FixedPoint.NULL || value <= 0 ? fallback : value;
    }

    private void onReport()
    {
        reports++;
        final long id = report.clientOrderId();
        final ExecType type = report.execType();
        if (type == ExecType.REJECTED)
        {
            rejects++;
        }
        if ((type == ExecType.FILL || type == ExecType.PARTIAL_FILL) && report.lastQty() == 0 && report.lastPrice() == FixedPoint.NULL)
        {
            feeReports++; // fee only (a venue's commission replacing an estimate): no fill, the order's state stays; RiskStage books the fee
            return;
        }
        final int o = (int)orderSlotById.get(id);
        if (o == MISSING)
        {
            unknownOrderReports++; // finished or abandoned here; RiskStage still books any fill it carries
            return;
        }
        if (fills.newFill(id, report.cumQty(), report.lastQty()) > 0)
        {
            fillsSeen++;
        }
        final boolean terminal = type == ExecType.REJECTED || type == ExecType.CANCELED || type == ExecType.EXPIRED
            || (type == ExecType.FILL && (report.leavesQty() == 0 || report.leavesQty() == FixedPoint.NULL));
        if (terminal)
        {
            free(o);
        }
    }

    // ------------------------------------------------------------------ decisions

    private void enter(final Decisions d, final int i)
    {
        final int a = indexByInstrument.get(d.longInstrumentId[i]);
        final int b = indexByInstrument.get(d.shortInstrumentId[i]);
        final long askRef = d.longReference[i];
        final long bidRef = d.shortReference[i];
        if (a == MISSING || b == MISSING || askRef == FixedPoint.NULL || askRef <= 0 || bidRef == FixedPoint.NULL)
        {
            entriesRefused++;
            return;
        }
        final long step = lcm(lot[a], lot[b]);
        final long rawQty = FixedPoint.divide(d.notional[i], askRef);
        final long qty = rawQty == FixedPoint.NULL ? 0 : FixedPoint.roundDown(rawQty, step);
        final long longPrice = FixedPoint.roundUp(askRef + FixedPoint.multiply(askRef, toleranceE9), tick[a]);
        final long shortPrice = FixedPoint.roundDown(bidRef - FixedPoint.multiply(bidRef, toleranceE9), tick[b]);
        if (qty <= 0 || qty < minQty[a] || qty < minQty[b]
            || FixedPoint.multiply(qty, longPrice) < minNotional[a] || FixedPoint.multiply(qty, shortPrice) < minNotional[b]
            || shortPrice <= 0)
        {
            entriesRefused++; // RiskStage sees no fill and lets the entry lapse when its orders time out
            return;
        }
        send(d.clientOrderId[i], d.pairId[i], a, Side.BUY, qty, longPrice, BooleanType.FALSE);
        send(d.clientOrderId[i] + 1, d.pairId[i], b, Side.SELL, qty, shortPrice, BooleanType.FALSE);
    }

    private void order(final Decisions d, final int i)
    {
        final int index = indexByInstrument.get(d.longInstrumentId[i]);
        final long ref = d.longReference[i];
        final long qty = d.notional[i];
        if (index == MISSING || ref == FixedPoint.NULL || ref <= 0 || qty <= 0)
        {
            ordersRefused++; // RiskStage sees no answer and tries again when the order's time is up
            return;
        }
        final int flags = d.flags[i];
        final long tolerance = (flags & Decisions.WIDE) != 0 ? unwindToleranceE9 : toleranceE9;
        final boolean buy = (flags & Decisions.BUY) != 0;
        final long price = buy
            ? FixedPoint.roundUp(ref + FixedPoint.multiply(ref, tolerance), tick[index])
            : FixedPoint.roundDown(ref - FixedPoint.multiply(ref, tolerance), tick[index]);
        if (price <= 0)
        {
            ordersRefused++;
            return;
        }
        send(d.clientOrderId[i], d.pairId[i], index, buy ? Side.BUY : Side.SELL, qty, price,
            (flags & Decisions.REDUCE_ONLY) != 0 ? BooleanType.TRUE : BooleanType.FALSE);
    }

    // ------------------------------------------------------------------ working orders

    /** Cancels what is still working at its deadline; abandons what stays silent one more timeout. */
    private void checkDeadlines()
    {
        final long now = slot.tsInitNs;
        for (int o = 0; o < MAX_ORDERS && liveOrders > 0; o++)
        {
            if (orderId[o] == 0 || now < orderDeadlineNs[o])
            {
                continue;
            }
            if (orderCancelSent[o])
            {
                abandoned++;
                free(o);
                continue;
            }
            final int index = orderIndex[o];
            final long sequence = commands.claim();
            cancel.wrapAndApplyHeader(commands.buffer(sequence), 0, headerEncoder)
                .tsInitNs(now)
                .eventSeq(slot.eventSeq)
                .clientOrderId(orderId[o])
                .instrumentId(instrumentIds[index])
                .venue(Venue.get(venueOf[index]));
            commands.commit(sequence, MessageHeaderEncoder.ENCODED_LENGTH + cancel.encodedLength());
            cancelsSent++;
            orderCancelSent[o] = true;
            orderDeadlineNs[o] = now + timeoutNs;
        }
    }

    private void free(final int o)
    {
        orderSlotById.remove(orderId[o]);
        fills.forget(orderId[o]);
        orderId[o] = 0;
        liveOrders--;
    }

    private void send(
        final long id, final long pairId, final int index, final Side side, final long qty, final long price, final BooleanType reduceOnly)
    {
        final int o = freeOrder();
        if (o == MISSING || orderSlotById.get(id) != MISSING)
        {
            dropped++;
            return;
        }
        orderId[o] = id;
        orderIndex[o] = index;
        orderDeadlineNs[o] = slot.tsInitNs + timeoutNs;
        orderCancelSent[o] = false;
        orderSlotById.put(id, o);
        liveOrders++;
        final long sequence = commands.claim();
        order.wrapAndApplyHeader(commands.buffer(sequence), 0, headerEncoder)
            .tsInitNs(slot.tsInitNs)
            .eventSeq(slot.eventSeq)
            .clientOrderId(id)
            .pairId(pairId)
            .instrumentId(instrumentIds[index])
            .venue(Venue.get(venueOf[index]))
            .side(side)
            .orderType(OrderType.LIMIT)
            .timeInForce(TimeInForce.IOC)
            .reduceOnly(reduceOnly)
            .price(price)
            .quantity(qty);
        commands.commit(sequence, MessageHeaderEncoder.ENCODED_LENGTH + order.encodedLength());
        ordersSent++;
    }

    private int freeOrder()
    {
        for (int o = 0; o < MAX_ORDERS; o++)
        {
            if (orderId[o] == 0)
            {
                return o;
            }
        }
        return MISSING;
    }

    private static long lcm(final long a, final long b)
    {
        long x = a;
        long y = b;
        while (y != 0)
        {
            final long t = x % y;
            x = y;
            y = t;
        }
        return a / x * b;
    }

    // ------------------------------------------------------------------ journaled notices

    private void publishRiskNotices()
    {
        final PairNotices n = slot.pairNotices;
        for (int i = 0; i < n.count; i++)
        {
            final Reason reason = Reason.of(n.reason[i]);
            final long sequence = commands.claim();
            pairEvent.wrapAndApplyHeader(commands.buffer(sequence), 0, headerEncoder)
                .tsInitNs(slot.tsInitNs)
                .eventSeq(slot.eventSeq)
                .pairId(n.pairId[i])
                .tokenId(n.tokenId[i])
                .longInstrumentId(n.longInstrumentId[i])
                .shortInstrumentId(n.shortInstrumentId[i])
                .kind(PairEventKind.get((short)n.kind[i]))
                .quantity(n.quantity[i])
                .longPrice(n.longPrice[i])
                .shortPrice(n.shortPrice[i])
                .fees(n.fees[i])
                .funding(n.funding[i])
                .realisedPnl(n.realisedPnl[i])
                .putReason(reason.ascii(), 0, reason.ascii().length);
            commands.commit(sequence, MessageHeaderEncoder.ENCODED_LENGTH + pairEvent.encodedLength());
        }
        if (slot.riskStateChanged)
        {
            final Reason reason = Reason.of(slot.riskReason);
            final long sequence = commands.claim();
            riskChange.wrapAndApplyHeader(commands.buffer(sequence), 0, headerEncoder)
                .tsInitNs(slot.tsInitNs)
                .eventSeq(slot.eventSeq)
                .fromState(TradingStateCode.get((short)slot.riskFromState))
                .toState(TradingStateCode.get((short)slot.riskToState))
                .pairId(slot.riskPairId)
                .putReason(reason.ascii(), 0, reason.ascii().length);
            commands.commit(sequence, MessageHeaderEncoder.ENCODED_LENGTH + riskChange.encodedLength());
        }
    }

    private void publishCheckpoint()
    {
        checkpoints++;
        final long sequence = commands.claim();
        checkpoint.wrapAndApplyHeader(commands.buffer(sequence), 0, headerEncoder)
            .tsInitNs(slot.tsInitNs)
            .eventSeq(slot.eventSeq)
            .marketHash(slot.marketHash)
            .riskHash(slot.riskHash)
            .executionHash(stateHash());
        commands.commit(sequence, MessageHeaderEncoder.ENCODED_LENGTH + checkpoint.encodedLength());
    }

    // ------------------------------------------------------------------ state

    @Override
    public long stateHash()
    {
        long h = StateHash.SEED;
        h = StateHash.mix(h, ordersSent);
        h = StateHash.mix(h, cancelsSent);
        h = StateHash.mix(h, reports);
        h = StateHash.mix(h, fillsSeen);
        h = StateHash.mix(h, rejects);
        h = StateHash.mix(h, unknownOrderReports);
        h = StateHash.mix(h, feeReports);
        h = StateHash.mix(h, entriesRefused);
        h = StateHash.mix(h, checkpoints);
        h = StateHash.mix(h, dropped);
        h = StateHash.mix(h, abandoned);
        h = StateHash.mix(h, ordersRefused);
        h = StateHash.mix(h, liveOrders);
        for (int o = 0; o < MAX_ORDERS; o++)
        {
            if (orderId[o] != 0)
            {
                h = StateHash.mix(h, orderId[o]);
                h = StateHash.mix(h, orderDeadlineNs[o]);
                h = StateHash.mix(h, orderCancelSent[o] ? 1 : 0);
            }
        }
        return StateHash.finish(h);
    }

    public long checkpoints()
    {
        return checkpoints;
    }

    public long ordersSent()
    {
        return ordersSent;
    }

    public long entriesRefused()
    {
        return entriesRefused;
    }

    public long unknownOrderReports()
    {
        return unknownOrderReports;
    }

    /** Fee-only reports seen (no fill: they change no order's state). */
    public long feeReports()
    {
        return feeReports;
    }

    /** Orders sent and not yet finished (answered, or abandoned after an unanswered cancel). */
    public int workingOrders()
    {
        return liveOrders;
    }

    /** Orders abandoned after an unanswered cancel. */
    public long abandonedOrders()
    {
        return abandoned;
    }
}
