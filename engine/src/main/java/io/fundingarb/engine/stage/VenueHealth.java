package io.fundingarb.engine.stage;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.FeedState;
import java.util.Arrays;

/**
 * RiskStage's view of each venue (same thread), by SBE {@code Venue} raw value: the market-data
 * feed's state and the gateway's private (ORDERS) stream apart, the age of its data, its balances
 * and the orders sent to it in the last second. Time is always the caller's event time.
 */
final class VenueHealth
{
    static final int VENUE_SLOTS = 16;
    private static final long NS_PER_S = 1_000_000_000L;

    private final byte[] feedStates = new byte[VENUE_SLOTS];
    private final boolean[] feedReported = new boolean[VENUE_SLOTS];
    private final long[] downSinceNs = new long[VENUE_SLOTS];
    private final byte[] orderStreamStates = new byte[VENUE_SLOTS];
    private final boolean[] orderStreamReported = new boolean[VENUE_SLOTS];
    private final long[] orderStreamDownSinceNs = new long[VENUE_SLOTS];
    private final long[] lastDataTsNs = new long[VENUE_SLOTS];
    private final long[] availableBalances = new long[VENUE_SLOTS];
    private final long[] walletBalances = new long[VENUE_SLOTS];
    private final long[][] orderTimes = new long[VENUE_SLOTS][];
    private final int[] orderTimeHead = new int[VENUE_SLOTS];
    private final long maxDataAgeNs;
    private final long downGraceNs;

    VenueHealth(final int maxOrdersPerSecond, final long maxDataAgeNs, final long downGraceNs)
    {
        this.maxDataAgeNs = maxDataAgeNs;
        this.downGraceNs = downGraceNs;
        for (int v = 0; v < VENUE_SLOTS; v++)
        {
            orderTimes[v] = new long[maxOrdersPerSecond];
            Arrays.fill(orderTimes[v], Long.MIN_VALUE);
            availableBalances[v] = FixedPoint.NULL;
            walletBalances[v] = FixedPoint.NULL;
        }
    }

    /** Market data arrived from the venue. */
    void onData(final int venue, final long nowNs)
    {
        lastDataTsNs[venue] = nowNs;
    }

    void onBalance(final int venue, final long wallet, final long available)
    {
        walletBalances[venue] = wallet;
        availableBalances[venue] = available;
    }

    /** The venue's wallet balance from its last BalanceUpdate (1e-9), NULL before one. */
    long wallet(final int venue)
    {
        return walletBalances[venue];
    }

    /** A state change of the venue's market-data feed ({@code ordersStream} false) or private stream. */
    void onStatus(final int venue, final boolean ordersStream, final byte state, final long nowNs)
    {
        final boolean down = state == FeedState.DOWN.value();
        if (ordersStream)
        {
            if (down && (orderStreamStates[venue] != state || !orderStreamReported[venue]))
            {
                orderStreamDownSinceNs[venue] = nowNs;
            }
            orderStreamStates[venue] = state;
            orderStreamReported[venue] = true;
            return;
        }
        if (down && (feedStates[venue] != state || !feedReported[venue]))
        {
            downSinceNs[venue] = nowNs;
        }
        feedStates[venue] = state;
        feedReported[venue] = true;
    }

    /** Market data usable for an entry: the feed LIVE (once it has reported) and fresh. */
    boolean feedUsable(final int venue, final long nowNs)
    {
        if (feedReported[venue] && feedStates[venue] != FeedState.LIVE.value())
        {
            return false;
        }
        return nowNs - lastDataTsNs[venue] <= maxDataAgeNs;
    }

    /**
     * A venue whose private stream has reported and is not LIVE (still connecting at start, or
     * stale, or down) takes no new entry: a fill it pushes meanwhile would go unseen until the
     * gateway asks for the order. Exits and repairs are never held back by this.
     */
    boolean tradable(final int venue)
    {
        return !orderStreamReported[venue] || orderStreamStates[venue] == FeedState.LIVE.value();
    }

    /** The feed or the private stream DOWN for the grace or longer. */
    boolean downTooLong(final int venue, final long nowNs)
    {
        return (feedReported[venue] && feedStates[venue] == FeedState.DOWN.value() && nowNs - downSinceNs[venue] >= downGraceNs)
            || (orderStreamReported[venue] && orderStreamStates[venue] == FeedState.DOWN.value()
                && nowNs - orderStreamDownSinceNs[venue] >= downGraceNs);
    }

    /** When the venue last sent market data (event time). */
    long lastDataTsNs(final int venue)
    {
        return lastDataTsNs[venue];
    }

    long maxDataAgeNs()
    {
        return maxDataAgeNs;
    }

    /** Available balance (quote, 1e-9), or {@link FixedPoint#NULL} when not reported. */
    long available(final int venue)
    {
        return availableBalances[venue];
    }

    boolean orderRateFits(final int venue, final long nowNs)
    {
        final long[] times = orderTimes[venue];
        final long oldest = times[orderTimeHead[venue] % times.length];
        return oldest == Long.MIN_VALUE || nowNs - oldest >= NS_PER_S;
    }

    void recordOrder(final int venue, final long nowNs)
    {
        final long[] times = orderTimes[venue];
        times[orderTimeHead[venue]++ % times.length] = nowNs;
    }

    long hash(final long seed)
    {
        long h = seed;
        for (int v = 0; v < VENUE_SLOTS; v++)
        {
            h = StateHash.mix(h, feedStates[v]);
            if (orderStreamReported[v])
            {
                h = StateHash.mix(h, orderStreamStates[v]);
            }
            h = StateHash.mix(h, lastDataTsNs[v]);
            h = StateHash.mix(h, walletBalances[v]);
            h = StateHash.mix(h, availableBalances[v]);
        }
        return h;
    }
}
