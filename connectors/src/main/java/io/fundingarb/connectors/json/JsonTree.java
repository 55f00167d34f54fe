package io.fundingarb.connectors.json;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads a whole JSON text into plain Java values with {@link JsonScanner}: objects become
 * {@code LinkedHashMap<String, Object>} (a repeated name keeps the last value), arrays
 * {@code ArrayList<Object>}, strings {@code String}, numbers {@code BigDecimal}, literals
 * {@code Boolean} or {@code null}. Allocates freely: for start-up REST bodies (instruments,
 * funding info) and tools, never for market data.
 */
public final class JsonTree
{
    private JsonTree()
    {
    }

    /** Parses a JSON text; throws {@link IllegalArgumentException} naming the offset if it is malformed. */
    public static Object parse(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return parse(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    /** Parses a JSON text; throws {@link IllegalArgumentException} naming the offset if it is malformed. */
    public static Object parse(final DirectBuffer buffer, final int offset, final int length)
    {
        final JsonScanner scanner = new JsonScanner().wrap(buffer, offset, length);
        final Object value = value(scanner);
        if (!scanner.end())
        {
            throw new IllegalArgumentException("malformed JSON near offset " + (scanner.position() - offset));
        }
        return value;
    }

    private static Object value(final JsonScanner scanner)
    {
        switch (scanner.peek())
        {
            case JsonScanner.OBJECT:
            {
                final Map<String, Object> map = new LinkedHashMap<>();
                scanner.beginObject();
                while (scanner.nextField())
                {
                    final String name = scanner.nameToString();
                    map.put(name, value(scanner));
                }
                return check(scanner, map);
            }
            case JsonScanner.ARRAY:
            {
                final List<Object> list = new ArrayList<>();
                scanner.beginArray();
                while (scanner.nextElement())
                {
                    list.add(value(scanner));
                }
                return check(scanner, list);
            }
            default:
                if (!scanner.readScalar())
                {
                    throw new IllegalArgumentException("malformed JSON near offset " + scanner.position());
                }
                switch (scanner.valueType())
                {
                    case JsonScanner.STRING:
                        return scanner.valueToString();
                    case JsonScanner.NUMBER:
                        return new BigDecimal(scanner.valueToString());
                    case JsonScanner.TRUE:
                        return Boolean.TRUE;
                    case JsonScanner.FALSE:
                        return Boolean.FALSE;
                    default:
                        return null;
                }
        }
    }

    private static Object check(final JsonScanner scanner, final Object value)
    {
        if (scanner.error())
        {
            throw new IllegalArgumentException("malformed JSON near offset " + scanner.position());
        }
        return value;
    }

    // ------------------------------------------------------------------ navigation helpers

    /** The member {@code name} of an object value, or null. */
    @SuppressWarnings("unchecked")
    public static Object get(final Object object, final String name)
    {
        return object instanceof Map ? ((Map<String, Object>)object).get(name) : null;
    }

    /** The elements of an array value, or an empty list. */
    @SuppressWarnings("unchecked")
    public static List<Object> list(final Object array)
    {
        return array instanceof List ? (List<Object>)array : List.of();
    }

    /** A string or number member as text, or null. */
    public static String text(final Object object, final String name)
    {
        final Object value = get(object, name);
        if (value instanceof BigDecimal)
        {
            return ((BigDecimal)value).toPlainString();
        }
        return value instanceof String ? (String)value : null;
    }
}
