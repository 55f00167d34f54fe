package io.fundingarb.engine.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The operator's token as the HTTP endpoints check it ({@code Authorization: Bearer TOKEN}): only
 * its SHA-256 is kept, and a presented token is compared in constant time. Used by the control
 * endpoint and the ops server's operator actions alike.
 */
public final class BearerToken
{
    private static final String PREFIX = "Bearer ";

    private final byte[] hash;

    public BearerToken(final String token)
    {
        this.hash = sha256(token.getBytes(StandardCharsets.UTF_8));
    }

    /** True when the header is {@code Bearer} and this token. */
    public boolean accepts(final String authorizationHeader)
    {
        if (authorizationHeader == null || !authorizationHeader.startsWith(PREFIX))
        {
            return false;
        }
        return MessageDigest.isEqual(hash, sha256(authorizationHeader.substring(PREFIX.length()).strip().getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(final byte[] bytes)
    {
        try
        {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 is missing from this JDK", ex);
        }
    }
}
