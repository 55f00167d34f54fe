package io.fundingarb.engine.stage;

import io.fundingarb.codecs.FixedPoint;

/**
 * Each instrument's liquidation price and maintenance margin, the venue's beside the engine's own
 * estimate, and the distance to liquidation of a leg. RiskStage's same-thread helper, fed from
 * events only (PositionSnapshot, the touch's mark, fills), so that replay reproduces every figure.
 *
 * <p><b>Which figure.</b> The venue's liquidation price from the latest PositionSnapshot wins while
 * it describes the current position: the snapshot is newer than the instrument's last fill, reports
 * the same quantity and gives a positive price. Otherwise (between a fill and the next snapshot, or a venue that gives
 * none) the estimate stands in. <b>Estimate</b> (one-way position, one maintenance tier, as the
 * venues' single-position formula): with position q (signed base), entry price e, margin M and
 * maintenance margin rate r, a long is liquidated at (q·e − M) / (q·(1 − r)), a short at
 * (|q|·e + M) / (|q|·(1 + r)). M is the position's own margin, |q|·e / leverage, in isolated mode
 * and before the venue has told the mode; in cross mode it is the venue's wallet balance (optimistic
 * when other positions share that wallet: the venue's figure, which counts them, replaces it at the
 * next snapshot). Leverage and margin mode are the snapshot's (the gateway sets the configured ones
 * at start), else {@code risk.max_leverage}.
 *
 * <p><b>Distance</b> = |mark − liquidation| / mark, 0 once the mark has passed the liquidation price,
 * +∞ when there is no liquidation price (a long whose margin covers its whole value), NaN with no
 * mark yet. The mark is the newer of the touch's (its mid, else MarketStage's mark) and the
 * snapshot's.
 */
final class LiquidationWatch
{
    private static final byte UNKNOWN = 0;
    private static final byte CROSS = 1;
    private static final byte ISOLATED = 2;

    private final double maintenanceRate;
    private final double defaultLeverage;
    private final long[] markPrice;
    private final long[] markTsNs;
    private final long[] lastFillTsNs;
    private final long[] snapshotTsNs;
    private final long[] venueLiquidation;
    private final long[] venueQuantity;
    private final long[] venueMaintenance;
    private final int[] leverage;
    private final byte[] marginMode;

    LiquidationWatch(final int maxInstruments, final double maintenanceRate, final double defaultLeverage)
    {
        this.maintenanceRate = maintenanceRate;
        this.defaultLeverage = defaultLeverage;
        markPrice = new long[maxInstruments];
        markTsNs = new long[maxInstruments];
        lastFillTsNs = new long[maxInstruments];
        snapshotTsNs = new long[maxInstruments];
        venueLiquidation = new long[maxInstruments];
        venueQuantity = new long[maxInstruments];
        venueMaintenance = new long[maxInstruments];
        leverage = new int[maxInstruments];
        marginMode = new byte[maxInstruments];
    }

    void define(final int index)
    {
        markPrice[index] = FixedPoint.NULL;
        markTsNs[index] = Long.MIN_VALUE;
        lastFillTsNs[index] = Long.MIN_VALUE + 1;
        snapshotTsNs[index] = Long.MIN_VALUE;
        venueLiquidation[index] = FixedPoint.NULL;
        venueMaintenance[index] = FixedPoint.NULL;
    }

    void onMark(final int index, final long mark, final long tsNs)
    {
        if (mark != FixedPoint.NULL && mark > 0)
        {
            markPrice[index] = mark;
            markTsNs[index] = tsNs;
        }
    }

    /**
     * The touch MarketStage passed on: its mid when both sides are known, else its mark (MarketStage
     * repeats the last mark it had on every touch, so a price jump shows in the books first; the
     * venues' mark follows the index, which the books track).
     */
    void onTouch(final int index, final long bid, final long ask, final long mark, final long tsNs)
    {
        if (bid != FixedPoint.NULL && ask != FixedPoint.NULL && bid > 0 && ask >= bid)
        {
            onMark(index, bid + ((ask - bid) >> 1), tsNs);
        }
        else if (mark != FixedPoint.NULL)
        {
            onMark(index, mark, tsNs);
        }
    }

    void onFill(final int index, final long tsNs)
    {
        lastFillTsNs[index] = tsNs;
    }

