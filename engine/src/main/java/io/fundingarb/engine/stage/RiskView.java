package io.fundingarb.engine.stage;

/**
 * What RiskStage shows the status view: the circuit breaker, totals, the open pairs and the
 * exposure per token (whether everything is flat). Written by RiskStage (on timers and pair
 * events) under a {@link SeqLock}; read from any thread. Not part of the stage's state.
 * {@link #isFlat()}, {@link #openPairs()} and {@link #publishedNs()} read the latest write without
 * a copy, for a caller waiting until the engine is flat.
 */
public final class RiskView
{
    private final SeqLock lock = new SeqLock();
    private final Snapshot data;
    private volatile boolean flat = true;
    private volatile int openPairs;
    private volatile long publishedNs = Long.MIN_VALUE;

    public RiskView(final int maxPairs)
    {
        data = new Snapshot(maxPairs);
    }

    /** A consistent copy. Money in quote units at 1e-9. */
    public static final class Snapshot
    {
        public int tradingState;
        public int stateReason;
        public long pairsOpened;
        public long pairsClosed;
        public long pairsFailed;
        /** Realised PnL summed over the quote assets at par (for a session in one quote); per quote asset below. */
        public long realisedPnl;
        /** Realised PnL per quote asset (index: SBE Quote raw value). */
        public final long[] realisedByQuote = new long[8];
        /** Fees per asset charged, in that asset's units (index: SBE Asset raw value), and the part no mark valued. */
        public final long[] feesByAsset = new long[8];
        public final long[] unvaluedFeesByAsset = new long[8];
        public long unvaluedFees;
        public long feeCorrections;
        public long nowNs;
        /** No instrument holds a position (of a lot or more), from every fill seen. */
        public boolean flat;
        /** Operator FLATTEN in force (until RESUME). */
        public boolean flattening;
        public long repairAttempts;
        public long repairsFailed;
        public long repairsDone;
        public long orphanFills;
        public long invariantBreaches;
        /** Venues (bit {@code 1 << Venue value}) whose positions a resumed session still awaits; 0 once reconciled. */
        public int reconcilePending;
        /** No orders at all: venue positions found that the journal does not explain (a start without --resume, or recovery.orphans: halt). */
        public boolean frozen;
        /** Venue positions the journal did not explain at reconciliation: venue, instrument, signed base quantity (venue minus book). */
        public int foundCount;
        public final int[] foundVenue;
        public final int[] foundInstrumentId;
        public final long[] foundQuantity;
        /** Tokens holding any position: net base across venues (positive long) and the sum of absolute positions. */
        public int exposureCount;
        public final int[] exposureTokenId;
        public final long[] exposureNet;
        public final long[] exposureGross;
        public int count;
        public final long[] pairId;
        public final int[] pairState;
        public final int[] tokenId;
        public final int[] longInstrumentId;
        public final int[] shortInstrumentId;
        public final int[] longVenue;
        public final int[] shortVenue;
        public final long[] quantity;
        public final long[] longPrice;
        public final long[] shortPrice;
        public final long[] fees;
        /** The pair's quote asset (SBE Quote raw value of its long leg): the unit of its fees, funding and PnL. */
        public final int[] quote;
        public final long[] funding;
        public final long[] pnl;
        public final long[] openedTsNs;
        /** Each leg's liquidation price (1e-9; the venue's, else the engine's estimate; 0 = none) and distance to it (fraction of mark; +inf none, NaN no mark). */
        public final long[] longLiquidationPrice;
        public final long[] shortLiquidationPrice;
        public final double[] longLiquidationDistance;
        public final double[] shortLiquidationDistance;
        public long liquidationRiskExits;

        public Snapshot(final int capacity)
        {
            pairId = new long[capacity];
            pairState = new int[capacity];
            tokenId = new int[capacity];
            longInstrumentId = new int[capacity];
            shortInstrumentId = new int[capacity];
            longVenue = new int[capacity];
            shortVenue = new int[capacity];
            quantity = new long[capacity];
            longPrice = new long[capacity];
            shortPrice = new long[capacity];
            fees = new long[capacity];
            quote = new int[capacity];
            funding = new long[capacity];
            pnl = new long[capacity];
            openedTsNs = new long[capacity];
            longLiquidationPrice = new long[capacity];
            shortLiquidationPrice = new long[capacity];
            longLiquidationDistance = new double[capacity];
            shortLiquidationDistance = new double[capacity];
            exposureTokenId = new int[capacity];
            exposureNet = new long[capacity];
            exposureGross = new long[capacity];
            foundVenue = new int[capacity];
            foundInstrumentId = new int[capacity];
            foundQuantity = new long[capacity];
        }

