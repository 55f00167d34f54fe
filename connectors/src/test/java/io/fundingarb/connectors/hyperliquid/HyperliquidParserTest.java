package io.fundingarb.connectors.hyperliquid;

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
import io.fundingarb.connectors.parse.Recordings;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The documented frames (fixtures/hyperliquid/market-data) and a real l2Book (feeds/hyperliquid). */
class HyperliquidParserTest
{
    static final String CTX = Fixtures.text("hyperliquid/market-data/ws-active-asset-ctx.json").strip();
    /** 2025-01-26T19:14:03.893Z, the first recorded frame's receive time. */
    private static final long TS_INIT = 1_737_918_843_893_903_000L;
    /** The next whole hour: 2025-01-26T20:00:00Z. */
    private static final long NEXT_HOUR_NS = 1_737_921_600_000_000_000L;

    private final CapturingSink sink = new CapturingSink();
    private HyperliquidParser parser;

    @BeforeEach
    void setUp()
    {
        parser = new HyperliquidParser(sink);
        parser.addInstrument("BTC", 31);
        parser.addInstrument("ETH", 32);
    }

    private int frame(final String json)
    {
        return frame(json, TS_INIT);
    }

    private int frame(final String json, final long tsInitNs)
    {
        final UnsafeBuffer buffer = bytes(json);
        return parser.onFrame(buffer, 0, buffer.capacity(), tsInitNs);
    }

    @Test
    void shouldPublishTheHourlyRateOfTheDocumentedCtx()
    {
        assertThat(frame(CTX)).isEqualTo(FrameResult.PUBLISHED);

        final FundingUpdateDecoder funding = sink.funding(0);
        assertThat(funding.venue()).isEqualTo(Venue.HYPERLIQUID);
        assertThat(funding.instrumentId()).isEqualTo(31);
        assertThat(funding.fundingRate()).isEqualTo(FixedPoint.parse("0.0000125"));
        assertThat(funding.fundingIntervalS()).isEqualTo(3600);
        assertThat(funding.markPrice()).isEqualTo(FixedPoint.parse("14.3161"));
        assertThat(funding.indexPrice()).isEqualTo(FixedPoint.parse("14.32"));
        assertThat(funding.tsInitNs()).isEqualTo(TS_INIT);
        assertThat(funding.tsEventNs()).isEqualTo(TS_INIT);
    }

    @Test
    void shouldNotTakeTheOpenInterestForTheRate()
    {
        frame(CTX.replace("\"openInterest\":\"688.11\"", "\"openInterest\":\"0.5\""));

        assertThat(sink.funding(0).fundingRate()).isEqualTo(FixedPoint.parse("0.0000125"));
    }

    @Test
    void shouldSetTheNextFundingToTheNextWholeHour()
    {
        frame(CTX);

        assertThat(sink.funding(0).nextFundingTsNs()).isEqualTo(NEXT_HOUR_NS);
    }

    @Test
    void shouldMoveTheNextFundingPastAFrameOnTheHour()
    {
        frame(CTX, NEXT_HOUR_NS);

        assertThat(sink.funding(0).nextFundingTsNs()).isEqualTo(NEXT_HOUR_NS + 3_600_000_000_000L);
    }

    @Test
    void shouldPublishTheDayNotionalVolumeAsTheTickersQuoteVolume()
    {
        frame(CTX);

        final TickerUpdateDecoder ticker = sink.ticker(1);
        assertThat(ticker.instrumentId()).isEqualTo(31);
        assertThat(ticker.quoteVolume24h()).isEqualTo(FixedPoint.parse("1169046.29406"));
        assertThat(ticker.bidPrice()).isEqualTo(FixedPoint.NULL);
        assertThat(ticker.askPrice()).isEqualTo(FixedPoint.NULL);
    }

    @Test
    void shouldIgnoreARepeatedCtxWithinTheHour()
    {
        frame(CTX);
        sink.clear();

        assertThat(frame(CTX, TS_INIT + 1_000_000_000L)).isEqualTo(FrameResult.IGNORED);
        assertThat(sink.size()).isZero();
    }

    @Test
    void shouldPublishOnlyFundingWhenOnlyTheMarkMoves()
    {
        frame(CTX);
        sink.clear();

        frame(CTX.replace("\"markPx\":\"14.3161\"", "\"markPx\":\"14.3162\""));

        assertThat(sink.size()).isEqualTo(1);
        assertThat(sink.funding(0).markPrice()).isEqualTo(FixedPoint.parse("14.3162"));
    }

    @Test
    void shouldRepublishAfterReset()
    {
        frame(CTX);
        parser.reset();
        sink.clear();

        assertThat(frame(CTX)).isEqualTo(FrameResult.PUBLISHED);
        assertThat(sink.size()).isEqualTo(2);
    }

