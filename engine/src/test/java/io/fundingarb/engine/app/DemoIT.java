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

/** The demo runs headless for a few seconds, reports, and its journal passes replay --verify. */
@Timeout(120)
class DemoIT
{
    @TempDir
    Path tmp;

    @Test
    void shouldRunTheDemoAndLeaveAJournalThatVerifies() throws Exception
    {
        final Path journal = tmp.resolve("session");
        final Path config = tmp.resolve("demo.yaml");
        Files.writeString(config, "demo:\n  tokens: [BTC, ETH, SOL]\n  speed: 7200\nengine:\n  checkpoint_interval: 500ms\n");
        final PrintStream originalOut = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        final int demo;
        final int verify;
        try
        {
            demo = Main.execute("demo", "--config", config.toString(), "--journal", journal.toString(), "--duration", "3s");
            verify = Main.execute("replay", journal.toString(), "--verify");
        }
        finally
        {
            System.setOut(originalOut);
        }
        final String text = out.toString(StandardCharsets.UTF_8);

        assertThat(demo).isZero();
        assertThat(text).contains("=== fundingarb demo report ===").contains("./run.sh replay " + journal + " --verify");
        assertThat(text).containsPattern("instruments (1[0-9]|[2-9][0-9])"); // BTC, ETH, SOL on 3 venues, 2 quotes
        assertThat(verify).as(text).isZero();
        assertThat(text).contains("VERIFIED");
        assertThat(Files.readString(journal.resolve("config.yaml"))).contains("tokens: [BTC, ETH, SOL]");
    }
}
