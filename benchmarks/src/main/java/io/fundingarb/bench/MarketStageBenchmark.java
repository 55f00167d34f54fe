package io.fundingarb.bench;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.BookAction;
import io.fundingarb.codecs.sbe.BookUpdateDecoder;
import io.fundingarb.codecs.sbe.BookUpdateEncoder;
import io.fundingarb.codecs.sbe.FundingUpdateDecoder;
import io.fundingarb.codecs.sbe.FundingUpdateEncoder;
import io.fundingarb.codecs.sbe.InstrumentDefinitionEncoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.TickerUpdateEncoder;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.engine.config.ConfigLoader;
import io.fundingarb.engine.config.FundingArbConfig;
import io.fundingarb.engine.ring.InboundSlot;
import io.fundingarb.engine.stage.MarketStage;
import io.fundingarb.engine.stage.MarketView;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * MarketStage on one market-data event (issue 4 targets: ≤ 200 ns/op at 10 tokens × 3 venues,
 * ≤ 300 ns/op at 1 000 tokens × 10 venues, 0 B/op). The SBE {@code Venue} enum has 5 values, so
 * "10 venues per token" cannot be expressed: the large shape is 1 000 tokens × 5 venues (5 000
 * instruments, 20 ordered pairs per token).
 *
 * <p>Set-up (param {@code shape}): the default configuration's strategy, a MarketView as in a live
 * engine, and for every instrument an InstrumentDefinition, a 24 h volume, a 10-level book
 * snapshot around 100 and a FundingUpdate, rates spread so that most tokens rank. Then 1 024
 * events per kind are pre-encoded in their own InboundSlots, over instruments picked by a fixed
 * pseudo-random sequence, and each invocation stamps the next slot (as the pipeline does) and
 * hands it to {@code MarketStage.onEvent}:
 * <ul>
 *   <li>{@code funding}: a FundingUpdate whose rate moves by up to ±2e-5 around the instrument's.</li>
 *   <li>{@code bookDelta}: a BookUpdate DELTA of 3 bids and 3 asks at the touch, sizes varying.</li>
 * </ul>
 * Every event re-evaluates the token's ordered pairs (6 at 3 venues, 20 at 5) and moves it in the
 * ranking; a few change the top and copy it into the slot. Baselines in the same run: decoding every
 * field (and level) of the same slots, the floor of any stage.
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
@State(Scope.Thread)
public class MarketStageBenchmark
{
    static final long T0 = 1_772_323_200_000_000_000L;
    static final long HOUR = 3_600_000_000_000L;
    static final long PRICE = 100_000_000_000L;
    static final long CENT = 10_000_000L;
    static final int EVENTS = 1024;
    static final Venue[] VENUES = {Venue.BINANCE, Venue.BYBIT, Venue.OKX, Venue.HYPERLIQUID, Venue.KRAKEN};

    @Param({"10x3", "1000x5"})
    public String shape;

    private MarketStage market;
    private final InboundSlot[] fundingSlots = new InboundSlot[EVENTS];
    private final InboundSlot[] bookSlots = new InboundSlot[EVENTS];
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final FundingUpdateDecoder fundingDecoder = new FundingUpdateDecoder();
    private final BookUpdateDecoder bookDecoder = new BookUpdateDecoder();
    private long eventSeq;
    private int next;

