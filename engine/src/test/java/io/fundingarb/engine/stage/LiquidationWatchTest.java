package io.fundingarb.engine.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fundingarb.codecs.FixedPoint;
import org.junit.jupiter.api.Test;

/** The engine's liquidation estimate and the distance to liquidation, long and short, isolated and cross. */
class LiquidationWatchTest
{
    private static final long ENTRY = FixedPoint.parse("2000");
    private static final long ONE = FixedPoint.parse("1");

    private static LiquidationWatch watch()
    {
        final LiquidationWatch w = new LiquidationWatch(4, 0.005, 3);
        w.define(0);
        return w;
    }

    @Test
    void shouldEstimateAnIsolatedLongAtEntryTimesOneMinusOneOverLeverageOverOneMinusRate()
    {
        assertThat(LiquidationWatch.estimate(1, 2000, 2000.0 / 3, 0.005)).isCloseTo(2000 * (2.0 / 3) / 0.995, within(1e-9));
    }

    @Test
    void shouldEstimateAnIsolatedShortAtEntryTimesOnePlusOneOverLeverageOverOnePlusRate()
    {
        assertThat(LiquidationWatch.estimate(-1, 2000, 2000.0 / 3, 0.005)).isCloseTo(2000 * (4.0 / 3) / 1.005, within(1e-9));
    }

    @Test
    void shouldEstimateACrossShortAgainstTheWholeWallet()
    {
        final LiquidationWatch w = watch();
        w.onSnapshot(0, 1, -ONE, FixedPoint.parse("2000"), FixedPoint.NULL, FixedPoint.NULL, 3, false, true); // cross, no figure
        final long liq = w.liquidationPrice(0, -ONE, ENTRY, FixedPoint.parse("1000"));
        assertThat(liq * 1e-9).isCloseTo(3000 / 1.005, within(1e-6));
    }

    @Test
    void shouldFindNoLiquidationForACrossLongWhoseWalletCoversItsValue()
    {
        final LiquidationWatch w = watch();
        w.onSnapshot(0, 1, ONE, FixedPoint.parse("2000"), FixedPoint.NULL, FixedPoint.NULL, 3, false, true);
        assertThat(w.liquidationPrice(0, ONE, ENTRY, FixedPoint.parse("5000"))).isZero();
        assertThat(w.distance(0, ONE, ENTRY, FixedPoint.parse("5000"))).isInfinite();
    }

    @Test
    void shouldMeasureTheDistanceOfALongFromTheMarkDownToItsLiquidationPrice()
    {
        final LiquidationWatch w = watch();
        w.onMark(0, FixedPoint.parse("1500"), 1);
        // isolated 3x: liquidation 1340.03; (1500 - 1340.03) / 1500
        assertThat(w.distance(0, ONE, ENTRY, FixedPoint.NULL)).isCloseTo((1500 - 2000 * (2.0 / 3) / 0.995) / 1500, within(1e-6));
    }

    @Test
    void shouldMeasureTheDistanceOfAShortFromTheMarkUpToItsLiquidationPrice()
    {
        final LiquidationWatch w = watch();
        w.onMark(0, FixedPoint.parse("2400"), 1);
        assertThat(w.distance(0, -ONE, ENTRY, FixedPoint.NULL)).isCloseTo((2000 * (4.0 / 3) / 1.005 - 2400) / 2400, within(1e-6));
    }

    @Test
    void shouldPreferTheVenuesLiquidationPriceUntilTheNextFill()
    {
        final LiquidationWatch w = watch();
        w.onSnapshot(0, 10, -ONE, FixedPoint.parse("2400"), FixedPoint.parse("2500"), FixedPoint.parse("12"), 3, true, true);
        assertThat(w.liquidationPrice(0, -ONE, ENTRY, FixedPoint.NULL)).isEqualTo(FixedPoint.parse("2500"));
        assertThat(w.maintenanceMargin(0, -ONE)).isEqualTo(FixedPoint.parse("12"));
        w.onFill(0, 11);
        assertThat(w.liquidationPrice(0, -ONE, ENTRY, FixedPoint.NULL) * 1e-9).isCloseTo(2000 * (4.0 / 3) / 1.005, within(1e-6));
    }

    @Test
    void shouldTakeTheNewerOfTheTouchMarkAndTheSnapshotMark()
    {
        final LiquidationWatch w = watch();
        w.onSnapshot(0, 10, -ONE, FixedPoint.parse("2400"), FixedPoint.parse("2500"), FixedPoint.NULL, 3, true, true);
        w.onMark(0, FixedPoint.parse("2100"), 12);
        assertThat(w.distance(0, -ONE, ENTRY, FixedPoint.NULL)).isCloseTo(400.0 / 2100, within(1e-9));
    }

    @Test
    void shouldGiveZeroOnceTheMarkHasPassedTheLiquidationPrice()
    {
        assertThat(LiquidationWatch.distance(true, FixedPoint.parse("1300"), FixedPoint.parse("1340"))).isZero();
    }
}
