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
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
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
 * {@code <ts>: <frame>} and JSON lines, hftbacktest {@code <ns> <frame>}), plain or gzipped.
 * Several files are merged by receive time. Instruments come from the REST bodies found in the
 * input (exchangeInfo, instruments-info) when present, else symbols are interned on first sight.
 * Binance depth diffs go through the snapshot + diff sync when the input holds depth snapshot
 * bodies (else they are printed as received); Bybit frames from spot/inverse/option connections
 * of a cryptofeed recording are skipped.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
    description = "Print the engine events that recorded venue frames produce, as JSON lines.")
public final class DecodeCommand implements Callable<Integer>
{
    @Option(names = "--venue", required = true, paramLabel = "VENUE", description = "binance or bybit.")
    String venueName;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Recorded frames (plain or .gz); several files are merged by time.")
    List<Path> files;

    @Option(names = "--no-sync", description = "Binance: print depth diffs as received, without the snapshot + diff sync.")
    boolean noSync;

    @Option(names = "--symbol", paramLabel = "SYMBOL",
        description = "Binance: the symbol of depth snapshot bodies that name none (default: the symbol of the last depth diff).")
    String snapshotSymbol;

    @Option(names = "--slot-bytes", paramLabel = "N", defaultValue = "4096",
        description = "Ring slot size the events must fit (book levels are capped to it; default ${DEFAULT-VALUE}).")
    int slotBytes;

