package io.fundingarb.engine.replay;

import io.fundingarb.codecs.EventJson;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.InstrumentDefinitionDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.OrderCommandDecoder;
import io.fundingarb.codecs.sbe.PairEventDecoder;
import io.fundingarb.codecs.sbe.PairEventKind;
import io.fundingarb.engine.config.FundingArbConfig;
import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.journal.JournalReader;
import io.fundingarb.engine.pipeline.Pipeline;
import io.fundingarb.engine.pipeline.StageChain;
import io.fundingarb.engine.pipeline.StageErrors;
import io.fundingarb.engine.ring.InboundSlot;
import io.fundingarb.engine.stage.DecisionAudit;
import io.fundingarb.engine.stage.EntryChecks;
import io.fundingarb.engine.stage.ExitTerms;
import io.fundingarb.engine.stage.FundingExpectation;
import io.fundingarb.engine.stage.MarketStage;
import io.fundingarb.engine.stage.PairTerms;
import io.fundingarb.engine.stage.Reason;
import io.fundingarb.engine.stage.RiskStage;
import io.fundingarb.engine.stage.Stages;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code replay --explain PAIR}: one pair's entry and exit decisions, with the inputs as the stages
 * saw them and the arithmetic, so that an auditor can re-derive each decision by hand. It replays
 * the input journal through fresh production stages (checking every command against the recorded
 * ones, as {@code --verify} does) up to the exit decision; RiskStage tells it of each decision
 * before the decision changes any state ({@link DecisionAudit}), and it reads the numbers through
 * the stages' inspection hooks ({@link RiskStage#inspectEntry}, {@link RiskStage#inspectExit},
 * {@link MarketStage#inspectPair}): nothing here recomputes a formula of the stages.
 */
public final class DecisionExplainer
{
    private static final MathContext SHOWN = new MathContext(12);

    /** The entry decision: RiskStage's checks on every candidate up to the one entered, and MarketStage's terms of the pair. */
    public record Entry(long event, List<EntryChecks> candidates, PairTerms terms)
    {
    }

    /** The exit decision. */
    public record Exit(long event, ExitTerms terms)
    {
    }

    /** What {@link #explain} found: the decisions (null when the journal has none) and the explanation as lines. */
    public record Explanation(long pairId, Entry entry, Exit exit, List<String> lines)
    {
    }

    private DecisionExplainer()
    {
    }

    /**
     * Explains pair {@code pairId} of a journal.
     *
     * @throws IllegalArgumentException when the journal never opened that pair
     */
    public static Explanation explain(final Journal journal, final FundingArbConfig config, final long pairId)
    {
        final Recorded recorded = Recorded.read(journal, pairId);
        if (recorded.openingEvent < 0)
        {
            throw new IllegalArgumentException("replay --explain: the journal has no pair " + pairId
                + (recorded.lastPairId > 0 ? " (its pairs are numbered 1 to " + recorded.lastPairId + ")" : " (it opened no pair)"));
        }
        final Audit audit = new Audit(pairId);
        final Map<Integer, String> names = new HashMap<>();
        final Map<Integer, String> tokens = new HashMap<>();
        final EventJson json = new EventJson();
        String mismatch = null;
        try (JournalReader events = new JournalReader(journal.inbound(), 4096);
             JournalReader commands = new JournalReader(journal.commands(), 4096))
        {
            final Replayer.ComparingSink sink = new Replayer.ComparingSink(commands, json);
            final Stages stages = Stages.audited(config, audit).create(sink);
            final MarketStage market = (MarketStage)stages.market();
            final StageChain chain = new StageChain(stages, new StageErrors(Pipeline.JOURNAL, Pipeline.MARKET, Pipeline.RISK, Pipeline.EXECUTION));
            final MessageHeaderDecoder header = new MessageHeaderDecoder();
            final InstrumentDefinitionDecoder definition = new InstrumentDefinitionDecoder();
            InboundSlot slot = new InboundSlot(4096);
            final long lastEvent = recorded.closingEvent >= 0 ? recorded.closingEvent : Long.MAX_VALUE;
            while (events.next() && events.position() <= lastEvent)
            {
                final int length = events.length();
                if (length > slot.array.length)
                {
                    slot = new InboundSlot(Integer.highestOneBit(length) << 1);
                }
                System.arraycopy(events.array(), 0, slot.array, 0, length);
                slot.length = length;
                header.wrap(events.buffer(), 0);
                if (header.templateId() == InstrumentDefinitionDecoder.TEMPLATE_ID)
                {
                    definition.wrap(events.buffer(), MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                    final int id = definition.instrumentId();
                    final String venue = definition.venue().name().toLowerCase(Locale.ROOT);
                    names.put(id, venue + ":" + definition.symbol()); // variable-length fields in schema order: symbol, then token
                    tokens.put(id, definition.tokenName());
                }
                sink.currentEvent = events.position();
                audit.event = events.position();
                chain.onEvent(slot, events.position());
                if (audit.entryChecks != null && audit.terms == null)
                {
                    // MarketStage is done with the event RiskStage decided on: its state is what the ranking was computed from
                    audit.terms = market.inspectPair(audit.entryChecks.get(audit.entryChecks.size() - 1).longInstrumentId(),
                        audit.entryChecks.get(audit.entryChecks.size() - 1).shortInstrumentId());
                }
                if (sink.mismatch != null && mismatch == null)
                {
                    mismatch = "event #" + events.position() + ": " + sink.mismatch;
                }
            }
        }
        final Entry entry = audit.entryChecks == null ? null : new Entry(audit.entryEvent, audit.entryChecks, audit.terms);
        final Exit exit = audit.exit == null ? null : new Exit(audit.exitEvent, audit.exit);
        final Text text = new Text(names, tokens);
        return new Explanation(pairId, entry, exit, text.render(pairId, recorded, entry, exit, mismatch));
    }

    /** Collects the stages' own account of the pair's decisions, read at the moment each is taken. */
    private static final class Audit implements DecisionAudit
    {
        private final long pairId;
        long event;
        long entryEvent = -1;
        List<EntryChecks> entryChecks;
        PairTerms terms;
        long exitEvent = -1;
        ExitTerms exit;

        Audit(final long pairId)
        {
            this.pairId = pairId;
        }

        @Override
        public void onEntry(final RiskStage risk, final long id, final int rank)
        {
            if (id != pairId || entryChecks != null)
            {
                return;
            }
            entryEvent = event;
            entryChecks = new ArrayList<>();
            for (int r = 0; r <= rank; r++)
            {
                entryChecks.add(risk.inspectEntry(r));
            }
        }

        @Override
        public void onExit(final RiskStage risk, final long id, final Reason reason)
        {
            if (id != pairId || exit != null)
            {
                return;
            }
            exitEvent = event;
            exit = risk.inspectExit(id, reason);
        }
    }

    /** The pair's journaled events and orders, from the command journal. */
    static final class Recorded
    {
        long openingEvent = -1;
        long closingEvent = -1;
        long lastPairId;
        final List<String> pairEvents = new ArrayList<>();
        final Map<Long, List<String>> ordersByEvent = new HashMap<>();

        static Recorded read(final Journal journal, final long pairId)
        {
            final Recorded r = new Recorded();
            final EventJson json = new EventJson();
            final MessageHeaderDecoder header = new MessageHeaderDecoder();
            final PairEventDecoder pair = new PairEventDecoder();
            final OrderCommandDecoder order = new OrderCommandDecoder();
            try (JournalReader commands = new JournalReader(journal.commands(), 4096))
            {
                while (commands.next())
                {
                    header.wrap(commands.buffer(), 0);
                    final int body = MessageHeaderDecoder.ENCODED_LENGTH;
                    if (header.templateId() == PairEventDecoder.TEMPLATE_ID)
                    {
                        pair.wrap(commands.buffer(), body, header.blockLength(), header.version());
                        if (pair.kind() == PairEventKind.OPENING)
                        {
                            r.lastPairId = Math.max(r.lastPairId, pair.pairId());
                        }
                        if (pair.pairId() != pairId)
                        {
                            continue;
                        }
                        if (pair.kind() == PairEventKind.OPENING && r.openingEvent < 0)
                        {
                            r.openingEvent = pair.eventSeq();
                        }
                        if (pair.kind() == PairEventKind.CLOSING && r.closingEvent < 0)
                        {
                            r.closingEvent = pair.eventSeq();
                        }
                        r.pairEvents.add(json.toJson(commands.buffer(), 0, commands.length()));
                    }
                    else if (header.templateId() == OrderCommandDecoder.TEMPLATE_ID)
                    {
                        order.wrap(commands.buffer(), body, header.blockLength(), header.version());
                        if (order.clientOrderId() >>> RiskStage.ORDER_BITS == pairId)
                        {
                            r.ordersByEvent.computeIfAbsent(order.eventSeq(), k -> new ArrayList<>())
                                .add(json.toJson(commands.buffer(), 0, commands.length()));
                        }
                    }
                }
            }
            return r;
        }
    }

    /** A number as shown: at most 12 significant digits, plain. */
    static String num(final double value)
    {
        if (Double.isNaN(value) || Double.isInfinite(value))
        {
            return Double.toString(value);
        }
        return new BigDecimal(value).round(SHOWN).stripTrailingZeros().toPlainString();
    }

    /** A number as an operand: negative ones in parentheses, so that "a - (-b)" reads unambiguously. */
    static String operand(final double value)
    {
        final String shown = num(value);
        return value < 0 ? "(" + shown + ")" : shown;
    }

    static String price(final long value)
    {
        return value == FixedPoint.NULL ? "none" : FixedPoint.toString(value);
    }

    static String time(final long tsNs)
    {
        return tsNs == FixedPoint.NULL || tsNs <= 0 ? "none" : Instant.ofEpochSecond(0, tsNs).toString();
    }

    static String duration(final long ns)
    {
        return Duration.ofNanos(ns).toString().substring(2).toLowerCase(Locale.ROOT);
    }

    static String verdict(final boolean pass)
    {
        return pass ? "pass" : "FAIL";
    }

    /** The explanation as text. */
    private static final class Text
    {
        private final Map<Integer, String> names;
        private final Map<Integer, String> tokens;
        private final List<String> out = new ArrayList<>();

        Text(final Map<Integer, String> names, final Map<Integer, String> tokens)
        {
            this.names = names;
            this.tokens = tokens;
        }

        private String name(final int instrumentId)
        {
            return names.getOrDefault(instrumentId, "#" + instrumentId);
        }

        private void line(final String format, final Object... args)
        {
            out.add(String.format(Locale.ROOT, format, args));
        }

        List<String> render(final long pairId, final Recorded recorded, final Entry entry, final Exit exit, final String mismatch)
        {
            if (mismatch != null)
            {
                line("WARNING: replay differs from the recorded commands at %s: the numbers below are the replay's", mismatch);
            }
            if (entry == null)
            {
                line("pair #%d: the replay did not reach its entry decision (journaled at event #%d)", pairId, recorded.openingEvent);
            }
            else
            {
                entry(pairId, entry, recorded.ordersByEvent.getOrDefault(entry.event(), List.of()));
            }
            if (exit == null)
            {
                line("");
                line("EXIT: %s", recorded.closingEvent < 0 ? "no exit decision in the journal (the pair was still open, or its legs went flat or the entry failed)"
                    : "the replay did not reach the exit decision (journaled at event #" + recorded.closingEvent + ")");
            }
            else
            {
                exit(exit, recorded.ordersByEvent.getOrDefault(exit.event(), List.of()));
            }
            line("");
            line("the pair's journaled events:");
            recorded.pairEvents.forEach(e -> line("  %s", e));
            return out;
        }

        private void entry(final long pairId, final Entry entry, final List<String> orders)
        {
            final EntryChecks chosen = entry.candidates().get(entry.candidates().size() - 1);
            line("pair #%d %s: long %s / short %s", pairId, tokens.getOrDefault(chosen.longInstrumentId(), "?"), name(chosen.longInstrumentId()),
                name(chosen.shortInstrumentId()));
            line("");
            line("ENTRY decided at event #%d (%s)", entry.event(), time(chosen.tsNs()));
            final PairTerms t = entry.terms();
            if (t != null)
            {
                line("  MarketStage's terms (fractions of notional; each leg's terms as computed at its last update):");
                leg("long ", t.longLeg(), t, true);
                leg("short", t.shortLeg(), t, false);
                final PairTerms.Leg a = t.longLeg();
                final PairTerms.Leg b = t.shortLeg();
                line("  spread            r_short/T_short - r_long/T_long = %s - %s = %s per second = %s per hour = %s per day",
                    num(b.ratePerSecond()), operand(a.ratePerSecond()), num(t.spreadPerSecond()), num(t.spreadPerSecond() * 3600.0),
                    num(t.spreadPerSecond() * 86_400.0));
                line("                    per day >= strategy.min_funding_rate_profitability %s: %s", num(t.minDailySpread()),
                    verdict(t.spreadPerSecond() * 86_400.0 >= t.minDailySpread()));
                line("  basis             (mid_short - mid_long) / mid_long = (%s - %s) / %s = %s; x strategy.basis_capture %s = %s",
                    num(b.mid()), num(a.mid()), num(a.mid()), num(t.basis()), num(t.basisCapture()), num(t.basisCapture() * t.basis()));
                line("  net edge          funding_short + funding_long - cost_long - cost_short + basis_capture x basis");
                line("                    = %s + %s - %s - %s + %s", num(b.expectedFunding()), operand(a.expectedFunding()), operand(a.cost()),
                    operand(b.cost()), operand(t.basisCapture() * t.basis()));
                line("                    = %s = %s bps over the %s horizon >= strategy.min_net_edge_bps %s: %s", num(t.netEdge()),
                    num(t.netEdgeBps()), duration(t.horizonNs()), num(t.minNetEdgeBps()), verdict(t.netEdgeBps() >= t.minNetEdgeBps()));
            }
            line("  RiskStage's checks, best-ranked candidate first (the first that passes every check is entered):");
            for (final EntryChecks c : entry.candidates())
            {
                checks(c);
            }
            line("  orders");
            orders.forEach(o -> line("    %s", o));
        }

        private void leg(final String side, final PairTerms.Leg leg, final PairTerms t, final boolean isLong)
        {
            line("  %s leg %s", side, name(leg.instrumentId()));
            line("    funding rate    %s per interval of %d s (reported %d s, defined %d s, venue fallback %d s: the first known is used)",
                price(leg.fundingRate()), leg.intervalS(), leg.reportedIntervalS(), leg.definedIntervalS(), leg.fallbackIntervalS());
            line("    per second      %s / %d = %s (per hour %s)", price(leg.fundingRate()), leg.intervalS(), num(leg.ratePerSecond()),
                num(leg.ratePerSecond() * 3600.0));
            line("    settlements     terms computed at %s; next settlement %s (reported %s); in (t, t + %s]: %d",
                time(leg.termsTsNs()), time(leg.nextSettlementNs()), time(leg.reportedNextFundingTsNs()), duration(t.horizonNs()),
                leg.settlements());
            line("                    = 1 + floor((t + horizon - next) / interval) when next <= t + horizon, else 0");
            line("    weight          1 + d + ... + d^(n-1), d = strategy.funding_decay_per_settlement %s ^ (%d s / 8 h) = %s, n = %d: %s",
                num(t.decayPerSettlement()), leg.intervalS(), num(FundingExpectation.decayPerInterval(t.decayPerSettlement(), leg.intervalS())),
                leg.settlements(), num(leg.weight()));
            final String rate = price(leg.fundingRate());
            line("    funding         %s: %s x %s = %s", isLong ? "a long pays the rate" : "a short receives the rate", isLong ? "-(" + rate + ")" : rate,
                num(leg.weight()), num(leg.expectedFunding()));
            line("    book            bid %s, ask %s, mid %s", price(leg.bid()), price(leg.ask()), num(leg.mid()));
            line("    VWAP            for strategy.target_notional_usd %s (contract value %s): buy %s, sell %s", num(t.targetNotional()),
                num(leg.contractValue()), num(leg.buyVwap()), num(leg.sellVwap()));
            line("    cost            2 x taker fee + (buy - mid)/mid + (mid - sell)/mid = 2 x %s + %s + %s = %s", num(leg.takerFee()),
                num((leg.buyVwap() - leg.mid()) / leg.mid()), num((leg.mid() - leg.sellVwap()) / leg.mid()), num(leg.cost()));
            line("    volume 24h      %s vs strategy.min_daily_volume_usd %s (unknown passes unless strategy.require_volume_data): %s",
                price(leg.quoteVolume()), num(t.minDailyVolume()), verdict(leg.volumeOk()));
        }

        private void checks(final EntryChecks c)
        {
            line("    #%d %s long %s / short %s: net %s bps, spread %s per hour, funding %s bps, costs %s bps, basis %s bps",
                c.rank() + 1, tokens.getOrDefault(c.longInstrumentId(), "?"), name(c.longInstrumentId()), name(c.shortInstrumentId()),
                num(c.netEdgeBps()), num(c.spreadPerHour()), num(c.fundingBps()), num(c.costBps()), num(c.basisBps()));
            line("      trading state     %s (entries only when ACTIVE)", c.tradingState());
            line("      open pairs        %d < risk.max_open_pairs %d: %s", c.activePairs(), c.maxOpenPairs(), verdict(c.activePairs() < c.maxOpenPairs()));
            line("      one pair a token  %s", c.heldByPair() == 0 ? "no pair holds the token: pass" : "pair #" + c.heldByPair() + " holds it: FAIL");
            final String[] side = {"long", "short"};
            for (int k = 0; k < 2; k++)
            {
                line("      %-5s market data last %s ago <= risk.max_data_age %s and the feed LIVE: %s; private stream up: %s", side[k],
                    duration(c.dataAgeNs()[k]), duration(c.maxDataAgeNs()), verdict(c.feedUsable()[k]), verdict(c.tradable()[k]));
            }
            line("      slippage          %s bps (both legs' VWAP against mid) <= risk.max_slippage_bps %s: %s", num(c.slippageBps()),
                num(c.maxSlippageBps()), verdict(c.slippageBps() <= c.maxSlippageBps()));
            final double n = c.targetNotional() * 1e-9;
            line("      notional          open %s + 2 x %s <= risk.max_total_notional_usd %s; long venue %s + %s and short venue %s + %s "
                + "<= risk.max_notional_per_venue_usd %s: %s", num(c.openNotional()[0] * 1e-9), num(n), num(c.maxTotalNotionalUsd()),
                num(c.openNotional()[1] * 1e-9), num(n), num(c.openNotional()[2] * 1e-9), num(n), num(c.maxNotionalPerVenueUsd()),
                verdict(c.notionalFits()));
            for (int k = 0; k < 2; k++)
            {
                line("      %-5s balance     available %s x risk.max_leverage %s >= %s (unknown passes unless risk.require_balance_data): %s", side[k],
                    price(c.available()[k]), num(c.maxLeverage()), num(n), verdict(c.balanceFits()[k]));
            }
            line("      order rate        under risk.max_orders_per_second %d on both venues: %s", c.maxOrdersPerSecond(),
                verdict(c.orderRateFits()[0] && c.orderRateFits()[1]));
            for (int k = 0; k < 2; k++)
            {
                line("      %-5s settlement  next %s, rate %s: this side pays a settlement within risk.settlement_guard %s: %s", side[k],
                    time(c.nextFundingTsNs()[k]), num(c.rate()[k]), duration(c.settlementGuardNs()), c.paysSoon()[k] ? "yes: FAIL" : "no: pass");
            }
            line("      touch             long ask %s, short bid %s: %s", price(c.longAsk()), price(c.shortBid()),
                verdict(c.longAsk() != FixedPoint.NULL && c.shortBid() != FixedPoint.NULL));
            line("      => %s", c.passes() ? "passes every check" : "fails: the next candidate is tried");
        }

        private void exit(final Exit exit, final List<String> orders)
        {
            final ExitTerms x = exit.terms();
            line("");
            line("EXIT decided at event #%d (%s): %s", exit.event(), time(x.tsNs()), x.reason().text());
            line("  RiskStage's exit rule, in order (the first that holds decides):");
            line("    breaker           %s%s", x.tradingState(), x.flattening() ? ": flattening everything" : ": not flattening");
            line("    operator close    %s", x.closeRequested() ? "requested" : "no");
            line("    liquidation       distance long %s, short %s vs risk.min_liquidation_distance %s (0 = off)",
                num(x.liquidationDistance()[0]), num(x.liquidationDistance()[1]), num(x.minLiquidationDistance()));
            line("    PnL               marked %s / notional %s = %s bps; risk.stop_loss_bps %s, risk.take_profit_bps %s (0 = off)",
                price(x.pnl()), price(x.notional()), num(x.pnlBps()), num(x.stopLossBps()), num(x.takeProfitBps()));
            line("    holding           %s since %s; risk.max_holding_time %s", duration(x.tsNs() - x.openedTsNs()), time(x.openedTsNs()),
                duration(x.maxHoldingNs()));
            line("    spread per day    (%s / %d - %s / %d) x 86400 = %s vs risk.exit_spread_per_day %s: %s", num(x.rate()[1]), x.intervalS()[1],
                operand(x.rate()[0]), x.intervalS()[0], num(x.spreadPerDay()), num(x.exitSpreadPerDay()),
                x.spreadPerDay() < x.exitSpreadPerDay() ? "below: collapsed" : "not below");
            final String[] side = {"long", "short"};
            for (int k = 0; k < 2; k++)
            {
                line("    %-5s funding     rate %s per %d s, next %s, %d settlements in the horizon, weight %s: %s x %s = %s", side[k],
                    num(x.rate()[k]), x.intervalS()[k], time(x.nextFundingTsNs()[k]), x.settlements()[k], num(x.weight()[k]),
                    k == 0 ? "-(" + num(x.rate()[k]) + ")" : num(x.rate()[k]), num(x.weight()[k]), num(x.expected()[k]));
            }
            line("    hold value        funding_long + funding_short + basis_capture %s x basis = %s + %s + %s = %s", num(x.basisCapture()),
                num(x.expected()[0]), operand(x.expected()[1]), operand(x.basisValue()), num(x.holdValue()));
            line("    exit cost         fees paid / notional + half spreads = %s / %s + %s + %s = %s + %s + %s = %s", price(x.fees()),
                price(x.notional()), num(x.halfSpread()[0]), num(x.halfSpread()[1]), num(x.feeCost()), num(x.halfSpread()[0]),
                num(x.halfSpread()[1]), num(x.exitCost()));
            for (int k = 0; k < 2; k++)
            {
                line("    %-5s half spread (ask - bid) / (ask + bid) with bid %s, ask %s = %s", side[k], price(x.bid()[k]), price(x.ask()[k]),
                    num(x.halfSpread()[k]));
            }
            line("    hold < cost       %s < %s: %s", num(x.holdValue()), num(x.exitCost()), x.holdValue() < x.exitCost() ? "yes: funding exhausted" : "no");
            line("    waits             a settlement within risk.settlement_guard %s pays this side: long %s, short %s; "
                + "a settlement held through not paid yet: long %s, short %s", duration(x.settlementGuardNs()), yesNo(x.receivesSoon()[0]),
                yesNo(x.receivesSoon()[1]), yesNo(x.awaitingPayment()[0]), yesNo(x.awaitingPayment()[1]));
            line("  orders");
            orders.forEach(o -> line("    %s", o));
        }

        private static String yesNo(final boolean value)
        {
            return value ? "yes" : "no";
        }
    }
}
