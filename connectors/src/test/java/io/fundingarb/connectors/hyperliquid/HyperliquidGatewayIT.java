package io.fundingarb.connectors.hyperliquid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.ExecFlag;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.OrderType;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.TimeInForce;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.gateway.Commands;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.GatewayEventSink;
import io.fundingarb.connectors.gateway.GatewayEventSink.Report;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.hyperliquid.HyperliquidSigner.Network;
import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.transport.IoGroup;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gateway against a local stub serving the venue's documented answers (HyperliquidStub,
 * fixtures/hyperliquid): every request's signature is recovered as the venue does.
 */
@Timeout(30)
class HyperliquidGatewayIT
{
    private static final long WAIT_MS = 10_000;
    private static final String KEY = HyperliquidAccountFixturesTest.KEY;
    private static final String USER = HyperliquidAccountFixturesTest.USER;
    private static final long EPOCH = 1_765_000_000L;
    private static final int ETH = 2;

    private final IoGroup io = new IoGroup(1, "fa-test-hyperliquid-gateway");
    private final GatewayEventSink sink = new GatewayEventSink();
    private final Commands commands = new Commands();
    private HyperliquidStub stub;
    private HyperliquidGateway gateway;

    @BeforeEach
    void startStub() throws Exception
    {
        stub = new HyperliquidStub(new HyperliquidSigner(KEY, Network.MAINNET).address());
    }

    @AfterEach
    void close()
    {
        if (gateway != null)
        {
            gateway.close();
        }
        stub.close();
        io.close();
    }

    private HyperliquidGateway start(final String key) throws Exception
    {
        final GatewayConfig config = GatewayConfig.of(URI.create(stub.httpBaseUrl()), URI.create(stub.wsBaseUrl()), FixedPoint.parse("0.00045"))
            .withWsBackoff(TimeUnit.MILLISECONDS.toNanos(50), TimeUnit.MILLISECONDS.toNanos(200));
        gateway = HyperliquidGateway.create(config, USER, key, io.group(), sink, new SystemEpochNanoClock(),
            new VenueSymbols().add(ETH, "ETH"), null, EPOCH);
        gateway.start().get(WAIT_MS, TimeUnit.MILLISECONDS);
        return gateway;
    }

    @Test
    void shouldSetTheLeverageOfEachTradedAssetAtStart() throws Exception
    {
        start(KEY);
        final Object leverage = stub.actions("updateLeverage").get(0);
        assertThat(JsonTree.text(leverage, "asset")).as("ETH is universe[1]").isEqualTo("1");
        assertThat(JsonTree.text(leverage, "leverage")).isEqualTo("3");
        assertThat(JsonTree.get(leverage, "isCross")).isEqualTo(true);
    }

    @Test
    void shouldPublishTheBalanceAndPositionsAtStart() throws Exception
    {
        start(KEY);
        assertThat(sink.balances(Quote.USDC).get(0).walletBalance()).isEqualTo(FixedPoint.parse("13109.482328"));
        assertThat(sink.positions().get(0).quantity()).isEqualTo(FixedPoint.parse("0.0335"));
    }

    @Test
    void shouldFailToStartWhenTheVenueDoesNotKnowTheAgent()
    {
        final String otherKey = "0x" + "1".repeat(64);
        assertThatThrownBy(() -> start(otherKey)).isInstanceOf(ExecutionException.class)
            .hasMessageContaining("updateLeverage ETH").hasMessageContaining("does not exist")
            .hasMessageNotContaining("1".repeat(64));
    }

    @Test
    void shouldSendASignedIocWithItsCloid() throws Exception
    {
        start(KEY);
        commands.ioc(gateway, Venue.HYPERLIQUID, 4161, ETH, Side.BUY, "1900.04", "0.02");
        assertThat(sink.awaitTerminal(4161, WAIT_MS)).isTrue();
        final Object order = JsonTree.list(JsonTree.get(stub.actions("order").get(0), "orders")).get(0);
        assertThat(JsonTree.text(order, "c")).isEqualTo(new HyperliquidCloids(EPOCH).cloid(4161));
        assertThat(JsonTree.text(order, "p")).as("5 significant figures, a buy rounded down").isEqualTo("1900");
        assertThat(JsonTree.text(JsonTree.get(JsonTree.get(order, "t"), "limit"), "tif")).isEqualTo("Ioc");
    }

    @Test
    void shouldPublishAFillWhoseFeeTheStreamCorrects() throws Exception
    {
        start(KEY);
        stub.pushAfterOrder.add("hyperliquid/ws-order-updates.json");
        stub.pushAfterOrder.add("hyperliquid/ws-user-fills.json");
        commands.ioc(gateway, Venue.HYPERLIQUID, 4161, ETH, Side.BUY, "1900", "0.02");
        assertThat(sink.await(s -> feeOf(s.reports(4161)) == FixedPoint.parse("0.017022"), WAIT_MS)).as(sink.statuses().toString()).isTrue();
        final List<Report> fills = sink.reports(4161).stream().filter(r -> r.execType() == ExecType.FILL && r.lastQty() > 0).toList();
        assertThat(fills).hasSize(1);
        assertThat(fills.get(0).lastPrice()).isEqualTo(FixedPoint.parse("1891.4"));
        assertThat(fills.get(0).cumQty()).isEqualTo(FixedPoint.parse("0.02"));
    }

