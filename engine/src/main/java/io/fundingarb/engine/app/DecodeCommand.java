package io.fundingarb.engine.app;

import io.fundingarb.codecs.EventJson;
import io.fundingarb.codecs.EventSink;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.recording.FeedRecording;
import io.fundingarb.connectors.venue.FrameDecoder;
import io.fundingarb.connectors.venue.FrameDiagnosis;
import io.fundingarb.connectors.venue.VenueAdapter;
import io.fundingarb.connectors.venue.VenueAdapters;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.agrona.collections.IntHashSet;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./run.sh decode --venue binance|bybit|hyperliquid FILE...}: runs recorded venue frames through the
 * venue's parser and prints the engine events they produce as JSON lines (the form of
 * {@code replay --print}). A debugging aid: allocation is fine here.
 *
 * <p>Inputs: one raw frame per line, or the recording formats of shared/data/feeds (cryptofeed
 * {@code <ts>: <frame>} and JSON lines, hftbacktest {@code <ns> <frame>}), plain or gzipped, a
 * UTF-8 byte order mark accepted. Several files are merged by receive time. A line that cannot be
 * read and a frame the parser finds malformed are reported on stderr with file and line number and
 * why (a receive time that is not a number, the field holding a bad number, JSON cut short), counted
 * by kind in the summary line, and skipped ({@code --strict}: the first one stops the run, exit 1). Array frames
 * ({@code !markPrice@arr}) decode element by element.
 *
 * <p>Units come from an instrument list: {@code --instruments FILE} (an exchangeInfo or
 * instruments-info body) and the REST bodies found in the input. A frame of a symbol no list
 * defines is refused (counted UNKNOWN_SYMBOL, the symbols named in the summary), or with
 * {@code --unlisted} decoded with every event marked {@code "unlisted":true}: its units are then
 * assumed to be a USD-M / linear contract's, which an inverse or COIN-M contract's are not.
 * Binance depth diffs go through the snapshot + diff sync when the input holds depth snapshot
 * bodies (else they are printed as received); Bybit frames from spot/inverse/option connections
 * of a cryptofeed recording are skipped. Hyperliquid frames name their coin and need no list: without
 * one every coin decodes as listed (a {@code metaAndAssetCtxs} body as a list restricts them).
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
    description = {
        "Print the engine events that recorded venue frames produce, as JSON lines.",
        "Bad lines and malformed frames are reported on stderr with their line number and skipped.",
        "A frame of a symbol no instrument list defines is refused unless --unlisted is given."},
    footer = {"", "Exit: 0 when done (bad lines skipped), 1 when --strict stopped at a bad line, 2 on a usage error."})
public final class DecodeCommand implements Callable<Integer>
{
    /** Bad lines reported one by one; the rest are counted. */
    private static final int MAX_REPORTED = 100;

    @Option(names = "--venue", required = true, paramLabel = "VENUE", description = "binance, bybit, hyperliquid or kraken.")
    String venueName;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Recorded frames (plain or .gz); several files are merged by time.")
    List<Path> files;

    @Option(names = "--instruments", paramLabel = "FILE",
        description = "The venue's instrument list: a Binance GET /fapi/v1/exchangeInfo, Bybit GET /v5/market/instruments-info?category=linear "
            + "or Hyperliquid POST /info metaAndAssetCtxs response body (JSON, plain or .gz), or a recording holding it. Repeatable; such REST bodies in the input count too.")
    List<Path> instrumentFiles = new ArrayList<>();

    @Option(names = "--unlisted",
        description = "Decode frames of symbols no instrument list defines, every event marked \"unlisted\":true "
            + "(units assumed USD-M / linear, unchecked). Without it they are refused.")
    boolean unlisted;

    @Option(names = "--strict", description = "Stop at the first bad line or malformed frame (exit 1) instead of skipping it.")
    boolean strict;

    @Option(names = "--no-sync", description = "Binance: print depth diffs as received, without the snapshot + diff sync.")
    boolean noSync;

    @Option(names = "--symbol", paramLabel = "SYMBOL",
        description = "Binance: the symbol of depth snapshot bodies that name none (default: the symbol of the last depth diff).")
    String snapshotSymbol;

    @Option(names = "--slot-bytes", paramLabel = "N", defaultValue = "4096",
        description = "Ring slot size the events must fit (book levels are capped to it; default ${DEFAULT-VALUE}).")
    int slotBytes;

