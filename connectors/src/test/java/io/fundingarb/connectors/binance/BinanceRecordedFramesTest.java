package io.fundingarb.connectors.binance;

import static io.fundingarb.connectors.parse.Recordings.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.BookUpdateDecoder;
import io.fundingarb.codecs.sbe.TickerUpdateDecoder;
import io.fundingarb.connectors.parse.CapturingSink;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.parse.NaiveBook;
import io.fundingarb.connectors.parse.Recordings;
import io.fundingarb.connectors.recording.FeedRecording;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class BinanceRecordedFramesTest
{
    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final List<String> SYMBOLS = List.of("SUSHIUSDT", "AKROUSDT", "KEEPUSDT", "CTKUSDT", "BTCUSDT");

    private static BinanceParser parser(final CapturingSink sink, final boolean sync)
    {
        final BinanceParser parser = new BinanceParser(sink, Integer.MAX_VALUE, sync, 8 << 20);
        for (int i = 0; i < SYMBOLS.size(); i++)
        {
            parser.addInstrument(SYMBOLS.get(i), 100 + i);
        }
        return parser;
    }

    private static List<FeedRecording.Record> frames()
    {
        final List<FeedRecording.Record> frames = new ArrayList<>(Recordings.read(Recordings.BINANCE_WS));
        frames.addAll(Recordings.read(Recordings.BINANCE_HFT));
        return frames;
    }

    @Test
    void shouldParseEveryRecordedFrameWithoutAMalformedOne()
    {
        final CapturingSink sink = new CapturingSink();
        final BinanceParser parser = parser(sink, false);
        int frames = 0;
        for (final FeedRecording.Record record : frames())
        {
            final UnsafeBuffer buffer = bytes(record.text());
            final int result = parser.onFrame(buffer, 0, buffer.capacity(), record.tsNs());
            assertThat(result).as("line %d: %s", record.line(), record.text()).isIn(FrameResult.PUBLISHED, FrameResult.IGNORED);
            frames++;
        }

        assertThat(frames).isEqualTo(1535 + 1000);
        assertThat(parser.count(FrameResult.MALFORMED)).isZero();
        assertThat(parser.count(FrameResult.UNKNOWN_SYMBOL)).isZero();
        assertThat(parser.count(FrameResult.PUBLISHED)).isGreaterThan(1000);
    }

    @Test
    void shouldExtractTheSameLevelsAndPricesAsJacksonFromEveryRecordedFrame() throws Exception
    {
        final CapturingSink sink = new CapturingSink();
        final BinanceParser parser = parser(sink, false);
        int checked = 0;
        for (final FeedRecording.Record record : frames())
        {
            sink.clear();
            final UnsafeBuffer buffer = bytes(record.text());
            parser.onFrame(buffer, 0, buffer.capacity(), record.tsNs());
            final JsonNode root = JACKSON.readTree(record.text());
            final JsonNode data = root.has("data") ? root.get("data") : root;
            final String event = data.path("e").asText();
            if ("depthUpdate".equals(event))
            {
                final List<long[]> bids = new ArrayList<>();
                final List<long[]> asks = new ArrayList<>();
                for (int i = 0; i < sink.size(); i++)
                {
                    final BookUpdateDecoder book = sink.book(i);
                    assertThat(book.sequence()).isEqualTo(data.get("u").asLong());
                    book.bids().forEach(l -> bids.add(new long[] {l.price(), l.size()}));
                    book.asks().forEach(l -> asks.add(new long[] {l.price(), l.size()}));
                }
                assertThat(sink.book(0).prevSequence()).isEqualTo(data.get("pu").asLong());
                assertThat(bids).containsExactlyElementsOf(levels(data.get("b")));
                assertThat(asks).containsExactlyElementsOf(levels(data.get("a")));
                checked++;
            }
            else if ("bookTicker".equals(event))
            {
                final TickerUpdateDecoder ticker = sink.ticker(0);
                assertThat(ticker.bidPrice()).isEqualTo(FixedPoint.parse(data.get("b").asText()));
                assertThat(ticker.askPrice()).isEqualTo(FixedPoint.parse(data.get("a").asText()));
                assertThat(ticker.tsEventNs()).isEqualTo(data.get("T").asLong() * 1_000_000L);
                checked++;
            }
            else
            {
                assertThat(sink.size()).isZero();
            }
        }
        assertThat(checked).isGreaterThan(1000);
    }

    private static List<long[]> levels(final JsonNode array)
    {
        final List<long[]> levels = new ArrayList<>();
        array.forEach(level -> levels.add(new long[] {FixedPoint.parse(level.get(0).asText()), FixedPoint.parse(level.get(1).asText())}));
        return levels;
    }

    @Test
    void shouldPublishTheExactLevelsOfARecordedDepthUpdate()
    {
        final CapturingSink sink = new CapturingSink();
        final BinanceParser parser = parser(sink, false);
        final FeedRecording.Record first = frames().stream().filter(r -> r.text().contains("sushiusdt@depth")).findFirst().orElseThrow();
        final UnsafeBuffer buffer = bytes(first.text());

        parser.onFrame(buffer, 0, buffer.capacity(), first.tsNs());

        final BookUpdateDecoder book = sink.book(0);
        assertThat(book.instrumentId()).isEqualTo(100);
        assertThat(book.sequence()).isEqualTo(600859600917L);
        assertThat(book.prevSequence()).isEqualTo(600859598061L);
        assertThat(book.tsInitNs()).isEqualTo(1626992741081672000L);
        final BookUpdateDecoder.BidsDecoder bids = book.bids();
        assertThat(bids.count()).isEqualTo(3);
        bids.next();
        assertThat(bids.next().price()).isEqualTo(7_609_000_000L);
        assertThat(bids.size()).isZero();
        assertThat(bids.next().price()).isEqualTo(7_611_000_000L);
        assertThat(bids.size()).isEqualTo(2_000_000_000L);
    }

    @Test
    void shouldSyncThe2021RecordingWithoutAGapAndMatchTheNaiveBook()
    {
        final List<FeedRecording.Record> records = new ArrayList<>(Recordings.read(Recordings.BINANCE_WS));
        records.addAll(Recordings.read(Recordings.BINANCE_DEPTH));
        records.sort(Comparator.comparingLong(FeedRecording.Record::tsNs));

        final Map<Integer, NaiveBook> published = replaySynced(records, new CapturingSink(1 << 16), 4);
        final Map<Integer, NaiveBook> reference = referenceBooks(records);

        for (int id = 100; id < 104; id++)
        {
            assertThat(published.get(id).bids).as("bids of %d", id).isEqualTo(reference.get(id).bids);
            assertThat(published.get(id).asks).as("asks of %d", id).isEqualTo(reference.get(id).asks);
            assertThat(published.get(id).bids).hasSizeGreaterThan(300);
        }
    }

    @Test
    void shouldKeepTheTopOfTheBookExactWhenSnapshotsAreTruncatedToTheSlot()
    {
        final List<FeedRecording.Record> records = new ArrayList<>(Recordings.read(Recordings.BINANCE_WS));
        records.addAll(Recordings.read(Recordings.BINANCE_DEPTH));
        records.sort(Comparator.comparingLong(FeedRecording.Record::tsNs));

        final Map<Integer, NaiveBook> published = replaySynced(records, new CapturingSink(4096), 4);
        final Map<Integer, NaiveBook> reference = referenceBooks(records);

        for (int id = 100; id < 104; id++)
        {
            for (final boolean bid : new boolean[] {true, false})
            {
                assertThat(published.get(id).top(bid, 20)).usingRecursiveFieldByFieldElementComparator()
                    .containsExactlyElementsOf(reference.get(id).top(bid, 20));
            }
        }
    }

    @Test
    void shouldSyncTheHftbacktestSliceWithoutAGap()
    {
        final List<FeedRecording.Record> records = new ArrayList<>();
        for (final FeedRecording.Record r : Recordings.read(Recordings.BINANCE_HFT))
        {
            records.add(r.text().startsWith("{\"lastUpdateId\"") ?
                new FeedRecording.Record(r.line(), r.tsNs(), FeedRecording.Kind.HTTP, "depth?symbol=BTCUSDT", "", r.text()) : r);
        }

        final Map<Integer, NaiveBook> published = replaySynced(records, new CapturingSink(4096), 1);
        final Map<Integer, NaiveBook> reference = referenceBooks(records);

        for (final boolean bid : new boolean[] {true, false})
        {
            assertThat(published.get(104).top(bid, 20)).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(reference.get(104).top(bid, 20));
        }
    }

    /** Runs the records through a syncing parser; returns the books rebuilt from what it published. */
    private static Map<Integer, NaiveBook> replaySynced(final List<FeedRecording.Record> records, final CapturingSink sink, final int expectedLive)
    {
        final BinanceParser parser = parser(sink, true);
        for (final FeedRecording.Record record : records)
        {
            final UnsafeBuffer buffer = bytes(record.text());
            final int result;
            if (record.kind() == FeedRecording.Kind.HTTP)
            {
                final String symbol = record.url().replaceAll(".*symbol=([A-Z]+).*", "$1");
                result = parser.onDepthSnapshot(parser.instrumentIndex(symbol), buffer, 0, buffer.capacity(), record.tsNs());
            }
            else
            {
                result = parser.onFrame(buffer, 0, buffer.capacity(), record.tsNs());
            }
            assertThat(result).as("line %d", record.line()).isNotIn(FrameResult.GAP, FrameResult.MALFORMED, FrameResult.OVERSIZED);
        }
        assertThat(parser.count(FrameResult.GAP)).isZero();
        int live = 0;
        for (int i = 0; i < parser.instrumentCount(); i++)
        {
            live += parser.bookSync(i).state() == BinanceBookSync.LIVE ? 1 : 0;
        }
        assertThat(live).isEqualTo(expectedLive);

        final Map<Integer, NaiveBook> books = new HashMap<>();
        for (int i = 0; i < sink.size(); i++)
        {
            if (sink.templateId(i) == BookUpdateDecoder.TEMPLATE_ID)
            {
                final BookUpdateDecoder book = sink.book(i);
                books.computeIfAbsent(book.instrumentId(), k -> new NaiveBook()).apply(book);
            }
        }
        return books;
    }

    /** The documented procedure written naively (see {@link BinanceReferenceBooks}), by instrument id. */
    private static Map<Integer, NaiveBook> referenceBooks(final List<FeedRecording.Record> records)
    {
        final Map<Integer, NaiveBook> books = new HashMap<>();
        BinanceReferenceBooks.of(records).forEach((symbol, book) -> books.put(100 + SYMBOLS.indexOf(symbol), book));
        return books;
    }
}
