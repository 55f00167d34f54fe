package io.fundingarb.engine.backtest;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.engine.config.ConfigLoader;
import io.fundingarb.engine.config.FundingArbConfig;
import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.report.SessionReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * A parameter sweep: the grid of every {@code KEY=V1,V2,...} given, each combination a backtest of
 * its own (configuration = the base file with the keys replaced, validated as any configuration),
 * run on a pool of the available cores, each journaling into {@code <dir>/run-N}. One row per
 * combination: net PnL, annualised return, max drawdown, Sharpe, pairs opened.
 */
public final class BacktestSweep
{
    /** The sortable columns of the table. */
    public static final List<String> COLUMNS = List.of("pnl", "return", "drawdown", "sharpe", "pairs");

    /** One combination's figures. */
    public record Row(int run, Map<String, String> values, double pnl, double annualReturn, double drawdown, double sharpe, long pairs, Path journal)
    {
        double column(final String name)
        {
            switch (name)
            {
                case "pnl": return pnl;
                case "return": return annualReturn;
                case "drawdown": return -drawdown;
                case "sharpe": return Double.isNaN(sharpe) ? Double.NEGATIVE_INFINITY : sharpe;
                case "pairs": return pairs;
                default: throw new IllegalArgumentException("--sort: expected one of " + COLUMNS + ", got " + name);
            }
        }
    }

    private BacktestSweep()
    {
    }

    /** Parses {@code KEY=V1,V2,...}; the key is a dotted configuration path. */
    public static Map<String, List<String>> grid(final List<String> sweeps)
    {
        final Map<String, List<String>> grid = new LinkedHashMap<>();
        for (final String sweep : sweeps)
        {
            final int eq = sweep.indexOf('=');
            if (eq <= 0 || eq == sweep.length() - 1)
            {
                throw new IllegalArgumentException("--sweep: expected KEY=V1,V2,... (e.g. strategy.min_net_edge_bps=5,10,20), got " + sweep);
            }
            grid.put(sweep.substring(0, eq).trim(), List.of(sweep.substring(eq + 1).split(",")));
        }
        return grid;
    }

    /** Every combination of the grid, in order (the last key varies fastest). */
    public static List<Map<String, String>> combinations(final Map<String, List<String>> grid)
    {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (final Map.Entry<String, List<String>> key : grid.entrySet())
        {
            final List<Map<String, String>> next = new ArrayList<>();
            for (final Map<String, String> partial : out)
            {
                for (final String value : key.getValue())
                {
                    final Map<String, String> combination = new LinkedHashMap<>(partial);
                    combination.put(key.getKey(), value.trim());
                    next.add(combination);
                }
            }
            out = next;
        }
        return out;
    }

    /** The configuration text with each dotted key set to its value (read as a YAML scalar). */
    @SuppressWarnings("unchecked")
    public static String override(final String yaml, final Map<String, String> values)
    {
        final LoadSettings settings = LoadSettings.builder().setSchema(new CoreSchema()).build();
        final Object loaded = yaml.isBlank() ? null : new Load(settings).loadFromString(yaml);
        final Map<String, Object> root = loaded instanceof Map ? (Map<String, Object>)loaded : new LinkedHashMap<>();
        for (final Map.Entry<String, String> e : values.entrySet())
        {
            final String[] path = e.getKey().split("\\.");
            Map<String, Object> node = root;
            for (int i = 0; i < path.length - 1; i++)
            {
                final Object child = node.get(path[i]);
                if (child instanceof Map)
                {
                    node = (Map<String, Object>)child;
                }
                else
                {
                    final Map<String, Object> created = new LinkedHashMap<>();
                    node.put(path[i], created);
                    node = created;
                }
            }
            node.put(path[path.length - 1], new Load(settings).loadFromString(e.getValue()));
        }
        return new Dump(DumpSettings.builder().setSchema(new CoreSchema()).build()).dumpToString(root);
    }

