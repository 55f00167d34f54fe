package io.fundingarb.connectors.venue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fundingarb.codecs.sbe.Venue;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VenueAdaptersTest
{
    @Test
    void shouldGiveEverySchemaVenueOneSection()
    {
        final Set<Venue> schema = new HashSet<>(Arrays.asList(Venue.values()));
        schema.remove(Venue.NULL_VAL);
        assertThat(VenueAdapters.SECTIONS).extracting(VenueSection::venue).containsExactlyInAnyOrderElementsOf(schema);
        assertThat(VenueAdapters.SECTIONS).extracting(VenueSection::name).doesNotHaveDuplicates();
    }

    @Test
    void shouldMapNameToIdAndBack()
    {
        for (final VenueSection section : VenueAdapters.SECTIONS)
        {
            assertThat(VenueAdapters.venueOf(section.name())).isEqualTo(section.venue());
            assertThat(VenueAdapters.venueOf(section.name().toUpperCase())).isEqualTo(section.venue());
            assertThat(VenueAdapters.name(section.venue().value())).isEqualTo(section.name());
        }
        assertThat(VenueAdapters.name(0)).isNull();
        assertThat(VenueAdapters.name(200)).isNull();
        assertThat(VenueAdapters.venueOf("ftx")).isNull();
    }

    @Test
    void shouldFindEachAdapterByNameAndByVenue()
    {
        for (final VenueAdapter adapter : VenueAdapters.ADAPTERS)
        {
            assertThat(VenueAdapters.byName(adapter.name())).isSameAs(adapter);
            assertThat(VenueAdapters.of(adapter.venue())).isSameAs(adapter);
        }
        assertThat(VenueAdapters.names()).containsExactly("binance", "bybit", "hyperliquid", "kraken");
    }

    @Test
    void shouldHaveNoAdapterForAVenueWithoutAConnector()
    {
        assertThat(VenueAdapters.byName("okx")).isNull();
        assertThat(VenueAdapters.of(Venue.OKX)).isNull();
        assertThat(VenueAdapters.of(Venue.NULL_VAL)).isNull();
        assertThatThrownBy(() -> VenueAdapters.require("okx", "--venue")).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("--venue: no connector for venue \"okx\"; expected binance or bybit or hyperliquid or kraken");
    }

    @Test
    void shouldNameLinearPerpetualsBaseThenQuote()
    {
        assertThat(VenueAdapters.byName("binance").symbol("BTC", "USDT")).isEqualTo("BTCUSDT");
        assertThat(VenueAdapters.byName("bybit").symbol("ETH", "USDC")).isEqualTo("ETHUSDC");
    }

    @Test
    void shouldListTheFourVenuesWithAConnectorInRegistryOrder()
    {
        assertThat(VenueAdapters.ADAPTERS).extracting(VenueAdapter::name).containsExactly("binance", "bybit", "hyperliquid", "kraken");
        assertThat(VenueAdapters.byName("Hyperliquid").symbol("BTC", "USDC")).isEqualTo("BTC");
    }

    @Test
    void shouldTellEachListingsQuoteFromItsSymbolAsItsVenueNamesIt()
    {
        assertThat(VenueAdapters.byName("binance").quoteOf("BTCUSDC")).isEqualTo("USDC");
        assertThat(VenueAdapters.byName("binance").quoteOf("1000PEPEUSDT")).isEqualTo("USDT");
        assertThat(VenueAdapters.byName("bybit").quoteOf("BTCPERP")).isEqualTo("USDC");
        assertThat(VenueAdapters.byName("hyperliquid").quoteOf("kPEPE")).isEqualTo("USDC");
    }
}
