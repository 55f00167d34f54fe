package io.fundingarb.engine.ops;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Asset;
import io.fundingarb.codecs.sbe.FeedState;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.connectors.feed.MarketDataFeed;
import io.fundingarb.connectors.gateway.OrderGateway;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.engine.ring.Opportunities;
import io.fundingarb.engine.stage.MarketView;
import io.fundingarb.engine.stage.PairPhase;
import io.fundingarb.engine.stage.Reason;
import io.fundingarb.engine.stage.RiskView;
import io.fundingarb.engine.stage.TradingState;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The dashboard's data, one JSON document per update (about once a second, on the ops server's
 * thread): header counters, breaker, feeds and gateways, the availability matrix, the top
 * opportunities, the open pairs with their legs, funding, fees and PnL, the tick-to-decision
 * histogram, and two curves per quote asset sampled at each update: equity (realised PnL plus the
 * open pairs' marked PnL, from the risk view) and cumulative funding (every funding payment the
 * journal holds so far). The HTML report at the end computes the exact curves, at every event,
 * from the journal.
 */
final class DashboardState
{
    /** Latency buckets' upper bounds, ns (the last is everything above). */
    private static final long[] BUCKETS_NS = {1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000,
        2_000_000, 5_000_000, 10_000_000, 100_000_000};

    private final OpsReadings readings;
    private final boolean actions;
    private final String tokenEnv;
    private final long startWallNs = System.nanoTime();
    private final Map<String, Series> equity = new LinkedHashMap<>();
    private final Map<String, Series> funding = new LinkedHashMap<>();
    private final long[] byQuote = new long[8];
    private long lastPublished;
    private long lastWallNs = startWallNs;

    /**
     * @param actions  whether the operator's actions are served (the control token is set)
     * @param tokenEnv the variable that holds the control token (named on the page when actions are off)
     */
    DashboardState(final OpsReadings readings, final boolean actions, final String tokenEnv)
    {
        this.readings = readings;
        this.actions = actions;
        this.tokenEnv = tokenEnv;
    }

    /** Takes a reading, extends the curves and returns the whole state as JSON. */
    String update()
    {
        readings.refresh();
        sampleCurves();
        final StringBuilder text = new StringBuilder(16 * 1024);
        final Json json = new Json(text).begin();
        header(json);
        feeds(json);
        matrix(json);
        top(json);
        pairs(json);
        latency(json);
        curves(json, "equity", equity);
        curves(json, "funding", funding);
        json.end();
        return text.toString();
    }

    private void header(final Json json)
    {
        final RiskView.Snapshot risk = readings.risk;
        final double seconds = Math.max(1e-9, (readings.wallNs - lastWallNs) / 1e9);
        final long rate = Math.round((readings.published - lastPublished) / seconds);
        lastPublished = readings.published;
        lastWallNs = readings.wallNs;
        json.field("title", readings.sources.title()).field("engineTime", time(readings.engineNowNs))
            .field("uptimeS", (readings.wallNs - startWallNs) / 1_000_000_000L)
            .field("events", readings.published).field("eventsPerS", rate).field("stageErrors", readings.stageErrors)
            .field("inboundBacklog", readings.inboundBacklog).field("outboundBacklog", readings.outboundBacklog)
            .field("actions", actions).field("tokenEnv", tokenEnv);
        json.key("breaker").begin();
        if (readings.haveRisk)
        {
            json.field("state", TradingState.values()[risk.tradingState].name())
                .field("reason", risk.stateReason != 0 ? Reason.of(risk.stateReason).text() : "")
                .field("flattening", risk.flattening).field("frozen", risk.frozen).field("reconciling", risk.reconcilePending != 0)
                .field("flat", risk.flat);
        }
        else
        {
            json.field("state", "?");
        }
        json.end();
        json.key("totals").begin();
        if (readings.haveRisk)
        {
            json.field("opened", risk.pairsOpened).field("closed", risk.pairsClosed).field("failed", risk.pairsFailed)
                .field("invariantBreaches", risk.invariantBreaches);
            json.key("realised").begin();
            perQuote(json, risk.realisedByQuote);
            json.end().key("marked").begin();
            perQuote(json, readings.markedByQuote(byQuote));
            json.end().key("fees").begin();
            for (final Asset asset : OpsReadings.assets())
            {
                if (risk.feesByAsset[asset.value()] != 0)
                {
                    json.field(asset.name(), FixedPoint.toString(risk.feesByAsset[asset.value()]));
                }
            }
            json.end();
        }
        json.end();
    }

