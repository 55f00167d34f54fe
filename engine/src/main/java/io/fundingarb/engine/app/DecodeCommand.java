package io.fundingarb.engine.app;

import io.fundingarb.codecs.EventJson;
import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.binance.BinanceInstrument;
import io.fundingarb.connectors.binance.BinanceInstruments;
import io.fundingarb.connectors.binance.BinanceParser;
import io.fundingarb.connectors.bybit.BybitInstrument;
import io.fundingarb.connectors.bybit.BybitInstruments;
import io.fundingarb.connectors.bybit.BybitParser;
import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.recording.FeedRecording;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 * {@code ./run.sh decode --venue binance|bybit FILE...}: runs recorded venue frames through the
 * venue's parser and prints the engine events they produce as JSON lines (the form of
 * {@code replay --print}). A debugging aid: allocation is fine here.
 *
 * <p>Inputs: one raw frame per line, or the recording formats of shared/data/feeds (cryptofeed
 * {@code <ts>: <frame>} and JSON lines, hftbacktest {@code <ns> <frame>}), plain or gzipped, a
 * UTF-8 byte order mark accepted. Several files are merged by receive time. A line that cannot be
 * read and a frame the parser finds malformed are reported on stderr with file and line number and
 * skipped ({@code --strict}: the first one stops the run, exit 1). Array frames
 * ({@code !markPrice@arr}) decode element by element.
 *
 * <p>Units come from an instrument list: {@code --instruments FILE} (an exchangeInfo or
 * instruments-info body) and the REST bodies found in the input. A frame of a symbol no list
 * defines is refused (counted UNKNOWN_SYMBOL, the symbols named in the summary), or with
 * {@code --unlisted} decoded with every event marked {@code "unlisted":true}: its units are then
 * assumed to be a USD-M / linear contract's, which an inverse or COIN-M contract's are not.
 * Binance depth diffs go through the snapshot + diff sync when the input holds depth snapshot
 * bodies (else they are printed as received); Bybit frames from spot/inverse/option connections
 * of a cryptofeed recording are skipped.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
    description = {
        "Print the engine events that recorded venue frames produce, as JSON lines.",
        "Bad lines and malformed frames are reported on stderr with their line number and skipped.",
        "A frame of a symbol no instrument list defines is refused unless --unlisted is given."},
    footer = {"", "Exit: 0 when done (bad lines skipped), 1 when --strict stopped at a bad line, 2 on a usage error."})
public final class DecodeCommand implements Callable<Integer>
{
    /** {@link Decoder#decode} result: a record that was not a frame to count. */
    private static final int NOT_A_FRAME = -1;
    /** {@link Decoder#decode} result: an instrument list body in the input that cannot be read. */
    private static final int BAD_INSTRUMENT_LIST = -2;
    /** Bad lines reported one by one; the rest are counted. */
    private static final int MAX_REPORTED = 100;

    @Option(names = "--venue", required = true, paramLabel = "VENUE", description = "binance or bybit.")
    String venueName;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Recorded frames (plain or .gz); several files are merged by time.")
    List<Path> files;

    @Option(names = "--instruments", paramLabel = "FILE",
        description = "The venue's instrument list: a Binance GET /fapi/v1/exchangeInfo or Bybit GET /v5/market/instruments-info?category=linear "
            + "response body (JSON, plain or .gz), or a recording holding it. Repeatable; such REST bodies in the input count too.")
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

