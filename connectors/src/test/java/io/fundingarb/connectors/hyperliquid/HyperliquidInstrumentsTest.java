package io.fundingarb.connectors.hyperliquid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.connectors.gateway.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class HyperliquidInstrumentsTest
{
    private static List<HyperliquidInstrument> documented()
    {
        return HyperliquidInstruments.parseMetaAndAssetCtxs(Fixtures.text("hyperliquid/market-data/meta-and-asset-ctxs.json"));
    }

    private static List<HyperliquidInstrument> derived()
    {
        return HyperliquidInstruments.parseMetaAndAssetCtxs(Fixtures.text("hyperliquid/market-data/meta-delisted-and-k.json"));
    }

    @Test
    void shouldNumberTheAssetsByTheirPositionInTheUniverse()
    {
        final List<HyperliquidInstrument> instruments = documented();

        assertThat(instruments).extracting(HyperliquidInstrument::coin).containsExactly("BTC", "ETH", "HPOS");
        assertThat(instruments).extracting(HyperliquidInstrument::assetIndex).containsExactly(0, 1, 2);
    }

    @Test
    void shouldReadTheUniverseAndTheContextAtTheSamePosition()
    {
        final HyperliquidInstrument eth = documented().get(1);

        assertThat(eth.szDecimals()).isEqualTo(4);
        assertThat(eth.maxLeverage()).isEqualTo(50);
        assertThat(eth.onlyIsolated()).isFalse();
        assertThat(eth.funding()).isEqualTo(FixedPoint.parse("0.0000125"));
        assertThat(eth.markPx()).isEqualTo(FixedPoint.parse("6.0436"));
        assertThat(eth.dayNtlVlm()).isEqualTo(FixedPoint.parse("1426126.295175"));
    }

    @Test
    void shouldReadOnlyIsolated()
    {
        assertThat(documented().get(2).onlyIsolated()).isTrue();
    }

    @Test
    void shouldNotTradeADelistedAsset()
    {
        final HyperliquidInstrument loom = derived().get(1);

        assertThat(loom.delisted()).isTrue();
        assertThat(loom.isTradable()).isFalse();
    }

    @Test
    void shouldSetTheLotToTheSizeDecimals()
    {
        assertThat(documented().get(0).lotSize()).isEqualTo(FixedPoint.parse("0.00001"));
        assertThat(documented().get(2).lotSize()).isEqualTo(FixedPoint.parse("1"));
    }

    @Test
    void shouldTakeTheFifthSignificantFigureOfTheMarkAsTheTick()
    {
        // HPOS of the documented example: mark 8.4542, szDecimals 0 (up to 6 decimals): five figures → 0.0001
        assertThat(documented().get(2).tickSize()).isEqualTo(FixedPoint.parse("0.0001"));
    }

    @Test
    void shouldKeepTheTickWithinTheDecimalsTheSizeDecimalsLeave()
    {
        // BTC of the documented example: mark 14.3161 would take 0.001, but szDecimals 5 allows one decimal only
        assertThat(documented().get(0).tickSize()).isEqualTo(FixedPoint.parse("0.1"));
        // ETH: mark 6.0436 would take 0.0001, szDecimals 4 allows two
        assertThat(documented().get(1).tickSize()).isEqualTo(FixedPoint.parse("0.01"));
    }

    @Test
    void shouldTakeWholeNumbersAsTheTickOfALargePrice()
    {
        // BTC at 105,055: five figures would be 10, but every integer price is valid
        assertThat(derived().get(0).tickSize()).isEqualTo(FixedPoint.parse("1"));
    }

    @Test
    void shouldCarryTheThousandOfAKPrefixedName()
    {
        final HyperliquidInstrument kPepe = derived().get(2);

        assertThat(kPepe.coin()).isEqualTo("kPEPE");
        assertThat(kPepe.multiplier()).isEqualTo(1000L);
        assertThat(kPepe.baseToken()).isEqualTo("PEPE");
        assertThat(kPepe.tickSize()).isEqualTo(FixedPoint.parse("0.000001"));
    }

    @Test
    void shouldCarryAMultiplierOfOneForAPlainName()
    {
        final HyperliquidInstrument btc = derived().get(0);

        assertThat(btc.multiplier()).isEqualTo(1L);
        assertThat(btc.baseToken()).isEqualTo("BTC");
    }

    @Test
    void shouldRejectContextsThatDoNotMatchTheUniverse()
    {
        assertThatThrownBy(() -> HyperliquidInstruments.parseMetaAndAssetCtxs("[{\"universe\":[{\"name\":\"BTC\",\"szDecimals\":5,\"maxLeverage\":50}]},[]]"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("1 assets but 0");
    }

    @Test
    void shouldRejectABodyThatIsNotMetaAndContexts()
    {
        assertThatThrownBy(() -> HyperliquidInstruments.parseMetaAndAssetCtxs("{\"universe\":[]}"))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
