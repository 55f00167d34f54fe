package io.fundingarb.connectors.bybit;

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

/** The gateway reads Bybit's documented Get Open & Closed Orders answers (fixtures/bybit). */
class BybitQueryFixturesTest
{
    private final IoGroup io = new IoGroup(1, "fa-test-bybit-fixtures");
    private final GatewayEventSink sink = new GatewayEventSink();
    private final BybitGateway gateway = new BybitGateway(
        GatewayConfig.of(URI.create("http://127.0.0.1:9"), URI.create("ws://127.0.0.1:9"), FixedPoint.parse("0.00055")), "key", "secret",
        io.group(), sink, new SystemEpochNanoClock(), new VenueSymbols().add(1, "ETHUSDT"), 1_765_000_000L);
    private final OrderTracker orders = new OrderTracker(new GatewayPublisher(new GatewayEventSink(), () -> 0L, Venue.BYBIT), 16);

    @AfterEach
    void close()
    {
        gateway.close();
        io.close();
    }

    private static RestResponse answer(final String body)
    {
        return new RestResponse(200, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldApplyTheDocumentedQueryAnswer()
    {
        final TrackedOrder order = orders.track(7, 1, 1, Side.BUY, FixedPoint.parse("1600"), FixedPoint.parse("0.10"), 0);
        orders.onUnknown(order);
        assertThat(gateway.onQueryAnswer(order, answer(Fixtures.text("bybit/order-realtime.json")))).isEqualTo(UnknownOrders.Answer.FOUND);
        assertThat(order.venueOrderId()).isEqualTo("fd4300ae-7847-404e-b947-b46980a4d140");
        assertThat(order.isUnknown()).isFalse();
        assertThat(sink.reports()).singleElement().satisfies(r -> assertThat(r.execType()).isEqualTo(ExecType.NEW));
    }

    @Test
    void shouldPublishTheFillAndExpiryOfADocumentedAnswerWhoseIocOrderPartlyFilled()
    {
        final String partly = Fixtures.text("bybit/order-realtime.json").replace("\"orderStatus\": \"New\"", "\"orderStatus\": \"PartiallyFilledCanceled\"")
            .replace("\"cumExecQty\": \"0.00\"", "\"cumExecQty\": \"0.04\"").replace("\"cumExecValue\": \"0\"", "\"cumExecValue\": \"64\"")
            .replace("\"timeInForce\": \"GTC\"", "\"timeInForce\": \"IOC\"");
        final TrackedOrder order = orders.track(8, 1, 1, Side.BUY, FixedPoint.parse("1600"), FixedPoint.parse("0.10"), 0);
        orders.onUnknown(order);
        assertThat(gateway.onQueryAnswer(order, answer(partly))).isEqualTo(UnknownOrders.Answer.FOUND);
        assertThat(sink.reports()).extracting(GatewayEventSink.Report::execType).containsExactly(ExecType.PARTIAL_FILL, ExecType.EXPIRED);
        assertThat(sink.reports().get(0).lastPrice()).isEqualTo(FixedPoint.parse("1600"));
    }

    @Test
    void shouldApplyTheDocumentedHistoryAnswer()
    {
        final TrackedOrder order = orders.track(11, 1, 1, Side.BUY, FixedPoint.parse("26864.40"), FixedPoint.parse("0.003"), 0);
        orders.onUnknown(order);
        assertThat(gateway.onQueryAnswer(order, answer(Fixtures.text("bybit/order-history.json")))).isEqualTo(UnknownOrders.Answer.FOUND);
        assertThat(sink.reports()).singleElement().satisfies(r ->
        {
            assertThat(r.execType()).isEqualTo(ExecType.EXPIRED); // a PostOnly order Cancelled by the venue
            assertThat(r.cumQty()).isZero();
        });
    }

    @Test
    void shouldReadAnEmptyListAsAbsent()
    {
        final TrackedOrder order = orders.track(9, 1, 1, Side.BUY, FixedPoint.parse("1600"), FixedPoint.parse("0.10"), 0);
        final UnknownOrders.Answer answer = gateway.onQueryAnswer(order, answer(Fixtures.text("bybit/order-realtime-empty.json")));
        assertThat(answer.kind()).isEqualTo(UnknownOrders.Kind.ABSENT);
        assertThat(answer.code()).isEqualTo(110001);
        assertThat(sink.reports()).isEmpty();
    }

    @Test
    void shouldLearnNothingFromARefusal()
    {
        final TrackedOrder order = orders.track(10, 1, 1, Side.BUY, FixedPoint.parse("1600"), FixedPoint.parse("0.10"), 0);
        assertThat(gateway.onQueryAnswer(order, answer("{\"retCode\":10002,\"retMsg\":\"invalid request, please check your server timestamp\","
            + "\"result\":{},\"retExtInfo\":{},\"time\":1}"))).isEqualTo(UnknownOrders.Answer.INDEFINITE);
        assertThat(gateway.onQueryAnswer(order, new RestResponse(502, Map.of(), new byte[0]))).isEqualTo(UnknownOrders.Answer.INDEFINITE);
    }
}
