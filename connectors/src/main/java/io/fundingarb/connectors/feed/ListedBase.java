package io.fundingarb.connectors.feed;

import io.fundingarb.codecs.FixedPoint;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A venue's base asset name split into the token it trades and its contract multiplier: the
 * venues list low-priced tokens in bundles of 1,000 or more base units, each in its own way
 * (Binance {@code 1000PEPE}, {@code 1000000BOB}; Bybit {@code 1000PEPE}, {@code 10000SATS},
 * {@code SHIB1000}; Hyperliquid {@code kPEPE}). The engine names the token once ({@code PEPE})
 * and carries the multiplier as the instrument's contract value, so that prices and quantities
 * of two legs compare per base unit and a pair is only formed across legs of equal contract
 * value. Start-up code (allocates).
 *
 * @param token      the token, upper case ({@code PEPE}).
 * @param multiplier base units in one unit of the venue's instrument (1 when none).
 */
public record ListedBase(String token, long multiplier)
{
    /** A power of ten of at least 1,000 before or after the name: 1 followed by three or more zeros. */
    private static final Pattern PREFIXED = Pattern.compile("^(10{3,})([A-Z][A-Z0-9]*)$");
    private static final Pattern SUFFIXED = Pattern.compile("^([A-Z][A-Z]*)(10{3,})$");
    /** Hyperliquid's bundles: {@code k} (1,000) before the upper-case name. */
    private static final Pattern KILO = Pattern.compile("^k([A-Z][A-Z0-9]*)$");
    private static final int MAX_ZEROS = 9;

    public ListedBase
    {
        if (multiplier < 1)
        {
            throw new IllegalArgumentException("multiplier of " + token + " must be at least 1, got " + multiplier);
        }
    }

    /** A Binance or Bybit base asset ({@code 1000PEPE}, {@code SHIB1000}, {@code BTC}); a name without a multiplier is its own token. */
    public static ListedBase of(final String venueBase)
    {
        final String upper = venueBase == null ? "" : venueBase.toUpperCase(Locale.ROOT);
        Matcher m = PREFIXED.matcher(upper);
        if (m.matches() && m.group(1).length() - 1 <= MAX_ZEROS)
        {
            return new ListedBase(m.group(2), pow10(m.group(1).length() - 1));
        }
        m = SUFFIXED.matcher(upper);
        if (m.matches() && m.group(2).length() - 1 <= MAX_ZEROS)
        {
            return new ListedBase(m.group(1), pow10(m.group(2).length() - 1));
        }
        return new ListedBase(upper, 1);
    }

    /** A Hyperliquid coin ({@code kPEPE} is 1,000 PEPE; {@code BTC} is BTC). Case matters: the prefix is a lower-case k. */
    public static ListedBase ofKiloPrefixed(final String coin)
    {
        final Matcher m = KILO.matcher(coin == null ? "" : coin);
        return m.matches() ? new ListedBase(m.group(1), 1000) : of(coin);
    }

    /** The multiplier as an instrument's contract value: base units per unit of quantity at scale 1e-9. */
    public long contractValue()
    {
        return multiplier * FixedPoint.SCALE;
    }

    private static long pow10(final int zeros)
    {
        long value = 1;
        for (int i = 0; i < zeros; i++)
        {
            value *= 10;
        }
        return value;
    }
}
