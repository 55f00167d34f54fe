package io.fundingarb.engine.app;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.connectors.simulator.SimAccount;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.simulator.SimulatorServer;
import io.fundingarb.connectors.venue.VenueAdapter;
import io.fundingarb.connectors.venue.VenueAdapters;
import io.fundingarb.engine.config.FundingArbConfig;
import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.journal.JournalCheck;
import io.fundingarb.engine.report.SessionReport;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./run.sh drill}: a crash drill on 127.0.0.1. Starts the Binance and Bybit simulators in
 * this process (their accounts outlast the engine), runs {@code live} against them as a child JVM,
 * SIGKILLs it at N seeded random moments after it starts trading, resumes it each time with
 * {@code --resume}, and ends with a resumed session that flattens on exit. Then it prints each
 * venue's positions and {@code naked exposure: none} (exit 0) or the residual (exit 1), and checks
 * that no client order id reached a venue twice and that the last session's report (its journal
 * carries every session before it) realised what the simulators' wallets moved, to the 1e-9 unit.
 */
@Command(name = "drill", mixinStandardHelpOptions = true,
    description = "Crash drill: live against standalone simulators, SIGKILLed at N seeded moments and resumed each time; "
        + "ends flat or names the residual (exit 1).")
public final class DrillCommand implements Callable<Integer>
{
    private static final Pattern STATUS = Pattern.compile("(?m)^\\[\\d+s\\] .*pairs open (\\d+), closed (\\d+)");
    private static final long SESSION_START_TIMEOUT_S = 90;

    @Mixin
    EngineOptions engine;

    @Option(names = "--kills", paramLabel = "N", defaultValue = "3", description = "SIGKILLs before the final session (default ${DEFAULT-VALUE}).")
    int kills;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the kill moments (default: random, printed).")
    Long seed;

    @Option(names = "--venues", paramLabel = "LIST", split = ",", description = "Which simulators, by venue name, comma-separated (default: every venue with a connector).")
    List<String> venues = VenueAdapters.names();

    @Option(names = "--max-delay", paramLabel = "SECONDS", defaultValue = "8",
        description = "Each kill comes a random 0.5 s to this many seconds after the session's first status line (default ${DEFAULT-VALUE}).")
    double maxDelayS;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the sessions' journals and outputs go (default: a new temporary folder).")
    Path workDir;

    @Override
    public Integer call() throws Exception
    {
        return run(System.out);
    }

    int run(final PrintStream out) throws Exception
    {
        if (kills < 0 || kills > 1000)
        {
            throw new IllegalArgumentException("--kills: expected 0 to 1000, got " + kills);
        }
        if (!(maxDelayS >= 0.5 && maxDelayS <= 600))
        {
            throw new IllegalArgumentException("--max-delay: expected 0.5 to 600 seconds, got " + maxDelayS);
        }
        final FundingArbConfig config = engine.load(engine.configText());
        final long drillSeed = seed != null ? seed : System.nanoTime();
        final Random random = new Random(drillSeed);
        final Set<String> chosen = new LinkedHashSet<>();
        venues.forEach(v -> chosen.add(v.trim().toLowerCase(Locale.ROOT)));
        final Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("fundingarb-drill-");
        final SimulatorConfig base = SimulatedVenues.simulatorConfig(config, SimulatorConfig.defaults());
        try (SimulatedVenues sims = SimulatedVenues.synthetic(config.tokens(), chosen, venue -> base).start())
        {
            final Map<String, SimulatorServer> servers = sims.servers();
            final Map<String, BigDecimal> walletsBefore = new LinkedHashMap<>();
            servers.forEach((venue, server) -> walletsBefore.put(venue, server.walletBalance()));
            final Path liveConfig = dir.resolve("live.yaml");
            Files.writeString(liveConfig, liveConfig(config.tokens(), dir.resolve("journal"), servers));
            out.printf("fundingarb drill: seed %d, %d kills, live against the %s simulators on 127.0.0.1; work folder %s%n",
                drillSeed, kills, joinedAnd(List.copyOf(servers.keySet())), dir);
            for (int k = 0; k < kills; k++)
            {
                final long delayMs = 500 + (long)(random.nextDouble() * (maxDelayS - 0.5) * 1000);
                final Path output = dir.resolve("session-" + (k + 1) + ".out");
                final Process child = start(liveConfig, output, k > 0, "--duration", "1h");
                final String status = awaitStatus(child, output);
                Thread.sleep(delayMs);
                final String last = lastStatus(output, status);
                child.destroyForcibly(); // SIGKILL: no exit handling, no journal close
                child.waitFor(30, TimeUnit.SECONDS);
                out.printf("session %d: SIGKILL %.1f s after trading started (%s)%n", k + 1, delayMs / 1000.0, last);
            }
            final Path output = dir.resolve("session-" + (kills + 1) + ".out");
            final Process last = start(liveConfig, output, kills > 0, "--duration", "10s", "--on-exit", "flatten", "--flatten-timeout", "60s");
            if (!last.waitFor(180, TimeUnit.SECONDS))
            {
                last.destroyForcibly();
                out.println("final session did not end within 180 s: see " + output);
                return Main.EXIT_CHECK_FAILED;
            }
            out.printf("session %d: resumed, flattened on exit (exit %d); output %s%n", kills + 1, last.exitValue(), output);
            return verdict(config.tokens(), servers, walletsBefore, dir.resolve("journal"), out);
        }
    }

