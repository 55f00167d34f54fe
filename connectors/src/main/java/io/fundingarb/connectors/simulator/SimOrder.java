package io.fundingarb.connectors.simulator;

import io.fundingarb.connectors.json.JsonTree;
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

    /** The order as an object of the simulator's kept state ({@link SimulatorServer#keepStateIn}). */
    void writeState(final JsonText out)
    {
        out.beginObject().field("orderId", orderId).field("clientId", clientId).field("symbol", symbol).field("side", buy ? "BUY" : "SELL")
            .rawField("market", Boolean.toString(market)).field("timeInForce", timeInForce).field("price", price == null ? null : price.toPlainString())
            .field("qty", qty.toPlainString()).rawField("reduceOnly", Boolean.toString(reduceOnly)).field("status", status)
            .field("executedQty", executedQty.toPlainString()).field("cumQuote", cumQuote.toPlainString()).field("cumFee", cumFee.toPlainString())
            .field("createTimeMs", createTimeMs).field("updateTimeMs", updateTimeMs).endObject();
    }

    /** An order as {@link #writeState} wrote it (parsed by {@code JsonTree}). */
    static SimOrder readState(final Object o)
    {
        final String price = JsonTree.text(o, "price");
        final SimOrder order = new SimOrder(Long.parseLong(SimAccount.required(o, "orderId")), SimAccount.required(o, "clientId"),
            SimAccount.required(o, "symbol"), "BUY".equals(SimAccount.required(o, "side")),
            Boolean.TRUE.equals(JsonTree.get(o, "market")), SimAccount.required(o, "timeInForce"),
            price == null ? null : new BigDecimal(price), new BigDecimal(SimAccount.required(o, "qty")),
            Boolean.TRUE.equals(JsonTree.get(o, "reduceOnly")));
        order.status = JsonTree.text(o, "status");
        order.executedQty = new BigDecimal(SimAccount.required(o, "executedQty"));
        order.cumQuote = new BigDecimal(SimAccount.required(o, "cumQuote"));
        order.cumFee = new BigDecimal(SimAccount.required(o, "cumFee"));
        order.createTimeMs = Long.parseLong(SimAccount.required(o, "createTimeMs"));
        order.updateTimeMs = Long.parseLong(SimAccount.required(o, "updateTimeMs"));
        return order;
    }

    public boolean isOpen()
    {
        return executedQty.compareTo(qty) < 0 && ("NEW".equals(status) || "PARTIALLY_FILLED".equals(status));
    }
}
