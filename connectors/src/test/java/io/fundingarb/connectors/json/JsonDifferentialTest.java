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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
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
            Recordings.BINANCE_WS, Recordings.BINANCE_DEPTH, Recordings.BINANCE_EXCHANGE_INFO, Recordings.BINANCE_HFT, Recordings.BYBIT))
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

    @Property(tries = 500)
    void shouldExtractTheSameValuesAsJacksonFromRandomJson(
        @ForAll("values") final Object value, @ForAll final boolean pretty, @ForAll final boolean escapeNonAscii) throws Exception
    {
        final ObjectMapper writer = escapeNonAscii ? ESCAPING : JACKSON;
        final String json = pretty ? writer.writerWithDefaultPrettyPrinter().writeValueAsString(value) : writer.writeValueAsString(value);
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

        final Object ours = normalise(JsonTree.parse(new UnsafeBuffer(bytes), 0, bytes.length));

        assertThat(ours).isEqualTo(normalise(JACKSON.readTree(bytes)));
        assertThat(ours).isEqualTo(normalise(value));
    }

    @Property(tries = 2000)
    void shouldJudgeMutatedJsonValidExactlyWhenJacksonDoes(
        @ForAll("values") final Object value,
        @ForAll("positions") final double where,
        @ForAll("mutationChars") final char replacement,
        @ForAll("mutationKinds") final int kind) throws Exception
    {
        final String json = JACKSON.writeValueAsString(value);
        final int at = (int)(where * json.length());
        final String mutated;
        if (kind == 0)
        {
            mutated = json.substring(0, at) + json.substring(Math.min(json.length(), at + 1));
        }
        else if (kind == 1)
        {
            mutated = json.substring(0, at) + replacement + json.substring(at);
        }
        else
        {
            mutated = json.substring(0, at) + replacement + json.substring(Math.min(json.length(), at + 1));
        }
        final byte[] bytes = mutated.getBytes(StandardCharsets.UTF_8);

        final JsonScanner scanner = new JsonScanner().wrap(new UnsafeBuffer(bytes), 0, bytes.length);
        final boolean ours = scanner.skipValue() && scanner.end();

        assertThat(ours).as(mutated).isEqualTo(jacksonAccepts(bytes));
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

    @Provide
    Arbitrary<Double> positions()
    {
        return Arbitraries.doubles().between(0, 1).ofScale(4);
    }

    @Provide
    Arbitrary<Character> mutationChars()
    {
        return Arbitraries.of('{', '}', '[', ']', ':', ',', '"', '\\', ' ', '0', '1', '9', '-', '+', '.', 'e', 'E', 't', 'n', 'u', 'x', 'a');
    }

    @Provide
    Arbitrary<Integer> mutationKinds()
    {
        return Arbitraries.integers().between(0, 2);
    }

    @Provide
    Arbitrary<Object> values()
    {
        return value(4);
    }

    private static Arbitrary<Object> value(final int depth)
    {
        final Arbitrary<Object> scalar = Arbitraries.oneOf(
            strings().map(s -> (Object)s),
            Arbitraries.longs().map(l -> (Object)l),
            Arbitraries.bigDecimals().ofScale(12).between(new BigDecimal("-1e15"), new BigDecimal("1e15")).map(d -> (Object)d),
            Arbitraries.doubles().map(d -> (Object)d),
            Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map(b -> (Object)b),
            Arbitraries.just(null));
        if (depth == 0)
        {
            return scalar;
        }
        final Arbitrary<Object> list = value(depth - 1).list().ofMaxSize(5).map(l -> (Object)l);
        final Arbitrary<Object> map = Combinators.combine(strings().list().ofMaxSize(5), value(depth - 1).list().ofSize(5))
            .as((keys, values) ->
            {
                final Map<String, Object> m = new LinkedHashMap<>();
                for (int i = 0; i < keys.size(); i++)
                {
                    m.put(keys.get(i), values.get(i));
                }
                return (Object)m;
            });
        return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, scalar),
            net.jqwik.api.Tuple.of(1, list),
            net.jqwik.api.Tuple.of(1, map));
    }

    private static Arbitrary<String> strings()
    {
        return Arbitraries.strings()
            .withCharRange('\u0000', '\u007f')
            .withCharRange('\u00a0', '\u07ff')
            .withCharRange('\u4e00', '\u4e50')
            .ofMaxLength(12);
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
