package io.fundingarb.connectors.hyperliquid;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.connectors.json.JsonTree;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up REST bodies of Hyperliquid: {@code POST /info {"type":"metaAndAssetCtxs"}}, answered
 * {@code [{"universe":[{"name","szDecimals","maxLeverage","onlyIsolated"?,"isDelisted"?},..],..},[ctx,..]]}
 * with one asset context per universe entry in the same order
 * (hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/info-endpoint/perpetuals). Allocates;
 * throws {@link IllegalArgumentException} on a malformed body.
 */
public final class HyperliquidInstruments
{
    /** The request body. */
    public static final String META_AND_ASSET_CTXS = "{\"type\":\"metaAndAssetCtxs\"}";

    private HyperliquidInstruments()
    {
    }

    /** Every perpetual of the universe, delisted ones included, in universe order (asset index = position). */
    public static List<HyperliquidInstrument> parseMetaAndAssetCtxs(final String body)
    {
        final Object root = JsonTree.parse(body);
        if (!(root instanceof List) || JsonTree.list(root).size() != 2)
        {
            throw new IllegalArgumentException("metaAndAssetCtxs: expected [meta, assetCtxs]");
        }
        final Object universe = JsonTree.get(JsonTree.list(root).get(0), "universe");
        final Object ctxs = JsonTree.list(root).get(1);
        if (!(universe instanceof List) || !(ctxs instanceof List))
        {
            throw new IllegalArgumentException("metaAndAssetCtxs: no universe or no asset contexts");
        }
        final List<Object> assets = JsonTree.list(universe);
        final List<Object> contexts = JsonTree.list(ctxs);
        if (contexts.size() != assets.size())
        {
            throw new IllegalArgumentException("metaAndAssetCtxs: " + assets.size() + " assets but " + contexts.size() + " asset contexts");
        }
        final List<HyperliquidInstrument> instruments = new ArrayList<>(assets.size());
        for (int i = 0; i < assets.size(); i++)
        {
            final Object asset = assets.get(i);
            final Object ctx = contexts.get(i);
            final String name = JsonTree.text(asset, "name");
            if (name == null || name.isEmpty())
            {
                throw new IllegalArgumentException("metaAndAssetCtxs: universe entry " + i + " has no name");
            }
            instruments.add(new HyperliquidInstrument(
                name,
                i,
                integer(asset, "szDecimals", name),
                integer(asset, "maxLeverage", name),
                Boolean.TRUE.equals(JsonTree.get(asset, "onlyIsolated")),
                Boolean.TRUE.equals(JsonTree.get(asset, "isDelisted")),
                decimal(ctx, "funding", name),
                decimal(ctx, "markPx", name),
                decimal(ctx, "dayNtlVlm", name)));
        }
        return instruments;
    }

    private static int integer(final Object object, final String field, final String name)
    {
        final Object value = JsonTree.get(object, field);
        if (!(value instanceof BigDecimal))
        {
            throw new IllegalArgumentException("metaAndAssetCtxs: " + name + " has no " + field);
        }
        return ((BigDecimal)value).intValueExact();
    }

    /** A decimal given as a string or a number; NULL when absent or null; the 24 h volume saturates. */
    private static long decimal(final Object object, final String field, final String name)
    {
        final String text = JsonTree.text(object, field);
        if (text == null || text.isEmpty())
        {
            return FixedPoint.NULL;
        }
        final long parsed = "dayNtlVlm".equals(field) ? FixedPoint.parseSaturating(text) : FixedPoint.parse(text);
        if (parsed == FixedPoint.NULL)
        {
            throw new IllegalArgumentException("metaAndAssetCtxs: " + name + " " + field + " is not a decimal: " + text);
        }
        return parsed;
    }
}
