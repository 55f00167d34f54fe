package io.fundingarb.connectors.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A synthetic order book of one instrument on one venue: a dense ladder of {@code levels}
 * prices each side of the touch, sizes drawn around a notional per level. Each
 * {@link #step(long)} is one venue-side update (its own update id): the ladder follows the
 * new touch and a few sizes change. Changes collect until {@link #drain()}, which returns them
 * as one diff covering update ids {@code [first, last]} with absolute sizes (0 removes), the
 * shape of Binance's {@code depthUpdate} and Bybit's {@code delta}. Prices in ticks, sizes in
 * lots. Deterministic given the Random. Owned by one thread.
 */
public final class SimBook
{
    /** A level: price in ticks, size in lots (0 = removed, in diffs). */
    public record Level(long priceTicks, long lots)
    {
    }

    /** Changes of update ids {@code [firstUpdateId, lastUpdateId]}. */
    public record Diff(long firstUpdateId, long lastUpdateId, List<Level> bids, List<Level> asks)
    {
    }

    private static final double NOTIONAL_PER_LEVEL = 25_000.0;
    private static final int SIZE_CHANGES_PER_STEP = 2;

    private final int levels;
    private final Random random;
    private final long baseLots;
    private final TreeMap<Long, Long> bids = new TreeMap<>(Collections.reverseOrder());
    private final TreeMap<Long, Long> asks = new TreeMap<>();
    private final TreeMap<Long, Long> pendingBids = new TreeMap<>(Collections.reverseOrder());
    private final TreeMap<Long, Long> pendingAsks = new TreeMap<>();
    private long updateId;
    private long pendingFirstId;

    /**
     * @param instrument    tick and lot.
     * @param levels        levels per side, >= 1.
     * @param random        size source.
     * @param lastUpdateId  the update id before the first step.
     */
    public SimBook(final SimInstrument instrument, final int levels, final Random random, final long lastUpdateId)
    {
        if (levels < 1)
        {
            throw new IllegalArgumentException("levels must be >= 1, was " + levels);
        }
        this.levels = levels;
        this.random = random;
        this.updateId = lastUpdateId;
        final double lotNotional = instrument.initialMid().doubleValue() * instrument.lotSize().doubleValue();
        this.baseLots = Math.max(1, Math.round(NOTIONAL_PER_LEVEL / lotNotional));
    }

    /** One update: the touch moves to {@code bestBidTicks} / {@code bestBidTicks + 1}, some sizes change. */
    public void step(final long bestBidTicks)
    {
        updateId++;
        if (pendingFirstId == 0)
        {
            pendingFirstId = updateId;
        }
        final long bestAskTicks = bestBidTicks + 1;
        ladder(bids, pendingBids, bestBidTicks - levels + 1, bestBidTicks);
        ladder(asks, pendingAsks, bestAskTicks, bestAskTicks + levels - 1);
        for (int i = 0; i < SIZE_CHANGES_PER_STEP; i++)
        {
            final boolean bid = random.nextBoolean();
            final long offset = random.nextInt(levels);
            if (bid)
            {
                set(bids, pendingBids, bestBidTicks - offset, randomLots());
            }
            else
            {
                set(asks, pendingAsks, bestAskTicks + offset, randomLots());
            }
        }
    }

    private void ladder(final TreeMap<Long, Long> side, final TreeMap<Long, Long> pending, final long lowTicks, final long highTicks)
    {
        final List<Long> stale = new ArrayList<>();
        for (final Long price : side.keySet())
        {
            if (price < lowTicks || price > highTicks)
            {
                stale.add(price);
            }
        }
        for (final Long price : stale)
        {
            side.remove(price);
            pending.put(price, 0L);
        }
        for (long price = Math.max(1, lowTicks); price <= highTicks; price++)
        {
            if (!side.containsKey(price))
            {
                set(side, pending, price, randomLots());
            }
        }
    }

    private static void set(final TreeMap<Long, Long> side, final TreeMap<Long, Long> pending, final long price, final long lots)
    {
        if (price <= 0)
        {
            return;
        }
        side.put(price, lots);
        pending.put(price, lots);
    }

    private long randomLots()
    {
        return Math.max(1, Math.round(baseLots * Math.exp(0.8 * random.nextGaussian())));
    }

    /**
     * A taker's fill: removes up to {@code lots} at one level of the asks ({@code fromAsks}) or
     * bids, as one venue-side update that the next {@link #drain()} reports.
     *
     * @return lots taken (0 when the level does not exist).
     */
    public long take(final boolean fromAsks, final long priceTicks, final long lots)
    {
        final TreeMap<Long, Long> side = fromAsks ? asks : bids;
        final Long have = side.get(priceTicks);
        if (have == null || lots <= 0)
        {
            return 0;
        }
        final long taken = Math.min(have, lots);
        updateId++;
        if (pendingFirstId == 0)
        {
            pendingFirstId = updateId;
        }
        final TreeMap<Long, Long> pending = fromAsks ? pendingAsks : pendingBids;
        if (taken == have)
        {
            side.remove(priceTicks);
            pending.put(priceTicks, 0L);
        }
        else
        {
            set(side, pending, priceTicks, have - taken);
        }
        return taken;
    }

    /** The changes since the last drain, or null when there are none. */
    public Diff drain()
    {
        if (pendingFirstId == 0)
        {
            return null;
        }
        final Diff diff = new Diff(pendingFirstId, updateId, toLevels(pendingBids, Integer.MAX_VALUE), toLevels(pendingAsks, Integer.MAX_VALUE));
        pendingBids.clear();
        pendingAsks.clear();
        pendingFirstId = 0;
        return diff;
    }

    /** The best {@code limit} bids, best first. */
    public List<Level> bids(final int limit)
    {
        return toLevels(bids, limit);
    }

    /** The best {@code limit} asks, best first. */
    public List<Level> asks(final int limit)
    {
        return toLevels(asks, limit);
    }

    private static List<Level> toLevels(final TreeMap<Long, Long> side, final int limit)
    {
        final List<Level> out = new ArrayList<>(Math.min(limit, side.size()));
        for (final Map.Entry<Long, Long> e : side.entrySet())
        {
            if (out.size() >= limit)
            {
                break;
            }
            out.add(new Level(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** The last update id applied (the book's state as of that id). */
    public long lastUpdateId()
    {
        return updateId;
    }

    public boolean isEmpty()
    {
        return bids.isEmpty() || asks.isEmpty();
    }

    public Level bestBid()
    {
        final Map.Entry<Long, Long> e = bids.firstEntry();
        return e == null ? null : new Level(e.getKey(), e.getValue());
    }

    public Level bestAsk()
    {
        final Map.Entry<Long, Long> e = asks.firstEntry();
        return e == null ? null : new Level(e.getKey(), e.getValue());
    }
}
