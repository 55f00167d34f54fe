package io.fundingarb.engine.stage;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.BalanceUpdateDecoder;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.ExecutionReportDecoder;
import io.fundingarb.codecs.sbe.FeedState;
import io.fundingarb.codecs.sbe.FundingPaymentDecoder;
import io.fundingarb.codecs.sbe.FundingUpdateDecoder;
import io.fundingarb.codecs.sbe.InstrumentDefinitionDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.OperatorCommandDecoder;
import io.fundingarb.codecs.sbe.PairEventKind;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.StreamKind;
import io.fundingarb.codecs.sbe.TimerDecoder;
import io.fundingarb.codecs.sbe.TimerKind;
import io.fundingarb.codecs.sbe.VenueStatusDecoder;
import io.fundingarb.engine.config.ExecutionConfig;
import io.fundingarb.engine.config.RiskConfig;
import io.fundingarb.engine.config.StrategyConfig;
import io.fundingarb.engine.ring.Decisions;
import io.fundingarb.engine.ring.InboundSlot;
import io.fundingarb.engine.ring.Opportunities;
import io.fundingarb.engine.ring.PairNotices;
import java.util.Arrays;
import org.agrona.collections.Int2IntHashMap;

/**
 * RiskStage: positions, limits and the circuit breaker. It owns the book of hedged pairs (both
 * legs' quantities from fills, cash, fees, funding, realised PnL), balances and feed state per
 * venue, and decides, for ExecutionStage, which pair to enter (the best-ranked opportunity that
 * passes every check, else the next) and which to exit (spread collapsed, take-profit,
 * stop-loss, holding time, operator, circuit breaker).
 *
 * <p>Circuit breaker: ACTIVE → REDUCING (no new entries; daily loss limit, consecutive failed
 * entries, reject rate, a venue with open legs down) → HALTED (flatten everything, then stop
 * trading: daily loss halt, unhedged exposure past the deadline, closing orders that do not
 * flatten, the kill switch). PAUSED is the operator's pause. Only an operator RESUME returns to
 * ACTIVE. Every transition goes into the slot with its reason; ExecutionStage journals it.
 *
 * <p>Quantities and cash are exact fixed-point (1e-9); ratios (spreads, bps) are doubles.
 * Client order ids carry their pair: {@code pairId = clientOrderId >>> ORDER_BITS}.
 */
public final class RiskStage implements Stage
{
    /** Low bits of a client order id number the orders of one pair. */
    public static final int ORDER_BITS = 6;
    private static final int MISSING = -1;
    private static final int VENUE_SLOTS = 16;
    private static final int MAX_PAIRS = 64;
    private static final long NS_PER_S = 1_000_000_000L;
    private static final long NS_PER_DAY = 86_400L * NS_PER_S;
    private static final int REJECT_WINDOW = 1024;

    // pair states
    static final int FREE = 0;
    static final int OPENING = 1;
    static final int OPEN = 2;
    static final int CLOSING = 3;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final InstrumentDefinitionDecoder definition = new InstrumentDefinitionDecoder();
    private final FundingUpdateDecoder funding = new FundingUpdateDecoder();
    private final OperatorCommandDecoder operator = new OperatorCommandDecoder();
    private final VenueStatusDecoder venueStatus = new VenueStatusDecoder();
    private final BalanceUpdateDecoder balance = new BalanceUpdateDecoder();
    private final ExecutionReportDecoder report = new ExecutionReportDecoder();
    private final FundingPaymentDecoder payment = new FundingPaymentDecoder();
    private final TimerDecoder timer = new TimerDecoder();

    // ---- configuration
    private final RiskConfig risk;
    private final RiskView view;
    private final long targetNotional;
    private final long maxDataAgeNs;
    private final long maxHoldingNs;
    private final long guardNs;
    private final long pairDeadlineNs;
    private final long closingDeadlineNs;
    private final long venueDownGraceNs;
    private final long dailyLossLimit;
    private final long dailyLossHalt;

    // ---- instruments
    private final Int2IntHashMap indexByInstrument;
    private final int[] instrumentIds;
    private final byte[] venueOf;
    private final long[] lotSize;
    private final long[] bid;
    private final long[] ask;
    private final long[] mark;
    private final double[] ratePerSecond;
    private final double[] rate;
    private final long[] nextFundingTsNs;
    private int instrumentCount;

    // ---- venues (SBE Venue raw value); market data and the gateway's private (ORDERS) stream apart
    private final byte[] feedStates = new byte[VENUE_SLOTS];
    private final boolean[] feedReported = new boolean[VENUE_SLOTS];
    private final long[] downSinceNs = new long[VENUE_SLOTS];
    private final byte[] orderStreamStates = new byte[VENUE_SLOTS];
    private final boolean[] orderStreamReported = new boolean[VENUE_SLOTS];
    private final long[] orderStreamDownSinceNs = new long[VENUE_SLOTS];
    private final long[] lastDataTsNs = new long[VENUE_SLOTS];
    private final long[] availableBalances = new long[VENUE_SLOTS];
    private final long[] walletBalances = new long[VENUE_SLOTS];
    private final long[][] orderTimes = new long[VENUE_SLOTS][];
    private final int[] orderTimeHead = new int[VENUE_SLOTS];

