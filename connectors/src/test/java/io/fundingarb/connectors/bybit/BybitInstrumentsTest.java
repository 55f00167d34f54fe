package io.fundingarb.connectors.bybit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.connectors.parse.Recordings;
import io.fundingarb.connectors.recording.FeedRecording;
import org.junit.jupiter.api.Test;

class BybitInstrumentsTest
{
    private static BybitInstruments.Page recordedPage()
    {
        final FeedRecording.Record body = Recordings.read(Recordings.BYBIT).stream()
            .filter(r -> r.kind() == FeedRecording.Kind.HTTP && r.url().contains("category=linear")).findFirst().orElseThrow();
        return BybitInstruments.parseInstrumentsInfo(body.text());
    }

    @Test
    void shouldListTheTradableLinearPerpetuals()
    {
        final BybitInstruments.Page page = recordedPage();

        assertThat(page.category()).isEqualTo("linear");
        assertThat(page.instruments()).hasSize(800);
        assertThat(page.instruments().stream().filter(BybitInstrument::isTradablePerpetual).count()).isEqualTo(760);
        assertThat(page.nextPageCursor()).isEmpty();
    }

    @Test
    void shouldReadFiltersAndTheFundingIntervalInMinutes()
    {
        final BybitInstrument btc = recordedPage().instruments().stream().filter(i -> i.symbol().equals("BTCUSDT")).findFirst().orElseThrow();

        assertThat(btc.baseCoin()).isEqualTo("BTC");
        assertThat(btc.quoteCoin()).isEqualTo("USDT");
        assertThat(btc.tickSize()).isEqualTo(FixedPoint.parse("0.10"));
        assertThat(btc.qtyStep()).isEqualTo(FixedPoint.parse("0.001"));
        assertThat(btc.minOrderQty()).isEqualTo(FixedPoint.parse("0.001"));
        assertThat(btc.minNotionalValue()).isEqualTo(FixedPoint.parse("5"));
        assertThat(btc.fundingIntervalMinutes()).isEqualTo(480);
        assertThat(btc.fundingIntervalS()).isEqualTo(8 * 3600);
    }

    @Test
    void shouldRejectAnErrorResponse()
    {
        assertThatThrownBy(() -> BybitInstruments.parseInstrumentsInfo("{\"retCode\":10001,\"retMsg\":\"params error\",\"result\":{}}"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("10001");
    }
}
