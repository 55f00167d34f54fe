package io.fundingarb.connectors.binance.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.BookAction;
import io.fundingarb.codecs.sbe.BookUpdateDecoder;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.binance.BinanceFeed;
import io.fundingarb.connectors.binance.BinanceReferenceBooks;
import io.fundingarb.connectors.binance.BinanceWsLayout;
import io.fundingarb.connectors.feed.FeedSettings;
import io.fundingarb.connectors.feed.FeedTimings;
import io.fundingarb.connectors.parse.CapturingSink;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.parse.LockedSink;
import io.fundingarb.connectors.parse.NaiveBook;
import io.fundingarb.connectors.parse.Recordings;
import io.fundingarb.connectors.recording.FeedRecording;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.transport.IoGroup;
import io.fundingarb.connectors.transport.RestClient;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real {@link BinanceFeed} on a {@link BinanceSimulator} replaying the recorded sessions, over loopback. */
@Timeout(60)
class BinanceReplayIT
{
    private static final long WAIT_MS = 30_000;
    private static final List<String> TOKENS_2021 = List.of("SUSHI", "AKRO", "KEEP", "CTK");
    private static final Pattern LAST_UPDATE_ID = Pattern.compile("\"lastUpdateId\":(\\d+)");

    private final IoGroup io = new IoGroup(1, "fa-it-binance-replay");
    private final LockedSink sink = new LockedSink(1 << 16);
    private final SymbolTable symbols = new SymbolTable();
    private BinanceSimulator simulator;
    private BinanceFeed feed;

    @AfterEach
    void tearDown()
    {
        if (feed != null)
        {
            feed.close();
        }
        if (simulator != null)
        {
            simulator.close();
        }
        io.close();
    }

