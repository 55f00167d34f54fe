package io.fundingarb.connectors.hyperliquid;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.feed.AbstractMarketDataFeed;
import io.fundingarb.connectors.feed.FeedSettings;
import io.fundingarb.connectors.feed.FeedTimings;
import io.fundingarb.connectors.feed.ListedBase;
import io.fundingarb.connectors.feed.TokenSelection;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.transport.FrameHandler;
import io.fundingarb.connectors.transport.RestClient;
import io.fundingarb.connectors.transport.VenuePing;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Hyperliquid public market data, end to end:
 * <pre>
 *   start ─► REST POST /info {"type":"metaAndAssetCtxs"} (RestRetry) ─► universe + asset contexts
 *        ─► InstrumentDefinition per configured token listed (quoted in USDC; missing ones reported)
 *        ─► WS /ws, per coin subscribe activeAssetCtx + l2Book, one message each (acks awaited,
 *           each stream watched for silence: {@link HyperliquidSubscriptions}) ─► HyperliquidParser ─► EventSink
 *   every connect: parser.reset() (every ctx and book is whole: nothing to resync)
 *   keep-alive: {"method":"ping"} every 50 s, answered {"channel":"pong"}
 * </pre>
 * Staleness: a book is a full snapshot each push with no sequence, so a lost book cannot be seen as
 * a gap; a book stream silent for the book silence ({@link io.fundingarb.connectors.feed.FeedLiveness})
 * marks the venue STALE (the engine stops pricing its books), is resubscribed, and the connection
 * recycled if it stays silent; the ctx streams likewise with the funding silence. The 24 h notional
 * volume of every ctx feeds the engine's liquidity filter ({@code TickerUpdate}). Threading: the parser
 * runs on the one event loop the WebSocket uses; REST completions hop onto it.
 *
 * <p>Limits (hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/rate-limits, per IP): 1,000
 * subscriptions, 100 connections, 2,000 messages a minute sent. Two subscriptions a coin on one
 * connection: at most {@value #MAX_COINS} coins (more are left out with a warning); the subscribes of a
 * connect are 2 × coins messages. The server closes a connection it has sent nothing to for 60 s
 * (.../websocket/timeouts-and-heartbeats); the Python SDK pings every 50 s, and so does this feed.
 */
public final class HyperliquidFeed extends AbstractMarketDataFeed<List<HyperliquidInstrument>>
{
    public static final String INFO_PATH = "/info";
    public static final String WS_PATH = "/ws";
    /** Subscriptions per IP (rate limits page). */
    public static final int MAX_SUBSCRIPTIONS = 1000;
    /** Coins one feed subscribes at most: two streams each. */
    public static final int MAX_COINS = MAX_SUBSCRIPTIONS / 2;
    public static final long PING_INTERVAL_NS = TimeUnit.SECONDS.toNanos(50);
    public static final String PING = "{\"method\":\"ping\"}";

    private final HyperliquidParser parser;
    private final long pingIntervalNs;

    /**
     * @param settings    URLs (REST base without /info, WS base without /ws), tokens, quotes (USDC must be accepted), fees.
     * @param timings     silences, backoff, retries.
     * @param group       I/O threads; one event loop of it runs this feed (not owned).
     * @param restClient  HTTP client (not owned).
     * @param sink        where events go (the inbound ring).
     * @param clock       stamps tsInitNs.
     * @param symbolTable interns tokens and instruments.
     */
    public HyperliquidFeed(
        final FeedSettings settings,
        final FeedTimings timings,
        final EventLoopGroup group,
        final RestClient restClient,
        final EventSink sink,
        final EpochNanoClock clock,
        final SymbolTable symbolTable)
    {
        this(settings, timings, group, restClient, sink, clock, symbolTable, PING_INTERVAL_NS);
    }

    /** As above with another ping interval (tests). */
    public HyperliquidFeed(
        final FeedSettings settings,
        final FeedTimings timings,
        final EventLoopGroup group,
        final RestClient restClient,
        final EventSink sink,
        final EpochNanoClock clock,
        final SymbolTable symbolTable,
        final long pingIntervalNs)
    {
        super(Venue.HYPERLIQUID, settings, timings, group, restClient, sink, clock, symbolTable);
        this.parser = new HyperliquidParser(sink);
        this.pingIntervalNs = pingIntervalNs;
    }

    // ------------------------------------------------------------------ bootstrap (event loop)

    @Override
    protected CompletableFuture<List<HyperliquidInstrument>> fetchBootstrap()
    {
        return rest.postJson(INFO_PATH, HyperliquidInstruments.META_AND_ASSET_CTXS)
            .thenApply(response -> HyperliquidInstruments.parseMetaAndAssetCtxs(response.bodyText()));
    }

    @Override
    protected void onBootstrap(final List<HyperliquidInstrument> instruments)
    {
        final List<HyperliquidInstrument> tradable = instruments.stream().filter(HyperliquidInstrument::isTradable).toList();
        final TokenSelection<HyperliquidInstrument> selection = TokenSelection.selectListed(
            settings.tokens(), settings.quotes(), tradable, HyperliquidInstrument::listed, i -> HyperliquidInstrument.QUOTE);
        List<HyperliquidInstrument> selected = selection.selected();
        if (selected.size() > MAX_COINS)
        {
            log.warn("hyperliquid: {} coins listed, {} subscribed (the venue allows {} subscriptions an IP, two a coin)", selected.size(),
                MAX_COINS, MAX_SUBSCRIPTIONS);
            selected = selected.subList(0, MAX_COINS);
        }
        final List<String> coins = new ArrayList<>(selected.size());
        final long nowNs = clock.nanoTime();
        for (final HyperliquidInstrument instrument : selected)
        {
            final String coin = instrument.coin();
            final ListedBase listed = instrument.listed();
            final String token = listed.token();
            final int instrumentId = symbolTable.instrumentId(Venue.HYPERLIQUID, coin);
            definitions.publish(nowNs, instrumentId, symbolTable.tokenId(token), Venue.HYPERLIQUID, HyperliquidInstrument.QUOTE,
                instrument.tickSize(), instrument.lotSize(), instrument.lotSize(), HyperliquidInstrument.MIN_ORDER_VALUE, listed.contractValue(),
                HyperliquidParser.FUNDING_INTERVAL_S, settings.makerFee(), settings.takerFee(), coin, token);
            indexByInstrumentId.put(instrumentId, parser.addInstrument(coin, instrumentId));
            coins.add(coin);
        }
        selected(selection, coins);
        if (!coins.isEmpty())
        {
            openStream(URI.create(settings.wsBaseUrl() + WS_PATH),
                new HyperliquidSubscriptions(coins, timings.liveness().fundingSilenceNs(), timings.liveness().bookSilenceNs()),
                VenuePing.text(PING, pingIntervalNs), new Handler(), instrumentId ->
                {
                    // every book is whole: the next push resyncs it
                });
        }
        bootstrapDone();
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
            lastResult = parser.onFrame(buffer, offset, length, tsInitNs);
        }

        @Override
        public void onOpen(final int connects)
        {
            parser.reset();
        }
    }

    // ------------------------------------------------------------------ state (any thread)

    @Override
    public long count(final int frameResult)
    {
        return parser.count(frameResult);
    }

    /** {@code {"channel":"pong"}} frames received. */
    public long pongs()
    {
        return parser.pongs();
    }

    /** {@code {"channel":"error"}} frames received. */
    public long venueErrors()
    {
        return parser.errors();
    }
}