    // ---- pairs
    private final int[] pairState = new int[MAX_PAIRS];
    private final long[] pairId = new long[MAX_PAIRS];
    private final int[] pairToken = new int[MAX_PAIRS];
    private final int[] pairLong = new int[MAX_PAIRS];
    private final int[] pairShort = new int[MAX_PAIRS];
    private final long[] longQty = new long[MAX_PAIRS];
    private final long[] shortQty = new long[MAX_PAIRS];
    private final long[] longBought = new long[MAX_PAIRS];
    private final long[] longBoughtQty = new long[MAX_PAIRS];
    private final long[] shortSold = new long[MAX_PAIRS];
    private final long[] shortSoldQty = new long[MAX_PAIRS];
    private final long[] cash = new long[MAX_PAIRS];
    private final long[] fees = new long[MAX_PAIRS];
    private final long[] fundingReceived = new long[MAX_PAIRS];
    private final long[] openedTsNs = new long[MAX_PAIRS];
    private final long[] closingTsNs = new long[MAX_PAIRS];
    private final boolean[] hadFills = new boolean[MAX_PAIRS];
    private final int[] exitReason = new int[MAX_PAIRS];
    private final boolean[] closeRequested = new boolean[MAX_PAIRS];
    /** Kept after pairs finish, so a late duplicate is recognised and a late real fill is not lost. */
    private final OrderFills fills = new OrderFills(16_384);
    private long nextPairId = 1;
    /** Pairs not FREE, kept so that a market tick with nothing open skips the pair scans. */
    private int activeCount;

    // ---- circuit breaker and accounting
    private final Opportunities opportunities;
    private TradingState tradingState = TradingState.ACTIVE;
    private long stateChangedTsNs;
    private int stateReason;
    private long realisedTotal;
    private long day = Long.MIN_VALUE;
    private long dayStartRealised;
    private int consecutiveFailures;
    private final long[] rejectTimes = new long[REJECT_WINDOW];
    private int rejectHead;
    private long rejects;
    private long pairsOpened;
    private long pairsClosed;
    private long pairsFailed;
    private long lateReports;
    private long orphanFills;
    private long operatorCommands;
    private long rankingUpdates;
    private long ignoredEvents;
    private long nowNs;
    private InboundSlot slot;

    public RiskStage(final int maxInstruments, final StrategyConfig strategy, final RiskConfig risk, final ExecutionConfig execution)
    {
        this(maxInstruments, strategy, risk, execution, null);
    }

    /**
     * @param view where the status view reads the breaker, totals and open pairs, or null
     */
    public RiskStage(
        final int maxInstruments, final StrategyConfig strategy, final RiskConfig risk, final ExecutionConfig execution, final RiskView view)
    {
        this.view = view;
        this.risk = risk;
        this.targetNotional = FixedPoint.fromDouble(Math.min(strategy.targetNotionalUsd(), risk.maxNotionalPerPairUsd()));
        this.maxDataAgeNs = risk.maxDataAge().toNanos();
        this.maxHoldingNs = risk.maxHoldingTime().toNanos();
        this.guardNs = risk.settlementGuard().toNanos();
        // entry, one retry and one unwind, each with its timeout and a cancel grace, plus one timeout of slack
        this.pairDeadlineNs = 7 * execution.timeout().toNanos();
        this.closingDeadlineNs = (2L * execution.maxExitAttempts() + 1L) * execution.timeout().toNanos();
        this.venueDownGraceNs = risk.venueDownGrace().toNanos();
        this.dailyLossLimit = risk.dailyLossLimitUsd() > 0 ? FixedPoint.fromDouble(risk.dailyLossLimitUsd()) : Long.MAX_VALUE;
        this.dailyLossHalt = risk.dailyLossHaltUsd() > 0 ? FixedPoint.fromDouble(risk.dailyLossHaltUsd()) : Long.MAX_VALUE;
        this.opportunities = new Opportunities(InboundSlot.MAX_OPPORTUNITIES);

        indexByInstrument = new Int2IntHashMap(maxInstruments * 2, 0.65f, MISSING);
        instrumentIds = new int[maxInstruments];
        venueOf = new byte[maxInstruments];
        lotSize = new long[maxInstruments];
        bid = new long[maxInstruments];
        ask = new long[maxInstruments];
        mark = new long[maxInstruments];
        ratePerSecond = new double[maxInstruments];
        rate = new double[maxInstruments];
        nextFundingTsNs = new long[maxInstruments];
        for (int v = 0; v < VENUE_SLOTS; v++)
        {
            orderTimes[v] = new long[risk.maxOrdersPerSecond()];
            Arrays.fill(orderTimes[v], Long.MIN_VALUE);
            availableBalances[v] = FixedPoint.NULL;
            walletBalances[v] = FixedPoint.NULL;
        }
        Arrays.fill(rejectTimes, Long.MIN_VALUE);
    }

