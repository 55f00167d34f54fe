package io.fundingarb.engine.stage;

import static io.fundingarb.engine.TradingHarness.HOUR;
import static io.fundingarb.engine.TradingHarness.MID;
import static io.fundingarb.engine.TradingHarness.SECOND;
import static io.fundingarb.engine.TradingHarness.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.OperatorAction;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.engine.FakeVenues;
import io.fundingarb.engine.TradingHarness;
import io.fundingarb.engine.report.SessionReport;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * RiskStage and ExecutionStage end to end, through the real pipeline and journal, against venues
 * that answer orders: entry, funding, exit, failures, the circuit breaker. Every scenario's journal
 * must replay byte for byte.
 */
@Timeout(60)
class TradingLifecycleTest
{
    private static final String CONFIG = """
        strategy:
          target_notional_usd: 1000
          min_net_edge_bps: 1
        risk:
          max_data_age: 1h
          settlement_guard: 0s
          stop_loss_bps: 0
          daily_loss_limit_usd: 100
          daily_loss_halt_usd: 200
          min_liquidation_distance: 0
        execution:
          timeout: 2s
        """;

    @TempDir
    Path tmp;

    private TradingHarness h;

    private TradingHarness harness(final String extra)
    {
        h = new TradingHarness(tmp.resolve("journal"), CONFIG + extra);
        return h;
    }

    @AfterEach
    void close()
    {
        if (h != null)
        {
            h.close();
        }
    }

    private long openEthPair()
    {
        h.listToken(1, "ETH", "-0.0005", "0.0010");
        h.balances("10000");
        h.advance(SECOND);
        assertThat(h.risk().pairsOpened()).as("pair opened").isEqualTo(1);
        final long q = h.venues.position(id(1, Venue.BINANCE));
        assertThat(q).isPositive();
        assertThat(h.venues.position(id(1, Venue.BYBIT))).as("equal base quantity, short").isEqualTo(-q);
        return q;
    }

    @Test
    void shouldOpenCollectFundingExitAndRealiseExactlyFundingMinusFeesMinusSlippage()
    {
        harness("");
        final long q = openEthPair();
        assertThat(q).isEqualTo(FixedPoint.parse("0.499")); // 1000 / 2000.05 rounded down to the 0.001 lot

        h.now += HOUR;
        final long f1 = h.venues.settle(h.now, id(1, Venue.BINANCE), Venue.BINANCE, FixedPoint.parse("-0.0005"), MID);
        final long f2 = h.venues.settle(h.now, id(1, Venue.BYBIT), Venue.BYBIT, FixedPoint.parse("0.0010"), MID);
        h.settle();
        assertThat(f1).isEqualTo(FixedPoint.parse("0.499")); // 0.499 * 2000 * 0.0005
        assertThat(f2).isEqualTo(FixedPoint.parse("0.998"));

        h.funding(id(1, Venue.BYBIT), Venue.BYBIT, "-0.0005"); // the spread collapses
        h.advance(SECOND);

        assertThat(h.risk().pairsClosed()).isEqualTo(1);
        assertThat(h.risk().activePairs()).isZero();
        assertThat(h.venues.position(id(1, Venue.BINANCE))).isZero();
        assertThat(h.venues.position(id(1, Venue.BYBIT))).isZero();
        // funding 1.497; fees 4 × ~0.5 (taker on 998 notional a fill); slippage: 4 half-spreads of 0.05 on 0.499
        final long expected = h.expectedRealised();
        final long slippage = 4 * FixedPoint.multiply(TradingHarness.HALF_SPREAD, q);
        final long fees = h.venues.fills().stream().mapToLong(FakeVenues.Fill::fee).sum();
        assertThat(expected).isEqualTo(f1 + f2 - fees - slippage);
        assertThat(h.journaledRealised()).isEqualTo(expected);
        assertThat(h.risk().realisedPnl()).isEqualTo(expected);
        assertThat(h.commands("PairEvent")).anyMatch(e -> e.contains("\"kind\":\"CLOSED\"") && e.contains("funding spread below exit threshold"));
        h.closeAndVerify();
        assertThat(SessionReport.of(h.journal).lines()).as("held from the entry's fill to the close, an hour and a second of event time")
            .contains("holding time         median 1h 0m, shortest 1h 0m, longest 1h 0m (1 closed pairs, event time)");
    }

