package io.fundingarb.connectors.hyperliquid;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.venue.VenueSection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HyperliquidAdapterTest
{
    private final HyperliquidAdapter adapter = new HyperliquidAdapter();

    @Test
    void shouldDefaultToTierZeroFeesAndHourlyFunding()
    {
        final VenueSection section = adapter.section();

        assertThat(section.name()).isEqualTo("hyperliquid");
        assertThat(section.venue()).isEqualTo(Venue.HYPERLIQUID);
        assertThat(section.takerFee()).isEqualTo(0.00045);
        assertThat(section.makerFee()).isEqualTo(0.00015);
        assertThat(section.fundingInterval()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void shouldNameAPerpetualByItsCoin()
    {
        assertThat(adapter.symbol("BTC", "USDC")).isEqualTo("BTC");
        assertThat(adapter.symbol("kPEPE", "USDC")).isEqualTo("kPEPE");
    }

    @Test
    void shouldTakeInfoAnswersForInstrumentLists()
    {
        assertThat(adapter.isInstrumentListUrl("http://127.0.0.1:8080/info")).isTrue();
        assertThat(adapter.isInstrumentListUrl("http://127.0.0.1:8080/exchange")).isFalse();
    }
}
