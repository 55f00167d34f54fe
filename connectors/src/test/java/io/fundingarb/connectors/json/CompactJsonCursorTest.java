package io.fundingarb.connectors.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.Gen;
import io.fundingarb.connectors.parse.Recordings;
import io.fundingarb.connectors.recording.FeedRecording;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The compact cursor against its oracle, the general {@link JsonScanner}: whatever the cursor
 * accepts, the scanner accepts too and reads the same fields (name, kind, value, decimal and
 * integer conversions), on every recorded frame, on random and on mutated JSON. What the cursor
 * declines is the scanner's to judge, so only acceptance is checked one way.
 */
class CompactJsonCursorTest
{
    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final String DIGITS = "0123456789";

    private final JsonScanner scanner = new JsonScanner();
    private final CompactJsonCursor cursor = new CompactJsonCursor();

    /** One field as read: depth, name, kind, value text, and its conversions. */
    private record Field(int depth, String name, String kind, String value, long fixed, long integer)
    {
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The cursor's reading of the whole text, or null if it declined it. */
    private List<Field> cursorReading(final byte[] text, final int offset, final int length)
    {
        scanner.wrap(new UnsafeBuffer(text), offset, length);
        cursor.wrap(scanner);
        if (!cursor.beginObject())
        {
            return null;
        }
        final List<Field> fields = new ArrayList<>();
        int depth = 1;
        while (depth > 0)
        {
            final int kind = cursor.next();
            if (kind == CompactJsonCursor.UNSUPPORTED)
            {
                assertThat(cursor.next()).as("UNSUPPORTED is final").isEqualTo(CompactJsonCursor.UNSUPPORTED);
                assertThat(cursor.end()).isFalse();
                return null;
            }
            if (kind == CompactJsonCursor.END)
            {
                depth--;
                continue;
            }
            final String name = nameOf(text, cursor);
            if (kind == CompactJsonCursor.OBJECT)
            {
                fields.add(new Field(depth, name, "object", "", 0, 0));
                depth++;
            }
            else
            {
                fields.add(new Field(depth, name, kind == CompactJsonCursor.STRING ? "string" : "number",
                    valueOf(text, cursor), cursor.valueFixed(), cursor.valueLong()));
            }
        }
        return cursor.end() ? fields : null;
    }

    /** The current name, checked against the cursor's byte and equality accessors. */
    private static String nameOf(final byte[] text, final CompactJsonCursor cursor)
    {
        final byte[] name = java.util.Arrays.copyOfRange(text, cursor.nameIndex(), cursor.nameIndex() + cursor.nameLength());
        for (int i = 0; i < name.length; i++)
        {
            assertThat(cursor.nameByte(i)).isEqualTo(name[i]);
        }
        assertThat(cursor.nameEquals(name)).isTrue();
        return new String(name, StandardCharsets.UTF_8);
    }

    /** The current value's text, checked against the cursor's equality accessors. */
    private static String valueOf(final byte[] text, final CompactJsonCursor cursor)
    {
        final byte[] value = java.util.Arrays.copyOfRange(text, cursor.valueIndex(), cursor.valueIndex() + cursor.valueLength());
        assertThat(cursor.valueEquals(value)).isTrue();
        assertThat(cursor.valueStartsWith(value)).isTrue();
        return new String(value, StandardCharsets.UTF_8);
    }

    /** The general scanner's reading of the whole text, or null if it rejects it. */
    private List<Field> scannerReading(final byte[] text, final int offset, final int length)
    {
        scanner.wrap(new UnsafeBuffer(text), offset, length);
        if (!scanner.beginObject())
        {
            return null;
        }
        final List<Field> fields = new ArrayList<>();
        if (!readObject(1, fields) || !scanner.end())
        {
            return null;
        }
        return fields;
    }

    private boolean readObject(final int depth, final List<Field> fields)
    {
        while (scanner.nextField())
        {
            final String name = scanner.nameToString();
            final int type = scanner.peek();
            if (type == JsonScanner.OBJECT)
            {
                fields.add(new Field(depth, name, "object", "", 0, 0));
                if (!scanner.beginObject() || !readObject(depth + 1, fields))
                {
                    return false;
                }
                continue;
            }
            if (type == JsonScanner.ARRAY)
            {
                if (!scanner.skipValue())
                {
                    return false;
                }
                fields.add(new Field(depth, name, "array", "", 0, 0));
                continue;
            }
            if (!scanner.readScalar())
            {
                return false;
            }
            final String kind = switch (scanner.valueType())
            {
                case JsonScanner.STRING -> scanner.valueEscaped() ? "escaped string" : "string";
                case JsonScanner.NUMBER -> "number";
                default -> "literal";
            };
            fields.add(new Field(depth, name, kind, scanner.valueToString(), scanner.valueFixed(), scanner.valueLong()));
        }
        return !scanner.error();
    }

