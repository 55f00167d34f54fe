package io.fundingarb.engine.ring;

/**
 * RiskStage's decisions on one event, for ExecutionStage: enter a pair, or exit one. A
 * fixed-capacity flyweight of parallel arrays in the slot; no allocation.
 */
public final class Decisions
{
    public static final int ENTER = 1;
    public static final int EXIT = 2;

    public final int capacity;
    public int count;
    public final int[] kind;
    public final long[] pairId;
    public final int[] tokenId;
    public final int[] longInstrumentId;
    public final int[] shortInstrumentId;
    /** ENTER: target notional per leg, quote units at 1e-9. */
    public final long[] notional;
    /** ENTER: the long venue's best ask; EXIT: unused. */
    public final long[] longReference;
    /** ENTER: the short venue's best bid; EXIT: unused. */
    public final long[] shortReference;
    /** {@link io.fundingarb.engine.stage.Reason} ordinal. */
    public final int[] reason;

    public Decisions(final int capacity)
    {
        this.capacity = capacity;
        kind = new int[capacity];
        pairId = new long[capacity];
        tokenId = new int[capacity];
        longInstrumentId = new int[capacity];
        shortInstrumentId = new int[capacity];
        notional = new long[capacity];
        longReference = new long[capacity];
        shortReference = new long[capacity];
        reason = new int[capacity];
    }

    /** Adds a decision; returns false when full (the rest waits for the next event). */
    public boolean add(
        final int kind, final long pairId, final int tokenId, final int longInstrumentId, final int shortInstrumentId,
        final long notional, final long longReference, final long shortReference, final int reason)
    {
        if (count == capacity)
        {
            return false;
        }
        final int i = count++;
        this.kind[i] = kind;
        this.pairId[i] = pairId;
        this.tokenId[i] = tokenId;
        this.longInstrumentId[i] = longInstrumentId;
        this.shortInstrumentId[i] = shortInstrumentId;
        this.notional[i] = notional;
        this.longReference[i] = longReference;
        this.shortReference[i] = shortReference;
        this.reason[i] = reason;
        return true;
    }
}
