package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.report.SessionReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code paper --sim} trades on the simulators' books through the PaperGateway, and its journal passes replay --verify. */
@Timeout(120)
class PaperIT
{
    /** Thresholds low enough that the simulators' funding spreads are entered at once. */
    static final String EAGER = String.join("\n",
        "tokens: [BTC, ETH, SOL]",
        "engine:",
        "  checkpoint_interval: 500ms",
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
        "execution:",
        "  slippage_tolerance_bps: 50",
        "");

    @TempDir
    Path tmp;

    @Test
    void shouldFillOrdersOnThePaperGatewayAndLeaveAJournalThatVerifies() throws Exception
    {
        final Path journal = tmp.resolve("session");
        final Path config = tmp.resolve("paper.yaml");
        Files.writeString(config, EAGER);
        final PrintStream originalOut = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        final int paper;
        final int verify;
        try
        {
            paper = Main.execute("paper", "--sim", "--config", config.toString(), "--journal", journal.toString(), "--duration", "5s");
            verify = Main.execute("replay", journal.toString(), "--verify");
        }
        finally
        {
            System.setOut(originalOut);
        }
        final String text = out.toString(StandardCharsets.UTF_8);

        assertThat(paper).as(text).isZero();
        assertThat(text).contains("journal: " + journal)
            .contains("audit it with ./run.sh replay " + journal + " --verify")
            .contains("=== fundingarb paper report ===")
            .contains("html report          " + journal.resolve("report.html"))
            .containsPattern("paper fills +[1-9]")
            .as("the status line names the mode and shows the wall clock, not a simulated one")
            .containsPattern("(?m)^\\[\\d+s\\] paper \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d \\| ")
            .containsPattern("on exit +keep: (no open pairs|positions left open \\(paper positions: they end with this session\\):)");
        assertThat(fills(journal)).as(text).isPositive();
        assertThat(verify).as(text).isZero();
        assertThat(text).contains("VERIFIED");
    }

    private static long fills(final Path dir)
    {
        try (Journal journal = Journal.openExisting(dir))
        {
            return SessionReport.of(journal).fills;
        }
    }
}
