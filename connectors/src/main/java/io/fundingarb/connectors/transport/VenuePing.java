package io.fundingarb.connectors.transport;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A venue's application-level keep-alive. Protocol pings (WebSocket ping frames, as Binance
 * sends) are always answered with a pong by the transport; this strategy adds the text message
 * some venues require from the client (Bybit {@code {"op":"ping"}} every 20 s).
 *
 * @param message    the text message to send, or empty bytes for none (or for a ping frame).
 * @param intervalNs how often to send it; 0 for never.
 * @param pingFrame  send a WebSocket ping frame (opcode 9) instead of a text message (Kraken Futures).
 */
public record VenuePing(byte[] message, long intervalNs, boolean pingFrame)
{
    private static final byte[] NONE_MESSAGE = new byte[0];

    public VenuePing
    {
        if (intervalNs < 0)
        {
            throw new IllegalArgumentException("ping intervalNs must be >= 0, was " + intervalNs);
        }
        if (intervalNs > 0 && message.length == 0 && !pingFrame)
        {
            throw new IllegalArgumentException("a periodic ping needs a message");
        }
    }

    /** A text message every {@code intervalNs} (0: none). */
    public VenuePing(final byte[] message, final long intervalNs)
    {
        this(message, intervalNs, false);
    }

    /**
     * A WebSocket ping frame every {@code intervalNs}: the keep-alive of a venue that asks for pings but names no message
     * (Kraken Futures: "make a ping request at least every 60 seconds", docs.kraken.com/api/docs/guides/futures-websockets).
     */
    public static VenuePing pingFrames(final long intervalNs)
    {
        if (intervalNs <= 0)
        {
            throw new IllegalArgumentException("ping frames need intervalNs > 0, was " + intervalNs);
        }
        return new VenuePing(NONE_MESSAGE, intervalNs, true);
    }

    /** No application ping: the venue pings us (Binance) or needs none. */
    public static VenuePing none()
    {
        return new VenuePing(NONE_MESSAGE, 0);
    }

    /** Sends {@code text} every {@code intervalNs}. */
    public static VenuePing text(final String text, final long intervalNs)
    {
        return new VenuePing(text.getBytes(StandardCharsets.UTF_8), intervalNs);
    }

    /** Binance USD-M: the server sends ping frames and the transport answers them; nothing to send. */
    public static VenuePing binance()
    {
        return none();
    }

    /** Bybit v5: {@code {"op":"ping"}} every 20 s (the documented recommendation). */
    public static VenuePing bybit()
    {
        return bybit(TimeUnit.SECONDS.toNanos(20));
    }

    /** Bybit v5 ping at a chosen interval (tests use a short one). */
    public static VenuePing bybit(final long intervalNs)
    {
        return text("{\"op\":\"ping\"}", intervalNs);
    }

    public boolean enabled()
    {
        return intervalNs > 0;
    }
}
