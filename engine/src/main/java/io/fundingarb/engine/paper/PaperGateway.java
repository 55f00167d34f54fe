package io.fundingarb.engine.paper;

import io.fundingarb.codecs.CommandHandler;
import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.BookAction;
import io.fundingarb.codecs.sbe.BookUpdateDecoder;
import io.fundingarb.codecs.sbe.BooleanType;
import io.fundingarb.codecs.sbe.CancelCommandDecoder;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.FundingUpdateDecoder;
import io.fundingarb.codecs.sbe.InstrumentDefinitionDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.OrderCommandDecoder;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.gateway.GatewayPublisher;
import io.fundingarb.connectors.venue.VenueAdapters;
import io.fundingarb.engine.config.FundingArbConfig;
import io.fundingarb.engine.config.VenueConfig;
import io.fundingarb.engine.config.VenuesConfig;
import io.fundingarb.engine.stage.OrderBook;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Paper trading: fills the engine's IOC limit orders against the latest real book of the
 * instrument, with the configured taker fee per venue, and keeps paper positions and balances.
 * <pre>
 *   feeds ──► tap(EventSink) ──► inbound ring (every event, unchanged)
 *                 │ InstrumentDefinition, BookUpdate, FundingUpdate
 *                 ▼
 *            paper books, marks, funding  ◄── lock ──►  onCommand (outbound thread)
 *                 │ settlement seen                         │ walk the book to the limit
 *                 ▼                                         ▼
 *            FundingPayment, BalanceUpdate          ExecutionReport(s), BalanceUpdate ──► inbound ring
 * </pre>
 * Fills: a buy walks the asks (a sell the bids) from the best level while the level price is
 * within the limit; the fill is one report at the volume-weighted average price (1e-9, half-even),
 * {@code FILL} when the whole quantity filled, else {@code PARTIAL_FILL} then {@code EXPIRED} for
 * the remainder, or only {@code EXPIRED} when nothing is marketable. Fee = price x quantity x taker
 * fee, both products exact at 1e-9 (half-even). Filled levels are taken off the paper copy of the
 * book until the feed updates them again. A reduce-only order is capped at the position it reduces
 * (REJECTED when there is none). Contract value is taken as 1 (Binance and Bybit linear
 * perpetuals: orders and books in base units). Cancels are counted and ignored: every paper
 * order is terminal when its reports are published.
 *
 * <p>Funding: when a {@code FundingUpdate} announces a later next settlement than the one known,
 * the known one has passed and every paper position of the instrument settles at the rate and mark
 * known before it: {@code amount = -position x mark x rate} (a long pays a positive rate), published
 * as a {@code FundingPayment}.
 *
 * <p>Balances: one wallet per enabled venue, starting at {@code paper.starting_balance_usd},
 * moved by realised PnL (average-cost positions), fees and funding; published as a
 * {@code BalanceUpdate} at {@link #start()} and after every fill and settlement. Available
 * balance equals the wallet (margin is not modelled; the {@code risk.*} notional limits bound
 * exposure).
 *
 * <p>Threads: books are written by the feed I/O threads (through the tap) and read by the outbound
 * thread, so the paper state is guarded by one lock. That is acceptable in paper mode only: the
 * live path has no lock. Nothing is published while the lock is held (a producer blocked on a full
 * ring must never hold what the outbound thread waits for). Settlements are published after the
 * tapped event is committed, under a second lock that only the feed threads take.
 */
public final class PaperGateway implements CommandHandler
{
    /** Reject code of an order for a venue that paper trading has not enabled. */
    public static final int VENUE_NOT_ENABLED = -9201;
    /** Reject code of a reduce-only order with no position to reduce. */
    public static final int REDUCE_ONLY = -9202;
    /** Reject code of an order for an instrument the paper gateway has no definition of. */
    public static final int UNKNOWN_INSTRUMENT = -9203;

    private static final int VENUE_SLOTS = 8;
    private static final long NONE = FixedPoint.NULL;

    private final EventSink sink;
    private final EpochNanoClock clock;
    private final int bookDepth;
    private final long startingBalance;
    private final long[] takerFee = new long[VENUE_SLOTS];
    private final boolean[] enabled = new boolean[VENUE_SLOTS];
    private final String[] notEnabledReason = new String[VENUE_SLOTS];

    // ---- guarded by lock
    private final Object lock = new Object();
    private final Int2ObjectHashMap<Instrument> instruments = new Int2ObjectHashMap<>();
    private final long[] wallet = new long[VENUE_SLOTS];
    private final MessageHeaderDecoder tapHeader = new MessageHeaderDecoder();
    private final InstrumentDefinitionDecoder definition = new InstrumentDefinitionDecoder();
    private final BookUpdateDecoder book = new BookUpdateDecoder();
    private final FundingUpdateDecoder funding = new FundingUpdateDecoder();
    private long fills;
    private long settlements;
    private long unknownInstrumentEvents;

    // ---- outbound thread
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OrderCommandDecoder order = new OrderCommandDecoder();
    private final SimulatedFills reports;
    private final GatewayPublisher[] commandPublishers = new GatewayPublisher[VENUE_SLOTS];
    private long cancelsIgnored;
    private long ordersSeen;

    // ---- feed threads, guarded by settleLock
    private final Object settleLock = new Object();
    private final GatewayPublisher[] settlePublishers = new GatewayPublisher[VENUE_SLOTS];

    /**
     * @param sink            the inbound ring: where reports, payments and balances go.
     * @param clock           stamps every published event.
     * @param bookDepth       price levels kept per side (strategy.book_depth).
     * @param startingBalance paper wallet of each enabled venue at start, 1e-9 quote units.
     */
    public PaperGateway(final EventSink sink, final EpochNanoClock clock, final int bookDepth, final long startingBalance)
    {
        this.sink = sink;
        this.reports = new SimulatedFills(sink);
        this.clock = clock;
        this.bookDepth = bookDepth;
        this.startingBalance = startingBalance;
        for (final Venue venue : Venue.values())
        {
            if (venue != Venue.NULL_VAL)
            {
                final int v = venue.value();
                notEnabledReason[v] = "paper: venue " + venue.name() + " is not enabled";
                commandPublishers[v] = new GatewayPublisher(sink, clock, venue);
                settlePublishers[v] = new GatewayPublisher(sink, clock, venue);
            }
        }
    }

    /** A paper gateway for every enabled venue with a connector, with its configured taker fee. */
    public static PaperGateway of(final FundingArbConfig config, final EventSink sink, final EpochNanoClock clock)
    {
        final PaperGateway paper = new PaperGateway(
            sink, clock, config.strategy().bookDepth(), FixedPoint.fromDouble(config.paper().startingBalanceUsd()));
        for (final String name : VenuesConfig.WITH_CONNECTORS)
        {
            final VenueConfig vc = config.venues().get(name);
            if (vc.enabled())
            {
                paper.venue(VenueAdapters.venueOf(name), FixedPoint.fromDouble(vc.takerFee()));
            }
        }
        return paper;
    }

    /** Enables {@code venue} with its taker fee ratio (1e-9); before start. */
    public PaperGateway venue(final Venue venue, final long takerFeeRatio)
    {
        final int v = venue.value();
        enabled[v] = true;
        takerFee[v] = takerFeeRatio;
        synchronized (lock)
        {
            wallet[v] = startingBalance;
        }
        return this;
    }

    /** Publishes the starting balance of every enabled venue (from the calling thread, before any order). */
    public void start()
    {
        synchronized (settleLock)
        {
            for (int v = 0; v < VENUE_SLOTS; v++)
            {
                if (enabled[v])
                {
                    final long balance = walletOf(v);
                    settlePublishers[v].balance(Quote.USDT, clock.nanoTime(), balance, balance);
                }
            }
        }
    }

    /**
     * An event sink that forwards every event to {@code ring} unchanged and applies instrument
     * definitions, books and funding updates to this gateway first. The feeds publish into it.
     */
    public EventSink tap(final EventSink ring)
    {
        return new Tap(ring);
    }

    // ------------------------------------------------------------------ orders (outbound thread)

    @Override
    public void onCommand(final DirectBuffer buffer, final int offset, final int length, final boolean endOfBatch)
    {
        header.wrap(buffer, offset);
        final int templateId = header.templateId();
        if (templateId == CancelCommandDecoder.TEMPLATE_ID)
        {
            cancelsIgnored++;
            return;
        }
        if (templateId != OrderCommandDecoder.TEMPLATE_ID)
        {
            return;
        }
        order.wrapAndApplyHeader(buffer, offset, header);
        ordersSeen++;
        final int v = order.venueRaw() & (VENUE_SLOTS - 1);
        final long clientOrderId = order.clientOrderId();
        final long pairId = order.pairId();
        final int instrumentId = order.instrumentId();
        final Side side = order.side();
        final long quantity = order.quantity();
        final GatewayPublisher publisher = commandPublishers[v];
        if (!enabled[v] || publisher == null)
        {
            if (publisher != null)
            {
                publisher.reject(clientOrderId, pairId, instrumentId, side, quantity, VENUE_NOT_ENABLED, notEnabledReason[v]);
            }
            return;
        }
        final boolean buy = side == Side.BUY;
        final long limit = order.price();
        final boolean reduceOnly = order.reduceOnly() == BooleanType.TRUE;
        long filled = 0;
        long price = NONE;
        long fee = 0;
        long balance = 0;
        int rejectCode = 0;
        synchronized (lock)
        {
            final Instrument instrument = instruments.get(instrumentId);
            if (instrument == null)
            {
                rejectCode = UNKNOWN_INSTRUMENT;
            }
            else
            {
                long wanted = quantity;
                if (reduceOnly)
                {
                    final long reducible = buy ? -instrument.position : instrument.position;
                    wanted = Math.min(wanted, Math.max(reducible, 0));
                    rejectCode = wanted == 0 ? REDUCE_ONLY : 0;
                }
                if (rejectCode == 0)
                {
                    final long walked = instrument.take(buy, limit, wanted);
                    filled = instrument.takenQty;
                    if (filled > 0)
                    {
                        price = FixedPoint.divide(walked, filled);
                        final long notional = FixedPoint.multiply(price, filled);
                        fee = FixedPoint.multiply(notional, takerFee[v]);
                        wallet[v] += instrument.fill(buy, filled, price, notional) - fee;
                        fills++;
                    }
                    balance = wallet[v];
                }
            }
        }
        if (rejectCode == UNKNOWN_INSTRUMENT)
        {
            publisher.reject(clientOrderId, pairId, instrumentId, side, quantity, rejectCode, "paper: no book for this instrument");
            return;
        }
        if (rejectCode == REDUCE_ONLY)
        {
            publisher.reject(clientOrderId, pairId, instrumentId, side, quantity, rejectCode, "paper: reduce-only order with no position to reduce");
            return;
        }
        final long nowNs = clock.nanoTime();
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
            publisher.balance(Quote.USDT, nowNs, balance, balance);
        }
    }

    // ------------------------------------------------------------------ market data (feed threads)

    /** Applies one event to the paper books; returns the instrument that settled funding, or null. Holds the lock. */
    private Instrument applyLocked(final MutableDirectBuffer buffer)
    {
        tapHeader.wrap(buffer, 0);
        switch (tapHeader.templateId())
        {
            case InstrumentDefinitionDecoder.TEMPLATE_ID:
                definition.wrapAndApplyHeader(buffer, 0, tapHeader);
                if (!instruments.containsKey(definition.instrumentId()))
                {
                    instruments.put(definition.instrumentId(),
                        new Instrument(definition.instrumentId(), definition.venueRaw() & (VENUE_SLOTS - 1), bookDepth));
                }
                return null;
            case BookUpdateDecoder.TEMPLATE_ID:
                book.wrapAndApplyHeader(buffer, 0, tapHeader);
                final Instrument target = instruments.get(book.instrumentId());
                if (target == null)
                {
                    unknownInstrumentEvents++;
                    return null;
                }
                target.apply(book);
                return null;
            case FundingUpdateDecoder.TEMPLATE_ID:
                funding.wrapAndApplyHeader(buffer, 0, tapHeader);
                final Instrument instrument = instruments.get(funding.instrumentId());
                if (instrument == null)
                {
                    unknownInstrumentEvents++;
                    return null;
                }
                if (instrument.onFunding(funding.fundingRate(), funding.markPrice(), funding.nextFundingTsNs()))
                {
                    wallet[instrument.venue] += instrument.settledAmount;
                    settlements++;
                    return instrument;
                }
                return null;
            default:
                return null;
        }
    }

    private long walletOf(final int venue)
    {
        synchronized (lock)
        {
            return wallet[venue];
        }
    }

    /**
     * A fill of the session a resumed paper session carries over: the paper account is this
     * process's, so the previous session's positions are rebuilt from its journaled fills (the
     * wallet starts afresh at {@code paper.starting_balance_usd}). Before the session starts.
     */
    public void restoreFill(final int instrumentId, final Venue venue, final boolean buy, final long qty, final long price)
    {
        synchronized (lock)
        {
            Instrument instrument = instruments.get(instrumentId);
            if (instrument == null)
            {
                instrument = new Instrument(instrumentId, venue.value() & (VENUE_SLOTS - 1), bookDepth);
                instruments.put(instrumentId, instrument);
            }
            instrument.fill(buy, qty, price, FixedPoint.multiply(price, qty));
        }
    }

    // ------------------------------------------------------------------ readings (any thread)

    /** The paper position of an instrument (signed base quantity, 1e-9), 0 when unknown. */
    public long position(final int instrumentId)
    {
        synchronized (lock)
        {
            final Instrument instrument = instruments.get(instrumentId);
            return instrument == null ? 0 : instrument.position;
        }
    }

    /** The paper wallet of a venue (1e-9 quote units). */
    public long balance(final Venue venue)
    {
        return walletOf(venue.value());
    }

    /** Orders filled in full or in part. */
    public long fills()
    {
        synchronized (lock)
        {
            return fills;
        }
    }

    /** Funding settlements applied to paper positions. */
    public long settlements()
    {
        synchronized (lock)
        {
            return settlements;
        }
    }

    /** Orders received (outbound thread's count; read it after the agent closed). */
    public long ordersSeen()
    {
        return ordersSeen;
    }

    public long cancelsIgnored()
    {
        return cancelsIgnored;
    }

    public long unknownInstrumentEvents()
    {
        synchronized (lock)
        {
            return unknownInstrumentEvents;
        }
    }

    // ------------------------------------------------------------------ the tap

    private final class Tap implements EventSink
    {
        private final EventSink ring;

        Tap(final EventSink ring)
        {
            this.ring = ring;
        }

        @Override
        public long claim()
        {
            return ring.claim();
        }

        @Override
        public long tryClaim()
        {
            return ring.tryClaim();
        }

        @Override
        public MutableDirectBuffer buffer(final long sequence)
        {
            return ring.buffer(sequence);
        }

        @Override
        public int maxMessageLength()
        {
            return ring.maxMessageLength();
        }

        @Override
        public void commit(final long sequence, final int length)
        {
            // applied before the commit: once committed, the slot is no longer this producer's
            int instrumentId = 0;
            int venue = 0;
            long amount = NONE;
            long rate = 0;
            long position = 0;
            long balance = 0;
            synchronized (lock)
            {
                final Instrument settled = applyLocked(ring.buffer(sequence));
                if (settled != null)
                {
                    instrumentId = settled.instrumentId;
                    venue = settled.venue;
                    amount = settled.settledAmount;
                    rate = settled.settledRate;
                    position = settled.position;
                    balance = wallet[venue];
                }
            }
            ring.commit(sequence, length);
            if (amount != NONE && enabled[venue])
            {
                synchronized (settleLock)
                {
                    final long nowNs = clock.nanoTime();
                    settlePublishers[venue].funding(instrumentId, nowNs, amount, rate, position);
                    settlePublishers[venue].balance(Quote.USDT, nowNs, balance, balance);
                }
            }
        }

        @Override
        public void abort(final long sequence)
        {
            ring.abort(sequence);
        }
    }

    // ------------------------------------------------------------------ one instrument's paper state

    /** Book, funding and paper position of one instrument; guarded by the gateway's lock. */
    private static final class Instrument
    {
        final int instrumentId;
        final int venue;
        final OrderBook book;
        long position;
        /** Signed cost of the open position: buys add their notional, sells subtract it. */
        long cost;
        private final long[] scratch = new long[2];
        long mark = NONE;
        long rate = NONE;
        long nextFundingTsNs = NONE;
        long takenQty;
        long settledAmount;
        long settledRate;

        Instrument(final int instrumentId, final int venue, final int bookDepth)
        {
            this.instrumentId = instrumentId;
            this.venue = venue;
            this.book = new OrderBook(bookDepth);
        }

        void apply(final BookUpdateDecoder update)
        {
            if (update.action() == BookAction.SNAPSHOT)
            {
                book.clear();
            }
            else if (!book.isValid())
            {
                return; // a delta with no snapshot before it: wait for the next snapshot
            }
            for (final BookUpdateDecoder.BidsDecoder level : update.bids())
            {
                book.bid(level.price(), level.size());
            }
            for (final BookUpdateDecoder.AsksDecoder level : update.asks())
            {
                book.ask(level.price(), level.size());
            }
            book.sequence(update.sequence());
        }

        /**
         * Takes up to {@code quantity} from the levels within {@code limit}, best first, off the
         * paper book; sets {@link #takenQty} and returns the sum of price x size taken (exact per level).
         */
        long take(final boolean buy, final long limit, final long quantity)
        {
            long remaining = quantity;
            long notional = 0;
            while (remaining > 0 && (buy ? book.askCount() : book.bidCount()) > 0)
            {
                final long levelPrice = buy ? book.askPrice(0) : book.bidPrice(0);
                final long levelSize = buy ? book.askSize(0) : book.bidSize(0);
                if (buy ? levelPrice > limit : levelPrice < limit)
                {
                    break;
                }
                final long qty = Math.min(remaining, levelSize);
                notional += FixedPoint.multiply(levelPrice, qty);
                remaining -= qty;
                if (buy)
                {
                    book.ask(levelPrice, levelSize - qty);
                }
                else
                {
                    book.bid(levelPrice, levelSize - qty);
                }
            }
            takenQty = quantity - remaining;
            return notional;
        }

        /** Applies a fill to the average-cost position; returns the PnL it realised. */
        long fill(final boolean buy, final long qty, final long price, final long notional)
        {
            final long realised = SimulatedFills.fill(position, cost, buy, qty, price, notional, scratch);
            position = scratch[0];
            cost = scratch[1];
            return realised;
        }

        /** Records a funding update; true when it shows the known settlement has passed and a non-zero position settled. */
        boolean onFunding(final long newRate, final long newMark, final long newNextFundingTsNs)
        {
            boolean settled = false;
            if (nextFundingTsNs != NONE && newNextFundingTsNs != NONE && newNextFundingTsNs > nextFundingTsNs
                && position != 0 && rate != NONE)
            {
                final long price = mark != NONE ? mark : newMark;
                if (price != NONE)
                {
                    settledAmount = -FixedPoint.multiply(FixedPoint.multiply(position, price), rate);
                    settledRate = rate;
                    settled = true;
                }
            }
            if (newNextFundingTsNs != NONE && (nextFundingTsNs == NONE || newNextFundingTsNs > nextFundingTsNs))
            {
                nextFundingTsNs = newNextFundingTsNs;
            }
            if (newRate != NONE)
            {
                rate = newRate;
            }
            if (newMark != NONE)
            {
                mark = newMark;
            }
            return settled;
        }
    }
}
