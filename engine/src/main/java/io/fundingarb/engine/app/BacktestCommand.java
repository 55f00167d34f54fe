package io.fundingarb.engine.app;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.venue.VenueAdapters;
import io.fundingarb.engine.backtest.Backtest;
import io.fundingarb.engine.backtest.BacktestMetrics;
import io.fundingarb.engine.backtest.BacktestSweep;
import io.fundingarb.engine.backtest.HistoryCsv;
import io.fundingarb.engine.backtest.StaticPair;
import io.fundingarb.engine.config.FundingArbConfig;
import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.report.SessionReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./run.sh backtest}: the funding history through the live stages with a modelled fill,
 * a normal session journal, the session report and the backtest's figures; or, with
 * {@code --static-pair}, the funding one hedged pair held over the window receives.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
    description = {"Run the funding history (the bundled year, or --history files) through the same stages as live, with modelled fills",
        "(the history's mark +/- a half spread, VWAP over a modelled book, taker fees) and funding paid at every historical settlement.",
        "Writes a normal session journal (replay --verify, report) and prints the session report, return, drawdown, Sharpe, turnover."})
public final class BacktestCommand implements Callable<Integer>
{
    @Mixin
    EngineOptions engine;

    @Option(names = "--from", paramLabel = "DATE", description = "First UTC day (yyyy-mm-dd; default: the history's first).")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "Last UTC day, included (yyyy-mm-dd; default: the history's last).")
    String to;

    @Option(names = "--tokens", paramLabel = "LIST", split = ",", description = "Base assets (default: the configuration's tokens; 'all': every base in the history).")
    List<String> tokens;

    @Option(names = "--venues", paramLabel = "LIST", split = ",", description = "Venues (default: every venue in the history).")
    List<String> venues;

    @Option(names = "--history", paramLabel = "FILE", arity = "1..*", description = "Funding history CSV files, .csv or .csv.gz (default: the bundled year).")
    List<Path> history = new ArrayList<>();

    @Option(names = "--trades-csv", paramLabel = "FILE", description = "Write one row per pair (outcome, PnL, fees, funding) to FILE.")
    Path tradesCsv;

    @Option(names = "--static-pair", paramLabel = "TOKEN:LONG:SHORT", description = "Hold one hedged pair over the window and print its settlements and funding (no stages, no journal).")
    String staticPair;

    @Option(names = "--zero-costs", description = "No fees, no spread, unlimited depth in the fill model.")
    boolean zeroCosts;

    @Option(names = "--quiet", description = "No progress lines.")
    boolean quiet;

    @Option(names = "--sweep", paramLabel = "KEY=V1,V2", description = "Repeatable: run the grid of every combination of these configuration values in parallel; one table row each.")
    List<String> sweeps = new ArrayList<>();

    @Option(names = "--sort", paramLabel = "COLUMN", defaultValue = "return", description = "Sweep table order, best first: pnl, return, drawdown, sharpe, pairs (default: ${DEFAULT-VALUE}).")
    String sort;

    @Option(names = "--sweep-csv", paramLabel = "FILE", description = "Where the sweep table goes as CSV (default: sweep.csv in the journal folder).")
    Path sweepCsv;

    @Override
    public Integer call()
    {
        final String configText = engine.configText();
        FundingArbConfig config = engine.load(configText);
        final boolean allTokens = tokens != null && tokens.size() == 1 && "all".equalsIgnoreCase(tokens.get(0));
        final Set<String> bases = new LinkedHashSet<>();
        if (staticPair != null)
        {
            bases.add(staticPairPart(0).toUpperCase(Locale.ROOT));
        }
        else if (!allTokens)
        {
            for (final String token : tokens != null ? tokens : config.tokens())
            {
                bases.add(token.trim().toUpperCase(Locale.ROOT));
            }
        }
        final HistoryCsv csv = HistoryCsv.load(history, bases);
        if (csv.rows().isEmpty())
        {
            throw new IllegalArgumentException("backtest: the history has no settlement of " + (bases.isEmpty() ? "any token" : bases));
        }
        if (csv.unsorted() > 0 || csv.duplicates() > 0 || csv.inferredIntervals() > 0)
        {
            System.out.printf("history: %d row(s) out of time order (sorted), %d duplicated settlement(s) (kept once), %d without interval_hours "
                + "(the time since the symbol's previous settlement)%n", csv.unsorted(), csv.duplicates(), csv.inferredIntervals());
        }
        final long fromMs = from == null ? csv.rows().get(0).settlementMs() : day(from, "--from");
        final long toMs = to == null ? csv.rows().get(csv.rows().size() - 1).settlementMs() + 1 : day(to, "--to") + 86_400_000L;
        if (toMs <= fromMs)
        {
            throw new IllegalArgumentException("backtest: --to must not be before --from");
        }
        if (staticPair != null)
        {
            return staticPair(config, csv, fromMs, toMs);
        }
        if (tokens != null && !allTokens)
        {
            config = config.withTokens(new ArrayList<>(bases));
        }
        final Set<Venue> selected = venues(csv);
        final Path journalDir = engine.journal != null ? engine.journal : Journal.newSessionFolder(config.journal().dir(), Instant.now());
        if (!sweeps.isEmpty())
        {
            return sweep(configText, csv, new Backtest.Window(fromMs, toMs, selected), journalDir);
        }
        System.out.printf("backtest %s to %s, %s, venues %s, %,d settlements%n", iso(fromMs), iso(toMs - 1), bases.isEmpty() ? "all tokens" : bases,
            selected.toString().toLowerCase(Locale.ROOT), csv.rows().size());
        final Backtest backtest = new Backtest(config, configText, csv, new Backtest.Window(fromMs, toMs, selected), zeroCosts, quiet ? null : System.out);
        final Backtest.Outcome outcome = backtest.run(journalDir);
        System.out.printf(Locale.ROOT, "ran %,d events (%,d commands) in %.1f s: %,.0f events/s; %,d settlement rows, %,d before their base had a mark; %d stage errors%n",
            outcome.events(), outcome.commands(), outcome.seconds(), outcome.events() / Math.max(outcome.seconds(), 1e-9), outcome.rowsUsed(),
            outcome.rowsWithoutMark(), outcome.stageErrors());
        try (Journal journal = Journal.openExisting(journalDir))
        {
            final SessionReport report = SessionReport.of(journal);
            System.out.println("=== fundingarb backtest report: " + journalDir + " ===");
            report.lines().forEach(System.out::println);
            BacktestMetrics.lines(outcome, config, fromMs, toMs).forEach(System.out::println);
            if (tradesCsv != null)
            {
                writeTrades(report, tradesCsv);
                System.out.println("trades               " + report.finished.size() + " pair(s) in " + tradesCsv);
            }
            System.out.println(ReportCommand.writeHtml(report, journalDir, journalDir.resolve(ReportCommand.HTML_NAME)));
        }
        System.out.println("journal              " + journalDir + "  (./run.sh replay " + journalDir + " --verify)");
        return Main.EXIT_OK;
    }

    private int sweep(final String configText, final HistoryCsv csv, final Backtest.Window window, final Path dir)
    {
        if (!BacktestSweep.COLUMNS.contains(sort))
        {
            throw new IllegalArgumentException("backtest: --sort expects one of " + BacktestSweep.COLUMNS + ", got " + sort);
        }
        final String base = tokens != null && !(tokens.size() == 1 && "all".equalsIgnoreCase(tokens.get(0)))
            ? BacktestSweep.override(configText, java.util.Map.of("tokens", tokens.toString()))
            : configText;
        final java.util.Map<String, List<String>> grid = BacktestSweep.grid(sweeps);
        final int threads = Runtime.getRuntime().availableProcessors();
        System.out.printf("sweep: %d combinations on %d threads, journals under %s%n", BacktestSweep.combinations(grid).size(), threads, dir);
        final long startedNs = System.nanoTime();
        final List<BacktestSweep.Row> rows = BacktestSweep.sorted(BacktestSweep.run(base, grid, csv, window, zeroCosts, dir, threads), sort);
        BacktestSweep.table(rows, false).forEach(System.out::println);
        final Path file = sweepCsv != null ? sweepCsv : dir.resolve("sweep.csv");
        try
        {
            Files.write(file, BacktestSweep.table(rows, true), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file + ": " + ex.getMessage(), ex);
        }
        System.out.printf(Locale.ROOT, "sweep took %.1f s; table sorted by %s; CSV %s%n", (System.nanoTime() - startedNs) / 1e9, sort, file);
        return Main.EXIT_OK;
    }

    private int staticPair(final FundingArbConfig config, final HistoryCsv csv, final long fromMs, final long toMs)
    {
        final Venue longVenue = venue(staticPairPart(1));
        final Venue shortVenue = venue(staticPairPart(2));
        final StaticPair.Result result = StaticPair.run(csv, staticPairPart(0).toUpperCase(Locale.ROOT), longVenue, shortVenue, fromMs, toMs,
            FixedPoint.fromDouble(config.strategy().targetNotionalUsd()), config.strategy().quotePreference());
        System.out.printf("window                %s to %s (UTC)%n", iso(fromMs), iso(toMs - 1));
        result.lines().forEach(System.out::println);
        if (!zeroCosts)
        {
            final double notional = FixedPoint.toDouble(FixedPoint.multiply(result.baseQty(), result.entryMark()));
            final double costs = notional * 2 * (config.venues().byVenueId(longVenue.value()).takerFee() + config.venues().byVenueId(shortVenue.value()).takerFee()
                + (config.backtest().venue(name(longVenue)).halfSpreadBps() + config.backtest().venue(name(shortVenue)).halfSpreadBps()) / 10_000.0);
            System.out.printf(Locale.ROOT, "entry and exit costs  %.2f (taker fees and half spreads of both legs, in and out, at the entry mark)%n", costs);
            System.out.printf(Locale.ROOT, "net                   %.2f%n", FixedPoint.toDouble(result.fundingReceived()) - costs);
        }
        return Main.EXIT_OK;
    }

    private String staticPairPart(final int index)
    {
        final String[] parts = staticPair.split(":");
        if (parts.length != 3)
        {
            throw new IllegalArgumentException("--static-pair: expected TOKEN:LONG_VENUE:SHORT_VENUE (e.g. BTC:binance:bybit), got " + staticPair);
        }
        return parts[index];
    }

    private Set<Venue> venues(final HistoryCsv csv)
    {
        final Set<Venue> out = EnumSet.noneOf(Venue.class);
        if (venues == null)
        {
            for (final HistoryCsv.Row row : csv.rows())
            {
                out.add(row.venue());
            }
            return out;
        }
        for (final String name : venues)
        {
            out.add(venue(name));
        }
        return out;
    }

    private static Venue venue(final String name)
    {
        final Venue venue = VenueAdapters.venueOf(name.trim());
        if (venue == null)
        {
            throw new IllegalArgumentException("backtest: unknown venue " + name + " (" + VenueAdapters.sectionNames(", ") + ")");
        }
        return venue;
    }

    private static String name(final Venue venue)
    {
        return VenueAdapters.name(venue.value());
    }

    private static long day(final String text, final String option)
    {
        try
        {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        }
        catch (final DateTimeParseException ex)
        {
            throw new IllegalArgumentException("backtest: " + option + " expects a UTC date yyyy-mm-dd, got " + text);
        }
    }

    private static String iso(final long ms)
    {
        return Instant.ofEpochMilli(ms).toString();
    }

    static void writeTrades(final SessionReport report, final Path file)
    {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8)))
        {
            out.println("pair_id,token,long_leg,short_leg,quote,outcome,reason,realised_pnl,fees_paid,funding");
            for (final SessionReport.Pair p : report.finished)
            {
                out.println(p.pairId() + "," + p.token() + "," + p.longLeg() + "," + p.shortLeg() + "," + p.quote() + "," + p.outcome() + ","
                    + csvText(p.reason()) + "," + FixedPoint.toString(p.realisedPnl()) + "," + FixedPoint.toString(p.fees()) + ","
                    + FixedPoint.toString(p.funding()));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file + ": " + ex.getMessage(), ex);
        }
    }

    private static String csvText(final String text)
    {
        return text == null ? "" : text.indexOf(',') >= 0 || text.indexOf('"') >= 0 ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