    private static void perQuote(final Json json, final long[] amounts)
    {
        for (final Quote quote : OpsReadings.quotes())
        {
            if (amounts[quote.value()] != 0)
            {
                json.field(quote.name(), FixedPoint.toString(amounts[quote.value()]));
            }
        }
    }

    private void feeds(final Json json)
    {
        json.key("feeds").array();
        for (final MarketDataFeed feed : readings.sources.feeds())
        {
            final FeedState state = feed.state();
            json.begin().field("venue", OpsReadings.venue(feed.venue().value())).field("state", state == null ? "BOOTSTRAP" : state.name())
                .field("symbols", feed.bootstrapped() ? feed.symbols().size() : 0).field("reconnects", feed.reconnects())
                .field("resyncs", feed.resyncs()).field("malformed", feed.count(FrameResult.MALFORMED)).field("gaps", feed.count(FrameResult.GAP))
                .field("frames", feed.count(FrameResult.PUBLISHED)).end();
        }
        json.endArray();
        json.key("gateways").array();
        for (final Map.Entry<String, OrderGateway> gateway : readings.sources.gateways().get().entrySet())
        {
            final OrderGateway g = gateway.getValue();
            json.begin().field("venue", gateway.getKey()).field("ordersSent", g.ordersSent()).field("localRejects", g.localRejects())
                .field("rateLimited", g.rateLimitedResponses()).field("streamReconnects", g.streamReconnects()).end();
        }
        json.endArray();
    }

    private void matrix(final Json json)
    {
        final MarketView.Snapshot market = readings.market;
        final Map<String, Integer> masks = new LinkedHashMap<>();
        for (final String token : readings.sources.tokens())
        {
            masks.put(token.toUpperCase(Locale.ROOT), 0);
        }
        for (int i = 0; readings.haveMarket && i < market.tokenCount; i++)
        {
            masks.merge(market.tokenNames[i], market.venueMasks[i], (a, b) -> a | b);
        }
        json.key("venues").array();
        for (final MarketDataFeed feed : readings.sources.feeds())
        {
            json.value(OpsReadings.venue(feed.venue().value()));
        }
        json.endArray();
        json.key("matrix").array();
        for (final Map.Entry<String, Integer> e : masks.entrySet())
        {
            json.begin().field("token", e.getKey()).key("on").array();
            int n = 0;
            for (int v = 1; v < 16; v++)
            {
                if ((e.getValue() & (1 << v)) != 0)
                {
                    json.value(OpsReadings.venue(v));
                    n++;
                }
            }
            json.endArray().field("pairs", n * (n - 1) / 2).end();
        }
        json.endArray();
    }

    private void top(final Json json)
    {
        final MarketView.Snapshot market = readings.market;
        final Opportunities top = market.top;
        json.field("horizon", readings.sources.agent().config().strategy().horizon().toString().substring(2).toLowerCase(Locale.ROOT));
        json.key("top").array();
        for (int i = 0; readings.haveMarket && i < top.count; i++)
        {
            json.begin().field("rank", i + 1).field("token", market.tokenName(top.tokenId[i])).field("long", OpsReadings.venue(top.longVenue[i]))
                .field("short", OpsReadings.venue(top.shortVenue[i])).field("spreadPctPerHour", top.spreadPerHour[i] * 100.0)
                .field("netBps", top.netEdgeBps[i]).field("fundingBps", top.fundingBps[i]).field("costBps", top.costBps[i]).end();
        }
        json.endArray();
    }

    private void pairs(final Json json)
    {
        final RiskView.Snapshot risk = readings.risk;
        json.key("pairs").array();
        for (int i = 0; readings.haveRisk && i < risk.count; i++)
        {
            json.begin().field("id", risk.pairId[i]).field("token", readings.market.tokenName(risk.tokenId[i]))
                .field("state", PairPhase.name(risk.pairState[i])).field("quote", quoteName(risk.quote[i]))
                .field("long", OpsReadings.venue(risk.longVenue[i])).field("longPrice", price(risk.longPrice[i]))
                .field("short", OpsReadings.venue(risk.shortVenue[i])).field("shortPrice", price(risk.shortPrice[i]))
                .field("quantity", FixedPoint.toString(risk.quantity[i])).field("funding", FixedPoint.toString(risk.funding[i]))
                .field("fees", FixedPoint.toString(-risk.fees[i])).field("pnl", FixedPoint.toString(risk.pnl[i]))
                .field("opened", time(risk.openedTsNs[i])).end();
        }
        json.endArray();
    }

