package io.fundingarb.connectors.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToLongFunction;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonScannerTest
{
    private final JsonScanner scanner = new JsonScanner();

    private JsonScanner wrap(final String json)
    {
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return scanner.wrap(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    private static byte[] key(final String name)
    {
        return name.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void shouldIterateFieldsAndReadValues()
    {
        wrap(" {\"s\":\"BTCUSDT\", \"r\" : \"0.00038167\",\"T\":1562306400000,\"x\":true} ");

        assertThat(scanner.beginObject()).isTrue();
        assertThat(scanner.nextField()).isTrue();
        assertThat(scanner.nameEquals(key("s"))).isTrue();
        assertThat(scanner.readString()).isTrue();
        assertThat(scanner.valueToString()).isEqualTo("BTCUSDT");
        assertThat(scanner.nextField()).isTrue();
        assertThat(scanner.readScalar()).isTrue();
        assertThat(scanner.valueFixed()).isEqualTo(381_670L);
        assertThat(scanner.nextField()).isTrue();
        assertThat(scanner.readNumber()).isTrue();
        assertThat(scanner.valueLong()).isEqualTo(1562306400000L);
        assertThat(scanner.nextField()).isTrue();
        assertThat(scanner.readScalar()).isTrue();
        assertThat(scanner.valueType()).isEqualTo(JsonScanner.TRUE);
        assertThat(scanner.nextField()).isFalse();
        assertThat(scanner.end()).isTrue();
    }

    @Test
    void shouldSkipNestedValuesOfAnyType()
    {
        wrap("{\"k\":{\"a\":[1,2,{\"b\":[[],{}]}],\"s\":\"x\\\"}]\"},\"n\":null,\"v\":-1.5e+3,\"z\":\"ok\"}");

        scanner.beginObject();
        scanner.nextField();
        assertThat(scanner.skipValue()).isTrue();
        scanner.nextField();
        assertThat(scanner.skipValue()).isTrue();
        scanner.nextField();
        assertThat(scanner.skipValue()).isTrue();
        assertThat(scanner.nextField()).isTrue();
        assertThat(scanner.nameEquals(key("z"))).isTrue();
        assertThat(scanner.readString()).isTrue();
        assertThat(scanner.nextField()).isFalse();
        assertThat(scanner.end()).isTrue();
    }

    @Test
    void shouldIterateArrays()
    {
        wrap("[[\"7.6110\",\"6\"],[\"7.6080\",\"161\"]]");

        int levels = 0;
        assertThat(scanner.beginArray()).isTrue();
        while (scanner.nextElement())
        {
            assertThat(scanner.beginArray()).isTrue();
            while (scanner.nextElement())
            {
                assertThat(scanner.readString()).isTrue();
            }
            levels++;
        }
        assertThat(levels).isEqualTo(2);
        assertThat(scanner.end()).isTrue();
    }

    @Test
    void shouldReportEscapedStringsAndDecodeThem()
    {
        wrap("\"a\\\"b\\u00e9\\n\"");

        assertThat(scanner.readString()).isTrue();
        assertThat(scanner.valueEscaped()).isTrue();
        assertThat(scanner.valueToString()).isEqualTo("a\"b\u00e9\n");
        assertThat(scanner.valueFixed()).isEqualTo(FixedPoint.NULL);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{,\"a\":1}", "{\"a\":1 \"b\":2}", "[1,]", "[,1]", "[1 2]",
        "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":tru}", "{\"a\":nul}", "{\"a\":\"x}",
        "{\"a\":\"\\x\"}", "{\"a\":\"\\u12g4\"}", "{\"a\":\"tab\there\"}", "{\"a\":1}x", "{\"a\":1}}", "[1]]", "{\"a\":[1}",
        "{\"a\":{\"b\":1]}", "{'a':1}", "{\"a\":NaN}", "{\"a\":+1}",
    })
    void shouldFlagMalformedInputWithoutThrowing(final String json)
    {
        wrap(json);

        final boolean ok = scanner.skipValue() && scanner.end();

        assertThat(ok).isFalse();
        assertThat(scanner.error()).isTrue();
    }

    @Test
    void shouldRejectNestingDeeperThanTheLimit()
    {
        final String deep = "[".repeat(JsonScanner.MAX_DEPTH + 1) + "]".repeat(JsonScanner.MAX_DEPTH + 1);
        final String ok = "[".repeat(JsonScanner.MAX_DEPTH) + "]".repeat(JsonScanner.MAX_DEPTH);

        assertThat(wrap(deep).skipValue()).isFalse();
        assertThat(wrap(ok).skipValue() && scanner.end()).isTrue();
    }

    @Test
    void shouldRefuseTheNextFieldBeforeTheValueIsConsumed()
    {
        wrap("{\"a\":1,\"b\":2}");
        scanner.beginObject();
        scanner.nextField();

        assertThat(scanner.nextField()).isFalse();
        assertThat(scanner.error()).isTrue();
    }

    @Test
    void shouldParseIntegersOnlyWhenTheyFitALong()
    {
        assertThat(wrap("9223372036854775807").readNumber()).isTrue();
        assertThat(scanner.valueLong()).isEqualTo(Long.MAX_VALUE);
        assertThat(wrap("9223372036854775808").readNumber()).isTrue();
        assertThat(scanner.valueLong()).isEqualTo(JsonScanner.NULL_LONG);
        assertThat(wrap("\"1786320000000\"").readString()).isTrue();
        assertThat(scanner.valueLong()).isEqualTo(1786320000000L);
        assertThat(wrap("1.5").readNumber()).isTrue();
        assertThat(scanner.valueLong()).isEqualTo(JsonScanner.NULL_LONG);
    }

    @Test
    void shouldStayInsideTheWrappedRange()
    {
        final byte[] bytes = "xx{\"a\":1}yy".getBytes(StandardCharsets.US_ASCII);
        scanner.wrap(new UnsafeBuffer(bytes), 2, 7);

        assertThat(scanner.skipValue() && scanner.end()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"61802.20\"", " \"-0.5\"", "\"0.00010000\"", "\"61802.25000000\"", "\"-12345678.12345678\"",
        "\"123456789.5\"", "\"1.123456789\"", "\"0.00000001\"", "\"7\"", "\"37988575.7628342 ,\"",
        "\"37988575.76283421\"", "\"999999999.999999999\"", "\"1234567890.5\"", "\"1.1234567891\"",
        "\"5.\"", "\".5\"", "\"-\"", "\"\"", "\"12a\"", "\"1e3\"", "\"+7\"", "\"6\\u0031\"", "\"12", "\"12.5", "12.5", "-3",
        "null", "true", "{}", "[1]", "\"1\u0001\"", "" })
    void shouldReadFixedExactlyLikeReadScalarThenValueFixed(final String json)
    {
        // at the end of the text (byte by byte) and with room after it (eight bytes at a time)
        readFixedLikeTheGeneralPath(json);
        readFixedLikeTheGeneralPath(json + ",\"0123456789abcdefghijklmnopqrstuvwxyz\"]");
    }

    private void readFixedLikeTheGeneralPath(final String json)
    {
        readLikeTheGeneralPath(json, s -> s.readScalar() ? s.valueFixed() : FixedPoint.NULL, JsonScanner::readFixed);
    }

    /** {@code fast} reads exactly what {@code general} reads: value, error, position and value state. */
    private void readLikeTheGeneralPath(final String json, final ToLongFunction<JsonScanner> general, final ToLongFunction<JsonScanner> fast)
    {
        final byte[] bytes = ("[" + json).getBytes(StandardCharsets.UTF_8);
        final JsonScanner expected = new JsonScanner().wrap(new UnsafeBuffer(bytes), 1, bytes.length - 1);
        final long expectedValue = general.applyAsLong(expected);

        scanner.wrap(new UnsafeBuffer(bytes), 1, bytes.length - 1);
        assertThat(fast.applyAsLong(scanner)).as(json).isEqualTo(expectedValue);

        assertThat(scanner.error()).as(json).isEqualTo(expected.error());
        assertThat(scanner.position()).as(json).isEqualTo(expected.position());
        if (!expected.error())
        {
            assertThat(scanner.valueType()).as(json).isEqualTo(expected.valueType());
            assertThat(scanner.valueOffset()).as(json).isEqualTo(expected.valueOffset());
            assertThat(scanner.valueLength()).as(json).isEqualTo(expected.valueLength());
            assertThat(scanner.valueEscaped()).as(json).isEqualTo(expected.valueEscaped());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"61802.20\"", "\"-0.5\"", "\"0.00010000\"", "\"1234567.1234567\"", "\"12345678.5\"", "\"1.12345678\"",
        "\"123456789.123456789\"", "\"1234567890.5\"", "\"1.1234567891\"", "\"5.\"", "\".5\"", "\"-\"", "\"\"",
        "\"12a\"", "\"1.5a\"", "\"1e3\"", "\"-7.\"", "\"6\\u0031\"", "\"0007.50\"", "\"9\u00e9\"",
        "\"37988575.7628342 ,\"", "\"37988575.76283421\"", "\"12345678.1234567\"" })
    void shouldReadALevelWordWiseExactlyLikeTheGeneralWalk(final String json)
    {
        // enough text after the level for the eight-bytes-at-a-time path
        final byte[] bytes = ("[[" + json + ",\"0.5\"],\"0123456789abcdefghij\"]").getBytes(StandardCharsets.UTF_8);
        final JsonScanner general = new JsonScanner().wrap(new UnsafeBuffer(bytes), 0, bytes.length);
        general.beginArray();
        general.nextElement();
        general.beginArray();
        general.nextElement();
        final long price = general.readFixed();

        scanner.wrap(new UnsafeBuffer(bytes), 0, bytes.length);
        scanner.beginArray();
        scanner.nextElement();
        final boolean fast = scanner.readDecimalPair();

        // the one-pass form: a string "-?[0-9]{1,9}(.[0-9]{1,9})?"; anything else is left to the general walk
        assertThat(fast).as(json).isEqualTo(json.matches("\"-?[0-9]{1,9}(\\.[0-9]{1,9})?\""));
        if (fast)
        {
            assertThat(scanner.pairFirst()).as(json).isEqualTo(price);
            assertThat(scanner.pairSecond()).as(json).isEqualTo(500_000_000L);
            assertThat(scanner.position()).as(json).isEqualTo(bytes.length - 24);
        }
        assertThat(scanner.error()).as(json).isFalse();
    }

    @Test
    void shouldFindTheEndOfAStringAtEveryOffsetOfALongString()
    {
        for (int at = 0; at < 24; at++)
        {
            final String plain = "abcdefghijklmnopqrstuvwx\u00e9yz";
            final String escaped = plain.substring(0, at) + "\\\"" + plain.substring(at);
            final byte[] bytes = ("\"" + escaped + "\" ").getBytes(StandardCharsets.UTF_8);
            scanner.wrap(new UnsafeBuffer(bytes), 0, bytes.length);
            assertThat(scanner.readString()).as("escape at %d", at).isTrue();
            assertThat(scanner.valueLength()).isEqualTo(bytes.length - 3);
            assertThat(scanner.valueEscaped()).isTrue();
            assertThat(scanner.end()).isTrue();

            final byte[] control = ("\"" + plain.substring(0, at) + "\t" + plain.substring(at) + "\"").getBytes(StandardCharsets.UTF_8);
            scanner.wrap(new UnsafeBuffer(control), 0, control.length);
            assertThat(scanner.readString()).as("control at %d", at).isFalse();
            assertThat(scanner.error()).isTrue();
        }
    }

    @Test
    void shouldGiveOffsetsInTheCoordinatesOfAnOffHeapBuffer()
    {
        final byte[] bytes = "xx{\"sym\":\"tickers.BTCUSDT\",\"p\":\"1.5\"}".getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer offHeap = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(bytes.length + 8), 4, bytes.length);
        offHeap.putBytes(0, bytes);
        final AsciiSymbolMap symbols = new AsciiSymbolMap();
        symbols.put("BTCUSDT", 3);

        scanner.wrap(offHeap, 2, bytes.length - 2);
        scanner.beginObject();
        scanner.nextField();

        assertThat(scanner.nameOffset()).isEqualTo(4);
        assertThat(scanner.nameByte(0)).isEqualTo((byte)'s');
        assertThat(scanner.readString()).isTrue();
        assertThat(scanner.valueOffset()).isEqualTo(10);
        assertThat(scanner.valueLastIndexOf((byte)'.')).isEqualTo(17);
        assertThat(scanner.valueSuffixLookup(symbols, 18)).isEqualTo(3);
        assertThat(scanner.position()).isEqualTo(26);
        scanner.nextField();
        assertThat(scanner.readFixed()).isEqualTo(1_500_000_000L);
        assertThat(scanner.nextField()).isFalse();
        assertThat(scanner.end()).isTrue();
    }

    @Test
    void shouldScanOffHeapTextLongerThanTheInitialScratch()
    {
        final StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 2000; i++)
        {
            json.append(i == 0 ? "" : ",").append("\"").append(i).append(".5\"");
        }
        final byte[] bytes = json.append(']').toString().getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer offHeap = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(bytes.length));
        offHeap.putBytes(0, bytes);

        scanner.wrap(offHeap, 0, bytes.length);
        scanner.beginArray();
        long sum = 0;
        while (scanner.nextElement())
        {
            sum += scanner.readFixed();
        }

        assertThat(scanner.end()).isTrue();
        assertThat(sum).isEqualTo((1999L * 2000 / 2) * FixedPoint.SCALE + 2000 * 500_000_000L);
    }

    @Test
    void shouldLookUpAStringValueInASymbolMap()
    {
        final AsciiSymbolMap symbols = new AsciiSymbolMap();
        symbols.put("ETHUSDT", 5);
        wrap("[\"ETHUSDT\",\"ETHUSD\"]").beginArray();
        scanner.nextElement();
        scanner.readString();

        assertThat(scanner.valueLookup(symbols)).isEqualTo(5);
        scanner.nextElement();
        scanner.readString();
        assertThat(scanner.valueLookup(symbols)).isEqualTo(AsciiSymbolMap.MISSING);
    }

    /**
     * Every decimal shape a level can take on the word-wise path (sign, 1 to 10 integer digits,
     * no point, a bare point or 1 to 10 fraction digits) as the price and as the size, and each
     * with one byte replaced at every position by a byte that breaks or changes it: the pair
     * reads what the general walk reads, or is left to it.
     */
    @Test
    void shouldReadEveryDecimalShapeInAPairExactlyLikeTheGeneralWalk()
    {
        final String digits = "1234567890";
        final char[] replacements = { 'x', '.', '-', '"', '0', '/', ':', ' ', '\\' };
        int fast = 0;
        int checked = 0;
        for (final String sign : new String[] { "", "-" })
        {
            for (int integerDigits = 1; integerDigits <= 10; integerDigits++)
            {
                for (int fractionDigits = -1; fractionDigits <= 10; fractionDigits++)
                {
                    final String decimal = sign + digits.substring(10 - integerDigits)
                        + (fractionDigits < 0 ? "" : "." + digits.substring(0, fractionDigits));
                    for (int at = -1; at < decimal.length(); at++)
                    {
                        for (final char replacement : at < 0 ? new char[] { 0 } : replacements)
                        {
                            final String text = at < 0 ? decimal : decimal.substring(0, at) + replacement + decimal.substring(at + 1);
                            // with room after it, the pair path takes exactly the decimals of its form
                            final boolean form = text.matches("-?[0-9]{1,9}(\\.[0-9]{1,9})?");
                            assertThat(readsPairLikeTheGeneralWalk("[\"" + text + "\",\"0.015\"]")).as(text).isEqualTo(form);
                            assertThat(readsPairLikeTheGeneralWalk("[\"61802.30\",\"" + text + "\"]")).as(text).isEqualTo(form);
                            fast += form ? 1 : 0;
                            checked++;
                        }
                    }
                }
            }
        }
        assertThat(fast).as("decimals of the pair's form among %d", checked).isGreaterThan(200);
    }

    /**
     * A level array read in one go against the element-by-element walk of the same text: same
     * levels, same scanner state after it (position, depth, value) and the same reading of what
     * follows, or -1 with the scanner untouched. Returns the count, or -1.
     */
    private int readsLevelsLikeTheGeneralWalk(final String levels, final int capacity)
    {
        final String json = "{\"b\":" + levels + ",\"x\":\"0123456789abcdefghijklmnopqrstuvwxyz\"}";
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        final JsonScanner general = new JsonScanner().wrap(new UnsafeBuffer(bytes), 0, bytes.length);
        general.beginObject();
        general.nextField();
        final List<Long> expected = new ArrayList<>();
        boolean wellFormed = general.beginArray();
        while (wellFormed && general.nextElement())
        {
            if (!general.readDecimalPair())
            {
                wellFormed = false;
                break;
            }
            expected.add(general.pairFirst());
            expected.add(general.pairSecond());
        }
        wellFormed &= !general.error();

        return readsInOneGo(levels, bytes, capacity, general, expected, wellFormed, JsonScanner::readDecimalPairs);
    }

    @Test
    void shouldReadALevelArrayInOneGoExactlyLikeTheGeneralWalk()
    {
        assertThat(readsLevelsLikeTheGeneralWalk("[]", 4)).isZero();
        assertThat(readsLevelsLikeTheGeneralWalk("[[\"61802.30\",\"0.015\"]]", 4)).isEqualTo(1);
        assertThat(readsLevelsLikeTheGeneralWalk("[[\"5000.00\",\"2.301\"],[\"-1\",\"0\"],[\"123456789.123456789\",\"7\"]]", 4)).isEqualTo(3);
        assertThat(readsLevelsLikeTheGeneralWalk("[[\"1\",\"2\"],[\"3\",\"4\"]]", 2)).as("exactly the capacity").isEqualTo(2);
        for (final String other : List.of(
            "[[\"1\",\"2\"],[\"3\",\"4\"],[\"5\",\"6\"]]", "[ ]", "[ [\"1\",\"2\"]]", "[[\"1\",\"2\"] ]",
            "[[\"1\",\"2\"],]", "[,[\"1\",\"2\"]]", "[[\"1\", \"2\"]]", "[[\"1\",\"2\",\"3\"]]", "[[1,2]]",
            "[[\"1\"]]", "[[]]", "[{}]", "[[\"1e3\",\"2\"]]", "[[\"1234567890\",\"2\"]]", "[[\"1\",\"2\"][\"3\",\"4\"]]",
            "[[\"1\",\"2\"]", "[\"1\",\"2\"]", "[[\"1\\u0030\",\"2\"]]"))
        {
            assertThat(readsLevelsLikeTheGeneralWalk(other, 2)).as(other).isEqualTo(-1);
        }
    }

    @Test
    void shouldReadMutatedLevelArraysInOneGoOnlyWhenTheWalkReadsThemAlike()
    {
        final String levels = "[[\"61493.20\",\"0.015\"],[\"61649.70\",\"0.056\"],[\"5000.00\",\"2.301\"],[\"-7\",\"12345678.9\"]]";
        final int fast = mutationsReadInOneGo(levels, 20261204L, "[]{},\" 019-.e\\x", 5, (text, cap) -> readsLevelsLikeTheGeneralWalk(text, cap));
        assertThat(fast).as("mutations still read in one go").isGreaterThan(500);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[\"61802.20\",\"0.015\"]", "[\"-1\",\"0\"]", "[\"1.5\",\"2\",\"x\"]", "[ \"1.5\",\"2\"]", "[\"1.5\", \"2\"]",
        "[\"1234567890\",\"2\"]", "[\"1.5\",2]", "[\"1.5\"]", "[\"1.5\",\"2\"", "[\"1.5\",\"\"]", "[]", "{}", "[\"1.\",\"2\"]" })
    void shouldReadADecimalPairExactlyLikeTheGeneralWalk(final String level)
    {
        readsPairLikeTheGeneralWalk(level);
    }

    /**
     * Reads {@code level} at the end of the text and with text after it (the eight-bytes-at-a-time
     * reads need room before the limit), each time checked against the general walk: true if,
     * with text after it, it took the one-pass pair path, false if it was left to the walk.
     */
    private boolean readsPairLikeTheGeneralWalk(final String level)
    {
        readsPairLikeTheGeneralWalk("[" + level + "]", level);
        return readsPairLikeTheGeneralWalk("[" + level + ",\"0123456789abcdefghijklmnopqrstuvwxyz\"]", level);
    }

    private boolean readsPairLikeTheGeneralWalk(final String json, final String level)
    {
        final byte[] bytes = json.getBytes(StandardCharsets.US_ASCII);
        final JsonScanner general = new JsonScanner().wrap(new UnsafeBuffer(bytes), 0, bytes.length);
        general.beginArray();
        general.nextElement();
        final boolean generalOk = general.beginArray() && general.nextElement();
        final long price = generalOk ? general.readFixed() : FixedPoint.NULL;
        final long size = general.nextElement() ? general.readFixed() : FixedPoint.NULL;
        final boolean closed = !general.nextElement() && !general.error();

        scanner.wrap(new UnsafeBuffer(bytes), 0, bytes.length);
        scanner.beginArray();
        scanner.nextElement();
        final int before = scanner.position();
        final boolean fast = scanner.readDecimalPair();

        if (!fast)
        {
            assertThat(scanner.position()).as(level).isEqualTo(before);
            assertThat(scanner.error()).as(level).isFalse();
            return false;
        }
        assertThat(closed && price != FixedPoint.NULL && size != FixedPoint.NULL).as(level).isTrue();
        assertThat(scanner.pairFirst()).as(level).isEqualTo(price);
        assertThat(scanner.pairSecond()).as(level).isEqualTo(size);
        assertThat(scanner.position()).as(level).isEqualTo(general.position());
        assertThat(scanner.depth()).as(level).isEqualTo(general.depth());
        assertThat(scanner.valueOffset()).as(level).isEqualTo(general.valueOffset());
        assertThat(scanner.valueLength()).as(level).isEqualTo(general.valueLength());
        assertThat(scanner.nextElement()).as(level).isEqualTo(general.nextElement());
        assertThat(scanner.end()).as(level).isEqualTo(general.end());
        return true;
    }

    /** Integers of every length, signs, quotes, leading zeros and terminators, near and far from the end of the text. */
    private static List<String> integerTexts()
    {
        final List<String> texts = new ArrayList<>();
        final String digits = "9876543210987654321";
        final String[] terminators = { "", ",", "}", " ", ".5", "e3", "E3", "x", "\"", "\\u0031\"" };
        final String[] tails = { "", "]", ",\"0123456789abcdefghijklmnopqrstuvwxyz\"]" };
        for (int length = 0; length <= 19; length++)
        {
            for (final String sign : new String[] { "", "-", "+" })
            {
                for (final String lead : new String[] { "", "0" })
                {
                    final String number = sign + lead + digits.substring(0, length);
                    for (final String terminator : terminators)
                    {
                        for (final String tail : tails)
                        {
                            texts.add(number + terminator + tail);
                            texts.add("\"" + number + terminator + tail);
                        }
                    }
                }
            }
        }
        texts.add("null");
        texts.add("true");
        texts.add("{\"a\":1}");
        texts.add("[1]");
        texts.add(" 17");
        return texts;
    }

    @Test
    void shouldReadLongExactlyLikeReadScalarThenValueLong()
    {
        final List<String> texts = integerTexts();
        assertThat(texts).hasSizeGreaterThan(7000);
        for (final String json : texts)
        {
            readLongLikeTheGeneralPath(json);
        }
    }

    private void readLongLikeTheGeneralPath(final String json)
    {
        readLikeTheGeneralPath(json, s -> s.readScalar() ? s.valueLong() : JsonScanner.NULL_LONG, JsonScanner::readLong);
    }

    @Test
    void shouldReadEveryShapeOfDecimalExactlyLikeReadScalarThenValueFixed()
    {
        final String digits = "9876543210987654321098765";
        final String[] terminators = { "\"", " ,\"", ",\"", "x\"", ".5\"", "\\u0031\"", "" };
        int cases = 0;
        for (int integer = 0; integer <= 11; integer++)
        {
            for (int fraction = -1; fraction <= 11; fraction++)
            {
                for (final String sign : new String[] { "", "-" })
                {
                    final String number = sign + digits.substring(0, integer) +
                        (fraction < 0 ? "" : "." + digits.substring(integer, integer + fraction));
                    for (final String terminator : terminators)
                    {
                        readFixedLikeTheGeneralPath("\"" + number + terminator);
                        readFixedLikeTheGeneralPath("\"" + number + terminator + ",\"0123456789abcdefghijklmnopqrstuvwxyz\"]");
                        cases += 2;
                    }
                }
            }
        }
        assertThat(cases).isEqualTo(12 * 13 * 2 * 7 * 2);
    }

    @Test
    void shouldReadTheTimestampThatEndsAFrame()
    {
        wrap("{\"cs\":753843939653,\"ts\":1786310819083}").beginObject();
        scanner.nextField();
        assertThat(scanner.skipValue()).isTrue();
        scanner.nextField();

        assertThat(scanner.readLong()).isEqualTo(1786310819083L);
        assertThat(scanner.valueType()).isEqualTo(JsonScanner.NUMBER);
        assertThat(scanner.nextField()).isFalse();
        assertThat(scanner.end()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\":1,\"bb\":\"x\"}", "{ \"a\":1 , \"bb\" : \"x\" }", "{\"a\":\t1,\"bb\":\n\"x\"}",
        "{\"a\\\"q\":1,\"bb\":\"x\"}", "{\"\u00e9\":1,\"bb\":\"x\"}", "{\"\":1,\"bb\":\"x\"}" })
    void shouldReadTheSameFieldsWithOrWithoutWhitespace(final String json)
    {
        wrap(json).beginObject();
        final List<String> seen = new ArrayList<>();
        while (scanner.nextField())
        {
            final boolean escaped = scanner.nameEscaped();
            final String name = scanner.nameToString();
            scanner.readScalar();
            seen.add(name + (escaped ? "(escaped)" : "") + "=" + scanner.valueToString());
        }

        assertThat(scanner.end()).as(json).isTrue();
        assertThat(seen).as(json).hasSize(2).last().isEqualTo("bb=x");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\":1\"b\":2}", "{,\"a\":1}", "{\"a\":1,}", "{\"a\"1}", "{\"a\":}", "{\"a\":1,,\"b\":2}",
        "{\"a\u0001\":1}", "{\"a\":1,\"b", "{\"a\":1,\"b\":", "{\"a" })
    void shouldRejectBrokenFields(final String json)
    {
        wrap(json).beginObject();
        boolean ok = true;
        while (ok && scanner.nextField())
        {
            ok = scanner.skipValue();
        }

        assertThat(scanner.end()).as(json).isFalse();
        assertThat(scanner.error()).as(json).isTrue();
    }

    /**
     * An array of {@code {"n":..,"px":"..","sz":".."}} levels read in one go against the walk of the
     * same text, object by object: same prices and sizes, same scanner state after it and the same
     * reading of what follows, or -1 with the scanner untouched. Returns the count, or -1.
     */
    private int readsPxSzLikeTheGeneralWalk(final String levels, final int capacity)
    {
        final String json = "{\"levels\":" + levels + ",\"time\":1737918843542}";
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        final JsonScanner general = new JsonScanner().wrap(new UnsafeBuffer(bytes), 0, bytes.length);
        general.beginObject();
        general.nextField();
        final List<Long> expected = new ArrayList<>();
        boolean wellFormed = general.beginArray();
        while (wellFormed && general.nextElement())
        {
            long price = FixedPoint.NULL;
            long size = FixedPoint.NULL;
            wellFormed = general.beginObject();
            while (wellFormed && general.nextField())
            {
                final String name = general.nameToString();
                if (name.equals("px") || name.equals("sz"))
                {
                    final long value = general.readFixed();
                    wellFormed = value != FixedPoint.NULL;
                    price = name.equals("px") ? value : price;
                    size = name.equals("sz") ? value : size;
                }
                else
                {
                    wellFormed = general.readScalar();
                }
            }
            expected.add(price);
            expected.add(size);
        }
        wellFormed &= !general.error();

        return readsInOneGo(levels, bytes, capacity, general, expected, wellFormed, JsonScanner::readPxSzLevels);
    }

    @Test
    void shouldReadAnObjectLevelArrayInOneGoExactlyLikeTheGeneralWalk()
    {
        assertThat(readsPxSzLikeTheGeneralWalk("[]", 4)).isZero();
        assertThat(readsPxSzLikeTheGeneralWalk("[{\"n\":5,\"px\":\"105055.0\",\"sz\":\"3.03622\"}]", 4)).isEqualTo(1);
        assertThat(readsPxSzLikeTheGeneralWalk(
            "[{\"n\":5,\"px\":\"105055.0\",\"sz\":\"3.03622\"},{\"n\":12,\"px\":\"-1\",\"sz\":\"0\"}]", 2)).isEqualTo(2);
        for (final String other : List.of(
            "[{\"n\":5,\"px\":\"1\",\"sz\":\"2\"},{\"n\":5,\"px\":\"1\",\"sz\":\"2\"},{\"n\":5,\"px\":\"1\",\"sz\":\"2\"}]",
            "[ ]", "[{\"px\":\"1\",\"sz\":\"2\",\"n\":5}]", "[{\"n\":5, \"px\":\"1\",\"sz\":\"2\"}]",
            "[{\"n\":-5,\"px\":\"1\",\"sz\":\"2\"}]", "[{\"n\":5,\"px\":1,\"sz\":\"2\"}]",
            "[{\"n\":5,\"px\":\"1\",\"sz\":\"2\",\"x\":1}]", "[{\"n\":5,\"px\":\"1\",\"sz\":\"2\"},]",
            "[{\"n\":5,\"px\":\"1e3\",\"sz\":\"2\"}]", "[{\"n\":5,\"px\":\"1\",\"sz\":\"2\"}", "[[\"1\",\"2\"]]"))
        {
            assertThat(readsPxSzLikeTheGeneralWalk(other, 2)).as(other).isEqualTo(-1);
        }
    }

    @Test
    void shouldReadMutatedObjectLevelArraysInOneGoOnlyWhenTheWalkReadsThemAlike()
    {
        final String levels = "[{\"n\":5,\"px\":\"105055.0\",\"sz\":\"3.03622\"},{\"n\":1,\"px\":\"105054.0\",\"sz\":\"0.1428\"},"
            + "{\"n\":10,\"px\":\"105050.0\",\"sz\":\"3.94526\"}]";
        final int fast = mutationsReadInOneGo(levels, 20261207L, "[]{},\":pxszn 019-.e\\", 4, (text, cap) -> readsPxSzLikeTheGeneralWalk(text, cap));
        assertThat(fast).as("mutations still read in one go").isGreaterThan(500);
    }

    /** Reads a level array in one go: {@link JsonScanner#readDecimalPairs} or {@link JsonScanner#readPxSzLevels}. */
    private interface LevelReader
    {
        int read(JsonScanner scanner, byte[] levels, int capacity);
    }

    /**
     * The one-go read of the level array of {@code bytes} (the first field's value) against the
     * general walk already done on {@code general}, which read {@code expected} (price, size, ...).
     */
    private int readsInOneGo(
        final String levels, final byte[] bytes, final int capacity, final JsonScanner general, final List<Long> expected,
        final boolean wellFormed, final LevelReader reader)
    {
        scanner.wrap(new UnsafeBuffer(bytes), 0, bytes.length);
        scanner.beginObject();
        scanner.nextField();
        assertThat(scanner.beginArray()).isEqualTo(levels.startsWith("["));
        final int before = scanner.position();
        final byte[] out = new byte[16 * Math.max(capacity, 1)];
        final int n = reader.read(scanner, out, capacity);
        if (n < 0)
        {
            assertThat(scanner.position()).as(levels).isEqualTo(before);
            assertThat(scanner.error()).as(levels).isFalse();
            return -1;
        }
        assertThat(wellFormed).as("%s read in one go is a well-formed level array", levels).isTrue();
        assertThat(n).as(levels).isEqualTo(expected.size() / 2).isLessThanOrEqualTo(capacity);
        final java.nio.ByteBuffer read = java.nio.ByteBuffer.wrap(out).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 2 * n; i++)
        {
            assertThat(read.getLong(8 * i)).as("%s value %d", levels, i).isEqualTo(expected.get(i));
        }
        assertThat(scanner.position()).as(levels).isEqualTo(general.position());
        assertThat(scanner.depth()).as(levels).isEqualTo(general.depth());
        assertThat(scanner.valueType()).as(levels).isEqualTo(general.valueType());
        assertThat(scanner.valueOffset()).as(levels).isEqualTo(general.valueOffset());
        assertThat(scanner.valueLength()).as(levels).isEqualTo(general.valueLength());
        // what follows (the rest of the object, or junk a mutation left after the array)
        final boolean more = scanner.nextField();
        assertThat(more).as(levels).isEqualTo(general.nextField());
        if (more)
        {
            assertThat(scanner.nameToString()).isEqualTo(general.nameToString());
            assertThat(scanner.readScalar()).isEqualTo(general.readScalar());
            assertThat(scanner.valueToString()).isEqualTo(general.valueToString());
            assertThat(scanner.nextField()).isEqualTo(general.nextField());
        }
        assertThat(scanner.error()).as(levels).isEqualTo(general.error());
        assertThat(scanner.end()).as(levels).isEqualTo(general.end());
        return n;
    }


    /** Random one-character mutations of {@code levels}, each read both ways by {@code read}: how many were read in one go. */
    private static int mutationsReadInOneGo(
        final String levels, final long seed, final String alphabet, final int maxCapacity,
        final java.util.function.ToIntBiFunction<String, Integer> read)
    {
        final Random random = new Random(seed);
        int fast = 0;
        for (int n = 0; n < 20_000; n++)
        {
            final int at = random.nextInt(levels.length());
            final char c = alphabet.charAt(random.nextInt(alphabet.length()));
            final String mutated = switch (random.nextInt(3))
            {
                case 0 -> levels.substring(0, at) + levels.substring(at + 1);
                case 1 -> levels.substring(0, at) + c + levels.substring(at);
                default -> levels.substring(0, at) + c + levels.substring(at + 1);
            };
            if (mutated.startsWith("["))
            {
                fast += read.applyAsInt(mutated, 1 + random.nextInt(maxCapacity)) >= 0 ? 1 : 0;
            }
        }
        return fast;
    }
}