    /** The venue's report of the position: its mark, liquidation price and maintenance margin (NULL where it gives none). */
    void onSnapshot(
        final int index, final long tsNs, final long quantity, final long mark, final long liquidation, final long maintenance,
        final int lev, final boolean isolated, final boolean modeKnown)
    {
        venueQuantity[index] = quantity;
        onMark(index, mark, tsNs);
        snapshotTsNs[index] = tsNs;
        venueLiquidation[index] = liquidation;
        venueMaintenance[index] = maintenance;
        leverage[index] = lev;
        marginMode[index] = modeKnown ? (isolated ? ISOLATED : CROSS) : UNKNOWN;
    }

    /** The mark the distance is measured from, or NULL. */
    long mark(final int index)
    {
        return markPrice[index];
    }

    /** True while the latest snapshot describes the current position: the same quantity, and no fill since. */
    private boolean current(final int index, final long position)
    {
        return snapshotTsNs[index] > lastFillTsNs[index] && venueQuantity[index] == position;
    }

    /** True while the latest snapshot's liquidation price describes the current position. */
    boolean venueFigure(final int index, final long position)
    {
        return current(index, position) && venueLiquidation[index] != FixedPoint.NULL && venueLiquidation[index] > 0;
    }

    /**
     * The liquidation price of a position (1e-9): the venue's while it holds, else the estimate; 0 when
     * there is none.
     *
     * @param position signed base quantity (1e-9), short negative
     * @param entry    the position's average entry price (1e-9)
     * @param wallet   the venue's wallet balance (1e-9), NULL when unknown
     */
    long liquidationPrice(final int index, final long position, final long entry, final long wallet)
    {
        if (venueFigure(index, position))
        {
            return venueLiquidation[index];
        }
        if (position == 0 || entry == FixedPoint.NULL || entry <= 0)
        {
            return 0;
        }
        final double lev = leverage[index] > 0 ? leverage[index] : defaultLeverage;
        final double q = position * 1e-9;
        final double e = entry * 1e-9;
        final boolean cross = marginMode[index] == CROSS && wallet != FixedPoint.NULL;
        final double margin = cross ? wallet * 1e-9 : Math.abs(q) * e / lev;
        final double price = estimate(q, e, margin, maintenanceRate);
        return price > 0 ? FixedPoint.fromDouble(price) : 0;
    }

    /** The maintenance margin of a position (1e-9): the venue's while its snapshot holds, else |q| × mark × rate. */
    long maintenanceMargin(final int index, final long position)
    {
        if (current(index, position) && venueMaintenance[index] != FixedPoint.NULL)
        {
            return venueMaintenance[index];
        }
        final long mark = markPrice[index];
        return mark == FixedPoint.NULL ? FixedPoint.NULL : FixedPoint.fromDouble(Math.abs(position * 1e-9) * mark * 1e-9 * maintenanceRate);
    }

    /** The distance to liquidation of a position (see the class comment). */
    double distance(final int index, final long position, final long entry, final long wallet)
    {
        if (position == 0)
        {
            return Double.POSITIVE_INFINITY;
        }
        final long mark = markPrice[index];
        if (mark == FixedPoint.NULL)
        {
            return Double.NaN;
        }
        return distance(position > 0, mark, liquidationPrice(index, position, entry, wallet));
    }

    /**
     * The liquidation price of a one-way position: long (q·e − M) / (q·(1 − r)), short (|q|·e + M) / (|q|·(1 + r));
     * zero or negative when there is none.
     *
     * @param q signed base quantity, e entry price, margin the margin behind it (quote), rate the maintenance margin rate
     */
    static double estimate(final double q, final double e, final double margin, final double rate)
    {
        final double size = Math.abs(q);
        return q > 0 ? (size * e - margin) / (size * (1 - rate)) : (size * e + margin) / (size * (1 + rate));
    }

    /** |mark − liquidation| / mark on the safe side, 0 past it, +∞ with no liquidation price (≤ 0). */
    static double distance(final boolean isLong, final long mark, final long liquidation)
    {
        if (liquidation <= 0)
        {
            return Double.POSITIVE_INFINITY;
        }
        final double d = (double)(isLong ? mark - liquidation : liquidation - mark) / mark;
        return d > 0 ? d : 0;
    }

    /** The venues' reports kept (the marks come from MarketStage's touch, which MarketStage's own hash covers, as the books do). */
    long hash(final long seed, final int count)
    {
        long h = seed;
        for (int i = 0; i < count; i++)
        {
            h = StateHash.mix(h, snapshotTsNs[i]);
            h = StateHash.mix(h, venueLiquidation[i]);
        }
        return h;
    }
}
