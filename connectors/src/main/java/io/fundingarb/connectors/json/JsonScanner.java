package io.fundingarb.connectors.json;

import io.fundingarb.codecs.FixedPoint;
import org.agrona.DirectBuffer;

/**
 * An allocation-free forward cursor over one JSON text held in a {@link DirectBuffer}: the
 * venue parsers walk a received frame in place with it, one field at a time, and skip what they
 * do not need.
 *
 * <p>Usage: {@link #wrap(DirectBuffer, int, int)}, then {@link #beginObject()} and a loop of
 * {@link #nextField()} (the field name is then available through {@link #nameEquals(byte[])}),
 * reading each value with {@link #readString()}, {@link #readNumber()}, {@link #readScalar()},
 * {@link #beginObject()}, {@link #beginArray()} or {@link #skipValue()}. Every field's value must
 * be consumed before the next {@link #nextField()}; arrays are walked with
 * {@link #nextElement()}. {@link #end()} checks that nothing but whitespace follows the root.
 *
 * <p>The grammar is checked strictly (RFC 8259: literals, number syntax, string escapes,
 * unescaped control characters, commas and colons, nesting up to {@link #MAX_DEPTH}), including
 * inside skipped values. UTF-8 sequences are not validated. Malformed input never throws: the
 * method returns {@code false} and {@link #error()} stays set until the next wrap, so a parser
 * can check it once at the end of a frame.
 *
 * <p>String values are exposed as the raw bytes between the quotes; {@link #valueEscaped()}
 * says whether they contain escapes (which the venue parsers treat as a mismatch).
 *
 * <p>The bytes are read from a {@code byte[]}, never through {@link DirectBuffer#getByte(int)}
 * (whose bounds check per byte cost as much as the scan itself): a heap buffer's own array when
 * it has one, else (a direct buffer, e.g. a Netty frame) a copy of the text in a scratch array
 * owned by the scanner, grown to the largest text seen. Every read is guarded by the scanner's
 * own {@code position < limit} tests. Offsets returned ({@link #position()},
 * {@link #valueOffset()}, {@link #nameOffset()}) are always in the wrapped buffer's coordinates.
 */
public final class JsonScanner
{
    /** Deepest nesting of objects and arrays accepted. */
    public static final int MAX_DEPTH = 64;

    /** Value types returned by {@link #peek()} and {@link #valueType()}. */
    public static final int NONE = 0;
    public static final int STRING = 1;
    public static final int NUMBER = 2;
    public static final int OBJECT = 3;
    public static final int ARRAY = 4;
    public static final int TRUE = 5;
    public static final int FALSE = 6;
    public static final int NULL = 7;

    /** Returned by {@link #valueLong()} when the value is not an integer that fits a long. */
    public static final long NULL_LONG = Long.MIN_VALUE;

    private static final byte[] TRUE_TEXT = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE_TEXT = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL_TEXT = {'n', 'u', 'l', 'l'};

    private static final byte[] EMPTY = new byte[0];
    private static final int INITIAL_SCRATCH_BYTES = 4096;


    private DirectBuffer buffer;
    /** The text: the buffer's own array or {@link #scratch}; positions below are indexes into it. */
    private byte[] bytes = EMPTY;
    /** Array index minus buffer index. */
    private int adjustment;
    private byte[] scratch;
    private int position;
    private int limit;
    private boolean error;

    /** Nesting depth; bit {@code d} of the masks describes the container at depth {@code d + 1}. */
    private int depth;
    private long objectMask;
    private long firstMask;

    private int nameOffset;
    private int nameLength;
    private int valueType;
    private int valueOffset;
    private int valueLength;
    private boolean valueEscaped;
    private boolean nameEscaped;
    private long pairFirst;
    private long pairSecond;
    /** Closing quote of the last {@link #shortDecimalString}. */
    private int decimalEnd;

    /** Starts scanning {@code length} bytes at {@code offset}. */
    public JsonScanner wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.error = length < 0 || offset < 0 || offset + length > buffer.capacity();
        if (error)
        {
            this.bytes = EMPTY;
            this.adjustment = 0;
        }
        else
        {
            final byte[] array = buffer.byteArray();
            if (null != array)
            {
                this.bytes = array;
                this.adjustment = buffer.wrapAdjustment();
            }
            else
            {
                byte[] scratch = this.scratch;
                if (null == scratch || scratch.length < length)
                {
                    scratch = new byte[Math.max(length, INITIAL_SCRATCH_BYTES)];
                    this.scratch = scratch;
                }
                buffer.getBytes(offset, scratch, 0, length);
                this.bytes = scratch;
                this.adjustment = -offset;
            }
        }
        this.position = offset + adjustment;
        this.limit = position + Math.max(0, length);
        this.depth = 0;
        this.objectMask = 0;
        this.firstMask = 0;
        this.nameOffset = 0;
        this.nameLength = 0;
        this.valueType = NONE;
        this.valueOffset = 0;
        this.valueLength = 0;
        this.valueEscaped = false;
        if (error)
        {
            this.limit = position;
        }
        return this;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    /** Offset of the next unread byte. */
    public int position()
    {
        return position - adjustment;
    }

    /** The array the text is read from (the buffer's own, or the scratch copy): for {@link CompactJsonCursor}. */
    byte[] text()
    {
        return bytes;
    }

    /** Array index of the next unread byte. */
    int textPosition()
    {
        return position;
    }

    /** Array index just past the text. */
    int textLimit()
    {
        return limit;
    }

    /** True once malformed input (or a misuse of the cursor) has been seen since the last wrap. */
    public boolean error()
    {
        return error;
    }

    /** Current nesting depth: 0 at the root. */
    public int depth()
    {
        return depth;
    }

    public int nameOffset()
    {
        return nameOffset - adjustment;
    }

