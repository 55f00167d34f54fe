package io.fundingarb.connectors.json;

import io.fundingarb.codecs.FixedPoint;

/**
 * The fast path in front of {@link JsonScanner} for the compact JSON venues stream: objects of
 * {@code "name":value} pairs with no whitespace, plain names and strings (no escape, no control
 * byte), integers and nested objects. One {@link #next()} reads a field's name and its whole
 * value, so a flat object is walked in one call per field with none of the general cursor's
 * per-value bookkeeping, and decimals are converted knowing where they end.
 *
 * <p>Anything outside that form (whitespace, an escape, an array, a literal, a fraction or an
 * exponent, the end of the text) makes {@link #next()} return {@link #UNSUPPORTED}: the caller
 * then parses the frame with the {@link JsonScanner} it wrapped this cursor on, which decides
 * whether it is valid and what it says. The cursor never accepts what the scanner would reject,
 * and reads the same names and values from what it accepts (CompactJsonCursorTest holds it to
 * that on every recorded frame, on random JSON and on mutated frames).
 *
 * <p>Usage: {@code scanner.wrap(...)}, {@link #wrap(JsonScanner)}, {@link #beginObject()}, then
 * {@link #next()} until {@link #END} (an {@link #OBJECT} value is entered: its fields come next,
 * then its {@link #END}), then {@link #end()}. Allocation free; single-threaded.
 *
 * <p>A parser's field loop calls {@link #nextField()} and, for a value that is not a string,
 * {@link #readValue()}: {@code nextField()} compiles small enough (1.9 kB) for C2 to inline into
 * the loop even when it was compiled on its own first (under {@code InlineSmallCode}, 2.5 kB);
 * {@link #next()}, both in one, compiled to 3.3 kB, and whether the loop inlined it then depended
 * on which compiled first: JMH forks of the same jar averaged 302 to 388 ns on the large Bybit
 * deltas, and 295 to 303 with the split. A call per field measured no faster than the general
 * scanner on large frames.
 */
public final class CompactJsonCursor
{
    /** {@link #next()}: the current object closed. */
    public static final int END = 0;
    /** {@link #next()}: a field whose value is a string; its contents are the value. */
    public static final int STRING = 1;
    /** {@link #next()}: a field whose value is an integer {@code -?(0|[1-9][0-9]*)}. */
    public static final int INTEGER = 2;
    /** {@link #next()}: a field whose value is an object, now entered. */
    public static final int OBJECT = 3;
    /** {@link #next()}: not the compact form (or not JSON): leave the text to the {@link JsonScanner}. */
    public static final int UNSUPPORTED = -1;
    /** {@link #nextField()}: a field whose value is not a string; {@link #readValue()} reads it. */
    public static final int OTHER = 4;

    /** Bytes from a decimal's start that its two word reads may touch: sign, 8 digits, point, 8 digits, and a word's overhang. */
    private static final int DECIMAL_WINDOW = 2 * Swar.WORD + 2;

    private byte[] bytes = new byte[0];
    private int position;
    private int limit;
    /** Open objects; -1 once {@link #UNSUPPORTED}. */
    private int depth;
    private boolean first;
    private int nameOffset;
    private int nameLength;
    private int valueOffset;
    private int valueLength;

    /** Starts at the scanner's position, over the text it was wrapped on (the scanner is not moved). */
    public CompactJsonCursor wrap(final JsonScanner scanner)
    {
        bytes = scanner.text();
        position = scanner.textPosition();
        limit = scanner.textLimit();
        depth = 0;
        first = false;
        nameOffset = 0;
        nameLength = 0;
        valueOffset = 0;
        valueLength = 0;
        return this;
    }

    /** Enters the root object: false if the text does not start with {@code '{'}. */
    public boolean beginObject()
    {
        if (depth != 0 || position >= limit || bytes[position] != '{')
        {
            return false;
        }
        position++;
        depth = 1;
        first = true;
        return true;
    }

    /**
     * Reads the next field of the current object, name and value: {@link #STRING},
     * {@link #INTEGER}, {@link #OBJECT} (entered), {@link #END} when the object closes, or
     * {@link #UNSUPPORTED} (then and from then on).
     */
    public int next()
    {
        final int kind = nextField();
        return kind == OTHER ? readValue() : kind;
    }

