package io.fundingarb.connectors.simulator;

import java.math.BigDecimal;

/**
 * One simulated perpetual: venue symbol, assets, tick and lot (as the venue lists them) and a
 * starting mid price. Tick and lot keep their scale ({@code "0.10"} has scale 2).
 */
public record SimInstrument(
    String symbol, String base, String quote, BigDecimal tickSize, BigDecimal lotSize, BigDecimal minNotional, BigDecimal initialMid)
{
    public SimInstrument
    {
        if (tickSize.signum() <= 0 || lotSize.signum() <= 0 || initialMid.signum() <= 0)
        {
            throw new IllegalArgumentException(symbol + ": tick, lot and initial mid must be > 0");
        }
    }

    /** Convenience: {@code of("BTCUSDT", "BTC", "USDT", "0.10", "0.001", "5", "65000")}. */
    public static SimInstrument of(
        final String symbol, final String base, final String quote, final String tick, final String lot, final String minNotional, final String mid)
    {
        return new SimInstrument(symbol, base, quote, new BigDecimal(tick), new BigDecimal(lot), new BigDecimal(minNotional), new BigDecimal(mid));
    }

    /** A price in ticks as the venue writes it (tick scale). */
    public String price(final long ticks)
    {
        return BigDecimal.valueOf(ticks).multiply(tickSize).toPlainString();
    }

    /** A size in lots as the venue writes it (lot scale). */
    public String size(final long lots)
    {
        return BigDecimal.valueOf(lots).multiply(lotSize).toPlainString();
    }

    public long toTicks(final double price)
    {
        return Math.max(1, Math.round(price / tickSize.doubleValue()));
    }

    public int priceScale()
    {
        return Math.max(0, tickSize.stripTrailingZeros().scale());
    }

    public int qtyScale()
    {
        return Math.max(0, lotSize.stripTrailingZeros().scale());
    }
}
