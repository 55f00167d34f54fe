package io.fundingarb.connectors.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import java.nio.charset.StandardCharsets;
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
}
