package io.fundingarb.connectors.hyperliquid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fundingarb.connectors.hyperliquid.HyperliquidActions.Tif;
import io.fundingarb.connectors.hyperliquid.HyperliquidSigner.Network;
import io.fundingarb.connectors.hyperliquid.HyperliquidSigner.Signature;
import java.io.IOException;
import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * The signer against the official Python SDK's published vectors: hyperliquid-dex/hyperliquid-python-sdk,
 * {@code tests/signing_test.py} ({@code test_l1_action_signing_matches}, {@code
 * test_l1_action_signing_order_matches}, {@code test_l1_action_signing_order_with_cloid_matches},
 * {@code test_l1_action_signing_matches_with_vault}, {@code
 * test_phantom_agent_creation_matches_production}): same key, action and nonce, same r, s and v.
 * The SDK prints r and s as minimal hex ({@code to_hex(int)}), so they are compared as numbers.
 */
class HyperliquidSignerTest
{
    private static final String SDK_TEST_KEY = "0x0123456789012345678901234567890123456789012345678901234567890123";
    private static final String VAULT = "0x1719884eb866cb12b2287399b15f7db5e7d775ea";

    private final HyperliquidActions actions = new HyperliquidActions();

    @Test
    void shouldSignTheSdkDummyActionOnMainnet()
    {
        assertSignature(sign(dummyAction(), null, Network.MAINNET),
            "0x53749d5b30552aeb2fca34b530185976545bb22d0b3ce6f62e31be961a59298",
            "0x755c40ba9bf05223521753995abb2f73ab3229be8ec921f350cb447e384d8ed8", 27);
    }

    @Test
    void shouldSignTheSdkDummyActionOnTestnet()
    {
        assertSignature(sign(dummyAction(), null, Network.TESTNET),
            "0x542af61ef1f429707e3c76c5293c80d01f74ef853e34b76efffcb57e574f9510",
            "0x17b8b32f086e8cdede991f1e2c529f5dd5297cbe8128500e00cbaf766204a613", 28);
    }

    @Test
    void shouldSignTheSdkOrderAction()
    {
        final byte[] order = actions.order(1, true, "100", "100", false, Tif.Gtc, null).msgpack();
        assertSignature(sign(order, null, Network.MAINNET),
            "0xd65369825a9df5d80099e513cce430311d7d26ddf477f5b3a33d2806b100d78e",
            "0x2b54116ff64054968aa237c20ca9ff68000f977c93289157748a3162b6ea940e", 28);
        assertSignature(sign(order, null, Network.TESTNET),
            "0x82b2ba28e76b3d761093aaded1b1cdad4960b3af30212b343fb2e6cdfa4e3d54",
            "0x6b53878fc99d26047f4d7e8c90eb98955a109f44209163f52d8dc4278cbbd9f5", 27);
    }

    @Test
    void shouldSignTheSdkOrderActionWithCloid()
    {
        final byte[] order = actions.order(1, true, "100", "100", false, Tif.Gtc, "0x00000000000000000000000000000001").msgpack();
        assertSignature(sign(order, null, Network.MAINNET),
            "0x41ae18e8239a56cacbc5dad94d45d0b747e5da11ad564077fcac71277a946e3",
            "0x3c61f667e747404fe7eea8f90ab0e76cc12ce60270438b2058324681a00116da", 27);
        assertSignature(sign(order, null, Network.TESTNET),
            "0xeba0664bed2676fc4e5a743bf89e5c7501aa6d870bdb9446e122c9466c5cd16d",
            "0x7f3e74825c9114bc59086f1eebea2928c190fdfbfde144827cb02b85bbe90988", 28);
    }

    @Test
    void shouldSignTheSdkDummyActionForAVault()
    {
        final byte[] vault = HyperliquidSigner.addressBytes(VAULT);
        assertSignature(sign(dummyAction(), vault, Network.MAINNET),
            "0x3c548db75e479f8012acf3000ca3a6b05606bc2ec0c29c50c515066a326239",
            "0x4d402be7396ce74fbba3795769cda45aec00dc3125a984f2a9f23177b190da2c", 28);
        assertSignature(sign(dummyAction(), vault, Network.TESTNET),
            "0xe281d2fb5c6e25ca01601f878e4d69c965bb598b88fac58e475dd1f5e56c362b",
            "0x7ddad27e9a238d045c035bc606349d075d5c5cd00a6cd1da23ab5c39d4ef0f60", 27);
    }

    @Test
    void shouldHashTheSdkProductionOrderToItsConnectionId()
    {
        // test_phantom_agent_creation_matches_production: ETH (asset 4), buy 0.0147 at 1670.1 IOC, nonce 1677777606040
        final byte[] order = actions.order(4, true, "1670.1", "0.0147", false, Tif.Ioc, null).msgpack();
        assertThat(HexFormat.of().formatHex(HyperliquidSigner.connectionId(order, 1677777606040L, null)))
            .isEqualTo("0fcbeda5ae3c4950a548021552a4fea2226858c4453571bf3f24ba017eac2908");
    }

    @Test
    void shouldRecoverTheSignersAddressFromItsSignature()
    {
        final HyperliquidSigner signer = new HyperliquidSigner(SDK_TEST_KEY, Network.MAINNET);
        final byte[] leverage = actions.updateLeverage(3, true, 5).msgpack();
        final Signature signature = signer.signL1Action(leverage, 0, leverage.length, 1_765_000_000_123L, null);
        assertThat(HyperliquidSigner.recoverL1Address(leverage, 1_765_000_000_123L, null, Network.MAINNET,
            signature.r(), signature.s(), signature.v())).isEqualTo(signer.address());
    }

