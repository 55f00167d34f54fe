package io.fundingarb.connectors.kraken;

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
import io.fundingarb.connectors.transport.RestResponse;
import io.fundingarb.connectors.transport.VenuePing;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Kraken Futures public market data, end to end:
 * <pre>
 *   start ─► REST GET /derivatives/api/v3/instruments + GET /derivatives/api/v3/tickers (RestRetry; the tickers may fail)
 *        ─► InstrumentDefinition per configured token listed as a tradeable PF_ perpetual (USD; missing ones reported),
 *           funding interval 1 h; the tickers' 24 h volume ─► TickerUpdate (the liquidity filter)
 *        ─► WS /ws/v1, per product subscribe ticker + book, one message each (answers awaited, each stream watched
 *           for silence: {@link KrakenSubscriptions}) ─► KrakenParser ─► EventSink
 *   every connect: parser.reset() (each book subscription starts with its book_snapshot)
 *   seq gap on a product's book, a delta with no snapshot, or a book update the full ring refused:
 *        requestResync ─► unsubscribe + subscribe that product's book ─► its book_snapshot ─► resyncDone
 *   keep-alive: a WebSocket ping frame every 30 s
 *   poll: the tickers every volumePollNs ─► 24 h volumes
 * </pre>
 * Kraken's documents: the endpoint {@code wss://futures.kraken.com/ws/v1} and "make a ping request at least
 * every 60 seconds" (docs.kraken.com/api/docs/guides/futures-websockets; the venue names no ping message, so
 * a protocol ping frame is sent); "most web socket feeds first send a snapshot ... and subsequently send
 * real-time updates" (same page), so a book is resynced by subscribing it again
 * (docs.kraken.com/api/docs/futures-api/websocket/book: {@code book_snapshot}, then {@code book} deltas with
 * {@code seq}); the ticker is published every second with every field
 * (docs.kraken.com/api/docs/futures-api/websocket/ticker); the 24 h volume in USD is a ticker's
 * {@code volumeQuote} (docs.kraken.com/api/docs/futures-api/trading/get-tickers). A book that is quiet
 * longer than the book silence is resubscribed (and so gets a fresh snapshot) rather than judged dead
 * at once: only a book still silent after that recycles the connection. Threading: the parser runs on
 * the one event loop the WebSocket uses; REST completions hop onto it.
 */
public final class KrakenFeed extends AbstractMarketDataFeed<KrakenFeed.Bootstrap>
{
    /** Kraken Futures' one public stream path under the WebSocket base (docs.kraken.com/api/docs/guides/futures-websockets). */
    public static final String WS_PATH = "/ws/v1";
    /** Half the venue's 60 s: "make a ping request at least every 60 seconds". */
    public static final long PING_INTERVAL_NS = TimeUnit.SECONDS.toNanos(30);

    private final KrakenParser parser;
    private final long pingIntervalNs;
    private final ResubscribeResync resync;
    private volatile long venueErrorsLogged;

    /** The bootstrap answers: instruments, and tickers (null when that request failed: volumes unknown until the next poll). */
    record Bootstrap(RestResponse instruments, RestResponse tickers)
    {
    }

