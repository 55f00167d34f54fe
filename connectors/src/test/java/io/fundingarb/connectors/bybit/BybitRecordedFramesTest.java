package io.fundingarb.connectors.bybit;

import static io.fundingarb.connectors.parse.Recordings.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.BookUpdateDecoder;
import io.fundingarb.codecs.sbe.FundingUpdateDecoder;
import io.fundingarb.codecs.sbe.TickerUpdateDecoder;
import io.fundingarb.connectors.parse.CapturingSink;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.parse.NaiveBook;
import io.fundingarb.connectors.parse.Recordings;
import io.fundingarb.connectors.recording.FeedRecording;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class BybitRecordedFramesTest
{
    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT", "DOGEUSDT");
    private static final String LINEAR = "BYBIT.ws.2";
    private static final String SPOT = "BYBIT.ws.3";

    private static BybitParser parser(final CapturingSink sink)
    {
        final BybitParser parser = new BybitParser(sink);
        for (int i = 0; i < SYMBOLS.size(); i++)
        {
            parser.addInstrument(SYMBOLS.get(i), 200 + i, 480 * 60);
        }
        return parser;
    }

    private static List<FeedRecording.Record> frames(final String conn)
    {
        return Recordings.read(Recordings.BYBIT).stream()
            .filter(r -> r.kind() == FeedRecording.Kind.FRAME && r.conn().equals(conn))
            .collect(Collectors.toList());
    }

    @Test
    void shouldParseEveryRecordedFrameWithoutAMalformedOneOrAGap()
    {
        for (final String conn : List.of(LINEAR, SPOT))
        {
            final BybitParser parser = parser(new CapturingSink());
            for (final FeedRecording.Record record : frames(conn))
            {
                final UnsafeBuffer buffer = bytes(record.text());
                final int result = parser.onFrame(buffer, 0, buffer.capacity(), record.tsNs());
                assertThat(result).as("%s line %d: %s", conn, record.line(), record.text())
                    .isIn(FrameResult.PUBLISHED, FrameResult.IGNORED);
            }
            assertThat(parser.count(FrameResult.PUBLISHED)).isGreaterThan(conn.equals(LINEAR) ? 1700 : 10);
        }
    }

    @Test
    void shouldPublishTheExactFundingOfTheFirstRecordedBtcTicker()
    {
        final CapturingSink sink = new CapturingSink();
        final BybitParser parser = parser(sink);
        final FeedRecording.Record first = frames(LINEAR).stream().filter(r -> r.text().contains("tickers.BTCUSDT")).findFirst().orElseThrow();
        final UnsafeBuffer buffer = bytes(first.text());

        parser.onFrame(buffer, 0, buffer.capacity(), first.tsNs());

        final FundingUpdateDecoder funding = sink.funding(0);
        assertThat(funding.instrumentId()).isEqualTo(200);
        assertThat(funding.tsEventNs()).isEqualTo(1786310817583L * 1_000_000L);
        assertThat(funding.markPrice()).isEqualTo(65_117_440_000_000L);
        assertThat(funding.indexPrice()).isEqualTo(65_137_760_000_000L);
        assertThat(funding.fundingRate()).isEqualTo(100_000L);
        assertThat(funding.nextFundingTsNs()).isEqualTo(1786320000000L * 1_000_000L);
        assertThat(funding.fundingIntervalS()).isEqualTo(8 * 3600);
        final TickerUpdateDecoder ticker = sink.ticker(1);
        assertThat(ticker.quoteVolume24h()).isEqualTo(FixedPoint.parse("1142118412.9021"));
        assertThat(ticker.bidPrice()).isEqualTo(FixedPoint.parse("65114.20"));
        assertThat(ticker.askPrice()).isEqualTo(FixedPoint.parse("65114.30"));
        assertThat(ticker.lastPrice()).isEqualTo(FixedPoint.parse("65114.30"));
    }

    @Test
    void shouldMergeEveryRecordedTickerDeltaLikeANaiveJacksonMerge() throws Exception
    {
        final CapturingSink sink = new CapturingSink();
        final BybitParser parser = parser(sink);
        final Map<String, Map<String, String>> merged = new HashMap<>();
        int checked = 0;
        for (final FeedRecording.Record record : frames(LINEAR))
        {
            final JsonNode root = JACKSON.readTree(record.text());
            if (!root.path("topic").asText().startsWith("tickers."))
            {
                continue;
            }
            final String symbol = root.get("data").get("symbol").asText();
            if ("snapshot".equals(root.get("type").asText()))
            {
                merged.put(symbol, new HashMap<>());
            }
            for (final Iterator<Map.Entry<String, JsonNode>> it = root.get("data").fields(); it.hasNext();)
            {
                final Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().asText().isEmpty())
                {
                    merged.get(symbol).put(e.getKey(), e.getValue().asText());
                }
            }
            sink.clear();
            final UnsafeBuffer buffer = bytes(record.text());
            parser.onFrame(buffer, 0, buffer.capacity(), record.tsNs());
            final Map<String, String> expected = merged.get(symbol);
            for (int i = 0; i < sink.size(); i++)
            {
                if (sink.templateId(i) == FundingUpdateDecoder.TEMPLATE_ID)
                {
                    final FundingUpdateDecoder funding = sink.funding(i);
                    assertThat(funding.fundingRate()).isEqualTo(FixedPoint.parse(expected.get("fundingRate")));
                    assertThat(funding.markPrice()).isEqualTo(FixedPoint.parse(expected.get("markPrice")));
                    assertThat(funding.indexPrice()).isEqualTo(FixedPoint.parse(expected.get("indexPrice")));
                    assertThat(funding.nextFundingTsNs()).isEqualTo(Long.parseLong(expected.get("nextFundingTime")) * 1_000_000L);
                    assertThat(funding.fundingIntervalS()).isEqualTo(Integer.parseInt(expected.get("fundingIntervalHour")) * 3600);
                }
                else
                {
                    final TickerUpdateDecoder ticker = sink.ticker(i);
                    assertThat(ticker.quoteVolume24h()).isEqualTo(FixedPoint.parse(expected.get("turnover24h")));
                    assertThat(ticker.bidPrice()).isEqualTo(FixedPoint.parse(expected.get("bid1Price")));
                    assertThat(ticker.askPrice()).isEqualTo(FixedPoint.parse(expected.get("ask1Price")));
                    assertThat(ticker.lastPrice()).isEqualTo(FixedPoint.parse(expected.get("lastPrice")));
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(150);
    }

    @Test
    void shouldRebuildTheRecordedBooksLikeANaiveReference() throws Exception
    {
        for (final int slot : new int[] {1 << 16, 4096})
        {
            final CapturingSink sink = new CapturingSink(slot);
            final BybitParser parser = parser(sink);
            final Map<Integer, NaiveBook> reference = new HashMap<>();
            for (final FeedRecording.Record record : frames(LINEAR))
            {
                final UnsafeBuffer buffer = bytes(record.text());
                parser.onFrame(buffer, 0, buffer.capacity(), record.tsNs());
                final JsonNode root = JACKSON.readTree(record.text());
                if (root.path("topic").asText().startsWith("orderbook."))
                {
                    final JsonNode data = root.get("data");
                    final NaiveBook book = reference.computeIfAbsent(200 + SYMBOLS.indexOf(data.get("s").asText()), k -> new NaiveBook());
                    if ("snapshot".equals(root.get("type").asText()))
                    {
                        book.clear();
                    }
                    data.get("b").forEach(l -> book.set(true, FixedPoint.parse(l.get(0).asText()), FixedPoint.parse(l.get(1).asText())));
                    data.get("a").forEach(l -> book.set(false, FixedPoint.parse(l.get(0).asText()), FixedPoint.parse(l.get(1).asText())));
                }
            }
            final Map<Integer, NaiveBook> published = new HashMap<>();
            for (int i = 0; i < sink.size(); i++)
            {
                if (sink.templateId(i) == BookUpdateDecoder.TEMPLATE_ID)
                {
                    final BookUpdateDecoder update = sink.book(i);
                    published.computeIfAbsent(update.instrumentId(), k -> new NaiveBook()).apply(update);
                }
            }
            assertThat(parser.gaps()).isZero();
            for (int id = 200; id < 204; id++)
            {
                if (slot > 4096)
                {
                    assertThat(published.get(id).bids).isEqualTo(reference.get(id).bids);
                    assertThat(published.get(id).asks).isEqualTo(reference.get(id).asks);
                }
                else
                {
                    assertThat(parser.truncatedSnapshots()).isEqualTo(4);
                    for (final boolean bid : new boolean[] {true, false})
                    {
                        assertThat(published.get(id).top(bid, 20)).usingRecursiveFieldByFieldElementComparator()
                            .containsExactlyElementsOf(reference.get(id).top(bid, 20));
                    }
                }
            }
        }
    }
}
