package io.fundingarb.connectors.binance;

/**
 * One Binance USD-M contract from {@code GET /fapi/v1/exchangeInfo}. Decimals at scale 1e-9
 * ({@link io.fundingarb.codecs.FixedPoint}); {@code NULL} where the venue gives no value.
 *
 * @param symbol       venue symbol, e.g. "BTCUSDT".
 * @param contractType "PERPETUAL", "CURRENT_QUARTER", ...
 * @param status       "TRADING", ...
 * @param baseAsset    e.g. "BTC".
 * @param quoteAsset   e.g. "USDT".
 * @param tickSize     PRICE_FILTER tickSize.
 * @param stepSize     LOT_SIZE stepSize.
 * @param minQty       LOT_SIZE minQty.
 * @param minNotional  MIN_NOTIONAL notional.
 */
public record BinanceInstrument(
    String symbol,
    String contractType,
    String status,
    String baseAsset,
    String quoteAsset,
    long tickSize,
    long stepSize,
    long minQty,
    long minNotional)
{
    /** A perpetual open for trading: what the engine can use. */
    public boolean isTradablePerpetual()
    {
        return "PERPETUAL".equals(contractType) && "TRADING".equals(status);
    }
}
