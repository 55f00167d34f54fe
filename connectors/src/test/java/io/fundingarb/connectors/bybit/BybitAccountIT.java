package io.fundingarb.connectors.bybit;

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
import io.fundingarb.connectors.bybit.sim.BybitSimulator;
import io.fundingarb.connectors.gateway.AccountSettings;
import io.fundingarb.connectors.gateway.Fixtures;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.GatewayEventSink.Position;
import io.fundingarb.connectors.gateway.GatewayITSupport;
import io.fundingarb.connectors.gateway.VenueOrderIds;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The account side of BybitGateway against BybitSimulator over loopback: set-up, positions, and the simulator's documented shapes. */
@Timeout(30)
class BybitAccountIT extends GatewayITSupport<BybitSimulator, BybitGateway>
{
    private static final int BTC = 7;

    BybitAccountIT()
    {
        super("fa-it-bybit-account", 14L, "0.00055");
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

    private GatewayConfig config(final MarginMode mode, final int leverage)
    {
        return config().withAccount(new AccountSettings(mode, leverage, TimeUnit.SECONDS.toNanos(30)));
    }

    private String signedGet(final String path, final String query) throws Exception
    {
        return CompletableFuture.supplyAsync(() -> gateway.signedGet(path, query), io.group().next()).thenCompose(answer -> answer)
            .get(WAIT_MS, TimeUnit.MILLISECONDS).bodyText();
    }

    private String signedPost(final String path, final String json) throws Exception
    {
        return CompletableFuture.supplyAsync(() -> gateway.signedPost(path, json), io.group().next()).thenCompose(answer -> answer)
            .get(WAIT_MS, TimeUnit.MILLISECONDS).bodyText();
    }

    @Test
    void shouldPublishAFlatPositionBatchBeforeStartCompletes() throws Exception
    {
        start(config(), SECRET);
        assertThat(sink.positions()).singleElement().satisfies(p ->
        {
            assertThat(p.source()).isEqualTo(PositionSource.START);
            assertThat(p.venue()).isEqualTo(Venue.BYBIT);
            assertThat(p.instrumentId()).isEqualTo(BTC);
            assertThat(p.quantity()).isZero();
            assertThat(p.batchId()).isEqualTo(1);
            assertThat(p.batchSize()).isEqualTo(1);
        });
    }

    @Test
    void shouldPublishTheShortWithItsLiquidationPriceAfterAFill() throws Exception
    {
        start(config(MarginMode.ISOLATED, 5), SECRET);
        final BigDecimal bid = simulator.touch("BTCUSDT")[0];
        commands.ioc(gateway, Venue.BYBIT, 301, BTC, Side.SELL, bid.subtract(BigDecimal.TEN).toPlainString(), "0.010");
        assertThat(sink.await(s -> s.positions(PositionSource.FILL).stream().anyMatch(p -> p.quantity() == FixedPoint.parse("-0.010")), WAIT_MS))
            .isTrue();
        final Position p = sink.positions(PositionSource.FILL).stream().filter(x -> x.quantity() != 0).findFirst().orElseThrow();
        assertThat(p.entryPrice()).isEqualTo(fixed(bid));
        assertThat(p.marginMode()).isEqualTo(MarginMode.ISOLATED);
        assertThat(p.leverage()).isEqualTo(5);
        // isolated short at 5x, MMR 0.5 %: LP = EP + (IM - MM) / size = EP x (1 + 1/5 - 0.005)
        assertThat(p.liquidationPrice()).isEqualTo(fixed(bid.multiply(new BigDecimal("1.195")).setScale(1, RoundingMode.HALF_EVEN)));
        assertThat(p.maintenanceMargin()).isPositive();
    }

    @Test
    void shouldPublishPositionsOnDemandWithTheReconcileSource() throws Exception
    {
        start(config(), SECRET);
        gateway.requestPositions(PositionSource.RECONCILE).get(WAIT_MS, TimeUnit.MILLISECONDS);
        assertThat(sink.positions(PositionSource.RECONCILE)).singleElement().satisfies(p -> assertThat(p.batchId()).isEqualTo(2));
    }

    @Test
    void shouldSetTheMarginModeAndLeverageAtStart() throws Exception
    {
        start(config(MarginMode.ISOLATED, 7), SECRET);
        assertThat(simulator.isolated("BTCUSDT")).isTrue();
        assertThat(simulator.leverage("BTCUSDT")).isEqualTo(7);
    }

    @Test
    void shouldStartWhenTheLeverageIsNotModified() throws Exception
    {
        start(config(MarginMode.CROSS, 7), SECRET);
        gateway.close();
        gateway = null;
        start(config(MarginMode.CROSS, 7), SECRET); // the venue answers 110043 "Set leverage not modified" this time
        assertThat(simulator.leverage("BTCUSDT")).isEqualTo(7);
        assertThat(sink.positions(PositionSource.START)).hasSize(2);
    }

    @Test
    void shouldFailStartNamingTheSymbolAndTheVenueAnswerWhenTheLeverageIsRefused()
    {
        simulator.maxLeverage(20);
        assertThatThrownBy(() -> start(config(MarginMode.CROSS, 25), SECRET))
            .isInstanceOf(ExecutionException.class)
            .hasMessageContaining("BTCUSDT")
            .hasMessageContaining("retCode 110013");
        assertThat(sink.balances()).isEmpty();
    }

    @Test
    void shouldAnswerThePositionListInTheDocumentedShape() throws Exception
    {
        start(config(), SECRET);
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        commands.ioc(gateway, Venue.BYBIT, 302, BTC, Side.BUY, ask.add(BigDecimal.TEN).toPlainString(), "0.010");
        assertThat(sink.awaitTerminal(302, WAIT_MS)).isTrue();
        final String answer = signedGet(BybitGateway.POSITION_LIST_PATH, "category=linear&settleCoin=USDT");
        assertThat(Fixtures.shape(answer)).isEqualTo(Fixtures.shape(Fixtures.text("bybit/position-list.json")));
        assertThat(answer).contains("\"size\":\"0.010\"").contains("\"side\":\"Buy\"");
    }

    @Test
    void shouldAnswerTheSetUpRequestsInTheDocumentedShapes() throws Exception
    {
        start(config(), SECRET);
        assertThat(Fixtures.shape(signedPost(BybitGateway.SET_LEVERAGE_PATH,
            "{\"category\":\"linear\",\"symbol\":\"BTCUSDT\",\"buyLeverage\":\"9\",\"sellLeverage\":\"9\"}")))
            .isEqualTo(Fixtures.shape(Fixtures.text("bybit/set-leverage.json")));
        assertThat(Fixtures.shape(signedPost(BybitGateway.SET_LEVERAGE_PATH,
            "{\"category\":\"linear\",\"symbol\":\"BTCUSDT\",\"buyLeverage\":\"9\",\"sellLeverage\":\"9\"}")))
            .isEqualTo(Fixtures.shape(Fixtures.text("bybit/set-leverage-not-modified.json")));
        assertThat(Fixtures.shape(signedPost(BybitGateway.SET_MARGIN_MODE_PATH, "{\"setMarginMode\":\"ISOLATED_MARGIN\"}")))
            .isEqualTo(Fixtures.shape(Fixtures.text("bybit/set-margin-mode.json")));
        assertThat(signedPost(BybitGateway.SET_MARGIN_MODE_PATH, "{\"setMarginMode\":\"PORTFOLIO_MARGIN\"}"))
            .isEqualToIgnoringWhitespace(Fixtures.text("bybit/set-margin-mode-failed.json"));
    }

    @Test
    void shouldPublishTheVenueAvailableBalanceFallingAfterAFill() throws Exception
    {
        start(config(), SECRET);
        final long before = sink.balances(Quote.USDT).get(sink.balances(Quote.USDT).size() - 1).availableBalance();
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        commands.ioc(gateway, Venue.BYBIT, 303, BTC, Side.BUY, ask.add(BigDecimal.TEN).toPlainString(), "0.010");
        assertThat(sink.awaitTerminal(303, WAIT_MS)).isTrue();
        final long expected = fixed(simulator.availableBalance().setScale(8, RoundingMode.HALF_UP));
        assertThat(sink.await(s -> s.balances().stream().anyMatch(b -> b.asset() == Quote.USDT && b.availableBalance() == expected), WAIT_MS))
            .isTrue();
        assertThat(expected).isLessThan(before);
        assertThat(sink.balances()).allSatisfy(b -> assertThat(b.availableBalance()).isLessThanOrEqualTo(b.walletBalance()));
    }

    @Test
    void shouldStreamTheWalletInTheDocumentedShape() throws Exception
    {
        start(config(), SECRET);
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        commands.ioc(gateway, Venue.BYBIT, 307, BTC, Side.BUY, ask.add(BigDecimal.TEN).toPlainString(), "0.010");
        assertThat(sink.awaitTerminal(307, WAIT_MS)).isTrue();
        assertThat(sink.await(s -> simulator.privateEvents().stream().anyMatch(e -> e.contains("\"topic\":\"wallet\"")), WAIT_MS)).isTrue();

        final String wallet = simulator.privateEvents().stream().filter(e -> e.contains("\"topic\":\"wallet\"")).reduce((a, b) -> b).orElseThrow();
        assertThat(Fixtures.shape(wallet)).isEqualTo(Fixtures.shape(Fixtures.text("bybit/wallet-stream.json")));
    }

    @Test
    void shouldReportALiquidationOnceWithItsFlagThenThePosition() throws Exception
    {
        start(config(MarginMode.ISOLATED, 10), SECRET);
        final BigDecimal bid = simulator.touch("BTCUSDT")[0];
        commands.ioc(gateway, Venue.BYBIT, 305, BTC, Side.SELL, bid.subtract(BigDecimal.TEN).toPlainString(), "0.010");
        assertThat(sink.await(s -> s.positions(PositionSource.FILL).stream().anyMatch(p -> p.quantity() != 0), WAIT_MS)).isTrue();
        simulator.shock("BTCUSDT", 1.15); // +15 %: beyond an isolated 10x short's liquidation price
        assertThat(sink.await(s -> s.reports().stream().anyMatch(r -> r.execFlag() == ExecFlag.LIQUIDATION), WAIT_MS)).isTrue();
        assertThat(sink.await(s -> !s.positions(PositionSource.FILL).isEmpty()
            && s.positions(PositionSource.FILL).get(s.positions(PositionSource.FILL).size() - 1).quantity() == 0, WAIT_MS)).isTrue();
        assertThat(sink.reports().stream().filter(r -> r.execFlag() == ExecFlag.LIQUIDATION).toList()).singleElement().satisfies(r ->
        {
            assertThat(r.execType()).isEqualTo(ExecType.FILL);
            assertThat(r.side()).isEqualTo(Side.BUY);
            assertThat(r.lastQty()).isEqualTo(FixedPoint.parse("0.010"));
            assertThat(VenueOrderIds.isForeign(r.clientOrderId())).isTrue();
            assertThat(r.pairId()).isZero();
            assertThat(r.feeAsset()).isEqualTo(Asset.USDT);
        });
        final String bust = simulator.privateEvents().stream().filter(e -> e.contains("\"BustTrade\"")).findFirst().orElseThrow();
        assertThat(Fixtures.shape(bust).keySet()).isEqualTo(Fixtures.shape(Fixtures.text("bybit/execution-bust-trade.json")).keySet());
        assertThat(Fixtures.shape(bust)).isEqualTo(Fixtures.shape(Fixtures.text("bybit/execution-bust-trade.json")));
        final String position = simulator.privateEvents().stream().filter(e -> e.contains("\"topic\":\"position\"")).findFirst().orElseThrow();
        assertThat(Fixtures.shape(position)).isEqualTo(Fixtures.shape(Fixtures.text("bybit/position-stream.json")));
        assertThat(position).contains("\"size\":\"0.000\"", "\"side\":\"\"");
    }

    @Test
    void shouldCarryTheSettleCoinAsTheFeeAsset() throws Exception
    {
        start(config(), SECRET);
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        commands.ioc(gateway, Venue.BYBIT, 306, BTC, Side.BUY, ask.add(BigDecimal.TEN).toPlainString(), "0.010");
        assertThat(sink.await(s -> s.reports(306).stream().anyMatch(r -> r.execType() == ExecType.FILL), WAIT_MS)).isTrue();
        assertThat(sink.reports(306).stream().filter(r -> r.execType() == ExecType.FILL).findFirst().orElseThrow().feeAsset())
            .isIn(Asset.USDT, Asset.NULL_VAL); // the execution's settle coin, or the order stream's quote when it came first
    }
}
