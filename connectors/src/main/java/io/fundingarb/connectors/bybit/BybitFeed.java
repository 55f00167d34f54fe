package io.fundingarb.connectors.bybit;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.feed.AbstractMarketDataFeed;
import io.fundingarb.connectors.feed.FeedSettings;
import io.fundingarb.connectors.feed.FeedTimings;
import io.fundingarb.connectors.feed.ListedBase;
import io.fundingarb.connectors.feed.ResubscribeResync;
import io.fundingarb.connectors.feed.TokenSelection;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.transport.FrameHandler;
import io.fundingarb.connectors.transport.RestClient;
import io.fundingarb.connectors.transport.VenuePing;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Bybit v5 linear public market data, end to end:
 * <pre>
 *   start ─► REST instruments-info?category=linear (every page, RestRetry)
 *        ─► InstrumentDefinition per configured token listed (per accepted quote); missing ones reported
 *        ─► WS /v5/public/linear, subscribe tickers.&lt;SYM&gt; + orderbook.50.&lt;SYM&gt; (acks awaited, each topic
 *           watched for silence: {@link BybitSubscriptions}) ─► BybitParser ─► EventSink
 *   every connect: parser.reset() (snapshots follow the subscribe)
 *   GAP on a delta, or a delta with no snapshot before it: requestResync ─► unsubscribe + subscribe
 *                   that symbol's tickers and orderbook topics ─► snapshots ─► resyncDone
 *   poll: instruments-info every intervalPollNs ─► the fallback funding intervals
 * </pre>
 * The 24 h turnover and the funding interval also arrive on the tickers stream, so no volume poll
 * is needed. Threading: the parser is single-threaded; every parser call runs on the one event
 * loop the WebSocket uses; REST completions hop onto it.
 */
public final class BybitFeed extends AbstractMarketDataFeed<List<BybitInstrument>>
{
    public static final String INSTRUMENTS_PATH = "/v5/market/instruments-info?category=linear&limit=1000";
    public static final String PUBLIC_LINEAR_PATH = "/v5/public/linear";
    public static final int BOOK_DEPTH = 50;
    /** Topics per subscribe message. */
    public static final int ARGS_PER_SUBSCRIBE = 10;
    private static final int MAX_PAGES = 50;

    private final BybitParser parser;

    private final ResubscribeResync resync;

    /**
     * @param settings    URLs, tokens, quotes, fees, fallback funding interval.
     * @param timings     silence, backoff, retries, polls.
     * @param group       I/O threads; one event loop of it runs this feed (not owned).
     * @param restClient  HTTP client (not owned).
     * @param sink        where events go (the inbound ring).
     * @param clock       stamps tsInitNs.
     * @param symbolTable interns tokens and instruments.
     */
    public BybitFeed(
        final FeedSettings settings,
        final FeedTimings timings,
        final EventLoopGroup group,
        final RestClient restClient,
        final EventSink sink,
        final EpochNanoClock clock,
        final SymbolTable symbolTable)
    {
        super(Venue.BYBIT, settings, timings, group, restClient, sink, clock, symbolTable);
        this.parser = new BybitParser(sink);
        this.resync = new ResubscribeResync(loop, timings.retryNs(), this::isClosed, this::countResync);
    }

    // ------------------------------------------------------------------ bootstrap (event loop)

    @Override
    protected CompletableFuture<List<BybitInstrument>> fetchBootstrap()
    {
        return fetchInstruments();
    }

    /** Every page of instruments-info (linear). */
    private CompletableFuture<List<BybitInstrument>> fetchInstruments()
    {
        final List<BybitInstrument> all = new ArrayList<>();
        return fetchPage("", all, 1).thenApply(ignored -> all);
    }

    private CompletableFuture<Void> fetchPage(final String cursor, final List<BybitInstrument> all, final int page)
    {
        final String path = cursor.isEmpty() ? INSTRUMENTS_PATH : INSTRUMENTS_PATH + "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
        return rest.get(path).thenCompose(response ->
        {
            final BybitInstruments.Page result = BybitInstruments.parseInstrumentsInfo(response.bodyText());
            synchronized (all)
            {
                all.addAll(result.instruments());
            }
            if (result.nextPageCursor().isEmpty() || page >= MAX_PAGES)
            {
                return CompletableFuture.completedFuture(null);
            }
            return fetchPage(result.nextPageCursor(), all, page + 1);
        });
    }

