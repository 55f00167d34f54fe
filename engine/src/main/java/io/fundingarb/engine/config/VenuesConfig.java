package io.fundingarb.engine.config;

import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.venue.VenueAdapter;
import io.fundingarb.connectors.venue.VenueAdapters;
import io.fundingarb.connectors.venue.VenueSection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code venues} section: one sub-section per venue of the registry ({@link VenueAdapters#SECTIONS}),
 * with the venues' published default fee tiers (shared/docs/VENUES.md) and funding intervals as
 * defaults. The venues with a connector are enabled by default, the others not.
 *
 * @param byName every venue's section, by section name, in registry order.
 */
public record VenuesConfig(Map<String, VenueConfig> byName)
{
    public VenuesConfig
    {
        byName = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    /** Venue names (config keys) that have a connector, in registry order. */
    public static final List<String> WITH_CONNECTORS = VenueAdapters.names();

    public static VenuesConfig from(final ConfigNode node)
    {
        final Map<String, VenueConfig> venues = new LinkedHashMap<>();
        for (final VenueSection section : VenueAdapters.SECTIONS)
        {
            final VenueAdapter adapter = VenueAdapters.byName(section.name());
            final boolean connector = adapter != null;
            venues.put(section.name(), VenueConfig.from(node.section(section.name()), section, connector, connector && adapter.orderWsPath() != null));
        }
        node.finish();
        return new VenuesConfig(venues);
    }

    /** The sub-section of a venue name (config key). */
    public VenueConfig get(final String name)
    {
        final VenueConfig venue = byName.get(name);
        if (venue == null)
        {
            throw new IllegalArgumentException("no venues." + name + " section: the venues are " + byName.keySet());
        }
        return venue;
    }

    /** The sub-section of an SBE venue id (io.fundingarb.codecs.sbe.Venue raw value), or null. */
    public VenueConfig byVenueId(final int venueId)
    {
        final String name = VenueAdapters.name(venueId);
        return name == null ? null : byName.get(name);
    }

    /** The sub-section of an SBE venue. */
    public VenueConfig of(final Venue venue)
    {
        return byVenueId(venue.value());
    }
}
