package io.fundingarb.connectors.kraken;

import io.fundingarb.codecs.FixedPoint;

/**
 * One Kraken Futures linear multi-collateral perpetual ({@code PF_…}) from
 * {@code GET /derivatives/api/v3/instruments} (docs.kraken.com/api-reference/instrument-details/get-instruments),
 * with its 24 h quote volume from {@code GET /derivatives/api/v3/tickers}
 * (docs.kraken.com/api-reference/market-data/get-ticker-by-symbol). Decimals at scale 1e-9
 * ({@link FixedPoint}); {@code NULL} where the venue gives none. Every {@code PF_} contract is quoted
 * in USD and one contract is one unit of the base currency (support.kraken.com/hc/en-us/articles/
 * 4844359082772-Linear-Multi-Collateral-Perpetual-Contract-Specifications).
 *
 * @param symbol         the venue's symbol, e.g. "PF_XBTUSD": the product id of subscriptions and frames.
 * @param tickSize       {@code tickSize}: the price step.
 * @param contractSize   {@code contractSize}: base units per contract (1 for {@code PF_}).
 * @param sizePrecision  {@code contractValueTradePrecision}: order sizes are multiples of 10^-sizePrecision (may be negative).
 * @param tradeable      {@code tradeable}.
 * @param volumeQuote24h the ticker's {@code volumeQuote}, the 24 h volume in USD (the liquidity filter's volume); NULL if unknown.
 */
public record KrakenInstrument(
    String symbol,
    long tickSize,
    long contractSize,
    int sizePrecision,
    boolean tradeable,
    long volumeQuote24h)
{
    /** Prefix of linear multi-collateral perpetuals; {@code PI_} (inverse) and {@code FI_}/{@code FF_} (fixed maturity) are not traded. */
    public static final String LINEAR_PERPETUAL_PREFIX = "PF_";
    public static final String QUOTE = "USD";
    /** Sizes finer than 1e-9 cannot be held at the engine's scale; coarser than 1e9 are not plausible. */
    public static final int MAX_SIZE_PRECISION = FixedPoint.DECIMALS;

    public KrakenInstrument
    {
        if (!symbol.startsWith(LINEAR_PERPETUAL_PREFIX) || !symbol.endsWith(QUOTE) || symbol.length() <= LINEAR_PERPETUAL_PREFIX.length() + QUOTE.length())
        {
            throw new IllegalArgumentException(symbol + ": not a PF_<base>USD linear perpetual");
        }
        if (tickSize <= 0 || contractSize <= 0)
        {
            throw new IllegalArgumentException(symbol + ": tickSize and contractSize must be above zero");
        }
        if (sizePrecision < -MAX_SIZE_PRECISION || sizePrecision > MAX_SIZE_PRECISION)
        {
            throw new IllegalArgumentException(symbol + ": contractValueTradePrecision must be -9 to 9, was " + sizePrecision);
        }
    }

    /** The venue's base currency, "XBT" for {@code PF_XBTUSD}. */
    public String venueBase()
    {
        return symbol.substring(LINEAR_PERPETUAL_PREFIX.length(), symbol.length() - QUOTE.length());
    }

    /**
     * The token the engine compares across venues: the venue's base, except Kraken's {@code XBT},
     * which is Bitcoin, "BTC" everywhere else ("XBT is used on the API and account logs. Both refer
     * to Bitcoin": support.kraken.com/hc/en-us/articles/360022835911).
     */
    public String baseToken()
    {
        final String base = venueBase();
        return "XBT".equals(base) ? "BTC" : base;
    }

    /** The size step, 10^-contractValueTradePrecision base units (at 1e-9). */
    public long lotSize()
    {
        long step = FixedPoint.SCALE;
        for (int i = 0; i < sizePrecision; i++)
        {
            step /= 10;
        }
        for (int i = 0; i > sizePrecision; i--)
        {
            step *= 10;
        }
        return step;
    }

    /** This instrument with the 24 h quote volume of a ticker. */
    public KrakenInstrument withVolume(final long volumeQuote)
    {
        return new KrakenInstrument(symbol, tickSize, contractSize, sizePrecision, tradeable, volumeQuote);
    }
}
