package io.fundingarb.connectors.kraken;

import static io.fundingarb.connectors.parse.Recordings.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.connectors.transport.SubscriptionProtocol;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** The subscription messages of docs.kraken.com/api/docs/futures-api/websocket/{ticker,book} and the documented frames of fixtures/kraken. */
class KrakenSubscriptionsTest
{
    private final KrakenSubscriptions protocol = new KrakenSubscriptions(List.of("PF_ETHUSD", "PF_XBTUSD"), 1, 1);

    private int classify(final String json)
    {
        final UnsafeBuffer buffer = bytes(json);
        return protocol.classify(buffer, 0, buffer.capacity());
    }

    @Test
    void shouldSubscribeOneFeedOfOneProductAMessageAsDocumented()
    {
        assertThat(protocol.streamsPerRequest()).isEqualTo(1);
        assertThat(protocol.subscribeMessage(new int[] {2}, 1, 7)).isEqualTo("{\"event\":\"subscribe\",\"feed\":\"ticker\",\"product_ids\":[\"PF_XBTUSD\"]}");
        assertThat(protocol.subscribeMessage(new int[] {3}, 1, 8)).isEqualTo("{\"event\":\"subscribe\",\"feed\":\"book\",\"product_ids\":[\"PF_XBTUSD\"]}");
        assertThat(protocol.unsubscribeMessage(new int[] {1}, 1, 9)).isEqualTo("{\"event\":\"unsubscribe\",\"feed\":\"book\",\"product_ids\":[\"PF_ETHUSD\"]}");
    }

    @Test
    void shouldNameEachStreamByFeedAndProduct()
    {
        assertThat(protocol.streamName(0)).isEqualTo("ticker:PF_ETHUSD");
        assertThat(protocol.streamName(KrakenSubscriptions.secondStream(1))).isEqualTo("book:PF_XBTUSD");
    }

    @Test
    void shouldTellTheDocumentedTickerAsItsProductsTickerStreamThoughItStartsWithTime()
    {
        assertThat(classify(KrakenParserTest.TICKER.replace("PI_XBTUSD", "PF_XBTUSD"))).isEqualTo(2);
    }

    @Test
    void shouldTellTheDocumentedSnapshotAndDeltaAsTheBookStream()
    {
        assertThat(classify(KrakenParserTest.SNAPSHOT)).isEqualTo(3);
        assertThat(classify(KrakenParserTest.DELTA)).isEqualTo(3);
    }

    @Test
    void shouldNotCountAProductNotSubscribed()
    {
        assertThat(classify(KrakenParserTest.TICKER)).isEqualTo(SubscriptionProtocol.CONTROL); // PI_XBTUSD: inverse, never subscribed
    }

    @Test
    void shouldMatchTheDocumentedSubscribedAnswerToItsStreamsRequest()
    {
        protocol.subscribeMessage(new int[] {3}, 1, 42);

        assertThat(classify("{\"event\":\"subscribed\",\"feed\":\"book\",\"product_ids\":[\"PF_XBTUSD\"]}")).isEqualTo(SubscriptionProtocol.ACK);
        assertThat(protocol.ackRequestId()).isEqualTo(42);
        assertThat(protocol.ackSuccess()).isTrue();
    }

    @Test
    void shouldTakeSubscribedFailedAsARefusalOfThatStream()
    {
        protocol.subscribeMessage(new int[] {0}, 1, 5);

        assertThat(classify("{\"event\":\"subscribed_failed\",\"feed\":\"ticker\",\"product_ids\":[\"PF_ETHUSD\"]}"))
            .isEqualTo(SubscriptionProtocol.ACK);
        assertThat(protocol.ackRequestId()).isEqualTo(5);
        assertThat(protocol.ackSuccess()).isFalse();
    }

    @Test
    void shouldTakeInfoHeartbeatUnsubscribedErrorAndAlertAsControlMessages()
    {
        assertThat(classify("{\"event\":\"info\",\"version\":1}")).isEqualTo(SubscriptionProtocol.CONTROL);
        assertThat(classify("{\"feed\":\"heartbeat\",\"time\":1534262350627}")).isEqualTo(SubscriptionProtocol.CONTROL);
        assertThat(classify("{\"event\":\"unsubscribed\",\"feed\":\"book\",\"product_ids\":[\"PF_XBTUSD\"]}")).isEqualTo(SubscriptionProtocol.CONTROL);
        assertThat(classify("{\"event\":\"error\",\"message\":\"Invalid product id\"}")).isEqualTo(SubscriptionProtocol.CONTROL);
        assertThat(classify("{\"event\":\"alert\",\"message\":\"Bad websocket message\"}")).isEqualTo(SubscriptionProtocol.CONTROL);
    }

    @Test
    void shouldTakeMalformedFramesAsControlMessages()
    {
        assertThat(classify("{\"feed\":\"book\",\"product_id\":")).isEqualTo(SubscriptionProtocol.CONTROL);
        assertThat(classify("[1,2]")).isEqualTo(SubscriptionProtocol.CONTROL);
        assertThat(classify("{\"feed\":\"book\",\"feed\":\"ticker\",\"product_id\":\"PF_XBTUSD\"}")).isEqualTo(SubscriptionProtocol.CONTROL);
    }
}
