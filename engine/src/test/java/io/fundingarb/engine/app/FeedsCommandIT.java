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

    /** Runs {@code args}, then {@code replay journal --verify}: {feeds exit, verify exit, everything printed}. */
    private static String[] feedsThenVerify(final Path journal, final String... args)
    {
        final PrintStream originalOut = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try
        {
            final int feeds = Main.execute(args);
            final int verify = Main.execute("replay", journal.toString(), "--verify");
            return new String[] {Integer.toString(feeds), Integer.toString(verify), out.toString(StandardCharsets.UTF_8)};
        }
        finally
        {
            System.setOut(originalOut);
        }
    }

    @Test
    void shouldRunTheFeedsOnTheSimulatorsAndLeaveAJournalThatVerifies() throws Exception
    {
        final Path journal = tmp.resolve("session");
        final Path config = tmp.resolve("feeds.yaml");
        Files.writeString(config, "tokens: [BTC, ETH, SOL]\nengine:\n  checkpoint_interval: 500ms\n");
        final String[] run = feedsThenVerify(journal, "feeds", "--config", config.toString(), "--journal", journal.toString(), "--duration", "3s");
        final int feeds = Integer.parseInt(run[0]);
        final int verify = Integer.parseInt(run[1]);
        final String text = run[2];

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
        final String[] run = feedsThenVerify(journal,
            "feeds", "--replay", "bybit=" + recording, "--speed", "max", "--journal", journal.toString(), "--duration", "2s");
        final int feeds = Integer.parseInt(run[0]);
        final int verify = Integer.parseInt(run[1]);
        final String text = run[2];

        assertThat(feeds).as(text).isZero();
        assertThat(text).contains("fundingarb feeds: BTC on recorded sessions replayed on [bybit] at max speed")
            .contains("bybit: 1 of 1 configured tokens listed (1 instruments)")
            .containsPattern("bybit\\s+published [1-9][0-9,]* \\| malformed 0 \\| gaps 0 .*\\| compact path [1-9][0-9,]* frames")
            .contains("replay bybit         200 of 200 recorded frames (finished)")
            .doesNotContain("binance LIVE");
        assertThat(verify).as(text).isZero();
    }

    @Test
    void shouldEndAMaxSpeedReplayWhenItsRecordingIsOverRatherThanAtItsDuration() throws Exception
    {
        final Path journal = tmp.resolve("over");
        final Path recording = Path.of(FeedsCommandIT.class.getResource("/feeds/bybit-v5-linear-2026-08-09.btcusdt-slice.jsonl.gz").toURI());
        final long start = System.nanoTime();
        final String[] run = feedsThenVerify(journal,
            "feeds", "--replay", "bybit=" + recording, "--speed", "max", "--journal", journal.toString(), "--duration", "60s");
        final double seconds = (System.nanoTime() - start) / 1e9;
        final String text = run[2];

        assertThat(Integer.parseInt(run[0])).as(text).isZero();
        assertThat(text).containsPattern("(?m)^\\[\\d+s] the recordings are over \\(every frame replayed and processed\\): the run ends before its 60s$")
            .contains("replay bybit         200 of 200 recorded frames (finished)");
        assertThat(seconds).as(text).isLessThan(30);
        assertThat(Integer.parseInt(run[1])).as(text).isZero();
    }

    @Test
    void shouldRefuseAReplayOfKrakenWhichHasNoReplayingSimulatorYet() throws Exception
    {
        final Path recording = Files.writeString(tmp.resolve("kraken.txt"), "{}\n");

        final int exit = Main.execute("feeds", "--replay", "kraken=" + recording, "--duration", "1s");

        assertThat(exit).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void shouldRefuseAReplayOfAnUnknownVenue() throws Exception
    {
        final Path recording = Files.writeString(tmp.resolve("okx.txt"), "{}\n");

        final int exit = Main.execute("feeds", "--replay", "okx=" + recording, "--duration", "1s");

        assertThat(exit).isEqualTo(Main.EXIT_USAGE);
    }
}
