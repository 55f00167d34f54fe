package io.fundingarb.bench;

import io.fundingarb.codecs.CommandSink;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.BalanceUpdateEncoder;
import io.fundingarb.codecs.sbe.BookAction;
import io.fundingarb.codecs.sbe.BookUpdateEncoder;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.ExecutionReportEncoder;
import io.fundingarb.codecs.sbe.FundingUpdateEncoder;
import io.fundingarb.codecs.sbe.InstrumentDefinitionEncoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.OperatorAction;
import io.fundingarb.codecs.sbe.OperatorCommandEncoder;
import io.fundingarb.codecs.sbe.OrderCommandDecoder;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.TickerUpdateEncoder;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.engine.config.ConfigLoader;
import io.fundingarb.engine.config.FundingArbConfig;
import io.fundingarb.engine.ring.InboundSlot;
import io.fundingarb.engine.ring.Opportunities;
import io.fundingarb.engine.stage.ExecutionStage;
import io.fundingarb.engine.stage.RiskStage;
import io.fundingarb.engine.stage.Stage;
import io.fundingarb.engine.stage.Stages;
import java.util.concurrent.TimeUnit;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * RiskStage + ExecutionStage on a ranking change (issue 5 target: ≤ 1 µs, 0 B/op). The stages are
 * the production ones ({@code Stages.standard}) from a configuration like TradingLifecycleTest's;
 * MarketStage runs in the set-up only. The measured event is a FundingUpdate whose slot carries
 * {@code rankingChanged} and the top of the ranking exactly as MarketStage left it in the set-up.
 * <ul>
 *   <li>{@code enterPair}: RiskStage passes every pre-trade check on the best opportunity and
 *   decides an entry; ExecutionStage sizes both legs, rounds them to tick and lot and encodes both
 *   IOC orders into a recycling CommandSink. To make the next invocation enter again, an untimed
 *   {@code Level.Invocation} set-up walks the pair through its real life: fills of both legs, an
 *   operator CLOSE_PAIR, fills of both exits (at the entry prices, no fees: PnL 0), time + 1 s
 *   (the order-rate limit). That set-up costs JMH two timer reads per invocation, measured by
 *   {@code invocationOverheadBaseline}.</li>
 *   <li>{@code rankingChangeNoEntry}: the common case: the ranking changes but {@code max_open_pairs}
 *   (1) is reached (a pair on the other token is open), so RiskStage checks its open pair's exits and
 *   decides nothing.</li>
 *   <li>{@code noRankingChangeBaseline}: the same FundingUpdate without a ranking change (what every
 *   market-data event costs the two stages).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    Flags.ADD_OPENS_REFLECT,
    Flags.ADD_EXPORTS_NIO_CH,
    Flags.ADD_EXPORTS_INTERNAL_MISC,
    Flags.ADD_EXPORTS_INTERNAL_REF,
    Flags.ENABLE_NATIVE_ACCESS,
    Flags.CHRONICLE_ANALYTICS_DISABLE,
    Flags.CHRONICLE_ANNOUNCER_DISABLE })
public class DecisionBenchmark
{
    static final long T0 = 1_772_323_200_000_000_000L;
    static final long SECOND = 1_000_000_000L;
    static final long HOUR = 3600 * SECOND;
    static final long MID = 2_000L * FixedPoint.SCALE;
    static final long HALF_SPREAD = 50_000_000L;

    static final String CONFIG = """
        strategy:
          target_notional_usd: 1000
          min_net_edge_bps: 1
        risk:
          max_data_age: 1h
          settlement_guard: 0s
          stop_loss_bps: 0
          daily_loss_limit_usd: 0
          daily_loss_halt_usd: 0
          max_open_pairs: %d
        execution:
          timeout: 2s
        """;

    static int id(final int token, final Venue venue)
    {
        return token * 10 + venue.value();
    }

