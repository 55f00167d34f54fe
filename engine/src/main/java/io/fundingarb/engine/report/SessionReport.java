package io.fundingarb.engine.report;

import io.fundingarb.codecs.EventJson;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Asset;
import io.fundingarb.codecs.sbe.BookAction;
import io.fundingarb.codecs.sbe.BookUpdateDecoder;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.ExecutionReportDecoder;
import io.fundingarb.codecs.sbe.FundingPaymentDecoder;
import io.fundingarb.codecs.sbe.FundingUpdateDecoder;
import io.fundingarb.codecs.sbe.InstrumentDefinitionDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.PairEventDecoder;
import io.fundingarb.codecs.sbe.PairEventKind;
import io.fundingarb.codecs.sbe.PositionSnapshotDecoder;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.RiskStateChangeDecoder;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.journal.JournalReader;
import io.fundingarb.engine.stage.OrderBook;
import io.fundingarb.engine.stage.Reason;
import io.fundingarb.engine.stage.RiskStage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.agrona.collections.LongArrayList;

/**
 * What a session earned, computed from its journal alone (so an auditor gets the same numbers):
 * fills, fees and funding from the inbound journal; pair outcomes and circuit-breaker transitions
 * from the command journal; slippage of every fill against the mid of the book, rebuilt from the
 * journaled book updates, at the moment the fill arrived. Money in quote units at 1e-9, kept per
 * quote asset (USDT, USDC, USD: the instrument's quote from its definition) and never summed
 * across quotes: a USDT amount and a USDC amount are different money until a USDC/USDT rate
 * converts them. Fees are kept as charged, per asset (a Binance account paying fees in BNB pays
 * BNB), and valued in the instrument's quote for PnL: a BNB fee at the mark of the BNB perpetual
 * quoted in it (the latest FundingUpdate mark journaled, else the book's mid), or, with none,
 * counted as unvalued and left out of PnL, never taken as quote. Fee-only reports (the venue's
 * commission replacing an estimate: no quantity) are booked as fees of their order.
 */
public final class SessionReport
{
    /** One pair's outcome. */
    public record Pair(
        long pairId, String token, String longLeg, String shortLeg, String outcome, long realisedPnl, long fees, long funding, String reason,
        String quote)
    {
    }

    public long events;
    public long fills;
    public long fundingPayments;
    public long rejects;
    /** Fees of every fill and fee correction valued in the instrument's quote, per quote asset (1e-9): what PnL counts. */
    public final Map<String, Long> feesByQuote = new TreeMap<>();
    /** Fees as charged, per asset (USDT, USDC, BNB...), in that asset's units (1e-9). */
    public final Map<String, Long> feesByAsset = new TreeMap<>();
    /** Fees in an asset no mark could value in the quote (BNB with no BNB perpetual's mark): per asset, not in {@link #feesByQuote}. */
    public final Map<String, Long> unvaluedFeesByAsset = new TreeMap<>();
    public long unvaluedFees;
    /** Fee-only reports: the venue's commission replacing an estimate (no quantity). */
    public long feeCorrections;
    /** Funding received (negative: paid), per quote asset (1e-9). */
    public final Map<String, Long> fundingByQuote = new TreeMap<>();
    /** Slippage of every fill against the journaled mid, per quote asset (1e-9). */
    public final Map<String, Long> slippageByQuote = new TreeMap<>();
    public long pairsOpened;
    public long pairsClosed;
    public long pairsFailed;
    public final List<Pair> finished = new ArrayList<>();
    public final List<String> transitions = new ArrayList<>();
    /**
     * Per leg (venue:symbol) holding a position: the venue's distance to liquidation, |mark − liquidation| / mark,
     * from its PositionSnapshots: the latest and the closest seen.
     */
    public final Map<String, double[]> liquidationDistance = new TreeMap<>();
    /** Pairs the liquidation monitor closed (reason LIQUIDATION_RISK), described. */
    public final List<String> liquidationReductions = new ArrayList<>();
    /** Per pair: cash from fills − fees + funding, from the inbound journal only. */
    public final Map<Long, Long> pairCashFromFills = new LinkedHashMap<>();

