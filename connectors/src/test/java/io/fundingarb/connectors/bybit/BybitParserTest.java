package io.fundingarb.connectors.bybit;

import static io.fundingarb.connectors.parse.Recordings.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.BookAction;
import io.fundingarb.codecs.sbe.FundingUpdateDecoder;
import io.fundingarb.codecs.sbe.TickerUpdateDecoder;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.parse.CapturingSink;
import io.fundingarb.connectors.parse.FrameResult;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BybitParserTest
{
    private static final String SNAPSHOT =
        "{\"topic\":\"tickers.BTCUSDT\",\"type\":\"snapshot\",\"data\":{\"symbol\":\"BTCUSDT\",\"markPrice\":\"66666.60\"," +
        "\"indexPrice\":\"66660.00\",\"fundingIntervalHour\":\"4\",\"fundingCap\":\"0.005\",\"nextFundingTime\":\"1760342400000\"," +
        "\"fundingRate\":\"-0.005\",\"bid1Price\":\"66666.5\",\"ask1Price\":\"66666.7\",\"turnover24h\":\"123.5\",\"preOpenPrice\":\"\"}," +
        "\"cs\":9532239429,\"ts\":1760325052630}";

    private static final long TS_INIT = 42L;

    private final CapturingSink sink = new CapturingSink();
    private BybitParser parser;

    @BeforeEach
    void setUp()
    {
        parser = new BybitParser(sink);
        parser.addInstrument("BTCUSDT", 21, 480 * 60);
        parser.addInstrument("ETHUSDT", 22);
    }

    private int frame(final String json)
    {
        final UnsafeBuffer buffer = bytes(json);
        return parser.onFrame(buffer, 0, buffer.capacity(), TS_INIT);
    }

    @Test
    void shouldPublishFundingAndTickerFromATickerSnapshot()
    {
        assertThat(frame(SNAPSHOT)).isEqualTo(FrameResult.PUBLISHED);

        final FundingUpdateDecoder funding = sink.funding(0);
        assertThat(funding.venue()).isEqualTo(Venue.BYBIT);
        assertThat(funding.instrumentId()).isEqualTo(21);
        assertThat(funding.tsEventNs()).isEqualTo(1760325052630L * 1_000_000L);
        assertThat(funding.fundingRate()).isEqualTo(FixedPoint.parse("-0.005"));
        assertThat(funding.fundingIntervalS()).isEqualTo(4 * 3600);
        assertThat(funding.nextFundingTsNs()).isEqualTo(1760342400000L * 1_000_000L);
        assertThat(funding.markPrice()).isEqualTo(FixedPoint.parse("66666.6"));
        assertThat(funding.indexPrice()).isEqualTo(FixedPoint.parse("66660"));
        final TickerUpdateDecoder ticker = sink.ticker(1);
        assertThat(ticker.quoteVolume24h()).isEqualTo(FixedPoint.parse("123.5"));
        assertThat(ticker.bidPrice()).isEqualTo(FixedPoint.parse("66666.5"));
        assertThat(ticker.askPrice()).isEqualTo(FixedPoint.parse("66666.7"));
    }

    @Test
    void shouldMergeADeltaIntoTheSnapshot()
    {
        frame(SNAPSHOT);
        sink.clear();

        assertThat(frame("{\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\",\"data\":{\"symbol\":\"BTCUSDT\",\"fundingRate\":\"0.0001\"}," +
            "\"cs\":1,\"ts\":1760325052730}")).isEqualTo(FrameResult.PUBLISHED);

        assertThat(sink.size()).isEqualTo(1);
        final FundingUpdateDecoder funding = sink.funding(0);
        assertThat(funding.fundingRate()).isEqualTo(FixedPoint.parse("0.0001"));
        assertThat(funding.markPrice()).isEqualTo(FixedPoint.parse("66666.6"));
        assertThat(funding.nextFundingTsNs()).isEqualTo(1760342400000L * 1_000_000L);
        assertThat(funding.fundingIntervalS()).isEqualTo(4 * 3600);
    }

    @Test
    void shouldPublishOnlyATickerWhenOnlyTheTopOfBookChanges()
    {
        frame(SNAPSHOT);
        sink.clear();

        frame("{\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\",\"data\":{\"symbol\":\"BTCUSDT\",\"bid1Price\":\"66666.4\",\"bid1Size\":\"3\"},\"ts\":1}");

        assertThat(sink.size()).isEqualTo(1);
        assertThat(sink.ticker(0).bidPrice()).isEqualTo(FixedPoint.parse("66666.4"));
        assertThat(sink.ticker(0).quoteVolume24h()).isEqualTo(FixedPoint.parse("123.5"));
    }

    @Test
    void shouldIgnoreADeltaThatChangesNothingWePublish()
    {
        frame(SNAPSHOT);
        sink.clear();

        assertThat(frame("{\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\",\"data\":{\"symbol\":\"BTCUSDT\",\"openInterest\":\"5\"},\"ts\":1}"))
            .isEqualTo(FrameResult.IGNORED);
        assertThat(sink.size()).isZero();
    }

    @Test
    void shouldDropTickerDeltasBeforeTheFirstSnapshot()
    {
        assertThat(frame("{\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\",\"data\":{\"fundingRate\":\"0.0001\"},\"ts\":1}"))
            .isEqualTo(FrameResult.DROPPED);
    }

    @Test
    void shouldFallBackToTheInstrumentsIntervalInMinutes()
    {
        frame(SNAPSHOT.replace("\"fundingIntervalHour\":\"4\",", ""));

        assertThat(sink.funding(0).fundingIntervalS()).isEqualTo(8 * 3600);
    }

    @Test
    void shouldParseDataThatComesBeforeTheTopic()
    {
        frame("{\"data\":{\"fundingRate\":\"0.0002\",\"nextFundingTime\":\"1760342400000\",\"markPrice\":\"1\"},\"ts\":5," +
            "\"type\":\"snapshot\",\"topic\":\"tickers.ETHUSDT\"}");

        assertThat(sink.funding(0).instrumentId()).isEqualTo(22);
        assertThat(sink.funding(0).fundingRate()).isEqualTo(FixedPoint.parse("0.0002"));
        assertThat(sink.funding(0).fundingIntervalS()).isEqualTo(8 * 3600);
    }

    private static String book(final String type, final long u, final String bids, final String asks)
    {
        return "{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"" + type + "\",\"ts\":1672304484978,\"data\":{\"s\":\"BTCUSDT\"," +
            "\"b\":" + bids + ",\"a\":" + asks + ",\"u\":" + u + ",\"seq\":7961638724},\"cts\":1672304484976}";
    }

    @Test
    void shouldPublishBookSnapshotsAndContiguousDeltas()
    {
        assertThat(frame(book("snapshot", 18521288, "[[\"16493.50\",\"0.006\"],[\"16493.00\",\"0.100\"]]", "[[\"16611.00\",\"0.029\"]]")))
            .isEqualTo(FrameResult.PUBLISHED);
        assertThat(frame(book("delta", 18521289, "[[\"16493.50\",\"0\"]]", "[]"))).isEqualTo(FrameResult.PUBLISHED);

        assertThat(sink.book(0).action()).isEqualTo(BookAction.SNAPSHOT);
        assertThat(sink.book(0).sequence()).isEqualTo(18521288);
        assertThat(sink.book(0).bids().count()).isEqualTo(2);
        assertThat(sink.book(1).action()).isEqualTo(BookAction.DELTA);
        assertThat(sink.book(1).sequence()).isEqualTo(18521289);
        assertThat(sink.book(1).prevSequence()).isEqualTo(18521288);
        assertThat(sink.book(1).tsEventNs()).isEqualTo(1672304484978L * 1_000_000L);
    }

    @Test
    void shouldReportAGapAndDropDeltasUntilTheNextSnapshot()
    {
        frame(book("snapshot", 100, "[]", "[]"));

        assertThat(frame(book("delta", 102, "[]", "[]"))).isEqualTo(FrameResult.GAP);
        assertThat(frame(book("delta", 103, "[]", "[]"))).isEqualTo(FrameResult.DROPPED);
        assertThat(parser.bookSynced(parser.instrumentIndex("BTCUSDT"))).isFalse();
        assertThat(frame(book("snapshot", 200, "[]", "[]"))).isEqualTo(FrameResult.PUBLISHED);
        assertThat(frame(book("delta", 201, "[]", "[]"))).isEqualTo(FrameResult.PUBLISHED);
        assertThat(parser.gaps()).isEqualTo(1);
    }

    @Test
    void shouldTreatUEqualToOneAsAFreshSnapshot()
    {
        frame(book("snapshot", 500, "[[\"1\",\"1\"]]", "[]"));

        assertThat(frame(book("delta", 1, "[[\"2\",\"1\"]]", "[]"))).isEqualTo(FrameResult.PUBLISHED);

        assertThat(sink.book(1).action()).isEqualTo(BookAction.SNAPSHOT);
        assertThat(sink.book(1).sequence()).isEqualTo(1);
        assertThat(frame(book("delta", 2, "[]", "[]"))).isEqualTo(FrameResult.PUBLISHED);
    }

    @Test
    void shouldTruncateASnapshotToTheBestLevelsThatFitTheSlot()
    {
        final StringBuilder bids = new StringBuilder("[");
        for (int i = 0; i < 200; i++)
        {
            bids.append(i == 0 ? "" : ",").append("[\"").append(1000 - i).append("\",\"1\"]");
        }
        bids.append(']');

        frame(book("snapshot", 1000, bids.toString(), "[]"));

        assertThat(sink.book(0).bids().count()).isEqualTo(parser.maxLevelsPerSide());
        assertThat(sink.book(0).bids().next().price()).isEqualTo(FixedPoint.parse("1000"));
        assertThat(parser.truncatedSnapshots()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreAcksPongsTradesAndKlines()
    {
        assertThat(frame("{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"0970e817\",\"req_id\":\"\",\"op\":\"ping\"}"))
            .isEqualTo(FrameResult.IGNORED);
        assertThat(frame("{\"success\":true,\"ret_msg\":\"\",\"conn_id\":\"x\",\"req_id\":\"\",\"op\":\"subscribe\"}"))
            .isEqualTo(FrameResult.IGNORED);
        assertThat(frame("{\"topic\":\"publicTrade.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1,\"data\":[{\"T\":1,\"s\":\"BTCUSDT\",\"p\":\"1\"}]}"))
            .isEqualTo(FrameResult.IGNORED);
        assertThat(sink.size()).isZero();
    }

    @Test
    void shouldCountUnknownSymbolsAndMalformedFrames()
    {
        assertThat(frame(SNAPSHOT.replace("tickers.BTCUSDT", "tickers.PEPEUSDT"))).isEqualTo(FrameResult.UNKNOWN_SYMBOL);
        assertThat(frame(SNAPSHOT.replace("\"-0.005\"", "\"-0.0x5\""))).isEqualTo(FrameResult.MALFORMED);
        assertThat(frame(book("delta", 5, "[[\"1\"]]", "[]"))).isEqualTo(FrameResult.MALFORMED);

        assertThat(parser.count(FrameResult.UNKNOWN_SYMBOL)).isEqualTo(1);
        assertThat(parser.count(FrameResult.MALFORMED)).isEqualTo(2);
    }
}
