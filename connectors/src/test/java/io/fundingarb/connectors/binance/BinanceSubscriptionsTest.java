package io.fundingarb.connectors.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.connectors.transport.SubscriptionProtocol;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Frames as developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams documents them. */
class BinanceSubscriptionsTest
{
    private final BinanceSubscriptions protocol = new BinanceSubscriptions(List.of("btcusdt@markPrice@1s", "btcusdt@depth@100ms"), new long[] {1, 1});

    private int classify(final String frame)
    {
        final byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        return protocol.classify(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    @Test
    void shouldTellACombinedStreamFrameByItsStream()
    {
        assertThat(classify("{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"s\":\"BTCUSDT\"}}")).isEqualTo(1);
    }

    @Test
    void shouldReadTheSubscribeResult()
    {
        assertThat(classify("{\"result\":null,\"id\":12}")).isEqualTo(SubscriptionProtocol.ACK);
        assertThat(protocol.ackRequestId()).isEqualTo(12);
        assertThat(protocol.ackSuccess()).isTrue();
    }

    @Test
    void shouldReadAnErrorWithItsMessage()
    {
        assertThat(classify("{\"error\":{\"code\":2,\"msg\":\"Invalid request: unknown stream\"},\"id\":4}")).isEqualTo(SubscriptionProtocol.ACK);
        assertThat(protocol.ackSuccess()).isFalse();
        assertThat(protocol.ackMessage()).isEqualTo("Invalid request: unknown stream");
    }

    @Test
    void shouldReadAFlatErrorWithItsMessage()
    {
        assertThat(classify("{\"code\":0,\"msg\":\"Unknown property\",\"id\":5}")).isEqualTo(SubscriptionProtocol.ACK);
        assertThat(protocol.ackSuccess()).isFalse();
        assertThat(protocol.ackMessage()).isEqualTo("Unknown property");
    }

    @Test
    void shouldSubscribeByMessageWithTheRequestId()
    {
        assertThat(protocol.subscribeMessage(new int[] {0, 1}, 2, 9))
            .isEqualTo("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@markPrice@1s\",\"btcusdt@depth@100ms\"],\"id\":9}");
    }
}
