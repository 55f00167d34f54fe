package io.fundingarb.connectors.kraken;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.Gen;
import io.fundingarb.codecs.sbe.BookAction;
import io.fundingarb.codecs.sbe.BookUpdateDecoder;
import io.fundingarb.codecs.sbe.FundingUpdateDecoder;
import io.fundingarb.codecs.sbe.TickerUpdateDecoder;
import io.fundingarb.connectors.parse.CapturingSink;
import io.fundingarb.connectors.parse.FrameResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * KrakenParser against Jackson: every field of every event the parser publishes equals what
 * Jackson reads from the same frame (the documented ticker and snapshot, and random tickers and
 * snapshots in any field order, numbers plain or in exponent form, with whitespace).
 */
class KrakenJacksonDifferentialTest
{
    private static final ObjectMapper JACKSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final long TS_INIT = 1_612_270_825_300_000_000L;

    private final CapturingSink sink = new CapturingSink();
    private final KrakenParser parser = new KrakenParser(sink);

    KrakenJacksonDifferentialTest()
    {
        parser.addInstrument("PF_XBTUSD", 1);
        parser.addInstrument("PI_XBTUSD", 2);
    }

    private static long fixed(final JsonNode node)
    {
        return node == null || node.isNull() ? FixedPoint.NULL : FixedPoint.parse(node.decimalValue().toPlainString());
    }

    private void assertSameAsJackson(final String frame) throws Exception
    {
        parser.reset();
        sink.clear();
        final UnsafeBuffer buffer = new UnsafeBuffer(frame.getBytes(StandardCharsets.UTF_8));
        assertThat(parser.onFrame(buffer, 0, buffer.capacity(), TS_INIT)).as(frame).isEqualTo(FrameResult.PUBLISHED);
        final JsonNode root = JACKSON.readTree(frame);
        final int instrumentId = root.get("product_id").asText().equals("PF_XBTUSD") ? 1 : 2;
        if (root.get("feed").asText().equals("book_snapshot"))
        {
            assertSnapshot(frame, root, instrumentId);
            return;
        }
        final FundingUpdateDecoder funding = sink.funding(0);
        assertThat(funding.instrumentId()).as(frame).isEqualTo(instrumentId);
        assertThat(funding.fundingRate()).as(frame).isEqualTo(fixed(root.get("relative_funding_rate")));
        assertThat(funding.nextFundingTsNs()).as(frame).isEqualTo(root.get("next_funding_rate_time").asLong() * 1_000_000L);
        assertThat(funding.markPrice()).as(frame).isEqualTo(fixed(root.get("markPrice")));
        assertThat(funding.indexPrice()).as(frame).isEqualTo(fixed(root.get("index")));
        assertThat(funding.tsEventNs()).as(frame).isEqualTo(root.get("time").asLong() * 1_000_000L);
        final TickerUpdateDecoder ticker = sink.ticker(1);
        assertThat(ticker.bidPrice()).as(frame).isEqualTo(fixed(root.get("bid")));
        assertThat(ticker.askPrice()).as(frame).isEqualTo(fixed(root.get("ask")));
        assertThat(ticker.lastPrice()).as(frame).isEqualTo(fixed(root.get("last")));
        assertThat(ticker.quoteVolume24h()).as(frame).isEqualTo(fixed(root.get("volumeQuote")));
    }

    private void assertSnapshot(final String frame, final JsonNode root, final int instrumentId)
    {
        final BookUpdateDecoder book = sink.book(0);
        assertThat(book.instrumentId()).isEqualTo(instrumentId);
        assertThat(book.action()).isEqualTo(BookAction.SNAPSHOT);
        assertThat(book.sequence()).as(frame).isEqualTo(root.get("seq").asLong());
        final BookUpdateDecoder.BidsDecoder bids = book.bids();
        assertThat(bids.count()).as(frame).isEqualTo(root.get("bids").size());
        for (final JsonNode level : root.get("bids"))
        {
            bids.next();
            assertThat(bids.price()).as(frame).isEqualTo(fixed(level.get("price")));
            assertThat(bids.size()).as(frame).isEqualTo(fixed(level.get("qty")));
        }
        final BookUpdateDecoder.AsksDecoder asks = book.asks();
        assertThat(asks.count()).as(frame).isEqualTo(root.get("asks").size());
        for (final JsonNode level : root.get("asks"))
        {
            asks.next();
            assertThat(asks.price()).as(frame).isEqualTo(fixed(level.get("price")));
            assertThat(asks.size()).as(frame).isEqualTo(fixed(level.get("qty")));
        }
    }

