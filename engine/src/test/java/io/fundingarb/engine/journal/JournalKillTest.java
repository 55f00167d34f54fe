package io.fundingarb.engine.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.sbe.BookUpdateDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.engine.replay.Replayer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM appends to a journal as fast as it can and is killed with SIGKILL mid-stream. The
 * journal must read back every committed event, in order and intact, and nothing after, and
 * {@link JournalCheck} must find it INTACT, with the records after the last seal reported as the
 * unsealed tail of a session that ended without a clean close.
 */
@Timeout(120)
class JournalKillTest
{
    private static final long MIN_EVENTS_BEFORE_KILL = 20_000;

    @TempDir
    Path tmp;

    @Test
    void shouldReadEveryCommittedEventAfterSigkill() throws Exception
    {
        final Path dir = tmp.resolve("journal");
        final Process child = startWriter(dir);
        try
        {
            final BufferedReader stdout = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(stdout.readLine()).isEqualTo(JournalWriterChild.READY);
            waitForEvents(dir, MIN_EVENTS_BEFORE_KILL);
        }
        finally
        {
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks in the child
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);

        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final BookUpdateDecoder book = new BookUpdateDecoder();
        long count = 0;
        try (Journal journal = Journal.openExisting(dir);
             JournalReader reader = new JournalReader(journal.inbound(), 1024))
        {
            while (reader.next())
            {
                header.wrap(reader.buffer(), 0);
                assertThat(header.templateId()).isEqualTo(BookUpdateDecoder.TEMPLATE_ID);
                book.wrap(reader.buffer(), MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                assertThat(reader.length()).isEqualTo(JournalWriterChild.lengthOf(count));
                assertThat(book.sequence()).isEqualTo(count);
                assertThat(JournalWriterChild.checksum(book)).isEqualTo(JournalWriterChild.expectedChecksum(count));
                count++;
            }
            assertThat(count).isGreaterThanOrEqualTo(MIN_EVENTS_BEFORE_KILL);

            final ByteArrayOutputStream printed = new ByteArrayOutputStream();
            final long lines = Replayer.print(journal, new PrintStream(printed, true, StandardCharsets.UTF_8));
            assertThat(lines).isEqualTo(count);
        }

        final JournalCheck.Result check = JournalCheck.run(dir);
        assertThat(check.damaged()).as(check.inbound().line()).isFalse();
        assertThat(check.inbound().records()).isEqualTo(count);
        // the kill may fall between a thousandth record and its seal
        assertThat(check.inbound().sealedRecords()).isBetween(count - JournalWriterChild.SEAL_EVERY, count);
        assertThat(check.inbound().sealedRecords() % JournalWriterChild.SEAL_EVERY).isZero();
        assertThat(check.inbound().line()).contains("ended without a clean close");
        assertThat(check.verdict().get(0)).startsWith("INTACT: " + count + " inbound, 0 command records, chain ok; unsealed tail");
    }

    private static Process startWriter(final Path dir) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-") || arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc")
                || arg.startsWith("-Dchronicle"))
            {
                command.add(arg);
            }
        }
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(JournalWriterChild.class.getName());
        command.add(dir.toString());
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void waitForEvents(final Path dir, final long wanted) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadlineNs)
        {
            try (Journal journal = Journal.openExisting(dir);
                 JournalReader reader = new JournalReader(journal.inbound(), 1024))
            {
                long n = 0;
                while (n < wanted && reader.next())
                {
                    n++;
                }
                if (n >= wanted)
                {
                    return;
                }
            }
            catch (final IllegalArgumentException notYet)
            {
                // the child has not created the queue folder yet
            }
            Thread.sleep(50); // polling another process's file: no latch can cross the process boundary
        }
        throw new AssertionError("child did not journal " + wanted + " events within 60 s");
    }
}
