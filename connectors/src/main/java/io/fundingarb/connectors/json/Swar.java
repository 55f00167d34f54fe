package io.fundingarb.connectors.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.agrona.BufferUtil;
import org.agrona.UnsafeApi;

/**
 * Eight bytes of JSON text at a time ("SIMD within a register"): the word reads and byte tests
 * {@link JsonScanner} and {@link CompactJsonCursor} share. A word is read little-endian, so byte
 * {@code i} of the text is bits {@code 8i..8i+7} and the lowest flagged byte is the first in the
 * text. The tests use the classic haszero/hasless borrow tricks: only the lowest flagged byte is
 * exact (carries and borrows run upwards), which is all the callers use.
 */
final class Swar
{
    static final int WORD = 8;

    static final long[] POWERS_OF_TEN =
        {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L};

    private static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long ZEROS = ONES * '0';
    private static final long ABOVE_NINE = ONES * (0x80 - ('9' + 1));
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long SPACES = ONES * ' ';

    private Swar()
    {
    }

    /**
     * The eight bytes at {@code index}, which must leave eight bytes in the array: every caller
     * keeps its reads inside its text's limit. A plain memory read, as Agrona's buffers do, with
     * no per-word bounds check (a byte-array view VarHandle's checks cost the ticker walk 11 % and
     * markPrice 7 %); the assertion holds the callers to the contract whenever assertions are on
     * (the tests, the fuzz tests among them).
     */
    static long word(final byte[] bytes, final int index)
    {
        assert index >= 0 && index <= bytes.length - WORD : index;
        final long word = UnsafeApi.getLong(bytes, BufferUtil.ARRAY_BASE_OFFSET + index);
        return NATIVE_LITTLE_ENDIAN ? word : Long.reverseBytes(word);
    }

    /** The mask of the low {@code bytes} bytes of a word, 1 to 8: the first {@code bytes} bytes of the text. */
    static long lowBytes(final int bytes)
    {
        return -1L >>> ((WORD - bytes) << 3);
    }

    /** Bytes {@code from} to {@code from + 7} of a key as a little-endian word, zero past its end. Start-up code. */
    static long paddedWord(final byte[] key, final int from)
    {
        long word = 0;
        for (int k = 0; k < WORD && from + k < key.length; k++)
        {
            word |= (key[from + k] & 0xFFL) << (k << 3);
        }
        return word;
    }

    /** Stores {@code value} as the eight bytes at {@code index}, little-endian. */
    static void putWord(final byte[] bytes, final int index, final long value)
    {
        LONG_LE.set(bytes, index, value);
    }

    /** Byte index (0 to 8) in a word of the lowest flagged byte of a test below; 8 if none. */
    static int firstFlagged(final long flags)
    {
        return Long.numberOfTrailingZeros(flags) >>> 3;
    }

    /** High bit set in each byte of {@code word} that is not an ASCII digit (lowest exact). */
    static long nonDigitBytes(final long word)
    {
        return (word | (word - ZEROS) | (word + ABOVE_NINE)) & HIGHS;
    }

    /** The decimal value of the first {@code digits} (1 to 8) bytes of {@code word}, all ASCII digits. */
    static long digitValue(final long word, final int digits)
    {
        // the digits moved to the top bytes, zeros (leading zero digits) below them
        long value = (word - ZEROS) << ((8 - digits) << 3);
        value = (value * 10 + (value >>> 8)) & 0x00FF00FF00FF00FFL;
        value = (value * ((100L << 16) + 1) >>> 16) & 0x0000FFFF0000FFFFL;
        return (value * ((10_000L << 32) + 1)) >>> 32;
    }

    /**
     * High bit set in each byte of {@code word} that ends a plain run of string text: a quote, a
     * backslash or a control character (bytes of 0x80 and above are text). Lowest exact.
     */
    static long stringStopBytes(final long word)
    {
        final long quotes = word ^ QUOTES;
        final long backslashes = word ^ BACKSLASHES;
        return ((quotes - ONES) & ~quotes | (backslashes - ONES) & ~backslashes | (word - SPACES) & ~word) & HIGHS;
    }

    /** High bit set in each byte of {@code word} that is a quote (lowest exact). */
    static long quoteBytes(final long word)
    {
        final long quotes = word ^ QUOTES;
        return (quotes - ONES) & ~quotes & HIGHS;
    }

    /** True if the {@code length} bytes at {@code offset} are exactly {@code key}. */
    static boolean equals(final byte[] bytes, final int offset, final int length, final byte[] key)
    {
        if (length != key.length)
        {
            return false;
        }
        if (length >= WORD)
        {
            // word by word, the last word overlapping the one before it
            for (int i = 0; i < length - WORD; i += WORD)
            {
                if (word(bytes, offset + i) != word(key, i))
                {
                    return false;
                }
            }
            return word(bytes, offset + length - WORD) == word(key, length - WORD);
        }
        for (int i = 0; i < length; i++)
        {
            if (bytes[offset + i] != key[i])
            {
                return false;
            }
        }
        return true;
    }
}
