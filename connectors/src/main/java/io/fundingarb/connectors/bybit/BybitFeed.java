package io.fundingarb.connectors.bybit;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.FeedState;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.feed.FeedRest;
import io.fundingarb.connectors.feed.FeedSettings;
import io.fundingarb.connectors.feed.FeedTimings;
import io.fundingarb.connectors.feed.InstrumentDefinitionPublisher;
import io.fundingarb.connectors.feed.MarketDataFeed;
import io.fundingarb.connectors.feed.TokenSelection;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.transport.FrameHandler;
import io.fundingarb.connectors.transport.RestClient;
import io.fundingarb.connectors.transport.VenuePing;
import io.fundingarb.connectors.transport.WsConfig;
import io.fundingarb.connectors.transport.WsConnection;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.concurrent.EpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bybit v5 linear public market data, end to end:
 * <pre>
 *   start ─► REST instruments-info?category=linear (every page, RestRetry)
 *        ─► InstrumentDefinition per configured token listed (per accepted quote); missing ones reported
 *        ─► WS /v5/public/linear, subscribe tickers.&lt;SYM&gt; + orderbook.50.&lt;SYM&gt; ─► BybitParser ─► EventSink
 *   every connect: parser.reset() (snapshots follow the subscribe)
 *   GAP on a delta, or a delta with no snapshot before it: requestResync ─► unsubscribe + subscribe
 *                   that symbol's tickers and orderbook topics ─► snapshots ─► resyncDone
 *   poll: instruments-info every intervalPollNs ─► the fallback funding intervals
 * </pre>
 * The 24 h turnover and the funding interval also arrive on the tickers stream, so no volume poll
 * is needed. Threading: the parser is single-threaded; every parser call runs on the one event
 * loop the WebSocket uses; REST completions hop onto it.
 */
public final class BybitFeed implements MarketDataFeed
{
    public static final String INSTRUMENTS_PATH = "/v5/market/instruments-info?category=linear&limit=1000";
    public static final String PUBLIC_LINEAR_PATH = "/v5/public/linear";
    public static final int BOOK_DEPTH = 50;
    /** Topics per subscribe message. */
    public static final int ARGS_PER_SUBSCRIBE = 10;
    private static final int MAX_PAGES = 50;
    private static final long CLOSE_WAIT_MS = 2_000;

    private static final Logger LOG = LoggerFactory.getLogger(BybitFeed.class);

    private final FeedSettings settings;
    private final FeedTimings timings;
    private final EventLoop loop;
    private final EventSink sink;
    private final EpochNanoClock clock;
    private final SymbolTable symbolTable;
    private final Random random;
    private final FeedRest rest;
    private final BybitParser parser;
    private final InstrumentDefinitionPublisher definitions;
    private final Int2IntHashMap indexByInstrumentId = new Int2IntHashMap(-1);
    private final CompletableFuture<MarketDataFeed> started = new CompletableFuture<>();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();

    private String[] unsubscribeTopics = new String[0];
    private String[] subscribeTopics = new String[0];
    private boolean[] resyncPending = new boolean[0];
    private int[] resyncGeneration = new int[0];
    private int pendingCount;

