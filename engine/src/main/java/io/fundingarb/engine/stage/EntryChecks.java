package io.fundingarb.engine.stage;

/**
 * RiskStage's entry checks on one ranked opportunity, with their inputs, as its inspection hook
 * reads them ({@code replay --explain}). Amounts 1e-9 fixed point unless named in USD; an entry
 * goes only when {@link #passes()} and the state lets entries go.
 *
 * @param rank                  the opportunity's place in the ranking RiskStage holds (0 = best)
 * @param heldByPair            the active pair already on this token (one pair per token), or 0
 * @param dataAgeNs             per leg (long, short): time since the venue's last market data
 * @param openNotional          notional the active pairs hold: total, on the long venue, on the short venue
 * @param available             per leg: the venue's available balance, or FixedPoint.NULL
 * @param paysSoon              per leg: its next settlement is within the guard and this side pays it
 * @param nextFundingTsNs       per leg: the next settlement as last reported
 * @param rate                  per leg: funding rate per interval as RiskStage holds it
 */
public record EntryChecks(
    long tsNs, int rank, int tokenId, int longInstrumentId, int shortInstrumentId, double netEdgeBps, double spreadPerHour, double fundingBps,
    double costBps, double basisBps, double slippageBps, TradingState tradingState, int activePairs, int maxOpenPairs, long heldByPair,
    int[] venue, boolean[] feedUsable, long[] dataAgeNs, long maxDataAgeNs, boolean[] tradable, double maxSlippageBps, long[] openNotional,
    long targetNotional, double maxTotalNotionalUsd, double maxNotionalPerVenueUsd, boolean notionalFits, long[] available, double maxLeverage,
    boolean requireBalanceData, boolean[] balanceFits, boolean[] orderRateFits, int maxOrdersPerSecond, boolean[] paysSoon,
    long[] nextFundingTsNs, double[] rate, long settlementGuardNs, long longAsk, long shortBid, boolean passes)
{
}
