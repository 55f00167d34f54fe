package io.fundingarb.connectors.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Asset;
import io.fundingarb.codecs.sbe.ExecFlag;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.MarginMode;
import io.fundingarb.codecs.sbe.PositionSource;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.binance.sim.BinanceSimulator;
import io.fundingarb.connectors.gateway.AccountSettings;
import io.fundingarb.connectors.gateway.Fixtures;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.GatewayEventSink.Position;
import io.fundingarb.connectors.gateway.GatewayEventSink.Report;
import io.fundingarb.connectors.gateway.GatewayITSupport;
import io.fundingarb.connectors.gateway.VenueOrderIds;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.simulator.DocumentedShapes;
import io.fundingarb.connectors.simulator.SimAccount;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.transport.RestResponse;
import io.netty.handler.codec.http.HttpMethod;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The account side of BinanceGateway against BinanceSimulator over loopback: set-up, positions, and the simulator's documented shapes. */
@Timeout(30)
class BinanceAccountIT extends GatewayITSupport<BinanceSimulator, BinanceGateway>
{
    private static final int BTC = 1;

    BinanceAccountIT()
    {
        super("fa-it-binance-account", 12L, "0.0005");
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

    private GatewayConfig config(final MarginMode mode, final int leverage)
    {
        return config().withAccount(new AccountSettings(mode, leverage, TimeUnit.SECONDS.toNanos(30)));
    }

    private String signed(final HttpMethod method, final String path, final String params) throws Exception
    {
        final RestResponse response = CompletableFuture.supplyAsync(() -> gateway.signedCall(method, path, params), io.group().next())
            .thenCompose(answer -> answer).get(WAIT_MS, TimeUnit.MILLISECONDS);
        return response.bodyText();
    }

    @Test
    void shouldPublishAFlatPositionBatchBeforeStartCompletes() throws Exception
    {
        start(config(), SECRET);
        assertThat(sink.positions()).singleElement().satisfies(p ->
        {
            assertThat(p.source()).isEqualTo(PositionSource.START);
            assertThat(p.venue()).isEqualTo(Venue.BINANCE);
            assertThat(p.instrumentId()).isEqualTo(BTC);
            assertThat(p.quantity()).isZero();
            assertThat(p.liquidationPrice()).isEqualTo(FixedPoint.NULL);
            assertThat(p.batchId()).isEqualTo(1);
            assertThat(p.batchIndex()).isZero();
            assertThat(p.batchSize()).isEqualTo(1);
        });
    }

    @Test
    void shouldPublishThePositionWithItsLiquidationPriceAfterAFill() throws Exception
    {
        start(config(MarginMode.ISOLATED, 5), SECRET);
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        commands.ioc(gateway, Venue.BINANCE, 201, BTC, Side.BUY, ask.add(BigDecimal.TEN).toPlainString(), "0.010");
        assertThat(sink.await(s -> s.positions(PositionSource.FILL).stream().anyMatch(p -> p.quantity() == FixedPoint.parse("0.010")), WAIT_MS))
            .isTrue();
        final Position p = sink.positions(PositionSource.FILL).stream().filter(x -> x.quantity() != 0).findFirst().orElseThrow();
        assertThat(p.entryPrice()).isEqualTo(fixed(ask));
        assertThat(p.marginMode()).isEqualTo(MarginMode.ISOLATED);
        assertThat(p.leverage()).isEqualTo(5);
        // isolated long at 5x, MMR 0.5 %: LP = EP x (1 - 1/5) / (1 - 0.005)
        final BigDecimal expected = ask.multiply(new BigDecimal("0.8")).divide(new BigDecimal("0.995"), 8, java.math.RoundingMode.HALF_EVEN);
        assertThat(p.liquidationPrice()).isEqualTo(fixed(expected));
        assertThat(p.batchId()).isGreaterThan(1);
    }

    @Test
    void shouldPublishPositionsOnDemandWithTheReconcileSource() throws Exception
    {
        start(config(), SECRET);
        gateway.requestPositions(PositionSource.RECONCILE).get(WAIT_MS, TimeUnit.MILLISECONDS);
        final List<Position> reconcile = sink.positions(PositionSource.RECONCILE);
        assertThat(reconcile).singleElement().satisfies(p -> assertThat(p.batchId()).isEqualTo(2));
    }

    @Test
    void shouldSetTheMarginTypeAndLeverageAtStart() throws Exception
    {
        start(config(MarginMode.ISOLATED, 7), SECRET);
        assertThat(simulator.isolated("BTCUSDT")).isTrue();
        assertThat(simulator.leverage("BTCUSDT")).isEqualTo(7);
        assertThat(sink.positions(PositionSource.START)).singleElement().satisfies(p ->
        {
            assertThat(p.marginMode()).isEqualTo(MarginMode.ISOLATED);
            assertThat(p.leverage()).isEqualTo(7);
        });
    }

    @Test
    void shouldStartWhenTheMarginTypeNeedsNoChange() throws Exception
    {
        start(config(MarginMode.CROSS, 3), SECRET); // the account is cross already: -4046
        assertThat(signed(HttpMethod.POST, BinanceGateway.MARGIN_TYPE_PATH, "symbol=BTCUSDT&marginType=CROSSED"))
            .contains("-4046");
        assertThat(simulator.leverage("BTCUSDT")).isEqualTo(3);
    }

    @Test
    void shouldFailStartNamingTheSymbolAndTheVenueAnswerWhenTheLeverageIsRefused()
    {
        simulator.maxLeverage(20);
        assertThatThrownBy(() -> start(config(MarginMode.CROSS, 25), SECRET))
            .isInstanceOf(ExecutionException.class)
            .hasMessageContaining("BTCUSDT")
            .hasMessageContaining("code -4028 Leverage 25 is not valid");
        assertThat(sink.balances()).isEmpty();
    }

    @Test
    void shouldFailStartInHedgeMode()
    {
        simulator.hedgeMode(true);
        assertThatThrownBy(() -> start(config(), SECRET)).isInstanceOf(ExecutionException.class).hasMessageContaining("Hedge Mode");
    }

    @Test
    void shouldAnswerThePositionRiskInTheDocumentedShape() throws Exception
    {
        start(config(), SECRET);
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        commands.ioc(gateway, Venue.BINANCE, 202, BTC, Side.SELL, ask.subtract(BigDecimal.TEN).toPlainString(), "0.010");
        assertThat(sink.awaitTerminal(202, WAIT_MS)).isTrue();
        final String answer = signed(HttpMethod.GET, BinanceGateway.POSITION_RISK_PATH, "");
        assertThat(Fixtures.shape(answer)).isEqualTo(Fixtures.shape(Fixtures.text("binance/position-risk-v2.json")));
        assertThat(answer).contains("\"positionAmt\":\"-0.010\"").contains("\"marginType\":\"cross\"");
    }

    @Test
    void shouldAnswerTheBalanceInTheDocumentedShape() throws Exception
    {
        start(config(), SECRET);
        assertThat(Fixtures.shape(signed(HttpMethod.GET, "/fapi/v3/balance", ""))).isEqualTo(Fixtures.shape(Fixtures.text("binance/balance-v3.json")));
    }

    @Test
    void shouldAnswerTheSetUpRequestsInTheDocumentedShapes() throws Exception
    {
        start(config(), SECRET);
        assertThat(Fixtures.shape(signed(HttpMethod.GET, BinanceGateway.POSITION_MODE_PATH, "")))
            .isEqualTo(Fixtures.shape(Fixtures.text("binance/position-mode.json")));
        assertThat(Fixtures.shape(signed(HttpMethod.POST, BinanceGateway.MARGIN_TYPE_PATH, "symbol=BTCUSDT&marginType=ISOLATED")))
            .isEqualTo(Fixtures.shape(Fixtures.text("binance/margin-type.json")));
        assertThat(signed(HttpMethod.POST, BinanceGateway.MARGIN_TYPE_PATH, "symbol=BTCUSDT&marginType=ISOLATED"))
            .isEqualToIgnoringWhitespace(Fixtures.text("binance/margin-type-no-need.json"));
        assertThat(Fixtures.shape(signed(HttpMethod.POST, BinanceGateway.LEVERAGE_PATH, "symbol=BTCUSDT&leverage=21")))
            .isEqualTo(Fixtures.shape(Fixtures.text("binance/leverage.json")));
    }

    @Test
    void shouldPublishTheVenueAvailableBalanceFallingAfterAFill() throws Exception
    {
        start(config(), SECRET);
        final long before = sink.balances(Quote.USDT).get(sink.balances(Quote.USDT).size() - 1).availableBalance();
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        commands.ioc(gateway, Venue.BINANCE, 203, BTC, Side.BUY, ask.add(BigDecimal.TEN).toPlainString(), "0.010");
        assertThat(sink.awaitTerminal(203, WAIT_MS)).isTrue();
        final long expected = fixed(simulator.availableBalance().setScale(8, RoundingMode.HALF_UP));
        assertThat(sink.await(s -> s.balances().stream().anyMatch(b -> b.asset() == Quote.USDT && b.availableBalance() == expected), WAIT_MS))
            .isTrue();
        assertThat(expected).isLessThan(before);
        assertThat(sink.balances()).allSatisfy(b -> assertThat(b.availableBalance()).isLessThanOrEqualTo(b.walletBalance()));
    }

    @Test
    void shouldCarryTheBnbCommissionAsset() throws Exception
    {
        simulator.feesInBnb(new BigDecimal("600"));
        start(config(), SECRET);
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        commands.ioc(gateway, Venue.BINANCE, 204, BTC, Side.BUY, ask.add(BigDecimal.TEN).toPlainString(), "0.010");
        assertThat(sink.await(s -> s.reports(204).stream().anyMatch(r -> r.execType() == ExecType.FILL && r.feeAsset() == Asset.BNB), WAIT_MS))
            .as("the stream's TRADE (N = BNB) reaches the engine first or after the REST RESULT's estimate").isTrue();
        final BigDecimal usdtFee = SimAccount.fee(ask, new BigDecimal("0.010"), new BigDecimal("0.0005"));
        assertThat(sink.reports(204).stream().filter(r -> r.feeAsset() == Asset.BNB).findFirst().orElseThrow().fee())
            .isEqualTo(fixed(usdtFee.divide(new BigDecimal("600"), 8, RoundingMode.HALF_UP)));
    }

    @Test
    void shouldReplaceTheEstimatedFeeOfARestFillByTheVenueCommissionWithoutCountingTheQuantityTwice() throws Exception
    {
        simulator.feesInBnb(new BigDecimal("600")).delayPrivateEvents(300); // the RESULT first, then the stream's TRADE
        start(config(), SECRET);
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        commands.ioc(gateway, Venue.BINANCE, 206, BTC, Side.BUY, ask.add(BigDecimal.TEN).toPlainString(), "0.010");
        assertThat(sink.await(s -> s.reports(206).stream().anyMatch(r -> r.feeAsset() == Asset.BNB), WAIT_MS)).isTrue();

        final BigDecimal usdtFee = SimAccount.fee(ask, new BigDecimal("0.010"), new BigDecimal("0.0005"));
        final List<Report> fills = sink.reports(206).stream().filter(r -> r.execType() == ExecType.FILL).toList();
        assertThat(fills.get(0).lastQty()).isEqualTo(FixedPoint.parse("0.010"));
        assertThat(fills.get(0).fee()).isEqualTo(fixed(usdtFee)); // the estimate
        assertThat(fills.subList(1, fills.size())).hasSize(2).allSatisfy(r ->
        {
            assertThat(r.lastQty()).isZero();
            assertThat(r.cumQty()).isEqualTo(FixedPoint.parse("0.010"));
        });
        assertThat(fills.stream().filter(r -> r.feeAsset() == Asset.NULL_VAL).mapToLong(Report::fee).sum()).isZero();
        assertThat(fills.stream().filter(r -> r.feeAsset() == Asset.BNB).mapToLong(Report::fee).sum())
            .isEqualTo(fixed(usdtFee.divide(new BigDecimal("600"), 8, RoundingMode.HALF_UP)));
        assertThat(gateway.feeCorrections()).isEqualTo(2);
    }

    @Test
    void shouldReportALiquidationOnceWithItsFlagThenThePosition() throws Exception
    {
        start(config(MarginMode.ISOLATED, 10), SECRET);
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        commands.ioc(gateway, Venue.BINANCE, 205, BTC, Side.BUY, ask.add(BigDecimal.TEN).toPlainString(), "0.010");
        assertThat(sink.await(s -> s.positions(PositionSource.FILL).stream().anyMatch(p -> p.quantity() != 0), WAIT_MS)).isTrue();
        simulator.shock("BTCUSDT", 0.85); // -15 %: beyond an isolated 10x long's liquidation price
        assertThat(sink.await(s -> s.reports().stream().anyMatch(r -> r.execFlag() == ExecFlag.LIQUIDATION), WAIT_MS)).isTrue();
        assertThat(sink.await(s -> !s.positions(PositionSource.FILL).isEmpty()
            && s.positions(PositionSource.FILL).get(s.positions(PositionSource.FILL).size() - 1).quantity() == 0, WAIT_MS)).isTrue();
        assertThat(sink.reports().stream().filter(r -> r.execFlag() == ExecFlag.LIQUIDATION).toList()).singleElement().satisfies(r ->
        {
            assertThat(r.execType()).isEqualTo(ExecType.FILL);
            assertThat(r.side()).isEqualTo(Side.SELL);
            assertThat(r.lastQty()).isEqualTo(FixedPoint.parse("0.010"));
            assertThat(VenueOrderIds.isForeign(r.clientOrderId())).isTrue();
            assertThat(r.pairId()).isZero();
            assertThat(r.feeAsset()).isEqualTo(Asset.USDT);
        });
        assertThat(simulator.position("BTCUSDT").qty().signum()).isZero();
    }

    @Test
    void shouldEmitTheLiquidationInTheDocumentedShapes() throws Exception
    {
        start(config(MarginMode.ISOLATED, 10), SECRET);
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        commands.ioc(gateway, Venue.BINANCE, 206, BTC, Side.BUY, ask.add(BigDecimal.TEN).toPlainString(), "0.010");
        assertThat(sink.awaitTerminal(206, WAIT_MS)).isTrue();
        simulator.shock("BTCUSDT", 0.85);
        final List<String> events = simulator.privateEvents();
        final String liquidation = events.stream().filter(e -> e.contains("\"autoclose-")).findFirst().orElseThrow();
        assertThat(Fixtures.shape(liquidation)).isEqualTo(Fixtures.shape(Fixtures.text("binance/order-trade-update-liquidation.json")));
        assertThat(liquidation).contains("\"x\":\"CALCULATED\"").contains("\"o\":\"LIQUIDATION\"");
        final String account = events.get(events.size() - 1);
        assertThat(Fixtures.shape(account)).isEqualTo(Fixtures.shape(Fixtures.text("binance/account-update-funding-fee-isolated.json")));
        assertThat(account).contains("\"m\":\"ORDER\"").contains("\"pa\":\"0\"");
    }
}
