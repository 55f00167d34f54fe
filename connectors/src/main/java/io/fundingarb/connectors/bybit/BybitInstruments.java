package io.fundingarb.connectors.bybit;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.connectors.json.JsonTree;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up REST bodies of Bybit v5: {@code instruments-info}. Allocates; throws
 * {@link IllegalArgumentException} on a malformed body or a non-zero {@code retCode}.
 */
public final class BybitInstruments
{
    private BybitInstruments()
    {
    }

    /**
     * One page of instruments-info.
     *
     * @param category       "linear", "spot", ...
     * @param instruments    the page's instruments in the venue's order.
     * @param nextPageCursor cursor of the next page, empty when this is the last.
     */
    public record Page(String category, List<BybitInstrument> instruments, String nextPageCursor)
    {
    }

    /** Parses one instruments-info response body. */
    public static Page parseInstrumentsInfo(final String body)
    {
        final Object root = JsonTree.parse(body);
        final Object retCode = JsonTree.get(root, "retCode");
        if (!(retCode instanceof BigDecimal) || ((BigDecimal)retCode).signum() != 0)
        {
            throw new IllegalArgumentException("instruments-info: retCode " + retCode + " " + JsonTree.text(root, "retMsg"));
        }
        final Object result = JsonTree.get(root, "result");
        final Object list = JsonTree.get(result, "list");
        if (!(list instanceof List))
        {
            throw new IllegalArgumentException("instruments-info: no result.list");
        }
        final List<BybitInstrument> instruments = new ArrayList<>();
        for (final Object item : JsonTree.list(list))
        {
            final Object priceFilter = JsonTree.get(item, "priceFilter");
            final Object lotSizeFilter = JsonTree.get(item, "lotSizeFilter");
            final Object interval = JsonTree.get(item, "fundingInterval");
            final String intervalText = interval instanceof BigDecimal ? ((BigDecimal)interval).toPlainString() :
                interval instanceof String ? (String)interval : null;
            instruments.add(new BybitInstrument(
                JsonTree.text(item, "symbol"),
                JsonTree.text(item, "contractType"),
                JsonTree.text(item, "status"),
                JsonTree.text(item, "baseCoin"),
                JsonTree.text(item, "quoteCoin"),
                decimal(priceFilter, "tickSize"),
                decimal(lotSizeFilter, "qtyStep"),
                decimal(lotSizeFilter, "minOrderQty"),
                decimal(lotSizeFilter, "minNotionalValue"),
                fundingIntervalMinutes(JsonTree.text(item, "symbol"), intervalText)));
        }
        final String cursor = JsonTree.text(result, "nextPageCursor");
        return new Page(JsonTree.text(result, "category"), instruments, cursor == null ? "" : cursor);
    }

    /** The {@code fundingInterval} in minutes, 0 if absent. */
    private static int fundingIntervalMinutes(final String symbol, final String text)
    {
        if (text == null || text.isEmpty())
        {
            return 0;
        }
        try
        {
            return new BigDecimal(text).intValueExact();
        }
        catch (final NumberFormatException | ArithmeticException ex)
        {
            throw new IllegalArgumentException("instruments-info: " + symbol + " fundingInterval is not a whole number of minutes: \"" + text + "\"");
        }
    }

    private static long decimal(final Object object, final String name)
    {
        final String text = JsonTree.text(object, name);
        return text == null || text.isEmpty() ? FixedPoint.NULL : FixedPoint.parse(text);
    }
}
