package io.fundingarb.connectors.hyperliquid;

import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.recording.FeedRecording;
import io.fundingarb.connectors.venue.FrameDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Recorded Hyperliquid frames through {@link HyperliquidParser} ({@code decode --venue hyperliquid}),
 * e.g. the hftbacktest recordings ({@code <receive ns> <frame>}). A frame names its coin and its
 * prices and sizes are in that coin and USDC, so no instrument list is needed: without one, every
 * coin is decoded as listed. Given one ({@code --instruments} with a {@code metaAndAssetCtxs} body,
 * or such a body recorded among the frames), a coin it does not list goes to {@link Unlisted}
 * like any venue's. Recorded REST bodies that are not that list are not frames.
 */
final class HyperliquidFrameDecoder implements FrameDecoder
{
    /** The fields the parser reads a number from, and the other documented number fields of the same frames. */
    private static final Set<String> NUMBER_FIELDS = Set.of("time", "px", "sz", "n", "funding", "markPx", "oraclePx", "midPx", "dayNtlVlm", "openInterest", "premium",
        "prevDayPx");

    private final SymbolTable symbols = new SymbolTable();
    private final Setup setup;
    private final HyperliquidParser parser;
    private boolean listGiven;

    @Override
    public Set<String> numberFields()
    {
        return NUMBER_FIELDS;
    }

    HyperliquidFrameDecoder(final Setup setup)
    {
        this.setup = setup;
        parser = new HyperliquidParser(setup.sink());
        for (final String list : setup.instrumentLists())
        {
            addInstruments(list);
        }
        for (final FeedRecording.Record record : setup.records())
        {
            if (record.kind() == FeedRecording.Kind.HTTP && HyperliquidAdapter.isInfoUrl(record.url()))
            {
                try
                {
                    addInstruments(record.text());
                }
                catch (final IllegalArgumentException ex)
                {
                    // another /info answer (clearinghouseState, l2Book, ...): not the instrument list
                }
            }
        }
    }

    private void addInstruments(final String metaAndAssetCtxs)
    {
        for (final HyperliquidInstrument instrument : HyperliquidInstruments.parseMetaAndAssetCtxs(metaAndAssetCtxs))
        {
            if (instrument.isTradable())
            {
                parser.addInstrument(instrument.coin(), symbols.instrumentId(Venue.HYPERLIQUID, instrument.coin()));
            }
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
            // the parser read the coin, so the frame is JSON
            final String coin = JsonTree.text(JsonTree.get(JsonTree.parse(record.text()), "data"), "coin");
            if (coin != null && (!listGiven || setup.unlisted().seen(coin)))
            {
                final int index = parser.addInstrument(coin, symbols.instrumentId(Venue.HYPERLIQUID, coin));
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