    /**
     * @param settings    URLs (REST base without /derivatives, WS base without /ws/v1), tokens, quotes (USD must be accepted), fees.
     * @param timings     silences, backoff, retries, the volume poll.
     * @param group       I/O threads; one event loop of it runs this feed (not owned).
     * @param restClient  HTTP client (not owned).
     * @param sink        where events go (the inbound ring).
     * @param clock       stamps tsInitNs.
     * @param symbolTable interns tokens and instruments.
     */
    public KrakenFeed(
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
    public KrakenFeed(
        final FeedSettings settings,
        final FeedTimings timings,
        final EventLoopGroup group,
        final RestClient restClient,
        final EventSink sink,
        final EpochNanoClock clock,
        final SymbolTable symbolTable,
        final long pingIntervalNs)
    {
        super(Venue.KRAKEN, settings, timings, group, restClient, sink, clock, symbolTable);
        this.parser = new KrakenParser(sink);
        this.pingIntervalNs = pingIntervalNs;
        this.resync = new ResubscribeResync(loop, timings.retryNs(), this::isClosed, this::countResync);
    }

    // ------------------------------------------------------------------ bootstrap (event loop)

    @Override
    protected CompletableFuture<Bootstrap> fetchBootstrap()
    {
        final CompletableFuture<RestResponse> instruments = rest.get(KrakenInstruments.INSTRUMENTS_PATH);
        final CompletableFuture<RestResponse> tickers = rest.get(KrakenInstruments.TICKERS_PATH).exceptionally(error -> null);
        return CompletableFuture.allOf(instruments, tickers).thenApply(ignored -> new Bootstrap(instruments.join(), tickers.join()));
    }

    @Override
    protected void onBootstrap(final Bootstrap answers)
    {
        final List<KrakenInstrument> tradable = KrakenInstruments.parseInstruments(answers.instruments().bodyText());
        final TokenSelection<KrakenInstrument> selection = TokenSelection.selectListed(
            settings.tokens(), settings.quotes(), tradable, i -> ListedBase.of(i.baseToken()), i -> KrakenInstrument.QUOTE);
        final int n = selection.selected().size();
        final List<String> products = new ArrayList<>(n);
        final long nowNs = clock.nanoTime();
        for (final KrakenInstrument instrument : selection.selected())
        {
            final String product = instrument.symbol();
            final ListedBase listed = ListedBase.of(instrument.baseToken());
            final String token = listed.token();
            final int instrumentId = symbolTable.instrumentId(Venue.KRAKEN, product);
            definitions.publish(nowNs, instrumentId, symbolTable.tokenId(token), Venue.KRAKEN, KrakenInstrument.QUOTE, instrument.tickSize(),
                instrument.lotSize(), instrument.lotSize(), FixedPoint.NULL, Math.multiplyExact(listed.multiplier(), instrument.contractSize()),
                KrakenParser.FUNDING_INTERVAL_S, settings.makerFee(), settings.takerFee(), product, token);
            indexByInstrumentId.put(instrumentId, parser.addInstrument(product, instrumentId));
            products.add(product);
        }
        selected(selection, products);
        if (answers.tickers() != null)
        {
            applyVolumes(answers.tickers());
        }
        if (n > 0)
        {
            final KrakenSubscriptions subscriptions = new KrakenSubscriptions(products, timings.liveness().fundingSilenceNs(),
                timings.liveness().bookSilenceNs());
            final String[] unsubscribe = new String[n];
            final String[] subscribe = new String[n];
            final int[] instrumentIds = new int[n];
            for (int i = 0; i < n; i++)
            {
                unsubscribe[i] = subscriptions.message("unsubscribe", KrakenSubscriptions.secondStream(i));
                subscribe[i] = subscriptions.message("subscribe", KrakenSubscriptions.secondStream(i));
                instrumentIds[i] = parser.instrumentId(i);
            }
            resync.instruments(instrumentIds, unsubscribe, subscribe);
            openStream(URI.create(settings.wsBaseUrl() + WS_PATH), subscriptions, VenuePing.pingFrames(pingIntervalNs), new Handler(),
                instrumentId -> resync.resubscribe(connection(), indexByInstrumentId.get(instrumentId)));
            schedulePoll(this::pollVolumes, timings.volumePollNs());
        }
        bootstrapDone();
    }

    // ------------------------------------------------------------------ polls (event loop)

    private void pollVolumes()
    {
        onLoopWhenOpen(rest.get(KrakenInstruments.TICKERS_PATH), this::applyVolumes);
    }

    /** The 24 h volumes of a tickers body to the parser (allocates: start-up and a poll a minute). */
    private void applyVolumes(final RestResponse response)
    {
        final Map<String, Long> volumes;
        try
        {
            volumes = KrakenInstruments.parseTickerVolumes(response.bodyText());
        }
        catch (final IllegalArgumentException ex)
        {
            log.warn("kraken: malformed {} body ignored: {}", KrakenInstruments.TICKERS_PATH, ex.getMessage());
            return;
        }
        final long nowNs = clock.nanoTime();
        for (int i = 0; i < parser.instrumentCount(); i++)
        {
            final Long volume = volumes.get(symbols().get(i));
            if (volume != null)
            {
                parser.onVolume(i, volume, nowNs);
            }
        }
    }

    /** Frames of the WebSocket, on its I/O thread. */
    private final class Handler implements FrameHandler
    {
        private int lastResult = FrameResult.IGNORED;
        private long errorsSeen;

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
            if (parser.errors() != errorsSeen)
            {
                errorsSeen = parser.errors();
                logVenueError(buffer, offset, length); // rare: the venue refused a request or warns
            }
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

    /** Logs the first errors and alerts of the venue word for word, then one in a hundred (a venue that keeps refusing must not flood the log). */
    private void logVenueError(final DirectBuffer buffer, final int offset, final int length)
    {
        final long logged = venueErrorsLogged++;
        if (logged < 10 || logged % 100 == 0)
        {
            final byte[] text = new byte[Math.min(length, 300)];
            buffer.getBytes(offset, text);
            log.warn("kraken: the venue says {} ({} errors and alerts so far)", new String(text, StandardCharsets.UTF_8), parser.errors());
        }
    }

    // ------------------------------------------------------------------ state (any thread)

    @Override
    public long count(final int frameResult)
    {
        return parser.count(frameResult);
    }

    /** {@code {"event":"error"|"alert",..}} messages received. */
    public long venueErrors()
    {
        return parser.errors();
    }

    /** {@code heartbeat} feed messages received. */
    public long heartbeats()
    {
        return parser.heartbeats();
    }

    /** Sequence gaps seen on the books. */
    public long gaps()
    {
        return parser.gaps();
    }
}
