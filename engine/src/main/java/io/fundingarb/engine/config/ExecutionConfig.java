package io.fundingarb.engine.config;

import java.time.Duration;

/**
 * The {@code execution} section: how ExecutionStage works orders.
 *
 * @param timeout              {@code execution.timeout}: a pair's legs must fill within this; a missing leg is then retried once, then the filled leg unwound.
 * @param slippageToleranceBps {@code execution.slippage_tolerance_bps}: IOC limit = touch ± this.
 * @param unwindToleranceBps   {@code execution.unwind_tolerance_bps}: limit for unwinds, exits and rebalances after a first miss.
 * @param maxExitAttempts      {@code execution.max_exit_attempts}: closing orders per leg before the engine halts and says so.
 */
public record ExecutionConfig(Duration timeout, double slippageToleranceBps, double unwindToleranceBps, int maxExitAttempts)
{
    public static ExecutionConfig from(final ConfigNode node)
    {
        final Duration timeout = node.duration("timeout", Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofHours(1));
        final double tolerance = node.decimal("slippage_tolerance_bps", 10.0, 0.0, 1_000.0);
        final double unwind = node.decimal("unwind_tolerance_bps", 50.0, 0.0, 5_000.0);
        final int attempts = node.integer("max_exit_attempts", 5, 1, 100);
        node.finish();
        return new ExecutionConfig(timeout, tolerance, unwind, attempts);
    }
}
