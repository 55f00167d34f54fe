package io.fundingarb.connectors.gateway;

import io.fundingarb.codecs.FixedPoint;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * An order gateway's settings (keys are separate constructor arguments, never part of a config
 * record that could be printed).
 *
 * @param restBaseUrl          e.g. {@code https://fapi.binance.com}, {@code https://api.bybit.com}, or a simulator's.
 * @param wsBaseUrl            private stream base, e.g. {@code wss://fstream.binance.com} (the gateway appends
 *                             {@code /private/ws?listenKey=<key>}, legacy {@code /ws/<key>}) or {@code wss://stream.bybit.com} (appends {@code /v5/private}).
 * @param recvWindowMs         signed request validity window, 1..60000 (venues default to 5000).
 * @param maxOrdersPerSecond   local cap per venue; orders beyond it are rejected locally.
 * @param takerFee             ratio at 1e-9 (0.0005 = 5 bps): estimates the fee of a fill learned from a REST
 *                             response that carries no commission (Binance RESULT).
 * @param rateLimitRetries     retries of an order answered 429/418 whose Retry-After fits the recvWindow.
 * @param rateLimitBackoffNs   block new orders this long after a 429 without Retry-After (418: ten times it).
 * @param requestTimeoutNs     deadline of each REST request.
 * @param keepaliveIntervalNs  Binance listenKey keepalive period (30 min).
 * @param wsBackoffBaseNs      private stream reconnect backoff base; also paces the queries of an UNKNOWN order.
 * @param wsBackoffCapNs       private stream reconnect backoff cap; an UNKNOWN order is asked for at least this often.
 * @param weightLimit1m        Binance: stop sending when {@code X-MBX-USED-WEIGHT-1M} reaches this (2400).
 * @param orderLimit10s        Binance: stop sending when {@code X-MBX-ORDER-COUNT-10S} reaches this (300).
 * @param balancePollIntervalNs the wallet balance is fetched with a signed REST call at start and then this often
 *                             (60 s), besides the updates the private stream pushes after fills and funding.
 * @param account              margin mode and leverage set at start, and the position poll period.
 * @param orderEntry           REST, or the venue's WebSocket order API with REST as the fallback ({@link OrderEntry}).
 */
public record GatewayConfig(
    URI restBaseUrl,
    URI wsBaseUrl,
    long recvWindowMs,
    int maxOrdersPerSecond,
    long takerFee,
    int rateLimitRetries,
    long rateLimitBackoffNs,
    long requestTimeoutNs,
    long keepaliveIntervalNs,
    long wsBackoffBaseNs,
    long wsBackoffCapNs,
    int weightLimit1m,
    int orderLimit10s,
    long balancePollIntervalNs,
    AccountSettings account,
    OrderEntry orderEntry)
{
    /** Default {@link #balancePollIntervalNs()}: one minute. */
    public static final long DEFAULT_BALANCE_POLL_INTERVAL_NS = TimeUnit.SECONDS.toNanos(60);

    public GatewayConfig
    {
        if (restBaseUrl == null || wsBaseUrl == null)
        {
            throw new IllegalArgumentException("gateway restBaseUrl and wsBaseUrl are required");
        }
        if (recvWindowMs < 1 || recvWindowMs > 60_000)
        {
            throw new IllegalArgumentException("gateway recvWindowMs must be 1..60000, was " + recvWindowMs);
        }
        if (maxOrdersPerSecond < 1)
        {
            throw new IllegalArgumentException("gateway maxOrdersPerSecond must be >= 1, was " + maxOrdersPerSecond);
        }
        if (takerFee < 0 || takerFee > FixedPoint.SCALE / 10)
        {
            throw new IllegalArgumentException("gateway takerFee must be a ratio in [0, 0.1], was " + FixedPoint.toString(takerFee));
        }
        if (rateLimitRetries < 0 || rateLimitBackoffNs <= 0 || requestTimeoutNs <= 0 || keepaliveIntervalNs <= 0)
        {
            throw new IllegalArgumentException("gateway retries must be >= 0 and backoff, timeout and keepalive > 0");
        }
        if (wsBackoffBaseNs <= 0 || wsBackoffCapNs < wsBackoffBaseNs)
        {
            throw new IllegalArgumentException("gateway ws backoff needs 0 < base <= cap");
        }
        if (balancePollIntervalNs <= 0)
        {
            throw new IllegalArgumentException("gateway balancePollIntervalNs must be > 0, was " + balancePollIntervalNs);
        }
        if (account == null)
        {
            throw new IllegalArgumentException("gateway account settings are required");
        }
        if (orderEntry == null)
        {
            throw new IllegalArgumentException("gateway order entry is required (OrderEntry.REST for REST only)");
        }
    }

    /** Orders over REST ({@link OrderEntry#REST}). */
    public GatewayConfig(
        final URI restBaseUrl, final URI wsBaseUrl, final long recvWindowMs, final int maxOrdersPerSecond, final long takerFee,
        final int rateLimitRetries, final long rateLimitBackoffNs, final long requestTimeoutNs, final long keepaliveIntervalNs,
        final long wsBackoffBaseNs, final long wsBackoffCapNs, final int weightLimit1m, final int orderLimit10s, final long balancePollIntervalNs,
        final AccountSettings account)
    {
        this(restBaseUrl, wsBaseUrl, recvWindowMs, maxOrdersPerSecond, takerFee, rateLimitRetries, rateLimitBackoffNs, requestTimeoutNs,
            keepaliveIntervalNs, wsBackoffBaseNs, wsBackoffCapNs, weightLimit1m, orderLimit10s, balancePollIntervalNs, account, OrderEntry.REST);
    }

    /** {@code restBaseUrl} (without a trailing slash) + {@code path}, then {@code ?query} unless it is null. */
    public URI restUri(final String path, final String query)
    {
        return URI.create(stripSlash(restBaseUrl.toString()) + path + (query == null ? "" : "?" + query));
    }

    /** {@code wsBaseUrl} (without a trailing slash) + {@code path}. */
    public URI wsUri(final String path)
    {
        return URI.create(stripSlash(wsBaseUrl.toString()) + path);
    }

    private static String stripSlash(final String base)
    {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** Venue defaults: recvWindow 5000, 10 orders/s, 1 retry on 429, 10 s requests, 30 min keepalive, balance every 60 s, {@link AccountSettings#DEFAULT}. */
    public static GatewayConfig of(final URI restBaseUrl, final URI wsBaseUrl, final long takerFee)
    {
        return new GatewayConfig(restBaseUrl, wsBaseUrl, 5_000, 10, takerFee, 1, TimeUnit.SECONDS.toNanos(1),
            TimeUnit.SECONDS.toNanos(10), TimeUnit.MINUTES.toNanos(30), TimeUnit.MILLISECONDS.toNanos(250),
            TimeUnit.SECONDS.toNanos(30), 2_400, 300, DEFAULT_BALANCE_POLL_INTERVAL_NS,
            AccountSettings.DEFAULT, OrderEntry.REST);
    }

    public GatewayConfig withMaxOrdersPerSecond(final int maxOrdersPerSecond)
    {
        return new GatewayConfig(restBaseUrl, wsBaseUrl, recvWindowMs, maxOrdersPerSecond, takerFee, rateLimitRetries,
            rateLimitBackoffNs, requestTimeoutNs, keepaliveIntervalNs, wsBackoffBaseNs, wsBackoffCapNs, weightLimit1m, orderLimit10s,
            balancePollIntervalNs, account, orderEntry);
    }

    public GatewayConfig withRateLimit(final int rateLimitRetries, final long rateLimitBackoffNs)
    {
        return new GatewayConfig(restBaseUrl, wsBaseUrl, recvWindowMs, maxOrdersPerSecond, takerFee, rateLimitRetries,
            rateLimitBackoffNs, requestTimeoutNs, keepaliveIntervalNs, wsBackoffBaseNs, wsBackoffCapNs, weightLimit1m, orderLimit10s,
            balancePollIntervalNs, account, orderEntry);
    }

    public GatewayConfig withWsBackoff(final long wsBackoffBaseNs, final long wsBackoffCapNs)
    {
        return new GatewayConfig(restBaseUrl, wsBaseUrl, recvWindowMs, maxOrdersPerSecond, takerFee, rateLimitRetries,
            rateLimitBackoffNs, requestTimeoutNs, keepaliveIntervalNs, wsBackoffBaseNs, wsBackoffCapNs, weightLimit1m, orderLimit10s,
            balancePollIntervalNs, account, orderEntry);
    }

    public GatewayConfig withKeepaliveIntervalNs(final long keepaliveIntervalNs)
    {
        return new GatewayConfig(restBaseUrl, wsBaseUrl, recvWindowMs, maxOrdersPerSecond, takerFee, rateLimitRetries,
            rateLimitBackoffNs, requestTimeoutNs, keepaliveIntervalNs, wsBackoffBaseNs, wsBackoffCapNs, weightLimit1m, orderLimit10s,
            balancePollIntervalNs, account, orderEntry);
    }

    public GatewayConfig withBalancePollIntervalNs(final long balancePollIntervalNs)
    {
        return new GatewayConfig(restBaseUrl, wsBaseUrl, recvWindowMs, maxOrdersPerSecond, takerFee, rateLimitRetries,
            rateLimitBackoffNs, requestTimeoutNs, keepaliveIntervalNs, wsBackoffBaseNs, wsBackoffCapNs, weightLimit1m, orderLimit10s,
            balancePollIntervalNs, account, orderEntry);
    }

    public GatewayConfig withAccount(final AccountSettings account)
    {
        return new GatewayConfig(restBaseUrl, wsBaseUrl, recvWindowMs, maxOrdersPerSecond, takerFee, rateLimitRetries,
            rateLimitBackoffNs, requestTimeoutNs, keepaliveIntervalNs, wsBackoffBaseNs, wsBackoffCapNs, weightLimit1m, orderLimit10s,
            balancePollIntervalNs, account, orderEntry);
    }

    public GatewayConfig withOrderEntry(final OrderEntry orderEntry)
    {
        return new GatewayConfig(restBaseUrl, wsBaseUrl, recvWindowMs, maxOrdersPerSecond, takerFee, rateLimitRetries,
            rateLimitBackoffNs, requestTimeoutNs, keepaliveIntervalNs, wsBackoffBaseNs, wsBackoffCapNs, weightLimit1m, orderLimit10s,
            balancePollIntervalNs, account, orderEntry);
    }
}
