package io.fundingarb.engine.config;

import io.fundingarb.connectors.venue.VenueAdapters;
import io.fundingarb.connectors.venue.VenueSection;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code backtest} section: the account and the fill model of {@code ./run.sh backtest}.
 * Each venue's modelled book around the history's mark price: the best bid and ask at
 * {@code half_spread_bps} from the mark, then {@code backtest.book_levels} levels per side, each
 * {@code level_step_bps} further away, each holding {@code level_usd} of quote. An order takes the
 * levels best first within its limit: its price is the volume-weighted average of what it took.
 *
 * @param startingBalanceUsd {@code backtest.starting_balance_usd}: wallet of each venue at the start.
 * @param bookLevels         {@code backtest.book_levels}: modelled levels per side of each book.
 * @param venues             the modelled book of each venue, in {@link #VENUES} order.
 */
public record BacktestConfig(double startingBalanceUsd, int bookLevels, List<VenueBook> venues)
{
    /** Venues with a modelled book: every venue the configuration knows, in registry order. */
    public static final List<String> VENUES = VenueAdapters.SECTIONS.stream().map(VenueSection::name).toList();

    /**
     * @param halfSpreadBps {@code backtest.<venue>.half_spread_bps}: best bid and ask this far from the mark.
     * @param levelUsd      {@code backtest.<venue>.level_usd}: quote held by each level.
     * @param levelStepBps  {@code backtest.<venue>.level_step_bps}: distance between levels.
     */
    public record VenueBook(double halfSpreadBps, double levelUsd, double levelStepBps)
    {
    }

    public BacktestConfig
    {
        venues = List.copyOf(venues);
    }

    /** The modelled book of a venue by its name in {@link #VENUES}. */
    public VenueBook venue(final String name)
    {
        final int index = VENUES.indexOf(name);
        if (index < 0)
        {
            throw new IllegalArgumentException("no modelled book for venue " + name + " (one of " + VENUES + ")");
        }
        return venues.get(index);
    }

    /** The same model with no spread and unlimited depth (the static pair's --zero-costs). */
    public BacktestConfig zeroCosts()
    {
        return new BacktestConfig(startingBalanceUsd, bookLevels, venues.stream().map(v -> new VenueBook(0, 1e9, 0)).toList());
    }

    /**
     * Reads and validates the section. Each line is one key and its default.
     *
     * @param node the {@code backtest} section.
     * @return the validated configuration.
     */
    public static BacktestConfig from(final ConfigNode node)
    {
        final double startingBalanceUsd = node.decimal("starting_balance_usd", 10_000.0, 1.0, 1e12);
        final int bookLevels = node.integer("book_levels", 10, 1, 50);
        final List<VenueBook> books = new ArrayList<>();
        for (final VenueSection section : VenueAdapters.SECTIONS)
        {
            final VenueSection.BookModel book = section.backtestBook();
            books.add(venueBook(node.section(section.name()), book.halfSpreadBps(), book.levelUsd(), book.levelStepBps()));
        }
        node.finish();
        return new BacktestConfig(startingBalanceUsd, bookLevels, books);
    }

    private static VenueBook venueBook(final ConfigNode node, final double halfSpreadBps, final double levelUsd, final double levelStepBps)
    {
        final VenueBook book = new VenueBook(
            node.decimal("half_spread_bps", halfSpreadBps, 0.0, 1_000.0),
            node.decimal("level_usd", levelUsd, 1.0, 1e9),
            node.decimal("level_step_bps", levelStepBps, 0.0, 1_000.0));
        node.finish();
        return book;
    }
}
