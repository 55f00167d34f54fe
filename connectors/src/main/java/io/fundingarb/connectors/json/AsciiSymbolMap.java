package io.fundingarb.connectors.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.agrona.DirectBuffer;

/**
 * Maps ASCII keys (venue symbols) to {@code int} values: filled at start-up with
 * {@link #put(String, int)}, looked up on the hot path straight from frame bytes with
 * {@link #get(DirectBuffer, int, int)}, which allocates nothing. Open addressing with linear
 * probing over a power-of-two table; keys live in one byte pool. Not thread-safe: fill it
 * before the feed starts.
 */
public final class AsciiSymbolMap
{
    /** Returned by the lookups for a key that is not in the map. */
    public static final int MISSING = -1;

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final int WORD = 8;

    private int[] slots;
    private int[] keyOffsets;
    private int[] keyLengths;
    private int[] keyHashes;
    private int[] values;
    /** Each key's first and second eight bytes as little-endian words, zero-padded (keys of up to 16 bytes are compared by them). */
    private long[] keyWords;
    private byte[] pool;
    private int poolLength;
    private int size;

    public AsciiSymbolMap()
    {
        this(16);
    }

    public AsciiSymbolMap(final int expectedSize)
    {
        final int capacity = Math.max(4, expectedSize);
        slots = new int[tableSizeFor(capacity)];
        Arrays.fill(slots, -1);
        keyOffsets = new int[capacity];
        keyLengths = new int[capacity];
        keyHashes = new int[capacity];
        values = new int[capacity];
        keyWords = new long[2 * capacity];
        pool = new byte[capacity * 16];
    }

    private static int tableSizeFor(final int entries)
    {
        int size = 8;
        while (size < entries * 2)
        {
            size <<= 1;
        }
        return size;
    }

    public int size()
    {
        return size;
    }