    @Override
    public String name()
    {
        return "risk";
    }

    @Override
    public void onEvent(final InboundSlot slot)
    {
        this.slot = slot;
        nowNs = slot.tsInitNs;
        if (slot.rankingChanged)
        {
            opportunities.copyFrom(slot.opportunities);
            rankingUpdates++;
        }
        if (slot.touchInstrumentId != MISSING)
        {
            onTouch(slot);
        }
        header.wrap(slot.buffer, 0);
        final int offset = MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        boolean reconsider = slot.rankingChanged;
        switch (slot.templateId)
        {
            case ExecutionReportDecoder.TEMPLATE_ID:
                report.wrap(slot.buffer, offset, blockLength, version);
                onReport();
                break;
            case FundingPaymentDecoder.TEMPLATE_ID:
                payment.wrap(slot.buffer, offset, blockLength, version);
                onPayment();
                break;
            case FundingUpdateDecoder.TEMPLATE_ID:
                funding.wrap(slot.buffer, offset, blockLength, version);
                onFunding();
                break;
            case InstrumentDefinitionDecoder.TEMPLATE_ID:
                definition.wrap(slot.buffer, offset, blockLength, version);
                onDefinition();
                break;
            case OperatorCommandDecoder.TEMPLATE_ID:
                operator.wrap(slot.buffer, offset, blockLength, version);
                onOperator();
                break;
            case VenueStatusDecoder.TEMPLATE_ID:
                venueStatus.wrap(slot.buffer, offset, blockLength, version);
                onVenueStatus();
                break;
            case BalanceUpdateDecoder.TEMPLATE_ID:
                balance.wrap(slot.buffer, offset, blockLength, version);
                final int v = balance.venueRaw() & (VENUE_SLOTS - 1);
                walletBalances[v] = balance.walletBalance();
                availableBalances[v] = balance.availableBalance();
                reconsider = true;
                break;
            case TimerDecoder.TEMPLATE_ID:
                timer.wrap(slot.buffer, offset, blockLength, version);
                reconsider = true;
                break;
            default:
                break;
        }
        final int template = slot.templateId;
        if (template == TimerDecoder.TEMPLATE_ID || template == ExecutionReportDecoder.TEMPLATE_ID
            || template == FundingPaymentDecoder.TEMPLATE_ID || template == VenueStatusDecoder.TEMPLATE_ID)
        {
            // account-level limits move with fills, funding, feed state and time; market ticks are
            // caught by the next timer (engine.timer_interval), which keeps this off the tick path
            checkBreaker();
        }
        checkExits();
        if (reconsider)
        {
            considerEntry();
        }
        if (slot.templateId == TimerDecoder.TEMPLATE_ID && timer.kind() == TimerKind.CHECKPOINT)
        {
            slot.riskHash = stateHash();
        }
        if (view != null && (slot.templateId == TimerDecoder.TEMPLATE_ID || slot.pairNotices.count > 0 || slot.riskStateChanged))
        {
            publishView();
        }
    }

    private void publishView()
    {
        final RiskView.Snapshot out = view.beginWrite();
        out.tradingState = tradingState.ordinal();
        out.stateReason = stateReason;
        out.pairsOpened = pairsOpened;
        out.pairsClosed = pairsClosed;
        out.pairsFailed = pairsFailed;
        out.realisedPnl = realisedTotal;
        out.nowNs = nowNs;
        int n = 0;
        for (int p = 0; p < MAX_PAIRS && n < out.pairId.length; p++)
        {
            if (pairState[p] == FREE)
            {
                continue;
            }
            out.pairId[n] = pairId[p];
            out.pairState[n] = pairState[p];
            out.tokenId[n] = pairToken[p];
            out.longInstrumentId[n] = instrumentIds[pairLong[p]];
            out.shortInstrumentId[n] = instrumentIds[pairShort[p]];
            out.longVenue[n] = venueOf[pairLong[p]];
            out.shortVenue[n] = venueOf[pairShort[p]];
            out.quantity[n] = Math.max(longQty[p], shortQty[p]);
            out.longPrice[n] = longBoughtQty[p] == 0 ? FixedPoint.NULL : FixedPoint.divide(longBought[p], longBoughtQty[p]);
            out.shortPrice[n] = shortSoldQty[p] == 0 ? FixedPoint.NULL : FixedPoint.divide(shortSold[p], shortSoldQty[p]);
            out.fees[n] = fees[p];
            out.funding[n] = fundingReceived[p];
            out.pnl[n] = pnl(p);
            out.openedTsNs[n] = openedTsNs[p];
            n++;
        }
        out.count = n;
        view.endWrite();
    }

