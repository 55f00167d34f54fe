package io.fundingarb.engine.replay;

import static io.fundingarb.engine.TradingHarness.HALF_SPREAD;
import static io.fundingarb.engine.TradingHarness.MID;
import static io.fundingarb.engine.TradingHarness.SECOND;
import static io.fundingarb.engine.TradingHarness.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.BookAction;
import io.fundingarb.codecs.sbe.BookUpdateDecoder;
import io.fundingarb.codecs.sbe.FundingUpdateDecoder;
import io.fundingarb.codecs.sbe.InstrumentDefinitionDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.PairEventDecoder;
import io.fundingarb.codecs.sbe.PairEventKind;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.engine.TradingHarness;
import io.fundingarb.engine.journal.JournalReader;
import io.fundingarb.engine.stage.Reason;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay --explain}: a pair entered on books thin enough that the VWAP walks two levels, with
 * a basis the config counts, then closed when the spread collapses. The explanation must agree
 * with an independent BigDecimal derivation of the entry from the journal's own events.
 */
@Timeout(60)
class DecisionExplainerTest
{
    private static final String CONFIG = """
        strategy:
          target_notional_usd: 1000
          min_net_edge_bps: 1
          basis_capture: 0.5
        risk:
          max_data_age: 1h
          settlement_guard: 0s
          stop_loss_bps: 0
          min_liquidation_distance: 0
        execution:
          timeout: 2s
        """;
    private static final MathContext MC = MathContext.DECIMAL128;
    private static final long LEVEL_SIZE = FixedPoint.parse("0.3"); // 600 USD a level: 1000 USD walks two

    @TempDir
    Path tmp;

    private TradingHarness h;

    @BeforeEach
    void tradeOnePair()
    {
        h = new TradingHarness(tmp.resolve("journal"), CONFIG);
        thinBook(Venue.BINANCE, MID);
        thinBook(Venue.BYBIT, MID + FixedPoint.parse("1")); // the short venue 0.05 % above: a basis the config counts half of
        for (final Venue v : new Venue[] {Venue.BINANCE, Venue.BYBIT})
        {
            h.events.ticker(h.now, id(1, v), v, FixedPoint.parse("100000000"));
        }
        h.funding(id(1, Venue.BINANCE), Venue.BINANCE, "-0.0005");
        h.funding(id(1, Venue.BYBIT), Venue.BYBIT, "0.0010");
        h.settle();
        h.balances("10000");
        h.advance(SECOND);
        assertThat(h.risk().pairsOpened()).as("pair opened").isEqualTo(1);
        h.funding(id(1, Venue.BYBIT), Venue.BYBIT, "-0.0005"); // the spread collapses
        h.advance(SECOND);
        assertThat(h.risk().pairsClosed()).as("pair closed").isEqualTo(1);
        h.closeAndVerify();
    }

    private void thinBook(final Venue venue, final long mid)
    {
        h.events.definition(h.now, id(1, venue), 1, venue, "ETHUSDT", "ETH");
        h.venues.touch(id(1, venue), mid - HALF_SPREAD, mid + HALF_SPREAD);
        h.events.snapshot(h.now, id(1, venue), venue, mid, HALF_SPREAD, FixedPoint.parse("0.1"), 10, LEVEL_SIZE);
    }

    @AfterEach
    void close()
    {
        h.close();
    }

    @Test
    void shouldExplainAnEntryWhoseNetEdgeAnIndependentDerivationFromTheJournalConfirms()
    {
        final DecisionExplainer.Explanation explanation = DecisionExplainer.explain(h.journal, h.config, 1);
        final Oracle oracle = Oracle.derive(h);

        assertThat(explanation.entry().event()).as("the decision event").isEqualTo(oracle.decisionEvent);
        final double explained = explanation.entry().terms().netEdgeBps();
        assertThat(explained).isCloseTo(oracle.netEdgeBps.doubleValue(), within(1e-6));
        assertThat(explanation.entry().terms().longLeg().buyVwap()).isCloseTo(oracle.longBuyVwap.doubleValue(), within(1e-9));
        assertThat(explanation.entry().terms().longLeg().settlements()).isEqualTo(oracle.longSettlements);
        assertThat(oracle.longBuyVwap).as("the VWAP walked past the touch").isGreaterThan(BigDecimal.valueOf(MID + HALF_SPREAD, 9));
        final String printed = explanation.lines().stream().filter(l -> l.contains(" bps over the ")).findFirst().orElseThrow();
        final BigDecimal shown = new BigDecimal(printed.replaceAll(".*= (-?[0-9.]+) bps over the .*", "$1"));
        assertThat(shown.subtract(oracle.netEdgeBps).abs()).as("the printed net edge: " + printed).isLessThan(new BigDecimal("1e-6"));
    }

