package io.fundingarb.codecs;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

import static io.fundingarb.codecs.FixedPoint.NULL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks {@link FixedPoint} against the naive oracle, {@link BigDecimal}, on seeded random inputs
 * ({@link Gen}: a failure names the seed that reproduces it).
 */
class FixedPointPropertiesTest
{
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE + 1);
    private static final int TRIES = 1000;
    private static final String DIGITS = "0123456789";

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);

    @Test
    void shouldRoundTripFormatThroughParse()
    {
        Gen.forAll("shouldRoundTripFormatThroughParse", TRIES, g ->
        {
            final long value = values(g);

            final int length = FixedPoint.format(value, buffer, 7);

            assertThat(FixedPoint.parse(buffer, 7, length)).isEqualTo(value);
        });
    }

    @Test
    void shouldFormatLikeBigDecimalPlainString()
    {
        Gen.forAll("shouldFormatLikeBigDecimalPlainString", TRIES, g ->
        {
            final long value = values(g);

            final int length = FixedPoint.format(value, buffer, 0);

            assertThat(buffer.getStringWithoutLengthAscii(0, length)).isEqualTo(oracleFormat(value));
        });
    }

    @Test
    void shouldAppendSameTextAsFormat()
    {
        Gen.forAll("shouldAppendSameTextAsFormat", TRIES, g ->
        {
            final long value = values(g);

            final int length = FixedPoint.format(value, buffer, 0);

            assertThat(FixedPoint.appendTo(value, new StringBuilder()).toString())
                .isEqualTo(buffer.getStringWithoutLengthAscii(0, length));
        });
    }

    @Test
    void shouldParseDecimalStringsLikeBigDecimal()
    {
        Gen.forAll("shouldParseDecimalStringsLikeBigDecimal", TRIES, g ->
        {
            final String text = decimalStrings(g);

            assertThat(FixedPoint.parse(text)).isEqualTo(oracleParse(text));
        });
    }

    @Test
    void shouldParseBigDecimalToStringLikeBigDecimal()
    {
        Gen.forAll("shouldParseBigDecimalToStringLikeBigDecimal", TRIES, g ->
        {
            final BigDecimal value = bigDecimals(g);

            assertThat(FixedPoint.parse(value.toString())).isEqualTo(oracleParse(value));
            assertThat(FixedPoint.parse(value.toPlainString())).isEqualTo(oracleParse(value));
        });
    }

    @Test
    void shouldRejectExactlyWhatBigDecimalRejects()
    {
        Gen.forAll("shouldRejectExactlyWhatBigDecimalRejects", TRIES, g ->
        {
            final String text = noise(g);

            assertThat(FixedPoint.parse(text)).isEqualTo(oracleParse(text));
        });
    }

    @Test
    void shouldSaturatePlainDecimalsBeyondTheRangeAndParseEverythingElseLikeParse()
    {
        Gen.forAll("shouldSaturatePlainDecimalsBeyondTheRangeAndParseEverythingElseLikeParse", TRIES, g ->
        {
            final String text = decimalStrings(g);

            final byte[] bytes = ("x" + text + "y").getBytes(StandardCharsets.US_ASCII);

            assertThat(FixedPoint.parseSaturating(text)).isEqualTo(oracleSaturating(text));
            assertThat(FixedPoint.parseSaturating(bytes, 1, text.length())).isEqualTo(oracleSaturating(text));
        });
    }

    @Test
    void shouldSaturateNoiseOnlyWhereItIsAPlainDecimal()
    {
        Gen.forAll("shouldSaturateNoiseOnlyWhereItIsAPlainDecimal", TRIES, g ->
        {
            final String text = noise(g);

            assertThat(FixedPoint.parseSaturating(text)).isEqualTo(oracleSaturating(text));
        });
    }

    @Test
    void shouldParseSameValueFromEverySource()
    {
        Gen.forAll("shouldParseSameValueFromEverySource", TRIES, g ->
        {
            final String text = decimalStrings(g);

            final byte[] bytes = ("\"" + text + "\"").getBytes(StandardCharsets.US_ASCII);
            final UnsafeBuffer offHeap = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(bytes.length));
            offHeap.putBytes(0, bytes);
            final long expected = FixedPoint.parse(text);

            assertThat(FixedPoint.parse(bytes, 1, text.length())).isEqualTo(expected);
            assertThat(FixedPoint.parse(new UnsafeBuffer(bytes), 1, text.length())).isEqualTo(expected);
            assertThat(FixedPoint.parse(offHeap, 1, text.length())).isEqualTo(expected);
        });
    }

    @Test
    void shouldMultiplyLikeBigDecimal()
    {
        Gen.forAll("shouldMultiplyLikeBigDecimal", TRIES, g ->
        {
            final long a = operands(g);
            final long b = operands(g);

            final long expected = NULL == a || NULL == b ? NULL :
                inRange(decimal(a).multiply(decimal(b)).setScale(FixedPoint.DECIMALS, RoundingMode.HALF_EVEN).unscaledValue());

            assertThat(FixedPoint.multiply(a, b)).isEqualTo(expected);
        });
    }

    @Test
    void shouldDivideLikeBigDecimal()
    {
        Gen.forAll("shouldDivideLikeBigDecimal", TRIES, g ->
        {
            final long a = operands(g);
            final long b = operands(g);

            final long expected = NULL == a || NULL == b || 0 == b ? NULL :
                inRange(decimal(a).divide(decimal(b), FixedPoint.DECIMALS, RoundingMode.HALF_EVEN).unscaledValue());

            assertThat(FixedPoint.divide(a, b)).isEqualTo(expected);
        });
    }

    @Test
    void shouldConvertFromDoubleLikeBigDecimal()
    {
        Gen.forAll("shouldConvertFromDoubleLikeBigDecimal", TRIES, g ->
        {
            final double value = doubles(g);

            final long expected = Double.isFinite(value) ? oracleParse(new BigDecimal(value)) : NULL;

            assertThat(FixedPoint.fromDouble(value)).isEqualTo(expected);
        });
    }

    @Test
    void shouldConvertToNearestDoubleWithinOneUlp()
    {
        Gen.forAll("shouldConvertToNearestDoubleWithinOneUlp", TRIES, g ->
        {
            final long value = values(g);

            final double expected = decimal(value).doubleValue();

            assertThat(FixedPoint.toDouble(value)).isCloseTo(expected, org.assertj.core.data.Offset.offset(Math.ulp(expected)));
        });
    }

    @Test
    void shouldRoundToIncrementLikeBigDecimal()
    {
        Gen.forAll("shouldRoundToIncrementLikeBigDecimal", TRIES, g ->
        {
            final long value = values(g);
            final long increment = increments(g);

            assertThat(FixedPoint.roundDown(value, increment)).isEqualTo(oracleRound(value, increment, RoundingMode.FLOOR));
            assertThat(FixedPoint.roundUp(value, increment)).isEqualTo(oracleRound(value, increment, RoundingMode.CEILING));
            assertThat(FixedPoint.roundHalfEven(value, increment))
                .isEqualTo(oracleRound(value, increment, RoundingMode.HALF_EVEN));
        });
    }

    private static long values(final Gen g)
    {
        return g.oneOf(
            () -> nonNull(g),
            () -> g.between(-1_000_000_000_000L, 1_000_000_000_000L),
            () -> g.between(-1_000L, 1_000L),
            () -> g.ofLongs(0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE + 1, FixedPoint.SCALE, -FixedPoint.SCALE));
    }

    private static long nonNull(final Gen g)
    {
        long value;
        do
        {
            value = g.anyLong();
        }
        while (NULL == value);
        return value;
    }

    private static long operands(final Gen g)
    {
        return g.oneOf(
            () -> values(g),
            () -> g.between(-100_000_000_000_000L, 100_000_000_000_000L),
            () -> g.between(-10_000_000_000L, 10_000_000_000L),
            () -> g.between(-3_037_000_499L, 3_037_000_499L),
            () -> g.ofLongs(NULL, 0L, FixedPoint.SCALE / 2, 3 * FixedPoint.SCALE, Long.MAX_VALUE / 2));
    }

    private static long increments(final Gen g)
    {
        return g.oneOf(
            () -> g.between(1, 1_000_000_000L),
            () -> g.between(1, Long.MAX_VALUE),
            () -> g.ofLongs(1L, 2L, 10L, 100_000L, FixedPoint.SCALE));
    }

    private static double doubles(final Gen g)
    {
        return g.oneOf(
            () -> (g.unit() * 2 - 1) * Math.pow(10, g.between(-30, 300)),
            () -> new BigDecimal((g.unit() * 2 - 1) * 1e10).setScale(12, RoundingMode.HALF_EVEN).doubleValue(),
            () -> new BigDecimal((g.unit() * 2 - 1) * 1e-3).setScale(15, RoundingMode.HALF_EVEN).doubleValue(),
            () -> g.between(-1_000_000_000_000L, 1_000_000_000_000L) / 1024.0 * 1e-6,
            () -> Double.longBitsToDouble(g.anyLong()),
            () -> g.of(0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-9, 5e-10, 9.223372036854775807e9));
    }

    private static BigDecimal bigDecimals(final Gen g)
    {
        final BigInteger unscaled = g.chance(0.5)
            ? g.between(BigInteger.TEN.pow(25).negate(), BigInteger.TEN.pow(25))
            : g.between(BigInteger.valueOf(-100_000), BigInteger.valueOf(100_000));
        return new BigDecimal(unscaled, g.between(-30, 40));
    }

    private static String decimalStrings(final Gen g)
    {
        final String sign = g.of("", "", "-", "+");
        final String integer = g.string(DIGITS, 0, 22);
        final String fraction = g.oneOf(
            () -> "",
            () -> ".",
            () -> "." + g.string(DIGITS, 0, 25),
            () -> "." + g.string("05", 9, 14),
            () -> "." + g.string("00000000051", 9, 40));
        final String exponent = g.oneOf(
            () -> "",
            () -> g.of("e", "E") + g.of("", "+", "-") + g.of("", "0", "00") + g.between(0, 40),
            () -> g.of("e-400", "e400", "E+99999", "e-99999"));
        return sign + integer + fraction + exponent;
    }

    private static String noise(final Gen g)
    {
        return g.string("0123456789.-+eE x", 0, 10);
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
