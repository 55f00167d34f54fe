package io.fundingarb.connectors.simulator;

import io.fundingarb.connectors.recording.FeedRecording;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * A recorded session for a simulator to replay: the WebSocket frames of one or more recording
 * files merged into one timeline (stable by receive time), and the REST bodies recorded beside
 * them. Any format {@link FeedRecording} reads; a line without a timestamp takes the one of the
 * line before it in its file (0 at the top), so an untimed file replays in file order. A line that
 * cannot be read (a receive time that is not a number, a JSON line that is not JSON) refuses the
 * recording with one line naming its file, line and field.
 * Start-up only: allocates freely.
 */
public final class SimRecording
{
    /**
     * One recorded WebSocket frame.
     *
     * @param tsNs   receive time, epoch ns.
     * @param text   the frame exactly as received.
     * @param source file name and line, for messages.
     */
    public record Frame(long tsNs, String text, String source)
    {
    }

    /** Quote assets recognised at the end of a venue symbol, longest first. */
    private static final List<String> QUOTES = List.of("USDT", "USDC", "BUSD", "USD");

    private final List<Frame> frames;
    private final List<FeedRecording.Record> http;

    private SimRecording(final List<Frame> frames, final List<FeedRecording.Record> http)
    {
        this.frames = List.copyOf(frames);
        this.http = List.copyOf(http);
    }

    /**
     * Reads {@code files} (plain or gzipped) and merges them.
     *
     * @param files     recording files, e.g. a WebSocket capture and the REST bodies of the same session.
     * @param keepFrame which received frames belong to the replayed venue connection (e.g. Bybit linear, not spot).
     */
    public static SimRecording load(final List<Path> files, final Predicate<FeedRecording.Record> keepFrame)
    {
        if (files.isEmpty())
        {
            throw new IllegalArgumentException("a replay needs at least one recording file");
        }
        final List<FeedRecording.Record> records = new ArrayList<>();
        for (final Path file : files)
        {
            final String name = file.getFileName().toString();
            long lastTsNs = 0;
            final FeedRecording.Problems refuse = (line, text, reason) ->
            {
                throw new IllegalArgumentException(file + ":" + line + ": " + reason);
            };
            for (final FeedRecording.Record record : FeedRecording.read(file, refuse))
            {
                final long tsNs = record.tsNs() >= 0 ? record.tsNs() : lastTsNs;
                lastTsNs = tsNs;
                records.add(new FeedRecording.Record(record.line(), tsNs, record.kind(), record.url(), record.conn().isEmpty() ? name : record.conn(),
                    record.text()));
            }
        }
        return of(records, keepFrame);
    }

    /** A recording from records already read (tests, tools); records without a timestamp count as 0. */
    public static SimRecording of(final List<FeedRecording.Record> records, final Predicate<FeedRecording.Record> keepFrame)
    {
        final List<FeedRecording.Record> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingLong(r -> Math.max(0, r.tsNs())));
        final List<Frame> frames = new ArrayList<>();
        final List<FeedRecording.Record> http = new ArrayList<>();
        for (final FeedRecording.Record record : sorted)
        {
            if (record.kind() == FeedRecording.Kind.HTTP)
            {
                http.add(record);
            }
            else if (keepFrame.test(record))
            {
                frames.add(new Frame(Math.max(0, record.tsNs()), record.text(), record.conn() + ":" + record.line()));
            }
        }
        if (frames.isEmpty())
        {
            throw new IllegalArgumentException("the recording holds no WebSocket frame to replay");
        }
        return new SimRecording(frames, http);
    }

    /** The frames in replay order. */
    public List<Frame> frames()
    {
        return frames;
    }

    /** The recorded REST bodies in time order. */
    public List<FeedRecording.Record> http()
    {
        return http;
    }

    /** The REST bodies whose request URL contains {@code urlPart}, in time order. */
    public List<FeedRecording.Record> http(final String urlPart)
    {
        return http.stream().filter(r -> r.url().contains(urlPart)).toList();
    }

    /** The quote asset a venue symbol ends with ({@code BTCUSDT}: USDT); USDT when none is recognised. */
    public static String quoteOf(final String symbol)
    {
        for (final String quote : QUOTES)
        {
            if (symbol.endsWith(quote) && symbol.length() > quote.length())
            {
                return quote;
            }
        }
        return "USDT";
    }

    /** The base asset of a venue symbol: the symbol without its quote ({@code BTCUSDT}: BTC). */
    public static String baseOf(final String symbol)
    {
        final String quote = quoteOf(symbol);
        return symbol.endsWith(quote) ? symbol.substring(0, symbol.length() - quote.length()) : symbol;
    }
}
