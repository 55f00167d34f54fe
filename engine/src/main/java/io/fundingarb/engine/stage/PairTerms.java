package io.fundingarb.engine.stage;

/**
 * What MarketStage holds for one ordered pair (long a, short b) at a moment, read by its inspection
 * hook for an audit ({@code replay --explain}): each leg's funding, settlement and cost terms, and
 * the pair's spread, basis and net edge as the ranking computed them. Rates and costs are fractions
 * of notional (0.0005 = 5 bps); prices 1e-9 fixed point where named {@code bid}/{@code ask}, else
 * decimals.
 *
 * @param tsNs             the stage's time (the event in hand)
 * @param spreadPerSecond  r_b/T_b − r_a/T_a
 * @param minDailySpread   {@code strategy.min_funding_rate_profitability}
 * @param basis            (mid_b − mid_a) / mid_a
 * @param netEdge          funding_b(short) + funding_a(long) − cost_a − cost_b + basis_capture × basis, as computed by the stage
 * @param minNetEdgeBps    {@code strategy.min_net_edge_bps}
 * @param targetNotional   {@code strategy.target_notional_usd}: what the VWAPs walk the books for
 */
public record PairTerms(
    long tsNs, Leg longLeg, Leg shortLeg, double spreadPerSecond, double minDailySpread, double basis, double basisCapture, double netEdge,
    double minNetEdgeBps, double targetNotional, long horizonNs, double decayPerSettlement, double minDailyVolume, boolean requireVolumeData)
{
    /**
     * One leg's terms.
     *
     * @param fundingRate        rate per interval as last reported (1e-9), or FixedPoint.NULL
     * @param intervalS          the interval used: reported, else defined, else the venue's fallback
     * @param termsTsNs          when these terms were computed (the leg's last update or timer refresh)
     * @param nextSettlementNs   the next settlement after {@code termsTsNs}
     * @param settlements        settlements in (termsTsNs, termsTsNs + horizon]
     * @param weight             1 + d + … + d^(settlements−1)
     * @param expectedFunding    what this side receives over the horizon (negative: pays), fraction of notional
     * @param cost               2 × taker fee + (buyVwap − mid)/mid + (mid − sellVwap)/mid
     */
    public record Leg(
        int instrumentId, int venue, long fundingRate, int reportedIntervalS, int definedIntervalS, int fallbackIntervalS, int intervalS,
        double ratePerSecond, long reportedNextFundingTsNs, long termsTsNs, long nextSettlementNs, long settlements, double weight,
        double expectedFunding, double takerFee, long bid, long ask, double mid, double buyVwap, double sellVwap, double contractValue,
        double cost, long quoteVolume, boolean volumeOk, boolean priced)
    {
    }

    public double netEdgeBps()
    {
        return netEdge * 1e4;
    }
}
