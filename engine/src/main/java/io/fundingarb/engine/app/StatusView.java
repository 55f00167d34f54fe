package io.fundingarb.engine.app;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.engine.FundingArbAgent;
import io.fundingarb.engine.report.SessionReport;
import io.fundingarb.engine.stage.MarketView;
import io.fundingarb.engine.stage.Reason;
import io.fundingarb.engine.stage.RiskView;
import io.fundingarb.engine.stage.TradingState;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * The trader's screen, refreshed about once a second: feed status per venue, event rate and
 * tick-to-decision latency (p50/p99/p99.9), circuit-breaker state, the availability matrix, the
 * top opportunities and the open pairs with their PnL. On a terminal it redraws in place (ANSI);
 * otherwise it prints plain periodic lines, so logs and CI output stay readable.
 */
public final class StatusView
{
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final FundingArbAgent agent;
    private final String title;
    private final List<String> tokens;
    private final Duration horizon;
    private final Supplier<String> feeds;
    private final PrintStream out;
    private final boolean ansi;
    private final MarketView.Snapshot market;
    private final RiskView.Snapshot risk;
    private final String clock;
    private long lastPublished;
    private long lastNs = System.nanoTime();

    /**
     * @param clock what the time shown is: "sim" (the demo's compressed history), "paper" or "live" (the wall clock)
     * @param feeds one line of feed states ("binance LIVE (0) | bybit LIVE (1)"), or null
     */
    public StatusView(
        final FundingArbAgent agent, final String title, final String clock, final List<String> tokens, final Supplier<String> feeds,
        final PrintStream out, final boolean ansi)
    {
        this.agent = agent;
        this.clock = clock;
        this.title = title;
        this.tokens = tokens;
        this.horizon = agent.config().strategy().horizon();
        this.feeds = feeds;
        this.out = out;
        this.ansi = ansi;
        this.market = new MarketView.Snapshot(agent.config().engine().maxInstruments(), agent.config().strategy().topN());
        this.risk = new RiskView.Snapshot(64);
    }

    /** True when stdout is a terminal that understands ANSI redraws. */
    public static boolean isTerminal()
    {
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }

