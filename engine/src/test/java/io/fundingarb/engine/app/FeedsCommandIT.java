package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code feeds} runs headless on the embedded simulators, reports availability, and its journal passes replay --verify. */
@Timeout(120)
class FeedsCommandIT
{
    @TempDir
    Path tmp;

    @Test
    void shouldRunTheFeedsOnTheSimulatorsAndLeaveAJournalThatVerifies() throws Exception
    {
        final Path journal = tmp.resolve("session");
        final Path config = tmp.resolve("feeds.yaml");
        Files.writeString(config, "tokens: [BTC, ETH, SOL]\nengine:\n  checkpoint_interval: 500ms\n");
        final PrintStream originalOut = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        final int feeds;
        final int verify;
        try
        {
            feeds = Main.execute("feeds", "--config", config.toString(), "--journal", journal.toString(), "--duration", "3s");
            verify = Main.execute("replay", journal.toString(), "--verify");
        }
        finally
        {
            System.setOut(originalOut);
        }
        final String text = out.toString(StandardCharsets.UTF_8);

        assertThat(feeds).as(text).isZero();
        assertThat(text).contains("bybit: 2 of 3 configured tokens listed (2 instruments); not listed: SOL")
            .containsPattern("\\[\\ds\\] events .* \\| binance LIVE \\(3 symbols")
            .containsPattern("⚠️\\s+\\| SOL")
            .contains("=== fundingarb feeds report ===")
            .contains("./run.sh replay " + journal + " --verify");
        assertThat(verify).as(text).isZero();
        assertThat(text).contains("VERIFIED");
    }

    @Test
    void shouldRunTheFeedsOnAReplayedRecordingAndLeaveAJournalThatVerifies() throws Exception
    {
        final Path journal = tmp.resolve("replayed");
        final Path recording = Path.of(FeedsCommandIT.class.getResource("/feeds/bybit-v5-linear-2026-08-09.btcusdt-slice.jsonl.gz").toURI());
        final PrintStream originalOut = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        final int feeds;
        final int verify;
        try
        {
            feeds = Main.execute("feeds", "--replay", "bybit=" + recording, "--speed", "max", "--journal", journal.toString(), "--duration", "2s");
            verify = Main.execute("replay", journal.toString(), "--verify");
        }
        finally
        {
            System.setOut(originalOut);
        }
        final String text = out.toString(StandardCharsets.UTF_8);

        assertThat(feeds).as(text).isZero();
        assertThat(text).contains("fundingarb feeds: BTC on recorded sessions replayed on [bybit] at max speed")
            .contains("bybit: 1 of 1 configured tokens listed (1 instruments)")
            .containsPattern("bybit\\s+published [1-9][0-9,]* \\| malformed 0 \\| gaps 0")
            .contains("replay bybit         200 of 200 recorded frames (finished)")
            .doesNotContain("binance LIVE");
        assertThat(verify).as(text).isZero();
    }

    @Test
    void shouldRefuseAReplayOfAnUnknownVenue() throws Exception
    {
        final Path recording = Files.writeString(tmp.resolve("kraken.txt"), "{}\n");

        final int exit = Main.execute("feeds", "--replay", "kraken=" + recording, "--duration", "1s");

        assertThat(exit).isEqualTo(Main.EXIT_USAGE);
    }
}
