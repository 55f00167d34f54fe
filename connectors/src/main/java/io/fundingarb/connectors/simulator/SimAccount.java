package io.fundingarb.connectors.simulator;

import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.gateway.HmacSigner;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The venue side of one trading account: matching of taker orders against a simulated book
 * (walk the levels from the touch up to the limit price, taking liquidity out of the book),
 * taker fees, signed positions with entry prices, realised PnL and funding settled into the
 * wallet. Exact decimals (the venue side may allocate). Owned by the simulator's I/O thread.
 */
public final class SimAccount
{
    /** Fees and funding amounts are rounded half-up to 8 decimals, the precision both venues show. */
    public static final int AMOUNT_SCALE = 8;

    /** One execution against one book level. */
    public record Fill(BigDecimal price, BigDecimal qty, BigDecimal fee, long tradeId)
    {
        public BigDecimal value()
        {
            return price.multiply(qty);
        }
    }

    /** A signed position: quantity (short negative) and average entry price. */
    public record Position(BigDecimal qty, BigDecimal entryPrice)
    {
    }

    private final SimAccountConfig config;
    private final HmacSigner signer;
    private final Map<String, Position> positions = new LinkedHashMap<>();
    private final Map<String, Integer> leverages = new java.util.HashMap<>();
    private final Map<String, Boolean> isolatedSymbols = new java.util.HashMap<>();
    private boolean defaultIsolated;
    private BigDecimal wallet;
    private long nextTradeId;

    public SimAccount(final SimAccountConfig config, final long seed)
    {
        this.config = config;
        this.signer = new HmacSigner(config.apiSecret());
        this.wallet = config.startingBalance();
        this.nextTradeId = 100_000_000L + Math.floorMod(seed, 1_000_000L);
    }

    public boolean keyMatches(final String apiKey)
    {
        return config.apiKey().equals(apiKey);
    }

    /** Whether {@code signature} is the hex HMAC-SHA256 of {@code payload} under the account's secret. */
    public boolean signatureMatches(final String payload, final String signature)
    {
        return signature != null && HmacSigner.hexEquals(signer.hex(payload), signature);
    }

    public BigDecimal takerFee()
    {
        return config.takerFee();
    }

    /**
     * Takes liquidity for a taker order: buys walk the asks up to {@code limitPrice} (null: no
     * limit), sells the bids down to it, at most {@code maxQty}. Levels are consumed from the book.
     */
    public List<Fill> take(final SimMarket market, final boolean buy, final BigDecimal limitPrice, final BigDecimal maxQty)
    {
        final SimInstrument in = market.instrument();
        final SimBook book = market.book();
        final long limitTicks = limitPrice == null ? (buy ? Long.MAX_VALUE : 0) : limitPrice.divide(in.tickSize()).longValueExact();
        long lotsLeft = maxQty.divide(in.lotSize(), 0, RoundingMode.DOWN).longValueExact();
        final List<Fill> fills = new ArrayList<>();
        final List<SimBook.Level> levels = buy ? book.asks(Integer.MAX_VALUE) : book.bids(Integer.MAX_VALUE);
        for (final SimBook.Level level : levels)
        {
            if (lotsLeft <= 0 || (buy ? level.priceTicks() > limitTicks : level.priceTicks() < limitTicks))
            {
                break;
            }
            final long taken = book.take(buy, level.priceTicks(), Math.min(lotsLeft, level.lots()));
            if (taken <= 0)
            {
                continue;
            }
            lotsLeft -= taken;
            final BigDecimal price = new BigDecimal(in.price(level.priceTicks()));
            final BigDecimal qty = new BigDecimal(in.size(taken));
            fills.add(new Fill(price, qty, fee(price, qty, config.takerFee()), nextTradeId++));
        }
        return fills;
    }

    /** The venue's fee of one fill: price x qty x rate, half-up to 8 decimals. */
    public static BigDecimal fee(final BigDecimal price, final BigDecimal qty, final BigDecimal rate)
    {
        return price.multiply(qty).multiply(rate).setScale(AMOUNT_SCALE, RoundingMode.HALF_UP);
    }

