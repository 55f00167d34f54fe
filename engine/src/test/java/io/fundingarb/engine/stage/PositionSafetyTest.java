package io.fundingarb.engine.stage;

import static io.fundingarb.engine.TradingHarness.SECOND;
import static io.fundingarb.engine.TradingHarness.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.OperatorAction;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.gateway.VenueOrderIds;
import io.fundingarb.engine.FakeVenues;
import io.fundingarb.engine.TradingHarness;
import io.fundingarb.engine.report.SessionReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Can it leave me naked?": the exposure invariant end to end, through the real pipeline and journal,
 * against venues that reject, stay silent, fill late or fill orders nobody knows. Every scenario ends
 * flat or hedged, with each repair attempt and outcome journaled, and replays byte for byte.
 */
@Timeout(60)
class PositionSafetyTest
{
    private static final String CONFIG = """
        strategy:
          target_notional_usd: 1000
          min_net_edge_bps: 1
        risk:
          max_data_age: 1h
          settlement_guard: 0s
          stop_loss_bps: 0
          max_rejects_per_minute: 100
        execution:
          timeout: 2s
          repair_backoff_initial: 1s
          repair_backoff_max: 30s
        """;
    private static final long STEP = SECOND / 4;
    private static final Pattern TS = Pattern.compile("\"tsInitNs\":(\\d+)");

    @TempDir
    Path tmp;

    private TradingHarness h;

    @AfterEach
    void close()
    {
        if (h != null)
        {
            h.close();
        }
    }

    private void openEthPair()
    {
        h = new TradingHarness(tmp.resolve("journal"), CONFIG);
        h.listToken(1, "ETH", "-0.0005", "0.0010");
        h.balances("10000");
        h.advance(SECOND);
        assertThat(h.risk().pairsOpened()).isEqualTo(1);
    }

    private List<String> pairEvents(final String kind)
    {
        return h.commands("PairEvent").stream().filter(e -> e.contains("\"kind\":\"" + kind + "\"")).toList();
    }

    /** Reduce-only orders on one instrument, in journal order. */
    private List<String> reduceOnly(final int instrumentId)
    {
        return h.commands("OrderCommand").stream()
            .filter(o -> o.contains("\"reduceOnly\":\"TRUE\"") && o.contains("\"instrumentId\":" + instrumentId + ","))
            .toList();
    }

