package io.fundingarb.connectors.simulator;

import java.util.List;
import java.util.Map;

/**
 * What a simulator shows: its instruments, a funding path per symbol (a symbol without one gets
 * {@link #DEFAULT_FUNDING}), a seed for books and basis noise, and the basis noise amplitude.
 * Prices follow a {@link PricePath} per base asset seeded from {@code seed} and the base, so two
 * venues given the same seed quote the same token around the same fair price.
 */
public record SimScenario(List<SimInstrument> instruments, Map<String, FundingPath> funding, long seed, double basisStdDev)
{
    /** 0.01 % per 8 h, the venues' neutral rate. */
    public static final FundingPath DEFAULT_FUNDING = FundingPath.constant("0.0001", 8);

    public SimScenario
    {
        instruments = List.copyOf(instruments);
        funding = Map.copyOf(funding);
        if (instruments.isEmpty())
        {
            throw new IllegalArgumentException("a scenario needs at least one instrument");
        }
        if (basisStdDev < 0 || basisStdDev > 0.05)
        {
            throw new IllegalArgumentException("basisStdDev must be in [0, 0.05], was " + basisStdDev);
        }
    }

    public FundingPath fundingOf(final String symbol)
    {
        return funding.getOrDefault(symbol, DEFAULT_FUNDING);
    }

    /** The fair-price path of an instrument's base asset. */
    public PricePath pricePath(final SimInstrument instrument)
    {
        return new PricePath(instrument.initialMid().doubleValue(), seed * 31 + instrument.base().hashCode());
    }
}
