package io.fundingarb.connectors.hyperliquid;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import org.junit.jupiter.api.Test;

/** Prices to 5 significant figures and 6 - szDecimals decimals, sizes to szDecimals, as the venue's "Tick and lot size" page says. */
class HyperliquidWireTest
{
    @Test
    void shouldRoundABuyPriceDownToFiveSignificantFigures()
    {
        assertThat(wirePrice("1670.16", 4, true)).isEqualTo("1670.1");
    }

    @Test
    void shouldRoundASellPriceUpToFiveSignificantFigures()
    {
        assertThat(wirePrice("1670.11", 4, false)).isEqualTo("1670.2");
    }

    @Test
    void shouldKeepAnIntegerPriceWhateverItsFigures()
    {
        assertThat(wirePrice("123456", 5, true)).isEqualTo("123456");
        assertThat(wirePrice("123456.7", 5, true)).isEqualTo("123456");
    }

    @Test
    void shouldLimitDecimalsToSixMinusSzDecimals()
    {
        // 0.012345 has 5 figures but an asset of szDecimals 2 allows 4 decimals
        assertThat(wirePrice("0.012345", 2, true)).isEqualTo("0.0123");
        assertThat(wirePrice("0.012345", 0, true)).isEqualTo("0.012345");
    }

    @Test
    void shouldWritePricesWithoutTrailingZeros()
    {
        assertThat(wirePrice("100.000", 1, true)).isEqualTo("100");
        assertThat(wirePrice("9.99995", 0, false)).isEqualTo("10");
    }

    @Test
    void shouldRoundSizesDownToSzDecimals()
    {
        assertThat(HyperliquidWire.text(HyperliquidWire.size(FixedPoint.parse("0.01479"), 4))).isEqualTo("0.0147");
        assertThat(HyperliquidWire.text(HyperliquidWire.size(FixedPoint.parse("12.9"), 0))).isEqualTo("12");
    }

    @Test
    void shouldGiveZeroForASizeBelowOneLot()
    {
        assertThat(HyperliquidWire.size(FixedPoint.parse("0.00009"), 4)).isZero();
    }

    @Test
    void shouldGiveZeroForANonPositivePrice()
    {
        assertThat(HyperliquidWire.price(0, 2, true)).isZero();
        assertThat(HyperliquidWire.price(FixedPoint.NULL, 2, true)).isZero();
    }

    private static String wirePrice(final String price, final int szDecimals, final boolean isBuy)
    {
        return HyperliquidWire.text(HyperliquidWire.price(FixedPoint.parse(price), szDecimals, isBuy));
    }
}
