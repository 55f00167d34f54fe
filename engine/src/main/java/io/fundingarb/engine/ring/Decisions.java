package io.fundingarb.engine.ring;

/**
 * RiskStage's decisions on one event, for ExecutionStage: enter a pair (both legs), or send one
 * order (an exit leg, a repair). RiskStage numbers every order, so it knows each one it asked
 * for. A fixed-capacity flyweight of parallel arrays in the slot; no allocation.
 */
public final class Decisions
{
    /** Both legs of a new pair, sized by ExecutionStage; client ids {@code clientOrderId} (long) and {@code clientOrderId + 1} (short). */
    public static final int ENTER = 1;
    /** One IOC order on {@code longInstrumentId}: {@code notional} is its base quantity, {@code longReference} the touch it crosses. */
    public static final int ORDER = 2;

    /** ORDER flag: buy (else sell). */
    public static final int BUY = 1;
    /** ORDER flag: reduce-only. */
    public static final int REDUCE_ONLY = 2;
    /** ORDER flag: priced with the unwind tolerance (else the entry tolerance). */
    public static final int WIDE = 4;

    public final int capacity;
    public int count;
    public final int[] kind;
    public final long[] pairId;
    /** ENTER: the long leg's client order id (the short leg's is the next); ORDER: the order's. */
    public final long[] clientOrderId;
    public final int[] tokenId;
    public final int[] longInstrumentId;
    public final int[] shortInstrumentId;
    /** ENTER: target notional per leg, quote units at 1e-9; ORDER: base quantity, already a multiple of the lot. */
    public final long[] notional;
    /** ENTER: the long venue's best ask; ORDER: the touch the order crosses (ask to buy, bid to sell). */
    public final long[] longReference;
    /** ENTER: the short venue's best bid; ORDER: unused. */
    public final long[] shortReference;
    /** ORDER: {@link #BUY}, {@link #REDUCE_ONLY}, {@link #WIDE}. */
    public final int[] flags;
    /** {@link io.fundingarb.engine.stage.Reason} ordinal. */
    public final int[] reason;

    public Decisions(final int capacity)
    {
        this.capacity = capacity;
        kind = new int[capacity];
        pairId = new long[capacity];
        clientOrderId = new long[capacity];
        tokenId = new int[capacity];
        longInstrumentId = new int[capacity];
        shortInstrumentId = new int[capacity];
        notional = new long[capacity];
        longReference = new long[capacity];
        shortReference = new long[capacity];
        flags = new int[capacity];
        reason = new int[capacity];
    }

    /** True when another decision fits. */
    public boolean hasRoom()
    {
        return count < capacity;
    }

    /** Adds an entry; returns false when full (it waits for the next event). */
    public boolean enter(
        final long pairId, final long clientOrderId, final int tokenId, final int longInstrumentId, final int shortInstrumentId,
        final long notional, final long longAsk, final long shortBid, final int reason)
    {
        if (count == capacity)
        {
            return false;
        }
        final int i = count++;
        this.kind[i] = ENTER;
        this.pairId[i] = pairId;
        this.clientOrderId[i] = clientOrderId;
        this.tokenId[i] = tokenId;
        this.longInstrumentId[i] = longInstrumentId;
        this.shortInstrumentId[i] = shortInstrumentId;
        this.notional[i] = notional;
        this.longReference[i] = longAsk;
        this.shortReference[i] = shortBid;
        this.flags[i] = 0;
        this.reason[i] = reason;
        return true;
    }

    /** Adds one order; returns false when full (it waits for the next event). */
    public boolean order(
        final long pairId, final long clientOrderId, final int tokenId, final int instrumentId, final long quantity,
        final long touch, final int flags, final int reason)
    {
        if (count == capacity)
        {
            return false;
        }
        final int i = count++;
        this.kind[i] = ORDER;
        this.pairId[i] = pairId;
        this.clientOrderId[i] = clientOrderId;
        this.tokenId[i] = tokenId;
        this.longInstrumentId[i] = instrumentId;
        this.shortInstrumentId[i] = 0;
        this.notional[i] = quantity;
        this.longReference[i] = touch;
        this.shortReference[i] = 0;
        this.flags[i] = flags;
        this.reason[i] = reason;
        return true;
    }
}
