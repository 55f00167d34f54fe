package io.fundingarb.connectors.hyperliquid;

import static io.fundingarb.connectors.parse.Recordings.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.connectors.gateway.Fixtures;
import io.fundingarb.connectors.parse.Recordings;
import io.fundingarb.connectors.transport.SubscriptionProtocol;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class HyperliquidSubscriptionsTest
{
    private final HyperliquidSubscriptions protocol = new HyperliquidSubscriptions(List.of("SOL", "BTC"), 10, 20);

    private int classify(final String frame)
    {
        final UnsafeBuffer buffer = bytes(frame);
        return protocol.classify(buffer, 0, buffer.capacity());
    }

    @Test
    void shouldNameTwoStreamsPerCoinWithTheirSilences()
    {
        assertThat(protocol.streamCount()).isEqualTo(4);
        assertThat(protocol.streamName(2)).isEqualTo("activeAssetCtx:BTC");
        assertThat(protocol.streamName(3)).isEqualTo("l2Book:BTC");
        assertThat(protocol.silenceNs(2)).isEqualTo(10);
        assertThat(protocol.silenceNs(3)).isEqualTo(20);
    }

    @Test
    void shouldSubscribeOneStreamAMessageAsDocumented()
    {
        assertThat(protocol.streamsPerRequest()).isEqualTo(1);
        assertThat(protocol.subscribeMessage(new int[] {3}, 1, 7)).isEqualTo("{\"method\":\"subscribe\",\"subscription\":{\"type\":\"l2Book\",\"coin\":\"BTC\"}}");
        assertThat(protocol.unsubscribeMessage(new int[] {0}, 1, 8))
            .isEqualTo("{\"method\":\"unsubscribe\",\"subscription\":{\"type\":\"activeAssetCtx\",\"coin\":\"SOL\"}}");
    }

    @Test
    void shouldTellACtxFromABookOfTheSameCoin()
    {
        assertThat(classify(HyperliquidParserTest.CTX)).isEqualTo(2);
        assertThat(classify(Recordings.firstFrame(Recordings.HYPERLIQUID, "\"l2Book\""))).isEqualTo(3);
    }

    @Test
    void shouldMatchTheDocumentedAnswerToItsStreamsRequest()
    {
        protocol.subscribeMessage(new int[] {0}, 1, 41);
        protocol.subscribeMessage(new int[] {3}, 1, 42);

        // the docs' example answers a trades subscription: with the type of a subscribed stream it answers that one
        final String answer = Fixtures.text("hyperliquid/market-data/ws-subscription-response.json").strip().replace("trades", "activeAssetCtx");
        assertThat(classify(answer)).isEqualTo(SubscriptionProtocol.ACK);
        assertThat(protocol.ackRequestId()).isEqualTo(41);
        assertThat(protocol.ackSuccess()).isTrue();
    }

    @Test
    void shouldTakeAnAnswerToAStreamNotSubscribedForControl()
    {
        assertThat(classify(Fixtures.text("hyperliquid/market-data/ws-subscription-response.json").strip())).isEqualTo(SubscriptionProtocol.CONTROL);
    }

    @Test
    void shouldTakeARefusalNamingAStreamForAFailedAnswer()
    {
        protocol.subscribeMessage(new int[] {1}, 1, 9);

        assertThat(classify("{\"channel\":\"error\",\"data\":\"Invalid subscription {\\\"type\\\":\\\"l2Book\\\",\\\"coin\\\":\\\"SOL\\\"}\"}"))
            .isEqualTo(SubscriptionProtocol.ACK);
        assertThat(protocol.ackRequestId()).isEqualTo(9);
        assertThat(protocol.ackSuccess()).isFalse();
        assertThat(protocol.ackMessage()).startsWith("Invalid subscription");
    }

    @Test
    void shouldTakeAPongForControl()
    {
        assertThat(classify(Fixtures.text("hyperliquid/market-data/ws-pong.json").strip())).isEqualTo(SubscriptionProtocol.CONTROL);
    }

    @Test
    void shouldTakeTradesAndUnknownCoinsForControl()
    {
        assertThat(classify(Recordings.firstFrame(Recordings.HYPERLIQUID, "\"trades\""))).isEqualTo(SubscriptionProtocol.CONTROL);
        assertThat(classify(HyperliquidParserTest.CTX.replace("\"BTC\"", "\"ETH\""))).isEqualTo(SubscriptionProtocol.CONTROL);
    }
}
