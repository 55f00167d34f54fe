package io.fundingarb.connectors.binance;

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
import io.fundingarb.connectors.transport.RestResponse;
import io.fundingarb.connectors.transport.VenuePing;
import io.fundingarb.connectors.transport.WsConfig;
import io.fundingarb.connectors.transport.WsConnection;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binance USD-M public market data, end to end:
 * <pre>
 *   start ─► REST exchangeInfo + fundingInfo + ticker/24hr (RestRetry)
 *        ─► InstrumentDefinition per configured token listed (per accepted quote); missing ones reported
 *        ─► WS /stream?streams=&lt;sym&gt;@markPrice@1s/&lt;sym&gt;@depth@100ms ─► BinanceParser ─► EventSink
 *   every connect: reset each book sync, requestResync ─► REST depth snapshot ─► parser.onDepthSnapshot ─► resyncDone
 *   GAP on a diff:  requestResync ─► new snapshot (diffs buffered meanwhile) ─► resyncDone
 *   polls: ticker/24hr every volumePollNs ─► onTicker24hBody; fundingInfo every intervalPollNs ─► onFundingInfoBody
 * </pre>
 * Threading: the parser is single-threaded; every parser call (frames, snapshots, REST bodies)
 * runs on the one event loop the WebSocket uses; REST completions hop onto it.
 */
public final class BinanceFeed implements MarketDataFeed
{
    public static final String EXCHANGE_INFO_PATH = "/fapi/v1/exchangeInfo";
    public static final String FUNDING_INFO_PATH = "/fapi/v1/fundingInfo";
    public static final String TICKER_24H_PATH = "/fapi/v1/ticker/24hr";
    public static final String DEPTH_PATH = "/fapi/v1/depth";
    public static final String STREAM_PATH = "/stream";
    public static final int SNAPSHOT_LIMIT = 1000;
    /** Snapshots fetched back to back before waiting {@code retryNs} (a snapshot older than the buffered diffs). */
    private static final int QUICK_SNAPSHOT_RETRIES = 3;
    private static final long CLOSE_WAIT_MS = 2_000;

    private static final Logger LOG = LoggerFactory.getLogger(BinanceFeed.class);

    private final FeedSettings settings;
    private final FeedTimings timings;
    private final EventLoop loop;
    private final EventSink sink;
    private final EpochNanoClock clock;
    private final SymbolTable symbolTable;
    private final Random random;
    private final FeedRest rest;
    private final BinanceParser parser;
    private final InstrumentDefinitionPublisher definitions;
    private final UnsafeBuffer body = new UnsafeBuffer(0, 0);
    private final Int2IntHashMap indexByInstrumentId = new Int2IntHashMap(-1);
    private final CompletableFuture<MarketDataFeed> started = new CompletableFuture<>();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();

    private String[] symbolByIndex = new String[0];
    private int[] snapshotGeneration = new int[0];
    private int[] snapshotAttempts = new int[0];
    private boolean[] gapPending = new boolean[0];

    private volatile boolean startCalled;
    private volatile boolean closed;
    private volatile boolean bootstrapped;
    private volatile WsConnection connection;
    private volatile List<String> listed = List.of();
    private volatile List<String> missing = List.of();
    private volatile List<String> subscribed = List.of();
    private volatile long resyncs;
    private volatile long snapshots;
    private ScheduledFuture<?> bootstrapRetry;

    /**
     * @param settings    URLs, tokens, quotes, fees.
     * @param timings     silence, backoff, retries, polls.
     * @param group       I/O threads; one event loop of it runs this feed (not owned).
     * @param restClient  HTTP client on the same or another group (not owned).
     * @param sink        where events go (the inbound ring).
     * @param clock       stamps tsInitNs.
     * @param symbolTable interns tokens and instruments.
     */
    public BinanceFeed(
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
        this.parser = new BinanceParser(sink);
        this.definitions = new InstrumentDefinitionPublisher(sink);
    }

