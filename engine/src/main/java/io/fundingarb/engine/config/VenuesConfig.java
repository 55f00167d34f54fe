package io.fundingarb.engine.config;

import io.fundingarb.connectors.transport.ReconnectLimiter;

import java.time.Duration;

/**
 * The {@code venues} section: one sub-section per venue, with the venues' published default fee
 * tiers (shared/docs/VENUES.md) and funding intervals as defaults. The venues with a market-data
 * connector ({@link #WITH_CONNECTORS}) are enabled by default, the others not.
 */
public record VenuesConfig(VenueConfig binance, VenueConfig bybit, VenueConfig okx, VenueConfig hyperliquid, VenueConfig kraken)
{
    /** Venue names (config keys) that have a market-data connector. */
    public static final java.util.List<String> WITH_CONNECTORS = java.util.List.of("binance", "bybit");

    public static VenuesConfig from(final ConfigNode node)
    {
        final VenueConfig binance = VenueConfig.from(node.section("binance"), 0.0005, 0.0002, Duration.ofHours(8), true, true, true,
            ReconnectLimiter.BINANCE_DOCUMENTED_PER_MINUTE);
        final VenueConfig bybit = VenueConfig.from(node.section("bybit"), 0.00055, 0.0002, Duration.ofHours(8), true, false, true,
            ReconnectLimiter.BYBIT_DOCUMENTED_PER_MINUTE);
        final VenueConfig okx = VenueConfig.from(node.section("okx"), 0.0005, 0.0002, Duration.ofHours(8), false, false, false, 0);
        final VenueConfig hyperliquid = VenueConfig.from(node.section("hyperliquid"), 0.00045, 0.00015, Duration.ofHours(1), false, false, false, 0);
        final VenueConfig kraken = VenueConfig.from(node.section("kraken"), 0.0005, 0.0002, Duration.ofHours(1), false, false, false, 0);
        node.finish();
        return new VenuesConfig(binance, bybit, okx, hyperliquid, kraken);
    }

    /** The sub-section of an SBE venue id (io.fundingarb.codecs.sbe.Venue raw value), or null. */
    public VenueConfig byVenueId(final int venueId)
    {
        switch (venueId)
        {
            case 1: return binance;
            case 2: return bybit;
            case 3: return okx;
            case 4: return hyperliquid;
            case 5: return kraken;
            default: return null;
        }
    }
}
