package io.fundingarb.connectors.hyperliquid;

import io.fundingarb.codecs.FixedPoint;

/**
 * Prices and sizes as the venue takes them (Hyperliquid docs, "For developers / API / Tick and lot
 * size", https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/tick-and-lot-size):
 * a perp price has at most 5 significant figures and at most {@code 6 - szDecimals} decimals, an
 * integer price is always allowed; a size has at most {@code szDecimals} decimals. On the wire both
 * are decimal strings without trailing zeros ("100", "1670.1", "0.0147": the Python SDK's
 * {@code float_to_wire}), which {@link FixedPoint#toString(long)} writes from the engine's 1e-9
 * fixed point. A limit price is rounded towards the passive side (a buy down, a sell up) so the
 * venue never fills beyond the engine's limit; a size is rounded down (never more than asked).
 */
public final class HyperliquidWire
{
    /** Hyperliquid's decimal budget of perp prices: decimals ≤ 6 - szDecimals. */
    public static final int MAX_PERP_DECIMALS = 6;
    /** Significant figures of a non-integer price. */
    public static final int PRICE_SIGNIFICANT_FIGURES = 5;

    private static final long[] POWERS = new long[19];

    static
    {
        POWERS[0] = 1;
        for (int i = 1; i < POWERS.length; i++)
        {
            POWERS[i] = POWERS[i - 1] * 10;
        }
    }

    private HyperliquidWire()
    {
    }

    /**
     * The price step, in 1e-9 units, at {@code price} for an asset of {@code szDecimals}: 5
     * significant figures (capped at 1: integers are always allowed), at least 10^-(6 - szDecimals).
     */
    public static long priceStep(final long price, final int szDecimals)
    {
        final int integerDigits = digits(price) - FixedPoint.DECIMALS; // position of the leading digit relative to the units
        final int significantExponent = Math.min(integerDigits - PRICE_SIGNIFICANT_FIGURES, 0); // 10^e of the 5th figure, ≤ units
        final int decimals = Math.max(0, MAX_PERP_DECIMALS - szDecimals);
        final int exponent = Math.max(significantExponent, -decimals);
        return POWERS[Math.max(0, FixedPoint.DECIMALS + exponent)];
    }

    /**
     * A limit price the venue accepts: rounded down for a buy, up for a sell, to {@link #priceStep};
     * 0 when {@code price} is not positive or rounds to nothing.
     */
    public static long price(final long price, final int szDecimals, final boolean isBuy)
    {
        if (price <= 0 || price == FixedPoint.NULL)
        {
            return 0;
        }
        final long step = priceStep(price, szDecimals);
        final long rounded = isBuy ? FixedPoint.roundDown(price, step) : FixedPoint.roundUp(price, step);
        return rounded == FixedPoint.NULL ? 0 : rounded;
    }

    /** A size the venue accepts: rounded down to {@code szDecimals} decimals; 0 when nothing is left. */
    public static long size(final long quantity, final int szDecimals)
    {
        if (quantity <= 0 || quantity == FixedPoint.NULL)
        {
            return 0;
        }
        final int decimals = Math.min(Math.max(szDecimals, 0), FixedPoint.DECIMALS);
        return FixedPoint.roundDown(quantity, POWERS[FixedPoint.DECIMALS - decimals]);
    }

    /** The wire text of a fixed-point price or size: shortest decimal, no trailing zeros. */
    public static String text(final long value)
    {
        return FixedPoint.toString(value);
    }

    /** Decimal digits of a positive long. */
    private static int digits(final long value)
    {
        int digits = 1;
        while (digits < POWERS.length && value >= POWERS[digits])
        {
            digits++;
        }
        return digits;
    }
}
