package io.fundingarb.connectors.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.sbe.FeedState;
import io.fundingarb.codecs.sbe.StreamKind;
import io.fundingarb.codecs.sbe.Venue;
import org.junit.jupiter.api.Test;

class VenueStatusPublisherTest
{
    private final ArrayEventSink sink = new ArrayEventSink(8);
    private final VenueStatusPublisher publisher = new VenueStatusPublisher(sink, Venue.BINANCE);

    @Test
    void shouldEncodeStateReconnectsAndDetail()
    {
        publisher.publish(FeedState.STALE, 3, "no frame for 300 ms", 123L);
        assertThat(sink.statuses()).containsExactly(new ArrayEventSink.Status(FeedState.STALE, 3, "no frame for 300 ms"));
    }

    @Test
    void shouldTruncateAndSanitiseDetail()
    {
        publisher.publish(FeedState.DOWN, 0, "é" + "x".repeat(500), 1L);
        final String detail = sink.statuses().get(0).detail();
        assertThat(detail).hasSize(VenueStatusPublisher.MAX_DETAIL_LENGTH).startsWith("?x");
    }

    @Test
    void shouldNameTheMarketDataStreamByDefault()
    {
        publisher.publish(FeedState.LIVE, 0, "subscribed", 1L);
        assertThat(sink.streams()).containsExactly(StreamKind.MARKET_DATA);
    }

    @Test
    void shouldNameTheOrdersStreamOfAGateway()
    {
        new VenueStatusPublisher(sink, Venue.BINANCE, StreamKind.ORDERS).publish(FeedState.DOWN, 1, "closed", 1L);
        assertThat(sink.streams()).containsExactly(StreamKind.ORDERS);
    }

    @Test
    void shouldKeepTheLatestStatusWhileTheRingIsFullAndPublishItOnceThereIsRoom()
    {
        sink.full(true);
        publisher.publish(FeedState.DOWN, 1, "closed", 1L);
        publisher.publish(FeedState.CONNECTING, 2, "reconnecting", 2L);
        assertThat(sink.statuses()).as("never waits for the ring").isEmpty();
        assertThat(publisher.hasPending()).isTrue();

        publisher.flushPending();
        assertThat(sink.statuses()).isEmpty();
        sink.full(false);
        publisher.flushPending();

        assertThat(sink.statuses()).containsExactly(new ArrayEventSink.Status(FeedState.CONNECTING, 2, "reconnecting"));
        assertThat(publisher.coalesced()).isEqualTo(1);
        assertThat(publisher.hasPending()).isFalse();
    }

    @Test
    void shouldWaitForRoomOnlyWhenAskedTo()
    {
        publisher.publishOrWait(FeedState.CONNECTING, 0, "starting", 1L);
        assertThat(sink.statuses()).containsExactly(new ArrayEventSink.Status(FeedState.CONNECTING, 0, "starting"));
    }
}
