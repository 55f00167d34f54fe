package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./run.sh sim} in a child JVM: it prints the venues block that points an engine at it;
 * {@code live} runs twice against it (two engine sessions, one after the other) and the
 * simulators' accounts at the end hold what both sessions left open, leg by leg.
 */
@Timeout(180)
class SimCommandIT
{
    private static final Pattern VENUE_LINE = Pattern.compile("(?m)^ {4}(binance|bybit) +(.+)$");
    private static final Pattern HOLDING = Pattern.compile("([A-Z0-9]+) ([+-][0-9.]+) \\(");
    private static final Pattern ACCOUNT_LINE = Pattern.compile("(?m)^(binance|bybit) +wallet [0-9.]+ USDT \\| positions(.*)$");
    private static final Pattern POSITION = Pattern.compile(" ([A-Z0-9]+) (-?[0-9.]+) @ ");

    @TempDir
    Path tmp;

    private Process sim;

    @AfterEach
    void stopSim() throws Exception
    {
        if (sim != null && sim.isAlive())
        {
            sim.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldKeepTheAccountsAcrossEngineRestartsAndRefuseToTradeOverThemWithoutResume() throws Exception
    {
        final Path simConfig = tmp.resolve("sim.yaml");
        Files.writeString(simConfig, "tokens: [BTC, ETH, SOL]\n");
        final Path simOut = tmp.resolve("sim.out");
        sim = startSim(simConfig, simOut);
        final String snippet = awaitSnippet(simOut);
        final Path engineConfig = tmp.resolve("live.yaml");
        Files.writeString(engineConfig, PaperIT.EAGER + snippet);

        final String first = live(engineConfig, tmp.resolve("session1"));
        assertThat(first).contains("gateways             binance LIVE, bybit LIVE").containsPattern("orders routed +[1-9]")
            .contains("on exit              keep: positions left open at the venues:");
        final Map<String, BigDecimal> leftOpen = holdings(first);

        // a new session without --resume meets the accounts as the first left them, and never trades over them
        final String second = live(engineConfig, tmp.resolve("session2"));
        assertThat(second).contains("NO ORDERS").containsPattern("orders routed +0\\b");
        leftOpen.keySet().forEach(key -> assertThat(second).contains("venue position not in the journal: " + key.replace(':', ' ')));
        sim.destroy();
        assertThat(sim.waitFor(30, TimeUnit.SECONDS)).isTrue();
        final String simText = Files.readString(simOut);

        assertThat(leftOpen).as(simText).isNotEmpty();
        leftOpen.replaceAll((key, qty) -> qty.stripTrailingZeros());
        assertThat(accounts(simText)).as(simText).isEqualTo(leftOpen);
    }

    private String live(final Path config, final Path journal)
    {
        final EngineOptions engine = new EngineOptions();
        engine.config = config;
        engine.journal = journal;
        final TradingOptions trading = new TradingOptions();
        trading.duration = "5s";
        trading.onExit = "keep";
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int code = TradingSession.run(TradingSession.Mode.LIVE, engine, trading, false,
            SimCommand.demoKeyEnvironment()::get,
            new PrintStream(out, true, StandardCharsets.UTF_8));
        final String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isZero();
        return text;
    }

    /** venue:token to the net quantity the engine's exit report lists. */
    private static Map<String, BigDecimal> holdings(final String text)
    {
        final Map<String, BigDecimal> out = new TreeMap<>();
        final Matcher line = VENUE_LINE.matcher(text.substring(text.indexOf("on exit ")));
        while (line.find())
        {
            final Matcher h = HOLDING.matcher(line.group(2));
            while (h.find())
            {
                out.merge(line.group(1) + ":" + h.group(1), new BigDecimal(h.group(2)), BigDecimal::add);
            }
        }
        return out;
    }

    /** venue:token to the simulators' final positions. */
    private static Map<String, BigDecimal> accounts(final String text)
    {
        final Map<String, BigDecimal> out = new TreeMap<>();
        final Matcher line = ACCOUNT_LINE.matcher(text);
        while (line.find())
        {
            final Matcher p = POSITION.matcher(line.group(2));
            while (p.find())
            {
                out.put(line.group(1) + ":" + p.group(1), new BigDecimal(p.group(2)).stripTrailingZeros());
            }
        }
        return out;
    }

    private static Process startSim(final Path config, final Path output) throws Exception
    {
        final List<String> command = ChildJvm.main("256m", "sim", "--config", config.toString());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    /** The venues block the sim prints, once it has (polled every 100 ms, 60 s at most). */
    private String awaitSnippet(final Path output) throws Exception
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() - deadlineNs < 0 && sim.isAlive())
        {
            final String text = Files.exists(output) ? Files.readString(output) : "";
            final int start = text.indexOf("venues:\n");
            final int end = text.indexOf("and, for live");
            if (start >= 0 && end > start)
            {
                return text.substring(start, end);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the sim printed no venues block:\n" + (Files.exists(output) ? Files.readString(output) : ""));
    }

    @Test
    void shouldKeepTheSimulatorsStateInTheStateFolderAndLoadItOnTheNextRun() throws Exception
    {
        final Path config = Files.writeString(tmp.resolve("state.yaml"), "tokens: [BTC]\n");
        final Path state = tmp.resolve("state");

        final String first = runInProcess("sim", "--config", config.toString(), "--state", state.toString(), "--duration", "1s");
        final String firstFile = Files.readString(state.resolve("binance.json"));
        final String second = runInProcess("sim", "--config", config.toString(), "--state", state.toString(), "--duration", "1s");

        assertThat(first).contains("kept in " + state);
        assertThat(firstFile).startsWith("{\"format\":\"fundingarb-sim-state\",\"version\":1,\"venue\":\"binance\"");
        assertThat(Files.readString(state.resolve("bybit.json"))).contains("\"venue\":\"bybit\"");
        assertThat(second).contains("loaded from " + state);
        assertThat(Files.readString(state.resolve("binance.json"))).isEqualTo(firstFile); // nothing traded: the same state
    }

    private static String runInProcess(final String... args)
    {
        final java.io.PrintStream originalOut = System.out;
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        final int code;
        try
        {
            code = Main.execute(args);
        }
        finally
        {
            System.setOut(originalOut);
        }
        final String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(code).as(text).isZero();
        return text;
    }
}