    private final Map<String, Unlisted> unlistedSymbols = new TreeMap<>();
    private Line current;
    private long badLines;

    /** Summary counter of a receive time that is not a number or out of range. */
    private static final String BAD_TIMESTAMP = "BAD_TIMESTAMP";
    /** Summary counter of a line in a recording form that cannot be read (a JSON line that is not JSON). */
    private static final String UNREADABLE = "UNREADABLE";
    /** Summary counter of a line in no known form. */
    private static final String UNRECOGNISED = "UNRECOGNISED";

    /** The bad lines by what the summary counts them as; malformed frames by why ({@code FrameDiagnosis} counters). */
    private final Map<String, Long> lineProblems = new TreeMap<>();
    private final Map<String, Long> malformedWhy = new TreeMap<>();

    /**
     * A record of a file, or a line of it that could not be read ({@code problem} set, {@code counter}
     * what the summary counts it as).
     */
    private record Line(Path file, FeedRecording.Record record, String problem, String counter, long sortTsNs)
    {
        String where()
        {
            return file + ":" + record.line();
        }
    }

    /** A symbol no instrument list defines: its frames and where it was first seen. */
    private static final class Unlisted
    {
        private final String firstSeen;
        private long frames;

        Unlisted(final String firstSeen)
        {
            this.firstSeen = firstSeen;
        }
    }

    @Override
    public Integer call()
    {
        final VenueAdapter venue = venue(venueName);
        for (final Path file : concat(files, instrumentFiles))
        {
            if (!Files.isReadable(file))
            {
                throw new IllegalArgumentException("decode: cannot read " + file);
            }
        }
        final List<Line> lines = readAll();
        final List<String> instrumentLists = new ArrayList<>();
        for (final Path file : instrumentFiles)
        {
            instrumentLists.addAll(instrumentBodies(file));
        }

        final PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
        final PrintingSink sink = new PrintingSink(out, slotBytes);
        final List<FeedRecording.Record> records = lines.stream().filter(l -> l.problem() == null).map(Line::record).toList();
        final FrameDecoder decoder = venue.decoder(new FrameDecoder.Setup(sink, records, instrumentLists, !noSync, snapshotSymbol,
            new FrameDecoder.Unlisted()
            {
                @Override
                public boolean seen(final String symbol)
                {
                    return onUnlisted(symbol);
                }

                @Override
                public void registered(final int instrumentId)
                {
                    sink.markUnlisted(instrumentId);
                }
            }));
        long frames = 0;
        final long[] results = new long[FrameResult.COUNT];
        boolean stopped = false;
        for (final Line line : lines)
        {
            current = line;
            final String problem;
            if (line.problem() != null)
            {
                problem = line.problem();
                lineProblems.merge(line.counter(), 1L, Long::sum);
            }
            else
            {
                final int result = decoder.decode(line.record());
                if (result >= 0)
                {
                    results[result]++;
                    frames++;
                }
                problem = result == FrameResult.MALFORMED || result == FrameDecoder.BAD_INSTRUMENT_LIST
                    ? problem(line.record(), result, decoder.diagnose(line.record(), result)) : null;
            }
            if (problem != null)
            {
                report(line, problem);
                if (strict)
                {
                    stopped = true;
                    break;
                }
            }
        }
        out.flush();
        final StringBuilder summary = new StringBuilder("decode: ").append(frames).append(" frames, ").append(sink.events).append(" events");
        for (int r = 0; r < FrameResult.COUNT; r++)
        {
            if (results[r] > 0)
            {
                summary.append(", ").append(FrameResult.name(r)).append(' ').append(results[r]);
                if (r == FrameResult.MALFORMED && !malformedWhy.isEmpty())
                {
                    summary.append(counts(malformedWhy, " (", ")"));
                }
            }
        }
        summary.append(counts(lineProblems, ", ", ""));
        summary.append(badLines == 0 ? "" : ", " + badLines + (stopped ? " bad line: stopped (--strict)" : " bad lines skipped"));
        System.err.println(summary);
        printUnlisted();
        return stopped ? Main.EXIT_CHECK_FAILED : Main.EXIT_OK;
    }

