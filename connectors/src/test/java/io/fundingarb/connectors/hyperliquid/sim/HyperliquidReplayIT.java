package io.fundingarb.connectors.hyperliquid.sim;

import io.fundingarb.connectors.simulator.TextFrames;
import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.connectors.gateway.Fixtures;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.simulator.TextFrames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HyperliquidSimulator.replaying: a recorded l2Book frame served byte for byte to an l2Book subscriber, the recorded coins in meta. */
@Timeout(30)
class HyperliquidReplayIT
{
    @TempDir
    Path dir;

    @Test
    void shouldServeTheRecordedBooksByteForByteAndListTheRecordedCoins() throws Exception
    {
        final String frame = Fixtures.text("hyperliquid/ws-l2book.json").strip();
        final Path recording = dir.resolve("hyperliquid-btc.hftbacktest.txt");
        Files.writeString(recording, "1737918843893903000 " + frame + "\n1737918843907660000 " + frame + "\n", StandardCharsets.UTF_8);
        final TextFrames frames = new TextFrames();
        try (HyperliquidSimulator simulator = HyperliquidSimulator.replaying(List.of(recording), SimulatorConfig.defaults(), 0).start())
        {
            final HttpClient http = HttpClient.newHttpClient();
            final String meta = http.send(HttpRequest.newBuilder(URI.create(simulator.httpBaseUrl() + "/info"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"meta\"}")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(meta).isEqualTo("{\"universe\":[{\"name\":\"BTC\",\"szDecimals\":5,\"maxLeverage\":50}]}");
            final String ctxs = http.send(HttpRequest.newBuilder(URI.create(simulator.httpBaseUrl() + "/info"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"metaAndAssetCtxs\"}")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(ctxs).contains("\"impactPxs\":[\"105055.0\",\"105056.0\"],\"markPx\":\"105055.5\"");
            final WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(simulator.wsUrl()), frames).get(5, TimeUnit.SECONDS);
            ws.sendText("{\"method\":\"subscribe\",\"subscription\":{\"type\":\"l2Book\",\"coin\":\"BTC\"}}", true).get(5, TimeUnit.SECONDS);

            assertThat(frames.received.poll(10, TimeUnit.SECONDS)).isEqualTo("Websocket connection established.");
            assertThat(frames.received.poll(10, TimeUnit.SECONDS)).contains("subscriptionResponse");
            assertThat(frames.received.poll(10, TimeUnit.SECONDS)).isEqualTo(frame);
            assertThat(frames.received.poll(10, TimeUnit.SECONDS)).isEqualTo(frame);
            assertThat(simulator.replayer().whenFinished().get(10, TimeUnit.SECONDS)).isNotNull();
            assertThat(simulator.replayedTokens()).containsExactly("BTC");
            ws.abort();
        }
    }
}
