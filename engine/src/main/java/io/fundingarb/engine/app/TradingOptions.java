package io.fundingarb.engine.app;

import picocli.CommandLine.Option;

/** Options of the trading subcommands ({@code paper}, {@code live}). */
public final class TradingOptions
{
    @Option(names = "--duration", paramLabel = "TIME", description = "Run time: seconds (60) or with a unit (60s, 2h); default: until Ctrl-C.")
    String duration;

    @Option(names = "--sim", description = "Connect to the embedded Binance and Bybit simulators (demo keys) instead of venues.<venue> URLs.")
    boolean sim;
}
