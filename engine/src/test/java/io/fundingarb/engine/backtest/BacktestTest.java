package io.fundingarb.engine.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.engine.FundingArbAgent;
import io.fundingarb.engine.config.ConfigLoader;
import io.fundingarb.engine.config.FundingArbConfig;
import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.journal.JournalReader;
import io.fundingarb.engine.replay.Replayer;
import io.fundingarb.engine.report.SessionReport;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class BacktestTest
{
    /** Thresholds low enough that the October 2025 window trades. */
    static final String CONFIG = "strategy:\n  min_net_edge_bps: 5\n  allow_cross_quote: true\nrisk:\n  max_data_age: 1h\n";
    private static HistoryCsv history;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadHistory()
    {
        history = HistoryCsv.load(List.of(), Set.of("BTC", "ETH", "SOL", "DOGE", "XRP"));
    }

    private static long day(final String date)
    {
        return LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    private Backtest.Outcome run(final String name)
    {
        final FundingArbConfig config = ConfigLoader.parse(CONFIG, "test");
        final Backtest backtest = new Backtest(config, CONFIG, history,
            new Backtest.Window(day("2025-10-05"), day("2025-10-25"), EnumSet.of(Venue.BINANCE, Venue.BYBIT, Venue.HYPERLIQUID)), false, null);
        return backtest.run(dir.resolve(name));
    }

    private static List<byte[]> records(final Path journalDir, final boolean inbound)
    {
        final List<byte[]> out = new ArrayList<>();
        try (Journal journal = Journal.openExisting(journalDir);
             JournalReader reader = new JournalReader(inbound ? journal.inbound() : journal.commands(), 4096))
        {
            while (reader.next())
            {
                out.add(Arrays.copyOf(reader.array(), reader.length()));
            }
        }
        return out;
    }

    @Test
    void shouldWriteTheSameJournalRecordsForTheSameInputs()
    {
        final Backtest.Outcome first = run("a");
        final Backtest.Outcome second = run("b");

        final List<byte[]> inboundA = records(first.journalDir(), true);
        final List<byte[]> inboundB = records(second.journalDir(), true);
        final List<byte[]> commandsA = records(first.journalDir(), false);
        final List<byte[]> commandsB = records(second.journalDir(), false);
        assertThat(inboundA).hasSize(inboundB.size()).isNotEmpty();
        assertThat(commandsA).hasSize(commandsB.size()).isNotEmpty();
        for (int i = 0; i < inboundA.size(); i++)
        {
            assertThat(inboundA.get(i)).as("inbound record %d", i).isEqualTo(inboundB.get(i));
        }
        for (int i = 0; i < commandsA.size(); i++)
        {
            assertThat(commandsA.get(i)).as("command record %d", i).isEqualTo(commandsB.get(i));
        }
    }

    @Test
    void shouldVerifyOnReplay()
    {
        final Backtest.Outcome outcome = run("replay");

        try (Journal journal = Journal.openExisting(outcome.journalDir()))
        {
            final Replayer.Result result = Replayer.verify(journal, FundingArbAgent.stageFactory(ConfigLoader.parse(CONFIG, "test"), null));
            assertThat(result.mismatch()).isNull();
            assertThat(result.events()).isEqualTo(outcome.events());
            assertThat(result.reproducedCommands()).isEqualTo(outcome.commands());
        }
    }

    @Test
    void shouldTradePairsAndCollectFundingWhoseReportMatchesTheGateway()
    {
        final Backtest.Outcome outcome = run("trades");

        assertThat(outcome.stageErrors()).isZero();
        assertThat(outcome.fills()).isPositive();
        assertThat(outcome.settlements()).isPositive();
        try (Journal journal = Journal.openExisting(outcome.journalDir()))
        {
            final SessionReport report = SessionReport.of(journal);
            assertThat(report.pairsOpened).isPositive();
            assertThat(report.fills).isEqualTo(outcome.fills());
            assertThat(report.fundingPayments).isEqualTo(outcome.settlements());
            long funding = 0;
            for (final long v : report.fundingByQuote.values())
            {
                funding += v;
            }
            assertThat(funding).isEqualTo(outcome.funding());
        }
    }
}
