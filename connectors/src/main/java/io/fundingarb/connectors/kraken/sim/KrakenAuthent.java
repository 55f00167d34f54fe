package io.fundingarb.connectors.kraken.sim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The venue's side of Kraken Futures authentication, written from Kraken's pages (not from our
 * gateway's signer), for the simulator to verify what clients send:
 * <ul>
 *   <li>REST (docs.kraken.com/api/docs/guides/futures-rest, "Authentication"):
 *       {@code Authent = base64(HMAC-SHA512(base64decode(api_secret), SHA-256(postData + Nonce + endpointPath)))},
 *       where {@code endpointPath} is "the URL extension of the endpoint", e.g. {@code /api/v3/orderbook}
 *       (the path without the {@code /derivatives} prefix) and {@code Nonce} is the optional header (empty when absent).</li>
 *   <li>WebSocket (docs.kraken.com/api/docs/guides/futures-websockets, "Sign challenge"):
 *       {@code signed_challenge = base64(HMAC-SHA512(base64decode(api_secret), SHA-256(challenge)))}; the page's
 *       worked example (challenge {@code c100b894-...}, secret {@code 7zxMEF5p...}) is a test vector.</li>
 * </ul>
 * Comparisons are constant-time. Never prints the secret.
 */
public final class KrakenAuthent
{
    private final SecretKeySpec key;

    /** @param apiSecret the base64 secret as Kraken hands it out; throws when it is not base64. */
    public KrakenAuthent(final String apiSecret)
    {
        final byte[] decoded;
        try
        {
            decoded = Base64.getDecoder().decode(apiSecret);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("a Kraken api secret is base64; this one is not");
        }
        this.key = new SecretKeySpec(decoded, "HmacSHA512");
    }

    /** {@code endpointPath} of a request path: {@code /derivatives/api/v3/sendorder} → {@code /api/v3/sendorder}. */
    public static String endpointPath(final String requestPath)
    {
        return requestPath.startsWith("/derivatives/") ? requestPath.substring("/derivatives".length()) : requestPath;
    }

    /** The Authent of a request (base64). */
    public String authent(final String postData, final String nonce, final String endpointPath)
    {
        return sign(postData + (nonce == null ? "" : nonce) + endpointPath);
    }

    /** The signed challenge of a WebSocket challenge (base64). */
    public String signChallenge(final String challenge)
    {
        return sign(challenge);
    }

    /** Whether {@code authent} is the request's Authent. */
    public boolean authentMatches(final String postData, final String nonce, final String endpointPath, final String authent)
    {
        return authent != null && constantTimeEquals(authent(postData, nonce, endpointPath), authent);
    }

    /** Whether {@code signed} is {@code challenge} signed with the secret. */
    public boolean challengeMatches(final String challenge, final String signed)
    {
        return signed != null && constantTimeEquals(signChallenge(challenge), signed);
    }

    private String sign(final String message)
    {
        try
        {
            final byte[] hash = MessageDigest.getInstance("SHA-256").digest(message.getBytes(StandardCharsets.UTF_8));
            final Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(key);
            return Base64.getEncoder().encodeToString(mac.doFinal(hash));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("SHA-256 / HmacSHA512 unavailable", ex);
        }
    }

    private static boolean constantTimeEquals(final String expected, final String actual)
    {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), actual.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString()
    {
        return "KrakenAuthent{secret=***}";
    }
}
