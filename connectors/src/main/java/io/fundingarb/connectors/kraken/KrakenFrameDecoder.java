package io.fundingarb.connectors.kraken;

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
 * Recorded Kraken Futures frames through {@link KrakenParser}. A frame names its product and its
 * prices and sizes are in USD and base units, so no instrument list is needed: without one, every
 * {@code PF_} product is decoded as listed. Given one (a {@code /derivatives/api/v3/instruments}
 * body, apart or recorded among the frames), a product it does not list goes to {@link Unlisted}
 * like any venue's. Inverse {@code PI_} products are never decoded (not traded).
 */
final class KrakenFrameDecoder implements FrameDecoder
{
    /** The fields the parser reads a number from, and the other documented number fields of the same frames. */
    private static final Set<String> NUMBER_FIELDS = Set.of("time", "timestamp", "seq", "price", "qty", "bid", "ask", "bid_size", "ask_size", "markPrice", "index", "last",
        "relative_funding_rate", "funding_rate", "next_funding_rate_time", "volume", "volumeQuote", "openInterest");

    private final SymbolTable symbols = new SymbolTable();
    private final Setup setup;
    private final KrakenParser parser;
    private final Map<FeedRecording.Record, String> badLists = new IdentityHashMap<>();
    private boolean listGiven;

    @Override
    public Set<String> numberFields()
    {
        return NUMBER_FIELDS;
    }

    KrakenFrameDecoder(final Setup setup)
    {
        this.setup = setup;
        parser = new KrakenParser(setup.sink());
        for (final String list : setup.instrumentLists())
        {
            addInstruments(list);
        }
        for (final FeedRecording.Record record : setup.records())
        {
            if (record.kind() == FeedRecording.Kind.HTTP && KrakenAdapter.isInstrumentsUrl(record.url()))
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

    private void addInstruments(final String body)
    {
        for (final KrakenInstrument instrument : KrakenInstruments.parseInstruments(body))
        {
            parser.addInstrument(instrument.symbol(), symbols.instrumentId(Venue.KRAKEN, instrument.symbol()));
        }
        listGiven = true;
    }

    @Override
    public int decode(final FeedRecording.Record record)
    {
        if (badLists.containsKey(record))
        {
            return BAD_INSTRUMENT_LIST;
        }
        if (record.kind() == FeedRecording.Kind.HTTP)
        {
            return NOT_A_FRAME;
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(record.text().getBytes(StandardCharsets.UTF_8));
        final long tsInitNs = Math.max(0, record.tsNs());
        int result = parser.onFrame(buffer, 0, buffer.capacity(), tsInitNs);
        if (result == FrameResult.UNKNOWN_SYMBOL)
        {
            // the parser read the product, so the frame is JSON
            final String product = JsonTree.text(JsonTree.parse(record.text()), "product_id");
            if (product != null && product.startsWith(KrakenInstrument.LINEAR_PERPETUAL_PREFIX) && (!listGiven || setup.unlisted().seen(product)))
            {
                final int index = parser.addInstrument(product, symbols.instrumentId(Venue.KRAKEN, product));
                if (listGiven)
                {
                    setup.unlisted().registered(parser.instrumentId(index));
                }
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
