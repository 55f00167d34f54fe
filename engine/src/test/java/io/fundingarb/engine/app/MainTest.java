package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Command-line errors are one clear line and exit code 2; help works. */
@Timeout(30)
class MainTest
{
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private PrintStream originalOut;

    @TempDir
    Path tmp;

    @BeforeEach
    void capture()
    {
        originalErr = System.err;
        originalOut = System.out;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore()
    {
        System.setErr(originalErr);
        System.setOut(originalOut);
    }

    @Test
    void shouldRejectABadConfigKeyWithOneLineNamingIt() throws Exception
    {
        final Path config = tmp.resolve("bad.yaml");
        Files.writeString(config, "engine:\n  threading: fast\n");

        final int code = Main.execute("demo", "--config", config.toString(), "--journal", tmp.resolve("j").toString());

        assertThat(code).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
            .isEqualTo("fundingarb: " + config + ": engine.threading: expected one of [shared, pinned, dedicated], got \"fast\"");
        assertThat(tmp.resolve("j")).doesNotExist();
    }

    @Test
    void shouldRefuseRealFeedsWhenAVenueHasNoUrl() throws Exception
    {
        final Path config = tmp.resolve("feeds.yaml");
        Files.writeString(config, "tokens: [BTC]\n");

        final int code = Main.execute("feeds", "--real", "--config", config.toString(), "--journal", tmp.resolve("j").toString());

        assertThat(code).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).isEqualTo("fundingarb: " + config +
            ": venues.binance.ws_url: not set, and this mode connects to the real venue: set it (config/live.example.yaml names the host) " +
            "or turn the venue off with venues.binance.enabled: false");
        assertThat(tmp.resolve("j")).doesNotExist();
    }

    @Test
    void shouldRefuseAJournalPathThatIsAFileInOneLine() throws Exception
    {
        final Path file = Files.writeString(tmp.resolve("a-file"), "x");

        final int code = Main.execute("demo", "--journal", file.toString(), "--duration", "1s", "--plain");

        assertThat(code).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
            .isEqualTo("fundingarb: journal folder " + file + " is a file: choose a new --journal folder");
    }

    @Test
    void shouldPrintTheVersionCommitAndJava()
    {
        final int code = Main.execute("--version");

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
            .containsPattern("(?m)^fundingarb " + VersionProvider.VERSION + " \\(commit ([0-9a-f]{7,}(-dirty)?|unknown)\\)$")
            .contains("Java " + System.getProperty("java.version"));
    }

    @Test
    void shouldOfferPlainOutputInEveryRunningMode()
    {
        for (final String mode : new String[] {"demo", "paper", "live"})
        {
            out.reset();
            assertThat(Main.execute(mode, "--help")).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).as(mode).contains("--plain");
        }
    }

    @Test
    void shouldRejectAMissingConfigFile()
    {
        final int code = Main.execute("demo", "--config", tmp.resolve("nope.yaml").toString());

        assertThat(code).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nope.yaml: configuration file not found");
    }

    @Test
    void shouldRejectAFolderThatIsNotAJournal()
    {
        final int code = Main.execute("replay", tmp.toString(), "--verify");

        assertThat(code).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not a fundingarb journal");
    }

    @Test
    void shouldRequireAReplayMode()
    {
        final int code = Main.execute("replay", tmp.toString());

        assertThat(code).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--print").contains("--verify");
    }

    @Test
    void shouldListSubcommandsInHelp()
    {
        assertThat(Main.execute("--help")).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("demo").contains("replay").contains("ctl");
    }

    @Test
    void shouldRefuseASimulatorOfAnUnknownVenue()
    {
        final int code = Main.execute("sim", "--venues", "binance,okx", "--duration", "1s");

        assertThat(code).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).isEqualTo("fundingarb: --venues: no simulator for venue \"okx\"; expected binance, bybit, hyperliquid, kraken or several");
    }

    @Test
    void shouldRejectAnUnknownExitPolicyBeforeStartingAnything()
    {
        final int code = Main.execute("paper", "--sim", "--on-exit", "close", "--journal", tmp.resolve("j").toString());

        assertThat(code).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).isEqualTo("fundingarb: --on-exit: expected keep or flatten, got \"close\"");
        assertThat(tmp.resolve("j")).doesNotExist();
    }

    @Test
    void shouldRejectABadFlattenTimeoutNamingTheOption()
    {
        final int code = Main.execute("live", "--sim", "--on-exit", "flatten", "--flatten-timeout", "soon", "--journal", tmp.resolve("j").toString());

        assertThat(code).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("fundingarb: --flatten-timeout: expected seconds");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "demo --duration 0", "paper --sim --duration 0s", "demo --bogus", "backtest --duration 1s", "nosuchcommand", "demo --speed", "feeds --speed fast",
        "feeds --speed 10", "decode --venue bybit TEXT", "decode --venue bybit REPO_README", "decode --venue okx TEXT", "ctl pause --journal MISSING", "report MISSING", "replay TEXT --verify",
        "journal check MISSING", "backtest --from yesterday", "sim --venues nowhere", "drill --kills -1", "live --sim --on-exit maybe"})
    void shouldAnswerAnObviousMistakeWithOneLineAndExit2(final String commandLine) throws Exception
    {
        final Path text = Files.writeString(tmp.resolve("README.md"), "# fundingarb\n\nruns on a 2-core machine\n");
        final String[] args = commandLine.replace("TEXT", text.toString()).replace("MISSING", tmp.resolve("missing").toString())
            .replace("REPO_README", Path.of("..", "README.md").toString()).split(" ");

        final int code = Main.execute(args);

        final String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isEqualTo(Main.EXIT_USAGE);
        assertThat(printed.strip()).as("one line").doesNotContain("\n").isNotEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void shouldParseDurationsWithAndWithoutUnits()
    {
        assertThat(DemoCommand.parseDuration("45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(DemoCommand.parseDuration("45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(DemoCommand.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DemoCommand.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    }
}