    @Override
    protected void onBootstrap(final List<BybitInstrument> instruments)
    {
        final List<BybitInstrument> tradable = instruments.stream().filter(BybitInstrument::isTradablePerpetual).toList();
        final TokenSelection<BybitInstrument> selection = TokenSelection.select(
            settings.tokens(), settings.quotes(), tradable, BybitInstrument::baseCoin, BybitInstrument::quoteCoin);

        final int n = selection.selected().size();
        final String[] unsubscribeTopics = new String[n];
        final String[] subscribeTopics = new String[n];
        final int[] instrumentIds = new int[n];
        final List<String> topics = new ArrayList<>(2 * n);
        final List<String> symbols = new ArrayList<>(n);
        final long nowNs = clock.nanoTime();
        for (final BybitInstrument instrument : selection.selected())
        {
            final String symbol = instrument.symbol();
            final ListedBase listed = ListedBase.of(instrument.baseCoin());
            final String token = listed.token();
            final int instrumentId = symbolTable.instrumentId(Venue.BYBIT, symbol);
            final int intervalS = intervalOf(instrument);
            definitions.publish(nowNs, instrumentId, symbolTable.tokenId(token), Venue.BYBIT, instrument.quoteCoin().toUpperCase(Locale.ROOT),
                instrument.tickSize(), instrument.qtyStep(), instrument.minOrderQty(), instrument.minNotionalValue(), listed.contractValue(), intervalS,
                settings.makerFee(), settings.takerFee(), symbol, token);
            final int index = parser.addInstrument(symbol, instrumentId, intervalS);
            indexByInstrumentId.put(instrumentId, index);
            instrumentIds[index] = instrumentId;
            final String bookTopic = "orderbook." + BOOK_DEPTH + "." + symbol;
            unsubscribeTopics[index] = op("unsubscribe", List.of("tickers." + symbol, bookTopic));
            subscribeTopics[index] = op("subscribe", List.of("tickers." + symbol, bookTopic));
            symbols.add(symbol);
            topics.add("tickers." + symbol);
            topics.add(bookTopic);
        }
        selected(selection, symbols);
        resync.instruments(instrumentIds, unsubscribeTopics, subscribeTopics);
        if (n > 0)
        {
            final long[] silenceNs = new long[topics.size()];
            for (int i = 0; i < topics.size(); i++)
            {
                silenceNs[i] = topics.get(i).startsWith("tickers.") ? timings.liveness().fundingSilenceNs() : timings.liveness().bookSilenceNs();
            }
            openStream(URI.create(settings.wsBaseUrl() + PUBLIC_LINEAR_PATH), new BybitSubscriptions(topics, silenceNs), VenuePing.bybit(),
                new Handler(), this::onResync);
            schedulePoll(this::pollIntervals, timings.intervalPollNs());
        }
        bootstrapDone();
    }

    private int intervalOf(final BybitInstrument instrument)
    {
        final int intervalS = instrument.fundingIntervalS();
        return intervalS > 0 ? intervalS : settings.fallbackIntervalS();
    }

    private static String op(final String op, final List<String> args)
    {
        final StringBuilder json = new StringBuilder(64).append("{\"op\":\"").append(op).append("\",\"args\":[");
        for (int i = 0; i < args.size(); i++)
        {
            json.append(i == 0 ? "\"" : ",\"").append(args.get(i)).append('"');
        }
        return json.append("]}").toString();
    }

    // ------------------------------------------------------------------ books (event loop)

    /**
     * Asked by the connection after a gap, or after a delta of a topic whose snapshot never came
     * (a venue that lost it): resubscribe the instrument's topics; their snapshots resync it.
     */
    private void onResync(final int instrumentId)
    {
        resync.resubscribe(connection(), indexByInstrumentId.get(instrumentId));
    }

    // ------------------------------------------------------------------ polls (event loop)

    private void pollIntervals()
    {
        onLoopWhenOpen(fetchInstruments(), instruments ->
        {
            for (final BybitInstrument instrument : instruments)
            {
                final int index = parser.instrumentIndex(instrument.symbol());
                if (index >= 0)
                {
                    parser.addInstrument(instrument.symbol(), parser.instrumentId(index), intervalOf(instrument));
                }
            }
        });
    }

    /** Frames of the WebSocket, on its I/O thread. */
    private final class Handler implements FrameHandler
    {
        private int lastResult = FrameResult.IGNORED;

        @Override
        public boolean lastFrameUsable()
        {
            return FrameResult.usable(lastResult);
        }

        @Override
        public void onFrame(final DirectBuffer buffer, final int offset, final int length, final long tsInitNs)
        {
            final int result = parser.onFrame(buffer, offset, length, tsInitNs);
            lastResult = result;
            final int index = parser.lastInstrumentIndex();
            resync.afterFrame(connection(), result, index, index >= 0 && parser.bookSynced(index));
        }

        @Override
        public void onOpen(final int connects)
        {
            parser.reset();
            resync.reset();
        }

        @Override
        public void onClose()
        {
            resync.reset();
        }
    }

    // ------------------------------------------------------------------ state (any thread)

    @Override
    public long count(final int frameResult)
    {
        return parser.count(frameResult);
    }

    @Override
    public long compactFrames()
    {
        return parser.compactFrames();
    }
}