    @Test
    void shouldReadTheDocumentedFramesAsJacksonDoes() throws Exception
    {
        assertSameAsJackson(KrakenParserTest.TICKER.replace("}", ",\"volumeQuote\":262306237}"));
        assertSameAsJackson(KrakenParserTest.SNAPSHOT);
    }

    @Test
    void shouldReadRandomTickersAsJacksonDoes()
    {
        Gen.forAll("shouldReadRandomTickersAsJacksonDoes", 500, g ->
        {
            final long time = g.between(1L, 4_000_000_000_000L);
            final List<String> fields = new ArrayList<>(List.of(
                "\"feed\":\"ticker\"",
                "\"product_id\":\"" + g.of("PF_XBTUSD", "PI_XBTUSD") + "\"",
                "\"time\":" + time,
                "\"next_funding_rate_time\":" + (time + g.between(1L, 3_600_000L)),
                "\"relative_funding_rate\":" + rate(g),
                "\"funding_rate\":" + rate(g) + "1",
                "\"markPrice\":" + decimal(g, 6),
                "\"index\":" + decimal(g, 6),
                "\"bid\":" + decimal(g, 6),
                "\"ask\":" + decimal(g, 6),
                "\"last\":" + decimal(g, 6),
                "\"volumeQuote\":" + decimal(g, 4),
                "\"leverage\":\"50x\"",
                "\"suspended\":false"));
            Collections.shuffle(fields, new Random(g.anyLong()));
            final String space = g.chance(0.3) ? " " : "";
            try
            {
                assertSameAsJackson("{" + space + String.join("," + space, fields) + "}");
            }
            catch (final Exception e)
            {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void shouldReadRandomSnapshotsAsJacksonDoes()
    {
        Gen.forAll("shouldReadRandomSnapshotsAsJacksonDoes", 300, g ->
        {
            final List<String> fields = new ArrayList<>(List.of(
                "\"feed\":\"book_snapshot\"",
                "\"product_id\":\"PF_XBTUSD\"",
                "\"timestamp\":" + g.between(1L, 4_000_000_000_000L),
                "\"seq\":" + g.between(1L, 1L << 40),
                "\"tickSize\":null",
                "\"bids\":" + side(g),
                "\"asks\":" + side(g)));
            Collections.shuffle(fields, new Random(g.anyLong()));
            try
            {
                assertSameAsJackson("{" + String.join(",", fields) + "}");
            }
            catch (final Exception e)
            {
                throw new AssertionError(e);
            }
        });
    }

    private static String side(final Gen g)
    {
        final List<String> levels = new ArrayList<>();
        final int count = g.between(0, 30);
        for (int i = 0; i < count; i++)
        {
            final List<String> fields = new ArrayList<>(List.of("\"price\":" + decimal(g, 5), "\"qty\":" + decimal(g, 4)));
            Collections.shuffle(fields, new Random(g.anyLong()));
            levels.add("{" + String.join(",", fields) + "}");
        }
        return "[" + String.join(",", levels) + "]";
    }

    /** A non-zero relative rate within the bound, plain or in exponent form. */
    private static String rate(final Gen g)
    {
        long units = g.between(-1_000_000L, 1_000_000L); // ±0.01 at 1e-8
        if (units == 0)
        {
            units = 1;
        }
        final String plain = FixedPoint.toString(units * 10);
        return g.chance(0.3) ? new java.math.BigDecimal(plain).stripTrailingZeros().toString().replace("E", "e") : plain;
    }

    /** A positive decimal with up to {@code decimals} decimals. */
    private static String decimal(final Gen g, final int decimals)
    {
        final long whole = g.between(0L, 200_000L);
        final int places = g.between(0, decimals);
        long fraction = 0;
        for (int i = 0; i < places; i++)
        {
            fraction = fraction * 10 + g.between(1, 9);
        }
        if (whole == 0 && fraction == 0)
        {
            return "1";
        }
        return places == 0 ? Long.toString(whole) : whole + "." + String.format("%0" + places + "d", fraction);
    }
}
