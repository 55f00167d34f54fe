package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.replay.Replayer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A paper session (simulators, paper fills) in a child JVM with its control token in the
 * environment, driven the way an operator would: {@code ./run.sh ctl} over the control endpoint on
 * 127.0.0.1. A request without the right token is refused and reaches nothing; the right one's
 * commands are applied and journaled as OperatorCommand events; {@code positions} lists the pairs
 * and each venue's legs; SIGTERM (Ctrl-C's path) with {@code --on-exit flatten} ends flat, with its
 * report, and the journal verifies.
 */
@Timeout(180)
class OperatorControlIT
{
    private static final String TOKEN_ENV = "FUNDINGARB_TEST_CONTROL_TOKEN";
    private static final String TOKEN = "it-token-0123456789abcdef";
    private static final long STEP_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    Path tmp;

    private Process child;

    @AfterEach
    void stopChild() throws Exception
    {
        if (child != null && child.isAlive())
        {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldObeyTheTokenHolderOnlyAndFlattenOnExit() throws Exception
    {
        final Path journal = tmp.resolve("session");
        final Path config = tmp.resolve("paper.yaml");
        Files.writeString(config, PaperIT.EAGER + "control:\n  token_env: " + TOKEN_ENV + "\n");
        final Path output = tmp.resolve("paper.out");
        child = startPaper(config, journal, output);

        final Path controlFile = journal.resolve(ControlEndpoint.FILE);
        await("control.json", output, () -> Files.exists(controlFile));
        assertThat(Files.readString(controlFile)).doesNotContain(TOKEN).contains("\"token_env\": \"" + TOKEN_ENV + "\"");
        final String url = urlOf(Files.readString(controlFile));
        assertThat(url).startsWith("http://127.0.0.1:");

        await("open pairs", output, () -> pairsOpen(ctl(journal, config, TOKEN, "positions").out) > 0);
        final Ctl positions = ctl(journal, config, TOKEN, "positions");
        assertThat(positions.code).isZero();
        assertThat(positions.out).contains("trading ACTIVE").containsPattern("  #\\d+ [A-Z]+ qty [0-9.]+ \\| long (binance|bybit) @ ")
            .contains("venue positions (net base quantity per token, notional at entry)")
            .containsPattern("(?m)^  binance +[A-Z]+ [+-][0-9.]+ \\([0-9.]+ USD\\)")
            .containsPattern("(?m)^  bybit +[A-Z]+ [+-][0-9.]+ \\([0-9.]+ USD\\)");

        assertThat(post(url, null, "pause")).isEqualTo(401);
        assertThat(post(url, "Bearer wrong-token-0123456789", "pause")).isEqualTo(401);
        assertThat(post(url, "Basic " + TOKEN, "kill")).isEqualTo(401);
        final Ctl refused = ctl(journal, config, "not-the-token-0123456789", "kill");
        assertThat(refused.code).isEqualTo(Main.EXIT_CHECK_FAILED);
        assertThat(refused.err).contains("refused the token (401)").doesNotContain("not-the-token");

        final Ctl pause = ctl(journal, config, TOKEN, "pause");
        assertThat(pause.code).as(pause.err).isZero();
        assertThat(pause.out).contains("operator: pause sent").contains("engine: trading PAUSED (operator paused trading)");

        final Ctl flatten = ctl(journal, config, TOKEN, "flatten");
        assertThat(flatten.code).as(flatten.err).isZero();
        assertThat(flatten.out).contains("operator: flatten sent");
        await("flat after flatten", output, () -> ctl(journal, config, TOKEN, "positions").out.contains("| flat |"));

        child.destroy(); // SIGTERM: the shutdown hook's path, as Ctrl-C
        assertThat(child.waitFor(90, TimeUnit.SECONDS)).as("the session ends").isTrue();
        final String text = Files.readString(output);
        assertThat(text).contains("=== fundingarb paper report ===")
            .containsPattern("on exit +flatten: flat after [0-9.]+ s \\(no open pairs\\)")
            .doesNotContain(TOKEN);
        assertThat(controlFile).doesNotExist();

        final List<String> commands = operatorCommands(journal);
        assertThat(commands).as(text).containsExactly("PAUSE", "FLATTEN", "FLATTEN");
        final ByteArrayOutputStream verify = new ByteArrayOutputStream();
        assertThat(replay(verify, journal.toString(), "--verify")).as(verify.toString(StandardCharsets.UTF_8)).isZero();
    }

    private Process startPaper(final Path config, final Path journal, final Path output) throws Exception
    {
        final List<String> command = ChildJvm.main("512m", "paper", "--sim", "--config", config.toString(), "--journal", journal.toString(),
            "--on-exit", "flatten", "--flatten-timeout", "30s");
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().put(TOKEN_ENV, TOKEN);
        return builder.start();
    }

    private static int post(final String url, final String authorization, final String body) throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/operator")).timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null)
        {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private record Ctl(int code, String out, String err)
    {
    }

    private static Ctl ctl(final Path journal, final Path config, final String token, final String... words)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CtlCommand command = new CtlCommand(Map.of(TOKEN_ENV, token)::get,
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        final List<String> args = new ArrayList<>(List.of("--journal", journal.toString(), "--config", config.toString()));
        args.addAll(List.of(words));
        final int code = new CommandLine(command).execute(args.toArray(String[]::new));
        return new Ctl(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static int pairsOpen(final String positions)
    {
        final Matcher m = Pattern.compile("open pairs (\\d+)").matcher(positions);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static String urlOf(final String json)
    {
        final Matcher m = Pattern.compile("\"url\": \"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return m.group(1);
    }

    /** The actions of the OperatorCommand events a journal holds, in order. */
    static List<String> operatorCommands(final Path journal)
    {
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (Journal dir = Journal.openExisting(journal))
        {
            Replayer.print(dir, new PrintStream(printed, true, StandardCharsets.UTF_8));
        }
        final List<String> actions = new ArrayList<>();
        final Matcher m = Pattern.compile("\"type\":\"OperatorCommand\".*\"action\":\"([A-Z_]+)\"").matcher(printed.toString(StandardCharsets.UTF_8));
        while (m.find())
        {
            actions.add(m.group(1));
        }
        return actions;
    }

    private static int replay(final ByteArrayOutputStream into, final String... args)
    {
        final PrintStream original = System.out;
        System.setOut(new PrintStream(into, true, StandardCharsets.UTF_8));
        try
        {
            final List<String> all = new ArrayList<>(List.of("replay"));
            all.addAll(List.of(args));
            return Main.execute(all.toArray(String[]::new));
        }
        finally
        {
            System.setOut(original);
        }
    }

    /** Polls (every 250 ms, 60 s at most) until the condition holds; the child's output explains a failure. */
    private void await(final String what, final Path output, final CheckedCondition condition) throws Exception
    {
        final long deadlineNs = System.nanoTime() + STEP_TIMEOUT_NS;
        while (!condition.holds())
        {
            if (System.nanoTime() - deadlineNs > 0 || !child.isAlive())
            {
                throw new AssertionError("waited in vain for " + what + "; the session printed:\n"
                    + (Files.exists(output) ? Files.readString(output) : "(nothing)"));
            }
            Thread.sleep(250);
        }
    }

    @FunctionalInterface
    private interface CheckedCondition
    {
        boolean holds() throws Exception;
    }
}
