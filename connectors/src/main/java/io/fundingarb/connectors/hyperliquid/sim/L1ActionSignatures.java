package io.fundingarb.connectors.hyperliquid.sim;

import io.fundingarb.connectors.hyperliquid.HyperliquidSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * The venue's check of an L1 action's signature: the action the client sent is rebuilt into
 * msgpack in the venue's own field order (Exchange endpoint: {@code order} is {@code type, orders
 * [a, b, p, s, r, t{limit{tif}}, c], grouping}; {@code cancelByCloid} is {@code type, cancels[asset,
 * cloid]}; {@code updateLeverage} is {@code type, asset, isCross, leverage}), whatever order the
 * client's JSON used, so a client that signs other bytes than it sends recovers another address.
 * Then {@link HyperliquidSigner#recoverL1Address}: keccak-256 of msgpack ++ nonce ++ vault flag
 * (++ 0x00 ++ expiresAfter when the request carries it),
 * the phantom agent's EIP-712 digest (chainId 1337, source "a" mainnet / "b" testnet), secp256k1
 * recovery. Strings stay the strings received; integers take msgpack's smallest form, as the
 * Python SDK's {@code msgpack.packb} writes them.
 */
public final class L1ActionSignatures implements SignerRecovery
{
    private static final Map<String, List<String>> FIELDS = Map.of(
        "order", List.of("type", "orders", "grouping", "builder"),
        "orders", List.of("a", "b", "p", "s", "r", "t", "c"),
        "t", List.of("limit", "trigger"),
        "limit", List.of("tif"),
        "cancelByCloid", List.of("type", "cancels"),
        "cancels", List.of("asset", "cloid"),
        "updateLeverage", List.of("type", "asset", "isCross", "leverage"));

    private final HyperliquidSigner.Network network;

    public L1ActionSignatures(final HyperliquidSigner.Network network)
    {
        this.network = network;
    }

    @Override
    public String recover(
        final Object action, final long nonce, final String vaultAddress, final long expiresAfterMs, final String r, final String s, final int v)
    {
        final byte[] packed;
        final BigInteger rValue;
        final BigInteger sValue;
        try
        {
            packed = msgpack(action);
            rValue = hex(r);
            sValue = hex(s);
        }
        catch (final IllegalArgumentException ex)
        {
            return null;
        }
        final byte[] vault = vaultAddress == null ? null : HyperliquidSigner.addressBytes(vaultAddress);
        return HyperliquidSigner.recoverL1Address(packed, nonce, vault, expiresAfterMs, network, rValue, sValue, v);
    }

    private static BigInteger hex(final String text)
    {
        if (text == null || !text.startsWith("0x") || text.length() < 3 || text.length() > 66)
        {
            throw new IllegalArgumentException("not a 0x hex number");
        }
        return new BigInteger(text.substring(2), 16);
    }

    /** The msgpack bytes of an action object (as {@code JsonTree} parsed it) in the venue's field order. */
    public static byte[] msgpack(final Object action)
    {
        final Object type = action instanceof Map ? ((Map<?, ?>)action).get("type") : null;
        if (!(type instanceof String) || !FIELDS.containsKey(type))
        {
            throw new IllegalArgumentException("unknown action type " + type);
        }
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker())
        {
            pack(packer, (String)type, action);
            return packer.toByteArray();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void pack(final MessageBufferPacker packer, final String name, final Object value) throws IOException
    {
        if (value instanceof Map)
        {
            final Map<?, ?> map = (Map<?, ?>)value;
            final List<String> order = FIELDS.getOrDefault(name, List.of());
            int present = 0;
            for (final String key : order)
            {
                present += map.containsKey(key) ? 1 : 0;
            }
            if (present != map.size())
            {
                throw new IllegalArgumentException("unexpected member in " + name + ": " + map.keySet());
            }
            packer.packMapHeader(present);
            for (final String key : order)
            {
                if (map.containsKey(key))
                {
                    packer.packString(key);
                    pack(packer, key, map.get(key));
                }
            }
        }
        else if (value instanceof List)
        {
            final List<?> list = (List<?>)value;
            packer.packArrayHeader(list.size());
            for (final Object element : list)
            {
                pack(packer, name, element);
            }
        }
        else if (value instanceof String)
        {
            packer.packString((String)value);
        }
        else if (value instanceof Boolean)
        {
            packer.packBoolean((Boolean)value);
        }
        else if (value instanceof BigDecimal)
        {
            packer.packLong(((BigDecimal)value).longValueExact());
        }
        else if (value == null)
        {
            packer.packNil();
        }
        else
        {
            throw new IllegalArgumentException("cannot pack " + value);
        }
    }
}
