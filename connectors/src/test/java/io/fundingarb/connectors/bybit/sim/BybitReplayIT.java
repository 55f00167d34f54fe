package io.fundingarb.connectors.bybit.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.BookUpdateDecoder;
import io.fundingarb.codecs.sbe.FundingUpdateDecoder;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.bybit.BybitFeed;
import io.fundingarb.connectors.feed.FeedSettings;
import io.fundingarb.connectors.feed.FeedTimings;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.parse.LockedSink;
import io.fundingarb.connectors.parse.NaiveBook;
import io.fundingarb.connectors.parse.Recordings;
import io.fundingarb.connectors.recording.FeedRecording;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.transport.IoGroup;
import io.fundingarb.connectors.transport.RestClient;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real {@link BybitFeed} on a {@link BybitSimulator} replaying the recorded 2026 session, over loopback. */
@Timeout(60)
class BybitReplayIT
{
    private static final long WAIT_MS = 30_000;
    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT", "DOGEUSDT");

    private final IoGroup io = new IoGroup(1, "fa-it-bybit-replay");
    private final LockedSink sink = new LockedSink(1 << 16);
    private final SymbolTable symbols = new SymbolTable();
    private BybitSimulator simulator;
    private BybitFeed feed;

    /** Per symbol: the recorded linear frames' last funding rate, last book update id, and the book they build. */
    private final Map<String, String> recordedRates = new LinkedHashMap<>();
    private final Map<String, Long> recordedLastU = new LinkedHashMap<>();
    private final Map<String, NaiveBook> recordedBooks = new HashMap<>();

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

    private void start(final double speed) throws Exception
    {
        readRecording();
        simulator = BybitSimulator.replaying(List.of(Path.of(BybitReplayIT.class.getResource(Recordings.BYBIT).toURI())),
            SimulatorConfig.defaults(), speed).start();
        final FeedSettings settings = FeedSettings.of(simulator.wsBaseUrl(), simulator.httpBaseUrl(), List.of("BTC", "ETH", "SOL", "DOGE"),
            List.of("USDT"), 0.00055, 0.0002);
        feed = new BybitFeed(settings, FeedTimings.defaults().withRetryNs(TimeUnit.MILLISECONDS.toNanos(500)), io.group(), new RestClient(io.group()),
            sink, new SystemEpochNanoClock(), symbols);
        feed.start().get(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    private void readRecording() throws Exception
    {
        for (final FeedRecording.Record record : Recordings.read(Recordings.BYBIT))
        {
            if (record.kind() != FeedRecording.Kind.FRAME || !record.url().endsWith("/v5/public/linear"))
            {
                continue;
            }
            final JsonNode root = JACKSON.readTree(record.text());
            final String topic = root.path("topic").asText();
            final JsonNode data = root.path("data");
            if (topic.startsWith("tickers.") && data.has("fundingRate"))
            {
                recordedRates.put(data.get("symbol").asText(), data.get("fundingRate").asText());
            }
            else if (topic.startsWith("orderbook."))
            {
                final String symbol = data.get("s").asText();
                final NaiveBook book = recordedBooks.computeIfAbsent(symbol, k -> new NaiveBook());
                if ("snapshot".equals(root.path("type").asText()))
                {
                    book.clear();
                }
                data.get("b").forEach(l -> book.set(true, FixedPoint.parse(l.get(0).asText()), FixedPoint.parse(l.get(1).asText())));
                data.get("a").forEach(l -> book.set(false, FixedPoint.parse(l.get(0).asText()), FixedPoint.parse(l.get(1).asText())));
                recordedLastU.put(symbol, data.get("u").asLong());
            }
        }
    }

    private String symbolOf(final int instrumentId)
    {
        final String name = symbols.instrument(instrumentId);
        return name.substring(name.indexOf(':') + 1);
    }

    /** Waits until every symbol's book has reached its last recorded update. */
    private boolean awaitFinalBooks() throws InterruptedException
    {
        final Map<Integer, Long> expected = new HashMap<>();
        recordedLastU.forEach((symbol, u) -> expected.put(symbols.instrumentId(Venue.BYBIT, symbol), u));
        final int[] scanned = {0};
        return sink.await(s ->
        {
            for (; scanned[0] < s.size(); scanned[0]++)
            {
                if (s.templateId(scanned[0]) == BookUpdateDecoder.TEMPLATE_ID)
                {
                    expected.remove(s.book(scanned[0]).instrumentId(), s.book(scanned[0]).sequence());
                }
            }
            return expected.isEmpty();
        }, WAIT_MS);
    }

    private Map<String, NaiveBook> publishedBooks()
    {
        return sink.read(s ->
        {
            final Map<String, NaiveBook> books = new HashMap<>();
            for (int i = 0; i < s.size(); i++)
            {
                if (s.templateId(i) == BookUpdateDecoder.TEMPLATE_ID)
                {
                    books.computeIfAbsent(symbolOf(s.book(i).instrumentId()), k -> new NaiveBook()).apply(s.book(i));
                }
            }
            return books;
        });
    }

    private void assertBooksAsRecorded()
    {
        final Map<String, NaiveBook> published = publishedBooks();
        for (final String symbol : SYMBOLS)
        {
            assertThat(published.get(symbol).bids).as("bids of %s", symbol).isEqualTo(recordedBooks.get(symbol).bids);
            assertThat(published.get(symbol).asks).as("asks of %s", symbol).isEqualTo(recordedBooks.get(symbol).asks);
        }
    }

    @Test
    void shouldPublishTheRecordedFundingRates() throws Exception
    {
        start(0);

        assertThat(awaitFinalBooks()).isTrue();
        assertThat(simulator.replayer().whenFinished().get(WAIT_MS, TimeUnit.MILLISECONDS)).isEqualTo(simulator.replayer().frameCount());
        final Map<String, Long> lastRates = sink.read(s ->
        {
            final Map<String, Long> rates = new HashMap<>();
            for (int i = 0; i < s.size(); i++)
            {
                if (s.templateId(i) == FundingUpdateDecoder.TEMPLATE_ID)
                {
                    final FundingUpdateDecoder funding = s.funding(i);
                    rates.put(symbolOf(funding.instrumentId()), funding.fundingRate());
                }
            }
            return rates;
        });
        assertThat(recordedRates).containsOnlyKeys(SYMBOLS);
        recordedRates.forEach((symbol, rate) -> assertThat(lastRates.get(symbol)).as(symbol).isEqualTo(FixedPoint.parse(rate)));
    }

    @Test
    void shouldBuildTheRecordedOrderBooks() throws Exception
    {
        start(0);

        assertThat(awaitFinalBooks()).isTrue();
        assertThat(feed.count(FrameResult.GAP)).isZero();
        assertThat(feed.resyncs()).isZero();
        assertBooksAsRecorded();
    }

    @Test
    void shouldResubscribeOntoTheReplayedStateAfterTheVenueDropsTheConnection() throws Exception
    {
        start(20); // about 3 s
        assertThat(sink.await(s -> s.size() > 200, WAIT_MS)).isTrue();

        simulator.dropConnections();

        assertThat(awaitFinalBooks()).isTrue();
        assertThat(feed.reconnects()).isPositive();
        assertThat(feed.count(FrameResult.GAP)).isZero();
        assertBooksAsRecorded();
    }
}
