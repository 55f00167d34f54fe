package io.fundingarb.connectors.binance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The worked example of Binance's USD-M futures docs, "SIGNED Endpoint Examples for POST
 * /fapi/v1/order - HMAC Keys" (developers.binance.com/docs/derivatives/usds-margined-futures/general-info).
 * The documented key and secret are public example values, not credentials.
 */
class BinanceSignerTest
{
    static final String DOC_API_KEY = "dbefbc809e3e83c283a984c3a1459732ea7db1360ca80c5c2c8867408d28cc83";
    static final String DOC_SECRET = "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9";

    @Test
    void shouldSignTheDocumentedQueryString()
    {
        final BinanceSigner signer = new BinanceSigner(DOC_API_KEY, DOC_SECRET);
        assertThat(signer.sign("symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943"))
            .isEqualTo("3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9");
    }

    /**
     * Example 3: query string and body concatenated with no '&' between "GTC" and "quantity=1".
     * The published echo command has a space after "timestamp=", and the published signature is
     * of that exact text (checked with openssl), so the vector keeps the space.
     */
    @Test
    void shouldSignTheDocumentedMixedQueryAndBody()
    {
        final BinanceSigner signer = new BinanceSigner(DOC_API_KEY, DOC_SECRET);
        assertThat(signer.sign("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTCquantity=1&price=9000&recvWindow=5000&timestamp= 1591702613943"))
            .isEqualTo("f9d0ae5e813ef6ccf15c2b5a434047a0181cb5a342b903b367ca6d27a66e36f2");
    }

    @Test
    void shouldNotRevealKeyOrSecretInToString()
    {
        final String text = new BinanceSigner(DOC_API_KEY, DOC_SECRET).toString();
        assertThat(text).doesNotContain(DOC_API_KEY).doesNotContain(DOC_SECRET);
    }
}
