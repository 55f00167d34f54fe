package io.fundingarb.engine.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryCsvTest
{
    private static final String HEADER = "venue,venue_symbol,base,quote,settlement_time_ms,funding_rate,interval_hours,mark_price\n";

    @TempDir
    Path dir;

    private Path write(final String body) throws IOException
    {
        final Path file = dir.resolve("history.csv");
        Files.writeString(file, HEADER + body);
        return file;
    }

    @Test
    void shouldStopOnABadRateNamingFileLineAndColumn() throws IOException
    {
        final Path file = write("binance,BTCUSDT,BTC,USDT,1755763200000,0.0001,8,60000\nbybit,BTCUSDT,BTC,USDT,1755763200000,abc,8,\n");

        assertThatThrownBy(() -> HistoryCsv.load(List.of(file), Set.of()))
            .isInstanceOf(HistoryCsv.BadRowException.class)
            .hasMessage(file + ":3: column funding_rate: expected a decimal number, got \"abc\"");
    }

    @Test
    void shouldStopOnAnUnknownVenue() throws IOException
    {
        final Path file = write("ftx,BTC-PERP,BTC,USD,1755763200000,0.0001,1,\n");

        assertThatThrownBy(() -> HistoryCsv.load(List.of(file), Set.of()))
            .hasMessageStartingWith(file + ":2: column venue: expected one of binance, bybit, hyperliquid, kraken, okx");
    }

    @Test
    void shouldStopOnAMissingColumn() throws IOException
    {
        final Path file = write("binance,BTCUSDT,BTC,USDT,1755763200000,0.0001\n");

        assertThatThrownBy(() -> HistoryCsv.load(List.of(file), Set.of()))
            .hasMessageStartingWith(file + ":2: column interval_hours: expected 7 or 8 comma-separated columns, got 6");
    }

    @Test
    void shouldTakeAnEmptyIntervalAsTheTimeSinceTheSymbolsPreviousSettlement() throws IOException
    {
        final Path file = write("bybit,INJUSDT,INJ,USDT,1755763200000,0.0001,4,\nbybit,INJUSDT,INJ,USDT,1755777600000,0.0001,,\n");

        final HistoryCsv history = HistoryCsv.load(List.of(file), Set.of());

        assertThat(history.inferredIntervals()).isEqualTo(1);
        assertThat(history.rows().get(1).intervalS()).isEqualTo(4 * 3600);
    }

    @Test
    void shouldSortRowsAndKeepADuplicatedSettlementOnce() throws IOException
    {
        final Path file = write("binance,BTCUSDT,BTC,USDT,1755792000000,0.0002,8,61000\n"
            + "binance,BTCUSDT,BTC,USDT,1755763200000,0.0001,8,60000\n"
            + "binance,BTCUSDT,BTC,USDT,1755763200000,0.0001,8,60000\n");

        final HistoryCsv history = HistoryCsv.load(List.of(file), Set.of());

        assertThat(history.unsorted()).isEqualTo(1);
        assertThat(history.duplicates()).isEqualTo(1);
        assertThat(history.rows()).extracting(HistoryCsv.Row::settlementMs).containsExactly(1755763200000L, 1755792000000L);
    }
}
