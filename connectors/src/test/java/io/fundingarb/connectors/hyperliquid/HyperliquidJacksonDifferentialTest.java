package io.fundingarb.connectors.hyperliquid;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.Gen;
import io.fundingarb.codecs.sbe.BookUpdateDecoder;
import io.fundingarb.codecs.sbe.FundingUpdateDecoder;
import io.fundingarb.codecs.sbe.TickerUpdateDecoder;
import io.fundingarb.connectors.parse.CapturingSink;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.parse.Recordings;
import io.fundingarb.connectors.recording.FeedRecording;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * HyperliquidParser against Jackson: every field of every event the parser publishes equals what
 * Jackson reads from the same frame (the recorded l2Books, the documented ctx, and random ctx and
 * book frames in every form the parser accepts: strings or numbers, any field order, whitespace).
 */
class HyperliquidJacksonDifferentialTest
{
    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final long TS_INIT = 1_737_918_843_893_903_000L;

    private final CapturingSink sink = new CapturingSink();
    private final HyperliquidParser parser = new HyperliquidParser(sink);

    HyperliquidJacksonDifferentialTest()
    {
        parser.addInstrument("BTC", 1);
        parser.addInstrument("kPEPE", 2);
    }

    private static long fixed(final JsonNode node)
    {
        return node == null || node.isNull() ? FixedPoint.NULL : FixedPoint.parse(node.asText());
    }

    private void assertSameAsJackson(final String frame) throws Exception
    {
        parser.reset();
        sink.clear();
        final UnsafeBuffer buffer = new UnsafeBuffer(frame.getBytes(StandardCharsets.UTF_8));
        assertThat(parser.onFrame(buffer, 0, buffer.capacity(), TS_INIT)).as(frame).isEqualTo(FrameResult.PUBLISHED);
        final JsonNode root = JACKSON.readTree(frame);
        final JsonNode data = root.get("data");
        final int instrumentId = data.get("coin").asText().equals("BTC") ? 1 : 2;
        if (root.get("channel").asText().equals("l2Book"))
        {
            assertBook(frame, data, instrumentId);
        }
        else
        {
            assertCtx(frame, data.get("ctx"), instrumentId);
        }
    }

    private void assertCtx(final String frame, final JsonNode ctx, final int instrumentId)
    {
        final FundingUpdateDecoder funding = sink.funding(0);
        assertThat(funding.instrumentId()).as(frame).isEqualTo(instrumentId);
        assertThat(funding.fundingRate()).as(frame).isEqualTo(fixed(ctx.get("funding")));
        assertThat(funding.markPrice()).as(frame).isEqualTo(fixed(ctx.get("markPx")));
        assertThat(funding.indexPrice()).as(frame).isEqualTo(fixed(ctx.get("oraclePx")));
        assertThat(funding.fundingIntervalS()).isEqualTo(3600);
        assertThat(funding.nextFundingTsNs()).isEqualTo((TS_INIT / 3_600_000_000_000L + 1) * 3_600_000_000_000L);
        final long volume = fixed(ctx.get("dayNtlVlm"));
        if (volume == FixedPoint.NULL)
        {
            assertThat(sink.size()).as(frame).isEqualTo(1);
            return;
        }
        final TickerUpdateDecoder ticker = sink.ticker(1);
        assertThat(ticker.instrumentId()).isEqualTo(instrumentId);
        assertThat(ticker.quoteVolume24h()).as(frame).isEqualTo(volume);
    }

    private void assertBook(final String frame, final JsonNode data, final int instrumentId)
    {
        final BookUpdateDecoder book = sink.book(0);
        assertThat(book.instrumentId()).isEqualTo(instrumentId);
        assertThat(book.sequence()).as(frame).isEqualTo(data.get("time").asLong());
        assertThat(book.tsEventNs()).as(frame).isEqualTo(data.get("time").asLong() * 1_000_000L);
        final List<long[]> bids = new ArrayList<>();
        for (final BookUpdateDecoder.BidsDecoder level : book.bids())
        {
            bids.add(new long[] {level.price(), level.size()});
        }
        final List<long[]> asks = new ArrayList<>();
        for (final BookUpdateDecoder.AsksDecoder level : book.asks())
        {
            asks.add(new long[] {level.price(), level.size()});
        }
        assertThat(bids).as(frame).containsExactlyElementsOf(levels(data.get("levels").get(0)));
        assertThat(asks).as(frame).containsExactlyElementsOf(levels(data.get("levels").get(1)));
    }

