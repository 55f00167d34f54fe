package io.fundingarb.connectors.recording;

import io.fundingarb.connectors.json.JsonTree;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads recorded venue traffic line by line, plain or gzipped, in any of these forms:
 * <ul>
 * <li>a raw frame per line ({@code {...}} or {@code [...]});</li>
 * <li>cryptofeed text: {@code <ts>: <frame>}, REST {@code <url> -> <ts>: <body>}, connection
 * {@code <url> <-> <ts>} (ts in seconds);</li>
 * <li>cryptofeed JSON lines: {@code {"t":"recv"|"http"|"connect"|...,"conn":..,"ts":..,"data":"..."}};</li>
 * <li>hftbacktest: {@code <ns> <frame>}.</li>
 * </ul>
 * A UTF-8 byte order mark at the start of a line is dropped. A line that cannot be read (a JSON
 * line that is not JSON, a receive time that is not a number or out of range) or is none of these
 * forms goes to a {@link Problems}; {@link #read(Path)} throws on the first of the former and skips
 * the latter. Every such reason is one line that names the field, never an exception's own text.
 * For tools and tests: allocates freely.
 */
public final class FeedRecording
{
    /** What a record holds. */
    public enum Kind
    {
        /** A WebSocket frame received. */
        FRAME,
        /** A REST response body; {@link Record#url()} names the request when known. */
        HTTP
    }

    /**
     * One received frame or REST body.
     *
     * @param line   1-based line number in the file.
     * @param tsNs   receive time in epoch nanoseconds, or -1 if the line has none.
     * @param kind   frame or REST body.
     * @param url    the REST request or the connection's address, or "" if unknown.
     * @param conn   the recording's connection name, or "".
     * @param text   the frame or body, exactly as received.
     */
    public record Record(int line, long tsNs, Kind kind, String url, String conn, String text)
    {
    }

    /** Where the lines that are not records go. */
    public interface Problems
    {
        /** A line in one of the forms above that cannot be read. */
        void unreadable(int line, String text, String reason);

        /**
         * A line in one of the forms above whose receive time is not a number or out of range;
         * by default {@link #unreadable}.
         */
        default void badTimestamp(final int line, final String text, final String reason)
        {
            unreadable(line, text, reason);
        }

        /** A line in none of the forms above: skipped by default. */
        default void unrecognised(final int line, final String text)
        {
        }
    }

    /** Throws {@link IllegalArgumentException} naming the line at the first unreadable one; skips unrecognised lines. */
    public static final Problems THROW = (line, text, reason) ->
    {
        throw new IllegalArgumentException("line " + line + ": " + reason);
    };

    private static final char BYTE_ORDER_MARK = '\uFEFF';
    /** The largest receive time in epoch seconds whose nanoseconds fit a long. */
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(Long.MAX_VALUE / 1_000_000_000L);
    /** More decimals than a clock gives: beyond them a receive time is refused, not rounded. */
    private static final int MAX_SECONDS_SCALE = 30;
    /** The feed configuration cryptofeed writes beside its REST records: not a record. */
    private static final String CRYPTOFEED_CONFIGURATION = "configuration: ";

    private FeedRecording()
    {
    }

    /** Opens a file, gunzipping it if it starts with the gzip magic bytes. */
    public static BufferedReader open(final Path file) throws IOException
    {
        final InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        final int b0 = in.read();
        final int b1 = in.read();
        in.reset();
        final InputStream data = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
        return new BufferedReader(new InputStreamReader(data, StandardCharsets.UTF_8), 1 << 16);
    }

    /** Every frame and REST body of a file, in file order. */
    public static List<Record> read(final Path file)
    {
        return read(file, THROW);
    }

    /** Every frame and REST body of a file, in file order; the other lines go to {@code problems}. */
    public static List<Record> read(final Path file, final Problems problems)
    {
        try (BufferedReader reader = open(file))
        {
            return read(reader, problems);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Every frame and REST body of a reader, in order. */
    public static List<Record> read(final BufferedReader reader) throws IOException
    {
        return read(reader, THROW);
    }

    /** Every frame and REST body of a reader, in order; the other lines go to {@code problems}. */
    public static List<Record> read(final BufferedReader reader, final Problems problems) throws IOException
    {
        final List<Record> records = new ArrayList<>();
        final Map<String, String> connectionAddresses = new HashMap<>();
        String connectionUrl = "";
        String text;
        int lineNumber = 0;
        while ((text = reader.readLine()) != null)
        {
            lineNumber++;
            final String line = (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text).strip();
            if (line.isEmpty())
            {
                continue;
            }
            try
            {
                connectionUrl = readLine(lineNumber, line, connectionUrl, connectionAddresses, records, problems);
            }
            catch (final BadTimestamp ex)
            {
                problems.badTimestamp(lineNumber, line, ex.getMessage());
            }
            catch (final IllegalArgumentException ex) // JsonTree's "malformed JSON near offset N"
            {
                problems.unreadable(lineNumber, line, ex.getMessage() == null ? ex.toString() : ex.getMessage());
            }
        }
        return records;
    }

    /** Reads one line into {@code records}; returns the connection address in force after it. */
    private static String readLine(
        final int lineNumber, final String line, final String connectionUrl, final Map<String, String> connectionAddresses,
        final List<Record> records, final Problems problems)
    {
        final char first = line.charAt(0);
        if (first == '{' && line.startsWith("{\"t\":"))
        {
            final Record record = jsonLine(lineNumber, line, connectionAddresses);
            if (record != null)
            {
                records.add(record);
            }
            return connectionUrl;
        }
        if (first == '{' || first == '[')
        {
            records.add(new Record(lineNumber, -1, Kind.FRAME, connectionUrl, "", line));
            return connectionUrl;
        }
        final int space = line.indexOf(' ');
        if (Character.isDigit(first) && space > 0)
        {
            final String ts = line.substring(0, space);
            final long tsNs = ts.endsWith(":") ? secondsToNs(ts.substring(0, ts.length() - 1)) : nanoseconds(ts);
            records.add(new Record(lineNumber, tsNs, Kind.FRAME, connectionUrl, "", line.substring(space + 1)));
            return connectionUrl;
        }
        final int rest = line.indexOf(" -> ");
        final int ws = line.indexOf(" <-> ");
        final int colon = rest > 0 ? line.indexOf(": ", rest + 4) : -1;
        if (rest > 0 && (ws < 0 || rest < ws) && colon > 0)
        {
            records.add(new Record(lineNumber, secondsToNs(line.substring(rest + 4, colon)), Kind.HTTP, line.substring(0, rest), "",
                line.substring(colon + 2)));
            return connectionUrl;
        }
        if (ws > 0 && (rest < 0 || ws < rest))
        {
            return line.substring(0, ws);
        }
        if (!line.startsWith(CRYPTOFEED_CONFIGURATION))
        {
            problems.unrecognised(lineNumber, line);
        }
        return connectionUrl;
    }

    private static Record jsonLine(final int lineNumber, final String line, final Map<String, String> connectionAddresses)
    {
        final Object json = JsonTree.parse(line);
        final String type = JsonTree.text(json, "t");
        final String conn = JsonTree.text(json, "conn") == null ? "" : JsonTree.text(json, "conn");
        final Object ts = JsonTree.get(json, "ts");
        final long tsNs = ts == null ? -1 : ts instanceof BigDecimal ? secondsToNs((BigDecimal)ts, ts.toString()) : secondsToNs(String.valueOf(ts));
        if ("connect".equals(type))
        {
            connectionAddresses.put(conn, JsonTree.text(json, "addr") == null ? "" : JsonTree.text(json, "addr"));
            return null;
        }
        final String data = JsonTree.text(json, "data");
        if (data == null)
        {
            return null;
        }
        if ("recv".equals(type))
        {
            return new Record(lineNumber, tsNs, Kind.FRAME, connectionAddresses.getOrDefault(conn, ""), conn, data);
        }
        if ("http".equals(type))
        {
            final String url = JsonTree.text(json, "url");
            return new Record(lineNumber, tsNs, Kind.HTTP, url == null ? "" : url, conn, data);
        }
        return null;
    }

    /** A receive time that is not a number or out of range. */
    private static final class BadTimestamp extends IllegalArgumentException
    {
        private static final long serialVersionUID = 1L;

        BadTimestamp(final String text, final String unit, final String why)
        {
            super("bad timestamp: \"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\" is " + why + " (" + unit + ")");
        }
    }

    /** Epoch seconds with a fraction (cryptofeed) to epoch nanoseconds. */
    private static long secondsToNs(final String seconds)
    {
        final BigDecimal value;
        try
        {
            value = new BigDecimal(seconds);
        }
        catch (final NumberFormatException ex)
        {
            throw new BadTimestamp(seconds, "epoch seconds", "not a number");
        }
        return secondsToNs(value, seconds);
    }

    private static long secondsToNs(final BigDecimal seconds, final String text)
    {
        // the magnitude from precision and scale first: moving the point of 1e999999999 or
        // 1e-999999999 would build a number of a billion digits
        if (seconds.signum() < 0 || seconds.scale() > MAX_SECONDS_SCALE || seconds.precision() - seconds.scale() > MAX_SECONDS.precision()
            || seconds.compareTo(MAX_SECONDS) > 0)
        {
            throw new BadTimestamp(text, "epoch seconds", "out of range");
        }
        return seconds.movePointRight(9).longValue();
    }

    /** Epoch nanoseconds (hftbacktest). */
    private static long nanoseconds(final String ns)
    {
        try
        {
            return Long.parseLong(ns);
        }
        catch (final NumberFormatException ex)
        {
            final boolean digits = ns.chars().allMatch(Character::isDigit);
            throw new BadTimestamp(ns, "epoch nanoseconds", digits ? "out of range" : "not a whole number");
        }
    }
}
