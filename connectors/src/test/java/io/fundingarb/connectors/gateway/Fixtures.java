package io.fundingarb.connectors.gateway;

import io.fundingarb.connectors.json.JsonTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The venues' documented messages kept under {@code src/test/resources/fixtures/<venue>/} (each
 * folder's README names the doc page), and the shape of a JSON message: every member's path and
 * JSON type, so a simulator's answer can be held to the documented example.
 */
public final class Fixtures
{
    private Fixtures()
    {
    }

    /** The text of {@code fixtures/<name>}. */
    public static String text(final String name)
    {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name))
        {
            if (in == null)
            {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Path → JSON type ("string", "number", "boolean", "null", "object", "array") of every member,
     * nested objects included; an array's elements are described by its first one ({@code list[]}).
     */
    public static Map<String, String> shape(final String json)
    {
        final Map<String, String> out = new TreeMap<>();
        walk("", JsonTree.parse(json), out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void walk(final String path, final Object value, final Map<String, String> out)
    {
        if (value instanceof Map)
        {
            if (!path.isEmpty())
            {
                out.put(path, "object");
            }
            for (final Map.Entry<String, Object> member : ((Map<String, Object>)value).entrySet())
            {
                walk(path.isEmpty() ? member.getKey() : path + "." + member.getKey(), member.getValue(), out);
            }
        }
        else if (value instanceof List)
        {
            out.put(path, "array");
            final List<Object> list = (List<Object>)value;
            if (!list.isEmpty())
            {
                walk(path + "[]", list.get(0), out);
            }
        }
        else
        {
            out.put(path, value instanceof String ? "string" : value instanceof BigDecimal ? "number" : value instanceof Boolean ? "boolean" : "null");
        }
    }
}
