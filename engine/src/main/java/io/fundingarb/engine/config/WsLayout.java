package io.fundingarb.engine.config;

/**
 * Which WebSocket paths a venue's streams live on ({@code venues.binance.ws_layout}).
 */
public enum WsLayout
{
    /**
     * Binance since 2026: mark price and funding on {@code /market}, books on {@code /public}, user data on
     * {@code /private}; two market-data connections reported as one venue.
     */
    SPLIT,

    /**
     * The legacy single path: every market stream on one {@code /stream} connection, user data on {@code /ws/<listenKey>};
     * also the only layout of the venues that have no such key.
     */
    COMBINED
}
