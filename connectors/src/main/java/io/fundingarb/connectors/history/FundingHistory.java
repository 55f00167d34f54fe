package io.fundingarb.connectors.history;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.venue.VenueAdapters;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Settled funding-rate history (CSV, optionally gzipped) in the bundled format:
 * {@code venue,venue_symbol,base,quote,settlement_time_ms,funding_rate,interval_hours,mark_price}.
 * Loaded once at start-up; rows are sorted by settlement time. Rows of venues without an SBE
 * {@link Venue} or with an unparsable number are counted in {@link #skipped()}, never fatal.
 */
public final class FundingHistory
{
    /** The history bundled with the project (see resources/history/README.md). */
    public static final String BUNDLED = "/history/funding-history-2025-08-to-2026-08.csv.gz";

    /** One settlement. Rates and prices at the engine scale 1e-9; markPrice may be FixedPoint.NULL. */
    public record Settlement(Venue venue, String symbol, String base, Quote quote, long settlementMs, long fundingRate, int intervalS, long markPrice)
    {
    }

    private final List<Settlement> rows;
    private final long skipped;

    private FundingHistory(final List<Settlement> rows, final long skipped)
    {
        this.rows = rows;
        this.skipped = skipped;
    }

    /** Loads the bundled history, keeping only the given bases (all when empty). */
    public static FundingHistory bundled(final Set<String> bases)
    {
        try (InputStream in = FundingHistory.class.getResourceAsStream(BUNDLED))
        {
            if (in == null)
            {
                throw new IllegalStateException("bundled funding history " + BUNDLED + " is missing from the class path");
            }
            return read(new GZIPInputStream(in), bases);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read bundled funding history: " + ex.getMessage(), ex);
        }
    }

    /** Loads a history file (gzipped when its name ends in .gz). */
    public static FundingHistory load(final Path file, final Set<String> bases)
    {
        try (InputStream raw = Files.newInputStream(file))
        {
            return read(file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw, bases);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read funding history " + file + ": " + ex.getMessage(), ex);
        }
    }

    static FundingHistory read(final InputStream in, final Set<String> bases) throws IOException
    {
        final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16);
        final List<Settlement> rows = new ArrayList<>();
        long skipped = 0;
        String line = reader.readLine(); // header
        if (line == null || !line.startsWith("venue,venue_symbol,base,quote,settlement_time_ms,funding_rate,interval_hours"))
        {
            throw new IOException("not a funding history CSV (unexpected header: " + line + ")");
        }
        while ((line = reader.readLine()) != null)
        {
            final String[] f = line.split(",", -1);
            if (f.length < 7)
            {
                skipped++;
                continue;
            }
            if (!bases.isEmpty() && !bases.contains(f[2]))
            {
                continue;
            }
            final Venue venue = venue(f[0]);
            final Quote quote = quote(f[3]);
            final long rate = FixedPoint.parse(f[5]);
            final long intervalHoursE9 = FixedPoint.parse(f[6]);
            if (venue == null || quote == null || rate == FixedPoint.NULL || intervalHoursE9 == FixedPoint.NULL || intervalHoursE9 <= 0)
            {
                skipped++;
                continue;
            }
            final long settlementMs;
            try
            {
                settlementMs = Long.parseLong(f[4]);
            }
            catch (final NumberFormatException ex)
            {
                skipped++;
                continue;
            }
            final long mark = f.length > 7 && !f[7].isEmpty() ? FixedPoint.parse(f[7]) : FixedPoint.NULL;
            final int intervalS = (int)(intervalHoursE9 * 3600 / FixedPoint.SCALE);
            rows.add(new Settlement(venue, f[1], f[2], quote, settlementMs, rate, intervalS, mark));
        }
        rows.sort(Comparator.comparingLong(Settlement::settlementMs));
        return new FundingHistory(Collections.unmodifiableList(rows), skipped);
    }

    /** The history's venue column holds the venues' config section names (VenueAdapters). */
    private static Venue venue(final String name)
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

    /** Every settlement, oldest first. */
    public List<Settlement> rows()
    {
        return rows;
    }

    /** Settlements with {@code fromMs <= settlementMs < toMs}, oldest first. */
    public List<Settlement> between(final long fromMs, final long toMs)
    {
        final List<Settlement> out = new ArrayList<>();
        for (final Settlement row : rows)
        {
            if (row.settlementMs() >= fromMs && row.settlementMs() < toMs)
            {
                out.add(row);
            }
        }
        return out;
    }

    /** Rows that could not be read. */
    public long skipped()
    {
        return skipped;
    }
}
