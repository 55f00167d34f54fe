package io.fundingarb.connectors.kraken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.gateway.Fixtures;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.OrderGateway;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.kraken.sim.KrakenSimulator;
import io.fundingarb.connectors.parse.CapturingSink;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.recording.FeedRecording;
import io.fundingarb.connectors.transport.IoGroup;
import io.fundingarb.connectors.venue.FrameDecoder;
import io.fundingarb.connectors.venue.VenueAdapter;
import io.fundingarb.connectors.venue.VenueAdapters;
import io.fundingarb.connectors.venue.VenueSection;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Test;

class KrakenAdapterTest
{
    private static final String TICKER = KrakenParserTest.TICKER.replace("PI_XBTUSD", "PF_XBTUSD");

    private final KrakenAdapter adapter = new KrakenAdapter();
    private final CapturingSink sink = new CapturingSink();
    private final List<String> unlisted = new ArrayList<>();

    private FrameDecoder decoder(final List<FeedRecording.Record> records, final List<String> lists)
    {
        return adapter.decoder(new FrameDecoder.Setup(sink, records, lists, true, null, new FrameDecoder.Unlisted()
        {
            @Override
            public boolean seen(final String symbol)
            {
                unlisted.add(symbol);
                return false;
            }

            @Override
            public void registered(final int instrumentId)
            {
            }
        }));
    }

    private static FeedRecording.Record frame(final String text)
    {
        return new FeedRecording.Record(1, 1L, FeedRecording.Kind.FRAME, "", "", text);
    }

    @Test
    void shouldCarryItsOwnSectionWithTheDocumentedFeesAndHourlyFunding()
    {
        final VenueSection section = adapter.section();

        assertThat(section.name()).isEqualTo("kraken");
        assertThat(section.venue()).isEqualTo(Venue.KRAKEN);
        assertThat(section.takerFee()).isEqualTo(0.0005);
        assertThat(section.makerFee()).isEqualTo(0.0002);
        assertThat(section.fundingInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(section.gatewayKeys()).isTrue();
        assertThat(section.documentedReconnectsPerMinute()).isEqualTo(KrakenAdapter.RECONNECTS_PER_MINUTE_CAP);
    }

    @Test
    void shouldJudgeAQuietDeltaOnlyBookSilentOnlyAfterAMinute()
    {
        assertThat(adapter.section().bookSilence()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void shouldBeRegisteredAsTheFourthVenueWithAConnector()
    {
        assertThat(VenueAdapters.byName("Kraken")).isInstanceOf(KrakenAdapter.class);
        assertThat(VenueAdapters.of(Venue.KRAKEN)).isInstanceOf(KrakenAdapter.class);
        assertThat(VenueAdapters.SECTIONS).filteredOn(s -> s.venue() == Venue.KRAKEN).containsExactly(adapter.section());
    }

    @Test
    void shouldNameBitcoinXbtInTheLinearPerpetualSymbol()
    {
        assertThat(adapter.symbol("BTC", "USD")).isEqualTo("PF_XBTUSD");
        assertThat(adapter.symbol("ETH", "USD")).isEqualTo("PF_ETHUSD");
        assertThat(adapter.quoteOf("PF_ETHUSD")).isEqualTo("USD");
    }

    @Test
    void shouldNameTheUsdPerpetualWhateverQuoteIsAskedFor()
    {
        assertThat(adapter.symbol("BTC", "USDT")).isEqualTo("PF_XBTUSD");
    }

    @Test
    void shouldSayTheReplayIsNotYetAvailable()
    {
        assertThatThrownBy(() -> adapter.replaying(List.of(), null, 1))
            .isInstanceOf(UnsupportedOperationException.class).hasMessageStartingWith("kraken: ");
    }

    @Test
    void shouldGiveTheDemoSecretAsBase64TheSignerTakes()
    {
        final VenueAdapter.DemoKeys keys = adapter.demoKeys();

        assertThat(keys.apiKey()).isEqualTo(KrakenSimulator.DEMO_API_KEY);
        assertThat(java.util.Base64.getDecoder().decode(keys.apiSecret())).hasSize(64);
        assertThat(new KrakenSigner(keys.apiKey(), keys.apiSecret()).signChallenge("c100b894-1729-464d-ace1-52dbce11db42")).isNotEmpty();
    }

    @Test
    void shouldBuildTheKrakenGateway()
    {
        try (IoGroup io = new IoGroup(1, "fa-test-kraken");
            OrderGateway gateway = adapter.gateway(GatewayConfig.of(URI.create("http://127.0.0.1:1"), URI.create("ws://127.0.0.1:1"), 0), "key",
                KrakenStub.SECRET, io.group(), sink, new SystemEpochNanoClock(), new VenueSymbols(), null, 1_765_000_000L))
        {
            assertThat(gateway).isInstanceOf(KrakenGateway.class);
        }
    }

    @Test
    void shouldTakeTheInstrumentsEndpointForTheInstrumentList()
    {
        assertThat(adapter.isInstrumentListUrl("https://127.0.0.1:1/derivatives/api/v3/instruments")).isTrue();
        assertThat(adapter.isInstrumentListUrl("https://127.0.0.1:1/derivatives/api/v3/tickers")).isFalse();
    }

    @Test
    void shouldDecodeAnyLinearPerpetualWithoutAList()
    {
        final FrameDecoder decoder = decoder(List.of(), List.of());

        assertThat(decoder.decode(frame(TICKER))).isEqualTo(FrameResult.PUBLISHED);
        assertThat(sink.funding(0).venue()).isEqualTo(Venue.KRAKEN);
    }

    @Test
    void shouldNeverDecodeAnInverseContract()
    {
        assertThat(decoder(List.of(), List.of()).decode(frame(KrakenParserTest.TICKER))).isEqualTo(FrameResult.UNKNOWN_SYMBOL);
    }

    @Test
    void shouldHandAProductTheListDoesNotNameToUnlisted()
    {
        final FrameDecoder decoder = decoder(List.of(), List.of(Fixtures.text("kraken/instruments.json")));

        assertThat(decoder.decode(frame(TICKER))).isEqualTo(FrameResult.PUBLISHED);
        assertThat(decoder.decode(frame(TICKER.replace("PF_XBTUSD", "PF_ETHUSD")))).isEqualTo(FrameResult.UNKNOWN_SYMBOL);
        assertThat(unlisted).containsExactly("PF_ETHUSD");
    }
}