    private static Path resource(final String name)
    {
        try
        {
            return Path.of(BinanceReplayIT.class.getResource(name).toURI());
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private void start(final double speed, final List<String> tokens, final String... resources) throws Exception
    {
        final List<Path> files = new ArrayList<>();
        for (final String name : resources)
        {
            files.add(resource(name));
        }
        // the production layout: /public and /market, which the simulator enforces
        simulator = BinanceSimulator.replaying(files, SimulatorConfig.defaults().withStrictPaths(true), speed).start();
        final FeedSettings settings = FeedSettings.of(simulator.wsBaseUrl(), simulator.httpBaseUrl(), tokens, List.of("USDT"), 0.0005, 0.0002);
        feed = new BinanceFeed(settings, FeedTimings.defaults().withRetryNs(TimeUnit.MILLISECONDS.toNanos(200)), io.group(), new RestClient(io.group()),
            sink, new SystemEpochNanoClock(), symbols, BinanceWsLayout.SPLIT);
        feed.start().get(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    private static List<FeedRecording.Record> records2021()
    {
        final List<FeedRecording.Record> records = new ArrayList<>(Recordings.read(Recordings.BINANCE_WS));
        records.addAll(Recordings.read(Recordings.BINANCE_DEPTH));
        records.sort(Comparator.comparingLong(FeedRecording.Record::tsNs));
        return records;
    }

    /** The u of the last recorded diff of each symbol. */
    private static Map<String, Long> lastUpdateIds(final List<FeedRecording.Record> records)
    {
        final Pattern diff = Pattern.compile("\"e\":\"depthUpdate\".*\"s\":\"([A-Z]+)\".*\"u\":(\\d+),");
        final Map<String, Long> last = new LinkedHashMap<>();
        for (final FeedRecording.Record record : records)
        {
            final Matcher m = diff.matcher(record.text());
            if (record.kind() == FeedRecording.Kind.FRAME && m.find())
            {
                last.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        return last;
    }

    /** Waits until every symbol's book has reached the last recorded diff; true when it did. */
    private boolean awaitFinalUpdates(final Map<String, Long> lastUpdateIds) throws InterruptedException
    {
        final Map<Integer, Long> expected = new HashMap<>();
        lastUpdateIds.forEach((symbol, u) -> expected.put(symbols.instrumentId(Venue.BINANCE, symbol), u));
        final int[] scanned = {0};
        return sink.await(s ->
        {
            for (; scanned[0] < s.size(); scanned[0]++)
            {
                if (s.templateId(scanned[0]) == BookUpdateDecoder.TEMPLATE_ID)
                {
                    final BookUpdateDecoder book = s.book(scanned[0]);
                    expected.remove(book.instrumentId(), book.sequence());
                }
            }
            return expected.isEmpty();
        }, WAIT_MS);
    }

    private Map<String, NaiveBook> publishedBooks()
    {
        return sink.read(s -> books(s));
    }

    private Map<String, NaiveBook> books(final CapturingSink s)
    {
        final Map<String, NaiveBook> books = new HashMap<>();
        for (int i = 0; i < s.size(); i++)
        {
            if (s.templateId(i) == BookUpdateDecoder.TEMPLATE_ID)
            {
                final BookUpdateDecoder book = s.book(i);
                books.computeIfAbsent(symbolOf(book.instrumentId()), k -> new NaiveBook()).apply(book);
            }
        }
        return books;
    }

    /** The venue symbol of an instrument id ({@code BINANCE:BTCUSDT} is BTCUSDT). */
    private String symbolOf(final int instrumentId)
    {
        final String name = symbols.instrument(instrumentId);
        return name.substring(name.indexOf(':') + 1);
    }

    private Map<String, Long> firstSnapshotIds()
    {
        return sink.read(s ->
        {
            final Map<String, Long> ids = new HashMap<>();
            for (int i = 0; i < s.size(); i++)
            {
                if (s.templateId(i) == BookUpdateDecoder.TEMPLATE_ID && s.book(i).action() == BookAction.SNAPSHOT)
                {
                    ids.putIfAbsent(symbolOf(s.book(i).instrumentId()), s.book(i).sequence());
                }
            }
            return ids;
        });
    }

    private static Map<String, Long> recordedSnapshotIds()
    {
        final Map<String, Long> ids = new HashMap<>();
        for (final FeedRecording.Record record : Recordings.read(Recordings.BINANCE_DEPTH))
        {
            final Matcher m = LAST_UPDATE_ID.matcher(record.text());
            assertThat(m.find()).isTrue();
            ids.put(record.url().replaceAll(".*symbol=([A-Z]+).*", "$1"), Long.parseLong(m.group(1)));
        }
        return ids;
    }

    private static void assertBooksEqual(final Map<String, NaiveBook> published, final Map<String, NaiveBook> reference)
    {
        for (final Map.Entry<String, NaiveBook> expected : reference.entrySet())
        {
            final NaiveBook book = published.get(expected.getKey());
            assertThat(book).as(expected.getKey()).isNotNull();
            assertThat(book.bids).as("bids of %s", expected.getKey()).isEqualTo(expected.getValue().bids);
            assertThat(book.asks).as("asks of %s", expected.getKey()).isEqualTo(expected.getValue().asks);
        }
    }

    @Test
    void shouldSyncEveryBookFromItsRecordedSnapshotWithoutAGap() throws Exception
    {
        start(0, TOKENS_2021, Recordings.BINANCE_WS, Recordings.BINANCE_DEPTH, Recordings.BINANCE_EXCHANGE_INFO);

        assertThat(awaitFinalUpdates(lastUpdateIds(records2021()))).isTrue();
        assertThat(firstSnapshotIds()).isEqualTo(recordedSnapshotIds());
        assertThat(feed.count(FrameResult.GAP)).isZero();
        assertThat(feed.resyncs()).isZero();
        assertThat(feed.snapshots()).isEqualTo(4);
    }

    @Test
    void shouldEndWithTheBooksBuiltOfflineFromTheSameRecording() throws Exception
    {
        start(0, TOKENS_2021, Recordings.BINANCE_WS, Recordings.BINANCE_DEPTH, Recordings.BINANCE_EXCHANGE_INFO);

        assertThat(awaitFinalUpdates(lastUpdateIds(records2021()))).isTrue();
        final Map<String, NaiveBook> reference = BinanceReferenceBooks.of(records2021());
        assertThat(reference).hasSize(4);
        assertBooksEqual(publishedBooks(), reference);
        assertThat(simulator.replayer().whenFinished().get(WAIT_MS, TimeUnit.MILLISECONDS)).isEqualTo(simulator.replayer().frameCount());
    }

    @Test
    void shouldResyncFromTheReplayedBookAfterTheVenueDropsTheConnection() throws Exception
    {
        start(5, TOKENS_2021, Recordings.BINANCE_WS, Recordings.BINANCE_DEPTH, Recordings.BINANCE_EXCHANGE_INFO);
        assertThat(sink.await(s -> feed.snapshots() == 4, WAIT_MS)).isTrue();

        simulator.dropConnections();

        assertThat(awaitFinalUpdates(lastUpdateIds(records2021()))).isTrue();
        assertThat(feed.reconnects()).isPositive();
        assertThat(feed.snapshots()).isEqualTo(8);
        assertThat(feed.count(FrameResult.GAP)).isZero();
        // a resync snapshot holds the best 1000 levels, as the venue's: compare well inside them
        final Map<String, NaiveBook> published = publishedBooks();
        for (final Map.Entry<String, NaiveBook> expected : BinanceReferenceBooks.of(records2021()).entrySet())
        {
            for (final boolean bid : new boolean[] {true, false})
            {
                assertThat(published.get(expected.getKey()).top(bid, 500)).as("%s %s", expected.getKey(), bid ? "bids" : "asks")
                    .usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(expected.getValue().top(bid, 500));
            }
        }
    }

    @Test
    void shouldSyncTheHftbacktestSliceOnADerivedExchangeInfo() throws Exception
    {
        start(0, List.of("BTC"), Recordings.BINANCE_HFT);

        final List<FeedRecording.Record> records = new ArrayList<>();
        for (final FeedRecording.Record r : Recordings.read(Recordings.BINANCE_HFT))
        {
            records.add(r.text().startsWith("{\"lastUpdateId\"") ?
                new FeedRecording.Record(r.line(), r.tsNs(), FeedRecording.Kind.HTTP, "depth?symbol=BTCUSDT", "", r.text()) : r);
        }
        assertThat(feed.symbols()).containsExactly("BTCUSDT");
        assertThat(awaitFinalUpdates(lastUpdateIds(records))).isTrue();
        assertThat(feed.count(FrameResult.GAP)).isZero();
        assertBooksEqual(publishedBooks(), BinanceReferenceBooks.of(records));
    }

    @Test
    void shouldPaceTheReplayByTheRecordedTimestamps() throws Exception
    {
        final long startNs = System.nanoTime();
        start(4, List.of("BTC"), Recordings.BINANCE_HFT); // 4.94 s recorded: 1.23 s at 4x

        final long frames = simulator.replayer().whenFinished().get(WAIT_MS, TimeUnit.MILLISECONDS);
        final double elapsedS = (System.nanoTime() - startNs) / 1e9;
        assertThat(frames).isEqualTo(simulator.replayer().frameCount());
        assertThat(BigDecimal.valueOf(elapsedS)).isBetween(new BigDecimal("1.2"), new BigDecimal("5"));
    }
}