    /** The three production stages, fed straight on the calling thread; commands land in a recycling sink. */
    abstract static class Engine
    {
        final Commands commands = new Commands();
        final Events events = new Events();
        Stage market;
        RiskStage risk;
        ExecutionStage execution;
        final InboundSlot slot = new InboundSlot(4096);
        final InboundSlot rankingSlot = new InboundSlot(4096);
        final Opportunities top = new Opportunities(InboundSlot.MAX_OPPORTUNITIES);
        long now = T0;
        long eventSeq;

        void build(final int maxOpenPairs)
        {
            final FundingArbConfig config = ConfigLoader.parse(String.format(CONFIG, maxOpenPairs), "bench.yaml");
            final Stages stages = Stages.standard(config, null).create(commands);
            market = stages.market();
            risk = (RiskStage)stages.risk();
            execution = (ExecutionStage)stages.execution();
        }

        /** The whole chain, as the pipeline runs it; remembers the top whenever it changes. */
        void all(final InboundSlot s)
        {
            s.stamp(eventSeq++);
            market.onEvent(s);
            if (s.rankingChanged)
            {
                top.copyFrom(s.opportunities);
            }
            risk.onEvent(s);
            execution.onEvent(s);
        }

        /** Stamps and hands an account or operator event to risk and execution (MarketStage ignores those). */
        void feed(final InboundSlot s)
        {
            s.stamp(eventSeq++);
            decide(s);
        }

        /** Orders committed since {@code from}. */
        int ordersSince(final long from)
        {
            int n = 0;
            for (long s = from; s < commands.sequence; s++)
            {
                n += commands.order(s) != null ? 1 : 0;
            }
            return n;
        }

        /** Risk and execution only, on a slot already stamped and dressed as MarketStage leaves it. */
        void decide(final InboundSlot s)
        {
            risk.onEvent(s);
            execution.onEvent(s);
        }

        void listToken(final int token, final String name, final long binanceRate, final long bybitRate)
        {
            for (final Venue v : new Venue[] {Venue.BINANCE, Venue.BYBIT})
            {
                all(events.definition(slot, now, id(token, v), token, v, name));
                all(events.snapshot(slot, now, id(token, v), v));
                all(events.ticker(slot, now, id(token, v), v));
            }
            all(events.funding(slot, now, id(token, Venue.BINANCE), Venue.BINANCE, binanceRate));
            all(events.funding(slot, now, id(token, Venue.BYBIT), Venue.BYBIT, bybitRate));
        }

        void balances()
        {
            all(events.balance(slot, now, Venue.BINANCE, 10_000L * FixedPoint.SCALE));
            all(events.balance(slot, now, Venue.BYBIT, 10_000L * FixedPoint.SCALE));
        }

        /** The measured event: a FundingUpdate of {@code instrumentId} carrying a ranking change (or not). */
        void dressRankingSlot(final int instrumentId, final Venue venue, final long rate, final boolean rankingChanged)
        {
            events.funding(rankingSlot, now, instrumentId, venue, rate);
            rankingSlot.stamp(eventSeq++);
            rankingSlot.rankingChanged = rankingChanged;
            if (rankingChanged)
            {
                rankingSlot.opportunities.copyFrom(top);
            }
            rankingSlot.rankedTokenId = instrumentId / 10;
            rankingSlot.touchInstrumentId = instrumentId;
            rankingSlot.touchBid = MID - HALF_SPREAD;
            rankingSlot.touchAsk = MID + HALF_SPREAD;
            rankingSlot.touchMark = MID;
        }

        /** Fills every order committed since {@code from} in full at {@code price} of its leg (or its limit when NULL). */
        void fillOrders(final long from, final long longPrice, final long shortPrice)
        {
            final long to = commands.sequence;
            for (long s = from; s < to; s++)
            {
                final OrderCommandDecoder order = commands.order(s);
                if (order == null)
                {
                    continue;
                }
                final boolean isLong = order.instrumentId() == commands.longInstrument;
                final long price = isLong ? longPrice : shortPrice;
                feed(events.fill(slot, now, order, price == FixedPoint.NULL ? order.price() : price));
            }
        }
    }

