package io.fundingarb.connectors.transport;

import java.util.Random;

/**
 * Capped exponential backoff with jitter: the n-th consecutive failure waits a delay drawn
 * uniformly from {@code [d/2, d]} where {@code d = min(cap, base * 2^n)} ("equal jitter": never
 * less than half the nominal delay, so a flapping venue is not hammered, and never in lockstep
 * with other clients). {@link #reset()} after a successful session. Not thread-safe: owned by
 * the connection's I/O thread.
 */
public final class Backoff
{
    private final long baseNs;
    private final long capNs;
    private final Random random;
    private int attempts;

    /**
     * @param baseNs first nominal delay, > 0.
     * @param capNs  largest nominal delay, >= baseNs.
     * @param random jitter source; pass a seeded one for reproducible tests.
     */
    public Backoff(final long baseNs, final long capNs, final Random random)
    {
        if (baseNs <= 0 || capNs < baseNs)
        {
            throw new IllegalArgumentException("backoff needs 0 < baseNs <= capNs, was base=" + baseNs + " cap=" + capNs);
        }
        this.baseNs = baseNs;
        this.capNs = capNs;
        this.random = random;
    }

    /** The delay before the next attempt; counts the attempt. */
    public long nextDelayNs()
    {
        final long nominal = nominalDelayNs(attempts);
        if (attempts < Integer.MAX_VALUE)
        {
            attempts++;
        }
        final long half = nominal >>> 1;
        return half + (long)(random.nextDouble() * (nominal - half + 1));
    }

    /** {@code min(cap, base * 2^attempt)} without overflow. */
    public long nominalDelayNs(final int attempt)
    {
        if (attempt >= 62 || baseNs > (capNs >>> Math.min(attempt, 62)))
        {
            return capNs;
        }
        return Math.min(capNs, baseNs << attempt);
    }

    /** Consecutive attempts since the last {@link #reset()}. */
    public int attempts()
    {
        return attempts;
    }

    /** Back to the base delay (call when a connection went LIVE). */
    public void reset()
    {
        attempts = 0;
    }

    public long baseNs()
    {
        return baseNs;
    }

    public long capNs()
    {
        return capNs;
    }
}