    /** Time between consecutive commands, to the nearest second (timers every {@link #STEP}). */
    private static List<Long> gapsInSeconds(final List<String> commands)
    {
        final List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < commands.size(); i++)
        {
            gaps.add(Math.round((ts(commands.get(i)) - ts(commands.get(i - 1))) / (double)SECOND));
        }
        return gaps;
    }

    private static long realised(final String json)
    {
        final Matcher m = Pattern.compile("\"realisedPnl\":(-?[0-9.]+)").matcher(json);
        assertThat(m.find()).isTrue();
        return FixedPoint.parse(m.group(1));
    }

    private static long ts(final String json)
    {
        final Matcher m = TS.matcher(json);
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private void assertHedged(final int token)
    {
        assertThat(h.venues.position(id(token, Venue.BINANCE))).as("venues hedged").isEqualTo(-h.venues.position(id(token, Venue.BYBIT)));
        assertThat(h.risk().tokenExposure(token)).as("net exposure").isZero();
    }

    @Test
    void shouldRetryAnExitWithBackoffWhileTheVenueRejectsItForAMinuteThenEndFlat()
    {
        openEthPair();
        final long closeAt = h.now;
        h.venues.rejectReduceOnlyUntil(Venue.BINANCE, closeAt + 60 * SECOND); // a weight-limit block of one minute
        h.events.operator(h.now, OperatorAction.CLOSE_PAIR, 1);
        h.run(75 * SECOND, STEP);

        final List<Long> gaps = gapsInSeconds(reduceOnly(id(1, Venue.BINANCE)));
        assertThat(gaps).as(reduceOnly(id(1, Venue.BINANCE)).toString()).as("waits between tries: doubling from 1 s, capped at 30 s").containsExactly(1L, 2L, 4L, 8L, 16L, 30L);
        assertThat(h.venuesFlat(id(1, Venue.BINANCE), id(1, Venue.BYBIT))).as("flat once the venue recovers").isTrue();
        assertThat(h.risk().isFlat()).isTrue();
        assertThat(h.risk().pairsClosed()).isEqualTo(1);
        assertThat(h.risk().tradingState()).as("five failed attempts halt, and repairs go on").isEqualTo(TradingState.HALTED);
        assertThat(h.commands("RiskStateChange")).anyMatch(c -> c.contains("closing orders keep failing"));
        assertThat(pairEvents("REPAIR_FAILED")).hasSize(6);
        assertThat(pairEvents("REPAIR")).hasSize(6).allMatch(e -> e.contains("exit retry"));
        assertThat(h.risk().realisedPnl()).isEqualTo(h.expectedRealised());
        assertThat(h.risk().invariantBreaches()).as("a minute naked is counted against the invariant").isEqualTo(1);
        h.closeAndVerify();
    }

    @Test
    void shouldKeepRepairingWhenAPairRunsOutOfOrderIds()
    {
        h = new TradingHarness(tmp.resolve("journal"), CONFIG.replace("repair_backoff_max: 30s", "repair_backoff_max: 1s"));
        h.listToken(1, "ETH", "-0.0005", "0.0010");
        h.balances("10000");
        h.advance(SECOND);
        h.venues.rejectReduceOnlyUntil(Venue.BINANCE, h.now + 150 * SECOND); // a try every 2 s: more than a pair's 64 order ids
        h.events.operator(h.now, OperatorAction.CLOSE_PAIR, 1);
        h.run(160 * SECOND, SECOND);

        assertThat(pairEvents("CLOSED")).singleElement().satisfies(e -> assertThat(e).contains("pair out of order ids"));
        assertThat(pairEvents("REPAIR")).anyMatch(e -> e.contains("exposure no pair holds"));
        assertThat(h.venuesFlat(id(1, Venue.BINANCE), id(1, Venue.BYBIT))).isTrue();
        assertThat(h.risk().isFlat()).isTrue();
        assertThat(h.risk().orphanPositions()).isZero();
        assertThat(h.risk().realisedPnl()).isEqualTo(h.expectedRealised());
        h.closeAndVerify();
    }

    @Test
    void shouldRetryAnUnwindThatFailsTwice()
    {
        h = new TradingHarness(tmp.resolve("journal"), CONFIG);
        h.venues.mode(Venue.BYBIT, FakeVenues.Mode.REJECT, 2); // the entry's short leg, then the hedge completion
        h.venues.rejectReduceOnly(Venue.BINANCE, 2);            // the first two unwinds of the long leg
        h.listToken(1, "ETH", "-0.0005", "0.0010");
        h.balances("10000");
        h.advance(SECOND);
        h.run(8 * SECOND, STEP);

        final List<String> unwinds = reduceOnly(id(1, Venue.BINANCE)).stream().filter(o -> o.contains("\"pairId\":1,")).toList();
        assertThat(unwinds).as("two rejected unwinds, then one that fills").hasSize(3);
        assertThat(gapsInSeconds(unwinds)).as("the second retry waits twice the first").containsExactly(1L, 2L);
        assertThat(pairEvents("REPAIR").stream().filter(e -> e.contains("\"pairId\":1,")))
            .anyMatch(e -> e.contains("completing the hedge")).anyMatch(e -> e.contains("unwinding the excess"));
        assertThat(pairEvents("REPAIR_FAILED").stream().filter(e -> e.contains("\"pairId\":1,"))).hasSize(3);
        assertThat(pairEvents("FAILED")).anyMatch(e -> e.contains("\"pairId\":1,"));
        assertHedged(1);
        h.closeAndVerify();
    }

    @Test
    void shouldRepairLateFillsOfAnOrderAbandonedAfterAnUnansweredCancel()
    {
        h = new TradingHarness(tmp.resolve("journal"), CONFIG);
        h.venues.mode(Venue.BYBIT, FakeVenues.Mode.SILENT, 1); // the entry's short leg is never answered, nor its cancel
        h.listToken(1, "ETH", "-0.0005", "0.0010");
        h.balances("10000");
        h.advance(SECOND);
        h.run(6 * SECOND, SECOND); // deadline: cancel; grace: abandoned; the hedge completed with a new order

        assertThat(h.commands("CancelCommand")).hasSize(1);
        assertThat(h.execution().abandonedOrders()).isEqualTo(1);
        assertThat(h.risk().pairsOpened()).isEqualTo(1);
        assertHedged(1);

        final FakeVenues.SilentOrder late = h.venues.silentOrders().get(0);
        h.venues.fillLate(h.now, late); // the abandoned order filled after all
        h.settle();
        h.run(3 * SECOND, SECOND);

        assertHedged(1);
        assertThat(h.venues.position(id(1, Venue.BINANCE))).isPositive();
        assertThat(h.risk().activePairs()).isEqualTo(1);
        assertThat(pairEvents("REPAIR")).anyMatch(e -> e.contains("unwinding the excess"));
        assertThat(pairEvents("REPAIRED")).isNotEmpty();
        h.closeAndVerify();
    }

    @Test
    void shouldUnwindAFillOfAFinishedPair()
    {
        openEthPair();
        h.events.operator(h.now, OperatorAction.PAUSE, 0);
        h.events.operator(h.now, OperatorAction.CLOSE_PAIR, 1);
        h.advance(SECOND);
        assertThat(h.risk().pairsClosed()).isEqualTo(1);

        // an exit order of pair 1 the engine no longer tracks fills on bybit
        h.venues.injectFill(h.now, (1L << RiskStage.ORDER_BITS) | 9, id(1, Venue.BYBIT), Venue.BYBIT, false, FixedPoint.parse("0.2"));
        h.settle();
        h.run(2 * SECOND, SECOND);

        assertThat(h.risk().orphanFills()).isEqualTo(1);
        assertThat(h.venuesFlat(id(1, Venue.BINANCE), id(1, Venue.BYBIT))).isTrue();
        assertThat(h.risk().isFlat()).isTrue();
        assertThat(h.risk().tradingState()).as("recorded and unwound, not a halt").isEqualTo(TradingState.PAUSED);
        assertThat(pairEvents("REPAIR")).singleElement().satisfies(e -> assertThat(e).contains("exposure no pair holds"));
        assertThat(pairEvents("REPAIRED")).hasSize(1);
        assertThat(h.risk().realisedPnl()).isEqualTo(h.expectedRealised());
        assertThat(h.journaledRealised() + realised(pairEvents("REPAIRED").get(0))).as("pairs' and the orphan's journaled results")
            .isEqualTo(h.expectedRealised());
        h.closeAndVerify();
    }

    @Test
    void shouldUnwindAFillOfAnUnknownOrder()
    {
        h = new TradingHarness(tmp.resolve("journal"), CONFIG);
        h.events.operator(h.now, OperatorAction.PAUSE, 0);
        h.listToken(1, "ETH", "-0.0005", "0.0010");
        h.balances("10000");
        h.venues.injectFill(h.now, 4242L << RiskStage.ORDER_BITS, id(1, Venue.BINANCE), Venue.BINANCE, true, FixedPoint.parse("0.3"));
        h.settle();
        h.run(2 * SECOND, SECOND);

        assertThat(h.risk().orphanFills()).isEqualTo(1);
        assertThat(h.venues.position(id(1, Venue.BINANCE))).isZero();
        assertThat(h.risk().isFlat()).isTrue();
        assertThat(reduceOnly(id(1, Venue.BINANCE))).singleElement().satisfies(o -> assertThat(o).contains("\"side\":\"SELL\""));
        assertThat(h.risk().realisedPnl()).isEqualTo(h.expectedRealised());
        assertThat(SessionReport.of(h.journal).realisedPnl()).as("the session report counts the orphan's result").isEqualTo(h.expectedRealised());
        h.closeAndVerify();
    }

    @Test
    void shouldReduceTheOtherLegWhenTheVenueLiquidatesOne()
    {
        openEthPair();
        h.events.operator(h.now, OperatorAction.PAUSE, 0); // no new entry after it: this pair's fate alone
        final long longQty = h.venues.position(id(1, Venue.BINANCE));
        assertThat(longQty).as("long ETH on binance").isPositive();

        // the venue closes the long leg itself (a liquidation order, reported under an id no stage issued)
        h.venues.injectFill(h.now, VenueOrderIds.forcedCloseId("autoclose-1765000000123"), id(1, Venue.BINANCE), Venue.BINANCE, false, longQty);
        h.settle();
        h.run(5 * SECOND, SECOND / 2);

        assertThat(h.venues.position(id(1, Venue.BINANCE))).as("liquidated").isZero();
        assertThat(h.venues.position(id(1, Venue.BYBIT))).as("the short leg reduced to match").isZero();
        assertThat(h.risk().isFlat()).isTrue();
        assertThat(h.venues.reduceOnlyRefused()).as("no order tried to rebuild or over-reduce the liquidated leg").isZero();
        assertThat(h.risk().venueReductions()).isEqualTo(1);
        assertThat(pairEvents("REBALANCED")).singleElement().satisfies(e -> assertThat(e).contains("the venue reduced a leg"));
        assertThat(pairEvents("CLOSED")).singleElement();
        assertThat(h.risk().realisedPnl()).isEqualTo(h.expectedRealised());
        h.closeAndVerify();
    }

    @Test
    void shouldReduceTheOtherLegToMatchAPartialAutoDeleveraging()
    {
        openEthPair();
        h.events.operator(h.now, OperatorAction.PAUSE, 0);
        final long shortQty = -h.venues.position(id(1, Venue.BYBIT));
        final long adl = shortQty / 2 / 10_000_000L * 10_000_000L;

        // the venue auto-deleverages part of the short leg
        h.venues.injectFill(h.now, VenueOrderIds.forcedCloseId("adl-2"), id(1, Venue.BYBIT), Venue.BYBIT, true, adl);
        h.settle();
        h.run(5 * SECOND, SECOND / 2);

        assertHedged(1);
        assertThat(h.venues.position(id(1, Venue.BYBIT))).as("what ADL left of the short").isEqualTo(-(shortQty - adl));
        assertThat(h.venues.reduceOnlyRefused()).isZero();
        h.closeAndVerify();
    }

    @Test
    void shouldFlattenPairsInEveryPhaseAndOrphansOnHalt()
    {
        h = new TradingHarness(tmp.resolve("journal"), CONFIG);
        h.listToken(1, "ETH", "-0.0005", "0.0010");
        h.balances("10000");
        h.advance(SECOND);                                       // pair 1 ETH: open
        h.listToken(3, "XRP", "-0.0005", "0.0010");
        h.advance(SECOND);                                       // pair 2 XRP: open
        h.venues.rejectReduceOnlyUntil(Venue.BINANCE, h.now + 20 * SECOND);
        h.events.operator(h.now, OperatorAction.CLOSE_PAIR, 2);
        h.advance(SECOND);                                       // pair 2: closing, its binance leg stuck
        h.venues.mode(Venue.BYBIT, FakeVenues.Mode.SILENT, 1);
        h.listToken(2, "SOL", "-0.0010", "0.0020");
        h.advance(SECOND);                                       // pair 3 SOL: opening, its short leg unanswered
        h.venues.injectFill(h.now, 4242L << RiskStage.ORDER_BITS, id(1, Venue.BINANCE), Venue.BINANCE, true, FixedPoint.parse("0.2"));
        h.settle();                                              // an orphan, its unwind rejected too
        assertThat(h.risk().activePairs()).isEqualTo(3);
        assertThat(h.risk().orphanPositions()).isEqualTo(1);
        assertThat(h.risk().tradingState()).as(h.commands("RiskStateChange").toString()).isEqualTo(TradingState.ACTIVE);

        final long killAt = h.now;
        h.events.operator(h.now, OperatorAction.KILL, 0);
        h.run(40 * SECOND, SECOND);

        assertThat(h.risk().tradingState()).isEqualTo(TradingState.HALTED);
        assertThat(h.venuesFlat(id(1, Venue.BINANCE), id(1, Venue.BYBIT), id(2, Venue.BINANCE), id(2, Venue.BYBIT),
            id(3, Venue.BINANCE), id(3, Venue.BYBIT))).as("every venue position flat").isTrue();
        assertThat(h.risk().isFlat()).isTrue();
        assertThat(h.risk().activePairs()).isZero();
        assertThat(h.risk().orphanPositions()).isZero();
        assertThat(h.riskView.isFlat()).isTrue();
        assertThat(h.riskView.openPairs()).isZero();
        assertThat(h.commands("OrderCommand").stream().filter(o -> ts(o) >= killAt))
            .as("after the kill, only orders that reduce").isNotEmpty().allMatch(o -> o.contains("\"reduceOnly\":\"TRUE\""));
        h.closeAndVerify();
    }

    @Test
    void shouldJournalEveryExitWhenMorePairsHaltThanOneEventHasRoomFor()
    {
        h = new TradingHarness(tmp.resolve("journal"), CONFIG
            .replace("min_net_edge_bps: 1", "min_net_edge_bps: 1\n  top_n: 16")
            .replace("max_rejects_per_minute: 100", "max_rejects_per_minute: 100\n  max_open_pairs: 12\n"
                + "  max_notional_per_venue_usd: 100000\n  max_total_notional_usd: 100000"));
        h.balances("100000");
        for (int token = 1; token <= 12; token++)
        {
            h.listToken(token, "T" + token, "-0.0005", "0.0010");
            h.advance(SECOND);
        }
        assertThat(h.risk().activePairs()).isEqualTo(12);

        h.events.operator(h.now, OperatorAction.KILL, 0);
        h.advance(SECOND);
        h.advance(SECOND);

        assertThat(h.risk().activePairs()).isZero();
        assertThat(h.risk().isFlat()).isTrue();
        assertThat(pairEvents("CLOSING")).hasSize(12);
        assertThat(pairEvents("CLOSED")).hasSize(12);
        h.closeAndVerify();
    }

    @Test
    void shouldFlattenEverythingOnFlattenAndEnterAgainOnlyAfterResume()
    {
        openEthPair();
        h.events.operator(h.now, OperatorAction.FLATTEN, 0);
        h.advance(SECOND);
        assertThat(h.risk().tradingState()).isEqualTo(TradingState.REDUCING);
        assertThat(h.venuesFlat(id(1, Venue.BINANCE), id(1, Venue.BYBIT))).isTrue();
        assertThat(h.riskView.isFlat()).isTrue();
        assertThat(h.riskView.openPairs()).isZero();

        h.listToken(2, "SOL", "-0.0010", "0.0020");
        h.advance(SECOND);
        assertThat(h.venues.position(id(2, Venue.BINANCE))).as("no entry until resumed").isZero();
        assertThat(h.riskView.isFlat()).isTrue();

        h.events.operator(h.now, OperatorAction.RESUME, 0);
        h.advance(SECOND);
        assertThat(h.risk().tradingState()).isEqualTo(TradingState.ACTIVE);
        assertThat(h.venues.position(id(2, Venue.BINANCE))).as("entered after resume").isPositive();
        assertThat(h.riskView.isFlat()).isFalse();
        final RiskView.Snapshot view = new RiskView.Snapshot(64);
        assertThat(h.riskView.read(view)).isTrue();
        assertThat(view.exposureCount).isEqualTo(1);
        assertThat(view.exposureTokenId[0]).isEqualTo(2);
        assertThat(view.exposureNet[0]).as("hedged: net zero").isZero();
        assertThat(view.exposureGross[0]).isEqualTo(2 * h.venues.position(id(2, Venue.BINANCE)));
        assertThat(h.transitions()).containsExactly("ACTIVE>REDUCING", "REDUCING>ACTIVE");
        assertThat(h.commands("RiskStateChange")).anyMatch(c -> c.contains("operator flatten"));
        h.closeAndVerify();
    }
}