    /** The cursor accepts only what the scanner accepts, and reads the same; returns whether it accepted. */
    private boolean assertAgrees(final byte[] text, final int offset, final int length)
    {
        final List<Field> ours = cursorReading(text, offset, length);
        if (ours == null)
        {
            return false;
        }
        final List<Field> theirs = scannerReading(text, offset, length);
        assertThat(ours).as(new String(text, offset, length, StandardCharsets.UTF_8)).isEqualTo(theirs);
        return true;
    }

    private boolean assertAgrees(final String text)
    {
        final byte[] bytes = bytes(text);
        return assertAgrees(bytes, 0, bytes.length);
    }

    // ------------------------------------------------------------------ examples

    @Test
    void shouldReadACompactObjectFieldByField()
    {
        final byte[] text = bytes("{\"topic\":\"tickers.BTCUSDT\",\"data\":{\"markPrice\":\"65118.03\",\"e\":\"\"},\"cs\":-7,\"ts\":1786310819083}");
        scanner.wrap(new UnsafeBuffer(text), 0, text.length);
        cursor.wrap(scanner);
        final AsciiSymbolMap symbols = new AsciiSymbolMap();
        symbols.put("BTCUSDT", 4);

        assertThat(cursor.beginObject()).isTrue();
        assertThat(cursor.next()).isEqualTo(CompactJsonCursor.STRING);
        assertThat(cursor.nameEquals(bytes("topic"))).isTrue();
        assertThat(cursor.valueStartsWith(bytes("tickers."))).isTrue();
        assertThat(cursor.valueSuffixLookup(symbols, (byte)'.')).isEqualTo(4);
        assertThat(cursor.next()).isEqualTo(CompactJsonCursor.OBJECT);
        assertThat(cursor.nameEquals(bytes("data"))).isTrue();
        assertThat(cursor.next()).isEqualTo(CompactJsonCursor.STRING);
        assertThat(cursor.valueFixed()).isEqualTo(65_118_030_000_000L);
        assertThat(cursor.next()).isEqualTo(CompactJsonCursor.STRING);
        assertThat(cursor.valueLength()).isZero();
        assertThat(cursor.valueFixed()).isEqualTo(FixedPoint.NULL);
        assertThat(cursor.next()).isEqualTo(CompactJsonCursor.END);
        assertThat(cursor.next()).isEqualTo(CompactJsonCursor.INTEGER);
        assertThat(cursor.valueLong()).isEqualTo(-7L);
        assertThat(cursor.next()).isEqualTo(CompactJsonCursor.INTEGER);
        assertThat(cursor.valueLong()).isEqualTo(1786310819083L);
        assertThat(cursor.next()).isEqualTo(CompactJsonCursor.END);
        assertThat(cursor.end()).isTrue();
        assertThat(scanner.position()).as("the scanner is not moved").isZero();
    }

