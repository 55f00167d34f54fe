package io.fundingarb.engine.config;

/**
 * How the engine's stages are laid out on threads ({@code engine.threading}).
 */
public enum Threading
{
    /**
     * All stages on one thread with a yielding or blocking wait: small machines, demo and tests.
     */
    SHARED,

    /**
     * The journal and all stages on one thread, pinned to {@code cpu_affinity[0]} and waiting with
     * the configured strategy (normally {@code busy_spin}); the command journal and the gateways on a
     * second thread that always blocks (commands are a few a second). The production layout for a
     * small box: one core spins on the stages, the other is left to Netty, the timer and the OS.
     */
    PINNED,

    /**
     * One thread per stage, normally busy-spinning on pinned cores: the production process on a
     * machine with a core for each of journal, market, risk, execution, plus Netty's.
     */
    DEDICATED
}
