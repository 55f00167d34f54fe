package io.fundingarb.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fundingarb.engine.FundingArbAgent;
import io.fundingarb.engine.config.ConfigLoader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The ops server over an agent that has not started (empty views): its routes, its token check, its files. */
@Timeout(30)
class OpsServerTest
{
    private static final String TOKEN = "ops-test-token-0123456789";

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private FundingArbAgent agent;
    private OpsServer server;

    @BeforeEach
    void start()
    {
        agent = new FundingArbAgent(ConfigLoader.parse("tokens: [BTC, ETH, NOPE]\njournal:\n  enabled: false\n", "test"),
            new FundingArbAgent.Options(null, "", new SystemEpochNanoClock()));
        server = OpsServer.start(0, new OpsSources(agent, "fundingarb test", agent.config().tokens(), List.of(), Map::of, () -> 0L), TOKEN,
            "FUNDINGARB_CONTROL_TOKEN", line ->
            {
                commands.add(line);
                return new OpsServer.Reply(200, "operator: " + line + " sent");
            }, tmp);
    }

    @AfterEach
    void stop()
    {
        server.close();
        agent.close();
    }

    @Test
    void shouldServeMetricsInThePrometheusTextFormat() throws Exception
    {
        final HttpResponse<String> metrics = get("metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        assertThat(metrics.body()).contains("# TYPE fundingarb_events_total counter\nfundingarb_events_total 0.0\n")
            .contains("fundingarb_stage_errors_total{stage=\"market\"} 0.0")
            .contains("fundingarb_ring_backlog{ring=\"inbound\"} 0.0")
            .contains("fundingarb_breaker_state{state=\"ACTIVE\"} 1.0")
            .contains("fundingarb_realised_pnl{quote=\"USDT\"} 0.0")
            .contains("# TYPE fundingarb_tick_to_decision_seconds summary")
            .contains("fundingarb_tick_to_decision_seconds_count 0");
    }

    @Test
    void shouldServeEveryEngineMetricTheGrafanaDashboardCharts() throws Exception
    {
        // per-venue metrics (fundingarb_feed_*, fundingarb_gateway_*) have no venue here: DashboardIT checks them on a running demo
        final String grafana = Files.readString(Path.of("..", "config", "grafana-fundingarb.json"));
        final String metrics = get("metrics").body();
        final Matcher names = Pattern.compile("fundingarb_[a-z_]+").matcher(grafana);
        int charted = 0;
        while (names.find())
        {
            if (names.group().startsWith("fundingarb_feed_") || names.group().startsWith("fundingarb_gateway_"))
            {
                continue;
            }
            assertThat(metrics).as(names.group()).contains("# TYPE " + names.group() + " ");
            charted++;
        }
        assertThat(charted).isGreaterThan(10);
    }

    @Test
    void shouldServeTheDashboardPageAndItsScriptFromTheJar() throws Exception
    {
        final HttpResponse<String> page = get("");
        final HttpResponse<String> script = get("dashboard.js");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script src=\"dashboard.js\"></script>").doesNotContain("http://").doesNotContain("https://");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'"));
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).contains("new EventSource(\"events\")");
    }

    @Test
    void shouldPushTheStateAsServerSentEvents() throws Exception
    {
        final HttpResponse<java.io.InputStream> events = http.send(request("events").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(events.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        final JsonNode state;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8)))
        {
            String line;
            String data = null;
            while ((line = in.readLine()) != null)
            {
                if (line.startsWith("data: {\"title\""))
                {
                    data = line.substring("data: ".length());
                    break;
                }
            }
            state = new ObjectMapper().readTree(data);
        }

        assertThat(state.get("title").asText()).isEqualTo("fundingarb test");
        assertThat(state.get("matrix")).extracting(m -> m.get("token").asText()).containsExactly("BTC", "ETH", "NOPE");
        assertThat(state.get("breaker").get("state").asText()).isEqualTo("ACTIVE");
        assertThat(state.get("actions").asBoolean()).isTrue();
        assertThat(state.toString()).doesNotContain(TOKEN);
    }

    @Test
    void shouldRefuseAnOperatorCommandWithoutTheToken() throws Exception
    {
        final HttpResponse<String> none = post(null, "pause");
        final HttpResponse<String> wrong = post("Bearer not-the-token-0123456789", "pause");

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(commands).isEmpty();
        assertThat(server.refused()).isEqualTo(2);
    }

    @Test
    void shouldRunAnOperatorCommandWithTheToken() throws Exception
    {
        final HttpResponse<String> pause = post("Bearer " + TOKEN, "pause");

        assertThat(pause.statusCode()).isEqualTo(200);
        assertThat(pause.body()).contains("operator: pause sent");
        assertThat(commands).containsExactly("pause");
    }

    @Test
    void shouldRefuseRequestsAddressedToAnotherHost() throws Exception
    {
        final URI url = URI.create(server.url());
        try (Socket socket = new Socket(url.getHost(), url.getPort()))
        {
            socket.getOutputStream().write("GET /state HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            final String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();

            assertThat(status).isEqualTo("HTTP/1.1 403 Forbidden");
        }
    }

    @Test
    void shouldWriteWhereItListensToOpsJsonAndRemoveItOnClose() throws Exception
    {
        final Path file = tmp.resolve(OpsServer.FILE);
        assertThat(Files.readString(file)).contains("\"url\": \"" + server.url() + "\"").doesNotContain(TOKEN);

        server.close();

        assertThat(file).doesNotExist();
    }

    private HttpRequest.Builder request(final String path)
    {
        return HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(10));
    }

    private HttpResponse<String> get(final String path) throws Exception
    {
        return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(final String authorization, final String body) throws Exception
    {
        final HttpRequest.Builder request = request("operator").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null)
        {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
