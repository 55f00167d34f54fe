package io.fundingarb.engine.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.engine.config.ConfigException;
import io.fundingarb.engine.config.ConfigLoader;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class BacktestSweepTest
{
    @TempDir
    Path dir;

    private static long day(final String date)
    {
        return LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    @Test
    void shouldSetNestedKeysKeepingTheRestOfTheFile()
    {
        final String text = BacktestSweep.override("strategy:\n  top_n: 3\n", Map.of("strategy.min_net_edge_bps", "7", "risk.exit_spread_per_day", "-0.0005"));

        assertThat(ConfigLoader.parse(text, "t").strategy().topN()).isEqualTo(3);
        assertThat(ConfigLoader.parse(text, "t").strategy().minNetEdgeBps()).isEqualTo(7.0);
        assertThat(ConfigLoader.parse(text, "t").risk().exitSpreadPerDay()).isEqualTo(-0.0005);
    }

    @Test
    void shouldRefuseAnUnknownKeyBeforeRunning()
    {
        final HistoryCsv history = HistoryCsv.load(List.of(), Set.of("BTC"));

        assertThatThrownBy(() -> BacktestSweep.run("", BacktestSweep.grid(List.of("strategy.min_edge=1,2")), history,
            new Backtest.Window(day("2025-10-05"), day("2025-10-06"), EnumSet.of(Venue.BINANCE, Venue.BYBIT)), false, dir, 2))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("strategy.min_edge");
    }

    @Test
    void shouldRunEveryCombinationOfTheGrid()
    {
        final HistoryCsv history = HistoryCsv.load(List.of(), Set.of("BTC", "ETH", "SOL"));

        final List<BacktestSweep.Row> rows = BacktestSweep.run(BacktestTest.CONFIG,
            BacktestSweep.grid(List.of("strategy.min_net_edge_bps=5,50", "risk.max_open_pairs=1,3")), history,
            new Backtest.Window(day("2025-10-08"), day("2025-10-15"), EnumSet.of(Venue.BINANCE, Venue.BYBIT, Venue.HYPERLIQUID)), false, dir, 2);

        assertThat(rows).hasSize(4);
        assertThat(rows).extracting(r -> r.values().get("strategy.min_net_edge_bps") + "/" + r.values().get("risk.max_open_pairs"))
            .containsExactly("5/1", "5/3", "50/1", "50/3");
        assertThat(BacktestSweep.table(rows, true)).hasSize(5);
    }
}