    /** Books a fill: position, entry price, realised PnL and fee into the wallet. */
    public void apply(final String symbol, final boolean buy, final Fill fill)
    {
        final Position position = position(symbol);
        final BigDecimal q = position.qty();
        final BigDecimal f = buy ? fill.qty() : fill.qty().negate();
        BigDecimal newQty = q.add(f);
        BigDecimal entry = position.entryPrice();
        if (q.signum() == 0 || q.signum() == f.signum())
        {
            entry = q.multiply(entry).add(f.multiply(fill.price())).divide(newQty, 12, RoundingMode.HALF_EVEN).stripTrailingZeros();
        }
        else
        {
            final BigDecimal closed = q.abs().min(f.abs());
            final BigDecimal realised = closed.multiply(fill.price().subtract(entry)).multiply(BigDecimal.valueOf(q.signum()));
            wallet = wallet.add(realised);
            if (newQty.signum() == 0)
            {
                entry = BigDecimal.ZERO;
            }
            else if (newQty.signum() != q.signum())
            {
                entry = fill.price();
            }
        }
        wallet = wallet.subtract(fill.fee());
        positions.put(symbol, new Position(newQty.stripTrailingZeros(), entry));
    }

    /**
     * Settles funding on the position of {@code symbol}: amount received = -position x mark x rate
     * (half-up to 8 decimals), into the wallet. Zero when flat.
     */
    public BigDecimal settleFunding(final String symbol, final BigDecimal mark, final BigDecimal rate)
    {
        return settleFunding(symbol, mark, rate, AMOUNT_SCALE);
    }

    /**
     * As {@link #settleFunding(String, BigDecimal, BigDecimal)} on {@code price} (the mark, or
     * Hyperliquid's oracle price), the amount rounded half-up to {@code scale} decimals (the
     * venue's precision of the settlement asset).
     */
    public BigDecimal settleFunding(final String symbol, final BigDecimal price, final BigDecimal rate, final int scale)
    {
        final BigDecimal q = position(symbol).qty();
        if (q.signum() == 0)
        {
            return BigDecimal.ZERO;
        }
        final BigDecimal amount = q.multiply(price).multiply(rate).negate().setScale(scale, RoundingMode.HALF_UP);
        wallet = wallet.add(amount);
        return amount;
    }

    public Position position(final String symbol)
    {
        return positions.getOrDefault(symbol, new Position(BigDecimal.ZERO, BigDecimal.ZERO));
    }

    public Map<String, Position> positions()
    {
        return positions;
    }

    public BigDecimal wallet()
    {
        return wallet;
    }

    /** The initial margin of one position at its symbol's leverage (an isolated position's wallet). */
    public BigDecimal margin(final String symbol)
    {
        final Position p = position(symbol);
        return p.qty().abs().multiply(p.entryPrice()).divide(BigDecimal.valueOf(leverage(symbol)), AMOUNT_SCALE, RoundingMode.HALF_UP);
    }

    /** Wallet less the initial margin of open positions at their symbols' leverage. */
    public BigDecimal available()
    {
        BigDecimal margin = BigDecimal.ZERO;
        for (final String symbol : positions.keySet())
        {
            margin = margin.add(margin(symbol));
        }
        return wallet.subtract(margin);
    }

    /** The leverage of {@code symbol}: as last set, else the account's configured one. */
    public int leverage(final String symbol)
    {
        return leverages.getOrDefault(symbol, config.leverage());
    }

    public void leverage(final String symbol, final int leverage)
    {
        leverages.put(symbol, leverage);
    }

    /** Whether {@code symbol} is in isolated margin: as last set, else the account's default (cross unless set). */
    public boolean isolated(final String symbol)
    {
        return isolatedSymbols.getOrDefault(symbol, defaultIsolated);
    }

    public void isolated(final String symbol, final boolean isolated)
    {
        isolatedSymbols.put(symbol, isolated);
    }

    /** The margin mode of every symbol not set one by one, and of every symbol set so far (a unified account's mode). */
    public void isolatedByDefault(final boolean isolated)
    {
        defaultIsolated = isolated;
        isolatedSymbols.replaceAll((symbol, old) -> isolated);
    }

    /**
     * Maintenance margin of a position at {@code mark}: |qty| x mark x {@link #MAINTENANCE_RATE}, a
     * single tier (both venues' first risk tier for the majors is 0.5 %: Binance "Notional and
     * Leverage Brackets", Bybit "Risk Limit" BTCUSDT tier 1).
     */
    public BigDecimal maintenanceMargin(final String symbol, final BigDecimal mark)
    {
        return position(symbol).qty().abs().multiply(mark).multiply(MAINTENANCE_RATE).setScale(AMOUNT_SCALE, RoundingMode.HALF_UP);
    }