    private volatile boolean startCalled;
    private volatile boolean closed;
    private volatile boolean bootstrapped;
    private volatile WsConnection connection;
    private volatile List<String> listed = List.of();
    private volatile List<String> missing = List.of();
    private volatile List<String> subscribed = List.of();
    private volatile long resyncs;
    private ScheduledFuture<?> bootstrapRetry;

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
        this.settings = settings;
        this.timings = timings;
        this.loop = group.next();
        this.sink = sink;
        this.clock = clock;
        this.symbolTable = symbolTable;
        this.random = new Random();
        this.rest = new FeedRest(settings.restBaseUrl(), restClient, loop, timings, random);
        this.parser = new BybitParser(sink);
        this.definitions = new InstrumentDefinitionPublisher(sink);
    }

    @Override
    public Venue venue()
    {
        return Venue.BYBIT;
    }

    @Override
    public CompletableFuture<MarketDataFeed> start()
    {
        if (!startCalled)
        {
            startCalled = true;
            loop.execute(this::bootstrap);
        }
        return started;
    }

    // ------------------------------------------------------------------ bootstrap (event loop)

    private void bootstrap()
    {
        bootstrapRetry = null;
        if (closed)
        {
            return;
        }
        fetchInstruments().whenCompleteAsync((instruments, error) ->
        {
            if (closed)
            {
                return;
            }
            try
            {
                if (error != null)
                {
                    throw error;
                }
                onBootstrap(instruments);
            }
            catch (final Throwable ex)
            {
                LOG.warn("bybit: bootstrap failed ({}); retrying in {} ms", FeedRest.describe(ex), TimeUnit.NANOSECONDS.toMillis(timings.retryNs()));
                bootstrapRetry = loop.schedule(this::bootstrap, timings.retryNs(), TimeUnit.NANOSECONDS);
            }
        }, loop);
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

    private void onBootstrap(final List<BybitInstrument> instruments)
    {
        final List<BybitInstrument> tradable = instruments.stream().filter(BybitInstrument::isTradablePerpetual).toList();
        final TokenSelection<BybitInstrument> selection = TokenSelection.select(
            settings.tokens(), settings.quotes(), tradable, BybitInstrument::baseCoin, BybitInstrument::quoteCoin);

        final int n = selection.selected().size();
        unsubscribeTopics = new String[n];
        subscribeTopics = new String[n];
        resyncPending = new boolean[n];
        resyncGeneration = new int[n];
        final List<String> topics = new ArrayList<>(2 * n);
        final List<String> symbols = new ArrayList<>(n);
        final long nowNs = clock.nanoTime();
        for (final BybitInstrument instrument : selection.selected())
        {
            final String symbol = instrument.symbol();
            final String token = instrument.baseCoin().toUpperCase(Locale.ROOT);
            final int instrumentId = symbolTable.instrumentId(Venue.BYBIT, symbol);
            final int intervalS = intervalOf(instrument);
            definitions.publish(nowNs, instrumentId, symbolTable.tokenId(token), Venue.BYBIT, instrument.quoteCoin().toUpperCase(Locale.ROOT),
                instrument.tickSize(), instrument.qtyStep(), instrument.minOrderQty(), instrument.minNotionalValue(), FixedPoint.SCALE, intervalS,
                settings.makerFee(), settings.takerFee(), symbol, token);
            final int index = parser.addInstrument(symbol, instrumentId, intervalS);
            indexByInstrumentId.put(instrumentId, index);
            final String bookTopic = "orderbook." + BOOK_DEPTH + "." + symbol;
            unsubscribeTopics[index] = op("unsubscribe", List.of("tickers." + symbol, bookTopic));
            subscribeTopics[index] = op("subscribe", List.of("tickers." + symbol, bookTopic));
            symbols.add(symbol);
            topics.add("tickers." + symbol);
            topics.add(bookTopic);
        }
        listed = selection.listed();
        missing = selection.missing();
        subscribed = List.copyOf(symbols);
        LOG.info("bybit: {} of {} configured tokens listed ({} instruments); not listed: {}", listed.size(), settings.tokens().size(),
            n, missing.isEmpty() ? "none" : String.join(", ", missing));
        if (n > 0)
        {
            final List<String> subscriptions = new ArrayList<>();
            for (int i = 0; i < topics.size(); i += ARGS_PER_SUBSCRIBE)
            {
                subscriptions.add(op("subscribe", topics.subList(i, Math.min(topics.size(), i + ARGS_PER_SUBSCRIBE))));
            }
            final URI uri = URI.create(settings.wsBaseUrl() + PUBLIC_LINEAR_PATH);
            final WsConfig config = WsConfig.of(Venue.BYBIT, uri, subscriptions)
                .withPing(VenuePing.bybit())
                .withSilenceTimeoutNs(timings.silenceTimeoutNs())
                .withBackoff(timings.backoffBaseNs(), timings.backoffCapNs());
            final WsConnection ws = new WsConnection(config, loop, new Handler(), sink, clock, random, this::onResync);
            connection = ws;
            ws.start();
            timers.add(loop.scheduleAtFixedRate(this::pollIntervals, timings.intervalPollNs(), timings.intervalPollNs(), TimeUnit.NANOSECONDS));
        }
        bootstrapped = true;
        started.complete(this);
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
        final int index = indexByInstrumentId.get(instrumentId);
        if (index < 0 || closed)
        {
            return;
        }
        if (!resyncPending[index])
        {
            resyncPending[index] = true;
            pendingCount++;
        }
        resubscribe(index, ++resyncGeneration[index]);
    }

    private void resubscribe(final int index, final int generation)
    {
        final WsConnection ws = connection;
        ws.send(unsubscribeTopics[index]);
        ws.send(subscribeTopics[index]);
        loop.schedule(() ->
        {
            if (!closed && resyncPending[index] && generation == resyncGeneration[index])
            {
                resubscribe(index, ++resyncGeneration[index]); // no snapshot came: ask again
            }
        }, timings.retryNs(), TimeUnit.NANOSECONDS);
    }

    // ------------------------------------------------------------------ polls (event loop)

    private void pollIntervals()
    {
        fetchInstruments().whenCompleteAsync((instruments, error) ->
        {
            if (closed || error != null)
            {
                return;
            }
            for (final BybitInstrument instrument : instruments)
            {
                final int index = parser.instrumentIndex(instrument.symbol());
                if (index >= 0)
                {
                    parser.addInstrument(instrument.symbol(), parser.instrumentId(index), intervalOf(instrument));
                }
            }
        }, loop);
    }

    /** Frames of the WebSocket, on its I/O thread. */
    private final class Handler implements FrameHandler
    {
        @Override
        public void onFrame(final DirectBuffer buffer, final int offset, final int length, final long tsInitNs)
        {
            final int result = parser.onFrame(buffer, offset, length, tsInitNs);
            final int index = parser.lastInstrumentIndex();
            if (index < 0)
            {
                return;
            }
            if (result == FrameResult.GAP || result == FrameResult.DROPPED)
            {
                if (!resyncPending[index])
                {
                    resyncs++;
                    connection.requestResync(parser.instrumentId(index));
                }
            }
            else if (pendingCount > 0 && resyncPending[index] && parser.bookSynced(index))
            {
                resyncPending[index] = false;
                pendingCount--;
                connection.resyncDone(parser.instrumentId(index));
            }
        }

        @Override
        public void onOpen(final int connects)
        {
            parser.reset();
            for (int i = 0; i < resyncPending.length; i++)
            {
                resyncPending[i] = false;
                resyncGeneration[i]++;
            }
            pendingCount = 0;
        }

        @Override
        public void onClose()
        {
            for (int i = 0; i < resyncPending.length; i++)
            {
                resyncPending[i] = false;
                resyncGeneration[i]++;
            }
            pendingCount = 0;
        }
    }

    // ------------------------------------------------------------------ state (any thread)

    @Override
    public boolean bootstrapped()
    {
        return bootstrapped;
    }

    @Override
    public List<String> listedTokens()
    {
        return listed;
    }

    @Override
    public List<String> missingTokens()
    {
        return missing;
    }

    @Override
    public List<String> symbols()
    {
        return subscribed;
    }

    @Override
    public FeedState state()
    {
        final WsConnection ws = connection;
        return ws == null ? null : ws.state();
    }

    @Override
    public int reconnects()
    {
        final WsConnection ws = connection;
        return ws == null ? 0 : ws.reconnects();
    }

    @Override
    public long count(final int frameResult)
    {
        return parser.count(frameResult);
    }

    @Override
    public long resyncs()
    {
        return resyncs;
    }

    /** REST requests sent, retries included. */
    public long restRequests()
    {
        return rest.requests();
    }

    /** The WebSocket, or null before the streams start. */
    public WsConnection connection()
    {
        return connection;
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            final io.netty.util.concurrent.Future<?> cancelled = loop.submit(() ->
            {
                timers.forEach(t -> t.cancel(false));
                if (bootstrapRetry != null)
                {
                    bootstrapRetry.cancel(false);
                }
            });
            if (!loop.inEventLoop())
            {
                cancelled.awaitUninterruptibly(CLOSE_WAIT_MS);
            }
        }
        catch (final RejectedExecutionException ex)
        {
            // the I/O threads are already shut down: nothing is scheduled any more
        }
        final WsConnection ws = connection;
        if (ws != null)
        {
            ws.close();
        }
        started.cancel(false);
    }

    @Override
    public String toString()
    {
        return "BybitFeed{" + settings.wsBaseUrl() + ", " + subscribed.size() + " symbols}";
    }
}
