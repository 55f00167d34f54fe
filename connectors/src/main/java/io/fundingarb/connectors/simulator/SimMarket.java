package io.fundingarb.connectors.simulator;

import java.util.Random;

/**
 * One instrument on one simulated venue: fair price path, the venue's basis noise (a
 * mean-reverting random walk), its synthetic book and its funding path. Owned by the
 * simulator's I/O thread.
 */
public final class SimMarket
{
    private static final double BASIS_REVERSION = 0.05;

    private final SimInstrument instrument;
    private final PricePath pricePath;
    private final FundingPath funding;
    private final SimBook book;
    private final Random random;
    private final double basisStdDev;
    private double basis;
    private double shock = 1.0;

    public SimMarket(final SimScenario scenario, final SimInstrument instrument, final int bookLevels, final long venueSeed, final long firstUpdateId)
    {
        this.instrument = instrument;
        this.pricePath = scenario.pricePath(instrument);
        this.funding = scenario.fundingOf(instrument.symbol());
        this.random = new Random(venueSeed * 1_000_003L + instrument.symbol().hashCode());
        this.book = new SimBook(instrument, bookLevels, random, firstUpdateId);
        this.basisStdDev = scenario.basisStdDev();
    }

    /** One book update at simulated time {@code nowNs}: the touch follows fair price plus basis. */
    public void stepBook(final long nowNs)
    {
        basis += -BASIS_REVERSION * basis + basisStdDev * Math.sqrt(2 * BASIS_REVERSION) * random.nextGaussian();
        book.step(instrument.toTicks(venueMid(nowNs)));
    }

    /** This venue's mid: fair price with basis. */
    public double venueMid(final long nowNs)
    {
        return pricePath.at(nowNs) * shock * (1 + basis);
    }

    /** The index (spot) price: the fair price. */
    public double index(final long nowNs)
    {
        return pricePath.at(nowNs) * shock;
    }

    /** The mark price: the venue's mid, smoothed of the basis noise by half. */
    public double mark(final long nowNs)
    {
        return pricePath.at(nowNs) * shock * (1 + basis * 0.5);
    }

    /**
     * Moves every price of this market by {@code factor} from now on (a price shock: 0.7 = -30 %), the book
     * with it: the ladder steps to the shocked touch at once, as one venue-side update that the next
     * {@link SimBook#drain()} reports, so an order matched after the shock meets the shocked book, never
     * the levels from before it.
     */
    public void shock(final double factor, final long nowNs)
    {
        if (!(factor > 0))
        {
            throw new IllegalArgumentException("shock factor must be > 0, was " + factor);
        }
        shock *= factor;
        stepBook(nowNs);
    }

    public FundingPath.Current funding(final long nowMs)
    {
        return funding.at(nowMs);
    }

    public SimInstrument instrument()
    {
        return instrument;
    }

    public SimBook book()
    {
        return book;
    }

    public Random random()
    {
        return random;
    }
}
