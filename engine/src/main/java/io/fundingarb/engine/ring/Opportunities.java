package io.fundingarb.engine.ring;

/**
 * The top of MarketStage's global ranking: each ranked token's best hedged pair (long one venue,
 * short another), best first. A fixed-capacity flyweight of parallel arrays: MarketStage fills its
 * own and copies it into the slot when it changes; RiskStage copies it out. No allocation after
 * construction.
 */
public final class Opportunities
{
    public final int capacity;
    public int count;
    public final int[] tokenId;
    public final int[] longInstrumentId;
    public final int[] shortInstrumentId;
    public final int[] longVenue;
    public final int[] shortVenue;
    /** Net edge over the horizon, in basis points of notional: funding − fees − slippage + entry basis. */
    public final double[] netEdgeBps;
    /** Funding spread per hour as a ratio (0.0052 = 0.52 %/h): r_short/T_short − r_long/T_long. */
    public final double[] spreadPerHour;
    /** Funding expected over the horizon, settlement-aware, in bps. */
    public final double[] fundingBps;
    /** Taker fees (open and close, both legs) plus slippage (entry and exit, both legs), in bps. */
    public final double[] costBps;
    /** Entry basis (short price − long price) / long price at mid, in bps. */
    public final double[] basisBps;
    /** Estimated entry slippage of both legs (VWAP against mid), in bps. */
    public final double[] slippageBps;
    /** The long venue's best ask and the short venue's best bid (1e-9): where the IOC limits start. */
    public final long[] longAsk;
    public final long[] shortBid;
    /** Volume-weighted price to buy the target notional on the long venue (1e-9 scale). */
    public final long[] longPrice;
    /** Volume-weighted price to sell the target notional on the short venue (1e-9 scale). */
    public final long[] shortPrice;

    public Opportunities(final int capacity)
    {
        this.capacity = capacity;
        tokenId = new int[capacity];
        longInstrumentId = new int[capacity];
        shortInstrumentId = new int[capacity];
        longVenue = new int[capacity];
        shortVenue = new int[capacity];
        netEdgeBps = new double[capacity];
        spreadPerHour = new double[capacity];
        fundingBps = new double[capacity];
        costBps = new double[capacity];
        basisBps = new double[capacity];
        slippageBps = new double[capacity];
        longAsk = new long[capacity];
        shortBid = new long[capacity];
        longPrice = new long[capacity];
        shortPrice = new long[capacity];
    }

    public void copyFrom(final Opportunities from)
    {
        final int n = Math.min(from.count, capacity);
        System.arraycopy(from.tokenId, 0, tokenId, 0, n);
        System.arraycopy(from.longInstrumentId, 0, longInstrumentId, 0, n);
        System.arraycopy(from.shortInstrumentId, 0, shortInstrumentId, 0, n);
        System.arraycopy(from.longVenue, 0, longVenue, 0, n);
        System.arraycopy(from.shortVenue, 0, shortVenue, 0, n);
        System.arraycopy(from.netEdgeBps, 0, netEdgeBps, 0, n);
        System.arraycopy(from.spreadPerHour, 0, spreadPerHour, 0, n);
        System.arraycopy(from.fundingBps, 0, fundingBps, 0, n);
        System.arraycopy(from.costBps, 0, costBps, 0, n);
        System.arraycopy(from.basisBps, 0, basisBps, 0, n);
        System.arraycopy(from.slippageBps, 0, slippageBps, 0, n);
        System.arraycopy(from.longAsk, 0, longAsk, 0, n);
        System.arraycopy(from.shortBid, 0, shortBid, 0, n);
        System.arraycopy(from.longPrice, 0, longPrice, 0, n);
        System.arraycopy(from.shortPrice, 0, shortPrice, 0, n);
        count = n;
    }

    /** True when both hold the same entries with the same values. */
    public boolean sameAs(final Opportunities other)
    {
        if (count != other.count)
        {
            return false;
        }
        for (int i = 0; i < count; i++)
        {
            if (tokenId[i] != other.tokenId[i]
                || longInstrumentId[i] != other.longInstrumentId[i]
                || shortInstrumentId[i] != other.shortInstrumentId[i]
                || netEdgeBps[i] != other.netEdgeBps[i]
                || spreadPerHour[i] != other.spreadPerHour[i]
                || longPrice[i] != other.longPrice[i]
                || shortPrice[i] != other.shortPrice[i]
                || longAsk[i] != other.longAsk[i]
                || shortBid[i] != other.shortBid[i])
            {
                return false;
            }
        }
        return true;
    }
}