    @Test
    void shouldReadNumbersAsTheDocsTypeThem()
    {
        assertThat(frame("{\"channel\":\"activeAssetCtx\",\"data\":{\"coin\":\"ETH\",\"ctx\":{\"funding\":-0.00001,\"markPx\":3300.5,"
            + "\"oraclePx\":3301,\"dayNtlVlm\":12.5}}}")).isEqualTo(FrameResult.PUBLISHED);

        assertThat(sink.funding(0).instrumentId()).isEqualTo(32);
        assertThat(sink.funding(0).fundingRate()).isEqualTo(FixedPoint.parse("-0.00001"));
        assertThat(sink.funding(0).indexPrice()).isEqualTo(FixedPoint.parse("3301"));
    }

    @Test
    void shouldReadTheDataBeforeTheChannel()
    {
        assertThat(frame("{\"data\":{\"coin\":\"BTC\",\"ctx\":{\"funding\":\"0.0000125\",\"markPx\":\"14.3161\"}},\"channel\":\"activeAssetCtx\"}"))
            .isEqualTo(FrameResult.PUBLISHED);
        assertThat(sink.funding(0).markPrice()).isEqualTo(FixedPoint.parse("14.3161"));
    }

    @Test
    void shouldPublishARecordedL2BookAsASnapshotSequencedByItsTime()
    {
        final String book = Recordings.firstFrame(Recordings.HYPERLIQUID, "\"l2Book\"");

        assertThat(frame(book)).isEqualTo(FrameResult.PUBLISHED);

        final BookUpdateDecoder update = sink.book(0);
        assertThat(update.venue()).isEqualTo(Venue.HYPERLIQUID);
        assertThat(update.instrumentId()).isEqualTo(31);
        assertThat(update.action()).isEqualTo(BookAction.SNAPSHOT);
        assertThat(update.sequence()).isEqualTo(1737918843542L);
        assertThat(update.prevSequence()).isZero();
        assertThat(update.tsEventNs()).isEqualTo(1737918843542L * 1_000_000L);
        final BookUpdateDecoder.BidsDecoder bids = update.bids();
        assertThat(bids.count()).isEqualTo(20);
        bids.next();
        assertThat(bids.price()).isEqualTo(FixedPoint.parse("105055.0"));
        assertThat(bids.size()).isEqualTo(FixedPoint.parse("3.03622"));
        while (bids.hasNext())
        {
            bids.next(); // the asks follow the bids
        }
        final BookUpdateDecoder.AsksDecoder asks = update.asks();
        assertThat(asks.count()).isEqualTo(20);
        asks.next();
        assertThat(asks.price()).isEqualTo(FixedPoint.parse("105056.0"));
    }

    @Test
    void shouldDropABookOlderThanTheLastOne()
    {
        final String book = Recordings.firstFrame(Recordings.HYPERLIQUID, "\"l2Book\"");
        frame(book);

        assertThat(frame(book.replace("\"time\":1737918843542", "\"time\":1737918843541"))).isEqualTo(FrameResult.DROPPED);
        assertThat(frame(book)).isEqualTo(FrameResult.PUBLISHED);
    }

    @Test
    void shouldCountAPongAndPublishNothing()
    {
        assertThat(frame(Fixtures.text("hyperliquid/market-data/ws-pong.json").strip())).isEqualTo(FrameResult.IGNORED);

        assertThat(parser.pongs()).isEqualTo(1);
        assertThat(sink.size()).isZero();
    }

    @Test
    void shouldCountTheDocumentedSubscriptionResponse()
    {
        assertThat(frame(Fixtures.text("hyperliquid/market-data/ws-subscription-response.json").strip())).isEqualTo(FrameResult.IGNORED);

        assertThat(parser.subscriptionResponses()).isEqualTo(1);
    }

    @Test
    void shouldCountAnErrorFrame()
    {
        assertThat(frame(Fixtures.text("hyperliquid/market-data/ws-error.json").strip())).isEqualTo(FrameResult.IGNORED);

        assertThat(parser.errors()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreTradesFrames()
    {
        final String trades = Recordings.firstFrame(Recordings.HYPERLIQUID, "\"trades\"");

        assertThat(frame(trades)).isEqualTo(FrameResult.IGNORED);
        assertThat(sink.size()).isZero();
    }

    @Test
    void shouldSkipAnUnknownCoin()
    {
        assertThat(frame(CTX.replace("\"coin\":\"BTC\"", "\"coin\":\"SOL\""))).isEqualTo(FrameResult.UNKNOWN_SYMBOL);

        assertThat(parser.count(FrameResult.UNKNOWN_SYMBOL)).isEqualTo(1);
        assertThat(sink.size()).isZero();
    }
}
