package io.fundingarb.connectors.binance;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.feed.FeedRest;
import io.fundingarb.connectors.feed.AbstractMarketDataFeed;
import io.fundingarb.connectors.feed.FeedSettings;
import io.fundingarb.connectors.feed.FeedTimings;
import io.fundingarb.connectors.feed.ListedBase;
import io.fundingarb.connectors.feed.TokenSelection;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.transport.FrameHandler;
import io.fundingarb.connectors.transport.RestClient;
import io.fundingarb.connectors.transport.RestResponse;
import io.fundingarb.connectors.transport.ResyncHandler;
import io.fundingarb.connectors.transport.VenuePing;
import io.fundingarb.connectors.transport.WsConnection;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Binance USD-M public market data, end to end:
 * <pre>
 *   start ─► REST exchangeInfo + fundingInfo + ticker/24hr (RestRetry)
 *        ─► InstrumentDefinition per configured token listed (per accepted quote); missing ones reported
 *        ─► SPLIT (default): WS /market/stream?streams=&lt;sym&gt;@markPrice@1s/..  ─┐
 *                            WS /public/stream?streams=&lt;sym&gt;@depth@100ms/..  ─┴─► BinanceParser ─► EventSink
 *           COMBINED (legacy): WS /stream?streams=&lt;sym&gt;@markPrice@1s/&lt;sym&gt;@depth@100ms ─► BinanceParser
 *   every connect of the depth connection: reset each book sync, requestResync ─► REST depth snapshot
 *        ─► parser.onDepthSnapshot ─► resyncDone (a reconnect of /market touches no book)
 *   GAP on a diff:  requestResync ─► new snapshot (diffs buffered meanwhile) ─► resyncDone
 *   polls: ticker/24hr every volumePollNs ─► onTicker24hBody; fundingInfo every intervalPollNs ─► onFundingInfoBody
 * </pre>
 * Threading: the parser is single-threaded; every parser call (frames of both connections, snapshots,
 * REST bodies) runs on the one event loop the WebSockets share; REST completions hop onto it. The two
 * connections report as one venue: LIVE only when both are ({@link io.fundingarb.connectors.transport.CombinedVenueStatus}).
 */
public final class BinanceFeed extends AbstractMarketDataFeed<BinanceFeed.Bootstrap>
{
    public static final String EXCHANGE_INFO_PATH = "/fapi/v1/exchangeInfo";
    public static final String FUNDING_INFO_PATH = "/fapi/v1/fundingInfo";
    public static final String TICKER_24H_PATH = "/fapi/v1/ticker/24hr";
    public static final String DEPTH_PATH = "/fapi/v1/depth";
    /** The legacy combined-stream path (layout COMBINED). */
    public static final String STREAM_PATH = BinanceWsLayout.COMBINED_STREAM_PATH;
    public static final int SNAPSHOT_LIMIT = 1000;
    /** Snapshots fetched back to back before waiting {@code retryNs} (a snapshot older than the buffered diffs). */
    private static final int QUICK_SNAPSHOT_RETRIES = 3;

    private final BinanceParser parser;
    private final BinanceWsLayout layout;
    private volatile WsConnection depthStream;
    private final UnsafeBuffer body = new UnsafeBuffer(0, 0);

    private String[] symbolByIndex = new String[0];
    private int[] snapshotGeneration = new int[0];
    private int[] snapshotAttempts = new int[0];
    private boolean[] gapPending = new boolean[0];
    private volatile long snapshots;

    /** The bootstrap answers: exchangeInfo, fundingInfo and ticker/24hr (null when that one failed). */
    record Bootstrap(RestResponse info, RestResponse intervals, RestResponse volumes)
    {
    }

    /**
     * @param settings    URLs, tokens, quotes, fees.
     * @param timings     silence, backoff, retries, polls.
     * @param group       I/O threads; one event loop of it runs this feed (not owned).
     * @param restClient  HTTP client on the same or another group (not owned).
     * @param sink        where events go (the inbound ring).
     * @param clock       stamps tsInitNs.
     * @param symbolTable interns tokens and instruments.
     * @param layout      WebSocket paths: SPLIT (/market + /public, the venue since 2026) or COMBINED (the legacy /stream).
     */
    public BinanceFeed(
        final FeedSettings settings,
        final FeedTimings timings,
        final EventLoopGroup group,
        final RestClient restClient,
        final EventSink sink,
        final EpochNanoClock clock,
        final SymbolTable symbolTable,
        final BinanceWsLayout layout)
    {
        super(Venue.BINANCE, settings, timings, group, restClient, sink, clock, symbolTable);
        this.parser = new BinanceParser(sink);
        this.layout = layout;
    }

