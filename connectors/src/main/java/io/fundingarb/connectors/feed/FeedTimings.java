package io.fundingarb.connectors.feed;

import java.util.concurrent.TimeUnit;

/**
 * How a feed paces itself: WebSocket silence and reconnect backoff, REST retries, the periodic
 * polls, and how long it waits before retrying a failed bootstrap, book snapshot or resubscribe.
 * Defaults suit real venues; tests shorten them.
 *
 * @param silenceTimeoutNs   no frame for this long: STALE, then reconnect.
 * @param backoffBaseNs      first reconnect delay.
 * @param backoffCapNs       largest reconnect delay.
 * @param restAttempts       calls per REST request in all (429/418/5xx and failures are retried).
 * @param restBackoffBaseNs  first REST retry delay when the venue names no Retry-After.
 * @param restBackoffCapNs   largest REST retry delay.
 * @param volumePollNs       period of the 24 h volume poll (Binance ticker/24hr).
 * @param intervalPollNs     period of the funding-interval poll (Binance fundingInfo, Bybit instruments-info).
 * @param retryNs            wait before retrying a failed bootstrap or book snapshot, or re-sending an
 *                           unanswered resubscribe.
 * @param liveness           each stream's silence, subscribe acks, backoff reset and the reconnect cap.
 */
public record FeedTimings(
    long silenceTimeoutNs,
    long backoffBaseNs,
    long backoffCapNs,
    int restAttempts,
    long restBackoffBaseNs,
    long restBackoffCapNs,
    long volumePollNs,
    long intervalPollNs,
    long retryNs,
    FeedLiveness liveness)
{
    public FeedTimings
    {
        if (silenceTimeoutNs <= 0 || backoffBaseNs <= 0 || backoffCapNs < backoffBaseNs)
        {
            throw new IllegalArgumentException("feed timings need silenceTimeoutNs > 0 and 0 < backoffBaseNs <= backoffCapNs");
        }
        if (restAttempts < 1 || restBackoffBaseNs <= 0 || restBackoffCapNs < restBackoffBaseNs)
        {
            throw new IllegalArgumentException("feed timings need restAttempts >= 1 and 0 < restBackoffBaseNs <= restBackoffCapNs");
        }
        if (volumePollNs <= 0 || intervalPollNs <= 0 || retryNs <= 0)
        {
            throw new IllegalArgumentException("feed poll periods and retryNs must be > 0");
        }
        if (liveness == null)
        {
            throw new IllegalArgumentException("feed timings need a liveness (FeedLiveness.defaults())");
        }
    }

    /** 30 s silence, 250 ms..30 s backoff, 5 REST attempts, volume every 60 s, intervals every 10 min, retry after 5 s. */
    public static FeedTimings defaults()
    {
        return new FeedTimings(
            TimeUnit.SECONDS.toNanos(30),
            TimeUnit.MILLISECONDS.toNanos(250),
            TimeUnit.SECONDS.toNanos(30),
            5,
            TimeUnit.MILLISECONDS.toNanos(500),
            TimeUnit.SECONDS.toNanos(10),
            TimeUnit.SECONDS.toNanos(60),
            TimeUnit.MINUTES.toNanos(10),
            TimeUnit.SECONDS.toNanos(5),
            FeedLiveness.defaults());
    }

    /** The connection silence and every stream's silence ({@link FeedLiveness#withSilenceNs}). */
    public FeedTimings withSilenceTimeoutNs(final long silenceTimeoutNs)
    {
        return new FeedTimings(silenceTimeoutNs, backoffBaseNs, backoffCapNs, restAttempts, restBackoffBaseNs, restBackoffCapNs,
            volumePollNs, intervalPollNs, retryNs, liveness.withSilenceNs(silenceTimeoutNs));
    }

    public FeedTimings withLiveness(final FeedLiveness liveness)
    {
        return new FeedTimings(silenceTimeoutNs, backoffBaseNs, backoffCapNs, restAttempts, restBackoffBaseNs, restBackoffCapNs,
            volumePollNs, intervalPollNs, retryNs, liveness);
    }

    public FeedTimings withBackoff(final long backoffBaseNs, final long backoffCapNs)
    {
        return new FeedTimings(silenceTimeoutNs, backoffBaseNs, backoffCapNs, restAttempts, restBackoffBaseNs, restBackoffCapNs,
            volumePollNs, intervalPollNs, retryNs, liveness);
    }

    public FeedTimings withRestRetry(final int restAttempts, final long restBackoffBaseNs, final long restBackoffCapNs)
    {
        return new FeedTimings(silenceTimeoutNs, backoffBaseNs, backoffCapNs, restAttempts, restBackoffBaseNs, restBackoffCapNs,
            volumePollNs, intervalPollNs, retryNs, liveness);
    }

    public FeedTimings withPolls(final long volumePollNs, final long intervalPollNs)
    {
        return new FeedTimings(silenceTimeoutNs, backoffBaseNs, backoffCapNs, restAttempts, restBackoffBaseNs, restBackoffCapNs,
            volumePollNs, intervalPollNs, retryNs, liveness);
    }

    public FeedTimings withRetryNs(final long retryNs)
    {
        return new FeedTimings(silenceTimeoutNs, backoffBaseNs, backoffCapNs, restAttempts, restBackoffBaseNs, restBackoffCapNs,
            volumePollNs, intervalPollNs, retryNs, liveness);
    }
}
