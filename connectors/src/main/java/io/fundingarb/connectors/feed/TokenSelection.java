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
     * @param tokens   configured base assets (upper case).
     * @param quotes   accepted quote assets (upper case), in preference order.
     * @param tradable the venue's tradable perpetuals (already filtered).
     * @param base     an instrument's base asset.
     * @param quote    an instrument's quote asset.
     */
    public static <T> TokenSelection<T> select(
        final List<String> tokens,
        final List<String> quotes,
        final List<T> tradable,
        final Function<T, String> base,
        final Function<T, String> quote)
    {
        final List<T> selected = new ArrayList<>();
        final List<String> listed = new ArrayList<>();
        final List<String> missing = new ArrayList<>();
        for (final String token : tokens)
        {
            boolean found = false;
            for (final String q : quotes)
            {
                for (final T instrument : tradable)
                {
                    if (token.equals(upper(base.apply(instrument))) && q.equals(upper(quote.apply(instrument))))
                    {
                        selected.add(instrument);
                        found = true;
                        break;
                    }
                }
            }
            (found ? listed : missing).add(token);
        }
        return new TokenSelection<>(selected, listed, missing);
    }

    private static String upper(final String text)
    {
        return text == null ? "" : text.toUpperCase(Locale.ROOT);
    }
}
