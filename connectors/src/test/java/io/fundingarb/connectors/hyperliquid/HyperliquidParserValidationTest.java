package io.fundingarb.connectors.hyperliquid;

import static io.fundingarb.connectors.parse.Recordings.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.connectors.parse.CapturingSink;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.parse.Recordings;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Frames the parser must refuse: each a counted MALFORMED (or UNKNOWN_SYMBOL) skip with nothing published. */
class HyperliquidParserValidationTest
{
    private static final String CTX = HyperliquidParserTest.CTX;
    private static final String BOOK =
        "{\"channel\":\"l2Book\",\"data\":{\"coin\":\"BTC\",\"levels\":[[{\"n\":5,\"px\":\"105055.0\",\"sz\":\"3.03622\"}],"
        + "[{\"n\":1,\"px\":\"105056.0\",\"sz\":\"0.5\"}]],\"time\":1737918843542}}";

    private final CapturingSink sink = new CapturingSink();
    private final HyperliquidParser parser = new HyperliquidParser(sink);

    HyperliquidParserValidationTest()
    {
        parser.addInstrument("BTC", 1);
    }

    private int frame(final String json)
    {
        final UnsafeBuffer buffer = bytes(json);
        return parser.onFrame(buffer, 0, buffer.capacity(), 1_737_918_843_893_903_000L);
    }

    private void assertMalformed(final String json)
    {
        assertThat(frame(json)).as(json).isEqualTo(FrameResult.MALFORMED);
        assertThat(sink.size()).as(json).isZero();
    }

    @Test
    void shouldAcceptTheValidFramesTheCasesMutate()
    {
        assertThat(frame(CTX)).isEqualTo(FrameResult.PUBLISHED);
        assertThat(frame(BOOK)).isEqualTo(FrameResult.PUBLISHED);
    }

    @Test
    void shouldRefuseAMalformedRate()
    {
        assertMalformed(CTX.replace("\"funding\":\"0.0000125\"", "\"funding\":\"0.00x1\""));
    }

    @Test
    void shouldRefuseARateBeyondTheHourlyCap()
    {
        assertMalformed(CTX.replace("\"funding\":\"0.0000125\"", "\"funding\":\"0.0401\""));
    }

    @Test
    void shouldRefuseACtxWithoutARate()
    {
        assertMalformed(CTX.replace("\"funding\":\"0.0000125\",", ""));
    }

    @Test
    void shouldRefuseACtxWithoutAMark()
    {
        assertMalformed(CTX.replace("\"markPx\":\"14.3161\",", ""));
    }

    @Test
    void shouldRefuseAMarkNotAboveZero()
    {
        assertMalformed(CTX.replace("\"markPx\":\"14.3161\"", "\"markPx\":\"0\""));
    }

    @Test
    void shouldRefuseARateGivenTwice()
    {
        assertMalformed(CTX.replace("\"funding\":\"0.0000125\"", "\"funding\":\"0.0000125\",\"funding\":\"0.1\""));
    }

    @Test
    void shouldRefuseACtxWithoutACoin()
    {
        assertMalformed(CTX.replace("\"coin\":\"BTC\",", ""));
    }

    @Test
    void shouldRefuseAFrameWithoutData()
    {
        assertMalformed("{\"channel\":\"activeAssetCtx\"}");
    }

    @Test
    void shouldRefuseTextThatIsNotJson()
    {
        assertMalformed("{\"channel\":\"l2Book\",\"data\":{\"coin\":\"BTC\"");
    }

    @Test
    void shouldRefuseABookWithoutTime()
    {
        assertMalformed(BOOK.replace(",\"time\":1737918843542", ""));
    }

    @Test
    void shouldRefuseABookWithOneSide()
    {
        assertMalformed(BOOK.replace(",[{\"n\":1,\"px\":\"105056.0\",\"sz\":\"0.5\"}]]", "]"));
    }

    @Test
    void shouldRefuseABookWithThreeSides()
    {
        assertMalformed(BOOK.replace("]],\"time\"", "],[]],\"time\""));
    }

    @Test
    void shouldRefuseALevelWithoutASize()
    {
        assertMalformed(BOOK.replace(",\"sz\":\"0.5\"", ""));
    }

    @Test
    void shouldRefuseALevelWithANegativePrice()
    {
        assertMalformed(BOOK.replace("\"px\":\"105056.0\"", "\"px\":\"-105056.0\""));
    }

    @Test
    void shouldRefuseALevelWithANegativeSize()
    {
        assertMalformed(BOOK.replace("\"sz\":\"0.5\"", "\"sz\":\"-0.5\""));
    }

    @Test
    void shouldRefuseALevelWithANegativeSizeInAnotherMemberOrder()
    {
        assertMalformed(BOOK.replace("{\"n\":1,\"px\":\"105056.0\",\"sz\":\"0.5\"}", "{\"sz\":\"-0.5\",\"px\":\"105056.0\",\"n\":1}"));
    }

    @Test
    void shouldRefuseALevelWithAZeroPriceInAnotherMemberOrder()
    {
        assertMalformed(BOOK.replace("{\"n\":1,\"px\":\"105056.0\",\"sz\":\"0.5\"}", "{\"px\":\"0\",\"sz\":\"0.5\"}"));
    }

    @Test
    void shouldRefuseABookTimeWhoseNanosecondsOverflow()
    {
        assertMalformed(BOOK.replace("1737918843542", "9223372036854775"));
    }

    @Test
    void shouldSkipTheBookOfAnUnknownCoin()
    {
        assertThat(frame(BOOK.replace("\"BTC\"", "\"DOGE\""))).isEqualTo(FrameResult.UNKNOWN_SYMBOL);
        assertThat(sink.size()).isZero();
    }

    @Test
    void shouldPublishTheNextGoodFrameAfterABadOne()
    {
        frame(CTX.replace("\"funding\":\"0.0000125\"", "\"funding\":\"x\""));

        assertThat(frame(Recordings.firstFrame(Recordings.HYPERLIQUID, "\"l2Book\""))).isEqualTo(FrameResult.PUBLISHED);
        assertThat(parser.count(FrameResult.MALFORMED)).isEqualTo(1);
    }
}