    @Test
    void shouldRecoverTheSignerOfAnActionWithExpiresAfter()
    {
        final HyperliquidSigner signer = new HyperliquidSigner(SDK_TEST_KEY, Network.MAINNET);
        final byte[] order = actions.order(1, true, "100", "100", false, Tif.Ioc, null).msgpack();
        final Signature signature = signer.signL1Action(order, 0, order.length, 5, null, 65_000);
        assertThat(HyperliquidSigner.recoverL1Address(order, 5, null, 65_000, Network.MAINNET, signature.r(), signature.s(), signature.v()))
            .isEqualTo(signer.address());
        assertThat(HyperliquidSigner.recoverL1Address(order, 5, null, Network.MAINNET, signature.r(), signature.s(), signature.v()))
            .isNotEqualTo(signer.address());
    }

    @Test
    void shouldRecoverAnotherAddressWhenTheNonceDiffers()
    {
        final HyperliquidSigner signer = new HyperliquidSigner(SDK_TEST_KEY, Network.MAINNET);
        final byte[] cancel = actions.cancelByCloid(3, "0x00000000000000000000000000000001").msgpack();
        final Signature signature = signer.signL1Action(cancel, 0, cancel.length, 7, null);
        assertThat(HyperliquidSigner.recoverL1Address(cancel, 8, null, Network.MAINNET, signature.r(), signature.s(), signature.v()))
            .isNotNull().isNotEqualTo(signer.address());
    }

    @Test
    void shouldRecoverAnotherAddressOnTheOtherNetwork()
    {
        final HyperliquidSigner signer = new HyperliquidSigner(SDK_TEST_KEY, Network.TESTNET);
        final byte[] cancel = actions.cancelByCloid(3, "0x00000000000000000000000000000001").msgpack();
        final Signature signature = signer.signL1Action(cancel, 0, cancel.length, 7, null);
        assertThat(HyperliquidSigner.recoverL1Address(cancel, 7, null, Network.MAINNET, signature.r(), signature.s(), signature.v()))
            .isNotEqualTo(signer.address());
    }

    @Test
    void shouldRefuseAMalformedSignatureWhenRecovering()
    {
        final byte[] digest = new byte[32];
        assertThat(HyperliquidSigner.recoverAddress(digest, BigInteger.ZERO, BigInteger.ONE, 27)).isNull();
        assertThat(HyperliquidSigner.recoverAddress(digest, BigInteger.ONE, BigInteger.ONE, 29)).isNull();
    }

    @Test
    void shouldDeriveTheAddressOfAWellKnownKey()
    {
        // private key 1: its address is the widely published 0x7e5f4552091a69125d5dfcb7b8c2659029395bdf
        assertThat(new HyperliquidSigner("0x" + "0".repeat(63) + "1", Network.MAINNET).address())
            .isEqualTo("0x7e5f4552091a69125d5dfcb7b8c2659029395bdf");
    }

    @Test
    void shouldKeepThePrivateKeyOutOfToStringAndErrors()
    {
        final String key = SDK_TEST_KEY.substring(2);
        assertThat(new HyperliquidSigner(key, Network.MAINNET).toString()).doesNotContain(key).doesNotContain("0123456789");
        final String tooShort = key.substring(1);
        assertThatThrownBy(() -> new HyperliquidSigner(tooShort, Network.MAINNET))
            .hasMessageNotContaining(tooShort).hasMessageContaining("64 hex digits");
    }

    @Test
    void shouldSignTheSameFromTheReusedMsgpackBuffer()
    {
        final HyperliquidSigner signer = new HyperliquidSigner(SDK_TEST_KEY, Network.MAINNET);
        actions.order(1, true, "100", "100", false, Tif.Gtc, null);
        final Signature inPlace = signer.signL1Action(actions.msgpackArray(), actions.msgpackOffset(), actions.msgpackLength(), 0, null);
        assertThat(inPlace.r()).isEqualTo(new BigInteger("d65369825a9df5d80099e513cce430311d7d26ddf477f5b3a33d2806b100d78e", 16));
    }

    private static Signature sign(final byte[] action, final byte[] vault, final Network network)
    {
        return new HyperliquidSigner(SDK_TEST_KEY, network).signL1Action(action, 0, action.length, 0, vault);
    }

    private static void assertSignature(final Signature signature, final String r, final String s, final int v)
    {
        assertThat(signature.r()).isEqualTo(new BigInteger(r.substring(2), 16));
        assertThat(signature.s()).isEqualTo(new BigInteger(s.substring(2), 16));
        assertThat(signature.v()).isEqualTo(v);
        assertThat(signature.rHex()).hasSize(66);
    }

    /** The SDK's {"type": "dummy", "num": float_to_int_for_hashing(1000)} = 1000 * 10^8. */
    private static byte[] dummyAction()
    {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker())
        {
            packer.packMapHeader(2).packString("type").packString("dummy").packString("num").packLong(100_000_000_000L);
            return packer.toByteArray();
        }
        catch (final IOException e)
        {
            throw new AssertionError(e);
        }
    }
}
