package io.fundingarb.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The venue endpoint, enablement and key-name settings, and the top-level token list. */
class VenueConfigTest
{
    private static final String SOURCE = "test.yaml";

    @Test
    void shouldEnableOnlyTheVenuesWithConnectorsByDefault()
    {
        final VenuesConfig venues = ConfigLoader.defaults().venues();

        assertThat(venues.get("binance").enabled()).isTrue();
        assertThat(venues.get("bybit").enabled()).isTrue();
        assertThat(venues.get("okx").enabled()).isFalse();
        assertThat(venues.get("hyperliquid").enabled()).isTrue();
        assertThat(venues.get("kraken").enabled()).isTrue();
    }

    @Test
    void shouldLeaveUrlsAndKeyNamesUnsetByDefault()
    {
        final VenueConfig binance = ConfigLoader.defaults().venues().get("binance");

        assertThat(binance.wsUrl()).isEmpty();
        assertThat(binance.restUrl()).isEmpty();
        assertThat(binance.apiKeyEnv()).isEmpty();
        assertThat(binance.apiSecretEnv()).isEmpty();
        assertThat(binance.hasUrls()).isFalse();
    }

    @Test
    void shouldReadUrlsAndKeyNames()
    {
        final VenueConfig bybit = ConfigLoader.parse(
            "venues:\n  bybit:\n    enabled: false\n    ws_url: wss://stream.example\n    rest_url: https://api.example/\n" +
            "    api_key_env: BYBIT_API_KEY\n    api_secret_env: _SECRET2\n", SOURCE).venues().get("bybit");

        assertThat(bybit.enabled()).isFalse();
        assertThat(bybit.wsUrl()).isEqualTo("wss://stream.example");
        assertThat(bybit.restUrl()).isEqualTo("https://api.example/");
        assertThat(bybit.apiKeyEnv()).isEqualTo("BYBIT_API_KEY");
        assertThat(bybit.apiSecretEnv()).isEqualTo("_SECRET2");
        assertThat(bybit.hasUrls()).isTrue();
    }

    @Test
    void shouldDefaultTheFeedLiveness()
    {
        assertThat(ConfigLoader.defaults().venues().get("bybit").liveness()).isEqualTo(VenueConfig.Liveness.DEFAULTS);
    }

    @Test
    void shouldReadTheFeedLiveness()
    {
        final VenueConfig.Liveness liveness = ConfigLoader.parse("venues:\n  binance:\n    funding_silence: 3s\n    book_silence: 0s\n"
            + "    subscribe_ack_timeout: 2s\n    backoff_reset_after: 2m\n    max_reconnects_per_minute: 60\n", SOURCE).venues().get("binance").liveness();

        assertThat(liveness).isEqualTo(new VenueConfig.Liveness(java.time.Duration.ofSeconds(3), java.time.Duration.ZERO,
            java.time.Duration.ofSeconds(2), java.time.Duration.ofMinutes(2), 60));
    }

    @Test
    void shouldRejectReconnectsAboveTheVenuesDocumentedLimit()
    {
        assertThat(failure("venues:\n  binance:\n    max_reconnects_per_minute: 61\n")).startsWith(
            "test.yaml: venues.binance.max_reconnects_per_minute:");
    }

    @Test
    void shouldRejectASilenceShorterThanAHundredMilliseconds()
    {
        assertThat(failure("venues:\n  bybit:\n    book_silence: 50ms\n")).isEqualTo(
            "test.yaml: venues.bybit.book_silence: expected 0s (never judged silent) or 100ms to 1h, got 50ms");
    }

    @Test
    void shouldHaveNoLivenessKeysOnAVenueWithoutConnector()
    {
        assertThat(failure("venues:\n  okx:\n    funding_silence: 3s\n")).contains("venues.okx.funding_silence: unknown key");
    }

    @Test
    void shouldRejectHttpUrlForWebSocket()
    {
        assertThat(failure("venues:\n  binance:\n    ws_url: https://fstream.example\n")).startsWith(
            "test.yaml: venues.binance.ws_url: expected \"\" or an absolute ws:// or wss:// URL");
    }

    @Test
    void shouldRejectRestUrlWithQuery()
    {
        assertThat(failure("venues:\n  bybit:\n    rest_url: https://api.example/?a=b\n")).startsWith(
            "test.yaml: venues.bybit.rest_url: expected \"\" or an absolute http:// or https:// URL");
    }

    @Test
    void shouldRejectLowerCaseEnvironmentVariableName()
    {
        assertThat(failure("venues:\n  okx:\n    api_key_env: okx_key\n")).isEqualTo(
            "test.yaml: venues.okx.api_key_env: expected \"\" or an environment variable name " +
            "([A-Z_][A-Z0-9_]*, such as BINANCE_API_KEY), got \"okx_key\"");
    }

    @Test
    void shouldRejectEnvironmentVariableNameStartingWithDigit()
    {
        assertThat(failure("venues:\n  kraken:\n    api_secret_env: 1SECRET\n")).startsWith(
            "test.yaml: venues.kraken.api_secret_env: expected \"\" or an environment variable name");
    }

    @Test
    void shouldRejectStringForEnabled()
    {
        assertThat(failure("venues:\n  binance:\n    enabled: yes\n")).startsWith("test.yaml: venues.binance.enabled: expected");
    }

    @Test
    void shouldDefaultToTenLiquidTokens()
    {
        assertThat(ConfigLoader.defaults().tokens()).containsExactly("BTC", "ETH", "SOL", "DOGE", "XRP", "LINK", "AVAX", "SUI", "WIF", "TIA");
    }

    @Test
    void shouldUpperCaseTokens()
    {
        assertThat(ConfigLoader.parse("tokens: [btc, Eth, 1000PEPE]\n", SOURCE).tokens()).containsExactly("BTC", "ETH", "1000PEPE");
    }

    @Test
    void shouldAcceptEmptyTokenList()
    {
        assertThat(ConfigLoader.parse("tokens: []\n", SOURCE).tokens()).isEmpty();
    }

    @Test
    void shouldRejectTokenWithDash()
    {
        assertThat(failure("tokens: [BTC, BTC-USDT]\n")).isEqualTo(
            "test.yaml: tokens: expected token names of 1 to 20 letters or digits such as BTC, got \"BTC-USDT\"");
    }

    @Test
    void shouldRejectRepeatedToken()
    {
        assertThat(failure("tokens: [BTC, eth, ETH]\n")).isEqualTo("test.yaml: tokens: \"ETH\" is listed twice");
    }

    @Test
    void shouldNameRealHostsOnlyInTheExampleFiles()
    {
        final FundingArbConfig live = ConfigLoader.load(Path.of("..", "config", "live.example.yaml"));
        final FundingArbConfig demo = ConfigLoader.load(Path.of("..", "config", "demo.yaml"));

        // the example names the venues' TLS endpoints, not loopback (this test only reads the file; it contacts nothing)
        assertThat(live.venues().get("binance").wsUrl()).startsWith("wss://").doesNotContain("127.0.0.1").doesNotContain("localhost");
        assertThat(live.venues().get("bybit").restUrl()).startsWith("https://").doesNotContain("127.0.0.1").doesNotContain("localhost");
        assertThat(demo.venues().get("binance").hasUrls()).isFalse();
        assertThat(demo.venues().get("bybit").hasUrls()).isFalse();
    }

    private static String failure(final String yaml)
    {
        final ConfigException ex = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, SOURCE));
        return ex.getMessage();
    }
}
