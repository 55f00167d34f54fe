package io.fundingarb.connectors.kraken;

import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.recording.FeedRecording;
import io.fundingarb.connectors.venue.FrameDecoder;
import java.nio.charset.StandardCharsets;
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
    private final SymbolTable symbols = new SymbolTable();
    private final Setup setup;
    private final KrakenParser parser;
    private boolean listGiven;

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
                addInstruments(record.text());
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
}
