package io.fundingarb.connectors.parse;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.connectors.json.JsonScanner;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.agrona.MutableDirectBuffer;

/**
 * Pre-allocated staging for one side of a book message: price/size pairs at scale 1e-9 in the
 * order the venue sent them. Filled from a JSON array of {@code [price, size, ...]} arrays by
 * {@link #parse(JsonScanner)} without allocation.
 *
 * <p>The levels are kept as they are encoded: {@value #LEVEL_LENGTH} bytes each, the price then
 * the size, little-endian (the entry of BookUpdate's {@code bids} and {@code asks} groups, and
 * what {@link JsonScanner#readDecimalPairs} writes), so that {@link #copyTo} writes a whole side
 * into a message in one copy.
 */
public final class LevelBuffer
{
    /** Bytes of one staged level: price, then size, each a little-endian long. */
    public static final int LEVEL_LENGTH = 16;
    /** Offset of the size in a level. */
    public static final int SIZE_OFFSET = 8;

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** {@link #parse(JsonScanner)} result: levels staged. */
    public static final int OK = 0;
    /**
     * {@link #parse(JsonScanner)} result: malformed levels (the scanner's error may be set), or a
     * level whose price is not above zero or whose size is negative.
     */
    public static final int BAD = 1;
    /** {@link #parse(JsonScanner)} result: more levels than the capacity; the first {@link #capacity()} are kept. */
    public static final int OVERFLOW = 2;

    private final byte[] levels;
    private final int capacity;
    private int count;

    public LevelBuffer(final int capacity)
    {
        this.capacity = capacity;
        levels = new byte[capacity * LEVEL_LENGTH];
    }

    public int capacity()
    {
        return capacity;
    }

    public int count()
    {
        return count;
    }

    public long price(final int index)
    {
        checkIndex(index);
        return (long)LONG_LE.get(levels, index * LEVEL_LENGTH);
    }

    public long size(final int index)
    {
        checkIndex(index);
        return (long)LONG_LE.get(levels, index * LEVEL_LENGTH + SIZE_OFFSET);
    }

    public void clear()
    {
        count = 0;
    }

    public void add(final long price, final long size)
    {
        put(count, price, size);
        count++;
    }

    /**
     * Writes levels {@code from} to {@code from + levels - 1} into {@code buffer} at {@code offset}
     * in the layout above, {@code levels * LEVEL_LENGTH} bytes, in one copy.
     */
    public void copyTo(final MutableDirectBuffer buffer, final int offset, final int from, final int levels)
    {
        if (from < 0 || levels < 0 || from + levels > count)
        {
            throw new IndexOutOfBoundsException("levels " + from + " to " + (from + levels) + " of " + count);
        }
        buffer.putBytes(offset, this.levels, from * LEVEL_LENGTH, levels * LEVEL_LENGTH);
    }

    private void put(final int index, final long price, final long size)
    {
        final int at = index * LEVEL_LENGTH;
        LONG_LE.set(levels, at, price);
        LONG_LE.set(levels, at + SIZE_OFFSET, size);
    }

    private void checkIndex(final int index)
    {
        if (index < 0 || index >= count)
        {
            throw new IndexOutOfBoundsException("level " + index + " of " + count);
        }
    }

    /** A level the engine can hold: a price above zero and a size of zero (remove) or more. */
    private static boolean valid(final long price, final long size)
    {
        return price > 0 && size >= 0;
    }

    private boolean allValid()
    {
        final byte[] levels = this.levels;
        for (int at = 0, end = count * LEVEL_LENGTH; at < end; at += LEVEL_LENGTH)
        {
            if (!valid((long)LONG_LE.get(levels, at), (long)LONG_LE.get(levels, at + SIZE_OFFSET)))
            {
                return false;
            }
        }
        return true;
    }

    /** {@link #parsePxSz}: the array is not in the form read in one go; walk it level by level. */
    public static final int NOT_COMPACT = 3;

    /**
     * An array of {@code {"n":..,"px":"..","sz":".."}} levels (Hyperliquid's {@code l2Book}) just
     * after {@link JsonScanner#beginArray()} entered it, in the form {@link JsonScanner#readPxSzLevels}
     * reads in one go: {@link #OK}, or {@link #BAD} for a price not above zero or a negative size;
     * {@link #NOT_COMPACT}, with nothing consumed, for any other form or more levels than the
     * capacity (the caller then walks the objects).
     */
    public int parsePxSz(final JsonScanner scanner)
    {
        final int levels = scanner.readPxSzLevels(this.levels, capacity);
        if (levels < 0)
        {
            count = 0;
            return NOT_COMPACT;
        }
        count = levels;
        return allValid() ? OK : BAD;
    }

    /**
     * Reads, after the opening {@code [} of a side, its levels as objects naming their price and size
     * ({@code {"px":..,"sz":..}}, {@code {"price":..,"qty":..}}; other members skipped, any order),
     * appending them up to the capacity; levels beyond it are checked and counted, not kept.
     *
     * @return the number of levels left out for want of capacity, or -1 when the side is malformed (a
     *         member twice, a missing or unreadable price or size, a price of zero or less, a negative size).
     */
    public int readObjectLevels(final JsonScanner scanner, final byte[] priceName, final byte[] sizeName)
    {
        int leftOut = 0;
        while (scanner.nextElement())
        {
            if (!scanner.beginObject())
            {
                return -1;
            }
            long price = FixedPoint.NULL;
            long size = FixedPoint.NULL;
            while (scanner.nextField())
            {
                final boolean isPrice = scanner.nameEquals(priceName);
                if (isPrice || scanner.nameEquals(sizeName))
                {
                    if ((isPrice ? price : size) != FixedPoint.NULL)
                    {
                        return -1;
                    }
                    final long value = scanner.readFixed();
                    if (value == FixedPoint.NULL || (isPrice ? value <= 0 : value < 0))
                    {
                        return -1;
                    }
                    if (isPrice)
                    {
                        price = value;
                    }
                    else
                    {
                        size = value;
                    }
                }
                else if (!scanner.skipValue())
                {
                    return -1;
                }
            }
            if (scanner.error() || price == FixedPoint.NULL || size == FixedPoint.NULL)
            {
                return -1;
            }
            if (count < capacity)
            {
                add(price, size);
            }
            else
            {
                leftOut++;
            }
        }
        return scanner.error() ? -1 : leftOut;
    }

    /**
     * Parses an array of levels at the scanner's position, each an array whose first two
     * elements are the price and the size (strings or numbers); further elements are skipped.
     * Levels beyond the capacity are checked and skipped and reported as {@link #OVERFLOW}. A price
     * of zero or less, or a negative size, is {@link #BAD}: the venue's frame is malformed, and
     * staging it would put a negative quantity in a book.
     */
    public int parse(final JsonScanner scanner)
    {
        count = 0;
        boolean overflow = false;
        if (!scanner.beginArray())
        {
            return BAD;
        }
        final int levels = scanner.readDecimalPairs(this.levels, capacity);
        if (levels >= 0)
        {
            // the usual [["price","size"],...], in one go
            count = levels;
            return allValid() ? OK : BAD;
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
            if (!valid(price, size))
            {
                return BAD;
            }
            if (count < capacity)
            {
                put(count, price, size);
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
