package io.fundingarb.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.EventJson;
import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.sbe.PositionSource;
import io.fundingarb.engine.gateway.GatewayRouter;
import java.util.function.Consumer;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.PairEventDecoder;
import io.fundingarb.codecs.sbe.PairEventKind;
import io.fundingarb.codecs.sbe.RiskStateChangeDecoder;
import io.fundingarb.codecs.sbe.TimerKind;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.engine.config.ConfigLoader;
import io.fundingarb.engine.config.FundingArbConfig;
import io.fundingarb.engine.config.Threading;
import io.fundingarb.engine.config.WaitStrategy;
import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.journal.JournalReader;
import io.fundingarb.engine.journal.JournalWriter;
import io.fundingarb.engine.pipeline.Pipeline;
import io.fundingarb.engine.replay.Replayer;
import io.fundingarb.engine.stage.ExecutionStage;
import io.fundingarb.engine.stage.RiskStage;
import io.fundingarb.engine.stage.RiskView;
import io.fundingarb.engine.stage.Stages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A whole engine (real pipeline, real stages, journal) trading against {@link FakeVenues}: the test
 * drives market data and time, the fake venues answer orders, and at the end the journal must
 * replay byte for byte.
 */
public final class TradingHarness implements AutoCloseable
{
    public static final long T0 = 1_772_323_200_000_000_000L;
    public static final long SECOND = 1_000_000_000L;
    public static final long HOUR = 3600 * SECOND;
    public static final long MID = FixedPoint.parse("2000");
    public static final long HALF_SPREAD = FixedPoint.parse("0.05");

    public final FundingArbConfig config;
    public final Journal journal;
    public final Pipeline pipeline;
    public final FakeVenues venues;
    public final TestEvents events;
    public final Path dir;
    /** What RiskStage publishes for the status view (flat or not, exposure per token). */
    public final RiskView riskView = new RiskView(64);
    public long now = T0;
    private long timerSeq;

    public TradingHarness(final Path dir, final String yaml)
    {
        this(dir, yaml, 0, null);
    }

    /**
     * An engine whose first events are {@code preload}'s (a resumed session's carried-over events
     * and marker), with the orders decided on events before {@code holdBefore} dropped on the way
     * to the venues, as the GatewayRouter does.
     */
    public TradingHarness(final Path dir, final String yaml, final long holdBefore, final Consumer<EventSink> preload)
    {
        this.dir = dir;
        this.config = ConfigLoader.parse(yaml, "harness.yaml");
        this.journal = Journal.create(dir);
        final FakeVenues[] holder = new FakeVenues[1];
        final GatewayRouter[] router = new GatewayRouter[1];
        this.pipeline = new Pipeline(
            new Pipeline.Options(Threading.SHARED, WaitStrategy.BLOCKING, new int[0], 1024, 1024, 4096),
            Stages.standard(config, null, riskView),
            new JournalWriter(journal.inbound()),
            new JournalWriter(journal.commands()),
            (buffer, offset, length, endOfBatch) -> router[0].onCommand(buffer, offset, length, endOfBatch));
        this.venues = new FakeVenues(pipeline.events());
        holder[0] = venues;
        router[0] = new GatewayRouter(pipeline.events(), () -> now).holdBefore(holdBefore)
            .register(Venue.BINANCE, venues).register(Venue.BYBIT, venues).register(Venue.OKX, venues)
            .register(Venue.HYPERLIQUID, venues).register(Venue.KRAKEN, venues);
        this.events = new TestEvents(pipeline.events());
        pipeline.start();
        if (preload != null)
        {
            preload.accept(pipeline.events());
            settle();
        }
    }

    /** Publishes a complete position batch of {@code venue} from what the fake venue holds in these instruments. */
    public void positions(final Venue venue, final PositionSource source, final long batchId, final int... instrumentIds)
    {
        for (int i = 0; i < instrumentIds.length; i++)
        {
            events.position(now, venue, instrumentIds[i], venues.position(instrumentIds[i]), MID, source, batchId, i, instrumentIds.length);
        }
        settle();
    }

    /** Defines a token on Binance and Bybit, with books, volume and funding. */
    public void listToken(final int token, final String name, final String binanceRate, final String bybitRate)
    {
        listToken(token, name, Venue.BINANCE, binanceRate, Venue.BYBIT, bybitRate);
    }

    /** Instrument id of a token on a venue in these tests. */
    public static int id(final int token, final Venue venue)
    {
        return token * 10 + venue.value();
    }

    public void listToken(final int token, final String name, final Venue v1, final String rate1, final Venue v2, final String rate2)
    {
        for (final Venue v : new Venue[] {v1, v2})
        {
            events.definition(now, id(token, v), token, v, name + "USDT", name);
            book(id(token, v), v, MID);
            events.ticker(now, id(token, v), v, FixedPoint.parse("100000000"));
        }
        funding(id(token, v1), v1, rate1);
        funding(id(token, v2), v2, rate2);
        settle();
    }