    @Override
    public Venue venue()
    {
        return Venue.BINANCE;
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
        final CompletableFuture<RestResponse> info = rest.get(EXCHANGE_INFO_PATH);
        final CompletableFuture<RestResponse> intervals = rest.get(FUNDING_INFO_PATH);
        final CompletableFuture<RestResponse> volumes = rest.get(TICKER_24H_PATH).exceptionally(error -> null);
        CompletableFuture.allOf(info, intervals, volumes).whenCompleteAsync((ignored, error) ->
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
                onBootstrap(info.join(), intervals.join(), volumes.join());
            }
            catch (final Throwable ex)
            {
                LOG.warn("binance: bootstrap failed ({}); retrying in {} ms", FeedRest.describe(ex), TimeUnit.NANOSECONDS.toMillis(timings.retryNs()));
                bootstrapRetry = loop.schedule(this::bootstrap, timings.retryNs(), TimeUnit.NANOSECONDS);
            }
        }, loop);
    }

    private void onBootstrap(final RestResponse info, final RestResponse intervals, final RestResponse volumes)
    {
        final List<BinanceInstrument> tradable = BinanceInstruments.parseExchangeInfo(info.bodyText()).stream()
            .filter(BinanceInstrument::isTradablePerpetual)
            .toList();
        final Map<String, Integer> intervalsS = BinanceInstruments.parseFundingIntervalsS(intervals.bodyText());
        final TokenSelection<BinanceInstrument> selection = TokenSelection.select(
            settings.tokens(), settings.quotes(), tradable, BinanceInstrument::baseAsset, BinanceInstrument::quoteAsset);

        final int n = selection.selected().size();
        symbolByIndex = new String[n];
        snapshotGeneration = new int[n];
        snapshotAttempts = new int[n];
        gapPending = new boolean[n];
        final List<String> streams = new ArrayList<>(2 * n);
        final List<String> symbols = new ArrayList<>(n);
        final long nowNs = clock.nanoTime();
        for (final BinanceInstrument instrument : selection.selected())
        {
            final String symbol = instrument.symbol();
            final String token = instrument.baseAsset().toUpperCase(Locale.ROOT);
            final int instrumentId = symbolTable.instrumentId(Venue.BINANCE, symbol);
            final int intervalS = intervalsS.getOrDefault(symbol, BinanceParser.DEFAULT_FUNDING_INTERVAL_S);
            definitions.publish(nowNs, instrumentId, symbolTable.tokenId(token), Venue.BINANCE, instrument.quoteAsset().toUpperCase(Locale.ROOT),
                instrument.tickSize(), instrument.stepSize(), instrument.minQty(), instrument.minNotional(), FixedPoint.SCALE, intervalS,
                settings.makerFee(), settings.takerFee(), symbol, token);
            final int index = parser.addInstrument(symbol, instrumentId, intervalS);
            indexByInstrumentId.put(instrumentId, index);
            symbolByIndex[index] = symbol;
            symbols.add(symbol);
            final String lower = symbol.toLowerCase(Locale.ROOT);
            streams.add(lower + "@markPrice@1s");
            streams.add(lower + "@depth@100ms");
        }
        listed = selection.listed();
        missing = selection.missing();
        subscribed = List.copyOf(symbols);
        LOG.info("binance: {} of {} configured tokens listed ({} instruments); not listed: {}", listed.size(), settings.tokens().size(),
            n, missing.isEmpty() ? "none" : String.join(", ", missing));
        if (volumes != null)
        {
            applyVolumes(volumes);
        }
        if (n > 0)
        {
            final URI uri = URI.create(settings.wsBaseUrl() + STREAM_PATH + "?streams=" + String.join("/", streams));
            final WsConfig config = WsConfig.of(Venue.BINANCE, uri, List.of())
                .withPing(VenuePing.binance())
                .withSilenceTimeoutNs(timings.silenceTimeoutNs())
                .withBackoff(timings.backoffBaseNs(), timings.backoffCapNs());
            final WsConnection ws = new WsConnection(config, loop, new Handler(), sink, clock, random, this::onResync);
            connection = ws;
            ws.start();
            timers.add(loop.scheduleAtFixedRate(this::pollVolumes, timings.volumePollNs(), timings.volumePollNs(), TimeUnit.NANOSECONDS));
            timers.add(loop.scheduleAtFixedRate(this::pollIntervals, timings.intervalPollNs(), timings.intervalPollNs(), TimeUnit.NANOSECONDS));
        }
        bootstrapped = true;
        started.complete(this);
    }

    // ------------------------------------------------------------------ books (event loop)

    /** Asked by the connection (after a connect or a gap): fetch a depth snapshot. */
    private void onResync(final int instrumentId)
    {
        final int index = indexByInstrumentId.get(instrumentId);
        if (index >= 0 && !closed)
        {
            snapshotAttempts[index] = 0;
            fetchSnapshot(index);
        }
    }

    private void fetchSnapshot(final int index)
    {
        final int generation = ++snapshotGeneration[index];
        snapshotAttempts[index]++;
        rest.get(DEPTH_PATH + "?symbol=" + symbolByIndex[index] + "&limit=" + SNAPSHOT_LIMIT)
            .whenCompleteAsync((response, error) -> onSnapshot(index, generation, response, error), loop);
    }

    private void onSnapshot(final int index, final int generation, final RestResponse response, final Throwable error)
    {
        final WsConnection ws = connection;
        if (closed || ws == null || generation != snapshotGeneration[index])
        {
            return; // closed, or the connection dropped meanwhile (the next connect asks again)
        }
        if (error != null)
        {
            LOG.warn("binance: depth snapshot of {} failed ({}); retrying in {} ms", symbolByIndex[index], FeedRest.describe(error),
                TimeUnit.NANOSECONDS.toMillis(timings.retryNs()));
            retrySnapshotLater(index, generation);
            return;
        }
        final byte[] bytes = response.body();
        body.wrap(bytes);
        final int result = parser.onDepthSnapshot(index, body, 0, bytes.length, clock.nanoTime());
        snapshots++;
        if (result == FrameResult.PUBLISHED)
        {
            gapPending[index] = false;
            ws.resyncDone(parser.instrumentId(index));
        }
        else if (result == FrameResult.GAP && snapshotAttempts[index] < QUICK_SNAPSHOT_RETRIES)
        {
            fetchSnapshot(index); // older than the buffered diffs, or they have a gap: fetch a newer one
        }
        else
        {
            retrySnapshotLater(index, generation);
        }
    }

    private void retrySnapshotLater(final int index, final int generation)
    {
        loop.schedule(() ->
        {
            if (!closed && generation == snapshotGeneration[index])
            {
                fetchSnapshot(index);
            }
        }, timings.retryNs(), TimeUnit.NANOSECONDS);
    }

    // ------------------------------------------------------------------ polls (event loop)

    private void pollVolumes()
    {
        rest.get(TICKER_24H_PATH).whenCompleteAsync((response, error) ->
        {
            if (!closed && error == null)
            {
                applyVolumes(response);
            }
        }, loop);
    }

    private void applyVolumes(final RestResponse response)
    {
        final byte[] bytes = response.body();
        body.wrap(bytes);
        if (parser.onTicker24hBody(body, 0, bytes.length, clock.nanoTime()) < 0)
        {
            LOG.warn("binance: malformed {} body ignored", TICKER_24H_PATH);
        }
    }

    private void pollIntervals()
    {
        rest.get(FUNDING_INFO_PATH).whenCompleteAsync((response, error) ->
        {
            if (!closed && error == null)
            {
                final byte[] bytes = response.body();
                body.wrap(bytes);
                if (parser.onFundingInfoBody(body, 0, bytes.length) < 0)
                {
                    LOG.warn("binance: malformed {} body ignored", FUNDING_INFO_PATH);
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
            if (result == FrameResult.GAP || result == FrameResult.OVERSIZED)
            {
                final int index = parser.lastInstrumentIndex();
                if (index >= 0 && !gapPending[index] && parser.bookSync(index).needsSnapshot())
                {
                    gapPending[index] = true;
                    resyncs++;
                    connection.requestResync(parser.instrumentId(index));
                }
            }
        }

        @Override
        public void onOpen(final int connects)
        {
            final WsConnection ws = connection;
            for (int i = 0; i < symbolByIndex.length; i++)
            {
                parser.bookSync(i).reset();
                gapPending[i] = false;
                snapshotGeneration[i]++;
                ws.requestResync(parser.instrumentId(i));
            }
        }

        @Override
        public void onClose()
        {
            for (int i = 0; i < symbolByIndex.length; i++)
            {
                snapshotGeneration[i]++;
            }
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

    /** Depth snapshots applied (after each connect and each gap). */
    public long snapshots()
    {
        return snapshots;
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
        return "BinanceFeed{" + settings.wsBaseUrl() + ", " + subscribed.size() + " symbols}";
    }
}
