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
        try (BufferedReader reader = open(file))
        {
            return read(reader);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Every frame and REST body of a reader, in order. */
    public static List<Record> read(final BufferedReader reader) throws IOException
    {
        final List<Record> records = new ArrayList<>();
        final Map<String, String> connectionAddresses = new HashMap<>();
        String connectionUrl = "";
        String text;
        int lineNumber = 0;
        while ((text = reader.readLine()) != null)
        {
            lineNumber++;
            final String line = text.strip();
            if (line.isEmpty())
            {
                continue;
            }
            final char first = line.charAt(0);
            if (first == '{' && line.startsWith("{\"t\":"))
            {
                final Record record = jsonLine(lineNumber, line, connectionAddresses);
                if (record != null)
                {
                    records.add(record);
                }
                continue;
            }
            if (first == '{' || first == '[')
            {
                records.add(new Record(lineNumber, -1, Kind.FRAME, connectionUrl, "", line));
                continue;
            }
            if (Character.isDigit(first))
            {
                final int space = line.indexOf(' ');
                if (space < 0)
                {
                    continue;
                }
                final String ts = line.substring(0, space);
                if (ts.endsWith(":"))
                {
                    records.add(new Record(lineNumber, secondsToNs(ts.substring(0, ts.length() - 1)), Kind.FRAME, connectionUrl, "",
                        line.substring(space + 1)));
                }
                else
                {
                    records.add(new Record(lineNumber, Long.parseLong(ts), Kind.FRAME, connectionUrl, "", line.substring(space + 1)));
                }
                continue;
            }
            final int rest = line.indexOf(" -> ");
            final int ws = line.indexOf(" <-> ");
            if (rest > 0 && (ws < 0 || rest < ws))
            {
                final String url = line.substring(0, rest);
                final String after = line.substring(rest + 4);
                final int colon = after.indexOf(": ");
                if (colon > 0)
                {
                    records.add(new Record(lineNumber, secondsToNs(after.substring(0, colon)), Kind.HTTP, url, "", after.substring(colon + 2)));
                }
            }
            else if (ws > 0)
            {
                connectionUrl = line.substring(0, ws);
            }
        }
        return records;
    }

    private static Record jsonLine(final int lineNumber, final String line, final Map<String, String> connectionAddresses)
    {
        final Object json = JsonTree.parse(line);
        final String type = JsonTree.text(json, "t");
        final String conn = JsonTree.text(json, "conn") == null ? "" : JsonTree.text(json, "conn");
        final Object ts = JsonTree.get(json, "ts");
        final long tsNs = ts instanceof BigDecimal ? ((BigDecimal)ts).movePointRight(9).longValue() : -1;
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

    private static long secondsToNs(final String seconds)
    {
        return new BigDecimal(seconds).movePointRight(9).longValue();
    }
}
