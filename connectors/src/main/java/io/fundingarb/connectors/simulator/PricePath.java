package io.fundingarb.connectors.simulator;

import java.util.Random;

/**
 * A token's fair price as a deterministic function of simulated time: the initial price moved
 * by three sinusoids (minutes, hours, a day) with amplitudes and phases drawn from a seed. The
 * same seed gives every venue the same path; each venue adds its own basis noise on top.
 */
public final class PricePath
{
    private static final double[] PERIOD_S = {420.0, 4_700.0, 32_000.0};
    private static final double[] AMPLITUDE = {0.0006, 0.003, 0.01};

    private final double initial;
    private final double[] amplitude = new double[PERIOD_S.length];
    private final double[] phase = new double[PERIOD_S.length];

    public PricePath(final double initial, final long seed)
    {
        this.initial = initial;
        final Random random = new Random(seed);
        for (int i = 0; i < PERIOD_S.length; i++)
        {
            amplitude[i] = AMPLITUDE[i] * (0.5 + random.nextDouble());
            phase[i] = random.nextDouble() * 2 * Math.PI;
        }
    }

    /** The fair price at simulated time {@code nowNs}. */
    public double at(final long nowNs)
    {
        final double seconds = nowNs / 1e9;
        double factor = 1.0;
        for (int i = 0; i < PERIOD_S.length; i++)
        {
            factor += amplitude[i] * Math.sin(2 * Math.PI * seconds / PERIOD_S[i] + phase[i]);
        }
        return initial * factor;
    }
}