    // ------------------------------------------------------------------ market and account events

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
        venueOf[index] = (byte)(definition.venueRaw() & (VENUE_SLOTS - 1));
        lotSize[index] = definition.lotSize();
        bid[index] = FixedPoint.NULL;
        ask[index] = FixedPoint.NULL;
        mark[index] = FixedPoint.NULL;
        nextFundingTsNs[index] = FixedPoint.NULL;
    }

    private void onTouch(final InboundSlot slot)
    {
        final int index = indexByInstrument.get(slot.touchInstrumentId);
        if (index == MISSING)
        {
            return;
        }
        bid[index] = slot.touchBid;
        ask[index] = slot.touchAsk;
        if (slot.touchMark != FixedPoint.NULL)
        {
            mark[index] = slot.touchMark;
        }
        lastDataTsNs[venueOf[index]] = nowNs;
    }

    private void onFunding()
    {
        final int index = indexByInstrument.get(funding.instrumentId());
        if (index == MISSING)
        {
            return;
        }
        final int intervalS = funding.fundingIntervalS();
        rate[index] = funding.fundingRate() * 1e-9;
        ratePerSecond[index] = intervalS > 0 ? rate[index] / intervalS : 0;
        nextFundingTsNs[index] = funding.nextFundingTsNs();
        lastDataTsNs[venueOf[index]] = nowNs;
    }

    /**
     * A connection state change. Market-data feeds and a gateway's private stream report under the
     * same venue; the {@code stream} field keeps them apart (absent before schema version 2: market
     * data). Market-data usability looks at MARKET_DATA only; entries also need the ORDERS stream
     * not DOWN once it has reported; the VENUE_DOWN breaker considers either.
     */
    private void onVenueStatus()
    {
        final int v = venueStatus.venueRaw() & (VENUE_SLOTS - 1);
        final byte state = (byte)venueStatus.stateRaw();
        if (venueStatus.streamRaw() == StreamKind.ORDERS.value())
        {
            if (state == FeedState.DOWN.value() && (orderStreamStates[v] != state || !orderStreamReported[v]))
            {
                orderStreamDownSinceNs[v] = nowNs;
            }
            orderStreamStates[v] = state;
            orderStreamReported[v] = true;
            return;
        }
        if (state == FeedState.DOWN.value() && (feedStates[v] != state || !feedReported[v]))
        {
            downSinceNs[v] = nowNs;
        }
        feedStates[v] = state;
        feedReported[v] = true;
    }

    private void onOperator()
    {
        operatorCommands++;
        switch (operator.action())
        {
            case PAUSE:
                if (tradingState == TradingState.ACTIVE)
                {
                    transition(TradingState.PAUSED, Reason.OPERATOR_PAUSE, 0);
                }
                break;
            case RESUME:
                if (tradingState != TradingState.ACTIVE)
                {
                    consecutiveFailures = 0;
                    transition(TradingState.ACTIVE, Reason.OPERATOR_RESUME, 0);
                }
                break;
            case CLOSE_PAIR:
                final int p = pairSlot(operator.pairId());
                if (p != MISSING)
                {
                    closeRequested[p] = true;
                }
                break;
            case KILL:
                transition(TradingState.HALTED, Reason.KILL_SWITCH, 0);
                break;
            default:
                break;
        }
    }

    private void onReport()
    {
        final long clientOrderId = report.clientOrderId();
        final int p = pairSlot(clientOrderId >>> ORDER_BITS);
        final ExecType type = report.execType();
        if (type == ExecType.REJECTED)
        {
            rejects++;
            rejectTimes[rejectHead++ & (REJECT_WINDOW - 1)] = nowNs;
        }
        final long filled = fills.newFill(clientOrderId, report.cumQty(), report.lastQty());
        if (p == MISSING)
        {
            lateReports++;
            if (filled > 0)
            {
                // a fill for a pair already finished (or never known): exposure the book does not hold
                orphanFills++;
                transition(TradingState.HALTED, Reason.NAKED_EXPOSURE, clientOrderId >>> ORDER_BITS);
            }
            return;
        }
        if (filled == 0)
        {
            return;
        }
        final long price = report.lastPrice();
        final long notional = FixedPoint.multiply(price, filled);
        final boolean buy = report.side() == Side.BUY;
        final int instrumentId = report.instrumentId();
        if (instrumentId == instrumentIds[pairLong[p]])
        {
            longQty[p] += buy ? filled : -filled;
            if (buy)
            {
                longBought[p] += notional;
                longBoughtQty[p] += filled;
            }
        }
        else if (instrumentId == instrumentIds[pairShort[p]])
        {
            shortQty[p] += buy ? -filled : filled;
            if (!buy)
            {
                shortSold[p] += notional;
                shortSoldQty[p] += filled;
            }
        }
        else
        {
            ignoredEvents++;
            return;
        }
        hadFills[p] = true;
        cash[p] += buy ? -notional : notional;
        final long fee = report.fee();
        if (fee != FixedPoint.NULL)
        {
            fees[p] += fee;
        }
        afterFill(p);
    }

    private void onPayment()
    {
        final int index = indexByInstrument.get(payment.instrumentId());
        if (index == MISSING)
        {
            return;
        }
        for (int p = 0; p < MAX_PAIRS; p++)
        {
            if (pairState[p] != FREE && (pairLong[p] == index || pairShort[p] == index))
            {
                fundingReceived[p] += payment.amount();
                return;
            }
        }
        lateReports++;
    }

    // ------------------------------------------------------------------ pairs

    private int pairSlot(final long id)
    {
        for (int p = 0; p < MAX_PAIRS; p++)
        {
            if (pairState[p] != FREE && pairId[p] == id)
            {
                return p;
            }
        }
        return MISSING;
    }

    private long tolerance(final int p)
    {
        return Math.max(Math.max(lotSize[pairLong[p]], lotSize[pairShort[p]]), 0);
    }

    private void afterFill(final int p)
    {
        final boolean flat = longQty[p] == 0 && shortQty[p] == 0;
        if (flat && hadFills[p])
        {
            finish(p, pairState[p] == OPENING ? Reason.ENTRY_FAILED : Reason.of(exitReason[p]));
            return;
        }
        if (pairState[p] == OPENING && longQty[p] > 0 && shortQty[p] > 0 && Math.abs(longQty[p] - shortQty[p]) <= tolerance(p))
        {
            pairState[p] = OPEN;
            consecutiveFailures = 0;
            pairsOpened++;
            notice(p, PairEventKind.OPENED, Reason.ENTRY_FILLED);
        }
    }

    private void finish(final int p, final Reason reason)
    {
        final long pnl = cash[p] - fees[p] + fundingReceived[p];
        realisedTotal += pnl;
        if (reason == Reason.ENTRY_FAILED)
        {
            pairsFailed++;
            consecutiveFailures++;
            notice(p, PairEventKind.FAILED, reason);
        }
        else
        {
            pairsClosed++;
            notice(p, PairEventKind.CLOSED, reason);
        }
        pairState[p] = FREE;
        activeCount--;
    }

    private void notice(final int p, final PairEventKind kind, final Reason reason)
    {
        final PairNotices n = slot.pairNotices;
        final int i = n.next();
        if (i < 0)
        {
            return;
        }
        n.kind[i] = kind.value();
        n.pairId[i] = pairId[p];
        n.tokenId[i] = pairToken[p];
        n.longInstrumentId[i] = instrumentIds[pairLong[p]];
        n.shortInstrumentId[i] = instrumentIds[pairShort[p]];
        n.quantity[i] = Math.max(longQty[p], shortQty[p]);
        n.longPrice[i] = longBoughtQty[p] == 0 ? FixedPoint.NULL : FixedPoint.divide(longBought[p], longBoughtQty[p]);
        n.shortPrice[i] = shortSoldQty[p] == 0 ? FixedPoint.NULL : FixedPoint.divide(shortSold[p], shortSoldQty[p]);
        n.fees[i] = fees[p];
        n.funding[i] = fundingReceived[p];
        n.realisedPnl[i] = cash[p] - fees[p] + fundingReceived[p];
        n.reason[i] = reason.ordinal();
    }

    /** Mark-to-market PnL of a pair in quote units (1e-9): cash − fees + funding + legs valued at the side they would close on. */
    private long pnl(final int p)
    {
        final int a = pairLong[p];
        final int b = pairShort[p];
        final long exitLong = bid[a] != FixedPoint.NULL ? bid[a] : mark[a];
        final long exitShort = ask[b] != FixedPoint.NULL ? ask[b] : mark[b];
        long value = cash[p] - fees[p] + fundingReceived[p];
        if (longQty[p] != 0 && exitLong != FixedPoint.NULL)
        {
            value += FixedPoint.multiply(exitLong, longQty[p]);
        }
        if (shortQty[p] != 0 && exitShort != FixedPoint.NULL)
        {
            value -= FixedPoint.multiply(exitShort, shortQty[p]);
        }
        return value;
    }

    private void checkExits()
    {
        if (activeCount == 0)
        {
            return; // the common case on a market tick: nothing to exit
        }
        final boolean flattenAll = tradingState == TradingState.HALTED;
        for (int p = 0; p < MAX_PAIRS; p++)
        {
            final int state = pairState[p];
            if (state == FREE)
            {
                continue;
            }
            if (state == OPENING)
            {
                if (nowNs - openedTsNs[p] > pairDeadlineNs)
                {
                    if (!hadFills[p] || (longQty[p] == 0 && shortQty[p] == 0))
                    {
                        finish(p, Reason.ENTRY_FAILED); // nothing filled: the entry simply did not happen
                    }
                    else if (Math.abs(longQty[p] - shortQty[p]) > tolerance(p))
                    {
                        transition(TradingState.HALTED, Reason.NAKED_EXPOSURE, pairId[p]);
                    }
                }
                continue;
            }
            if (state == CLOSING)
            {
                if (nowNs - closingTsNs[p] > closingDeadlineNs && tradingState != TradingState.HALTED)
                {
                    transition(TradingState.HALTED, Reason.EXIT_INCOMPLETE, pairId[p]);
                }
                continue;
            }
            final Reason reason = flattenAll ? Reason.of(stateReason) : exitReason(p);
            if (reason != Reason.NONE)
            {
                exit(p, reason);
            }
        }
    }

    private Reason exitReason(final int p)
    {
        if (closeRequested[p])
        {
            return Reason.OPERATOR_CLOSE;
        }
        final int a = pairLong[p];
        final int b = pairShort[p];
        final long notional = longBought[p];
        if (notional > 0)
        {
            final double pnlBps = (double)pnl(p) / notional * 1e4;
            if (risk.stopLossBps() > 0 && pnlBps <= -risk.stopLossBps())
            {
                return Reason.STOP_LOSS;
            }
            if (risk.takeProfitBps() > 0 && pnlBps >= risk.takeProfitBps())
            {
                return Reason.TAKE_PROFIT;
            }
        }
        if (nowNs - openedTsNs[p] >= maxHoldingNs)
        {
            return Reason.MAX_HOLDING_TIME;
        }
        final double spreadPerDay = (ratePerSecond[b] - ratePerSecond[a]) * 86_400.0;
        if (spreadPerDay < risk.exitSpreadPerDay())
        {
            // leaving just before a settlement this pair would be paid is waiting money away
            if (receivesSoon(a, true) || receivesSoon(b, false))
            {
                return Reason.NONE;
            }
            return Reason.SPREAD_COLLAPSED;
        }
        return Reason.NONE;
    }

    /** True when the leg's next settlement is within the guard and pays this side. */
    private boolean receivesSoon(final int index, final boolean isLong)
    {
        final long next = nextFundingTsNs[index];
        if (next == FixedPoint.NULL || next <= nowNs || next - nowNs > guardNs)
        {
            return false;
        }
        return isLong ? rate[index] < 0 : rate[index] > 0;
    }

    /** True when the leg's next settlement is within the guard and this side pays it. */
    private boolean paysSoon(final int index, final boolean isLong)
    {
        final long next = nextFundingTsNs[index];
        if (next == FixedPoint.NULL || next <= nowNs || next - nowNs > guardNs)
        {
            return false;
        }
        return isLong ? rate[index] > 0 : rate[index] < 0;
    }

    private void exit(final int p, final Reason reason)
    {
        if (slot.decisions.add(Decisions.EXIT, pairId[p], pairToken[p], instrumentIds[pairLong[p]], instrumentIds[pairShort[p]],
            0, FixedPoint.NULL, FixedPoint.NULL, reason.ordinal()))
        {
            pairState[p] = CLOSING;
            closingTsNs[p] = nowNs;
            exitReason[p] = reason.ordinal();
            notice(p, PairEventKind.CLOSING, reason);
        }
    }

    // ------------------------------------------------------------------ entries

    private void considerEntry()
    {
        if (tradingState != TradingState.ACTIVE)
        {
            return;
        }
        if (activeCount >= risk.maxOpenPairs() || activeCount >= MAX_PAIRS)
        {
            return;
        }
        for (int i = 0; i < opportunities.count; i++)
        {
            if (passes(i))
            {
                enter(i);
                return; // one entry per event: the next event sees its effect on the limits
            }
        }
    }

    private boolean passes(final int i)
    {
        final int a = indexByInstrument.get(opportunities.longInstrumentId[i]);
        final int b = indexByInstrument.get(opportunities.shortInstrumentId[i]);
        if (a == MISSING || b == MISSING)
        {
            return false;
        }
        final int tokenId = opportunities.tokenId[i];
        for (int p = 0; p < MAX_PAIRS; p++)
        {
            if (pairState[p] != FREE && pairToken[p] == tokenId)
            {
                return false; // one pair per token
            }
        }
        final int va = venueOf[a];
        final int vb = venueOf[b];
        return feedUsable(va) && feedUsable(vb)
            && tradable(va) && tradable(vb)
            && opportunities.slippageBps[i] <= risk.maxSlippageBps()
            && notionalFits(va, vb)
            && balanceFits(va) && balanceFits(vb)
            && orderRateFits(va) && orderRateFits(vb)
            && !paysSoon(a, true) && !paysSoon(b, false)
            && opportunities.longAsk[i] != FixedPoint.NULL && opportunities.shortBid[i] != FixedPoint.NULL;
    }

    private boolean feedUsable(final int venue)
    {
        if (feedReported[venue] && feedStates[venue] != FeedState.LIVE.value())
        {
            return false;
        }
        return nowNs - lastDataTsNs[venue] <= maxDataAgeNs;
    }

    /** A venue whose private stream is down cannot be traded: its fills would go unseen. */
    private boolean tradable(final int venue)
    {
        return !(orderStreamReported[venue] && orderStreamStates[venue] == FeedState.DOWN.value());
    }

    private boolean notionalFits(final int va, final int vb)
    {
        long total = 0;
        long onA = 0;
        long onB = 0;
        for (int p = 0; p < MAX_PAIRS; p++)
        {
            if (pairState[p] == FREE)
            {
                continue;
            }
            final long legNotional = Math.max(longBought[p], targetNotional);
            total += 2 * legNotional;
            final int pa = venueOf[pairLong[p]];
            final int pb = venueOf[pairShort[p]];
            onA += (pa == va ? legNotional : 0) + (pb == va ? legNotional : 0);
            onB += (pa == vb ? legNotional : 0) + (pb == vb ? legNotional : 0);
        }
        final double n = targetNotional * 1e-9;
        return (total * 1e-9) + 2 * n <= risk.maxTotalNotionalUsd()
            && (onA * 1e-9) + n <= risk.maxNotionalPerVenueUsd()
            && (onB * 1e-9) + n <= risk.maxNotionalPerVenueUsd();
    }

    private boolean balanceFits(final int venue)
    {
        final long available = availableBalances[venue];
        if (available == FixedPoint.NULL)
        {
            return !risk.requireBalanceData();
        }
        return available * 1e-9 * risk.maxLeverage() >= targetNotional * 1e-9;
    }

    private boolean orderRateFits(final int venue)
    {
        final long[] times = orderTimes[venue];
        final long oldest = times[orderTimeHead[venue] % times.length];
        return oldest == Long.MIN_VALUE || nowNs - oldest >= NS_PER_S;
    }

    private void recordOrder(final int venue)
    {
        final long[] times = orderTimes[venue];
        times[orderTimeHead[venue]++ % times.length] = nowNs;
    }

    private void enter(final int i)
    {
        int p = 0;
        while (pairState[p] != FREE)
        {
            p++;
        }
        final long id = nextPairId++;
        if (!slot.decisions.add(Decisions.ENTER, id, opportunities.tokenId[i], opportunities.longInstrumentId[i],
            opportunities.shortInstrumentId[i], targetNotional, opportunities.longAsk[i], opportunities.shortBid[i], Reason.ENTRY.ordinal()))
        {
            return;
        }
        final int a = indexByInstrument.get(opportunities.longInstrumentId[i]);
        final int b = indexByInstrument.get(opportunities.shortInstrumentId[i]);
        pairState[p] = OPENING;
        activeCount++;
        pairId[p] = id;
        pairToken[p] = opportunities.tokenId[i];
        pairLong[p] = a;
        pairShort[p] = b;
        longQty[p] = 0;
        shortQty[p] = 0;
        longBought[p] = 0;
        longBoughtQty[p] = 0;
        shortSold[p] = 0;
        shortSoldQty[p] = 0;
        cash[p] = 0;
        fees[p] = 0;
        fundingReceived[p] = 0;
        openedTsNs[p] = nowNs;
        closingTsNs[p] = 0;
        hadFills[p] = false;
        exitReason[p] = Reason.NONE.ordinal();
        closeRequested[p] = false;
        recordOrder(venueOf[a]);
        recordOrder(venueOf[b]);
        notice(p, PairEventKind.OPENING, Reason.ENTRY);
    }

    // ------------------------------------------------------------------ circuit breaker

    private void checkBreaker()
    {
        // daily PnL: realised today plus what the open pairs would realise now
        final long today = Math.floorDiv(nowNs, NS_PER_DAY);
        if (today != day)
        {
            day = today;
            dayStartRealised = realisedTotal;
        }
        long dailyPnl = realisedTotal - dayStartRealised;
        boolean venueDownWithLegs = false;
        for (int p = 0; p < MAX_PAIRS; p++)
        {
            if (pairState[p] != FREE && pairState[p] != OPENING)
            {
                dailyPnl += pnl(p);
            }
            if (pairState[p] != FREE)
            {
                venueDownWithLegs |= downTooLong(venueOf[pairLong[p]]) || downTooLong(venueOf[pairShort[p]]);
            }
        }
        if (-dailyPnl >= dailyLossHalt)
        {
            transition(TradingState.HALTED, Reason.DAILY_LOSS_HALT, 0);
        }
        else if (tradingState == TradingState.ACTIVE || tradingState == TradingState.PAUSED)
        {
            if (-dailyPnl >= dailyLossLimit)
            {
                transition(TradingState.REDUCING, Reason.DAILY_LOSS_LIMIT, 0);
            }
            else if (consecutiveFailures >= risk.maxConsecutiveFailures())
            {
                transition(TradingState.REDUCING, Reason.CONSECUTIVE_FAILURES, 0);
            }
            else if (rejectsInLastMinute() >= risk.maxRejectsPerMinute())
            {
                transition(TradingState.REDUCING, Reason.REJECT_RATE, 0);
            }
            else if (venueDownWithLegs)
            {
                transition(TradingState.REDUCING, Reason.VENUE_DOWN, 0);
            }
        }
    }

    private boolean downTooLong(final int venue)
    {
        return (feedReported[venue] && feedStates[venue] == FeedState.DOWN.value() && nowNs - downSinceNs[venue] >= venueDownGraceNs)
            || (orderStreamReported[venue] && orderStreamStates[venue] == FeedState.DOWN.value()
                && nowNs - orderStreamDownSinceNs[venue] >= venueDownGraceNs);
    }

    private int rejectsInLastMinute()
    {
        int n = 0;
        final long since = nowNs - 60 * NS_PER_S;
        for (int i = 0; i < REJECT_WINDOW && n < REJECT_WINDOW; i++)
        {
            if (rejectTimes[i] != Long.MIN_VALUE && rejectTimes[i] > since)
            {
                n++;
            }
        }
        return n;
    }

    private void transition(final TradingState next, final Reason reason, final long pair)
    {
        if (next == tradingState || (tradingState == TradingState.HALTED && next != TradingState.ACTIVE))
        {
            return;
        }
        if (!slot.riskStateChanged)
        {
            slot.riskStateChanged = true;
            slot.riskFromState = tradingState.ordinal();
            slot.riskToState = next.ordinal();
            slot.riskReason = reason.ordinal();
            slot.riskPairId = pair;
        }
        tradingState = next;
        stateReason = reason.ordinal();
        stateChangedTsNs = nowNs;
    }

    // ------------------------------------------------------------------ state

    @Override
    public long stateHash()
    {
        long h = StateHash.SEED;
        h = StateHash.mix(h, tradingState.ordinal());
        h = StateHash.mix(h, stateReason);
        h = StateHash.mix(h, stateChangedTsNs);
        h = StateHash.mix(h, realisedTotal);
        h = StateHash.mix(h, consecutiveFailures);
        h = StateHash.mix(h, rejects);
        h = StateHash.mix(h, nextPairId);
        h = StateHash.mix(h, pairsOpened);
        h = StateHash.mix(h, pairsClosed);
        h = StateHash.mix(h, pairsFailed);
        h = StateHash.mix(h, lateReports);
        h = StateHash.mix(h, orphanFills);
        h = StateHash.mix(h, operatorCommands);
        h = StateHash.mix(h, rankingUpdates);
        h = StateHash.mix(h, ignoredEvents);
        for (int v = 0; v < VENUE_SLOTS; v++)
        {
            h = StateHash.mix(h, feedStates[v]);
            if (orderStreamReported[v])
            {
                h = StateHash.mix(h, orderStreamStates[v]);
            }
            h = StateHash.mix(h, lastDataTsNs[v]);
            h = StateHash.mix(h, walletBalances[v]);
            h = StateHash.mix(h, availableBalances[v]);
        }
        for (int p = 0; p < MAX_PAIRS; p++)
        {
            if (pairState[p] == FREE)
            {
                continue;
            }
            h = StateHash.mix(h, pairId[p]);
            h = StateHash.mix(h, pairState[p]);
            h = StateHash.mix(h, longQty[p]);
            h = StateHash.mix(h, shortQty[p]);
            h = StateHash.mix(h, cash[p]);
            h = StateHash.mix(h, fees[p]);
            h = StateHash.mix(h, fundingReceived[p]);
        }
        h = StateHash.mix(h, opportunities.count);
        for (int i = 0; i < opportunities.count; i++)
        {
            h = StateHash.mix(h, opportunities.tokenId[i]);
            h = StateHash.mix(h, opportunities.netEdgeBps[i]);
        }
        return StateHash.finish(h);
    }

    // ------------------------------------------------------------------ queries (same thread, tests, tools)

    public TradingState tradingState()
    {
        return tradingState;
    }

    /** The ranking as RiskStage last received it from MarketStage, best first. */
    public Opportunities opportunities()
    {
        return opportunities;
    }

    /** Realised PnL of every finished pair (quote, 1e-9). */
    public long realisedPnl()
    {
        return realisedTotal;
    }

    public long pairsOpened()
    {
        return pairsOpened;
    }

    public long pairsClosed()
    {
        return pairsClosed;
    }

    public long pairsFailed()
    {
        return pairsFailed;
    }

    /** Pairs not yet finished (opening, open or closing). */
    public int activePairs()
    {
        return activeCount;
    }

    /** Held quantity of a pair's long leg, or 0. */
    public long longQuantity(final long id)
    {
        final int p = pairSlot(id);
        return p == MISSING ? 0 : longQty[p];
    }

    /** Held quantity of a pair's short leg (positive when short), or 0. */
    public long shortQuantity(final long id)
    {
        final int p = pairSlot(id);
        return p == MISSING ? 0 : shortQty[p];
    }
}