    /**
     * {@link #next()} in two steps, for a parser's field loop: a string value is read as by
     * {@link #next()}; any other value returns {@link #OTHER}, and {@link #readValue()} must then
     * read it before the next call. Kept apart so that this step compiles small enough for C2 to
     * inline into the loop whatever was compiled first (with the integer and object reading in it,
     * it compiled to 3.3 kB, above {@code InlineSmallCode}, and a JVM that happened to compile it
     * on its own before the loop called it per field).
     */
    public int nextField()
    {
        final byte[] bytes = this.bytes;
        final int limit = this.limit;
        int p = position;
        if (depth <= 0 || p >= limit)
        {
            return unsupported();
        }
        final byte c = bytes[p];
        if (c == '}')
        {
            position = p + 1;
            depth--;
            first = false;
            return END;
        }
        if (first)
        {
            first = false;
        }
        else if (c == ',')
        {
            p++;
        }
        else
        {
            return unsupported();
        }
        if (p >= limit || bytes[p] != '"')
        {
            return unsupported();
        }
        final int nameEnd = plainStringEnd(bytes, p + 1, limit);
        if (nameEnd < 0 || nameEnd + 2 >= limit || bytes[nameEnd + 1] != ':')
        {
            return unsupported();
        }
        nameOffset = p + 1;
        nameLength = nameEnd - p - 1;
        final int value = nameEnd + 2;
        if (bytes[value] != '"')
        {
            position = value;
            return OTHER;
        }
        final int end = plainStringEnd(bytes, value + 1, limit);
        if (end < 0)
        {
            return unsupported();
        }
        valueOffset = value + 1;
        valueLength = end - value - 1;
        position = end + 1;
        return STRING;
    }

    /** At the end of the root object: true if nothing follows it. */
    public boolean end()
    {
        return depth == 0 && position == limit;
    }

    // ------------------------------------------------------------------ the field in hand

    public int nameLength()
    {
        return nameLength;
    }

    /** Array index of the current name in the text's array (tests, with a heap text). */
    int nameIndex()
    {
        return nameOffset;
    }

    /** Array index of the current value in the text's array (tests, with a heap text). */
    int valueIndex()
    {
        return valueOffset;
    }

    /** Byte {@code index} of the current name; {@code index < nameLength()}. */
    public byte nameByte(final int index)
    {
        return bytes[nameOffset + index];
    }

    public boolean nameEquals(final byte[] key)
    {
        return Swar.equals(bytes, nameOffset, nameLength, key);
    }

    /**
     * The word {@link #nameIs(long, int)} compares a name of 1 to 8 bytes with: its bytes
     * little-endian, zero above. Start-up code.
     */
    public static long nameWord(final byte[] name)
    {
        if (name.length == 0 || name.length > Swar.WORD)
        {
            throw new IllegalArgumentException("a name word holds 1 to 8 bytes, not " + name.length);
        }
        return Swar.paddedWord(name, 0);
    }

    /**
     * {@link #nameEquals(byte[])} of a name of 1 to 8 bytes given as its {@link #nameWord}: one
     * masked word compare (a short name's byte loop costs a branch a byte).
     */
    public boolean nameIs(final long word, final int length)
    {
        if (nameLength != length)
        {
            return false;
        }
        if (nameOffset + Swar.WORD <= limit)
        {
            return (Swar.word(bytes, nameOffset) & Swar.lowBytes(length)) == word;
        }
        for (int i = 0; i < length; i++)
        {
            if (bytes[nameOffset + i] != (byte)(word >>> (i << 3)))
            {
                return false;
            }
        }
        return true;
    }

    /** Length of the value: a string's contents, an integer's text. */
    public int valueLength()
    {
        return valueLength;
    }

    public boolean valueEquals(final byte[] key)
    {
        return Swar.equals(bytes, valueOffset, valueLength, key);
    }

    public boolean valueStartsWith(final byte[] prefix)
    {
        return valueLength >= prefix.length && Swar.equals(bytes, valueOffset, prefix.length, prefix);
    }

    /**
     * The value in {@code map} of the value's bytes after their last {@code separator} (all of
     * them if there is none), e.g. the symbol of a topic {@code tickers.BTCUSDT}.
     */
    public int valueSuffixLookup(final AsciiSymbolMap map, final byte separator)
    {
        final byte[] bytes = this.bytes;
        final int end = valueOffset + valueLength;
        int start = end;
        while (start > valueOffset && bytes[start - 1] != separator)
        {
            start--;
        }
        return map.get(bytes, start, end - start);
    }

