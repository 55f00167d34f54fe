package io.fundingarb.engine.ops;

/** A small JSON writer for the dashboard's state: objects, arrays, strings, numbers; commas placed for the caller. */
final class Json
{
    private final StringBuilder out;
    private boolean comma;

    Json(final StringBuilder out)
    {
        this.out = out;
    }

    Json begin()
    {
        separate();
        out.append('{');
        comma = false;
        return this;
    }

    Json end()
    {
        out.append('}');
        comma = true;
        return this;
    }

    Json array()
    {
        separate();
        out.append('[');
        comma = false;
        return this;
    }

    Json endArray()
    {
        out.append(']');
        comma = true;
        return this;
    }

    /** A member's name; its value follows. */
    Json key(final String name)
    {
        separate();
        string(out, name);
        out.append(':');
        comma = false;
        return this;
    }

    Json value(final String text)
    {
        separate();
        if (text == null)
        {
            out.append("null");
        }
        else
        {
            string(out, text);
        }
        comma = true;
        return this;
    }

    Json value(final long n)
    {
        separate();
        out.append(n);
        comma = true;
        return this;
    }

    Json value(final double d)
    {
        separate();
        out.append(Double.isFinite(d) ? Double.toString(d) : "null");
        comma = true;
        return this;
    }

    Json value(final boolean b)
    {
        separate();
        out.append(b);
        comma = true;
        return this;
    }

    Json field(final String name, final String text)
    {
        return key(name).value(text);
    }

    Json field(final String name, final long n)
    {
        return key(name).value(n);
    }

    Json field(final String name, final double d)
    {
        return key(name).value(d);
    }

    Json field(final String name, final boolean b)
    {
        return key(name).value(b);
    }

    private void separate()
    {
        if (comma)
        {
            out.append(',');
        }
    }

    /** A JSON string literal; {@code <}, {@code >} and {@code &} escaped so that it is safe inside HTML too. */
    static void string(final StringBuilder out, final String text)
    {
        out.append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                out.append('\\').append(c);
            }
            else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029')
            {
                out.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                out.append(c);
            }
        }
        out.append('"');
    }
}