    /** The message of a malformed frame or a bad instrument list body, counted by why. */
    private String problem(final FeedRecording.Record record, final int result, final FrameDiagnosis why)
    {
        if (result == FrameDecoder.BAD_INSTRUMENT_LIST)
        {
            lineProblems.merge(FrameDecoder.BAD_INSTRUMENT_LIST_COUNTER, 1L, Long::sum);
            return "instrument list body that cannot be read" + (why == null ? "" : " (" + why.reason() + ")");
        }
        if (why == null)
        {
            return "malformed frame";
        }
        malformedWhy.merge(why.counter(), 1L, Long::sum);
        return "malformed frame: " + why.reason();
    }

    /** {@code NAME n, NAME n} between {@code before} and {@code after}, or "" if there are none. */
    private static String counts(final Map<String, Long> counts, final String before, final String after)
    {
        return counts.isEmpty() ? "" : counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", ", before, after));
    }

    private List<Line> readAll()
    {
        final List<Line> lines = new ArrayList<>();
        boolean everyLineTimed = true;
        for (final Path file : files)
        {
            final List<Line> problems = new ArrayList<>();
            final List<FeedRecording.Record> records = FeedRecording.read(file, new FeedRecording.Problems()
            {
                @Override
                public void unreadable(final int line, final String text, final String reason)
                {
                    problems.add(new Line(file, badRecord(line, text), "unreadable line (" + reason + ")", UNREADABLE, 0));
                }

                @Override
                public void badTimestamp(final int line, final String text, final String reason)
                {
                    problems.add(new Line(file, badRecord(line, text), reason, BAD_TIMESTAMP, 0));
                }

                @Override
                public void unrecognised(final int line, final String text)
                {
                    problems.add(new Line(file, badRecord(line, text), "not a frame nor a recording line", UNRECOGNISED, 0));
                }
            });
            if (problems.size() > records.size())
            {
                // mostly not frames (a text file, a wrong format): one line, not a line per bad line
                throw new IllegalArgumentException("decode: " + file + " is not a recording: " + problems.size() + " of its " + (problems.size() + records.size())
                    + " lines are neither venue frames nor recording lines (raw frames, cryptofeed or hftbacktest lines, one per line), the first line "
                    + problems.get(0).record().line());
            }
            // records and problems in line order; a problem sorts with the record before it
            int p = 0;
            long lastTsNs = Long.MIN_VALUE;
            for (final FeedRecording.Record record : records)
            {
                while (p < problems.size() && problems.get(p).record().line() < record.line())
                {
                    lines.add(withSortTs(problems.get(p++), lastTsNs));
                }
                everyLineTimed &= record.tsNs() >= 0;
                lastTsNs = record.tsNs();
                lines.add(new Line(file, record, null, null, record.tsNs()));
            }
            while (p < problems.size())
            {
                lines.add(withSortTs(problems.get(p++), lastTsNs));
            }
        }
        if (files.size() > 1 && everyLineTimed)
        {
            lines.sort(Comparator.comparingLong(Line::sortTsNs));
        }
        return lines;
    }

    private static Line withSortTs(final Line line, final long sortTsNs)
    {
        return new Line(line.file(), line.record(), line.problem(), line.counter(), sortTsNs);
    }

    private static FeedRecording.Record badRecord(final int line, final String text)
    {
        return new FeedRecording.Record(line, -1, FeedRecording.Kind.FRAME, "", "", text);
    }

    private void report(final Line line, final String problem)
    {
        badLines++;
        if (badLines <= MAX_REPORTED)
        {
            final String text = line.record().text();
            System.err.println("decode: " + line.where() + ": " + problem + ": " + (text.length() > 120 ? text.substring(0, 120) + "..." : text));
        }
        else if (badLines == MAX_REPORTED + 1)
        {
            System.err.println("decode: further bad lines are counted, not shown");
        }
    }

    private void printUnlisted()
    {
        if (unlistedSymbols.isEmpty())
        {
            return;
        }
        final StringBuilder text = new StringBuilder("decode: no instrument list defines ");
        int shown = 0;
        for (final Map.Entry<String, Unlisted> entry : unlistedSymbols.entrySet())
        {
            if (shown++ == 20)
            {
                text.append(", ... (").append(unlistedSymbols.size()).append(" symbols)");
                break;
            }
            text.append(shown == 1 ? "" : ", ").append(entry.getKey()).append(" (").append(entry.getValue().frames)
                .append(" frames, first ").append(entry.getValue().firstSeen).append(')');
        }
        text.append(unlisted ? ": decoded, events marked \"unlisted\":true (units assumed USD-M / linear)"
            : ": refused; give the venue's instrument list with --instruments FILE, or --unlisted to decode them marked");
        System.err.println(text);
    }

    /**
     * A symbol of the frame in hand that the parser does not know: noted; with {@code --unlisted} the
     * decoder registers it and its events are marked.
     *
     * @return true if it is to be registered (the frame can then be parsed again).
     */
    private boolean onUnlisted(final String symbol)
    {
        unlistedSymbols.computeIfAbsent(symbol, s -> new Unlisted(current.where())).frames++;
        return unlisted;
    }

    private static VenueAdapter venue(final String name)
    {
        final VenueAdapter adapter = VenueAdapters.byName(name);
        if (adapter == null)
        {
            throw new IllegalArgumentException("decode: --venue must be "
                + VenueAdapters.ADAPTERS.stream().map(VenueAdapter::name).collect(Collectors.joining(" or ")) + ", not '" + name + "'");
        }
        return adapter;
    }

    /** The body of an instrument list file, or the REST bodies of a recording holding them. */
    private static List<String> instrumentBodies(final Path file)
    {
        final String text = readText(file);
        if (text.startsWith("{") && !text.startsWith("{\"t\":") || text.startsWith("[") && isOneJsonValue(text))
        {
            return List.of(text); // a body, e.g. exchangeInfo, or Hyperliquid's metaAndAssetCtxs array
        }
        return FeedRecording.read(file).stream()
            .filter(r -> r.kind() == FeedRecording.Kind.HTTP && VenueAdapters.ADAPTERS.stream().anyMatch(a -> a.isInstrumentListUrl(r.url())))
            .map(FeedRecording.Record::text)
            .toList();
    }

    private static boolean isOneJsonValue(final String text)
    {
        try
        {
            JsonTree.parse(text);
            return true;
        }
        catch (final IllegalArgumentException ex)
        {
            return false;
        }
    }

    private static String readText(final Path file)
    {
        try (BufferedReader reader = FeedRecording.open(file))
        {
            final String text = reader.lines().collect(Collectors.joining("\n"));
            return !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static List<Path> concat(final List<Path> a, final List<Path> b)
    {
        final List<Path> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** A one-slot EventSink that prints every committed event as a JSON line. */
    static final class PrintingSink implements EventSink
    {
        private final PrintStream out;
        private final UnsafeBuffer slot;
        private final EventJson json = new EventJson();
        private final StringBuilder line = new StringBuilder(1024);
        private final IntHashSet unlistedIds = new IntHashSet();
        private long events;

        PrintingSink(final PrintStream out, final int slotBytes)
        {
            this.out = out;
            this.slot = new UnsafeBuffer(new byte[slotBytes]);
        }

        /** Marks every event of this instrument {@code "unlisted":true}. */
        void markUnlisted(final int instrumentId)
        {
            unlistedIds.add(instrumentId);
        }

        @Override
        public long claim()
        {
            return events;
        }

        @Override
        public long tryClaim()
        {
            return events;
        }

        @Override
        public MutableDirectBuffer buffer(final long sequence)
        {
            return slot;
        }

        @Override
        public int maxMessageLength()
        {
            return slot.capacity();
        }

        @Override
        public void commit(final long sequence, final int length)
        {
            line.setLength(0);
            json.append(line, sequence, slot, 0, length);
            if (!unlistedIds.isEmpty() && unlistedIds.contains(instrumentId(line)))
            {
                line.insert(line.lastIndexOf("}"), ",\"unlisted\":true");
            }
            out.append(line).append('\n');
            events++;
        }

        @Override
        public void abort(final long sequence)
        {
        }

        /** The {@code instrumentId} of an event's JSON line, or -1. */
        private static int instrumentId(final CharSequence json)
        {
            final String name = "\"instrumentId\":";
            final int at = json.toString().indexOf(name);
            if (at < 0)
            {
                return -1;
            }
            int id = 0;
            for (int i = at + name.length(); i < json.length() && Character.isDigit(json.charAt(i)); i++)
            {
                id = id * 10 + json.charAt(i) - '0';
            }
            return id;
        }
    }
}
