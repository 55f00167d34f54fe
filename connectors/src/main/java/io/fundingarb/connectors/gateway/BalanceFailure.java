package io.fundingarb.connectors.gateway;

/**
 * Why a gateway's signed balance request published nothing: {@code permanent} when the venue
 * refused it (bad key or signature, wrong account type: retrying will not help), else a transient
 * failure (transport, timeout, 5xx, rate limit, an unreadable answer). The message is the venue's
 * code and text or the transport's cause, never a key, secret or signed URL.
 */
public record BalanceFailure(boolean permanent, String message)
{
    /** Attempts of the first balance request before {@code start()} fails. */
    public static final int START_ATTEMPTS = 3;

    public static BalanceFailure refused(final String message)
    {
        return new BalanceFailure(true, message);
    }

    public static BalanceFailure transientFailure(final String message)
    {
        return new BalanceFailure(false, message);
    }
}
