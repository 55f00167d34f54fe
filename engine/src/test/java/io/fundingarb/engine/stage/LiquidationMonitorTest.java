package io.fundingarb.engine.stage;

import static io.fundingarb.engine.TradingHarness.SECOND;
import static io.fundingarb.engine.TradingHarness.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.MarginMode;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.engine.TradingHarness;
import io.fundingarb.engine.report.SessionReport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The margin and liquidation monitor through the real pipeline: a leg whose distance to liquidation
 * falls below {@code risk.min_liquidation_distance} closes its pair, both legs reduce-only, journaled
 * with its reason, and the session replays byte for byte.
 */
@Timeout(60)
class LiquidationMonitorTest
{
    private static final String CONFIG = """
        strategy:
          target_notional_usd: 1000
          min_net_edge_bps: 1
        risk:
          max_data_age: 1h
          settlement_guard: 0s
          stop_loss_bps: 0
          min_liquidation_distance: 0.15
        execution:
          timeout: 2s
          repair_backoff_initial: 1s
          repair_backoff_max: 30s
        """;
    private static final long STEP = SECOND / 4;

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

    private void openEthPair(final String yaml)
    {
        h = new TradingHarness(tmp.resolve("journal"), yaml);
        h.listToken(1, "ETH", "-0.0005", "0.0010"); // long Binance, short Bybit
        h.balances("10000");
        h.advance(SECOND);
        assertThat(h.risk().pairsOpened()).isEqualTo(1);
    }

    /**
     * ETH rises 10 %: our own estimate of the short leg (isolated 3x from 2000, about 20 % away) does
     * not trip the monitor, so the books settle first; then Bybit reports the short leg 8.3 % from its
     * liquidation price (mark 2200, liquidation 2383), which does. In this order the test does not race
     * the estimate against the venue's figures.
     */
    private void shortLegNearLiquidation()
    {
        final long shocked = FixedPoint.parse("2200");
        h.book(id(1, Venue.BINANCE), Venue.BINANCE, shocked);
        h.book(id(1, Venue.BYBIT), Venue.BYBIT, shocked);
        h.settle();
        assertThat(h.risk().liquidationRiskExits()).as("our estimate alone keeps the pair").isZero();
        final long qty = h.venues.position(id(1, Venue.BYBIT));
        h.now += SECOND / 100; // the venue answers after the fills
        h.events.position(h.now, id(1, Venue.BYBIT), Venue.BYBIT, qty, TradingHarness.MID, shocked,
            FixedPoint.parse("2383"), FixedPoint.parse("6"), 3, MarginMode.ISOLATED);
        h.settle();
    }

    @Test
    void shouldReduceBothLegsWhenALegComesWithinTheMinimumDistanceOfLiquidation()
    {
        openEthPair(CONFIG);
        assertThat(h.risk().liquidationDistance(1, false)).as("estimate at entry: isolated 3x").isGreaterThan(0.3);
        shortLegNearLiquidation();
        h.run(5 * SECOND, STEP);

        assertThat(h.risk().liquidationRiskExits()).isEqualTo(1);
        assertThat(h.commands("PairEvent")).anyMatch(e -> e.contains("\"kind\":\"CLOSING\"") && e.contains("min_liquidation_distance"));
        assertThat(h.commands("OrderCommand").stream().filter(o -> o.contains("\"reduceOnly\":\"TRUE\"")).toList())
            .as("both legs, reduce-only").hasSize(2);
        assertThat(h.venues.position(id(1, Venue.BINANCE))).as("hedged (the spread still pays: re-entered at the new price)")
            .isEqualTo(-h.venues.position(id(1, Venue.BYBIT)));
        assertThat(h.risk().tokenExposure(1)).isZero();
        assertThat(h.risk().pairsClosed()).isEqualTo(1);
        h.closeAndVerify();
    }

    @Test
    void shouldNameTheReductionAndEachLegsDistanceInTheSessionReport()
    {
        openEthPair(CONFIG);
        shortLegNearLiquidation();
        h.run(2 * SECOND, STEP);
        h.closeAndVerify();

        final List<String> report = SessionReport.of(h.journal).lines();
        assertThat(report).anyMatch(l -> l.startsWith("liquidation distance ") && l.contains("bybit:ETHUSDT 8.3% (closest 8.3%)"));
        assertThat(report).anyMatch(l -> l.startsWith("liquidation risk     #1 ETH long binance:ETHUSDT / short bybit:ETHUSDT: both legs reduced"));
    }

    @Test
    void shouldKeepThePairWhenTheMonitorIsOff()
    {
        openEthPair(CONFIG.replace("min_liquidation_distance: 0.15", "min_liquidation_distance: 0"));
        shortLegNearLiquidation();
        h.run(5 * SECOND, STEP);

        assertThat(h.risk().liquidationRiskExits()).isZero();
        assertThat(h.risk().activePairs()).isEqualTo(1);
        h.closeAndVerify();
    }

    @Test
    void shouldShowEachLegsDistanceInTheRiskView()
    {
        openEthPair(CONFIG.replace("min_liquidation_distance: 0.15", "min_liquidation_distance: 0"));
        shortLegNearLiquidation();
        h.advance(SECOND);
        final RiskView.Snapshot s = new RiskView.Snapshot(64);
        assertThat(h.riskView.read(s)).isTrue();
        assertThat(s.shortLiquidationDistance[0]).isCloseTo(183.0 / 2200, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(s.shortLiquidationPrice[0]).isEqualTo(FixedPoint.parse("2383"));
        assertThat(s.longLiquidationDistance[0]).isGreaterThan(0.3);
        h.closeAndVerify();
    }
}
