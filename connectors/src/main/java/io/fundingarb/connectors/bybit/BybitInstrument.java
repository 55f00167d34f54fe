package io.fundingarb.connectors.bybit;

/**
 * One Bybit v5 contract from {@code GET /v5/market/instruments-info?category=linear}. Decimals
 * at scale 1e-9 ({@link io.fundingarb.codecs.FixedPoint}); {@code NULL} where the venue gives none.
 *
 * @param symbol                 venue symbol, e.g. "BTCUSDT".
 * @param contractType           "LinearPerpetual", "LinearFutures", ...
 * @param status                 "Trading", ...
 * @param baseCoin               e.g. "BTC".
 * @param quoteCoin              e.g. "USDT".
 * @param tickSize               priceFilter.tickSize.
 * @param qtyStep                lotSizeFilter.qtyStep.
 * @param minOrderQty            lotSizeFilter.minOrderQty.
 * @param minNotionalValue       lotSizeFilter.minNotionalValue.
 * @param fundingIntervalMinutes fundingInterval, in MINUTES as Bybit gives it (0 for futures).
 */
public record BybitInstrument(
    String symbol,
    String contractType,
    String status,
    String baseCoin,
    String quoteCoin,
    long tickSize,
    long qtyStep,
    long minOrderQty,
    long minNotionalValue,
    int fundingIntervalMinutes)
{
    /** A perpetual open for trading: what the engine can use. */
    public boolean isTradablePerpetual()
    {
        return "LinearPerpetual".equals(contractType) && "Trading".equals(status);
    }

    /** The funding interval in seconds, or 0 if the venue gives none. */
    public int fundingIntervalS()
    {
        return fundingIntervalMinutes * 60;
    }
}
