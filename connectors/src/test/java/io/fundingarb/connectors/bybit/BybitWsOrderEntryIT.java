package io.fundingarb.connectors.bybit;

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
import io.fundingarb.connectors.bybit.sim.BybitSimulator;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.GatewayEventSink.Report;
import io.fundingarb.connectors.gateway.GatewayITSupport;
import io.fundingarb.connectors.gateway.OrderEntry;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.simulator.DocumentedShapes;
import io.fundingarb.connectors.simulator.RestReply;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** BybitGateway with WebSocket trade API order entry against BybitSimulator's {@code /v5/trade} over loopback. */
@Timeout(30)
class BybitWsOrderEntryIT extends GatewayITSupport<BybitSimulator, BybitGateway>
{
    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final int BTC = 7;

    BybitWsOrderEntryIT()
    {
        super("fa-it-bybit-ws", 17L, "0.00055");
    }

    @Override
    protected BybitSimulator startSimulator(final SimScenario scenario, final SimulatorConfig config)
    {
        return new BybitSimulator(scenario, config).start();
    }

    @Override
    protected BybitGateway newGateway(final GatewayConfig config, final String secret)
    {
        return new BybitGateway(config, KEY, secret, io.group(), sink, new SystemEpochNanoClock(), new VenueSymbols().add(BTC, "BTCUSDT"), EPOCH);
    }

    @Override
    protected CompletableFuture<Void> start(final BybitGateway gateway)
    {
        return gateway.start();
    }

    private GatewayConfig websocket(final String path)
    {
        return config().withOrderEntry(OrderEntry.websocket(URI.create(simulator.wsBaseUrl() + path)));
    }

    private void startOverSocket() throws Exception
    {
        start(websocket(BybitSimulator.TRADE_PATH), SECRET);
        assertThat(await(gateway::orderSocketOpen)).as("order socket open and authenticated").isTrue();
    }

    private String crossingBuy()
    {
        return simulator.touch("BTCUSDT")[1].add(new BigDecimal("5")).toPlainString();
    }

    private String farBid()
    {
        return simulator.touch("BTCUSDT")[0].multiply(new BigDecimal("0.9")).setScale(1, RoundingMode.DOWN).toPlainString();
    }

    @Test
    void shouldFillAnIocOrderSentOverTheTradeApi() throws Exception
    {
        startOverSocket();
        commands.ioc(gateway, Venue.BYBIT, 301, BTC, Side.BUY, crossingBuy(), "0.001");
        assertThat(sink.awaitTerminal(301, WAIT_MS)).isTrue();

        final List<Report> fills = ofType(sink.reports(301), ExecType.FILL);
        assertThat(fills).hasSize(1);
        assertThat(fills.get(0).cumQty()).isEqualTo(FixedPoint.parse("0.001"));
        assertThat(simulator.position("BTCUSDT").qty()).isEqualByComparingTo("0.001");
        assertThat(gateway.socketRequests()[0]).isEqualTo(1);
        assertThat(gateway.restFallbacks()).isZero();
    }

    @Test
    void shouldRejectWithTheVenueRetCodeAnsweredOverTheTradeApi() throws Exception
    {
        startOverSocket();
        simulator.rejectNextOrders(1, 110007, "ab not enough for new order");
        commands.ioc(gateway, Venue.BYBIT, 302, BTC, Side.BUY, crossingBuy(), "0.001");
        assertThat(sink.awaitTerminal(302, WAIT_MS)).isTrue();

        final List<Report> rejects = ofType(sink.reports(302), ExecType.REJECTED);
        assertThat(rejects).hasSize(1);
        assertThat(rejects.get(0).rejectCode()).isEqualTo(110007);
        assertThat(simulator.position("BTCUSDT").qty()).isEqualByComparingTo("0");
    }

    @Test
    void shouldSendOverRestAndCountItWhileTheSocketIsDown() throws Exception
    {
        start(websocket("/v5/unserved"), SECRET); // the venue refuses the upgrade: the socket never opens
        commands.ioc(gateway, Venue.BYBIT, 303, BTC, Side.BUY, crossingBuy(), "0.001");
        assertThat(sink.awaitTerminal(303, WAIT_MS)).isTrue();

        assertThat(ofType(sink.reports(303), ExecType.FILL)).hasSize(1);
        assertThat(gateway.restFallbacks()).isEqualTo(1);
        assertThat(gateway.socketRequests()[0]).isZero();
        assertThat(simulator.ordersReceived()).isEqualTo(1);
    }

