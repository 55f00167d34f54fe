package io.fundingarb.connectors.feed;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.FeedState;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.transport.CombinedVenueStatus;
import io.fundingarb.connectors.transport.FrameHandler;
import io.fundingarb.connectors.transport.ReconnectLimiter;
import io.fundingarb.connectors.transport.RestClient;
import io.fundingarb.connectors.transport.ResyncHandler;
import io.fundingarb.connectors.transport.SubscriptionProtocol;
import io.fundingarb.connectors.transport.VenuePing;
import io.fundingarb.connectors.transport.VenueStatusPublisher;
import io.fundingarb.connectors.transport.WsConfig;
import io.fundingarb.connectors.transport.WsConnection;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.concurrent.EpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of a venue's public market-data feed that is the same on every venue:
 * <pre>
 *   start ─► bootstrap on the event loop: fetchBootstrap() ─► onBootstrap(data)
 *            (a failure is logged and the whole bootstrap retried every retryNs)
 *   onBootstrap ─► selected(...) ─► openStream(...) ─► schedulePoll(...) ─► bootstrapDone()
 *               (or newStream(...) per connection, then startStreams(): a venue whose streams live on several paths)
 *   close ─► cancel polls and a pending bootstrap retry on the loop, close the WebSockets
 * </pre>
 * Several connections report as one venue ({@link CombinedVenueStatus}): LIVE only when all are,
 * DOWN or STALE when any is; {@link #state()} and {@link #reconnects()} combine them the same way.
 * Each connection watches its subscribed streams from market data alone (a {@link SubscriptionProtocol}
 * with the silences of {@link FeedLiveness}); the feed's connections share one {@link ReconnectLimiter}.
 * A venue subclass keeps only its protocol: which REST paths it reads, how it turns them into
 * instruments, the stream URL and subscriptions, and how a book is resynchronised.
 * Threading: every hook runs on the one event loop the WebSocket uses; REST completions hop onto it.
 *
 * @param <B> what the bootstrap requests produce (the venue's REST answers).
 */
public abstract class AbstractMarketDataFeed<B> implements MarketDataFeed
{
    private static final long CLOSE_WAIT_MS = 2_000;

    /** The subclass's logger (the class name of the venue's feed). */
    protected final Logger log = LoggerFactory.getLogger(getClass());
    protected final FeedSettings settings;
    protected final FeedTimings timings;
    protected final EventLoop loop;
    protected final EventSink sink;
    protected final EpochNanoClock clock;
    protected final SymbolTable symbolTable;
    protected final Random random;
    protected final FeedRest rest;
    private final RestClient restClient;
    protected final InstrumentDefinitionPublisher definitions;
    protected final Int2IntHashMap indexByInstrumentId = new Int2IntHashMap(-1);

    private final Venue venue;
    /** Prefix of log lines: the venue in lower case. */
    private final String name;
    private final CompletableFuture<MarketDataFeed> started = new CompletableFuture<>();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();

    private volatile boolean startCalled;
    private volatile boolean closed;
    private volatile boolean bootstrapped;
    private final CombinedVenueStatus status;
    private final ReconnectLimiter reconnectLimiter;
    private volatile List<WsConnection> connections = List.of();
    private volatile List<String> listed = List.of();
    private volatile List<String> missing = List.of();
    private volatile List<String> subscribed = List.of();
    private volatile long resyncs;
    private ScheduledFuture<?> bootstrapRetry;

    protected AbstractMarketDataFeed(
        final Venue venue,
        final FeedSettings settings,
        final FeedTimings timings,
        final EventLoopGroup group,
        final RestClient restClient,
        final EventSink sink,
        final EpochNanoClock clock,
        final SymbolTable symbolTable)
    {
        this.venue = venue;
        this.name = venue.name().toLowerCase(Locale.ROOT);
        this.settings = settings;
        this.timings = timings;
        this.loop = group.next();
        this.sink = sink;
        this.clock = clock;
        this.symbolTable = symbolTable;
        this.random = new Random();
        this.restClient = restClient;
        this.rest = new FeedRest(settings.restBaseUrl(), restClient, loop, timings, random);
        this.definitions = new InstrumentDefinitionPublisher(sink);
        this.status = new CombinedVenueStatus(new VenueStatusPublisher(sink, venue));
        this.reconnectLimiter = new ReconnectLimiter(timings.liveness().maxReconnectsPerMinute());
    }

    @Override
    public final Venue venue()
    {
        return venue;
    }

    @Override
    public final CompletableFuture<MarketDataFeed> start()
    {
        if (!startCalled)
        {
            startCalled = true;
            loop.execute(this::bootstrap);
        }
        return started;
    }

    // ------------------------------------------------------------------ venue hooks (event loop)

    /** Sends the bootstrap requests (on the event loop); completes with their answers. */
    protected abstract CompletableFuture<B> fetchBootstrap();

    /**
     * Publishes the instrument definitions, then calls {@link #selected}, {@link #openStream},
     * {@link #schedulePoll} as the venue needs and last {@link #bootstrapDone()}. An exception
     * retries the whole bootstrap after {@code retryNs}.
     */
    protected abstract void onBootstrap(B data);

    // ------------------------------------------------------------------ bootstrap (event loop)

    private void bootstrap()
    {
        bootstrapRetry = null;
        if (closed)
        {
            return;
        }
        fetchBootstrap().whenCompleteAsync((data, error) ->
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
                onBootstrap(data);
            }
            catch (final Throwable ex)
            {
                log.warn("{}: bootstrap failed ({}); retrying in {} ms", name, FeedRest.describe(ex), TimeUnit.NANOSECONDS.toMillis(timings.retryNs()));
                bootstrapRetry = loop.schedule(this::bootstrap, timings.retryNs(), TimeUnit.NANOSECONDS);
            }
        }, loop);
    }

    /** Records which configured tokens are listed and which instruments are subscribed, and logs it. */
    protected final void selected(final TokenSelection<?> selection, final List<String> symbols)
    {
        listed = selection.listed();
        missing = selection.missing();
        subscribed = List.copyOf(symbols);
        log.info("{}: {} of {} configured tokens listed ({} instruments); not listed: {}", name, listed.size(), settings.tokens().size(),
            selection.selected().size(), missing.isEmpty() ? "none" : String.join(", ", missing));
    }

    /** Connects the feed's one WebSocket with the feed timings (stream silences, acks, backoff) and starts it. */
    protected final WsConnection openStream(
        final URI uri, final SubscriptionProtocol protocol, final VenuePing ping, final FrameHandler handler, final ResyncHandler resync)
    {
        final WsConnection ws = newStream(name, uri, protocol, ping, handler, resync);
        startStreams();
        return ws;
    }

    /**
     * One of several WebSockets of the feed, not started: create them all, then {@link #startStreams()}.
     * The feed timings apply; wss trusts what the REST client trusts ({@link RestClient#sslContext()}).
     *
     * @param leg      names the connection in the combined {@code VenueStatus} detail, e.g. "market", "public".
     * @param protocol the connection's streams (their silences from {@link FeedLiveness}), how to subscribe them and tell their data.
     */
    protected final WsConnection newStream(
        final String leg, final URI uri, final SubscriptionProtocol protocol, final VenuePing ping, final FrameHandler handler,
        final ResyncHandler resync)
    {
        final FeedLiveness liveness = timings.liveness();
        final WsConfig config = WsConfig.of(venue, uri, List.of())
            .withPing(ping)
            .withSilenceTimeoutNs(timings.silenceTimeoutNs())
            .withBackoff(timings.backoffBaseNs(), timings.backoffCapNs())
            .withProtocol(protocol, liveness.ackTimeoutNs())
            .withReconnectPolicy(liveness.backoffResetNs(), reconnectLimiter)
            .withSslContext(restClient.sslContext());
        final WsConnection ws = new WsConnection(config, loop, handler, status.leg(leg), clock, random, resync);
        final List<WsConnection> all = new ArrayList<>(connections);
        all.add(ws);
        connections = List.copyOf(all);
        return ws;
    }

    /** Starts every stream created by {@link #newStream}. */
    protected final void startStreams()
    {
        connections.forEach(WsConnection::start);
    }

    /** Runs {@code poll} on the event loop every {@code periodNs} until close. */
    protected final void schedulePoll(final Runnable poll, final long periodNs)
    {
        timers.add(loop.scheduleAtFixedRate(poll, periodNs, periodNs, TimeUnit.NANOSECONDS));
    }

    /** Completes {@link #start()}. */
    protected final void bootstrapDone()
    {
        bootstrapped = true;
        started.complete(this);
    }

    /** Hands the answer of {@code request} to {@code onAnswer} on the event loop, unless it failed or the feed closed meanwhile. */
    protected final <T> void onLoopWhenOpen(final CompletableFuture<T> request, final Consumer<T> onAnswer)
    {
        request.whenCompleteAsync((answer, error) ->
        {
            if (!closed && error == null)
            {
                onAnswer.accept(answer);
            }
        }, loop);
    }

    /** Counts a resync asked for by the feed (a gap). */
    protected final void countResync()
    {
        resyncs++;
    }

    protected final boolean isClosed()
    {
        return closed;
    }

    // ------------------------------------------------------------------ state (any thread)

    @Override
    public final boolean bootstrapped()
    {
        return bootstrapped;
    }

    @Override
    public final List<String> listedTokens()
    {
        return listed;
    }

    @Override
    public final List<String> missingTokens()
    {
        return missing;
    }

    @Override
    public final List<String> symbols()
    {
        return subscribed;
    }

    @Override
    public final FeedState state()
    {
        final List<WsConnection> all = connections;
        FeedState state = all.isEmpty() ? null : FeedState.LIVE;
        for (int i = 0; i < all.size(); i++)
        {
            state = CombinedVenueStatus.worst(state, all.get(i).state());
        }
        return state;
    }

    @Override
    public final int reconnects()
    {
        final List<WsConnection> all = connections;
        int reconnects = 0;
        for (int i = 0; i < all.size(); i++)
        {
            reconnects += all.get(i).reconnects();
        }
        return reconnects;
    }

    @Override
    public final long resyncs()
    {
        return resyncs;
    }

    @Override
    public final long silences()
    {
        return connections.stream().mapToLong(WsConnection::silences).sum();
    }

    @Override
    public final long resubscribes()
    {
        return connections.stream().mapToLong(WsConnection::resubscribes).sum();
    }

    @Override
    public final long recycles()
    {
        return connections.stream().mapToLong(WsConnection::recycles).sum();
    }

    @Override
    public final long refusedSubscriptions()
    {
        return connections.stream().mapToLong(WsConnection::refusedSubscriptions).sum();
    }

    @Override
    public final long cappedReconnects()
    {
        return reconnectLimiter.delayed();
    }

    /** REST requests sent, retries included. */
    public final long restRequests()
    {
        return rest.requests();
    }

    /** The (first) WebSocket, or null before the streams start. */
    public final WsConnection connection()
    {
        final List<WsConnection> all = connections;
        return all.isEmpty() ? null : all.get(0);
    }

    /** Every WebSocket of the feed, in creation order (empty before the streams start). */
    public final List<WsConnection> connections()
    {
        return connections;
    }

    @Override
    public final void close()
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
        connections.forEach(WsConnection::close);
        started.cancel(false);
    }

    @Override
    public String toString()
    {
        return getClass().getSimpleName() + "{" + settings.wsBaseUrl() + ", " + subscribed.size() + " symbols}";
    }
}
