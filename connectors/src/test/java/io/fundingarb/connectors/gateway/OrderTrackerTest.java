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
        return tracker.track(id, 9, 1, Side.BUY, FixedPoint.parse("100"), FixedPoint.parse("2"));
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
    void shouldStillPublishAFillLearnedAfterAnUncertainReject()
    {
        final TrackedOrder order = order(6);
        tracker.onUncertain(order, -9003, "timeout", 1);
        tracker.onFill(order, FixedPoint.parse("2"), FixedPoint.NULL, FixedPoint.parse("100"), 0, 2);
        assertThat(sink.reports()).extracting(GatewayEventSink.Report::execType).containsExactly(ExecType.REJECTED, ExecType.FILL);
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
}
