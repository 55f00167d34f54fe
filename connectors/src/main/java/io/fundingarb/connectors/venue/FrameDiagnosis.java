package io.fundingarb.connectors.venue;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.connectors.json.JsonTree;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a frame a parser counted malformed is so, for {@code decode}'s message: the frame is not
 * JSON (cut short, or a bare number with a stray character), or a field the venue documents as a
 * number holds something else. The parsers only count a malformed frame (no String on their hot
 * path); this reads the frame again, slowly, after the fact. A debugging aid: allocates freely.
 *
 * @param counter what the summary line counts it as: {@link #BAD_NUMBER} or {@link #NOT_JSON}.
 * @param reason  one line naming the field or the offset.
 */
public record FrameDiagnosis(String counter, String reason)
{
    /** A documented number field holding something that is not one. */
    public static final String BAD_NUMBER = "BAD_NUMBER";
    /** Not JSON, e.g. a line cut short. */
    public static final String NOT_JSON = "NOT_JSON";

    /** The name of the last field that starts before a position: {@code "name":} and what follows, to the end. */
    private static final Pattern LAST_FIELD = Pattern.compile(".*\"([^\"]{1,40})\"\\s*:[^\"]*(\"[^\"]*\")?[^\"]*$", Pattern.DOTALL);

    /**
     * The first reason found, or null if the frame is JSON and every number field holds a number
     * (it is malformed for another reason: a missing or repeated field, a price at or below zero).
     *
     * @param frame        the frame's text.
     * @param numberFields the names of the fields that hold a number, a numeric string, or arrays of them (book levels).
     */
    public static FrameDiagnosis of(final String frame, final Set<String> numberFields)
    {
        final Object root;
        try
        {
            root = JsonTree.parse(frame);
        }
        catch (final IllegalArgumentException ex)
        {
            if (cutShort(frame))
            {
                return new FrameDiagnosis(NOT_JSON, "not JSON: cut short after " + frame.length() + " characters");
            }
            final String digits = ex.getMessage() == null ? "" : ex.getMessage().replaceAll("\\D+", "");
            final int offset = digits.isEmpty() || digits.length() > 9 ? frame.length() : Math.min(frame.length(), Integer.parseInt(digits));
            final Matcher field = LAST_FIELD.matcher(frame.substring(Math.max(0, offset - 200), offset));
            return new FrameDiagnosis(NOT_JSON, "not JSON near character " + offset + (field.find() ? " (field " + field.group(1) + ")" : ""));
        }
        final String path = badNumber(root, "", numberFields, false);
        return path == null ? null : new FrameDiagnosis(BAD_NUMBER, path);
    }

    /** Whether a text ends inside a string or with a bracket left open: a line cut short. */
    private static boolean cutShort(final String text)
    {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c == '{' || c == '[')
            {
                depth++;
            }
            else if (c == '}' || c == ']')
            {
                depth--;
            }
        }
        return inString || depth > 0;
    }

    /** The path and value of the first bad number under {@code node}, or null. */
    private static String badNumber(final Object node, final String path, final Set<String> numberFields, final boolean number)
    {
        if (node instanceof Map<?, ?> object)
        {
            for (final Map.Entry<?, ?> entry : object.entrySet())
            {
                final String name = String.valueOf(entry.getKey());
                final String found = badNumber(entry.getValue(), path.isEmpty() ? name : path + "." + name, numberFields,
                    numberFields.contains(name));
                if (found != null)
                {
                    return found;
                }
            }
            return null;
        }
        if (node instanceof List<?> array)
        {
            for (int i = 0; i < array.size(); i++)
            {
                final String found = badNumber(array.get(i), path + "[" + i + "]", numberFields, number);
                if (found != null)
                {
                    return found;
                }
            }
            return null;
        }
        if (!number || node == null || isNumber(node))
        {
            return null;
        }
        final String text = String.valueOf(node);
        return "field " + path + " is not a number: \"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"";
    }

    /** A decimal at the engine's scale, a whole number (times in ms or ns), or an empty string (a field the venue leaves blank). */
    private static boolean isNumber(final Object value)
    {
        if (value instanceof BigDecimal decimal && (decimal.scale() > 40 || decimal.precision() - decimal.scale() > 20))
        {
            return false; // far beyond a long: not written out (1e999999999 has a billion digits)
        }
        final String text = value instanceof BigDecimal decimal ? decimal.toPlainString() : value instanceof String s ? s : null;
        if (text == null)
        {
            return false;
        }
        if (text.isEmpty() || FixedPoint.parseSaturating(text) != FixedPoint.NULL)
        {
            return true;
        }
        try
        {
            Long.parseLong(text);
            return true;
        }
        catch (final NumberFormatException ex)
        {
            return false;
        }
    }
}
