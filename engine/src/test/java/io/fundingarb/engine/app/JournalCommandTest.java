package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.engine.journal.JournalFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code journal check}, and {@code replay} and {@code report} checking the journal before they read it. */
@Timeout(60)
class JournalCommandTest
{
    @TempDir
    Path tmp;

    private Path intact;
    private Path damaged;
    private String output;

    @BeforeEach
    void journals()
    {
        intact = JournalFixture.write(tmp.resolve("intact"), 60, 0);
        damaged = JournalFixture.rewrite(intact, tmp.resolve("damaged"), docs ->
        {
            docs.remove(JournalFixture.documentOf(docs, 33));
            return docs;
        });
    }

    @Test
    void shouldPrintIntactAndExitZeroOnACleanJournal()
    {
        assertThat(run("journal", "check", intact.toString())).isZero();
        assertThat(output).contains("INTACT: 60 inbound, 0 command records, chain ok");
    }

    @Test
    void shouldPrintTheDamagedLineAndExitThreeOnADamagedJournal()
    {
        assertThat(run("journal", "check", damaged.toString())).isEqualTo(Main.EXIT_DAMAGED);
        assertThat(output).contains("DAMAGED: inbound record 33 (index 0x").contains("records after it: readable 25, lost 0");
    }

    @Test
    void shouldStopReplayVerifyOnADamagedJournal()
    {
        assertThat(run("replay", damaged.toString(), "--verify")).isEqualTo(Main.EXIT_DAMAGED);
        assertThat(output).contains("DAMAGED: inbound record 33").contains("./run.sh journal check " + damaged).doesNotContain("MISMATCH");
    }

    @Test
    void shouldStopReportOnADamagedJournal()
    {
        assertThat(run("report", damaged.toString())).isEqualTo(Main.EXIT_DAMAGED);
        assertThat(output).contains("DAMAGED: inbound record 33").doesNotContain("session report");
    }

    @Test
    void shouldReportUpToTheDamageWithAllowDamagedAndSaySo()
    {
        assertThat(run("report", damaged.toString(), "--allow-damaged")).isZero();
        assertThat(output).contains("session report: " + damaged + " (DAMAGED journal, read up to its first bad record)");
    }

    @Test
    void shouldMarkTheHtmlReportOfADamagedJournalWithAllowDamaged() throws java.io.IOException
    {
        final Path html = tmp.resolve("report.html");

        assertThat(run("report", damaged.toString(), "--allow-damaged", "--html", html.toString())).isZero();

        assertThat(java.nio.file.Files.readString(html)).contains("<strong>DAMAGED journal</strong>: read up to the first bad record (--allow-damaged); "
            + "DAMAGED: inbound record 33");
        assertThat(run("report", intact.toString(), "--html", html.toString())).isZero();
        assertThat(java.nio.file.Files.readString(html)).doesNotContain("DAMAGED");
    }

    @Test
    void shouldPrintTheDamageAsTheFirstJsonLineWithAllowDamaged()
    {
        assertThat(run("replay", damaged.toString(), "--print", "--allow-damaged")).isZero();
        assertThat(output).startsWith("{\"type\":\"JournalDamaged\",\"note\":\"read up to the first bad record (--allow-damaged); DAMAGED: inbound record 33");
    }

    @Test
    void shouldRefuseToResumeFromADamagedJournal() throws java.io.IOException
    {
        final Path config = java.nio.file.Files.writeString(tmp.resolve("paper.yaml"), "tokens: [ETH]\njournal:\n  dir: " + tmp.resolve("sessions") + "\n");

        assertThat(run("paper", "--sim", "--config", config.toString(), "--resume", damaged.toString())).isEqualTo(Main.EXIT_DAMAGED);
        assertThat(output).contains("DAMAGED: inbound record 33").contains("--allow-damaged").doesNotContain("fundingarb paper:");
    }

    @Test
    void shouldCarryADamagedJournalOverUpToItsFirstBadRecord()
    {
        final SessionResumeLoader loader = new SessionResumeLoader(damaged, true, java.util.Set.of());

        assertThat(loader.markerSeq()).as("records 0 to 32, before the removed one").isEqualTo(33);
    }

    @Test
    void shouldResumeTheNewestSessionUnderTheJournalRoot() throws java.io.IOException
    {
        final Path root = tmp.resolve("root");
        final Path older = JournalFixture.write(root.resolve("z-older"), 5, 0); // last by name, first by time
        final Path newer = JournalFixture.write(root.resolve("a-newer"), 5, 0);
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(older))
        {
            for (final Path file : files.toList())
            {
                java.nio.file.Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(1_000));
            }
        }

        assertThat(SessionResumeLoader.latest(root)).contains(newer);
    }

    private int run(final String... args)
    {
        final PrintStream originalOut = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try
        {
            return Main.execute(args);
        }
        finally
        {
            System.setOut(originalOut);
            output = out.toString(StandardCharsets.UTF_8);
        }
    }
}
