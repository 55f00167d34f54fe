package io.fundingarb.engine.config;

import java.time.Duration;
import java.util.Objects;

/**
 * One venue's sub-section of {@code venues} (binance, bybit, okx, hyperliquid, kraken).
 *
 * @param takerFee        {@code venues.<venue>.taker_fee}: taker fee as a ratio (0.0005 = 5 bps), used for every fill estimate.
 * @param makerFee        {@code venues.<venue>.maker_fee}: maker fee as a ratio.
 * @param fundingInterval {@code venues.<venue>.funding_interval}: used only when the venue reports no interval for a symbol.
 */
public record VenueConfig(double takerFee, double makerFee, Duration fundingInterval)
{
    public VenueConfig
    {
        Objects.requireNonNull(fundingInterval, "fundingInterval");
    }

    static VenueConfig from(final ConfigNode node, final double defaultTaker, final double defaultMaker, final Duration defaultInterval)
    {
        final double taker = node.decimal("taker_fee", defaultTaker, -0.01, 0.01);
        final double maker = node.decimal("maker_fee", defaultMaker, -0.01, 0.01);
        final Duration interval = node.duration("funding_interval", defaultInterval, Duration.ofMinutes(1), Duration.ofHours(24));
        node.finish();
        return new VenueConfig(taker, maker, interval);
    }
}
