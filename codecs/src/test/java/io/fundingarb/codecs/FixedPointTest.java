package io.fundingarb.codecs;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static io.fundingarb.codecs.FixedPoint.NULL;
import static io.fundingarb.codecs.FixedPoint.SCALE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FixedPointTest
{
    private static final long MAX = Long.MAX_VALUE;
    private static final long MIN = Long.MIN_VALUE + 1;

    @ParameterizedTest
    @CsvSource({
        "0.00038167, 381670",
        "-0.005, -5000000",
        "1.25e-05, 12500",
        "61800.30, 61800300000000",
        "100, 100000000000",
        "0, 0",
        "-0, 0",
        "1E+3, 1000000000000",
        "0.0000691810863830, 69181",
        "67234.50000000, 67234500000000",
        "0.0001000000000, 100000",
        "-0.00001250, -12500",
        "2.1e-4, 210000",
    })
    void shouldParseVenueStrings(final String text, final long expected)
    {
        assertThat(FixedPoint.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "-0", "+0", "0000", "0.000", "-0.0", ".0", "0.", "0e0", "-0E-5", "0e999", "0e-999" })
    void shouldParseZeroInEveryForm(final String text)
    {
        assertThat(FixedPoint.parse(text)).isZero();
    }

    @Test
    void shouldParseExplicitPlusSign()
    {
        assertThat(FixedPoint.parse("+1.5")).isEqualTo(1_500_000_000L);
    }

    @Test
    void shouldParseLeadingDecimalPoint()
    {
        assertThat(FixedPoint.parse(".5")).isEqualTo(500_000_000L);
    }

    @Test
    void shouldParseNegativeLeadingDecimalPoint()
    {
        assertThat(FixedPoint.parse("-.5")).isEqualTo(-500_000_000L);
    }

    @Test
    void shouldParseTrailingDecimalPoint()
    {
        assertThat(FixedPoint.parse("5.")).isEqualTo(5 * SCALE);
    }

    @Test
    void shouldParseAnyNumberOfLeadingZeros()
    {
        assertThat(FixedPoint.parse("000000000000000000000000061800.3")).isEqualTo(61800_300_000_000L);
    }

    @Test
    void shouldParseSmallestUnit()
    {
        assertThat(FixedPoint.parse("0.000000001")).isEqualTo(1L);
    }

    @ParameterizedTest
    @CsvSource({
        "1e3, 1000000000000",
        "1E3, 1000000000000",
        "1e+3, 1000000000000",
        "1E+03, 1000000000000",
        "1e-3, 1000000",
        "1E-3, 1000000",
        "-2.5E2, -250000000000",
        "1e-9, 1",
        "12345e-13, 1",
        "0.000001e6, 1000000000",
        "123456789012345678901234567890e-29, 1234567890",
        "5.e1, 50000000000",
        ".5e1, 5000000000",
        "1e000000000000000000000000009, 1000000000000000000",
    })
    void shouldParseExponentNotation(final String text, final long expected)
    {
        assertThat(FixedPoint.parse(text)).isEqualTo(expected);
    }

    @Test
    void shouldRoundHugeNegativeExponentToZero()
    {
        assertThat(FixedPoint.parse("1e-400")).isZero();
    }

    @Test
    void shouldOverflowOnHugePositiveExponent()
    {
        assertThat(FixedPoint.parse("1e400")).isEqualTo(NULL);
    }

    @Test
    void shouldOverflowOnExponentBeyondLongRange()
    {
        assertThat(FixedPoint.parse("1e99999999999999999999999")).isEqualTo(NULL);
    }

    @Test
    void shouldParseZeroWithExponentBeyondLongRange()
    {
        assertThat(FixedPoint.parse("0.0e99999999999999999999999")).isZero();
    }

    @ParameterizedTest
    @CsvSource({
        "0.0000000005, 0",
        "0.0000000015, 2",
        "0.0000000025, 2",
        "0.0000000035, 4",
        "-0.0000000025, -2",
        "-0.0000000015, -2",
        "1.0000000005, 1000000000",
        "1.0000000015, 1000000002",
        "5e-10, 0",
        "15e-10, 2",
    })
    void shouldRoundTiesBeyondNinthDecimalToEven(final String text, final long expected)
    {
        assertThat(FixedPoint.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "0.00000000050001, 1",
        "0.0000000005000000000000000000000000001, 1",
        "0.0000000024999999999999999999999999999, 2",
        "-0.00000000050001, -1",
        "0.0000000004999, 0",
        "0.0000000006, 1",
        "1.2345678914, 1234567891",
        "1.2345678916, 1234567892",
    })
    void shouldRoundUsingAllDigitsBeyondNinthDecimal(final String text, final long expected)
    {
        assertThat(FixedPoint.parse(text)).isEqualTo(expected);
    }

    @Test
    void shouldRoundTieAfterTwentyKeptDigitsUsingStickyDigits()
    {
        // 19 significant digits are kept exactly; the 20th decides the tie, later ones are sticky.
        assertThat(FixedPoint.parse("1234567890.1234567885")).isEqualTo(1234567890_123456788L);
        assertThat(FixedPoint.parse("1234567890.12345678850000000000001")).isEqualTo(1234567890_123456789L);
    }

    @Test
    void shouldRoundUpTieWhenFirstDigitBeyondKeptDigitsIsNonZero()
    {
        // "0.0000000005" then 18 zeros then "1": the 20th significant digit breaks the tie.
        assertThat(FixedPoint.parse("0.000000000" + "5" + "0".repeat(18) + "1")).isEqualTo(1L);
    }

    @Test
    void shouldParseLargestValue()
    {
        assertThat(FixedPoint.parse("9223372036.854775807")).isEqualTo(MAX);
    }

    @Test
    void shouldOverflowJustAboveLargestValue()
    {
        assertThat(FixedPoint.parse("9223372036.854775808")).isEqualTo(NULL);
    }

    @Test
    void shouldOverflowWhenRoundingUpLargestValue()
    {
        assertThat(FixedPoint.parse("9223372036.8547758075")).isEqualTo(NULL);
    }

    @Test
    void shouldRoundDownToLargestValue()
    {
        assertThat(FixedPoint.parse("9223372036.8547758074999")).isEqualTo(MAX);
    }

    @Test
    void shouldParseSmallestValue()
    {
        assertThat(FixedPoint.parse("-9223372036.854775807")).isEqualTo(MIN);
    }

    @Test
    void shouldNotParseNullSentinelAsValue()
    {
        assertThat(FixedPoint.parse("-9223372036.854775808")).isEqualTo(NULL);
    }

    @ParameterizedTest
    @ValueSource(strings = { "10000000000", "-10000000000", "99999999999999999999", "9223372037", "1e10", "-1E+10" })
    void shouldOverflowBeyondRange(final String text)
    {
        assertThat(FixedPoint.parse(text)).isEqualTo(NULL);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", " 1", "1 ", "NaN", "nan", "Infinity", "-Infinity", "inf", "1.2.3", "--1", "+-1", "-+1", "++1",
        "1e", "1E", "1e+", "1e-", "1e+-1", "1e1.5", "1ee1", ".", "-", "+", "-.", ".e1", "e1", "-e1", "0x10", "1x",
        "1,5", "1_000", "\"1\"", "1f", "1d", "1L", "12a", "null", "true", "١", "1e١",
    })
    void shouldReturnNullOnInvalidSyntax(final String text)
    {
        assertThat(FixedPoint.parse(text)).isEqualTo(NULL);
    }

    @Test
    void shouldReturnNullForNullText()
    {
        assertThat(FixedPoint.parse((CharSequence)null)).isEqualTo(NULL);
    }

    @Test
    void shouldParseFromDirectBufferAtOffset()
    {
        final byte[] frame = "{\"fundingRate\":\"-0.00038167\",\"x\":1}".getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);

        assertThat(FixedPoint.parse(buffer, 16, 11)).isEqualTo(-381670L);
    }

    @Test
    void shouldParseFromDirectBufferAtOffsetWithinWrappedSlice()
    {
        final byte[] frame = "xx[61800.30]".getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer buffer = new UnsafeBuffer(frame, 2, 10);

        assertThat(FixedPoint.parse(buffer, 1, 8)).isEqualTo(61800_300_000_000L);
    }

    @Test
    void shouldNotReadPastWrappedSliceIntoBackingArray()
    {
        final byte[] frame = "xx1234567".getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer buffer = new UnsafeBuffer(frame, 2, 3);

        assertThatThrownBy(() -> FixedPoint.parse(buffer, 0, 5)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shouldParseFromOffHeapDirectBuffer()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(32));
        buffer.putStringWithoutLengthAscii(5, "1.25e-05,");

        assertThat(FixedPoint.parse(buffer, 5, 8)).isEqualTo(12500L);
    }

    @Test
    void shouldParseFromByteArrayAtOffset()
    {
        final byte[] frame = "[\"1E+3\"]".getBytes(StandardCharsets.US_ASCII);

        assertThat(FixedPoint.parse(frame, 2, 4)).isEqualTo(1000 * SCALE);
    }

    @Test
    void shouldNotReadBeyondLength()
    {
        final byte[] frame = "12345".getBytes(StandardCharsets.US_ASCII);

        assertThat(FixedPoint.parse(frame, 0, 2)).isEqualTo(12 * SCALE);
    }

    @Test
    void shouldReturnNullForEmptyRange()
    {
        assertThat(FixedPoint.parse(new UnsafeBuffer(new byte[4]), 2, 0)).isEqualTo(NULL);
    }

    @ParameterizedTest
    @CsvSource({
        "381670, 0.00038167",
        "-5000000000, -5",
        "61800300000000, 61800.3",
        "0, 0",
        "1, 0.000000001",
        "-1, -0.000000001",
        "1000000000, 1",
        "100000000000, 100",
        "123456789, 0.123456789",
        "9223372036854775807, 9223372036.854775807",
        "-9223372036854775807, -9223372036.854775807",
    })
    void shouldFormatShortestExactDecimal(final long value, final String expected)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[32]);

        final int length = FixedPoint.format(value, buffer, 0);

        assertThat(buffer.getStringWithoutLengthAscii(0, length)).isEqualTo(expected);
    }

    @Test
    void shouldFormatAtOffsetAndReturnLength()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[32]);
        buffer.setMemory(0, 32, (byte)'#');

        final int length = FixedPoint.format(-12500, buffer, 3);

        assertThat(length).isEqualTo(10);
        assertThat(buffer.getStringWithoutLengthAscii(0, 15)).isEqualTo("###-0.0000125##");
    }

    @Test
    void shouldFormatNullAsNullText()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8]);

        final int length = FixedPoint.format(NULL, buffer, 0);

        assertThat(buffer.getStringWithoutLengthAscii(0, length)).isEqualTo("null");
    }

    @Test
    void shouldAppendToExistingText()
    {
        final StringBuilder out = new StringBuilder("rate=");

        FixedPoint.appendTo(-381670, out);

        assertThat(out.toString()).isEqualTo("rate=-0.00038167");
    }

    @Test
    void shouldConvertNullToNullString()
    {
        assertThat(FixedPoint.toString(NULL)).isEqualTo("null");
    }

    @Test
    void shouldConvertToString()
    {
        assertThat(FixedPoint.toString(61800_300_000_000L)).isEqualTo("61800.3");
    }

    @Test
    void shouldConvertToDouble()
    {
        assertThat(FixedPoint.toDouble(381670)).isEqualTo(0.00038167);
    }

    @Test
    void shouldConvertLargeValueToNearestDouble()
    {
        assertThat(FixedPoint.toDouble(MAX)).isEqualTo(9223372036.854775807);
    }

    @Test
    void shouldConvertNullToNaN()
    {
        assertThat(FixedPoint.toDouble(NULL)).isNaN();
    }

    @Test
    void shouldConvertFromDouble()
    {
        assertThat(FixedPoint.fromDouble(0.00038167)).isEqualTo(381670L);
    }

    @Test
    void shouldConvertNegativeFromDouble()
    {
        assertThat(FixedPoint.fromDouble(-61800.3)).isEqualTo(-61800_300_000_000L);
    }

    @Test
    void shouldRoundExactDoubleTieToEven()
    {
        // 2^-10 * 1e9 = 976562.5 exactly, 3 * 2^-10 * 1e9 = 2929687.5 exactly.
        assertThat(FixedPoint.fromDouble(0x1p-10)).isEqualTo(976562L);
        assertThat(FixedPoint.fromDouble(3 * 0x1p-10)).isEqualTo(2929688L);
        assertThat(FixedPoint.fromDouble(-0x1p-10)).isEqualTo(-976562L);
    }

    @Test
    void shouldConvertTinyDoubleToZero()
    {
        assertThat(FixedPoint.fromDouble(Double.MIN_VALUE)).isZero();
        assertThat(FixedPoint.fromDouble(-0.0)).isZero();
    }

    @ParameterizedTest
    @ValueSource(doubles = { Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e10, -1e10, Double.MAX_VALUE })
    void shouldReturnNullFromDoubleOutOfRange(final double value)
    {
        assertThat(FixedPoint.fromDouble(value)).isEqualTo(NULL);
    }

    @Test
    void shouldConvertFromWholeUnits()
    {
        assertThat(FixedPoint.fromLong(-42)).isEqualTo(-42 * SCALE);
    }

    @Test
    void shouldConvertLargestWholeUnits()
    {
        assertThat(FixedPoint.fromLong(9_223_372_036L)).isEqualTo(9_223_372_036_000_000_000L);
        assertThat(FixedPoint.fromLong(-9_223_372_036L)).isEqualTo(-9_223_372_036_000_000_000L);
    }

    @Test
    void shouldReturnNullFromLongOnOverflow()
    {
        assertThat(FixedPoint.fromLong(9_223_372_037L)).isEqualTo(NULL);
        assertThat(FixedPoint.fromLong(-9_223_372_037L)).isEqualTo(NULL);
        assertThat(FixedPoint.fromLong(Long.MIN_VALUE)).isEqualTo(NULL);
    }

    @Test
    void shouldMultiplyPriceByQuantity()
    {
        assertThat(FixedPoint.multiply(FixedPoint.parse("61800.3"), FixedPoint.parse("0.25")))
            .isEqualTo(FixedPoint.parse("15450.075"));
    }

    @Test
    void shouldMultiplyWithSigns()
    {
        assertThat(FixedPoint.multiply(-2 * SCALE, 3 * SCALE)).isEqualTo(-6 * SCALE);
        assertThat(FixedPoint.multiply(-2 * SCALE, -3 * SCALE)).isEqualTo(6 * SCALE);
    }

    @Test
    void shouldRoundMultiplyHalfEven()
    {
        final long half = SCALE / 2;
        assertThat(FixedPoint.multiply(1, half)).isEqualTo(0);
        assertThat(FixedPoint.multiply(3, half)).isEqualTo(2);
        assertThat(FixedPoint.multiply(-3, half)).isEqualTo(-2);
        assertThat(FixedPoint.multiply(5, half)).isEqualTo(2);
        assertThat(FixedPoint.multiply(1, half + 1)).isEqualTo(1);
    }

    @Test
    void shouldMultiplyLargestValueByOne()
    {
        assertThat(FixedPoint.multiply(MAX, SCALE)).isEqualTo(MAX);
        assertThat(FixedPoint.multiply(MIN, SCALE)).isEqualTo(MIN);
    }

    @Test
    void shouldReturnNullOnMultiplyOverflow()
    {
        assertThat(FixedPoint.multiply(MAX, SCALE + 1)).isEqualTo(NULL);
        assertThat(FixedPoint.multiply(MAX, MAX)).isEqualTo(NULL);
        assertThat(FixedPoint.multiply(100_000 * SCALE, -100_000 * SCALE)).isEqualTo(NULL);
    }

    @Test
    void shouldReturnNullOnMultiplyWithNull()
    {
        assertThat(FixedPoint.multiply(NULL, SCALE)).isEqualTo(NULL);
        assertThat(FixedPoint.multiply(SCALE, NULL)).isEqualTo(NULL);
        assertThat(FixedPoint.multiply(NULL, 0)).isEqualTo(NULL);
    }

    @Test
    void shouldDivideNotionalByPrice()
    {
        assertThat(FixedPoint.divide(FixedPoint.parse("15450.075"), FixedPoint.parse("61800.3")))
            .isEqualTo(FixedPoint.parse("0.25"));
    }

    @Test
    void shouldRoundDivideHalfEven()
    {
        assertThat(FixedPoint.divide(1, 2 * SCALE)).isEqualTo(0);
        assertThat(FixedPoint.divide(3, 2 * SCALE)).isEqualTo(2);
        assertThat(FixedPoint.divide(-3, 2 * SCALE)).isEqualTo(-2);
        assertThat(FixedPoint.divide(SCALE, 3 * SCALE)).isEqualTo(333_333_333L);
        assertThat(FixedPoint.divide(2 * SCALE, 3 * SCALE)).isEqualTo(666_666_667L);
        assertThat(FixedPoint.divide(-2 * SCALE, 3 * SCALE)).isEqualTo(-666_666_667L);
    }

    @Test
    void shouldDivideLargeDividendExactly()
    {
        assertThat(FixedPoint.divide(MAX, MAX)).isEqualTo(SCALE);
        assertThat(FixedPoint.divide(MAX, -SCALE)).isEqualTo(MIN);
        assertThat(FixedPoint.divide(MAX - 1, 2 * SCALE)).isEqualTo((MAX - 1) / 2);
    }

    @Test
    void shouldReturnNullOnDivideByZero()
    {
        assertThat(FixedPoint.divide(SCALE, 0)).isEqualTo(NULL);
        assertThat(FixedPoint.divide(0, 0)).isEqualTo(NULL);
    }

    @Test
    void shouldReturnNullOnDivideOverflow()
    {
        assertThat(FixedPoint.divide(MAX, SCALE - 1)).isEqualTo(NULL);
        assertThat(FixedPoint.divide(MAX, 1)).isEqualTo(NULL);
        assertThat(FixedPoint.divide(10 * SCALE, 1)).isEqualTo(NULL);
    }

    @Test
    void shouldReturnNullOnDivideWithNull()
    {
        assertThat(FixedPoint.divide(NULL, SCALE)).isEqualTo(NULL);
        assertThat(FixedPoint.divide(SCALE, NULL)).isEqualTo(NULL);
    }

    @Test
    void shouldRoundDownTowardNegativeInfinity()
    {
        assertThat(FixedPoint.roundDown(1_234, 100)).isEqualTo(1_200);
        assertThat(FixedPoint.roundDown(-1_234, 100)).isEqualTo(-1_300);
        assertThat(FixedPoint.roundDown(-1_200, 100)).isEqualTo(-1_200);
    }

    @Test
    void shouldRoundUpTowardPositiveInfinity()
    {
        assertThat(FixedPoint.roundUp(1_234, 100)).isEqualTo(1_300);
        assertThat(FixedPoint.roundUp(-1_234, 100)).isEqualTo(-1_200);
        assertThat(FixedPoint.roundUp(1_200, 100)).isEqualTo(1_200);
    }

    @Test
    void shouldRoundHalfEvenToNearestMultiple()
    {
        assertThat(FixedPoint.roundHalfEven(1_249, 100)).isEqualTo(1_200);
        assertThat(FixedPoint.roundHalfEven(1_251, 100)).isEqualTo(1_300);
        assertThat(FixedPoint.roundHalfEven(-1_249, 100)).isEqualTo(-1_200);
        assertThat(FixedPoint.roundHalfEven(-1_251, 100)).isEqualTo(-1_300);
    }

    @Test
    void shouldRoundHalfEvenTiesToEvenMultiple()
    {
        assertThat(FixedPoint.roundHalfEven(1_250, 100)).isEqualTo(1_200);
        assertThat(FixedPoint.roundHalfEven(1_350, 100)).isEqualTo(1_400);
        assertThat(FixedPoint.roundHalfEven(-1_250, 100)).isEqualTo(-1_200);
        assertThat(FixedPoint.roundHalfEven(-1_350, 100)).isEqualTo(-1_400);
        assertThat(FixedPoint.roundHalfEven(-50, 100)).isEqualTo(0);
    }

    @Test
    void shouldRoundPriceToTickSize()
    {
        final long tick = FixedPoint.parse("0.1");
        assertThat(FixedPoint.roundDown(FixedPoint.parse("61800.37"), tick)).isEqualTo(FixedPoint.parse("61800.3"));
        assertThat(FixedPoint.roundUp(FixedPoint.parse("61800.31"), tick)).isEqualTo(FixedPoint.parse("61800.4"));
    }

    @Test
    void shouldReturnNullWhenRoundingNull()
    {
        assertThat(FixedPoint.roundDown(NULL, 100)).isEqualTo(NULL);
        assertThat(FixedPoint.roundUp(NULL, 100)).isEqualTo(NULL);
        assertThat(FixedPoint.roundHalfEven(NULL, 100)).isEqualTo(NULL);
    }

    @Test
    void shouldReturnNullWhenRoundingToNonPositiveIncrement()
    {
        assertThat(FixedPoint.roundDown(1_234, 0)).isEqualTo(NULL);
        assertThat(FixedPoint.roundUp(1_234, -100)).isEqualTo(NULL);
        assertThat(FixedPoint.roundHalfEven(1_234, NULL)).isEqualTo(NULL);
    }

    @Test
    void shouldReturnNullWhenRoundingBeyondRange()
    {
        assertThat(FixedPoint.roundDown(MIN, 3)).isEqualTo(NULL);
        assertThat(FixedPoint.roundUp(MAX, 2)).isEqualTo(NULL);
        assertThat(FixedPoint.roundHalfEven(MAX, 10)).isEqualTo(NULL);
        assertThat(FixedPoint.roundHalfEven(MIN, 10)).isEqualTo(NULL);
    }

    @Test
    void shouldRoundExtremesWhenMultipleFits()
    {
        assertThat(FixedPoint.roundDown(MAX, 10)).isEqualTo(MAX - 7);
        assertThat(FixedPoint.roundUp(MIN, 10)).isEqualTo(MIN + 7);
        assertThat(FixedPoint.roundDown(MAX, MAX)).isEqualTo(MAX);
        assertThat(FixedPoint.roundUp(MIN, MAX)).isEqualTo(MIN);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "61802.20", "-61802.20", "0.000", "-0", "999999999.999999999", "-999999999.999999999", "1234567890.5",
        "1.1234567891", "5.", ".5", "-", "-.", "1.2.3", "12a", "1e3", "+7.25", "000000000123.5", "0.00010000" })
    void shouldParseBytesLikeCharacters(final String text)
    {
        final byte[] bytes = ("x" + text + "x").getBytes(StandardCharsets.US_ASCII);

        assertThat(FixedPoint.parse(bytes, 1, text.length())).as(text).isEqualTo(FixedPoint.parse(text));
    }

    @Test
    void shouldSaturateAQuoteVolumeBeyondTheRangeInsteadOfLosingIt()
    {
        // BTCUSDT's 24 h quote volume on Binance is tens of billions of USDT
        assertThat(FixedPoint.parse("15000000000.25")).isEqualTo(NULL);
        assertThat(FixedPoint.parseSaturating("15000000000.25")).isEqualTo(Long.MAX_VALUE);
        assertThat(FixedPoint.parseSaturating("-15000000000")).isEqualTo(-Long.MAX_VALUE);
        assertThat(FixedPoint.parseSaturating("99999999999.")).isEqualTo(Long.MAX_VALUE);
        assertThat(FixedPoint.parseSaturating("9223372036.854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(FixedPoint.parseSaturating("-9223372036.854775808")).isEqualTo(-Long.MAX_VALUE);
        assertThat(FixedPoint.parseSaturating("1234.5")).isEqualTo(FixedPoint.parse("1234.5"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", ".", "-.", "1e30", "-1E+20", "15000000000x", "1.5.2", "0x10", " 1", "1 "})
    void shouldNotSaturateWhatIsNotAPlainDecimal(final String text)
    {
        assertThat(FixedPoint.parseSaturating(text)).as(text).isEqualTo(FixedPoint.parse(text));
    }
}