    /** A circuit-breaker transition, when and why. */
    public record Transition(long tsNs, String from, String to, String reason, long pairId)
    {
    }

    /**
     * One money amount of one quote asset over the session, as steps: at each journaled event that
     * moved it, the event time and the cumulative value (1e-9) after it.
     */
    public static final class Series
    {
        private final LongArrayList times = new LongArrayList();
        private final LongArrayList values = new LongArrayList();

        void add(final long tsNs, final long delta)
        {
            set(tsNs, last() + delta);
        }

        void set(final long tsNs, final long value)
        {
            times.addLong(tsNs);
            values.addLong(value);
        }

        public int size()
        {
            return times.size();
        }

        public long tsNs(final int i)
        {
            return times.getLong(i);
        }

        public long value(final int i)
        {
            return values.getLong(i);
        }

        /** The value after the last step, 0 before any. */
        public long last()
        {
            return values.isEmpty() ? 0 : values.getLong(values.size() - 1);
        }
    }

    /** Per quote asset over time: funding received (FundingPayments), fees valued in the quote and slippage, as the report's totals add them up. */
    public final Map<String, Series> fundingSeries = new TreeMap<>();
    public final Map<String, Series> feesSeries = new TreeMap<>();
    public final Map<String, Series> slippageSeries = new TreeMap<>();
    /**
     * Per quote asset over time, the equity curve: realised PnL (finished pairs, fee corrections,
     * unwound orphans, at their pair events) plus the funding received by pairs not yet finished
     * (each payment when it arrives; at its pair's close the pair's funding is in its realised PnL).
     * Its last value is the realised PnL plus the funding of the pairs still open.
     */
    public final Map<String, Series> equitySeries = new TreeMap<>();
    /** Per quote asset, equity minus its running peak (0 or below), at the equity curve's steps. */
    public final Map<String, Series> drawdownSeries = new TreeMap<>();
    /** Per pair: slippage of its fills against the journaled mid (1e-9, its quote). */
    public final Map<Long, Long> slippageByPair = new HashMap<>();
    /** Per pair: the time of its entry decision (OPENING) and of its end (CLOSED or FAILED). */
    public final Map<Long, Long> pairOpeningTsNs = new HashMap<>();
    public final Map<Long, Long> pairFinishedTsNs = new HashMap<>();
    /** When each pair's entry filled (its OPENED event), event time. */
    public final Map<Long, Long> pairOpenedTsNs = new HashMap<>();
    /** Circuit-breaker transitions in order, with their time. */
    public final List<Transition> breaker = new ArrayList<>();
    /** The first and last journaled event times. */
    public long firstTsNs = Long.MAX_VALUE;
    public long lastTsNs = Long.MIN_VALUE;

    /** A change of equity: at an inbound event (order 0) or a command it caused (order 1), in journal order. */
    private record EquityStep(long eventSeq, int order, long tsNs, String quote, long delta)
    {
    }

    private final List<EquityStep> equitySteps = new ArrayList<>();

    private static Series series(final Map<String, Series> byQuote, final String quote)
    {
        return byQuote.computeIfAbsent(quote, k -> new Series());
    }

    /** Worst drawdown of the equity curve per quote asset (0 or below). */
    public Map<String, Long> maxDrawdownByQuote()
    {
        final Map<String, Long> worst = new TreeMap<>();
        drawdownSeries.forEach((quote, dd) ->
        {
            long min = 0;
            for (int i = 0; i < dd.size(); i++)
            {
                min = Math.min(min, dd.value(i));
            }
            worst.put(quote, min);
        });
        return worst;
    }

