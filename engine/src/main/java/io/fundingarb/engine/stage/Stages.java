package io.fundingarb.engine.stage;

import io.fundingarb.codecs.CommandSink;

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

    /** The production stages. */
    public static Factory standard(final int maxInstruments)
    {
        return commands -> new Stages(new MarketStage(maxInstruments), new RiskStage(), new ExecutionStage(commands));
    }
}
