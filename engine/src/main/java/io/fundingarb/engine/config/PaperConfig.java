package io.fundingarb.engine.config;

/**
 * The {@code paper} section: the simulated account of {@code ./run.sh paper}.
 *
 * @param startingBalanceUsd {@code paper.starting_balance_usd}: the paper wallet of each enabled venue at start,
 *                           in quote currency.
 */
public record PaperConfig(double startingBalanceUsd)
{
    /**
     * Reads and validates the section. Each line is one key and its default.
     *
     * @param node the {@code paper} section.
     * @return the validated configuration.
     */
    public static PaperConfig from(final ConfigNode node)
    {
        final double startingBalanceUsd = node.decimal("starting_balance_usd", 10_000.0, 1.0, 1e12);
        node.finish();
        return new PaperConfig(startingBalanceUsd);
    }
}
