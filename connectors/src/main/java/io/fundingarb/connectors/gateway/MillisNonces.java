package io.fundingarb.connectors.gateway;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Nonces of one signer: millisecond timestamps, strictly increasing across every thread that signs
 * with the key. Hyperliquid (docs, "Nonces and API wallets",
 * https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/nonces-and-api-wallets: the
 * 100 highest nonces of a signer are kept, a new one must exceed the smallest of them and never
 * repeat, and lie within (T - 2 days, T + 1 day) of the block time); Kraken Futures ("Nonce is a
 * continuously incrementing integer parameter. A good nonce is your system time in milliseconds",
 * docs.kraken.com/api/docs/guides/futures-rest; a repeat is refused as {@code nonceDuplicate}). Two
 * requests in the same millisecond take the next one. Lock-free.
 */
public final class MillisNonces
{
    private final AtomicLong last = new AtomicLong();

    /** The next nonce: {@code nowMs}, or one above the last nonce when that is not below it. */
    public long next(final long nowMs)
    {
        while (true)
        {
            final long previous = last.get();
            final long next = Math.max(nowMs, previous + 1);
            if (last.compareAndSet(previous, next))
            {
                return next;
            }
        }
    }
}
