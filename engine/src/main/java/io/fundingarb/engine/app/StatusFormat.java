package io.fundingarb.engine.app;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Asset;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.connectors.venue.VenueAdapters;
import io.fundingarb.engine.report.SessionReport;
import io.fundingarb.engine.ring.Opportunities;
import io.fundingarb.engine.stage.MarketView;
import io.fundingarb.engine.stage.RiskView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Text forms of the engine's state for the status view and logs (off the hot path). */
public final class StatusFormat
{
    private StatusFormat()
    {
    }

    /**
     * Both legs' liquidation price and distance to it, e.g. "liq long 1340.03 (33.0 %) / short 2653.2 (10.6 %)":
     * "none" where no liquidation price exists, "-" before a mark.
     */
    public static String liquidation(final RiskView.Snapshot risk, final int i)
    {
        return "liq long " + liquidation(risk.longLiquidationPrice[i], risk.longLiquidationDistance[i])
            + " / short " + liquidation(risk.shortLiquidationPrice[i], risk.shortLiquidationDistance[i]);
    }

    /** One leg's liquidation price and distance (fraction of mark) as shown. */
    public static String liquidation(final long price, final double distance)
    {
        if (Double.isNaN(distance))
        {
            return "-";
        }
        if (Double.isInfinite(distance) || price <= 0)
        {
            return "none";
        }
        return FixedPoint.toString(price) + String.format(Locale.ROOT, " (%.1f %%)", distance * 100);
    }

    /** Amounts per quote asset (index: SBE Quote raw value), each in its own unit: "+1.20 USDT, -0.40 USDC"; "+0.00" when all are zero. */
    public static String perQuote(final long[] byQuote)
    {
        final Map<String, Long> named = new LinkedHashMap<>();
        for (int q = 0; q < byQuote.length; q++)
        {
            if (byQuote[q] != 0)
            {
                named.put(quoteName(q), byQuote[q]);
            }
        }
        return SessionReport.amounts(named);
    }

    /** Name of an SBE Quote raw value ("USDT"), "?" for none. */
    public static String quoteName(final int quote)
    {
        for (final Quote q : Quote.values())
        {
            if (q != Quote.NULL_VAL && q.value() == quote)
            {
                return q.name();
            }
        }
        return "?";
    }

    /** Fees paid per asset charged, e.g. "+3.10 USDT, +0.0042 BNB", and what no mark valued: "(1 not valued: no mark)". */
    public static String fees(final RiskView.Snapshot risk)
    {
        final Map<String, Long> named = new LinkedHashMap<>();
        for (int a = 0; a < risk.feesByAsset.length; a++)
        {
            if (risk.feesByAsset[a] != 0)
            {
                named.merge(assetName(a), risk.feesByAsset[a], Long::sum);
            }
        }
        return SessionReport.assetAmounts(named) + (risk.unvaluedFees == 0 ? "" : " (" + risk.unvaluedFees + " not valued: no mark, not in PnL)");
    }

    /** Name of an SBE Asset raw value ("BNB"), "?" for a value the schema does not define. */
    public static String assetName(final int asset)
    {
        for (final Asset a : Asset.values())
        {
            if (a != Asset.NULL_VAL && a.value() == asset)
            {
                return a.name();
            }
        }
        return "?";
    }

    /** Lower-case venue name of an SBE Venue raw value. */
    public static String venueName(final int venue)
    {
        final String name = VenueAdapters.name(venue);
        return name != null ? name : "venue" + venue;
    }

    /**
     * The token availability matrix: ✅ two or more venues, ⚠️ one, ❌ none; arb pairs N(N−1)/2.
     *
     * @param configured tokens the configuration asks for (shown even when no venue lists them); may be empty
     */
    public static List<String> availability(final MarketView.Snapshot view, final Collection<String> configured)
    {
        final Map<String, Integer> masks = venueMasks(view, configured);
        final List<String> lines = new ArrayList<>();
        // wide enough for every venue with a connector listed together
        final String venues = "%-" + Math.max("Available on".length(), VenueAdapters.names(", ").length()) + "s";
        lines.add(String.format("%-6s | %-6s | %-6s | " + venues + " | %s", "Status", "Token", "Venues", "Available on", "Arb pairs"));
        for (final Map.Entry<String, Integer> e : masks.entrySet())
        {
            final List<String> names = venueNames(e.getValue());
            final int n = names.size();
            // the status emoji are two columns wide on a terminal: pad to the six of the header
            final String status = n >= 2 ? "✅    " : n == 1 ? "⚠️    " : "❌    ";
            lines.add(String.format("%s | %-6s | %-6d | " + venues + " | %d",
                status, e.getKey(), n, names.isEmpty() ? "-" : String.join(", ", names), n * (n - 1) / 2));
        }
        return lines;
    }

    /** Per token, configured ones first (upper case, even when no venue lists them), the venues listing it as a mask. */
    public static Map<String, Integer> venueMasks(final MarketView.Snapshot view, final Collection<String> configured)
    {
        final Map<String, Integer> masks = new LinkedHashMap<>();
        for (final String token : configured)
        {
            masks.put(token.toUpperCase(Locale.ROOT), 0);
        }
        for (int i = 0; i < view.tokenCount; i++)
        {
            masks.merge(view.tokenNames[i], view.venueMasks[i], (a, b) -> a | b);
        }
        return masks;
    }

    /** The venues of a mask (bit v: SBE Venue raw value v), in venue order. */
    public static List<String> venueNames(final int mask)
    {
        final List<String> names = new ArrayList<>();
        for (int v = 1; v < 16; v++)
        {
            if ((mask & (1 << v)) != 0)
            {
                names.add(venueName(v));
            }
        }
        return names;
    }

    /** {@code #1: KAITO long bybit / short binance | spread 0.5200%/h | net 41.3 bps/24h}, one line per opportunity. */
    public static List<String> ranking(final MarketView.Snapshot view, final Duration horizon)
    {
        final Opportunities top = view.top;
        final List<String> lines = new ArrayList<>(top.count);
        final String per = humanDuration(horizon);
        for (int i = 0; i < top.count; i++)
        {
            lines.add(String.format(Locale.ROOT, "#%d: %s long %s / short %s | spread %.4f%%/h | net %.1f bps/%s",
                i + 1, view.tokenName(top.tokenId[i]), venueName(top.longVenue[i]), venueName(top.shortVenue[i]),
                top.spreadPerHour[i] * 100.0, top.netEdgeBps[i], per));
        }
        return lines;
    }

    static String humanDuration(final Duration d)
    {
        final long s = d.getSeconds();
        if (s % 86_400 == 0 && s >= 86_400 * 2)
        {
            return s / 86_400 + "d";
        }
        if (s % 3600 == 0)
        {
            return s / 3600 + "h";
        }
        if (s % 60 == 0)
        {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
