package io.fundingarb.connectors.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.Venue;
import org.junit.jupiter.api.Test;

class OrderTrackerTest
{
    private final GatewayEventSink sink = new GatewayEventSink();
    private final GatewayPublisher publisher = new GatewayPublisher(sink, () -> 42L, Venue.BINANCE, "the-key", "the-secret");
    private final OrderTracker tracker = new OrderTracker(publisher, 2);

    private TrackedOrder order(final long id)
    {
        return tracker.track(id, 9, 1, Side.BUY, FixedPoint.parse("100"), FixedPoint.parse("2"), 100);
    }

    @Test
    void shouldPublishAFillOnlyWhenItRaisesTheCumulativeQuantity()
    {
        final TrackedOrder order = order(1);
        tracker.onFill(order, FixedPoint.parse("2"), FixedPoint.parse("200"), FixedPoint.NULL, FixedPoint.parse("0.1"), 1);
        tracker.onFill(order, FixedPoint.parse("1"), FixedPoint.NULL, FixedPoint.parse("100"), FixedPoint.parse("0.05"), 2);
        tracker.onFill(order, FixedPoint.parse("2"), FixedPoint.NULL, FixedPoint.parse("100"), FixedPoint.parse("0.05"), 3);
        assertThat(sink.reports()).singleElement().satisfies(r ->
        {
            assertThat(r.execType()).isEqualTo(ExecType.FILL);
            assertThat(r.lastQty()).isEqualTo(FixedPoint.parse("2"));
            assertThat(r.fee()).isEqualTo(FixedPoint.parse("0.1"));
        });
        assertThat(tracker.duplicatesDropped()).isEqualTo(2);
    }

    @Test
    void shouldPublishTheIncreaseWithItsVwapWhenAnAggregateFollowsAPart()
    {
        final TrackedOrder order = order(2);
        tracker.onFill(order, FixedPoint.parse("0.5"), FixedPoint.NULL, FixedPoint.parse("100"), 0, 1);
        tracker.onFill(order, FixedPoint.parse("2"), FixedPoint.parse("201.5"), FixedPoint.NULL, 0, 2);
        assertThat(sink.reports()).hasSize(2);
        assertThat(sink.reports().get(0).execType()).isEqualTo(ExecType.PARTIAL_FILL);
        assertThat(sink.reports().get(1).lastQty()).isEqualTo(FixedPoint.parse("1.5"));
        assertThat(sink.reports().get(1).lastPrice()).isEqualTo(FixedPoint.parse("101"));
        assertThat(sink.reports().get(1).leavesQty()).isZero();
    }

    @Test
    void shouldPublishNewOnceAndNeverAfterAFill()
    {
        final TrackedOrder order = order(3);
        tracker.onAck(order, "A", 1);
        tracker.onAck(order, "A", 2);
        tracker.onFill(order, FixedPoint.parse("1"), FixedPoint.NULL, FixedPoint.parse("100"), 0, 3);
        final TrackedOrder other = order(4);
        tracker.onFill(other, FixedPoint.parse("1"), FixedPoint.NULL, FixedPoint.parse("100"), 0, 3);
        tracker.onAck(other, "B", 4);
        assertThat(sink.reports()).extracting(GatewayEventSink.Report::execType)
            .containsExactly(ExecType.NEW, ExecType.PARTIAL_FILL, ExecType.PARTIAL_FILL);
    }

    @Test
    void shouldPublishOneTerminalReport()
    {
        final TrackedOrder order = order(5);
        tracker.onTerminal(order, ExecType.EXPIRED, 0, "EXPIRED", 1);
        tracker.onTerminal(order, ExecType.EXPIRED, 0, "EXPIRED", 2);
        tracker.onTerminal(order, ExecType.CANCELED, 0, "CANCELED", 3);
        assertThat(sink.reports()).singleElement().satisfies(r -> assertThat(r.leavesQty()).isZero());
    }

    @Test
    void shouldPublishNothingForAnOrderWhileItIsUnknown()
    {
        final TrackedOrder order = order(6);
        assertThat(tracker.onUnknown(order)).isTrue();
        assertThat(tracker.onUnknown(order)).isFalse();
        assertThat(order.isUnknown()).isTrue();
        assertThat(order.isTerminal()).isFalse();
        assertThat(sink.reports()).isEmpty();
        assertThat(tracker.unknownOrders()).isEqualTo(1);
    }

    @Test
    void shouldPublishTheFillAnUnknownOrderTurnsOutToHaveOnce()
    {
        final TrackedOrder order = order(7);
        tracker.onUnknown(order);
        tracker.onFill(order, FixedPoint.parse("2"), FixedPoint.NULL, FixedPoint.parse("100"), 0, 2); // the stream
        tracker.onFill(order, FixedPoint.parse("2"), FixedPoint.parse("200"), FixedPoint.NULL, 0, 3); // the query answer
        assertThat(tracker.onAbsent(order, -2013, "Order does not exist.", 4)).isFalse();
        assertThat(sink.reports()).extracting(GatewayEventSink.Report::execType).containsExactly(ExecType.FILL);
        assertThat(order.isUnknown()).isFalse();
    }

