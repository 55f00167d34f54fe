package io.fundingarb.codecs;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.agrona.concurrent.UnsafeBuffer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

import static io.fundingarb.codecs.FixedPoint.NULL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks {@link FixedPoint} against the naive oracle, {@link BigDecimal}.
 */
class FixedPointPropertiesTest
{
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE + 1);

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);

    @Property
    void shouldRoundTripFormatThroughParse(@ForAll("values") final long value)
    {
        final int length = FixedPoint.format(value, buffer, 7);

        assertThat(FixedPoint.parse(buffer, 7, length)).isEqualTo(value);
    }

    @Property
    void shouldFormatLikeBigDecimalPlainString(@ForAll("values") final long value)
    {
        final int length = FixedPoint.format(value, buffer, 0);

        assertThat(buffer.getStringWithoutLengthAscii(0, length)).isEqualTo(oracleFormat(value));
    }

    @Property
    void shouldAppendSameTextAsFormat(@ForAll("values") final long value)
    {
        final int length = FixedPoint.format(value, buffer, 0);

        assertThat(FixedPoint.appendTo(value, new StringBuilder()).toString())
            .isEqualTo(buffer.getStringWithoutLengthAscii(0, length));
    }

    @Property
    void shouldParseDecimalStringsLikeBigDecimal(@ForAll("decimalStrings") final String text)
    {
        assertThat(FixedPoint.parse(text)).isEqualTo(oracleParse(text));
    }

    @Property
    void shouldParseBigDecimalToStringLikeBigDecimal(@ForAll("bigDecimals") final BigDecimal value)
    {
        assertThat(FixedPoint.parse(value.toString())).isEqualTo(oracleParse(value));
        assertThat(FixedPoint.parse(value.toPlainString())).isEqualTo(oracleParse(value));
    }

    @Property
    void shouldRejectExactlyWhatBigDecimalRejects(@ForAll("noise") final String text)
    {
        assertThat(FixedPoint.parse(text)).isEqualTo(oracleParse(text));
    }

    @Property
    void shouldSaturatePlainDecimalsBeyondTheRangeAndParseEverythingElseLikeParse(@ForAll("decimalStrings") final String text)
    {
        final byte[] bytes = ("x" + text + "y").getBytes(StandardCharsets.US_ASCII);

        assertThat(FixedPoint.parseSaturating(text)).isEqualTo(oracleSaturating(text));
        assertThat(FixedPoint.parseSaturating(bytes, 1, text.length())).isEqualTo(oracleSaturating(text));
    }

    @Property
    void shouldSaturateNoiseOnlyWhereItIsAPlainDecimal(@ForAll("noise") final String text)
    {
        assertThat(FixedPoint.parseSaturating(text)).isEqualTo(oracleSaturating(text));
    }

    @Property
    void shouldParseSameValueFromEverySource(@ForAll("decimalStrings") final String text)
    {
        final byte[] bytes = ("\"" + text + "\"").getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer offHeap = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(bytes.length));
        offHeap.putBytes(0, bytes);
        final long expected = FixedPoint.parse(text);

        assertThat(FixedPoint.parse(bytes, 1, text.length())).isEqualTo(expected);
        assertThat(FixedPoint.parse(new UnsafeBuffer(bytes), 1, text.length())).isEqualTo(expected);
        assertThat(FixedPoint.parse(offHeap, 1, text.length())).isEqualTo(expected);
    }

    @Property
    void shouldMultiplyLikeBigDecimal(@ForAll("operands") final long a, @ForAll("operands") final long b)
    {
        final long expected = NULL == a || NULL == b ? NULL :
            inRange(decimal(a).multiply(decimal(b)).setScale(FixedPoint.DECIMALS, RoundingMode.HALF_EVEN).unscaledValue());

        assertThat(FixedPoint.multiply(a, b)).isEqualTo(expected);
    }

    @Property
    void shouldDivideLikeBigDecimal(@ForAll("operands") final long a, @ForAll("operands") final long b)
    {
        final long expected = NULL == a || NULL == b || 0 == b ? NULL :
            inRange(decimal(a).divide(decimal(b), FixedPoint.DECIMALS, RoundingMode.HALF_EVEN).unscaledValue());

        assertThat(FixedPoint.divide(a, b)).isEqualTo(expected);
    }

    @Property
    void shouldConvertFromDoubleLikeBigDecimal(@ForAll("doubles") final double value)
    {
        final long expected = Double.isFinite(value) ? oracleParse(new BigDecimal(value)) : NULL;

        assertThat(FixedPoint.fromDouble(value)).isEqualTo(expected);
    }

    @Property
    void shouldConvertToNearestDoubleWithinOneUlp(@ForAll("values") final long value)
    {
        final double expected = decimal(value).doubleValue();

        assertThat(FixedPoint.toDouble(value)).isCloseTo(expected, org.assertj.core.data.Offset.offset(Math.ulp(expected)));
    }

    @Property
    void shouldRoundToIncrementLikeBigDecimal(@ForAll("values") final long value, @ForAll("increments") final long increment)
    {
        assertThat(FixedPoint.roundDown(value, increment)).isEqualTo(oracleRound(value, increment, RoundingMode.FLOOR));
        assertThat(FixedPoint.roundUp(value, increment)).isEqualTo(oracleRound(value, increment, RoundingMode.CEILING));
        assertThat(FixedPoint.roundHalfEven(value, increment))
            .isEqualTo(oracleRound(value, increment, RoundingMode.HALF_EVEN));
    }

    @Provide
    Arbitrary<Long> values()
    {
        return Arbitraries.oneOf(
            Arbitraries.longs().filter(value -> NULL != value),
            Arbitraries.longs().between(-1_000_000_000_000L, 1_000_000_000_000L),
            Arbitraries.longs().between(-1_000L, 1_000L),
            Arbitraries.of(0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE + 1, FixedPoint.SCALE, -FixedPoint.SCALE));
    }

    @Provide
    Arbitrary<Long> operands()
    {
        return Arbitraries.oneOf(
            values(),
            Arbitraries.longs().between(-100_000_000_000_000L, 100_000_000_000_000L),
            Arbitraries.longs().between(-10_000_000_000L, 10_000_000_000L),
            Arbitraries.longs().between(-3_037_000_499L, 3_037_000_499L),
            Arbitraries.of(NULL, 0L, FixedPoint.SCALE / 2, 3 * FixedPoint.SCALE, Long.MAX_VALUE / 2));
    }

    @Provide
    Arbitrary<Long> increments()
    {
        return Arbitraries.oneOf(
            Arbitraries.longs().between(1, 1_000_000_000L),
            Arbitraries.longs().between(1, Long.MAX_VALUE),
            Arbitraries.of(1L, 2L, 10L, 100_000L, FixedPoint.SCALE));
    }

    @Provide
    Arbitrary<Double> doubles()
    {
        return Arbitraries.oneOf(
            Arbitraries.doubles(),
            Arbitraries.doubles().between(-1e10, 1e10).ofScale(12),
            Arbitraries.doubles().between(-1e-3, 1e-3).ofScale(15),
            Arbitraries.longs().between(-1_000_000_000_000L, 1_000_000_000_000L).map(raw -> raw / 1024.0 * 1e-6),
            Arbitraries.longs().map(Double::longBitsToDouble));
    }

    @Provide
    Arbitrary<BigDecimal> bigDecimals()
    {
        final Arbitrary<BigInteger> unscaled = Arbitraries.oneOf(
            Arbitraries.bigIntegers().between(BigInteger.TEN.pow(25).negate(), BigInteger.TEN.pow(25)),
            Arbitraries.bigIntegers().between(BigInteger.valueOf(-100_000), BigInteger.valueOf(100_000)));
        final Arbitrary<Integer> scale = Arbitraries.integers().between(-30, 40);

        return Combinators.combine(unscaled, scale).as(BigDecimal::new);
    }

    @Provide
    Arbitrary<String> decimalStrings()
    {
        final Arbitrary<String> sign = Arbitraries.of("", "", "-", "+");
        final Arbitrary<String> integer = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(22);
        final Arbitrary<String> fraction = Arbitraries.oneOf(
            Arbitraries.just(""),
            Arbitraries.just("."),
            Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(25).map(digits -> "." + digits),
            Arbitraries.strings().withChars("05").ofMinLength(9).ofMaxLength(14).map(digits -> "." + digits),
            Arbitraries.strings().withChars("00000000051").ofMinLength(9).ofMaxLength(40).map(digits -> "." + digits));
        final Arbitrary<String> exponent = Arbitraries.oneOf(
            Arbitraries.just(""),
            Combinators.combine(
                Arbitraries.of("e", "E"),
                Arbitraries.of("", "+", "-"),
                Arbitraries.integers().between(0, 40).map(String::valueOf),
                Arbitraries.of("", "0", "00"))
                .as((e, s, digits, pad) -> e + s + pad + digits),
            Arbitraries.of("e-400", "e400", "E+99999", "e-99999"));

        return Combinators.combine(sign, integer, fraction, exponent).as((s, i, f, e) -> s + i + f + e);
    }

    @Provide
    Arbitrary<String> noise()
    {
        return Arbitraries.strings().withChars("0123456789.-+eE x").ofMinLength(0).ofMaxLength(10);
    }

    private static BigDecimal decimal(final long value)
    {
        return BigDecimal.valueOf(value, FixedPoint.DECIMALS);
    }

    private static long inRange(final BigInteger raw)
    {
        return raw.compareTo(MAX) > 0 || raw.compareTo(MIN) < 0 ? NULL : raw.longValueExact();
    }

    private static long oracleRound(final long value, final long increment, final RoundingMode mode)
    {
        final BigDecimal steps = new BigDecimal(value).divide(new BigDecimal(increment), 0, mode);

        return inRange(steps.toBigIntegerExact().multiply(BigInteger.valueOf(increment)));
    }

    private static String oracleFormat(final long value)
    {
        return 0 == value ? "0" : decimal(value).stripTrailingZeros().toPlainString();
    }

    private static long oracleParse(final String text)
    {
        final BigDecimal value;
        try
        {
            value = new BigDecimal(text);
        }
        catch (final NumberFormatException ex)
        {
            return NULL;
        }

        return oracleParse(value);
    }

    /** parse, except that an exponent-free decimal BigDecimal reads clamps to [-Long.MAX_VALUE, Long.MAX_VALUE]. */
    private static long oracleSaturating(final String text)
    {
        final long parsed = oracleParse(text);
        if (parsed != NULL || text.indexOf('e') >= 0 || text.indexOf('E') >= 0)
        {
            return parsed;
        }
        final BigDecimal value;
        try
        {
            value = new BigDecimal(text);
        }
        catch (final NumberFormatException ex)
        {
            return NULL;
        }
        final BigInteger units = value.setScale(FixedPoint.DECIMALS, RoundingMode.HALF_EVEN).unscaledValue();
        return units.signum() < 0 ? -Long.MAX_VALUE : Long.MAX_VALUE;
    }

    private static long oracleParse(final BigDecimal value)
    {
        if (0 == value.signum())
        {
            return 0;
        }

        final long magnitude = (long)value.precision() - value.scale(); // value < 10^magnitude
        if (magnitude > 20)
        {
            return NULL;
        }

        if (magnitude < -FixedPoint.DECIMALS - 2)
        {
            return 0;
        }

        return inRange(value.setScale(FixedPoint.DECIMALS, RoundingMode.HALF_EVEN).unscaledValue());
    }
}
