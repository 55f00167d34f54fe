package io.fundingarb.connectors.parse;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.connectors.json.JsonScanner;

/**
 * Pre-allocated staging for one side of a book message: price/size pairs at scale 1e-9 in the
 * order the venue sent them. Filled from a JSON array of {@code [price, size, ...]} arrays by
 * {@link #parse(JsonScanner)} without allocation.
 */
public final class LevelBuffer
{
    /** {@link #parse(JsonScanner)} result: levels staged. */
    public static final int OK = 0;
    /** {@link #parse(JsonScanner)} result: malformed levels (the scanner's error may be set). */
    public static final int BAD = 1;
    /** {@link #parse(JsonScanner)} result: more levels than the capacity; the first {@link #capacity()} are kept. */
    public static final int OVERFLOW = 2;

    private final long[] prices;
    private final long[] sizes;
    private int count;

    public LevelBuffer(final int capacity)
    {
        prices = new long[capacity];
        sizes = new long[capacity];
    }

    public int capacity()
    {
        return prices.length;
    }

    public int count()
    {
        return count;
    }

    public long price(final int index)
    {
        return prices[index];
    }

    public long size(final int index)
    {
        return sizes[index];
    }

    public void clear()
    {
        count = 0;
    }

    public void add(final long price, final long size)
    {
        prices[count] = price;
        sizes[count] = size;
        count++;
    }

    /**
     * Parses an array of levels at the scanner's position, each an array whose first two
     * elements are the price and the size (strings or numbers); further elements are skipped.
     * Levels beyond the capacity are checked and skipped and reported as {@link #OVERFLOW}.
     */
    public int parse(final JsonScanner scanner)
    {
        count = 0;
        boolean overflow = false;
        if (!scanner.beginArray())
        {
            return BAD;
        }
        while (scanner.nextElement())
        {
            final long price;
            final long size;
            if (scanner.readDecimalPair())
            {
                // the usual ["price","size"], in one go
                price = scanner.pairFirst();
                size = scanner.pairSecond();
            }
            else
            {
                if (!scanner.beginArray() || !scanner.nextElement())
                {
                    return BAD;
                }
                price = scanner.readFixed();
                if (price == FixedPoint.NULL || !scanner.nextElement())
                {
                    return BAD;
                }
                size = scanner.readFixed();
                if (size == FixedPoint.NULL)
                {
                    return BAD;
                }
                while (scanner.nextElement())
                {
                    if (!scanner.skipValue())
                    {
                        return BAD;
                    }
                }
                if (scanner.error())
                {
                    return BAD;
                }
            }
            if (count < prices.length)
            {
                prices[count] = price;
                sizes[count] = size;
                count++;
            }
            else
            {
                overflow = true;
            }
        }
        if (scanner.error())
        {
            return BAD;
        }
        return overflow ? OVERFLOW : OK;
    }
}
