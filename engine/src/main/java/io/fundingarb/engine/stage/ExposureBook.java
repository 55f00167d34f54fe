package io.fundingarb.engine.stage;

import org.agrona.collections.Int2IntHashMap;

/**
 * RiskStage's exposure tracker (same thread): the signed base position of every instrument from
 * every fill the engine has seen, whatever became of the order or its pair; the part of it no
 * pair holds (the orphan book, unwound by repairs); and per token the net across venues, which
 * the exposure invariant wants back at zero within {@code execution.timeout} of any change.
 * Indexes are RiskStage's instrument indexes. No allocation after construction.
 */
final class ExposureBook
{
    private static final int MISSING = -1;

    // ---- per instrument
    private final long[] position;
    private final long[] orphan;
    private final long[] orphanCash;
    private final long[] lot;
    private final int[] tokenSlotOf;
    private final boolean[] listed;
    /** Orphan repair state: attempts made, next attempt not before, an attempt sent and not yet judged. */
    final int[] orphanAttempts;
    final long[] orphanNextTsNs;
    final boolean[] orphanAwaiting;
    private final int[] orphanList;
    private int orphanCount;
    private int openPositions;

    // ---- per token
    private final Int2IntHashMap slotByToken;
    private final int[] tokenIds;
    private final long[] net;
    private final long[] gross;
    private final long[] tokenLot;
    private final long[] changedTsNs;
    private final boolean[] breached;
    private int tokenCount;
    private long breaches;

    ExposureBook(final int maxInstruments)
    {
        position = new long[maxInstruments];
        orphan = new long[maxInstruments];
        orphanCash = new long[maxInstruments];
        lot = new long[maxInstruments];
        tokenSlotOf = new int[maxInstruments];
        listed = new boolean[maxInstruments];
        orphanAttempts = new int[maxInstruments];
        orphanNextTsNs = new long[maxInstruments];
        orphanAwaiting = new boolean[maxInstruments];
        orphanList = new int[maxInstruments];
        slotByToken = new Int2IntHashMap(maxInstruments * 2, 0.65f, MISSING);
        tokenIds = new int[maxInstruments];
        net = new long[maxInstruments];
        gross = new long[maxInstruments];
        tokenLot = new long[maxInstruments];
        changedTsNs = new long[maxInstruments];
        breached = new boolean[maxInstruments];
    }

    void define(final int index, final int tokenId, final long lotSize)
    {
        int t = slotByToken.get(tokenId);
        if (t == MISSING)
        {
            t = tokenCount++;
            slotByToken.put(tokenId, t);
            tokenIds[t] = tokenId;
            tokenLot[t] = Long.MAX_VALUE;
        }
        tokenSlotOf[index] = t;
        lot[index] = lotSize > 0 ? lotSize : 1;
        tokenLot[t] = Math.min(tokenLot[t], lot[index]);
    }

    /** Books a fill of {@code signedQty} (positive bought); {@code orphaned}: no pair holds it. */
    void onFill(final int index, final long signedQty, final boolean orphaned, final long nowNs)
    {
        final boolean wasOpen = !isDust(index, position[index]);
        position[index] += signedQty;
        final boolean isOpen = !isDust(index, position[index]);
        openPositions += (isOpen ? 1 : 0) - (wasOpen ? 1 : 0);
        final int t = tokenSlotOf[index];
        gross[t] += Math.abs(position[index]) - Math.abs(position[index] - signedQty);
        net[t] += signedQty;
        changedTsNs[t] = nowNs;
        breached[t] = false;
        if (orphaned)
        {
            addOrphan(index, signedQty);
        }
    }

    /** Moves a position into the orphan book (a pair detached from its legs). */
    void addOrphan(final int index, final long signedQty)
    {
        final boolean wasListed = listed[index];
        orphan[index] += signedQty;
        if (!wasListed)
        {
            listed[index] = true;
            orphanList[orphanCount++] = index;
            orphanAttempts[index] = 0;
            orphanNextTsNs[index] = 0;
            orphanAwaiting[index] = false;
        }
    }

    /** Cash of an orphan fill (sells − buys − fees), realised when the orphan position is cleared. */
    void addOrphanCash(final int index, final long cash)
    {
        orphanCash[index] += cash;
    }

    /** True while an orphan position of the instrument is in the book (its cash not yet realised). */
    boolean isOrphan(final int index)
    {
        return listed[index];
    }

    long orphanCash(final int index)
    {
        return orphanCash[index];
    }

    boolean isDust(final int index, final long qty)
    {
        return Math.abs(qty) < lot[index];
    }

    long orphan(final int index)
    {
        return orphan[index];
    }

    long position(final int index)
    {
        return position[index];
    }

    int orphanCount()
    {
        return orphanCount;
    }

    int orphanAt(final int i)
    {
        return orphanList[i];
    }

    /** Drops an orphan whose position is dust and whose repairs are over; returns its cash, now realised. */
    long removeOrphanAt(final int i)
    {
        final int index = orphanList[i];
        listed[index] = false;
        orphanList[i] = orphanList[--orphanCount];
        final long cash = orphanCash[index];
        orphanCash[index] = 0;
        return cash;
    }

    /** True when no instrument holds a position of a lot or more. */
    boolean isFlat()
    {
        return openPositions == 0;
    }

    /** Counts tokens whose net stayed off zero longer than {@code graceNs} since its last change (once per change). */
    void checkInvariant(final long nowNs, final long graceNs)
    {
        for (int t = 0; t < tokenCount; t++)
        {
            if (!breached[t] && Math.abs(net[t]) >= tokenLot[t] && nowNs - changedTsNs[t] > graceNs)
            {
                breached[t] = true;
                breaches++;
            }
        }
    }

    long breaches()
    {
        return breaches;
    }

    int tokenCount()
    {
        return tokenCount;
    }

    int tokenId(final int t)
    {
        return tokenIds[t];
    }

    /** Net base position of a token across venues (positive: long). */
    long net(final int t)
    {
        return net[t];
    }

    /** Sum of the absolute positions of a token's instruments. */
    long gross(final int t)
    {
        return gross[t];
    }

    /** Net base position of a token by its id, or 0. */
    long netOfToken(final int tokenId)
    {
        final int t = slotByToken.get(tokenId);
        return t == MISSING ? 0 : net[t];
    }

    long hash(final long seed)
    {
        long h = StateHash.mix(seed, breaches);
        h = StateHash.mix(h, openPositions);
        for (int t = 0; t < tokenCount; t++)
        {
            h = StateHash.mix(h, net[t]);
            h = StateHash.mix(h, gross[t]);
        }
        for (int i = 0; i < orphanCount; i++)
        {
            final int index = orphanList[i];
            h = StateHash.mix(h, index);
            h = StateHash.mix(h, orphan[index]);
            h = StateHash.mix(h, orphanCash[index]);
            h = StateHash.mix(h, orphanAttempts[index]);
            h = StateHash.mix(h, orphanNextTsNs[index]);
        }
        return h;
    }
}
