package io.fundingarb.connectors.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fundingarb.codecs.Gen;
import io.fundingarb.connectors.parse.Recordings;
import io.fundingarb.connectors.recording.FeedRecording;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * JsonScanner (through JsonTree, which is built only on the scanner's cursor) against Jackson:
 * the same values from every recorded frame and body and from random JSON, and the same
 * valid/invalid verdict on mutated JSON.
 */
class JsonDifferentialTest
{
    private static final ObjectMapper JACKSON = JsonMapper.builder()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
        .build();

    private static final ObjectMapper ESCAPING = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    @Test
    void shouldExtractTheSameValuesAsJacksonFromEveryRecordedFrameAndBody() throws Exception
    {
        int compared = 0;
        for (final String resource : List.of(
            Recordings.BINANCE_WS, Recordings.BINANCE_DEPTH, Recordings.BINANCE_EXCHANGE_INFO, Recordings.BINANCE_HFT, Recordings.BYBIT, Recordings.HYPERLIQUID))
        {
            for (final FeedRecording.Record record : Recordings.read(resource))
            {
                final byte[] bytes = record.text().getBytes(StandardCharsets.UTF_8);
                final Object ours = normalise(JsonTree.parse(new UnsafeBuffer(bytes), 0, bytes.length));
                final Object theirs = normalise(JACKSON.readTree(bytes));
                assertThat(ours).as("%s line %d", resource, record.line()).isEqualTo(theirs);
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(5000);
    }

    @Test
    void shouldExtractTheSameValuesAsJacksonFromEveryRecordedFrameOffHeap() throws Exception
    {
        final UnsafeBuffer offHeap = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(1 << 20));
        int compared = 0;
        for (final String resource : List.of(Recordings.BINANCE_WS, Recordings.BINANCE_HFT, Recordings.BYBIT))
        {
            for (final FeedRecording.Record record : Recordings.read(resource))
            {
                final byte[] bytes = record.text().getBytes(StandardCharsets.UTF_8);
                offHeap.putBytes(3, bytes);
                final Object ours = normalise(JsonTree.parse(offHeap, 3, bytes.length));
                assertThat(ours).as("%s line %d", resource, record.line()).isEqualTo(normalise(JACKSON.readTree(bytes)));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(1000);
    }

    @Test
    void shouldExtractTheSameValuesAsJacksonFromRandomJson()
    {
        Gen.forAll("shouldExtractTheSameValuesAsJacksonFromRandomJson", 500, g ->
        {
            final Object value = value(g, 4);
            final ObjectMapper writer = g.anyBoolean() ? ESCAPING : JACKSON;
            final String json = g.anyBoolean() ? writer.writerWithDefaultPrettyPrinter().writeValueAsString(value) : writer.writeValueAsString(value);
            final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

            final Object ours = normalise(JsonTree.parse(new UnsafeBuffer(bytes), 0, bytes.length));

            assertThat(ours).isEqualTo(normalise(JACKSON.readTree(bytes)));
            assertThat(ours).isEqualTo(normalise(value));
        });
    }

    @Test
    void shouldJudgeMutatedJsonValidExactlyWhenJacksonDoes()
    {
        Gen.forAll("shouldJudgeMutatedJsonValidExactlyWhenJacksonDoes", 2000, g ->
        {
            final String json = JACKSON.writeValueAsString(value(g, 4));
            final int at = (int)(g.unit() * json.length());
            final char replacement = g.of('{', '}', '[', ']', ':', ',', '"', '\\', ' ', '0', '1', '9', '-', '+', '.', 'e', 'E', 't', 'n', 'u', 'x', 'a');
            final String mutated;
            switch (g.between(0, 2))
            {
                case 0:
                    mutated = json.substring(0, at) + json.substring(Math.min(json.length(), at + 1));
                    break;
                case 1:
                    mutated = json.substring(0, at) + replacement + json.substring(at);
                    break;
                default:
                    mutated = json.substring(0, at) + replacement + json.substring(Math.min(json.length(), at + 1));
                    break;
            }
            final byte[] bytes = mutated.getBytes(StandardCharsets.UTF_8);

            final JsonScanner scanner = new JsonScanner().wrap(new UnsafeBuffer(bytes), 0, bytes.length);
            final boolean ours = scanner.skipValue() && scanner.end();

            assertThat(ours).as(mutated).isEqualTo(jacksonAccepts(bytes));
        });
    }

    /** Jackson's tokenizer verdict: exactly one well-formed root value (numbers are not converted, so no range limits). */
    private static boolean jacksonAccepts(final byte[] bytes)
    {
        try (JsonParser parser = JACKSON.getFactory().createParser(bytes))
        {
            JsonToken token = parser.nextToken();
            if (token == null)
            {
                return false;
            }
            int depth = 0;
            do
            {
                if (token.isStructStart())
                {
                    depth++;
                }
                else if (token.isStructEnd())
                {
                    depth--;
                }
                if (depth == 0)
                {
                    return parser.nextToken() == null;
                }
                token = parser.nextToken();
            }
            while (token != null);
            return false;
        }
        catch (final Exception ex)
        {
            return false;
        }
    }

    /** A random JSON value: scalars four times as often as arrays or objects, nested to {@code depth}. */
    private static Object value(final Gen g, final int depth)
    {
        final int kind = depth == 0 ? 0 : g.between(0, 5);
        if (kind == 4)
        {
            return g.list(0, 5, () -> value(g, depth - 1));
        }
        if (kind == 5)
        {
            final Map<String, Object> map = new LinkedHashMap<>();
            final int size = g.between(0, 5);
            for (int i = 0; i < size; i++)
            {
                map.put(string(g), value(g, depth - 1));
            }
            return map;
        }
        return g.oneOf(
            () -> string(g),
            () -> g.anyLong(),
            () -> new BigDecimal(g.between(new BigInteger("-1000000000000000000000000000"), new BigInteger("1000000000000000000000000000")), 12),
            () -> g.chance(0.5) ? (g.unit() * 2 - 1) * Math.pow(10, g.between(-300, 300)) : (double)g.between(-1_000_000L, 1_000_000L) / 100,
            () -> g.anyBoolean(),
            () -> null);
    }

    private static String string(final Gen g)
    {
        return g.string(12, '\u0000', '\u007f', '\u00a0', '\u07ff', '\u4e00', '\u4e50');
    }

    /** Plain values with numbers as normalised BigDecimals. */
    private static Object normalise(final Object value)
    {
        if (value instanceof JsonNode)
        {
            final JsonNode node = (JsonNode)value;
            if (node.isObject())
            {
                final Map<String, Object> map = new LinkedHashMap<>();
                for (final Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();)
                {
                    final Map.Entry<String, JsonNode> e = it.next();
                    map.put(e.getKey(), normalise(e.getValue()));
                }
                return map;
            }
            if (node.isArray())
            {
                final List<Object> list = new ArrayList<>();
                node.forEach(element -> list.add(normalise(element)));
                return list;
            }
            if (node.isNumber())
            {
                return normalise(node.decimalValue());
            }
            if (node.isTextual())
            {
                return node.textValue();
            }
            if (node.isBoolean())
            {
                return node.booleanValue();
            }
            return null;
        }
        if (value instanceof Map)
        {
            final Map<String, Object> map = new LinkedHashMap<>();
            ((Map<?, ?>)value).forEach((k, v) -> map.put((String)k, normalise(v)));
            return map;
        }
        if (value instanceof List)
        {
            final List<Object> list = new ArrayList<>();
            ((List<?>)value).forEach(v -> list.add(normalise(v)));
            return list;
        }
        if (value instanceof BigDecimal)
        {
            final BigDecimal d = ((BigDecimal)value).stripTrailingZeros();
            return d.signum() == 0 ? BigDecimal.ZERO : d;
        }
        if (value instanceof Long || value instanceof BigInteger)
        {
            return normalise(new BigDecimal(value.toString()));
        }
        if (value instanceof Double)
        {
            final double d = (Double)value;
            return Double.isFinite(d) ? normalise(new BigDecimal(Double.toString(d))) : d;
        }
        return value;
    }
}
