package io.fundingarb.connectors.binance;

import io.fundingarb.connectors.simulator.TextFrames;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.OrderType;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.TimeInForce;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.binance.sim.BinanceSimulator;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.GatewayEventSink.Report;
import io.fundingarb.connectors.gateway.GatewayITSupport;
import io.fundingarb.connectors.gateway.HmacSigner;
import io.fundingarb.connectors.gateway.OrderEntry;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.simulator.DocumentedShapes;
import io.fundingarb.connectors.simulator.RestReply;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import java.math.BigDecimal;
import java.net.URI;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** BinanceGateway with WebSocket API order entry against BinanceSimulator's {@code /ws-fapi/v1} over loopback. */
@Timeout(30)
class BinanceWsOrderEntryIT extends GatewayITSupport<BinanceSimulator, BinanceGateway>
{
    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final int BTC = 1;

    BinanceWsOrderEntryIT()
    {
        super("fa-it-binance-ws", 13L, "0.0005");
    }

    @Override
    protected BinanceSimulator startSimulator(final SimScenario scenario, final SimulatorConfig config)
    {
        return new BinanceSimulator(scenario, config.withStrictPaths(true)).start();
    }

    @Override
    protected BinanceGateway newGateway(final GatewayConfig config, final String secret)
    {
        return new BinanceGateway(config, KEY, secret, io.group(), sink, new SystemEpochNanoClock(), new VenueSymbols().add(BTC, "BTCUSDT"),
            BinanceWsLayout.SPLIT, EPOCH);
    }

    @Override
    protected CompletableFuture<Void> start(final BinanceGateway gateway)
    {
        return gateway.start();
    }

    private GatewayConfig websocket(final String path)
    {
        return config().withOrderEntry(OrderEntry.websocket(URI.create(simulator.wsBaseUrl() + path)));
    }

    private BinanceGateway startOverSocket() throws Exception
    {
        start(websocket(BinanceSimulator.WS_API_PATH), SECRET);
        assertThat(await(gateway::orderSocketOpen)).as("order socket open").isTrue();
        return gateway;
    }

    private String crossingBuy()
    {
        return simulator.touch("BTCUSDT")[1].add(new BigDecimal("5")).toPlainString();
    }

    @Test
    void shouldFillAnIocOrderSentOverTheWebSocketApi() throws Exception
    {
        startOverSocket();
        commands.ioc(gateway, Venue.BINANCE, 201, BTC, Side.BUY, crossingBuy(), "0.001");
        assertThat(sink.awaitTerminal(201, WAIT_MS)).isTrue();

        final List<Report> fills = ofType(sink.reports(201), ExecType.FILL);
        assertThat(fills).hasSize(1);
        assertThat(fills.get(0).cumQty()).isEqualTo(FixedPoint.parse("0.001"));
        assertThat(simulator.position("BTCUSDT").qty()).isEqualByComparingTo("0.001");
        assertThat(gateway.socketRequests()[0]).isEqualTo(1);
        assertThat(gateway.restFallbacks()).isZero();
    }

    @Test
    void shouldRejectWithTheVenueCodeAnsweredOverTheWebSocketApi() throws Exception
    {
        startOverSocket();
        simulator.rejectNextOrders(1, -2019, "Margin is insufficient.");
        commands.ioc(gateway, Venue.BINANCE, 202, BTC, Side.BUY, crossingBuy(), "0.001");
        assertThat(sink.awaitTerminal(202, WAIT_MS)).isTrue();

        final List<Report> rejects = ofType(sink.reports(202), ExecType.REJECTED);
        assertThat(rejects).hasSize(1);
        assertThat(rejects.get(0).rejectCode()).isEqualTo(-2019);
        assertThat(simulator.position("BTCUSDT").qty()).isEqualByComparingTo("0");
    }

    @Test
    void shouldSendOverRestAndCountItWhileTheSocketIsDown() throws Exception
    {
        start(websocket("/ws-fapi/unserved"), SECRET); // the venue refuses the upgrade: the socket never opens
        commands.ioc(gateway, Venue.BINANCE, 203, BTC, Side.BUY, crossingBuy(), "0.001");
        assertThat(sink.awaitTerminal(203, WAIT_MS)).isTrue();

        assertThat(ofType(sink.reports(203), ExecType.FILL)).hasSize(1);
        assertThat(gateway.restFallbacks()).isEqualTo(1);
        assertThat(gateway.socketRequests()[0]).isZero();
        assertThat(simulator.ordersReceived()).isEqualTo(1);
    }

