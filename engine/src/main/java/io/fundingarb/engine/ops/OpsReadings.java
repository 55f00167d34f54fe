package io.fundingarb.engine.ops;

import io.fundingarb.codecs.sbe.Asset;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.connectors.venue.VenueAdapters;
import io.fundingarb.engine.FundingArbAgent;
import io.fundingarb.engine.pipeline.LatencyProbe;
import io.fundingarb.engine.stage.MarketView;
import io.fundingarb.engine.stage.RiskView;
import org.HdrHistogram.Histogram;

/**
 * One consistent reading of the engine for the ops server, taken on its thread when a scrape or a
 * dashboard update asks: copies of the market and risk views (their seqlock readers), the
 * tick-to-decision histogram since start, the pipeline's counters, and what the journal holds
 * beyond the last reading ({@link JournalTail}). Reused: no allocation per
 * reading beyond what the views' readers do.
 */
final class OpsReadings
{
    /** Pairs shown and summed at most (the risk view is copied into a snapshot this large). */
    static final int MAX_PAIRS = 256;

    final OpsSources sources;
    final MarketView.Snapshot market;
    final RiskView.Snapshot risk = new RiskView.Snapshot(MAX_PAIRS);
    final Histogram latency = new Histogram(LatencyProbe.HIGHEST_NS, LatencyProbe.DIGITS);
    final JournalTail journal;
    boolean haveMarket;
    boolean haveRisk;
    long published;
    long inboundBacklog;
    long outboundBacklog;
    long stageErrors;
    long engineNowNs;
    long wallNs;

    OpsReadings(final OpsSources sources)
    {
        this.sources = sources;
        final FundingArbAgent agent = sources.agent();
        this.market = new MarketView.Snapshot(agent.config().engine().maxInstruments(), agent.config().strategy().topN());
        this.journal = new JournalTail(agent.journal());
    }

    /** Reads everything again. */
    void refresh()
    {
        final FundingArbAgent agent = sources.agent();
        haveMarket = agent.marketView().read(market);
        haveRisk = agent.riskView().read(risk);
        agent.pipeline().latency().sinceStart(latency);
        published = agent.pipeline().published();
        inboundBacklog = agent.pipeline().inboundBacklog();
        outboundBacklog = agent.pipeline().outboundBacklog();
        stageErrors = agent.pipeline().errors().total();
        engineNowNs = agent.clock().nanoTime();
        wallNs = System.nanoTime();
        journal.poll();
    }

    /** Per quote asset (index: SBE Quote raw value): the marked PnL of the open pairs (funding and fees so far, legs at the touch). */
    long[] markedByQuote(final long[] into)
    {
        java.util.Arrays.fill(into, 0);
        for (int i = 0; haveRisk && i < risk.count; i++)
        {
            into[risk.quote[i] & (into.length - 1)] += risk.pnl[i];
        }
        return into;
    }

    /** Per quote asset: the funding the open pairs have received so far (negative: paid). */
    long[] openFundingByQuote(final long[] into)
    {
        java.util.Arrays.fill(into, 0);
        for (int i = 0; haveRisk && i < risk.count; i++)
        {
            into[risk.quote[i] & (into.length - 1)] += risk.funding[i];
        }
        return into;
    }

    /** Lower-case venue name of an SBE Venue raw value. */
    static String venue(final int venue)
    {
        final String name = VenueAdapters.name(venue);
        return name != null ? name : "venue" + venue;
    }

    /** The quote assets the schema defines (USDT, USDC, USD), never NULL_VAL. */
    static Quote[] quotes()
    {
        return java.util.Arrays.stream(Quote.values()).filter(q -> q != Quote.NULL_VAL).toArray(Quote[]::new);
    }

    /** The assets the schema defines, never NULL_VAL. */
    static Asset[] assets()
    {
        return java.util.Arrays.stream(Asset.values()).filter(a -> a != Asset.NULL_VAL).toArray(Asset[]::new);
    }
}
