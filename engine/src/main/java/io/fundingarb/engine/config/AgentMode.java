package io.fundingarb.engine.config;

/**
 * What {@code new FundingArbAgent(config).run()} runs ({@code mode}); the command line's
 * subcommand decides for itself ({@code ./run.sh} is the demo, {@code ./run.sh paper}, {@code ./run.sh live}).
 */
public enum AgentMode
{
    /** Embedded venue simulators on loopback, driven by the bundled funding history on the demo's compressed clock. */
    DEMO,

    /** The configured venues' market data; orders filled by the paper gateway against the live books. */
    PAPER,

    /** The configured venues' market data and order APIs, with the keys named in the configuration. */
    LIVE
}
