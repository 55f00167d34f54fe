package io.fundingarb.connectors.kraken;

import static io.fundingarb.connectors.parse.Recordings.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.BookAction;
import io.fundingarb.codecs.sbe.BookUpdateDecoder;
import io.fundingarb.codecs.sbe.FundingUpdateDecoder;
import io.fundingarb.codecs.sbe.TickerUpdateDecoder;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.gateway.Fixtures;
import io.fundingarb.connectors.parse.CapturingSink;
import io.fundingarb.connectors.parse.FrameResult;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The documented frames of fixtures/kraken. */
class KrakenParserTest
{
    /** The documented ticker is for PI_XBTUSD; read here as the product it is registered as. */
    static final String TICKER = Fixtures.text("kraken/ws-ticker.json").strip();
    static final String SNAPSHOT = Fixtures.text("kraken/ws-book-snapshot.json").strip();
    static final String DELTA = Fixtures.text("kraken/ws-book-delta.json").strip();
    private static final long TS_INIT = 1_612_270_825_300_000_000L;

    private final CapturingSink sink = new CapturingSink();
    private KrakenParser parser;

    @BeforeEach
    void setUp()
    {
        parser = new KrakenParser(sink);
        parser.addInstrument("PF_XBTUSD", 41);
        parser.addInstrument("PI_XBTUSD", 42); // only to read Kraken's documented ticker, which is for the inverse contract
    }

    private int frame(final String json)
    {
        final UnsafeBuffer buffer = bytes(json);
        return parser.onFrame(buffer, 0, buffer.capacity(), TS_INIT);
    }

    /** The documented delta, following the documented snapshot. */
    static String deltaAfterSnapshot(final long seqOffset)
    {
        return DELTA.replace("326094134", Long.toString(326072249L + seqOffset));
    }

    @Test
    void shouldPublishTheRelativeRateOfTheDocumentedTickerAsTheHourlyRate()
    {
        assertThat(frame(TICKER)).isEqualTo(FrameResult.PUBLISHED);

        final FundingUpdateDecoder funding = sink.funding(0);
        assertThat(funding.venue()).isEqualTo(Venue.KRAKEN);
        assertThat(funding.instrumentId()).isEqualTo(42);
        assertThat(funding.fundingRate()).isEqualTo(FixedPoint.parse("0.000135047"));
        assertThat(funding.fundingIntervalS()).isEqualTo(3600);
    }

    @Test
    void shouldNeverTakeTheAbsoluteFundingRate()
    {
        frame(TICKER.replace("\"funding_rate\":3.891007752e-9", "\"funding_rate\":5.5"));

        assertThat(sink.funding(0).fundingRate()).isEqualTo(FixedPoint.parse("0.000135047"));
    }

    @Test
    void shouldReadTheNextSettlementMarkAndIndexOfTheDocumentedTicker()
    {
        frame(TICKER);

        final FundingUpdateDecoder funding = sink.funding(0);
        assertThat(funding.nextFundingTsNs()).isEqualTo(1_612_281_600_000L * 1_000_000L);
        assertThat(funding.markPrice()).isEqualTo(FixedPoint.parse("34844.25"));
        assertThat(funding.indexPrice()).isEqualTo(FixedPoint.parse("34803.45"));
        assertThat(funding.tsEventNs()).isEqualTo(1_612_270_825_253L * 1_000_000L);
        assertThat(funding.tsInitNs()).isEqualTo(TS_INIT);
    }

    @Test
    void shouldPublishBidAskAndLastOfTheDocumentedTicker()
    {
        frame(TICKER);

        final TickerUpdateDecoder ticker = sink.ticker(1);
        assertThat(ticker.bidPrice()).isEqualTo(FixedPoint.parse("34832.5"));
        assertThat(ticker.askPrice()).isEqualTo(FixedPoint.parse("34847.5"));
        assertThat(ticker.lastPrice()).isEqualTo(FixedPoint.parse("34852"));
        assertThat(ticker.quoteVolume24h()).isEqualTo(FixedPoint.NULL); // the documented frame has no volumeQuote
    }

