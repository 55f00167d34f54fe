package io.fundingarb.connectors.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.gateway.Fixtures;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.GatewayEventSink;
import io.fundingarb.connectors.gateway.GatewayPublisher;
import io.fundingarb.connectors.gateway.OrderTracker;
import io.fundingarb.connectors.gateway.TrackedOrder;
import io.fundingarb.connectors.gateway.UnknownOrders;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.transport.IoGroup;
import io.fundingarb.connectors.transport.RestResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gateway reads Binance's documented Query Order answers (fixtures/binance). */
class BinanceQueryFixturesTest
{
    private final IoGroup io = new IoGroup(1, "fa-test-binance-fixtures");
    private final GatewayEventSink sink = new GatewayEventSink();
    private final BinanceGateway gateway = new BinanceGateway(
        GatewayConfig.of(URI.create("http://127.0.0.1:9"), URI.create("ws://127.0.0.1:9"), FixedPoint.parse("0.0005")), "key", "secret",
        io.group(), sink, new SystemEpochNanoClock(), new VenueSymbols().add(1, "BTCUSDT"), BinanceWsLayout.SPLIT, 1_765_000_000L);
    private final OrderTracker orders = new OrderTracker(new GatewayPublisher(new GatewayEventSink(), () -> 0L, Venue.BINANCE), 16);

    @AfterEach
    void close()
    {
        gateway.close();
        io.close();
    }

    private static RestResponse answer(final int status, final String body)
    {
        return new RestResponse(status, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldApplyTheDocumentedQueryAnswer()
    {
        final TrackedOrder order = orders.track(7, 1, 1, Side.BUY, FixedPoint.NULL, FixedPoint.parse("0.40"), 0);
        orders.onUnknown(order);
        final UnknownOrders.Answer answer = gateway.onQueryAnswer(order, 200, answer(200, Fixtures.text("binance/query-order.json")));
        assertThat(answer).isEqualTo(UnknownOrders.Answer.FOUND);
        assertThat(order.venueOrderId()).isEqualTo("1573346959");
        assertThat(order.isUnknown()).isFalse();
        assertThat(sink.reports()).singleElement().satisfies(r ->
        {
            assertThat(r.execType()).isEqualTo(ExecType.NEW);
            assertThat(r.tsInitNs()).isPositive();
        });
    }

    @Test
    void shouldPublishTheFillOfADocumentedAnswerWhoseOrderFilled()
    {
        final String filled = Fixtures.text("binance/query-order.json").replace("\"status\": \"NEW\"", "\"status\": \"FILLED\"")
            .replace("\"executedQty\": \"0\"", "\"executedQty\": \"0.40\"").replace("\"cumQuote\": \"0\"", "\"cumQuote\": \"3720\"");
        final TrackedOrder order = orders.track(8, 1, 1, Side.BUY, FixedPoint.NULL, FixedPoint.parse("0.40"), 0);
        orders.onUnknown(order);
        assertThat(gateway.onQueryAnswer(order, 200, answer(200, filled))).isEqualTo(UnknownOrders.Answer.FOUND);
        assertThat(sink.reports()).singleElement().satisfies(r ->
        {
            assertThat(r.execType()).isEqualTo(ExecType.FILL);
            assertThat(r.lastQty()).isEqualTo(FixedPoint.parse("0.40"));
            assertThat(r.lastPrice()).isEqualTo(FixedPoint.parse("9300"));
        });
    }

    @Test
    void shouldReadTheDocumentedNoSuchOrderAnswerAsAbsent()
    {
        final TrackedOrder order = orders.track(9, 1, 1, Side.BUY, FixedPoint.NULL, FixedPoint.parse("0.40"), 0);
        final UnknownOrders.Answer answer = gateway.onQueryAnswer(order, 400, answer(400, Fixtures.text("binance/query-order-absent.json")));
        assertThat(answer.kind()).isEqualTo(UnknownOrders.Kind.ABSENT);
        assertThat(answer.code()).isEqualTo(-2013);
        assertThat(answer.message()).isEqualTo("Order does not exist.");
        assertThat(sink.reports()).isEmpty();
    }

    @Test
    void shouldLearnNothingFromAnotherRefusal()
    {
        final TrackedOrder order = orders.track(10, 1, 1, Side.BUY, FixedPoint.NULL, FixedPoint.parse("0.40"), 0);
        assertThat(gateway.onQueryAnswer(order, 400, answer(400, "{\"code\":-1021,\"msg\":\"Timestamp for this request is outside of the recvWindow.\"}")))
            .isEqualTo(UnknownOrders.Answer.INDEFINITE);
        assertThat(gateway.onQueryAnswer(order, 503, answer(503, "{\"code\":-1001,\"msg\":\"Service Unavailable.\"}")))
            .isEqualTo(UnknownOrders.Answer.INDEFINITE);
        assertThat(gateway.onQueryAnswer(order, 200, answer(200, "<html>"))).isEqualTo(UnknownOrders.Answer.INDEFINITE);
    }
}
