package io.fundingarb.engine.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Venue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The static pair against a spreadsheet: an independent reading of the bundled CSV (plain split,
 * BigDecimal arithmetic, no engine code) gives the same settlements, rate sums and funding.
 */
class StaticPairTest
{
    private static final List<String> QUOTES = List.of("USDT", "USDC", "USD");
    private static List<String[]> csv;

    @BeforeAll
    static void readCsv() throws IOException
    {
        csv = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
            new GZIPInputStream(StaticPairTest.class.getResourceAsStream(HistoryCsv.BUNDLED)), StandardCharsets.US_ASCII)))
        {
            in.readLine();
            String line;
            while ((line = in.readLine()) != null)
            {
                csv.add(line.split(",", -1));
            }
        }
        csv.sort(Comparator.comparingLong(f -> Long.parseLong(f[4]))); // stable: ties keep file order
    }

    private static long day(final String date)
    {
        return LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** The first quote of the preference the venue lists the token in, within the window. */
    private static String symbol(final String venue, final String token, final long fromMs, final long toMs)
    {
        for (final String quote : QUOTES)
        {
            for (final String[] f : csv)
            {
                final long t = Long.parseLong(f[4]);
                if (f[0].equals(venue) && f[2].equals(token) && f[3].equals(quote) && t >= fromMs && t < toMs)
                {
                    return f[1];
                }
            }
        }
        throw new AssertionError("no " + token + " on " + venue);
    }

    @ParameterizedTest
    @CsvSource({
        "BTC, binance, bybit, 2025-09-01, 2025-12-01",
        "ETH, hyperliquid, binance, 2025-10-01, 2025-11-01",
        "SOL, bybit, hyperliquid, 2026-01-01, 2026-03-01",
        "DOGE, binance, hyperliquid, 2025-08-21, 2026-08-23"})
    void shouldMatchAnIndependentBigDecimalSumOfTheCsv(final String token, final String longVenue, final String shortVenue, final String from,
        final String to)
    {
        final long fromMs = day(from);
        final long toMs = day(to);
        final BigDecimal notional = new BigDecimal("1000");
        final StaticPair.Result result = StaticPair.run(HistoryCsv.load(List.of(), Set.of(token)), token, venue(longVenue), venue(shortVenue),
            fromMs, toMs, FixedPoint.fromDouble(1000), QUOTES);

        final String longSymbol = symbol(longVenue, token, fromMs, toMs);
        final String shortSymbol = symbol(shortVenue, token, fromMs, toMs);
        BigDecimal mark = null;
        BigDecimal qty = null;
        int longCount = 0;
        int shortCount = 0;
        BigDecimal longRates = BigDecimal.ZERO;
        BigDecimal shortRates = BigDecimal.ZERO;
        BigDecimal funding = BigDecimal.ZERO;
        BigDecimal fundingAtEngineScale = BigDecimal.ZERO;
        BigDecimal roundingBound = BigDecimal.ZERO;
        for (final String[] f : csv)
        {
            final long t = Long.parseLong(f[4]);
            if (t >= toMs || !f[2].equals(token))
            {
                continue;
            }
            if (f.length > 7 && !f[7].isEmpty())
            {
                mark = new BigDecimal(f[7]);
            }
            final boolean isLong = f[0].equals(longVenue) && f[1].equals(longSymbol);
            final boolean isShort = f[0].equals(shortVenue) && f[1].equals(shortSymbol);
            if (t < fromMs || mark == null || !(isLong || isShort))
            {
                continue;
            }
            if (qty == null)
            {
                qty = notional.divide(mark, 9, RoundingMode.HALF_EVEN);
            }
            final BigDecimal rate = new BigDecimal(f[5]);
            final BigDecimal received = qty.multiply(mark).multiply(rate);
            // the engine carries rates at its scale, 1e-9: the same sum with the rate rounded there
            final BigDecimal receivedAtScale = qty.multiply(mark).multiply(rate.setScale(9, RoundingMode.HALF_EVEN));
            roundingBound = roundingBound.add(qty.multiply(mark).abs().multiply(new BigDecimal("5e-10"))).add(new BigDecimal("2e-9"));
            if (isLong)
            {
                longCount++;
                longRates = longRates.add(rate);
                funding = funding.subtract(received);
                fundingAtEngineScale = fundingAtEngineScale.subtract(receivedAtScale);
            }
            else
            {
                shortCount++;
                shortRates = shortRates.add(rate);
                funding = funding.add(received);
                fundingAtEngineScale = fundingAtEngineScale.add(receivedAtScale);
            }
        }

        assertThat(result.longSymbol()).isEqualTo(longSymbol);
        assertThat(result.shortSymbol()).isEqualTo(shortSymbol);
        assertThat(result.longSettlements()).isEqualTo(longCount).isPositive();
        assertThat(result.shortSettlements()).isEqualTo(shortCount).isPositive();
        assertThat(result.rateSumReceived()).isEqualByComparingTo(shortRates.subtract(longRates));
        assertThat(new BigDecimal(FixedPoint.toString(result.baseQty()))).isEqualByComparingTo(qty);
        final BigDecimal engine = new BigDecimal(FixedPoint.toString(result.fundingReceived()));
        // each payment rounded to 1e-9 twice (quantity x mark, then x rate): at most 1e-9 apart per settlement
        assertThat(engine.subtract(fundingAtEngineScale).abs())
            .isLessThanOrEqualTo(new BigDecimal("1e-9").multiply(BigDecimal.valueOf(longCount + shortCount)));
        // against the rates as published: also within the rate's rounding to 1e-9
        assertThat(engine.subtract(funding).abs()).isLessThanOrEqualTo(roundingBound);
    }

    private static Venue venue(final String name)
    {
        return Venue.valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