    @Test
    void shouldRejectAnUnknownOrderTheVenueNeverHadWithItsCode()
    {
        final TrackedOrder order = order(8);
        tracker.onUnknown(order);
        assertThat(tracker.onAbsent(order, -2013, "Order does not exist.", 5)).isTrue();
        assertThat(tracker.onAbsent(order, -2013, "Order does not exist.", 6)).isFalse();
        assertThat(sink.reports()).singleElement().satisfies(r ->
        {
            assertThat(r.execType()).isEqualTo(ExecType.REJECTED);
            assertThat(r.rejectCode()).isEqualTo(-2013);
            assertThat(r.cumQty()).isZero();
        });
        assertThat(tracker.absentOrders()).isEqualTo(1);
    }

    @Test
    void shouldNeverCallAnOrderAbsentUnlessItIsUnknown()
    {
        final TrackedOrder order = order(9);
        tracker.onAck(order, "A", 1);
        assertThat(tracker.onAbsent(order, -2013, "Order does not exist.", 2)).isFalse();
        assertThat(sink.reports()).extracting(GatewayEventSink.Report::execType).containsExactly(ExecType.NEW);
    }

    @Test
    void shouldPublishOnlyTheFillsOfAForeignOrder()
    {
        final long foreignId = VenueOrderIds.FOREIGN_FLAG | 77;
        final TrackedOrder order = tracker.trackForeign(foreignId, 1, Side.SELL, FixedPoint.parse("2"));
        assertThat(tracker.trackForeign(foreignId, 1, Side.SELL, FixedPoint.parse("2"))).isSameAs(order);
        tracker.onAck(order, "A", 1);
        tracker.onFill(order, FixedPoint.parse("1"), FixedPoint.NULL, FixedPoint.parse("100"), 0, 2);
        tracker.onFill(order, FixedPoint.parse("1"), FixedPoint.NULL, FixedPoint.parse("100"), 0, 3);
        tracker.onTerminal(order, ExecType.EXPIRED, 0, "EXPIRED", 4);
        assertThat(sink.reports()).singleElement().satisfies(r ->
        {
            assertThat(r.execType()).isEqualTo(ExecType.PARTIAL_FILL);
            assertThat(r.clientOrderId()).isEqualTo(foreignId);
            assertThat(r.pairId()).isZero();
            assertThat(r.side()).isEqualTo(Side.SELL);
        });
        assertThat(tracker.foreignOrders()).isEqualTo(1);
    }

    @Test
    void shouldForgetTheOldestFinishedOrdersBeyondTheRetainedCount()
    {
        for (long id = 10; id < 14; id++)
        {
            tracker.onTerminal(order(id), ExecType.EXPIRED, 0, "EXPIRED", 1);
        }
        assertThat(tracker.size()).isEqualTo(2);
        assertThat(tracker.get(10)).isNull();
        assertThat(tracker.get(13)).isNotNull();
    }

    @Test
    void shouldMaskKeyAndSecretInReasons()
    {
        tracker.onTerminal(order(20), ExecType.REJECTED, -1, "echo: key=the-key secret=the-secret", 1);
        assertThat(sink.reports().get(0).reason()).isEqualTo("echo: key=*** secret=***");
    }

    @Test
    void shouldLimitOrdersPerSlidingSecond()
    {
        final OrderRateLimiter limiter = new OrderRateLimiter(2);
        assertThat(limiter.tryAcquire(0)).isTrue();
        assertThat(limiter.tryAcquire(10)).isTrue();
        assertThat(limiter.tryAcquire(20)).isFalse();
        assertThat(limiter.tryAcquire(1_000_000_000L)).isTrue();
        assertThat(limiter.tryAcquire(1_000_000_009L)).isFalse();
        assertThat(limiter.tryAcquire(1_000_000_010L)).isTrue();
    }

    @Test
    void shouldPublishOnlyWhatAPreviousSessionsJournalLacksOfItsOrder()
    {
        final TrackedOrder order = tracker.trackPrevious(new PreviousOrder(640, 1_764_000_000L, 10, 1, Side.BUY, FixedPoint.parse("100"),
            FixedPoint.parse("2"), FixedPoint.parse("0.5"), FixedPoint.parse("50"), FixedPoint.parse("0.025"), 7), 9);

        tracker.onFill(order, FixedPoint.parse("2"), FixedPoint.parse("201.5"), FixedPoint.NULL, FixedPoint.parse("0.075"), 11);

        assertThat(sink.reports()).singleElement().satisfies(r ->
        {
            assertThat(r.clientOrderId()).isEqualTo(640);
            assertThat(r.execType()).isEqualTo(ExecType.FILL);
            assertThat(r.lastQty()).isEqualTo(FixedPoint.parse("1.5"));
            assertThat(r.lastPrice()).isEqualTo(FixedPoint.parse("101"));
        });
        assertThat(order.epoch()).isEqualTo(1_764_000_000L);
        assertThat(order.absentDefinitiveNs()).isEqualTo(9);
    }

    @Test
    void shouldKnowAPreviousSessionsOrderByTheVenueIdItWasSentUnder()
    {
        tracker.trackPrevious(new PreviousOrder(640, 1_764_000_000L, 10, 1, Side.BUY, FixedPoint.parse("100"), FixedPoint.parse("2"), 0, 0, 0, 7), 9);

        assertThat(tracker.previous("fa-1764000000-640")).isNotNull();
        assertThat(tracker.previous("fa-1764000001-640")).isNull(); // another session's 640
        assertThat(tracker.previous("640")).isNull();
    }
}
