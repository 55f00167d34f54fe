package io.fundingarb.connectors.hyperliquid;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.connectors.feed.ListedBase;

/**
 * One Hyperliquid perpetual from {@code POST /info {"type":"metaAndAssetCtxs"}}: its entry of
 * {@code universe} and the asset context at the same position
 * (hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/info-endpoint/perpetuals). Decimals at
 * scale 1e-9 ({@link FixedPoint}); {@code NULL} where the venue gives none. Every perpetual is
 * quoted in USDC.
 *
 * @param coin         the venue's name, e.g. "BTC", "kPEPE": the symbol of subscriptions and frames.
 * @param assetIndex   the position in {@code universe}: the asset id of orders ({@code "a"}), .../api/asset-ids.
 * @param szDecimals   size decimals: sizes are multiples of 10^-szDecimals.
 * @param maxLeverage  the most leverage the venue allows.
 * @param onlyIsolated whether the venue allows isolated margin only.
 * @param delisted     {@code isDelisted}: not tradable.
 * @param funding      the ctx's hourly funding rate.
 * @param markPx       the ctx's mark price.
 * @param dayNtlVlm    the ctx's 24 h notional volume in USDC (the liquidity filter's volume).
 */
public record HyperliquidInstrument(
    String coin,
    int assetIndex,
    int szDecimals,
    int maxLeverage,
    boolean onlyIsolated,
    boolean delisted,
    long funding,
    long markPx,
    long dayNtlVlm)
{
    public static final String QUOTE = "USDC";
    /** Perpetual prices have at most {@value} decimals less szDecimals (.../api/tick-and-lot-size). */
    public static final int MAX_PRICE_DECIMALS = 6;
    /** ... and at most {@value} significant figures; integer prices are always allowed. */
    public static final int MAX_SIGNIFICANT_FIGURES = 5;
    /** The minimum order value, 10 USDC (.../api/tick-and-lot-size; shared/docs/VENUES.md). */
    public static final long MIN_ORDER_VALUE = 10 * FixedPoint.SCALE;

    public HyperliquidInstrument
    {
        if (szDecimals < 0 || szDecimals > MAX_PRICE_DECIMALS)
        {
            throw new IllegalArgumentException(coin + ": szDecimals must be 0 to " + MAX_PRICE_DECIMALS + ", was " + szDecimals);
        }
    }

    /** Tradable: listed and not delisted. */
    public boolean isTradable()
    {
        return !delisted;
    }

    /** The token and bundle size: {@code kPEPE} is 1,000 PEPE, {@code BTC} is BTC ({@link ListedBase#ofKiloPrefixed}). */
    public ListedBase listed()
    {
        return ListedBase.ofKiloPrefixed(coin);
    }

    /** Units of the base token one unit of this perpetual is: 1,000 for {@code kPEPE}, 1 for {@code BTC}. */
    public long multiplier()
    {
        return listed().multiplier();
    }

    /** The base token the perpetual is on: "PEPE" for {@code kPEPE}, "BTC" for {@code BTC}. */
    public String baseToken()
    {
        return listed().token();
    }

    /** The size step, 10^-szDecimals (at 1e-9). */
    public long lotSize()
    {
        return pow10(FixedPoint.DECIMALS - szDecimals);
    }

    /** The finest price step the venue allows at any price, 10^-(6 - szDecimals) (at 1e-9). */
    public long finestTick()
    {
        return pow10(FixedPoint.DECIMALS - (MAX_PRICE_DECIMALS - szDecimals));
    }

    /**
     * The engine's fixed price step for this perpetual. Hyperliquid has no tick: a price is valid with
     * at most five significant figures and at most 6 - szDecimals decimals, and any integer is valid
     * (.../api/tick-and-lot-size). The engine wants one step, so it takes the unit of the fifth
     * significant figure of the mark price at start-up, no finer than {@link #finestTick()} and no
     * coarser than 1: BTC at 105,055 → 1 (integers), ETH at 3,300.5 → 0.1, kPEPE at 0.012345 → 0.000001.
     * Every multiple of it is a valid price from zero up to the next power of ten above the mark
     * (a tenfold rise for a mark just above a power of ten, less for one just below); the gateway
     * rounds each price to the venue's rule in any case. Without a mark: {@link #finestTick()}.
     */
    public long tickSize()
    {
        final long finest = finestTick();
        if (markPx == FixedPoint.NULL || markPx <= 0)
        {
            return finest;
        }
        long unit = 1;
        final long limit = pow10(MAX_SIGNIFICANT_FIGURES);
        while (unit < FixedPoint.SCALE && markPx / unit >= limit)
        {
            unit *= 10;
        }
        return Math.max(finest, unit);
    }

    private static long pow10(final int exponent)
    {
        long value = 1;
        for (int i = 0; i < exponent; i++)
        {
            value *= 10;
        }
        return value;
    }
}
