package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fundingarb.engine.config.ConfigException;
import io.fundingarb.engine.config.ConfigLoader;
import io.fundingarb.engine.config.FundingArbConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VenueCredentialsTest
{
    private static final FundingArbConfig CONFIG = ConfigLoader.parse(String.join("\n",
        "venues:",
        "  binance:",
        "    api_key_env: BN_KEY",
        "    api_secret_env: BN_SECRET",
        "  bybit:",
        "    enabled: false",
        "  hyperliquid:",
        "    enabled: false",
        "  kraken:",
        "    enabled: false",
        ""), "live.yaml");

    @Test
    void shouldReadTheKeysFromTheNamedVariables()
    {
        final Map<String, VenueCredentials> keys = VenueCredentials.fromEnvironment(
            CONFIG, "live.yaml", Map.of("BN_KEY", "key-value", "BN_SECRET", "secret-value")::get);

        assertThat(keys).containsOnlyKeys("binance");
        assertThat(keys.get("binance").apiKey()).isEqualTo("key-value");
        assertThat(keys.get("binance").apiSecret()).isEqualTo("secret-value");
    }

    @Test
    void shouldNameTheMissingVariableWithoutShowingAnyValue()
    {
        assertThatThrownBy(() -> VenueCredentials.fromEnvironment(CONFIG, "live.yaml", Map.of("BN_KEY", "key-value")::get))
            .isInstanceOf(ConfigException.class)
            .hasMessage("live.yaml: venues.binance.api_secret_env: environment variable BN_SECRET is not set (it must hold the binance API secret)");
    }

    @Test
    void shouldNameTheKeyWhenNoVariableIsConfigured()
    {
        final FundingArbConfig config = ConfigLoader.parse("venues:\n  bybit:\n    enabled: false\n", "live.yaml");

        assertThatThrownBy(() -> VenueCredentials.fromEnvironment(config, "live.yaml", name -> "x"))
            .isInstanceOf(ConfigException.class)
            .hasMessageStartingWith("live.yaml: venues.binance.api_key_env: not set: live trading needs the name of the environment variable");
    }

    @Test
    void shouldNeverShowTheKeysInToString()
    {
        final VenueCredentials keys = new VenueCredentials("key-value", "secret-value");

        assertThat(keys.toString()).doesNotContain("key-value").doesNotContain("secret-value");
    }

    @Test
    void shouldNameEveryMissingKeyInOneLine()
    {
        final FundingArbConfig both = ConfigLoader.parse("venues:\n  binance:\n    api_key_env: BN_KEY\n    api_secret_env: BN_SECRET\n"
            + "  bybit:\n    api_key_env: BY_KEY\n    api_secret_env: BY_SECRET\n  hyperliquid:\n    enabled: false\n  kraken:\n    enabled: false\n", "live.yaml");

        assertThatThrownBy(() -> VenueCredentials.fromEnvironment(both, "live.yaml", Map.of("BN_KEY", "k")::get))
            .hasMessage("live.yaml: venues.binance.api_secret_env: environment variable BN_SECRET is not set (it must hold the binance API secret)"
                + "; also venues.bybit.api_key_env: environment variable BY_KEY is not set (it must hold the bybit API key)"
                + "; venues.bybit.api_secret_env: environment variable BY_SECRET is not set (it must hold the bybit API secret)");
    }
}