    public int nameLength()
    {
        return nameLength;
    }

    /** Type of the last value read with a read method. */
    public int valueType()
    {
        return valueType;
    }

    /** Start of the last value read: a string's contents (quotes excluded), a number's text or a literal. */
    public int valueOffset()
    {
        return valueOffset - adjustment;
    }

    public int valueLength()
    {
        return valueLength;
    }

    /** True if the last string value (or field name, via {@link #nameEscaped()}) holds an escape. */
    public boolean valueEscaped()
    {
        return valueEscaped;
    }

    public boolean nameEscaped()
    {
        return nameEscaped;
    }

    /** Byte {@code index} of the current field name (raw, escapes not decoded); {@code index < nameLength()}. */
    public byte nameByte(final int index)
    {
        return bytes[nameOffset + index];
    }

    /** True if the unread text starts with {@code prefix}: a cheap look at a frame before walking it. */
    public boolean startsWith(final byte[] prefix)
    {
        return limit - position >= prefix.length && Swar.equals(bytes, position, prefix.length, prefix);
    }

    /** True if the current field name is exactly the given ASCII bytes. */
    public boolean nameEquals(final byte[] key)
    {
        return equalsBytes(nameOffset, nameLength, key);
    }

    /** True if the last value (string contents, number or literal text) is exactly the given bytes. */
    public boolean valueEquals(final byte[] bytes)
    {
        return equalsBytes(valueOffset, valueLength, bytes);
    }

    /** True if the last value starts with the given bytes. */
    public boolean valueStartsWith(final byte[] prefix)
    {
        if (valueLength < prefix.length)
        {
            return false;
        }
        final byte[] bytes = this.bytes;
        final int offset = valueOffset;
        for (int i = 0; i < prefix.length; i++)
        {
            if (bytes[offset + i] != prefix[i])
            {
                return false;
            }
        }
        return true;
    }

    /** Index of the last {@code b} in the last value, in buffer coordinates, or -1. */
    public int valueLastIndexOf(final byte b)
    {
        final byte[] bytes = this.bytes;
        for (int i = valueOffset + valueLength - 1; i >= valueOffset; i--)
        {
            if (bytes[i] == b)
            {
                return i - adjustment;
            }
        }
        return -1;
    }

    /** The value of the last value's bytes in {@code map} (see {@link AsciiSymbolMap#get(byte[], int, int)}). */
    public int valueLookup(final AsciiSymbolMap map)
    {
        return map.get(bytes, valueOffset, valueLength);
    }

    /** The value in {@code map} of the last value's bytes from buffer offset {@code from} to its end. */
    public int valueSuffixLookup(final AsciiSymbolMap map, final int from)
    {
        final int start = from + adjustment;
        return map.get(bytes, start, valueOffset + valueLength - start);
    }

    private boolean equalsBytes(final int offset, final int length, final byte[] key)
    {
        return Swar.equals(bytes, offset, length, key);
    }

    /**
     * The last value (a string's contents or a number) as a fixed-point decimal at scale 1e-9, or
     * {@link FixedPoint#NULL} if it is not a decimal (empty string, escaped, null, overflow).
     */
    public long valueFixed()
    {
        if ((valueType != STRING && valueType != NUMBER) || valueEscaped)
        {
            return FixedPoint.NULL;
        }
        return FixedPoint.parse(bytes, valueOffset, valueLength);
    }

    /**
     * {@link #valueFixed()}, except that a plain decimal beyond the fixed-point range saturates
     * (see {@link FixedPoint#parseSaturating(byte[], int, int)}): for unbounded magnitudes such as a
     * 24 h quote volume. Callers take it only where {@link #valueFixed()} said {@link FixedPoint#NULL}.
     */
    public long valueFixedSaturating()
    {
        if ((valueType != STRING && valueType != NUMBER) || valueEscaped)
        {
            return FixedPoint.NULL;
        }
        return FixedPoint.parseSaturating(bytes, valueOffset, valueLength);
    }

    /**
     * The last value (a number or a string's contents) as a plain integer ({@code -?digits}), or
     * {@link #NULL_LONG} if it is anything else or overflows.
     */
    public long valueLong()
    {
        if ((valueType != STRING && valueType != NUMBER) || valueEscaped)
        {
            return NULL_LONG;
        }
        return parseLong(bytes, valueOffset, valueLength);
    }

    /**
     * The last string value with its escapes decoded (UTF-8), or the text of a number or literal.
     * Allocates: for start-up code and tools, never the hot path.
     */
    public String valueToString()
    {
        return decode(bytes, valueOffset, valueLength, valueType == STRING && valueEscaped);
    }

    /** The current field name with its escapes decoded. Allocates: start-up code and tools only. */
    public String nameToString()
    {
        return decode(bytes, nameOffset, nameLength, nameEscaped);
    }