    @Test
    void shouldKeepASocketWhoseAuthIsRefusedClosedToOrders() throws Exception
    {
        gateway = newGateway(websocket(BybitSimulator.TRADE_PATH), "not-the-secret");
        gateway.start(); // the REST set-up fails with this secret too; the socket is opened first and its auth refused

        assertThat(await(() -> gateway.orderSocketAuthFailures() >= 1)).isTrue();
        assertThat(gateway.orderSocketOpen()).isFalse();
    }

    @Test
    void shouldResolveAnOrderWhoseAnswerIsLostByQueryNeverByResending() throws Exception
    {
        final GatewayConfig base = websocket(BybitSimulator.TRADE_PATH);
        start(new GatewayConfig(base.restBaseUrl(), base.wsBaseUrl(), base.recvWindowMs(), base.maxOrdersPerSecond(), base.takerFee(),
            base.rateLimitRetries(), base.rateLimitBackoffNs(), TimeUnit.MILLISECONDS.toNanos(300), base.keepaliveIntervalNs(), base.wsBackoffBaseNs(),
            base.wsBackoffCapNs(), base.weightLimit1m(), base.orderLimit10s(), base.balancePollIntervalNs(), base.account(), base.orderEntry()), SECRET);
        assertThat(await(gateway::orderSocketOpen)).isTrue();
        simulator.loseNextOrderResponses(1, RestReply.Loss.NO_ANSWER); // applied and resting, never answered
        commands.order(gateway, Venue.BYBIT, 304, BTC, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, farBid(), "0.001");

        assertThat(await(() -> gateway.socketRequests()[1] == 1)).as("the answer counted lost").isTrue();
        assertThat(await(() -> gateway.outcomes().resolved() >= 1)).as("resolved by a query").isTrue();
        assertThat(gateway.outcomes().unknownOrders()).isEqualTo(1);
        assertThat(simulator.ordersReceived()).as("never sent twice").isEqualTo(1);
        assertThat(simulator.reusedClientOrderIds()).isEmpty();
    }

    @Test
    void shouldCancelOverTheTradeApi() throws Exception
    {
        startOverSocket();
        commands.order(gateway, Venue.BYBIT, 305, BTC, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, farBid(), "0.001");
        assertThat(sink.await(s -> !ofType(s.reports(305), ExecType.NEW).isEmpty(), WAIT_MS)).isTrue();
        commands.cancel(gateway, Venue.BYBIT, 305, BTC);

        assertThat(sink.awaitTerminal(305, WAIT_MS)).isTrue();
        assertThat(ofType(sink.reports(305), ExecType.CANCELED)).hasSize(1);
        assertThat(gateway.socketRequests()[0]).isEqualTo(2);
        assertThat(gateway.restFallbacks()).isZero();
    }

    @Test
    void shouldAnswerTheDocumentedAuthAndOrderWithTheDocumentedShapes() throws Exception
    {
        final JsonNode order = JACKSON.readTree(fixture("bybit", "ws-trade-order-create-request.json"));
        ((ObjectNode)order.get("header")).put("X-BAPI-TIMESTAMP", Long.toString(System.currentTimeMillis()));
        ((ObjectNode)order.get("args").get(0)).put("symbol", "BTCUSDT").put("qty", "0.001").put("price", farBid());

        final List<String> answers = exchange(List.of(new BybitSigner(KEY, SECRET).wsAuthMessage(System.currentTimeMillis() + 10_000),
            order.toString(), "{\"op\":\"ping\"}"));

        DocumentedShapes.assertSameShape(answers.get(0), fixture("bybit", "ws-trade-auth-response.json"));
        DocumentedShapes.assertSameShape(answers.get(1), fixture("bybit", "ws-trade-order-create-response.json"));
        DocumentedShapes.assertSameShape(answers.get(2), fixture("bybit", "ws-trade-pong.json"));
        assertThat(JACKSON.readTree(answers.get(1)).get("reqId").asText()).isEqualTo("test-005");
    }

    @Test
    void shouldAnswerABadAuthSignatureWithRetCode10004() throws Exception
    {
        final List<String> answers = exchange(List.of(new BybitSigner(KEY, "not-the-secret").wsAuthMessage(System.currentTimeMillis() + 10_000)));

        DocumentedShapes.assertSameShape(answers.get(0), fixture("bybit", "ws-trade-auth-invalid-sign.json"));
        assertThat(JACKSON.readTree(answers.get(0)).get("retCode").asInt()).isEqualTo(10004);
    }

    private List<String> exchange(final List<String> messages) throws Exception
    {
        return TextFrames.exchange(URI.create(simulator.wsBaseUrl() + BybitSimulator.TRADE_PATH), messages, WAIT_MS);
    }
}
