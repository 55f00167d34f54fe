package io.fundingarb.engine.config;

import java.time.Duration;

/**
 * The {@code risk} section: RiskStage's pre-trade limits, exit rules and circuit breaker.
 *
 * @param maxOpenPairs             {@code risk.max_open_pairs}: hedged pairs open at once.
 * @param maxNotionalPerPairUsd    {@code risk.max_notional_per_pair_usd}: per leg.
 * @param maxNotionalPerVenueUsd   {@code risk.max_notional_per_venue_usd}: sum of open legs on one venue.
 * @param maxTotalNotionalUsd      {@code risk.max_total_notional_usd}: sum of all open legs.
 * @param maxLeverage              {@code risk.max_leverage}: a leg needs notional / leverage of available balance on its venue.
 * @param requireBalanceData       {@code risk.require_balance_data}: no entry on a venue whose balance is unknown.
 * @param maxDataAge               {@code risk.max_data_age}: both venues must have sent market data this recently.
 * @param maxSlippageBps           {@code risk.max_slippage_bps}: estimated entry slippage (both legs) at most this.
 * @param maxOrdersPerSecond       {@code risk.max_orders_per_second}: per venue.
 * @param exitSpreadPerDay         {@code risk.exit_spread_per_day}: exit when the pair's funding spread per day falls below.
 * @param takeProfitBps            {@code risk.take_profit_bps}: exit when the pair's PnL reaches this (bps of notional); 0 = off.
 * @param stopLossBps              {@code risk.stop_loss_bps}: exit when the pair's PnL falls to minus this; 0 = off.
 * @param maxHoldingTime           {@code risk.max_holding_time}: exit a pair held this long.
 * @param settlementGuard          {@code risk.settlement_guard}: do not enter (or exit) a leg that would pay (or forgo) a settlement this close.
 * @param dailyLossLimitUsd        {@code risk.daily_loss_limit_usd}: REDUCING at this loss (UTC day); 0 = off.
 * @param dailyLossHaltUsd         {@code risk.daily_loss_halt_usd}: HALTED (flatten all) at this loss; 0 = off.
 * @param maxConsecutiveFailures   {@code risk.max_consecutive_failures}: failed entries in a row before REDUCING.
 * @param maxRejectsPerMinute      {@code risk.max_rejects_per_minute}: order rejects in a minute before REDUCING.
 * @param venueDownGrace           {@code risk.venue_down_grace}: a venue with open legs DOWN this long trips REDUCING.
 * @param paymentWait              {@code risk.payment_wait}: a pair that held a leg through a settlement waits this long for
 *                                 that settlement's payment before it leaves on the spread or the funding expectation.
 * @param minLiquidationDistance   {@code risk.min_liquidation_distance}: a leg whose mark is closer than this fraction of price
 *                                 to its liquidation price closes its pair (both legs, reduce-only); 0 = off.
 * @param maintenanceMarginRate    {@code risk.maintenance_margin_rate}: the maintenance margin rate of the engine's own
 *                                 liquidation estimate (used where and while the venue gives no liquidation price).
 */
public record RiskConfig(
    int maxOpenPairs,
    double maxNotionalPerPairUsd,
    double maxNotionalPerVenueUsd,
    double maxTotalNotionalUsd,
    double maxLeverage,
    boolean requireBalanceData,
    Duration maxDataAge,
    double maxSlippageBps,
    int maxOrdersPerSecond,
    double exitSpreadPerDay,
    double takeProfitBps,
    double stopLossBps,
    Duration maxHoldingTime,
    Duration settlementGuard,
    double dailyLossLimitUsd,
    double dailyLossHaltUsd,
    int maxConsecutiveFailures,
    int maxRejectsPerMinute,
    Duration venueDownGrace,
    Duration paymentWait,
    double minLiquidationDistance,
    double maintenanceMarginRate)
{
    /** The stages' pair slots: more open pairs than this cannot be held, so a larger setting is a config error. */
    public static final int MAX_OPEN_PAIRS = 64;

    public static RiskConfig from(final ConfigNode node)
    {
        final int maxOpenPairs = node.integer("max_open_pairs", 3, 0, MAX_OPEN_PAIRS);
        final double perPair = node.decimal("max_notional_per_pair_usd", 5_000.0, 1.0, 1e9);
        final double perVenue = node.decimal("max_notional_per_venue_usd", 20_000.0, 1.0, 1e10);
        final double total = node.decimal("max_total_notional_usd", 30_000.0, 1.0, 1e10);
        final double leverage = node.decimal("max_leverage", 3.0, 1.0, 125.0);
        final boolean requireBalance = node.bool("require_balance_data", true);
        final Duration maxDataAge = node.duration("max_data_age", Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofHours(1));
        final double maxSlippageBps = node.decimal("max_slippage_bps", 10.0, 0.0, 10_000.0);
        final int maxOrdersPerSecond = node.integer("max_orders_per_second", 10, 1, 10_000);
        final double exitSpread = node.decimal("exit_spread_per_day", 0.0002, -1.0, 1.0);
        final double takeProfit = node.decimal("take_profit_bps", 0.0, 0.0, 100_000.0);
        final double stopLoss = node.decimal("stop_loss_bps", 100.0, 0.0, 100_000.0);
        final Duration maxHolding = node.duration("max_holding_time", Duration.ofHours(72), Duration.ofSeconds(1), Duration.ofDays(365));
        final Duration guard = node.duration("settlement_guard", Duration.ofSeconds(60), Duration.ZERO, Duration.ofHours(1));
        final double dailyLimit = node.decimal("daily_loss_limit_usd", 200.0, 0.0, 1e9);
        final double dailyHalt = node.decimal("daily_loss_halt_usd", 400.0, 0.0, 1e9);
        final int maxFailures = node.integer("max_consecutive_failures", 3, 1, 1_000);
        final int maxRejects = node.integer("max_rejects_per_minute", 10, 1, 100_000);
        final Duration downGrace = node.duration("venue_down_grace", Duration.ofSeconds(30), Duration.ZERO, Duration.ofHours(1));
        final Duration paymentWait = node.duration("payment_wait", Duration.ofMinutes(5), Duration.ZERO, Duration.ofHours(8));
        final double minLiquidation = node.decimal("min_liquidation_distance", 0.15, 0.0, 1.0);
        final double maintenanceRate = node.decimal("maintenance_margin_rate", 0.005, 0.0, 0.5);
        if (perVenue < perPair)
        {
            throw node.fail("max_notional_per_venue_usd", "expected at least max_notional_per_pair_usd (" + perPair + "), got " + perVenue);
        }
        if (dailyLimit > 0 && dailyHalt > 0 && dailyHalt < dailyLimit)
        {
            throw node.fail("daily_loss_halt_usd", "expected at least daily_loss_limit_usd (" + dailyLimit + "), got " + dailyHalt);
        }
        node.finish();
        return new RiskConfig(maxOpenPairs, perPair, perVenue, total, leverage, requireBalance, maxDataAge, maxSlippageBps,
            maxOrdersPerSecond, exitSpread, takeProfit, stopLoss, maxHolding, guard, dailyLimit, dailyHalt, maxFailures, maxRejects,
            downGrace, paymentWait, minLiquidation, maintenanceRate);
    }
}
