package io.fundingarb.engine.backtest;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.venue.VenueAdapters;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * A funding history CSV in the bundled format, read strictly for a backtest:
 * {@code venue,venue_symbol,base,quote,settlement_time_ms,funding_rate,interval_hours,mark_price}.
 * A bad row stops the read with the file, the line number and the column at fault; rows out of
 * time order are sorted and counted, a settlement listed twice (same venue, symbol and time) is
 * kept once and counted. Times are UTC epoch milliseconds. An empty {@code interval_hours} (one
 * Bybit row of the bundled year) is taken as the time since the symbol's previous settlement (or
 * until its next, for its first), to the minute, and counted.
 */
public final class HistoryCsv
{
    /** The header every history file starts with (mark_price may be absent). */
    public static final String HEADER = "venue,venue_symbol,base,quote,settlement_time_ms,funding_rate,interval_hours";
    static final String[] COLUMNS = {"venue", "venue_symbol", "base", "quote", "settlement_time_ms", "funding_rate", "interval_hours", "mark_price"};
    /** The bundled history (see connectors resources history/README.md). */
    public static final String BUNDLED = "/history/funding-history-2025-08-to-2026-08.csv.gz";

    /** One settlement. {@code rate} is the decimal text as published; {@code markPrice} at 1e-9, or NULL when absent. */
    public record Row(Venue venue, String symbol, String base, Quote quote, long settlementMs, BigDecimal rate, int intervalS, long markPrice)
    {
    }

    /** A row the reader refused: where, which column, and why. */
    public static final class BadRowException extends IllegalArgumentException
    {
        private static final long serialVersionUID = 1L;

        BadRowException(final String file, final long line, final String column, final String problem)
        {
            super(file + ":" + line + ": column " + column + ": " + problem);
        }
    }

    private final List<Row> rows;
    private final long unsorted;
    private final long duplicates;
    private final long inferredIntervals;

    private HistoryCsv(final List<Row> rows, final long unsorted, final long duplicates, final long inferredIntervals)
    {
        this.rows = rows;
        this.unsorted = unsorted;
        this.duplicates = duplicates;
        this.inferredIntervals = inferredIntervals;
    }

    /** Reads the bundled history, or each file given (gzipped when named .gz), merged; rows of other bases are left out (all when empty). */
    public static HistoryCsv load(final List<Path> files, final Set<String> bases)
    {
        final List<Row> rows = new ArrayList<>(300_000);
        final long[] counts = new long[1];
        if (files.isEmpty())
        {
            try (InputStream in = HistoryCsv.class.getResourceAsStream(BUNDLED))
            {
                if (in == null)
                {
                    throw new IllegalStateException("bundled funding history " + BUNDLED + " is missing from the class path");
                }
                counts[0] += read(new GZIPInputStream(in, 1 << 16), "bundled " + BUNDLED, bases, rows);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot read the bundled funding history: " + ex.getMessage(), ex);
            }
        }
        for (final Path file : files)
        {
            try (InputStream raw = Files.newInputStream(file))
            {
                counts[0] += read(file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw, file.toString(), bases, rows);
            }
            catch (final IOException ex)
            {
                throw new IllegalArgumentException("cannot read funding history " + file + ": " + ex.getMessage(), ex);
            }
        }
        rows.sort(Comparator.comparingLong(Row::settlementMs));
        final List<Row> unique = new ArrayList<>(rows.size());
        final Set<String> seen = new HashSet<>();
        long duplicates = 0;
        long lastMs = Long.MIN_VALUE;
        for (final Row row : rows)
        {
            if (row.settlementMs() != lastMs)
            {
                seen.clear();
                lastMs = row.settlementMs();
            }
            if (seen.add(row.venue().name() + ' ' + row.symbol()))
            {
                unique.add(row);
            }
            else
            {
                duplicates++;
            }
        }
        return new HistoryCsv(unique, counts[0], duplicates, inferIntervals(unique));
    }

    /** Replaces each row read without an interval (0) by one with the interval inferred from its symbol's neighbours; returns how many. */
    private static long inferIntervals(final List<Row> rows)
    {
        long inferred = 0;
        final Map<String, Integer> previous = new HashMap<>();
        for (int i = 0; i < rows.size(); i++)
        {
            final Row row = rows.get(i);
            final String key = row.venue().name() + ' ' + row.symbol();
            final Integer before = previous.put(key, i);
            if (row.intervalS() != 0)
            {
                continue;
            }
            long gapMs = before == null ? -1 : row.settlementMs() - rows.get(before).settlementMs();
            for (int j = i + 1; gapMs <= 0 && j < rows.size(); j++)
            {
                if (rows.get(j).venue() == row.venue() && rows.get(j).symbol().equals(row.symbol()))
                {
                    gapMs = rows.get(j).settlementMs() - row.settlementMs();
                }
            }
            if (gapMs <= 0)
            {
                throw new IllegalArgumentException("funding history: " + key + " at " + row.settlementMs()
                    + " has no interval_hours and no other settlement to infer it from");
            }
            rows.set(i, new Row(row.venue(), row.symbol(), row.base(), row.quote(), row.settlementMs(), row.rate(),
                (int)(Math.round(gapMs / 60_000.0) * 60), row.markPrice()));
            inferred++;
        }
        return inferred;
    }

