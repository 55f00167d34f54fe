package io.fundingarb.connectors.transport;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.sbe.FeedState;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.agrona.DirectBuffer;
import org.agrona.collections.IntHashSet;
import org.agrona.concurrent.EpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A venue WebSocket that stays up: connects, sends the subscription messages, hands every
 * message to a {@link FrameHandler} on the I/O thread, answers protocol pings, sends the venue's
 * application ping, watches for silence and reconnects with capped, jittered exponential
 * backoff, re-subscribing each time. Every state change is published as a {@code VenueStatus}
 * event:
 *
 * <pre>
 *   start ──► CONNECTING ──handshake──► LIVE ◄──resyncDone (none pending)──┐
 *                ▲   │                   │ │                                │
 *                │   │connect failed     │ └──requestResync──► RESYNCING ───┘
 *                │   ▼                   │ no frame for silenceTimeoutNs   │
 *    backoff ◄── DOWN ◄──dropped─────────┤──────────► STALE ── close ──┐   │ dropped
 *                ▲                       │                             │   ▼
 *                └───────────────────────┴─────────── backoff ◄────────┘  DOWN
 * </pre>
 *
 * With a {@link SubscriptionProtocol} ({@link WsConfig#protocol()}) the connection watches each
 * subscribed stream on its own, from market data only ({@link StreamLiveness}): after the handshake
 * it stays CONNECTING until every subscription is acknowledged and every stream has carried data,
 * then LIVE (or RESYNCING while a book is rebuilt); a stream silent beyond its cadence makes it
 * STALE (naming the streams) and is resubscribed; still silent, or a request unanswered twice, and
 * the connection is recycled (DOWN, reconnect); a refused subscription is logged with the venue's
 * words and sent again after a backoff, STALE meanwhile. Pings, pongs, acks and heartbeats never
 * count as data. The reconnect backoff starts over only once a connection has delivered data for
 * {@link WsConfig#backoffResetNs()}, and a shared {@link ReconnectLimiter} caps attempts per minute.
 *
 * <p>All state lives on one event loop of the given group: handlers, timers and the public
 * methods (which hop onto the loop when called from elsewhere) never race. Per message: no
 * allocation, no String, one clock read for {@code tsInitNs}; with a protocol, one classification
 * (a prefix compare and a hash lookup for data frames) and one counter increment.
 */
public final class WsConnection implements AutoCloseable
{
    private static final long CLOSE_WAIT_MS = 2_000;
    private static final long MIN_SILENCE_CHECK_NS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final Logger LOG = LoggerFactory.getLogger(WsConnection.class);

    private final WsConfig config;
    private final EventLoop eventLoop;
    private final FrameHandler frameHandler;
    private final EpochNanoClock clock;
    private final ResyncHandler resyncHandler;
    private final VenueStatusListener statusPublisher;
    private final Backoff backoff;
    private final FrameAssembler assembler;
    private final Bootstrap bootstrap;
    private final SslContext sslContext;
    private final IntHashSet pendingResyncs = new IntHashSet();
    private final SubscriptionProtocol protocol;
    private final StreamLiveness liveness;
    private final Backoff ackBackoff;
    private final ReconnectLimiter limiter;
    private final Consumer<String> sender = this::write;

    private volatile FeedState state;
    private volatile boolean closed;
    private boolean started;
    private Channel channel;
    private boolean open;
    private String closeReason;
    private ScheduledFuture<?> reconnectTimer;
    private ScheduledFuture<?> pingTimer;
    private ScheduledFuture<?> silenceTimer;
    private ScheduledFuture<?> handshakeTimer;
    private ScheduledFuture<?> livenessTimer;
    private ScheduledFuture<?> ackRetryTimer;
    private ScheduledFuture<?> backoffResetTimer;
    private long liveSinceNs;
    private int lastResyncInstrument;
    private long publishedProblems;
    private long dataFrames;
    private volatile long recycles;
    private volatile long cappedReconnects;
    private long silenceCheckedFrames;
    private long lastProgressNs;
    private volatile int reconnects;
    private volatile int connects;
    private volatile long framesReceived;
    private volatile long pingsAnswered;
    private volatile long pingsSent;

    /**
     * @param config        the connection's settings.
     * @param group         I/O threads; one event loop of it owns this connection.
     * @param frameHandler  receives every message on the I/O thread.
     * @param statusSink    where {@code VenueStatus} events go (the inbound ring).
     * @param clock         stamps {@code tsInitNs} of frames and status events.
     * @param jitter        backoff jitter source (seeded in tests).
     * @param resyncHandler asked to rebuild an instrument's book after {@link #requestResync(int)}.
     */
    public WsConnection(
        final WsConfig config,
        final EventLoopGroup group,
        final FrameHandler frameHandler,
        final EventSink statusSink,
        final EpochNanoClock clock,
        final Random jitter,
        final ResyncHandler resyncHandler)
    {
        this(config, group, frameHandler, new VenueStatusPublisher(statusSink, config.venue(), config.stream()), clock, jitter, resyncHandler);
    }

    /**
     * As above, with the state changes reported to {@code status} rather than published directly
     * (e.g. one leg of a {@link CombinedVenueStatus}); {@code status} is called on the connection's event loop.
     */
    public WsConnection(
        final WsConfig config,
        final EventLoopGroup group,
        final FrameHandler frameHandler,
        final VenueStatusListener status,
        final EpochNanoClock clock,
        final Random jitter,
        final ResyncHandler resyncHandler)
    {
        this.config = config;
        this.eventLoop = group.next();
        this.frameHandler = frameHandler;
        this.clock = clock;
        this.resyncHandler = resyncHandler;
        this.statusPublisher = status;
        this.backoff = new Backoff(config.backoffBaseNs(), config.backoffCapNs(), jitter);
        this.ackBackoff = new Backoff(config.backoffBaseNs(), config.backoffCapNs(), jitter);
        this.protocol = config.protocol();
        this.liveness = protocol == null ? null : new StreamLiveness(protocol, config.ackTimeoutNs());
        this.limiter = config.reconnectLimiter();
        this.assembler = new FrameAssembler(new Dispatcher(), clock, config.maxMessageBytes());
        this.sslContext = config.tls() ? (config.sslContext() != null ? config.sslContext() : TlsTrust.jdkDefault()) : null;
        this.bootstrap = new Bootstrap()
            .group(eventLoop)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)Math.max(1, TimeUnit.NANOSECONDS.toMillis(config.connectTimeoutNs())));
    }

    /** Starts connecting; returns at once. */
    public WsConnection start()
    {
        onLoop(() ->
        {
            if (!started && !closed)
            {
                started = true;
                connect();
            }
        });
        return this;
    }

    /**
     * A feed found a sequence gap on an instrument: publishes RESYNCING (once, while any
     * instrument is pending) and asks the {@link ResyncHandler} to rebuild it. Idempotent per
     * instrument until {@link #resyncDone(int)}. Any thread.
     */
    public void requestResync(final int instrumentId)
    {
        if (eventLoop.inEventLoop())
        {
            doRequestResync(instrumentId);
        }
        else
        {
            eventLoop.execute(() -> doRequestResync(instrumentId));
        }
    }

    /** The instrument's book is rebuilt; LIVE again when none is pending. Any thread. */
    public void resyncDone(final int instrumentId)
    {
        if (eventLoop.inEventLoop())
        {
            doResyncDone(instrumentId);
        }
        else
        {
            eventLoop.execute(() -> doResyncDone(instrumentId));
        }
    }

    /** Sends a text message if the connection is open (e.g. a later subscribe); false if not. Any thread. */
    public boolean send(final String text)
    {
        final Channel ch = channel;
        if (ch == null || !ch.isActive() || !open)
        {
            return false;
        }
        ch.writeAndFlush(new TextWebSocketFrame(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
        return true;
    }

    /**
     * Sends {@code bytes[offset, offset + length)} as one text message if the connection is open; false (nothing
     * written) if not. The bytes go into a buffer of the channel's pooled allocator. On the connection's event loop.
     */
    public boolean send(final byte[] bytes, final int offset, final int length)
    {
        final Channel ch = channel;
        if (ch == null || !ch.isActive() || !open)
        {
            return false;
        }
        ch.writeAndFlush(new TextWebSocketFrame(ch.alloc().buffer(length).writeBytes(bytes, offset, length)));
        return true;
    }

    /** Writes a text message to the open channel without flushing (on the loop). */
    private void write(final String text)
    {
        final Channel ch = channel;
        if (ch != null && ch.isActive())
        {
            ch.write(new TextWebSocketFrame(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
        }
    }

    /** Drops the current connection as if the venue had (reconnects with backoff). Any thread. */
    public void disconnect(final String reason)
    {
        onLoop(() ->
        {
            if (channel != null)
            {
                closeReason = reason;
                channel.close();
            }
        });
    }

    /**
     * Stops for good: cancels timers, closes the socket (bounded wait) and publishes DOWN.
     * The event loop group belongs to the caller.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        final io.netty.util.concurrent.Future<?> done = eventLoop.submit(() ->
        {
            cancel(reconnectTimer);
            cancelSessionTimers();
            cancel(ackRetryTimer);
            final Channel ch = channel;
            if (ch != null)
            {
                closeReason = "closed";
                ch.close();
            }
            setState(FeedState.DOWN, "closed");
        });
        if (!eventLoop.inEventLoop())
        {
            done.awaitUninterruptibly(CLOSE_WAIT_MS);
        }
    }

    private void onLoop(final Runnable task)
    {
        if (eventLoop.inEventLoop())
        {
            task.run();
        }
        else
        {
            eventLoop.execute(task);
        }
    }

    private void connect()
    {
        reconnectTimer = null;
        if (closed)
        {
            return;
        }
        if (limiter != null && connects == 0 && reconnects == 0)
        {
            limiter.reserve(System.nanoTime()); // the first attempt counts too (reconnects book theirs when scheduled)
        }
        setState(FeedState.CONNECTING, config.uri().getHost() + ":" + config.port());
        closeReason = null;
        final WebSocketClientHandshaker handshaker = WebSocketClientHandshakerFactory.newHandshaker(
            config.uri(), WebSocketVersion.V13, null, false, new DefaultHttpHeaders(), config.maxMessageBytes());
        final ClientHandler handler = new ClientHandler(handshaker);
        final ChannelFuture future = bootstrap.clone()
            .handler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel ch)
                {
                    final ChannelPipeline p = ch.pipeline();
                    if (sslContext != null)
                    {
                        p.addLast("tls", sslContext.newHandler(ch.alloc(), config.uri().getHost(), config.port()));
                    }
                    p.addLast("http", new HttpClientCodec());
                    p.addLast("aggregator", new HttpObjectAggregator(64 * 1024));
                    p.addLast("ws", handler);
                }
            })
            .connect(config.uri().getHost(), config.port());
        channel = future.channel();
        future.addListener((ChannelFuture f) ->
        {
            if (!f.isSuccess())
            {
                onDisconnected(f.channel(), "connect failed: " + describe(f.cause()));
            }
        });
    }

    private void onHandshakeComplete(final Channel ch)
    {
        cancel(handshakeTimer);
        if (closed || ch != channel)
        {
            ch.close();
            return;
        }
        for (final String subscription : config.subscriptions())
        {
            ch.write(new TextWebSocketFrame(Unpooled.copiedBuffer(subscription, StandardCharsets.UTF_8)));
        }
        open = true;
        connects++;
        pendingResyncs.clear();
        if (liveness != null)
        {
            liveness.onOpen(System.nanoTime(), sender);
            ch.flush();
            long periodNs = config.ackTimeoutNs();
            for (int i = 0; i < protocol.streamCount(); i++)
            {
                periodNs = protocol.silenceNs(i) > 0 ? Math.min(periodNs, protocol.silenceNs(i)) : periodNs;
            }
            periodNs = Math.max(MIN_SILENCE_CHECK_NS, periodNs / 4);
            livenessTimer = eventLoop.scheduleAtFixedRate(() -> checkLiveness(ch), periodNs, periodNs, TimeUnit.NANOSECONDS);
            updateState();
        }
        else
        {
            ch.flush();
            setState(FeedState.LIVE, connects == 1 ? "subscribed" : "resubscribed");
            backoffResetTimer = eventLoop.schedule(() ->
            {
                if (ch == channel && open)
                {
                    backoff.reset(); // without a protocol (a private stream, quiet by nature) staying up is the sign of health
                }
            }, config.backoffResetNs(), TimeUnit.NANOSECONDS);
        }
        frameHandler.onOpen(connects);
        final VenuePing ping = config.ping();
        if (ping.enabled())
        {
            pingTimer = eventLoop.scheduleAtFixedRate(() -> sendPing(ch, ping), ping.intervalNs(), ping.intervalNs(), TimeUnit.NANOSECONDS);
        }
        if (config.silenceTimeoutNs() > 0 && liveness == null)
        {
            silenceCheckedFrames = dataFrames;
            lastProgressNs = System.nanoTime();
            final long periodNs = Math.max(MIN_SILENCE_CHECK_NS, config.silenceTimeoutNs() / 4);
            silenceTimer = eventLoop.scheduleAtFixedRate(() -> checkSilence(ch), periodNs, periodNs, TimeUnit.NANOSECONDS);
        }
    }

    private void sendPing(final Channel ch, final VenuePing ping)
    {
        if (ch.isActive())
        {
            ch.writeAndFlush(ping.pingFrame() ? new PingWebSocketFrame() : new TextWebSocketFrame(Unpooled.wrappedBuffer(ping.message())));
            pingsSent++;
        }
    }

    private void checkSilence(final Channel ch)
    {
        statusPublisher.flushPending();
        final long nowNs = System.nanoTime();
        final long frames = dataFrames;
        if (frames != silenceCheckedFrames)
        {
            silenceCheckedFrames = frames;
            lastProgressNs = nowNs;
            return;
        }
        final long silentNs = nowNs - lastProgressNs;
        if (silentNs >= config.silenceTimeoutNs() && ch == channel && state != FeedState.STALE)
        {
            cancelSessionTimers();
            setState(FeedState.STALE, "no frame for " + TimeUnit.NANOSECONDS.toMillis(silentNs) + " ms");
            closeReason = "stale";
            ch.close();
        }
    }

    /** The periodic check of every stream (with a protocol): silences, unanswered requests, the backoff reset. */
    private void checkLiveness(final Channel ch)
    {
        statusPublisher.flushPending();
        if (ch != channel || !open)
        {
            return;
        }
        final long nowNs = System.nanoTime();
        final int action = liveness.check(nowNs, sender);
        ch.flush();
        if (action == StreamLiveness.RECYCLE)
        {
            recycles++;
            updateState();
            final String silent = liveness.silentNames();
            LOG.warn("{} {}: recycling the connection: {} still silent after resubscribing ({})", venueName(), config.uri().getPath(), silent,
                liveness.problem().isEmpty() ? "no data" : liveness.problem());
            closeReason = "recycled, still silent after resubscribe: " + silent;
            cancelSessionTimers();
            ch.close();
            return;
        }
        if (action == StreamLiveness.RESUBSCRIBED)
        {
            LOG.warn("{} {}: resubscribing {} ({})", venueName(), config.uri().getPath(), liveness.silentNames(),
                liveness.problem().isEmpty() ? "no data within the stream's silence" : liveness.problem());
        }
        updateState();
        if (state == FeedState.LIVE && backoff.attempts() > 0 && nowNs - liveSinceNs >= config.backoffResetNs())
        {
            backoff.reset(); // data has flowed long enough: the next drop starts from the base delay again
        }
    }

    /** The venue answered a subscribe request (with a protocol). */
    private void onAck()
    {
        final boolean success = protocol.ackSuccess();
        final int matched = liveness.onAck(protocol.ackRequestId(), success, protocol.ackMessage(), System.nanoTime());
        if (matched == 0)
        {
            return;
        }
        if (!success && ackRetryTimer == null)
        {
            final long delayNs = ackBackoff.nextDelayNs();
            LOG.warn("{} {}: subscribe refused by the venue: {}; retrying in {} ms", venueName(), config.uri().getPath(),
                protocol.ackMessage().isEmpty() ? "no reason given" : protocol.ackMessage(), TimeUnit.NANOSECONDS.toMillis(delayNs));
            final Channel ch = channel;
            ackRetryTimer = eventLoop.schedule(() ->
            {
                ackRetryTimer = null;
                if (ch == channel && open)
                {
                    liveness.retryRefused(System.nanoTime(), sender);
                    ch.flush();
                }
            }, delayNs, TimeUnit.NANOSECONDS);
        }
        updateState();
    }

    /**
     * The state the connection's facts call for (with a protocol; without one only resyncs move it):
     * STALE while a stream is silent or refused, CONNECTING until every stream is acknowledged and
     * carries data, RESYNCING while a book is rebuilt, else LIVE. Publishes only changes.
     */
    private void updateState()
    {
        if (!open || closed)
        {
            return;
        }
        final FeedState target;
        if (liveness != null && liveness.silentCount() > 0)
        {
            target = FeedState.STALE;
        }
        else if (liveness != null && !liveness.ready())
        {
            target = FeedState.CONNECTING;
        }
        else if (!pendingResyncs.isEmpty())
        {
            target = FeedState.RESYNCING;
        }
        else
        {
            target = FeedState.LIVE;
        }
        if (target == state && (target != FeedState.STALE || liveness.problems() == publishedProblems))
        {
            return;
        }
        if (liveness != null)
        {
            publishedProblems = liveness.problems();
        }
        final String detail;
        switch (target)
        {
            case STALE:
            case CONNECTING:
                detail = liveness.detail();
                break;
            case RESYNCING:
                detail = pendingResyncs.size() == 1 ? "resync instrument " + lastResyncInstrument : "resync " + pendingResyncs.size() + " books";
                break;
            default:
                detail = state == FeedState.STALE ? "data flowing again" : connects == 1 ? "subscribed" : "resubscribed";
                liveSinceNs = System.nanoTime();
                ackBackoff.reset();
        }
        setState(target, detail);
    }

    private String venueName()
    {
        return config.venue().name().toLowerCase(java.util.Locale.ROOT);
    }
    private void onDisconnected(final Channel ch, final String reason)
    {
        if (ch != channel)
        {
            return; // an older channel's late event
        }
        channel = null;
        cancelSessionTimers();
        assembler.reset();
        pendingResyncs.clear();
        if (open)
        {
            open = false;
            frameHandler.onClose();
        }
        if (closed)
        {
            return;
        }
        long delayNs = backoff.nextDelayNs();
        if (limiter != null)
        {
            final long nowNs = System.nanoTime();
            final long atNs = limiter.reserve(nowNs + delayNs);
            if (atNs > nowNs + delayNs)
            {
                cappedReconnects++;
                LOG.warn("{} {}: {} connection attempts in the last minute (the cap): next attempt in {} ms", venueName(), config.uri().getPath(),
                    limiter.maxPerMinute(), TimeUnit.NANOSECONDS.toMillis(atNs - nowNs));
            }
            delayNs = atNs - nowNs;
        }
        setState(FeedState.DOWN, closeReason != null ? closeReason : reason);
        reconnects++;
        reconnectTimer = eventLoop.schedule(this::connect, delayNs, TimeUnit.NANOSECONDS);
    }

    private void doRequestResync(final int instrumentId)
    {
        if (!open || closed)
        {
            return; // the next connect resyncs every book anyway
        }
        if (pendingResyncs.add(instrumentId))
        {
            lastResyncInstrument = instrumentId;
            if (liveness != null)
            {
                updateState();
            }
            else if (state == FeedState.LIVE)
            {
                setState(FeedState.RESYNCING, "resync instrument " + instrumentId);
            }
            resyncHandler.onResync(instrumentId);
        }
    }

    private void doResyncDone(final int instrumentId)
    {
        if (pendingResyncs.remove(instrumentId) && pendingResyncs.isEmpty() && state == FeedState.RESYNCING && open)
        {
            if (liveness == null)
            {
                setState(FeedState.LIVE, "resynced");
            }
            else
            {
                updateState();
            }
        }
    }

    private void setState(final FeedState newState, final String detail)
    {
        if (newState == state && newState != FeedState.STALE)
        {
            return;
        }
        if (newState == FeedState.LIVE)
        {
            liveSinceNs = System.nanoTime();
        }
        state = newState;
        statusPublisher.publish(newState, reconnects, detail, clock.nanoTime());
    }

    private void cancelSessionTimers()
    {
        cancel(pingTimer);
        cancel(silenceTimer);
        cancel(handshakeTimer);
        cancel(livenessTimer);
        cancel(ackRetryTimer);
        cancel(backoffResetTimer);
        pingTimer = null;
        silenceTimer = null;
        handshakeTimer = null;
        livenessTimer = null;
        ackRetryTimer = null;
        backoffResetTimer = null;
    }

    private static void cancel(final ScheduledFuture<?> timer)
    {
        if (timer != null)
        {
            timer.cancel(false);
        }
    }

    private static String describe(final Throwable cause)
    {
        if (cause == null)
        {
            return "unknown";
        }
        for (Throwable c = cause; c != null; c = c.getCause())
        {
            if (c instanceof SSLException)
            {
                return "TLS handshake failed: " + c.getClass().getSimpleName() + (c.getMessage() != null ? ": " + c.getMessage() : "");
            }
        }
        final String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message != null ? ": " + message : "");
    }

    /** Current state (any thread; null before {@link #start()}). */
    public FeedState state()
    {
        return state;
    }

    /** Reconnect attempts since start. */
    public int reconnects()
    {
        return reconnects;
    }

    /** Successful connects (handshake done, subscribed) since start. */
    public int connects()
    {
        return connects;
    }

    /** WebSocket frames of any kind received since start. */
    public long framesReceived()
    {
        return framesReceived;
    }

    /** Protocol pings answered with a pong. */
    public long pingsAnswered()
    {
        return pingsAnswered;
    }

    /** Application pings sent. */
    public long pingsSent()
    {
        return pingsSent;
    }

    /** Connections closed because a stream stayed silent after its resubscribe (or a request went unanswered twice). */
    public long recycles()
    {
        return recycles;
    }

    /** Reconnects pushed back by the per-minute cap. */
    public long cappedReconnects()
    {
        return cappedReconnects;
    }

    /** Streams that went silent since start (with a protocol; a slightly stale view off the I/O thread). */
    public long silences()
    {
        return liveness == null ? 0 : liveness.silences();
    }

    /** Resubscribe requests sent for silent or unanswered streams since start. */
    public long resubscribes()
    {
        return liveness == null ? 0 : liveness.resubscribeRequests();
    }

    /** Subscribe requests the venue refused since start. */
    public long refusedSubscriptions()
    {
        return liveness == null ? 0 : liveness.ackFailures();
    }

    /** The consecutive reconnect attempts the backoff counts (0 after a reset). */
    public int backoffAttempts()
    {
        return backoff.attempts();
    }

    /** Message counters (read them on the I/O thread or accept a slightly stale view). */
    public FrameAssembler assembler()
    {
        return assembler;
    }

    public WsConfig config()
    {
        return config;
    }

    /** Between the assembler and the frame handler: tells the streams' data from acks and control messages. */
    private final class Dispatcher implements FrameHandler
    {
        @Override
        public void onFrame(final DirectBuffer buffer, final int offset, final int length, final long tsInitNs)
        {
            dataFrames++;
            statusPublisher.flushPending(); // a status the full ring refused goes first, as soon as there is room
            if (liveness == null)
            {
                frameHandler.onFrame(buffer, offset, length, tsInitNs);
                return;
            }
            final int kind = protocol.classify(buffer, offset, length);
            frameHandler.onFrame(buffer, offset, length, tsInitNs);
            if (kind >= 0)
            {
                if (frameHandler.lastFrameUsable() && liveness.onData(kind))
                {
                    liveness.onDataChange(kind, System.nanoTime());
                    updateState();
                }
            }
            else if (kind == SubscriptionProtocol.ACK)
            {
                onAck();
            }
        }
    }

    /** The Netty side of one connection attempt. */
    private final class ClientHandler extends SimpleChannelInboundHandler<Object>
    {
        private final WebSocketClientHandshaker handshaker;

        ClientHandler(final WebSocketClientHandshaker handshaker)
        {
            this.handshaker = handshaker;
        }

        @Override
        public void channelActive(final ChannelHandlerContext ctx)
        {
            final Channel ch = ctx.channel();
            handshakeTimer = eventLoop.schedule(() ->
            {
                if (!handshaker.isHandshakeComplete())
                {
                    closeReason = "handshake timeout";
                    ch.close();
                }
            }, config.handshakeTimeoutNs(), TimeUnit.NANOSECONDS);
            handshaker.handshake(ch);
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx)
        {
            onDisconnected(ctx.channel(), "connection closed by peer");
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final Object msg)
        {
            if (!handshaker.isHandshakeComplete())
            {
                if (msg instanceof FullHttpResponse)
                {
                    final FullHttpResponse response = (FullHttpResponse)msg;
                    try
                    {
                        handshaker.finishHandshake(ctx.channel(), response);
                    }
                    catch (final RuntimeException ex)
                    {
                        closeReason = "handshake failed: HTTP " + response.status().code();
                        ctx.close();
                        return;
                    }
                    onHandshakeComplete(ctx.channel());
                }
                return;
            }
            if (!(msg instanceof WebSocketFrame))
            {
                return;
            }
            framesReceived++;
            final WebSocketFrame frame = (WebSocketFrame)msg;
            if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame)
            {
                assembler.onFirstFrame(frame.content(), frame.isFinalFragment());
            }
            else if (frame instanceof ContinuationWebSocketFrame)
            {
                assembler.onContinuationFrame(frame.content(), frame.isFinalFragment());
            }
            else if (frame instanceof PingWebSocketFrame)
            {
                ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
                pingsAnswered++;
            }
            else if (frame instanceof CloseWebSocketFrame)
            {
                final CloseWebSocketFrame close = (CloseWebSocketFrame)frame;
                closeReason = "closed by venue: " + close.statusCode() + " " + close.reasonText();
                ctx.close();
            }
            // PongWebSocketFrame: activity only
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            if (closeReason == null)
            {
                closeReason = "error: " + describe(cause);
            }
            ctx.close();
        }
    }
}