    @Test
    void shouldReadNonStringValuesInASecondStepOfTheFieldLoop()
    {
        final byte[] text = bytes("{\"topic\":\"t\",\"data\":{\"a\":\"1\"},\"cs\":-7,\"ts\":1786310819083}");
        scanner.wrap(new UnsafeBuffer(text), 0, text.length);
        cursor.wrap(scanner);

        assertThat(cursor.beginObject()).isTrue();
        assertThat(cursor.nextField()).isEqualTo(CompactJsonCursor.STRING);
        assertThat(cursor.nextField()).isEqualTo(CompactJsonCursor.OTHER);
        assertThat(cursor.nameEquals(bytes("data"))).isTrue();
        assertThat(cursor.readValue()).isEqualTo(CompactJsonCursor.OBJECT);
        assertThat(cursor.nextField()).isEqualTo(CompactJsonCursor.STRING);
        assertThat(cursor.nextField()).isEqualTo(CompactJsonCursor.END);
        assertThat(cursor.nextField()).isEqualTo(CompactJsonCursor.OTHER);
        assertThat(cursor.readValue()).isEqualTo(CompactJsonCursor.INTEGER);
        assertThat(cursor.valueLong()).isEqualTo(-7L);
        assertThat(cursor.nextField()).isEqualTo(CompactJsonCursor.OTHER);
        assertThat(cursor.nameEquals(bytes("ts"))).isTrue();
        assertThat(cursor.readValue()).isEqualTo(CompactJsonCursor.INTEGER);
        assertThat(cursor.valueLong()).isEqualTo(1786310819083L);
        assertThat(cursor.nextField()).isEqualTo(CompactJsonCursor.END);
        assertThat(cursor.end()).isTrue();

        // a value left unread is not skipped: the walk stops there
        scanner.wrap(new UnsafeBuffer(text), 0, text.length);
        cursor.wrap(scanner);
        assertThat(cursor.beginObject()).isTrue();
        assertThat(cursor.nextField()).isEqualTo(CompactJsonCursor.STRING);
        assertThat(cursor.nextField()).isEqualTo(CompactJsonCursor.OTHER);
        assertThat(cursor.nextField()).isEqualTo(CompactJsonCursor.UNSUPPORTED);
        assertThat(cursor.readValue()).isEqualTo(CompactJsonCursor.UNSUPPORTED);
        assertThat(cursor.end()).isFalse();
    }

