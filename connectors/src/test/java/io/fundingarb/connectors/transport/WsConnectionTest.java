package io.fundingarb.connectors.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.sbe.FeedState;
import io.fundingarb.codecs.sbe.Venue;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class WsConnectionTest
{
    private final IoGroup io = new IoGroup(1, "fa-test-io");
    private final ArrayEventSink sink = new ArrayEventSink(4096);
    private final FrameRecorder frames = new FrameRecorder();

    @AfterEach
    void tearDown()
    {
        io.close();
    }

    private static int unusedPort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }

    private WsConnection unreachable() throws IOException
    {
        final WsConfig config = WsConfig.of(Venue.BYBIT, URI.create("ws://127.0.0.1:" + unusedPort() + "/v5/public/linear"), List.of())
            .withBackoff(TimeUnit.MILLISECONDS.toNanos(5), TimeUnit.MILLISECONDS.toNanos(20));
        return new WsConnection(config, io.group(), frames, sink, new SystemEpochNanoClock(), new Random(1), ResyncHandler.NONE);
    }

    @Test
    void shouldPublishConnectingThenDownWhenVenueUnreachable() throws Exception
    {
        try (WsConnection connection = unreachable().start())
        {
            assertThat(sink.awaitSequence(0, 5_000, FeedState.CONNECTING, FeedState.DOWN)).isTrue();
            assertThat(sink.statuses().get(1).detail()).startsWith("connect failed");
        }
    }

    @Test
    void shouldRetryWithIncreasingReconnectCount() throws Exception
    {
        try (WsConnection connection = unreachable().start())
        {
            assertThat(sink.await(list -> list.stream().anyMatch(s -> s.state() == FeedState.CONNECTING && s.reconnects() >= 3), 5_000)).isTrue();
            final List<ArrayEventSink.Status> statuses = sink.statuses();
            int previous = -1;
            for (final ArrayEventSink.Status status : statuses)
            {
                if (status.state() == FeedState.CONNECTING)
                {
                    assertThat(status.reconnects()).isGreaterThan(previous);
                    previous = status.reconnects();
                }
            }
        }
    }

    @Test
    void shouldAlternateConnectingAndDownWithoutRepeats() throws Exception
    {
        try (WsConnection connection = unreachable().start())
        {
            assertThat(sink.await(list -> list.size() >= 6, 5_000)).isTrue();
        }
        final List<FeedState> states = sink.states();
        for (int i = 1; i < states.size(); i++)
        {
            assertThat(states.get(i)).isNotEqualTo(states.get(i - 1));
        }
    }

    @Test
    void shouldPublishDownOnCloseAndStopReconnecting() throws Exception
    {
        final WsConnection connection = unreachable().start();
        assertThat(sink.awaitSequence(0, 5_000, FeedState.CONNECTING)).isTrue();
        connection.close();
        final int count = sink.statuses().size();
        assertThat(sink.statuses().get(count - 1).state()).isEqualTo(FeedState.DOWN);
        assertThat(sink.await(list -> list.size() > count, 200)).isFalse();
    }

    @Test
    void shouldEndIoThreadsOnGroupClose() throws InterruptedException
    {
        final IoGroup group = new IoGroup(2, "fa-leak-check");
        group.group().submit(() -> { }).syncUninterruptibly();
        assertThat(group.closeAndWait()).isTrue();
        // the executors report termination just before their threads return from run(): join them, bounded
        for (final Thread t : Thread.getAllStackTraces().keySet())
        {
            if (t.getName().startsWith("fa-leak-check"))
            {
                t.join(2_000);
            }
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("fa-leak-check") && t.isAlive());
    }
}
