package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.connectors.venue.VenueAdapters;
import io.fundingarb.engine.config.ConfigLoader;
import io.fundingarb.engine.ops.OpsServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard of a running demo (a child JVM with its control token in the environment) and the
 * HTML report it writes, opened in headless Chromium (the Debian package; the test fails naming it
 * when it is missing): the page loads without a console error, its matrix has a row per configured
 * token, its charts have data points; a pause clicked with a wrong token is refused (401, shown on
 * the page, nothing journaled), with the right one it pauses the engine, seen on the page, in the
 * risk view's metric and in the journal; the report opens without a console error and draws its
 * equity polyline. Screenshots are kept under target/browser/.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT
{
    private static final String TOKEN_ENV = "FUNDINGARB_CONTROL_TOKEN";
    private static final String TOKEN = "dashboard-it-token-0123456789";
    private static final Path ARTEFACTS = Path.of("target", "browser");
    private static final Path DEMO_CONFIG = Path.of("..", "config", "demo.yaml");

    private Process child;
    private Path journal;
    private Path output;
    private String url;
    private HeadlessChromium browser;

    @BeforeAll
    void startDemoAndBrowser(@TempDir final Path tmp) throws Exception
    {
        journal = tmp.resolve("session");
        output = tmp.resolve("demo.out");
        // the demo's own configuration without what may leave the breaker REDUCING (pause acts on ACTIVE): its price shock, whose
        // liquidation-risk exit may reach the daily loss limit, and, on a loaded machine, entries failing three in a row or rejects
        // piling up in a minute of the demo's clock (a few milliseconds of wall clock)
        final Path config = tmp.resolve("demo.yaml");
        final String demo = Files.readString(DEMO_CONFIG);
        assertThat(demo).containsPattern("(?m)^  shock_at: 8h ").containsPattern("(?m)^  max_consecutive_failures: 3 ")
            .containsPattern("(?m)^  max_rejects_per_minute: 10 ");
        Files.writeString(config, demo.replaceFirst("(?m)^  shock_at: 8h ", "  shock_at: 0s ")
            .replaceFirst("(?m)^  max_consecutive_failures: 3 ", "  max_consecutive_failures: 1000 ")
            .replaceFirst("(?m)^  max_rejects_per_minute: 10 ", "  max_rejects_per_minute: 100000 "));
        final ProcessBuilder builder = new ProcessBuilder(ChildJvm.main("768m", "demo", "--config", config.toString(),
            "--journal", journal.toString(), "--duration", "55s", "--plain"))
            .redirectErrorStream(true).redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().put(TOKEN_ENV, TOKEN);
        browser = HeadlessChromium.start(tmp); // first: without Chromium the test fails at once, naming the package
        child = builder.start();
        final Path opsFile = journal.resolve(OpsServer.FILE);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!Files.exists(opsFile))
        {
            assertThat(child.isAlive()).as("the demo runs: %s", Files.readString(output)).isTrue();
            assertThat(System.nanoTime() - deadline).as("ops.json within 90 s: %s", Files.readString(output)).isNegative();
            Thread.sleep(200);
        }
        final Matcher m = Pattern.compile("\"url\": \"([^\"]+)\"").matcher(Files.readString(opsFile));
        assertThat(m.find()).isTrue();
        url = m.group(1);
        assertThat(url).startsWith("http://127.0.0.1:");
    }

    @AfterAll
    void stop() throws Exception
    {
        if (browser != null)
        {
            browser.close();
        }
        if (child != null && child.isAlive())
        {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void shouldShowTheLiveEngineWithoutConsoleErrors() throws Exception
    {
        final List<String> tokens = ConfigLoader.parse(Files.readString(DEMO_CONFIG), DEMO_CONFIG.toString()).tokens();

        browser.open(url);
        browser.awaitTrue("three live updates", "Number(document.body.dataset.updates || 0) >= 3");
        browser.awaitTrue("an equity curve with points",
            "Number((document.querySelector('#equity-chart polyline') || {getAttribute: () => 0}).getAttribute('data-points')) >= 2");

        assertThat(browser.evaluate("[...document.querySelectorAll('#matrix tbody tr')].map(r => r.dataset.token)"))
            .extracting(n -> n.asText()).containsExactlyElementsOf(tokens);
        assertThat(browser.evaluate("document.querySelectorAll('#funding-chart polyline').length").asInt()).isPositive();
        assertThat(browser.evaluate("[...document.querySelectorAll('#latency-chart rect')].reduce((s, r) => s + Number(r.dataset.count), 0)").asLong())
            .as("tick-to-decision samples").isPositive();
        assertThat(browser.evaluate("document.querySelectorAll('#feeds tbody tr').length").asInt()).as("a row per venue").isEqualTo(VenueAdapters.ADAPTERS.size());
        assertThat(browser.evaluate("document.getElementById('breaker').textContent").asText()).isIn("ACTIVE", "REDUCING");
        assertThat(browser.evaluate("document.documentElement.outerHTML").asText()).doesNotContain(TOKEN);
        browser.screenshot(ARTEFACTS.resolve("dashboard.png"));
        assertThat(browser.errors()).as("console errors").isEmpty();
    }

    @Test
    @Order(2)
    void shouldRefuseAPauseWithAWrongToken() throws Exception
    {
        browser.type("#token", "not-the-token-0123456789");
        browser.click("#act-pause");

        browser.awaitTrue("the answer", "document.getElementById('action-result').dataset.status !== undefined");
        assertThat(browser.evaluate("document.getElementById('action-result').dataset.status").asText()).isEqualTo("401");
        assertThat(browser.evaluate("document.getElementById('action-result').textContent").asText()).contains("refused (401)");
        assertThat(metrics()).contains("fundingarb_breaker_state{state=\"PAUSED\"} 0.0")
            .contains("fundingarb_journal_events_total{type=\"OperatorCommand\"} 0.0");
        browser.screenshot(ARTEFACTS.resolve("dashboard-refused.png"));
        assertThat(browser.errors()).as("the browser logs the refused request, nothing else")
            .singleElement().asString().contains("status of 401 (Unauthorized)").contains("/operator");
        browser.clearErrors();
    }

    @Test
    @Order(3)
    void shouldPauseTheEngineWithTheRightToken() throws Exception
    {
        try
        {
            browser.awaitTrue("the breaker ACTIVE (pause acts on it)", "document.getElementById('breaker').textContent === 'ACTIVE'");
        }
        catch (final Exception | AssertionError ex)
        {
            throw new AssertionError("the breaker is " + browser.evaluate("document.getElementById('breaker').textContent").asText() + " "
                + browser.evaluate("document.getElementById('breaker-reason').textContent").asText() + ", not ACTIVE", ex);
        }
        browser.evaluate("delete document.getElementById('action-result').dataset.status");
        browser.type("#token", TOKEN);
        browser.click("#act-pause");

        browser.awaitTrue("the answer", "document.getElementById('action-result').dataset.status === '200'");
        assertThat(browser.evaluate("document.getElementById('action-result').textContent").asText())
            .contains("operator: pause sent").contains("engine: trading PAUSED");
        browser.awaitTrue("the breaker shown PAUSED", "document.getElementById('breaker').textContent === 'PAUSED'");
        assertThat(metrics()).contains("fundingarb_breaker_state{state=\"PAUSED\"} 1.0")
            .contains("fundingarb_journal_events_total{type=\"OperatorCommand\"} 1.0");
        browser.screenshot(ARTEFACTS.resolve("dashboard-paused.png"));
        assertThat(browser.errors()).as("console errors").isEmpty();
    }

    @Test
    @Order(4)
    void shouldServeEveryMetricTheGrafanaDashboardCharts() throws Exception
    {
        final String metrics = metrics();
        final Matcher names = Pattern.compile("fundingarb_[a-z_]+").matcher(Files.readString(Path.of("..", "config", "grafana-fundingarb.json")));
        while (names.find())
        {
            if (!names.group().equals("fundingarb_paper_fills_total"))
            {
                assertThat(metrics).as(names.group()).contains("# TYPE " + names.group() + " ");
            }
        }
    }

    @Test
    @Order(5)
    void shouldJournalTheOnePauseAndWriteAReportThatOpensWithoutConsoleErrors() throws Exception
    {
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the demo ends").isTrue();
        final String text = Files.readString(output);
        assertThat(child.exitValue()).as(text).isZero();
        assertThat(text).containsPattern("(?m)^dashboard http://127\\.0\\.0\\.1:\\d+/ ").doesNotContain(TOKEN);
        assertThat(journal.resolve(OpsServer.FILE)).doesNotExist();
        assertThat(OperatorControlIT.operatorCommands(journal)).containsExactly("PAUSE");
        browser.awaitTrue("the page told the session has ended", "document.body.dataset.ended === 'true'");
        assertThat(browser.errors()).as("console errors at the session's end").isEmpty();

        final Path report = journal.resolve(ReportCommand.HTML_NAME);
        browser.open(report.toUri().toString());

        assertThat(browser.evaluate("document.querySelectorAll('polyline[data-series=\"equity\"]').length").asInt()).isPositive();
        assertThat(browser.evaluate("document.querySelector('polyline[data-series=\"equity\"]').getAttribute('points').split(' ').length").asInt())
            .isGreaterThan(2);
        browser.screenshot(ARTEFACTS.resolve("report.png"));
        assertThat(browser.errors()).as("console errors").isEmpty();
    }

    private String metrics() throws Exception
    {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "metrics")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
    }
}
