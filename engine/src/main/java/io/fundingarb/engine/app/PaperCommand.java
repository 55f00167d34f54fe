package io.fundingarb.engine.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ./run.sh paper}: paper trading. Real market data from {@code venues.<venue>.ws_url /
 * rest_url} (or, with {@code --sim}, the embedded simulators), the full stages, and every order
 * filled by the PaperGateway against the latest book with the configured taker fees; a status
 * view, then the session report from the journal.
 */
@Command(name = "paper", mixinStandardHelpOptions = true,
    description = "Paper trading: real market data (or --sim), simulated fills against the live books with the configured fees.")
public final class PaperCommand implements Callable<Integer>
{
    @Mixin
    EngineOptions engine;

    @Mixin
    TradingOptions trading;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call()
    {
        return TradingSession.run(TradingSession.Mode.PAPER, engine, trading, spec.findOption("--resume") != null, System::getenv, System.out);
    }
}
