package io.fundingarb.connectors.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 with lower-case hex output, the signature both Binance and Bybit use. One
 * {@link Mac} is initialised once with the secret and reused for every message; the digest and
 * the hex output go into caller-owned arrays. Not thread-safe: one signer per signing thread.
 *
 * <p>The secret lives only inside the {@link Mac}: no field, no {@link #toString()}, no
 * exception message ever contains it.
 */
public final class HmacSigner
{
    /** Length of the hex signature. */
    public static final int HEX_LENGTH = 64;

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final Mac mac;
    private final byte[] digest = new byte[32];

    /**
     * @param secret the venue API secret (UTF-8 bytes of the secret string).
     */
    public HmacSigner(final byte[] secret)
    {
        if (secret == null || secret.length == 0)
        {
            throw new IllegalArgumentException("an API secret is required");
        }
        try
        {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
        }
        catch (final GeneralSecurityException ex)
        {
            // never include the key material: the exception of init may describe it
            throw new IllegalStateException("HmacSHA256 is not available: " + ex.getClass().getSimpleName());
        }
    }

    public HmacSigner(final String secret)
    {
        this(secret == null ? null : secret.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds message bytes. */
    public HmacSigner update(final byte[] bytes, final int offset, final int length)
    {
        mac.update(bytes, offset, length);
        return this;
    }

    /** Adds the bytes of an ASCII string (allocates the string's bytes only for non-Latin text). */
    public HmacSigner update(final CharSequence ascii)
    {
        for (int i = 0, n = ascii.length(); i < n; i++)
        {
            mac.update((byte)ascii.charAt(i));
        }
        return this;
    }

    /** Adds the decimal text of {@code value}. */
    public HmacSigner update(final long value)
    {
        if (value < 0)
        {
            mac.update((byte)'-');
            if (value == Long.MIN_VALUE)
            {
                return update("9223372036854775808");
            }
            return update(-value);
        }
        if (value >= 10)
        {
            update(value / 10);
        }
        mac.update((byte)('0' + (int)(value % 10)));
        return this;
    }

    /**
     * Finishes the message, writes the 64 hex characters at {@code out[offset]} and resets for
     * the next message.
     *
     * @return {@link #HEX_LENGTH}.
     */
    public int finishHex(final byte[] out, final int offset)
    {
        try
        {
            mac.doFinal(digest, 0);
        }
        catch (final javax.crypto.ShortBufferException ex)
        {
            throw new IllegalStateException("digest buffer too short");
        }
        for (int i = 0; i < digest.length; i++)
        {
            final int b = digest[i] & 0xFF;
            out[offset + 2 * i] = HEX[b >>> 4];
            out[offset + 2 * i + 1] = HEX[b & 0xF];
        }
        return HEX_LENGTH;
    }

    /** Convenience (tests, start-up): the hex signature of a whole UTF-8 message. Allocates. */
    public String hex(final String message)
    {
        final byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        update(bytes, 0, bytes.length);
        final byte[] out = new byte[HEX_LENGTH];
        finishHex(out, 0);
        return new String(out, StandardCharsets.US_ASCII);
    }

    /** Compares two hex signatures in constant time, case-insensitively (the venues accept either case). */
    public static boolean hexEquals(final String expected, final String actual)
    {
        if (expected == null || actual == null || expected.length() != actual.length())
        {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < expected.length(); i++)
        {
            diff |= Character.toLowerCase(expected.charAt(i)) ^ Character.toLowerCase(actual.charAt(i));
        }
        return diff == 0;
    }

    @Override
    public String toString()
    {
        return "HmacSigner{HmacSHA256}";
    }
}