    @Test
    void shouldPublishNothingForAnUnchangedTicker()
    {
        frame(TICKER);
        sink.clear();

        assertThat(frame(TICKER)).isEqualTo(FrameResult.IGNORED);
        assertThat(sink.size()).isZero();
    }

    @Test
    void shouldPublishNoFundingForATickerWithoutRelativeRate()
    {
        frame(TICKER.replace("\"relative_funding_rate\":0.000135046879166667,", ""));

        assertThat(sink.size()).isEqualTo(1);
        assertThat(sink.ticker(0).bidPrice()).isEqualTo(FixedPoint.parse("34832.5"));
    }

    @Test
    void shouldPublishNoFundingForAZeroRelativeRate()
    {
        frame(TICKER.replace("\"relative_funding_rate\":0.000135046879166667", "\"relative_funding_rate\":0.0"));

        assertThat(sink.size()).isEqualTo(1); // the ticker update only
    }

    @Test
    void shouldPublishNoFundingForANextFundingTimeOfZero()
    {
        frame(TICKER.replace("\"next_funding_rate_time\":1612281600000", "\"next_funding_rate_time\":0"));

        assertThat(sink.size()).isEqualTo(1);
    }

    @Test
    void shouldPublishNoFundingForANextFundingTimeInThePast()
    {
        frame(TICKER.replace("\"next_funding_rate_time\":1612281600000", "\"next_funding_rate_time\":1612267200000"));

        assertThat(sink.size()).isEqualTo(1);
    }

    @Test
    void shouldPublishTheDocumentedSnapshot()
    {
        assertThat(frame(SNAPSHOT)).isEqualTo(FrameResult.PUBLISHED);

        final BookUpdateDecoder update = sink.book(0);
        assertThat(update.venue()).isEqualTo(Venue.KRAKEN);
        assertThat(update.instrumentId()).isEqualTo(41);
        assertThat(update.action()).isEqualTo(BookAction.SNAPSHOT);
        assertThat(update.sequence()).isEqualTo(326072249L);
        assertThat(update.prevSequence()).isZero();
        assertThat(update.tsEventNs()).isEqualTo(1_612_269_825_817L * 1_000_000L);
        final BookUpdateDecoder.BidsDecoder bids = update.bids();
        assertThat(bids.count()).isEqualTo(2);
        bids.next();
        assertThat(bids.price()).isEqualTo(FixedPoint.parse("34892.5"));
        assertThat(bids.size()).isEqualTo(FixedPoint.parse("6385"));
        bids.next();
        final BookUpdateDecoder.AsksDecoder asks = update.asks();
        assertThat(asks.count()).isEqualTo(2);
        asks.next();
        assertThat(asks.price()).isEqualTo(FixedPoint.parse("34911.5"));
        assertThat(asks.size()).isEqualTo(FixedPoint.parse("20598"));
        assertThat(parser.bookSynced(0)).isTrue();
    }

    @Test
    void shouldPublishTheDocumentedDeltaAsOneAskLevelAfterTheSnapshot()
    {
        frame(SNAPSHOT);

        assertThat(frame(deltaAfterSnapshot(1))).isEqualTo(FrameResult.PUBLISHED);

        final BookUpdateDecoder update = sink.book(1);
        assertThat(update.action()).isEqualTo(BookAction.DELTA);
        assertThat(update.sequence()).isEqualTo(326072250L);
        assertThat(update.prevSequence()).isEqualTo(326072249L);
        assertThat(update.bids().count()).isZero();
        final BookUpdateDecoder.AsksDecoder asks = update.asks();
        assertThat(asks.count()).isEqualTo(1);
        asks.next();
        assertThat(asks.price()).isEqualTo(FixedPoint.parse("34981"));
        assertThat(asks.size()).isZero();
    }

