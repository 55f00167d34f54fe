package io.fundingarb.engine.config;

/**
 * How a ring consumer waits for the next event ({@code engine.wait_strategy}); maps onto the Disruptor's
 * wait strategies of the same names.
 */
public enum WaitStrategy
{
    /**
     * Park on a lock and condition: least CPU, highest wake-up latency.
     */
    BLOCKING,

    /**
     * Spin, then {@code Thread.yield()}: low latency, one busy core per consumer when idle is not a concern.
     */
    YIELDING,

    /**
     * Spin, yield, then park for short periods: a compromise for shared machines.
     */
    SLEEPING,

    /**
     * Spin without yielding: lowest latency; needs a dedicated, pinned core per consumer.
     */
    BUSY_SPIN
}
