package io.fundingarb.connectors.simulator;

import java.math.BigDecimal;

/**
 * The one trading account a simulator knows: the demo API key and secret it verifies signatures
 * against, its taker fee (every simulated fill takes liquidity) and starting wallet balance.
 * {@link #toString()} never shows the key or the secret.
 */
public record SimAccountConfig(String apiKey, String apiSecret, BigDecimal takerFee, BigDecimal startingBalance, int leverage)
{
    /** The demo key pair the engine's demo config names (public by design: it only unlocks the local simulators). */
    public static final String DEMO_API_KEY = "fundingarb-demo-key";
    public static final String DEMO_API_SECRET = "fundingarb-demo-secret";

    public SimAccountConfig
    {
        if (apiKey == null || apiKey.isEmpty() || apiSecret == null || apiSecret.isEmpty())
        {
            throw new IllegalArgumentException("simulator account needs an api key and secret");
        }
        if (takerFee.signum() < 0 || startingBalance.signum() < 0 || leverage < 1)
        {
            throw new IllegalArgumentException("simulator takerFee and startingBalance must be >= 0, leverage >= 1");
        }
    }

    /** The demo key pair, 100 000 USDT, leverage 10, with the venue's taker fee. */
    public static SimAccountConfig demo(final String takerFee)
    {
        return new SimAccountConfig(DEMO_API_KEY, DEMO_API_SECRET, new BigDecimal(takerFee), new BigDecimal("100000"), 10);
    }

    @Override
    public String toString()
    {
        return "SimAccountConfig{takerFee=" + takerFee + ", startingBalance=" + startingBalance + ", leverage=" + leverage + "}";
    }
}
