package io.fundingarb.connectors.binance;

import java.net.URI;
import java.util.List;

/**
 * Where Binance USD-M serves each WebSocket stream, below the base ({@code wss://fstream.binance.com}):
 * <pre>
 *   SPLIT (since 2026, the default)                 COMBINED (legacy, one path)
 *   /market/stream?streams=&lt;sym&gt;@markPrice@1s/..    /stream?streams=&lt;sym&gt;@markPrice@1s/&lt;sym&gt;@depth@100ms/..
 *   /public/stream?streams=&lt;sym&gt;@depth@100ms/..
 *   /private/ws?listenKey=&lt;key&gt;                      /ws/&lt;key&gt;
 * </pre>
 * {@code /public} carries the high-frequency book streams ({@code @depth}, {@code @bookTicker}),
 * {@code /market} the others ({@code @markPrice}, {@code @aggTrade}, ...), {@code /private} user data.
 */
public enum BinanceWsLayout
{
    SPLIT,
    COMBINED;

    public static final String PUBLIC_PREFIX = "/public";
    public static final String MARKET_PREFIX = "/market";
    public static final String PRIVATE_PREFIX = "/private";
    public static final String COMBINED_STREAM_PATH = "/stream";

    /** Whether {@code stream} (e.g. {@code btcusdt@depth@100ms}) belongs on {@code /public}; else on {@code /market}. */
    public static boolean isPublicStream(final String stream)
    {
        return stream.contains("@depth") || stream.endsWith("@bookTicker") || "!bookTicker".equals(stream);
    }

    /** The combined-stream URI of {@code streams} on the path {@code prefix} ("" for the legacy path). */
    public static URI streamUri(final String wsBaseUrl, final String prefix, final List<String> streams)
    {
        return URI.create(stripSlash(wsBaseUrl) + prefix + COMBINED_STREAM_PATH + "?streams=" + String.join("/", streams));
    }

    /** The path (and query) of the user-data stream of {@code listenKey}, to append to the WS base. */
    public String userDataPath(final String listenKey)
    {
        return this == SPLIT ? PRIVATE_PREFIX + "/ws?listenKey=" + listenKey : "/ws/" + listenKey;
    }

    private static String stripSlash(final String url)
    {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
