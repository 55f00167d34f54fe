package io.fundingarb.connectors.hyperliquid.sim;

import io.fundingarb.connectors.simulator.TextFrames;
import static io.fundingarb.connectors.hyperliquid.sim.HyperliquidSimFixture.AGENT_KEY;
import static io.fundingarb.connectors.hyperliquid.sim.HyperliquidSimFixture.MASTER;
import static io.fundingarb.connectors.hyperliquid.sim.HyperliquidSimFixture.documentedShape;
import static io.fundingarb.connectors.hyperliquid.sim.HyperliquidSimFixture.order;
import static io.fundingarb.connectors.hyperliquid.sim.HyperliquidSimFixture.shapeLike;
import static io.fundingarb.connectors.hyperliquid.sim.HyperliquidSimFixture.signed;
import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.connectors.gateway.Fixtures;
import io.fundingarb.connectors.simulator.TextFrames;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HyperliquidSimulator over loopback with the JDK's own HTTP and WebSocket clients: /info, /exchange and /ws as a client sees them. */
@Timeout(30)
class HyperliquidSimulatorIT
{
    private static final long WAIT_MS = 10_000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final TextFrames frames = new TextFrames();
    private HyperliquidSimFixture venue;
    private WebSocket ws;

    @BeforeEach
    void setUp() throws Exception
    {
        venue = new HyperliquidSimFixture("100000");
        venue.simulator.start();
        ws = http.newWebSocketBuilder().buildAsync(URI.create(venue.simulator.wsUrl()), frames).get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown()
    {
        if (ws != null)
        {
            ws.abort();
        }
        venue.simulator.close();
    }

    private HttpResponse<String> post(final String path, final String body) throws Exception
    {
        return http.send(HttpRequest.newBuilder(URI.create(venue.simulator.httpBaseUrl() + path)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String next(final Predicate<String> wanted) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + WAIT_MS;
        for (long left = WAIT_MS; left > 0; left = deadline - System.currentTimeMillis())
        {
            final String message = frames.received.poll(left, TimeUnit.MILLISECONDS);
            if (message != null && wanted.test(message))
            {
                return message;
            }
        }
        throw new AssertionError("no such message within " + WAIT_MS + " ms");
    }

    private void send(final String text) throws Exception
    {
        ws.sendText(text, true).get(5, TimeUnit.SECONDS);
    }

    private static void assertDocumented(final String answer, final String fixture)
    {
        final String documented = Fixtures.text("hyperliquid/" + fixture);
        assertThat(shapeLike(answer, documented)).as(fixture).isEqualTo(documentedShape(documented));
    }

    @Test
    void shouldAnswerInfoRequestsOverHttp() throws Exception
    {
        final HttpResponse<String> meta = post("/info", "{\"type\":\"meta\"}");

        assertThat(meta.statusCode()).isEqualTo(200);
        assertDocumented(meta.body(), "meta.json");
        final HttpResponse<String> unknown = post("/info", "{\"type\":\"noSuchThing\"}");
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(unknown.body()).startsWith("Failed to deserialize the JSON body into the target type");
    }

    @Test
    void shouldGreetThenAckSubscriptionsAndStreamBooksAndContexts() throws Exception
    {
        assertThat(next(m -> true)).isEqualTo("Websocket connection established.");

        send("{\"method\":\"subscribe\",\"subscription\":{\"type\":\"l2Book\",\"coin\":\"BTC\"}}");
        assertThat(next(m -> m.contains("subscriptionResponse")))
            .isEqualTo("{\"channel\":\"subscriptionResponse\",\"data\":{\"method\":\"subscribe\",\"subscription\":{\"type\":\"l2Book\",\"coin\":\"BTC\"}}}");
        assertDocumented(next(m -> m.startsWith("{\"channel\":\"l2Book\"")), "ws-l2book.json");
        assertDocumented(next(m -> m.startsWith("{\"channel\":\"l2Book\"")), "ws-l2book.json");

        send("{\"method\":\"subscribe\",\"subscription\":{\"type\":\"activeAssetCtx\",\"coin\":\"ETH\"}}");
        assertThat(next(m -> m.contains("subscriptionResponse"))).contains("\"subscription\":{\"type\":\"activeAssetCtx\",\"coin\":\"ETH\"}");
        assertDocumented(next(m -> m.startsWith("{\"channel\":\"activeAssetCtx\"")), "ws-active-asset-ctx.json");
    }

    @Test
    void shouldAnswerAPingWithAPong() throws Exception
    {
        send("{\"method\":\"ping\"}");

        assertDocumented(next(m -> m.contains("pong")), "ws-pong.json");
    }

    @Test
    void shouldStreamTheAccountsOrdersAndFillsAfterASignedOrder() throws Exception
    {
        send("{\"method\":\"subscribe\",\"subscription\":{\"type\":\"userFills\",\"user\":\"" + MASTER + "\"}}");
        assertThat(next(m -> m.startsWith("{\"channel\":\"userFills\""))).startsWith("{\"channel\":\"userFills\",\"data\":{\"isSnapshot\":true,");
        send("{\"method\":\"subscribe\",\"subscription\":{\"type\":\"orderUpdates\",\"user\":\"" + MASTER + "\"}}");
        assertDocumented(next(m -> m.contains("\"type\":\"orderUpdates\"")), "ws-subscription-response.json");
        final BigDecimal ask = venue.simulator.touch("BTC")[1];

        final HttpResponse<String> answer = post("/exchange",
            signed(order(0, true, ask.add(new BigDecimal("50")).toPlainString(), "0.01", false, "Ioc", "0x0000000000000000000000000000abcd"),
                venue.nextNonce(), AGENT_KEY));

        assertDocumented(answer.body(), "order-filled.json");
        assertThat(next(m -> m.startsWith("{\"channel\":\"userFills\""))).contains("\"isSnapshot\":false").contains("\"dir\":\"Open Long\"");
        assertDocumented(next(m -> m.startsWith("{\"channel\":\"orderUpdates\"")), "ws-order-updates.json");
    }

    @Test
    void shouldRefuseAnOrderSignedByAnotherKeyOverHttp() throws Exception
    {
        final HttpResponse<String> answer = post("/exchange",
            signed(order(0, true, "70000", "0.01", false, "Ioc", null), venue.nextNonce(), HyperliquidSimFixture.STRANGER_KEY));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertDocumented(answer.body(), "action-err.json");
    }
}
