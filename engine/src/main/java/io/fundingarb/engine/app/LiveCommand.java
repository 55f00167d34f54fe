package io.fundingarb.engine.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ./run.sh live}: live trading. Real market data and the real order gateways, at the URLs
 * of {@code venues.<venue>}, with the API key and secret read from the environment variables
 * that {@code api_key_env / api_secret_env} name (a missing one stops the start with one line
 * naming it; the values are never printed). {@code --sim} connects everything to the embedded
 * simulators with their demo keys instead.
 */
@Command(name = "live", mixinStandardHelpOptions = true,
    description = "Live trading on the real venues (API keys from the environment variables named in the config), or --sim.")
public final class LiveCommand implements Callable<Integer>
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
        return TradingSession.run(TradingSession.Mode.LIVE, engine, trading, spec.findOption("--resume") != null, System::getenv, System.out);
    }
}