    @Test
    void shouldResolveAnOrderWhoseAnswerIsLostByQueryNeverByResending() throws Exception
    {
        final GatewayConfig base = websocket(BinanceSimulator.WS_API_PATH);
        final GatewayConfig quick = new GatewayConfig(base.restBaseUrl(), base.wsBaseUrl(), base.recvWindowMs(), base.maxOrdersPerSecond(),
            base.takerFee(), base.rateLimitRetries(), base.rateLimitBackoffNs(), TimeUnit.MILLISECONDS.toNanos(300), base.keepaliveIntervalNs(),
            base.wsBackoffBaseNs(), base.wsBackoffCapNs(), base.weightLimit1m(), base.orderLimit10s(), base.balancePollIntervalNs(),
            base.account(), base.orderEntry());
        start(quick, SECRET);
        assertThat(await(gateway::orderSocketOpen)).isTrue();
        simulator.delayPrivateEvents(5_000); // the fill is pushed late: a query learns it first
        simulator.loseNextOrderResponses(1, RestReply.Loss.NO_ANSWER); // applied and filled, never answered
        commands.ioc(gateway, Venue.BINANCE, 204, BTC, Side.BUY, crossingBuy(), "0.001");

        assertThat(sink.await(s -> !ofType(s.reports(204), ExecType.FILL).isEmpty(), WAIT_MS)).isTrue();
        assertThat(await(() -> gateway.socketRequests()[1] == 1)).as("the answer counted lost").isTrue();
        assertThat(gateway.outcomes().unknownOrders()).isEqualTo(1);
        assertThat(simulator.ordersReceived()).as("never sent twice").isEqualTo(1);
        assertThat(simulator.reusedClientOrderIds()).isEmpty();
        assertThat(simulator.position("BTCUSDT").qty()).isEqualByComparingTo("0.001");
    }

    @Test
    void shouldCancelOverTheWebSocketApi() throws Exception
    {
        startOverSocket();
        final String farBid = simulator.touch("BTCUSDT")[0].multiply(new BigDecimal("0.9")).setScale(1, java.math.RoundingMode.DOWN).toPlainString();
        commands.order(gateway, Venue.BINANCE, 205, BTC, Side.BUY, OrderType.LIMIT,
            TimeInForce.GTC, false, farBid, "0.001");
        assertThat(sink.await(s -> !ofType(s.reports(205), ExecType.NEW).isEmpty(), WAIT_MS)).isTrue();
        commands.cancel(gateway, Venue.BINANCE, 205, BTC);

        assertThat(sink.awaitTerminal(205, WAIT_MS)).isTrue();
        assertThat(ofType(sink.reports(205), ExecType.CANCELED)).hasSize(1);
        assertThat(gateway.socketRequests()[0]).isEqualTo(2);
        assertThat(gateway.restFallbacks()).isZero();
    }

    @Test
    void shouldAnswerTheDocumentedRequestWithTheDocumentedShape() throws Exception
    {
        final JsonNode request = JACKSON.readTree(fixture("binance", "ws-api-order-place-request.json"));
        final ObjectNode params = (ObjectNode)request.get("params");
        params.put("apiKey", KEY).put("price", simulator.touch("BTCUSDT")[0].toPlainString()).put("quantity", "0.001")
            .put("timestamp", System.currentTimeMillis());
        params.put("signature", signature(params, SECRET));

        final String answer = exchange(List.of(request.toString())).get(0);

        DocumentedShapes.assertSameShape(answer, fixture("binance", "ws-api-order-place-response.json"));
        assertThat(JACKSON.readTree(answer).get("id").asText()).isEqualTo(request.get("id").asText());
    }

    @Test
    void shouldAnswerABadSignatureWithTheDocumentedError() throws Exception
    {
        final JsonNode request = JACKSON.readTree(fixture("binance", "ws-api-order-place-request.json"));
        final ObjectNode params = (ObjectNode)request.get("params");
        params.put("apiKey", KEY).put("timestamp", System.currentTimeMillis());
        params.put("signature", signature(params, "not-the-secret"));

        final String answer = exchange(List.of(request.toString())).get(0);

        DocumentedShapes.assertSameShape(answer, fixture("binance", "ws-api-error-response.json"));
        assertThat(JACKSON.readTree(answer).at("/error/code").asInt()).isEqualTo(-1022);
    }

    /** The documented signature: HMAC-SHA256 of every param but {@code signature}, sorted by name, as a query string. */
    private static String signature(final JsonNode params, final String secret)
    {
        final Map<String, String> sorted = new TreeMap<>();
        for (final Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); )
        {
            final Map.Entry<String, JsonNode> e = it.next();
            if (!"signature".equals(e.getKey()))
            {
                sorted.put(e.getKey(), e.getValue().asText());
            }
        }
        final StringBuilder payload = new StringBuilder();
        sorted.forEach((k, v) -> payload.append(payload.length() == 0 ? "" : "&").append(k).append('=').append(v));
        return new HmacSigner(secret).hex(payload.toString());
    }

    private List<String> exchange(final List<String> messages) throws Exception
    {
        return TextFrames.exchange(URI.create(simulator.wsBaseUrl() + BinanceSimulator.WS_API_PATH), messages, WAIT_MS);
    }
}