    @Test
    void shouldPutABuyDeltaOnTheBids()
    {
        frame(SNAPSHOT);

        frame(deltaAfterSnapshot(1).replace("\"sell\"", "\"buy\""));

        final BookUpdateDecoder.BidsDecoder bids = sink.book(1).bids();
        assertThat(bids.count()).isEqualTo(1);
        bids.next();
        assertThat(bids.price()).isEqualTo(FixedPoint.parse("34981"));
    }

    @Test
    void shouldDropADeltaBeforeAnySnapshot()
    {
        assertThat(frame(DELTA)).isEqualTo(FrameResult.DROPPED);
        assertThat(sink.size()).isZero();
    }

    @Test
    void shouldMarkTheBookOutOfSyncOnASequenceGap()
    {
        frame(SNAPSHOT);

        assertThat(frame(deltaAfterSnapshot(2))).isEqualTo(FrameResult.GAP);

        assertThat(parser.bookSynced(0)).isFalse();
        assertThat(parser.gaps()).isEqualTo(1);
        assertThat(parser.lastInstrumentIndex()).isZero();
        assertThat(frame(deltaAfterSnapshot(3))).isEqualTo(FrameResult.DROPPED);
    }

    @Test
    void shouldResyncOnTheNextSnapshot()
    {
        frame(SNAPSHOT);
        frame(deltaAfterSnapshot(2));

        frame(SNAPSHOT.replace("326072249", "326072300"));

        assertThat(parser.bookSynced(0)).isTrue();
        assertThat(frame(DELTA.replace("326094134", "326072301"))).isEqualTo(FrameResult.PUBLISHED);
    }

    @Test
    void shouldIgnoreHeartbeatsAndAnswers()
    {
        assertThat(frame("{\"feed\":\"heartbeat\",\"time\":1534262350627}")).isEqualTo(FrameResult.IGNORED);
        assertThat(frame("{\"event\":\"info\",\"version\":1}")).isEqualTo(FrameResult.IGNORED);
        assertThat(frame("{\"event\":\"subscribed\",\"feed\":\"ticker\",\"product_ids\":[\"PF_XBTUSD\"]}")).isEqualTo(FrameResult.IGNORED);
        assertThat(frame("{\"event\":\"error\",\"message\":\"Invalid product id\"}")).isEqualTo(FrameResult.IGNORED);

        assertThat(parser.heartbeats()).isEqualTo(1);
        assertThat(parser.errors()).isEqualTo(1);
        assertThat(sink.size()).isZero();
    }

    @Test
    void shouldCountAlertsWithErrors()
    {
        assertThat(frame("{\"event\":\"alert\",\"message\":\"Bad websocket message\"}")).isEqualTo(FrameResult.IGNORED);

        assertThat(parser.errors()).isEqualTo(1);
    }

    @Test
    void shouldPublishTheRestVolumeAsATickerUpdateOnceWhileUnchanged()
    {
        assertThat(parser.onVolume(0, FixedPoint.parse("40351.34"), TS_INIT)).isEqualTo(FrameResult.PUBLISHED);
        assertThat(parser.onVolume(0, FixedPoint.parse("40351.34"), TS_INIT)).isEqualTo(FrameResult.IGNORED);

        assertThat(sink.size()).isEqualTo(1);
        assertThat(sink.ticker(0).instrumentId()).isEqualTo(41);
        assertThat(sink.ticker(0).quoteVolume24h()).isEqualTo(FixedPoint.parse("40351.34"));
    }

    @Test
    void shouldKeepTheRestVolumeInTickersAfterAReset()
    {
        parser.onVolume(1, FixedPoint.parse("40351.34"), TS_INIT);
        parser.reset();
        sink.clear();

        frame(TICKER); // the documented frame has no volumeQuote

        assertThat(sink.ticker(1).quoteVolume24h()).isEqualTo(FixedPoint.parse("40351.34"));
    }
}
