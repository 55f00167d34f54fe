package io.fundingarb.connectors.gateway;

import io.fundingarb.codecs.FixedPoint;

/**
 * Text fields of the venues' order and account JSON (REST answers and private streams) as the
 * gateways read them: decimals and epoch milliseconds (client order ids: {@link VenueOrderIds}). Off the hot path (the
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
}