    /** The stream URIs this feed opens for {@code symbols} (upper case) under {@code layout}: [market, public], or [combined]. */
    public static List<URI> streamUris(final String wsBaseUrl, final BinanceWsLayout layout, final List<String> symbols)
    {
        final List<List<String>> names = streamNames(layout, symbols);
        return layout == BinanceWsLayout.SPLIT
            ? List.of(BinanceWsLayout.streamUri(wsBaseUrl, BinanceWsLayout.MARKET_PREFIX, names.get(0)),
                BinanceWsLayout.streamUri(wsBaseUrl, BinanceWsLayout.PUBLIC_PREFIX, names.get(1)))
            : List.of(BinanceWsLayout.streamUri(wsBaseUrl, "", names.get(0)));
    }

    /** The streams of each connection, in the order of {@link #streamUris}. */
    static List<List<String>> streamNames(final BinanceWsLayout layout, final List<String> symbols)
    {
        final List<String> marks = new ArrayList<>(symbols.size());
        final List<String> depths = new ArrayList<>(symbols.size());
        final List<String> both = new ArrayList<>(2 * symbols.size());
        for (final String symbol : symbols)
        {
            final String lower = symbol.toLowerCase(Locale.ROOT);
            marks.add(lower + "@markPrice@1s");
            depths.add(lower + "@depth@100ms");
            both.add(lower + "@markPrice@1s");
            both.add(lower + "@depth@100ms");
        }
        return layout == BinanceWsLayout.SPLIT ? List.of(marks, depths) : List.of(both);
    }

    /** The streams of one connection, each with its channel's silence. */
    private BinanceSubscriptions subscriptions(final List<String> streams)
    {
        final long[] silenceNs = new long[streams.size()];
        for (int i = 0; i < silenceNs.length; i++)
        {
            silenceNs[i] = BinanceWsLayout.isPublicStream(streams.get(i)) ? timings.liveness().bookSilenceNs() : timings.liveness().fundingSilenceNs();
        }
        return new BinanceSubscriptions(streams, silenceNs);
    }

    // ------------------------------------------------------------------ bootstrap (event loop)

    @Override
    protected CompletableFuture<Bootstrap> fetchBootstrap()
    {
        final CompletableFuture<RestResponse> info = rest.get(EXCHANGE_INFO_PATH);
        final CompletableFuture<RestResponse> intervals = rest.get(FUNDING_INFO_PATH);
        final CompletableFuture<RestResponse> volumes = rest.get(TICKER_24H_PATH).exceptionally(error -> null);
        return CompletableFuture.allOf(info, intervals, volumes).thenApply(ignored -> new Bootstrap(info.join(), intervals.join(), volumes.join()));
    }

    @Override
    protected void onBootstrap(final Bootstrap answers)
    {
        final List<BinanceInstrument> tradable = BinanceInstruments.parseExchangeInfo(answers.info().bodyText()).stream()
            .filter(BinanceInstrument::isTradablePerpetual)
            .toList();
        final Map<String, Integer> intervalsS = BinanceInstruments.parseFundingIntervalsS(answers.intervals().bodyText());
        final TokenSelection<BinanceInstrument> selection = TokenSelection.select(
            settings.tokens(), settings.quotes(), tradable, BinanceInstrument::baseAsset, BinanceInstrument::quoteAsset);

        final int n = selection.selected().size();
        symbolByIndex = new String[n];
        snapshotGeneration = new int[n];
        snapshotAttempts = new int[n];
        gapPending = new boolean[n];
        final List<String> symbols = new ArrayList<>(n);
        final long nowNs = clock.nanoTime();
        for (final BinanceInstrument instrument : selection.selected())
        {
            final String symbol = instrument.symbol();
            final ListedBase listed = ListedBase.of(instrument.baseAsset());
            final String token = listed.token();
            final int instrumentId = symbolTable.instrumentId(Venue.BINANCE, symbol);
            final int intervalS = intervalsS.getOrDefault(symbol, BinanceParser.DEFAULT_FUNDING_INTERVAL_S);
            definitions.publish(nowNs, instrumentId, symbolTable.tokenId(token), Venue.BINANCE, instrument.quoteAsset().toUpperCase(Locale.ROOT),
                instrument.tickSize(), instrument.stepSize(), instrument.minQty(), instrument.minNotional(), listed.contractValue(), intervalS,
                settings.makerFee(), settings.takerFee(), symbol, token);
            final int index = parser.addInstrument(symbol, instrumentId, intervalS);
            indexByInstrumentId.put(instrumentId, index);
            symbolByIndex[index] = symbol;
            symbols.add(symbol);
        }
        selected(selection, symbols);
        if (answers.volumes() != null)
        {
            applyVolumes(answers.volumes());
        }
        if (n > 0)
        {
            final List<URI> uris = streamUris(settings.wsBaseUrl(), layout, symbols);
            final List<List<String>> names = streamNames(layout, symbols);
            if (layout == BinanceWsLayout.SPLIT)
            {
                newStream("market", uris.get(0), subscriptions(names.get(0)), VenuePing.binance(), new MarketHandler(), ResyncHandler.NONE);
                depthStream = newStream("public", uris.get(1), subscriptions(names.get(1)), VenuePing.binance(), new Handler(), this::onResync);
                startStreams();
            }
            else
            {
                depthStream = openStream(uris.get(0), subscriptions(names.get(0)), VenuePing.binance(), new Handler(), this::onResync);
            }
            schedulePoll(this::pollVolumes, timings.volumePollNs());
            schedulePoll(this::pollIntervals, timings.intervalPollNs());
        }
        bootstrapDone();
    }

