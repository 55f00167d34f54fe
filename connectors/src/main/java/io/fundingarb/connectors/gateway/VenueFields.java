package io.fundingarb.connectors.gateway;

import io.fundingarb.codecs.FixedPoint;

/**
 * Text fields of the venues' order and account JSON (REST answers and private streams) as the
 * gateways read them: decimals, epoch milliseconds, client order ids. Off the hot path (the
 * answers are already parsed into a tree); a missing or malformed field is a sentinel, never an
 * exception.
 */
public final class VenueFields
{
    private VenueFields()
    {
    }

    /** A decimal at scale 1e-9, or {@link FixedPoint#NULL} when missing, empty or malformed. */
    public static long fixed(final String text)
    {
        return text == null || text.isEmpty() ? FixedPoint.NULL : FixedPoint.parse(text);
    }

    /** Epoch milliseconds as nanoseconds, or 0 when missing or malformed. */
    public static long msToNs(final String ms)
    {
        if (ms == null)
        {
            return 0;
        }
        try
        {
            return Long.parseLong(ms) * 1_000_000L;
        }
        catch (final NumberFormatException ex)
        {
            return 0;
        }
    }

    /** A decimal client order id, or {@link Long#MIN_VALUE} when missing, empty or not ours. */
    public static long parseId(final String text)
    {
        if (text == null)
        {
            return Long.MIN_VALUE;
        }
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            return Long.MIN_VALUE; // "" included
        }
    }
}
