package io.fundingarb.engine.config;

/**
 * The margin mode an order gateway sets at start ({@code venues.<venue>.margin_mode}).
 */
public enum MarginType
{
    /** The positions share the account's margin (Binance CROSSED, Bybit unified REGULAR_MARGIN). */
    CROSS,

    /** Each position has its own margin (Binance ISOLATED per symbol, Bybit unified ISOLATED_MARGIN for the account). */
    ISOLATED
}
