package io.fundingarb.engine.backtest;

import io.fundingarb.codecs.CommandHandler;
import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.BooleanType;
import io.fundingarb.codecs.sbe.CancelCommandDecoder;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.OrderCommandDecoder;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.gateway.GatewayPublisher;
import io.fundingarb.engine.paper.SimulatedFills;
import java.util.Arrays;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;

/**
 * The backtest's venues: fills the engine's orders against each instrument's modelled book around
 * the history's mark price, charges the venue's taker fee, and pays funding at every historical
 * settlement; one thread, called by the driver (no locks).
 * <p>Fill model (IOC): the book of an instrument of mark {@code m} has, per side, {@code levels}
 * levels; level {@code i} (from 0) of the asks is at {@code m × (1 + h + i × s)}, of the bids at
 * {@code m × (1 − h − i × s)}, each holding {@code levelUsd / m} base units ({@code h} the venue's
 * half spread, {@code s} its level step, both as fractions). An order takes levels best first while
 * their price is within its limit; the fill is one report at the volume-weighted average price,
 * {@code FILL}, or {@code PARTIAL_FILL} then {@code EXPIRED}, or only {@code EXPIRED}. The book is
 * not depleted: each order sees the full modelled depth (the history has no order flow to refill it).
 * Fee = price × quantity × taker fee. A reduce-only order is capped at the position it reduces.
 * <p>Funding: {@code amount = −position × mark × rate} (positive rate: longs pay shorts, as on
 * Binance, Bybit, OKX, Hyperliquid and Kraken's relative rate), published as a
 * {@code FundingPayment}, then the wallet as a {@code BalanceUpdate}. Quotes are one currency at
 * par here (USDT = USDC = USD).
 */
public final class BacktestGateway implements CommandHandler
{
    /** Reject code of a reduce-only order with no position to reduce. */
    public static final int REDUCE_ONLY = -9302;
    /** Reject code of an order for an instrument the history has not defined. */
    public static final int UNKNOWN_INSTRUMENT = -9303;

    private static final int VENUE_SLOTS = 8;
    private static final long NONE = FixedPoint.NULL;

    private final EventSink sink;
    private final EpochNanoClock clock;
    private final int levels;
    private final long[] takerFee = new long[VENUE_SLOTS];
    private final long[] halfSpread = new long[VENUE_SLOTS];
    private final long[] levelStep = new long[VENUE_SLOTS];
    private final long[] levelUsd = new long[VENUE_SLOTS];
    private final long[] wallet = new long[VENUE_SLOTS];
    private final boolean[] enabled = new boolean[VENUE_SLOTS];
    private final GatewayPublisher[] publishers = new GatewayPublisher[VENUE_SLOTS];

    private int[] venueOf = new int[0];
    private long[] mark = new long[0];
    private long[] position = new long[0];
    private long[] cost = new long[0];

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OrderCommandDecoder order = new OrderCommandDecoder();
    private final SimulatedFills reports;
    private final long[] scratch = new long[2];

    private long fills;
    private long orders;
    private long cancelsIgnored;
    private long settlements;
    private long tradedNotional;
    private long feesPaid;
    private long fundingReceived;
    private long walkedPrice;
    private long takenQty;

    /**
     * @param sink   where reports, payments and balances go (the backtest's event queue).
     * @param clock  history time: stamps every published event.
     * @param levels modelled levels per side.
     */
    public BacktestGateway(final EventSink sink, final EpochNanoClock clock, final int levels)
    {
        this.sink = sink;
        this.reports = new SimulatedFills(sink);
        this.clock = clock;
        this.levels = levels;
    }

    /** Enables a venue: taker fee, half spread and level step as ratios at 1e-9, level size in quote at 1e-9, starting wallet. */
    public BacktestGateway venue(
        final Venue venue, final long takerFeeRatio, final long halfSpreadRatio, final long levelStepRatio, final long levelQuote,
        final long startingBalance)
    {
        final int v = venue.value();
        enabled[v] = true;
        takerFee[v] = takerFeeRatio;
        halfSpread[v] = halfSpreadRatio;
        levelStep[v] = levelStepRatio;
        levelUsd[v] = levelQuote;
        wallet[v] = startingBalance;
        publishers[v] = new GatewayPublisher(sink, clock, venue);
        return this;
    }

    /** Publishes the starting balance of every enabled venue. */
    public void start()
    {
        for (int v = 0; v < VENUE_SLOTS; v++)
        {
            if (enabled[v])
            {
                publishers[v].balance(Quote.USDT, clock.nanoTime(), wallet[v], wallet[v]);
            }
        }
    }

