package io.fundingarb.connectors.feed;

import java.util.concurrent.TimeUnit;

/**
 * How a feed judges that each subscribed stream still carries market data, and how hard it may
 * reconnect (one venue's {@code venues.<venue>} liveness keys; see {@code WsConnection}).
 *
 * @param fundingSilenceNs       a funding / mark stream (Binance {@code @markPrice@1s}, every 1 s; Bybit {@code tickers},
 *                               100 ms when anything changes) silent this long is resubscribed, then the connection recycled;
 *                               0 = never judged silent.
 * @param bookSilenceNs          the same for a book stream (Binance {@code @depth@100ms}, Bybit {@code orderbook.50}: 20-100 ms
 *                               while the book changes); 0 = never.
 * @param ackTimeoutNs           a subscribe request unanswered this long is sent again; unanswered twice, the connection is recycled.
 * @param backoffResetNs         the reconnect backoff starts over only after a connection delivered data this long.
 * @param maxReconnectsPerMinute connection attempts per minute across the feed's connections, at most the venue's documented
 *                               limit ({@link io.fundingarb.connectors.transport.ReconnectLimiter}).
 */
public record FeedLiveness(long fundingSilenceNs, long bookSilenceNs, long ackTimeoutNs, long backoffResetNs, int maxReconnectsPerMinute)
{
    public FeedLiveness
    {
        if (fundingSilenceNs < 0 || bookSilenceNs < 0)
        {
            throw new IllegalArgumentException("feed stream silences must be >= 0 (0 = never), was " + fundingSilenceNs + " and " + bookSilenceNs);
        }
        if (ackTimeoutNs <= 0 || backoffResetNs <= 0 || maxReconnectsPerMinute < 1)
        {
            throw new IllegalArgumentException("feed liveness needs ackTimeoutNs > 0, backoffResetNs > 0 and maxReconnectsPerMinute >= 1");
        }
    }

    /** Funding streams 10 s, books 5 s, acks 10 s, backoff reset after 60 s of data, 12 connection attempts a minute. */
    public static FeedLiveness defaults()
    {
        return new FeedLiveness(TimeUnit.SECONDS.toNanos(10), TimeUnit.SECONDS.toNanos(5), TimeUnit.SECONDS.toNanos(10),
            TimeUnit.SECONDS.toNanos(60), 12);
    }

    /** Every stream silent after {@code silenceNs}. */
    public FeedLiveness withSilenceNs(final long silenceNs)
    {
        return new FeedLiveness(silenceNs, silenceNs, ackTimeoutNs, backoffResetNs, maxReconnectsPerMinute);
    }

    public FeedLiveness withSilences(final long fundingSilenceNs, final long bookSilenceNs)
    {
        return new FeedLiveness(fundingSilenceNs, bookSilenceNs, ackTimeoutNs, backoffResetNs, maxReconnectsPerMinute);
    }

    public FeedLiveness withAckTimeoutNs(final long ackTimeoutNs)
    {
        return new FeedLiveness(fundingSilenceNs, bookSilenceNs, ackTimeoutNs, backoffResetNs, maxReconnectsPerMinute);
    }

    public FeedLiveness withReconnectPolicy(final long backoffResetNs, final int maxReconnectsPerMinute)
    {
        return new FeedLiveness(fundingSilenceNs, bookSilenceNs, ackTimeoutNs, backoffResetNs, maxReconnectsPerMinute);
    }
}
