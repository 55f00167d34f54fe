package io.fundingarb.connectors.binance;

import static io.fundingarb.connectors.parse.Recordings.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.BookAction;
import io.fundingarb.codecs.sbe.BookUpdateDecoder;
import io.fundingarb.codecs.sbe.FundingUpdateDecoder;
import io.fundingarb.codecs.sbe.TickerUpdateDecoder;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.parse.CapturingSink;
import io.fundingarb.connectors.parse.FrameResult;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BinanceParserTest
{
    /** The markPriceUpdate example of Binance's USD-M docs (shared/docs/VENUES.md). */
    private static final String MARK_PRICE =
        "{\"e\":\"markPriceUpdate\",\"E\":1562305380000,\"s\":\"BTCUSDT\",\"p\":\"11794.15000000\",\"i\":\"11784.62659091\"," +
        "\"P\":\"11784.25641265\",\"r\":\"0.00038167\",\"T\":1562306400000}";

    private static final String DEPTH =
        "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1571889248277,\"T\":1571889248276," +
        "\"s\":\"BTCUSDT\",\"U\":157,\"u\":160,\"pu\":149,\"b\":[[\"0.0024\",\"10\"]],\"a\":[[\"0.0026\",\"100\"],[\"0.0027\",\"0\"]]}}";

    private static final long TS_INIT = 123_456_789L;

    private final CapturingSink sink = new CapturingSink();
    private BinanceParser parser;

    @BeforeEach
    void setUp()
    {
        parser = new BinanceParser(sink, Integer.MAX_VALUE, false, 1 << 20);
        parser.addInstrument("BTCUSDT", 11);
        parser.addInstrument("ETHUSDT", 12, 4 * 3600);
    }

    private int frame(final String json)
    {
        final UnsafeBuffer buffer = bytes(json);
        return parser.onFrame(buffer, 0, buffer.capacity(), TS_INIT);
    }

    @Test
    void shouldPublishTheDocumentedMarkPriceUpdateAsAFundingUpdate()
    {
        assertThat(frame(MARK_PRICE)).isEqualTo(FrameResult.PUBLISHED);

        final FundingUpdateDecoder funding = sink.funding(0);
        assertThat(funding.tsInitNs()).isEqualTo(TS_INIT);
        assertThat(funding.tsEventNs()).isEqualTo(1562305380000L * 1_000_000L);
        assertThat(funding.instrumentId()).isEqualTo(11);
        assertThat(funding.venue()).isEqualTo(Venue.BINANCE);
        assertThat(funding.fundingRate()).isEqualTo(FixedPoint.parse("0.00038167"));
        assertThat(funding.fundingIntervalS()).isEqualTo(8 * 3600);
        assertThat(funding.nextFundingTsNs()).isEqualTo(1562306400000L * 1_000_000L);
        assertThat(funding.markPrice()).isEqualTo(FixedPoint.parse("11794.15"));
        assertThat(funding.indexPrice()).isEqualTo(FixedPoint.parse("11784.62659091"));
    }

    @Test
    void shouldTakeTheFundingIntervalFromTheInstrumentTable()
    {
        frame("{\"stream\":\"ethusdt@markPrice@1s\",\"data\":" + MARK_PRICE.replace("BTCUSDT", "ETHUSDT") + "}");

        assertThat(sink.funding(0).fundingIntervalS()).isEqualTo(4 * 3600);
    }

    @Test
    void shouldApplyAFundingInfoBodyWithEightHoursForUnlistedSymbols()
    {
        final UnsafeBuffer body = bytes("[{\"symbol\":\"BTCUSDT\",\"adjustedFundingRateCap\":\"0.025\"," +
            "\"adjustedFundingRateFloor\":\"-0.025\",\"fundingIntervalHours\":1,\"disclaimer\":false}," +
            "{\"symbol\":\"BLZUSDT\",\"fundingIntervalHours\":4}]");

        assertThat(parser.onFundingInfoBody(body, 0, body.capacity())).isEqualTo(1);

        assertThat(parser.fundingIntervalS(parser.instrumentIndex("BTCUSDT"))).isEqualTo(3600);
        assertThat(parser.fundingIntervalS(parser.instrumentIndex("ETHUSDT"))).isEqualTo(8 * 3600);
    }

    @Test
    void shouldPublishEveryElementOfAnAllMarketsMarkPriceArray()
    {
        final String frame = "{\"stream\":\"!markPrice@arr@1s\",\"data\":[" + MARK_PRICE + "," +
            MARK_PRICE.replace("BTCUSDT", "XRPUSDT") + "," + MARK_PRICE.replace("BTCUSDT", "ETHUSDT") + "]}";

        assertThat(frame(frame)).isEqualTo(FrameResult.PUBLISHED);

        assertThat(sink.size()).isEqualTo(2);
        assertThat(sink.funding(1).instrumentId()).isEqualTo(12);
    }

    @Test
    void shouldPublishADepthUpdateAsADeltaWithUAndPu()
    {
        assertThat(frame(DEPTH)).isEqualTo(FrameResult.PUBLISHED);

        final BookUpdateDecoder book = sink.book(0);
        assertThat(book.action()).isEqualTo(BookAction.DELTA);
        assertThat(book.tsEventNs()).isEqualTo(1571889248276L * 1_000_000L);
        assertThat(book.sequence()).isEqualTo(160);
        assertThat(book.prevSequence()).isEqualTo(149);
        final BookUpdateDecoder.BidsDecoder bids = book.bids();
        assertThat(bids.count()).isEqualTo(1);
        assertThat(bids.next().price()).isEqualTo(FixedPoint.parse("0.0024"));
        assertThat(bids.size()).isEqualTo(FixedPoint.parse("10"));
        final BookUpdateDecoder.AsksDecoder asks = book.asks();
        assertThat(asks.count()).isEqualTo(2);
        asks.next();
        assertThat(asks.next().price()).isEqualTo(FixedPoint.parse("0.0027"));
        assertThat(asks.size()).isZero();
    }

    @Test
    void shouldSplitADeltaThatDoesNotFitOneSlot()
    {
        final StringBuilder levels = new StringBuilder();
        for (int i = 0; i < 300; i++)
        {
            levels.append(i == 0 ? "" : ",").append("[\"").append(100 + i).append(".5\",\"1\"]");
        }
        final String frame = DEPTH.replace("\"b\":[[\"0.0024\",\"10\"]]", "\"b\":[" + levels + "]");

        assertThat(frame(frame)).isEqualTo(FrameResult.PUBLISHED);

        final int perSide = parser.maxLevelsPerSide();
        assertThat(sink.size()).isEqualTo((300 + perSide - 1) / perSide);
        assertThat(sink.book(0).prevSequence()).isEqualTo(149);
        assertThat(sink.book(1).prevSequence()).isEqualTo(160);
        assertThat(sink.book(1).sequence()).isEqualTo(160);
        int total = 0;
        for (int i = 0; i < sink.size(); i++)
        {
            total += sink.book(i).bids().count();
        }
        assertThat(total).isEqualTo(300);
        assertThat(parser.splitDeltas()).isEqualTo(1);
    }

    @Test
    void shouldPublishABookTickerAsATickerUpdate()
    {
        frame("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":400900217,\"s\":\"BTCUSDT\"," +
            "\"b\":\"25.35190000\",\"B\":\"31.21000000\",\"a\":\"25.36520000\",\"A\":\"40.66000000\",\"T\":1568014460891,\"E\":1568014460893}}");

        final TickerUpdateDecoder ticker = sink.ticker(0);
        assertThat(ticker.bidPrice()).isEqualTo(FixedPoint.parse("25.3519"));
        assertThat(ticker.askPrice()).isEqualTo(FixedPoint.parse("25.3652"));
        assertThat(ticker.quoteVolume24h()).isEqualTo(FixedPoint.NULL);
        assertThat(ticker.tsEventNs()).isEqualTo(1568014460891L * 1_000_000L);
    }

    @Test
    void shouldPublishA24hTickerQuoteVolume()
    {
        frame("{\"e\":\"24hrTicker\",\"E\":123456789,\"s\":\"BTCUSDT\",\"p\":\"0.0015\",\"P\":\"250.00\",\"w\":\"0.0018\"," +
            "\"c\":\"0.0025\",\"Q\":\"10\",\"o\":\"0.0010\",\"h\":\"0.0025\",\"l\":\"0.0010\",\"v\":\"10000\",\"q\":\"18\"," +
            "\"O\":0,\"C\":86400000,\"F\":0,\"L\":18150,\"n\":18151}");

        final TickerUpdateDecoder ticker = sink.ticker(0);
        assertThat(ticker.quoteVolume24h()).isEqualTo(FixedPoint.parse("18"));
        assertThat(ticker.lastPrice()).isEqualTo(FixedPoint.parse("0.0025"));
        assertThat(ticker.bidPrice()).isEqualTo(FixedPoint.NULL);
    }

    @Test
    void shouldSaturateA24hQuoteVolumeBeyondTheFixedPointRange()
    {
        // BTCUSDT trades tens of billions of USDT a day: beyond FixedPoint's ~9.22e9, read as "at least"
        assertThat(frame("{\"e\":\"24hrTicker\",\"E\":123456789,\"s\":\"BTCUSDT\",\"c\":\"101234.50\",\"v\":\"150000.123\"," +
            "\"q\":\"15186543210.98765432\",\"O\":0,\"C\":86400000}")).isEqualTo(FrameResult.PUBLISHED);
        assertThat(sink.ticker(0).quoteVolume24h()).isEqualTo(Long.MAX_VALUE);
        assertThat(sink.ticker(0).lastPrice()).isEqualTo(FixedPoint.parse("101234.5"));

        final UnsafeBuffer body = bytes("[{\"symbol\":\"BTCUSDT\",\"lastPrice\":\"101234.50\",\"quoteVolume\":\"15186543210.98765432\"," +
            "\"closeTime\":1499869899040}]");
        assertThat(parser.onTicker24hBody(body, 0, body.capacity(), TS_INIT)).isEqualTo(1);
        assertThat(sink.ticker(1).quoteVolume24h()).isEqualTo(Long.MAX_VALUE);

        assertThat(frame("{\"e\":\"24hrTicker\",\"E\":123456789,\"s\":\"BTCUSDT\",\"c\":\"1\",\"q\":\"1.5e30\"}"))
            .as("an exponent that overflows is not a volume").isEqualTo(FrameResult.MALFORMED);
    }

    @Test
    void shouldPublishTickersFromA24hRestBody()
    {
        final UnsafeBuffer body = bytes("[{\"symbol\":\"BTCUSDT\",\"priceChange\":\"-94.99999800\",\"lastPrice\":\"4.00000200\"," +
            "\"quoteVolume\":\"15.30000000\",\"openTime\":1499783499040,\"closeTime\":1499869899040,\"count\":76}," +
            "{\"symbol\":\"DOGEUSDT\",\"quoteVolume\":\"1\"}]");

        assertThat(parser.onTicker24hBody(body, 0, body.capacity(), TS_INIT)).isEqualTo(1);

        assertThat(sink.ticker(0).quoteVolume24h()).isEqualTo(FixedPoint.parse("15.3"));
        assertThat(sink.ticker(0).tsEventNs()).isEqualTo(1499869899040L * 1_000_000L);
    }

    @Test
    void shouldIgnoreTradesKlinesAndAcks()
    {
        assertThat(frame("{\"result\":null,\"id\":1}")).isEqualTo(FrameResult.IGNORED);
        assertThat(frame("{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":123456789,\"s\":\"BTCUSDT\"," +
            "\"a\":5933014,\"p\":\"0.001\",\"q\":\"100\",\"f\":100,\"l\":105,\"T\":123456785,\"m\":true}}")).isEqualTo(FrameResult.IGNORED);
        assertThat(frame("{\"e\":\"kline\",\"E\":1,\"s\":\"BTCUSDT\",\"k\":{\"t\":1,\"i\":\"1m\",\"x\":false}}")).isEqualTo(FrameResult.IGNORED);

        assertThat(sink.size()).isZero();
        assertThat(parser.count(FrameResult.IGNORED)).isEqualTo(3);
    }

    @Test
    void shouldCountUnknownSymbols()
    {
        assertThat(frame(MARK_PRICE.replace("BTCUSDT", "PEPEUSDT"))).isEqualTo(FrameResult.UNKNOWN_SYMBOL);

        assertThat(sink.size()).isZero();
        assertThat(parser.count(FrameResult.UNKNOWN_SYMBOL)).isEqualTo(1);
    }

    @Test
    void shouldCountAMarkPriceWithoutARateAsMalformed()
    {
        assertThat(frame(MARK_PRICE.replace("\"r\":\"0.00038167\",", ""))).isEqualTo(FrameResult.MALFORMED);
        assertThat(frame(MARK_PRICE.replace("0.00038167", "0.000x"))).isEqualTo(FrameResult.MALFORMED);
        assertThat(frame(MARK_PRICE.substring(0, 40))).isEqualTo(FrameResult.MALFORMED);

        assertThat(parser.count(FrameResult.MALFORMED)).isEqualTo(3);
        assertThat(sink.size()).isZero();
    }

    @Test
    void shouldPublishTheSnapshotAndBufferedDiffsWhenSyncing()
    {
        final BinanceParser syncing = new BinanceParser(sink);
        final int btc = syncing.addInstrument("BTCUSDT", 11);
        final UnsafeBuffer diff = bytes(DEPTH);
        final UnsafeBuffer snapshot = bytes("{\"lastUpdateId\":158,\"E\":1,\"T\":2,\"bids\":[[\"0.0023\",\"5\"]],\"asks\":[[\"0.0026\",\"7\"]]}");

        assertThat(syncing.onFrame(diff, 0, diff.capacity(), TS_INIT)).isEqualTo(FrameResult.BUFFERED);
        assertThat(syncing.onDepthSnapshot(btc, snapshot, 0, snapshot.capacity(), TS_INIT + 1)).isEqualTo(FrameResult.PUBLISHED);

        assertThat(sink.size()).isEqualTo(2);
        assertThat(sink.book(0).action()).isEqualTo(BookAction.SNAPSHOT);
        assertThat(sink.book(0).sequence()).isEqualTo(158);
        assertThat(sink.book(1).action()).isEqualTo(BookAction.DELTA);
        assertThat(sink.book(1).sequence()).isEqualTo(160);
        assertThat(sink.book(1).prevSequence()).isEqualTo(158);
        assertThat(sink.book(1).tsInitNs()).isEqualTo(TS_INIT);
    }

    @Test
    void shouldReportAGapWhenPuDoesNotFollowTheLastU()
    {
        final BinanceParser syncing = new BinanceParser(sink);
        final int btc = syncing.addInstrument("BTCUSDT", 11);
        final UnsafeBuffer snapshot = bytes("{\"lastUpdateId\":158,\"bids\":[],\"asks\":[]}");
        syncing.onDepthSnapshot(btc, snapshot, 0, snapshot.capacity(), TS_INIT);
        final UnsafeBuffer first = bytes(DEPTH);
        final UnsafeBuffer skipped = bytes(DEPTH.replace("\"U\":157,\"u\":160,\"pu\":149", "\"U\":170,\"u\":175,\"pu\":165"));

        assertThat(syncing.onFrame(first, 0, first.capacity(), TS_INIT)).isEqualTo(FrameResult.PUBLISHED);
        assertThat(syncing.onFrame(skipped, 0, skipped.capacity(), TS_INIT)).isEqualTo(FrameResult.GAP);

        assertThat(syncing.lastInstrumentIndex()).isEqualTo(btc);
        assertThat(syncing.bookSync(btc).needsSnapshot()).isTrue();
        assertThat(syncing.bookSync(btc).pendingFrames()).isEqualTo(1);
    }
}