    @Override
    public Integer call()
    {
        final Venue venue = venue(venueName);
        for (final Path file : files)
        {
            if (!Files.isReadable(file))
            {
                throw new IllegalArgumentException("decode: cannot read " + file);
            }
        }
        final List<FeedRecording.Record> records = new ArrayList<>();
        for (final Path file : files)
        {
            records.addAll(FeedRecording.read(file));
        }
        if (files.size() > 1 && records.stream().allMatch(r -> r.tsNs() >= 0))
        {
            records.sort(Comparator.comparingLong(FeedRecording.Record::tsNs));
        }

        final PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
        final PrintingSink sink = new PrintingSink(out, slotBytes);
        final Decoder decoder = venue == Venue.BINANCE ? new BinanceDecoder(sink, records) : new BybitDecoder(sink, records);
        long frames = 0;
        final long[] results = new long[FrameResult.COUNT];
        for (final FeedRecording.Record record : records)
        {
            final int result = decoder.decode(record);
            if (result >= 0)
            {
                results[result]++;
                frames++;
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
        System.err.println(summary);
        return Main.EXIT_OK;
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

    private static UnsafeBuffer bytes(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes one record; returns its FrameResult, or -1 if it was not a frame to count. */
    private interface Decoder
    {
        int decode(FeedRecording.Record record);
    }

    private final class BinanceDecoder implements Decoder
    {
        private final SymbolTable symbols = new SymbolTable();
        private final BinanceParser parser;
        private final boolean fromBodies;
        private int lastDepthIndex = -1;

        BinanceDecoder(final EventSink sink, final List<FeedRecording.Record> records)
        {
            final boolean snapshots = records.stream().anyMatch(BinanceDecoder::isDepthSnapshot);
            parser = new BinanceParser(sink, Integer.MAX_VALUE, snapshots && !noSync, BinanceParser.DEFAULT_MAX_PENDING_BYTES);
            boolean bodies = false;
            for (final FeedRecording.Record record : records)
            {
                if (record.kind() == FeedRecording.Kind.HTTP && (record.url().contains("exchangeInfo") || record.text().startsWith("{\"timezone\"")))
                {
                    for (final BinanceInstrument instrument : BinanceInstruments.parseExchangeInfo(record.text()))
                    {
                        if (instrument.isTradablePerpetual())
                        {
                            parser.addInstrument(instrument.symbol(), symbols.instrumentId(Venue.BINANCE, instrument.symbol()));
                        }
                    }
                    bodies = true;
                }
            }
            fromBodies = bodies;
        }

        private static boolean isDepthSnapshot(final FeedRecording.Record record)
        {
            return record.url().contains("/depth") || record.text().startsWith("{\"lastUpdateId\"");
        }

        @Override
        public int decode(final FeedRecording.Record record)
        {
            final UnsafeBuffer buffer = bytes(record.text());
            final long tsInitNs = Math.max(0, record.tsNs());
            if (isDepthSnapshot(record))
            {
                final String symbol = record.url().contains("symbol=") ? record.url().replaceAll(".*symbol=([A-Za-z0-9]+).*", "$1")
                    : snapshotSymbol;
                int index = symbol != null ? parser.instrumentIndex(symbol) : lastDepthIndex;
                if (index < 0 && symbol != null && !fromBodies)
                {
                    index = parser.addInstrument(symbol, symbols.instrumentId(Venue.BINANCE, symbol));
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
                return -1;
            }
            int result = parser.onFrame(buffer, 0, buffer.capacity(), tsInitNs);
            if (result == FrameResult.UNKNOWN_SYMBOL && !fromBodies)
            {
                final String symbol = symbolOf(record.text());
                if (symbol != null)
                {
                    parser.addInstrument(symbol, symbols.instrumentId(Venue.BINANCE, symbol));
                    result = parser.onFrame(buffer, 0, buffer.capacity(), tsInitNs);
                }
            }
            if (record.text().contains("\"depthUpdate\"") && parser.lastInstrumentIndex() >= 0)
            {
                lastDepthIndex = parser.lastInstrumentIndex();
            }
            return result;
        }

        private String symbolOf(final String frame)
        {
            try
            {
                final Object root = JsonTree.parse(frame);
                final Object data = JsonTree.get(root, "data") != null ? JsonTree.get(root, "data") : root;
                return JsonTree.text(data, "s");
            }
            catch (final IllegalArgumentException ex)
            {
                return null;
            }
        }
    }

    private static final class BybitDecoder implements Decoder
    {
        private final SymbolTable symbols = new SymbolTable();
        private final BybitParser parser;
        private final boolean fromBodies;

        BybitDecoder(final EventSink sink, final List<FeedRecording.Record> records)
        {
            parser = new BybitParser(sink);
            boolean bodies = false;
            for (final FeedRecording.Record record : records)
            {
                if (record.kind() == FeedRecording.Kind.HTTP && record.url().contains("instruments-info") && record.url().contains("category=linear"))
                {
                    for (final BybitInstrument instrument : BybitInstruments.parseInstrumentsInfo(record.text()).instruments())
                    {
                        if (instrument.isTradablePerpetual())
                        {
                            parser.addInstrument(instrument.symbol(), symbols.instrumentId(Venue.BYBIT, instrument.symbol()), instrument.fundingIntervalS());
                        }
                    }
                    bodies = true;
                }
            }
            fromBodies = bodies;
        }

        @Override
        public int decode(final FeedRecording.Record record)
        {
            final String url = record.url();
            if (record.kind() == FeedRecording.Kind.HTTP || url.contains("/spot") || url.contains("/inverse") || url.contains("/option"))
            {
                return -1;
            }
            final UnsafeBuffer buffer = bytes(record.text());
            final long tsInitNs = Math.max(0, record.tsNs());
            int result = parser.onFrame(buffer, 0, buffer.capacity(), tsInitNs);
            if (result == FrameResult.UNKNOWN_SYMBOL && !fromBodies)
            {
                final String topic = JsonTree.text(JsonTree.parse(record.text()), "topic");
                if (topic != null)
                {
                    final String symbol = topic.substring(topic.lastIndexOf('.') + 1);
                    parser.addInstrument(symbol, symbols.instrumentId(Venue.BYBIT, symbol));
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
        private long events;

        PrintingSink(final PrintStream out, final int slotBytes)
        {
            this.out = out;
            this.slot = new UnsafeBuffer(new byte[slotBytes]);
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
            out.append(line).append('\n');
            events++;
        }

        @Override
        public void abort(final long sequence)
        {
        }
    }
}
