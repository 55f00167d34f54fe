package io.fundingarb.connectors.simulator;

/**
 * A tiny JSON text writer for the simulators (the venue side: allocation is fine). Handles
 * commas; strings are escaped for quotes, backslashes and control characters.
 */
public final class JsonText
{
    private final StringBuilder out;
    private boolean needComma;

    /** JSON text of a value {@code JsonTree} parsed (members in their order): a request echoed, a member of a parsed answer. */
    @SuppressWarnings("unchecked")
    public static String of(final Object value)
    {
        if (value instanceof java.util.Map)
        {
            final JsonText out = new JsonText(128).beginObject();
            ((java.util.Map<String, Object>)value).forEach((k, v) -> out.name(k).raw(of(v)));
            return out.endObject().toString();
        }
        if (value instanceof java.util.List)
        {
            final JsonText out = new JsonText(128).beginArray();
            ((java.util.List<Object>)value).forEach(v -> out.raw(of(v)));
            return out.endArray().toString();
        }
        if (value instanceof String)
        {
            return new JsonText(32).string((String)value).toString();
        }
        return value instanceof java.math.BigDecimal ? ((java.math.BigDecimal)value).toPlainString() : String.valueOf(value);
    }

    public JsonText()
    {
        this(256);
    }

    public JsonText(final int capacity)
    {
        out = new StringBuilder(capacity);
    }

    public JsonText beginObject()
    {
        comma();
        out.append('{');
        needComma = false;
        return this;
    }

    public JsonText endObject()
    {
        out.append('}');
        needComma = true;
        return this;
    }

    public JsonText beginArray()
    {
        comma();
        out.append('[');
        needComma = false;
        return this;
    }

    public JsonText endArray()
    {
        out.append(']');
        needComma = true;
        return this;
    }

    public JsonText name(final String name)
    {
        comma();
        quote(name);
        out.append(':');
        needComma = false;
        return this;
    }

    public JsonText string(final String value)
    {
        comma();
        if (value == null)
        {
            out.append("null");
        }
        else
        {
            quote(value);
        }
        needComma = true;
        return this;
    }

    public JsonText number(final long value)
    {
        comma();
        out.append(value);
        needComma = true;
        return this;
    }

    /** A literal as is: {@code true}, {@code null}, a decimal number. */
    public JsonText raw(final String literal)
    {
        comma();
        out.append(literal);
        needComma = true;
        return this;
    }

    public JsonText field(final String name, final String value)
    {
        return name(name).string(value);
    }

    public JsonText field(final String name, final long value)
    {
        return name(name).number(value);
    }

    public JsonText rawField(final String name, final String literal)
    {
        return name(name).raw(literal);
    }

    /** A {@code [price, size]} pair of strings, the venues' level format. */
    public JsonText pair(final String a, final String b)
    {
        return beginArray().string(a).string(b).endArray();
    }

    private void comma()
    {
        if (needComma)
        {
            out.append(',');
        }
    }

    private void quote(final String s)
    {
        out.append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            switch (c)
            {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        out.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    @Override
    public String toString()
    {
        return out.toString();
    }
}