    /** One token (ETH on Binance and Bybit), balances, max_open_pairs 3: every ranking change enters. */
    @State(Scope.Thread)
    public static class Entering extends Engine
    {
        private long ordersFrom;
        private long longEntry;
        private long shortEntry;

        @Setup(Level.Trial)
        public void setUp()
        {
            build(3);
            listToken(1, "ETH", -500_000L, 1_000_000L);
            commands.longInstrument = id(1, Venue.BINANCE);
            ordersFrom = commands.sequence;
            balances(); // the first entry happens here
            if (ordersSince(ordersFrom) != 2 || top.count == 0)
            {
                throw new IllegalStateException("set-up did not enter: " + ordersSince(ordersFrom) + " orders");
            }
            recordEntryPrices();
            roundTrip();
            ordersFrom = -1;
        }

        private void recordEntryPrices()
        {
            for (long s = ordersFrom; s < commands.sequence; s++)
            {
                final OrderCommandDecoder order = commands.order(s);
                if (order == null)
                {
                    continue;
                }
                if (order.instrumentId() == commands.longInstrument)
                {
                    longEntry = order.price();
                }
                else
                {
                    shortEntry = order.price();
                }
            }
        }

        /** Fills the entry, closes the pair by operator command, fills the exits at the entry prices: flat, PnL 0. */
        private void roundTrip()
        {
            final long closedBefore = risk.pairsClosed();
            long pairId = -1;
            for (long s = ordersFrom; s < commands.sequence && pairId < 0; s++)
            {
                pairId = commands.order(s) != null ? commands.order(s).pairId() : -1;
            }
            now += 1_000_000L;
            fillOrders(ordersFrom, FixedPoint.NULL, FixedPoint.NULL);
            final long exitsFrom = commands.sequence;
            feed(events.close(slot, now, pairId));
            fillOrders(exitsFrom, longEntry, shortEntry);
            if (risk.activePairs() != 0 || risk.pairsClosed() != closedBefore + 1)
            {
                throw new IllegalStateException("pair " + pairId + " did not close: active " + risk.activePairs());
            }
            now += SECOND; // order rate: 10 a second a venue
            // refresh the short venue's data age the way its book updates would (no ranking change)
            events.funding(slot, now, id(1, Venue.BYBIT), Venue.BYBIT, 1_000_000L);
            slot.stamp(eventSeq++);
            slot.touchInstrumentId = id(1, Venue.BYBIT);
            slot.touchBid = MID - HALF_SPREAD;
            slot.touchAsk = MID + HALF_SPREAD;
            slot.touchMark = MID;
            decide(slot);
        }

        @Setup(Level.Invocation)
        public void nextEntry()
        {
            if (ordersFrom >= 0)
            {
                if (ordersSince(ordersFrom) != 2)
                {
                    throw new IllegalStateException("no entry: " + ordersSince(ordersFrom) + " orders");
                }
                roundTrip();
            }
            dressRankingSlot(id(1, Venue.BINANCE), Venue.BINANCE, -500_000L, true);
            ordersFrom = commands.sequence;
        }
    }

    /** Two tokens, max_open_pairs 1, one pair open: the ranking changes, no entry is possible. */
    @State(Scope.Thread)
    public static class Full extends Engine
    {
        @Setup(Level.Trial)
        public void setUp()
        {
            build(1);
            listToken(1, "ETH", -500_000L, 1_000_000L);
            listToken(2, "SOL", -300_000L, 900_000L);
            commands.longInstrument = id(1, Venue.BINANCE);
            final long from = commands.sequence;
            balances(); // enters the best token's pair
            now += 1_000_000L;
            fillOrders(from, FixedPoint.NULL, FixedPoint.NULL);
            if (risk.activePairs() != 1 || risk.pairsOpened() != 1 || top.count < 2)
            {
                throw new IllegalStateException("set-up: active " + risk.activePairs() + ", opened " + risk.pairsOpened() + ", top " + top.count);
            }
            final long before = commands.sequence;
            dressRankingSlot(id(2, Venue.BINANCE), Venue.BINANCE, -300_000L, true);
            decide(rankingSlot);
            if (commands.sequence != before || risk.activePairs() != 1)
            {
                throw new IllegalStateException("entered with max_open_pairs reached");
            }
        }
    }

