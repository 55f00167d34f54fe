package io.fundingarb.codecs;

import io.fundingarb.codecs.sbe.Venue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Interns names to the {@code int} ids that travel on the rings: tokens ("BTC") to token ids
 * shared by every venue, and (venue, venue symbol) to instrument ids. Used at start-up by the
 * connectors, never per event; ids are dense from 1 in order of first use, so a session that
 * defines the same instruments in the same order gets the same ids. Thread-safe.
 */
public final class SymbolTable
{
    private final Map<String, Integer> tokenIds = new HashMap<>();
    private final List<String> tokens = new ArrayList<>();
    private final Map<String, Integer> instrumentIds = new HashMap<>();
    private final List<String> instruments = new ArrayList<>();

    public SymbolTable()
    {
        tokens.add("");
        instruments.add("");
    }

    /** The id of a token (base asset, upper case), interned on first use. */
    public synchronized int tokenId(final String token)
    {
        final String key = token.toUpperCase(Locale.ROOT);
        Integer id = tokenIds.get(key);
        if (id == null)
        {
            id = tokens.size();
            tokens.add(key);
            tokenIds.put(key, id);
        }
        return id;
    }

    /** The id of a venue's instrument, interned on first use. */
    public synchronized int instrumentId(final Venue venue, final String venueSymbol)
    {
        final String key = venue.name() + ':' + venueSymbol;
        Integer id = instrumentIds.get(key);
        if (id == null)
        {
            id = instruments.size();
            instruments.add(key);
            instrumentIds.put(key, id);
        }
        return id;
    }

    /** The token of an id, or null. */
    public synchronized String token(final int tokenId)
    {
        return tokenId > 0 && tokenId < tokens.size() ? tokens.get(tokenId) : null;
    }

    /** "VENUE:SYMBOL" of an instrument id, or null. */
    public synchronized String instrument(final int instrumentId)
    {
        return instrumentId > 0 && instrumentId < instruments.size() ? instruments.get(instrumentId) : null;
    }
}
