package io.fundingarb.connectors.bybit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Asset;
import io.fundingarb.codecs.sbe.MarginMode;
import io.fundingarb.codecs.sbe.PositionSource;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.gateway.AccountSettings;
import io.fundingarb.connectors.gateway.Fixtures;
import io.fundingarb.connectors.gateway.GatewayEventSink;
import io.fundingarb.connectors.gateway.GatewayPublisher;
import io.fundingarb.connectors.gateway.PositionRequests;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.transport.IoGroup;
import io.fundingarb.connectors.transport.RestResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** The gateway reads Bybit's documented position and set-up answers (fixtures/bybit). */
@Timeout(10)
class BybitAccountFixturesTest
{
    private final IoGroup io = new IoGroup(1, "fa-test-bybit-account");
    private final GatewayEventSink sink = new GatewayEventSink();

    @AfterEach
    void close()
    {
        io.close();
    }

    private static RestResponse answer(final String fixture)
    {
        return new RestResponse(200, Map.of(), Fixtures.text(fixture).getBytes(StandardCharsets.UTF_8));
    }

    private void readBatch(final String fixture) throws Exception
    {
        final AtomicReference<PositionRequests> requests = new AtomicReference<>();
        requests.set(new PositionRequests("test", LoggerFactory.getLogger(getClass()), io.group().next(),
            new VenueSymbols().add(1, "BTCUSD").add(2, "BTCUSDT"), new GatewayPublisher(sink, () -> 5L, Venue.BYBIT), AccountSettings.DEFAULT,
            () -> CompletableFuture.completedFuture(BybitGateway.readPositionList(answer(fixture), requests.get(), new String[1]))));
        requests.get().request(PositionSource.POLL).get(5, TimeUnit.SECONDS);
    }

    @Test
    void shouldReadTheDocumentedPositionSignedBySide() throws Exception
    {
        readBatch("bybit/position-list.json");
        assertThat(sink.positions().get(0)).satisfies(p ->
        {
            assertThat(p.quantity()).isEqualTo(FixedPoint.parse("-300"));
            assertThat(p.entryPrice()).isEqualTo(FixedPoint.parse("27464.50441675"));
            assertThat(p.markPrice()).isEqualTo(FixedPoint.parse("28224.50"));
            assertThat(p.liquidationPrice()).as("liqPrice \"\"").isEqualTo(FixedPoint.NULL);
            assertThat(p.maintenanceMargin()).isEqualTo(FixedPoint.parse("0.0000015"));
            assertThat(p.leverage()).isEqualTo(10);
            assertThat(p.marginMode()).isEqualTo(MarginMode.CROSS);
            assertThat(p.source()).isEqualTo(PositionSource.POLL);
        });
        assertThat(sink.positions().get(1).quantity()).as("BTCUSDT absent: flat").isZero();
    }

    @Test
    void shouldReadAnIsolatedLinearShortWithItsLiquidationPrice() throws Exception
    {
        readBatch("bybit/position-list-linear.json");
        assertThat(sink.positions().get(1)).satisfies(p ->
        {
            assertThat(p.quantity()).isEqualTo(FixedPoint.parse("-0.010"));
            assertThat(p.liquidationPrice()).isEqualTo(FixedPoint.parse("77675"));
            assertThat(p.maintenanceMargin()).isEqualTo(FixedPoint.parse("3.255"));
            assertThat(p.leverage()).isEqualTo(5);
            assertThat(p.marginMode()).isEqualTo(MarginMode.ISOLATED);
        });
    }

    @Test
    void shouldTakeLeverageNotModifiedAsSuccess()
    {
        assertThat(BybitAccountSetUp.refusal(answer("bybit/set-leverage-not-modified.json"), true)).isNull();
        assertThat(BybitAccountSetUp.refusal(answer("bybit/set-leverage.json"), true)).isNull();
        assertThat(BybitAccountSetUp.refusal(answer("bybit/set-margin-mode.json"), false)).isNull();
    }

    @Test
    void shouldNameTheRetCodeOfARefusal()
    {
        assertThat(BybitAccountSetUp.refusal(answer("bybit/set-margin-mode-failed.json"), false)).isEqualTo("retCode 3400045 Set margin mode failed");
        assertThat(BybitAccountSetUp.refusal(answer("bybit/set-leverage-not-modified.json"), false))
            .isEqualTo("retCode 110043 Set leverage not modified");
    }

    @Test
    void shouldTakeTheSettleCoinAsTheFeeAssetOfALinearExecution()
    {
        final Object execution = JsonTree.list(JsonTree.get(
            JsonTree.parse(Fixtures.text("bybit/execution-bust-trade.json")), "data")).get(0);
        assertThat(BybitGateway.feeAsset(execution)).isEqualTo(Asset.USDT);
    }
}