        void copyFrom(final Snapshot from)
        {
            tradingState = from.tradingState;
            stateReason = from.stateReason;
            pairsOpened = from.pairsOpened;
            pairsClosed = from.pairsClosed;
            pairsFailed = from.pairsFailed;
            realisedPnl = from.realisedPnl;
            System.arraycopy(from.realisedByQuote, 0, realisedByQuote, 0, realisedByQuote.length);
            System.arraycopy(from.feesByAsset, 0, feesByAsset, 0, feesByAsset.length);
            System.arraycopy(from.unvaluedFeesByAsset, 0, unvaluedFeesByAsset, 0, unvaluedFeesByAsset.length);
            unvaluedFees = from.unvaluedFees;
            feeCorrections = from.feeCorrections;
            nowNs = from.nowNs;
            flat = from.flat;
            flattening = from.flattening;
            repairAttempts = from.repairAttempts;
            repairsFailed = from.repairsFailed;
            repairsDone = from.repairsDone;
            orphanFills = from.orphanFills;
            invariantBreaches = from.invariantBreaches;
            reconcilePending = from.reconcilePending;
            frozen = from.frozen;
            final int f = Math.min(from.foundCount, foundVenue.length);
            System.arraycopy(from.foundVenue, 0, foundVenue, 0, f);
            System.arraycopy(from.foundInstrumentId, 0, foundInstrumentId, 0, f);
            System.arraycopy(from.foundQuantity, 0, foundQuantity, 0, f);
            foundCount = f;
            final int e = Math.min(from.exposureCount, exposureTokenId.length);
            System.arraycopy(from.exposureTokenId, 0, exposureTokenId, 0, e);
            System.arraycopy(from.exposureNet, 0, exposureNet, 0, e);
            System.arraycopy(from.exposureGross, 0, exposureGross, 0, e);
            exposureCount = e;
            final int n = Math.min(from.count, pairId.length);
            System.arraycopy(from.pairId, 0, pairId, 0, n);
            System.arraycopy(from.pairState, 0, pairState, 0, n);
            System.arraycopy(from.tokenId, 0, tokenId, 0, n);
            System.arraycopy(from.longInstrumentId, 0, longInstrumentId, 0, n);
            System.arraycopy(from.shortInstrumentId, 0, shortInstrumentId, 0, n);
            System.arraycopy(from.longVenue, 0, longVenue, 0, n);
            System.arraycopy(from.shortVenue, 0, shortVenue, 0, n);
            System.arraycopy(from.quantity, 0, quantity, 0, n);
            System.arraycopy(from.longPrice, 0, longPrice, 0, n);
            System.arraycopy(from.shortPrice, 0, shortPrice, 0, n);
            System.arraycopy(from.fees, 0, fees, 0, n);
            System.arraycopy(from.quote, 0, quote, 0, n);
            System.arraycopy(from.funding, 0, funding, 0, n);
            System.arraycopy(from.pnl, 0, pnl, 0, n);
            System.arraycopy(from.openedTsNs, 0, openedTsNs, 0, n);
            System.arraycopy(from.longLiquidationPrice, 0, longLiquidationPrice, 0, n);
            System.arraycopy(from.shortLiquidationPrice, 0, shortLiquidationPrice, 0, n);
            System.arraycopy(from.longLiquidationDistance, 0, longLiquidationDistance, 0, n);
            System.arraycopy(from.shortLiquidationDistance, 0, shortLiquidationDistance, 0, n);
            liquidationRiskExits = from.liquidationRiskExits;
            count = n;
        }
    }

    Snapshot beginWrite()
    {
        lock.beginWrite();
        return data;
    }

    void endWrite()
    {
        flat = data.flat;
        openPairs = data.count;
        publishedNs = data.nowNs;
        lock.endWrite();
    }

    /** True when the last published state held no position on any venue (true before the first publication). */
    public boolean isFlat()
    {
        return flat;
    }

    /** Pairs not yet finished (opening, open or closing) at the last publication. */
    public int openPairs()
    {
        return openPairs;
    }

    /** Event time of the last publication ({@code Long.MIN_VALUE} before the first): a waiter knows the view moved on. */
    public long publishedNs()
    {
        return publishedNs;
    }

    /** Copies a consistent view; false if the writer kept it busy (try again later). */
    public boolean read(final Snapshot into)
    {
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            final long before = lock.readBegin();
            if ((before & 1) != 0)
            {
                Thread.onSpinWait();
                continue;
            }
            into.copyFrom(data);
            if (lock.readValid(before))
            {
                return true;
            }
        }
        return false;
    }
}
