package io.fundingarb.connectors.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenSelectionTest
{
    private record Listing(String symbol, String base, String quote)
    {
    }

    private static final List<Listing> VENUE = List.of(
        new Listing("BTCUSDT", "BTC", "USDT"),
        new Listing("BTCUSDC", "BTC", "USDC"),
        new Listing("ETHUSDT", "ETH", "USDT"),
        new Listing("SOLUSDC", "sol", "usdc"),
        new Listing("1000PEPEUSDT", "1000PEPE", "USDT"),
        new Listing("1000000BOBUSDT", "1000000BOB", "USDT"),
        new Listing("BOBUSDT", "BOB", "USDT"));

    private static TokenSelection<Listing> select(final List<String> tokens, final List<String> quotes)
    {
        return TokenSelection.select(tokens, quotes, VENUE, Listing::base, Listing::quote);
    }

    @Test
    void shouldSelectOneInstrumentPerListedAcceptedQuoteInTokenThenQuoteOrder()
    {
        final TokenSelection<Listing> selection = select(List.of("ETH", "BTC"), List.of("USDC", "USDT"));

        assertThat(selection.selected()).extracting(Listing::symbol).containsExactly("ETHUSDT", "BTCUSDC", "BTCUSDT");
    }

    @Test
    void shouldReportConfiguredTokensTheVenueDoesNotList()
    {
        final TokenSelection<Listing> selection = select(List.of("BTC", "DOGE", "ETH", "WIF"), List.of("USDT"));

        assertThat(selection.listed()).containsExactly("BTC", "ETH");
        assertThat(selection.missing()).containsExactly("DOGE", "WIF");
    }

    @Test
    void shouldTreatATokenListedOnlyInAnUnacceptedQuoteAsMissing()
    {
        final TokenSelection<Listing> selection = select(List.of("SOL"), List.of("USDT"));

        assertThat(selection.selected()).isEmpty();
        assertThat(selection.missing()).containsExactly("SOL");
    }

    @Test
    void shouldMatchVenueAssetNamesCaseInsensitively()
    {
        assertThat(select(List.of("SOL"), List.of("USDC")).selected()).extracting(Listing::symbol).containsExactly("SOLUSDC");
    }

    @Test
    void shouldSelectABundledListingForItsToken()
    {
        assertThat(select(List.of("PEPE"), List.of("USDT")).selected()).extracting(Listing::symbol).containsExactly("1000PEPEUSDT");
        assertThat(select(List.of("1000PEPE"), List.of("USDT")).selected()).extracting(Listing::symbol).containsExactly("1000PEPEUSDT");
    }

    @Test
    void shouldPreferThePlainListingOverABundleInTheSameQuote()
    {
        assertThat(select(List.of("BOB"), List.of("USDT")).selected()).extracting(Listing::symbol).containsExactly("BOBUSDT");
    }
}