    /**
     * {@link FixedPoint#parseSaturating(byte[], int, int)} of the value: {@link #valueFixed()}, except
     * that a plain decimal beyond the range saturates. For unbounded magnitudes (a 24 h turnover),
     * taken only where {@link #valueFixed()} said {@link FixedPoint#NULL}.
     */
    public long valueFixedSaturating()
    {
        return FixedPoint.parseSaturating(bytes, valueOffset, valueLength);
    }

    /**
     * The value (a string's contents or an integer) as a fixed-point decimal at scale 1e-9, exactly
     * {@link FixedPoint#parse(byte[], int, int)} of its bytes: {@link FixedPoint#NULL} if it is not
     * a decimal. Eight bytes at a time for up to 8 integer and 8 fraction digits.
     */
    public long valueFixed()
    {
        final byte[] bytes = this.bytes;
        final int start = valueOffset;
        final int length = valueLength;
        final int end = start + length;
        if (length == 0 || length > DECIMAL_WINDOW || start + DECIMAL_WINDOW > limit)
        {
            return FixedPoint.parse(bytes, start, length);
        }
        final boolean negative = bytes[start] == '-';
        final int integerStart = negative ? start + 1 : start;
        final long integerWord = Swar.word(bytes, integerStart);
        final int integerDigits = Swar.firstFlagged(Swar.nonDigitBytes(integerWord));
        final int stop = integerStart + integerDigits;
        if (integerDigits == 0 || (stop != end && bytes[stop] != '.'))
        {
            // no digit first, nine or more integer digits, an exponent or junk: the general parse decides
            return FixedPoint.parse(bytes, start, length);
        }
        long significand = Swar.digitValue(integerWord, integerDigits);
        int fractionDigits = 0;
        if (stop != end)
        {
            fractionDigits = end - stop - 1;
            final long fractionWord = Swar.word(bytes, stop + 1);
            if (fractionDigits == 0 || fractionDigits > Swar.WORD
                || Swar.firstFlagged(Swar.nonDigitBytes(fractionWord)) < fractionDigits)
            {
                return FixedPoint.parse(bytes, start, length);
            }
            significand = significand * Swar.POWERS_OF_TEN[fractionDigits] + Swar.digitValue(fractionWord, fractionDigits);
        }
        final long magnitude = significand * Swar.POWERS_OF_TEN[FixedPoint.DECIMALS - fractionDigits];
        return negative ? -magnitude : magnitude;
    }

    /**
     * The value (an integer, or a string's contents) as a plain integer, exactly
     * {@link JsonScanner#parseLong(byte[], int, int)} of its bytes: {@link JsonScanner#NULL_LONG}
     * if it is anything else or overflows. Eight digits at a time for up to 16 digits.
     */
    public long valueLong()
    {
        final byte[] bytes = this.bytes;
        final int start = valueOffset;
        final int length = valueLength;
        final boolean negative = length > 0 && bytes[start] == '-';
        final int digitsStart = negative ? start + 1 : start;
        final int digits = start + length - digitsStart;
        if (digits == 0 || digits > 2 * Swar.WORD || limit < 2 * Swar.WORD)
        {
            return JsonScanner.parseLong(bytes, start, length);
        }
        final long high = wordBeforeLimit(bytes, digitsStart, limit);
        final int highDigits = Swar.firstFlagged(Swar.nonDigitBytes(high));
        final long value;
        if (digits <= Swar.WORD)
        {
            if (highDigits < digits)
            {
                return JsonScanner.NULL_LONG;
            }
            value = Swar.digitValue(high, digits);
        }
        else
        {
            final long low = wordBeforeLimit(bytes, digitsStart + Swar.WORD, limit);
            final int lowDigits = digits - Swar.WORD;
            if (highDigits < Swar.WORD || Swar.firstFlagged(Swar.nonDigitBytes(low)) < lowDigits)
            {
                return JsonScanner.NULL_LONG;
            }
            value = Swar.digitValue(high, Swar.WORD) * Swar.POWERS_OF_TEN[lowDigits] + Swar.digitValue(low, lowDigits);
        }
        return negative ? -value : value;
    }

    // ------------------------------------------------------------------ scanning