    private void buildEquity()
    {
        equitySteps.sort(Comparator.comparingLong(EquityStep::eventSeq).thenComparingInt(EquityStep::order));
        final Map<String, Long> peak = new HashMap<>();
        for (final EquityStep step : equitySteps)
        {
            final Series equity = series(equitySeries, step.quote());
            equity.add(step.tsNs(), step.delta());
            final long high = Math.max(peak.getOrDefault(step.quote(), 0L), equity.last());
            peak.put(step.quote(), high);
            series(drawdownSeries, step.quote()).set(step.tsNs(), equity.last() - high);
        }
    }

    /** Cash realised by orphan positions unwound to flat (REPAIRED pair events of no pair, id 0), per quote asset. */
    public final Map<String, Long> orphansRealisedByQuote = new TreeMap<>();

    /** Realised PnL of finished pairs (the long leg's quote) and of unwound orphan positions, from the engine's own PairEvents, per quote asset. */
    public Map<String, Long> realisedByQuote()
    {
        final Map<String, Long> byQuote = new TreeMap<>(orphansRealisedByQuote);
        for (final Pair p : finished)
        {
            byQuote.merge(p.quote(), p.realisedPnl(), Long::sum);
        }
        return byQuote;
    }

    /** Realised PnL over every quote asset, for a check against the venues' wallets in one asset (the drill's USDT simulators). */
    public long realisedPnl()
    {
        long sum = 0;
        for (final long v : realisedByQuote().values())
        {
            sum += v;
        }
        return sum;
    }

    public double winRate()
    {
        long closed = 0;
        long won = 0;
        for (final Pair p : finished)
        {
            if ("CLOSED".equals(p.outcome()))
            {
                closed++;
                won += p.realisedPnl() > 0 ? 1 : 0;
            }
        }
        return closed == 0 ? Double.NaN : (double)won / closed;
    }

    /** The quote of an instrument the journal never defined. */
    private static final String UNKNOWN_QUOTE = "?";

