package io.fundingarb.connectors.hyperliquid;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.connectors.gateway.VenueOrderIds;
import org.junit.jupiter.api.Test;

class HyperliquidCloidsTest
{
    private final HyperliquidCloids cloids = new HyperliquidCloids(1_765_000_000L);

    @Test
    void shouldWriteA128BitHexCloid()
    {
        assertThat(cloids.cloid(4161)).isEqualTo("0x666100006933c3400000000000001041").hasSize(HyperliquidCloids.LENGTH);
    }

    @Test
    void shouldReadThisSessionsCloidBack()
    {
        assertThat(cloids.ownId(cloids.cloid(4161))).isEqualTo(4161);
    }

    @Test
    void shouldNotTakeAnotherSessionsCloidAsItsOwn()
    {
        assertThat(new HyperliquidCloids(1_765_000_001L).ownId(cloids.cloid(4161))).isEqualTo(VenueOrderIds.NOT_OURS);
    }

    @Test
    void shouldNameACloidInTheOtherVenuesForm()
    {
        assertThat(HyperliquidCloids.venueId(cloids.cloid(4161))).isEqualTo("fa-1765000000-4161");
        assertThat(new VenueOrderIds(1_765_000_001L).foreignId(HyperliquidCloids.venueId(cloids.cloid(4161))))
            .isEqualTo(new VenueOrderIds(1_765_000_001L).foreignId("fa-1765000000-4161")).isNotEqualTo(VenueOrderIds.NOT_OURS);
    }

    @Test
    void shouldNotTakeAForeignCloidAsOurs()
    {
        assertThat(HyperliquidCloids.venueId("0x1234567890abcdef1234567890abcdef")).isNull();
        assertThat(cloids.ownId("0x1234567890abcdef1234567890abcdef")).isEqualTo(VenueOrderIds.NOT_OURS);
        assertThat(cloids.ownId(null)).isEqualTo(VenueOrderIds.NOT_OURS);
    }

    @Test
    void shouldWriteAPreviousSessionsCloid()
    {
        assertThat(cloids.cloid(1_764_000_000L, 7)).isEqualTo(new HyperliquidCloids(1_764_000_000L).cloid(7));
        assertThat(cloids.cloid(0, 7)).isEqualTo(cloids.cloid(7));
    }
}