    /** Ends the walk: every later {@link #next()} is {@link #UNSUPPORTED} and {@link #end()} false. */
    private int unsupported()
    {
        depth = -1;
        return UNSUPPORTED;
    }

    /**
     * After {@link #nextField()} returned {@link #OTHER}: reads the value, an object (entered,
     * {@link #OBJECT}) or an integer ({@link #INTEGER}), else {@link #UNSUPPORTED}.
     */
    public int readValue()
    {
        return depth <= 0 ? UNSUPPORTED : otherValue(position);
    }

    /** A value that is not a string, at {@code start}: an object (entered) or an integer, else {@link #UNSUPPORTED}. */
    private int otherValue(final int start)
    {
        if (bytes[start] == '{')
        {
            if (depth == JsonScanner.MAX_DEPTH)
            {
                return unsupported();
            }
            depth++;
            first = true;
            valueOffset = start;
            valueLength = 0;
            position = start + 1;
            return OBJECT;
        }
        final int end = integerEnd(bytes, start, limit);
        if (end < 0)
        {
            return unsupported();
        }
        valueOffset = start;
        valueLength = end - start;
        position = end;
        return INTEGER;
    }

    /**
     * The eight bytes at {@code index}, those past the limit read as zero (not digits): the last
     * word of the text moved down when a whole word does not fit (a timestamp that ends a frame).
     * Needs {@code limit >= 8} and {@code index < limit}.
     */
    private static long wordBeforeLimit(final byte[] bytes, final int index, final int limit)
    {
        return index + Swar.WORD <= limit
            ? Swar.word(bytes, index)
            : Swar.word(bytes, limit - Swar.WORD) >>> ((index + Swar.WORD - limit) << 3);
    }

    /**
     * Index of the closing quote of a plain string whose contents start at {@code from}; -1 if an
     * escape, a control byte or the limit comes first.
     */
    private static int plainStringEnd(final byte[] bytes, final int from, final int limit)
    {
        final int lastWord = limit - Swar.WORD;
        int i = from;
        while (i <= lastWord)
        {
            final long stops = Swar.stringStopBytes(Swar.word(bytes, i));
            if (stops != 0)
            {
                final int stop = i + Swar.firstFlagged(stops);
                return bytes[stop] == '"' ? stop : -1;
            }
            i += Swar.WORD;
        }
        return plainStringEndNearLimit(bytes, i, limit);
    }

    /** {@link #plainStringEnd} for the last bytes of the text, one at a time (apart, so the word loop inlines small). */
    private static int plainStringEndNearLimit(final byte[] bytes, final int from, final int limit)
    {
        for (int i = from; i < limit; i++)
        {
            final byte c = bytes[i];
            if (c == '"')
            {
                return i;
            }
            if (c == '\\' || (c >= 0 && c < ' '))
            {
                return -1;
            }
        }
        return -1;
    }

    /**
     * End of the integer {@code -?(0|[1-9][0-9]*)} at {@code start}, which must be followed by a
     * byte that cannot continue a JSON number; -1 for any other value (fractions and exponents
     * included: the general path reads those). The accessors rely on it: a value's digits never
     * run past its end (an integer {@code 0} read from {@code 0123} would send
     * {@link #valueFixed()} past it).
     */
    private static int integerEnd(final byte[] bytes, final int start, final int limit)
    {
        int i = bytes[start] == '-' ? start + 1 : start;
        if (i >= limit)
        {
            return -1;
        }
        final byte lead = bytes[i];
        if (lead == '0')
        {
            i++;
        }
        else if (lead >= '1' && lead <= '9')
        {
            i = digitRunEnd(bytes, i + 1, limit);
        }
        else
        {
            return -1;
        }
        if (i >= limit)
        {
            return -1;
        }
        final byte after = bytes[i];
        return after == '.' || after == 'e' || after == 'E' || (after >= '0' && after <= '9') ? -1 : i;
    }

    private static int digitRunEnd(final byte[] bytes, final int from, final int limit)
    {
        final int lastWord = limit - Swar.WORD;
        int i = from;
        while (i <= lastWord)
        {
            final long nonDigits = Swar.nonDigitBytes(Swar.word(bytes, i));
            if (nonDigits != 0)
            {
                return i + Swar.firstFlagged(nonDigits);
            }
            i += Swar.WORD;
        }
        while (i < limit && bytes[i] >= '0' && bytes[i] <= '9')
        {
            i++;
        }
        return i;
    }
}
