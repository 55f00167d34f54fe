package io.fundingarb.engine.app;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.engine.FundingArbAgent;
import io.fundingarb.engine.report.SessionReport;
import io.fundingarb.engine.stage.MarketView;
import io.fundingarb.engine.stage.Reason;
import io.fundingarb.engine.stage.RiskView;
import io.fundingarb.engine.stage.TradingState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The open pairs and each venue's positions as the engine sees them: read, like the
 * {@link StatusView}, from the consistent copies RiskStage and MarketStage publish (their
 * SeqLock views), never from the stages. A pair's legs are both shown at the pair's quantity
 * (RiskView's larger leg); notional is at each leg's average entry price.
 */
final class Positions
{
    private final RiskView riskView;
    private final MarketView marketView;
    private final int maxInstruments;
    private final int topN;

    Positions(final FundingArbAgent agent)
    {
        this(agent.riskView(), agent.marketView(), agent.config().engine().maxInstruments(), agent.config().strategy().topN());
    }

    Positions(final RiskView riskView, final MarketView marketView, final int maxInstruments, final int topN)
    {
        this.riskView = riskView;
        this.marketView = marketView;
        this.maxInstruments = maxInstruments;
        this.topN = topN;
    }

    /** A fresh copy of RiskStage's view, or null if its writer kept it busy. */
    RiskView.Snapshot risk()
    {
        final RiskView.Snapshot risk = new RiskView.Snapshot(64);
        return riskView.read(risk) ? risk : null;
    }

    /** The whole answer of {@code ctl positions}: breaker, pairs, venues. */
    List<String> lines()
    {
        final RiskView.Snapshot risk = risk();
        if (risk == null)
        {
            return List.of("positions: the engine's view was busy; ask again");
        }
        final List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "trading %s%s | %s | engine time %s", TradingState.values()[risk.tradingState].name(),
            risk.stateReason != 0 ? " (" + Reason.of(risk.stateReason).text() + ")" : "", Flatness.isFlat(risk) ? "flat" : "not flat",
            risk.nowNs == 0 ? "-" : Instant.ofEpochMilli(risk.nowNs / 1_000_000L)));
        lines.addAll(holdings(risk));
        return lines;
    }

    /** The pairs and the per-venue positions of one view. */
    List<String> holdings(final RiskView.Snapshot risk)
    {
        final MarketView.Snapshot market = new MarketView.Snapshot(maxInstruments, topN);
        marketView.read(market); // names only: "#id" if busy
        final List<String> lines = new ArrayList<>();
        lines.add("open pairs " + risk.count);
        final Map<String, Map<String, Holding>> venues = new TreeMap<>();
        for (int i = 0; i < risk.count; i++)
        {
            final String token = market.tokenName(risk.tokenId[i]);
            final String longVenue = StatusFormat.venueName(risk.longVenue[i]);
            final String shortVenue = StatusFormat.venueName(risk.shortVenue[i]);
            lines.add(String.format(Locale.ROOT, "  #%d %s qty %s | long %s @ %s | short %s @ %s | PnL %s | %s", risk.pairId[i], token,
                FixedPoint.toString(risk.quantity[i]), longVenue, price(risk.longPrice[i]), shortVenue, price(risk.shortPrice[i]),
                SessionReport.amount(risk.pnl[i], StatusFormat.quoteName(risk.quote[i])), StatusFormat.liquidation(risk, i)));
            add(venues, longVenue, token, risk.quantity[i], risk.longPrice[i]);
            add(venues, shortVenue, token, -risk.quantity[i], risk.shortPrice[i]);
        }
        lines.add("venue positions" + (venues.isEmpty() ? " (none)" : " (net base quantity per token, notional at entry)"));
        venues.forEach((venue, tokens) ->
        {
            final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-10s", venue));
            final String[] separator = {""};
            tokens.forEach((token, holding) ->
            {
                line.append(separator[0]).append(token).append(' ').append(holding.quantity > 0 ? "+" : "").append(FixedPoint.toString(holding.quantity))
                    .append(" (").append(holding.priceUnknown ? "notional unknown" : SessionReport.usd(holding.notional).substring(1)).append(')');
                separator[0] = " | ";
            });
            lines.add(line.toString());
        });
        return lines;
    }

    private static void add(final Map<String, Map<String, Holding>> venues, final String venue, final String token, final long quantity, final long price)
    {
        final Holding holding = venues.computeIfAbsent(venue, v -> new TreeMap<>()).computeIfAbsent(token, t -> new Holding());
        holding.quantity += quantity;
        if (price == FixedPoint.NULL)
        {
            holding.priceUnknown = true;
        }
        else
        {
            holding.notional += FixedPoint.multiply(Math.abs(quantity), price);
        }
    }

    /** One token on one venue: net base quantity (+ long, - short) and the notional of its legs. */
    private static final class Holding
    {
        long quantity;
        long notional;
        boolean priceUnknown;
    }

    private static String price(final long value)
    {
        return value == FixedPoint.NULL ? "-" : FixedPoint.toString(value);
    }
}