    /** A state with an empty per-invocation set-up: what JMH's Level.Invocation bookkeeping costs. */
    @State(Scope.Thread)
    public static class Empty
    {
        long value;

        @Setup(Level.Invocation)
        public void next()
        {
            value++;
        }
    }

    @Benchmark
    public long enterPair(final Entering e)
    {
        e.decide(e.rankingSlot);
        return e.commands.sequence;
    }

    @Benchmark
    public long rankingChangeNoEntry(final Full f)
    {
        f.rankingSlot.rankingChanged = true;
        f.decide(f.rankingSlot);
        return f.commands.sequence;
    }

    @Benchmark
    public long noRankingChangeBaseline(final Full f)
    {
        f.rankingSlot.rankingChanged = false;
        f.decide(f.rankingSlot);
        return f.commands.sequence;
    }

    @Benchmark
    public long invocationOverheadBaseline(final Empty e)
    {
        return e.value;
    }

    /** Recycling command sink: 16 reusable buffers, decoded only by the set-up. */
    static final class Commands implements CommandSink
    {
        private static final int SLOTS = 16;
        private final UnsafeBuffer[] buffers = new UnsafeBuffer[SLOTS];
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final OrderCommandDecoder decoder = new OrderCommandDecoder();
        long sequence;
        int longInstrument;

        Commands()
        {
            for (int i = 0; i < SLOTS; i++)
            {
                buffers[i] = new UnsafeBuffer(new byte[1024]);
            }
        }

        /** The order committed at {@code seq}, or null if that command was another kind. */
        OrderCommandDecoder order(final long seq)
        {
            final UnsafeBuffer buffer = buffers[(int)(seq & (SLOTS - 1))];
            header.wrap(buffer, 0);
            if (header.templateId() != OrderCommandDecoder.TEMPLATE_ID)
            {
                return null;
            }
            return decoder.wrapAndApplyHeader(buffer, 0, header);
        }

        @Override
        public long claim()
        {
            return sequence;
        }

        @Override
        public long tryClaim()
        {
            return sequence;
        }

        @Override
        public MutableDirectBuffer buffer(final long seq)
        {
            return buffers[(int)(seq & (SLOTS - 1))];
        }

        @Override
        public int maxMessageLength()
        {
            return 1024;
        }

        @Override
        public void commit(final long seq, final int length)
        {
            sequence++;
        }

        @Override
        public void abort(final long seq)
        {
            sequence++;
        }
    }

    /** Inbound events encoded straight into a slot. */
    static final class Events
    {
        private final MessageHeaderEncoder header = new MessageHeaderEncoder();
        private final InstrumentDefinitionEncoder definition = new InstrumentDefinitionEncoder();
        private final FundingUpdateEncoder funding = new FundingUpdateEncoder();
        private final BookUpdateEncoder book = new BookUpdateEncoder();
        private final TickerUpdateEncoder ticker = new TickerUpdateEncoder();
        private final BalanceUpdateEncoder balance = new BalanceUpdateEncoder();
        private final ExecutionReportEncoder report = new ExecutionReportEncoder();
        private final OperatorCommandEncoder operator = new OperatorCommandEncoder();

        private static InboundSlot done(final InboundSlot slot, final int length)
        {
            slot.length = length;
            return slot;
        }

        InboundSlot definition(final InboundSlot slot, final long ts, final int id, final int token, final Venue venue, final String name)
        {
            definition.wrapAndApplyHeader(slot.buffer, 0, header)
                .tsInitNs(ts).tsEventNs(ts).instrumentId(id).tokenId(token).venue(venue).quote(Quote.USDT)
                .tickSize(FixedPoint.parse("0.1")).lotSize(FixedPoint.parse("0.001"))
                .minQty(FixedPoint.parse("0.001")).minNotional(FixedPoint.parse("5"))
                .contractValue(FixedPoint.SCALE).fundingIntervalS(28_800)
                .makerFee(FixedPoint.parse("0.0002")).takerFee(FixedPoint.parse("0.0005"))
                .symbol(name + "USDT").tokenName(name);
            return done(slot, MessageHeaderEncoder.ENCODED_LENGTH + definition.encodedLength());
        }

