package io.fundingarb.connectors.feed;

import io.fundingarb.codecs.FixedPoint;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * What one venue's market-data feed connects to and asks for, validated once at construction.
 *
 * @param wsBaseUrl          the venue's WebSocket base, e.g. {@code wss://fstream.binance.com} or a simulator's
 *                           {@code ws://127.0.0.1:port}; the feed appends the venue's path.
 * @param restBaseUrl        the venue's REST base, e.g. {@code https://fapi.binance.com}; the feed appends the paths.
 * @param tokens             base assets to trade (upper case), e.g. BTC, ETH.
 * @param quotes             accepted quote assets in preference order, e.g. USDT, USDC; a token gets one
 *                           instrument per listed accepted quote.
 * @param takerFee           taker fee ratio at scale 1e-9 (put in every {@code InstrumentDefinition}).
 * @param makerFee           maker fee ratio at scale 1e-9.
 * @param fallbackIntervalS  funding interval used when the venue gives none for a symbol (Bybit); Binance's
 *                           documented default (8 h for symbols fundingInfo does not list) needs none.
 */
public record FeedSettings(
    String wsBaseUrl,
    String restBaseUrl,
    List<String> tokens,
    List<String> quotes,
    long takerFee,
    long makerFee,
    int fallbackIntervalS)
{
    /** Quote assets the engine knows (the SBE Quote enum). */
    public static final List<String> QUOTES = List.of("USDT", "USDC", "USD");

    public FeedSettings
    {
        wsBaseUrl = stripSlash(requireUrl(wsBaseUrl, "wsBaseUrl", "ws", "wss"));
        restBaseUrl = stripSlash(requireUrl(restBaseUrl, "restBaseUrl", "http", "https"));
        tokens = tokens.stream().map(t -> t.toUpperCase(Locale.ROOT)).distinct().toList();
        quotes = quotes.stream().map(q -> q.toUpperCase(Locale.ROOT)).distinct().toList();
        if (quotes.isEmpty() || !QUOTES.containsAll(quotes))
        {
            throw new IllegalArgumentException("feed quotes must be a non-empty list of " + QUOTES + ", was " + quotes);
        }
        if (takerFee == FixedPoint.NULL || makerFee == FixedPoint.NULL)
        {
            throw new IllegalArgumentException("feed fees must be set");
        }
        if (fallbackIntervalS <= 0)
        {
            throw new IllegalArgumentException("feed fallbackIntervalS must be > 0, was " + fallbackIntervalS);
        }
    }

    /** Fees as ratios (0.0005 = 5 bps), 8 h fallback interval. */
    public static FeedSettings of(
        final String wsBaseUrl, final String restBaseUrl, final List<String> tokens, final List<String> quotes,
        final double takerFee, final double makerFee)
    {
        return new FeedSettings(wsBaseUrl, restBaseUrl, tokens, quotes, FixedPoint.fromDouble(takerFee), FixedPoint.fromDouble(makerFee), 8 * 3600);
    }

    public FeedSettings withFallbackIntervalS(final int fallbackIntervalS)
    {
        return new FeedSettings(wsBaseUrl, restBaseUrl, tokens, quotes, takerFee, makerFee, fallbackIntervalS);
    }

    private static String requireUrl(final String url, final String name, final String plain, final String secure)
    {
        if (url == null || url.isBlank())
        {
            throw new IllegalArgumentException("feed " + name + " is not set");
        }
        final URI uri;
        try
        {
            uri = URI.create(url.trim());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("feed " + name + " is not a URL: " + url, ex);
        }
        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(plain.equals(scheme) || secure.equals(scheme)) || uri.getHost() == null)
        {
            throw new IllegalArgumentException("feed " + name + " must be an absolute " + plain + ":// or " + secure + ":// URL, was " + url);
        }
        if (uri.getRawQuery() != null)
        {
            throw new IllegalArgumentException("feed " + name + " must not carry a query, was " + url);
        }
        return url.trim();
    }

    private static String stripSlash(final String url)
    {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
