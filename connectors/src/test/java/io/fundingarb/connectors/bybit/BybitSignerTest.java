package io.fundingarb.connectors.bybit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.connectors.gateway.HmacSigner;
import org.junit.jupiter.api.Test;

/**
 * Bybit's v5 "Integration guidance" documents the string to sign (timestamp + api_key +
 * recv_window + queryString | jsonBody, e.g. "1658384314791XXXXXXXXXX5000category=option&symbol=BTC-29JUL22-25000-C")
 * but publishes no secret and no expected signature. So: the layout is checked against the
 * documented example byte for byte, the HMAC against RFC 4231 (HmacSignerTest) and against
 * signatures computed independently with {@code openssl dgst -sha256 -hmac fundingarb-test-secret}.
 */
class BybitSignerTest
{
    private static final String SECRET = "fundingarb-test-secret";
    private static final String DOC_KEY = "XXXXXXXXXX";

    @Test
    void shouldLayOutTheStringToSignAsDocumented()
    {
        assertThat(BybitSigner.stringToSign(1658384314791L, DOC_KEY, 5000, "category=option&symbol=BTC-29JUL22-25000-C"))
            .isEqualTo("1658384314791XXXXXXXXXX5000category=option&symbol=BTC-29JUL22-25000-C");
    }

    @Test
    void shouldSignTheDocumentedGetExampleAsOpensslDoes()
    {
        final BybitSigner signer = new BybitSigner(DOC_KEY, SECRET);
        assertThat(signer.sign(1658384314791L, 5000, "category=option&symbol=BTC-29JUL22-25000-C"))
            .isEqualTo("16d4392b1ab5b3038a037e865c19ec16cc412f7eeb5913c859bd9276b35fe618")
            .isEqualTo(new HmacSigner(SECRET).hex("1658384314791XXXXXXXXXX5000category=option&symbol=BTC-29JUL22-25000-C"));
    }

    @Test
    void shouldSignAnOrderBodyAsOpensslDoes()
    {
        final BybitSigner signer = new BybitSigner(DOC_KEY, SECRET);
        final String body = "{\"category\":\"linear\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.001\"," +
            "\"price\":\"65000.1\",\"timeInForce\":\"IOC\",\"reduceOnly\":false,\"orderLinkId\":\"42\"}";
        assertThat(signer.sign(1658385579423L, 5000, body)).isEqualTo("a6c8e9bac3b13cdec6deca5913fab5a065eb10299055bb95457ba553af2d8abc");
    }

    @Test
    void shouldSignTheWebSocketAuthAsOpensslDoes()
    {
        final BybitSigner signer = new BybitSigner(DOC_KEY, SECRET);
        assertThat(signer.wsAuthSignature(1662350400000L)).isEqualTo("88ae1fc0d94ab336ab420a3215c652c9ed5e06b046434b7a5b6e03984933ae14");
        assertThat(signer.wsAuthMessage(1662350400000L))
            .isEqualTo("{\"op\":\"auth\",\"args\":[\"XXXXXXXXXX\",1662350400000,\"88ae1fc0d94ab336ab420a3215c652c9ed5e06b046434b7a5b6e03984933ae14\"]}");
    }

    @Test
    void shouldNotRevealKeyOrSecretInToString()
    {
        assertThat(new BybitSigner("my-api-key", SECRET).toString()).doesNotContain("my-api-key").doesNotContain(SECRET);
    }
}
