package io.fundingarb.engine.stage;

import io.fundingarb.codecs.FixedPoint;

/**
 * RiskStage's book of hedged pairs (same thread): per slot the pair's phase ({@link PairPhase}),
 * its two legs (RiskStage instrument indexes) and what the fills attributed to it hold and cost,
 * and the state of its exit or repair attempts. Parallel primitive arrays, fixed at start.
 */
final class PairBook
{
    static final int MAX_PAIRS = 64;
    static final int MISSING = -1;

    // what a pair's attempt in flight does
    static final int NOTHING = 0;
    static final int HEDGE = 1;
    static final int REDUCE = 2;

    final int[] phase = new int[MAX_PAIRS];
    final long[] id = new long[MAX_PAIRS];
    final int[] token = new int[MAX_PAIRS];
    final int[] longLeg = new int[MAX_PAIRS];
    final int[] shortLeg = new int[MAX_PAIRS];
    /** Base quantity held on each leg (short positive when short). */
    final long[] longQty = new long[MAX_PAIRS];
    final long[] shortQty = new long[MAX_PAIRS];
    final long[] longBought = new long[MAX_PAIRS];
    final long[] longBoughtQty = new long[MAX_PAIRS];
    final long[] shortSold = new long[MAX_PAIRS];
    final long[] shortSoldQty = new long[MAX_PAIRS];
    /** Sells − buys of the pair's fills, fees paid, funding received (quote, 1e-9). */
    final long[] cash = new long[MAX_PAIRS];
    final long[] fees = new long[MAX_PAIRS];
    final long[] funding = new long[MAX_PAIRS];
    final long[] openedTsNs = new long[MAX_PAIRS];
    final int[] exitReason = new int[MAX_PAIRS];
    final boolean[] closeRequested = new boolean[MAX_PAIRS];
    /** The next order's number under the pair's id (the low {@link RiskStage#ORDER_BITS} bits of a client order id). */
    final int[] nextOrderSeq = new int[MAX_PAIRS];
    /** Failed exit or repair attempts of the pair's current phase, and the next not before. */
    final int[] attempts = new int[MAX_PAIRS];
    final long[] nextAttemptTsNs = new long[MAX_PAIRS];
    /** The attempt sent and not yet judged: {@link #NOTHING}, {@link #HEDGE} or {@link #REDUCE}. */
    final int[] awaiting = new int[MAX_PAIRS];
    /** The entry's hedge completion was tried (it is tried once). */
    final boolean[] hedgeTried = new boolean[MAX_PAIRS];
    /** Pairs not FREE, kept so that a market tick with nothing open skips the pair scans. */
    int active;

    int slotOf(final long pairId)
    {
        for (int p = 0; p < MAX_PAIRS; p++)
        {
            if (phase[p] != PairPhase.FREE && id[p] == pairId)
            {
                return p;
            }
        }
        return MISSING;
    }

    /** A new pair in a free slot, OPENING, its entry's two orders numbered 0 and 1; MISSING when the book is full. */
    int open(final long pairId, final int tokenId, final int longIndex, final int shortIndex, final long nowNs)
    {
        int p = 0;
        while (p < MAX_PAIRS && phase[p] != PairPhase.FREE)
        {
            p++;
        }
        if (p == MAX_PAIRS)
        {
            return MISSING;
        }
        phase[p] = PairPhase.OPENING;
        active++;
        id[p] = pairId;
        token[p] = tokenId;
        longLeg[p] = longIndex;
        shortLeg[p] = shortIndex;
        longQty[p] = 0;
        shortQty[p] = 0;
        longBought[p] = 0;
        longBoughtQty[p] = 0;
        shortSold[p] = 0;
        shortSoldQty[p] = 0;
        cash[p] = 0;
        fees[p] = 0;
        funding[p] = 0;
        openedTsNs[p] = nowNs;
        exitReason[p] = Reason.NONE.ordinal();
        closeRequested[p] = false;
        nextOrderSeq[p] = 2;
        attempts[p] = 0;
        nextAttemptTsNs[p] = 0;
        awaiting[p] = NOTHING;
        hedgeTried[p] = false;
        return p;
    }

    void free(final int p)
    {
        phase[p] = PairPhase.FREE;
        active--;
    }

    /** Books a fill of {@code qty} on the pair's long ({@code onLong}) or short leg. */
    void onFill(final int p, final boolean onLong, final boolean buy, final long qty, final long notional, final long fee)
    {
        if (onLong)
        {
            longQty[p] += buy ? qty : -qty;
            if (buy)
            {
                longBought[p] += notional;
                longBoughtQty[p] += qty;
            }
        }
        else
        {
            shortQty[p] += buy ? -qty : qty;
            if (!buy)
            {
                shortSold[p] += notional;
                shortSoldQty[p] += qty;
            }
        }
        cash[p] += buy ? -notional : notional;
        fees[p] += fee;
    }

    /**
     * Books a fee without a fill on the pair (quote, 1e-9, positive = paid): a venue's commission
     * replacing the estimate booked with a fill first learned without it. Quantities and cash stay.
     */
    void onFee(final int p, final long fee)
    {
        fees[p] += fee;
    }

    /** Sells − buys − fees + funding so far: what the pair realises once flat. */
    long cashResult(final int p)
    {
        return cash[p] - fees[p] + funding[p];
    }

    long longPrice(final int p)
    {
        return longBoughtQty[p] == 0 ? FixedPoint.NULL : FixedPoint.divide(longBought[p], longBoughtQty[p]);
    }

    long shortPrice(final int p)
    {
        return shortSoldQty[p] == 0 ? FixedPoint.NULL : FixedPoint.divide(shortSold[p], shortSoldQty[p]);
    }

    long hash(final long seed)
    {
        long h = seed;
        for (int p = 0; p < MAX_PAIRS; p++)
        {
            if (phase[p] == PairPhase.FREE)
            {
                continue;
            }
            h = StateHash.mix(h, id[p]);
            h = StateHash.mix(h, phase[p]);
            h = StateHash.mix(h, longQty[p]);
            h = StateHash.mix(h, shortQty[p]);
            h = StateHash.mix(h, cash[p]);
            h = StateHash.mix(h, fees[p]);
            h = StateHash.mix(h, funding[p]);
            h = StateHash.mix(h, attempts[p]);
            h = StateHash.mix(h, nextAttemptTsNs[p]);
            h = StateHash.mix(h, nextOrderSeq[p]);
        }
        return h;
    }
}
