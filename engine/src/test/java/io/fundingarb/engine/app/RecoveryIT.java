package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery end to end: live in a child JVM against the simulators, SIGKILLed at ten seeded moments
 * and resumed with {@code --resume} each time, then flattened on exit. The venues end flat, no
 * client order id reached a venue twice, every session's journal is INTACT and replays byte for
 * byte on its own, and the last report's realised PnL is what the simulators' wallets moved.
 */
class RecoveryIT
{
    private static final Pattern KILL = Pattern.compile("(?m)^session \\d+: SIGKILL ");

    @TempDir
    Path tmp;

    @Test
    @Timeout(900)
    void shouldEndFlatWithNoReusedIdAndIntactJournalsAfterTenKillsAndResumes() throws Exception
    {
        final Path config = Files.writeString(tmp.resolve("drill.yaml"), "tokens: [BTC, ETH, SOL]\n");
        final Path work = tmp.resolve("drill");

        final String text = runAnyExit("drill", "--config", config.toString(), "--kills", "10", "--seed", "20261206", "--max-delay", "3",
            "--work-dir", work.toString());

        assertThat(text).as(() -> text + lastSessionTail(work)).contains("naked exposure: none").contains("none reused")
            .contains("journals: 11 sessions, all INTACT (10 ended without a clean close: killed)");
        final Matcher kills = KILL.matcher(text);
        int n = 0;
        while (kills.find())
        {
            n++;
        }
        assertThat(n).as(text).isEqualTo(10);
        try (Stream<Path> sessions = Files.list(work.resolve("journal")))
        {
            for (final Path session : sessions.sorted().toList())
            {
                assertThat(run("journal", "check", session.toString())).as(session.toString()).contains("INTACT");
                assertThat(run("replay", session.toString(), "--verify")).as(session.toString()).contains("VERIFIED");
            }
        }
    }

    /** The last session's output (its status lines, pair lines and report), for a failure's message: the work folder is deleted after. */
    private static String lastSessionTail(final Path work)
    {
        try (Stream<Path> files = Files.list(work))
        {
            final List<Path> outs = files.filter(f -> f.getFileName().toString().matches("session-\\d+\\.out"))
                .sorted(Comparator.comparingInt(f -> Integer.parseInt(f.getFileName().toString().replaceAll("\\D", "")))).toList();
            if (outs.isEmpty())
            {
                return "";
            }
            final List<String> lines = Files.readAllLines(outs.get(outs.size() - 1));
            return "\n--- " + outs.get(outs.size() - 1).getFileName() + " (last 80 lines) ---\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        }
        catch (final IOException ex)
        {
            return "\n(last session's output unreadable: " + ex + ")";
        }
    }

    /**
     * An order that filled at the venue after the engine died, before its report was journaled, is
     * asked for by its client id when the next session starts and booked at the venue's own price
     * and fee on the pair that ordered it: the report's realised PnL is the wallets' to the 1e-9 unit.
     */
    @Test
    @Timeout(900)
    void shouldEndWithTheReportsPnlEqualToTheWalletsAfterTenKills() throws Exception
    {
        final Path config = Files.writeString(tmp.resolve("drill.yaml"), "tokens: [BTC, ETH, SOL]\n");
        final String text = run("drill", "--config", config.toString(), "--kills", "10", "--seed", "20261206", "--max-delay", "3",
            "--work-dir", tmp.resolve("drill").toString());

        assertThat(text).containsPattern("realised PnL: report .* \\(equal\\)");
    }

    private static String runAnyExit(final String... args)
    {
        final PrintStream originalOut = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try
        {
            Main.execute(args);
        }
        finally
        {
            System.setOut(originalOut);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String run(final String... args)
    {
        final PrintStream originalOut = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        final int code;
        try
        {
            code = Main.execute(args);
        }
        finally
        {
            System.setOut(originalOut);
        }
        final String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isZero();
        return text;
    }
}