    /** Draws one frame; {@code total} null means "until Ctrl-C". */
    public void render(final Duration elapsed, final Duration total)
    {
        final long nowNs = System.nanoTime();
        final long published = agent.pipeline().published();
        final double seconds = Math.max(1e-9, (nowNs - lastNs) / 1e9);
        final long rate = Math.round((published - lastPublished) / seconds);
        lastPublished = published;
        lastNs = nowNs;
        final Histogram latency = agent.pipeline().latency().interval();
        final boolean haveMarket = agent.marketView().read(market);
        final boolean haveRisk = agent.riskView().read(risk);
        final String now = TIME.format(Instant.ofEpochMilli(agent.clock().nanoTime() / 1_000_000L));
        final String state = !haveRisk ? "?" : TradingState.values()[risk.tradingState].name()
            + (risk.reconcilePending != 0 ? " RECONCILING (awaiting positions from " + ReconcileNotice.venues(risk.reconcilePending) + ")" : "")
            + (risk.frozen ? " NO ORDERS (venue positions not in the journal)" : "");
        final String latencyText = latency.getTotalCount() == 0 ? "-" : String.format(Locale.ROOT, "p50 %s p99 %s p99.9 %s (%d ticks)",
            micros(latency.getValueAtPercentile(50)), micros(latency.getValueAtPercentile(99)),
            micros(latency.getValueAtPercentile(99.9)), latency.getTotalCount());

        if (!ansi)
        {
            out.printf(Locale.ROOT, "[%s] %s %s | %s | events %,d (%,d/s) | tick-to-decision %s | pairs open %d, closed %d | realised %s | fees paid %s | errors %d%n",
                span(elapsed), clock, now, state, published, rate, latencyText, haveRisk ? risk.count : 0, haveRisk ? risk.pairsClosed : 0,
                haveRisk ? StatusFormat.perQuote(risk.realisedByQuote) : "-", haveRisk ? StatusFormat.fees(risk) : "-", agent.pipeline().errors().total());
            if (feeds != null)
            {
                out.println("    feeds: " + feeds.get());
            }
            return;
        }
        final List<String> lines = new ArrayList<>();
        lines.add(String.format("%s | %s %s UTC | %s / %s | trading %s%s", title, clock, now, span(elapsed), total == null ? "until Ctrl-C" : span(total), state,
            haveRisk && risk.stateReason != 0 ? " (" + Reason.of(risk.stateReason).text() + ")" : ""));
        if (feeds != null)
        {
            lines.add("feeds    " + feeds.get());
        }
        lines.add(String.format(Locale.ROOT, "events   %,d (%,d/s) | tick-to-decision %s | stage errors %d | backlog %d",
            published, rate, latencyText, agent.pipeline().errors().total(), agent.pipeline().inboundBacklog()));
        lines.add("");
        if (haveMarket)
        {
            lines.addAll(StatusFormat.availability(market, tokens));
            lines.add("");
            lines.add("top opportunities");
            final List<String> ranking = StatusFormat.ranking(market, horizon);
            lines.addAll(ranking.isEmpty() ? List.of("  (no new opportunity passes the thresholds now)") : ranking);
        }
        lines.add("");
        lines.add("open pairs");
        if (!haveRisk || risk.count == 0)
        {
            lines.add("  (none)");
        }
        else
        {
            for (int i = 0; i < risk.count; i++)
            {
                final String quote = StatusFormat.quoteName(risk.quote[i]);
                lines.add(String.format(Locale.ROOT, "  #%d %-5s long %-11s @ %s / short %-11s @ %s | qty %s | basis %s | funding %s | fees %s | PnL %s | %s",
                    risk.pairId[i], market.tokenName(risk.tokenId[i]), StatusFormat.venueName(risk.longVenue[i]), price(risk.longPrice[i]),
                    StatusFormat.venueName(risk.shortVenue[i]), price(risk.shortPrice[i]), FixedPoint.toString(risk.quantity[i]),
                    basis(risk.longPrice[i], risk.shortPrice[i]), SessionReport.amount(risk.funding[i], quote), SessionReport.amount(-risk.fees[i], quote),
                    SessionReport.amount(risk.pnl[i], quote), StatusFormat.liquidation(risk, i)));
            }
        }
        if (haveRisk)
        {
            lines.add(String.format("totals   opened %d | closed %d | failed entries %d | realised %s | fees paid %s | liquidation-risk exits %d",
                risk.pairsOpened, risk.pairsClosed, risk.pairsFailed, StatusFormat.perQuote(risk.realisedByQuote), StatusFormat.fees(risk),
                risk.liquidationRiskExits));
        }
        lines.add("");
        lines.add(OperatorConsole.HELP);
        final StringBuilder frame = new StringBuilder("\u001b[H\u001b[2J");
        for (final String line : lines)
        {
            frame.append(line).append('\n');
        }
        out.print(frame);
        out.flush();
    }

    private static String price(final long value)
    {
        return value == FixedPoint.NULL ? "-" : FixedPoint.toString(value);
    }

    private static String basis(final long longPrice, final long shortPrice)
    {
        if (longPrice == FixedPoint.NULL || shortPrice == FixedPoint.NULL || longPrice == 0)
        {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f bps", (shortPrice - longPrice) * 1e4 / longPrice);
    }

    private static String micros(final long nanos)
    {
        return nanos < 10_000 ? String.format(Locale.ROOT, "%.1fµs", nanos / 1e3) : String.format(Locale.ROOT, "%dµs", nanos / 1000);
    }

    static String span(final Duration d)
    {
        final long s = d.getSeconds();
        return s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