    public void book(final int instrumentId, final Venue venue, final long mid)
    {
        venues.touch(instrumentId, mid - HALF_SPREAD, mid + HALF_SPREAD); // the venue's price first: the engine may order on the book at once
        events.snapshot(now, instrumentId, venue, mid, HALF_SPREAD, FixedPoint.parse("0.1"), 10, FixedPoint.parse("10"));
    }

    public void funding(final int instrumentId, final Venue venue, final String rate)
    {
        events.funding(now, instrumentId, venue, FixedPoint.parse(rate), 8 * 3600, T0 + HOUR, MID);
    }

    public void balances(final String usd)
    {
        venues.balance(now, Venue.BINANCE, FixedPoint.parse(usd));
        venues.balance(now, Venue.BYBIT, FixedPoint.parse(usd));
        venues.balance(now, Venue.OKX, FixedPoint.parse(usd));
        settle();
    }

    /** Advances time and publishes a Timer at the new time. */
    public void advance(final long ns)
    {
        now += ns;
        events.timer(now, TimerKind.TICK, timerSeq++);
        settle();
    }

    /** Waits until both rings are empty and stay so (the fake venues answer on the outbound thread). */
    public void settle()
    {
        final long deadline = System.nanoTime() + 10 * SECOND;
        int quiet = 0;
        while (quiet < 3)
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("pipeline did not settle within 10 s");
            }
            quiet = pipeline.inboundBacklog() == 0 && pipeline.outboundBacklog() == 0 ? quiet + 1 : 0;
            LockSupport.parkNanos(2_000_000L);
        }
    }

    public RiskStage risk()
    {
        return (RiskStage)pipeline.stages().risk();
    }

    public ExecutionStage execution()
    {
        return (ExecutionStage)pipeline.stages().execution();
    }

    /** Closes the engine (final checkpoint) and checks that replay reproduces every command. */
    public Replayer.Result closeAndVerify()
    {
        events.timer(now + 1, TimerKind.CHECKPOINT, timerSeq++);
        pipeline.close();
        final Replayer.Result result = Replayer.verify(journal, Stages.standard(config, null));
        assertThat(result.mismatch()).isNull();
        assertThat(result.checkpoints()).isPositive();
        return result;
    }

    /** Advances time in steps of {@code stepNs} until {@code totalNs} have passed, a Timer at each step. */
    public void run(final long totalNs, final long stepNs)
    {
        for (long t = 0; t < totalNs; t += stepNs)
        {
            advance(stepNs);
        }
    }

    /** True when no venue holds a position in any of these instruments. */
    public boolean venuesFlat(final int... instrumentIds)
    {
        for (final int instrumentId : instrumentIds)
        {
            if (venues.position(instrumentId) != 0)
            {
                return false;
            }
        }
        return true;
    }

    /** Every journaled command of a type, as JSON. */
    public List<String> commands(final String type)
    {
        final EventJson json = new EventJson();
        final List<String> out = new ArrayList<>();
        try (JournalReader reader = new JournalReader(journal.commands(), 4096))
        {
            while (reader.next())
            {
                if (type.equals(json.typeName(reader.buffer(), 0, reader.length())))
                {
                    out.add(json.toJson(reader.buffer(), 0, reader.length()));
                }
            }
        }
        return out;
    }

    /** Realised PnL of the journaled CLOSED/FAILED pair events, summed (1e-9). */
    public long journaledRealised()
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final PairEventDecoder pair = new PairEventDecoder();
        long sum = 0;
        try (JournalReader reader = new JournalReader(journal.commands(), 4096))
        {
            while (reader.next())
            {
                header.wrap(reader.buffer(), 0);
                if (header.templateId() == PairEventDecoder.TEMPLATE_ID)
                {
                    pair.wrap(reader.buffer(), MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                    if (pair.kind() == PairEventKind.CLOSED || pair.kind() == PairEventKind.FAILED)
                    {
                        sum += pair.realisedPnl();
                    }
                }
            }
        }
        return sum;
    }

    /** The circuit-breaker transitions journaled, as "FROM>TO". */
    public List<String> transitions()
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final RiskStateChangeDecoder change = new RiskStateChangeDecoder();
        final List<String> out = new ArrayList<>();
        try (JournalReader reader = new JournalReader(journal.commands(), 4096))
        {
            while (reader.next())
            {
                header.wrap(reader.buffer(), 0);
                if (header.templateId() == RiskStateChangeDecoder.TEMPLATE_ID)
                {
                    change.wrap(reader.buffer(), MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                    out.add(change.fromState() + ">" + change.toState());
                }
            }
        }
        return out;
    }

    /** Expected realised PnL from what the venues did: sells − buys − fees + funding. */
    public long expectedRealised()
    {
        long cash = 0;
        for (final FakeVenues.Fill f : venues.fills())
        {
            final long notional = FixedPoint.multiply(f.price(), f.qty());
            cash += f.buy() ? -notional : notional;
            cash -= f.fee();
        }
        return cash - venues.feeCorrectionTotal() + venues.fundingTotal();
    }

    @Override
    public void close()
    {
        pipeline.close();
        journal.close();
    }
}