    @Test
    void shouldExitWhenTheExpectedFundingNoLongerCoversTheExitCosts()
    {
        harness("");
        openEthPair();

        // the spread narrows to 3 bps a day, above exit_spread_per_day (2), but 24 h of decayed funding
        // (0.0001 × 2.44 = 2.4 bps) no longer pays the exit's fees and half-spreads (~10.5 bps)
        h.funding(id(1, Venue.BYBIT), Venue.BYBIT, "-0.0004");
        h.advance(SECOND);

        assertThat(h.risk().pairsClosed()).isEqualTo(1);
        assertThat(h.venuesFlat(id(1, Venue.BINANCE), id(1, Venue.BYBIT))).isTrue();
        assertThat(h.commands("PairEvent")).anyMatch(e -> e.contains("\"kind\":\"CLOSED\"") && e.contains("no longer covers the exit costs"));
        h.closeAndVerify();
    }

    @Test
    void shouldEnterALowerRankedTokenWhenEveryTopRankedOneIsAlreadyHeld()
    {
        h = new TradingHarness(tmp.resolve("journal"), CONFIG.replace("min_net_edge_bps: 1", "min_net_edge_bps: 1\n  top_n: 1"));
        openEthPair(); // ETH ranks first and is held
        h.listToken(2, "SOL", "-0.0002", "0.0008"); // ranks below ETH
        h.advance(SECOND);

        assertThat(h.risk().pairsOpened()).as("SOL entered although ETH, held, is the whole top 1").isEqualTo(2);
        assertThat(h.venues.position(id(2, Venue.BINANCE))).isPositive();
        h.closeAndVerify();
    }

    @Test
    void shouldLeaveWhenTheBasisTheExitWouldRealiseEatsTheExpectedFunding()
    {
        h = new TradingHarness(tmp.resolve("journal"), CONFIG.replace("min_net_edge_bps: 1", "min_net_edge_bps: 1\n  basis_capture: 1"));
        openEthPair();
        // 24 h of decayed funding: 0.0015 × 2.44 = 36.6 bps; exit costs ~10.5 bps
        h.book(id(1, Venue.BYBIT), Venue.BYBIT, MID - FixedPoint.parse("4")); // short 20 bps under the long: 16.6 bps left
        h.advance(SECOND);
        assertThat(h.risk().activePairs()).as("still worth holding").isEqualTo(1);

        h.book(id(1, Venue.BYBIT), Venue.BYBIT, MID - FixedPoint.parse("6")); // 30 bps under: 6.6 bps left
        h.advance(SECOND);

        assertThat(h.risk().pairsClosed()).isEqualTo(1);
        assertThat(h.commands("PairEvent")).anyMatch(e -> e.contains("\"kind\":\"CLOSED\"") && e.contains("no longer covers the exit costs"));
        h.closeAndVerify();
    }

    /** ETH open, its 1 h settlement passed and the spread collapsed at once, the payments not yet in. */
    private void collapseRightAfterASettlement()
    {
        harness("");
        openEthPair();
        h.now = TradingHarness.T0 + HOUR + SECOND;
        h.funding(id(1, Venue.BYBIT), Venue.BYBIT, "-0.0005");
        h.advance(SECOND);
    }

