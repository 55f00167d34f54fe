package io.fundingarb.connectors.kraken;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Kraken Futures authentication, as docs.kraken.com/api/docs/guides/futures-rest ("Authentication")
 * and docs.kraken.com/api/docs/guides/futures-websockets ("Sign challenge") specify.
 *
 * <p>REST: headers {@code APIKey} (the public key), {@code Nonce} (optional; here a strictly
 * increasing millisecond count) and {@code Authent} = base64(HMAC-SHA512(base64decode(secret),
 * SHA-256(postData + nonce + endpointPath))), where {@code postData} is the {@code &}-joined
 * {@code name=value} parameters exactly as sent (the query string; "" when there are none) and
 * {@code endpointPath} is the URL path without the {@code /derivatives} prefix ("Example:
 * /api/v3/orderbook" for {@code /derivatives/api/v3/orderbook}; every client of the venue strips
 * the prefix the same way).
 *
 * <p>Private WebSocket: {@code signed_challenge} = base64(HMAC-SHA512(base64decode(secret),
 * SHA-256(challenge))), the same steps with the challenge UUID as the message.
 *
 * <p>One instance per signing thread (the {@link Mac} and digest are reused). Neither the key
 * nor the secret is ever part of {@link #toString()} or an exception message.
 */
public final class KrakenSigner
{
    public static final String API_KEY_HEADER = "APIKey";
    public static final String AUTHENT_HEADER = "Authent";
    public static final String NONCE_HEADER = "Nonce";
    /** The prefix of every REST path that is not part of the signed {@code endpointPath}. */
    public static final String DERIVATIVES_PREFIX = "/derivatives";

    private static final String HMAC = "HmacSHA512";

    private final String apiKey;
    private final Mac mac;
    private final MessageDigest sha256;
    private final byte[] hash = new byte[32];

    /**
     * @param apiKey    the public API key.
     * @param apiSecret the API secret as Kraken hands it out: base64 text.
     */
    public KrakenSigner(final String apiKey, final String apiSecret)
    {
        if (apiKey == null || apiKey.isEmpty())
        {
            throw new IllegalArgumentException("a Kraken API key is required");
        }
        if (apiSecret == null || apiSecret.isEmpty())
        {
            throw new IllegalArgumentException("a Kraken API secret is required");
        }
        final byte[] key;
        try
        {
            key = Base64.getDecoder().decode(apiSecret.trim());
        }
        catch (final IllegalArgumentException ex)
        {
            // the decoder's message may quote a character of the secret: never pass it on
            throw new IllegalArgumentException("the Kraken API secret is not base64 text");
        }
        try
        {
            this.mac = Mac.getInstance(HMAC);
            this.mac.init(new SecretKeySpec(key, HMAC));
            this.sha256 = MessageDigest.getInstance("SHA-256");
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("HmacSHA512 or SHA-256 is not available: " + ex.getClass().getSimpleName());
        }
        this.apiKey = apiKey;
    }

    public String apiKey()
    {
        return apiKey;
    }

    /** The signed {@code endpointPath} of a request path: {@code /derivatives/api/v3/sendorder} → {@code /api/v3/sendorder}. */
    public static String endpointPath(final String requestPath)
    {
        return requestPath.startsWith(DERIVATIVES_PREFIX + "/") ? requestPath.substring(DERIVATIVES_PREFIX.length()) : requestPath;
    }

    /**
     * {@code Authent} of a request.
     *
     * @param postData     the parameters as sent ("" when none).
     * @param nonce        the {@code Nonce} header's value.
     * @param endpointPath the path without {@code /derivatives} ({@link #endpointPath(String)}).
     */
    public String authent(final String postData, final long nonce, final String endpointPath)
    {
        update(postData);
        update(Long.toString(nonce));
        update(endpointPath);
        return finish();
    }

    /** {@code signed_challenge} of a private WebSocket challenge. */
    public String signChallenge(final String challenge)
    {
        update(challenge);
        return finish();
    }

    private void update(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha256.update(bytes, 0, bytes.length);
    }

    private String finish()
    {
        try
        {
            sha256.digest(hash, 0, hash.length);
        }
        catch (final java.security.DigestException ex)
        {
            throw new IllegalStateException("SHA-256 digest buffer too short");
        }
        return Base64.getEncoder().encodeToString(mac.doFinal(hash));
    }

    @Override
    public String toString()
    {
        return "KrakenSigner{HmacSHA512(SHA-256)}";
    }
}
