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
 * ExecutionStage: the last stage and the only producer on the outbound ring. It works the legs of
 * every pair RiskStage decides to enter or exit:
 * <ul>
 *   <li><b>Entry</b>: both legs leave in the same batch as IOC limit orders at the touch plus the
 *       slippage tolerance, rounded to each venue's tick (buy up, sell down), the same base
 *       quantity on both legs after rounding to both lots, checked against min quantity and
 *       min notional.</li>
 *   <li><b>Deadline</b> ({@code execution.timeout}): orders still working at the deadline are
 *       cancelled, and the venue gets one more timeout to report what filled. Legs still unequal
 *       when their orders are done get one retry of the missing
 *       quantity; after that the excess leg is unwound with a reduce-only order, so partial fills
 *       end rebalanced and one-legged fills end flat. RiskStage halts if exposure survives.</li>
 *   <li><b>Exit</b>: reduce-only IOC orders for what each leg holds, retried with the wider unwind
 *       tolerance up to {@code execution.max_exit_attempts}.</li>
 *   <li>Duplicate and late execution reports are harmless: fills count by cumulative quantity.</li>
 * </ul>
 * It also journals, through the outbound ring, RiskStage's pair notices and circuit-breaker
 * transitions, and a {@code StateCheckpoint} with the three stages' hashes on CHECKPOINT timers.
 */
public final class ExecutionStage implements Stage
{
    private static final int MISSING = -1;
    private static final int MAX_PAIRS = 64;
    private static final int MAX_ORDERS = 512;
    private static final long BPS_E9 = 100_000L; // one basis point at the 1e-9 scale

    // pair phases
    static final int FREE = 0;
    static final int ENTERING = 1;
    static final int BALANCING = 2;
    static final int OPEN = 3;
    static final int CLOSING = 4;
    static final int STUCK = 5;

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
    private final int maxExitAttempts;

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

    // ---- pairs
    private final int[] phase = new int[MAX_PAIRS];
    private final long[] pairId = new long[MAX_PAIRS];
    private final int[] longLeg = new int[MAX_PAIRS];
    private final int[] shortLeg = new int[MAX_PAIRS];
    private final long[] targetQty = new long[MAX_PAIRS];
    private final long[] longHeld = new long[MAX_PAIRS];
    private final long[] shortHeld = new long[MAX_PAIRS];
    private final long[] deadlineNs = new long[MAX_PAIRS];
    private final int[] nextOrderSeq = new int[MAX_PAIRS];
    private final int[] pendingOrders = new int[MAX_PAIRS];
    private final boolean[] retried = new boolean[MAX_PAIRS];
    private final boolean[] cancelSent = new boolean[MAX_PAIRS];
    private final int[] attempts = new int[MAX_PAIRS];

    // ---- orders
    private final Long2LongHashMap orderSlotById = new Long2LongHashMap(MAX_ORDERS * 2, 0.65f, MISSING);
    private final long[] orderId = new long[MAX_ORDERS];
    private final int[] orderPair = new int[MAX_ORDERS];
    private final boolean[] orderLong = new boolean[MAX_ORDERS];
    private final boolean[] orderBuy = new boolean[MAX_ORDERS];
    private final boolean[] orderLive = new boolean[MAX_ORDERS];
    private final OrderFills fills = new OrderFills(MAX_ORDERS);

    // ---- counters
    private long ordersSent;
    private long cancelsSent;
    private long reports;
    private long fillsSeen;
    private long rejects;
    private long unknownOrderReports;
    private long entriesRefused;
    private long checkpoints;
    private long dropped;
    private long abandoned;
    /** Pairs not FREE, kept so that a market tick with nothing open skips the pair scans. */
    private int activeCount;
    private InboundSlot slot;

