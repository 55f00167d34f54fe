package io.fundingarb.connectors.binance;

import io.fundingarb.connectors.gateway.HmacSigner;
import java.nio.charset.StandardCharsets;

/**
 * Binance USD-M SIGNED endpoint security: {@code signature} = hex HMAC-SHA256(secret, the total
 * parameter string: query string followed directly by the request body), the API key in the
 * {@code X-MBX-APIKEY} header, {@code timestamp} (ms) and {@code recvWindow} among the signed
 * parameters. One instance per signing thread; neither the key nor the secret is ever part of
 * {@link #toString()}.
 */
public final class BinanceSigner
{
    /** Header carrying the API key. */
    public static final String API_KEY_HEADER = "X-MBX-APIKEY";

    private final HmacSigner hmac;
    private final String apiKey;

    public BinanceSigner(final String apiKey, final String apiSecret)
    {
        if (apiKey == null || apiKey.isEmpty())
        {
            throw new IllegalArgumentException("a Binance API key is required");
        }
        this.apiKey = apiKey;
        this.hmac = new HmacSigner(apiSecret);
    }

    /** The value of the {@link #API_KEY_HEADER} header. */
    public String apiKey()
    {
        return apiKey;
    }

    /**
     * Signs {@code payload[offset, offset + length)} (the parameter string without
     * {@code signature}) and writes 64 hex characters at {@code out[outOffset]}.
     *
     * @return {@link HmacSigner#HEX_LENGTH}.
     */
    public int sign(final byte[] payload, final int offset, final int length, final byte[] out, final int outOffset)
    {
        hmac.update(payload, offset, length);
        return hmac.finishHex(out, outOffset);
    }

    /** Convenience (tests, start-up): the signature of a parameter string. */
    public String sign(final String payload)
    {
        final byte[] bytes = payload.getBytes(StandardCharsets.US_ASCII);
        final byte[] out = new byte[HmacSigner.HEX_LENGTH];
        sign(bytes, 0, bytes.length, out, 0);
        return new String(out, StandardCharsets.US_ASCII);
    }

    @Override
    public String toString()
    {
        return "BinanceSigner{HmacSHA256}";
    }
}
