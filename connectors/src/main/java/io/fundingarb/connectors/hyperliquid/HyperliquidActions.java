package io.fundingarb.connectors.hyperliquid;

import io.fundingarb.connectors.gateway.AsciiBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.buffer.MessageBuffer;

/**
 * The L1 actions the gateway sends, written once into both forms the venue needs: the msgpack
 * bytes that are hashed and signed ({@link HyperliquidSigner}) and the JSON {@code action} of the
 * request body, from the same calls so the two never differ. The venue re-encodes the JSON it
 * receives into its own structs and hashes that, so the msgpack field order must be the venue's
 * (Python SDK {@code signing.py}: {@code order_request_to_order_wire}, {@code
 * order_wires_to_order_action}; Exchange endpoint docs,
 * https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/exchange-endpoint):
 * <pre>
 *   order          {type:"order", orders:[{a, b, p, s, r, t:{limit:{tif}}, c?}], grouping:"na"}
 *   cancelByCloid  {type:"cancelByCloid", cancels:[{asset, cloid}]}
 *   updateLeverage {type:"updateLeverage", asset, isCross, leverage}
 * </pre>
 * Prices and sizes are strings in the venue's wire form ({@link HyperliquidWire}); {@code c} and
 * {@code cloid} are 0x and 32 hex digits. One instance per thread; the simulator rebuilds a
 * received action with the same methods to check its signature, as the venue does.
 */
public final class HyperliquidActions
{
    /** Time in force of a limit order. */
    public enum Tif
    {
        /** Immediate or cancel: what the engine sends (no true market orders on Hyperliquid). */
        Ioc,
        /** Good till cancelled. */
        Gtc,
        /** Add liquidity only (post only). */
        Alo
    }

    private final MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
    private final AsciiBuilder json = new AsciiBuilder(256);
    private final byte[] firstInLevel = new byte[8];
    private int depth;

    /** A one-order action; {@code cloid} null for none. */
    public HyperliquidActions order(
        final int asset, final boolean isBuy, final String price, final String size, final boolean reduceOnly, final Tif tif, final String cloid)
    {
        try
        {
            begin(3);
            string("type", "order");
            beginArray("orders", 1);
            beginMap(null, cloid == null ? 6 : 7);
            integer("a", asset);
            bool("b", isBuy);
            string("p", price);
            string("s", size);
            bool("r", reduceOnly);
            beginMap("t", 1);
            beginMap("limit", 1);
            string("tif", tif.name());
            endMap();
            endMap();
            if (cloid != null)
            {
                string("c", cloid);
            }
            endMap();
            endArray();
            string("grouping", "na");
            return end();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** Cancels one order by its client order id. */
    public HyperliquidActions cancelByCloid(final int asset, final String cloid)
    {
        try
        {
            begin(2);
            string("type", "cancelByCloid");
            beginArray("cancels", 1);
            beginMap(null, 2);
            integer("asset", asset);
            string("cloid", cloid);
            endMap();
            endArray();
            return end();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets the leverage (and cross or isolated margin) of an asset. */
    public HyperliquidActions updateLeverage(final int asset, final boolean isCross, final int leverage)
    {
        try
        {
            begin(4);
            string("type", "updateLeverage");
            integer("asset", asset);
            bool("isCross", isCross);
            integer("leverage", leverage);
            return end();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** The msgpack bytes of the last action: {@code msgpackArray()[msgpackOffset(), + msgpackLength())}. */
    public byte[] msgpackArray()
    {
        return buffer().array();
    }

    public int msgpackOffset()
    {
        return buffer().arrayOffset();
    }

    public int msgpackLength()
    {
        return packer.getBufferSize();
    }

    /** A copy of the last action's msgpack bytes. */
    public byte[] msgpack()
    {
        return packer.toByteArray();
    }

    /** The last action's JSON (valid until the next action). */
    public AsciiBuilder json()
    {
        return json;
    }

    private MessageBuffer buffer()
    {
        return packer.toMessageBuffer();
    }

    private void begin(final int fields) throws IOException
    {
        packer.clear();
        json.reset();
        depth = 0;
        beginMap(null, fields);
    }

    private HyperliquidActions end() throws IOException
    {
        endMap();
        packer.flush();
        return this;
    }

    private void key(final String key) throws IOException
    {
        if (firstInLevel[depth] == 0)
        {
            json.append(',');
        }
        firstInLevel[depth] = 0;
        if (key != null)
        {
            packer.packString(key);
            json.append('"').append(key).append("\":");
        }
    }

    private void beginMap(final String key, final int fields) throws IOException
    {
        if (depth > 0)
        {
            key(key);
        }
        packer.packMapHeader(fields);
        json.append('{');
        firstInLevel[++depth] = 1;
    }

    private void endMap()
    {
        json.append('}');
        depth--;
    }

    private void beginArray(final String key, final int elements) throws IOException
    {
        key(key);
        packer.packArrayHeader(elements);
        json.append('[');
        firstInLevel[++depth] = 1;
    }

    private void endArray()
    {
        json.append(']');
        depth--;
    }

    private void string(final String key, final String value) throws IOException
    {
        key(key);
        packer.packString(value);
        json.append('"').append(value).append('"');
    }

    private void integer(final String key, final long value) throws IOException
    {
        key(key);
        packer.packLong(value);
        json.append(value);
    }

    private void bool(final String key, final boolean value) throws IOException
    {
        key(key);
        packer.packBoolean(value);
        json.append(value ? "true" : "false");
    }
}
