package io.fundingarb.connectors.gateway;

import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.Venue;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * A venue's instrument ids and symbols both ways, built once at start-up: the gateway writes the
 * symbol of an order's {@code instrumentId} (as pre-encoded ASCII bytes, no String per order)
 * and maps the symbol of a venue report back to the id.
 */
public final class VenueSymbols
{
    private final Int2ObjectHashMap<String> symbols = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<byte[]> symbolBytes = new Int2ObjectHashMap<>();
    private final Map<String, Integer> ids = new HashMap<>();

    public VenueSymbols add(final int instrumentId, final String symbol)
    {
        symbols.put(instrumentId, symbol);
        symbolBytes.put(instrumentId, symbol.getBytes(StandardCharsets.US_ASCII));
        ids.put(symbol, instrumentId);
        return this;
    }

    /** Every instrument of {@code venue} interned in {@code table} ("BINANCE:BTCUSDT" → BTCUSDT). */
    public static VenueSymbols of(final SymbolTable table, final Venue venue)
    {
        final VenueSymbols out = new VenueSymbols();
        final String prefix = venue.name() + ':';
        for (int id = 1; ; id++)
        {
            final String key = table.instrument(id);
            if (key == null)
            {
                return out;
            }
            if (key.startsWith(prefix))
            {
                out.add(id, key.substring(prefix.length()));
            }
        }
    }

    /** The venue symbol, or null. */
    public String symbol(final int instrumentId)
    {
        return symbols.get(instrumentId);
    }

    /** The venue symbol as ASCII bytes (shared: do not modify), or null. */
    public byte[] symbolBytes(final int instrumentId)
    {
        return symbolBytes.get(instrumentId);
    }

    /** The instrument id of a venue symbol, or 0. */
    public int instrumentId(final String symbol)
    {
        final Integer id = symbol == null ? null : ids.get(symbol);
        return id == null ? 0 : id;
    }

    /** Every instrument id, ascending (a new array). */
    public int[] instrumentIds()
    {
        final int[] out = new int[symbols.size()];
        int i = 0;
        for (final Int2ObjectHashMap<String>.KeyIterator it = symbols.keySet().iterator(); it.hasNext();)
        {
            out[i++] = it.nextInt();
        }
        java.util.Arrays.sort(out);
        return out;
    }
}