    private static String decode(final byte[] text, final int offset, final int length, final boolean escaped)
    {
        final byte[] bytes = java.util.Arrays.copyOfRange(text, offset, offset + length);
        if (!escaped)
        {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        final StringBuilder out = new StringBuilder(length);
        int runStart = 0;
        int i = 0;
        while (i < length)
        {
            if (bytes[i] != '\\')
            {
                i++;
                continue;
            }
            out.append(new String(bytes, runStart, i - runStart, java.nio.charset.StandardCharsets.UTF_8));
            final byte e = bytes[i + 1];
            switch (e)
            {
                case 'b':
                    out.append('\b');
                    break;
                case 'f':
                    out.append('\f');
                    break;
                case 'n':
                    out.append('\n');
                    break;
                case 'r':
                    out.append('\r');
                    break;
                case 't':
                    out.append('\t');
                    break;
                case 'u':
                    out.append((char)Integer.parseInt(new String(bytes, i + 2, 4, java.nio.charset.StandardCharsets.US_ASCII), 16));
                    i += 4;
                    break;
                default:
                    out.append((char)e);
                    break;
            }
            i += 2;
            runStart = i;
        }
        out.append(new String(bytes, runStart, length - runStart, java.nio.charset.StandardCharsets.UTF_8));
        return out.toString();
    }

    /** Parses {@code -?[0-9]+} that fits a long; {@link #NULL_LONG} otherwise. */
    public static long parseLong(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] array = buffer.byteArray();
        if (null != array && offset >= 0 && length <= buffer.capacity() - offset)
        {
            return parseLong(array, buffer.wrapAdjustment() + offset, length);
        }
        if (length <= 0)
        {
            return NULL_LONG;
        }
        int i = offset;
        final int end = offset + length;
        final boolean negative = buffer.getByte(i) == '-';
        if (negative)
        {
            i++;
            if (i == end)
            {
                return NULL_LONG;
            }
        }
        long value = 0;
        for (; i < end; i++)
        {
            final int digit = buffer.getByte(i) - '0';
            if (digit < 0 || digit > 9)
            {
                return NULL_LONG;
            }
            if (value > (Long.MAX_VALUE - digit) / 10)
            {
                return NULL_LONG;
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    /** Parses {@code -?[0-9]+} from a byte array that fits a long; {@link #NULL_LONG} otherwise. */
    public static long parseLong(final byte[] bytes, final int offset, final int length)
    {
        if (length <= 0)
        {
            return NULL_LONG;
        }
        int i = offset;
        final int end = offset + length;
        final boolean negative = bytes[i] == '-';
        if (negative)
        {
            i++;
            if (i == end)
            {
                return NULL_LONG;
            }
        }
        long value = 0;
        if (end - i <= 18)
        {
            // at most 18 digits: below 10^18, no overflow check needed
            for (; i < end; i++)
            {
                final int digit = bytes[i] - '0';
                if (digit < 0 || digit > 9)
                {
                    return NULL_LONG;
                }
                value = value * 10 + digit;
            }
            return negative ? -value : value;
        }
        for (; i < end; i++)
        {
            final int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9)
            {
                return NULL_LONG;
            }
            if (value > (Long.MAX_VALUE - digit) / 10)
            {
                return NULL_LONG;
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    /** The type of the next value without consuming it: {@link #NONE} at the end or on an invalid byte. */
    public int peek()
    {
        skipWhitespace();
        if (error || position >= limit)
        {
            return NONE;
        }
        final byte c = bytes[position];
        switch (c)
        {
            case '"':
                return STRING;
            case '{':
                return OBJECT;
            case '[':
                return ARRAY;
            case 't':
                return TRUE;
            case 'f':
                return FALSE;
            case 'n':
                return NULL;
            default:
                return (c == '-' || (c >= '0' && c <= '9')) ? NUMBER : NONE;
        }
    }

    /** Consumes {@code '{'}; then call {@link #nextField()} until it returns false. */
    public boolean beginObject()
    {
        return begin('{', true);
    }

    /** Consumes {@code '['}; then call {@link #nextElement()} until it returns false. */
    public boolean beginArray()
    {
        return begin('[', false);
    }

    private boolean begin(final char open, final boolean object)
    {
        skipWhitespace();
        if (error || position >= limit || bytes[position] != open)
        {
            return fail();
        }
        position++;
        return push(object);
    }

    private boolean push(final boolean object)
    {
        if (depth >= MAX_DEPTH)
        {
            return fail();
        }
        final long bit = 1L << depth;
        if (object)
        {
            objectMask |= bit;
        }
        else
        {
            objectMask &= ~bit;
        }
        firstMask |= bit;
        depth++;
        return true;
    }

    /**
     * Moves to the next field of the current object: returns true with the name available and the
     * cursor on the value, or false after consuming the closing brace (or on an error).
     */
    public boolean nextField()
    {
        if (error)
        {
            return false;
        }
        if (depth == 0 || (objectMask & (1L << (depth - 1))) == 0)
        {
            return fail();
        }
        final long bit = 1L << (depth - 1);
        if (compactField(bit))
        {
            return true;
        }
        if (position < limit && bytes[position] == '}')
        {
            position++;
            depth--;
            return false;
        }
        return spacedField(bit);
    }

    /** {@link #nextField()} past its compact forms: whitespace, escaped names, the end of the text. */
    private boolean spacedField(final long bit)
    {
        skipWhitespace();
        if (position >= limit)
        {
            return fail();
        }
        byte c = bytes[position];
        if (c == '}')
        {
            position++;
            depth--;
            return false;
        }
        if ((firstMask & bit) != 0)
        {
            firstMask &= ~bit;
        }
        else
        {
            if (c != ',')
            {
                return fail();
            }
            position++;
            skipWhitespace();
            if (position >= limit)
            {
                return fail();
            }
            c = bytes[position];
        }
        if (c != '"' || !scanString())
        {
            return fail();
        }
        nameOffset = valueOffset;
        nameLength = valueLength;
        nameEscaped = valueEscaped;
        skipWhitespace();
        if (position >= limit || bytes[position] != ':')
        {
            return fail();
        }
        position++;
        skipWhitespace();
        return true;
    }

    /**
     * {@link #nextField()} for the compact form venues send, {@code ,"name":} (or {@code "name":}
     * for the first field) with a plain name and the value right after the colon: true with the
     * state exactly as the general path leaves it; false, with nothing changed, for anything else.
     */
    private boolean compactField(final long bit)
    {
        final byte[] bytes = this.bytes;
        final int limit = this.limit;
        final boolean first = (firstMask & bit) != 0;
        final int quote = first ? position : position + 1;
        if (quote + 3 >= limit || bytes[quote] != '"' || (!first && bytes[position] != ','))
        {
            return false;
        }
        final int start = quote + 1;
        final byte letter = bytes[start];
        int i;
        if (bytes[start + 1] == '"' && letter > '"' && letter != '\\')
        {
            // a one-letter name (Binance's event fields)
            i = start + 1;
        }
        else
        {
            // stops at the closing quote, else at an escape, a control byte or near the limit: general path
            i = skipPlainText(start);
        }
        if (i + 2 >= limit || bytes[i] != '"' || bytes[i + 1] != ':' || bytes[i + 2] <= ' ')
        {
            return false;
        }
        firstMask &= ~bit;
        valueType = STRING;
        valueOffset = start;
        valueLength = i - start;
        valueEscaped = false;
        nameOffset = start;
        nameLength = i - start;
        nameEscaped = false;
        position = i + 2;
        return true;
    }

    /**
     * Moves to the next element of the current array: true with the cursor on the element, or
     * false after consuming the closing bracket (or on an error).
     */
    public boolean nextElement()
    {
        if (error)
        {
            return false;
        }
        if (depth == 0 || (objectMask & (1L << (depth - 1))) != 0)
        {
            return fail();
        }
        skipWhitespace();
        if (position >= limit)
        {
            return fail();
        }
        final long bit = 1L << (depth - 1);
        final byte c = bytes[position];
        if (c == ']')
        {
            position++;
            depth--;
            return false;
        }
        if ((firstMask & bit) != 0)
        {
            firstMask &= ~bit;
        }
        else
        {
            if (c != ',')
            {
                return fail();
            }
            position++;
            skipWhitespace();
        }
        return true;
    }

    /** Reads a string value; its contents are then {@link #valueOffset()}/{@link #valueLength()}. */
    public boolean readString()
    {
        skipWhitespace();
        if (error || position >= limit || bytes[position] != '"')
        {
            return fail();
        }
        return scanString();
    }

    /** Reads a number value; its text is then {@link #valueOffset()}/{@link #valueLength()}. */
    public boolean readNumber()
    {
        skipWhitespace();
        return !error && scanNumber();
    }

    /**
     * Exactly {@code readScalar() ? valueFixed() : FixedPoint.NULL} (the value state and any
     * error are left as {@link #readScalar()} leaves them), in one pass for the common form, a
     * string {@code "-?[0-9]{1,9}(.[0-9]{1,9})?"}: price and size fields are scanned and
     * converted together instead of validated as a string and then parsed.
     *
     * @return the value at scale 1e-9; {@link FixedPoint#NULL} if it is not a decimal or on a
     * syntax error ({@link #error()} then says which).
     */
    public long readFixed()
    {
        skipWhitespace();
        if (!error)
        {
            final int quote = position;
            final long value = shortDecimalStringWordWise(quote);
            if (value != FixedPoint.NULL)
            {
                valueType = STRING;
                valueOffset = quote + 1;
                valueLength = decimalEnd - quote - 1;
                valueEscaped = false;
                position = decimalEnd + 1;
                return value;
            }
        }
        return readScalar() ? valueFixed() : FixedPoint.NULL;
    }

    /**
     * Exactly {@code readScalar() ? valueLong() : NULL_LONG} (the value state and any error are
     * left as {@link #readScalar()} leaves them), in one pass, eight digits at a time, for the
     * common form: a number or a string of 1 to 15 digits, optionally negative (timestamps and
     * update ids). Anything else takes the general path.
     *
     * @return the value; {@link #NULL_LONG} if it is not an integer or on a syntax error
     * ({@link #error()} then says which).
     */
    public long readLong()
    {
        skipWhitespace();
        if (!error)
        {
            final long value = shortInteger(position);
            if (value != NULL_LONG)
            {
                return value;
            }
        }
        return readScalar() ? valueLong() : NULL_LONG;
    }

    /**
     * The integer at {@code start} in the form {@link #readLong()} takes in one pass, with the
     * value state set and the cursor after it; {@link #NULL_LONG} with nothing changed for
     * anything else (or too close to the limit for word reads).
     */
    private long shortInteger(final int start)
    {
        final byte[] bytes = this.bytes;
        final int limit = this.limit;
        if (start + 10 > limit)
        {
            return NULL_LONG;
        }
        final boolean quoted = bytes[start] == '"';
        int i = quoted ? start + 1 : start;
        final boolean negative = bytes[i] == '-';
        if (negative)
        {
            i++;
        }
        final long first = Swar.word(bytes, i);
        final int firstDigits = Long.numberOfTrailingZeros(Swar.nonDigitBytes(first)) >>> 3;
        if (firstDigits == 0 || (!quoted && bytes[i] == '0' && firstDigits > 1))
        {
            return NULL_LONG;
        }
        long value;
        int end;
        if (firstDigits < 8)
        {
            value = Swar.digitValue(first, firstDigits);
            end = i + firstDigits;
        }
        else
        {
            final int next = i + 8;
            final long second;
            if (next + 8 <= limit)
            {
                second = Swar.word(bytes, next);
            }
            else
            {
                // the last word of the text, moved down: zero bytes (not digits) come in above the limit
                second = Swar.word(bytes, limit - 8) >>> ((next + 8 - limit) << 3);
            }
            final int secondDigits = Long.numberOfTrailingZeros(Swar.nonDigitBytes(second)) >>> 3;
            if (secondDigits == 8)
            {
                return NULL_LONG;
            }
            value = Swar.digitValue(first, 8);
            if (secondDigits > 0)
            {
                value = value * Swar.POWERS_OF_TEN[secondDigits] + Swar.digitValue(second, secondDigits);
            }
            end = next + secondDigits;
        }
        if (end >= limit)
        {
            return NULL_LONG;
        }
        final byte terminator = bytes[end];
        if (quoted ? terminator != '"' : (terminator == '.' || terminator == 'e' || terminator == 'E'))
        {
            return NULL_LONG;
        }
        valueType = quoted ? STRING : NUMBER;
        valueOffset = quoted ? start + 1 : start;
        valueLength = end - valueOffset;
        valueEscaped = false;
        position = quoted ? end + 1 : end;
        return negative ? -value : value;
    }

    /**
     * The book level form {@code ["price","size"]} (no whitespace, both in the form
     * {@link #readFixed()} converts in one pass) at the cursor, consumed in one go: true with
     * {@link #pairFirst()} and {@link #pairSecond()} set and the scanner left exactly as
     * {@code beginArray}, two {@code nextElement}/{@code readFixed} and the closing
     * {@code nextElement} would leave it. False, with nothing consumed and nothing changed,
     * for anything else: the caller then walks the element with the general methods.
     */
    public boolean readDecimalPair()
    {
        final byte[] bytes = this.bytes;
        final int limit = this.limit;
        final int open = position;
        if (error || depth >= MAX_DEPTH || open >= limit || bytes[open] != '[')
        {
            return false;
        }
        final long first = shortDecimalStringWordWise(open + 1);
        if (first == FixedPoint.NULL)
        {
            return false;
        }
        final int comma = decimalEnd + 1;
        if (comma >= limit || bytes[comma] != ',')
        {
            return false;
        }
        final long second = shortDecimalStringWordWise(comma + 1);
        if (second == FixedPoint.NULL)
        {
            return false;
        }
        final int close = decimalEnd + 1;
        if (close >= limit || bytes[close] != ']')
        {
            return false;
        }
        final long bit = 1L << depth;
        objectMask &= ~bit;
        firstMask &= ~bit;
        valueType = STRING;
        valueOffset = comma + 2;
        valueLength = decimalEnd - comma - 2;
        valueEscaped = false;
        position = close + 1;
        pairFirst = first;
        pairSecond = second;
        return true;
    }

    /**
     * A whole array of book levels in {@link #readDecimalPair()}'s form
     * ({@code ["price","size"]}, no whitespace), just after {@link #beginArray()} entered it: each
     * level written into {@code levels} as two little-endian longs, price then size, at 16-byte
     * steps from index 0, at most {@code capacity} levels. Returns the number of levels with the
     * array consumed, the scanner left as the element-by-element walk ({@code nextElement},
     * {@code readDecimalPair}, ..., the closing {@code nextElement}) would leave it; or -1 with
     * the cursor not moved and nothing else changed (but {@code levels}) if any element is in
     * another form, whitespace comes between them, or there are more than {@code capacity}:
     * the caller then walks the array element by element.
     */
    public int readDecimalPairs(final byte[] levels, final int capacity)
    {
        final byte[] bytes = this.bytes;
        final int limit = this.limit;
        int p = position;
        if (error || depth == 0 || depth >= MAX_DEPTH || (objectMask & (1L << (depth - 1))) != 0
            || (firstMask & (1L << (depth - 1))) == 0 || p >= limit)
        {
            return -1;
        }
        int n = 0;
        int close = p - 1;
        int sizeQuote = -1;
        byte next = bytes[p];
        // one level per turn, the state kept in locals and stored once at the end
        while (next != ']')
        {
            if (n == capacity || p >= limit || bytes[p] != '[')
            {
                return -1;
            }
            final long price = shortDecimalStringWordWise(p + 1);
            final int comma = decimalEnd + 1;
            if (price == FixedPoint.NULL || comma >= limit || bytes[comma] != ',')
            {
                return -1;
            }
            final long size = shortDecimalStringWordWise(comma + 1);
            close = decimalEnd + 1;
            if (size == FixedPoint.NULL || close + 1 >= limit || bytes[close] != ']')
            {
                return -1;
            }
            Swar.putWord(levels, n << 4, price);
            Swar.putWord(levels, (n << 4) + Swar.WORD, size);
            n++;
            sizeQuote = comma + 1;
            next = bytes[close + 1];
            if (next != ',' && next != ']')
            {
                return -1;
            }
            p = close + 2;
        }
        final long bit = 1L << (depth - 1);
        if (n > 0)
        {
            // the last size, as readDecimalPair leaves it (the masks one level deeper are set
            // afresh by the next array or object opened there)
            firstMask &= ~bit;
            valueType = STRING;
            valueOffset = sizeQuote + 1;
            valueLength = close - sizeQuote - 2;
            valueEscaped = false;
            position = close + 2;
        }
        else
        {
            position = p + 1;
        }
        depth--;
        return n;
    }

    private static final byte[] LEVEL_N = {'{', '"', 'n', '"', ':'};
    private static final byte[] LEVEL_PX = {',', '"', 'p', 'x', '"', ':'};
    private static final byte[] LEVEL_SZ = {',', '"', 's', 'z', '"', ':'};
    private static final long LEVEL_N_WORD = Swar.paddedWord(LEVEL_N, 0);
    private static final long LEVEL_PX_WORD = Swar.paddedWord(LEVEL_PX, 0);
    private static final long LEVEL_SZ_WORD = Swar.paddedWord(LEVEL_SZ, 0);

    /**
     * A whole array of book levels in the object form {@code {"n":<count>,"px":"price","sz":"size"}}
     * (Hyperliquid's {@code l2Book} as it sends it: no whitespace, the members in that order, the
     * count a plain integer, the decimals in the form {@link #readFixed()} converts in one pass), just
     * after {@link #beginArray()} entered it (the count a JSON integer: no leading zero): as {@link #readDecimalPairs}, each level's price and
     * size written into {@code levels}, the count of orders dropped. Returns the number of levels
     * with the array consumed; or -1 with the cursor not moved and nothing else changed (but
     * {@code levels}) for anything else: the caller then walks the array element by element.
     */
    public int readPxSzLevels(final byte[] levels, final int capacity)
    {
        final byte[] bytes = this.bytes;
        final int limit = this.limit;
        int p = position;
        if (error || depth == 0 || (objectMask & (1L << (depth - 1))) != 0 || (firstMask & (1L << (depth - 1))) == 0 || p >= limit)
        {
            return -1;
        }
        int n = 0;
        int sizeStart = 0;
        int sizeEnd = 0;
        byte next = bytes[p];
        while (next != ']')
        {
            if (n == capacity || !matches(bytes, p, limit, LEVEL_N, LEVEL_N_WORD))
            {
                return -1;
            }
            int i = p + LEVEL_N.length;
            final int digits = i;
            while (i < limit && bytes[i] >= '0' && bytes[i] <= '9')
            {
                i++;
            }
            if (i == digits || i - digits > MAX_COUNT_DIGITS || (bytes[digits] == '0' && i - digits > 1)
                || !matches(bytes, i, limit, LEVEL_PX, LEVEL_PX_WORD))
            {
                return -1;
            }
            final long price = shortDecimalStringWordWise(i + LEVEL_PX.length);
            if (price == FixedPoint.NULL || !matches(bytes, decimalEnd + 1, limit, LEVEL_SZ, LEVEL_SZ_WORD))
            {
                return -1;
            }
            sizeStart = decimalEnd + 2 + LEVEL_SZ.length;
            final long size = shortDecimalStringWordWise(sizeStart - 1);
            sizeEnd = decimalEnd;
            final int close = decimalEnd + 1;
            if (size == FixedPoint.NULL || close + 1 >= limit || bytes[close] != '}')
            {
                return -1;
            }
            next = bytes[close + 1];
            if (next != ',' && next != ']')
            {
                return -1;
            }
            Swar.putWord(levels, n << 4, price);
            Swar.putWord(levels, (n << 4) + Swar.WORD, size);
            n++;
            p = close + 2;
        }
        if (n == 0)
        {
            p++; // the empty array's ']'
        }
        else
        {
            // the last size, as the element walk leaves it
            valueType = STRING;
            valueOffset = sizeStart;
            valueLength = sizeEnd - sizeStart;
            valueEscaped = false;
        }
        firstMask &= ~(1L << (depth - 1));
        position = p;
        depth--;
        return n;
    }

    /** A count of orders of at most this many digits (no overflow). */
    private static final int MAX_COUNT_DIGITS = 18;

    /** Whether {@code expected} (at most 8 bytes; {@code expectedWord} its padded word) is at {@code at}. */
    private static boolean matches(final byte[] bytes, final int at, final int limit, final byte[] expected, final long expectedWord)
    {
        if (at < 0 || at + expected.length > limit)
        {
            return false;
        }
        if (at + Swar.WORD <= limit)
        {
            // one word compare (the bytes after a level's member names are always there: the frame goes on)
            final long mask = Swar.lowBytes(expected.length);
            return (Swar.word(bytes, at) & mask) == expectedWord;
        }
        for (int i = 0; i < expected.length; i++)
        {
            if (bytes[at + i] != expected[i])
            {
                return false;
            }
        }
        return true;
    }

    /** The first value of the last {@link #readDecimalPair()}, at scale 1e-9. */
    public long pairFirst()
    {
        return pairFirst;
    }

    /** The second value of the last {@link #readDecimalPair()}, at scale 1e-9. */
    public long pairSecond()
    {
        return pairSecond;
    }

    /**
     * A string {@code "-?[0-9]{1,9}(.[0-9]{1,9})?"} starting at {@code quote} (at most 18 digits: no
     * overflow, no rounding, exactly what {@link FixedPoint#parse} gives for it): its value, with
     * {@link #decimalEnd} at the closing quote; {@link FixedPoint#NULL} for anything else.
     */
    private long shortDecimalString(final int quote)
    {
        final byte[] bytes = this.bytes;
        final int limit = this.limit;
        if (quote >= limit || bytes[quote] != '"')
        {
            return FixedPoint.NULL;
        }
        int i = quote + 1;
        final boolean negative = i < limit && bytes[i] == '-';
        if (negative)
        {
            i++;
        }
        final int integerStart = i;
        long significand = 0;
        int digit;
        while (i < limit && (digit = bytes[i] - '0') >= 0 && digit <= 9)
        {
            significand = significand * 10 + digit;
            i++;
        }
        final int integerDigits = i - integerStart;
        if (integerDigits == 0 || integerDigits > FixedPoint.DECIMALS || i >= limit)
        {
            return FixedPoint.NULL;
        }
        int fractionDigits = 0;
        if (bytes[i] == '.')
        {
            final int fractionStart = ++i;
            while (i < limit && (digit = bytes[i] - '0') >= 0 && digit <= 9)
            {
                significand = significand * 10 + digit;
                i++;
            }
            fractionDigits = i - fractionStart;
            if (fractionDigits == 0 || fractionDigits > FixedPoint.DECIMALS)
            {
                return FixedPoint.NULL;
            }
        }
        if (i >= limit || bytes[i] != '"')
        {
            return FixedPoint.NULL;
        }
        decimalEnd = i;
        final long magnitude = significand * Swar.POWERS_OF_TEN[FixedPoint.DECIMALS - fractionDigits];
        return negative ? -magnitude : magnitude;
    }

    /**
     * Exactly {@link #shortDecimalString}, eight bytes at a time when the text leaves room (the
     * book levels of a depth update: forty decimals a frame).
     */
    private long shortDecimalStringWordWise(final int quote)
    {
        final byte[] bytes = this.bytes;
        if (quote <= limit - 20 && bytes[quote] == '"')
        {
            final int i = bytes[quote + 1] == '-' ? quote + 2 : quote + 1;
            final long value = shortDecimalWords(i, i != quote + 1);
            if (value != FixedPoint.NULL || decimalEnd < 0)
            {
                return value;
            }
        }
        return shortDecimalString(quote);
    }

    /**
     * {@link #shortDecimalString} eight bytes at a time for digit runs of at most 8 bytes, from
     * the first digit at {@code i} (at least 18 bytes before the limit): the value with
     * {@link #decimalEnd} set; else {@link FixedPoint#NULL} with {@link #decimalEnd} -1 if the text
     * is not such a decimal, or 0 if the byte-wise loop must decide (a run of 9 digits or more).
     * The closing quote is found first, from the two words alone: where the next value starts
     * then does not wait for the digits' conversion, so consecutive decimals overlap in the CPU.
     */
    private long shortDecimalWords(final int i, final boolean negative)
    {
        final byte[] bytes = this.bytes;
        final long integerWord = Swar.word(bytes, i);
        final long firstQuotes = Swar.quoteBytes(integerWord);
        final long secondQuotes = firstQuotes != 0 ? 0 : Swar.quoteBytes(Swar.word(bytes, i + Swar.WORD));
        final int end;
        if (firstQuotes != 0)
        {
            end = i + (Long.numberOfTrailingZeros(firstQuotes) >>> 3);
        }
        else
        {
            // no quote in sixteen bytes: -1 matches no digit run (the quote is looked for at its end below)
            end = secondQuotes != 0 ? i + Swar.WORD + (Long.numberOfTrailingZeros(secondQuotes) >>> 3) : -1;
        }
        final int integerDigits = Long.numberOfTrailingZeros(Swar.nonDigitBytes(integerWord)) >>> 3;
        if (integerDigits == 0)
        {
            decimalEnd = -1;
            return FixedPoint.NULL;
        }
        long significand = Swar.digitValue(integerWord, integerDigits);
        int fractionDigits = 0;
        int stop = i + integerDigits;
        if (bytes[stop] == '.')
        {
            final long fractionWord = Swar.word(bytes, stop + 1);
            fractionDigits = Long.numberOfTrailingZeros(Swar.nonDigitBytes(fractionWord)) >>> 3;
            if (fractionDigits == 0)
            {
                decimalEnd = -1;
                return FixedPoint.NULL;
            }
            significand = significand * Swar.POWERS_OF_TEN[fractionDigits] + Swar.digitValue(fractionWord, fractionDigits);
            stop += 1 + fractionDigits;
        }
        if (stop != end)
        {
            // a closing quote past the two words (16 or 17 characters), else a ninth digit (the
            // byte-wise loop decides) or not a decimal
            final byte c = bytes[stop];
            if (c != '"')
            {
                decimalEnd = c >= '0' && c <= '9' ? 0 : -1;
                return FixedPoint.NULL;
            }
            decimalEnd = stop;
        }
        else
        {
            decimalEnd = end;
        }
        final long magnitude = significand * Swar.POWERS_OF_TEN[FixedPoint.DECIMALS - fractionDigits];
        return negative ? -magnitude : magnitude;
    }

    /**
     * From {@code i} inside a string, the index of the first quote, backslash or control byte,
     * eight bytes at a time while a whole word fits before the limit; at most the first index
     * whose word would cross the limit (the byte-wise loop goes on from there).
     */
    private int skipPlainText(final int from)
    {
        final byte[] bytes = this.bytes;
        final int lastWord = limit - Swar.WORD;
        int i = from;
        while (i <= lastWord)
        {
            final long stops = Swar.stringStopBytes(Swar.word(bytes, i));
            if (stops != 0)
            {
                return i + (Long.numberOfTrailingZeros(stops) >>> 3);
            }
            i += Swar.WORD;
        }
        return i;
    }

    /** Reads a string, number, true, false or null; {@link #valueType()} says which. */
    public boolean readScalar()
    {
        switch (peek())
        {
            case STRING:
                return scanString();
            case NUMBER:
                return scanNumber();
            case TRUE:
            case FALSE:
            case NULL:
                return scanLiteral();
            default:
                return fail();
        }
    }

    /** Skips one value of any type, checking its syntax. */
    public boolean skipValue()
    {
        if (error)
        {
            return false;
        }
        skipWhitespace();
        if (position < limit)
        {
            // the usual case, a string or a number: no container walk
            final byte c = bytes[position];
            if (c == '"')
            {
                return scanString();
            }
            if ((c >= '0' && c <= '9') || c == '-')
            {
                return scanNumber();
            }
        }
        return skipAnyValue();
    }

    /** {@link #skipValue()} for containers and literals: walks nested values to the matching close. */
    private boolean skipAnyValue()
    {
        final int baseDepth = depth;
        while (true)
        {
            // a value starts here
            final int type = peek();
            switch (type)
            {
                case STRING:
                    if (!scanString())
                    {
                        return false;
                    }
                    break;
                case NUMBER:
                    if (!scanNumber())
                    {
                        return false;
                    }
                    break;
                case TRUE:
                case FALSE:
                case NULL:
                    if (!scanLiteral())
                    {
                        return false;
                    }
                    break;
                case OBJECT:
                    position++;
                    if (!push(true))
                    {
                        return false;
                    }
                    if (nextField())
                    {
                        continue;
                    }
                    if (error)
                    {
                        return false;
                    }
                    break;
                case ARRAY:
                    position++;
                    if (!push(false))
                    {
                        return false;
                    }
                    if (nextElement())
                    {
                        continue;
                    }
                    if (error)
                    {
                        return false;
                    }
                    break;
                default:
                    return fail();
            }

            // a value ended: move to the next value of an enclosing container, or close it
            while (true)
            {
                if (depth == baseDepth)
                {
                    return true;
                }
                final boolean more = (objectMask & (1L << (depth - 1))) != 0 ? nextField() : nextElement();
                if (more)
                {
                    break;
                }
                if (error)
                {
                    return false;
                }
            }
        }
    }

    /** Checks that only whitespace follows; true if the whole text was well formed. */
    public boolean end()
    {
        skipWhitespace();
        if (position != limit || depth != 0)
        {
            fail();
        }
        return !error;
    }

    private void skipWhitespace()
    {
        final byte[] bytes = this.bytes;
        int i = position;
        final int limit = this.limit;
        while (i < limit)
        {
            final byte c = bytes[i];
            if (c > ' ' || (c != ' ' && c != '\n' && c != '\r' && c != '\t'))
            {
                break;
            }
            i++;
        }
        position = i;
    }

    private boolean fail()
    {
        error = true;
        return false;
    }

    /** At an opening quote: scans to the closing quote, validating escapes and control characters. */
    private boolean scanString()
    {
        final byte[] bytes = this.bytes;
        final int limit = this.limit;
        final int start = position + 1;
        final int end = skipPlainText(start);
        if (end < limit && bytes[end] == '"')
        {
            valueType = STRING;
            valueOffset = start;
            valueLength = end - start;
            valueEscaped = false;
            position = end + 1;
            return true;
        }
        return scanRestOfString(start, end);
    }

    /** {@link #scanString()} from {@code i}, byte by byte: escapes, control bytes, the last bytes before the limit. */
    private boolean scanRestOfString(final int start, final int from)
    {
        final byte[] bytes = this.bytes;
        final int limit = this.limit;
        int i = from;
        boolean escaped = false;
        while (true)
        {
            if (i >= limit)
            {
                return fail();
            }
            final byte c = bytes[i];
            if (c > '\\' || (c >= 0x20 && c != '"' && c != '\\'))
            {
                i++;
                continue;
            }
            if (c == '"')
            {
                break;
            }
            if (c == '\\')
            {
                escaped = true;
                if (i + 1 >= limit)
                {
                    return fail();
                }
                final byte e = bytes[i + 1];
                switch (e)
                {
                    case '"':
                    case '\\':
                    case '/':
                    case 'b':
                    case 'f':
                    case 'n':
                    case 'r':
                    case 't':
                        i += 2;
                        break;
                    case 'u':
                        if (i + 6 > limit)
                        {
                            return fail();
                        }
                        for (int k = i + 2; k < i + 6; k++)
                        {
                            if (!isHex(bytes[k]))
                            {
                                return fail();
                            }
                        }
                        i += 6;
                        break;
                    default:
                        return fail();
                }
                continue;
            }
            if (c >= 0 && c < 0x20)
            {
                return fail();
            }
            i++;
        }
        valueType = STRING;
        valueOffset = start;
        valueLength = i - start;
        valueEscaped = escaped;
        position = i + 1;
        return true;
    }

    private static boolean isHex(final byte c)
    {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?} */
    private boolean scanNumber()
    {
        final byte[] bytes = this.bytes;
        final int limit = this.limit;
        final int start = position;
        int i = start;
        if (i < limit && bytes[i] == '-')
        {
            i++;
        }
        if (i >= limit)
        {
            return fail();
        }
        byte c = bytes[i];
        if (c == '0')
        {
            i++;
        }
        else if (c >= '1' && c <= '9')
        {
            i++;
            int run = 8;
            while (run == 8 && i + 8 <= limit)
            {
                // eight bytes at a time while there is room: timestamps and ids are 12-13 digits
                run = Long.numberOfTrailingZeros(Swar.nonDigitBytes(Swar.word(bytes, i))) >>> 3;
                i += run;
            }
            while (i < limit && isDigit(bytes[i]))
            {
                i++;
            }
        }
        else
        {
            return fail();
        }
        if (i < limit && bytes[i] == '.')
        {
            i++;
            final int fractionStart = i;
            while (i < limit && isDigit(bytes[i]))
            {
                i++;
            }
            if (i == fractionStart)
            {
                return fail();
            }
        }
        if (i < limit && ((c = bytes[i]) == 'e' || c == 'E'))
        {
            i++;
            if (i < limit && ((c = bytes[i]) == '+' || c == '-'))
            {
                i++;
            }
            final int exponentStart = i;
            while (i < limit && isDigit(bytes[i]))
            {
                i++;
            }
            if (i == exponentStart)
            {
                return fail();
            }
        }
        valueType = NUMBER;
        valueOffset = start;
        valueLength = i - start;
        valueEscaped = false;
        position = i;
        return true;
    }

    private static boolean isDigit(final byte c)
    {
        return c >= '0' && c <= '9';
    }

    private boolean scanLiteral()
    {
        final byte c = bytes[position];
        final int type;
        final int length;
        if (c == 't')
        {
            type = TRUE;
            length = matches(TRUE_TEXT) ? 4 : -1;
        }
        else if (c == 'f')
        {
            type = FALSE;
            length = matches(FALSE_TEXT) ? 5 : -1;
        }
        else
        {
            type = NULL;
            length = matches(NULL_TEXT) ? 4 : -1;
        }
        if (length < 0)
        {
            return fail();
        }
        valueType = type;
        valueOffset = position;
        valueLength = length;
        valueEscaped = false;
        position += length;
        return true;
    }

    private boolean matches(final byte[] text)
    {
        if (position + text.length > limit)
        {
            return false;
        }
        for (int i = 0; i < text.length; i++)
        {
            if (bytes[position + i] != text[i])
            {
                return false;
            }
        }
        return true;
    }
}
