package io.fundingarb.engine.stage;

/** Writes a {@link RiskView} as RiskStage would, for tests of its readers (status, control, exit). */
public final class RiskViews
{
    private RiskViews()
    {
    }

    /** The view at {@code nowNs} with no pair and no position. */
    public static void flat(final RiskView view, final TradingState state, final long nowNs)
    {
        final RiskView.Snapshot out = view.beginWrite();
        out.tradingState = state.ordinal();
        out.stateReason = 0;
        out.nowNs = nowNs;
        out.count = 0;
        out.flat = true;
        out.exposureCount = 0;
        view.endWrite();
    }

    /** The view at {@code nowNs} with one pair (prices may be FixedPoint.NULL). */
    public static void onePair(
        final RiskView view, final long nowNs, final long pairId, final int tokenId, final int longVenue, final int shortVenue, final long quantity,
        final long longPrice, final long shortPrice)
    {
        final RiskView.Snapshot out = view.beginWrite();
        out.tradingState = TradingState.ACTIVE.ordinal();
        out.stateReason = 0;
        out.nowNs = nowNs;
        out.pairId[0] = pairId;
        out.tokenId[0] = tokenId;
        out.longVenue[0] = longVenue;
        out.shortVenue[0] = shortVenue;
        out.quantity[0] = quantity;
        out.longPrice[0] = longPrice;
        out.shortPrice[0] = shortPrice;
        out.pnl[0] = 0;
        out.count = 1;
        out.flat = false;
        view.endWrite();
    }

    /** The view at {@code nowNs}: a venue position the journal does not explain, frozen or not, and the venues still awaited. */
    public static void found(
        final RiskView view, final long nowNs, final int venue, final int instrumentId, final long quantity, final boolean frozen, final int pending)
    {
        final RiskView.Snapshot out = view.beginWrite();
        out.tradingState = (frozen ? TradingState.HALTED : TradingState.REDUCING).ordinal();
        out.nowNs = nowNs;
        out.count = 0;
        out.flat = true;
        out.frozen = frozen;
        out.reconcilePending = pending;
        out.foundVenue[0] = venue;
        out.foundInstrumentId[0] = instrumentId;
        out.foundQuantity[0] = quantity;
        out.foundCount = 1;
        view.endWrite();
    }
}
