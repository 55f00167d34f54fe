package io.fundingarb.connectors.venue;

/**
 * Where a venue serves its WebSocket streams ({@code venues.<venue>.ws_layout} for the venues that
 * have the key): on several paths (SPLIT, e.g. Binance since 2026: /market, /public, /private) or
 * on one (COMBINED, the legacy path; also what a venue without the key reports).
 */
public enum WsPaths
{
    SPLIT,
    COMBINED
}
