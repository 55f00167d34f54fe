package io.fundingarb.engine.stage;

/**
 * What RiskStage shows the status view: the circuit breaker, totals and the open pairs. Written
 * by RiskStage (on timers and pair events) under a {@link SeqLock}; read from any thread. Not
 * part of the stage's state.
 */
public final class RiskView
{
    private final SeqLock lock = new SeqLock();
    private final Snapshot data;

    public RiskView(final int maxPairs)
    {
        data = new Snapshot(maxPairs);
    }

    /** A consistent copy. Money in quote units at 1e-9. */
    public static final class Snapshot
    {
        public int tradingState;
        public int stateReason;
        public long pairsOpened;
        public long pairsClosed;
        public long pairsFailed;
        public long realisedPnl;
        public long nowNs;
        public int count;
        public final long[] pairId;
        public final int[] pairState;
        public final int[] tokenId;
        public final int[] longInstrumentId;
        public final int[] shortInstrumentId;
        public final int[] longVenue;
        public final int[] shortVenue;
        public final long[] quantity;
        public final long[] longPrice;
        public final long[] shortPrice;
        public final long[] fees;
        public final long[] funding;
        public final long[] pnl;
        public final long[] openedTsNs;

        public Snapshot(final int capacity)
        {
            pairId = new long[capacity];
            pairState = new int[capacity];
            tokenId = new int[capacity];
            longInstrumentId = new int[capacity];
            shortInstrumentId = new int[capacity];
            longVenue = new int[capacity];
            shortVenue = new int[capacity];
            quantity = new long[capacity];
            longPrice = new long[capacity];
            shortPrice = new long[capacity];
            fees = new long[capacity];
            funding = new long[capacity];
            pnl = new long[capacity];
            openedTsNs = new long[capacity];
        }

        void copyFrom(final Snapshot from)
        {
            tradingState = from.tradingState;
            stateReason = from.stateReason;
            pairsOpened = from.pairsOpened;
            pairsClosed = from.pairsClosed;
            pairsFailed = from.pairsFailed;
            realisedPnl = from.realisedPnl;
            nowNs = from.nowNs;
            final int n = Math.min(from.count, pairId.length);
            System.arraycopy(from.pairId, 0, pairId, 0, n);
            System.arraycopy(from.pairState, 0, pairState, 0, n);
            System.arraycopy(from.tokenId, 0, tokenId, 0, n);
            System.arraycopy(from.longInstrumentId, 0, longInstrumentId, 0, n);
            System.arraycopy(from.shortInstrumentId, 0, shortInstrumentId, 0, n);
            System.arraycopy(from.longVenue, 0, longVenue, 0, n);
            System.arraycopy(from.shortVenue, 0, shortVenue, 0, n);
            System.arraycopy(from.quantity, 0, quantity, 0, n);
            System.arraycopy(from.longPrice, 0, longPrice, 0, n);
            System.arraycopy(from.shortPrice, 0, shortPrice, 0, n);
            System.arraycopy(from.fees, 0, fees, 0, n);
            System.arraycopy(from.funding, 0, funding, 0, n);
            System.arraycopy(from.pnl, 0, pnl, 0, n);
            System.arraycopy(from.openedTsNs, 0, openedTsNs, 0, n);
            count = n;
        }
    }

    Snapshot beginWrite()
    {
        lock.beginWrite();
        return data;
    }

    void endWrite()
    {
        lock.endWrite();
    }

    /** Copies a consistent view; false if the writer kept it busy (try again later). */
    public boolean read(final Snapshot into)
    {
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            final long before = lock.readBegin();
            if ((before & 1) != 0)
            {
                Thread.onSpinWait();
                continue;
            }
            into.copyFrom(data);
            if (lock.readValid(before))
            {
                return true;
            }
        }
        return false;
    }
}