    @Test
    void shouldWaitForASettlementsPaymentBeforeLeavingOnTheSpread()
    {
        collapseRightAfterASettlement();
        assertThat(h.risk().activePairs()).as("held until the settlement it was in is paid").isEqualTo(1);

        final long f1 = h.venues.settle(TradingHarness.T0 + HOUR, id(1, Venue.BINANCE), Venue.BINANCE, FixedPoint.parse("-0.0005"), MID);
        final long f2 = h.venues.settle(TradingHarness.T0 + HOUR, id(1, Venue.BYBIT), Venue.BYBIT, FixedPoint.parse("0.0010"), MID);
        h.advance(SECOND);

        assertThat(h.risk().pairsClosed()).isEqualTo(1);
        assertThat(h.commands("PairEvent")).anyMatch(e -> e.contains("\"kind\":\"CLOSED\"")
            && e.contains("\"funding\":" + FixedPoint.toString(f1 + f2) + ","));
        h.closeAndVerify();
    }

    @Test
    void shouldLeaveWithoutAPaymentThatDoesNotComeWithinThePaymentWait()
    {
        collapseRightAfterASettlement();
        h.advance(4 * 60 * SECOND);
        assertThat(h.risk().activePairs()).isEqualTo(1);

        h.advance(60 * SECOND); // payment_wait: 5 min from the settlement

        assertThat(h.risk().pairsClosed()).isEqualTo(1);
        assertThat(h.venuesFlat(id(1, Venue.BINANCE), id(1, Venue.BYBIT))).isTrue();
        h.closeAndVerify();
    }

    @Test
    void shouldUnwindTheFilledLegWhenTheOtherIsRejected()
    {
        harness("");
        h.venues.mode(Venue.BYBIT, FakeVenues.Mode.REJECT, 1_000); // bybit rejects every order
        h.listToken(1, "ETH", "-0.0005", "0.0010");
        h.balances("10000");
        for (int i = 0; i < 5; i++)
        {
            h.advance(3 * SECOND);
        }

        assertThat(h.venues.position(id(1, Venue.BINANCE))).as("no residual position").isZero();
        assertThat(h.venues.position(id(1, Venue.BYBIT))).isZero();
        assertThat(h.risk().pairsFailed()).as("entries retried until the breaker stops them").isEqualTo(3);
        assertThat(h.risk().tradingState()).isEqualTo(TradingState.REDUCING);
        assertThat(h.commands("RiskStateChange")).anyMatch(c -> c.contains("too many consecutive failed entries"));
        assertThat(h.commands("ExecutionReport")).isEmpty(); // reports are inbound events, not commands
        assertThat(h.commands("OrderCommand")).anyMatch(o -> o.contains("\"reduceOnly\":\"TRUE\"") && o.contains("\"side\":\"SELL\""));
        assertThat(h.commands("PairEvent")).anyMatch(e -> e.contains("\"kind\":\"FAILED\""));
        h.closeAndVerify();
    }

    @Test
    void shouldRebalanceAPartialFill()
    {
        harness("");
        h.venues.mode(Venue.BYBIT, FakeVenues.Mode.HALF, 2); // the entry and its retry fill half
        h.listToken(1, "ETH", "-0.0005", "0.0010");
        h.balances("10000");
        h.advance(SECOND);
        h.advance(3 * SECOND);
        h.advance(3 * SECOND);

        final long longQty = h.venues.position(id(1, Venue.BINANCE));
        assertThat(longQty).isPositive().isLessThan(FixedPoint.parse("0.499"));
        assertThat(h.venues.position(id(1, Venue.BYBIT))).as("legs equal after rebalancing").isEqualTo(-longQty);
        assertThat(h.risk().pairsOpened()).isEqualTo(1);
        h.closeAndVerify();
    }

