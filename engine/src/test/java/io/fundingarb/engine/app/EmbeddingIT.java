package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.engine.FundingArbAgent;
import io.fundingarb.engine.config.ConfigLoader;
import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.ops.OpsServer;
import io.fundingarb.engine.report.SessionReport;
import io.fundingarb.engine.stage.PairPhase;
import io.fundingarb.engine.stage.RiskView;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The product brief's embedding: {@code new FundingArbAgent(config).run()} with only {@code agent_id} and
 * {@code agent_type} (and where to journal) runs the demo set-up on embedded simulators, in either form of
 * the configuration (flat, or under {@code config:}); it trades, {@code close()} stops it, and the journal
 * replays byte for byte with the configuration it kept.
 */
@Timeout(180)
class EmbeddingIT
{
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"flat", "nested"})
    void shouldRunTheDemoFromTheBriefsTwoKeyConfigurationAndStopOnClose(final String form) throws Exception
    {
        // the flat form also asks for the ops server (the build's tests turn it off by default)
        final String keys = "agent_id: embedded_" + form + "\nagent_type: FundingArbAgent\njournal:\n  dir: " + tmp + "\n"
            + (form.equals("flat") ? "ops:\n  enabled: true\n" : "");
        final String yaml = form.equals("flat") ? keys : "config:\n" + keys.replaceAll("(?m)^", "  ");
        final FundingArbAgent agent = new FundingArbAgent(ConfigLoader.parse(yaml, form + ".yaml"));
        final Thread running = new Thread(agent::run, "embedded-agent");
        running.start();

        final RiskView.Snapshot risk = new RiskView.Snapshot(64);
        final long deadline = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < deadline && !(agent.riskView().read(risk) && hasOpenPair(risk)))
        {
            Thread.sleep(100);
        }
        final String metrics = form.equals("flat") ? metricsOnceLive(agent.journalDir(), "binance") : null;
        agent.close();
        running.join(30_000);

        assertThat(running.isAlive()).as("run() returns once close() is called").isFalse();
        assertThat(hasOpenPair(risk)).as("a pair opened on the embedded simulators").isTrue();
        final Path journal;
        try (Stream<Path> sessions = Files.list(tmp))
        {
            journal = sessions.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        try (Journal j = Journal.openExisting(journal))
        {
            assertThat(SessionReport.of(j).pairsOpened).isPositive();
        }
        if (metrics != null)
        {
            assertThat(metrics).as("the embedded agent's /metrics").contains("# TYPE fundingarb_events_total counter")
                .contains("fundingarb_feed_state{state=\"LIVE\",venue=\"binance\"} 1.0");
            assertThat(journal.resolve(OpsServer.FILE)).as("removed at close").doesNotExist();
        }
        assertThat(journal.resolve(Journal.CONFIG)).content().contains("max_data_age: 1h").contains("embedded_" + form);

        final PrintStream originalOut = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        final int verify;
        try
        {
            verify = Main.execute("replay", journal.toString(), "--verify");
        }
        finally
        {
            System.setOut(originalOut);
        }
        assertThat(verify).as(out.toString(StandardCharsets.UTF_8)).isZero();
    }

    /** The metrics of the ops server the agent names in its journal folder's ops.json. */
    /**
     * /metrics once {@code venue}'s feed reports LIVE there, or after 20 s: a pair can open on the
     * venues whose feeds came up first, before the others are LIVE.
     */
    private static String metricsOnceLive(final Path journal, final String venue) throws Exception
    {
        final String live = "fundingarb_feed_state{state=\"LIVE\",venue=\"" + venue + "\"} 1.0";
        final long deadline = System.nanoTime() + 20_000_000_000L;
        String metrics = metrics(journal);
        while (!metrics.contains(live) && System.nanoTime() < deadline)
        {
            Thread.sleep(100);
            metrics = metrics(journal);
        }
        return metrics;
    }

    private static String metrics(final Path journal) throws Exception
    {
        final Matcher url = Pattern.compile("\"metrics\": \"([^\"]+)\"").matcher(Files.readString(journal.resolve(OpsServer.FILE)));
        assertThat(url.find()).isTrue();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url.group(1))).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
    }

    private static boolean hasOpenPair(final RiskView.Snapshot risk)
    {
        for (int i = 0; i < risk.count; i++)
        {
            if (risk.pairState[i] == PairPhase.OPEN)
            {
                return true;
            }
        }
        return false;
    }
}
