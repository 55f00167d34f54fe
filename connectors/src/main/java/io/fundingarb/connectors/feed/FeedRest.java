package io.fundingarb.connectors.feed;

import io.fundingarb.connectors.transport.RestClient;
import io.fundingarb.connectors.transport.RestResponse;
import io.fundingarb.connectors.transport.RestRetry;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A feed's REST calls: {@code GET restBaseUrl + path} (or a JSON {@code POST}) with {@link RestRetry} (429/418/5xx and
 * failures retried, Retry-After honoured); the future fails with an {@link IOException} naming
 * the path and status when the last answer is not a 2xx. Start-up and poll traffic: allocates.
 */
public final class FeedRest
{
    private static final int MAX_ERROR_BODY_CHARS = 200;
    private static final long MAX_RETRY_AFTER_NS = 60_000_000_000L;

    private final String baseUrl;
    private final RestClient client;
    private final RestRetry retry;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    public FeedRest(
        final String baseUrl, final RestClient client, final ScheduledExecutorService scheduler, final FeedTimings timings, final Random random)
    {
        this.baseUrl = baseUrl;
        this.client = client;
        this.retry = new RestRetry(scheduler, timings.restAttempts(), timings.restBackoffBaseNs(), timings.restBackoffCapNs(),
            MAX_RETRY_AFTER_NS, random);
    }

    /** {@code GET baseUrl + pathAndQuery}; completes with a 2xx response or fails. */
    public CompletableFuture<RestResponse> get(final String pathAndQuery)
    {
        final URI uri = URI.create(baseUrl + pathAndQuery);
        return send("GET " + pathAndQuery, () -> client.get(uri));
    }

    /** {@code POST baseUrl + path} with a JSON body (Hyperliquid's {@code /info}); completes with a 2xx response or fails. */
    public CompletableFuture<RestResponse> postJson(final String path, final String json)
    {
        final URI uri = URI.create(baseUrl + path);
        final byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return send("POST " + path, () -> client.post(uri, Map.of(), body, "application/json"));
    }

    private CompletableFuture<RestResponse> send(final String request, final Supplier<CompletableFuture<RestResponse>> call)
    {
        return retry.execute(() ->
        {
            requests.incrementAndGet();
            return call.get();
        }).thenApply(response ->
        {
            if (!response.isSuccess())
            {
                failures.incrementAndGet();
                final String body = response.bodyText();
                throw new IllegalStateException(new IOException(request + ": HTTP " + response.status() + " " +
                    (body.length() > MAX_ERROR_BODY_CHARS ? body.substring(0, MAX_ERROR_BODY_CHARS) + "..." : body)));
            }
            return response;
        });
    }

    /** HTTP requests sent, retries included. */
    public long requests()
    {
        return requests.get();
    }

    /** Calls that ended without a 2xx after every retry. */
    public long failures()
    {
        return failures.get();
    }

    /** The message of a failure, unwrapped from completion wrappers. */
    public static String describe(final Throwable error)
    {
        Throwable t = error;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof IllegalStateException && t.getCause() != null)
            && t.getCause() != null)
        {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