    /** Reads one file's rows into {@code out}; returns the number of rows earlier in time than the row before them. */
    static long read(final InputStream in, final String file, final Set<String> bases, final List<Row> out) throws IOException
    {
        final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16);
        String line = reader.readLine();
        if (line == null || !line.startsWith(HEADER))
        {
            throw new BadRowException(file, 1, "header", "expected \"" + HEADER + ",mark_price\", got \"" + line + "\"");
        }
        long lineNo = 1;
        long unsorted = 0;
        long lastMs = Long.MIN_VALUE;
        final String[] f = new String[COLUMNS.length];
        while ((line = reader.readLine()) != null)
        {
            lineNo++;
            if (line.isEmpty())
            {
                continue;
            }
            final int n = split(line, f);
            if (n < 7 || n > 8)
            {
                throw new BadRowException(file, lineNo, n < 7 ? COLUMNS[Math.max(n, 0)] : "9", "expected 7 or 8 comma-separated columns, got " + n);
            }
            if (!bases.isEmpty() && !bases.contains(f[2]))
            {
                continue;
            }
            final Venue venue = venue(f[0]);
            if (venue == null)
            {
                throw new BadRowException(file, lineNo, "venue", "expected one of " + VenueAdapters.sectionNames(", ") + ", got \"" + f[0] + "\"");
            }
            if (f[1].isEmpty())
            {
                throw new BadRowException(file, lineNo, "venue_symbol", "empty");
            }
            if (f[2].isEmpty())
            {
                throw new BadRowException(file, lineNo, "base", "empty");
            }
            final Quote quote = quote(f[3]);
            if (quote == null)
            {
                throw new BadRowException(file, lineNo, "quote", "expected USDT, USDC or USD, got \"" + f[3] + "\"");
            }
            final long ms;
            try
            {
                ms = Long.parseLong(f[4]);
            }
            catch (final NumberFormatException ex)
            {
                throw new BadRowException(file, lineNo, "settlement_time_ms", "expected UTC epoch milliseconds, got \"" + f[4] + "\"");
            }
            if (ms < 0)
            {
                throw new BadRowException(file, lineNo, "settlement_time_ms", "negative: " + ms);
            }
            final BigDecimal rate = decimal(f[5], file, lineNo, "funding_rate");
            if (rate.abs().compareTo(BigDecimal.ONE) > 0)
            {
                throw new BadRowException(file, lineNo, "funding_rate", "a rate per interval of more than 100 %: " + f[5]);
            }
            final BigDecimal hours = f[6].isEmpty() ? null : decimal(f[6], file, lineNo, "interval_hours");
            final int intervalS = hours == null ? 0 : hours.multiply(BigDecimal.valueOf(3600)).intValue();
            if (hours != null && (intervalS <= 0 || hours.compareTo(BigDecimal.valueOf(24 * 7)) > 0))
            {
                throw new BadRowException(file, lineNo, "interval_hours", "expected hours in (0, 168], got " + f[6]);
            }
            long mark = FixedPoint.NULL;
            if (n == 8 && !f[7].isEmpty())
            {
                final BigDecimal markPrice = decimal(f[7], file, lineNo, "mark_price");
                if (markPrice.signum() <= 0)
                {
                    throw new BadRowException(file, lineNo, "mark_price", "expected a positive price or nothing, got " + f[7]);
                }
                mark = markPrice.movePointRight(9).setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
            }
            if (ms < lastMs)
            {
                unsorted++;
            }
            lastMs = ms;
            out.add(new Row(venue, f[1], f[2], quote, ms, rate, intervalS, mark));
        }
        return unsorted;
    }

    private static int split(final String line, final String[] fields)
    {
        int n = 0;
        int start = 0;
        for (int i = 0; i <= line.length(); i++)
        {
            if (i == line.length() || line.charAt(i) == ',')
            {
                if (n < fields.length)
                {
                    fields[n] = line.substring(start, i);
                }
                n++;
                start = i + 1;
            }
        }
        return n;
    }

    private static BigDecimal decimal(final String text, final String file, final long line, final String column)
    {
        try
        {
            return new BigDecimal(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new BadRowException(file, line, column, "expected a decimal number, got \"" + text + "\"");
        }
    }

    static Venue venue(final String name)
    {
        return VenueAdapters.venueOf(name);
    }

    private static Quote quote(final String name)
    {
        switch (name)
        {
            case "USDT": return Quote.USDT;
            case "USDC": return Quote.USDC;
            case "USD": return Quote.USD;
            default: return null;
        }
    }

    /** Every settlement, oldest first (ties in file order). */
    public List<Row> rows()
    {
        return rows;
    }

    /** Rows found earlier in time than the row before them in their file (sorted before use). */
    public long unsorted()
    {
        return unsorted;
    }

    /** Rows without an interval, given the time to their symbol's previous (or next) settlement. */
    public long inferredIntervals()
    {
        return inferredIntervals;
    }

    /** Settlements listed more than once (same venue, symbol and time): kept once. */
    public long duplicates()
    {
        return duplicates;
    }
}
