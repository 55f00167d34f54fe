package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Asset;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.engine.stage.RiskView;
import org.junit.jupiter.api.Test;

class StatusFormatTest
{
    @Test
    void shouldShowEachQuoteAssetApartNeverASum()
    {
        final long[] byQuote = new long[8];
        byQuote[Quote.USDT.value()] = FixedPoint.parse("27.8");
        byQuote[Quote.USDC.value()] = FixedPoint.parse("-12.4");

        assertThat(StatusFormat.perQuote(byQuote)).isEqualTo("+27.80 USDT, -12.40 USDC");
    }

    @Test
    void shouldShowFeesPerAssetChargedAndSayWhatNoMarkValued()
    {
        final RiskView.Snapshot risk = new RiskView.Snapshot(4);
        risk.feesByAsset[Asset.USDT.value()] = FixedPoint.parse("3.1");
        risk.feesByAsset[Asset.BNB.value()] = FixedPoint.parse("0.0042");
        risk.feesByAsset[7] = FixedPoint.parse("1"); // a value the schema does not define: named, never an exception
        risk.unvaluedFees = 2;

        assertThat(StatusFormat.fees(risk)).isEqualTo("+3.10 USDT, +0.0042 BNB, +1 ? (2 not valued: no mark, not in PnL)");
    }
}
