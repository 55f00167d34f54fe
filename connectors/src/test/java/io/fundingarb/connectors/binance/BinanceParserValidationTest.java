package io.fundingarb.connectors.binance;

import static io.fundingarb.connectors.parse.Recordings.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.connectors.parse.CapturingSink;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.parse.Recordings;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Values refused at the parser boundary. Book and ticker cases edit a real frame of the recorded
 * BTCUSDT session (src/test/resources/feeds/binance); no recording holds a markPriceUpdate, so the
 * funding cases edit the documented example (shared/docs/VENUES.md, Binance USD-M "Mark Price Stream").
 */
class BinanceParserValidationTest
{
    private static final String MARK_PRICE =
        "{\"e\":\"markPriceUpdate\",\"E\":1562305380000,\"s\":\"BTCUSDT\",\"p\":\"11794.15000000\",\"i\":\"11784.62659091\"," +
        "\"P\":\"11784.25641265\",\"r\":\"0.00038167\",\"T\":1562306400000}";
    private static final String NEXT_FUNDING = "\"T\":1562306400000";

    /** The first recorded diff: bids start ["58710.20","0.014"], asks ["61800.30","3.330"]. */
    private static final String DEPTH = Recordings.firstFrame(Recordings.BINANCE_HFT, "\"depthUpdate\"");
    private static final String BOOK_TICKER = Recordings.firstFrame(Recordings.BINANCE_HFT, "\"bookTicker\"");

    private final CapturingSink sink = new CapturingSink();
    private BinanceParser parser;

    @BeforeEach
    void setUp()
    {
        parser = new BinanceParser(sink, Integer.MAX_VALUE, false, 1 << 20);
        parser.addInstrument("BTCUSDT", 11);
        parser.addInstrument("ETHUSDT", 12);
    }

    private int frame(final String json)
    {
        final UnsafeBuffer buffer = bytes(json);
        return parser.onFrame(buffer, 0, buffer.capacity(), 5L);
    }

    @Test
    void shouldPublishTheFramesUnedited()
    {
        assertThat(frame(MARK_PRICE)).isEqualTo(FrameResult.PUBLISHED);
        assertThat(frame(DEPTH)).isEqualTo(FrameResult.PUBLISHED);
        assertThat(frame(BOOK_TICKER)).isEqualTo(FrameResult.PUBLISHED);
        assertThat(parser.count(FrameResult.MALFORMED)).isZero();
    }

    @Test
    void shouldRefuseANextFundingTimeOfZero()
    {
        assertThat(frame(MARK_PRICE.replace(NEXT_FUNDING, "\"T\":0"))).isEqualTo(FrameResult.MALFORMED);

        assertThat(sink.size()).isZero();
        assertThat(parser.count(FrameResult.MALFORMED)).isEqualTo(1);
    }

    @Test
    void shouldRefuseANegativeNextFundingTime()
    {
        assertThat(frame(MARK_PRICE.replace(NEXT_FUNDING, "\"T\":-1"))).isEqualTo(FrameResult.MALFORMED);
    }

    @Test
    void shouldRefuseANextFundingTimeAtTheEventTime()
    {
        assertThat(frame(MARK_PRICE.replace(NEXT_FUNDING, "\"T\":1562305380000"))).isEqualTo(FrameResult.MALFORMED);
    }

    @Test
    void shouldPublishTheOtherElementsOfAMarkPriceArrayWithAnElementInThePast()
    {
        final String frame = "{\"stream\":\"!markPrice@arr@1s\",\"data\":[" + MARK_PRICE.replace(NEXT_FUNDING, "\"T\":1562300000000") + "," +
            MARK_PRICE.replace("BTCUSDT", "ETHUSDT") + "]}";

        assertThat(frame(frame)).isEqualTo(FrameResult.MALFORMED);

        assertThat(sink.size()).isEqualTo(1);
        assertThat(sink.funding(0).instrumentId()).isEqualTo(12);
    }

    @Test
    void shouldRefuseAFundingRateGivenTwice()
    {
        final String twice = MARK_PRICE.replace("\"r\":\"0.00038167\"", "\"r\":\"0.00038167\",\"r\":\"0.03\"");

        assertThat(frame(twice)).isEqualTo(FrameResult.MALFORMED);
        assertThat(sink.size()).isZero();
    }

    @Test
    void shouldRefuseABookLevelWithANegativeSize()
    {
        final String negative = DEPTH.replace("[\"58710.20\",\"0.014\"]", "[\"58710.20\",\"-0.014\"]");

        assertThat(frame(negative)).isEqualTo(FrameResult.MALFORMED);
        assertThat(sink.size()).isZero();
    }

    @Test
    void shouldRefuseABookLevelWithAZeroPrice()
    {
        final String zero = DEPTH.replace("[\"61800.30\",\"3.330\"]", "[\"0.00\",\"3.330\"]");

        assertThat(frame(zero)).isEqualTo(FrameResult.MALFORMED);
    }

    @Test
    void shouldRefuseAnUpdateIdGivenTwice()
    {
        final String twice = DEPTH.replace("\"pu\":", "\"u\":1,\"pu\":");

        assertThat(frame(twice)).isEqualTo(FrameResult.MALFORMED);
    }

    @Test
    void shouldRefuseADataObjectGivenTwice()
    {
        final String twice = BOOK_TICKER.substring(0, BOOK_TICKER.length() - 1) + ",\"data\":{\"e\":\"bookTicker\"}}";

        assertThat(frame(twice)).isEqualTo(FrameResult.MALFORMED);
    }

    @Test
    void shouldRefuseABestBidGivenTwice()
    {
        final String twice = BOOK_TICKER.replace("\"b\":\"61800.20\"", "\"b\":\"61800.20\",\"b\":\"1.00\"");

        assertThat(frame(twice)).isEqualTo(FrameResult.MALFORMED);
    }

    @Test
    void shouldKeepTheIntervalOfASymbolFundingInfoListsBeyondEightHours()
    {
        // the documented fundingInfo example (Binance USD-M "Get Funding Rate Info"), its symbol one registered here
        final String documented = "[{\"symbol\":\"BLZUSDT\",\"adjustedFundingRateCap\":\"0.02500000\",\"adjustedFundingRateFloor\":\"-0.02500000\","
            + "\"fundingIntervalHours\":8,\"disclaimer\":false}]";
        final UnsafeBuffer fourHours = bytes(documented.replace("BLZUSDT", "ETHUSDT").replace(":8,", ":4,"));
        parser.onFundingInfoBody(fourHours, 0, fourHours.capacity());
        final UnsafeBuffer overflowing = bytes(documented.replace("BLZUSDT", "ETHUSDT").replace(":8,", ":596524,"));

        assertThat(parser.onFundingInfoBody(overflowing, 0, overflowing.capacity())).isZero();

        assertThat(parser.fundingIntervalS(parser.instrumentIndex("ETHUSDT"))).isEqualTo(4 * 3600);
        assertThat(parser.count(FrameResult.MALFORMED)).isEqualTo(1);
    }

    @Test
    void shouldRefuseADepthSnapshotWithANegativeSize()
    {
        final String recorded = Recordings.read(Recordings.BINANCE_DEPTH).get(0).text();
        final UnsafeBuffer body = bytes(recorded.replaceFirst("(\"bids\":\\[\\[\"[0-9.]+\",\")", "$1-"));

        assertThat(parser.onDepthSnapshot(0, body, 0, body.capacity(), 5L)).isEqualTo(FrameResult.MALFORMED);
    }
}