    /**
     * Closes the whole position of {@code symbol} at {@code price} (a liquidation): realised PnL and
     * the taker fee into the wallet, as a fill of the opposite side; the fill, or null when flat.
     */
    /**
     * The venue's liquidation: when {@code mark} has reached {@code liquidationPrice} (a long's at
     * or below it, a short's at or above), the whole position is closed at that price rounded to
     * {@code priceScale} away from the mark's side; the fill, or null when nothing is due.
     */
    public Fill liquidateIfReached(final String symbol, final BigDecimal mark, final BigDecimal liquidationPrice, final int priceScale)
    {
        final BigDecimal qty = position(symbol).qty();
        if (qty.signum() == 0 || liquidationPrice.signum() <= 0
            || (qty.signum() > 0 ? mark.compareTo(liquidationPrice) > 0 : mark.compareTo(liquidationPrice) < 0))
        {
            return null;
        }
        return liquidate(symbol, liquidationPrice.setScale(priceScale, qty.signum() > 0 ? RoundingMode.UP : RoundingMode.DOWN));
    }

    public Fill liquidate(final String symbol, final BigDecimal price)
    {
        final BigDecimal qty = position(symbol).qty();
        if (qty.signum() == 0)
        {
            return null;
        }
        final Fill fill = new Fill(price, qty.abs(), fee(price, qty.abs(), takerFee()), nextTradeId++);
        apply(symbol, qty.signum() < 0, fill);
        return fill;
    }

    /** Maintenance margin rate of every symbol (one tier). */
    public static final BigDecimal MAINTENANCE_RATE = new BigDecimal("0.005");

    /**
     * The wallet balance a position's liquidation is measured against: its isolated margin, or in
     * cross the wallet plus the other positions' unrealised PnL less their maintenance margin.
     */
    public BigDecimal liquidationWallet(final String symbol, final java.util.function.Function<String, BigDecimal> mark)
    {
        if (isolated(symbol))
        {
            return margin(symbol);
        }
        BigDecimal wb = wallet;
        for (final Map.Entry<String, Position> other : positions.entrySet())
        {
            final Position p = other.getValue();
            if (other.getKey().equals(symbol) || p.qty().signum() == 0 || isolated(other.getKey()))
            {
                continue;
            }
            final BigDecimal m = mark.apply(other.getKey());
            wb = wb.add(p.qty().multiply(m.subtract(p.entryPrice()))).subtract(maintenanceMargin(other.getKey(), m));
        }
        return wb;
    }

    /**
     * The account's state as a JSON object (wallet, positions, per-symbol leverage and margin mode,
     * the next trade id): what a simulator keeps across its restarts ({@link SimulatorServer#keepStateIn}).
     */
    public void writeState(final JsonText out)
    {
        out.beginObject().field("wallet", wallet.toPlainString()).field("nextTradeId", nextTradeId)
            .rawField("defaultIsolated", Boolean.toString(defaultIsolated)).name("positions").beginArray();
        positions.forEach((symbol, p) -> out.beginObject().field("symbol", symbol).field("qty", p.qty().toPlainString())
            .field("entryPrice", p.entryPrice().toPlainString()).endObject());
        out.endArray().name("leverage").beginObject();
        leverages.forEach((symbol, leverage) -> out.field(symbol, leverage));
        out.endObject().name("isolated").beginObject();
        isolatedSymbols.forEach((symbol, isolated) -> out.rawField(symbol, Boolean.toString(isolated)));
        out.endObject().endObject();
    }

    /** Restores what {@link #writeState} wrote (parsed by {@code JsonTree}); the keys and fee stay the configured ones. */
    @SuppressWarnings("unchecked")
    public void readState(final Object state)
    {
        wallet = new BigDecimal(required(state, "wallet"));
        nextTradeId = Long.parseLong(required(state, "nextTradeId"));
        defaultIsolated = Boolean.TRUE.equals(JsonTree.get(state, "defaultIsolated"));
        positions.clear();
        for (final Object p : JsonTree.list(JsonTree.get(state, "positions")))
        {
            positions.put(required(p, "symbol"), new Position(new BigDecimal(required(p, "qty")), new BigDecimal(required(p, "entryPrice"))));
        }
        leverages.clear();
        final Object leverage = JsonTree.get(state, "leverage");
        if (leverage instanceof Map)
        {
            ((Map<String, Object>)leverage).forEach((symbol, value) -> leverages.put(symbol, ((BigDecimal)value).intValueExact()));
        }
        isolatedSymbols.clear();
        final Object isolated = JsonTree.get(state, "isolated");
        if (isolated instanceof Map)
        {
            ((Map<String, Object>)isolated).forEach((symbol, value) -> isolatedSymbols.put(symbol, Boolean.TRUE.equals(value)));
        }
    }

    static String required(final Object object, final String name)
    {
        final String value = JsonTree.text(object, name);
        if (value == null)
        {
            throw new IllegalArgumentException("missing \"" + name + "\"");
        }
        return value;
    }

    @Override
    public String toString()
    {
        return "SimAccount{wallet=" + wallet + ", positions=" + positions.size() + "}";
    }
}