    @Test
    void shouldCancelRetryThenUnwindWhenALegNeverAnswers()
    {
        harness("");
        h.venues.mode(Venue.BYBIT, FakeVenues.Mode.SILENT, 1_000); // bybit never answers
        h.listToken(1, "ETH", "-0.0005", "0.0010");
        h.balances("10000");
        h.advance(SECOND);
        assertThat(h.venues.position(id(1, Venue.BINANCE))).isPositive();
        for (int i = 0; i < 20; i++)
        {
            h.advance(3 * SECOND); // deadline: cancel; grace: retry; deadline: cancel; grace: unwind; then again
        }

        assertThat(h.commands("OrderCommand")).as("entry, retry and a reduce-only unwind, three times")
            .filteredOn(o -> o.contains("\"reduceOnly\":\"TRUE\"")).hasSize(3);
        assertThat(h.commands("CancelCommand")).hasSize(6);
        assertThat(h.venues.position(id(1, Venue.BINANCE))).isZero();
        assertThat(h.risk().pairsFailed()).isEqualTo(3);
        assertThat(h.risk().tradingState()).isEqualTo(TradingState.REDUCING);
        h.closeAndVerify();
    }

    @Test
    void shouldReduceThenHaltAndFlattenOnDailyLoss()
    {
        harness("");
        openEthPair();

        h.book(id(1, Venue.BINANCE), Venue.BINANCE, MID - FixedPoint.parse("250")); // long leg -125 USD
        h.advance(SECOND);
        assertThat(h.risk().tradingState()).isEqualTo(TradingState.REDUCING);

        h.book(id(1, Venue.BINANCE), Venue.BINANCE, MID - FixedPoint.parse("500")); // -250 USD
        h.advance(SECOND);
        h.advance(SECOND);

        assertThat(h.risk().tradingState()).isEqualTo(TradingState.HALTED);
        assertThat(h.transitions()).containsExactly("ACTIVE>REDUCING", "REDUCING>HALTED");
        assertThat(h.venues.position(id(1, Venue.BINANCE))).as("flattened").isZero();
        assertThat(h.venues.position(id(1, Venue.BYBIT))).isZero();
        assertThat(h.commands("RiskStateChange")).anyMatch(c -> c.contains("daily loss halt reached"));
        h.closeAndVerify();
    }

    @Test
    void shouldFlattenEverythingAndStopOnTheKillSwitch()
    {
        harness("");
        openEthPair();

        h.events.operator(h.now, OperatorAction.KILL, 0);
        h.advance(SECOND);
        h.listToken(2, "SOL", "-0.0010", "0.0020"); // a better opportunity appears
        h.advance(SECOND);

        assertThat(h.risk().tradingState()).isEqualTo(TradingState.HALTED);
        assertThat(h.venues.position(id(1, Venue.BINANCE))).isZero();
        assertThat(h.venues.position(id(1, Venue.BYBIT))).isZero();
        assertThat(h.venues.position(id(2, Venue.BINANCE))).as("no entry while halted").isZero();
        assertThat(h.transitions()).containsExactly("ACTIVE>HALTED");
        h.closeAndVerify();
    }

    @Test
    void shouldCloseOnePairOnOperatorRequestAndPauseAndResumeEntries()
    {
        harness("");
        openEthPair();

        h.events.operator(h.now, OperatorAction.CLOSE_PAIR, 1);
        h.advance(SECOND);
        assertThat(h.risk().pairsClosed()).isEqualTo(1);
        assertThat(h.commands("PairEvent")).anyMatch(e -> e.contains("\"kind\":\"CLOSED\"") && e.contains("operator closed the pair"));

        h.events.operator(h.now, OperatorAction.PAUSE, 0);
        h.advance(SECOND);
        h.listToken(2, "SOL", "-0.0010", "0.0020");
        h.advance(SECOND);
        assertThat(h.risk().tradingState()).isEqualTo(TradingState.PAUSED);
        assertThat(h.venues.position(id(2, Venue.BINANCE))).as("no entry while paused").isZero();

        h.events.operator(h.now, OperatorAction.RESUME, 0);
        h.advance(SECOND);
        assertThat(h.risk().tradingState()).isEqualTo(TradingState.ACTIVE);
        assertThat(h.venues.position(id(2, Venue.BINANCE))).as("entered after resume").isPositive();
        assertThat(h.transitions()).containsExactly("ACTIVE>PAUSED", "PAUSED>ACTIVE");
        h.closeAndVerify();
    }

