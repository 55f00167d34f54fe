package io.fundingarb.connectors.kraken;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Kraken Futures' REST cost budget, kept locally so orders are refused here rather than answered
 * {@code apiLimitExceeded}: "For /derivatives endpoints, clients can spend up to 500 every 10
 * seconds", sendorder and cancelorder cost 10, accounts, openpositions, openorders and fills (without
 * lastFillTime) 2, orders/status 1, PUT leveragepreferences 10 (docs.kraken.com/api/docs/guides/futures-rate-limits).
 *
 * <p>A generic cell rate algorithm on one {@link AtomicLong}: each cost unit moves the theoretical
 * arrival time 20 ms (10 s / 500) ahead; a request fits while that time stays within 10 s of now.
 * Orders ask ({@link #tryAcquire}) and are refused when they do not fit; the gateway's queries are
 * charged ({@link #charge}) whether they fit or not (the venue's state must be learned), so they
 * use up room orders then do not get. Lock-free, any thread.
 */
public final class KrakenCostBudget
{
    public static final long BUDGET = 500;
    public static final long WINDOW_NS = TimeUnit.SECONDS.toNanos(10);
    public static final int SEND_ORDER = 10;
    public static final int CANCEL_ORDER = 10;
    public static final int ACCOUNTS = 2;
    public static final int OPEN_POSITIONS = 2;
    public static final int FILLS = 2;
    public static final int ORDER_STATUS = 1;
    public static final int PUT_LEVERAGE_PREFERENCES = 10;

    private static final long PER_UNIT_NS = WINDOW_NS / BUDGET;

    private final AtomicLong theoreticalArrivalNs = new AtomicLong();

    /** Spends {@code cost} if it fits in the budget at {@code nowNs}; false (nothing spent) otherwise. */
    public boolean tryAcquire(final int cost, final long nowNs)
    {
        while (true)
        {
            final long tat = theoreticalArrivalNs.get();
            final long next = Math.max(tat, nowNs) + cost * PER_UNIT_NS;
            if (next - nowNs > WINDOW_NS)
            {
                return false;
            }
            if (theoreticalArrivalNs.compareAndSet(tat, next))
            {
                return true;
            }
        }
    }

    /** Spends {@code cost} whether it fits or not (a query the gateway must make). */
    public void charge(final int cost, final long nowNs)
    {
        while (true)
        {
            final long tat = theoreticalArrivalNs.get();
            if (theoreticalArrivalNs.compareAndSet(tat, Math.max(tat, nowNs) + cost * PER_UNIT_NS))
            {
                return;
            }
        }
    }

    /** Cost units free at {@code nowNs} (0..{@link #BUDGET}). */
    public long available(final long nowNs)
    {
        final long usedNs = Math.max(0, theoreticalArrivalNs.get() - nowNs);
        return Math.max(0, BUDGET - (usedNs + PER_UNIT_NS - 1) / PER_UNIT_NS);
    }
}
