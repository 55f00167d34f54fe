package io.fundingarb.engine.ring;

/**
 * What RiskStage wants journaled about pairs on one event (opened, closed with its PnL, failed),
 * for ExecutionStage, the outbound ring's single producer, to publish as {@code PairEvent}s.
 */
public final class PairNotices
{
    public final int capacity;
    public int count;
    public final int[] kind;
    public final long[] pairId;
    public final int[] tokenId;
    public final int[] longInstrumentId;
    public final int[] shortInstrumentId;
    public final long[] quantity;
    public final long[] longPrice;
    public final long[] shortPrice;
    public final long[] fees;
    public final long[] funding;
    public final long[] realisedPnl;
    public final int[] reason;

    public PairNotices(final int capacity)
    {
        this.capacity = capacity;
        kind = new int[capacity];
        pairId = new long[capacity];
        tokenId = new int[capacity];
        longInstrumentId = new int[capacity];
        shortInstrumentId = new int[capacity];
        quantity = new long[capacity];
        longPrice = new long[capacity];
        shortPrice = new long[capacity];
        fees = new long[capacity];
        funding = new long[capacity];
        realisedPnl = new long[capacity];
        reason = new int[capacity];
    }

    /** Reserves the next notice; returns its index, or -1 when full. */
    public int next()
    {
        return count == capacity ? -1 : count++;
    }
}
