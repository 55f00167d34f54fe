package io.fundingarb.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.sbe.TimerKind;
import io.fundingarb.engine.CommandHandlers;
import io.fundingarb.engine.TestEvents;
import io.fundingarb.engine.config.Threading;
import io.fundingarb.engine.config.WaitStrategy;
import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.journal.JournalReader;
import io.fundingarb.engine.journal.JournalWriter;
import io.fundingarb.engine.ring.InboundSlot;
import io.fundingarb.engine.stage.Stage;
import io.fundingarb.engine.stage.Stages;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A stage that throws on an event is counted and skips that event only; nothing else stops. */
@Timeout(30)
class StageExceptionTest
{
    private static final int EVENTS = 100;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Threading.class)
    void shouldKeepProcessingAfterAStageThrows(final Threading threading)
    {
        final CountingStage market = new CountingStage("market", 10);
        final CountingStage risk = new CountingStage("risk", -1);
        final CountingStage execution = new CountingStage("execution", 7);
        final Stages.Factory factory = commands -> new Stages(market, risk, execution);

        final Pipeline pipeline;
        try (Journal journal = Journal.create(tmp.resolve("j")))
        {
            pipeline = new Pipeline(
                new Pipeline.Options(threading, WaitStrategy.BLOCKING, new int[0], 64, 64, 512),
                factory, new JournalWriter(journal.inbound()), new JournalWriter(journal.commands()), CommandHandlers.NONE).start();
            final TestEvents events = new TestEvents(pipeline.events());
            for (int i = 0; i < EVENTS; i++)
            {
                events.timer(i, TimerKind.TICK, i);
            }
            pipeline.close();

            long journaled = 0;
            try (JournalReader reader = new JournalReader(journal.inbound(), 256))
            {
                while (reader.next())
                {
                    journaled++;
                }
            }
            assertThat(journaled).isEqualTo(EVENTS);
        }

        assertThat(market.seen.get()).isEqualTo(EVENTS);
        assertThat(market.completed.get()).isEqualTo(EVENTS - EVENTS / 10);
        assertThat(risk.seen.get()).as("the stage after a failing one still sees every event").isEqualTo(EVENTS);
        assertThat(risk.completed.get()).isEqualTo(EVENTS);
        assertThat(execution.completed.get()).isEqualTo(EVENTS - (EVENTS + 6) / 7);
        assertThat(pipeline.errors().count("market")).isEqualTo(EVENTS / 10);
        assertThat(pipeline.errors().count("risk")).isZero();
        assertThat(pipeline.errors().count("execution")).isEqualTo((EVENTS + 6) / 7);
    }

    /** Throws on every event whose eventSeq is a multiple of {@code throwEvery} (never when negative). */
    static final class CountingStage implements Stage
    {
        final String name;
        final int throwEvery;
        final AtomicLong seen = new AtomicLong();
        final AtomicLong completed = new AtomicLong();

        CountingStage(final String name, final int throwEvery)
        {
            this.name = name;
            this.throwEvery = throwEvery;
        }

        @Override
        public String name()
        {
            return name;
        }

        @Override
        public void onEvent(final InboundSlot slot)
        {
            seen.incrementAndGet();
            if (throwEvery > 0 && slot.eventSeq % throwEvery == 0)
            {
                throw new IllegalStateException("poison event " + slot.eventSeq);
            }
            completed.incrementAndGet();
        }

        @Override
        public long stateHash()
        {
            return completed.get();
        }
    }
}
