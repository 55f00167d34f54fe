package io.fundingarb.connectors.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HmacSignerTest
{
    /** RFC 4231 test case 2: key "Jefe". */
    @Test
    void shouldMatchRfc4231TestCase2()
    {
        assertThat(new HmacSigner("Jefe").hex("what do ya want for nothing?"))
            .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    /** RFC 4231 test case 1: key 0x0b x 20, data "Hi There". */
    @Test
    void shouldMatchRfc4231TestCase1()
    {
        final byte[] key = new byte[20];
        java.util.Arrays.fill(key, (byte)0x0b);
        assertThat(new HmacSigner(key).hex("Hi There"))
            .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    }

    @Test
    void shouldResetBetweenMessages()
    {
        final HmacSigner signer = new HmacSigner("Jefe");
        signer.hex("something else first");
        assertThat(signer.hex("what do ya want for nothing?"))
            .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void shouldSignDecimalNumbersAsText()
    {
        final HmacSigner signer = new HmacSigner("Jefe");
        signer.update(1591702613943L).update(-5L).update(0L);
        final byte[] out = new byte[HmacSigner.HEX_LENGTH];
        signer.finishHex(out, 0);
        assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo(new HmacSigner("Jefe").hex("1591702613943-50"));
    }

    @Test
    void shouldNotRevealTheSecretInToString()
    {
        assertThat(new HmacSigner("very-secret-value").toString()).doesNotContain("very-secret-value");
    }

    @Test
    void shouldCompareHexCaseInsensitively()
    {
        assertThat(HmacSigner.hexEquals("abcdef", "ABCDEF")).isTrue();
        assertThat(HmacSigner.hexEquals("abcdef", "abcdee")).isFalse();
        assertThat(HmacSigner.hexEquals("abcdef", "abcde")).isFalse();
    }
}
