package io.fundingarb.connectors.kraken;

import static io.fundingarb.connectors.parse.Recordings.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.connectors.parse.CapturingSink;
import io.fundingarb.connectors.parse.FrameResult;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad frames are counted skips: nothing merged, nothing published. */
class KrakenParserValidationTest
{
    private static final String TICKER = KrakenParserTest.TICKER.replace("PI_XBTUSD", "PF_XBTUSD");
    private static final String SNAPSHOT = KrakenParserTest.SNAPSHOT;

    private final CapturingSink sink = new CapturingSink();
    private KrakenParser parser;

    @BeforeEach
    void setUp()
    {
        parser = new KrakenParser(sink);
        parser.addInstrument("PF_XBTUSD", 41);
    }

    private int frame(final String json)
    {
        final UnsafeBuffer buffer = bytes(json);
        return parser.onFrame(buffer, 0, buffer.capacity(), 1L);
    }

    private void assertMalformed(final String json)
    {
        assertThat(frame(json)).isEqualTo(FrameResult.MALFORMED);
        assertThat(sink.size()).isZero();
        assertThat(parser.count(FrameResult.MALFORMED)).isEqualTo(1);
    }

    @Test
    void shouldCountAnInverseContractAsAnUnknownSymbol()
    {
        assertThat(frame(KrakenParserTest.TICKER)).isEqualTo(FrameResult.UNKNOWN_SYMBOL);
        assertThat(sink.size()).isZero();
    }

    @Test
    void shouldRefuseATruncatedFrame()
    {
        assertMalformed(TICKER.substring(0, TICKER.length() / 2));
    }

    @Test
    void shouldRefuseAFrameWithoutFeedOrEvent()
    {
        assertMalformed(TICKER.replace("\"feed\":\"ticker\",", ""));
    }

    @Test
    void shouldRefuseATickerWithoutProduct()
    {
        assertMalformed(TICKER.replace("\"product_id\":\"PF_XBTUSD\",", ""));
    }

    @Test
    void shouldRefuseARelativeRateGivenTwice()
    {
        assertMalformed(TICKER.replace("\"relative_funding_rate\":", "\"relative_funding_rate\":0.1,\"relative_funding_rate\":"));
    }

    @Test
    void shouldRefuseARateBeyondTheBound()
    {
        assertMalformed(TICKER.replace("\"relative_funding_rate\":0.000135046879166667", "\"relative_funding_rate\":0.02"));
    }

    @Test
    void shouldRefuseARateThatIsNotANumber()
    {
        assertMalformed(TICKER.replace("\"relative_funding_rate\":0.000135046879166667", "\"relative_funding_rate\":\"high\""));
    }

    @Test
    void shouldRefuseANegativeMark()
    {
        assertMalformed(TICKER.replace("\"markPrice\":34844.25", "\"markPrice\":-1"));
    }

    @Test
    void shouldRefuseANegativeNextFundingTime()
    {
        assertMalformed(TICKER.replace("\"next_funding_rate_time\":1612281600000", "\"next_funding_rate_time\":-5"));
    }

    @Test
    void shouldRefuseASnapshotWithoutSeq()
    {
        assertMalformed(SNAPSHOT.replace("\"seq\":326072249,", ""));
    }

    @Test
    void shouldRefuseASnapshotLevelWithAZeroPrice()
    {
        assertMalformed(SNAPSHOT.replace("\"price\":34892.5", "\"price\":0"));
    }

    @Test
    void shouldRefuseASnapshotLevelWithANegativeQuantity()
    {
        assertMalformed(SNAPSHOT.replace("\"qty\":6385", "\"qty\":-6385"));
    }

    @Test
    void shouldRefuseADeltaWithAnUnknownSide()
    {
        frame(SNAPSHOT);
        sink.clear();

        assertThat(frame(KrakenParserTest.deltaAfterSnapshot(1).replace("\"sell\"", "\"both\""))).isEqualTo(FrameResult.MALFORMED);
        assertThat(sink.size()).isZero();
        assertThat(parser.bookSynced(0)).isTrue();
    }

    @Test
    void shouldRefuseADeltaWithoutQuantity()
    {
        frame(SNAPSHOT);
        sink.clear();

        assertThat(frame(KrakenParserTest.deltaAfterSnapshot(1).replace(",\"qty\":0", ""))).isEqualTo(FrameResult.MALFORMED);
        assertThat(sink.size()).isZero();
    }

    @Test
    void shouldRefuseADeltaCarryingSnapshotLevels()
    {
        frame(SNAPSHOT);
        sink.clear();

        assertThat(frame(KrakenParserTest.deltaAfterSnapshot(1).replace("{", "{\"bids\":[],"))).isEqualTo(FrameResult.MALFORMED);
    }

    @Test
    void shouldKeepTheLastGoodFundingAfterABadTicker()
    {
        frame(TICKER);
        sink.clear();

        frame(TICKER.replace("\"markPrice\":34844.25", "\"markPrice\":-1"));
        frame(TICKER);

        assertThat(sink.size()).isZero(); // nothing changed since the good one
    }
}
