package io.fundingarb.connectors.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls the few fields a simulator needs out of a client's control message (subscribe, ping)
 * with patterns: client messages are tiny and the simulator is allowed to allocate. Not a JSON
 * parser: a message it cannot read yields nulls, which the venue answers as an error.
 */
public final class MessageFields
{
    private MessageFields()
    {
    }

    /** A string field's value, or null. */
    public static String string(final String json, final String name)
    {
        final Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    /** A scalar field's literal text (number, true/false/null, or a quoted string with quotes), or null. */
    public static String literal(final String json, final String name)
    {
        final Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[-0-9.eE+]+|true|false|null)").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    /** The strings of an array-of-strings field, or null when absent. */
    public static List<String> strings(final String json, final String name)
    {
        final Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(json);
        if (!m.find())
        {
            return null;
        }
        final List<String> out = new ArrayList<>();
        final Matcher item = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(m.group(1));
        while (item.find())
        {
            out.add(item.group(1));
        }
        return out;
    }
}
