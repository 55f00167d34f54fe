package io.fundingarb.connectors.bybit;

import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.recording.FeedRecording;
import io.fundingarb.connectors.venue.FrameDecoder;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Recorded Bybit v5 linear frames through {@link BybitParser} ({@code decode --venue bybit}): units
 * from linear instruments-info bodies; frames of a cryptofeed recording's spot, inverse and option
 * connections are skipped.
 */
final class BybitFrameDecoder implements FrameDecoder
{
    /** The fields the parser reads a number from, and the other documented number fields of the same frames. */
    private static final Set<String> NUMBER_FIELDS = Set.of("a", "b", "ts", "cts", "u", "seq", "ask1Price", "ask1Size", "bid1Price", "bid1Size", "fundingIntervalHour", "fundingRate",
        "indexPrice", "lastPrice", "markPrice", "nextFundingTime", "turnover24h", "volume24h", "openInterest", "openInterestValue");

    private final SymbolTable symbols = new SymbolTable();
    private final Setup setup;
    private final BybitParser parser;
    private final Map<FeedRecording.Record, String> badLists = new IdentityHashMap<>();

    @Override
    public Set<String> numberFields()
    {
        return NUMBER_FIELDS;
    }

    BybitFrameDecoder(final Setup setup)
    {
        this.setup = setup;
        parser = new BybitParser(setup.sink());
        for (final String list : setup.instrumentLists())
        {
            addInstruments(list);
        }
        for (final FeedRecording.Record record : setup.records())
        {
            if (record.kind() == FeedRecording.Kind.HTTP && BybitAdapter.isLinearInstrumentsInfo(record.url()))
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
    public int decode(final FeedRecording.Record record)
    {
        if (badLists.containsKey(record))
        {
            return BAD_INSTRUMENT_LIST;
        }
        final String url = record.url();
        if (record.kind() == FeedRecording.Kind.HTTP || url.contains("/spot") || url.contains("/inverse") || url.contains("/option"))
        {
            return NOT_A_FRAME;
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(record.text().getBytes(StandardCharsets.UTF_8));
        final long tsInitNs = Math.max(0, record.tsNs());
        int result = parser.onFrame(buffer, 0, buffer.capacity(), tsInitNs);
        if (result == FrameResult.UNKNOWN_SYMBOL)
        {
            // the parser read the topic, so the frame is JSON
            final String topic = JsonTree.text(JsonTree.parse(record.text()), "topic");
            final String symbol = topic == null ? null : topic.substring(topic.lastIndexOf('.') + 1);
            if (symbol != null && setup.unlisted().seen(symbol))
            {
                final int index = parser.addInstrument(symbol, symbols.instrumentId(Venue.BYBIT, symbol));
                setup.unlisted().registered(parser.instrumentId(index));
                result = parser.onFrame(buffer, 0, buffer.capacity(), tsInitNs);
            }
        }
        return result;
    }

    @Override
    public String instrumentListProblem(final FeedRecording.Record record)
    {
        return badLists.get(record);
    }
}