    private static int verdict(
        final List<String> tokens, final Map<String, SimulatorServer> servers, final Map<String, BigDecimal> walletsBefore, final Path journalRoot,
        final PrintStream out)
    {
        out.println();
        out.println("=== fundingarb drill: venues at the end ===");
        final List<String> residual = new ArrayList<>();
        BigDecimal accountPnl = BigDecimal.ZERO;
        final List<String> reused = new ArrayList<>();
        int ids = 0;
        for (final Map.Entry<String, SimulatorServer> entry : servers.entrySet())
        {
            final SimulatorServer server = entry.getValue();
            final StringBuilder line = new StringBuilder(String.format("%-11s positions", entry.getKey()));
            int open = 0;
            for (final String token : tokens)
            {
                final SimAccount.Position position = server.position(VenueAdapters.byName(entry.getKey()).symbol(token.toUpperCase(Locale.ROOT), "USDT"));
                if (position != null && position.qty().signum() != 0)
                {
                    line.append(' ').append(token).append(' ').append(position.qty().toPlainString());
                    residual.add(entry.getKey() + " " + token + " " + position.qty().toPlainString());
                    open++;
                }
            }
            final BigDecimal moved = server.walletBalance().subtract(walletsBefore.get(entry.getKey()));
            accountPnl = accountPnl.add(moved);
            ids += server.clientOrderIds().size();
            server.reusedClientOrderIds().forEach(id -> reused.add(entry.getKey() + " " + id));
            final VenueAdapter adapter = VenueAdapters.byName(entry.getKey());
            out.println(line.append(open == 0 ? " none" : "").append(" | wallet moved ").append(moved.toPlainString()).append(' ')
                .append(adapter.quoteOf(adapter.symbol("BTC", "USDT"))));
        }
        out.println(residual.isEmpty() ? "naked exposure: none" : "naked exposure: " + String.join(", ", residual));
        out.println(reused.isEmpty() ? "client order ids: " + ids + " received, none reused" : "client order ids REUSED: " + String.join(", ", reused));
        final Path lastJournal = SessionResumeLoader.latest(journalRoot).orElse(null);
        boolean pnlMatches = false;
        if (lastJournal != null)
        {
            final long reported;
            try (Journal journal = Journal.openExisting(lastJournal))
            {
                reported = SessionReport.of(journal).realisedPnl();
            }
            final long account = FixedPoint.parse(accountPnl.setScale(9, java.math.RoundingMode.HALF_EVEN).toPlainString());
            pnlMatches = reported == account;
            out.printf("realised PnL: report %s, simulators' wallets %s%s%n", FixedPoint.toString(reported), FixedPoint.toString(account),
                pnlMatches ? " (equal)" : " (DIFFER by " + FixedPoint.toString(reported - account) + ")");
        }
        final boolean journalsIntact = checkJournals(journalRoot, out);
        return residual.isEmpty() && reused.isEmpty() && pnlMatches && journalsIntact ? Main.EXIT_OK : Main.EXIT_CHECK_FAILED;
    }

