package io.fundingarb.connectors.transport;

import org.agrona.DirectBuffer;

/**
 * Receives every complete WebSocket data message of a {@link WsConnection}, on the Netty I/O
 * thread. The buffer is only valid during the call: parse in place, copy out what must survive.
 * Fragmented messages arrive already reassembled; protocol pings never arrive here.
 */
@FunctionalInterface
public interface FrameHandler
{
    /**
     * One text (or binary) message.
     *
     * @param buffer   the message bytes (UTF-8 for text frames); valid for this call only.
     * @param offset   where the message starts in {@code buffer}.
     * @param length   message length in bytes.
     * @param tsInitNs when the message was read, from the connection's {@code EpochNanoClock}.
     */
    void onFrame(DirectBuffer buffer, int offset, int length, long tsInitNs);

    /**
     * Whether the message just handed to {@link #onFrame} was usable market data (a venue parser
     * that took it: not malformed, not of an unknown symbol). A connection watching its streams
     * ({@link WsConfig#protocol()}) counts a stream's message as data only when this says so.
     */
    default boolean lastFrameUsable()
    {
        return true;
    }

    /**
     * The connection is open and its subscription messages have been sent; {@code connects}
     * counts successful connects since start (1 on the first). A feed resets its book state here.
     */
    default void onOpen(final int connects)
    {
    }

    /** The connection closed (dropped, stale or closed); frames stop until the next {@link #onOpen}. */
    default void onClose()
    {
    }
}
