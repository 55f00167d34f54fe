package io.fundingarb.connectors.simulator;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** An order as a simulated venue keeps it. Owned by the simulator's I/O thread. */
public final class SimOrder
{
    public final long orderId;
    public final String clientId;
    public final String symbol;
    public final boolean buy;
    public final boolean market;
    public final String timeInForce;
    public final BigDecimal price;
    public final BigDecimal qty;
    public final boolean reduceOnly;
    public String status;
    public BigDecimal executedQty = BigDecimal.ZERO;
    public BigDecimal cumQuote = BigDecimal.ZERO;
    public BigDecimal cumFee = BigDecimal.ZERO;
    public long updateTimeMs;
    /** When the venue accepted it (Binance {@code time}, Bybit {@code createdTime}). */
    public long createTimeMs;

    public SimOrder(
        final long orderId, final String clientId, final String symbol, final boolean buy, final boolean market, final String timeInForce,
        final BigDecimal price, final BigDecimal qty, final boolean reduceOnly)
    {
        this.orderId = orderId;
        this.clientId = clientId;
        this.symbol = symbol;
        this.buy = buy;
        this.market = market;
        this.timeInForce = timeInForce;
        this.price = price;
        this.qty = qty;
        this.reduceOnly = reduceOnly;
    }

    public void add(final SimAccount.Fill fill)
    {
        executedQty = executedQty.add(fill.qty());
        cumQuote = cumQuote.add(fill.value());
        cumFee = cumFee.add(fill.fee());
    }

    public BigDecimal leavesQty()
    {
        return qty.subtract(executedQty);
    }

    /** VWAP of the fills, or 0. */
    public BigDecimal avgPrice(final int scale)
    {
        return executedQty.signum() == 0 ? BigDecimal.ZERO : cumQuote.divide(executedQty, scale, RoundingMode.HALF_EVEN);
    }

    public boolean isOpen()
    {
        return executedQty.compareTo(qty) < 0 && ("NEW".equals(status) || "PARTIALLY_FILLED".equals(status));
    }
}
