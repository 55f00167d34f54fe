package io.fundingarb.engine.stage;

/**
 * What RiskStage weighed when it decided to close a pair, as its inspection hook reads it
 * ({@code replay --explain}). Arrays are per leg: [0] the long leg, [1] the short leg. Fractions of
 * notional unless named in bps; amounts 1e-9 fixed point.
 *
 * @param flattening        the breaker (HALTED, or the operator's FLATTEN) closes everything
 * @param spreadPerDay      (r_short/T_short − r_long/T_long) × 86 400, as the exit rule computes it
 * @param pnl               mark-to-market PnL: cash − fees + funding + legs at the side they would close on
 * @param notional          what the long leg bought (the entry notional)
 * @param expected          each leg's expected funding over the horizon (the entry's model)
 * @param basisValue        basis_capture × today's basis, when it counts (else 0)
 * @param holdValue         expected[0] + expected[1] + basisValue: what holding adds
 * @param feeCost           fees paid / notional: what the exit is expected to pay again
 * @param halfSpread        each leg's (ask − bid) / (ask + bid)
 * @param exitCost          feeCost + halfSpread[0] + halfSpread[1]
 * @param receivesSoon      a settlement within the guard pays this side (the exit waits)
 * @param awaitingPayment   a settlement held through has not been paid yet (the exit waits)
 */
public record ExitTerms(
    long tsNs, long pairId, Reason reason, TradingState tradingState, boolean flattening, boolean closeRequested, double[] liquidationDistance,
    double minLiquidationDistance, long pnl, long notional, double stopLossBps, double takeProfitBps, long openedTsNs, long maxHoldingNs,
    double[] rate, int[] intervalS, double[] ratePerSecond, long[] nextFundingTsNs, long[] settlements, double[] weight, double[] expected,
    double spreadPerDay, double exitSpreadPerDay, double basisCapture, double basisValue, double holdValue, long fees, double feeCost, long[] bid, long[] ask,
    double[] halfSpread, double exitCost, boolean[] receivesSoon, boolean[] awaitingPayment, long settlementGuardNs)
{
    public double pnlBps()
    {
        return notional > 0 ? (double)pnl / notional * 1e4 : Double.NaN;
    }
}
