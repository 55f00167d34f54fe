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
import javax.net.ssl.SSLException;
import org.agrona.collections.IntHashSet;
import org.agrona.concurrent.EpochNanoClock;

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
 * All state lives on one event loop of the given group: handlers, timers and the public
 * methods (which hop onto the loop when called from elsewhere) never race. Per message: no
 * allocation, no String, one clock read for {@code tsInitNs}.
 */
public final class WsConnection implements AutoCloseable
{
    private static final long CLOSE_WAIT_MS = 2_000;
    private static final long MIN_SILENCE_CHECK_NS = TimeUnit.MILLISECONDS.toNanos(5);

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
        this.assembler = new FrameAssembler(frameHandler, clock, config.maxMessageBytes());
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
        ch.flush();
        open = true;
        connects++;
        backoff.reset();
        pendingResyncs.clear();
        setState(FeedState.LIVE, connects == 1 ? "subscribed" : "resubscribed");
        frameHandler.onOpen(connects);
        final VenuePing ping = config.ping();
        if (ping.enabled())
        {
            pingTimer = eventLoop.scheduleAtFixedRate(() -> sendPing(ch, ping), ping.intervalNs(), ping.intervalNs(), TimeUnit.NANOSECONDS);
        }
        if (config.silenceTimeoutNs() > 0)
        {
            silenceCheckedFrames = framesReceived;
            lastProgressNs = System.nanoTime();
            final long periodNs = Math.max(MIN_SILENCE_CHECK_NS, config.silenceTimeoutNs() / 4);
            silenceTimer = eventLoop.scheduleAtFixedRate(() -> checkSilence(ch), periodNs, periodNs, TimeUnit.NANOSECONDS);
        }
    }

    private void sendPing(final Channel ch, final VenuePing ping)
    {
        if (ch.isActive())
        {
            ch.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(ping.message())));
            pingsSent++;
        }
    }

    private void checkSilence(final Channel ch)
    {
        final long nowNs = System.nanoTime();
        final long frames = framesReceived;
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
        if (state != FeedState.STALE)
        {
            setState(FeedState.DOWN, closeReason != null ? closeReason : reason);
        }
        final long delayNs = backoff.nextDelayNs();
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
            if (state == FeedState.LIVE)
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
            setState(FeedState.LIVE, "resynced");
        }
    }

    private void setState(final FeedState newState, final String detail)
    {
        if (newState == state)
        {
            return;
        }
        state = newState;
        statusPublisher.publish(newState, reconnects, detail, clock.nanoTime());
    }

    private void cancelSessionTimers()
    {
        cancel(pingTimer);
        cancel(silenceTimer);
        cancel(handshakeTimer);
        pingTimer = null;
        silenceTimer = null;
        handshakeTimer = null;
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

    /** Message counters (read them on the I/O thread or accept a slightly stale view). */
    public FrameAssembler assembler()
    {
        return assembler;
    }

    public WsConfig config()
    {
        return config;
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
