package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.report.SessionReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's price shock through the whole engine: embedded simulators, real feeds and gateways, the
 * stages. Every venue trades isolated and the history starts just before the first entries (15:30 on
 * 10 Oct 2025), so a pair is open and within reach when the shock comes 90 minutes later; the clock
 * runs at 600x so that start-up latency does not fail the entries. Both venues of the pair move
 * together, so the liquidation monitor's close must cost about the fees and the basis, not the jump:
 * the simulators once matched the close against the hedge leg's pre-shock book (AVAX x1.231:
 * -232.94 USDT, the daily loss limit tripped). The session must end with no token net long or short
 * across venues, and replay byte for byte.
 */
@Timeout(240)
class DemoShockIT
{
    /** A tenth of the jump on one leg of the demo's 1000 USDT pairs: fees and basis cost about 3. */
    private static final long MAX_LOSS = FixedPoint.parse("20");

    private static final Pattern INSTRUMENT = Pattern.compile("\"type\":\"InstrumentDefinition\".*?\"instrumentId\":(\\d+).*\"tokenName\":\"(\\w+)\"");
    private static final Pattern FILL = Pattern.compile(
        "\"type\":\"ExecutionReport\".*?\"instrumentId\":(\\d+).*?\"side\":\"(\\w+)\".*?\"execType\":\"(?:FILL|PARTIAL_FILL)\".*?\"lastQty\":([0-9.]+)");

    @TempDir
    Path tmp;

    @Test
    void shouldCloseTheShockedPairAtTheShockedPricesOnBothVenues() throws IOException
    {
        final Path config = tmp.resolve("demo-shock.yaml");
        Files.writeString(config, Files.readString(Path.of("..", "config", "demo.yaml"))
            .replaceAll("margin_mode: cross\\b", "margin_mode: isolated")
            .replace("history_start: \"2025-10-10T12:00:00Z\"", "history_start: \"2025-10-10T15:30:00Z\"")
            .replace("shock_at: 8h ", "shock_at: 90m "));
        final Path journal = tmp.resolve("session");
        final PrintStream originalOut = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        final int demo;
        final int verify;
        try
        {
            demo = Main.execute("demo", "--config", config.toString(), "--journal", journal.toString(), "--duration", "20s", "--speed", "600", "--plain");
            verify = Main.execute("replay", journal.toString(), "--verify");
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            Main.execute("replay", journal.toString(), "--print");
        }
        finally
        {
            System.setOut(originalOut);
        }
        final String text = out.toString(StandardCharsets.UTF_8);
        assertThat(demo).as(text).isZero();
        assertThat(verify).as(text).isZero();
        assertThat(text).as("the shock took place").containsPattern("(?m)^price shock +\\w+ x\\d").doesNotContain("price shock          none");
        assertThat(text).as("the shock's close does not reach the daily loss limit").doesNotContain("daily loss limit");

        try (Journal j = Journal.openExisting(journal))
        {
            final SessionReport report = SessionReport.of(j);
            final SessionReport.Pair shocked = report.finished.stream().filter(p -> p.reason().contains("risk.min_liquidation_distance"))
                .findFirst().orElseThrow(() -> new AssertionError("no pair closed by the liquidation monitor\n" + text));
            assertThat(shocked.outcome()).isEqualTo("CLOSED");
            assertThat(shocked.realisedPnl()).as("pair #%d's PnL (USDT 1e-9): the fees and the basis, not the jump\n%s", shocked.pairId(), text)
                .isGreaterThan(-MAX_LOSS);
            assertThat(Math.abs(report.slippageByPair.getOrDefault(shocked.pairId(), 0L))).as("pair #%d's slippage against the journaled mid", shocked.pairId())
                .isLessThan(MAX_LOSS);
        }
        assertThat(netByToken(printed.toString(StandardCharsets.UTF_8))).as("net position per token across venues, from every fill").allSatisfy(
            (token, net) -> assertThat(net).as(token).isZero());
    }

    /** Per token: bought minus sold, over every venue, from the journal's fills (1e-9 base units). */
    private static Map<String, Long> netByToken(final String journalJson)
    {
        final Map<String, String> tokenOf = new HashMap<>();
        final Map<String, Long> net = new HashMap<>();
        for (final String line : journalJson.split("\n"))
        {
            final Matcher instrument = INSTRUMENT.matcher(line);
            if (instrument.find())
            {
                tokenOf.put(instrument.group(1), instrument.group(2));
                continue;
            }
            final Matcher fill = FILL.matcher(line);
            if (fill.find())
            {
                final long qty = FixedPoint.parse(fill.group(3));
                net.merge(tokenOf.getOrDefault(fill.group(1), "instrument " + fill.group(1)), "BUY".equals(fill.group(2)) ? qty : -qty, Long::sum);
            }
        }
        assertThat(net).as("fills in the journal").isNotEmpty();
        return net;
    }
}
