package io.fundingarb.connectors.feed;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Which of a venue's tradable perpetuals the engine gets: for every configured token, one per
 * accepted quote the venue lists it in; a configured token listed in none is missing. Start-up
 * code (allocates).
 *
 * @param selected the instruments to define, in token order, then quote order.
 * @param listed   configured tokens with at least one instrument.
 * @param missing  configured tokens with none.
 * @param <T>      the venue's instrument record.
 */
public record TokenSelection<T>(List<T> selected, List<String> listed, List<String> missing)
{
    public TokenSelection
    {
        selected = List.copyOf(selected);
        listed = List.copyOf(listed);
        missing = List.copyOf(missing);
    }

    /**
     * @param tokens   configured tokens (upper case; a bundled name such as {@code 1000PEPE} means its token, PEPE).
     * @param quotes   accepted quote assets (upper case), in preference order.
     * @param tradable the venue's tradable perpetuals (already filtered).
     * @param base     an instrument's base asset as the venue names it ({@code 1000PEPE}: {@link ListedBase#of}).
     * @param quote    an instrument's quote asset.
     */
    public static <T> TokenSelection<T> select(
        final List<String> tokens,
        final List<String> quotes,
        final List<T> tradable,
        final Function<T, String> base,
        final Function<T, String> quote)
    {
        return selectListed(tokens, quotes, tradable, i -> ListedBase.of(base.apply(i)), quote);
    }

    /**
     * As {@link #select}, for a venue whose names need their own reading (Hyperliquid's {@code kPEPE}). Where a venue
     * lists a token both plain and bundled in the same quote, the smallest multiplier is taken.
     *
     * @param listing an instrument's token and multiplier.
     */
    public static <T> TokenSelection<T> selectListed(
        final List<String> tokens,
        final List<String> quotes,
        final List<T> tradable,
        final Function<T, ListedBase> listing,
        final Function<T, String> quote)
    {
        final List<T> selected = new ArrayList<>();
        final List<String> listed = new ArrayList<>();
        final List<String> missing = new ArrayList<>();
        for (final String configured : tokens)
        {
            final String token = ListedBase.of(configured).token();
            boolean found = false;
            for (final String q : quotes)
            {
                T best = null;
                long bestMultiplier = Long.MAX_VALUE;
                for (final T instrument : tradable)
                {
                    final ListedBase listedBase = listing.apply(instrument);
                    if (token.equals(listedBase.token()) && q.equals(upper(quote.apply(instrument))) && listedBase.multiplier() < bestMultiplier)
                    {
                        best = instrument;
                        bestMultiplier = listedBase.multiplier();
                    }
                }
                if (best != null)
                {
                    selected.add(best);
                    found = true;
                }
            }
            (found ? listed : missing).add(configured);
        }
        return new TokenSelection<>(selected, listed, missing);
    }

    private static String upper(final String text)
    {
        return text == null ? "" : text.toUpperCase(Locale.ROOT);
    }
}
