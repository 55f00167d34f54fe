package io.fundingarb.connectors.simulator;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One client WebSocket on a simulator: its subscriptions (venue stream or topic names) and a
 * venue-specific attachment. Used on the simulator's I/O thread only.
 */
public final class SimSession
{
    private final SimulatorServer server;
    private final Channel channel;
    private final long id;
    private final String path;
    private final Set<String> topics = new LinkedHashSet<>();
    private Object attachment;
    private long messagesReceived;
    private long pongsReceived;

    SimSession(final SimulatorServer server, final Channel channel, final long id, final String path)
    {
        this.server = server;
        this.channel = channel;
        this.id = id;
        this.path = path;
    }

    /** Sends a text frame unless the simulator is silent or the socket closed. */
    public void send(final String text)
    {
        if (!server.isSilent() && channel.isActive())
        {
            channel.writeAndFlush(new TextWebSocketFrame(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
            server.countSent();
        }
    }

    public Set<String> topics()
    {
        return topics;
    }

    public long id()
    {
        return id;
    }

    /** The path the client upgraded on, e.g. {@code /public/stream}. */
    public String path()
    {
        return path;
    }

    public Channel channel()
    {
        return channel;
    }

    @SuppressWarnings("unchecked")
    public <T> T attachment()
    {
        return (T)attachment;
    }

    public void attach(final Object attachment)
    {
        this.attachment = attachment;
    }

    void onMessage()
    {
        messagesReceived++;
    }

    void onPong()
    {
        pongsReceived++;
    }

    public long messagesReceived()
    {
        return messagesReceived;
    }

    public long pongsReceived()
    {
        return pongsReceived;
    }
}
