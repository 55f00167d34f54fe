package io.fundingarb.connectors.venue;

import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.binance.BinanceAdapter;
import io.fundingarb.connectors.bybit.BybitAdapter;
import io.fundingarb.connectors.hyperliquid.HyperliquidAdapter;
import io.fundingarb.connectors.kraken.KrakenAdapter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The registry: the venues with a connector, one line each, and the venues the schema and the
 * configuration know without one. The venue name ↔ SBE id ↔ config section mapping lives here and
 * nowhere else. Adding a venue: its package with its adapter, one line in {@link #ADAPTERS}, its
 * SBE {@code Venue} value, its config block.
 */
public final class VenueAdapters
{
    /** The venues with a connector (feed, gateway, decoder, simulator), in the order the modes list them. */
    public static final List<VenueAdapter> ADAPTERS = List.of(
        new BinanceAdapter(),
        new BybitAdapter(),
        new HyperliquidAdapter(),
        new KrakenAdapter());

    /** Venues in the schema and the configuration without a connector yet (their sections hold fees only). */
    private static final List<VenueSection> WITHOUT_CONNECTOR = List.of(
        VenueSection.withoutConnector("okx", Venue.OKX, 0.0005, 0.0002, Duration.ofHours(8)));

    /** Every config section under {@code venues}: the adapters' first, then those without a connector. */
    public static final List<VenueSection> SECTIONS = sections();

    private static final VenueAdapter[] BY_ID = new VenueAdapter[256];
    private static final String[] NAME_BY_ID = new String[256];

    static
    {
        for (final VenueSection section : SECTIONS)
        {
            NAME_BY_ID[section.venue().value()] = section.name();
        }
        for (final VenueAdapter adapter : ADAPTERS)
        {
            BY_ID[adapter.venue().value()] = adapter;
        }
    }

    private VenueAdapters()
    {
    }

    private static List<VenueSection> sections()
    {
        final List<VenueSection> all = new ArrayList<>();
        ADAPTERS.forEach(a -> all.add(a.section()));
        all.addAll(WITHOUT_CONNECTOR);
        return List.copyOf(all);
    }

    /** The adapter of the venue named {@code name} (any case), or null when it has no connector. */
    public static VenueAdapter byName(final String name)
    {
        final String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        for (final VenueAdapter adapter : ADAPTERS)
        {
            if (adapter.name().equals(lower))
            {
                return adapter;
            }
        }
        return null;
    }

    /** As {@link #byName}, failing with a message naming {@code what} and the venues that have a connector. */
    public static VenueAdapter require(final String name, final String what)
    {
        final VenueAdapter adapter = byName(name);
        if (adapter == null)
        {
            throw new IllegalArgumentException(what + ": no connector for venue \"" + name + "\"; expected " + names(" or "));
        }
        return adapter;
    }

    /** The adapter of an SBE venue, or null when it has no connector. */
    public static VenueAdapter of(final Venue venue)
    {
        return venue == null || venue == Venue.NULL_VAL ? null : BY_ID[venue.value()];
    }

    /** The venue of a config section name (any case), connector or not, or null. */
    public static Venue venueOf(final String name)
    {
        final String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        for (final VenueSection section : SECTIONS)
        {
            if (section.name().equals(lower))
            {
                return section.venue();
            }
        }
        return null;
    }

    /** The name of an SBE venue id (raw value), connector or not; null for a value the registry does not know. */
    public static String name(final int venueId)
    {
        return venueId >= 0 && venueId < NAME_BY_ID.length ? NAME_BY_ID[venueId] : null;
    }

    /** The names of the venues with a connector joined by {@code separator}, e.g. "binance, bybit". */
    public static String names(final String separator)
    {
        return ADAPTERS.stream().map(VenueAdapter::name).collect(Collectors.joining(separator));
    }

    /** The names of every venue the configuration knows, connector or not, joined by {@code separator}. */
    public static String sectionNames(final String separator)
    {
        return SECTIONS.stream().map(VenueSection::name).collect(Collectors.joining(separator));
    }

    /** The names of the venues with a connector, in registry order. */
    public static List<String> names()
    {
        return ADAPTERS.stream().map(VenueAdapter::name).toList();
    }
}
