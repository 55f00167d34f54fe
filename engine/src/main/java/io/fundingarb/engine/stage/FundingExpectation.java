package io.fundingarb.engine.stage;

import java.util.Arrays;

/**
 * Expected funding of one leg over a horizon, the one model entries (MarketStage) and exits
 * (RiskStage) share: the current rate for the leg's next settlement, and for each later settlement
 * in the horizon the rate decayed toward zero by {@code strategy.funding_decay_per_settlement}
 * ({@code d}) per {@value #REFERENCE_INTERVAL_S} s (one 8-hour settlement), the same speed in time
 * on every venue: a leg settling every {@code I} seconds decays by {@code d_I = d^(I / 28800)} per
 * settlement, so settlement k (0 = next) is expected at {@code rate × d_I^k} and n settlements in
 * the horizon are worth {@code rate × (1 + d_I + … + d_I^(n−1))}. An 8-hourly leg decays by d
 * per settlement, an hourly one by d^(1/8): over a day both count about the same hours of their
 * rate (a per-settlement decay would count an hourly leg's rate for 5 hours of 24 and an 8-hourly
 * one's for 19.5). With {@code d = 1} every settlement is expected at today's rate. Funding rates
 * mean-revert; the decay says how fast this engine believes they do, without a predicted-rate feed.
 *
 * <p>The sums are tabulated per interval the first time an interval is seen (no allocation or
 * {@code pow} per tick after that) from {@link StrictMath#pow} and exact repeated products, so
 * replay reproduces them bit for bit on any JVM.
 */
public final class FundingExpectation
{
    private static final long NS_PER_S = 1_000_000_000L;
    /** d^k below 1e-12 contributes nothing a price can show; the table stops growing there. */
    private static final int MAX_TERMS = 8_192;

    /** The interval {@code strategy.funding_decay_per_settlement} is given for: one 8-hour settlement. */
    public static final int REFERENCE_INTERVAL_S = 28_800;

    private final double decay;
    private final long horizonNs;
    /** The intervals (seconds) tabulated so far, in the order first seen: a venue set has a handful (1 h, 4 h, 8 h). */
    private int[] intervals = new int[4];
    /** Per interval: weight[n] = 1 + d_I + … + d_I^(n−1), the value of n settlements in units of the current rate. */
    private double[][] weights = new double[4][];
    private int tabulated;

    public FundingExpectation(final double decayPerSettlement, final long horizonNs)
    {
        this.decay = decayPerSettlement;
        this.horizonNs = horizonNs;
        table(REFERENCE_INTERVAL_S);
    }

    /** d_I = d^(I / 28800): the decay per settlement of a leg settling every {@code intervalS} seconds (d itself for 8 hours). */
    public static double decayPerInterval(final double decayPer8h, final int intervalS)
    {
        return decayPer8h >= 1.0 ? 1.0 : StrictMath.pow(decayPer8h, intervalS / (double)REFERENCE_INTERVAL_S);
    }

    private double[] table(final int intervalS)
    {
        for (int i = 0; i < tabulated; i++) // a scan of a few ints: cheaper than hashing
        {
            if (intervals[i] == intervalS)
            {
                return weights[i];
            }
        }
        return tabulate(intervalS);
    }

    /** The first time an interval is seen: its table (allocates once per interval, never per tick). */
    private double[] tabulate(final int intervalS)
    {
        final double d = decayPerInterval(decay, intervalS);
        int terms = 1;
        double term = 1.0;
        while (terms < MAX_TERMS && d < 1.0 && term > 1e-12)
        {
            term *= d;
            terms++;
        }
        final double[] weight = new double[terms + 1];
        term = 1.0;
        for (int n = 1; n <= terms; n++)
        {
            weight[n] = weight[n - 1] + term;
            term *= d;
        }
        if (tabulated == intervals.length)
        {
            intervals = Arrays.copyOf(intervals, tabulated * 2);
            weights = Arrays.copyOf(weights, tabulated * 2);
        }
        intervals[tabulated] = intervalS;
        weights[tabulated++] = weight;
        return weight;
    }

    /** The next settlement at or after {@code nowNs} (exclusive), from a reported one that may have passed. */
    public static long nextSettlement(final long reportedNextNs, final long nowNs, final long intervalNs)
    {
        if (reportedNextNs <= 0) // unknown (FixedPoint.NULL) or never reported
        {
            return nowNs + intervalNs;
        }
        if (reportedNextNs <= nowNs)
        {
            return reportedNextNs + ((nowNs - reportedNextNs) / intervalNs + 1) * intervalNs;
        }
        return reportedNextNs;
    }

    /** Settlements that fall in {@code (now, now + horizon]} given the next one. */
    public long settlements(final long nextNs, final long nowNs, final long intervalNs)
    {
        final long end = nowNs + horizonNs;
        return nextNs > end ? 0 : 1 + (end - nextNs) / intervalNs;
    }

    /** The value of {@code n} settlements of a leg settling every {@code intervalS} seconds, in units of its current rate (n with no decay). */
    public double weight(final long n, final int intervalS)
    {
        if (decay >= 1.0 || intervalS <= 0)
        {
            return n;
        }
        final double[] weight = table(intervalS);
        return weight[(int)Math.min(n, weight.length - 1)];
    }

    /**
     * Expected funding a leg receives over the horizon, as a fraction of notional: positive is
     * received. A long pays a positive rate, a short receives it.
     */
    public double expected(final double ratePerInterval, final int intervalS, final long reportedNextNs, final long nowNs, final boolean isLong)
    {
        if (intervalS <= 0)
        {
            return 0;
        }
        final long intervalNs = intervalS * NS_PER_S;
        final long next = nextSettlement(reportedNextNs, nowNs, intervalNs);
        final double value = ratePerInterval * weight(settlements(next, nowNs, intervalNs), intervalS);
        return isLong ? -value : value;
    }

    /** {@code funding_decay_per_settlement}: the decay per 8 hours ({@link #decayPerInterval} for other intervals). */
    public double decayPerSettlement()
    {
        return decay;
    }

    public long horizonNs()
    {
        return horizonNs;
    }
}