    @Test
    void shouldRejectWithTheVenuesMessage() throws Exception
    {
        start(KEY);
        stub.orderAnswer = "hyperliquid/order-error.json";
        commands.ioc(gateway, Venue.HYPERLIQUID, 4162, ETH, Side.BUY, "1900", "0.001");
        assertThat(sink.awaitTerminal(4162, WAIT_MS)).isTrue();
        assertThat(last(4162).execType()).isEqualTo(ExecType.REJECTED);
        assertThat(last(4162).reason()).isEqualTo("Order must have minimum value of $10.");
    }

    @Test
    void shouldExpireAnIocThatCrossedNothing() throws Exception
    {
        start(KEY);
        stub.orderAnswer = "hyperliquid/order-ioc-no-match.json";
        commands.ioc(gateway, Venue.HYPERLIQUID, 4163, ETH, Side.SELL, "1900", "0.02");
        assertThat(sink.awaitTerminal(4163, WAIT_MS)).isTrue();
        assertThat(last(4163).execType()).isEqualTo(ExecType.EXPIRED);
    }

    @Test
    void shouldLearnTheFillOfAnUnansweredOrderByItsCloid() throws Exception
    {
        start(KEY);
        stub.orderAnswer = "500";
        stub.orderStatusAnswer = "hyperliquid/order-status-filled.json";
        stub.userFillsAnswer = "[{\"coin\":\"ETH\",\"px\":\"2412.7\",\"sz\":\"0.0076\",\"side\":\"A\",\"time\":1765000000101,\"startPosition\":\"0.0076\","
            + "\"dir\":\"Close Long\",\"closedPnl\":\"0.1\",\"hash\":\"0x00\",\"oid\":1,\"crossed\":true,\"fee\":\"0.008252\",\"tid\":7,\"feeToken\":\"USDC\"}]";
        commands.ioc(gateway, Venue.HYPERLIQUID, 4164, ETH, Side.SELL, "2400", "0.0076");
        assertThat(sink.awaitTerminal(4164, WAIT_MS)).as(sink.statuses().toString()).isTrue();
        assertThat(last(4164).execType()).isEqualTo(ExecType.FILL);
        assertThat(last(4164).lastPrice()).isEqualTo(FixedPoint.parse("2412.7"));
        assertThat(feeOf(sink.reports(4164))).isEqualTo(FixedPoint.parse("0.008252"));
        assertThat(stub.infoTypes).contains("orderStatus", "userFills");
        assertThat(gateway.outcomes().unknownOrders()).isEqualTo(1);
    }

    @Test
    void shouldRejectAnUnansweredOrderTheVenueNeverHad() throws Exception
    {
        start(KEY);
        stub.orderAnswer = "500";
        commands.ioc(gateway, Venue.HYPERLIQUID, 4165, ETH, Side.SELL, "2400", "0.0076");
        // unknownOid is definitive only once the action's expiresAfter (nonce + recvWindow 5 s) and the margin have passed
        assertThat(sink.await(s -> s.reports(4165).stream().anyMatch(r -> r.execType() == ExecType.REJECTED), 15_000)).isTrue();
        assertThat(last(4165).rejectCode()).isEqualTo(HyperliquidGateway.NO_SUCH_ORDER);
    }

    @Test
    void shouldCancelAnOrderTheVenueCancelledForItsReasons() throws Exception
    {
        start(KEY);
        stub.orderAnswer = "hyperliquid/order-resting.json";
        commands.order(gateway, Venue.HYPERLIQUID, 4166, ETH, Side.BUY, OrderType.LIMIT,
            TimeInForce.GTC, false, "1800", "0.02");
        assertThat(sink.await(s -> s.reports(4166).stream().anyMatch(r -> r.execType() == ExecType.NEW), WAIT_MS)).isTrue();
        stub.push("hyperliquid/ws-user-event-non-user-cancel.json");
        assertThat(sink.awaitTerminal(4166, WAIT_MS)).isTrue();
        assertThat(last(4166).execType()).isEqualTo(ExecType.CANCELED);
    }

    @Test
    void shouldPublishALiquidationFillAsForeign() throws Exception
    {
        start(KEY);
        stub.push("hyperliquid/ws-user-fills-liquidation.json");
        assertThat(sink.await(s -> s.reports().stream().anyMatch(r -> r.execFlag() == ExecFlag.LIQUIDATION), WAIT_MS))
            .isTrue();
    }

    @Test
    void shouldSendACancelByCloidSignedByTheAgent() throws Exception
    {
        start(KEY);
        commands.cancel(gateway, Venue.HYPERLIQUID, 4167, ETH);
        assertThat(sink.await(s -> !stub.actions("cancelByCloid").isEmpty(), WAIT_MS)).isTrue();
        final Object cancel = JsonTree.list(JsonTree.get(stub.actions("cancelByCloid").get(0), "cancels")).get(0);
        assertThat(JsonTree.text(cancel, "cloid")).isEqualTo(new HyperliquidCloids(EPOCH).cloid(4167));
    }

    private Report last(final long clientOrderId)
    {
        final List<Report> reports = sink.reports(clientOrderId);
        return reports.get(reports.size() - 1);
    }

    private static long feeOf(final List<Report> reports)
    {
        return reports.stream().mapToLong(Report::fee).sum();
    }
}
