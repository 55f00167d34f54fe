package io.fundingarb.connectors.parse;

import io.fundingarb.codecs.sbe.BookAction;
import io.fundingarb.codecs.sbe.BookUpdateDecoder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The oracle book: two TreeMaps, absolute sizes, size 0 removes. */
public final class NaiveBook
{
    public final TreeMap<Long, Long> bids = new TreeMap<>(Collections.reverseOrder());
    public final TreeMap<Long, Long> asks = new TreeMap<>();
    public long sequence = -1;

    public void clear()
    {
        bids.clear();
        asks.clear();
    }

    public void set(final boolean bid, final long price, final long size)
    {
        final TreeMap<Long, Long> side = bid ? bids : asks;
        if (size == 0)
        {
            side.remove(price);
        }
        else
        {
            side.put(price, size);
        }
    }

    /** Applies a published BookUpdate; checks the prevSequence chain. */
    public void apply(final BookUpdateDecoder update)
    {
        if (update.action() == BookAction.SNAPSHOT)
        {
            clear();
        }
        else if (update.prevSequence() != sequence)
        {
            throw new AssertionError("broken chain: prevSequence " + update.prevSequence() + " after " + sequence);
        }
        sequence = update.sequence();
        for (final BookUpdateDecoder.BidsDecoder level : update.bids())
        {
            set(true, level.price(), level.size());
        }
        for (final BookUpdateDecoder.AsksDecoder level : update.asks())
        {
            set(false, level.price(), level.size());
        }
    }

    /** The best {@code depth} levels of a side as [price, size] pairs. */
    public List<long[]> top(final boolean bid, final int depth)
    {
        final List<long[]> levels = new ArrayList<>();
        for (final Map.Entry<Long, Long> e : (bid ? bids : asks).entrySet())
        {
            if (levels.size() == depth)
            {
                break;
            }
            levels.add(new long[] {e.getKey(), e.getValue()});
        }
        return levels;
    }
}