    /** Runs every combination on {@code threads} threads; rows in combination order. */
    public static List<Row> run(
        final String configText, final Map<String, List<String>> grid, final HistoryCsv history, final Backtest.Window window,
        final boolean zeroCosts, final Path dir, final int threads)
    {
        final List<Map<String, String>> combinations = combinations(grid);
        final List<String> texts = new ArrayList<>();
        for (final Map<String, String> combination : combinations)
        {
            final String text = override(configText, combination);
            ConfigLoader.parse(text, "--sweep " + combination); // every combination validated before any runs
            texts.add(text);
        }
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create " + dir, ex);
        }
        final ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try
        {
            final List<Future<Row>> futures = new ArrayList<>();
            for (int i = 0; i < combinations.size(); i++)
            {
                final int run = i + 1;
                final Map<String, String> values = combinations.get(i);
                final String text = texts.get(i);
                futures.add(pool.submit(() -> one(run, values, text, history, window, zeroCosts, dir.resolve("run-" + run))));
            }
            final List<Row> rows = new ArrayList<>();
            for (final Future<Row> future : futures)
            {
                rows.add(future.get());
            }
            return rows;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", ex);
        }
        catch (final ExecutionException ex)
        {
            throw ex.getCause() instanceof RuntimeException ? (RuntimeException)ex.getCause() : new IllegalStateException(ex.getCause());
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    private static Row one(
        final int run, final Map<String, String> values, final String text, final HistoryCsv history, final Backtest.Window window,
        final boolean zeroCosts, final Path journalDir)
    {
        final FundingArbConfig config = ConfigLoader.parse(text, "--sweep " + values);
        final Backtest.Outcome outcome = new Backtest(config, text, history, window, zeroCosts, null).run(journalDir);
        final long pairs;
        try (Journal journal = Journal.openExisting(journalDir))
        {
            pairs = SessionReport.of(journal).pairsOpened;
        }
        final double committed = BacktestMetrics.committedCapital(config);
        final double days = Math.max(outcome.hours(), 1) / 24.0;
        final double pnl = FixedPoint.toDouble(outcome.endEquity() - outcome.startEquity());
        return new Row(run, values, pnl, pnl / committed * 365.0 / days * 100, FixedPoint.toDouble(outcome.maxDrawdown()),
            BacktestMetrics.sharpe(outcome.dailyEquity(), outcome.startEquity()), pairs, journalDir);
    }

    /** The rows sorted best first by {@code column}. */
    public static List<Row> sorted(final List<Row> rows, final String column)
    {
        final List<Row> out = new ArrayList<>(rows);
        out.sort(Comparator.comparingDouble((Row r) -> r.column(column)).reversed().thenComparingInt(Row::run));
        return out;
    }

    /** The table as text lines, and as CSV. */
    public static List<String> table(final List<Row> rows, final boolean csv)
    {
        final List<String> out = new ArrayList<>();
        final List<String> keys = rows.isEmpty() ? List.of() : new ArrayList<>(rows.get(0).values().keySet());
        final StringBuilder header = new StringBuilder(csv ? "run" : String.format("%4s", "run"));
        for (final String key : keys)
        {
            header.append(csv ? "," + key : String.format("  %-30s", key));
        }
        header.append(csv ? ",net_pnl,annual_return_pct,max_drawdown,sharpe,pairs,journal"
            : String.format("  %12s  %9s  %10s  %7s  %6s", "net PnL", "return %", "drawdown", "sharpe", "pairs"));
        out.add(header.toString());
        for (final Row r : rows)
        {
            final StringBuilder line = new StringBuilder(csv ? String.valueOf(r.run()) : String.format("%4d", r.run()));
            for (final String key : keys)
            {
                line.append(csv ? "," + r.values().get(key) : String.format("  %-30s", r.values().get(key)));
            }
            line.append(csv
                ? String.format(Locale.ROOT, ",%.2f,%.2f,%.2f,%.3f,%d,%s", r.pnl(), r.annualReturn(), r.drawdown(), r.sharpe(), r.pairs(), r.journal())
                : String.format(Locale.ROOT, "  %12.2f  %9.2f  %10.2f  %7.2f  %6d", r.pnl(), r.annualReturn(), r.drawdown(), r.sharpe(), r.pairs()));
            out.add(line.toString());
        }
        return out;
    }
}
