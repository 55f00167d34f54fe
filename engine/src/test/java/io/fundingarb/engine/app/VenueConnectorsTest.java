package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.feed.FeedTimings;
import io.fundingarb.connectors.feed.MarketDataFeed;
import io.fundingarb.engine.config.ConfigLoader;
import io.fundingarb.engine.config.FundingArbConfig;
import io.fundingarb.engine.gateway.CapturingSink;
import java.util.LinkedHashMap;
import java.util.Map;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Test;

/** The feeds come from the adapter registry: a venue without a connector gets none, never another venue's. */
class VenueConnectorsTest
{
    private static final VenueConnectors.Endpoint LOOPBACK = new VenueConnectors.Endpoint("ws://127.0.0.1:9", "http://127.0.0.1:9");

    private static VenueConnectors connectors(final FundingArbConfig config, final String... venues)
    {
        final Map<String, VenueConnectors.Endpoint> endpoints = new LinkedHashMap<>();
        for (final String venue : venues)
        {
            endpoints.put(venue, LOOPBACK);
        }
        return VenueConnectors.create(config, endpoints, FeedTimings.defaults(), new CapturingSink(), new SystemEpochNanoClock(), new SymbolTable());
    }

    @Test
    void shouldBuildOneFeedPerEnabledVenueWithAConnector()
    {
        try (VenueConnectors connectors = connectors(ConfigLoader.defaults(), "binance", "bybit"))
        {
            assertThat(connectors.feeds()).extracting(MarketDataFeed::venue).containsExactly(Venue.BINANCE, Venue.BYBIT);
        }
    }

    @Test
    void shouldBuildNoFeedForAnEnabledVenueWithoutAConnector()
    {
        final FundingArbConfig config = ConfigLoader.parse("venues:\n  okx:\n    enabled: true\n  bybit:\n    enabled: false\n", "test.yaml");
        try (VenueConnectors connectors = connectors(config, "okx", "bybit"))
        {
            assertThat(connectors.feeds()).isEmpty();
        }
    }

    @Test
    void shouldBuildEachVenueItsOwnFeed()
    {
        final FundingArbConfig config = ConfigLoader.parse("venues:\n  binance:\n    enabled: false\n", "test.yaml");
        try (VenueConnectors connectors = connectors(config, "binance", "bybit"))
        {
            assertThat(connectors.feeds()).extracting(MarketDataFeed::venue).containsExactly(Venue.BYBIT);
        }
    }
}
