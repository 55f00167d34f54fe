package io.fundingarb.connectors.kraken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.connectors.gateway.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KrakenInstrumentsTest
{
    private static List<KrakenInstrument> documented()
    {
        return KrakenInstruments.parseInstruments(Fixtures.text("kraken/instruments.json"));
    }

    /** The documented ticker object in the {@code GET /tickers} list it comes in. */
    static String documentedTickers()
    {
        final String body = Fixtures.text("kraken/ticker-by-symbol.json");
        final int start = body.indexOf("\"ticker\":") + "\"ticker\":".length();
        final int end = body.indexOf('}', start) + 1;
        return "{\"result\":\"success\",\"tickers\":[" + body.substring(start, end) + "]}";
    }

    @Test
    void shouldKeepOnlyTheLinearPerpetualOfTheDocumentedInstruments()
    {
        assertThat(documented()).extracting(KrakenInstrument::symbol).containsExactly("PF_XBTUSD");
    }

    @Test
    void shouldReadTickContractSizeAndPrecision()
    {
        final KrakenInstrument xbt = documented().get(0);

        assertThat(xbt.tickSize()).isEqualTo(FixedPoint.parse("0.5"));
        assertThat(xbt.contractSize()).isEqualTo(FixedPoint.parse("1"));
        assertThat(xbt.sizePrecision()).isZero();
        assertThat(xbt.lotSize()).isEqualTo(FixedPoint.parse("1"));
        assertThat(xbt.tradeable()).isTrue();
        assertThat(xbt.volumeQuote24h()).isEqualTo(FixedPoint.NULL);
    }

    @Test
    void shouldNameXbtAsBitcoinQuotedInUsd()
    {
        final KrakenInstrument xbt = documented().get(0);

        assertThat(xbt.venueBase()).isEqualTo("XBT");
        assertThat(xbt.baseToken()).isEqualTo("BTC");
        assertThat(KrakenInstrument.QUOTE).isEqualTo("USD");
    }

    @Test
    void shouldKeepOtherBasesAsTheVenueNamesThem()
    {
        final KrakenInstrument eth = new KrakenInstrument("PF_ETHUSD", FixedPoint.parse("0.1"), FixedPoint.SCALE, 3, true, FixedPoint.NULL);

        assertThat(eth.baseToken()).isEqualTo("ETH");
        assertThat(eth.lotSize()).isEqualTo(FixedPoint.parse("0.001"));
    }

    @Test
    void shouldTakeANegativePrecisionAsACoarserLot()
    {
        final KrakenInstrument shib = new KrakenInstrument("PF_SHIBUSD", FixedPoint.parse("0.000000001"), FixedPoint.SCALE, -3, true, FixedPoint.NULL);

        assertThat(shib.lotSize()).isEqualTo(FixedPoint.parse("1000"));
    }

    @Test
    void shouldLeaveOutInverseAndUntradeableContracts()
    {
        final String body = "{\"instruments\":["
            + "{\"symbol\":\"PI_XBTUSD\",\"tickSize\":0.5,\"contractSize\":1,\"tradeable\":true,\"contractValueTradePrecision\":0},"
            + "{\"symbol\":\"PF_OLDUSD\",\"tickSize\":0.01,\"contractSize\":1,\"tradeable\":false,\"contractValueTradePrecision\":1},"
            + "{\"symbol\":\"PF_ETHUSD\",\"tickSize\":0.1,\"contractSize\":1,\"tradeable\":true,\"contractValueTradePrecision\":3}]}";

        assertThat(KrakenInstruments.parseInstruments(body)).extracting(KrakenInstrument::symbol).containsExactly("PF_ETHUSD");
    }

    @Test
    void shouldReadTheQuoteVolumeOfTheDocumentedTickerByUpperCaseSymbol()
    {
        final Map<String, Long> volumes = KrakenInstruments.parseTickerVolumes(documentedTickers());

        assertThat(volumes).containsExactly(Map.entry("PI_XBTUSD", FixedPoint.parse("40351.34")));
    }

    @Test
    void shouldMergeTickerVolumesIntoTheInstruments()
    {
        final List<KrakenInstrument> merged = KrakenInstruments.withVolumes(documented(), Map.of("PF_XBTUSD", FixedPoint.parse("123.5")));

        assertThat(merged.get(0).volumeQuote24h()).isEqualTo(FixedPoint.parse("123.5"));
    }

    @Test
    void shouldRefuseAnErrorAnswer()
    {
        assertThatThrownBy(() -> KrakenInstruments.parseTickerVolumes("{\"result\":\"error\",\"error\":\"apiLimitExceeded\"}"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("apiLimitExceeded");
    }

    @Test
    void shouldRefuseAnInstrumentWithoutTickSize()
    {
        assertThatThrownBy(() -> KrakenInstruments.parseInstruments(
            "{\"instruments\":[{\"symbol\":\"PF_ETHUSD\",\"contractSize\":1,\"tradeable\":true,\"contractValueTradePrecision\":3}]}"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("tickSize");
    }

    @Test
    void shouldTakeContractsTimesLastForALinearTickerWithoutVolumeQuote()
    {
        final String tickers = documentedTickers().replace("pi_xbtusd", "PF_XBTUSD").replaceAll("\"volumeQuote\":\\s*[0-9.]+,", "");

        assertThat(KrakenInstruments.parseTickerVolumes(tickers)).containsEntry("PF_XBTUSD", FixedPoint.parse("754318856")); // 15304 x 49289
    }

    @Test
    void shouldLeaveOutAnInverseTickerWithoutVolumeQuote()
    {
        final String tickers = documentedTickers().replaceAll("\"volumeQuote\":\\s*[0-9.]+,", "");

        assertThat(KrakenInstruments.parseTickerVolumes(tickers)).isEmpty();
    }
}