    public ExecutionStage(final CommandSink commands, final int maxInstruments, final ExecutionConfig config)
    {
        this.commands = commands;
        this.timeoutNs = config.timeout().toNanos();
        this.toleranceE9 = Math.round(config.slippageToleranceBps() * BPS_E9);
        this.unwindToleranceE9 = Math.round(config.unwindToleranceBps() * BPS_E9);
        this.maxExitAttempts = config.maxExitAttempts();
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
            else if (decisions.kind[i] == Decisions.EXIT)
            {
                exit(decisions.pairId[i]);
            }
        }
        for (int p = 0; p < MAX_PAIRS && activeCount > 0; p++)
        {
            if (phase[p] != FREE && phase[p] != OPEN && phase[p] != STUCK)
            {
                progress(p);
            }
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
        final int o = (int)orderSlotById.get(id);
        if (o == MISSING)
        {
            unknownOrderReports++;
            return;
        }
        final int p = orderPair[o];
        final long filled = fills.newFill(id, report.cumQty(), report.lastQty());
        if (filled > 0)
        {
            fillsSeen++;
            final boolean buy = orderBuy[o];
            if (orderLong[o])
            {
                longHeld[p] += buy ? filled : -filled;
            }
            else
            {
                shortHeld[p] += buy ? -filled : filled;
            }
        }
        final ExecType type = report.execType();
        if (type == ExecType.REJECTED)
        {
            rejects++;
        }
        final boolean terminal = type == ExecType.REJECTED || type == ExecType.CANCELED || type == ExecType.EXPIRED
            || (type == ExecType.FILL && (report.leavesQty() == 0 || report.leavesQty() == FixedPoint.NULL));
        if (terminal && orderLive[o])
        {
            orderLive[o] = false;
            pendingOrders[p]--;
        }
    }

    // ------------------------------------------------------------------ decisions

    private int freePair()
    {
        for (int p = 0; p < MAX_PAIRS; p++)
        {
            if (phase[p] == FREE)
            {
                return p;
            }
        }
        return MISSING;
    }

    private int pairSlot(final long id)
    {
        for (int p = 0; p < MAX_PAIRS; p++)
        {
            if (phase[p] != FREE && pairId[p] == id)
            {
                return p;
            }
        }
        return MISSING;
    }