    @Test
    void shouldShowEveryRiskCheckOfTheEnteredCandidatePassing()
    {
        final DecisionExplainer.Explanation explanation = DecisionExplainer.explain(h.journal, h.config, 1);

        assertThat(explanation.entry().candidates()).hasSize(1);
        assertThat(explanation.entry().candidates().get(0).passes()).isTrue();
        assertThat(explanation.lines()).anyMatch(l -> l.contains("=> passes every check"))
            .noneMatch(l -> l.contains("FAIL"))
            .anyMatch(l -> l.contains("\"type\":\"OrderCommand\""));
    }

    @Test
    void shouldExplainTheExitWithTheSpreadBelowItsThreshold()
    {
        final DecisionExplainer.Explanation explanation = DecisionExplainer.explain(h.journal, h.config, 1);

        assertThat(explanation.exit().terms().reason()).isEqualTo(Reason.SPREAD_COLLAPSED);
        assertThat(explanation.exit().terms().spreadPerDay()).isLessThan(explanation.exit().terms().exitSpreadPerDay());
        assertThat(explanation.lines()).anyMatch(l -> l.startsWith("EXIT decided at event #") && l.contains(Reason.SPREAD_COLLAPSED.text()))
            .anyMatch(l -> l.contains("below: collapsed"));
    }

    @Test
    void shouldNameTheKnownPairsWhenAskedForOneTheJournalDoesNotHave()
    {
        assertThatThrownBy(() -> DecisionExplainer.explain(h.journal, h.config, 7))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no pair 7").hasMessageContaining("1 to 1");
    }

    /** The entry re-derived from the journal's events alone, in BigDecimal: no engine code. */
    private static final class Oracle
    {
        long decisionEvent = -1;
        BigDecimal netEdgeBps;
        BigDecimal longBuyVwap;
        long longSettlements;

