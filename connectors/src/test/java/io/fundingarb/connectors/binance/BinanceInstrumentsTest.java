package io.fundingarb.connectors.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.connectors.parse.Recordings;
import io.fundingarb.connectors.recording.FeedRecording;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BinanceInstrumentsTest
{
    private static List<BinanceInstrument> recordedExchangeInfo()
    {
        final FeedRecording.Record body = Recordings.read(Recordings.BINANCE_EXCHANGE_INFO).get(0);
        return BinanceInstruments.parseExchangeInfo(body.text());
    }

    @Test
    void shouldListTheTradablePerpetualsOfTheRecordedExchangeInfo()
    {
        final List<BinanceInstrument> instruments = recordedExchangeInfo();

        assertThat(instruments).hasSize(122);
        assertThat(instruments.stream().filter(BinanceInstrument::isTradablePerpetual).count()).isEqualTo(119);
    }

    @Test
    void shouldReadTickStepMinQtyAndMinNotional()
    {
        final BinanceInstrument btc = recordedExchangeInfo().stream().filter(i -> i.symbol().equals("BTCUSDT")).findFirst().orElseThrow();

        assertThat(btc.baseAsset()).isEqualTo("BTC");
        assertThat(btc.quoteAsset()).isEqualTo("USDT");
        assertThat(btc.tickSize()).isEqualTo(FixedPoint.parse("0.01"));
        assertThat(btc.stepSize()).isEqualTo(FixedPoint.parse("0.001"));
        assertThat(btc.minQty()).isEqualTo(FixedPoint.parse("0.001"));
        assertThat(btc.minNotional()).isEqualTo(FixedPoint.parse("5"));
    }

    @Test
    void shouldReadFundingIntervalsInSeconds()
    {
        final Map<String, Integer> intervals = BinanceInstruments.parseFundingIntervalsS(
            "[{\"symbol\":\"BLZUSDT\",\"adjustedFundingRateCap\":\"0.025\",\"adjustedFundingRateFloor\":\"-0.025\",\"fundingIntervalHours\":8}," +
            "{\"symbol\":\"LPTUSDT\",\"adjustedFundingRateCap\":\"0.02\",\"adjustedFundingRateFloor\":\"-0.02\",\"fundingIntervalHours\":4,\"disclaimer\":false}]");

        assertThat(intervals).containsExactly(Map.entry("BLZUSDT", 8 * 3600), Map.entry("LPTUSDT", 4 * 3600));
    }

    @Test
    void shouldLeaveOutFundingIntervalsOutsideBinancesRange()
    {
        final Map<String, Integer> intervals = BinanceInstruments.parseFundingIntervalsS(
            "[{\"symbol\":\"BLZUSDT\",\"fundingIntervalHours\":596524},{\"symbol\":\"GTCUSDT\",\"fundingIntervalHours\":0}," +
            "{\"symbol\":\"UNFIUSDT\",\"fundingIntervalHours\":1.5},{\"symbol\":\"LPTUSDT\",\"fundingIntervalHours\":4}]");

        assertThat(intervals).containsExactly(Map.entry("LPTUSDT", 4 * 3600));
    }

    @Test
    void shouldReadQuoteVolumes()
    {
        final Map<String, Long> volumes = BinanceInstruments.parseQuoteVolumes(
            "[{\"symbol\":\"BTCUSDT\",\"lastPrice\":\"4.00000200\",\"volume\":\"8913.30000000\",\"quoteVolume\":\"15.30000000\"}]");

        assertThat(volumes).containsExactly(Map.entry("BTCUSDT", FixedPoint.parse("15.3")));
    }

    @Test
    void shouldSaturateAQuoteVolumeBeyondTheFixedPointRange()
    {
        final Map<String, Long> volumes = BinanceInstruments.parseQuoteVolumes(
            "[{\"symbol\":\"BTCUSDT\",\"quoteVolume\":\"15186543210.98765432\"},{\"symbol\":\"ETHUSDT\",\"quoteVolume\":\"\"}]");

        assertThat(volumes).containsExactly(Map.entry("BTCUSDT", Long.MAX_VALUE), Map.entry("ETHUSDT", FixedPoint.NULL));
    }

    @Test
    void shouldReadARecordedDepthSnapshot()
    {
        final FeedRecording.Record body = Recordings.read(Recordings.BINANCE_DEPTH).get(0);

        final BinanceInstruments.DepthSnapshot snapshot = BinanceInstruments.parseDepthSnapshot(body.text());

        assertThat(snapshot.lastUpdateId()).isEqualTo(600859605926L);
        assertThat(snapshot.bids().length).isEqualTo(1000);
        assertThat(snapshot.bids()[0]).containsExactly(FixedPoint.parse("7.6110"), FixedPoint.parse("6"));
        assertThat(snapshot.bids()[1]).containsExactly(FixedPoint.parse("7.6080"), FixedPoint.parse("161"));
    }
}
