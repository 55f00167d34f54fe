package io.fundingarb.engine.stage;

import io.fundingarb.engine.ring.Opportunities;

/**
 * What MarketStage shows the outside world (status view, ranking log): the availability matrix
 * and the top of the ranking. MarketStage writes it under a sequence lock when either changes
 * (no lock for the writer, no allocation); readers on other threads copy a consistent
 * {@link Snapshot} out, retrying while a write is in progress. Not part of the stage's state.
 */
public final class MarketView
{
    private final SeqLock lock = new SeqLock();
    private final Snapshot data;

    public MarketView(final int maxTokens, final int topN)
    {
        data = new Snapshot(maxTokens, topN);
    }

    /** A consistent copy of the view. */
    public static final class Snapshot
    {
        public final Opportunities top;
        public final int[] tokenIds;
        public final String[] tokenNames;
        /** Bit v set when the token is listed on venue v (SBE Venue raw value). */
        public final int[] venueMasks;
        public int tokenCount;
        public long lastEventTsNs;
        public long version;

        public Snapshot(final int maxTokens, final int topN)
        {
            top = new Opportunities(topN);
            tokenIds = new int[maxTokens];
            tokenNames = new String[maxTokens];
            venueMasks = new int[maxTokens];
        }

        /** The name of a token id, or "#id". */
        public String tokenName(final int tokenId)
        {
            for (int i = 0; i < tokenCount; i++)
            {
                if (tokenIds[i] == tokenId)
                {
                    return tokenNames[i];
                }
            }
            return "#" + tokenId;
        }

        void copyFrom(final Snapshot from)
        {
            top.copyFrom(from.top);
            final int n = from.tokenCount;
            System.arraycopy(from.tokenIds, 0, tokenIds, 0, n);
            System.arraycopy(from.tokenNames, 0, tokenNames, 0, n);
            System.arraycopy(from.venueMasks, 0, venueMasks, 0, n);
            tokenCount = n;
            lastEventTsNs = from.lastEventTsNs;
        }
    }

    /** Writer side (MarketStage's thread only): opens a write. */
    Snapshot beginWrite()
    {
        lock.beginWrite();
        return data;
    }

    /** Writer side: publishes the write. */
    void endWrite()
    {
        lock.endWrite();
    }

    /**
     * Copies a consistent view into {@code into}; returns false if the writer kept it busy for
     * 1000 attempts (the caller simply tries again later).
     */
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
                into.version = before;
                return true;
            }
        }
        return false;
    }
}
