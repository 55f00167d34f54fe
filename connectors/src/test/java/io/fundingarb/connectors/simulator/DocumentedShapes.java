package io.fundingarb.connectors.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.TreeSet;

/**
 * A simulator payload against a documented one: the same field names at every level and the same
 * JSON types (string, number, array, object), values aside. Arrays compare their elements with the
 * documented array's first element; a documented empty array must stay empty.
 */
public final class DocumentedShapes
{
    private static final ObjectMapper JACKSON = new ObjectMapper();

    private DocumentedShapes()
    {
    }

    public static void assertSameShape(final String actual, final String documented)
    {
        try
        {
            compare("$", JACKSON.readTree(actual), JACKSON.readTree(documented));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void compare(final String path, final JsonNode actual, final JsonNode documented)
    {
        assertThat(actual.getNodeType()).as("type of %s", path).isEqualTo(documented.getNodeType());
        if (documented.isObject())
        {
            assertThat(names(actual)).as("fields of %s", path).isEqualTo(names(documented));
            for (final Iterator<String> it = documented.fieldNames(); it.hasNext();)
            {
                final String name = it.next();
                compare(path + "." + name, actual.get(name), documented.get(name));
            }
        }
        else if (documented.isArray())
        {
            if (documented.isEmpty())
            {
                assertThat(actual.size()).as("%s is empty as documented", path).isZero();
            }
            for (int i = 0; i < actual.size() && !documented.isEmpty(); i++)
            {
                compare(path + "[" + i + "]", actual.get(i), documented.get(0));
            }
        }
    }

    private static TreeSet<String> names(final JsonNode node)
    {
        final TreeSet<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