    public static SessionReport of(final Journal journal)
    {
        final SessionReport r = new SessionReport();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final InstrumentDefinitionDecoder definition = new InstrumentDefinitionDecoder();
        final BookUpdateDecoder book = new BookUpdateDecoder();
        final ExecutionReportDecoder report = new ExecutionReportDecoder();
        final FundingPaymentDecoder payment = new FundingPaymentDecoder();
        final PairEventDecoder pair = new PairEventDecoder();
        final RiskStateChangeDecoder change = new RiskStateChangeDecoder();
        final PositionSnapshotDecoder position = new PositionSnapshotDecoder();
        final FundingUpdateDecoder funding = new FundingUpdateDecoder();
        final Marks marks = new Marks();
        final Map<Integer, String> names = new HashMap<>();
        final Map<Integer, String> tokens = new HashMap<>();
        final Map<Integer, String> quotes = new HashMap<>();
        final Map<Integer, OrderBook> books = new HashMap<>();
        final Map<Long, Long> cumByOrder = new HashMap<>();
        final Map<Integer, Long> positionPair = new HashMap<>();
        try (JournalReader in = new JournalReader(journal.inbound(), 4096))
        {
            while (in.next())
            {
                r.events++;
                header.wrap(in.buffer(), 0);
                final int body = MessageHeaderDecoder.ENCODED_LENGTH;
                final long ts = in.buffer().getLong(body, ByteOrder.LITTLE_ENDIAN); // every message starts with tsInitNs
                r.firstTsNs = Math.min(r.firstTsNs, ts);
                r.lastTsNs = Math.max(r.lastTsNs, ts);
                switch (header.templateId())
                {
                    case InstrumentDefinitionDecoder.TEMPLATE_ID:
                        definition.wrap(in.buffer(), body, header.blockLength(), header.version());
                        final int id = definition.instrumentId();
                        final String venue = definition.venue().name().toLowerCase(Locale.ROOT);
                        final String symbol = definition.symbol();
                        quotes.put(id, definition.quote().name());
                        tokens.put(id, definition.tokenName());
                        names.put(id, venue + ":" + symbol);
                        if ("BNB".equals(tokens.get(id)))
                        {
                            marks.bnbByQuote.putIfAbsent(definition.quote().name(), id);
                        }
                        break;
                    case FundingUpdateDecoder.TEMPLATE_ID:
                        funding.wrap(in.buffer(), body, header.blockLength(), header.version());
                        if (funding.markPrice() != FixedPoint.NULL && funding.markPrice() > 0)
                        {
                            marks.mark.put(funding.instrumentId(), funding.markPrice());
                        }
                        break;
                    case BookUpdateDecoder.TEMPLATE_ID:
                        book.wrap(in.buffer(), body, header.blockLength(), header.version());
                        final OrderBook b = books.computeIfAbsent(book.instrumentId(), k -> new OrderBook(50));
                        if (book.action() == BookAction.SNAPSHOT)
                        {
                            b.clear();
                        }
                        for (final BookUpdateDecoder.BidsDecoder level : book.bids())
                        {
                            b.bid(level.price(), level.size());
                        }
                        for (final BookUpdateDecoder.AsksDecoder level : book.asks())
                        {
                            b.ask(level.price(), level.size());
                        }
                        break;
                    case ExecutionReportDecoder.TEMPLATE_ID:
                        report.wrap(in.buffer(), body, header.blockLength(), header.version());
                        marks.books = books;
                        r.onFill(report, cumByOrder, books, positionPair, quotes.getOrDefault(report.instrumentId(), UNKNOWN_QUOTE), marks, ts);
                        break;
                    case FundingPaymentDecoder.TEMPLATE_ID:
                        payment.wrap(in.buffer(), body, header.blockLength(), header.version());
                        r.fundingPayments++;
                        final String paid = quotes.getOrDefault(payment.instrumentId(), UNKNOWN_QUOTE);
                        r.fundingByQuote.merge(paid, payment.amount(), Long::sum);
                        series(r.fundingSeries, paid).add(ts, payment.amount());
                        r.equitySteps.add(new EquityStep(in.position(), 0, ts, paid, payment.amount()));
                        final Long owner = positionPair.get(payment.instrumentId());
                        if (owner != null)
                        {
                            r.pairCashFromFills.merge(owner, payment.amount(), Long::sum);
                        }
                        break;
                    case PositionSnapshotDecoder.TEMPLATE_ID:
                        position.wrap(in.buffer(), body, header.blockLength(), header.version());
                        r.onPosition(position, names.getOrDefault(position.instrumentId(), "#" + position.instrumentId()));
                        break;
                    default:
                        break;
                }
            }
        }
        try (JournalReader out = new JournalReader(journal.commands(), 4096))
        {
            while (out.next())
            {
                header.wrap(out.buffer(), 0);
                final int body = MessageHeaderDecoder.ENCODED_LENGTH;
                if (header.templateId() == PairEventDecoder.TEMPLATE_ID)
                {
                    pair.wrap(out.buffer(), body, header.blockLength(), header.version());
                    final PairEventKind kind = pair.kind();
                    final String quote = quotes.getOrDefault(pair.longInstrumentId(), UNKNOWN_QUOTE);
                    final long realisedDelta = kind == PairEventKind.CLOSED || kind == PairEventKind.FAILED ? pair.realisedPnl() - pair.funding()
                        : kind == PairEventKind.ADJUSTED || (kind == PairEventKind.REPAIRED && pair.pairId() == 0) ? pair.realisedPnl() : 0;
                    if (realisedDelta != 0)
                    {
                        r.equitySteps.add(new EquityStep(pair.eventSeq(), 1, pair.tsInitNs(), quote, realisedDelta));
                    }
                    if (kind == PairEventKind.OPENING)
                    {
                        r.pairOpeningTsNs.putIfAbsent(pair.pairId(), pair.tsInitNs());
                    }
                    if (kind == PairEventKind.CLOSING)
                    {
                        final long pairId = pair.pairId();
                        final int longId = pair.longInstrumentId();
                        final int shortId = pair.shortInstrumentId();
                        final long quantity = pair.quantity();
                        if (Reason.LIQUIDATION_RISK.text().equals(pair.reason()))
                        {
                            r.liquidationReductions.add(String.format("#%d %s long %s / short %s: both legs reduced by %s", pairId,
                                tokens.getOrDefault(longId, "?"), names.getOrDefault(longId, "?"), names.getOrDefault(shortId, "?"),
                                FixedPoint.toString(quantity)));
                        }
                    }
                    else if (kind == PairEventKind.OPENED)
                    {
                        r.pairsOpened++;
                        r.pairOpenedTsNs.putIfAbsent(pair.pairId(), pair.tsInitNs());
                    }
                    else if (kind == PairEventKind.ADJUSTED)
                    {
                        // money booked after its pair or orphan position was realised (a fee correction)
                        r.adjust(pair.pairId(), pair.realisedPnl(), pair.fees(), quotes.getOrDefault(pair.longInstrumentId(), UNKNOWN_QUOTE));
                    }
                    else if (kind == PairEventKind.REPAIRED && pair.pairId() == 0)
                    {
                        // an orphan position's cash, realised when it is flat (the event names the instrument as its long leg)
                        r.orphansRealisedByQuote.merge(quotes.getOrDefault(pair.longInstrumentId(), UNKNOWN_QUOTE), pair.realisedPnl(), Long::sum);
                    }
                    else if (kind == PairEventKind.CLOSED || kind == PairEventKind.FAILED)
                    {
                        r.pairFinishedTsNs.put(pair.pairId(), pair.tsInitNs());
                        if (kind == PairEventKind.CLOSED)
                        {
                            r.pairsClosed++;
                        }
                        else
                        {
                            r.pairsFailed++;
                        }
                        r.finished.add(new Pair(pair.pairId(), tokens.getOrDefault(pair.longInstrumentId(), "?"),
                            names.getOrDefault(pair.longInstrumentId(), "?"), names.getOrDefault(pair.shortInstrumentId(), "?"),
                            kind.name(), pair.realisedPnl(), pair.fees(), pair.funding(), pair.reason(),
                            quotes.getOrDefault(pair.longInstrumentId(), UNKNOWN_QUOTE)));
                    }
                }
                else if (header.templateId() == RiskStateChangeDecoder.TEMPLATE_ID)
                {
                    change.wrap(out.buffer(), body, header.blockLength(), header.version());
                    final String why = change.reason();
                    r.transitions.add(change.fromState() + " -> " + change.toState() + " (" + why + ")");
                    r.breaker.add(new Transition(change.tsInitNs(), change.fromState().name(), change.toState().name(), why, change.pairId()));
                }
            }
        }
        r.buildEquity();
        return r;
    }

