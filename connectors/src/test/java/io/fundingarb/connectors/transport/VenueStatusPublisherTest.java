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
}
