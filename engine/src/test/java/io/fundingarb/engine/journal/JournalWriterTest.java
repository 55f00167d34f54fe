package io.fundingarb.engine.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** When {@link JournalWriter} forces its pages to disk, by {@link JournalWriter.Durability}. */
@Timeout(60)
class JournalWriterTest
{
    @TempDir
    Path tmp;

    @Test
    void shouldSyncEveryNRecordsAndAtEverySeal()
    {
        final JournalWriter.Durability durability = JournalWriter.Durability.everyRecords(7);
        try (Journal journal = Journal.create(tmp.resolve("j"), durability))
        {
            final JournalWriter writer = new JournalWriter(journal.inbound(), durability);
            JournalFixture.append(writer, 50); // a seal's sync restarts the count: 7, 14, seal 20, 27, 34, seal 40, 47
            assertThat(writer.syncs()).isEqualTo(7);
            writer.close();
            assertThat(writer.syncs()).isEqualTo(8);
        }
    }

    @Test
    void shouldSyncOnlyAtSealsAtCheckpoints()
    {
        final JournalWriter.Durability durability = JournalWriter.Durability.atCheckpoints();
        try (Journal journal = Journal.create(tmp.resolve("j"), durability))
        {
            final JournalWriter writer = new JournalWriter(journal.inbound(), durability);
            JournalFixture.append(writer, 50);
            writer.close();
            assertThat(writer.syncs()).isEqualTo(3);
            assertThat(writer.seals()).isEqualTo(3);
        }
    }

    @Test
    void shouldNeverSyncWithoutDurability()
    {
        try (Journal journal = Journal.create(tmp.resolve("j")))
        {
            final JournalWriter writer = new JournalWriter(journal.inbound());
            JournalFixture.append(writer, 50);
            writer.close();
            assertThat(writer.syncs()).isZero();
        }
    }
}