    private void enter(final Decisions d, final int i)
    {
        final int a = indexByInstrument.get(d.longInstrumentId[i]);
        final int b = indexByInstrument.get(d.shortInstrumentId[i]);
        final int p = freePair();
        final long askRef = d.longReference[i];
        final long bidRef = d.shortReference[i];
        if (a == MISSING || b == MISSING || p == MISSING || askRef == FixedPoint.NULL || askRef <= 0 || bidRef == FixedPoint.NULL)
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
            entriesRefused++; // RiskStage sees no fill and lets the pair lapse at its deadline
            return;
        }
        phase[p] = ENTERING;
        activeCount++;
        pairId[p] = d.pairId[i];
        longLeg[p] = a;
        shortLeg[p] = b;
        targetQty[p] = qty;
        longHeld[p] = 0;
        shortHeld[p] = 0;
        deadlineNs[p] = slot.tsInitNs + timeoutNs;
        nextOrderSeq[p] = 0;
        pendingOrders[p] = 0;
        retried[p] = false;
        cancelSent[p] = false;
        attempts[p] = 0;
        send(p, true, true, qty, longPrice, false);
        send(p, false, false, qty, shortPrice, false);
    }

    private void exit(final long id)
    {
        final int p = pairSlot(id);
        if (p == MISSING)
        {
            return;
        }
        phase[p] = CLOSING;
        attempts[p] = 0;
        deadlineNs[p] = slot.tsInitNs; // work it now
    }

    // ------------------------------------------------------------------ leg state machine

    private void progress(final int p)
    {
        final long now = slot.tsInitNs;
        if (pendingOrders[p] > 0)
        {
            if (now < deadlineNs[p])
            {
                return;
            }
            if (!cancelSent[p])
            {
                // ask the venue to cancel what is still working and give it one more timeout to say what filled
                cancelPending(p);
                cancelSent[p] = true;
                deadlineNs[p] = now + timeoutNs;
                return;
            }
            abandonPending(p); // no answer to the cancel either: carry on with the fills we know
        }
        cancelSent[p] = false;
        final long held = longHeld[p];
        final long shortH = shortHeld[p];
        if (phase[p] == CLOSING)
        {
            if (held == 0 && shortH == 0)
            {
                release(p);
                return;
            }
            if (attempts[p] >= maxExitAttempts)
            {
                phase[p] = STUCK;
                return;
            }
            final long tolerance = attempts[p] == 0 ? toleranceE9 : unwindToleranceE9;
            attempts[p]++;
            deadlineNs[p] = now + timeoutNs;
            if (held > 0)
            {
                closeLeg(p, true, held, tolerance);
            }
            if (shortH > 0)
            {
                closeLeg(p, false, shortH, tolerance);
            }
            return;
        }
        // ENTERING or BALANCING: every order of the pair is done
        if (held == shortH)
        {
            if (held > 0)
            {
                phase[p] = OPEN;
            }
            else
            {
                release(p);
            }
            return;
        }
        final boolean longShort = held < shortH; // the long leg is the one missing quantity
        final long missing = Math.abs(shortH - held);
        if (!retried[p] && phase[p] == ENTERING)
        {
            // retry the missing quantity once, at a fresh touch
            retried[p] = true;
            phase[p] = BALANCING;
            deadlineNs[p] = now + timeoutNs;
            if (longShort)
            {
                final long ref = ask[longLeg[p]];
                if (ref != FixedPoint.NULL && roundToLot(longLeg[p], missing) > 0)
                {
                    send(p, true, true, roundToLot(longLeg[p], missing),
                        FixedPoint.roundUp(ref + FixedPoint.multiply(ref, toleranceE9), tick[longLeg[p]]), false);
                    return;
                }
            }
            else
            {
                final long ref = bid[shortLeg[p]];
                if (ref != FixedPoint.NULL && roundToLot(shortLeg[p], missing) > 0)
                {
                    send(p, false, false, roundToLot(shortLeg[p], missing),
                        FixedPoint.roundDown(ref - FixedPoint.multiply(ref, toleranceE9), tick[shortLeg[p]]), false);
                    return;
                }
            }
        }
        // unwind the excess of the bigger leg (reduce-only), so the pair ends hedged or flat
        if (attempts[p] >= maxExitAttempts)
        {
            phase[p] = STUCK;
            return;
        }
        attempts[p]++;
        phase[p] = BALANCING;
        deadlineNs[p] = now + timeoutNs;
        if (longShort)
        {
            closeLeg(p, false, missing, unwindToleranceE9); // short holds more: buy some back
        }
        else
        {
            closeLeg(p, true, missing, unwindToleranceE9); // long holds more: sell some
        }
    }

    private long roundToLot(final int index, final long qty)
    {
        return FixedPoint.roundDown(qty, lot[index]);
    }

    /** Reduce-only IOC that takes {@code qty} off a leg, priced through the touch by {@code tolerance}. */
    private void closeLeg(final int p, final boolean isLong, final long qty, final long tolerance)
    {
        final int index = isLong ? longLeg[p] : shortLeg[p];
        final long q = roundToLot(index, qty) > 0 ? roundToLot(index, qty) : qty;
        if (isLong)
        {
            final long ref = bid[index];
            if (ref == FixedPoint.NULL)
            {
                return; // no price yet: the next event retries
            }
            send(p, true, false, q, FixedPoint.roundDown(ref - FixedPoint.multiply(ref, tolerance), tick[index]), true);
        }
        else
        {
            final long ref = ask[index];
            if (ref == FixedPoint.NULL)
            {
                return;
            }
            send(p, false, true, q, FixedPoint.roundUp(ref + FixedPoint.multiply(ref, tolerance), tick[index]), true);
        }
    }

    private void abandonPending(final int p)
    {
        for (int o = 0; o < MAX_ORDERS; o++)
        {
            if (orderLive[o] && orderPair[o] == p)
            {
                orderLive[o] = false;
                pendingOrders[p]--;
                abandoned++;
            }
        }
    }

    private void cancelPending(final int p)
    {
        for (int o = 0; o < MAX_ORDERS; o++)
        {
            if (orderLive[o] && orderPair[o] == p)
            {
                final int index = orderLong[o] ? longLeg[p] : shortLeg[p];
                final long sequence = commands.claim();
                cancel.wrapAndApplyHeader(commands.buffer(sequence), 0, headerEncoder)
                    .tsInitNs(slot.tsInitNs)
                    .eventSeq(slot.eventSeq)
                    .clientOrderId(orderId[o])
                    .instrumentId(instrumentIds[index])
                    .venue(Venue.get(venueOf[index]));
                commands.commit(sequence, MessageHeaderEncoder.ENCODED_LENGTH + cancel.encodedLength());
                cancelsSent++;
            }
        }
    }

    private void release(final int p)
    {
        for (int o = 0; o < MAX_ORDERS; o++)
        {
            if (orderId[o] != 0 && orderPair[o] == p)
            {
                orderSlotById.remove(orderId[o]);
                fills.forget(orderId[o]);
                orderId[o] = 0;
                orderLive[o] = false;
            }
        }
        phase[p] = FREE;
        activeCount--;
    }

    private void send(final int p, final boolean isLong, final boolean buy, final long qty, final long price, final boolean reduceOnly)
    {
        final int o = freeOrder();
        if (o == MISSING || nextOrderSeq[p] >= (1 << RiskStage.ORDER_BITS))
        {
            dropped++;
            return;
        }
        final long id = (pairId[p] << RiskStage.ORDER_BITS) | nextOrderSeq[p]++;
        final int index = isLong ? longLeg[p] : shortLeg[p];
        orderId[o] = id;
        orderPair[o] = p;
        orderLong[o] = isLong;
        orderBuy[o] = buy;
        orderLive[o] = true;
        orderSlotById.put(id, o);
        pendingOrders[p]++;
        final long sequence = commands.claim();
        order.wrapAndApplyHeader(commands.buffer(sequence), 0, headerEncoder)
            .tsInitNs(slot.tsInitNs)
            .eventSeq(slot.eventSeq)
            .clientOrderId(id)
            .pairId(pairId[p])
            .instrumentId(instrumentIds[index])
            .venue(Venue.get(venueOf[index]))
            .side(buy ? Side.BUY : Side.SELL)
            .orderType(OrderType.LIMIT)
            .timeInForce(TimeInForce.IOC)
            .reduceOnly(reduceOnly ? BooleanType.TRUE : BooleanType.FALSE)
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
        h = StateHash.mix(h, entriesRefused);
        h = StateHash.mix(h, checkpoints);
        h = StateHash.mix(h, dropped);
        h = StateHash.mix(h, abandoned);
        for (int p = 0; p < MAX_PAIRS; p++)
        {
            if (phase[p] == FREE)
            {
                continue;
            }
            h = StateHash.mix(h, pairId[p]);
            h = StateHash.mix(h, phase[p]);
            h = StateHash.mix(h, targetQty[p]);
            h = StateHash.mix(h, longHeld[p]);
            h = StateHash.mix(h, shortHeld[p]);
            h = StateHash.mix(h, deadlineNs[p]);
            h = StateHash.mix(h, pendingOrders[p]);
            h = StateHash.mix(h, attempts[p]);
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

    /** Pairs whose legs the stage gave up on (RiskStage halts on them). */
    public int stuckPairs()
    {
        int n = 0;
        for (int p = 0; p < MAX_PAIRS; p++)
        {
            if (phase[p] == STUCK)
            {
                n++;
            }
        }
        return n;
    }
}
