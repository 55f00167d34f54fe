package io.fundingarb.connectors.bybit;

import static io.fundingarb.connectors.parse.Recordings.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.connectors.parse.CapturingSink;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.parse.Recordings;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values refused at the parser boundary, each case a real frame of the recorded Bybit session
 * (src/test/resources/feeds/bybit) edited for the case.
 */
class BybitParserValidationTest
{
    /** The recorded BTCUSDT ticker snapshot: ts 1786310817583, nextFundingTime 1786320000000, 8 h. */
    private static final String TICKER = Recordings.firstFrame(Recordings.BYBIT, "\"tickers.BTCUSDT\"", "\"snapshot\"");
    /** The recorded delta after it that changes the mark price only. */
    private static final String MARK_DELTA = Recordings.firstFrame(Recordings.BYBIT, "\"tickers.BTCUSDT\"", "\"delta\"", "markPrice");
    private static final String BOOK = Recordings.firstFrame(Recordings.BYBIT, "\"orderbook.200.BTCUSDT\"", "\"snapshot\"");
    /** The delta that follows BOOK (u 15076953 after 15076952). */
    private static final String BOOK_DELTA = Recordings.firstFrame(Recordings.BYBIT, "\"orderbook.200.BTCUSDT\"", "\"delta\"");

    private static final String NEXT_FUNDING = "\"nextFundingTime\":\"1786320000000\"";
    private static final String INTERVAL = "\"fundingIntervalHour\":\"8\"";

    private final CapturingSink sink = new CapturingSink();
    private BybitParser parser;

    @BeforeEach
    void setUp()
    {
        parser = new BybitParser(sink);
        parser.addInstrument("BTCUSDT", 21);
    }

    private int frame(final String json)
    {
        final UnsafeBuffer buffer = bytes(json);
        return parser.onFrame(buffer, 0, buffer.capacity(), 7L);
    }

    @Test
    void shouldPublishTheRecordedFramesUnedited()
    {
        assertThat(frame(TICKER)).isEqualTo(FrameResult.PUBLISHED);
        assertThat(frame(BOOK)).isEqualTo(FrameResult.PUBLISHED);
        assertThat(frame(BOOK_DELTA)).isEqualTo(FrameResult.PUBLISHED);
        assertThat(parser.count(FrameResult.MALFORMED)).isZero();
    }

    @Test
    void shouldRefuseANextFundingTimeOfZero()
    {
        assertThat(frame(TICKER.replace(NEXT_FUNDING, "\"nextFundingTime\":\"0\""))).isEqualTo(FrameResult.MALFORMED);

        assertThat(sink.size()).isZero();
        assertThat(parser.count(FrameResult.MALFORMED)).isEqualTo(1);
    }

    @Test
    void shouldRefuseANextFundingTimeAtTheEventTime()
    {
        final String atEvent = TICKER.replace(NEXT_FUNDING, "\"nextFundingTime\":\"1786310817583\"");

        assertThat(frame(atEvent)).isEqualTo(FrameResult.MALFORMED);
    }

    @Test
    void shouldKeepThePreviousNextFundingTimeWhenADeltaGivesOneInThePast()
    {
        frame(TICKER);
        final String past = MARK_DELTA.replace("\"markPrice\"", "\"nextFundingTime\":\"1786310000000\",\"markPrice\"");

        assertThat(frame(past)).isEqualTo(FrameResult.MALFORMED);
        assertThat(frame(MARK_DELTA)).isEqualTo(FrameResult.PUBLISHED);

        assertThat(sink.funding(sink.size() - 1).nextFundingTsNs()).isEqualTo(1786320000000L * 1_000_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"596524", "9", "0", "-8", "1.5"})
    void shouldRefuseAFundingIntervalOutsideBybitsWholeHoursFromOneToEight(final String hours)
    {
        frame(TICKER);

        assertThat(frame(TICKER.replace(INTERVAL, "\"fundingIntervalHour\":\"" + hours + "\""))).isEqualTo(FrameResult.MALFORMED);

        assertThat(parser.fundingIntervalS(0)).isEqualTo(8 * 3600);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 8})
    void shouldPublishEachDocumentedFundingInterval(final int hours)
    {
        assertThat(frame(TICKER.replace(INTERVAL, "\"fundingIntervalHour\":\"" + hours + "\""))).isEqualTo(FrameResult.PUBLISHED);

        assertThat(sink.funding(0).fundingIntervalS()).isEqualTo(hours * 3600);
    }

    @Test
    void shouldUseTheDefaultForAnInstrumentsInfoIntervalOutsideBybitsRange()
    {
        final int index = parser.addInstrument("ETHUSDT", 22, 24 * 3600);

        assertThat(parser.fundingIntervalS(index)).isEqualTo(BybitParser.DEFAULT_FUNDING_INTERVAL_S);
    }

    @Test
    void shouldRefuseATickerFieldGivenTwice()
    {
        final String twice = TICKER.replace("\"fundingRate\":\"0.0001\"", "\"fundingRate\":\"0.0001\",\"fundingRate\":\"0.5\"");

        assertThat(frame(twice)).isEqualTo(FrameResult.MALFORMED);
        assertThat(sink.size()).isZero();
    }

    @Test
    void shouldRefuseATickerFieldGivenTwiceEvenWhenTheFirstIsEmpty()
    {
        final String twice = TICKER.replace("\"fundingRate\":\"0.0001\"", "\"fundingRate\":\"\",\"fundingRate\":\"0.0001\"");

        assertThat(frame(twice)).isEqualTo(FrameResult.MALFORMED);
    }

    @Test
    void shouldRefuseAFrameTimeGivenTwice()
    {
        final String twice = TICKER.replace("\"ts\":1786310817583", "\"ts\":1786310817583,\"ts\":1");

        assertThat(frame(twice)).isEqualTo(FrameResult.MALFORMED);
    }

    @Test
    void shouldRefuseADataObjectGivenTwice()
    {
        final String twice = TICKER.replace(",\"cs\":", ",\"data\":{\"symbol\":\"BTCUSDT\"},\"cs\":");

        assertThat(frame(twice)).isEqualTo(FrameResult.MALFORMED);
    }

    @Test
    void shouldRefuseABookLevelWithANegativeSize()
    {
        frame(BOOK);
        final String negative = BOOK_DELTA.replace("[\"65095.30\",\"0.005\"]", "[\"65095.30\",\"-0.005\"]");

        assertThat(frame(negative)).isEqualTo(FrameResult.MALFORMED);
        assertThat(sink.size()).isEqualTo(1);
    }

    @Test
    void shouldRefuseABookLevelWithAZeroPrice()
    {
        frame(BOOK);
        final String zero = BOOK_DELTA.replace("[\"65095.30\",\"0.005\"]", "[\"0\",\"0.005\"]");

        assertThat(frame(zero)).isEqualTo(FrameResult.MALFORMED);
    }

    @Test
    void shouldRefuseABookSideGivenTwice()
    {
        frame(BOOK);
        final String twice = BOOK_DELTA.replace("\"a\":[", "\"b\":[[\"65000.00\",\"1\"]],\"a\":[");

        assertThat(frame(twice)).isEqualTo(FrameResult.MALFORMED);
    }

    @Test
    void shouldRefuseABookUpdateIdGivenTwice()
    {
        frame(BOOK);
        final String twice = BOOK_DELTA.replace("\"u\":15076953", "\"u\":15076953,\"u\":15076999");

        assertThat(frame(twice)).isEqualTo(FrameResult.MALFORMED);
    }
}
