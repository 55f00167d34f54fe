package io.fundingarb.connectors.kraken.sim;

import static io.fundingarb.connectors.kraken.sim.KrakenSimulatorTest.SYMBOL;
import static io.fundingarb.connectors.kraken.sim.KrakenSimulatorTest.assertDocumented;
import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.simulator.SimulatorConfig;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The simulator over loopback sockets: form-encoded signed REST, the public feeds with seq, the private challenge flow. */
@Timeout(30)
class KrakenSimulatorIT
{
    private final KrakenSimulator sim = new KrakenSimulator(KrakenSimulatorTest.scenario(), SimulatorConfig.defaults().withCadence(100, 50)).start();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final KrakenAuthent signer = new KrakenAuthent(KrakenSimulator.DEMO_API_SECRET);
    private long nonce = System.currentTimeMillis();
    private WebSocket socket;

    @AfterEach
    void tearDown()
    {
        if (socket != null)
        {
            socket.abort();
        }
        sim.close();
    }

    private String post(final String endpoint, final String postData) throws Exception
    {
        final String path = KrakenSimulator.REST_PREFIX + endpoint;
        final String n = Long.toString(++nonce);
        final HttpRequest request = HttpRequest.newBuilder(URI.create(sim.httpBaseUrl() + path)).timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/x-www-form-urlencoded").header("APIKey", KrakenSimulator.DEMO_API_KEY)
            .header("Nonce", n).header("Authent", signer.authent(postData, n, KrakenAuthent.endpointPath(path)))
            .POST(HttpRequest.BodyPublishers.ofString(postData)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private TextFrames connect() throws Exception
    {
        final TextFrames frames = new TextFrames();
        socket = http.newWebSocketBuilder().buildAsync(URI.create(sim.wsUrl()), frames).get(5, TimeUnit.SECONDS);
        assertThat(next(frames, m -> true)).isEqualTo("{\"event\":\"info\",\"version\":1}");
        return frames;
    }

    private static String next(final TextFrames frames, final Predicate<String> wanted) throws InterruptedException
    {
        final StringBuilder seen = new StringBuilder();
        while (true)
        {
            final String message = frames.received.poll(10, TimeUnit.SECONDS);
            assertThat(message).as("a message in time; seen: %s", seen).isNotNull();
            seen.append(message.length() > 120 ? message.substring(0, 120) : message).append('\n');
            if (wanted.test(message))
            {
                return message;
            }
        }
    }

    private void send(final String text) throws Exception
    {
        socket.sendText(text, true).get(5, TimeUnit.SECONDS);
    }

    private String challenge(final TextFrames frames) throws Exception
    {
        send("{\"event\":\"challenge\",\"api_key\":\"" + KrakenSimulator.DEMO_API_KEY + "\"}");
        final String answer = next(frames, m -> m.contains("\"challenge\""));
        assertDocumented(answer, "sim/ws-challenge.json");
        return JsonTree.text(JsonTree.parse(answer), "message");
    }

    private String subscribePrivate(final String feed, final String challenge, final String signed) throws Exception
    {
        send("{\"event\":\"subscribe\",\"feed\":\"" + feed + "\",\"api_key\":\"" + KrakenSimulator.DEMO_API_KEY + "\",\"original_challenge\":\""
            + challenge + "\",\"signed_challenge\":\"" + signed + "\"}");
        return challenge;
    }

    @Test
    void shouldFillAFormEncodedSignedOrderOverHttp() throws Exception
    {
        final BigDecimal ask = sim.touch(SYMBOL)[1].add(new BigDecimal("100"));

        final String body = post("sendorder", "orderType=ioc&symbol=" + SYMBOL + "&side=buy&size=0.01&limitPrice=" + ask.toPlainString()
            + "&cliOrdId=fa-http-1");

        assertThat(JsonTree.text(JsonTree.get(JsonTree.parse(body), "sendStatus"), "status")).isEqualTo("placed");
        assertThat(sim.position(SYMBOL).qty()).isEqualByComparingTo("0.01");
    }

    @Test
    void shouldStreamTheBookSnapshotThenDeltasWithSeqOneApart() throws Exception
    {
        final TextFrames frames = connect();
        send("{\"event\":\"subscribe\",\"feed\":\"book\",\"product_ids\":[\"" + SYMBOL + "\"]}");

        assertThat(next(frames, m -> m.contains("\"event\""))).contains("\"subscribed\"");
        final String snapshot = next(frames, m -> m.contains("book_snapshot"));
        assertDocumented(snapshot, "ws-book-snapshot.json");
        long seq = Long.parseLong(JsonTree.text(JsonTree.parse(snapshot), "seq"));
        for (int i = 0; i < 5; i++)
        {
            final String delta = next(frames, m -> m.contains("\"feed\":\"book\""));
            assertDocumented(delta, "ws-book-delta.json");
            final long next = Long.parseLong(JsonTree.text(JsonTree.parse(delta), "seq"));
            assertThat(next).isEqualTo(seq + 1);
            seq = next;
        }
    }

    @Test
    void shouldBreakTheSeqWhenAskedTo() throws Exception
    {
        final TextFrames frames = connect();
        send("{\"event\":\"subscribe\",\"feed\":\"book\",\"product_ids\":[\"" + SYMBOL + "\"]}");
        long seq = Long.parseLong(JsonTree.text(JsonTree.parse(next(frames, m -> m.contains("book_snapshot"))), "seq"));

        sim.skipSequence(SYMBOL);

        boolean gap = false;
        for (int i = 0; i < 50 && !gap; i++)
        {
            final long next = Long.parseLong(JsonTree.text(JsonTree.parse(next(frames, m -> m.contains("\"feed\":\"book\""))), "seq"));
            gap = next != seq + 1;
            seq = next;
        }
        assertThat(gap).as("a delta whose seq is not the previous + 1").isTrue();
    }

    @Test
    void shouldStreamTickersWithTheDocumentedFundingFields() throws Exception
    {
        final TextFrames frames = connect();
        send("{\"event\":\"subscribe\",\"feed\":\"ticker\",\"product_ids\":[\"" + SYMBOL + "\"]}");

        final String ticker = next(frames, m -> m.contains("\"feed\":\"ticker\"") && !m.contains("\"event\""));

        assertDocumented(ticker, "ws-ticker.json");
        final Object t = JsonTree.parse(ticker);
        assertThat(new BigDecimal(JsonTree.text(t, "relative_funding_rate"))).isEqualByComparingTo("0.0001");
        assertThat(Long.parseLong(JsonTree.text(t, "next_funding_rate_time")) % 3_600_000L).isZero();
        assertThat(JsonTree.text(t, "volumeQuote")).isNotNull();
    }

    @Test
    void shouldSendHeartbeats() throws Exception
    {
        final TextFrames frames = connect();
        send("{\"event\":\"subscribe\",\"feed\":\"heartbeat\"}");

        assertDocumented(next(frames, m -> m.startsWith("{\"feed\":\"heartbeat\"")), "sim/ws-heartbeat.json");
    }

    @Test
    void shouldPushFillsAfterTheChallengeFlow() throws Exception
    {
        final TextFrames frames = connect();
        final String challenge = challenge(frames);
        subscribePrivate("fills", challenge, signer.signChallenge(challenge));
        final String subscribed = next(frames, m -> m.contains("\"event\""));
        assertThat(subscribed).contains("\"subscribed\"");
        assertDocumented(subscribed, "sim/ws-subscribed-private.json");
        assertThat(next(frames, m -> m.contains("fills_snapshot"))).contains("\"fills\":[]");

        post("sendorder", "orderType=ioc&symbol=" + SYMBOL + "&side=buy&size=0.01&limitPrice="
            + sim.touch(SYMBOL)[1].add(new BigDecimal("100")).toPlainString() + "&cliOrdId=fa-ws-1");

        final String fill = next(frames, m -> m.contains("\"feed\":\"fills\""));
        assertDocumented(fill, "sim/ws-fills.json");
        assertThat(fill).contains("\"cli_ord_id\":\"fa-ws-1\"");
    }

    @Test
    void shouldRefuseAPrivateFeedWithAWrongSignature() throws Exception
    {
        final TextFrames frames = connect();
        final String challenge = challenge(frames);

        subscribePrivate("fills", challenge, new KrakenAuthent("7zxMEF5p/Z8l2p2U7Ghv6x14Af+Fx+92tPgUdVQ748FOIrEoT9bgT+bTRfXc5pz8na+hL/QdrCVG7bh9KpT0eMTm")
            .signChallenge(challenge));

        assertThat(next(frames, m -> m.contains("\"event\""))).contains("\"subscribed_failed\"");
    }

    @Test
    void shouldSnapshotThenUpdateEveryPrivateFeedAsDocumented() throws Exception
    {
        final TextFrames frames = connect();
        final String challenge = challenge(frames);
        final String signed = signer.signChallenge(challenge);
        for (final String feed : new String[] {"open_orders", "open_positions", "balances", "account_log"})
        {
            subscribePrivate(feed, challenge, signed);
        }
        assertDocumented(next(frames, m -> m.contains("balances_snapshot")), "sim/ws-balances-snapshot.json");

        post("sendorder", "orderType=ioc&symbol=" + SYMBOL + "&side=buy&size=0.01&limitPrice="
            + sim.touch(SYMBOL)[1].add(new BigDecimal("100")).toPlainString());

        assertDocumented(next(frames, m -> m.contains("\"is_cancel\":true")), "sim/ws-open-orders-removal.json");
        assertDocumented(next(frames, m -> m.contains("\"feed\":\"open_positions\"") && m.contains(SYMBOL)), "sim/ws-open-positions.json");
    }
}
