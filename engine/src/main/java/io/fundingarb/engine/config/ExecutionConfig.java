package io.fundingarb.engine.config;

import java.time.Duration;

/**
 * The {@code execution} section: how ExecutionStage works orders and how RiskStage repairs exposure.
 *
 * @param timeout              {@code execution.timeout}: an order must answer within this (then it is cancelled, and
 *                             given one more timeout); a token's net exposure must be back to zero within it of any change.
 * @param slippageToleranceBps {@code execution.slippage_tolerance_bps}: IOC limit = touch ± this.
 * @param unwindToleranceBps   {@code execution.unwind_tolerance_bps}: limit for unwinds, exits and rebalances after a first miss.
 * @param maxExitAttempts      {@code execution.max_exit_attempts}: failed exit or repair attempts before the breaker goes
 *                             HALTED (the attempts go on, with backoff, until flat).
 * @param repairBackoffInitial {@code execution.repair_backoff_initial}: wait after the first failed exit or repair attempt.
 * @param repairBackoffMax     {@code execution.repair_backoff_max}: the wait doubles per failed attempt up to this.
 */
public record ExecutionConfig(
    Duration timeout,
    double slippageToleranceBps,
    double unwindToleranceBps,
    int maxExitAttempts,
    Duration repairBackoffInitial,
    Duration repairBackoffMax)
{
    public static ExecutionConfig from(final ConfigNode node)
    {
        final Duration timeout = node.duration("timeout", Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofHours(1));
        final double tolerance = node.decimal("slippage_tolerance_bps", 10.0, 0.0, 1_000.0);
        final double unwind = node.decimal("unwind_tolerance_bps", 50.0, 0.0, 5_000.0);
        final int attempts = node.integer("max_exit_attempts", 5, 1, 100);
        final Duration initial = node.duration("repair_backoff_initial", Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofHours(1));
        final Duration max = node.duration("repair_backoff_max", Duration.ofSeconds(30), Duration.ofMillis(1), Duration.ofHours(24));
        if (max.compareTo(initial) < 0)
        {
            throw node.fail("repair_backoff_max", "expected at least repair_backoff_initial (" + initial.toMillis() + "ms), got " + max.toMillis() + "ms");
        }
        node.finish();
        return new ExecutionConfig(timeout, tolerance, unwind, attempts, initial, max);
    }
}
