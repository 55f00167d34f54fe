package io.fundingarb.connectors.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.ExecFlag;
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

/** The gateway reads Binance's documented position and set-up answers (fixtures/binance). */
@Timeout(10)
class BinanceAccountFixturesTest
{
    private final IoGroup io = new IoGroup(1, "fa-test-binance-account");
    private final GatewayEventSink sink = new GatewayEventSink();

    @AfterEach
    void close()
    {
        io.close();
    }

    private static RestResponse answer(final int status, final String fixture)
    {
        return new RestResponse(status, Map.of(), Fixtures.text(fixture).getBytes(StandardCharsets.UTF_8));
    }

    /** One batch read from {@code fixture} for instruments 1 = BTCUSDT and 2 = ETHUSDT. */
    private void readBatch(final String fixture) throws Exception
    {
        final AtomicReference<PositionRequests> requests = new AtomicReference<>();
        requests.set(new PositionRequests("test", LoggerFactory.getLogger(getClass()), io.group().next(),
            new VenueSymbols().add(1, "BTCUSDT").add(2, "ETHUSDT"), new GatewayPublisher(sink, () -> 5L, Venue.BINANCE), AccountSettings.DEFAULT,
            () -> CompletableFuture.completedFuture(BinanceGateway.readPositionRisk(answer(200, fixture), requests.get()))));
        requests.get().request(PositionSource.START).get(5, TimeUnit.SECONDS);
    }

    @Test
    void shouldReadTheDocumentedFlatPosition() throws Exception
    {
        readBatch("binance/position-risk-v2.json");
        assertThat(sink.positions()).hasSize(2);
        assertThat(sink.positions().get(0)).satisfies(p ->
        {
            assertThat(p.instrumentId()).isEqualTo(1);
            assertThat(p.quantity()).isZero();
            assertThat(p.markPrice()).isEqualTo(FixedPoint.parse("6679.50671178"));
            assertThat(p.liquidationPrice()).isEqualTo(FixedPoint.NULL);
            assertThat(p.maintenanceMargin()).isEqualTo(FixedPoint.NULL);
            assertThat(p.leverage()).isEqualTo(10);
            assertThat(p.marginMode()).isEqualTo(MarginMode.ISOLATED);
            assertThat(p.batchIndex()).isZero();
            assertThat(p.batchSize()).isEqualTo(2);
        });
    }

    @Test
    void shouldReportAnInstrumentTheVenueLeftOutAsFlat() throws Exception
    {
        readBatch("binance/position-risk-v2.json");
        assertThat(sink.positions().get(1)).satisfies(p ->
        {
            assertThat(p.instrumentId()).isEqualTo(2);
            assertThat(p.quantity()).isZero();
            assertThat(p.entryPrice()).isEqualTo(FixedPoint.NULL);
            assertThat(p.leverage()).isEqualTo(AccountSettings.DEFAULT.leverage());
            assertThat(p.batchIndex()).isEqualTo(1);
        });
    }

    @Test
    void shouldReadAnOpenShortSignedWithItsLiquidationPrice() throws Exception
    {
        readBatch("binance/position-risk-v2-open.json");
        assertThat(sink.positions().get(0)).satisfies(p ->
        {
            assertThat(p.quantity()).isEqualTo(FixedPoint.parse("-0.010"));
            assertThat(p.entryPrice()).isEqualTo(FixedPoint.parse("6563.665"));
            assertThat(p.liquidationPrice()).isEqualTo(FixedPoint.parse("7199.84"));
            assertThat(p.marginMode()).isEqualTo(MarginMode.CROSS);
        });
    }

    @Test
    void shouldTakeNoNeedToChangeMarginTypeAsSuccess()
    {
        assertThat(BinanceAccountSetUp.refusal(answer(400, "binance/margin-type-no-need.json"), true)).isNull();
        assertThat(BinanceAccountSetUp.refusal(answer(200, "binance/margin-type.json"), true)).isNull();
        assertThat(BinanceAccountSetUp.refusal(answer(200, "binance/leverage.json"), false)).isNull();
    }

    @Test
    void shouldNameTheVenueCodeOfAnyOtherRefusal()
    {
        assertThat(BinanceAccountSetUp.refusal(answer(400, "binance/margin-type-no-need.json"), false))
            .isEqualTo("HTTP 400 code -4046 No need to change margin type.");
    }

    @Test
    void shouldRecogniseTheDocumentedLiquidationOrder()
    {
        final Object o = JsonTree.get(
            JsonTree.parse(Fixtures.text("binance/order-trade-update-liquidation.json")), "o");
        assertThat(BinanceGateway.forcedClose(o)).isEqualTo(ExecFlag.LIQUIDATION);
    }

    @Test
    void shouldRecogniseTheDocumentedAdlOrder()
    {
        final Object o = JsonTree.get(
            JsonTree.parse(Fixtures.text("binance/order-trade-update-adl.json")), "o");
        assertThat(BinanceGateway.forcedClose(o)).isEqualTo(ExecFlag.ADL);
    }

    @Test
    void shouldNotTakeAnOrdinaryOrderForAForcedClose()
    {
        assertThat(BinanceGateway.forcedClose(JsonTree.parse(Fixtures.text("binance/query-order.json"))))
            .isEqualTo(ExecFlag.NONE);
    }
}