    @Test
    void shouldEnterTheNextOpportunityWhenTheBestLacksBalance()
    {
        harness("");
        h.listToken(1, "ETH", Venue.OKX, "-0.0020", Venue.BYBIT, "0.0020"); // the best, needs OKX
        h.listToken(2, "SOL", Venue.BINANCE, "-0.0005", Venue.BYBIT, "0.0010");
        h.venues.balance(h.now, Venue.OKX, FixedPoint.parse("10"));
        h.venues.balance(h.now, Venue.BINANCE, FixedPoint.parse("10000"));
        h.venues.balance(h.now, Venue.BYBIT, FixedPoint.parse("10000"));
        h.settle();
        h.advance(SECOND);

        assertThat(h.venues.position(id(1, Venue.OKX))).isZero();
        assertThat(h.venues.position(id(2, Venue.BINANCE))).isPositive();
        assertThat(h.venues.position(id(2, Venue.BYBIT))).isNegative();
        h.closeAndVerify();
    }

    /** SOL quoted in USDC on binance and bybit (instrument ids as the harness numbers them). */
    private void listUsdcToken(final int token)
    {
        for (final Venue v : new Venue[] {Venue.BINANCE, Venue.BYBIT})
        {
            h.events.definition(h.now, id(token, v), token, v, Quote.USDC, "SOLUSDC", "SOL");
            h.book(id(token, v), v, MID);
            h.events.ticker(h.now, id(token, v), v, FixedPoint.parse("100000000"));
        }
        h.funding(id(token, Venue.BINANCE), Venue.BINANCE, "-0.0004");
        h.funding(id(token, Venue.BYBIT), Venue.BYBIT, "0.0008");
        h.settle();
    }

    @Test
    void shouldKeepUsdtAndUsdcApartInTheTotalsAndTheSessionReport()
    {
        harness("");
        h.listToken(1, "ETH", "-0.0005", "0.0010"); // USDT
        listUsdcToken(2);
        h.balances("10000");
        h.advance(SECOND);
        h.advance(SECOND);
        assertThat(h.risk().pairsOpened()).isEqualTo(2);

        h.now += HOUR;
        final long usdtFunding = h.venues.settle(h.now, id(1, Venue.BYBIT), Venue.BYBIT, FixedPoint.parse("0.0010"), MID);
        final long usdcFunding = h.venues.settle(h.now, id(2, Venue.BYBIT), Venue.BYBIT, FixedPoint.parse("0.0008"), MID);
        h.events.operator(h.now, OperatorAction.CLOSE_PAIR, 1);
        h.events.operator(h.now, OperatorAction.CLOSE_PAIR, 2);
        h.advance(SECOND);
        assertThat(h.risk().pairsClosed()).isEqualTo(2);
        final long usdtRealised = h.risk().realisedPnl(Quote.USDT);
        final long usdcRealised = h.risk().realisedPnl(Quote.USDC);
        assertThat(usdtRealised + usdcRealised).isEqualTo(h.risk().realisedPnl());
        h.closeAndVerify();

        final SessionReport report = SessionReport.of(h.journal);
        assertThat(report.fundingByQuote).containsEntry("USDT", usdtFunding).containsEntry("USDC", usdcFunding);
        assertThat(report.feesByQuote).containsOnlyKeys("USDC", "USDT");
        assertThat(report.realisedByQuote()).containsEntry("USDT", usdtRealised).containsEntry("USDC", usdcRealised);
        assertThat(report.lines()).contains(
            "funding collected    " + SessionReport.amount(usdcFunding, "USDC") + ", " + SessionReport.amount(usdtFunding, "USDT") + " (2 payments)",
            "net PnL (realised)   " + SessionReport.amount(usdcRealised, "USDC") + ", " + SessionReport.amount(usdtRealised, "USDT"));
        assertThat(String.join("\n", report.lines())).doesNotContain(" USD ").doesNotContain(" USD\n").doesNotEndWith(" USD");
    }
}
