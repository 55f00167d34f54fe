package io.fundingarb.connectors.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeedSettingsTest
{
    @Test
    void shouldRejectFeedSettingsWithoutUrls()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> FeedSettings.of("", "https://api.example", List.of("BTC"), List.of("USDT"), 0.0005, 0.0002));

        assertThat(ex).hasMessage("feed wsBaseUrl is not set");
    }

    @Test
    void shouldRejectFeedSettingsWithAnUnknownQuote()
    {
        assertThrows(IllegalArgumentException.class,
            () -> FeedSettings.of("wss://ws.example", "https://api.example", List.of("BTC"), List.of("EUR"), 0.0005, 0.0002));
    }

    @Test
    void shouldStripTheTrailingSlashOfBaseUrls()
    {
        final FeedSettings settings = FeedSettings.of("wss://ws.example/", "https://api.example/", List.of("btc"), List.of("usdt"), 0.0005, 0.0002);

        assertThat(settings.wsBaseUrl()).isEqualTo("wss://ws.example");
        assertThat(settings.restBaseUrl()).isEqualTo("https://api.example");
        assertThat(settings.tokens()).containsExactly("BTC");
        assertThat(settings.takerFee()).isEqualTo(500_000L);
    }
}