    // ------------------------------------------------------------------ books (event loop)

    /** Asked by the connection (after a connect or a gap): fetch a depth snapshot. */
    private void onResync(final int instrumentId)
    {
        final int index = indexByInstrumentId.get(instrumentId);
        if (index >= 0 && !isClosed())
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
        final WsConnection ws = depthStream;
        if (isClosed() || ws == null || generation != snapshotGeneration[index])
        {
            return; // closed, or the connection dropped meanwhile (the next connect asks again)
        }
        if (error != null)
        {
            log.warn("binance: depth snapshot of {} failed ({}); retrying in {} ms", symbolByIndex[index], FeedRest.describe(error),
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
            if (!isClosed() && generation == snapshotGeneration[index])
            {
                fetchSnapshot(index);
            }
        }, timings.retryNs(), TimeUnit.NANOSECONDS);
    }

    // ------------------------------------------------------------------ polls (event loop)

    private void pollVolumes()
    {
        onLoopWhenOpen(rest.get(TICKER_24H_PATH), this::applyVolumes);
    }

    private void applyVolumes(final RestResponse response)
    {
        final byte[] bytes = response.body();
        body.wrap(bytes);
        if (parser.onTicker24hBody(body, 0, bytes.length, clock.nanoTime()) < 0)
        {
            log.warn("binance: malformed {} body ignored", TICKER_24H_PATH);
        }
    }

    private void pollIntervals()
    {
        onLoopWhenOpen(rest.get(FUNDING_INFO_PATH), response ->
        {
            final byte[] bytes = response.body();
            body.wrap(bytes);
            if (parser.onFundingInfoBody(body, 0, bytes.length) < 0)
            {
                log.warn("binance: malformed {} body ignored", FUNDING_INFO_PATH);
            }
        });
    }

    /** Whether a parser result is market data a stream's liveness may count (not malformed, not an unknown symbol). */
    private static boolean usable(final int result)
    {
        return result != FrameResult.MALFORMED && result != FrameResult.UNKNOWN_SYMBOL;
    }

    /** Frames of the /market connection (funding, mark): no book state, nothing to resync. */
    private final class MarketHandler implements FrameHandler
    {
        private int lastResult = FrameResult.IGNORED;

        @Override
        public void onFrame(final DirectBuffer buffer, final int offset, final int length, final long tsInitNs)
        {
            lastResult = parser.onFrame(buffer, offset, length, tsInitNs);
        }

        @Override
        public boolean lastFrameUsable()
        {
            return usable(lastResult);
        }
    }

    /** Frames of the connection that carries the books (/public, or the combined one), on its I/O thread. */
    private final class Handler implements FrameHandler
    {
        private int lastResult = FrameResult.IGNORED;

        @Override
        public boolean lastFrameUsable()
        {
            return usable(lastResult);
        }

        @Override
        public void onFrame(final DirectBuffer buffer, final int offset, final int length, final long tsInitNs)
        {
            final int result = parser.onFrame(buffer, offset, length, tsInitNs);
            lastResult = result;
            if (result == FrameResult.GAP || result == FrameResult.OVERSIZED || result == FrameResult.RING_FULL)
            {
                final int index = parser.lastInstrumentIndex();
                if (index >= 0 && !gapPending[index] && parser.bookSync(index).needsSnapshot())
                {
                    gapPending[index] = true;
                    countResync();
                    depthStream.requestResync(parser.instrumentId(index));
                }
            }
        }

        @Override
        public void onOpen(final int connects)
        {
            final WsConnection ws = depthStream;
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
    public long count(final int frameResult)
    {
        return parser.count(frameResult);
    }

    public BinanceWsLayout layout()
    {
        return layout;
    }

    /** The connection that carries the books (/public under SPLIT), or null before the streams start. */
    public WsConnection depthConnection()
    {
        return depthStream;
    }

    /** The connection that carries funding and mark prices (/market under SPLIT; the one connection under COMBINED). */
    public WsConnection marketConnection()
    {
        return connection();
    }

    /** Depth snapshots applied (after each connect and each gap). */
    public long snapshots()
    {
        return snapshots;
    }
}
