package io.fundingarb.connectors.hyperliquid;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Signs Hyperliquid L1 actions ({@code order}, {@code cancelByCloid}, {@code updateLeverage}) with
 * an API (agent) wallet's secp256k1 key, and recovers the signer's address from a signature (the
 * simulator's check, as the venue does it).
 * <pre>
 *   connectionId = keccak256(msgpack(action) ++ nonce (8 bytes, big-endian) ++ vault flag (0x00 | 0x01 ++ 20-byte address)
 *                            [++ 0x00 ++ expiresAfter (8 bytes, big-endian), when the request carries expiresAfter])
 *   digest       = keccak256(0x19 0x01 ++ domainSeparator ++ hashStruct(Agent{source, connectionId}))
 *   domain       = EIP712Domain{name: "Exchange", version: "1", chainId: 1337, verifyingContract: 0x0…0}
 *   source       = "a" mainnet, "b" testnet
 *   signature    = secp256k1 ECDSA over digest, k per RFC 6979 (HMAC-SHA256), low s, v = 27 + parity of R.y
 * </pre>
 * Sources: Hyperliquid docs, "For developers / API / Signing"
 * (https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/signing: use an SDK's
 * construction, msgpack field order matters, numbers have no trailing zeros) and "Exchange endpoint"
 * (…/api/exchange-endpoint: request {@code {action, nonce, signature, vaultAddress}}); the
 * construction and its test vectors are the official Python SDK's {@code hyperliquid/utils/signing.py}
 * ({@code action_hash}, {@code construct_phantom_agent}, {@code sign_l1_action}; {@code expires_after} in its later versions) and
 * {@code tests/signing_test.py}; EIP-712 is https://eips.ethereum.org/EIPS/eip-712.
 *
 * <p>Keccak-256 is BouncyCastle's {@link KeccakDigest} (the original Keccak padding Ethereum uses,
 * not SHA3-256); the curve is BouncyCastle's secp256k1 and k is its {@link HMacDSAKCalculator}
 * (RFC 6979), the same k as libsecp256k1 behind the SDK's eth_account, so signatures match the
 * SDK's byte for byte. One instance per signing thread (the digests are reused). The private key
 * is never part of {@link #toString()}, a log line or an exception message.
 */
public final class HyperliquidSigner
{
    /** The EIP-712 {@code source} of the phantom agent. */
    public enum Network
    {
        MAINNET("a"),
        TESTNET("b");

        private final byte[] sourceHash;

        Network(final String source)
        {
            this.sourceHash = keccak(source.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** A signature as the venue takes it: {@code {"r":"0x…","s":"0x…","v":27|28}}. */
    public record Signature(BigInteger r, BigInteger s, int v)
    {
        /** {@code r} as 0x and 64 lower-case hex digits. */
        public String rHex()
        {
            return hex32(r);
        }

        /** {@code s} as 0x and 64 lower-case hex digits. */
        public String sHex()
        {
            return hex32(s);
        }
    }

    public static final int ADDRESS_LENGTH = 20;
    /** {@code expiresAfter} absent from the request (and from the hash). */
    public static final long NO_EXPIRY = 0;

    private static final X9ECParameters CURVE_PARAMS = CustomNamedCurves.getByName("secp256k1");
    private static final ECCurve CURVE = CURVE_PARAMS.getCurve();
    private static final ECPoint G = CURVE_PARAMS.getG();
    private static final BigInteger N = CURVE_PARAMS.getN();
    private static final BigInteger HALF_N = N.shiftRight(1);
    private static final FixedPointCombMultiplier BASE_MULTIPLIER = new FixedPointCombMultiplier();

    private static final int TAIL_LENGTH = 8 + 1 + ADDRESS_LENGTH + 1 + 8;
    private static final byte[] AGENT_TYPE_HASH = keccak("Agent(string source,bytes32 connectionId)".getBytes(StandardCharsets.US_ASCII));
    private static final byte[] DOMAIN_SEPARATOR = domainSeparator();

    private final BigInteger privateKey;
    private final String address;
    private final Network network;
    private final KeccakDigest keccak = new KeccakDigest(256);
    private final HMacDSAKCalculator kCalculator = new HMacDSAKCalculator(new SHA256Digest());
    private final byte[] connectionId = new byte[32];
    private final byte[] digest = new byte[32];
    private final byte[] structBlock = new byte[96];
    private final byte[] digestBlock = new byte[66];
    private final byte[] nonceAndVault = new byte[TAIL_LENGTH];

    /**
     * @param privateKeyHex the agent wallet's private key, 64 hex digits with or without 0x.
     * @throws IllegalArgumentException naming what is wrong, never the key.
     */
    public HyperliquidSigner(final String privateKeyHex, final Network network)
    {
        if (privateKeyHex == null)
        {
            throw new IllegalArgumentException("a Hyperliquid agent private key is required");
        }
        final String hex = privateKeyHex.startsWith("0x") || privateKeyHex.startsWith("0X") ? privateKeyHex.substring(2) : privateKeyHex;
        if (hex.length() != 64 || !isHex(hex))
        {
            throw new IllegalArgumentException("a Hyperliquid agent private key is 64 hex digits (0x optional); the one given is not");
        }
        final BigInteger d = new BigInteger(hex, 16);
        if (d.signum() == 0 || d.compareTo(N) >= 0)
        {
            throw new IllegalArgumentException("a Hyperliquid agent private key must lie in 1..n-1 of secp256k1; the one given does not");
        }
        this.privateKey = d;
        this.network = network;
        this.address = addressOf(BASE_MULTIPLIER.multiply(G, d));
    }

    /** The agent wallet's address: 0x and 40 lower-case hex digits (keccak of the public key, last 20 bytes). */
    public String address()
    {
        return address;
    }

    public Network network()
    {
        return network;
    }

    /**
     * Signs the L1 action {@code msgpack(action)} = {@code action[0, length)} with {@code nonce}.
     *
     * @param vaultAddress a vault or sub-account address (20 bytes) the action trades for, or null.
     */
    public Signature signL1Action(final byte[] action, final int offset, final int length, final long nonce, final byte[] vaultAddress)
    {
        return signL1Action(action, offset, length, nonce, vaultAddress, NO_EXPIRY);
    }

    /**
     * As {@link #signL1Action(byte[], int, int, long, byte[])} for a request carrying
     * {@code expiresAfter} (ms since the epoch; the venue refuses the action after it), or
     * {@link #NO_EXPIRY}.
     */
    public Signature signL1Action(
        final byte[] action, final int offset, final int length, final long nonce, final byte[] vaultAddress, final long expiresAfterMs)
    {
        connectionId(keccak, nonceAndVault, action, offset, length, nonce, vaultAddress, expiresAfterMs, connectionId);
        agentDigest(keccak, structBlock, digestBlock, connectionId, network, digest);
        return sign(digest);
    }

    /** Signs a 32-byte digest: RFC 6979 k, low s, v = 27 + recovery id. */
    public Signature sign(final byte[] digest32)
    {
        final BigInteger e = new BigInteger(1, digest32);
        kCalculator.init(N, privateKey, digest32);
        while (true)
        {
            final BigInteger k = kCalculator.nextK();
            final ECPoint p = BASE_MULTIPLIER.multiply(G, k).normalize();
            final BigInteger x = p.getAffineXCoord().toBigInteger();
            final BigInteger r = x.mod(N);
            if (r.signum() == 0 || x.compareTo(N) >= 0) // x >= n: v cannot say so; never seen in practice (p - n ~ 2^128)
            {
                continue;
            }
            BigInteger s = k.modInverse(N).multiply(e.add(privateKey.multiply(r))).mod(N);
            if (s.signum() == 0)
            {
                continue;
            }
            int recoveryId = p.getAffineYCoord().testBitZero() ? 1 : 0;
            if (s.compareTo(HALF_N) > 0)
            {
                s = N.subtract(s);
                recoveryId ^= 1;
            }
            return new Signature(r, s, 27 + recoveryId);
        }
    }

    /** The connection id (keccak-256 of action ++ nonce ++ vault flag) of an L1 action. */
    public static byte[] connectionId(final byte[] action, final long nonce, final byte[] vaultAddress)
    {
        return connectionId(action, nonce, vaultAddress, NO_EXPIRY);
    }

    /** The connection id of an L1 action sent with {@code expiresAfter} (or {@link #NO_EXPIRY}). */
    public static byte[] connectionId(final byte[] action, final long nonce, final byte[] vaultAddress, final long expiresAfterMs)
    {
        final byte[] out = new byte[32];
        connectionId(new KeccakDigest(256), new byte[TAIL_LENGTH], action, 0, action.length, nonce, vaultAddress, expiresAfterMs, out);
        return out;
    }

    /** The EIP-712 digest of the phantom agent {@code Agent{source, connectionId}}. */
    public static byte[] agentDigest(final byte[] connectionId, final Network network)
    {
        final byte[] out = new byte[32];
        agentDigest(new KeccakDigest(256), new byte[96], new byte[66], connectionId, network, out);
        return out;
    }

    /**
     * The address that signed {@code digest} with {@code (r, s, v)}, 0x and 40 lower-case hex
     * digits; null when the signature is malformed (r or s outside 1..n-1, v not 27/28, r not a
     * point's x).
     */
    public static String recoverAddress(final byte[] digest32, final BigInteger r, final BigInteger s, final int v)
    {
        if (r == null || s == null || r.signum() <= 0 || s.signum() <= 0 || r.compareTo(N) >= 0 || s.compareTo(N) >= 0 || (v != 27 && v != 28))
        {
            return null;
        }
        final byte[] compressed = new byte[33];
        compressed[0] = (byte)(v == 28 ? 0x03 : 0x02);
        copyUnsigned32(r, compressed, 1);
        final ECPoint rPoint;
        try
        {
            rPoint = CURVE.decodePoint(compressed);
        }
        catch (final IllegalArgumentException notOnCurve)
        {
            return null;
        }
        final BigInteger rInverse = r.modInverse(N);
        final BigInteger e = new BigInteger(1, digest32);
        final BigInteger u1 = N.subtract(e).multiply(rInverse).mod(N);
        final BigInteger u2 = s.multiply(rInverse).mod(N);
        final ECPoint q = ECAlgorithms.sumOfTwoMultiplies(G, u1, rPoint, u2);
        return q.isInfinity() ? null : addressOf(q);
    }

    /** The address that signed the L1 action {@code msgpack(action)} with {@code nonce}, or null (see {@link #recoverAddress(byte[], BigInteger, BigInteger, int)}). */
    public static String recoverL1Address(
        final byte[] action, final long nonce, final byte[] vaultAddress, final Network network, final BigInteger r, final BigInteger s, final int v)
    {
        return recoverL1Address(action, nonce, vaultAddress, NO_EXPIRY, network, r, s, v);
    }

    /** As {@link #recoverL1Address(byte[], long, byte[], Network, BigInteger, BigInteger, int)} for a request with {@code expiresAfter}. */
    public static String recoverL1Address(
        final byte[] action, final long nonce, final byte[] vaultAddress, final long expiresAfterMs, final Network network, final BigInteger r,
        final BigInteger s, final int v)
    {
        return recoverAddress(agentDigest(connectionId(action, nonce, vaultAddress, expiresAfterMs), network), r, s, v);
    }

    /** A 20-byte address from 0x and 40 hex digits (either case). */
    public static byte[] addressBytes(final String address)
    {
        final String hex = address != null && address.startsWith("0x") ? address.substring(2) : address;
        if (hex == null || hex.length() != 2 * ADDRESS_LENGTH || !isHex(hex))
        {
            throw new IllegalArgumentException("a Hyperliquid address is 0x and 40 hex digits, was " + address);
        }
        final byte[] out = new byte[ADDRESS_LENGTH];
        for (int i = 0; i < ADDRESS_LENGTH; i++)
        {
            out[i] = (byte)Integer.parseInt(hex, 2 * i, 2 * i + 2, 16);
        }
        return out;
    }

    /** Whether {@code address} is 0x and 40 hex digits. */
    public static boolean isAddress(final String address)
    {
        return address != null && address.length() == 2 + 2 * ADDRESS_LENGTH && address.startsWith("0x") && isHex(address.substring(2));
    }

    @Override
    public String toString()
    {
        return "HyperliquidSigner{address=" + address + ", network=" + network + "}";
    }

    private static void connectionId(
        final KeccakDigest keccak, final byte[] scratch, final byte[] action, final int offset, final int length, final long nonce,
        final byte[] vaultAddress, final long expiresAfterMs, final byte[] out)
    {
        putLong(scratch, 0, nonce);
        int tail = 9;
        if (vaultAddress == null)
        {
            scratch[8] = 0;
        }
        else
        {
            if (vaultAddress.length != ADDRESS_LENGTH)
            {
                throw new IllegalArgumentException("a vault address is 20 bytes, was " + vaultAddress.length);
            }
            scratch[8] = 1;
            System.arraycopy(vaultAddress, 0, scratch, 9, ADDRESS_LENGTH);
            tail += ADDRESS_LENGTH;
        }
        if (expiresAfterMs != NO_EXPIRY)
        {
            scratch[tail] = 0;
            putLong(scratch, tail + 1, expiresAfterMs);
            tail += 9;
        }
        keccak.update(action, offset, length);
        keccak.update(scratch, 0, tail);
        keccak.doFinal(out, 0);
    }

    private static void putLong(final byte[] out, final int offset, final long value)
    {
        for (int i = 0; i < 8; i++)
        {
            out[offset + i] = (byte)(value >>> (56 - 8 * i));
        }
    }

    private static void agentDigest(
        final KeccakDigest keccak, final byte[] structBlock, final byte[] digestBlock, final byte[] connectionId, final Network network,
        final byte[] out)
    {
        // hashStruct(Agent) = keccak(typeHash ++ keccak(source) ++ connectionId): string is hashed, bytes32 is itself
        System.arraycopy(AGENT_TYPE_HASH, 0, structBlock, 0, 32);
        System.arraycopy(network.sourceHash, 0, structBlock, 32, 32);
        System.arraycopy(connectionId, 0, structBlock, 64, 32);
        digestBlock[0] = 0x19;
        digestBlock[1] = 0x01;
        System.arraycopy(DOMAIN_SEPARATOR, 0, digestBlock, 2, 32);
        keccak.update(structBlock, 0, 96);
        keccak.doFinal(digestBlock, 34);
        keccak.update(digestBlock, 0, 66);
        keccak.doFinal(out, 0);
    }

    private static byte[] domainSeparator()
    {
        final byte[] block = new byte[5 * 32];
        System.arraycopy(keccak("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
            .getBytes(StandardCharsets.US_ASCII)), 0, block, 0, 32);
        System.arraycopy(keccak("Exchange".getBytes(StandardCharsets.US_ASCII)), 0, block, 32, 32);
        System.arraycopy(keccak("1".getBytes(StandardCharsets.US_ASCII)), 0, block, 64, 32);
        copyUnsigned32(BigInteger.valueOf(1337), block, 96);
        // verifyingContract 0x0…0: 32 zero bytes
        return keccak(block);
    }

    private static String addressOf(final ECPoint publicKey)
    {
        final byte[] encoded = publicKey.normalize().getEncoded(false); // 0x04 ++ x ++ y
        final KeccakDigest keccak = new KeccakDigest(256);
        keccak.update(encoded, 1, 64);
        final byte[] hash = new byte[32];
        keccak.doFinal(hash, 0);
        final StringBuilder out = new StringBuilder(2 + 2 * ADDRESS_LENGTH).append("0x");
        for (int i = 32 - ADDRESS_LENGTH; i < 32; i++)
        {
            out.append(Character.forDigit((hash[i] >> 4) & 0xF, 16)).append(Character.forDigit(hash[i] & 0xF, 16));
        }
        return out.toString();
    }

    static byte[] keccak(final byte[] data)
    {
        final KeccakDigest keccak = new KeccakDigest(256);
        keccak.update(data, 0, data.length);
        final byte[] out = new byte[32];
        keccak.doFinal(out, 0);
        return out;
    }

    private static void copyUnsigned32(final BigInteger value, final byte[] out, final int offset)
    {
        final byte[] bytes = value.toByteArray(); // big-endian, maybe a leading sign byte
        final int from = bytes.length > 32 ? bytes.length - 32 : 0;
        final int count = bytes.length - from;
        java.util.Arrays.fill(out, offset, offset + 32 - count, (byte)0);
        System.arraycopy(bytes, from, out, offset + 32 - count, count);
    }

    private static String hex32(final BigInteger value)
    {
        final String hex = value.toString(16);
        return "0x" + "0".repeat(64 - hex.length()) + hex;
    }

    private static boolean isHex(final String text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            if (Character.digit(text.charAt(i), 16) < 0)
            {
                return false;
            }
        }
        return true;
    }
}
