package io.fundingarb.engine.stage;

/**
 * Expected funding of one leg over a horizon, the one model entries (MarketStage) and exits
 * (RiskStage) share: the current rate for the leg's next settlement, and for each later settlement
 * in the horizon the rate decayed toward zero by {@code strategy.funding_decay_per_settlement}
 * ({@code d}): settlement k (0 = next) is expected at {@code rate × d^k}, so n settlements in the
 * horizon are worth {@code rate × (1 + d + … + d^(n−1))}. With {@code d = 1} every settlement is
 * expected at today's rate. Funding rates mean-revert; the decay says how fast this engine believes
 * they do, without a predicted-rate feed.
 *
 * <p>The sums are tabulated at start-up (no allocation, no {@code Math.pow} per tick) and are
 * exact repeated products, so replay reproduces them bit for bit.
 */
public final class FundingExpectation
{
    private static final long NS_PER_S = 1_000_000_000L;
    /** d^k below 1e-12 contributes nothing a price can show; the table stops growing there. */
    private static final int MAX_TERMS = 8_192;

    private final double decay;
    private final long horizonNs;
    /** weight[n] = 1 + d + … + d^(n−1): the value of n settlements in units of the current rate. */
    private final double[] weight;

    public FundingExpectation(final double decayPerSettlement, final long horizonNs)
    {
        this.decay = decayPerSettlement;
        this.horizonNs = horizonNs;
        int terms = 1;
        double term = 1.0;
        while (terms < MAX_TERMS && decay < 1.0 && term > 1e-12)
        {
            term *= decay;
            terms++;
        }
        weight = new double[terms + 1];
        term = 1.0;
        for (int n = 1; n <= terms; n++)
        {
            weight[n] = weight[n - 1] + term;
            term *= decay;
        }
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

    /** The value of {@code n} settlements in units of the current rate (n with no decay). */
    public double weight(final long n)
    {
        if (decay >= 1.0)
        {
            return n;
        }
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
        final double value = ratePerInterval * weight(settlements(next, nowNs, intervalNs));
        return isLong ? -value : value;
    }

    /** {@code funding_decay_per_settlement}: settlement k is expected at rate × decay^k. */
    public double decayPerSettlement()
    {
        return decay;
    }

    public long horizonNs()
    {
        return horizonNs;
    }
}
