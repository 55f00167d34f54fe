package io.fundingarb.connectors.simulator;

import io.fundingarb.connectors.json.JsonTree;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The book a replaying simulator rebuilds from the recorded snapshots and diffs, so that a
 * client joining (or rejoining) mid-recording can be given a snapshot consistent with the
 * frames that follow. Levels keep their recorded text ({@code ["7.6110","6"]}); a size of zero
 * removes the level. Simulator thread only; allocates.
 */
public final class SimReplayBook
{
    private final TreeMap<BigDecimal, String[]> bids = new TreeMap<>(Collections.reverseOrder());
    private final TreeMap<BigDecimal, String[]> asks = new TreeMap<>();
    private long updateId = -1;
    private long baseUpdateId = -1;

    /** Replaces the book with a snapshot's levels (JSON arrays of [price, size]) at {@code updateId}. */
    public void snapshot(final Object bidLevels, final Object askLevels, final long updateId)
    {
        bids.clear();
        asks.clear();
        apply(bidLevels, askLevels, updateId);
        this.baseUpdateId = updateId;
    }

    /** Applies a diff's levels (absolute sizes) and moves the book to {@code updateId}. */
    public void apply(final Object bidLevels, final Object askLevels, final long updateId)
    {
        set(bids, bidLevels);
        set(asks, askLevels);
        this.updateId = updateId;
    }

    private static void set(final TreeMap<BigDecimal, String[]> side, final Object levels)
    {
        for (final Object level : JsonTree.list(levels))
        {
            final List<Object> pair = JsonTree.list(level);
            if (pair.size() < 2)
            {
                continue;
            }
            final String price = String.valueOf(text(pair.get(0)));
            final String size = String.valueOf(text(pair.get(1)));
            final BigDecimal key = new BigDecimal(price);
            if (new BigDecimal(size).signum() == 0)
            {
                side.remove(key);
            }
            else
            {
                side.put(key, new String[] {price, size});
            }
        }
    }

    private static String text(final Object value)
    {
        return value instanceof BigDecimal ? ((BigDecimal)value).toPlainString() : (String)value;
    }

    /** The update id of the last snapshot or diff applied; -1 before any. */
    public long updateId()
    {
        return updateId;
    }

    /** The update id of the last snapshot applied; -1 when the book was built from diffs only (partial). */
    public long baseUpdateId()
    {
        return baseUpdateId;
    }

    /** Writes the best {@code limit} levels of a side as a JSON array of [price, size] strings. */
    public JsonText levels(final JsonText json, final boolean bid, final int limit)
    {
        json.beginArray();
        int written = 0;
        for (final Map.Entry<BigDecimal, String[]> level : (bid ? bids : asks).entrySet())
        {
            if (written++ == limit)
            {
                break;
            }
            json.pair(level.getValue()[0], level.getValue()[1]);
        }
        return json.endArray();
    }

    /** Levels on a side (tests). */
    public int depth(final boolean bid)
    {
        return (bid ? bids : asks).size();
    }
}
