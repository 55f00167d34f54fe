package io.fundingarb.engine.stage;

import org.agrona.collections.Long2LongHashMap;

/**
 * RiskStage's record (same thread) of the orders it asked ExecutionStage for, until each ends:
 * a terminal execution report, or its time is up ({@code 2 × execution.timeout}: the timeout,
 * then the cancel's grace, when ExecutionStage abandons it too). While a pair or an orphan
 * position has orders working, RiskStage waits for them rather than ordering more.
 */
final class WorkingOrders
{
    /** Owner of an orphan repair order (its instrument says which position). */
    static final int ORPHAN = -2;
    private static final int MISSING = -1;

    private final long[] id;
    private final int[] owner;
    private final int[] index;
    private final long[] sentTsNs;
    private final Long2LongHashMap slotById;
    private final int[] livePerPair;
    private final int[] orphanLive;
    private final long lifetimeNs;
    private int live;
    private long expired;

    WorkingOrders(final int capacity, final int maxPairs, final int maxInstruments, final long lifetimeNs)
    {
        id = new long[capacity];
        owner = new int[capacity];
        index = new int[capacity];
        sentTsNs = new long[capacity];
        slotById = new Long2LongHashMap(capacity * 2, 0.65f, MISSING);
        livePerPair = new int[maxPairs];
        orphanLive = new int[maxInstruments];
        this.lifetimeNs = lifetimeNs;
    }

    boolean hasRoom(final int orders)
    {
        return live + orders <= id.length;
    }

    void add(final long clientOrderId, final int ownerSlot, final int instrumentIndex, final long nowNs)
    {
        for (int o = 0; o < id.length; o++)
        {
            if (id[o] == 0)
            {
                id[o] = clientOrderId;
                owner[o] = ownerSlot;
                index[o] = instrumentIndex;
                sentTsNs[o] = nowNs;
                slotById.put(clientOrderId, o);
                live++;
                if (ownerSlot == ORPHAN)
                {
                    orphanLive[instrumentIndex]++;
                }
                else
                {
                    livePerPair[ownerSlot]++;
                }
                return;
            }
        }
    }

    /** The owner of a working order: a pair slot, {@link #ORPHAN}, or -1 when not working. */
    int ownerOf(final long clientOrderId)
    {
        final int o = (int)slotById.get(clientOrderId);
        return o == MISSING ? MISSING : owner[o];
    }

    /** The order ended (terminal report). */
    void finish(final long clientOrderId)
    {
        final int o = (int)slotById.get(clientOrderId);
        if (o != MISSING)
        {
            free(o);
        }
    }

    /** Ends the orders whose time is up. */
    void expire(final long nowNs)
    {
        for (int o = 0; o < id.length && live > 0; o++)
        {
            if (id[o] != 0 && nowNs - sentTsNs[o] >= lifetimeNs)
            {
                expired++;
                free(o);
            }
        }
    }

    private void free(final int o)
    {
        if (owner[o] == ORPHAN)
        {
            orphanLive[index[o]]--;
        }
        else
        {
            livePerPair[owner[o]]--;
        }
        slotById.remove(id[o]);
        id[o] = 0;
        live--;
    }

    int liveForPair(final int pairSlot)
    {
        return livePerPair[pairSlot];
    }

    int liveForOrphan(final int instrumentIndex)
    {
        return orphanLive[instrumentIndex];
    }

    int live()
    {
        return live;
    }

    long hash(final long seed)
    {
        long h = StateHash.mix(seed, live);
        h = StateHash.mix(h, expired);
        for (int o = 0; o < id.length; o++)
        {
            if (id[o] != 0)
            {
                h = StateHash.mix(h, id[o]);
                h = StateHash.mix(h, sentTsNs[o]);
            }
        }
        return h;
    }
}
