package io.fundingarb.engine.stage;

import static io.fundingarb.engine.TradingHarness.HALF_SPREAD;
import static io.fundingarb.engine.TradingHarness.MID;
import static io.fundingarb.engine.TradingHarness.SECOND;
import static io.fundingarb.engine.TradingHarness.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Asset;
import io.fundingarb.codecs.sbe.OperatorAction;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.engine.FakeVenues;
import io.fundingarb.engine.TradingHarness;
import io.fundingarb.engine.report.SessionReport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fees and quote assets through the real pipeline and journal: a venue's commission replacing an
 * estimate (fee-only reports), fees charged in BNB, and USDT and USDC kept apart by the daily loss
 * limit. Every scenario's journal must replay byte for byte, and the session report, computed from
 * the journal alone, must agree with the engine.
 */
@Timeout(60)
class AccountingTest
{
    private static final String CONFIG = """
        strategy:
          target_notional_usd: 1000
          min_net_edge_bps: 1
        risk:
          max_data_age: 1h
          settlement_guard: 0s
          stop_loss_bps: 0
          take_profit_bps: 0
          daily_loss_limit_usd: 100
          daily_loss_halt_usd: 200
          min_liquidation_distance: 0
        execution:
          timeout: 2s
        """;
    private static final long CORRECTION = FixedPoint.parse("0.123456789");

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
        h.listToken(1, "ETH", "-0.0005", "0.0010"); // long binance, short bybit
        h.balances("10000");
        h.advance(SECOND);
        assertThat(h.risk().pairsOpened()).isEqualTo(1);
    }

    private void closePair(final long pairId)
    {
        h.events.operator(h.now, OperatorAction.PAUSE, 0); // no new entry on the spread still there
        h.events.operator(h.now, OperatorAction.CLOSE_PAIR, pairId);
        h.advance(SECOND);
        assertThat(h.risk().activePairs()).isZero();
    }

    private FakeVenues.Fill lastBinanceFill()
    {
        final List<FakeVenues.Fill> fills = h.venues.fills().stream().filter(f -> f.instrumentId() == id(1, Venue.BINANCE)).toList();
        return fills.get(fills.size() - 1);
    }

    private SessionReport reportAgreesWithTheEngine()
    {
        h.closeAndVerify();
        final SessionReport report = SessionReport.of(h.journal);
        assertThat(report.realisedByQuote()).containsEntry("USDT", h.risk().realisedPnl(Quote.USDT));
        return report;
    }

    @Test
    void shouldBookAFeeCorrectionOnTheOpenPairOfItsOrder()
    {
        openEthPair();
        final long feesBefore = h.venues.fills().stream().mapToLong(FakeVenues.Fill::fee).sum();

        h.venues.correctFee(h.now, lastBinanceFill(), Venue.BINANCE, CORRECTION);
        h.advance(SECOND);
        final RiskView.Snapshot view = new RiskView.Snapshot(64);
        assertThat(h.riskView.read(view)).isTrue();
        assertThat(view.fees[0]).as("the pair's fees").isEqualTo(feesBefore + CORRECTION);
        assertThat(h.risk().feeCorrections()).isEqualTo(1);
        assertThat(h.risk().longQuantity(1)).as("no quantity").isEqualTo(h.venues.position(id(1, Venue.BINANCE)));

        closePair(1);
        assertThat(h.risk().realisedPnl()).isEqualTo(h.expectedRealised());
        assertThat(h.journaledRealised()).isEqualTo(h.expectedRealised());
        final SessionReport report = reportAgreesWithTheEngine();
        assertThat(report.feeCorrections).isEqualTo(1);
        assertThat(report.feesByQuote.get("USDT")).isEqualTo(h.venues.fills().stream().mapToLong(FakeVenues.Fill::fee).sum() + CORRECTION);
        assertThat(report.pairCashFromFills.get(1L)).isEqualTo(h.expectedRealised());
    }

    @Test
    void shouldRealiseAFeeCorrectionThatArrivesAfterItsPairClosed()
    {
        openEthPair();
        closePair(1);
        final long closed = h.risk().realisedPnl();
        final long working = h.execution().workingOrders();
        final long unknown = h.execution().unknownOrderReports();

        h.venues.correctFee(h.now, lastBinanceFill(), Venue.BINANCE, CORRECTION); // the closing order's commission
        h.advance(SECOND);

        assertThat(h.risk().realisedPnl()).isEqualTo(closed - CORRECTION).isEqualTo(h.expectedRealised());
        assertThat(h.execution().feeReports()).isEqualTo(1);
        assertThat(h.execution().workingOrders()).as("no order state changed").isEqualTo(working);
        assertThat(h.execution().unknownOrderReports()).isEqualTo(unknown);
        assertThat(h.commands("PairEvent")).anyMatch(e -> e.contains("\"kind\":\"ADJUSTED\"") && e.contains("\"pairId\":1,")
            && e.contains(Reason.FEE_CORRECTED.text()));
        final SessionReport report = reportAgreesWithTheEngine();
        assertThat(report.finished.get(0).realisedPnl()).as("booked on its pair").isEqualTo(h.expectedRealised());
    }

    @Test
    void shouldLeaveAWorkingOrderWorkingOnAFeeOnlyReport()
    {
        h = new TradingHarness(tmp.resolve("journal"), CONFIG);
        h.venues.mode(Venue.BINANCE, FakeVenues.Mode.SILENT, 1);
        h.listToken(1, "ETH", "-0.0005", "0.0010");
        h.balances("10000");
        h.advance(SECOND / 10);
        final FakeVenues.SilentOrder silent = h.venues.silentOrders().get(0);
        final int working = h.execution().workingOrders();

        h.venues.correctFee(h.now, new FakeVenues.Fill(silent.clientOrderId(), silent.instrumentId(), silent.buy(), silent.price(), 0, 0),
            Venue.BINANCE, CORRECTION);
        h.settle();

        assertThat(h.execution().workingOrders()).isEqualTo(working);
        assertThat(h.risk().activePairs()).isEqualTo(1);
        h.closeAndVerify();
    }

    @Test
    void shouldValueABnbFeeAtTheMarkOfTheBnbPerpetual()
    {
        h = new TradingHarness(tmp.resolve("journal"), CONFIG);
        h.listToken(3, "BNB", "0.0001", "0.0001"); // no spread: never traded, its mark (2000) values BNB
        h.venues.payFeesInBnb(Venue.BINANCE, MID);
        h.listToken(1, "ETH", "-0.0005", "0.0010");
        h.balances("10000");
        h.advance(SECOND);
        closePair(1);

        final long bnbCharged = h.venues.fills().stream().filter(f -> f.instrumentId() == id(1, Venue.BINANCE))
            .mapToLong(f -> FixedPoint.divide(f.fee(), MID)).sum();
        assertThat(h.risk().fees(Asset.BNB)).isPositive();
        assertThat(h.risk().unvaluedFees()).isZero();
        assertThat(h.risk().realisedPnl()).isEqualTo(h.expectedRealised());
        final SessionReport report = reportAgreesWithTheEngine();
        assertThat(report.feesByAsset).containsOnlyKeys("BNB", "USDT").containsEntry("BNB", h.risk().fees(Asset.BNB));
        assertThat(h.risk().fees(Asset.BNB)).isGreaterThanOrEqualTo(bnbCharged - 2); // the venue rounds the conversion down
        assertThat(String.join("\n", report.lines())).contains("fees in PnL").doesNotContain("not valued");
    }

    @Test
    void shouldKeepABnbFeeWithoutAMarkOutOfPnlAndSaySo()
    {
        h = new TradingHarness(tmp.resolve("journal"), CONFIG);
        h.venues.payFeesInBnb(Venue.BINANCE, MID); // no BNB perpetual: nothing values BNB
        h.listToken(1, "ETH", "-0.0005", "0.0010");
        h.balances("10000");
        h.advance(SECOND);
        closePair(1);

        final long binanceFees = h.venues.fills().stream().filter(f -> f.instrumentId() == id(1, Venue.BINANCE)).mapToLong(FakeVenues.Fill::fee).sum();
        assertThat(h.risk().unvaluedFees()).isEqualTo(2);
        assertThat(h.risk().realisedPnl()).as("BNB never taken as USDT").isEqualTo(h.expectedRealised() + binanceFees);
        final SessionReport report = reportAgreesWithTheEngine();
        assertThat(report.unvaluedFees).isEqualTo(2);
        assertThat(String.join("\n", report.lines())).contains("2 fees not valued, no mark for +0.000").contains(" BNB: left out of PnL");
    }

    @Test
    void shouldApplyTheDailyLossLimitToEachQuoteAssetApart()
    {
        h = new TradingHarness(tmp.resolve("journal"), CONFIG);
        h.listToken(1, "ETH", "-0.0005", "0.0010"); // USDT
        for (final Venue v : new Venue[] {Venue.BINANCE, Venue.BYBIT})
        {
            h.events.definition(h.now, id(2, v), 2, v, Quote.USDC, "SOLUSDC", "SOL");
            h.book(id(2, v), v, MID);
            h.events.ticker(h.now, id(2, v), v, FixedPoint.parse("100000000"));
        }
        h.funding(id(2, Venue.BINANCE), Venue.BINANCE, "-0.0004");
        h.funding(id(2, Venue.BYBIT), Venue.BYBIT, "0.0008");
        h.balances("10000");
        h.advance(SECOND);
        h.advance(SECOND);
        assertThat(h.risk().pairsOpened()).isEqualTo(2);

        // both long legs (binance) lose about 76 each: 152 at par, over the limit of 100; in each quote, under it
        h.book(id(1, Venue.BINANCE), Venue.BINANCE, MID - FixedPoint.parse("150"));
        h.book(id(2, Venue.BINANCE), Venue.BINANCE, MID - FixedPoint.parse("150"));
        h.advance(SECOND);
        assertThat(h.risk().tradingState()).as("USDT and USDC losses are not added").isEqualTo(TradingState.ACTIVE);

        h.book(id(1, Venue.BINANCE), Venue.BINANCE, MID - FixedPoint.parse("220") - HALF_SPREAD); // USDT alone: about 111
        h.advance(SECOND);
        assertThat(h.risk().tradingState()).isEqualTo(TradingState.REDUCING);
        assertThat(h.transitions()).containsExactly("ACTIVE>REDUCING");
        h.closeAndVerify();
    }
}