        static Oracle derive(final TradingHarness h)
        {
            final Oracle o = new Oracle();
            final MessageHeaderDecoder header = new MessageHeaderDecoder();
            final PairEventDecoder pair = new PairEventDecoder();
            int longId = 0;
            int shortId = 0;
            try (JournalReader commands = new JournalReader(h.journal.commands(), 4096))
            {
                while (commands.next() && o.decisionEvent < 0)
                {
                    header.wrap(commands.buffer(), 0);
                    if (header.templateId() == PairEventDecoder.TEMPLATE_ID)
                    {
                        pair.wrap(commands.buffer(), MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                        if (pair.kind() == PairEventKind.OPENING && pair.pairId() == 1)
                        {
                            o.decisionEvent = pair.eventSeq();
                            longId = pair.longInstrumentId();
                            shortId = pair.shortInstrumentId();
                        }
                    }
                }
            }
            final Map<Integer, Venue> venues = new HashMap<>();
            final Map<Integer, long[]> funding = new HashMap<>(); // rate, interval s, next settlement
            final Map<Integer, TreeMap<Long, Long>> bids = new HashMap<>();
            final Map<Integer, TreeMap<Long, Long>> asks = new HashMap<>();
            long now = 0;
            final InstrumentDefinitionDecoder definition = new InstrumentDefinitionDecoder();
            final FundingUpdateDecoder update = new FundingUpdateDecoder();
            final BookUpdateDecoder book = new BookUpdateDecoder();
            try (JournalReader events = new JournalReader(h.journal.inbound(), 4096))
            {
                while (events.next() && events.position() <= o.decisionEvent)
                {
                    header.wrap(events.buffer(), 0);
                    final int body = MessageHeaderDecoder.ENCODED_LENGTH;
                    now = events.buffer().getLong(body, ByteOrder.LITTLE_ENDIAN);
                    switch (header.templateId())
                    {
                        case InstrumentDefinitionDecoder.TEMPLATE_ID ->
                        {
                            definition.wrap(events.buffer(), body, header.blockLength(), header.version());
                            venues.put(definition.instrumentId(), definition.venue());
                        }
                        case FundingUpdateDecoder.TEMPLATE_ID ->
                        {
                            update.wrap(events.buffer(), body, header.blockLength(), header.version());
                            funding.put(update.instrumentId(), new long[] {update.fundingRate(), update.fundingIntervalS(), update.nextFundingTsNs()});
                        }
                        case BookUpdateDecoder.TEMPLATE_ID ->
                        {
                            book.wrap(events.buffer(), body, header.blockLength(), header.version());
                            final TreeMap<Long, Long> b = bids.computeIfAbsent(book.instrumentId(), k -> new TreeMap<>(Comparator.reverseOrder()));
                            final TreeMap<Long, Long> a = asks.computeIfAbsent(book.instrumentId(), k -> new TreeMap<>());
                            if (book.action() == BookAction.SNAPSHOT)
                            {
                                b.clear();
                                a.clear();
                            }
                            book.bids().forEach(l -> apply(b, l.price(), l.size()));
                            book.asks().forEach(l -> apply(a, l.price(), l.size()));
                        }
                        default ->
                        {
                        }
                    }
                }
            }
            final BigDecimal notional = BigDecimal.valueOf(h.config.strategy().targetNotionalUsd());
            final long horizonNs = h.config.strategy().horizon().toNanos();
            final BigDecimal decay = BigDecimal.valueOf(h.config.strategy().fundingDecayPerSettlement());
            final List<Integer> legs = List.of(longId, shortId);
            final BigDecimal[] expected = new BigDecimal[2];
            final BigDecimal[] cost = new BigDecimal[2];
            final BigDecimal[] mid = new BigDecimal[2];
            for (int k = 0; k < 2; k++)
            {
                final int leg = legs.get(k);
                final long[] f = funding.get(leg);
                final long intervalNs = f[1] * SECOND;
                long next = f[2];
                while (next <= now)
                {
                    next += intervalNs;
                }
                final long settlements = next > now + horizonNs ? 0 : 1 + (now + horizonNs - next) / intervalNs;
                BigDecimal weight = BigDecimal.ZERO;
                for (int n = 0; n < settlements; n++)
                {
                    weight = weight.add(decay.pow(n, MC));
                }
                final BigDecimal rate = BigDecimal.valueOf(f[0], 9);
                expected[k] = k == 0 ? rate.multiply(weight).negate() : rate.multiply(weight); // a long pays the rate, a short receives it
                final BigDecimal bid = BigDecimal.valueOf(bids.get(leg).firstKey(), 9);
                final BigDecimal ask = BigDecimal.valueOf(asks.get(leg).firstKey(), 9);
                mid[k] = bid.add(ask).divide(BigDecimal.valueOf(2), MC);
                final BigDecimal buy = vwap(asks.get(leg), notional);
                final BigDecimal sell = vwap(bids.get(leg), notional);
                final BigDecimal fee = BigDecimal.valueOf(h.config.venues().byVenueId(venues.get(leg).value()).takerFee());
                cost[k] = fee.multiply(BigDecimal.valueOf(2)).add(buy.subtract(mid[k]).divide(mid[k], MC)).add(mid[k].subtract(sell).divide(mid[k], MC));
                if (k == 0)
                {
                    o.longBuyVwap = buy;
                    o.longSettlements = settlements;
                }
            }
            final BigDecimal basis = mid[1].subtract(mid[0]).divide(mid[0], MC);
            final BigDecimal net = expected[1].add(expected[0]).subtract(cost[0]).subtract(cost[1])
                .add(BigDecimal.valueOf(h.config.strategy().basisCapture()).multiply(basis));
            o.netEdgeBps = net.multiply(BigDecimal.valueOf(10_000));
            return o;
        }

        private static void apply(final TreeMap<Long, Long> side, final long price, final long size)
        {
            if (size <= 0)
            {
                side.remove(price);
            }
            else
            {
                side.put(price, size);
            }
        }

        /** The average price of {@code notional} walked through one side's levels, best first. */
        private static BigDecimal vwap(final TreeMap<Long, Long> side, final BigDecimal notional)
        {
            BigDecimal remaining = notional;
            BigDecimal quantity = BigDecimal.ZERO;
            for (final Map.Entry<Long, Long> level : side.entrySet())
            {
                final BigDecimal price = BigDecimal.valueOf(level.getKey(), 9);
                final BigDecimal levelNotional = price.multiply(BigDecimal.valueOf(level.getValue(), 9));
                if (levelNotional.compareTo(remaining) >= 0)
                {
                    quantity = quantity.add(remaining.divide(price, MC));
                    return notional.divide(quantity, MC);
                }
                quantity = quantity.add(BigDecimal.valueOf(level.getValue(), 9));
                remaining = remaining.subtract(levelNotional);
            }
            throw new AssertionError("book too thin");
        }
    }
}
