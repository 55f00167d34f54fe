package io.fundingarb.engine.stage;

/**
 * One instrument's price levels, best first on each side, at most {@code depth} per side: sorted
 * arrays of 1e-9 prices and sizes, pre-allocated. Deltas update, insert or (size 0) remove one
 * level by binary search; a level worse than the last kept one is dropped when the side is full.
 */
public final class OrderBook
{
    private final int depth;
    private final long[] bidPrices;
    private final long[] bidSizes;
    private final long[] askPrices;
    private final long[] askSizes;
    private int bidCount;
    private int askCount;
    private long sequence;
    private boolean valid;

    public OrderBook(final int depth)
    {
        this.depth = depth;
        bidPrices = new long[depth];
        bidSizes = new long[depth];
        askPrices = new long[depth];
        askSizes = new long[depth];
    }

    /** Empties the book before a snapshot. */
    public void clear()
    {
        bidCount = 0;
        askCount = 0;
        valid = true;
    }

    /** Marks the book unusable until the next snapshot (a delta arrived with no snapshot before it). */
    public void invalidate()
    {
        bidCount = 0;
        askCount = 0;
        valid = false;
    }

    public boolean isValid()
    {
        return valid;
    }

    public void sequence(final long sequence)
    {
        this.sequence = sequence;
    }

    public long sequence()
    {
        return sequence;
    }

    public void bid(final long price, final long size)
    {
        bidCount = apply(bidPrices, bidSizes, bidCount, price, size, true);
    }

    public void ask(final long price, final long size)
    {
        askCount = apply(askPrices, askSizes, askCount, price, size, false);
    }

    private int apply(final long[] prices, final long[] sizes, final int count, final long price, final long size, final boolean descending)
    {
        // binary search for price in a side sorted best first
        int lo = 0;
        int hi = count - 1;
        while (lo <= hi)
        {
            final int mid = (lo + hi) >>> 1;
            final long p = prices[mid];
            if (p == price)
            {
                if (size <= 0)
                {
                    System.arraycopy(prices, mid + 1, prices, mid, count - mid - 1);
                    System.arraycopy(sizes, mid + 1, sizes, mid, count - mid - 1);
                    return count - 1;
                }
                sizes[mid] = size;
                return count;
            }
            final boolean better = descending ? p > price : p < price;
            if (better)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        if (size <= 0 || lo >= depth)
        {
            return count; // removing an absent level, or a level beyond the depth kept
        }
        final int moved = Math.min(count, depth - 1) - lo;
        if (moved > 0)
        {
            System.arraycopy(prices, lo, prices, lo + 1, moved);
            System.arraycopy(sizes, lo, sizes, lo + 1, moved);
        }
        prices[lo] = price;
        sizes[lo] = size;
        return Math.min(count + 1, depth);
    }

    public int bidCount()
    {
        return bidCount;
    }

    public int askCount()
    {
        return askCount;
    }

    public long bidPrice(final int level)
    {
        return bidPrices[level];
    }

    public long bidSize(final int level)
    {
        return bidSizes[level];
    }

    public long askPrice(final int level)
    {
        return askPrices[level];
    }

    public long askSize(final int level)
    {
        return askSizes[level];
    }

    /** Both sides present and not crossed. */
    public boolean isTradable()
    {
        return valid && bidCount > 0 && askCount > 0 && bidPrices[0] < askPrices[0];
    }

    /**
     * Average price to fill {@code notional} (quote units) against one side, walking levels from
     * the best, or NaN if the side is too thin. Prices are per unit of the book's quantity (for a
     * bundled listing such as 1000PEPE, per 1,000 PEPE), so a level's notional is price × size.
     */
    public double vwapForNotional(final boolean buy, final double notional)
    {
        final long[] prices = buy ? askPrices : bidPrices;
        final long[] sizes = buy ? askSizes : bidSizes;
        final int count = buy ? askCount : bidCount;
        double remaining = notional;
        double quantity = 0;
        for (int i = 0; i < count; i++)
        {
            final double price = prices[i] * 1e-9;
            final double levelQty = sizes[i] * 1e-9;
            final double levelNotional = price * levelQty;
            if (levelNotional >= remaining)
            {
                quantity += remaining / price;
                return notional / quantity;
            }
            quantity += levelQty;
            remaining -= levelNotional;
        }
        return Double.NaN;
    }

    public long hash(final long seed)
    {
        long h = StateHash.mix(seed, valid ? 1 : 0);
        h = StateHash.mix(h, sequence);
        h = StateHash.mix(h, bidCount);
        for (int i = 0; i < bidCount; i++)
        {
            h = StateHash.mix(StateHash.mix(h, bidPrices[i]), bidSizes[i]);
        }
        h = StateHash.mix(h, askCount);
        for (int i = 0; i < askCount; i++)
        {
            h = StateHash.mix(StateHash.mix(h, askPrices[i]), askSizes[i]);
        }
        return h;
    }
}
