package io.fundingarb.connectors.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Asset;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.gateway.Fixtures;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.GatewayEventSink;
import io.fundingarb.connectors.gateway.GatewayEventSink.Report;
import io.fundingarb.connectors.gateway.GatewayPublisher;
import io.fundingarb.connectors.gateway.OrderTracker;
import io.fundingarb.connectors.gateway.TrackedOrder;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.transport.IoGroup;
import java.net.URI;
import java.util.List;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The venue's commission replaces the estimate of a fill first learned from the REST answer, on the
 * documented payloads (fixtures/binance: query-order.json, the answer shape of the order RESULT;
 * order-trade-update-adl.json, a documented TRADE of ORDER_TRADE_UPDATE).
 */
class BinanceFeeCorrectionTest
{
    private static final long NOW_NS = 1_568_879_465_650_000_000L;

    private final IoGroup io = new IoGroup(1, "fa-test-binance-fees");
    private final GatewayEventSink sink = new GatewayEventSink();
    private final BinanceGateway gateway = new BinanceGateway(
        GatewayConfig.of(URI.create("http://127.0.0.1:9"), URI.create("ws://127.0.0.1:9"), FixedPoint.parse("0.0005")), "key", "secret",
        io.group(), sink, new SystemEpochNanoClock(), new VenueSymbols().add(1, "BTCUSDT"), BinanceWsLayout.SPLIT, 1_765_000_000L);
    private final TrackedOrder order = new OrderTracker(new GatewayPublisher(new GatewayEventSink(), () -> 0L, Venue.BINANCE), 16)
        .track(8, 1, 1, Side.BUY, FixedPoint.NULL, FixedPoint.parse("0.40"), 0);

    @AfterEach
    void close()
    {
        gateway.close();
        io.close();
    }

    /** The documented RESULT, filled: 0.40 at 9300 (cumQuote 3720), so the estimate is 3720 x 0.0005 = 1.86. */
    private void restResult(final String executed, final String cumQuote)
    {
        gateway.applyOrderJson(order, JsonTree.parse(Fixtures.text("binance/query-order.json")
            .replace("\"status\": \"NEW\"", "\"status\": \"" + ("0.40".equals(executed) ? "FILLED" : "PARTIALLY_FILLED") + "\"")
            .replace("\"executedQty\": \"0\"", "\"executedQty\": \"" + executed + "\"").replace("\"cumQuote\": \"0\"", "\"cumQuote\": \"" + cumQuote + "\"")));
    }

    /** The documented TRADE with this trade's quantity, cumulative quantity, commission and its asset. */
    private void streamTrade(final String last, final String cum, final String commission, final String asset)
    {
        final Object event = JsonTree.parse(Fixtures.text("binance/order-trade-update-adl.json")
            .replace("\"l\": \"0.001\"", "\"l\": \"" + last + "\"").replace("\"z\": \"0.001\"", "\"z\": \"" + cum + "\"")
            .replace("\"L\": \"7103.04\"", "\"L\": \"9300\"").replace("\"n\": \"0.00000592\"", "\"n\": \"" + commission + "\"")
            .replace("\"N\": \"BNB\"", "\"N\": \"" + asset + "\""));
        gateway.applyTrade(order, JsonTree.get(event, "o"), NOW_NS);
    }

    private List<Report> feeOnly()
    {
        return sink.reports().stream().filter(r -> r.lastQty() == 0 && r.execType() == ExecType.FILL).toList();
    }

    private long fees(final Asset asset)
    {
        return sink.reports().stream().filter(r -> r.feeAsset() == asset).mapToLong(Report::fee).sum();
    }

    @Test
    void shouldPublishTheFillFromTheRestAnswerWithTheEstimatedFee()
    {
        restResult("0.40", "3720");

        assertThat(sink.reports()).singleElement().satisfies(r ->
        {
            assertThat(r.lastQty()).isEqualTo(FixedPoint.parse("0.40"));
            assertThat(r.fee()).isEqualTo(FixedPoint.parse("1.86"));
            assertThat(r.feeAsset()).isEqualTo(Asset.NULL_VAL);
        });
    }

    @Test
    void shouldPublishTheDifferenceToTheVenueCommissionAsAFeeOnlyReport()
    {
        restResult("0.40", "3720");
        streamTrade("0.40", "0.40", "0.744", "USDT"); // a maker fill: 0.02 %

        assertThat(feeOnly()).singleElement().satisfies(r ->
        {
            assertThat(r.fee()).isEqualTo(FixedPoint.parse("-1.116"));
            assertThat(r.feeAsset()).isEqualTo(Asset.USDT);
            assertThat(r.cumQty()).isEqualTo(FixedPoint.parse("0.40"));
            assertThat(r.leavesQty()).isZero();
            assertThat(r.lastPrice()).isEqualTo(FixedPoint.NULL);
        });
        assertThat(sink.reports().stream().mapToLong(Report::lastQty).sum()).isEqualTo(FixedPoint.parse("0.40"));
        assertThat(sink.reports().stream().mapToLong(Report::fee).sum()).isEqualTo(FixedPoint.parse("0.744"));
    }

    @Test
    void shouldTakeTheEstimateBackInTheQuoteAndBookACommissionInBnbInItsAsset()
    {
        restResult("0.40", "3720");
        streamTrade("0.40", "0.40", "0.00310000", "BNB");

        assertThat(feeOnly()).hasSize(2);
        assertThat(fees(Asset.NULL_VAL)).isZero();
        assertThat(fees(Asset.BNB)).isEqualTo(FixedPoint.parse("0.0031"));
        assertThat(sink.reports().stream().mapToLong(Report::lastQty).sum()).isEqualTo(FixedPoint.parse("0.40"));
    }

    @Test
    void shouldPublishNothingMoreWhenTheCommissionEqualsTheEstimate()
    {
        restResult("0.40", "3720");
        streamTrade("0.40", "0.40", "1.86", "USDT");

        assertThat(sink.reports()).hasSize(1);
    }

    @Test
    void shouldReplaceTheEstimateTradeByTradeWhenTheRestAnswerCoveredSeveral()
    {
        restResult("0.40", "3720");
        streamTrade("0.10", "0.10", "0.186", "USDT");
        streamTrade("0.30", "0.40", "0.558", "USDT");

        assertThat(feeOnly()).hasSize(2);
        assertThat(sink.reports().stream().mapToLong(Report::fee).sum()).isEqualTo(FixedPoint.parse("0.744"));
        assertThat(sink.reports().stream().mapToLong(Report::lastQty).sum()).isEqualTo(FixedPoint.parse("0.40"));
    }

    @Test
    void shouldPublishTheRestOfATradeAsAFillWithItsCommissionAndTakeThePublishedPartsEstimateBack()
    {
        restResult("0.10", "930"); // estimate 0.465
        streamTrade("0.40", "0.40", "0.744", "USDT");

        assertThat(sink.reports().stream().filter(r -> r.lastQty() > 0).mapToLong(Report::lastQty).toArray())
            .containsExactly(FixedPoint.parse("0.10"), FixedPoint.parse("0.30"));
        assertThat(sink.reports().stream().mapToLong(Report::fee).sum()).isEqualTo(FixedPoint.parse("0.744"));
    }

    @Test
    void shouldDropATradeAlreadyPublishedFromTheStream()
    {
        streamTrade("0.40", "0.40", "0.744", "USDT");
        streamTrade("0.40", "0.40", "0.744", "USDT");
        restResult("0.40", "3720");

        assertThat(sink.reports()).singleElement().satisfies(r -> assertThat(r.fee()).isEqualTo(FixedPoint.parse("0.744")));
    }
}