    /** Of the closed pairs, from the fill of their entry to their close (event time): median, shortest, longest; null when none. */
    String holdingTimes()
    {
        final List<Long> held = new ArrayList<>();
        for (final Pair p : finished)
        {
            final Long opened = pairOpenedTsNs.get(p.pairId());
            final Long closed = pairFinishedTsNs.get(p.pairId());
            if ("CLOSED".equals(p.outcome()) && opened != null && closed != null && closed >= opened)
            {
                held.add(closed - opened);
            }
        }
        if (held.isEmpty())
        {
            return null;
        }
        Collections.sort(held);
        return String.format("median %s, shortest %s, longest %s (%d closed pairs, event time)", span(held.get(held.size() / 2)),
            span(held.get(0)), span(held.get(held.size() - 1)), held.size());
    }

    /** "3d 4h", "2h 10m", "5m 3s", "800ms". */
    static String span(final long ns)
    {
        final long s = ns / 1_000_000_000L;
        if (s >= 86_400)
        {
            return s / 86_400 + "d " + s % 86_400 / 3600 + "h";
        }
        if (s >= 3600)
        {
            return s / 3600 + "h " + s % 3600 / 60 + "m";
        }
        if (s >= 60)
        {
            return s / 60 + "m " + s % 60 + "s";
        }
        return s >= 1 ? s + "s" : ns / 1_000_000L + "ms";
    }

