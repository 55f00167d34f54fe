package io.fundingarb.connectors.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.connectors.binance.BinanceInstrument;
import io.fundingarb.connectors.binance.BinanceInstruments;
import io.fundingarb.connectors.bybit.BybitInstrument;
import io.fundingarb.connectors.bybit.BybitInstruments;
import io.fundingarb.connectors.parse.Recordings;
import io.fundingarb.connectors.recording.FeedRecording;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListedBaseTest
{
    @Test
    void shouldReadAThousandPrefix()
    {
        assertThat(ListedBase.of("1000PEPE")).isEqualTo(new ListedBase("PEPE", 1000));
    }

    @Test
    void shouldReadLargerPowersOfTen()
    {
        assertThat(ListedBase.of("10000SATS")).isEqualTo(new ListedBase("SATS", 10_000));
        assertThat(ListedBase.of("1000000BABYDOGE")).isEqualTo(new ListedBase("BABYDOGE", 1_000_000));
    }

    @Test
    void shouldReadBybitsSuffixedBundles()
    {
        assertThat(ListedBase.of("SHIB1000")).isEqualTo(new ListedBase("SHIB", 1000));
    }

    @Test
    void shouldKeepNamesThatOnlyStartWithADigit()
    {
        assertThat(ListedBase.of("1INCH")).isEqualTo(new ListedBase("1INCH", 1));
        assertThat(ListedBase.of("btc")).isEqualTo(new ListedBase("BTC", 1));
    }

    @Test
    void shouldReadHyperliquidsKiloPrefixOnlyInLowerCase()
    {
        assertThat(ListedBase.ofKiloPrefixed("kPEPE")).isEqualTo(new ListedBase("PEPE", 1000));
        assertThat(ListedBase.ofKiloPrefixed("KAITO")).isEqualTo(new ListedBase("KAITO", 1));
        assertThat(ListedBase.ofKiloPrefixed("BTC")).isEqualTo(new ListedBase("BTC", 1));
    }

    @Test
    void shouldGiveTheMultiplierAsAContractValueAtScale()
    {
        assertThat(new ListedBase("PEPE", 1000).contractValue()).isEqualTo(FixedPoint.parse("1000"));
    }

    /** The family present on both recorded venues: Binance 1000SHIBUSDT (2021) and Bybit SHIB1000USDT (2026). */
    @Test
    void shouldSelectTheShibBundleOfBothRecordedVenuesAsOneTokenOfEqualContractValue()
    {
        final FeedRecording.Record info = Recordings.read(Recordings.BINANCE_EXCHANGE_INFO).get(0);
        final List<BinanceInstrument> binance = BinanceInstruments.parseExchangeInfo(info.text()).stream()
            .filter(BinanceInstrument::isTradablePerpetual).toList();
        final FeedRecording.Record page = Recordings.read(Recordings.BYBIT).stream()
            .filter(r -> r.kind() == FeedRecording.Kind.HTTP && r.url().contains("category=linear")).findFirst().orElseThrow();
        final List<BybitInstrument> bybit = BybitInstruments.parseInstrumentsInfo(page.text()).instruments().stream()
            .filter(BybitInstrument::isTradablePerpetual).toList();

        final TokenSelection<BinanceInstrument> onBinance =
            TokenSelection.select(List.of("SHIB"), List.of("USDT"), binance, BinanceInstrument::baseAsset, BinanceInstrument::quoteAsset);
        final TokenSelection<BybitInstrument> onBybit =
            TokenSelection.select(List.of("SHIB"), List.of("USDT"), bybit, BybitInstrument::baseCoin, BybitInstrument::quoteCoin);

        assertThat(onBinance.selected()).extracting(BinanceInstrument::symbol).containsExactly("1000SHIBUSDT");
        assertThat(onBybit.selected()).extracting(BybitInstrument::symbol).containsExactly("SHIB1000USDT");
        assertThat(ListedBase.of(onBinance.selected().get(0).baseAsset())).isEqualTo(ListedBase.of(onBybit.selected().get(0).baseCoin()));
    }
}
