package io.fundingarb.engine.stage;

import io.fundingarb.codecs.CommandSink;
import io.fundingarb.engine.config.FundingArbConfig;

/**
 * The three business stages of one engine instance, in pipeline order. Live runs and replay
 * build them through the same {@link Factory}, so replay runs exactly the code that decided.
 */
public record Stages(Stage market, Stage risk, Stage execution)
{
    /** Builds a fresh set of stages publishing to {@code commands}. */
    @FunctionalInterface
    public interface Factory
    {
        Stages create(CommandSink commands);
    }

    /**
     * The production stages of a configuration.
     *
     * @param view where MarketStage publishes the availability matrix and ranking for the status
     *             view, or null (replay)
     */
    public static Factory standard(final FundingArbConfig config, final MarketView view)
    {
        return standard(config, view, null);
    }

    /** As {@link #standard(FundingArbConfig, MarketView)}, with RiskStage publishing to {@code riskView} (may be null). */
    public static Factory standard(final FundingArbConfig config, final MarketView view, final RiskView riskView)
    {
        return commands -> new Stages(
            new MarketStage(config.engine().maxInstruments(), config.strategy(), config.venues(), view, config.risk().maxOpenPairs()),
            new RiskStage(config.engine().maxInstruments(), config.strategy(), config.risk(), config.execution(), config.recovery(), riskView),
            new ExecutionStage(commands, config.engine().maxInstruments(), config.execution()));
    }

    /** The production stages of a configuration with RiskStage telling {@code audit} of each decision (replay --explain). */
    public static Factory audited(final FundingArbConfig config, final DecisionAudit audit)
    {
        return commands -> new Stages(
            new MarketStage(config.engine().maxInstruments(), config.strategy(), config.venues(), null, config.risk().maxOpenPairs()),
            new RiskStage(config.engine().maxInstruments(), config.strategy(), config.risk(), config.execution(), config.recovery(), null, audit),
            new ExecutionStage(commands, config.engine().maxInstruments(), config.execution()));
    }
}
