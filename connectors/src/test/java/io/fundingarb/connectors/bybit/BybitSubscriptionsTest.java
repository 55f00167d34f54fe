package io.fundingarb.connectors.bybit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.connectors.transport.SubscriptionProtocol;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Frames as bybit-exchange.github.io/docs/v5/ws/connect and docs/v5/websocket/public/ticker document them. */
class BybitSubscriptionsTest
{
    private final BybitSubscriptions protocol = new BybitSubscriptions(List.of("tickers.BTCUSDT", "orderbook.50.BTCUSDT"), new long[] {1, 1});

    private int classify(final String frame)
    {
        final byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        return protocol.classify(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    @Test
    void shouldTellATickerFrameByItsTopic()
    {
        assertThat(classify("{\"topic\":\"tickers.BTCUSDT\",\"type\":\"snapshot\",\"data\":{\"symbol\":\"BTCUSDT\"},\"cs\":1,\"ts\":1}")).isZero();
    }

    @Test
    void shouldTellABookFrameWhoseTopicIsNotFirst()
    {
        assertThat(classify("{\"type\":\"delta\",\"topic\":\"orderbook.50.BTCUSDT\",\"data\":{\"s\":\"BTCUSDT\",\"b\":[],\"a\":[],\"u\":2}}")).isEqualTo(1);
    }

    @Test
    void shouldTakeATopicNotSubscribedForControl()
    {
        assertThat(classify("{\"topic\":\"tickers.ETHUSDT\",\"data\":{}}")).isEqualTo(SubscriptionProtocol.CONTROL);
    }

    @Test
    void shouldTakeThePongForControl()
    {
        assertThat(classify("{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"0970e817\",\"op\":\"ping\"}")).isEqualTo(SubscriptionProtocol.CONTROL);
    }

    @Test
    void shouldReadASuccessfulSubscribeAck()
    {
        assertThat(classify("{\"success\":true,\"ret_msg\":\"\",\"conn_id\":\"2324d924\",\"req_id\":\"7\",\"op\":\"subscribe\"}"))
            .isEqualTo(SubscriptionProtocol.ACK);
        assertThat(protocol.ackRequestId()).isEqualTo(7);
        assertThat(protocol.ackSuccess()).isTrue();
    }

    @Test
    void shouldReadARefusedSubscribeWithTheVenuesReason()
    {
        assertThat(classify("{\"success\":false,\"ret_msg\":\"error:handler not found,topic:tickers.NOPEUSDT\",\"conn_id\":\"c\",\"req_id\":\"3\","
            + "\"op\":\"subscribe\"}")).isEqualTo(SubscriptionProtocol.ACK);
        assertThat(protocol.ackSuccess()).isFalse();
        assertThat(protocol.ackMessage()).isEqualTo("error:handler not found,topic:tickers.NOPEUSDT");
    }

    @Test
    void shouldClassifyDataFramesWithoutAllocating()
    {
        final byte[] ticker = "{\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\",\"data\":{\"symbol\":\"BTCUSDT\",\"markPrice\":\"1\"},\"ts\":1}"
            .getBytes(StandardCharsets.UTF_8);
        final byte[] book = "{\"type\":\"delta\",\"topic\":\"orderbook.50.BTCUSDT\",\"data\":{\"s\":\"BTCUSDT\",\"b\":[],\"a\":[],\"u\":2}}"
            .getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer first = new UnsafeBuffer(ticker);
        final UnsafeBuffer notFirst = new UnsafeBuffer(book);
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (int i = 0; i < 20_000; i++)
        {
            sum += protocol.classify(first, 0, ticker.length) + protocol.classify(notFirst, 0, book.length);
        }
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++)
        {
            sum += protocol.classify(first, 0, ticker.length) + protocol.classify(notFirst, 0, book.length);
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(sum).isEqualTo(120_000);
        assertThat(allocated).isLessThan(1024);
    }

    @Test
    void shouldTakeGarbageForControl()
    {
        assertThat(classify("\u0000\u0001not json {")).isEqualTo(SubscriptionProtocol.CONTROL);
    }
}
