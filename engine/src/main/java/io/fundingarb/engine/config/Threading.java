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
     * One thread per stage, normally busy-spinning on pinned cores: the production process.
     */
    DEDICATED
}