    /** Defines an instrument (ids are small and dense: the symbol table's). */
    public void define(final int instrumentId, final Venue venue)
    {
        if (instrumentId >= venueOf.length)
        {
            final int size = Math.max(instrumentId + 1, venueOf.length * 2);
            venueOf = Arrays.copyOf(venueOf, size);
            mark = Arrays.copyOf(mark, size);
            position = Arrays.copyOf(position, size);
            cost = Arrays.copyOf(cost, size);
        }
        venueOf[instrumentId] = venue.value();
        mark[instrumentId] = NONE;
    }

    /** The instrument's mark now (1e-9). */
    public void mark(final int instrumentId, final long markPrice)
    {
        mark[instrumentId] = markPrice;
    }

    /** Price of modelled level {@code level} (from 0) on the ask side ({@code buy}) or the bid side. */
    public long levelPrice(final int instrumentId, final boolean buy, final int level)
    {
        final int v = venueOf[instrumentId];
        final long offset = halfSpread[v] + level * levelStep[v];
        final long away = FixedPoint.multiply(mark[instrumentId], offset);
        return buy ? mark[instrumentId] + away : mark[instrumentId] - away;
    }

    /** Base quantity of every modelled level of the instrument, at its current mark. */
    public long levelSize(final int instrumentId)
    {
        return FixedPoint.divide(levelUsd[venueOf[instrumentId]], mark[instrumentId]);
    }

    /** Modelled levels per side. */
    public int levels()
    {
        return levels;
    }

    /**
     * A historical settlement of the instrument: pays {@code −position × mark × rate} on a
     * position, publishing the payment and the wallet. Returns the amount (0 when flat).
     */
    public long settle(final int instrumentId, final long rate, final long markPrice, final long settlementNs)
    {
        final long qty = position[instrumentId];
        if (qty == 0)
        {
            return 0;
        }
        final long amount = -FixedPoint.multiply(FixedPoint.multiply(qty, markPrice), rate);
        final int v = venueOf[instrumentId];
        wallet[v] += amount;
        fundingReceived += amount;
        settlements++;
        publishers[v].funding(instrumentId, settlementNs, amount, rate, qty);
        publishers[v].balance(Quote.USDT, settlementNs, wallet[v], wallet[v]);
        return amount;
    }

    @Override
    public void onCommand(final DirectBuffer buffer, final int offset, final int length, final boolean endOfBatch)
    {
        header.wrap(buffer, offset);
        final int templateId = header.templateId();
        if (templateId == CancelCommandDecoder.TEMPLATE_ID)
        {
            cancelsIgnored++; // every backtest order is terminal once its reports are published
            return;
        }
        if (templateId != OrderCommandDecoder.TEMPLATE_ID)
        {
            return;
        }
        order.wrapAndApplyHeader(buffer, offset, header);
        orders++;
        final int v = order.venueRaw() & (VENUE_SLOTS - 1);
        final long clientOrderId = order.clientOrderId();
        final long pairId = order.pairId();
        final int instrumentId = order.instrumentId();
        final Side side = order.side();
        final long quantity = order.quantity();
        final GatewayPublisher publisher = publishers[v];
        if (publisher == null || instrumentId < 0 || instrumentId >= venueOf.length || venueOf[instrumentId] != v || mark[instrumentId] == NONE)
        {
            final GatewayPublisher any = publisher != null ? publisher : firstPublisher();
            any.reject(clientOrderId, pairId, instrumentId, side, quantity, UNKNOWN_INSTRUMENT, "backtest: no such instrument in the history");
            return;
        }
        final boolean buy = side == Side.BUY;
        long wanted = quantity;
        if (order.reduceOnly() == BooleanType.TRUE)
        {
            final long reducible = buy ? -position[instrumentId] : position[instrumentId];
            wanted = Math.min(wanted, Math.max(reducible, 0));
            if (wanted == 0)
            {
                publisher.reject(clientOrderId, pairId, instrumentId, side, quantity, REDUCE_ONLY, "backtest: reduce-only order with no position to reduce");
                return;
            }
        }
        walk(instrumentId, buy, order.price(), wanted);
        final long filled = takenQty;
        final long nowNs = clock.nanoTime();
        long price = NONE;
        long fee = 0;
        if (filled > 0)
        {
            price = FixedPoint.divide(walkedPrice, filled);
            final long notional = FixedPoint.multiply(price, filled);
            fee = FixedPoint.multiply(notional, takerFee[v]);
            wallet[v] += fill(instrumentId, buy, filled, price, notional) - fee;
            tradedNotional += notional;
            feesPaid += fee;
            fills++;
        }
        if (filled == quantity)
        {
            reports.publish(v, nowNs, ExecType.FILL, clientOrderId, pairId, instrumentId, side, price, filled, filled, 0, fee);
        }
        else
        {
            if (filled > 0)
            {
                reports.publish(v, nowNs, ExecType.PARTIAL_FILL, clientOrderId, pairId, instrumentId, side, price, filled, filled, quantity - filled, fee);
            }
            reports.publish(v, nowNs, ExecType.EXPIRED, clientOrderId, pairId, instrumentId, side, NONE, 0, filled, 0, 0);
        }
        if (filled > 0)
        {
            publisher.balance(Quote.USDT, nowNs, wallet[v], wallet[v]);
        }
    }

