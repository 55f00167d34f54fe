package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code backtest} from the command line: the report and figures, the trades CSV, a journal replay verifies, the static pair, a bad row. */
@Timeout(120)
class BacktestCommandTest
{
    @TempDir
    Path dir;

    private String output;

    private int run(final String... args)
    {
        final PrintStream originalOut = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try
        {
            return Main.execute(args);
        }
        finally
        {
            System.setOut(originalOut);
            output = out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldPrintTheReportAndFiguresAndWriteAJournalThatReplayVerifies() throws IOException
    {
        final Path journal = dir.resolve("journal");
        final Path trades = dir.resolve("trades.csv");

        assertThat(run("backtest", "--from", "2025-10-08", "--to", "2025-10-12",
            "--tokens", "BTC,ETH,SOL", "--journal", journal.toString(), "--trades-csv", trades.toString(), "--quiet")).isZero();
        assertThat(output).contains("=== fundingarb backtest report", "annualised return", "max drawdown", "sharpe (daily PnL)", "turnover",
            "time in market", "html report          " + journal.resolve("report.html"));
        assertThat(journal.resolve("report.html")).isNotEmptyFile();
        assertThat(Files.readAllLines(trades).get(0)).isEqualTo("pair_id,token,long_leg,short_leg,quote,outcome,reason,realised_pnl,fees_paid,funding");

        assertThat(run("replay", journal.toString(), "--verify")).isZero();
        assertThat(output).contains("VERIFIED");
    }

    @Test
    void shouldPrintTheStaticPairsSettlementsAndFunding()
    {
        assertThat(run("backtest", "--static-pair", "ETH:hyperliquid:binance", "--zero-costs", "--from", "2025-10-01", "--to", "2025-10-31")).isZero();

        assertThat(output).contains("settlements           long leg 744, short leg 93");
    }

    @Test
    void shouldStopOnABadRowWithExitTwo() throws IOException
    {
        final Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "venue,venue_symbol,base,quote,settlement_time_ms,funding_rate,interval_hours,mark_price\n"
            + "binance,BTCUSDT,BTC,USDT,1755763200000,0.0001,eight,60000\n");

        assertThat(run("backtest", "--history", csv.toString(), "--tokens", "BTC")).isEqualTo(Main.EXIT_USAGE);
    }
}
