package io.fundingarb.engine.app;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.PairEventDecoder;
import io.fundingarb.codecs.sbe.PairEventKind;
import io.fundingarb.connectors.venue.VenueAdapter;
import io.fundingarb.connectors.venue.VenueAdapters;
import io.fundingarb.engine.FundingArbAgent;
import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.journal.JournalReader;
import io.fundingarb.engine.report.SessionReport;
import io.fundingarb.engine.ring.Opportunities;
import io.fundingarb.engine.stage.MarketView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The product brief's own lines, in every mode, off the engine's threads: per token availability
 * ({@code ✅ BTC: available on 2 venues (binance, bybit)}, {@code ℹ️ TSLA: only on bybit - cannot
 * arbitrage}, {@code ❌ NOPE: on no venue}) and the matrix, once the feeds have bootstrapped and
 * again when it changes; {@code Found N profitable opportunities:} and the {@code #k:} lines when
 * the ranked pairs change (at most once per interval); {@code Opening ETH arbitrage | binance (BUY)
 * vs bybit (SELL) | spread …%/h | net … bps/24h} on every entry (the pair as the ranking last showed
 * it), {@code Opened …} with both legs' quantity and price once filled, and a closing line with the
 * pair's funding, fees and PnL on every exit or failed entry.
 * <p>Its thread reads MarketStage's {@link MarketView} and tails the session's command journal
 * (the stages' {@code PairEvent}s): the stages never log. Lines go to the given sink: the plain
 * output of a command, or the SLF4J logger {@code brief} ({@link #toLog()}).
 */
public final class BriefLog implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger("brief");
    private static final long POLL_NS = TimeUnit.MILLISECONDS.toNanos(200);
    /** The ranking is logged at most this often (when its pairs change). */
    public static final Duration RANKING_INTERVAL = Duration.ofSeconds(10);

    private final MarketView view;
    private final MarketView.Snapshot snapshot;
    private final SymbolTable symbols;
    private final Collection<String> configured;
    private final Consumer<String> out;
    private final long rankingIntervalNs;
    private final Duration horizon;
    private final JournalReader commands;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final PairEventDecoder pairEvent = new PairEventDecoder();
    private final Map<Long, String> edges = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean availabilityDue;
    private volatile long firstEventSeq;
    private String lastAvailability = "";
    private String lastRanking = "";
    private long lastRankingNs = Long.MIN_VALUE / 2;

    /**
     * @param configured      the tokens the configuration asks for (listed even when no venue has them)
     * @param rankingInterval the ranking is logged at most this often
     * @param out             where the lines go
     */
    public BriefLog(final FundingArbAgent agent, final Collection<String> configured, final Duration rankingInterval, final Consumer<String> out)
    {
        this(agent.marketView(), new MarketView.Snapshot(agent.config().engine().maxInstruments(), agent.config().strategy().topN()),
            agent.symbols(), agent.journal(), agent.config().strategy().horizon(), configured, rankingInterval, out);
    }

    /** @param journal the session's journal, whose command queue is tailed; null logs no pair lines */
    BriefLog(
        final MarketView view, final MarketView.Snapshot snapshot, final SymbolTable symbols, final Journal journal, final Duration horizon,
        final Collection<String> configured, final Duration rankingInterval, final Consumer<String> out)
    {
        this.view = view;
        this.snapshot = snapshot;
        this.symbols = symbols;
        this.configured = configured;
        this.out = out;
        this.rankingIntervalNs = rankingInterval.toNanos();
        this.horizon = horizon;
        this.commands = journal == null ? null : new JournalReader(journal.commands(), 4096);
        this.thread = new Thread(this::run, "fa-brief-log");
        this.thread.setDaemon(true);
    }

    /** The SLF4J sink: logger {@code brief}, at info. */
    public static Consumer<String> toLog()
    {
        return LOG::info;
    }

    public BriefLog start()
    {
        thread.start();
        return this;
    }

    /** The feeds have bootstrapped: log the availability now, and from now on when it changes. */
    public void announceAvailability()
    {
        availabilityDue = true;
        LockSupport.unpark(thread);
    }

    private void run()
    {
        while (running)
        {
            poll(System.nanoTime());
            LockSupport.parkNanos(POLL_NS);
        }
    }

    /** One pass: availability, ranking, the pair events journaled since the last pass. */
    synchronized void poll(final long nowNs)
    {
        if (view.read(snapshot))
        {
            rememberEdges(snapshot.top);
            if (availabilityDue)
            {
                final List<String> lines = availability(snapshot, configured);
                final String key = String.join("\n", lines);
                if (!key.equals(lastAvailability))
                {
                    lastAvailability = key;
                    lines.forEach(out);
                }
            }
            final String key = RankingKey.of(snapshot.top);
            if (!key.equals(lastRanking) && nowNs - lastRankingNs >= rankingIntervalNs)
            {
                lastRanking = key;
                lastRankingNs = nowNs;
                final List<String> ranking = StatusFormat.ranking(snapshot, horizon);
                out.accept(ranking.isEmpty() ? "No profitable opportunity passes the thresholds"
                    : "Found " + ranking.size() + " profitable opportunit" + (ranking.size() == 1 ? "y:" : "ies:"));
                ranking.forEach(out);
            }
        }
        if (commands != null)
        {
            while (commands.next())
            {
                header.wrap(commands.buffer(), 0);
                if (header.templateId() == PairEventDecoder.TEMPLATE_ID)
                {
                    pairEvent.wrapAndApplyHeader(commands.buffer(), 0, header);
                    onPairEvent(pairEvent);
                }
            }
        }
    }

    /** A resumed session: the pair events the carried-over events re-derive (before the marker) were logged by their own session. */
    public BriefLog skipBefore(final long markerEventSeq)
    {
        this.firstEventSeq = markerEventSeq;
        return this;
    }

    private void onPairEvent(final PairEventDecoder e)
    {
        if (e.eventSeq() < firstEventSeq)
        {
            e.skipReason();
            return;
        }
        final String token = tokenName(e.tokenId());
        final String longLeg = leg(e.longInstrumentId());
        final String shortLeg = leg(e.shortInstrumentId());
        final PairEventKind kind = e.kind();
        if (kind == PairEventKind.OPENING)
        {
            out.accept(String.format(Locale.ROOT, "Opening %s arbitrage | %s (BUY) vs %s (SELL) | %s | pair %d",
                token, longLeg, shortLeg, edges.getOrDefault(pairKey(e.longInstrumentId(), e.shortInstrumentId()), "spread -"), e.pairId()));
        }
        else if (kind == PairEventKind.OPENED)
        {
            out.accept(String.format(Locale.ROOT, "Opened %s pair %d | long %s %s @ %s | short %s %s @ %s",
                token, e.pairId(), longLeg, FixedPoint.toString(e.quantity()), FixedPoint.toString(e.longPrice()),
                shortLeg, FixedPoint.toString(e.quantity()), FixedPoint.toString(e.shortPrice())));
        }
        else if (kind == PairEventKind.CLOSED || kind == PairEventKind.FAILED)
        {
            final String quote = quote(e.longInstrumentId());
            out.accept(String.format(Locale.ROOT, "%s %s pair %d | long %s / short %s | funding %s | fees %s | PnL %s | %s",
                kind == PairEventKind.CLOSED ? "Closed" : "Entry failed:", token, e.pairId(), longLeg, shortLeg,
                SessionReport.amount(e.funding(), quote), SessionReport.amount(-e.fees(), quote), SessionReport.amount(e.realisedPnl(), quote),
                e.reason()));
        }
        else
        {
            e.skipReason();
        }
    }

    /** Remembers how the ranking shows each pair of instruments, for the entry line that may come a moment later. */
    private void rememberEdges(final Opportunities top)
    {
        for (int i = 0; i < top.count; i++)
        {
            edges.put(pairKey(top.longInstrumentId[i], top.shortInstrumentId[i]), String.format(Locale.ROOT, "spread %.4f%%/h | net %.1f bps/%s",
                top.spreadPerHour[i] * 100.0, top.netEdgeBps[i], StatusFormat.humanDuration(horizon)));
        }
    }

    private static long pairKey(final int longInstrumentId, final int shortInstrumentId)
    {
        return ((long)longInstrumentId << 32) | (shortInstrumentId & 0xFFFF_FFFFL);
    }

    private String tokenName(final int tokenId)
    {
        final String name = symbols.token(tokenId);
        return name != null ? name : snapshot.tokenName(tokenId);
    }

    /** {@code binance:ETHUSDT} of an instrument id. */
    private String leg(final int instrumentId)
    {
        final String name = symbols.instrument(instrumentId);
        if (name == null)
        {
            return "#" + instrumentId;
        }
        final int colon = name.indexOf(':');
        return name.substring(0, colon).toLowerCase(Locale.ROOT) + name.substring(colon);
    }

    /** The quote asset of a linear perpetual, as its venue names it ({@link VenueAdapter#quoteOf}). */
    private String quote(final int instrumentId)
    {
        final String name = symbols.instrument(instrumentId);
        final VenueAdapter adapter = name == null ? null : VenueAdapters.byName(name.substring(0, name.indexOf(':')));
        return adapter == null ? "(quote)" : adapter.quoteOf(name.substring(name.indexOf(':') + 1));
    }

    /** Per token, then the matrix. */
    static List<String> availability(final MarketView.Snapshot view, final Collection<String> configured)
    {
        final List<String> lines = new ArrayList<>();
        for (final Map.Entry<String, Integer> e : StatusFormat.venueMasks(view, configured).entrySet())
        {
            final List<String> venues = StatusFormat.venueNames(e.getValue());
            lines.add(venues.size() >= 2 ? "✅ " + e.getKey() + ": available on " + venues.size() + " venues (" + String.join(", ", venues) + ")"
                : venues.size() == 1 ? "ℹ️ " + e.getKey() + ": only on " + venues.get(0) + " - cannot arbitrage"
                : "❌ " + e.getKey() + ": on no venue");
        }
        lines.addAll(StatusFormat.availability(view, configured));
        return lines;
    }

    /** Stops the thread after one last pass, so the exits of the last moments are logged before the report. */
    @Override
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        poll(System.nanoTime());
        if (commands != null)
        {
            commands.close();
        }
    }

    /** The ranked pairs without their values: the ranking is logged when the pairs or their order change. */
    static final class RankingKey
    {
        private RankingKey()
        {
        }

        static String of(final Opportunities top)
        {
            final StringBuilder sb = new StringBuilder();
            for (int i = 0; i < top.count; i++)
            {
                sb.append(top.tokenId[i]).append(':').append(top.longInstrumentId[i]).append('/').append(top.shortInstrumentId[i]).append(' ');
            }
            return sb.toString();
        }
    }
}