        InboundSlot snapshot(final InboundSlot slot, final long ts, final int id, final Venue venue)
        {
            book.wrapAndApplyHeader(slot.buffer, 0, header)
                .tsInitNs(ts).tsEventNs(ts).instrumentId(id).venue(venue).action(BookAction.SNAPSHOT).sequence(1).prevSequence(0);
            final BookUpdateEncoder.BidsEncoder bids = book.bidsCount(10);
            for (int i = 0; i < 10; i++)
            {
                bids.next().price(MID - HALF_SPREAD - i * 100_000_000L).size(10 * FixedPoint.SCALE);
            }
            final BookUpdateEncoder.AsksEncoder asks = book.asksCount(10);
            for (int i = 0; i < 10; i++)
            {
                asks.next().price(MID + HALF_SPREAD + i * 100_000_000L).size(10 * FixedPoint.SCALE);
            }
            return done(slot, MessageHeaderEncoder.ENCODED_LENGTH + book.encodedLength());
        }

        InboundSlot ticker(final InboundSlot slot, final long ts, final int id, final Venue venue)
        {
            ticker.wrapAndApplyHeader(slot.buffer, 0, header)
                .tsInitNs(ts).tsEventNs(ts).instrumentId(id).venue(venue)
                .quoteVolume24h(100_000_000L * FixedPoint.SCALE).bidPrice(FixedPoint.NULL).askPrice(FixedPoint.NULL).lastPrice(FixedPoint.NULL);
            return done(slot, MessageHeaderEncoder.ENCODED_LENGTH + ticker.encodedLength());
        }

        InboundSlot funding(final InboundSlot slot, final long ts, final int id, final Venue venue, final long rate)
        {
            funding.wrapAndApplyHeader(slot.buffer, 0, header)
                .tsInitNs(ts).tsEventNs(ts - 1_000).instrumentId(id).venue(venue)
                .fundingRate(rate).fundingIntervalS(8 * 3600).nextFundingTsNs(T0 + HOUR)
                .markPrice(MID).indexPrice(FixedPoint.NULL);
            return done(slot, MessageHeaderEncoder.ENCODED_LENGTH + funding.encodedLength());
        }

        InboundSlot balance(final InboundSlot slot, final long ts, final Venue venue, final long amount)
        {
            balance.wrapAndApplyHeader(slot.buffer, 0, header)
                .tsInitNs(ts).tsEventNs(ts).venue(venue).asset(Quote.USDT).walletBalance(amount).availableBalance(amount);
            return done(slot, MessageHeaderEncoder.ENCODED_LENGTH + balance.encodedLength());
        }

        InboundSlot fill(final InboundSlot slot, final long ts, final OrderCommandDecoder order, final long price)
        {
            report.wrapAndApplyHeader(slot.buffer, 0, header)
                .tsInitNs(ts).tsEventNs(ts).clientOrderId(order.clientOrderId()).pairId(order.pairId())
                .instrumentId(order.instrumentId()).venue(order.venue()).side(order.side()).execType(ExecType.FILL)
                .lastPrice(price).lastQty(order.quantity()).cumQty(order.quantity()).leavesQty(0).fee(0).rejectCode(0)
                .feeAsset(io.fundingarb.codecs.sbe.Asset.NULL_VAL).execFlag(io.fundingarb.codecs.sbe.ExecFlag.NONE)
                .reason("");
            return done(slot, MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength());
        }

        InboundSlot close(final InboundSlot slot, final long ts, final long pairId)
        {
            operator.wrapAndApplyHeader(slot.buffer, 0, header)
                .tsInitNs(ts).tsEventNs(ts).action(OperatorAction.CLOSE_PAIR).pairId(pairId);
            return done(slot, MessageHeaderEncoder.ENCODED_LENGTH + operator.encodedLength());
        }
    }
}
