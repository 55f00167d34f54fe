package io.fundingarb.engine.stage;

/** The circuit breaker's states, in order of severity. */
public enum TradingState
{
    /** Entries and exits allowed. */
    ACTIVE,
    /** Operator pause: no new entries, exits still run. */
    PAUSED,
    /** A limit was breached: no new entries, positions are being reduced. */
    REDUCING,
    /** Flatten everything, then stop trading until an operator resumes. */
    HALTED
}
