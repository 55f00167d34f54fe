package io.fundingarb.connectors.transport;

import java.util.concurrent.TimeUnit;

/**
 * At most {@code maxPerMinute} connection attempts in any 60 s window, shared by the connections
 * of one venue (its feed's WebSockets): {@link #reserve(long)} returns the earliest time at or after
 * the asked one that keeps the window's count within the cap, and books it. The venues ban IPs that
 * reconnect too often (Binance: 300 connections per 5 minutes per IP; Bybit: 500 per 5 minutes
 * per WebSocket domain), so the cap stays below both. Single-threaded: the connections sharing one
 * limiter run on one event loop.
 */
public final class ReconnectLimiter
{
    private static final long WINDOW_NS = TimeUnit.MINUTES.toNanos(1);

    private final long[] times;
    private int head;
    private int size;
    private volatile long delayed;

    /** @param maxPerMinute attempts allowed in any minute, >= 1. */
    public ReconnectLimiter(final int maxPerMinute)
    {
        if (maxPerMinute < 1)
        {
            throw new IllegalArgumentException("maxPerMinute must be >= 1, was " + maxPerMinute);
        }
        times = new long[maxPerMinute];
    }

    /**
     * Books an attempt at {@code atNs} (a {@link System#nanoTime()} value) or, when the cap is reached,
     * one minute after the oldest attempt in the window; returns the time booked.
     */
    public long reserve(final long atNs)
    {
        long at = atNs;
        if (size == times.length)
        {
            final long oldest = times[head];
            if (at - oldest < WINDOW_NS)
            {
                at = oldest + WINDOW_NS;
                delayed++;
            }
            head = (head + 1) % times.length;
            size--;
        }
        times[(head + size) % times.length] = at;
        size++;
        return at;
    }

    /** Attempts pushed back by the cap since start. */
    public long delayed()
    {
        return delayed;
    }

    public int maxPerMinute()
    {
        return times.length;
    }
}