    @Test
    void shouldCompareShortNamesByWordExactlyAsByBytesAnywhereInTheText()
    {
        final List<String> keys = List.of("a", "ab", "ts", "cs", "type", "data", "topic", "symbol", "abcdefg", "abcdefgh", "tz", "typf");
        // names of every length 1 to 9, and names whose word would cross the end of the text
        for (final String name : List.of("a", "b", "ab", "ts", "tz", "cs", "type", "typf", "data", "topic", "topiC", "symbol",
            "abcdefg", "abcdefgh", "abcdefgi", "abcdefghi"))
        {
            for (final String text : List.of("{\"" + name + "\":1,\"x\":\"padding\"}", "{\"" + name + "\":1}", "{\"" + name + "\":{}}"))
            {
                final byte[] bytes = bytes(text);
                scanner.wrap(new UnsafeBuffer(bytes), 0, bytes.length);
                cursor.wrap(scanner);
                assertThat(cursor.beginObject()).isTrue();
                assertThat(cursor.next()).as(text).isIn(CompactJsonCursor.INTEGER, CompactJsonCursor.OBJECT);
                for (final String key : keys)
                {
                    final byte[] keyBytes = bytes(key);
                    assertThat(cursor.nameIs(CompactJsonCursor.nameWord(keyBytes), keyBytes.length))
                        .as("%s against %s", text, key).isEqualTo(cursor.nameEquals(keyBytes)).isEqualTo(name.equals(key));
                }
            }
        }
        assertThatThrownBy(() -> CompactJsonCursor.nameWord(bytes("abcdefghi"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CompactJsonCursor.nameWord(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldLeaveEveryOtherFormToTheScanner()
    {
        for (final String text : List.of(
            " {\"a\":\"1\"}", "{\"a\": \"1\"}", "{\"a\":\"1\" }", "{\"a\":\"1\"} ", "{ \"a\":\"1\"}", "{\"a\" :\"1\"}",
            "{\"a\":[1]}", "{\"a\":true}", "{\"a\":null}", "{\"a\":1.5}", "{\"a\":1e3}", "{\"a\":01}", "{\"a\":-}",
            "{\"a\":\"x\\\"y\"}", "{\"a\\u0041\":\"1\"}", "{\"a\":\"\t\"}", "{\"a\":\"1\",}", "{\"a\":\"1\"", "{\"a\":1",
            "{\"a\":\"1\"}}", "{\"a\":\"1\"}x", "[]", "", "{", "{\"a\"}", "{\"a\":}", "{,\"a\":1}", "{\"a\":1\"b\":2}"))
        {
            assertThat(cursorReading(bytes(text), 0, bytes(text).length)).as(text).isNull();
        }
    }

    @Test
    void shouldNotReadAnIntegerThatALeadingZeroOrAFractionContinues()
    {
        for (final String text : List.of("{\"a\":0123,\"b\":\"x\"}", "{\"a\":12.5,\"b\":\"x\"}", "{\"a\":-0e1,\"b\":\"x\"}"))
        {
            final byte[] bytes = bytes(text);
            scanner.wrap(new UnsafeBuffer(bytes), 0, bytes.length);
            cursor.wrap(scanner);
            assertThat(cursor.beginObject()).isTrue();
            assertThat(cursor.next()).as(text).isEqualTo(CompactJsonCursor.UNSUPPORTED);
        }
    }

    @Test
    void shouldTakeEmptyAndNestedObjectsAndTheLastBytesOfTheText()
    {
        assertThat(assertAgrees("{}")).isTrue();
        assertThat(assertAgrees("{\"a\":{}}")).isTrue();
        assertThat(assertAgrees("{\"a\":{\"b\":{\"c\":\"d\"}},\"e\":0}")).isTrue();
        assertThat(assertAgrees("{\"a\":\"b\"}")).isTrue();
        assertThat(assertAgrees("{\"é\":\"ü\u4e00\u007f\"}")).isTrue();
        assertThat(assertAgrees("{\"ts\":-0}")).isTrue();
        assertThat(assertAgrees("{\"x\":\"123456789012345678901234567890\"}")).isTrue();
    }

    @Test
    void shouldDeclineObjectsNestedDeeperThanTheScannerAllows()
    {
        // MAX_DEPTH levels, the root included, as the scanner
        final String deepest = "{\"a\":".repeat(JsonScanner.MAX_DEPTH) + "1" + "}".repeat(JsonScanner.MAX_DEPTH);
        assertThat(assertAgrees(deepest)).isTrue();
        final String deeper = "{\"a\":".repeat(JsonScanner.MAX_DEPTH + 1) + "1" + "}".repeat(JsonScanner.MAX_DEPTH + 1);
        assertThat(cursorReading(bytes(deeper), 0, bytes(deeper).length)).isNull();
        assertThat(scannerReading(bytes(deeper), 0, bytes(deeper).length)).isNull();
    }

    @Test
    void shouldReadTheTextAtAnOffsetOfALargerBuffer()
    {
        final byte[] text = bytes("xx{\"a\":\"1.25\",\"b\":12}yy");
        assertThat(assertAgrees(text, 2, text.length - 4)).isTrue();
        assertThat(cursorReading(text, 2, text.length - 3)).as("trailing byte").isNull();
    }

    // ------------------------------------------------------------------ recorded frames

    @Test
    void shouldReadEveryRecordedFrameItTakesExactlyAsTheScannerDoes()
    {
        int accepted = 0;
        int frames = 0;
        for (final String resource : List.of(Recordings.BINANCE_WS, Recordings.BINANCE_HFT, Recordings.BYBIT))
        {
            for (final FeedRecording.Record record : Recordings.read(resource))
            {
                if (record.kind() != FeedRecording.Kind.FRAME)
                {
                    continue;
                }
                frames++;
                if (assertAgrees(record.text()))
                {
                    accepted++;
                }
            }
        }
        // ticker and markPrice frames are compact and flat; books and trades have arrays
        assertThat(accepted).as("of %d frames", frames).isGreaterThan(1000);
    }

    @Test
    void shouldAgreeWithTheScannerOnMutatedRecordedTickers()
    {
        final List<String> tickers = Recordings.read(Recordings.BYBIT).stream()
            .filter(r -> r.kind() == FeedRecording.Kind.FRAME && r.text().startsWith("{\"topic\":\"tickers."))
            .map(FeedRecording.Record::text)
            .toList();
        final Random random = new Random(20261204L);
        final byte[] alphabet = bytes("{}[]:,\"\\ 019-+.eEtnux\u0001a");
        int accepted = 0;
        for (int n = 0; n < 20_000; n++)
        {
            final byte[] text = bytes(tickers.get(random.nextInt(tickers.size())));
            final int at = random.nextInt(text.length);
            final byte[] mutated;
            switch (random.nextInt(3))
            {
                case 0 -> mutated = concat(text, 0, at, new byte[0], text, at + 1);
                case 1 -> mutated = concat(text, 0, at, new byte[] {alphabet[random.nextInt(alphabet.length)]}, text, at);
                default -> mutated = concat(text, 0, at, new byte[] {alphabet[random.nextInt(alphabet.length)]}, text, at + 1);
            }
            if (assertAgrees(mutated, 0, mutated.length))
            {
                accepted++;
            }
        }
        assertThat(accepted).as("mutations that stay compact JSON are read").isGreaterThan(1000);
    }

    private static byte[] concat(final byte[] a, final int from, final int to, final byte[] middle, final byte[] b, final int bFrom)
    {
        final int tail = Math.max(0, b.length - bFrom);
        final byte[] out = new byte[(to - from) + middle.length + tail];
        System.arraycopy(a, from, out, 0, to - from);
        System.arraycopy(middle, 0, out, to - from, middle.length);
        System.arraycopy(b, Math.min(bFrom, b.length), out, to - from + middle.length, tail);
        return out;
    }

    // ------------------------------------------------------------------ random JSON

    @Test
    void shouldReadRandomCompactObjectsAsTheScannerDoes()
    {
        Gen.forAll("shouldReadRandomCompactObjectsAsTheScannerDoes", 1000, g ->
        {
            final Map<String, Object> object = object(g, 3);
            final byte[] text = JACKSON.writeValueAsBytes(object);
            final boolean onlyCompactValues = compactOnly(object);

            final boolean accepted = assertAgrees(text, 0, text.length);

            if (onlyCompactValues && !escapes(text))
            {
                assertThat(accepted).as(new String(text, StandardCharsets.UTF_8)).isTrue();
            }
        });
    }

    @Test
    void shouldConvertDecimalStringsExactlyAsFixedPointParse()
    {
        Gen.forAll("shouldConvertDecimalStringsExactlyAsFixedPointParse", 2000, g ->
        {
            final String decimal = decimal(g);
            // last: the value ends the text (the word reads near the limit), else a long field follows
            final boolean last = g.anyBoolean();
            final String text = "{\"v\":\"" + decimal + "\"" + (last ? "}" : ",\"pad\":\"" + "x".repeat(24) + "\"}");
            final byte[] bytes = bytes(text);
            scanner.wrap(new UnsafeBuffer(bytes), 0, bytes.length);
            cursor.wrap(scanner);
            assertThat(cursor.beginObject()).isTrue();
            assertThat(cursor.next()).isEqualTo(CompactJsonCursor.STRING);
            final byte[] value = bytes(decimal);

            assertThat(cursor.valueFixed()).as(decimal).isEqualTo(FixedPoint.parse(value, 0, value.length));
            assertThat(cursor.valueLong()).as(decimal).isEqualTo(JsonScanner.parseLong(value, 0, value.length));
        });
    }

    @Test
    void shouldReadIntegersExactlyAsTheScanner()
    {
        Gen.forAll("shouldReadIntegersExactlyAsTheScanner", 1000, g ->
        {
            final long number = g.oneOf(g::anyLong, () -> g.between(-1000L, 1000L),
                () -> g.ofLongs(0, -1, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1));
            final boolean last = g.anyBoolean();
            assertThat(assertAgrees("{\"n\":" + number + (last ? "}" : ",\"pad\":\"" + "x".repeat(24) + "\"}"))).isTrue();
        });
    }

    private static String decimal(final Gen g)
    {
        if (g.between(0, 5) == 0)
        {
            return g.string("0123456789.-+eE x", 0, 20);
        }
        return g.of("", "-", "+") + g.string(DIGITS, 0, 11) + g.of("", ".", "e", "..") + g.string(DIGITS, 0, 11);
    }

    private static Map<String, Object> object(final Gen g, final int depth)
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        final int size = g.between(0, 8);
        for (int i = 0; i < size; i++)
        {
            map.put(name(g), depth > 0 && g.between(0, 6) == 0 ? object(g, depth - 1) : scalar(g));
        }
        return map;
    }

    private static Object scalar(final Gen g)
    {
        return g.oneOf(
            () -> name(g),
            () -> g.anyLong(),
            () -> new BigDecimal(BigInteger.valueOf(g.between(-1_000_000_000_000_000_000L, 1_000_000_000_000_000_000L)), 6).toPlainString(),
            () -> new BigDecimal(BigInteger.valueOf(g.between(-1_000_000_000L, 1_000_000_000L)), 3),
            () -> g.anyBoolean(),
            () -> List.of(1, 2));
    }

    private static String name(final Gen g)
    {
        return g.string(24, '\u0000', '\u007f', '\u00a0', '\u00ff');
    }

    /** True if every value is a string, an integer or such an object (what the cursor must take). */
    @SuppressWarnings("unchecked")
    private static boolean compactOnly(final Map<String, Object> object)
    {
        for (final Object value : object.values())
        {
            final boolean ok = value instanceof String || value instanceof Long
                || (value instanceof Map && compactOnly((Map<String, Object>)value));
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    private static boolean escapes(final byte[] text)
    {
        for (final byte b : text)
        {
            if (b == '\\')
            {
                return true;
            }
        }
        return false;
    }
}
