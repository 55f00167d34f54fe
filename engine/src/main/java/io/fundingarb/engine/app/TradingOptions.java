package io.fundingarb.engine.app;

import picocli.CommandLine.Option;

/** Options of the trading subcommands ({@code paper}, {@code live}). */
public final class TradingOptions
{
    @Option(names = "--duration", paramLabel = "TIME", description = "Run time: seconds (60) or with a unit (60s, 2h); default: until Ctrl-C.")
    String duration;

    @Option(names = "--plain", description = "Plain periodic status lines even on a terminal (as for the demo).")
    boolean plain;

    @Option(names = "--sim", description = "Connect to the embedded venue simulators (demo keys) instead of venues.<venue> URLs.")
    boolean sim;

    @Option(names = "--on-exit", paramLabel = "keep|flatten", defaultValue = "keep",
        description = "At the end of --duration, Ctrl-C or SIGTERM: keep the positions and list them per venue (default), or flatten "
            + "them and wait until flat (exit 1 with the residual if not flat within --flatten-timeout).")
    String onExit;

    @Option(names = "--flatten-timeout", paramLabel = "TIME", description = "How long --on-exit flatten waits (default control.flatten_timeout, 60s).")
    String flattenTimeout;

    @Option(names = "--resume", arity = "0..1", paramLabel = "DIR", fallbackValue = "",
        description = "Resume after a crash: carry the previous session's journal (DIR, default the latest session folder under journal.dir) "
            + "into a new session, then reconcile with every venue's positions before the first order (recovery.orphans decides what "
            + "the journal cannot explain).")
    String resume;

    @Option(names = "--allow-damaged", description = "With --resume: carry over a damaged journal up to its first bad record (else exit 3); "
        + "the venues' positions decide the rest.")
    boolean allowDamaged;

    @Option(names = "--unwind-orphans", description = "Start afresh but take over the positions the venues hold, per recovery.orphans "
        + "(default unwind: reduce-only until flat) instead of refusing to trade.")
    boolean unwindOrphans;
}