    /**
     * Every session's journal through {@code journal check}: a killed session's ends in an unsealed
     * tail, never in damage. Prints one line (or the DAMAGED lines); false when any is damaged.
     */
    private static boolean checkJournals(final Path journalRoot, final PrintStream out)
    {
        final List<Path> sessions;
        try (var folders = Files.list(journalRoot))
        {
            sessions = folders.filter(f -> Files.isDirectory(f.resolve(Journal.INBOUND))).sorted().toList();
        }
        catch (final IOException ex)
        {
            out.println("journals: cannot list " + journalRoot + ": " + ex.getMessage());
            return false;
        }
        int unsealed = 0;
        final List<String> damage = new ArrayList<>();
        for (final Path session : sessions)
        {
            final JournalCheck.Result result = JournalCheck.run(session);
            if (result.damaged())
            {
                result.verdict().forEach(line -> damage.add(session.getFileName() + ": " + line));
            }
            else if (!result.inbound().closedCleanly() || !result.commands().closedCleanly())
            {
                unsealed++;
            }
        }
        if (!damage.isEmpty())
        {
            out.println("journals: " + sessions.size() + " sessions, " + damage.size() + " DAMAGED");
            damage.forEach(line -> out.println("  " + line));
            return false;
        }
        out.println("journals: " + sessions.size() + " sessions, all INTACT (" + unsealed + " ended without a clean close: killed)");
        return true;
    }

    /** "a", "a and b", "a, b and c". */
    private static String joinedAnd(final List<String> names)
    {
        return names.size() <= 1 ? String.join("", names)
            : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    private static Process start(final Path config, final Path output, final boolean resume, final String... more) throws IOException
    {
        final List<String> args = new ArrayList<>(List.of("live", "--config", config.toString()));
        if (resume)
        {
            args.add("--resume");
        }
        args.addAll(List.of(more));
        final ProcessBuilder builder = new ProcessBuilder(ChildJvm.main("512m", args.toArray(String[]::new)))
            .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(SimCommand.demoKeyEnvironment());
        return builder.start();
    }

    /** The child's first status line (it is up and deciding); polled every 100 ms. */
    private static String awaitStatus(final Process child, final Path output) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SESSION_START_TIMEOUT_S);
        while (System.nanoTime() - deadline < 0)
        {
            final Matcher m = STATUS.matcher(read(output));
            if (m.find())
            {
                return m.group();
            }
            if (!child.isAlive())
            {
                throw new IllegalStateException("the live session ended before trading (exit " + child.exitValue() + "):\n" + read(output));
            }
            Thread.sleep(100);
        }
        child.destroyForcibly();
        throw new IllegalStateException("the live session showed no status within " + SESSION_START_TIMEOUT_S + " s:\n" + read(output));
    }

    private static String lastStatus(final Path output, final String fallback)
    {
        final Matcher m = STATUS.matcher(read(output));
        String last = fallback;
        while (m.find())
        {
            last = "pairs open " + m.group(1) + ", closed " + m.group(2);
        }
        return last;
    }

    private static String read(final Path output)
    {
        try
        {
            return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * An eager strategy (pairs enter at once and leave after seconds) and the simulators' venues
     * block. The reconcile timeout stays the default: a resumed session sends nothing before every
     * venue has reported its positions (an order sent earlier could fill before a venue's positions
     * are read, and its fill be taken for an orphan).
     */
    static String liveConfig(final List<String> tokens, final Path journalRoot, final Map<String, SimulatorServer> servers)
    {
        final java.io.ByteArrayOutputStream snippet = new java.io.ByteArrayOutputStream();
        SimCommand.snippet(servers, new PrintStream(snippet, true, StandardCharsets.UTF_8));
        final String text = snippet.toString(StandardCharsets.UTF_8);
        final String venuesBlock = text.substring(text.indexOf("venues:\n"), text.indexOf("and, for live"));
        return String.join("\n",
            "tokens: [" + String.join(", ", tokens) + "]",
            "engine:",
            "  checkpoint_interval: 1s",
            "journal:",
            "  dir: " + journalRoot,
            "strategy:",
            "  min_funding_rate_profitability: 0",
            "  min_net_edge_bps: 0",
            "  horizon: 720h",
            "  funding_decay_per_settlement: 1",
            "  min_daily_volume_usd: 0",
            "risk:",
            "  max_slippage_bps: 100",
            "  exit_spread_per_day: -1",
            "  stop_loss_bps: 0",
            "  settlement_guard: 0s",
            "  max_holding_time: 3s",
            "  daily_loss_limit_usd: 0",
            "  daily_loss_halt_usd: 0",
            "execution:",
            "  slippage_tolerance_bps: 50",
            "recovery:",
            "  reconcile_timeout: 30s",
            "control:",
            "  enabled: false",
            "") + venuesBlock;
    }
}
