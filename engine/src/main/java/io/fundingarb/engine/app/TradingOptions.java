package io.fundingarb.engine.app;

import picocli.CommandLine.Option;

/** Options of the trading subcommands ({@code paper}, {@code live}). */
public final class TradingOptions
{
    @Option(names = "--duration", paramLabel = "TIME", description = "Run time: seconds (60) or with a unit (60s, 2h); default: until Ctrl-C.")
    String duration;

    @Option(names = "--sim", description = "Connect to the embedded Binance and Bybit simulators (demo keys) instead of venues.<venue> URLs.")
    boolean sim;

    @Option(names = "--on-exit", paramLabel = "keep|flatten", defaultValue = "keep",
        description = "At the end of --duration, Ctrl-C or SIGTERM: keep the positions and list them per venue (default), or flatten "
            + "them and wait until flat (exit 1 with the residual if not flat within --flatten-timeout).")
    String onExit;

    @Option(names = "--flatten-timeout", paramLabel = "TIME", description = "How long --on-exit flatten waits (default control.flatten_timeout, 60s).")
    String flattenTimeout;
}