    /** Books an ADJUSTED amount on the finished pair it names, else (a repair's or a foreign order's) with the orphans' cash. */
    private void adjust(final long pairId, final long amount, final long fee, final String quote)
    {
        for (int i = finished.size() - 1; i >= 0; i--)
        {
            final Pair p = finished.get(i);
            if (p.pairId() == pairId)
            {
                finished.set(i, new Pair(p.pairId(), p.token(), p.longLeg(), p.shortLeg(), p.outcome(), p.realisedPnl() + amount, p.fees() + fee,
                    p.funding(), p.reason(), p.quote()));
                return;
            }
        }
        orphansRealisedByQuote.merge(quote, amount, Long::sum);
    }

    /** Where the report finds a BNB price: the BNB perpetual of each quote, its latest journaled mark, else its book's mid. */
    private static final class Marks
    {
        final Map<String, Integer> bnbByQuote = new HashMap<>();
        final Map<Integer, Long> mark = new HashMap<>();
        Map<Integer, OrderBook> books = Map.of();

        /** The price of one {@code asset} in {@code quote} (1e-9), or NULL. */
        long price(final Asset asset, final String quote)
        {
            final Integer bnb = asset == Asset.BNB ? bnbByQuote.get(quote) : null;
            if (bnb == null)
            {
                return FixedPoint.NULL;
            }
            final Long m = mark.get(bnb);
            if (m != null)
            {
                return m;
            }
            final OrderBook b = books.get(bnb);
            return b != null && b.bidCount() > 0 && b.askCount() > 0 ? (b.bidPrice(0) + b.askPrice(0)) / 2 : FixedPoint.NULL;
        }
    }

    /** Counts a fee as charged and returns it valued in {@code quote} (1e-9), or 0 when nothing values it (counted unvalued). */
    private long chargeFee(final ExecutionReportDecoder report, final String quote, final Marks marks)
    {
        final long fee = report.fee() == FixedPoint.NULL ? 0 : report.fee();
        if (fee == 0)
        {
            return 0;
        }
        final Asset asset = EventJson.feeAssetOf(report, quoteNamed(quote));
        feesByAsset.merge(asset.name(), fee, Long::sum);
        if (asset.name().equals(quote))
        {
            feesByQuote.merge(quote, fee, Long::sum);
            return fee;
        }
        final long price = marks.price(asset, quote);
        if (price == FixedPoint.NULL)
        {
            unvaluedFees++;
            unvaluedFeesByAsset.merge(asset.name(), fee, Long::sum);
            return 0;
        }
        final long value = FixedPoint.multiply(fee, price);
        feesByQuote.merge(quote, value, Long::sum);
        return value;
    }

    private static Quote quoteNamed(final String name)
    {
        for (final Quote q : Quote.values())
        {
            if (q.name().equals(name))
            {
                return q;
            }
        }
        return Quote.NULL_VAL; // an instrument the journal never defined: its fee's asset is unknown (OTHER)
    }

    private void onPosition(final PositionSnapshotDecoder position, final String leg)
    {
        final long mark = position.markPrice();
        final long liquidation = position.liquidationPrice();
        if (position.quantity() == 0 || mark == FixedPoint.NULL || mark <= 0 || liquidation == FixedPoint.NULL || liquidation <= 0)
        {
            return;
        }
        final double distance = Math.max(0, (double)(position.quantity() > 0 ? mark - liquidation : liquidation - mark) / mark);
        final double[] seen = liquidationDistance.computeIfAbsent(leg, k -> new double[] {distance, distance});
        seen[0] = distance;
        seen[1] = Math.min(seen[1], distance);
    }

