package io.fundingarb.connectors.gateway;

/**
 * At most {@code maxPerSecond} orders in any sliding second: a ring of the last
 * {@code maxPerSecond} send times. Allocation free; one thread.
 */
public final class OrderRateLimiter
{
    private static final long SECOND_NS = 1_000_000_000L;

    private final long[] sentNs;
    private int next;

    public OrderRateLimiter(final int maxPerSecond)
    {
        if (maxPerSecond < 1)
        {
            throw new IllegalArgumentException("maxOrdersPerSecond must be >= 1, was " + maxPerSecond);
        }
        sentNs = new long[maxPerSecond];
        java.util.Arrays.fill(sentNs, Long.MIN_VALUE / 2);
    }

    /** True (and counted) if an order may leave at {@code nowNs}. */
    public boolean tryAcquire(final long nowNs)
    {
        if (nowNs - sentNs[next] < SECOND_NS)
        {
            return false;
        }
        sentNs[next] = nowNs;
        next = next + 1 == sentNs.length ? 0 : next + 1;
        return true;
    }

    public int maxPerSecond()
    {
        return sentNs.length;
    }
}
