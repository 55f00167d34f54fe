package io.fundingarb.engine.stage;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Asset;
import io.fundingarb.codecs.sbe.BalanceUpdateDecoder;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.ExecutionReportDecoder;
import io.fundingarb.codecs.sbe.FundingPaymentDecoder;
import io.fundingarb.codecs.sbe.FundingUpdateDecoder;
import io.fundingarb.codecs.sbe.InstrumentDefinitionDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.OperatorCommandDecoder;
import io.fundingarb.codecs.sbe.MarginMode;
import io.fundingarb.codecs.sbe.PairEventKind;
import io.fundingarb.codecs.sbe.PositionSnapshotDecoder;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.PositionSource;
import io.fundingarb.codecs.sbe.SessionResumeDecoder;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.StreamKind;
import io.fundingarb.codecs.sbe.TimerDecoder;
import io.fundingarb.codecs.sbe.TimerKind;
import io.fundingarb.codecs.sbe.VenueStatusDecoder;
import io.fundingarb.engine.config.ExecutionConfig;
import io.fundingarb.engine.config.RecoveryConfig;
import io.fundingarb.engine.config.RiskConfig;
import io.fundingarb.engine.config.StrategyConfig;
import io.fundingarb.engine.ring.Decisions;
import io.fundingarb.engine.ring.InboundSlot;
import io.fundingarb.engine.ring.Opportunities;
import io.fundingarb.engine.ring.PairNotices;
import java.util.Arrays;
import org.agrona.collections.Int2IntHashMap;

/**
 * RiskStage: positions, limits, the exposure invariant and the circuit breaker. It owns the book
 * of hedged pairs (both legs' quantities from fills, cash, fees, funding, realised PnL), the
 * exposure book (every instrument's position from every fill seen, and the orphan part no pair
 * holds), balances and feed state per venue, and decides, for ExecutionStage, which pair to enter
 * (the best-ranked opportunity that passes every check, else the next), and every order after
 * that: exit legs, retries and repairs, each numbered here so that this stage alone knows what is
 * working.
 *
 * <p><b>Exposure invariant.</b> Per token, the net base position across venues must be back at zero
 * within {@code execution.timeout} of any change. Checked on every event: once a pair's or an
 * orphan position's orders are done, a residual gets a repair: complete the hedge if the pair is
 * still entering and its edge still holds, else unwind the excess reduce-only; an orphan position
 * (a fill of a finished pair, an unknown order, an abandoned order) is unwound reduce-only. A failed
 * exit or repair is retried after a capped exponential backoff ({@code execution.repair_backoff_*}),
 * without end while exposure remains; after {@code execution.max_exit_attempts} failed attempts the
 * breaker goes HALTED. Every attempt and its outcome is a pair notice (journaled) and counted.
 *
 * <p>Circuit breaker: ACTIVE → REDUCING (no new entries; daily loss limit, consecutive failed
 * entries, reject rate, a venue with open legs down) → HALTED (no new entries and flatten
 * everything, repairing until flat: daily loss halt, repairs or exits that keep failing, the kill
 * switch). PAUSED is the operator's pause. The operator's FLATTEN flattens everything the same way
 * in REDUCING. Only an operator RESUME returns to ACTIVE. Every transition goes into the slot with
 * its reason; ExecutionStage journals it.
 *
 * <p>Quantities and cash are exact fixed-point (1e-9); ratios (spreads, bps) are doubles.
 * Client order ids carry their pair: {@code pairId = clientOrderId >>> ORDER_BITS}; an orphan
 * repair takes a fresh id of its own.
 */
public final class RiskStage implements Stage
{
    /** Low bits of a client order id number the orders of one pair. */
    public static final int ORDER_BITS = 6;
    private static final int MISSING = -1;
    private static final int VENUE_SLOTS = VenueHealth.VENUE_SLOTS;
    private static final int MAX_PAIRS = PairBook.MAX_PAIRS;
    private static final long NS_PER_S = 1_000_000_000L;
    private static final long NS_PER_DAY = 86_400L * NS_PER_S;
    /** A funding interval neither the definition nor the feed gave: the common 8 h. */
    private static final int DEFAULT_INTERVAL_S = 8 * 3600;
    private static final int REJECT_WINDOW = 1024;
    private static final int QUOTE_SLOTS = 8;
    /** SBE Asset raw values; USDT, USDC and USD have the raw values of the same Quote. */
    private static final int ASSET_SLOTS = 8;
    /** A report's feeAsset when absent (schema before version 3, or not set): the instrument's quote. */
    private static final int ASSET_NULL = Asset.NULL_VAL.value();
    private static final byte[] BNB = {'B', 'N', 'B'};
    private static final int MAX_WORKING_ORDERS = 512;
    private static final int ORDERS_PER_PAIR = 1 << ORDER_BITS;
    private static final int FREE = PairPhase.FREE;
    private static final int OPENING = PairPhase.OPENING;
    private static final int OPEN = PairPhase.OPEN;
    private static final int CLOSING = PairPhase.CLOSING;
    private static final int NOTHING = PairBook.NOTHING;
    private static final int HEDGE = PairBook.HEDGE;
    private static final int REDUCE = PairBook.REDUCE;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final InstrumentDefinitionDecoder definition = new InstrumentDefinitionDecoder();
    private final FundingUpdateDecoder funding = new FundingUpdateDecoder();
    private final OperatorCommandDecoder operator = new OperatorCommandDecoder();
    private final VenueStatusDecoder venueStatus = new VenueStatusDecoder();
    private final BalanceUpdateDecoder balance = new BalanceUpdateDecoder();
    private final ExecutionReportDecoder report = new ExecutionReportDecoder();
    private final FundingPaymentDecoder payment = new FundingPaymentDecoder();
    private final TimerDecoder timer = new TimerDecoder();
    private final PositionSnapshotDecoder position = new PositionSnapshotDecoder();
    private final SessionResumeDecoder resume = new SessionResumeDecoder();

    // ---- configuration
    private final RiskConfig risk;
    private final RiskView view;
    private final long targetNotional;
    private final long maxHoldingNs;
    private final long guardNs;
    private final long timeoutNs;
    private final int maxAttempts;
    private final RepairBackoff backoff;
    private final long dailyLossLimit;
    private final long dailyLossHalt;
    private final FundingExpectation expectation;
    private final double basisCapture;
    private final long paymentWaitNs;
    private final RecoveryConfig.Orphans orphanPolicy;
    private final long reconcileTimeoutNs;
    private final double minLiquidationDistance;
    /** Told of each entry and exit decision before it takes effect ({@code replay --explain}); null in the engine. */
    private final DecisionAudit audit;
    /** Open notional in total, on the long venue and on the short venue (1e-9), filled by {@link #openNotional}. */
    private final long[] notionalScratch = new long[3];

    // ---- instruments
    private final Int2IntHashMap indexByInstrument;
    private final int[] instrumentIds;
    private final byte[] venueOf;
    private final byte[] quoteOf;
    private final long[] lotSize;
    private final int[] tokenIds;
    private final long[] bid;
    private final long[] ask;
    private final long[] mark;
    private final double[] ratePerSecond;
    private final double[] rate;
    private final int[] intervalS;
    private final long[] nextFundingTsNs;
    /** The last settlement known to have passed, from the feed moving its next settlement on. */
    private final long[] lastSettlementTsNs;
    /** The settlement time (event time) of the latest funding payment seen. */
    private final long[] paidThroughTsNs;
    private int instrumentCount;

    // ---- exposure: every fill, and the orders this stage asked for
    private final ExposureBook exposure;
    private final WorkingOrders orders;
    /** Each instrument's liquidation price, the venue's or the estimate, and the legs' distance to it. */
    private final LiquidationWatch liquidation;

    // ---- venues (SBE Venue raw value)
    private final VenueHealth venues;

    // ---- pairs
    private final PairBook pairs = new PairBook();
    /** Kept after pairs finish, so a late duplicate is recognised and a late real fill is not lost. */
    private final OrderFills fills = new OrderFills(16_384);
    private long nextPairId = 1;

    // ---- circuit breaker and accounting
    private final Opportunities opportunities;
    private TradingState tradingState = TradingState.ACTIVE;
    private long stateChangedTsNs;
    private int stateReason;
    /**
     * Realised PnL summed over the quote assets at par: only for {@link #realisedPnl()} (tests and
     * tools comparing a session in one quote). The breaker and the status view use {@link #realisedByQuote}.
     */
    private long realisedTotal;
    /** Realised PnL per quote asset (SBE Quote raw value): USDT and USDC are never summed as one money. */
    private final long[] realisedByQuote = new long[QUOTE_SLOTS];
    private long day = Long.MIN_VALUE;
    /** Realised PnL per quote asset at the start of the day, and the day's PnL per quote asset (scratch of the breaker). */
    private final long[] dayStartByQuote = new long[QUOTE_SLOTS];
    private final long[] dailyByQuote = new long[QUOTE_SLOTS];

    // ---- fees as charged
    /** Fees per asset charged (SBE Asset raw value; a fee without asset in its instrument's quote), in that asset's units. */
    private final long[] feesByAsset = new long[ASSET_SLOTS];
    /** The part of {@link #feesByAsset} no mark valued in the instrument's quote: kept out of PnL, counted. */
    private final long[] unvaluedFeesByAsset = new long[ASSET_SLOTS];
    private long unvaluedFees;
    /** Fee-only reports: a venue's commission replacing the estimate of a fill first learned without it. */
    private long feeCorrections;
    /** Per quote asset (SBE Quote raw value), the BNB perpetual quoted in it whose mark values a BNB fee, or MISSING. */
    private final int[] bnbIndexByQuote = new int[QUOTE_SLOTS];
    private final byte[] tokenName = new byte[16];
    private int consecutiveFailures;
    /** Operator FLATTEN: flatten everything in REDUCING until RESUME. */
    private boolean flattening;
    /** The operator paused and has not resumed: a return to ACTIVE lands in PAUSED instead. */
    private boolean operatorPaused;
    private long repairAttempts;
    private long repairsFailed;
    private long repairsDone;
    private final long[] rejectTimes = new long[REJECT_WINDOW];
    private int rejectHead;
    private long rejects;
    private long pairsOpened;
    private long pairsClosed;
    private long pairsFailed;
    private long lateReports;
    private long orphanFills;
    private long venueReductions;
    private long liquidationRiskExits;
    private long operatorCommands;
    private long rankingUpdates;
    private long ignoredEvents;
    private long nowNs;
    private InboundSlot slot;

