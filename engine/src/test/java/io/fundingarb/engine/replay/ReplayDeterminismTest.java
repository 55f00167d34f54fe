package io.fundingarb.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.CommandHandler;
import io.fundingarb.codecs.sbe.InstrumentDefinitionDecoder;
import io.fundingarb.codecs.sbe.OperatorAction;
import io.fundingarb.codecs.sbe.TimerKind;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.engine.TestEvents;
import io.fundingarb.engine.config.Threading;
import io.fundingarb.engine.config.WaitStrategy;
import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.journal.JournalWriter;
import io.fundingarb.engine.pipeline.Pipeline;
import io.fundingarb.engine.ring.InboundSlot;
import io.fundingarb.engine.stage.MarketStage;
import io.fundingarb.engine.stage.OrderEchoStage;
import io.fundingarb.engine.stage.RiskStage;
import io.fundingarb.engine.stage.Stage;
import io.fundingarb.engine.stage.Stages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Events published from several producer threads at once are journaled in ring order; replaying
 * the journal through fresh stages reproduces every command and every state hash byte for byte,
 * in either thread layout. And replay notices when the stages differ.
 */
@Timeout(60)
class ReplayDeterminismTest
{
    private static final int PRODUCERS = 4;
    private static final int EVENTS_PER_PRODUCER = 5_000;
    private static final long THRESHOLD = 50_000L; // rate 0.00005

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Threading.class)
    void shouldReproduceCommandsAndStateHashesFromConcurrentProducers(final Threading threading) throws Exception
    {
        final long recordedCommands = runSession(threading, OrderEchoStage.factory(THRESHOLD));

        try (Journal journal = Journal.openExisting(tmp.resolve("session")))
        {
            final Replayer.Result result = Replayer.verify(journal, OrderEchoStage.factory(THRESHOLD));

            assertThat(result.mismatch()).isNull();
            assertThat(result.events()).isEqualTo(expectedEvents());
            assertThat(result.recordedCommands()).isEqualTo(recordedCommands);
            assertThat(result.reproducedCommands()).isEqualTo(recordedCommands);
            assertThat(result.checkpoints()).isGreaterThanOrEqualTo(PRODUCERS + 1);
            assertThat(recordedCommands - result.checkpoints()).as("order commands").isGreaterThan(1_000);
        }
    }

    @ParameterizedTest
    @EnumSource(Threading.class)
    void shouldNameTheFirstEventWhereOrdersDiffer(final Threading threading) throws Exception
    {
        runSession(threading, OrderEchoStage.factory(THRESHOLD));

        try (Journal journal = Journal.openExisting(tmp.resolve("session")))
        {
            final Replayer.Result result = Replayer.verify(journal, OrderEchoStage.factory(THRESHOLD * 2));

            assertThat(result.ok()).isFalse();
            assertThat(result.mismatch()).startsWith("first difference at event #").contains("\"type\":\"FundingUpdate\"");
        }
    }

    @ParameterizedTest
    @EnumSource(Threading.class)
    void shouldNameTheStageWhoseStateHashDiffers(final Threading threading) throws Exception
    {
        runSession(threading, OrderEchoStage.factory(THRESHOLD));
        final Stages.Factory marketMissesOneDefinition = commands ->
        {
            final Stages standard = OrderEchoStage.factory(THRESHOLD).create(commands);
            final Stage market = standard.market();
            final Stage skipping = new Stage()
            {
                private int definitions;

                @Override
                public String name()
                {
                    return market.name();
                }

                @Override
                public void onEvent(final InboundSlot slot)
                {
                    if (slot.templateId != InstrumentDefinitionDecoder.TEMPLATE_ID || ++definitions != 3)
                    {
                        market.onEvent(slot);
                    }
                }

                @Override
                public long stateHash()
                {
                    return market.stateHash();
                }
            };
            return new Stages(skipping, standard.risk(), standard.execution());
        };

        try (Journal journal = Journal.openExisting(tmp.resolve("session")))
        {
            final Replayer.Result result = Replayer.verify(journal, marketMissesOneDefinition);

            assertThat(result.mismatch()).contains("\"type\":\"StateCheckpoint\"").contains("state hash differs for: market)");
        }
    }

    /** A copy of the session's journal whose command journal keeps only its first {@code keptCommands} records (a crash cut it short). */
    private Path crashedCopy(final long keptCommands) throws Exception
    {
        final Path copy = tmp.resolve("crashed");
        try (Journal from = Journal.openExisting(tmp.resolve("session")); Journal to = Journal.create(copy);
             io.fundingarb.engine.journal.JournalReader events = new io.fundingarb.engine.journal.JournalReader(from.inbound(), 4096);
             io.fundingarb.engine.journal.JournalReader commands = new io.fundingarb.engine.journal.JournalReader(from.commands(), 4096);
             JournalWriter inbound = new JournalWriter(to.inbound()); JournalWriter recorded = new JournalWriter(to.commands()))
        {
            while (events.next())
            {
                inbound.append(events.array(), 0, events.length());
            }
            for (long n = 0; n < keptCommands && commands.next(); n++)
            {
                recorded.append(commands.array(), 0, commands.length());
            }
        }
        return copy;
    }

    @org.junit.jupiter.api.Test
    void shouldVerifyASessionThatStoppedBeforeJournalingItsLastCommandsAndCountThem() throws Exception
    {
        final long recordedCommands = runSession(Threading.SHARED, OrderEchoStage.factory(THRESHOLD));

        try (Journal journal = Journal.openExisting(crashedCopy(recordedCommands - 3)))
        {
            final Replayer.Result result = Replayer.verify(journal, OrderEchoStage.factory(THRESHOLD));

            assertThat(result.ok()).as(result.mismatch()).isTrue();
            assertThat(result.unrecordedTail()).isEqualTo(3);
            assertThat(result.recordedCommands()).isEqualTo(recordedCommands - 3);
        }
    }

    @org.junit.jupiter.api.Test
    void shouldNotTakeCommandsMissingLongBeforeTheEndForAnAbruptStop() throws Exception
    {
        final long recordedCommands = runSession(Threading.SHARED, OrderEchoStage.factory(THRESHOLD));

        try (Journal journal = Journal.openExisting(crashedCopy(recordedCommands / 2)))
        {
            final Replayer.Result result = Replayer.verify(journal, OrderEchoStage.factory(THRESHOLD));

            assertThat(result.ok()).isFalse();
            assertThat(result.mismatch()).contains("replay produced a command the journal does not have");
        }
    }

    private static long expectedEvents()
    {
        // per producer: 2 definitions + the events; operator pause/resume; checkpoints: one per producer + the final one
        return PRODUCERS * (2L + EVENTS_PER_PRODUCER) + 2 + PRODUCERS + 1;
    }

    /** Runs a session with PRODUCERS concurrent producer threads; returns the commands journaled. */
    private long runSession(final Threading threading, final Stages.Factory stages) throws Exception
    {
        final AtomicLong commands = new AtomicLong();
        final CommandHandler counting = (buffer, offset, length, endOfBatch) -> commands.incrementAndGet();
        try (Journal journal = Journal.create(tmp.resolve("session")))
        {
            final Pipeline pipeline = new Pipeline(
                new Pipeline.Options(threading, WaitStrategy.BLOCKING, new int[0], 1024, 1024, 1024),
                stages,
                new JournalWriter(journal.inbound()),
                new JournalWriter(journal.commands()),
                counting).start();
            final CountDownLatch go = new CountDownLatch(1);
            final List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++)
            {
                final int producer = p;
                final Thread thread = new Thread(() -> produce(pipeline, producer, go), "producer-" + p);
                producers.add(thread);
                thread.start();
            }
            final TestEvents control = new TestEvents(pipeline.events());
            go.countDown();
            control.operator(1_000, OperatorAction.PAUSE, 0);
            for (final Thread thread : producers)
            {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
            control.operator(2_000, OperatorAction.RESUME, 0);
            control.timer(3_000, TimerKind.CHECKPOINT, 999);
            pipeline.close();
            assertThat(pipeline.errors().total()).isZero();
            assertThat(((OrderEchoStage)pipeline.stages().execution()).orders()).isPositive();
            assertThat(((MarketStage)pipeline.stages().market()).events()).isEqualTo(expectedEvents());
            assertThat(((RiskStage)pipeline.stages().risk()).tradingState()).hasToString("ACTIVE");
        }
        return commands.get();
    }

    private static void produce(final Pipeline pipeline, final int producer, final CountDownLatch go)
    {
        final TestEvents events = new TestEvents(pipeline.events());
        final int binance = 2 * producer + 1;
        final int bybit = 2 * producer + 2;
        try
        {
            go.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return;
        }
        events.definition(10, binance, producer + 1, Venue.BINANCE, "T" + producer + "USDT", "T" + producer);
        events.definition(10, bybit, producer + 1, Venue.BYBIT, "T" + producer + "USDT", "T" + producer);
        long state = 0x9E3779B97F4A7C15L * (producer + 1);
        for (int i = 0; i < EVENTS_PER_PRODUCER; i++)
        {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            final long ts = 1_000_000L * i + producer;
            final int instrument = (i & 1) == 0 ? binance : bybit;
            final Venue venue = (i & 1) == 0 ? Venue.BINANCE : Venue.BYBIT;
            if (i % 3 == 0)
            {
                events.book(ts, instrument, venue, i, 1 + (int)((state >>> 60) & 7), 60_000_000_000_000L);
            }
            else
            {
                events.funding(ts, instrument, venue, (state % 200_000L), 60_000_000_000_000L + (state & 0xFFFF));
            }
            if (i == EVENTS_PER_PRODUCER / 2)
            {
                events.timer(ts, TimerKind.CHECKPOINT, producer);
            }
        }
    }
}
