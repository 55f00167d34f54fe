package io.fundingarb.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.sbe.TimerKind;
import io.fundingarb.engine.CommandHandlers;
import io.fundingarb.engine.FundingArbAgent;
import io.fundingarb.engine.TestEvents;
import io.fundingarb.engine.config.ConfigLoader;
import io.fundingarb.engine.config.Threading;
import io.fundingarb.engine.config.WaitStrategy;
import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.journal.JournalCheck;
import io.fundingarb.engine.journal.JournalWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The pipeline seals the input journal after each CHECKPOINT timer and the command journal after
 * each StateCheckpoint, and both at close, on either threading.
 */
@Timeout(60)
class CheckpointSealsTest
{
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Threading.class)
    void shouldSealBothJournalsAtEachCheckpointAndAtClose(final Threading threading)
    {
        final Path dir = tmp.resolve("j");
        try (Journal journal = Journal.create(dir))
        {
            final Pipeline pipeline = new Pipeline(
                new Pipeline.Options(threading, WaitStrategy.BLOCKING, new int[0], 64, 64, 512),
                FundingArbAgent.stageFactory(ConfigLoader.defaults(), null),
                new JournalWriter(journal.inbound()), new JournalWriter(journal.commands()), CommandHandlers.NONE).start();
            final TestEvents events = new TestEvents(pipeline.events());
            for (int i = 0; i < 30; i++)
            {
                events.timer(1_000_000_000L * (i + 1), i % 10 == 9 ? TimerKind.CHECKPOINT : TimerKind.TICK, i);
            }
            pipeline.close();
        }

        final JournalCheck.Result result = JournalCheck.run(dir);

        assertThat(result.damaged()).isFalse();
        assertThat(result.inbound().records()).isEqualTo(30);
        assertThat(result.inbound().seals()).isEqualTo(4);
        assertThat(result.commands().records()).isEqualTo(3);
        assertThat(result.commands().seals()).isEqualTo(4);
        assertThat(result.inbound().closedCleanly()).isTrue();
        assertThat(result.commands().closedCleanly()).isTrue();
    }
}
