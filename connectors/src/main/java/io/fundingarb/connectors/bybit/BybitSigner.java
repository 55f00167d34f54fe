package io.fundingarb.connectors.bybit;

import io.fundingarb.connectors.gateway.HmacSigner;
import java.nio.charset.StandardCharsets;

/**
 * Bybit v5 HMAC authentication. REST: headers {@code X-BAPI-API-KEY}, {@code X-BAPI-TIMESTAMP},
 * {@code X-BAPI-RECV-WINDOW} and {@code X-BAPI-SIGN} = hex HMAC-SHA256(secret,
 * timestamp + apiKey + recvWindow + (queryString | jsonBody)). Private WebSocket:
 * {@code {"op":"auth","args":[apiKey, expires, hex HMAC-SHA256(secret, "GET/realtime" + expires)]}}.
 * One instance per signing thread; neither the key nor the secret is ever part of
 * {@link #toString()}.
 */
public final class BybitSigner
{
    public static final String API_KEY_HEADER = "X-BAPI-API-KEY";
    public static final String TIMESTAMP_HEADER = "X-BAPI-TIMESTAMP";
    public static final String RECV_WINDOW_HEADER = "X-BAPI-RECV-WINDOW";
    public static final String SIGN_HEADER = "X-BAPI-SIGN";

    private final HmacSigner hmac;
    private final String apiKey;

    public BybitSigner(final String apiKey, final String apiSecret)
    {
        if (apiKey == null || apiKey.isEmpty())
        {
            throw new IllegalArgumentException("a Bybit API key is required");
        }
        this.apiKey = apiKey;
        this.hmac = new HmacSigner(apiSecret);
    }

    public String apiKey()
    {
        return apiKey;
    }

    /**
     * Signs timestamp + apiKey + recvWindow + {@code payload[offset, offset + length)} and writes
     * 64 hex characters at {@code out[outOffset]}.
     *
     * @return {@link HmacSigner#HEX_LENGTH}.
     */
    public int sign(
        final long timestampMs, final long recvWindowMs, final byte[] payload, final int offset, final int length,
        final byte[] out, final int outOffset)
    {
        hmac.update(timestampMs).update(apiKey).update(recvWindowMs).update(payload, offset, length);
        return hmac.finishHex(out, outOffset);
    }

    /** Convenience (tests): the signature of a query string or JSON body. */
    public String sign(final long timestampMs, final long recvWindowMs, final String payload)
    {
        final byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        final byte[] out = new byte[HmacSigner.HEX_LENGTH];
        sign(timestampMs, recvWindowMs, bytes, 0, bytes.length, out, 0);
        return new String(out, StandardCharsets.US_ASCII);
    }

    /** The string Bybit signs for REST (tests check its layout against the documented example). */
    public static String stringToSign(final long timestampMs, final String apiKey, final long recvWindowMs, final String payload)
    {
        return timestampMs + apiKey + recvWindowMs + payload;
    }

    /** The private WebSocket auth signature: hex HMAC-SHA256(secret, "GET/realtime" + expiresMs). */
    public String wsAuthSignature(final long expiresMs)
    {
        hmac.update("GET/realtime").update(expiresMs);
        final byte[] out = new byte[HmacSigner.HEX_LENGTH];
        hmac.finishHex(out, 0);
        return new String(out, StandardCharsets.US_ASCII);
    }

    /** The private WebSocket auth message. */
    public String wsAuthMessage(final long expiresMs)
    {
        return "{\"op\":\"auth\",\"args\":[\"" + apiKey + "\"," + expiresMs + ",\"" + wsAuthSignature(expiresMs) + "\"]}";
    }

    @Override
    public String toString()
    {
        return "BybitSigner{HmacSHA256}";
    }
}