    @Setup(Level.Trial)
    public void setUp()
    {
        final String[] parts = shape.split("x");
        final int tokens = Integer.parseInt(parts[0]);
        final int venues = Integer.parseInt(parts[1]);
        final FundingArbConfig config = ConfigLoader.defaults();
        final MarketView view = new MarketView(tokens, config.strategy().topN());
        market = new MarketStage(tokens * venues, config.strategy(), config.venues(), view);
        final Encoder encoder = new Encoder();
        final InboundSlot slot = new InboundSlot(4096);
        for (int t = 0; t < tokens; t++)
        {
            for (int v = 0; v < venues; v++)
            {
                final int id = instrumentId(t, v);
                market.onEvent(encoder.definition(slot, eventSeq++, id, t, VENUES[v]));
                market.onEvent(encoder.ticker(slot, eventSeq++, id, VENUES[v]));
                market.onEvent(encoder.snapshot(slot, eventSeq++, id, VENUES[v]));
                market.onEvent(encoder.funding(slot, eventSeq++, id, VENUES[v], baseRate(t, v), 0));
            }
        }
        long seed = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < EVENTS; i++)
        {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            final int t = (int)((seed >>> 33) % tokens);
            final int v = (int)((seed >>> 17) % venues);
            fundingSlots[i] = encoder.funding(new InboundSlot(256), 0, instrumentId(t, v), VENUES[v], baseRate(t, v) + ((i % 5) - 2) * 10_000L, i);
            bookSlots[i] = encoder.delta(new InboundSlot(256), 0, instrumentId(t, v), VENUES[v], i);
        }
        final long changesBefore = market.rankingChanges();
        for (int i = 0; i < EVENTS; i++)
        {
            funding();
        }
        final long fundingChanges = market.rankingChanges() - changesBefore;
        for (int i = 0; i < EVENTS; i++)
        {
            bookDelta();
        }
        final long bookChanges = market.rankingChanges() - changesBefore - fundingChanges;
        System.out.printf("%n%s: %d instruments, %d tokens ranked; top changed on %d of %d funding events, %d of %d book deltas%n",
            shape, market.instrumentCount(), market.rankedCount(), fundingChanges, EVENTS, bookChanges, EVENTS);
        if (market.rankedCount() < tokens / 2 || market.unknownInstrumentEvents() != 0 || market.bookWithoutSnapshotEvents() != 0)
        {
            throw new IllegalStateException("set-up did not rank: " + market.rankedCount());
        }
    }

    static int instrumentId(final int token, final int venue)
    {
        return token * 8 + venue + 1;
    }

    /** Per-interval rates 0.0005 apart across venues, shifted per token: most tokens have a spread worth trading. */
    static long baseRate(final int token, final int venue)
    {
        return (((token * 7 + venue * 13) % 9) - 4) * 500_000L + (token % 17) * 10_000L;
    }

    @Benchmark
    public boolean funding()
    {
        final InboundSlot slot = fundingSlots[next++ & (EVENTS - 1)];
        slot.stamp(eventSeq++);
        market.onEvent(slot);
        return slot.rankingChanged;
    }

    @Benchmark
    public boolean bookDelta()
    {
        final InboundSlot slot = bookSlots[next++ & (EVENTS - 1)];
        slot.stamp(eventSeq++);
        market.onEvent(slot);
        return slot.rankingChanged;
    }

    /** Floor: stamp and decode every field of the same FundingUpdate slots. */
    @Benchmark
    public long decodeFundingBaseline()
    {
        final InboundSlot slot = fundingSlots[next++ & (EVENTS - 1)];
        slot.stamp(eventSeq++);
        headerDecoder.wrap(slot.buffer, 0);
        final FundingUpdateDecoder d = fundingDecoder.wrap(
            slot.buffer, MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
        return d.tsEventNs() + d.instrumentId() + d.venueRaw() + d.fundingRate() + d.fundingIntervalS() + d.nextFundingTsNs()
            + d.markPrice() + d.indexPrice();
    }

    /** Floor: stamp and decode every field and level of the same BookUpdate slots. */
    @Benchmark
    public long decodeBookBaseline()
    {
        final InboundSlot slot = bookSlots[next++ & (EVENTS - 1)];
        slot.stamp(eventSeq++);
        headerDecoder.wrap(slot.buffer, 0);
        final BookUpdateDecoder d = bookDecoder.wrap(
            slot.buffer, MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
        long sum = d.tsEventNs() + d.instrumentId() + d.venueRaw() + d.actionRaw() + d.sequence() + d.prevSequence();
        for (final BookUpdateDecoder.BidsDecoder level : d.bids())
        {
            sum += level.price() + level.size();
        }
        for (final BookUpdateDecoder.AsksDecoder level : d.asks())
        {
            sum += level.price() + level.size();
        }
        return sum;
    }

    /** Encodes set-up and benchmark events straight into slots, stamped as the pipeline stamps them. */
    static final class Encoder
    {
        private final MessageHeaderEncoder header = new MessageHeaderEncoder();
        private final InstrumentDefinitionEncoder definition = new InstrumentDefinitionEncoder();
        private final FundingUpdateEncoder funding = new FundingUpdateEncoder();
        private final BookUpdateEncoder book = new BookUpdateEncoder();
        private final TickerUpdateEncoder ticker = new TickerUpdateEncoder();

        private static InboundSlot stamp(final InboundSlot slot, final long seq, final int length)
        {
            slot.length = length;
            slot.stamp(seq);
            return slot;
        }

        InboundSlot definition(final InboundSlot slot, final long seq, final int id, final int token, final Venue venue)
        {
            definition.wrapAndApplyHeader(slot.buffer, 0, header)
                .tsInitNs(T0).tsEventNs(T0)
                .instrumentId(id).tokenId(token).venue(venue).quote(Quote.USDT)
                .tickSize(CENT).lotSize(1_000_000L).minQty(1_000_000L).minNotional(5_000_000_000L)
                .contractValue(FixedPoint.SCALE).fundingIntervalS(28_800)
                .makerFee(200_000L).takerFee(500_000L)
                .symbol("T" + token + "USDT").tokenName("T" + token);
            return stamp(slot, seq, MessageHeaderEncoder.ENCODED_LENGTH + definition.encodedLength());
        }

        InboundSlot ticker(final InboundSlot slot, final long seq, final int id, final Venue venue)
        {
            ticker.wrapAndApplyHeader(slot.buffer, 0, header)
                .tsInitNs(T0).tsEventNs(T0).instrumentId(id).venue(venue)
                .quoteVolume24h(5_000_000L * FixedPoint.SCALE).bidPrice(FixedPoint.NULL).askPrice(FixedPoint.NULL).lastPrice(FixedPoint.NULL);
            return stamp(slot, seq, MessageHeaderEncoder.ENCODED_LENGTH + ticker.encodedLength());
        }

        InboundSlot snapshot(final InboundSlot slot, final long seq, final int id, final Venue venue)
        {
            book.wrapAndApplyHeader(slot.buffer, 0, header)
                .tsInitNs(T0).tsEventNs(T0).instrumentId(id).venue(venue).action(BookAction.SNAPSHOT)
                .sequence(1).prevSequence(0);
            final BookUpdateEncoder.BidsEncoder bids = book.bidsCount(10);
            for (int i = 0; i < 10; i++)
            {
                bids.next().price(PRICE - CENT - i * CENT).size(100 * FixedPoint.SCALE);
            }
            final BookUpdateEncoder.AsksEncoder asks = book.asksCount(10);
            for (int i = 0; i < 10; i++)
            {
                asks.next().price(PRICE + CENT + i * CENT).size(100 * FixedPoint.SCALE);
            }
            return stamp(slot, seq, MessageHeaderEncoder.ENCODED_LENGTH + book.encodedLength());
        }

        InboundSlot funding(final InboundSlot slot, final long seq, final int id, final Venue venue, final long rate, final int i)
        {
            final long ts = T0 + i * 1_000_000L;
            funding.wrapAndApplyHeader(slot.buffer, 0, header)
                .tsInitNs(ts).tsEventNs(ts - 1_000)
                .instrumentId(id).venue(venue)
                .fundingRate(rate).fundingIntervalS(28_800).nextFundingTsNs(T0 + HOUR)
                .markPrice(PRICE).indexPrice(FixedPoint.NULL);
            return stamp(slot, seq, MessageHeaderEncoder.ENCODED_LENGTH + funding.encodedLength());
        }

        InboundSlot delta(final InboundSlot slot, final long seq, final int id, final Venue venue, final int i)
        {
            final long ts = T0 + i * 1_000_000L;
            book.wrapAndApplyHeader(slot.buffer, 0, header)
                .tsInitNs(ts).tsEventNs(ts - 1_000).instrumentId(id).venue(venue).action(BookAction.DELTA)
                .sequence(2 + i).prevSequence(1 + i);
            final BookUpdateEncoder.BidsEncoder bids = book.bidsCount(3);
            for (int l = 0; l < 3; l++)
            {
                bids.next().price(PRICE - CENT - l * CENT).size((60 + (i + l) % 80) * FixedPoint.SCALE);
            }
            final BookUpdateEncoder.AsksEncoder asks = book.asksCount(3);
            for (int l = 0; l < 3; l++)
            {
                asks.next().price(PRICE + CENT + l * CENT).size((60 + (i * 3 + l) % 80) * FixedPoint.SCALE);
            }
            return stamp(slot, seq, MessageHeaderEncoder.ENCODED_LENGTH + book.encodedLength());
        }
    }
}
