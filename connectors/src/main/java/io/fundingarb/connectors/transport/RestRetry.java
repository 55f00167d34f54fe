package io.fundingarb.connectors.transport;

import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Retries a REST call that was rate limited (429, Binance 418), failed on the server side
 * (5xx) or failed to complete (connect error, timeout). The wait honours the response's
 * {@code Retry-After} when present, else capped jittered backoff ({@link Backoff}). A
 * {@code Retry-After} longer than {@code maxRetryAfterNs} is not waited out: that response is
 * returned for the caller to decide. After {@code maxAttempts} the last response (or failure)
 * is returned as is. Start-up code: allocation is fine.
 */
public final class RestRetry
{
    private final ScheduledExecutorService scheduler;
    private final int maxAttempts;
    private final long baseNs;
    private final long capNs;
    private final long maxRetryAfterNs;
    private final Random random;

    /**
     * @param scheduler       where waits are scheduled (e.g. the Netty group).
     * @param maxAttempts     calls in all, >= 1.
     * @param baseNs          first backoff delay.
     * @param capNs           largest backoff delay.
     * @param maxRetryAfterNs longest Retry-After honoured; longer ones end the retries.
     * @param random          jitter source.
     */
    public RestRetry(
        final ScheduledExecutorService scheduler,
        final int maxAttempts,
        final long baseNs,
        final long capNs,
        final long maxRetryAfterNs,
        final Random random)
    {
        if (maxAttempts < 1)
        {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
        this.scheduler = scheduler;
        this.maxAttempts = maxAttempts;
        this.baseNs = baseNs;
        this.capNs = capNs;
        this.maxRetryAfterNs = maxRetryAfterNs;
        this.random = random;
        new Backoff(baseNs, capNs, random); // validates the bounds
    }

    /** Calls {@code call} until it succeeds, is not retryable, or attempts run out. */
    public CompletableFuture<RestResponse> execute(final Supplier<CompletableFuture<RestResponse>> call)
    {
        final CompletableFuture<RestResponse> result = new CompletableFuture<>();
        attempt(call, new Backoff(baseNs, capNs, random), 1, result);
        return result;
    }

    private void attempt(
        final Supplier<CompletableFuture<RestResponse>> call,
        final Backoff backoff,
        final int attempt,
        final CompletableFuture<RestResponse> result)
    {
        final CompletableFuture<RestResponse> future;
        try
        {
            future = call.get();
        }
        catch (final RuntimeException ex)
        {
            result.completeExceptionally(ex);
            return;
        }
        future.whenComplete((response, error) ->
        {
            final long backoffNs = backoff.nextDelayNs();
            if (error != null)
            {
                if (attempt >= maxAttempts)
                {
                    result.completeExceptionally(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
                    return;
                }
                scheduler.schedule(() -> attempt(call, backoff, attempt + 1, result), backoffNs, TimeUnit.NANOSECONDS);
                return;
            }
            if (!response.isRetryable() || attempt >= maxAttempts)
            {
                result.complete(response);
                return;
            }
            final long retryAfterNs = response.retryAfterNs();
            if (retryAfterNs > maxRetryAfterNs)
            {
                result.complete(response);
                return;
            }
            final long delayNs = retryAfterNs >= 0 ? Math.max(retryAfterNs, 0) : backoffNs;
            scheduler.schedule(() -> attempt(call, backoff, attempt + 1, result), delayNs, TimeUnit.NANOSECONDS);
        });
    }

    public int maxAttempts()
    {
        return maxAttempts;
    }
}
