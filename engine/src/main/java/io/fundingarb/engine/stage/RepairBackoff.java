package io.fundingarb.engine.stage;

/**
 * Capped exponential backoff between exit and repair attempts: after the n-th failed attempt
 * the next waits {@code min(initial × 2^(n−1), max)}. Pure arithmetic on event time.
 */
final class RepairBackoff
{
    private final long initialNs;
    private final long maxNs;

    RepairBackoff(final long initialNs, final long maxNs)
    {
        if (initialNs <= 0 || maxNs < initialNs)
        {
            throw new IllegalArgumentException("expected 0 < initial <= max, got " + initialNs + ", " + maxNs);
        }
        this.initialNs = initialNs;
        this.maxNs = maxNs;
    }

    /** The wait after {@code failedAttempts} failed attempts (0 before any: no wait). */
    long delayNs(final int failedAttempts)
    {
        if (failedAttempts <= 0)
        {
            return 0;
        }
        final int shift = Math.min(failedAttempts - 1, 62);
        final long delay = initialNs << shift;
        return delay <= 0 || (delay >> shift) != initialNs || delay > maxNs ? maxNs : delay;
    }
}
