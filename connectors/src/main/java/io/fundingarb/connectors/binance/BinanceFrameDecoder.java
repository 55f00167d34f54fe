package io.fundingarb.connectors.binance;

import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.recording.FeedRecording;
import io.fundingarb.connectors.venue.FrameDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Recorded Binance USD-M frames through {@link BinanceParser} ({@code decode --venue binance}):
 * units from exchangeInfo bodies; depth diffs through the snapshot + diff sync when the input holds
 * depth snapshot bodies (else as received); the funding-info and 24 h ticker bodies as the feed
 * reads them; array frames ({@code !markPrice@arr}) element by element.
 */
final class BinanceFrameDecoder implements FrameDecoder
{
    /** The fields the parser reads a number from, and the other documented number fields of the same frames. */
    private static final Set<String> NUMBER_FIELDS = Set.of("E", "T", "p", "i", "P", "r", "U", "u", "pu", "b", "a", "B", "A", "c", "q", "lastUpdateId", "bids", "asks",
        "quoteVolume", "lastPrice", "closeTime", "openTime", "fundingIntervalHours", "markPrice", "indexPrice", "lastFundingRate", "nextFundingTime",
        "time");

    private final SymbolTable symbols = new SymbolTable();
    private final Setup setup;
    private final BinanceParser parser;
    private final Map<FeedRecording.Record, String> badLists = new IdentityHashMap<>();
    private int lastDepthIndex = -1;

    @Override
    public Set<String> numberFields()
    {
        return NUMBER_FIELDS;
    }

    BinanceFrameDecoder(final Setup setup)
    {
        this.setup = setup;
        final boolean snapshots = setup.records().stream().anyMatch(BinanceFrameDecoder::isDepthSnapshot);
        parser = new BinanceParser(setup.sink(), Integer.MAX_VALUE, snapshots && setup.bookSync(), BinanceParser.DEFAULT_MAX_PENDING_BYTES);
        for (final String list : setup.instrumentLists())
        {
            addInstruments(list);
        }
        for (final FeedRecording.Record record : setup.records())
        {
            if (record.kind() == FeedRecording.Kind.HTTP && (record.url().contains("exchangeInfo") || record.text().startsWith("{\"timezone\"")))
            {
                try
                {
                    addInstruments(record.text());
                }
                catch (final IllegalArgumentException ex)
                {
                    badLists.put(record, ex.getMessage());
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

    /** A symbol no list defines: registered when the decode asks for it; true if it was. */
    private boolean unlisted(final String symbol)
    {
        if (!setup.unlisted().seen(symbol))
        {
            return false;
        }
        final int index = parser.addInstrument(symbol, symbols.instrumentId(Venue.BINANCE, symbol));
        setup.unlisted().registered(parser.instrumentId(index));
        return true;
    }

    private static boolean isDepthSnapshot(final FeedRecording.Record record)
    {
        return record.url().contains("/depth") || record.text().startsWith("{\"lastUpdateId\"");
    }

    @Override
    public int decode(final FeedRecording.Record record)
    {
        if (badLists.containsKey(record))
        {
            return BAD_INSTRUMENT_LIST;
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(record.text().getBytes(StandardCharsets.UTF_8));
        final long tsInitNs = Math.max(0, record.tsNs());
        if (isDepthSnapshot(record))
        {
            final String symbol = record.url().contains("symbol=") ? record.url().replaceAll(".*symbol=([A-Za-z0-9]+).*", "$1")
                : setup.snapshotSymbol();
            int index = symbol != null ? parser.instrumentIndex(symbol) : lastDepthIndex;
            if (index < 0 && symbol != null && unlisted(symbol))
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
                    unlisted(symbol);
                }
            }
        }
        int result = parser.onFrame(buffer, 0, buffer.capacity(), tsInitNs);
        if (result == FrameResult.UNKNOWN_SYMBOL && !array)
        {
            final List<String> symbol = symbolsOf(record.text());
            if (symbol.size() == 1 && unlisted(symbol.get(0)))
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
    private static List<String> symbolsOf(final String frame)
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

    @Override
    public String instrumentListProblem(final FeedRecording.Record record)
    {
        return badLists.get(record);
    }
}