    private static List<long[]> levels(final JsonNode side)
    {
        final List<long[]> out = new ArrayList<>();
        for (final JsonNode level : side)
        {
            out.add(new long[] {fixed(level.get("px")), fixed(level.get("sz"))});
        }
        return out;
    }

    @Test
    void shouldReadEveryRecordedBookAsJacksonDoes() throws Exception
    {
        int compared = 0;
        for (final FeedRecording.Record record : Recordings.read(Recordings.HYPERLIQUID))
        {
            if (record.text().contains("\"l2Book\""))
            {
                assertSameAsJackson(record.text());
                compared++;
            }
        }
        assertThat(compared).isEqualTo(46);
    }

    @Test
    void shouldReadTheDocumentedCtxAsJacksonDoes() throws Exception
    {
        assertSameAsJackson(HyperliquidParserTest.CTX);
    }

    @Test
    void shouldReadRandomCtxFramesAsJacksonDoes()
    {
        Gen.forAll("shouldReadRandomCtxFramesAsJacksonDoes", 500, g ->
        {
            final List<String> fields = new ArrayList<>();
            fields.add(field(g, "funding", decimal(g, true, 7)));
            fields.add(field(g, "markPx", decimal(g, false, 6)));
            if (g.chance(0.8))
            {
                fields.add(field(g, "oraclePx", decimal(g, false, 6)));
            }
            if (g.chance(0.8))
            {
                fields.add(field(g, "dayNtlVlm", decimal(g, false, 6)));
            }
            fields.add(field(g, "openInterest", decimal(g, false, 3)));
            fields.add(g.chance(0.5) ? "\"impactPxs\":[\"1.5\",\"1.6\"]" : "\"impactPxs\":null");
            fields.add(g.chance(0.5) ? "\"midPx\":null" : field(g, "midPx", decimal(g, false, 4)));
            java.util.Collections.shuffle(fields, new java.util.Random(g.anyLong()));
            final String coin = g.of("BTC", "kPEPE");
            final String space = g.chance(0.3) ? " " : "";
            final String frame = "{\"channel\":\"activeAssetCtx\"," + space + "\"data\":{\"coin\":\"" + coin + "\",\"ctx\":{"
                + String.join("," + space, fields) + "}}}";
            assertSameAsJackson(frame);
        });
    }

    @Test
    void shouldReadRandomBooksAsJacksonDoes()
    {
        Gen.forAll("shouldReadRandomBooksAsJacksonDoes", 300, g ->
        {
            final String bids = side(g);
            final String asks = side(g);
            final String time = "\"time\":" + g.between(1L, 4_000_000_000_000L);
            final String levels = "\"levels\":[" + bids + "," + asks + "]";
            final String body = g.anyBoolean() ? levels + "," + time : time + "," + levels;
            assertSameAsJackson("{\"channel\":\"l2Book\",\"data\":{\"coin\":\"BTC\"," + body + "}}");
        });
    }

    private static String side(final Gen g)
    {
        final List<String> levels = new ArrayList<>();
        final int count = g.between(0, 30);
        for (int i = 0; i < count; i++)
        {
            final List<String> fields = new ArrayList<>(List.of(
                field(g, "px", decimal(g, false, 5)), field(g, "sz", decimal(g, false, 5)), "\"n\":" + g.between(1, 50)));
            java.util.Collections.shuffle(fields, new java.util.Random(g.anyLong()));
            levels.add("{" + String.join(",", fields) + "}");
        }
        return "[" + String.join(",", levels) + "]";
    }

    /** A name and a decimal, as a string or (sometimes) a number. */
    private static String field(final Gen g, final String name, final String decimal)
    {
        return "\"" + name + "\":" + (g.chance(0.2) ? decimal : "\"" + decimal + "\"");
    }

    /** A positive decimal (or a rate of either sign within the cap) with up to {@code decimals} decimals. */
    private static String decimal(final Gen g, final boolean rate, final int decimals)
    {
        if (rate)
        {
            final long units = g.between(-4_000_000L, 4_000_000L); // ±0.04 at 1e-8
            return FixedPoint.toString(units * 10);
        }
        final long whole = g.between(0L, 200_000L);
        final int places = g.between(0, decimals);
        long fraction = 0;
        for (int i = 0; i < places; i++)
        {
            fraction = fraction * 10 + g.between(0, 9);
        }
        if (whole == 0 && fraction == 0)
        {
            return "1";
        }
        return places == 0 ? Long.toString(whole) : whole + "." + String.format("%0" + places + "d", fraction);
    }
}
