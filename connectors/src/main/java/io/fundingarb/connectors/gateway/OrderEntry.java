package io.fundingarb.connectors.gateway;

import java.net.URI;
import java.util.Locale;

/**
 * How a gateway sends its orders ({@code venues.<venue>.order_entry}): signed REST requests, or
 * the venue's WebSocket order API with REST as the fallback while that socket is down.
 *
 * @param mode  REST or WEBSOCKET.
 * @param wsUri the WebSocket order API ({@code ws://} or {@code wss://}); null with REST.
 */
public record OrderEntry(Mode mode, URI wsUri)
{
    /** The two ways to send an order. */
    public enum Mode
    {
        /** Every order and cancel is a signed REST request on the kept-alive connection. */
        REST,
        /** Orders and cancels go over the venue's WebSocket order API, REST when that socket is not open. */
        WEBSOCKET
    }

    /** Orders over REST only. */
    public static final OrderEntry REST = new OrderEntry(Mode.REST, null);

    public OrderEntry
    {
        if (mode == null)
        {
            throw new IllegalArgumentException("order entry mode is required");
        }
        if (mode == Mode.WEBSOCKET)
        {
            final String scheme = wsUri == null || wsUri.getScheme() == null ? "" : wsUri.getScheme().toLowerCase(Locale.ROOT);
            if (!"ws".equals(scheme) && !"wss".equals(scheme) || wsUri.getHost() == null)
            {
                throw new IllegalArgumentException("websocket order entry needs an absolute ws:// or wss:// URI, was " + wsUri);
            }
        }
    }

    /** Orders over the WebSocket order API at {@code wsUri}, REST as the fallback. */
    public static OrderEntry websocket(final URI wsUri)
    {
        return new OrderEntry(Mode.WEBSOCKET, wsUri);
    }

    public boolean isWebSocket()
    {
        return mode == Mode.WEBSOCKET;
    }
}