    // ---- reconciliation with the venues' positions (PositionSnapshot batches)
    /** The venue's quantity of each instrument, from its latest batch; whether the batch covered it; a decision still to take. */
    private final long[] venueQty;
    private final long[] venueEntry;
    private final boolean[] reported;
    private final boolean[] toDecide;
    private int toDecideCount;
    private final long[] batchId = new long[VENUE_SLOTS];
    private final int[] batchCount = new int[VENUE_SLOTS];
    /** A SessionResume marker was seen: batches are compared with the book carried over, orphans handled per recovery.orphans. */
    private boolean resumed;
    /** Venues (bit per Venue value) whose positions the resume still awaits; no orders while non-zero, until the timeout. */
    private int reconcilePending;
    private long reconcileDeadlineNs;
    private boolean reconcileOverdue;
    /** No orders at all: positions the journal cannot explain (start without resume, or recovery.orphans: halt). */
    private boolean frozen;
    private long positionsAdopted;
    private long orphansFound;
    private long snapshotsIgnored;
    private final int[] foundVenue = new int[MAX_PAIRS];
    private final int[] foundInstrumentId = new int[MAX_PAIRS];
    private final long[] foundQuantity = new long[MAX_PAIRS];
    private int foundCount;

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
        this(maxInstruments, strategy, risk, execution, RecoveryConfig.defaults(), view);
    }

    /**
     * @param recovery what a resumed session does with positions its journal does not explain
     * @param view     where the status view reads the breaker, totals and open pairs, or null
     */
    public RiskStage(
        final int maxInstruments, final StrategyConfig strategy, final RiskConfig risk, final ExecutionConfig execution,
        final RecoveryConfig recovery, final RiskView view)
    {
        this(maxInstruments, strategy, risk, execution, recovery, view, null);
    }

    /**
     * @param audit told of each entry and exit decision before it takes effect, or null (the engine):
     *              an audit reads the inputs through {@link #inspectEntry} and {@link #inspectExit}
     */
    public RiskStage(
        final int maxInstruments, final StrategyConfig strategy, final RiskConfig risk, final ExecutionConfig execution,
        final RecoveryConfig recovery, final RiskView view, final DecisionAudit audit)
    {
        this.view = view;
        this.audit = audit;
        this.orphanPolicy = recovery.orphans();
        this.reconcileTimeoutNs = recovery.reconcileTimeout().toNanos();
        this.venueQty = new long[maxInstruments];
        this.venueEntry = new long[maxInstruments];
        this.reported = new boolean[maxInstruments];
        this.toDecide = new boolean[maxInstruments];
        this.risk = risk;
        this.targetNotional = FixedPoint.fromDouble(Math.min(strategy.targetNotionalUsd(), risk.maxNotionalPerPairUsd()));
        this.maxHoldingNs = risk.maxHoldingTime().toNanos();
        this.guardNs = risk.settlementGuard().toNanos();
        this.timeoutNs = execution.timeout().toNanos();
        this.maxAttempts = execution.maxExitAttempts();
        this.backoff = new RepairBackoff(execution.repairBackoffInitial().toNanos(), execution.repairBackoffMax().toNanos());
        this.dailyLossLimit = risk.dailyLossLimitUsd() > 0 ? FixedPoint.fromDouble(risk.dailyLossLimitUsd()) : Long.MAX_VALUE;
        this.dailyLossHalt = risk.dailyLossHaltUsd() > 0 ? FixedPoint.fromDouble(risk.dailyLossHaltUsd()) : Long.MAX_VALUE;
        this.opportunities = new Opportunities(InboundSlot.MAX_OPPORTUNITIES);
        this.expectation = new FundingExpectation(strategy.fundingDecayPerSettlement(), strategy.horizon().toNanos());
        this.basisCapture = strategy.basisCapture();
        this.paymentWaitNs = risk.paymentWait().toNanos();
        this.minLiquidationDistance = risk.minLiquidationDistance();

        indexByInstrument = new Int2IntHashMap(maxInstruments * 2, 0.65f, MISSING);
        instrumentIds = new int[maxInstruments];
        venueOf = new byte[maxInstruments];
        quoteOf = new byte[maxInstruments];
        lotSize = new long[maxInstruments];
        tokenIds = new int[maxInstruments];
        bid = new long[maxInstruments];
        ask = new long[maxInstruments];
        mark = new long[maxInstruments];
        ratePerSecond = new double[maxInstruments];
        rate = new double[maxInstruments];
        intervalS = new int[maxInstruments];
        nextFundingTsNs = new long[maxInstruments];
        lastSettlementTsNs = new long[maxInstruments];
        paidThroughTsNs = new long[maxInstruments];
        exposure = new ExposureBook(maxInstruments);
        liquidation = new LiquidationWatch(maxInstruments, risk.maintenanceMarginRate(), risk.maxLeverage());
        // an order is done when answered, else when ExecutionStage gives up on it: timeout, then the cancel's grace
        orders = new WorkingOrders(MAX_WORKING_ORDERS, MAX_PAIRS, maxInstruments, 2 * timeoutNs);
        venues = new VenueHealth(risk.maxOrdersPerSecond(), risk.maxDataAge().toNanos(), risk.venueDownGrace().toNanos());
        Arrays.fill(rejectTimes, Long.MIN_VALUE);
        Arrays.fill(bnbIndexByQuote, MISSING);
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
                venues.onBalance(v, balance.walletBalance(), balance.availableBalance());
                reconsider = true;
                break;
            case TimerDecoder.TEMPLATE_ID:
                timer.wrap(slot.buffer, offset, blockLength, version);
                if (orders.live() > 0)
                {
                    orders.expire(nowNs);
                }
                exposure.checkInvariant(nowNs, timeoutNs);
                if (reconcilePending != 0 && !reconcileOverdue && nowNs >= reconcileDeadlineNs)
                {
                    reconcileOverdue = true; // the book's own pairs and orphans are managed again; entries wait for the venue
                    transition(TradingState.REDUCING, Reason.RECONCILE_TIMEOUT, 0);
                }
                reconsider = true;
                break;
            case PositionSnapshotDecoder.TEMPLATE_ID:
                position.wrap(slot.buffer, offset, blockLength, version);
                onPositionSnapshot(); // the liquidation monitor: every snapshot
                onPosition(); // reconciliation: START and RECONCILE batches
                break;
            case SessionResumeDecoder.TEMPLATE_ID:
                resume.wrap(slot.buffer, offset, blockLength, version);
                onResume();
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
        if (toDecideCount > 0)
        {
            reconcile();
        }
        if ((pairs.active > 0 || exposure.orphanCount() > 0) && ordersAllowed())
        {
            maintain(); // the common market tick, nothing open and no orphan: skipped
        }
        if (reconsider && entriesAllowed())
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
        System.arraycopy(realisedByQuote, 0, out.realisedByQuote, 0, QUOTE_SLOTS);
        System.arraycopy(feesByAsset, 0, out.feesByAsset, 0, ASSET_SLOTS);
        System.arraycopy(unvaluedFeesByAsset, 0, out.unvaluedFeesByAsset, 0, ASSET_SLOTS);
        out.unvaluedFees = unvaluedFees;
        out.feeCorrections = feeCorrections;
        out.nowNs = nowNs;
        out.flat = exposure.isFlat();
        out.flattening = flattening;
        out.repairAttempts = repairAttempts;
        out.repairsFailed = repairsFailed;
        out.repairsDone = repairsDone;
        out.orphanFills = orphanFills;
        out.invariantBreaches = exposure.breaches();
        out.reconcilePending = reconcilePending;
        out.frozen = frozen;
        final int f = Math.min(foundCount, out.foundVenue.length);
        System.arraycopy(foundVenue, 0, out.foundVenue, 0, f);
        System.arraycopy(foundInstrumentId, 0, out.foundInstrumentId, 0, f);
        System.arraycopy(foundQuantity, 0, out.foundQuantity, 0, f);
        out.foundCount = f;
        out.liquidationRiskExits = liquidationRiskExits;
        int e = 0;
        for (int t = 0; t < exposure.tokenCount() && e < out.exposureTokenId.length; t++)
        {
            if (exposure.gross(t) != 0)
            {
                out.exposureTokenId[e] = exposure.tokenId(t);
                out.exposureNet[e] = exposure.net(t);
                out.exposureGross[e] = exposure.gross(t);
                e++;
            }
        }
        out.exposureCount = e;
        int n = 0;
        for (int p = 0; p < MAX_PAIRS && n < out.pairId.length; p++)
        {
            if (pairs.phase[p] == FREE)
            {
                continue;
            }
            out.pairId[n] = pairs.id[p];
            out.pairState[n] = pairs.phase[p];
            out.tokenId[n] = pairs.token[p];
            out.longInstrumentId[n] = instrumentIds[pairs.longLeg[p]];
            out.shortInstrumentId[n] = instrumentIds[pairs.shortLeg[p]];
            out.longVenue[n] = venueOf[pairs.longLeg[p]];
            out.shortVenue[n] = venueOf[pairs.shortLeg[p]];
            out.quantity[n] = Math.max(pairs.longQty[p], pairs.shortQty[p]);
            out.longPrice[n] = pairs.longPrice(p);
            out.shortPrice[n] = pairs.shortPrice(p);
            out.fees[n] = pairs.fees[p];
            out.quote[n] = quoteOf[pairs.longLeg[p]];
            out.funding[n] = pairs.funding[p];
            out.pnl[n] = pnl(p);
            out.openedTsNs[n] = pairs.openedTsNs[p];
            out.longLiquidationPrice[n] = liquidationPrice(p, true);
            out.shortLiquidationPrice[n] = liquidationPrice(p, false);
            out.longLiquidationDistance[n] = liquidationDistance(p, true);
            out.shortLiquidationDistance[n] = liquidationDistance(p, false);
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
        quoteOf[index] = (byte)(definition.quoteRaw() & (QUOTE_SLOTS - 1));
        lotSize[index] = definition.lotSize();
        tokenIds[index] = definition.tokenId();
        intervalS[index] = definition.fundingIntervalS() > 0 ? definition.fundingIntervalS() : DEFAULT_INTERVAL_S;
        exposure.define(index, definition.tokenId(), definition.lotSize());
        bid[index] = FixedPoint.NULL;
        ask[index] = FixedPoint.NULL;
        mark[index] = FixedPoint.NULL;
        nextFundingTsNs[index] = FixedPoint.NULL;
        liquidation.define(index);
        definition.skipSymbol();
        final int nameLength = definition.getTokenName(tokenName, 0, tokenName.length);
        if (nameLength == BNB.length && Arrays.equals(tokenName, 0, nameLength, BNB, 0, BNB.length) && bnbIndexByQuote[quoteOf[index]] == MISSING)
        {
            bnbIndexByQuote[quoteOf[index]] = index; // its mark values fees charged in BNB on instruments of that quote
        }
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
        liquidation.onTouch(index, slot.touchBid, slot.touchAsk, slot.touchMark, nowNs);
        venues.onData(venueOf[index], nowNs);
    }

    private void onFunding()
    {
        final int index = indexByInstrument.get(funding.instrumentId());
        if (index == MISSING)
        {
            return;
        }
        final int interval = funding.fundingIntervalS();
        rate[index] = funding.fundingRate() * 1e-9;
        if (interval > 0)
        {
            intervalS[index] = interval; // else the definition's, as MarketStage does
        }
        ratePerSecond[index] = rate[index] / intervalS[index];
        final long previous = nextFundingTsNs[index];
        if (previous != FixedPoint.NULL && previous <= nowNs && funding.nextFundingTsNs() > previous)
        {
            lastSettlementTsNs[index] = previous;
        }
        nextFundingTsNs[index] = funding.nextFundingTsNs();
        venues.onData(venueOf[index], nowNs);
    }

    /**
     * A connection state change. Market-data feeds and a gateway's private stream report under the
     * same venue; the {@code stream} field keeps them apart (absent before schema version 2: market
     * data). Market-data usability looks at MARKET_DATA only; entries also need the ORDERS stream
     * LIVE once it has reported; the VENUE_DOWN breaker considers either.
     */
    private void onVenueStatus()
    {
        venues.onStatus(venueStatus.venueRaw() & (VENUE_SLOTS - 1), venueStatus.streamRaw() == StreamKind.ORDERS.value(),
            (byte)venueStatus.stateRaw(), nowNs);
    }

    private void onOperator()
    {
        operatorCommands++;
        switch (operator.action())
        {
            case PAUSE:
                operatorPaused = true; // kept through a reduction or reconciliation: it ends in PAUSED, not ACTIVE
                if (tradingState == TradingState.ACTIVE)
                {
                    transition(TradingState.PAUSED, Reason.OPERATOR_PAUSE, 0);
                }
                break;
            case RESUME:
                operatorPaused = false;
                flattening = false;
                frozen = false; // the operator trades on; positions the journal did not explain stay the operator's
                if (tradingState != TradingState.ACTIVE)
                {
                    consecutiveFailures = 0;
                    transition(TradingState.ACTIVE, Reason.OPERATOR_RESUME, 0);
                }
                break;
            case CLOSE_PAIR:
                final int p = pairs.slotOf(operator.pairId());
                if (p != MISSING)
                {
                    pairs.closeRequested[p] = true;
                }
                break;
            case KILL:
                transition(TradingState.HALTED, Reason.KILL_SWITCH, 0);
                break;
            case FLATTEN:
                flattening = true;
                transition(TradingState.REDUCING, Reason.OPERATOR_FLATTEN, 0);
                break;
            default:
                break;
        }
    }

    /**
     * Books every fill: into the exposure book always, into its pair when the pair is still in the
     * book, else into the orphan book (realised as cash at once: the position is unwound by a repair).
     */
    private void onReport()
    {
        final long clientOrderId = report.clientOrderId();
        final ExecType type = report.execType();
        if ((type == ExecType.FILL || type == ExecType.PARTIAL_FILL) && report.lastQty() == 0 && report.lastPrice() == FixedPoint.NULL)
        {
            onFeeOnly(clientOrderId); // no fill: the order's state and quantities stay as they are
            return;
        }
        if (type == ExecType.REJECTED)
        {
            rejects++;
            rejectTimes[rejectHead++ & (REJECT_WINDOW - 1)] = nowNs;
        }
        final int owner = orders.ownerOf(clientOrderId);
        final boolean terminal = type == ExecType.REJECTED || type == ExecType.CANCELED || type == ExecType.EXPIRED
            || (type == ExecType.FILL && (report.leavesQty() == 0 || report.leavesQty() == FixedPoint.NULL));
        if (terminal)
        {
            orders.finish(clientOrderId);
        }
        final long filled = fills.newFill(clientOrderId, report.cumQty(), report.lastQty());
        final int p = pairs.slotOf(clientOrderId >>> ORDER_BITS);
        if (p == MISSING && owner != WorkingOrders.ORPHAN)
        {
            lateReports++;
        }
        if (filled == 0)
        {
            return;
        }
        final int index = indexByInstrument.get(report.instrumentId());
        if (index == MISSING)
        {
            ignoredEvents++; // an instrument never defined: nothing to trade it back with
            return;
        }
        liquidation.onFill(index, nowNs); // the venue's liquidation figure is stale until its next snapshot
        final boolean buy = report.side() == Side.BUY;
        final long signed = buy ? filled : -filled;
        final long notional = FixedPoint.multiply(report.lastPrice(), filled);
        final long fee = chargeFee(index, report.fee(), report.feeAssetRaw());
        final boolean held = p != MISSING && (index == pairs.longLeg[p] || index == pairs.shortLeg[p]);
        if (!held && owner != WorkingOrders.ORPHAN && reduceHeldLeg(index, buy, filled, notional, fee))
        {
            return;
        }
        exposure.onFill(index, signed, !held, nowNs);
        if (!held)
        {
            if (owner != WorkingOrders.ORPHAN)
            {
                orphanFills++; // a fill of a finished pair, an abandoned or an unknown order
            }
            exposure.addOrphanCash(index, (buy ? -notional : notional) - fee);
            return;
        }
        pairs.onFill(p, index == pairs.longLeg[p], buy, filled, notional, fee);
    }

    /**
     * A fee-only report ({@code lastQty} 0, no {@code lastPrice}, {@code cumQty} unchanged): the
     * venue's commission replacing the estimate booked with a fill first learned without one
     * (Binance's order RESULT), or the commission in another asset. Booked where the fill was: on
     * the order's pair while it holds that leg, else on the instrument's orphan position while one is
     * in the book; otherwise (the pair or orphan already finished and realised) realised at once and
     * journaled as an ADJUSTED pair event naming the order's pair id, so the report books it too.
     */
    private void onFeeOnly(final long clientOrderId)
    {
        final int index = indexByInstrument.get(report.instrumentId());
        if (index == MISSING || report.fee() == FixedPoint.NULL || report.fee() == 0)
        {
            ignoredEvents++;
            return;
        }
        feeCorrections++;
        final long fee = chargeFee(index, report.fee(), report.feeAssetRaw());
        if (fee == 0)
        {
            return;
        }
        final long pairId = clientOrderId >>> ORDER_BITS;
        final int p = pairs.slotOf(pairId);
        if (p != MISSING && (index == pairs.longLeg[p] || index == pairs.shortLeg[p]))
        {
            pairs.onFee(p, fee);
            return;
        }
        if (exposure.isOrphan(index))
        {
            exposure.addOrphanCash(index, -fee);
            return;
        }
        realise(index, -fee);
        final PairNotices n = slot.pairNotices;
        final int i = n.next();
        if (i < 0)
        {
            return;
        }
        n.kind[i] = PairEventKind.ADJUSTED.value();
        n.pairId[i] = pairId;
        n.tokenId[i] = tokenOf(index);
        n.longInstrumentId[i] = instrumentIds[index];
        n.shortInstrumentId[i] = 0;
        n.quantity[i] = 0;
        n.longPrice[i] = FixedPoint.NULL;
        n.shortPrice[i] = FixedPoint.NULL;
        n.fees[i] = fee;
        n.funding[i] = 0;
        n.realisedPnl[i] = -fee;
        n.reason[i] = Reason.FEE_CORRECTED.ordinal();
    }

    /**
     * Counts a fee in the asset it was charged in and returns its value in the instrument's quote
     * (1e-9, positive = paid): as charged when it is in the quote (or names no asset); a BNB fee at
     * the mark of the BNB perpetual quoted in the same asset, when the engine trades one and has its
     * mark; anything else (BNB without a mark, another stablecoin: no USDC/USDT rate) is counted as
     * unvalued and kept out of PnL (0), never taken as quote.
     */
    private long chargeFee(final int index, final long fee, final int assetRaw)
    {
        if (fee == FixedPoint.NULL || fee == 0)
        {
            return 0;
        }
        final int quote = quoteOf[index];
        final int asset = assetRaw == ASSET_NULL ? quote : assetRaw < ASSET_SLOTS ? assetRaw : Asset.OTHER.value();
        feesByAsset[asset] += fee;
        if (asset == quote)
        {
            return fee;
        }
        final int bnb = asset == Asset.BNB.value() ? bnbIndexByQuote[quote] : MISSING;
        final long price = bnb == MISSING ? FixedPoint.NULL : mark[bnb] != FixedPoint.NULL ? mark[bnb]
            : bid[bnb] != FixedPoint.NULL && ask[bnb] != FixedPoint.NULL ? (bid[bnb] + ask[bnb]) / 2 : FixedPoint.NULL;
        if (price == FixedPoint.NULL)
        {
            unvaluedFees++;
            unvaluedFeesByAsset[asset] += fee;
            return 0;
        }
        return FixedPoint.multiply(fee, price);
    }

    /**
     * A fill no pair ordered that reduces a leg a pair holds on the same instrument: a liquidation,
     * an auto-deleveraging, another session's or a finished pair's late order. The venues keep one
     * position per instrument (one-way mode), so the fill took that much off the pair's leg: it is
     * booked there, and the pair, now unbalanced, is rebalanced by reducing its other leg (the
     * invariant's repair). Booked as an orphan instead, it could never be unwound: a reduce-only
     * order against it would meet the pair's opposite position and be refused. What exceeds the
     * leg stays an orphan.
     *
     * @return true if the whole fill was booked on a pair's leg.
     */
    private boolean reduceHeldLeg(final int index, final boolean buy, final long filled, final long notional, final long fee)
    {
        for (int q = 0, seen = 0, active = pairs.active; q < MAX_PAIRS && seen < active; q++)
        {
            if (pairs.phase[q] == FREE)
            {
                continue;
            }
            seen++;
            final boolean onLong = !buy && pairs.longLeg[q] == index && pairs.longQty[q] > 0;
            final boolean onShort = buy && pairs.shortLeg[q] == index && pairs.shortQty[q] > 0;
            if (!onLong && !onShort)
            {
                continue;
            }
            final long leg = onLong ? pairs.longQty[q] : pairs.shortQty[q];
            final long taken = Math.min(filled, leg);
            final long takenNotional = taken == filled ? notional : FixedPoint.multiply(notional, FixedPoint.divide(taken, filled));
            final long takenFee = taken == filled ? fee : FixedPoint.multiply(fee, FixedPoint.divide(taken, filled));
            venueReductions++;
            exposure.onFill(index, buy ? taken : -taken, false, nowNs);
            pairs.onFill(q, onLong, buy, taken, takenNotional, takenFee);
            notice(q, PairEventKind.REBALANCED, Reason.VENUE_REDUCED);
            if (taken == filled)
            {
                return true;
            }
            final long rest = filled - taken;
            exposure.onFill(index, buy ? rest : -rest, true, nowNs);
            orphanFills++;
            exposure.addOrphanCash(index, (buy ? -(notional - takenNotional) : notional - takenNotional) - (fee - takenFee));
            return true;
        }
        return false;
    }

    private void onPayment()
    {
        final int index = indexByInstrument.get(payment.instrumentId());
        if (index == MISSING)
        {
            return;
        }
        paidThroughTsNs[index] = Math.max(paidThroughTsNs[index], payment.tsEventNs());
        for (int p = 0; p < MAX_PAIRS; p++)
        {
            if (pairs.phase[p] != FREE && (pairs.longLeg[p] == index || pairs.shortLeg[p] == index))
            {
                pairs.funding[p] += payment.amount();
                return;
            }
        }
        lateReports++;
        realise(index, payment.amount()); // funding on a position no pair holds is still money
    }

    // ------------------------------------------------------------------ reconciliation

    /** The resume marker: the events before it were the previous session's; reconcile before any order. */
    private void onResume()
    {
        resumed = true;
        reconcilePending = resume.venueMask();
        reconcileDeadlineNs = nowNs + reconcileTimeoutNs;
        reconcileOverdue = false;
        for (int v = 0; v < VENUE_SLOTS; v++)
        {
            batchCount[v] = 0; // a batch begun before the marker is the previous session's
        }
        final boolean reconciliationHalt = tradingState == TradingState.HALTED
            && (stateReason == Reason.UNEXPLAINED_POSITIONS.ordinal() || stateReason == Reason.ORPHAN_HALT.ordinal());
        frozen = false; // this reconciliation decides again what the venues hold
        if (reconciliationHalt)
        {
            tradingState = TradingState.ACTIVE;
        }
        if (reconcilePending != 0 && tradingState == TradingState.ACTIVE)
        {
            transition(TradingState.REDUCING, Reason.RECONCILING, 0);
        }
        if (reconciliationHalt && slot.riskStateChanged && slot.riskReason == Reason.RECONCILING.ordinal())
        {
            slot.riskFromState = TradingState.HALTED.ordinal();
        }
    }

    /**
     * One instrument of a venue's position batch. START and RECONCILE batches are compared with
     * the book once complete: after a resume marker, when every awaited venue has answered; without
     * one, a START batch showing positions the session did not open freezes trading.
     */
    private void onPosition()
    {
        final PositionSource source = position.source();
        final int v = position.venueRaw() & (VENUE_SLOTS - 1);
        if (source != PositionSource.START && source != PositionSource.RECONCILE)
        {
            snapshotsIgnored++; // fill, poll and reconnect snapshots: for the liquidation monitor
            return;
        }
        if (position.batchIndex() == 0 || position.batchId() != batchId[v])
        {
            batchId[v] = position.batchId();
            batchCount[v] = 0;
            for (int i = 0; i < instrumentCount; i++)
            {
                reported[i] &= venueOf[i] != v;
            }
        }
        batchCount[v]++;
        final int index = indexByInstrument.get(position.instrumentId());
        if (index == MISSING)
        {
            ignoredEvents++; // an instrument never defined: nothing to trade it back with
        }
        else
        {
            venueQty[index] = position.quantity();
            venueEntry[index] = position.entryPrice();
            reported[index] = true;
        }
        if (position.batchIndex() != position.batchSize() - 1 || batchCount[v] != position.batchSize())
        {
            return;
        }
        if (resumed)
        {
            if ((reconcilePending & (1 << v)) == 0)
            {
                return; // already reconciled: later batches are for the liquidation monitor
            }
            reconcilePending &= ~(1 << v);
            if (reconcilePending == 0)
            {
                markDecisions(-1);
            }
        }
        else if (source == PositionSource.START)
        {
            markDecisions(v);
        }
    }

    private void markDecisions(final int venue)
    {
        for (int i = 0; i < instrumentCount; i++)
        {
            if (reported[i] && (venue < 0 || venueOf[i] == venue) && !toDecide[i])
            {
                toDecide[i] = true;
                toDecideCount++;
            }
        }
    }

    /** Compares each reported instrument with the book, a few per event (each decision is a journaled notice). */
    private void reconcile()
    {
        for (int i = 0; i < instrumentCount && toDecideCount > 0 && slotHasRoom(); i++)
        {
            if (toDecide[i])
            {
                toDecide[i] = false;
                toDecideCount--;
                decide(i);
            }
        }
        if (toDecideCount == 0 && resumed && reconcilePending == 0 && tradingState == TradingState.REDUCING
            && (stateReason == Reason.RECONCILING.ordinal() || stateReason == Reason.RECONCILE_TIMEOUT.ordinal()))
        {
            transition(TradingState.ACTIVE, Reason.RECONCILED, 0);
        }
    }

    private void decide(final int index)
    {
        final long book = exposure.position(index);
        final long venue = venueQty[index];
        final long difference = venue - book;
        if (exposure.isDust(index, difference))
        {
            if (!exposure.isDust(index, venue))
            {
                positionsAdopted++;
                positionNotice(index, Reason.POSITION_ADOPTED, venue);
            }
            return;
        }
        orphansFound++;
        if (foundCount < foundVenue.length)
        {
            foundVenue[foundCount] = venueOf[index];
            foundInstrumentId[foundCount] = instrumentIds[index];
            foundQuantity[foundCount] = difference;
            foundCount++;
        }
        if (!resumed)
        {
            frozen = true;
            positionNotice(index, Reason.UNEXPLAINED_POSITIONS, difference);
            transition(TradingState.HALTED, Reason.UNEXPLAINED_POSITIONS, 0);
            return;
        }
        switch (orphanPolicy)
        {
            case HALT:
                frozen = true;
                positionNotice(index, Reason.ORPHAN_HALT, difference);
                transition(TradingState.HALTED, Reason.ORPHAN_HALT, 0);
                break;
            case ADOPT:
                bookDifference(index, difference);
                positionNotice(index, Reason.ORPHAN_ADOPTED, difference);
                break;
            default:
                if (bookDifference(index, difference))
                {
                    positionNotice(index, Reason.ORPHAN_UNWIND, difference);
                    transition(TradingState.REDUCING, Reason.RECONCILE_ORPHANS, 0);
                }
                break;
        }
    }

    /**
     * Books what the venue holds beyond the journal at the venue's entry price (else the mark): the
     * fills themselves were never reported, so their cash is the venue's estimate. A difference that
     * takes from a leg a pair holds on the instrument (the venue holds less than the pair: a close
     * the journal never saw) comes off that leg, as any venue reduction ({@link #reduceHeldLeg}), so
     * the pair's exit and the rebalancing of its other leg act on what the venue holds and never wait
     * on a position it no longer has; the rest is an orphan.
     *
     * @return true when an orphan position is left on the instrument.
     */
    private boolean bookDifference(final int index, final long difference)
    {
        final long price = venueEntry[index] != FixedPoint.NULL && venueEntry[index] != 0 ? venueEntry[index]
            : mark[index] != FixedPoint.NULL ? mark[index] : 0;
        final long qty = Math.abs(difference);
        if (reduceHeldLeg(index, difference > 0, qty, FixedPoint.multiply(price, qty), 0))
        {
            return !exposure.isDust(index, exposure.orphan(index));
        }
        exposure.onFill(index, difference, true, nowNs);
        exposure.addOrphanCash(index, -FixedPoint.multiply(price, difference));
        return true;
    }

    private void positionNotice(final int index, final Reason reason, final long quantity)
    {
        orphanNotice(0, index, PairEventKind.RECONCILED, reason, quantity);
    }

    /** Exits, repairs and unwinds: not while frozen, nor while a resume awaits the venues (until its timeout). */
    private boolean ordersAllowed()
    {
        return !frozen && toDecideCount == 0 && (reconcilePending == 0 || reconcileOverdue);
    }

    private boolean entriesAllowed()
    {
        return !frozen && toDecideCount == 0 && reconcilePending == 0;
    }

    // ------------------------------------------------------------------ pairs and repairs

    /** A leg difference below the larger lot cannot be traded: the pair counts as balanced. */
    private boolean balanced(final int p)
    {
        return Math.abs(pairs.longQty[p] - pairs.shortQty[p]) < Math.max(lotSize[pairs.longLeg[p]], lotSize[pairs.shortLeg[p]]);
    }

    private boolean legsFlat(final int p)
    {
        return exposure.isDust(pairs.longLeg[p], pairs.longQty[p]) && exposure.isDust(pairs.shortLeg[p], pairs.shortQty[p]);
    }

    private boolean flattenAll()
    {
        return tradingState == TradingState.HALTED || flattening;
    }

    /** The exposure invariant and the pairs' lives, on every event while anything is open. */
    private void maintain()
    {
        final int[] phase = pairs.phase;
        for (int p = 0, seen = 0, active = pairs.active; p < MAX_PAIRS && seen < active; p++)
        {
            if (phase[p] == FREE)
            {
                continue;
            }
            seen++;
            if (orders.liveForPair(p) == 0)
            {
                if (!slotHasRoom())
                {
                    return;
                }
                maintainPair(p);
            }
        }
        for (int i = exposure.orphanCount() - 1; i >= 0; i--)
        {
            final int index = exposure.orphanAt(i);
            if (orders.liveForOrphan(index) == 0)
            {
                if (!slotHasRoom())
                {
                    return;
                }
                maintainOrphan(i, index);
            }
        }
    }

    /**
     * Room in this event's slot for what one pair can produce (two orders, three notices); when it
     * runs short, the remaining pairs wait for the next event rather than lose a journal record.
     */
    private boolean slotHasRoom()
    {
        return slot.decisions.capacity - slot.decisions.count >= 2 && slot.pairNotices.capacity - slot.pairNotices.count >= 3;
    }

    /** One pair whose orders are all done. */
    private void maintainPair(final int p)
    {
        if (pairs.phase[p] == OPENING)
        {
            if (legsFlat(p))
            {
                finish(p, Reason.ENTRY_FAILED); // nothing filled, or what filled is unwound
                return;
            }
            if (balanced(p))
            {
                judged(p, true);
                pairs.phase[p] = OPEN;
                pairs.attempts[p] = 0;
                consecutiveFailures = 0;
                pairsOpened++;
                notice(p, PairEventKind.OPENED, Reason.ENTRY_FILLED);
            }
            else
            {
                if (judged(p, false) || nowNs < pairs.nextAttemptTsNs[p])
                {
                    return;
                }
                if (flattenAll())
                {
                    exit(p, Reason.of(stateReason));
                }
                else
                {
                    repair(p);
                    return;
                }
            }
        }
        if (pairs.phase[p] == OPEN)
        {
            if (legsFlat(p))
            {
                finish(p, Reason.FLAT); // repairs took both legs off
                return;
            }
            if (!balanced(p))
            {
                if (judged(p, false) || nowNs < pairs.nextAttemptTsNs[p])
                {
                    return;
                }
                if (!flattenAll())
                {
                    repair(p); // a late fill on an open pair: unwind the excess
                    return;
                }
                exit(p, Reason.of(stateReason));
            }
            else
            {
                judged(p, true);
                final Reason reason = flattenAll() ? Reason.of(stateReason) : exitReason(p);
                if (reason == Reason.NONE)
                {
                    return;
                }
                exit(p, reason);
            }
        }
        if (pairs.phase[p] == CLOSING)
        {
            if (legsFlat(p))
            {
                finish(p, Reason.of(pairs.exitReason[p]));
                return;
            }
            if (judged(p, false) || nowNs < pairs.nextAttemptTsNs[p])
            {
                return;
            }
            closeLegs(p);
        }
    }

    /**
     * Judges the attempt the pair was awaiting, if any: journals REPAIRED or REPAIR_FAILED, and
     * after a failure sets the backoff and, past the attempt limit, halts. Returns true when a
     * failure was judged now (the next attempt waits for its backoff).
     */
    private boolean judged(final int p, final boolean cleared)
    {
        final int attempt = pairs.awaiting[p];
        if (attempt == NOTHING)
        {
            return false;
        }
        pairs.awaiting[p] = NOTHING;
        if (cleared)
        {
            repairsDone++;
            notice(p, PairEventKind.REPAIRED, Reason.REPAIRED);
            return false;
        }
        repairsFailed++;
        notice(p, PairEventKind.REPAIR_FAILED, Reason.REPAIR_FAILED);
        if (attempt == HEDGE)
        {
            return false; // the hedge could not be completed: unwind the excess now, on the other venue
        }
        pairs.attempts[p]++;
        pairs.nextAttemptTsNs[p] = nowNs + backoff.delayNs(pairs.attempts[p]);
        if (pairs.attempts[p] >= maxAttempts)
        {
            transition(TradingState.HALTED, pairs.phase[p] == CLOSING ? Reason.EXIT_INCOMPLETE : Reason.NAKED_EXPOSURE, pairs.id[p]);
        }
        return nowNs < pairs.nextAttemptTsNs[p];
    }

    /** Unequal legs of an entering or open pair: complete the hedge while the entry's edge holds, else unwind the excess. */
    private void repair(final int p)
    {
        final long net = pairs.longQty[p] - pairs.shortQty[p]; // the pair's net base position: positive is long
        final long excess = Math.abs(net);
        final boolean complete = pairs.phase[p] == OPENING && !pairs.hedgeTried[p] && edgeHolds(p)
            && (tradingState == TradingState.ACTIVE || tradingState == TradingState.PAUSED);
        final boolean sent;
        final Reason reason;
        if (complete)
        {
            reason = Reason.REPAIR_HEDGE;
            sent = net > 0
                ? placePairOrder(p, pairs.shortLeg[p], false, excess, 0, reason)
                : placePairOrder(p, pairs.longLeg[p], true, excess, 0, reason);
        }
        else
        {
            reason = Reason.REPAIR_UNWIND;
            final int wide = Decisions.REDUCE_ONLY | Decisions.WIDE;
            final long shortPosition = -pairs.shortQty[p];
            if (net > 0)
            {
                sent = pairs.longQty[p] > 0
                    ? placePairOrder(p, pairs.longLeg[p], false, Math.min(excess, pairs.longQty[p]), wide, reason)
                    : placePairOrder(p, pairs.shortLeg[p], false, Math.min(excess, shortPosition), wide, reason);
            }
            else
            {
                sent = pairs.shortQty[p] > 0
                    ? placePairOrder(p, pairs.shortLeg[p], true, Math.min(excess, pairs.shortQty[p]), wide, reason)
                    : placePairOrder(p, pairs.longLeg[p], true, Math.min(excess, -pairs.longQty[p]), wide, reason);
            }
        }
        if (sent)
        {
            pairs.awaiting[p] = complete ? HEDGE : REDUCE;
            pairs.hedgeTried[p] |= complete;
            repairAttempts++;
            notice(p, PairEventKind.REPAIR, reason, excess);
        }
    }

    /** Reduce-only orders for what each leg still holds: the exit, and its retries after backoff. */
    private void closeLegs(final int p)
    {
        if (!slot.decisions.hasRoom() || slot.decisions.count + 2 > slot.decisions.capacity || !orders.hasRoom(2))
        {
            return; // the next event
        }
        final boolean retry = pairs.attempts[p] > 0;
        final int flags = Decisions.REDUCE_ONLY | (retry ? Decisions.WIDE : 0);
        final Reason reason = retry ? Reason.EXIT_RETRY : Reason.of(pairs.exitReason[p]);
        boolean sent = false;
        if (!exposure.isDust(pairs.longLeg[p], pairs.longQty[p]))
        {
            sent = placePairOrder(p, pairs.longLeg[p], pairs.longQty[p] < 0, Math.abs(pairs.longQty[p]), flags, reason);
        }
        if (!exposure.isDust(pairs.shortLeg[p], pairs.shortQty[p]))
        {
            sent |= placePairOrder(p, pairs.shortLeg[p], pairs.shortQty[p] > 0, Math.abs(pairs.shortQty[p]), flags, reason);
        }
        if (sent)
        {
            pairs.awaiting[p] = REDUCE;
            if (retry)
            {
                repairAttempts++;
                notice(p, PairEventKind.REPAIR, reason, Math.max(Math.abs(pairs.longQty[p]), Math.abs(pairs.shortQty[p])));
            }
        }
    }

    /** The entry's opportunity is still in MarketStage's ranking, on the same two instruments. */
    private boolean edgeHolds(final int p)
    {
        final int longId = instrumentIds[pairs.longLeg[p]];
        final int shortId = instrumentIds[pairs.shortLeg[p]];
        for (int i = 0; i < opportunities.count; i++)
        {
            if (opportunities.tokenId[i] == pairs.token[p] && opportunities.longInstrumentId[i] == longId
                && opportunities.shortInstrumentId[i] == shortId)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * One order of a pair, numbered under the pair's id. A pair out of order ids hands its legs to
     * the orphan book (which numbers each repair afresh) rather than stop repairing.
     */
    private boolean placePairOrder(final int p, final int index, final boolean buy, final long qty, final int flags, final Reason reason)
    {
        if (pairs.nextOrderSeq[p] >= ORDERS_PER_PAIR)
        {
            detach(p);
            return false;
        }
        final long id = (pairs.id[p] << ORDER_BITS) | pairs.nextOrderSeq[p];
        if (!placeOrder(id, pairs.id[p], pairs.token[p], p, index, buy, qty, flags, reason))
        {
            return false;
        }
        pairs.nextOrderSeq[p]++;
        return true;
    }

    /** Asks ExecutionStage for one IOC order, lot-rounded, against the current touch; false when it cannot go now. */
    private boolean placeOrder(
        final long id, final long pair, final int tokenId, final int owner, final int index, final boolean buy, final long qty,
        final int flags, final Reason reason)
    {
        final long lots = FixedPoint.roundDown(qty, lotSize[index] > 0 ? lotSize[index] : 1);
        final long touch = buy ? ask[index] : bid[index];
        if (lots <= 0 || touch == FixedPoint.NULL || !orders.hasRoom(1)
            || !slot.decisions.order(pair, id, tokenId, instrumentIds[index], lots, touch, flags | (buy ? Decisions.BUY : 0), reason.ordinal()))
        {
            return false;
        }
        orders.add(id, owner, index, nowNs);
        venues.recordOrder(venueOf[index], nowNs);
        return true;
    }

    /** Moves a pair's legs to the orphan book and closes the pair's account. */
    private void detach(final int p)
    {
        exposure.addOrphan(pairs.longLeg[p], pairs.longQty[p]);
        exposure.addOrphan(pairs.shortLeg[p], -pairs.shortQty[p]);
        pairs.longQty[p] = 0;
        pairs.shortQty[p] = 0;
        finish(p, Reason.ORPHANED);
    }

    /** A position no pair holds: unwound reduce-only, with backoff, until it is dust. */
    private void maintainOrphan(final int listIndex, final int index)
    {
        final long position = exposure.orphan(index);
        final boolean cleared = exposure.isDust(index, position);
        if (exposure.orphanAwaiting[index])
        {
            exposure.orphanAwaiting[index] = false;
            if (cleared)
            {
                repairsDone++;
                orphanNotice(0, index, PairEventKind.REPAIRED, Reason.REPAIRED, 0); // its realisedPnl: the orphan's cash, realised now
            }
            else
            {
                repairsFailed++;
                final int failed = ++exposure.orphanAttempts[index];
                exposure.orphanNextTsNs[index] = nowNs + backoff.delayNs(failed);
                orphanNotice(0, index, PairEventKind.REPAIR_FAILED, Reason.REPAIR_FAILED, position);
                if (failed >= maxAttempts)
                {
                    transition(TradingState.HALTED, Reason.NAKED_EXPOSURE, 0);
                }
            }
        }
        if (cleared)
        {
            realise(index, exposure.removeOrphanAt(listIndex));
            if (exposure.orphanCount() == 0 && tradingState == TradingState.REDUCING && stateReason == Reason.RECONCILE_ORPHANS.ordinal())
            {
                transition(TradingState.ACTIVE, Reason.ORPHANS_CLEARED, 0);
            }
            return;
        }
        if (nowNs < exposure.orphanNextTsNs[index])
        {
            return;
        }
        final long repairId = nextPairId; // a fresh id: no pair has it, so its fills stay in the orphan book
        final int flags = Decisions.REDUCE_ONLY | (exposure.orphanAttempts[index] > 0 ? Decisions.WIDE : 0);
        if (placeOrder(repairId << ORDER_BITS, repairId, tokenOf(index), WorkingOrders.ORPHAN, index, position < 0, Math.abs(position),
            flags, Reason.REPAIR_ORPHAN))
        {
            nextPairId++;
            exposure.orphanAwaiting[index] = true;
            repairAttempts++;
            orphanNotice(repairId, index, PairEventKind.REPAIR, Reason.REPAIR_ORPHAN, position);
        }
    }

    /** Books realised money in the quote asset of the instrument it was made on. */
    private void realise(final int index, final long amount)
    {
        realisedTotal += amount;
        realisedByQuote[quoteOf[index]] += amount;
    }

    private int tokenOf(final int index)
    {
        return tokenIds[index];
    }

    private void finish(final int p, final Reason reason)
    {
        final long pnl = pairs.cashResult(p);
        realise(pairs.longLeg[p], pnl);
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
        pairs.free(p);
    }

    private void notice(final int p, final PairEventKind kind, final Reason reason)
    {
        notice(p, kind, reason, Math.max(pairs.longQty[p], pairs.shortQty[p]));
    }

    private void notice(final int p, final PairEventKind kind, final Reason reason, final long quantity)
    {
        final PairNotices n = slot.pairNotices;
        final int i = n.next();
        if (i < 0)
        {
            return;
        }
        n.kind[i] = kind.value();
        n.pairId[i] = pairs.id[p];
        n.tokenId[i] = pairs.token[p];
        n.longInstrumentId[i] = instrumentIds[pairs.longLeg[p]];
        n.shortInstrumentId[i] = instrumentIds[pairs.shortLeg[p]];
        n.quantity[i] = quantity;
        n.longPrice[i] = pairs.longPrice(p);
        n.shortPrice[i] = pairs.shortPrice(p);
        n.fees[i] = pairs.fees[p];
        n.funding[i] = pairs.funding[p];
        n.realisedPnl[i] = pairs.cashResult(p);
        n.reason[i] = reason.ordinal();
    }

    /**
     * A notice about an orphan position: the instrument stands on the side it is held (long or
     * short), quantity is signed base, realisedPnl the orphan's cash so far (sells − buys − fees).
     */
    private void orphanNotice(final long repairId, final int index, final PairEventKind kind, final Reason reason, final long position)
    {
        final PairNotices n = slot.pairNotices;
        final int i = n.next();
        if (i < 0)
        {
            return;
        }
        n.kind[i] = kind.value();
        n.pairId[i] = repairId;
        n.tokenId[i] = tokenOf(index);
        n.longInstrumentId[i] = position >= 0 ? instrumentIds[index] : 0;
        n.shortInstrumentId[i] = position < 0 ? instrumentIds[index] : 0;
        n.quantity[i] = position;
        n.longPrice[i] = FixedPoint.NULL;
        n.shortPrice[i] = FixedPoint.NULL;
        n.fees[i] = 0;
        n.funding[i] = 0;
        n.realisedPnl[i] = exposure.orphanCash(index);
        n.reason[i] = reason.ordinal();
    }

    /** Mark-to-market PnL of a pair in quote units (1e-9): cash − fees + funding + legs valued at the side they would close on. */
    private long pnl(final int p)
    {
        final int a = pairs.longLeg[p];
        final int b = pairs.shortLeg[p];
        final long exitLong = bid[a] != FixedPoint.NULL ? bid[a] : mark[a];
        final long exitShort = ask[b] != FixedPoint.NULL ? ask[b] : mark[b];
        long value = pairs.cashResult(p);
        if (pairs.longQty[p] != 0 && exitLong != FixedPoint.NULL)
        {
            value += FixedPoint.multiply(exitLong, pairs.longQty[p]);
        }
        if (pairs.shortQty[p] != 0 && exitShort != FixedPoint.NULL)
        {
            value -= FixedPoint.multiply(exitShort, pairs.shortQty[p]);
        }
        return value;
    }

    // ------------------------------------------------------------------ margin and liquidation

    /** The venue's report of one instrument's position: its liquidation price, maintenance margin, mark, leverage and mode. */
    private void onPositionSnapshot()
    {
        final int index = indexByInstrument.get(position.instrumentId());
        if (index == MISSING)
        {
            return;
        }
        final MarginMode mode = position.marginMode();
        liquidation.onSnapshot(index, nowNs, position.quantity(), position.markPrice(), position.liquidationPrice(), position.maintenanceMargin(),
            position.leverage(), mode == MarginMode.ISOLATED, mode == MarginMode.ISOLATED || mode == MarginMode.CROSS);
    }

    /** True when either leg of the pair is closer to liquidation than {@code risk.min_liquidation_distance} (0 = off). */
    private boolean nearLiquidation(final int p)
    {
        return minLiquidationDistance > 0
            && (liquidationDistance(p, true) < minLiquidationDistance || liquidationDistance(p, false) < minLiquidationDistance);
    }

    /** A leg's distance to liquidation (fraction of its mark; +∞ with no liquidation price, NaN with no mark yet). */
    private double liquidationDistance(final int p, final boolean longLeg)
    {
        final int index = longLeg ? pairs.longLeg[p] : pairs.shortLeg[p];
        return liquidation.distance(index, legPosition(p, longLeg), longLeg ? pairs.longPrice(p) : pairs.shortPrice(p),
            venues.wallet(venueOf[index]));
    }

    /** A leg's liquidation price (1e-9): the venue's while its snapshot holds, else the estimate; 0 when none. */
    private long liquidationPrice(final int p, final boolean longLeg)
    {
        final int index = longLeg ? pairs.longLeg[p] : pairs.shortLeg[p];
        return liquidation.liquidationPrice(index, legPosition(p, longLeg), longLeg ? pairs.longPrice(p) : pairs.shortPrice(p),
            venues.wallet(venueOf[index]));
    }

    private long legPosition(final int p, final boolean longLeg)
    {
        return longLeg ? pairs.longQty[p] : -pairs.shortQty[p];
    }

    private Reason exitReason(final int p)
    {
        if (pairs.closeRequested[p])
        {
            return Reason.OPERATOR_CLOSE;
        }
        if (nearLiquidation(p))
        {
            liquidationRiskExits++;
            return Reason.LIQUIDATION_RISK;
        }
        final int a = pairs.longLeg[p];
        final int b = pairs.shortLeg[p];
        final long notional = pairs.longBought[p];
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
        if (nowNs - pairs.openedTsNs[p] >= maxHoldingNs)
        {
            return Reason.MAX_HOLDING_TIME;
        }
        final double spreadPerDay = (ratePerSecond[b] - ratePerSecond[a]) * 86_400.0;
        final boolean spreadCollapsed = spreadPerDay < risk.exitSpreadPerDay();
        if (spreadCollapsed || holdValue(p) < exitCost(p, notional))
        {
            // leaving just before a settlement this pair would be paid is waiting money away, and
            // leaving before the payment of one it held arrives would book that payment outside the pair
            if (receivesSoon(a, true) || receivesSoon(b, false) || awaitingPayment(p, a) || awaitingPayment(p, b))
            {
                return Reason.NONE;
            }
            return spreadCollapsed ? Reason.SPREAD_COLLAPSED : Reason.FUNDING_EXHAUSTED;
        }
        return Reason.NONE;
    }

    /**
     * What holding the pair over the next horizon is expected to add, as a fraction of notional: the
     * same model as MarketStage's entry edge. Funding: each leg's current rate for its next settlement,
     * decayed for later ones ({@link FundingExpectation}). Basis: the pair realises entry basis − exit
     * basis; its mark-to-market PnL already holds entry basis − today's basis, and the exit basis is
     * expected at (1 − basis_capture) × today's basis, so holding adds basis_capture × today's basis
     * (at the default 0, nothing: the basis is neither an edge nor a cost, at entry or exit).
     */
    private double holdValue(final int p)
    {
        final int a = pairs.longLeg[p];
        final int b = pairs.shortLeg[p];
        final double value = expectation.expected(rate[a], intervalS[a], nextFundingTsNs[a], nowNs, true)
            + expectation.expected(rate[b], intervalS[b], nextFundingTsNs[b], nowNs, false);
        return hasBasis(a, b) ? value + basisValue(a, b) : value;
    }

    /** Both legs have a touch and the basis counts ({@code basis_capture} > 0). */
    private boolean hasBasis(final int a, final int b)
    {
        return basisCapture > 0 && bid[a] != FixedPoint.NULL && ask[a] != FixedPoint.NULL && bid[b] != FixedPoint.NULL
            && ask[b] != FixedPoint.NULL;
    }

    /** basis_capture × today's basis (mid_b − mid_a) / mid_a at the touch. */
    private double basisValue(final int a, final int b)
    {
        final double midA = (bid[a] + ask[a]) * 0.5e-9;
        final double midB = (bid[b] + ask[b]) * 0.5e-9;
        return basisCapture * (midB - midA) / midA;
    }

    /**
     * What closing the pair costs, as a fraction of notional: the fees the entry paid (the exit pays
     * the same taker fees on the same quantities) and each leg's half-spread at the touch.
     */
    private double exitCost(final int p, final long notional)
    {
        final int a = pairs.longLeg[p];
        final int b = pairs.shortLeg[p];
        double cost = notional > 0 ? (double)pairs.fees[p] / notional : 0;
        cost += halfSpread(a) + halfSpread(b);
        return cost;
    }

    private double halfSpread(final int index)
    {
        if (bid[index] == FixedPoint.NULL || ask[index] == FixedPoint.NULL || bid[index] <= 0)
        {
            return 0;
        }
        return (double)(ask[index] - bid[index]) / (ask[index] + bid[index]);
    }

    /**
     * True while a settlement the pair held this leg through has passed, its payment has not arrived,
     * and {@code risk.payment_wait} has not run out (a venue's payment lags its settlement; one that
     * never comes must not keep the pair forever).
     */
    private boolean awaitingPayment(final int p, final int index)
    {
        final long next = nextFundingTsNs[index];
        final long settled = next != FixedPoint.NULL && next <= nowNs ? next : lastSettlementTsNs[index];
        return settled > pairs.openedTsNs[p] && rate[index] != 0 && paidThroughTsNs[index] < settled && nowNs - settled < paymentWaitNs;
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
        if (audit != null)
        {
            audit.onExit(this, pairs.id[p], reason);
        }
        pairs.phase[p] = CLOSING;
        pairs.exitReason[p] = reason.ordinal();
        pairs.attempts[p] = 0;
        pairs.nextAttemptTsNs[p] = 0;
        pairs.awaiting[p] = NOTHING;
        notice(p, PairEventKind.CLOSING, reason);
    }

    // ------------------------------------------------------------------ entries

    private void considerEntry()
    {
        if (tradingState != TradingState.ACTIVE)
        {
            return;
        }
        if (pairs.active >= risk.maxOpenPairs() || pairs.active >= MAX_PAIRS || !slotHasRoom())
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
            if (pairs.phase[p] != FREE && pairs.token[p] == tokenId)
            {
                return false; // one pair per token
            }
        }
        final int va = venueOf[a];
        final int vb = venueOf[b];
        return venues.feedUsable(va, nowNs) && venues.feedUsable(vb, nowNs)
            && venues.tradable(va) && venues.tradable(vb)
            && opportunities.slippageBps[i] <= risk.maxSlippageBps()
            && notionalFits(va, vb)
            && balanceFits(va) && balanceFits(vb)
            && venues.orderRateFits(va, nowNs) && venues.orderRateFits(vb, nowNs)
            && !paysSoon(a, true) && !paysSoon(b, false)
            && opportunities.longAsk[i] != FixedPoint.NULL && opportunities.shortBid[i] != FixedPoint.NULL;
    }

    private boolean notionalFits(final int va, final int vb)
    {
        openNotional(va, vb);
        final double n = targetNotional * 1e-9;
        return (notionalScratch[0] * 1e-9) + 2 * n <= risk.maxTotalNotionalUsd()
            && (notionalScratch[1] * 1e-9) + n <= risk.maxNotionalPerVenueUsd()
            && (notionalScratch[2] * 1e-9) + n <= risk.maxNotionalPerVenueUsd();
    }

    /** The notional the active pairs hold (each leg at least the target): in total, on venue va and on venue vb, into {@link #notionalScratch}. */
    private void openNotional(final int va, final int vb)
    {
        long total = 0;
        long onA = 0;
        long onB = 0;
        for (int p = 0; p < MAX_PAIRS; p++)
        {
            if (pairs.phase[p] == FREE)
            {
                continue;
            }
            final long legNotional = Math.max(pairs.longBought[p], targetNotional);
            total += 2 * legNotional;
            final int pa = venueOf[pairs.longLeg[p]];
            final int pb = venueOf[pairs.shortLeg[p]];
            onA += (pa == va ? legNotional : 0) + (pb == va ? legNotional : 0);
            onB += (pa == vb ? legNotional : 0) + (pb == vb ? legNotional : 0);
        }
        notionalScratch[0] = total;
        notionalScratch[1] = onA;
        notionalScratch[2] = onB;
    }

    private boolean balanceFits(final int venue)
    {
        final long available = venues.available(venue);
        if (available == FixedPoint.NULL)
        {
            return !risk.requireBalanceData();
        }
        return available * 1e-9 * risk.maxLeverage() >= targetNotional * 1e-9;
    }

    private void enter(final int i)
    {
        final long id = nextPairId;
        if (!orders.hasRoom(2) || !slot.decisions.enter(id, id << ORDER_BITS, opportunities.tokenId[i], opportunities.longInstrumentId[i],
            opportunities.shortInstrumentId[i], targetNotional, opportunities.longAsk[i], opportunities.shortBid[i], Reason.ENTRY.ordinal()))
        {
            return;
        }
        if (audit != null)
        {
            audit.onEntry(this, id, i);
        }
        nextPairId++;
        final int a = indexByInstrument.get(opportunities.longInstrumentId[i]);
        final int b = indexByInstrument.get(opportunities.shortInstrumentId[i]);
        final int p = pairs.open(id, opportunities.tokenId[i], a, b, nowNs);
        orders.add(id << ORDER_BITS, p, a, nowNs);
        orders.add((id << ORDER_BITS) + 1, p, b, nowNs);
        venues.recordOrder(venueOf[a], nowNs);
        venues.recordOrder(venueOf[b], nowNs);
        notice(p, PairEventKind.OPENING, Reason.ENTRY);
    }

    // ------------------------------------------------------------------ circuit breaker

    /**
     * The breaker's limits. The daily loss is kept per quote asset, each its own money: realised
     * today plus what the open pairs (in their long leg's quote; cross-quote pairs are off by default,
     * {@code strategy.allow_cross_quote}) and the orphan positions would realise now. The daily loss
     * limit and halt apply to each quote asset's loss apart: USDT and USDC are never added at par
     * (the engine has no USDC/USDT rate).
     */
    private void checkBreaker()
    {
        final long today = Math.floorDiv(nowNs, NS_PER_DAY);
        if (today != day)
        {
            day = today;
            System.arraycopy(realisedByQuote, 0, dayStartByQuote, 0, QUOTE_SLOTS);
        }
        final long[] daily = dailyByQuote;
        for (int q = 0; q < QUOTE_SLOTS; q++)
        {
            daily[q] = realisedByQuote[q] - dayStartByQuote[q];
        }
        boolean venueDownWithLegs = false;
        for (int p = 0; p < MAX_PAIRS; p++)
        {
            if (pairs.phase[p] != FREE && pairs.phase[p] != OPENING)
            {
                daily[quoteOf[pairs.longLeg[p]]] += pnl(p);
            }
            if (pairs.phase[p] != FREE)
            {
                venueDownWithLegs |= venues.downTooLong(venueOf[pairs.longLeg[p]], nowNs) || venues.downTooLong(venueOf[pairs.shortLeg[p]], nowNs);
            }
        }
        for (int i = 0; i < exposure.orphanCount(); i++)
        {
            final int index = exposure.orphanAt(i);
            daily[quoteOf[index]] += orphanValue(index);
        }
        long worstLoss = 0;
        for (int q = 0; q < QUOTE_SLOTS; q++)
        {
            worstLoss = Math.max(worstLoss, -daily[q]);
        }
        if (worstLoss >= dailyLossHalt)
        {
            transition(TradingState.HALTED, Reason.DAILY_LOSS_HALT, 0);
        }
        else if (tradingState == TradingState.ACTIVE || tradingState == TradingState.PAUSED)
        {
            if (worstLoss >= dailyLossLimit)
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

    /** What an orphan position would realise now: its cash plus the position at the side it would close on. */
    private long orphanValue(final int index)
    {
        final long position = exposure.orphan(index);
        final long touch = position > 0 ? bid[index] : ask[index];
        final long price = touch != FixedPoint.NULL ? touch : mark[index];
        return exposure.orphanCash(index) + (price == FixedPoint.NULL ? 0 : FixedPoint.multiply(price, position));
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
        if (tradingState == TradingState.HALTED && next != TradingState.ACTIVE)
        {
            return;
        }
        // the operator's pause outlives whatever brought the engine back: it resumes only on RESUME
        final TradingState target = next == TradingState.ACTIVE && operatorPaused ? TradingState.PAUSED : next;
        if (target == tradingState && reason.ordinal() == stateReason)
        {
            return;
        }
        if (!slot.riskStateChanged)
        {
            slot.riskStateChanged = true;
            slot.riskFromState = tradingState.ordinal();
            slot.riskToState = target.ordinal();
            slot.riskReason = reason.ordinal();
            slot.riskPairId = pair;
        }
        tradingState = target;
        stateReason = reason.ordinal();
        stateChangedTsNs = nowNs;
    }

    // ------------------------------------------------------------------ state

    @Override
    public long stateHash()
    {
        long h = StateHash.SEED;
        h = StateHash.mix(h, tradingState.ordinal());
        h = StateHash.mix(h, operatorPaused ? 1 : 0);
        h = StateHash.mix(h, stateReason);
        h = StateHash.mix(h, stateChangedTsNs);
        h = StateHash.mix(h, realisedTotal);
        for (int q = 0; q < QUOTE_SLOTS; q++)
        {
            h = StateHash.mix(h, realisedByQuote[q]);
            h = StateHash.mix(h, dayStartByQuote[q]);
        }
        for (int a = 0; a < ASSET_SLOTS; a++)
        {
            h = StateHash.mix(h, feesByAsset[a]);
            h = StateHash.mix(h, unvaluedFeesByAsset[a]);
        }
        h = StateHash.mix(h, unvaluedFees);
        h = StateHash.mix(h, feeCorrections);
        for (int i = 0; i < instrumentCount; i++)
        {
            h = StateHash.mix(h, lastSettlementTsNs[i]);
            h = StateHash.mix(h, paidThroughTsNs[i]);
        }
        h = StateHash.mix(h, consecutiveFailures);
        h = StateHash.mix(h, rejects);
        h = StateHash.mix(h, nextPairId);
        h = StateHash.mix(h, pairsOpened);
        h = StateHash.mix(h, pairsClosed);
        h = StateHash.mix(h, pairsFailed);
        h = StateHash.mix(h, lateReports);
        h = StateHash.mix(h, orphanFills);
        h = StateHash.mix(h, venueReductions);
        h = StateHash.mix(h, liquidationRiskExits);
        h = liquidation.hash(h, instrumentCount);
        h = StateHash.mix(h, operatorCommands);
        h = StateHash.mix(h, rankingUpdates);
        h = StateHash.mix(h, ignoredEvents);
        h = StateHash.mix(h, flattening ? 1 : 0);
        h = StateHash.mix(h, repairAttempts);
        h = StateHash.mix(h, repairsFailed);
        h = StateHash.mix(h, repairsDone);
        h = StateHash.mix(h, resumed ? 1 : 0);
        h = StateHash.mix(h, reconcilePending);
        h = StateHash.mix(h, reconcileOverdue ? 1 : 0);
        h = StateHash.mix(h, frozen ? 1 : 0);
        h = StateHash.mix(h, toDecideCount);
        h = StateHash.mix(h, positionsAdopted);
        h = StateHash.mix(h, orphansFound);
        h = StateHash.mix(h, snapshotsIgnored);
        h = exposure.hash(h);
        h = orders.hash(h);
        h = venues.hash(h);
        h = pairs.hash(h);
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

    // ------------------------------------------------------------------ inspection (replay --explain; never the pipeline)

    /** The entry checks on ranked opportunity {@code rank} as they stand now, each with its inputs, by the code that decides. Allocates. */
    public EntryChecks inspectEntry(final int rank)
    {
        final int a = indexByInstrument.get(opportunities.longInstrumentId[rank]);
        final int b = indexByInstrument.get(opportunities.shortInstrumentId[rank]);
        final int tokenId = opportunities.tokenId[rank];
        long heldBy = 0;
        for (int p = 0; p < MAX_PAIRS; p++)
        {
            if (pairs.phase[p] != FREE && pairs.token[p] == tokenId)
            {
                heldBy = pairs.id[p];
            }
        }
        final int[] legs = {a, b};
        final int[] venue = new int[2];
        final boolean[] feedUsable = new boolean[2];
        final long[] dataAge = new long[2];
        final boolean[] tradable = new boolean[2];
        final long[] available = new long[2];
        final boolean[] balanceFits = new boolean[2];
        final boolean[] orderRateFits = new boolean[2];
        final boolean[] paysSoon = new boolean[2];
        final long[] next = new long[2];
        final double[] legRate = new double[2];
        for (int k = 0; k < 2; k++)
        {
            final int index = legs[k];
            if (index == MISSING)
            {
                continue;
            }
            final int v = venueOf[index];
            venue[k] = v;
            feedUsable[k] = venues.feedUsable(v, nowNs);
            dataAge[k] = nowNs - venues.lastDataTsNs(v);
            tradable[k] = venues.tradable(v);
            available[k] = venues.available(v);
            balanceFits[k] = balanceFits(v);
            orderRateFits[k] = venues.orderRateFits(v, nowNs);
            paysSoon[k] = paysSoon(index, k == 0);
            next[k] = nextFundingTsNs[index];
            legRate[k] = rate[index];
        }
        final boolean fits = a != MISSING && b != MISSING && notionalFits(venue[0], venue[1]);
        final long[] open = notionalScratch.clone();
        return new EntryChecks(nowNs, rank, tokenId, opportunities.longInstrumentId[rank], opportunities.shortInstrumentId[rank],
            opportunities.netEdgeBps[rank], opportunities.spreadPerHour[rank], opportunities.fundingBps[rank], opportunities.costBps[rank],
            opportunities.basisBps[rank], opportunities.slippageBps[rank], tradingState, pairs.active, risk.maxOpenPairs(), heldBy, venue,
            feedUsable, dataAge, venues.maxDataAgeNs(), tradable, risk.maxSlippageBps(), open, targetNotional, risk.maxTotalNotionalUsd(),
            risk.maxNotionalPerVenueUsd(), fits, available, risk.maxLeverage(), risk.requireBalanceData(), balanceFits, orderRateFits,
            risk.maxOrdersPerSecond(), paysSoon, next, legRate, guardNs, opportunities.longAsk[rank], opportunities.shortBid[rank],
            passes(rank));
    }

    /** What the exit rule weighs for pair {@code pairId} now, by the code that decides; null when no active pair has that id. Allocates. */
    public ExitTerms inspectExit(final long pairId, final Reason reason)
    {
        int p = MISSING;
        for (int i = 0; i < MAX_PAIRS; i++)
        {
            if (pairs.phase[i] != FREE && pairs.id[i] == pairId)
            {
                p = i;
            }
        }
        if (p == MISSING)
        {
            return null;
        }
        final int[] legs = {pairs.longLeg[p], pairs.shortLeg[p]};
        final double[] legRate = new double[2];
        final int[] interval = new int[2];
        final double[] perSecond = new double[2];
        final long[] next = new long[2];
        final long[] settlements = new long[2];
        final double[] weight = new double[2];
        final double[] expected = new double[2];
        final long[] legBid = new long[2];
        final long[] legAsk = new long[2];
        final double[] half = new double[2];
        final boolean[] receives = new boolean[2];
        final boolean[] awaiting = new boolean[2];
        for (int k = 0; k < 2; k++)
        {
            final int index = legs[k];
            legRate[k] = rate[index];
            interval[k] = intervalS[index];
            perSecond[k] = ratePerSecond[index];
            next[k] = nextFundingTsNs[index];
            final long intervalNs = intervalS[index] * NS_PER_S;
            settlements[k] = intervalS[index] <= 0 ? 0
                : expectation.settlements(FundingExpectation.nextSettlement(nextFundingTsNs[index], nowNs, intervalNs), nowNs, intervalNs);
            weight[k] = expectation.weight(settlements[k], intervalS[index]);
            expected[k] = expectation.expected(rate[index], intervalS[index], nextFundingTsNs[index], nowNs, k == 0);
            legBid[k] = bid[index];
            legAsk[k] = ask[index];
            half[k] = halfSpread(index);
            receives[k] = receivesSoon(index, k == 0);
            awaiting[k] = awaitingPayment(p, index);
        }
        final long notional = pairs.longBought[p];
        return new ExitTerms(nowNs, pairId, reason, tradingState, flattenAll(), pairs.closeRequested[p],
            new double[] {liquidationDistance(p, true), liquidationDistance(p, false)}, minLiquidationDistance, pnl(p), notional,
            risk.stopLossBps(), risk.takeProfitBps(), pairs.openedTsNs[p], maxHoldingNs, legRate, interval, perSecond, next, settlements, weight,
            expected, (ratePerSecond[legs[1]] - ratePerSecond[legs[0]]) * 86_400.0, risk.exitSpreadPerDay(), basisCapture,
            hasBasis(legs[0], legs[1]) ? basisValue(legs[0], legs[1]) : 0, holdValue(p), pairs.fees[p],
            notional > 0 ? (double)pairs.fees[p] / notional : 0, legBid, legAsk, half, exitCost(p, notional), receives, awaiting, guardNs);
    }

    /** Realised PnL of every finished pair (quote, 1e-9), summed over the quote assets at par: for a session in one quote. */
    public long realisedPnl()
    {
        return realisedTotal;
    }

    /** Realised PnL in one quote asset (1e-9): pairs, orphans and funding on the instruments quoted in it. */
    public long realisedPnl(final Quote quote)
    {
        return realisedByQuote[quote.value() & (QUOTE_SLOTS - 1)];
    }

    /** Fees charged in an asset, in that asset's units (1e-9); a fee without asset counts in its instrument's quote. */
    public long fees(final Asset asset)
    {
        return feesByAsset[asset.value() & (ASSET_SLOTS - 1)];
    }

    /** Fees no mark could value in their instrument's quote (BNB before a BNB mark, another asset): counted, not in PnL. */
    public long unvaluedFees()
    {
        return unvaluedFees;
    }

    /** Fee-only reports booked (a venue's commission replacing an estimate). */
    public long feeCorrections()
    {
        return feeCorrections;
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
        return pairs.active;
    }

    /** True when no instrument holds a position of a lot or more, from every fill seen. */
    public boolean isFlat()
    {
        return exposure.isFlat();
    }

    /** Net base position of a token across venues, from every fill seen (positive: long). */
    public long tokenExposure(final int tokenId)
    {
        return exposure.netOfToken(tokenId);
    }

    /** Exit retries and repairs ordered. */
    public long repairAttempts()
    {
        return repairAttempts;
    }

    /** Attempts judged failed (each followed by a backoff). */
    public long repairsFailed()
    {
        return repairsFailed;
    }

    /** Repairs that brought the exposure back to zero. */
    public long repairsDone()
    {
        return repairsDone;
    }

    /** Fills of finished pairs, abandoned or unknown orders: exposure the pair book did not hold. */
    public long orphanFills()
    {
        return orphanFills;
    }

    /** Fills no pair ordered that reduced a pair's leg (liquidation, auto-deleveraging, late orders). */
    public long venueReductions()
    {
        return venueReductions;
    }

    /** Pairs closed because a leg came within {@code risk.min_liquidation_distance} of liquidation. */
    public long liquidationRiskExits()
    {
        return liquidationRiskExits;
    }

    /** A pair leg's distance to liquidation (see {@link LiquidationWatch}); NaN when the pair or its mark is unknown. */
    public double liquidationDistance(final long id, final boolean longLeg)
    {
        final int p = pairs.slotOf(id);
        return p == MISSING ? Double.NaN : liquidationDistance(p, longLeg);
    }

    /** Positions no pair holds, still being unwound. */
    public int orphanPositions()
    {
        return exposure.orphanCount();
    }

    /** Times a token's net exposure stayed off zero longer than {@code execution.timeout} after a change. */
    public long invariantBreaches()
    {
        return exposure.breaches();
    }

    /** Venues (bit per Venue value) whose positions a resumed session still awaits. */
    public int reconcilePending()
    {
        return reconcilePending;
    }

    /** True when no order may go: positions found that the journal does not explain. */
    public boolean frozen()
    {
        return frozen;
    }

    /** Venue positions that matched the book at reconciliation. */
    public long positionsAdopted()
    {
        return positionsAdopted;
    }

    /** Venue positions the book did not explain at reconciliation. */
    public long orphansFound()
    {
        return orphansFound;
    }

    /** Held quantity of a pair's long leg, or 0. */
    public long longQuantity(final long id)
    {
        final int p = pairs.slotOf(id);
        return p == MISSING ? 0 : pairs.longQty[p];
    }

    /** Held quantity of a pair's short leg (positive when short), or 0. */
    public long shortQuantity(final long id)
    {
        final int p = pairs.slotOf(id);
        return p == MISSING ? 0 : pairs.shortQty[p];
    }
}