    /** Adds or replaces a key (US-ASCII). Start-up only: may allocate. */
    public void put(final String key, final int value)
    {
        final byte[] bytes = key.getBytes(StandardCharsets.US_ASCII);
        final int hash = hash(bytes, 0, bytes.length);
        final int existing = find(bytes, hash);
        if (existing >= 0)
        {
            values[existing] = value;
            return;
        }
        if (size == values.length)
        {
            final int capacity = size * 2;
            keyOffsets = Arrays.copyOf(keyOffsets, capacity);
            keyLengths = Arrays.copyOf(keyLengths, capacity);
            keyHashes = Arrays.copyOf(keyHashes, capacity);
            values = Arrays.copyOf(values, capacity);
            keyWords = Arrays.copyOf(keyWords, 2 * capacity);
        }
        if (poolLength + bytes.length > pool.length)
        {
            pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolLength + bytes.length));
        }
        System.arraycopy(bytes, 0, pool, poolLength, bytes.length);
        final int entry = size++;
        keyOffsets[entry] = poolLength;
        keyLengths[entry] = bytes.length;
        keyHashes[entry] = hash;
        values[entry] = value;
        keyWords[2 * entry] = Swar.paddedWord(bytes, 0);
        keyWords[2 * entry + 1] = Swar.paddedWord(bytes, WORD);
        poolLength += bytes.length;
        if (size * 2 > slots.length)
        {
            rehash(slots.length * 2);
        }
        else
        {
            insert(entry);
        }
    }

    /** The value of a key, or {@link #MISSING}. */
    public int get(final String key)
    {
        final byte[] bytes = key.getBytes(StandardCharsets.US_ASCII);
        final int entry = find(bytes, hash(bytes, 0, bytes.length));
        return entry >= 0 ? values[entry] : MISSING;
    }

    /** The value of the key held in {@code buffer[offset, offset + length)}, or {@link #MISSING}. Allocation free. */
    public int get(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] array = buffer.byteArray();
        if (null != array && offset >= 0 && length >= 0 && length <= buffer.capacity() - offset)
        {
            return get(array, buffer.wrapAdjustment() + offset, length);
        }
        long state = seed(length);
        for (int i = 0; i < length; i += WORD)
        {
            long word = 0;
            for (int k = 0, n = Math.min(WORD, length - i); k < n; k++)
            {
                word |= (buffer.getByte(offset + i + k) & 0xFFL) << (k << 3);
            }
            state = mix(state, word);
        }
        final int hash = fold(state);
        final int mask = slots.length - 1;
        int index = hash & mask;
        while (true)
        {
            final int entry = slots[index];
            if (entry < 0)
            {
                return MISSING;
            }
            if (keyHashes[entry] == hash && keyLengths[entry] == length && equals(entry, buffer, offset, length))
            {
                return values[entry];
            }
            index = (index + 1) & mask;
        }
    }

    /** The value of the key held in {@code bytes[offset, offset + length)}, or {@link #MISSING}. Allocation free. */
    public int get(final byte[] bytes, final int offset, final int length)
    {
        if (length > 0 && length <= 2 * WORD && offset >= 0 && offset + 2 * WORD <= bytes.length)
        {
            return getShort(bytes, offset, length);
        }
        final int hash = hash(bytes, offset, length);
        final int mask = slots.length - 1;
        int index = hash & mask;
        while (true)
        {
            final int entry = slots[index];
            if (entry < 0)
            {
                return MISSING;
            }
            if (keyHashes[entry] == hash && keyLengths[entry] == length)
            {
                final int keyOffset = keyOffsets[entry];
                if (Arrays.equals(pool, keyOffset, keyOffset + length, bytes, offset, offset + length))
                {
                    return values[entry];
                }
            }
            index = (index + 1) & mask;
        }
    }

    /**
     * {@link #get(byte[], int, int)} of a key of 1 to 16 bytes with 16 bytes readable at
     * {@code offset}: its two words are read once, for the hash (the same as {@link #hash}'s) and
     * to compare with the entries' words, instead of comparing bytes.
     */
    private int getShort(final byte[] bytes, final int offset, final int length)
    {
        final long low;
        final long high;
        final long state;
        if (length <= WORD)
        {
            low = (long)LONG_LE.get(bytes, offset) & Swar.lowBytes(length);
            high = 0;
            state = mix(seed(length), low);
        }
        else
        {
            low = (long)LONG_LE.get(bytes, offset);
            high = (long)LONG_LE.get(bytes, offset + WORD) & Swar.lowBytes(length - WORD);
            state = mix(mix(seed(length), low), high);
        }
        final int hash = fold(state);
        final int mask = slots.length - 1;
        int index = hash & mask;
        while (true)
        {
            final int entry = slots[index];
            if (entry < 0)
            {
                return MISSING;
            }
            if (keyHashes[entry] == hash && keyLengths[entry] == length && keyWords[2 * entry] == low && keyWords[2 * entry + 1] == high)
            {
                return values[entry];
            }
            index = (index + 1) & mask;
        }
    }

    private boolean equals(final int entry, final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] pool = this.pool;
        final int keyOffset = keyOffsets[entry];
        for (int i = 0; i < length; i++)
        {
            if (pool[keyOffset + i] != buffer.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }

    private int find(final byte[] bytes, final int hash)
    {
        final int mask = slots.length - 1;
        int index = hash & mask;
        while (true)
        {
            final int entry = slots[index];
            if (entry < 0)
            {
                return -1;
            }
            if (keyHashes[entry] == hash && keyLengths[entry] == bytes.length
                && Arrays.equals(pool, keyOffsets[entry], keyOffsets[entry] + bytes.length, bytes, 0, bytes.length))
            {
                return entry;
            }
            index = (index + 1) & mask;
        }
    }

    private void rehash(final int tableSize)
    {
        slots = new int[tableSize];
        Arrays.fill(slots, -1);
        for (int entry = 0; entry < size; entry++)
        {
            insert(entry);
        }
    }

    private void insert(final int entry)
    {
        final int mask = slots.length - 1;
        int index = keyHashes[entry] & mask;
        while (slots[index] >= 0)
        {
            index = (index + 1) & mask;
        }
        slots[index] = entry;
    }

    /**
     * The hash of a key: its bytes as little-endian eight-byte words (the last one zero-padded),
     * each mixed in with one multiply; whole words are read at once when the array holds them
     * (a symbol of up to eight bytes is one load), else assembled byte by byte to the same words.
     */
    private static int hash(final byte[] bytes, final int offset, final int length)
    {
        long state = seed(length);
        int i = 0;
        if (offset + ((length + WORD - 1) & -WORD) <= bytes.length)
        {
            for (; i + WORD <= length; i += WORD)
            {
                state = mix(state, (long)LONG_LE.get(bytes, offset + i));
            }
            if (i < length)
            {
                state = mix(state, (long)LONG_LE.get(bytes, offset + i) & Swar.lowBytes(length - i));
            }
            return fold(state);
        }
        for (; i < length; i += WORD)
        {
            long word = 0;
            for (int k = 0, n = Math.min(WORD, length - i); k < n; k++)
            {
                word |= (bytes[offset + i + k] & 0xFFL) << (k << 3);
            }
            state = mix(state, word);
        }
        return fold(state);
    }

    private static long seed(final int length)
    {
        return (length + 1) * GOLDEN;
    }

    private static long mix(final long state, final long word)
    {
        return Long.rotateLeft((state ^ word) * GOLDEN, 29);
    }

    private static int fold(final long state)
    {
        final long folded = state * GOLDEN;
        return (int)(folded ^ (folded >>> 32));
    }
}