    private void onFill(
        final ExecutionReportDecoder report, final Map<Long, Long> cumByOrder, final Map<Integer, OrderBook> books,
        final Map<Integer, Long> positionPair, final String quote, final Marks marks, final long tsNs)
    {
        if (report.execType() == ExecType.REJECTED)
        {
            rejects++;
        }
        final long id = report.clientOrderId();
        if ((report.execType() == ExecType.FILL || report.execType() == ExecType.PARTIAL_FILL) && report.lastQty() == 0
            && report.lastPrice() == FixedPoint.NULL)
        {
            if (report.fee() != FixedPoint.NULL && report.fee() != 0)
            {
                feeCorrections++; // fee only: the venue's commission replacing an estimate, no quantity
                final long corrected = chargeFee(report, quote, marks);
                pairCashFromFills.merge(id >>> RiskStage.ORDER_BITS, -corrected, Long::sum);
                series(feesSeries, quote).add(tsNs, corrected);
            }
            return;
        }
        final long known = cumByOrder.getOrDefault(id, 0L);
        final long cum = report.cumQty();
        if (cum <= known || report.lastPrice() == FixedPoint.NULL)
        {
            return; // a duplicate or a report without a fill
        }
        cumByOrder.put(id, cum);
        final long qty = cum - known;
        final long price = report.lastPrice();
        final boolean buy = report.side() == Side.BUY;
        final long notional = FixedPoint.multiply(price, qty);
        final long fee = chargeFee(report, quote, marks);
        fills++;
        series(feesSeries, quote).add(tsNs, fee);
        final long pairId = id >>> RiskStage.ORDER_BITS;
        pairCashFromFills.merge(pairId, (buy ? -notional : notional) - fee, Long::sum);
        positionPair.put(report.instrumentId(), pairId);
        final OrderBook b = books.get(report.instrumentId());
        if (b != null && b.bidCount() > 0 && b.askCount() > 0)
        {
            final long mid = (b.bidPrice(0) + b.askPrice(0)) / 2;
            final long slippage = FixedPoint.multiply(buy ? price - mid : mid - price, qty);
            slippageByQuote.merge(quote, slippage, Long::sum);
            slippageByPair.merge(pairId, slippage, Long::sum);
            series(slippageSeries, quote).add(tsNs, slippage);
        }
    }

