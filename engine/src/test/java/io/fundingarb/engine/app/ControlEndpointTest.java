package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.sbe.OperatorAction;
import io.fundingarb.engine.stage.MarketView;
import io.fundingarb.engine.stage.RiskView;
import io.fundingarb.engine.stage.RiskViews;
import io.fundingarb.engine.stage.TradingState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The control endpoint on 127.0.0.1: the token or nothing; commands reach the ring, answers come from the risk view. */
@Timeout(30)
class ControlEndpointTest
{
    private static final String TOKEN = "0123456789abcdef-test";

    @TempDir
    Path tmp;

    private final RiskView view = new RiskView(64);
    private final OperatorProbe probe = new OperatorProbe();
    private final HttpClient http = HttpClient.newHttpClient();
    private ControlEndpoint endpoint;

    @BeforeEach
    void start()
    {
        RiskViews.flat(view, TradingState.ACTIVE, 1);
        probe.on(OperatorAction.PAUSE, tsNs -> RiskViews.flat(view, TradingState.PAUSED, tsNs));
        endpoint = ControlEndpoint.start(0, TOKEN, "SOME_TOKEN_VAR", new OperatorCommands(probe.sink, () -> 42L),
            new Positions(view, new MarketView(16, 5), 16, 5), tmp);
    }

    @AfterEach
    void stop()
    {
        endpoint.close();
    }

    @Test
    void shouldRefuseACommandWithoutAToken() throws Exception
    {
        final HttpResponse<String> response = send("POST", "/operator", null, "kill");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(probe.seen).isEmpty();
        assertThat(endpoint.refused()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAWrongToken() throws Exception
    {
        assertThat(send("POST", "/operator", "Bearer " + TOKEN + "x", "kill").statusCode()).isEqualTo(401);
        assertThat(send("POST", "/operator", "Bearer " + TOKEN.substring(1), "kill").statusCode()).isEqualTo(401);
        assertThat(send("GET", "/positions", "Basic " + TOKEN, null).statusCode()).isEqualTo(401);
        assertThat(probe.seen).isEmpty();
    }

    @Test
    void shouldPublishACommandAndAnswerWithTheBreakerOnceTheRiskViewHasSeenIt() throws Exception
    {
        final HttpResponse<String> response = send("POST", "/operator", "Bearer " + TOKEN, "pause");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("operator: pause sent (no new entries; exits continue)\nengine: trading PAUSED, open pairs 0\n");
        assertThat(probe.seen).containsExactly(OperatorAction.PAUSE + ":0@42");
    }

    @Test
    void shouldAnswerABadCommandWith400WithoutPublishing() throws Exception
    {
        final HttpResponse<String> response = send("POST", "/operator", "Bearer " + TOKEN, "close");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("usage: close <pair number>");
        assertThat(probe.seen).isEmpty();
    }

    @Test
    void shouldAnswerPositions() throws Exception
    {
        final HttpResponse<String> response = send("GET", "/positions", "Bearer " + TOKEN, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("trading ACTIVE | flat | engine time").contains("open pairs 0\nvenue positions (none)");
    }

    @Test
    void shouldListenOnLoopbackOnly()
    {
        assertThat(endpoint.url()).startsWith("http://127.0.0.1:");
    }

    @Test
    void shouldWriteWhereItListensButNotTheTokenAndRemoveItOnClose() throws Exception
    {
        final Path file = tmp.resolve(ControlEndpoint.FILE);
        final String json = Files.readString(file);

        assertThat(json).contains("\"url\": \"" + endpoint.url() + "\"").contains("\"token_env\": \"SOME_TOKEN_VAR\"").doesNotContain(TOKEN);
        endpoint.close();
        assertThat(file).doesNotExist();
    }

    private HttpResponse<String> send(final String method, final String path, final String authorization, final String body) throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint.url() + path)).timeout(Duration.ofSeconds(10))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null)
        {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