    /** A record of a file, or a line of it that could not be read ({@code problem} set). */
    private record Line(Path file, FeedRecording.Record record, String problem, long sortTsNs)
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
        final Venue venue = venue(venueName);
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
        final Decoder decoder = venue == Venue.BINANCE ? new BinanceDecoder(sink, lines, instrumentLists) : new BybitDecoder(sink, lines, instrumentLists);
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
            }
            else
            {
                final int result = decoder.decode(line.record());
                if (result >= 0)
                {
                    results[result]++;
                    frames++;
                }
                problem = result == FrameResult.MALFORMED ? "malformed frame"
                    : result == BAD_INSTRUMENT_LIST ? "instrument list body that cannot be read" : null;
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
            }
        }
        summary.append(badLines == 0 ? "" : ", " + badLines + (stopped ? " bad line: stopped (--strict)" : " bad lines skipped"));
        System.err.println(summary);
        printUnlisted();
        return stopped ? Main.EXIT_CHECK_FAILED : Main.EXIT_OK;
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
                    problems.add(new Line(file, badRecord(line, text), "unreadable line (" + reason + ")", 0));
                }

                @Override
                public void unrecognised(final int line, final String text)
                {
                    problems.add(new Line(file, badRecord(line, text), "not a frame nor a recording line", 0));
                }
            });
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
                lines.add(new Line(file, record, null, record.tsNs()));
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
        return new Line(line.file(), line.record(), line.problem(), sortTsNs);
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
     * A symbol of the frame in hand that the parser does not know: with {@code --unlisted} it is
     * registered and its events marked, else noted.
     *
     * @return true if it was registered (the frame can be parsed again).
     */
    private boolean onUnlisted(final String symbol, final Registrar registrar)
    {
        unlistedSymbols.computeIfAbsent(symbol, s -> new Unlisted(current.where())).frames++;
        if (!unlisted)
        {
            return false;
        }
        registrar.register(symbol);
        return true;
    }

    private static Venue venue(final String name)
    {
        switch (name == null ? "" : name.toLowerCase(Locale.ROOT))
        {
            case "binance":
                return Venue.BINANCE;
            case "bybit":
                return Venue.BYBIT;
            default:
                throw new IllegalArgumentException("decode: --venue must be binance or bybit, not '" + name + "'");
        }
    }

    /** The body of an instrument list file, or the REST bodies of a recording holding them. */
    private static List<String> instrumentBodies(final Path file)
    {
        final String text = readText(file);
        if (text.startsWith("{") && !text.startsWith("{\"t\":"))
        {
            return List.of(text);
        }
        return FeedRecording.read(file).stream()
            .filter(r -> r.kind() == FeedRecording.Kind.HTTP && (r.url().contains("exchangeInfo") || isLinearInstrumentsInfo(r.url())))
            .map(FeedRecording.Record::text)
            .toList();
    }

    private static boolean isLinearInstrumentsInfo(final String url)
    {
        return url.contains("instruments-info") && url.contains("category=linear");
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

    private static UnsafeBuffer bytes(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes one record; returns its FrameResult, {@link #NOT_A_FRAME} or {@link #BAD_INSTRUMENT_LIST}. */
    private interface Decoder
    {
        int decode(FeedRecording.Record record);
    }

    /** Registers a symbol no instrument list defines with the parser, its events marked. */
    private interface Registrar
    {
        void register(String symbol);
    }

    private final class BinanceDecoder implements Decoder, Registrar
    {
        private final SymbolTable symbols = new SymbolTable();
        private final PrintingSink sink;
        private final BinanceParser parser;
        private final Set<FeedRecording.Record> badLists = Collections.newSetFromMap(new IdentityHashMap<>());
        private int lastDepthIndex = -1;

        BinanceDecoder(final PrintingSink sink, final List<Line> lines, final List<String> instrumentLists)
        {
            this.sink = sink;
            final boolean snapshots = lines.stream().anyMatch(l -> l.problem() == null && isDepthSnapshot(l.record()));
            parser = new BinanceParser(sink, Integer.MAX_VALUE, snapshots && !noSync, BinanceParser.DEFAULT_MAX_PENDING_BYTES);
            for (final String list : instrumentLists)
            {
                addInstruments(list);
            }
            for (final Line line : lines)
            {
                final FeedRecording.Record record = line.record();
                if (line.problem() == null && record.kind() == FeedRecording.Kind.HTTP
                    && (record.url().contains("exchangeInfo") || record.text().startsWith("{\"timezone\"")))
                {
                    try
                    {
                        addInstruments(record.text());
                    }
                    catch (final IllegalArgumentException ex)
                    {
                        badLists.add(record);
                    }
                }
            }
        }

        private void addInstruments(final String exchangeInfo)
        {
            for (final BinanceInstrument instrument : BinanceInstruments.parseExchangeInfo(exchangeInfo))
            {
                if (instrument.isTradablePerpetual())
                {
                    parser.addInstrument(instrument.symbol(), symbols.instrumentId(Venue.BINANCE, instrument.symbol()));
                }
            }
        }

        @Override
        public void register(final String symbol)
        {
            final int index = parser.addInstrument(symbol, symbols.instrumentId(Venue.BINANCE, symbol));
            sink.markUnlisted(parser.instrumentId(index));
        }

        private static boolean isDepthSnapshot(final FeedRecording.Record record)
        {
            return record.url().contains("/depth") || record.text().startsWith("{\"lastUpdateId\"");
        }

        @Override
        public int decode(final FeedRecording.Record record)
        {
            if (badLists.contains(record))
            {
                return BAD_INSTRUMENT_LIST;
            }
            final UnsafeBuffer buffer = bytes(record.text());
            final long tsInitNs = Math.max(0, record.tsNs());
            if (isDepthSnapshot(record))
            {
                final String symbol = record.url().contains("symbol=") ? record.url().replaceAll(".*symbol=([A-Za-z0-9]+).*", "$1")
                    : snapshotSymbol;
                int index = symbol != null ? parser.instrumentIndex(symbol) : lastDepthIndex;
                if (index < 0 && symbol != null && onUnlisted(symbol, this))
                {
                    index = parser.instrumentIndex(symbol);
                }
                return index < 0 ? FrameResult.UNKNOWN_SYMBOL : parser.onDepthSnapshot(index, buffer, 0, buffer.capacity(), tsInitNs);
            }
            if (record.kind() == FeedRecording.Kind.HTTP)
            {
                if (record.url().contains("fundingInfo"))
                {
                    parser.onFundingInfoBody(buffer, 0, buffer.capacity());
                }
                else if (record.url().contains("ticker/24hr"))
                {
                    parser.onTicker24hBody(buffer, 0, buffer.capacity(), tsInitNs);
                }
                return NOT_A_FRAME;
            }
            final boolean array = record.text().startsWith("[") || record.text().contains("\"data\":[");
            if (array)
            {
                // every element's symbol before the frame, so that each element decodes (or is refused) on its own
                for (final String symbol : symbolsOf(record.text()))
                {
                    if (parser.instrumentIndex(symbol) < 0)
                    {
                        onUnlisted(symbol, this);
                    }
                }
            }
            int result = parser.onFrame(buffer, 0, buffer.capacity(), tsInitNs);
            if (result == FrameResult.UNKNOWN_SYMBOL && !array)
            {
                final List<String> symbol = symbolsOf(record.text());
                if (symbol.size() == 1 && onUnlisted(symbol.get(0), this))
                {
                    result = parser.onFrame(buffer, 0, buffer.capacity(), tsInitNs);
                }
            }
            if (record.text().contains("\"depthUpdate\"") && parser.lastInstrumentIndex() >= 0)
            {
                lastDepthIndex = parser.lastInstrumentIndex();
            }
            return result;
        }

        /** The {@code s} of the event, or of each event of an array frame. */
        private List<String> symbolsOf(final String frame)
        {
            final List<String> found = new ArrayList<>();
            try
            {
                final Object root = JsonTree.parse(frame);
                final Object data = JsonTree.get(root, "data") != null ? JsonTree.get(root, "data") : root;
                for (final Object event : data instanceof List<?> ? JsonTree.list(data) : List.of(data))
                {
                    final String symbol = JsonTree.text(event, "s");
                    if (symbol != null)
                    {
                        found.add(symbol);
                    }
                }
            }
            catch (final IllegalArgumentException ex)
            {
                // not JSON: the parser has counted it MALFORMED
            }
            return found;
        }
    }

    private final class BybitDecoder implements Decoder, Registrar
    {
        private final SymbolTable symbols = new SymbolTable();
        private final PrintingSink sink;
        private final BybitParser parser;
        private final Set<FeedRecording.Record> badLists = Collections.newSetFromMap(new IdentityHashMap<>());

        BybitDecoder(final PrintingSink sink, final List<Line> lines, final List<String> instrumentLists)
        {
            this.sink = sink;
            parser = new BybitParser(sink);
            for (final String list : instrumentLists)
            {
                addInstruments(list);
            }
            for (final Line line : lines)
            {
                final FeedRecording.Record record = line.record();
                if (line.problem() == null && record.kind() == FeedRecording.Kind.HTTP && isLinearInstrumentsInfo(record.url()))
                {
                    try
                    {
                        addInstruments(record.text());
                    }
                    catch (final IllegalArgumentException ex)
                    {
                        badLists.add(record);
                    }
                }
            }
        }

        private void addInstruments(final String instrumentsInfo)
        {
            for (final BybitInstrument instrument : BybitInstruments.parseInstrumentsInfo(instrumentsInfo).instruments())
            {
                if (instrument.isTradablePerpetual())
                {
                    parser.addInstrument(instrument.symbol(), symbols.instrumentId(Venue.BYBIT, instrument.symbol()), instrument.fundingIntervalS());
                }
            }
        }

        @Override
        public void register(final String symbol)
        {
            final int index = parser.addInstrument(symbol, symbols.instrumentId(Venue.BYBIT, symbol));
            sink.markUnlisted(parser.instrumentId(index));
        }

        @Override
        public int decode(final FeedRecording.Record record)
        {
            if (badLists.contains(record))
            {
                return BAD_INSTRUMENT_LIST;
            }
            final String url = record.url();
            if (record.kind() == FeedRecording.Kind.HTTP || url.contains("/spot") || url.contains("/inverse") || url.contains("/option"))
            {
                return NOT_A_FRAME;
            }
            final UnsafeBuffer buffer = bytes(record.text());
            final long tsInitNs = Math.max(0, record.tsNs());
            int result = parser.onFrame(buffer, 0, buffer.capacity(), tsInitNs);
            if (result == FrameResult.UNKNOWN_SYMBOL)
            {
                // the parser read the topic, so the frame is JSON
                final String topic = JsonTree.text(JsonTree.parse(record.text()), "topic");
                if (topic != null && onUnlisted(topic.substring(topic.lastIndexOf('.') + 1), this))
                {
                    result = parser.onFrame(buffer, 0, buffer.capacity(), tsInitNs);
                }
            }
            return result;
        }
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
