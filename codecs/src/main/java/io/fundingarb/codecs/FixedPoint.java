package io.fundingarb.codecs;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Engine-wide fixed-point decimals: prices, sizes and rates are a {@code long} mantissa at scale
 * 1e-9 (SBE {@code Decimal64} with a fixed exponent of -9; NautilusTrader's raw {@code i64}).
 * The range is +/-9,223,372,036.854775807; {@link #NULL} ({@link Long#MIN_VALUE}) is never a value.
 *
 * <p>Parsing and formatting are static, allocation free and exact: parse rounds digits beyond the
 * ninth decimal half-even using every remaining digit, and {@link #format(long, MutableDirectBuffer, int)}
 * writes the shortest exact decimal, so {@code parse(format(v)) == v} for every value.
 * Failure (syntax, overflow, {@link #NULL} input) is the {@link #NULL} return value, never an
 * exception.
 *
 * <p>Accepted syntax: {@code [+-]? digits* ('.' digits*)? ([eE] [+-]? digits+)?} with at least one
 * mantissa digit, e.g. {@code "0.00038167"}, {@code "-0.005"}, {@code "1.25e-05"}, {@code ".5"},
 * {@code "5."}, {@code "1E+3"}. Exponents of any size are accepted ({@code "1e-400"} is 0,
 * {@code "0e999"} is 0, {@code "1e400"} overflows).
 */
public final class FixedPoint
{
    /** Decimal places of the scale. */
    public static final int DECIMALS = 9;

    /** Raw units per 1.0. */
    public static final long SCALE = 1_000_000_000L;

    /** "Not known" in events, and the error result of parse and arithmetic. Never a valid value. */
    public static final long NULL = Long.MIN_VALUE;

    /** The text {@link #format(long, MutableDirectBuffer, int)} writes for {@link #NULL}. */
    public static final String NULL_TEXT = "null";

    /** Longest text {@link #format(long, MutableDirectBuffer, int)} writes: "-9223372036.854775807". */
    public static final int MAX_FORMAT_LENGTH = 21;

    /** Significant digits kept exactly while parsing; 19 digits fit an unsigned long. */
    private static final int MAX_SIGNIFICAND_DIGITS = 19;

    /** Exponents are saturated here: far beyond any input length, still far from long overflow. */
    /** Longest text {@link #parseShortDecimal} can take: sign, 9 integer digits, point, 9 fraction digits. */
    private static final int MAX_SHORT_DECIMAL_LENGTH = 2 + 2 * DECIMALS;

    private static final long EXPONENT_LIMIT = 1_000_000_000_000_000L;

    private static final long HALF_SCALE = SCALE / 2;

    /** 2^53: every long of at most this magnitude converts to double exactly. */
    private static final long EXACT_DOUBLE_LIMIT = 1L << 53;

    /** Largest number of whole units whose raw value fits: Long.MAX_VALUE / SCALE. */
    private static final long MAX_UNITS = Long.MAX_VALUE / SCALE;

    private static final long[] POWERS_OF_TEN =
    {
        1L,
        10L,
        100L,
        1_000L,
        10_000L,
        100_000L,
        1_000_000L,
        10_000_000L,
        100_000_000L,
        1_000_000_000L,
        10_000_000_000L,
        100_000_000_000L,
        1_000_000_000_000L,
        10_000_000_000_000L,
        100_000_000_000_000L,
        1_000_000_000_000_000L,
        10_000_000_000_000_000L,
        100_000_000_000_000_000L,
        1_000_000_000_000_000_000L,
    };

    private FixedPoint()
    {
    }

    /**
     * Parses an ASCII decimal from a buffer, e.g. a JSON field value in a received frame.
     *
     * @param buffer holding the text.
     * @param offset of the first character.
     * @param length of the text in characters.
     * @return the value at scale {@link #SCALE}, or {@link #NULL} on a syntax error or overflow.
     */
    public static long parse(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] array = buffer.byteArray();
        if (null != array && offset >= 0 && length <= buffer.capacity() - offset)
        {
            // A heap buffer and the text lies inside it: the byte[] loop, whose array range checks
            // the JIT hoists, instead of one buffer bounds check per byte (~1/3 of the time).
            return parse(array, buffer.wrapAdjustment() + offset, length);
        }

        if (length <= 0)
        {
            return NULL;
        }

        final int end = offset + length;
        int i = offset;
        final int first = buffer.getByte(offset);
        final boolean negative = '-' == first;
        if (negative || '+' == first)
        {
            i++;
        }

        final int mantissaStart = i;
        while (i < end && '0' == buffer.getByte(i))
        {
            i++;
        }

        final int integerStart = i;
        long significand = 0;
        int kept = 0;
        int roundDigit = -1;
        int sticky = 0;
        for (; i < end; i++)
        {
            final int digit = buffer.getByte(i) - '0';
            if (digit < 0 || digit > 9)
            {
                break;
            }

            if (kept < MAX_SIGNIFICAND_DIGITS)
            {
                significand = significand * 10 + digit;
                kept++;
            }
            else if (roundDigit < 0)
            {
                roundDigit = digit;
            }
            else
            {
                sticky |= digit;
            }
        }

        long pointPosition = i - integerStart;
        int digits = i - mantissaStart;
        if (i < end && '.' == buffer.getByte(i))
        {
            final int fractionStart = ++i;
            if (0 == kept)
            {
                while (i < end && '0' == buffer.getByte(i))
                {
                    i++;
                }
                pointPosition = fractionStart - i;
            }

            for (; i < end; i++)
            {
                final int digit = buffer.getByte(i) - '0';
                if (digit < 0 || digit > 9)
                {
                    break;
                }

                if (kept < MAX_SIGNIFICAND_DIGITS)
                {
                    significand = significand * 10 + digit;
                    kept++;
                }
                else if (roundDigit < 0)
                {
                    roundDigit = digit;
                }
                else
                {
                    sticky |= digit;
                }
            }
            digits += i - fractionStart;
        }

        if (0 == digits)
        {
            return NULL;
        }

        if (i < end)
        {
            if ('e' != (buffer.getByte(i) | 0x20) || ++i == end)
            {
                return NULL;
            }

            final int exponentSign = buffer.getByte(i);
            final boolean negativeExponent = '-' == exponentSign;
            if ((negativeExponent || '+' == exponentSign) && ++i == end)
            {
                return NULL;
            }

            long exponent = 0;
            for (; i < end; i++)
            {
                final int digit = buffer.getByte(i) - '0';
                if (digit < 0 || digit > 9)
                {
                    return NULL;
                }

                if (exponent < EXPONENT_LIMIT)
                {
                    exponent = exponent * 10 + digit;
                }
            }
            pointPosition += negativeExponent ? -exponent : exponent;
        }

        return toScale(negative, significand, kept, pointPosition + DECIMALS, roundDigit, sticky);
    }

    /**
     * Parses an ASCII decimal from a byte array.
     *
     * @param bytes holding the text.
     * @param offset of the first character.
     * @param length of the text in characters.
     * @return the value at scale {@link #SCALE}, or {@link #NULL} on a syntax error or overflow.
     */
    public static long parse(final byte[] bytes, final int offset, final int length)
    {
        if (length <= 0)
        {
            return NULL;
        }

        if (length <= MAX_SHORT_DECIMAL_LENGTH)
        {
            final long value = parseShortDecimal(bytes, offset, offset + length);
            if (NULL != value)
            {
                return value;
            }
        }

        final int end = offset + length;
        int i = offset;
        final int first = bytes[offset];
        final boolean negative = '-' == first;
        if (negative || '+' == first)
        {
            i++;
        }

        final int mantissaStart = i;
        while (i < end && '0' == bytes[i])
        {
            i++;
        }

        final int integerStart = i;
        long significand = 0;
        int kept = 0;
        int roundDigit = -1;
        int sticky = 0;
        for (; i < end; i++)
        {
            final int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9)
            {
                break;
            }

            if (kept < MAX_SIGNIFICAND_DIGITS)
            {
                significand = significand * 10 + digit;
                kept++;
            }
            else if (roundDigit < 0)
            {
                roundDigit = digit;
            }
            else
            {
                sticky |= digit;
            }
        }

        long pointPosition = i - integerStart;
        int digits = i - mantissaStart;
        if (i < end && '.' == bytes[i])
        {
            final int fractionStart = ++i;
            if (0 == kept)
            {
                while (i < end && '0' == bytes[i])
                {
                    i++;
                }
                pointPosition = fractionStart - i;
            }

            for (; i < end; i++)
            {
                final int digit = bytes[i] - '0';
                if (digit < 0 || digit > 9)
                {
                    break;
                }

                if (kept < MAX_SIGNIFICAND_DIGITS)
                {
                    significand = significand * 10 + digit;
                    kept++;
                }
                else if (roundDigit < 0)
                {
                    roundDigit = digit;
                }
                else
                {
                    sticky |= digit;
                }
            }
            digits += i - fractionStart;
        }

        if (0 == digits)
        {
            return NULL;
        }

        if (i < end)
        {
            if ('e' != (bytes[i] | 0x20) || ++i == end)
            {
                return NULL;
            }

            final int exponentSign = bytes[i];
            final boolean negativeExponent = '-' == exponentSign;
            if ((negativeExponent || '+' == exponentSign) && ++i == end)
            {
                return NULL;
            }

            long exponent = 0;
            for (; i < end; i++)
            {
                final int digit = bytes[i] - '0';
                if (digit < 0 || digit > 9)
                {
                    return NULL;
                }

                if (exponent < EXPONENT_LIMIT)
                {
                    exponent = exponent * 10 + digit;
                }
            }
            pointPosition += negativeExponent ? -exponent : exponent;
        }

        return toScale(negative, significand, kept, pointPosition + DECIMALS, roundDigit, sticky);
    }

    /**
     * The common venue form {@code -?[0-9]{1,9}(\.[0-9]{1,9})?} (at most 18 digits, so nothing can
     * overflow and nothing needs rounding) in one pass; {@link #NULL} for anything else, which the
     * general parser then handles (or rejects).
     */
    private static long parseShortDecimal(final byte[] bytes, final int offset, final int end)
    {
        int i = offset;
        final boolean negative = '-' == bytes[i];
        if (negative)
        {
            i++;
        }

        final int integerStart = i;
        long significand = 0;
        while (i < end)
        {
            final int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9)
            {
                break;
            }
            significand = significand * 10 + digit;
            i++;
        }

        final int integerDigits = i - integerStart;
        if (integerDigits == 0 || integerDigits > DECIMALS)
        {
            return NULL;
        }

        if (i == end)
        {
            return negative ? -significand * SCALE : significand * SCALE;
        }

        if ('.' != bytes[i])
        {
            return NULL;
        }

        final int fractionStart = ++i;
        while (i < end)
        {
            final int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9)
            {
                return NULL;
            }
            significand = significand * 10 + digit;
            i++;
        }

        final int fractionDigits = i - fractionStart;
        if (fractionDigits == 0 || fractionDigits > DECIMALS)
        {
            return NULL;
        }

        final long magnitude = significand * POWERS_OF_TEN[DECIMALS - fractionDigits];
        return negative ? -magnitude : magnitude;
    }

    /**
     * Parses an ASCII decimal from characters.
     *
     * @param text holding the text.
     * @param offset of the first character.
     * @param length of the text in characters.
     * @return the value at scale {@link #SCALE}, or {@link #NULL} on a syntax error or overflow.
     */
    private static long parse(final CharSequence text, final int offset, final int length)
    {
        if (length <= 0)
        {
            return NULL;
        }

        final int end = offset + length;
        int i = offset;
        final int first = text.charAt(offset);
        final boolean negative = '-' == first;
        if (negative || '+' == first)
        {
            i++;
        }

        final int mantissaStart = i;
        while (i < end && '0' == text.charAt(i))
        {
            i++;
        }

        final int integerStart = i;
        long significand = 0;
        int kept = 0;
        int roundDigit = -1;
        int sticky = 0;
        for (; i < end; i++)
        {
            final int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9)
            {
                break;
            }

            if (kept < MAX_SIGNIFICAND_DIGITS)
            {
                significand = significand * 10 + digit;
                kept++;
            }
            else if (roundDigit < 0)
            {
                roundDigit = digit;
            }
            else
            {
                sticky |= digit;
            }
        }

        long pointPosition = i - integerStart;
        int digits = i - mantissaStart;
        if (i < end && '.' == text.charAt(i))
        {
            final int fractionStart = ++i;
            if (0 == kept)
            {
                while (i < end && '0' == text.charAt(i))
                {
                    i++;
                }
                pointPosition = fractionStart - i;
            }

            for (; i < end; i++)
            {
                final int digit = text.charAt(i) - '0';
                if (digit < 0 || digit > 9)
                {
                    break;
                }

                if (kept < MAX_SIGNIFICAND_DIGITS)
                {
                    significand = significand * 10 + digit;
                    kept++;
                }
                else if (roundDigit < 0)
                {
                    roundDigit = digit;
                }
                else
                {
                    sticky |= digit;
                }
            }
            digits += i - fractionStart;
        }

        if (0 == digits)
        {
            return NULL;
        }

        if (i < end)
        {
            if ('e' != (text.charAt(i) | 0x20) || ++i == end)
            {
                return NULL;
            }

            final int exponentSign = text.charAt(i);
            final boolean negativeExponent = '-' == exponentSign;
            if ((negativeExponent || '+' == exponentSign) && ++i == end)
            {
                return NULL;
            }

            long exponent = 0;
            for (; i < end; i++)
            {
                final int digit = text.charAt(i) - '0';
                if (digit < 0 || digit > 9)
                {
                    return NULL;
                }

                if (exponent < EXPONENT_LIMIT)
                {
                    exponent = exponent * 10 + digit;
                }
            }
            pointPosition += negativeExponent ? -exponent : exponent;
        }

        return toScale(negative, significand, kept, pointPosition + DECIMALS, roundDigit, sticky);
    }

    /**
     * Parses an ASCII decimal; a convenience for configuration and tests.
     *
     * @param text holding the decimal and nothing else; {@code null} gives {@link #NULL}.
     * @return the value at scale {@link #SCALE}, or {@link #NULL} on a syntax error or overflow.
     */
    public static long parse(final CharSequence text)
    {
        return null == text ? NULL : parse(text, 0, text.length());
    }

    /**
     * {@link #parse(byte[], int, int)}, except that a decimal without an exponent beyond the range
     * saturates to {@link Long#MAX_VALUE} or {@code -Long.MAX_VALUE} (about
     * &plusmn;9.22 billion) instead of {@link #NULL}. For magnitudes with no upper bound, such as a
     * 24 h quote volume: BTCUSDT's tens of billions must still read "at least 9.22 billion" (what a
     * minimum-volume filter asks), not nothing. Syntax errors, and exponent forms that overflow,
     * are still {@link #NULL}. Allocation free.
     */
    public static long parseSaturating(final byte[] bytes, final int offset, final int length)
    {
        final long value = parse(bytes, offset, length);
        if (value != NULL || !plainDecimal(bytes, offset, length))
        {
            return value;
        }
        return bytes[offset] == '-' ? -Long.MAX_VALUE : Long.MAX_VALUE;
    }

    /** {@link #parseSaturating(byte[], int, int)} of a whole text; a convenience for start-up code and tests. */
    public static long parseSaturating(final CharSequence text)
    {
        if (null == text)
        {
            return NULL;
        }
        final byte[] bytes = new byte[text.length()];
        for (int i = 0; i < bytes.length; i++)
        {
            final char c = text.charAt(i);
            bytes[i] = c < 0x80 ? (byte)c : (byte)'?';
        }
        return parseSaturating(bytes, 0, bytes.length);
    }

    /** True if the text is a decimal without an exponent: {@code [-+]?[0-9]*(.[0-9]*)?} with a digit somewhere. */
    private static boolean plainDecimal(final byte[] bytes, final int offset, final int length)
    {
        final int end = offset + length;
        int i = offset;
        if (i < end && (bytes[i] == '-' || bytes[i] == '+'))
        {
            i++;
        }
        int digits = 0;
        boolean point = false;
        for (; i < end; i++)
        {
            final byte b = bytes[i];
            if (b >= '0' && b <= '9')
            {
                digits++;
            }
            else if (b == '.' && !point)
            {
                point = true;
            }
            else
            {
                return false;
            }
        }
        return digits > 0;
    }

    /**
     * Rounds {@code 0.d1d2...dn * 10^position} (the significand digits d1..dn being
     * {@code significand} and the dropped digits summarised by {@code roundDigit} and
     * {@code sticky}) half-even to an integer.
     *
     * @param negative     sign of the result.
     * @param significand  the first {@code kept} significant digits, unsigned; d1 is non-zero.
     * @param kept         number of digits in {@code significand}, 0 for a zero value.
     * @param position     decimal exponent of the digit string, already shifted by {@link #DECIMALS}.
     * @param roundDigit   first digit beyond {@code kept}, or -1 if there is none.
     * @param sticky       non-zero if any digit after {@code roundDigit} is non-zero.
     * @return the rounded, signed value or {@link #NULL} if its magnitude exceeds {@link Long#MAX_VALUE}.
     */
    private static long toScale(
        final boolean negative,
        final long significand,
        final int kept,
        final long position,
        final int roundDigit,
        final int sticky)
    {
        if (0 == kept || position < 0)
        {
            return 0;
        }

        long magnitude;
        if (position > kept)
        {
            if (position > MAX_SIGNIFICAND_DIGITS)
            {
                return NULL;
            }
            // kept < position <= 19, so significand < 10^18 and the product < 10^19 < 2^64.
            magnitude = significand * POWERS_OF_TEN[(int)position - kept];
        }
        else
        {
            final int dropped = kept - (int)position;
            final boolean roundUp;
            if (0 == dropped)
            {
                magnitude = significand;
                roundUp = roundDigit > 5 || (5 == roundDigit && (0 != sticky || 0 != (magnitude & 1)));
            }
            else
            {
                final long restSticky = (roundDigit > 0 ? 1 : 0) | sticky;
                final long remainder;
                final long half;
                if (dropped == MAX_SIGNIFICAND_DIGITS)
                {
                    magnitude = 0;
                    remainder = significand;
                    half = 5 * POWERS_OF_TEN[MAX_SIGNIFICAND_DIGITS - 1];
                }
                else
                {
                    final long divisor = POWERS_OF_TEN[dropped];
                    magnitude = divideUnsigned(significand, divisor);
                    remainder = significand - magnitude * divisor;
                    half = divisor >>> 1;
                }
                final int comparison = Long.compareUnsigned(remainder, half);
                roundUp = comparison > 0 ||
                    (0 == comparison && (0 != restSticky || 0 != (magnitude & 1)));
            }

            if (roundUp)
            {
                magnitude++;
            }
        }

        if (magnitude < 0)
        {
            return NULL;
        }

        return negative ? -magnitude : magnitude;
    }

    /**
     * Writes the shortest exact decimal ({@code "0.00038167"}, {@code "-5"}, {@code "61800.3"},
     * {@code "0"}) as ASCII, without exponent or trailing zeros; {@link #NULL} is written as
     * {@link #NULL_TEXT}. At most {@link #MAX_FORMAT_LENGTH} bytes are written.
     *
     * @param value  to write.
     * @param buffer to write into.
     * @param offset of the first byte.
     * @return number of bytes written.
     */
    public static int format(final long value, final MutableDirectBuffer buffer, final int offset)
    {
        if (NULL == value)
        {
            return buffer.putStringWithoutLengthAscii(offset, NULL_TEXT);
        }

        int index = offset;
        long magnitude = value;
        if (value < 0)
        {
            buffer.putByte(index++, (byte)'-');
            magnitude = -value;
        }

        final long units = magnitude / SCALE;
        int fraction = (int)(magnitude - units * SCALE);
        index += buffer.putNaturalLongAscii(index, units);
        if (0 != fraction)
        {
            int width = DECIMALS;
            while (0 == fraction % 10)
            {
                fraction /= 10;
                width--;
            }
            buffer.putByte(index++, (byte)'.');
            buffer.putNaturalPaddedIntAscii(index, width, fraction);
            index += width;
        }

        return index - offset;
    }

    /**
     * Appends the same text as {@link #format(long, MutableDirectBuffer, int)}; allocates nothing
     * beyond the growth of {@code out}.
     *
     * @param value to append.
     * @param out   to append to.
     * @return {@code out}.
     */
    public static StringBuilder appendTo(final long value, final StringBuilder out)
    {
        if (NULL == value)
        {
            return out.append(NULL_TEXT);
        }

        long magnitude = value;
        if (value < 0)
        {
            out.append('-');
            magnitude = -value;
        }

        final long units = magnitude / SCALE;
        int fraction = (int)(magnitude - units * SCALE);
        out.append(units);
        if (0 != fraction)
        {
            int width = DECIMALS;
            while (0 == fraction % 10)
            {
                fraction /= 10;
                width--;
            }
            out.append('.');
            for (int limit = (int)POWERS_OF_TEN[width - 1]; fraction < limit; limit /= 10)
            {
                out.append('0');
            }
            out.append(fraction);
        }

        return out;
    }

    /**
     * Convenience for logs, configuration and tests: allocates.
     *
     * @param value to format.
     * @return the text of {@link #format(long, MutableDirectBuffer, int)}, "null" for {@link #NULL}.
     */
    public static String toString(final long value)
    {
        return appendTo(value, new StringBuilder(MAX_FORMAT_LENGTH)).toString();
    }

    /**
     * Converts to double: correctly rounded for magnitudes up to 2^53 raw units (about 9,007,199
     * units), within one ulp above.
     *
     * @param value to convert.
     * @return the nearest double, or {@link Double#NaN} for {@link #NULL}.
     */
    public static double toDouble(final long value)
    {
        if (NULL == value)
        {
            return Double.NaN;
        }

        if (value <= EXACT_DOUBLE_LIMIT && value >= -EXACT_DOUBLE_LIMIT)
        {
            return (double)value / SCALE;
        }

        final long units = value / SCALE;
        return units + (double)(value - units * SCALE) / SCALE;
    }

    /**
     * Converts the exact value of a double to fixed point, rounded half-even to 1e-9.
     *
     * @param value to convert.
     * @return the rounded value, or {@link #NULL} for NaN, infinities and out of range values.
     */
    public static long fromDouble(final double value)
    {
        if (Double.isNaN(value) || Double.isInfinite(value))
        {
            return NULL;
        }

        final long bits = Double.doubleToRawLongBits(value);
        final int biasedExponent = (int)((bits >>> 52) & 0x7FF);
        long mantissa = bits & 0x000F_FFFF_FFFF_FFFFL;
        final int exponent;
        if (0 == biasedExponent)
        {
            exponent = -1074;
        }
        else
        {
            mantissa |= 1L << 52;
            exponent = biasedExponent - 1075;
        }

        if (0 == mantissa)
        {
            return 0;
        }

        if (exponent >= 0)
        {
            return NULL; // |value| >= 2^52 units, far beyond the range.
        }

        // |value| * SCALE = (high:low) / 2^shift exactly; (high:low) < 2^83.
        final int shift = -exponent;
        if (shift >= 84)
        {
            return 0;
        }

        final long high = Math.multiplyHigh(mantissa, SCALE);
        final long low = mantissa * SCALE;
        long magnitude;
        final int comparison;
        if (shift < 64)
        {
            if (0 != (high >>> shift))
            {
                return NULL;
            }
            magnitude = (low >>> shift) | (high << (64 - shift));
            final long remainder = low & ((1L << shift) - 1);
            comparison = Long.compareUnsigned(remainder, 1L << (shift - 1));
        }
        else
        {
            final int highShift = shift - 64;
            magnitude = high >>> highShift;
            if (0 == highShift)
            {
                comparison = Long.compareUnsigned(low, Long.MIN_VALUE);
            }
            else
            {
                final long remainderHigh = high & ((1L << highShift) - 1);
                final long halfHigh = 1L << (highShift - 1);
                comparison = remainderHigh != halfHigh ?
                    Long.compare(remainderHigh, halfHigh) : (0 == low ? 0 : 1);
            }
        }

        if (magnitude < 0)
        {
            return NULL;
        }

        if (comparison > 0 || (0 == comparison && 0 != (magnitude & 1)))
        {
            magnitude++;
            if (magnitude < 0)
            {
                return NULL;
            }
        }

        return value < 0 ? -magnitude : magnitude;
    }

    /**
     * Converts whole units, e.g. a contract count.
     *
     * @param units to convert.
     * @return {@code units * SCALE}, or {@link #NULL} on overflow.
     */
    public static long fromLong(final long units)
    {
        if (units > MAX_UNITS || units < -MAX_UNITS)
        {
            return NULL;
        }

        return units * SCALE;
    }

    /**
     * Multiplies at scale, e.g. price * quantity = notional, rounded half-even.
     *
     * @param a a fixed-point value.
     * @param b a fixed-point value.
     * @return {@code a * b} rounded half-even to 1e-9, or {@link #NULL} on overflow or a {@link #NULL} input.
     */
    public static long multiply(final long a, final long b)
    {
        if (NULL == a || NULL == b)
        {
            return NULL;
        }

        final long x = Math.abs(a);
        final long y = Math.abs(b);
        final long high = Math.multiplyHigh(x, y);
        final long low = x * y;
        if (high >= SCALE)
        {
            return NULL; // the quotient would be at least 2^64
        }

        // (high:low) / SCALE in 32-bit limbs; every partial dividend is below SCALE * 2^32 < 2^62.
        final long upper = (high << 32) | (low >>> 32);
        final long upperQuotient = upper / SCALE;
        final long lower = ((upper - upperQuotient * SCALE) << 32) | (low & 0xFFFF_FFFFL);
        final long lowerQuotient = lower / SCALE;
        final long remainder = lower - lowerQuotient * SCALE;
        if (upperQuotient >= (1L << 31))
        {
            return NULL;
        }

        long magnitude = (upperQuotient << 32) | lowerQuotient;
        if (remainder > HALF_SCALE || (HALF_SCALE == remainder && 0 != (magnitude & 1)))
        {
            magnitude++;
            if (magnitude < 0)
            {
                return NULL;
            }
        }

        return (a ^ b) < 0 ? -magnitude : magnitude;
    }

    /**
     * Divides at scale, e.g. notional / price = quantity, rounded half-even.
     *
     * @param a dividend, a fixed-point value.
     * @param b divisor, a fixed-point value.
     * @return {@code a / b} rounded half-even to 1e-9, or {@link #NULL} if {@code b == 0}, on
     * overflow or a {@link #NULL} input.
     */
    public static long divide(final long a, final long b)
    {
        if (NULL == a || NULL == b || 0 == b)
        {
            return NULL;
        }

        final long x = Math.abs(a);
        final long y = Math.abs(b);
        final long high = Math.multiplyHigh(x, SCALE);
        final long low = x * SCALE;
        long magnitude;
        final long remainder;
        if (0 == high && low >= 0)
        {
            magnitude = low / y;
            remainder = low - magnitude * y;
        }
        else
        {
            if (high >= y)
            {
                return NULL; // the quotient would be at least 2^64
            }
            magnitude = divide128(high, low, y);
            remainder = low - magnitude * y; // exact: the true remainder is below y < 2^63
        }

        if (magnitude < 0)
        {
            return NULL;
        }

        final long complement = y - remainder;
        if (remainder > complement || (remainder == complement && 0 != (magnitude & 1)))
        {
            magnitude++;
            if (magnitude < 0)
            {
                return NULL;
            }
        }

        return (a ^ b) < 0 ? -magnitude : magnitude;
    }

    /**
     * Rounds toward negative infinity to a multiple of {@code increment} (tick or lot size).
     *
     * @param value     to round.
     * @param increment positive step.
     * @return the largest multiple of {@code increment} not above {@code value}, or {@link #NULL}
     * for a {@link #NULL} value, a non-positive increment or overflow.
     */
    public static long roundDown(final long value, final long increment)
    {
        if (NULL == value || increment <= 0)
        {
            return NULL;
        }

        final long rounded = value - Math.floorMod(value, increment);
        return rounded > value ? NULL : rounded;
    }

    /**
     * Rounds toward positive infinity to a multiple of {@code increment} (tick or lot size).
     *
     * @param value     to round.
     * @param increment positive step.
     * @return the smallest multiple of {@code increment} not below {@code value}, or {@link #NULL}
     * for a {@link #NULL} value, a non-positive increment or overflow.
     */
    public static long roundUp(final long value, final long increment)
    {
        if (NULL == value || increment <= 0)
        {
            return NULL;
        }

        final long remainder = Math.floorMod(value, increment);
        if (0 == remainder)
        {
            return value;
        }

        final long rounded = value + (increment - remainder);
        return rounded < value ? NULL : rounded;
    }

    /**
     * Rounds to the nearest multiple of {@code increment} (tick or lot size), ties to the even
     * multiple.
     *
     * @param value     to round.
     * @param increment positive step.
     * @return the nearest multiple of {@code increment}, or {@link #NULL} for a {@link #NULL} value,
     * a non-positive increment or overflow.
     */
    public static long roundHalfEven(final long value, final long increment)
    {
        if (NULL == value || increment <= 0)
        {
            return NULL;
        }

        final long remainder = Math.floorMod(value, increment);
        final long complement = increment - remainder;
        final boolean up = remainder > complement ||
            (remainder == complement && 0 != (Math.floorDiv(value, increment) & 1));
        final long rounded = up ? value + complement : value - remainder;
        if (up ? rounded < value : rounded > value)
        {
            return NULL;
        }

        return rounded;
    }

    /**
     * Unsigned 64-bit division (Hacker's Delight 9.3), without {@link Long#divideUnsigned}'s
     * {@code BigInteger} fallback on older JDKs.
     */
    private static long divideUnsigned(final long dividend, final long divisor)
    {
        if (dividend >= 0 && divisor > 0)
        {
            return dividend / divisor;
        }

        if (divisor < 0)
        {
            return (dividend & ~(dividend - divisor)) >>> 63;
        }

        final long quotient = ((dividend >>> 1) / divisor) << 1;
        final long remainder = dividend - quotient * divisor;
        return quotient + ((remainder | ~(remainder - divisor)) >>> 63);
    }

    /**
     * Unsigned (high:low) / divisor for {@code 0 <= high < divisor <= Long.MAX_VALUE}, the quotient
     * fitting 64 bits (Hacker's Delight {@code divlu}, 32-bit digits).
     */
    private static long divide128(final long high, final long low, final long divisor)
    {
        final long base = 1L << 32;
        final int shift = Long.numberOfLeadingZeros(divisor);
        final long v = divisor << shift;
        final long vHigh = v >>> 32;
        final long vLow = v & 0xFFFF_FFFFL;
        final long u32 = (high << shift) | (0 == shift ? 0 : low >>> (64 - shift));
        final long u10 = low << shift;
        final long u1 = u10 >>> 32;
        final long u0 = u10 & 0xFFFF_FFFFL;

        long q1 = divideUnsigned(u32, vHigh);
        long rHat = u32 - q1 * vHigh;
        while (q1 >= base || Long.compareUnsigned(q1 * vLow, (rHat << 32) | u1) > 0)
        {
            q1--;
            rHat += vHigh;
            if (rHat >= base)
            {
                break;
            }
        }

        final long u21 = (u32 << 32) + u1 - q1 * v;
        long q0 = divideUnsigned(u21, vHigh);
        rHat = u21 - q0 * vHigh;
        while (q0 >= base || Long.compareUnsigned(q0 * vLow, (rHat << 32) | u0) > 0)
        {
            q0--;
            rHat += vHigh;
            if (rHat >= base)
            {
                break;
            }
        }

        return (q1 << 32) + q0;
    }
}
