package io.fundingarb.engine.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code strategy} section: how MarketStage prices and ranks opportunities.
 *
 * @param targetNotionalUsd           {@code strategy.target_notional_usd}: size of one hedged pair, per leg, in quote currency.
 * @param horizon                     {@code strategy.horizon}: holding horizon over which funding and costs are compared.
 * @param minFundingRateProfitability {@code strategy.min_funding_rate_profitability}: minimum funding spread per day (0.001 = 0.1 %/day).
 * @param minNetEdgeBps               {@code strategy.min_net_edge_bps}: minimum net edge over the horizon, in basis points of notional.
 * @param minDailyVolumeUsd           {@code strategy.min_daily_volume_usd}: minimum 24 h quote volume on each leg's venue.
 * @param requireVolumeData           {@code strategy.require_volume_data}: a leg with unknown volume fails the volume filter.
 * @param allowCrossQuote             {@code strategy.allow_cross_quote}: pair a USDT-quoted leg with a USDC-quoted one.
 * @param quotePreference             {@code strategy.quote_preference}: which instrument represents a token on a venue that lists several quotes.
 * @param bookDepth                   {@code strategy.book_depth}: price levels kept per side of each book.
 * @param topN                        {@code strategy.top_n}: opportunities passed to RiskStage and shown in status.
 * @param basisCapture                {@code strategy.basis_capture}: the fraction of today's basis (short price − long price)
 *                                    the exit is expected to realise; counted the same way at entry and exit (0 = basis is
 *                                    neither an edge nor a cost).
 * @param fundingDecayPerSettlement   {@code strategy.funding_decay_per_settlement}: each settlement after the next is expected
 *                                    at the previous one's rate times this (1 = today's rate throughout).
 */
public record StrategyConfig(
    double targetNotionalUsd,
    Duration horizon,
    double minFundingRateProfitability,
    double minNetEdgeBps,
    double minDailyVolumeUsd,
    boolean requireVolumeData,
    boolean allowCrossQuote,
    List<String> quotePreference,
    int bookDepth,
    int topN,
    double basisCapture,
    double fundingDecayPerSettlement)
{
    public static final List<String> QUOTES = List.of("USDT", "USDC", "USD");

    public StrategyConfig
    {
        Objects.requireNonNull(horizon, "horizon");
        quotePreference = List.copyOf(quotePreference);
    }

    public static StrategyConfig from(final ConfigNode node)
    {
        final double targetNotionalUsd = node.decimal("target_notional_usd", 1_000.0, 1.0, 100_000_000.0);
        final Duration horizon = node.duration("horizon", Duration.ofHours(24), Duration.ofMinutes(1), Duration.ofDays(30));
        final double minFundingRateProfitability = node.decimal("min_funding_rate_profitability", 0.001, 0.0, 1.0);
        final double minNetEdgeBps = node.decimal("min_net_edge_bps", 5.0, 0.0, 10_000.0);
        final double minDailyVolumeUsd = node.decimal("min_daily_volume_usd", 50_000.0, 0.0, 9e9);
        final boolean requireVolumeData = node.bool("require_volume_data", false);
        final boolean allowCrossQuote = node.bool("allow_cross_quote", false);
        final List<String> quotePreference = node.stringList("quote_preference", QUOTES);
        final int bookDepth = node.integer("book_depth", 50, 1, 1_000);
        final int topN = node.integer("top_n", 5, 1, 16);
        final double basisCapture = node.decimal("basis_capture", 0.0, 0.0, 1.0);
        final double fundingDecay = node.decimal("funding_decay_per_settlement", 0.8, 0.0, 1.0);
        for (final String quote : quotePreference)
        {
            if (!QUOTES.contains(quote))
            {
                throw node.fail("quote_preference", "expected quotes from " + QUOTES + ", got \"" + quote + "\"");
            }
        }
        if (quotePreference.isEmpty() || quotePreference.stream().distinct().count() != quotePreference.size())
        {
            throw node.fail("quote_preference", "expected a non-empty list of distinct quotes from " + QUOTES + ", got " + quotePreference);
        }
        node.finish();
        return new StrategyConfig(targetNotionalUsd, horizon, minFundingRateProfitability, minNetEdgeBps, minDailyVolumeUsd,
            requireVolumeData, allowCrossQuote, quotePreference, bookDepth, topN, basisCapture, fundingDecay);
    }
}