    private void latency(final Json json)
    {
        final Histogram h = readings.latency;
        json.key("latency").begin().field("count", h.getTotalCount());
        if (h.getTotalCount() > 0)
        {
            json.field("p50Us", h.getValueAtPercentile(50) / 1e3).field("p99Us", h.getValueAtPercentile(99) / 1e3)
                .field("p999Us", h.getValueAtPercentile(99.9) / 1e3).field("maxUs", h.getMaxValue() / 1e3);
        }
        json.key("buckets").array();
        long below = 0;
        for (int b = 0; b <= BUCKETS_NS.length; b++)
        {
            final long upTo = b < BUCKETS_NS.length ? h.getCountBetweenValues(0, BUCKETS_NS[b]) : h.getTotalCount();
            json.begin().field("le", b < BUCKETS_NS.length ? micros(BUCKETS_NS[b]) : "more").field("count", Math.max(0, upTo - below)).end();
            below = Math.max(below, upTo);
        }
        json.endArray().end();
    }

    private void sampleCurves()
    {
        if (!readings.haveRisk)
        {
            return;
        }
        final RiskView.Snapshot risk = readings.risk;
        final long[] cumulative = readings.journal.fundingByQuote;
        final long[] marked = readings.markedByQuote(byQuote);
        final long t = readings.engineNowNs;
        for (final Quote quote : OpsReadings.quotes())
        {
            final int q = quote.value();
            final long equityNow = risk.realisedByQuote[q] + marked[q];
            if (equityNow != 0 || cumulative[q] != 0 || equity.containsKey(quote.name()))
            {
                equity.computeIfAbsent(quote.name(), k -> new Series()).add(t, equityNow);
                funding.computeIfAbsent(quote.name(), k -> new Series()).add(t, cumulative[q]);
            }
        }
    }

    private static void curves(final Json json, final String name, final Map<String, Series> byQuote)
    {
        json.key(name).begin();
        for (final Map.Entry<String, Series> e : byQuote.entrySet())
        {
            json.key(e.getKey()).array();
            final Series s = e.getValue();
            for (int i = 0; i < s.size; i++)
            {
                json.array().value(s.tsNs[i] / 1_000_000L).value(FixedPoint.toDouble(s.value[i])).endArray();
            }
            json.endArray();
        }
        json.end();
    }

    private static String quoteName(final int value)
    {
        for (final Quote quote : OpsReadings.quotes())
        {
            if (quote.value() == value)
            {
                return quote.name();
            }
        }
        return "?";
    }

    private static String price(final long value)
    {
        return value == FixedPoint.NULL ? "-" : FixedPoint.toString(value);
    }

    private static String time(final long tsNs)
    {
        return tsNs <= 0 ? "-" : Instant.ofEpochSecond(0, tsNs).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String micros(final long ns)
    {
        return ns >= 1_000_000 ? ns / 1_000_000 + "ms" : ns / 1_000 + "µs";
    }

    /**
     * A sampled curve kept whole at bounded size: once full, every other point is dropped and only
     * every second sample after that is kept, so the curve spans the whole session at halving detail.
     */
    static final class Series
    {
        static final int CAPACITY = 1_200;

        final long[] tsNs = new long[CAPACITY];
        final long[] value = new long[CAPACITY];
        int size;
        private int stride = 1;
        private long offered;

        void add(final long t, final long v)
        {
            if (offered++ % stride != 0)
            {
                return;
            }
            if (size == CAPACITY)
            {
                for (int i = 0; i < CAPACITY / 2; i++)
                {
                    tsNs[i] = tsNs[2 * i];
                    value[i] = value[2 * i];
                }
                size = CAPACITY / 2;
                stride *= 2;
            }
            tsNs[size] = t;
            value[size] = v;
            size++;
        }
    }
}