    /** The closing report, as lines. */
    public List<String> lines()
    {
        final List<String> out = new ArrayList<>();
        out.add(String.format("pairs                opened %d, closed %d, failed entries %d", pairsOpened, pairsClosed, pairsFailed));
        out.add(String.format("funding collected    %s (%d payments)", amounts(fundingByQuote), fundingPayments));
        out.add(String.format("fees paid            %s (%d fills)", assetAmounts(feesByAsset), fills));
        if (!feesByAsset.keySet().equals(feesByQuote.keySet()) || unvaluedFees > 0)
        {
            out.add(String.format("fees in PnL          %s (fees in another asset at its mark)%s", amounts(feesByQuote), unvaluedFees == 0 ? ""
                : String.format("; %d fees not valued, no mark for %s: left out of PnL", unvaluedFees, assetAmounts(unvaluedFeesByAsset))));
        }
        if (feeCorrections > 0)
        {
            out.add(String.format("fee corrections      %d (the venue's commission replacing an estimate, booked with the fees)", feeCorrections));
        }
        out.add(String.format("slippage paid        %s (fills against the mid of the journaled book)", amounts(slippageByQuote)));
        out.add(String.format("net PnL (realised)   %s%s", amounts(realisedByQuote()),
            orphansRealisedByQuote.isEmpty() ? "" : " (of which orphan positions unwound " + amounts(orphansRealisedByQuote) + ")"));
        final double win = winRate();
        out.add(String.format("win rate             %s", Double.isNaN(win) ? "-" : String.format(Locale.ROOT, "%.0f%% of %d closed pairs", win * 100, pairsClosed)));
        final String held = holdingTimes();
        if (held != null)
        {
            out.add("holding time         " + held);
        }
        Pair best = null;
        Pair worst = null;
        for (final Pair p : finished)
        {
            if (best == null || p.realisedPnl() > best.realisedPnl())
            {
                best = p;
            }
            if (worst == null || p.realisedPnl() < worst.realisedPnl())
            {
                worst = p;
            }
        }
        if (best != null)
        {
            out.add("best pair            " + describe(best));
            out.add("worst pair           " + describe(worst));
        }
        if (!liquidationDistance.isEmpty())
        {
            final StringJoiner legs = new StringJoiner(", ");
            liquidationDistance.forEach((leg, d) -> legs.add(String.format(Locale.ROOT, "%s %.1f%% (closest %.1f%%)", leg, d[0] * 100, d[1] * 100)));
            out.add("liquidation distance " + legs + " (venue's figures, last and closest)");
        }
        for (final String reduction : liquidationReductions)
        {
            out.add("liquidation risk     " + reduction + " (" + Reason.LIQUIDATION_RISK.text() + ")");
        }
        if (!transitions.isEmpty())
        {
            out.add("circuit breaker      " + String.join("; ", transitions));
        }
        return out;
    }

    private static String describe(final Pair p)
    {
        return String.format("#%d %s long %s / short %s: %s (%s, %s)", p.pairId(), p.token(), p.longLeg(), p.shortLeg(),
            amount(p.realisedPnl(), p.quote()), p.outcome().toLowerCase(Locale.ROOT), p.reason());
    }

    /** Amounts per quote asset, each in its own unit ("+12.34 USDT, +1.00 USDC"), never summed; "+0.00" when none. */
    public static String amounts(final Map<String, Long> byQuote)
    {
        return joined(byQuote, SessionReport::amount);
    }

    private static String joined(final Map<String, Long> byAsset, final BiFunction<Long, String, String> format)
    {
        if (byAsset.isEmpty())
        {
            return "+0.00";
        }
        final StringJoiner out = new StringJoiner(", ");
        byAsset.forEach((asset, value) -> out.add(format.apply(value, asset)));
        return out.toString();
    }

    /** "+12.34 USDT" with cents, from a 1e-9 amount in {@code quote} (rounded half-even to the cent). */
    public static String amount(final long value, final String quote)
    {
        final BigDecimal decimal = BigDecimal.valueOf(value, FixedPoint.DECIMALS).setScale(2, RoundingMode.HALF_EVEN);
        return (decimal.signum() >= 0 ? "+" : "") + decimal.toPlainString() + " " + quote;
    }

    /** Amounts per asset as charged: stablecoins with cents, other assets (BNB) with up to 8 decimals. */
    public static String assetAmounts(final Map<String, Long> byAsset)
    {
        return joined(byAsset, SessionReport::assetAmount);
    }

    /** "+12.34 USDT", or "+0.0042 BNB" for an asset that is not a dollar (up to 8 decimals, trailing zeros dropped). */
    public static String assetAmount(final long value, final String asset)
    {
        if ("USDT".equals(asset) || "USDC".equals(asset) || "USD".equals(asset))
        {
            return amount(value, asset);
        }
        final BigDecimal decimal = BigDecimal.valueOf(value, FixedPoint.DECIMALS).setScale(8, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return (decimal.signum() >= 0 ? "+" : "") + decimal.toPlainString() + " " + asset;
    }

    /** "+12.34 USD" with cents, from a 1e-9 amount (rounded half-even to the cent): the status line's unit. */
    public static String usd(final long amount)
    {
        return amount(amount, "USD");
    }
}
