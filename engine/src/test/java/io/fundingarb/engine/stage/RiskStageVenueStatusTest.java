package io.fundingarb.engine.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.FeedState;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.StreamKind;
import io.fundingarb.codecs.sbe.TimerKind;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.codecs.sbe.VenueStatusEncoder;
import io.fundingarb.engine.TestEvents;
import io.fundingarb.engine.config.ConfigLoader;
import io.fundingarb.engine.config.FundingArbConfig;
import org.junit.jupiter.api.Test;

/**
 * RiskStage keeps a venue's market-data feed and its gateway's private (ORDERS) stream apart:
 * market-data usability reads MARKET_DATA only, entries also need the ORDERS stream not DOWN, and
 * the VENUE_DOWN breaker trips on either.
 */
class RiskStageVenueStatusTest
{
    private static final long T0 = 1_772_323_200_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long MID = FixedPoint.parse("2000");
    private static final String CONFIG = """
        strategy:
          target_notional_usd: 1000
          min_net_edge_bps: 1
        risk:
          max_data_age: 1h
          settlement_guard: 0s
          venue_down_grace: 5s
        execution:
          timeout: 10s
        """;

    private final FundingArbConfig config = ConfigLoader.parse(CONFIG, "test.yaml");
    private final MarketStage market = new MarketStage(64, config.strategy(), config.venues(), new MarketView(64, config.strategy().topN()));
    private final RiskStage risk = new RiskStage(64, config.strategy(), config.risk(), config.execution());
    private final DirectSink sink = new DirectSink(market, risk);
    private final TestEvents events = new TestEvents(sink);
    private long now = T0;
    private long timerSeq;

    private static int id(final Venue venue)
    {
        return 10 + venue.value();
    }

    /** ETH on Binance (cheap funding: long) and Bybit (rich: short), deep books, balances on both. */
    private void listEth()
    {
        for (final Venue v : new Venue[] {Venue.BINANCE, Venue.BYBIT})
        {
            events.definition(now, id(v), 1, v, "ETHUSDT", "ETH");
            events.ticker(now, id(v), v, FixedPoint.parse("100000000"));
            events.snapshot(now, id(v), v, MID, FixedPoint.parse("0.05"), FixedPoint.parse("0.1"), 10, FixedPoint.parse("10"));
            events.balance(now, v, FixedPoint.parse("10000"));
        }
        events.funding(now, id(Venue.BINANCE), Venue.BINANCE, FixedPoint.parse("-0.0005"), 8 * 3600, now + 3600 * SECOND, MID);
        events.funding(now, id(Venue.BYBIT), Venue.BYBIT, FixedPoint.parse("0.0010"), 8 * 3600, now + 3600 * SECOND, MID);
    }

    private void tick(final long ns)
    {
        now += ns;
        events.timer(now, TimerKind.TICK, timerSeq++);
    }

    @Test
    void shouldNotEnterWhileAVenuesOrdersStreamIsDown()
    {
        events.venueStatus(now, Venue.BINANCE, StreamKind.ORDERS, FeedState.DOWN, "private stream closed");
        listEth();
        tick(SECOND);
        assertThat(risk.opportunities().count).as("the market side still ranks the pair").isPositive();
        assertThat(risk.activePairs()).isZero();

        events.venueStatus(now, Venue.BINANCE, StreamKind.ORDERS, FeedState.LIVE, "private stream back");
        tick(SECOND);
        assertThat(risk.activePairs()).isEqualTo(1);
    }

    @Test
    void shouldEnterOnlyOnceTheOrdersStreamThatCarriesTheFillsIsLive()
    {
        events.venueStatus(now, Venue.BINANCE, StreamKind.MARKET_DATA, FeedState.LIVE, "subscribed");
        events.venueStatus(now, Venue.BINANCE, StreamKind.ORDERS, FeedState.CONNECTING, "starting: account set-up first");
        listEth();
        tick(SECOND);
        assertThat(risk.activePairs()).as("a fill pushed now would reach nobody").isZero();

        events.venueStatus(now, Venue.BINANCE, StreamKind.ORDERS, FeedState.LIVE, "subscribed");
        tick(SECOND);
        assertThat(risk.activePairs()).isEqualTo(1);
    }

    @Test
    void shouldNotEnterWhileTheMarketFeedIsNotLiveWhateverTheOrdersStreamSays()
    {
        events.venueStatus(now, Venue.BYBIT, StreamKind.MARKET_DATA, FeedState.RESYNCING, "sequence gap");
        events.venueStatus(now, Venue.BYBIT, StreamKind.ORDERS, FeedState.LIVE, "authenticated");
        listEth();
        tick(SECOND);
        assertThat(risk.activePairs()).isZero();
    }

    @Test
    void shouldTripVenueDownWhenTheOrdersStreamOfAVenueWithLegsStaysDown()
    {
        listEth();
        tick(SECOND);
        assertThat(risk.activePairs()).isEqualTo(1);

        events.venueStatus(now, Venue.BYBIT, StreamKind.ORDERS, FeedState.DOWN, "private stream closed");
        tick(4 * SECOND);
        assertThat(risk.tradingState()).isEqualTo(TradingState.ACTIVE);
        tick(SECOND);
        assertThat(risk.tradingState()).isEqualTo(TradingState.REDUCING);
        assertThat(sink.slot().riskReason).isEqualTo(Reason.VENUE_DOWN.ordinal());
    }

    @Test
    void shouldReadAStatusWithoutTheStreamFieldAsMarketData()
    {
        // a version 1 message (journals written before the field existed): block without the trailing stream byte
        final long seq = sink.claim();
        final VenueStatusEncoder encoder = new VenueStatusEncoder();
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        encoder.wrapAndApplyHeader(sink.buffer(seq), 0, header)
            .tsInitNs(now).tsEventNs(now).venue(Venue.BINANCE).state(FeedState.DOWN).reconnects(3);
        final int oldBlockLength = VenueStatusEncoder.BLOCK_LENGTH - 1;
        header.version(1).blockLength(oldBlockLength);
        sink.buffer(seq).putShort(MessageHeaderEncoder.ENCODED_LENGTH + oldBlockLength, (short)0, java.nio.ByteOrder.LITTLE_ENDIAN);
        sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + oldBlockLength + 2);

        listEth();
        tick(SECOND);
        assertThat(risk.activePairs()).isZero();
    }
}
