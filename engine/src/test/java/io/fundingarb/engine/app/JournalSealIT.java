package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.journal.JournalFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code journal.seal_key_env} through the real commands, each a JVM of its own with its own
 * environment: a paper session signs its seals with the key, {@code journal check --key-env}
 * verifies them, finds a full rewrite of the chain and a wrong key, and a named variable that is
 * unset stops the start in one line without leaving a journal.
 */
@Timeout(180)
class JournalSealIT
{
    private static final String KEY_ENV = "FUNDINGARB_JOURNAL_KEY";
    private static final String KEY = "journal-seal-key-for-tests-only-0123456789";

    @TempDir
    Path tmp;

    @Test
    void shouldSignTheSealsOfASessionAndFindARewriteWithTheKey() throws Exception
    {
        final Path sessions = tmp.resolve("sessions");
        final Path config = config(sessions);

        final Result paper = run(Map.of(KEY_ENV, KEY), "paper", "--sim", "--plain", "--config", config.toString(), "--duration", "3s");
        assertThat(paper.code()).as(paper.text()).isZero();
        final Path journal = onlySession(sessions);

        final Result verified = run(Map.of(KEY_ENV, KEY), "journal", "check", journal.toString(), "--key-env", KEY_ENV);
        assertThat(verified.code()).as(verified.text()).isZero();
        assertThat(verified.text()).contains("(signatures verified)").containsPattern("INTACT: \\d+ inbound, \\d+ command records, chain ok, seals signed with the key");

        final Result replay = run(Map.of(), "replay", journal.toString(), "--verify");
        assertThat(replay.code()).as(replay.text()).isZero();
        assertThat(replay.text()).as("readers skip signed seals as they skip unsigned ones").contains("VERIFIED");

        final Result unkeyed = run(Map.of(), "journal", "check", journal.toString());
        assertThat(unkeyed.code()).as(unkeyed.text()).isZero();
        assertThat(unkeyed.text()).contains("signed, not verified: journal check --key-env NAME");

        final Result otherKey = run(Map.of(KEY_ENV, KEY + "-other"), "journal", "check", journal.toString(), "--key-env", KEY_ENV);
        assertThat(otherKey.code()).as(otherKey.text()).isEqualTo(Main.EXIT_DAMAGED);
        assertThat(otherKey.text()).contains("is not signed with the key in " + KEY_ENV);

        // a forger edits one inbound record and recomputes every checksum, link and seal after it
        final Path forged = JournalFixture.rewrite(journal, tmp.resolve("forged"), docs ->
        {
            final byte[] first = docs.get(JournalFixture.documentOf(docs, 0));
            first[first.length - 25] ^= 0x01; // the payload's last byte
            JournalFixture.rechain(docs);
            return docs;
        });
        assertThat(run(Map.of(), "journal", "check", forged.toString()).code()).as("without the key the rewrite is not seen").isZero();
        final Result found = run(Map.of(KEY_ENV, KEY), "journal", "check", forged.toString(), "--key-env", KEY_ENV);
        assertThat(found.code()).as(found.text()).isEqualTo(Main.EXIT_DAMAGED);
        assertThat(found.text()).containsPattern("DAMAGED: inbound record \\d+ \\(index 0x[0-9a-f]+\\): the seal after record \\d+ is not signed with the key");

        // a session that signs with the key checks the signatures of the journal it carries over
        final Result refused = run(Map.of(KEY_ENV, KEY), "paper", "--sim", "--plain", "--config", config.toString(), "--duration", "2s",
            "--resume", forged.toString());
        assertThat(refused.code()).as(refused.text()).isEqualTo(Main.EXIT_DAMAGED);
        assertThat(refused.text()).contains("is not signed with the key in " + KEY_ENV).contains("--allow-damaged");
        final Result resumed = run(Map.of(KEY_ENV, KEY), "paper", "--sim", "--plain", "--config", config.toString(), "--duration", "2s",
            "--resume", journal.toString());
        assertThat(resumed.code()).as(resumed.text()).isZero();
        assertThat(resumed.text()).contains("resuming " + journal);

        assertThat(paper.text() + verified.text() + found.text() + refused.text() + resumed.text()).doesNotContain(KEY);
    }

    @Test
    void shouldStopInOneLineWhenTheNamedKeyVariableIsUnset() throws Exception
    {
        final Path sessions = tmp.resolve("sessions");

        final Result paper = run(Map.of(), "paper", "--sim", "--plain", "--config", config(sessions).toString(), "--duration", "3s");

        assertThat(paper.code()).as(paper.text()).isEqualTo(Main.EXIT_USAGE);
        assertThat(paper.text().strip()).endsWith("journal.seal_key_env: environment variable " + KEY_ENV
            + " is not set (it holds the key the journal's seals are signed with)");
        assertThat(Files.exists(sessions) ? Files.list(sessions).count() : 0L).as("no journal left behind").isZero();
    }

    private Path config(final Path sessions) throws IOException
    {
        return Files.writeString(tmp.resolve("paper.yaml"), PaperIT.EAGER
            + "journal:\n  dir: " + sessions + "\n  seal_key_env: " + KEY_ENV + "\n");
    }

    private static Path onlySession(final Path sessions) throws IOException
    {
        try (Stream<Path> folders = Files.list(sessions))
        {
            return folders.filter(f -> Files.isDirectory(f.resolve(Journal.INBOUND))).findFirst().orElseThrow();
        }
    }

    private record Result(int code, String text)
    {
    }

    private Result run(final Map<String, String> env, final String... args) throws Exception
    {
        final Path output = Files.createTempFile(tmp, "out", ".txt");
        final ProcessBuilder builder = new ProcessBuilder(ChildJvm.main("384m", args)).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().remove(KEY_ENV);
        builder.environment().putAll(env);
        final Process process = builder.start();
        if (!process.waitFor(90, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError("fundingarb " + String.join(" ", args) + " did not end in 90 s:\n" + Files.readString(output));
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
