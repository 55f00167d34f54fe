package io.fundingarb.connectors.binance;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.connectors.json.JsonTree;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Start-up REST bodies of Binance USD-M: {@code exchangeInfo} (instruments),
 * {@code fundingInfo} (intervals), {@code ticker/24hr} (quote volumes) and {@code depth}
 * (book snapshots). Allocates; throws {@link IllegalArgumentException} on a malformed body.
 * At run time use the allocation-free {@link BinanceParser#onDepthSnapshot},
 * {@link BinanceParser#onFundingInfoBody} and {@link BinanceParser#onTicker24hBody}.
 */
public final class BinanceInstruments
{
    private BinanceInstruments()
    {
    }

    /** Every contract of an exchangeInfo body, in the venue's order (filter with {@link BinanceInstrument#isTradablePerpetual()}). */
    public static List<BinanceInstrument> parseExchangeInfo(final String body)
    {
        final Object root = JsonTree.parse(body);
        final Object symbols = JsonTree.get(root, "symbols");
        if (!(symbols instanceof List))
        {
            throw new IllegalArgumentException("exchangeInfo: no symbols array");
        }
        final List<BinanceInstrument> instruments = new ArrayList<>();
        for (final Object s : JsonTree.list(symbols))
        {
            long tickSize = FixedPoint.NULL;
            long stepSize = FixedPoint.NULL;
            long minQty = FixedPoint.NULL;
            long minNotional = FixedPoint.NULL;
            for (final Object filter : JsonTree.list(JsonTree.get(s, "filters")))
            {
                final String type = JsonTree.text(filter, "filterType");
                if ("PRICE_FILTER".equals(type))
                {
                    tickSize = decimal(filter, "tickSize");
                }
                else if ("LOT_SIZE".equals(type))
                {
                    stepSize = decimal(filter, "stepSize");
                    minQty = decimal(filter, "minQty");
                }
                else if ("MIN_NOTIONAL".equals(type))
                {
                    minNotional = decimal(filter, JsonTree.get(filter, "notional") != null ? "notional" : "minNotional");
                }
            }
            instruments.add(new BinanceInstrument(
                JsonTree.text(s, "symbol"),
                JsonTree.text(s, "contractType"),
                JsonTree.text(s, "status"),
                JsonTree.text(s, "baseAsset"),
                JsonTree.text(s, "quoteAsset"),
                tickSize,
                stepSize,
                minQty,
                minNotional));
        }
        return instruments;
    }

    /**
     * Funding interval in seconds of each symbol a fundingInfo body lists (others are 8 h); an
     * interval that is not a whole number of hours within {@link BinanceParser#validFundingIntervalH}
     * is left out (the symbol then has the default).
     */
    public static Map<String, Integer> parseFundingIntervalsS(final String body)
    {
        final Map<String, Integer> intervals = new LinkedHashMap<>();
        for (final Object entry : JsonTree.list(array(body, "fundingInfo")))
        {
            final String symbol = JsonTree.text(entry, "symbol");
            final Object hours = JsonTree.get(entry, "fundingIntervalHours");
            if (symbol != null && hours instanceof BigDecimal && ((BigDecimal)hours).stripTrailingZeros().scale() <= 0
                && BinanceParser.validFundingIntervalH(((BigDecimal)hours).longValue()))
            {
                intervals.put(symbol, ((BigDecimal)hours).intValue() * 3600);
            }
        }
        return intervals;
    }

    /** 24 h quote volume (fixed point, saturating at about 9.22 billion) of each symbol of a ticker/24hr body. */
    public static Map<String, Long> parseQuoteVolumes(final String body)
    {
        final Map<String, Long> volumes = new LinkedHashMap<>();
        for (final Object entry : JsonTree.list(array(body, "ticker/24hr")))
        {
            final String symbol = JsonTree.text(entry, "symbol");
            if (symbol != null)
            {
                final String text = JsonTree.text(entry, "quoteVolume");
                volumes.put(symbol, text == null || text.isEmpty() ? FixedPoint.NULL : FixedPoint.parseSaturating(text));
            }
        }
        return volumes;
    }

    /** A depth snapshot body: {@code lastUpdateId}, bids best first, asks best first. */
    public static DepthSnapshot parseDepthSnapshot(final String body)
    {
        final Object root = JsonTree.parse(body);
        final Object id = JsonTree.get(root, "lastUpdateId");
        if (!(id instanceof BigDecimal))
        {
            throw new IllegalArgumentException("depth: no lastUpdateId");
        }
        return new DepthSnapshot(((BigDecimal)id).longValueExact(), levels(root, "bids"), levels(root, "asks"));
    }

    /**
     * A REST depth snapshot.
     *
     * @param lastUpdateId the update id the snapshot is at.
     * @param bids         {price, size} pairs, best first.
     * @param asks         {price, size} pairs, best first.
     */
    public record DepthSnapshot(long lastUpdateId, long[][] bids, long[][] asks)
    {
    }

    private static long[][] levels(final Object root, final String name)
    {
        final List<Object> levels = JsonTree.list(JsonTree.get(root, name));
        final long[][] result = new long[levels.size()][];
        for (int i = 0; i < result.length; i++)
        {
            final List<Object> level = JsonTree.list(levels.get(i));
            if (level.size() < 2)
            {
                throw new IllegalArgumentException("depth: bad level " + levels.get(i));
            }
            result[i] = new long[] {decimalValue(level.get(0)), decimalValue(level.get(1))};
        }
        return result;
    }

    private static Object array(final String body, final String what)
    {
        final Object root = JsonTree.parse(body);
        if (!(root instanceof List))
        {
            throw new IllegalArgumentException(what + ": expected a JSON array");
        }
        return root;
    }

    static long decimal(final Object object, final String name)
    {
        final String text = JsonTree.text(object, name);
        return text == null || text.isEmpty() ? FixedPoint.NULL : FixedPoint.parse(text);
    }

    private static long decimalValue(final Object value)
    {
        final String text = value instanceof BigDecimal ? ((BigDecimal)value).toPlainString() : (String)value;
        final long parsed = text == null ? FixedPoint.NULL : FixedPoint.parse(text);
        if (parsed == FixedPoint.NULL)
        {
            throw new IllegalArgumentException("not a decimal: " + value);
        }
        return parsed;
    }
}
