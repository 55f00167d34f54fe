package io.fundingarb.engine.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.connectors.history.FundingHistory;
import io.fundingarb.engine.TestEvents;
import io.fundingarb.engine.config.ConfigLoader;
import io.fundingarb.engine.config.FundingArbConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Over the real settled history of BTC, ETH and SOL on Binance, Bybit and Hyperliquid (bundled),
 * MarketStage's normalised rates and spreads agree with an independent BigDecimal calculation
 * straight from the CSV values.
 */
class MarketStageHistoryTest
{
    @Test
    void shouldNormaliseRealHistoryLikeAnIndependentCalculation()
    {
        final FundingArbConfig config = ConfigLoader.defaults();
        final MarketStage market = new MarketStage(256, config.strategy(), config.venues(), null);
        final TestEvents events = new TestEvents(new DirectSink(market));
        final SymbolTable symbols = new SymbolTable();
        final FundingHistory history = FundingHistory.bundled(Set.of("BTC", "ETH", "SOL"));
        final List<FundingHistory.Settlement> rows = history.rows();
        assertThat(rows).hasSizeGreaterThan(10_000);

        final Map<String, BigDecimal> independent = readPerHourFromCsv();
        final Map<String, FundingHistory.Settlement> latest = new HashMap<>();
        long checked = 0;
        long spreadsChecked = 0;
        for (final FundingHistory.Settlement s : rows)
        {
            final int id = symbols.instrumentId(s.venue(), s.symbol());
            if (!latest.containsKey(s.venue() + ":" + s.symbol()))
            {
                events.definition(0, id, symbols.tokenId(s.base()), s.venue(), s.quote(), s.symbol(), s.base());
            }
            final long tsNs = s.settlementMs() * 1_000_000L;
            events.funding(tsNs, id, s.venue(), s.fundingRate(), s.intervalS(), tsNs, s.markPrice());
            latest.put(s.venue() + ":" + s.symbol(), s);

            final BigDecimal expectedPerHour = independent.get(key(s));
            assertThat(market.ratePerHour(id)).isCloseTo(expectedPerHour.doubleValue(), within(1e-15));
            checked++;

            // the spread between this leg and every other venue's leg of the same token and quote
            for (final FundingHistory.Settlement other : latest.values())
            {
                if (other.base().equals(s.base()) && other.quote() == s.quote() && other.venue() != s.venue())
                {
                    final int otherId = symbols.instrumentId(other.venue(), other.symbol());
                    final double spread = market.ratePerHour(id) - market.ratePerHour(otherId);
                    assertThat(spread).isCloseTo(independent.get(key(s)).subtract(independent.get(key(other))).doubleValue(), within(1e-15));
                    spreadsChecked++;
                }
            }
        }
        assertThat(checked).isEqualTo(rows.size());
        assertThat(spreadsChecked).isGreaterThan(10_000);
        assertThat(market.tokenCount()).isEqualTo(3);
    }

    private static String key(final FundingHistory.Settlement s)
    {
        return s.venue().name().toLowerCase(Locale.ROOT) + "," + s.symbol() + "," + s.settlementMs();
    }

    /**
     * rate per interval / interval hours, straight from the CSV text with BigDecimal; the rate at
     * the engine's scale (1e-9, half-even), which is the precision the engine promises.
     */
    private static Map<String, BigDecimal> readPerHourFromCsv()
    {
        final Map<String, BigDecimal> out = new HashMap<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
            new GZIPInputStream(FundingHistory.class.getResourceAsStream(FundingHistory.BUNDLED)), StandardCharsets.US_ASCII)))
        {
            reader.readLine();
            String line;
            while ((line = reader.readLine()) != null)
            {
                final String[] f = line.split(",", -1);
                if (Set.of("BTC", "ETH", "SOL").contains(f[2]))
                {
                    out.put(f[0] + "," + f[1] + "," + f[4], new BigDecimal(f[5]).setScale(9, RoundingMode.HALF_EVEN).divide(new BigDecimal(f[6]), MathContext.DECIMAL64));
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return out;
    }
}