    private GatewayPublisher firstPublisher()
    {
        for (final GatewayPublisher p : publishers)
        {
            if (p != null)
            {
                return p;
            }
        }
        throw new IllegalStateException("backtest gateway has no venue");
    }

    /** Takes up to {@code quantity} from the modelled levels within {@code limit}: sets takenQty and walkedPrice (sum of price × size). */
    private void walk(final int instrumentId, final boolean buy, final long limit, final long quantity)
    {
        final long size = levelSize(instrumentId);
        long remaining = quantity;
        long notional = 0;
        for (int level = 0; level < levels && remaining > 0 && size > 0; level++)
        {
            final long price = levelPrice(instrumentId, buy, level);
            if (limit != NONE && (buy ? price > limit : price < limit))
            {
                break;
            }
            final long qty = Math.min(remaining, size);
            notional += FixedPoint.multiply(price, qty);
            remaining -= qty;
        }
        takenQty = quantity - remaining;
        walkedPrice = notional;
    }

    /** Applies a fill to the average-cost position; returns the PnL it realised. */
    private long fill(final int instrumentId, final boolean buy, final long qty, final long price, final long notional)
    {
        final long realised = SimulatedFills.fill(position[instrumentId], cost[instrumentId], buy, qty, price, notional, scratch);
        position[instrumentId] = scratch[0];
        cost[instrumentId] = scratch[1];
        return realised;
    }

    /** Sets a position outright at the current mark (the static pair's entry, no fill, no cost). */
    void hold(final int instrumentId, final long qty)
    {
        position[instrumentId] = qty;
        cost[instrumentId] = FixedPoint.multiply(qty, mark[instrumentId] == NONE ? 0 : mark[instrumentId]);
    }

    // ------------------------------------------------------------------ readings

    /** Wallets plus the open positions valued at their marks (1e-9 quote, quotes at par). */
    public long equity()
    {
        long sum = 0;
        for (int v = 0; v < VENUE_SLOTS; v++)
        {
            sum += wallet[v];
        }
        for (int i = 0; i < position.length; i++)
        {
            if (position[i] != 0 && mark[i] != NONE)
            {
                sum += FixedPoint.multiply(position[i], mark[i]) - cost[i];
            }
        }
        return sum;
    }

    /** True while any instrument holds a position. */
    public boolean inMarket()
    {
        for (final long p : position)
        {
            if (p != 0)
            {
                return true;
            }
        }
        return false;
    }

    /** Sum of every open position's |quantity| × mark (1e-9 quote). */
    public long grossExposure()
    {
        long sum = 0;
        for (int i = 0; i < position.length; i++)
        {
            if (position[i] != 0 && mark[i] != NONE)
            {
                sum += Math.abs(FixedPoint.multiply(position[i], mark[i]));
            }
        }
        return sum;
    }

    public long position(final int instrumentId)
    {
        return instrumentId < position.length ? position[instrumentId] : 0;
    }

    public long wallet(final Venue venue)
    {
        return wallet[venue.value()];
    }

    public long fills()
    {
        return fills;
    }

    public long orders()
    {
        return orders;
    }

    public long cancelsIgnored()
    {
        return cancelsIgnored;
    }

    public long settlements()
    {
        return settlements;
    }

    /** Sum of |price × quantity| of every fill (1e-9 quote). */
    public long tradedNotional()
    {
        return tradedNotional;
    }

    public long feesPaid()
    {
        return feesPaid;
    }

    public long fundingReceived()
    {
        return fundingReceived;
    }
}
