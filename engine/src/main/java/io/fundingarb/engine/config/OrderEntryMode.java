package io.fundingarb.engine.config;

/**
 * How a venue's gateway sends orders ({@code venues.<venue>.order_entry}).
 */
public enum OrderEntryMode
{
    /** Signed REST requests on the kept-alive connection: every venue with a gateway. */
    REST,

    /**
     * The venue's WebSocket order API (Binance {@code order.place}, Bybit {@code /v5/trade}), opened at start;
     * REST while that socket is not open. Only the venues whose gateway speaks one.
     */
    WEBSOCKET
}
