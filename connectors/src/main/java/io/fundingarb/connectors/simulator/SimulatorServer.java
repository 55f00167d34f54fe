package io.fundingarb.connectors.simulator;

import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.transport.IoGroup;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The machinery every venue simulator shares: a Netty HTTP server on 127.0.0.1 that upgrades
 * the venue's WebSocket path and routes every other request to the venue's REST handler, the
 * publish timers (mark/funding cadence, book cadence, server pings), the session list and the
 * fault switches. A venue subclass is the venue's protocol only: how it parses client messages,
 * which frames it builds on each tick, its REST routes and error bodies.
 *
 * <p>Everything runs on one I/O thread: ticks, REST answers and client messages never race, so
 * a REST book snapshot is always consistent with the diff stream. Public methods may be called
 * from any thread; they hop onto that thread.
 */
public abstract class SimulatorServer implements AutoCloseable
{
    private static final String HOST = "127.0.0.1";
    private static final int MAX_REQUEST_BYTES = 1 << 20;
    private static final long CALL_TIMEOUT_MS = 5_000;

    protected final SimScenario scenario;
    protected final SimulatorConfig config;
    private final String name;
    private final IoGroup io;
    private final EventLoop loop;
    private final List<SimSession> sessions = new ArrayList<>();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private Channel serverChannel;
    private volatile int port;
    private long nextSessionId = 1;
    private volatile long silentUntilNs;
    private int restFailuresLeft;
    private int restFailureStatus;
    private long restRetryAfterS;
    private volatile long framesSent;
    private volatile long restRequests;
    private volatile long wsConnections;
    private volatile long pingsSent;
    private volatile long pongsReceived;
    private final java.util.Set<SimSession> privateSessions = new java.util.HashSet<>();
    private long privateRefusedUntilNs;
    private int rejectOrdersLeft;
    private int rejectOrdersCode;
    private String rejectOrdersMessage;
    private long orderDelayMs;
    private int partialOrdersLeft;
    private java.math.BigDecimal partialRatio = java.math.BigDecimal.ONE;
    private boolean fillNothing;
    private int lostResponsesLeft;
    private RestReply.Loss lostResponse = RestReply.Loss.NONE;
    private int unappliedFailuresLeft;
    private int unappliedFailureStatus;
    private volatile long ordersReceived;
    private volatile long ordersApplied;

    /** The account the venue's order side trades (I/O thread; tests read it through the accessors below). */
    protected final SimAccount account;
    /** The venue's orders by client order id (I/O thread). */
    protected final java.util.Map<String, SimOrder> orders = new java.util.HashMap<>();

    protected SimulatorServer(final String name, final SimScenario scenario, final SimulatorConfig config, final SimAccount account)
    {
        this.name = name;
        this.scenario = scenario;
        this.config = config;
        this.account = account;
        this.io = new IoGroup(1, "fa-sim-" + name);
        this.loop = io.group().next();
    }

    // ---------------------------------------------------------------- venue protocol (I/O thread)

    /** The synthetic market of {@code symbol} (I/O thread). */
    protected abstract SimMarket simMarket(String symbol);

    /** Whether {@code path} is one of the venue's WebSocket endpoints. */
    protected abstract boolean isWebSocketPath(String path);

    /** A client connected (after the upgrade); {@code uri} is the upgrade request's URI. */
    protected abstract void onOpen(SimSession session, QueryStringDecoder uri);

    /** A client sent a text message. */
    protected abstract void onText(SimSession session, String text);

    /**
     * A REST request; null for "no such route" (answered with {@link #errorReply(int, String)} 404).
     * {@code headers} are the request's (signed endpoints read the key and signature there).
     */
    protected abstract RestReply onRest(HttpMethod method, QueryStringDecoder uri, HttpHeaders headers, String body);

    /** A private-stream session was cut by {@link #dropPrivateStreams(long)} (venue bookkeeping). */
    protected void onPrivateDropped(final SimSession session)
    {
    }

    /** The venue's error body for a status (rate limit, server error, not found). */
    protected abstract RestReply errorReply(int status, String message);

    /** Funding / mark / ticker cadence. */
    protected abstract void onMarkTick(long nowNs);

    /** Book cadence. */
    protected abstract void onDepthTick(long nowNs);

    /** A frame that is not valid JSON but looks like the venue's traffic. */
    protected abstract String malformedFrame();

    /** Make the next book update of {@code symbol} break the venue's sequence (null: every symbol). */
    protected abstract void onSkipSequence(String symbol);

    // ---------------------------------------------------------------- lifecycle

    // ---------------------------------------------------------------- state kept across restarts

    /** Version of the state file's format ({@link #keepStateIn}). */
    public static final int STATE_VERSION = 1;
    /** How often the state is written when it changed. */
    public static final long STATE_WRITE_INTERVAL_MS = 200;

    private java.nio.file.Path stateFile;
    private String stateWritten;

    /**
     * Keeps the venue's account state in {@code file} so the simulator survives its own restarts:
     * loaded now when the file exists (wallet, positions, leverage and margin modes, every order with
     * its fills, the client ids received and the venue's id counters), then written every
     * {@link #STATE_WRITE_INTERVAL_MS} ms when it changed and at {@link #close()}, atomically (a
     * temporary file renamed over it). One JSON object (format in {@link #stateJson()}); a file that
     * cannot be read stops the start with a message naming it. Before {@link #start()}.
     */
    public SimulatorServer keepStateIn(final java.nio.file.Path file)
    {
        stateFile = file;
        if (java.nio.file.Files.exists(file))
        {
            final String text;
            try
            {
                text = java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
            }
            catch (final java.io.IOException ex)
            {
                throw new java.io.UncheckedIOException("cannot read the " + name + " simulator state " + file, ex);
            }
            try
            {
                call(() ->
                {
                    readState(JsonTree.parse(text));
                    return null;
                });
            }
            catch (final RuntimeException ex)
            {
                throw new IllegalArgumentException(file + ": not a " + name + " simulator state (" + rootCause(ex) + ")", ex);
            }
            stateWritten = text;
        }
        return this;
    }

    private static String rootCause(final Throwable error)
    {
        Throwable cause = error;
        while (cause.getCause() != null)
        {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    /**
     * The state {@link #keepStateIn} keeps (I/O thread):
     * <pre>
     * {"format":"fundingarb-sim-state","version":1,"venue":"binance",
     *  "account":{"wallet":"99987.1","nextTradeId":100000042,"defaultIsolated":false,
     *             "positions":[{"symbol":"BTCUSDT","qty":"-0.015","entryPrice":"64730.4"}],
     *             "leverage":{"BTCUSDT":3},"isolated":{"BTCUSDT":false}},
     *  "counters":{"nextOrderId":4000000042},
     *  "orders":[{"orderId":4000000001,"clientId":"fa-1765000000-64","symbol":"BTCUSDT","side":"BUY","market":false,
     *             "timeInForce":"IOC","price":"64800","qty":"0.015","reduceOnly":false,"status":"FILLED",
     *             "executedQty":"0.015","cumQuote":"971.2","cumFee":"0.4856","createTimeMs":...,"updateTimeMs":...}],
     *  "clientOrderIds":{"fa-1765000000-64":1}}
     * </pre>
     * Decimals are strings, as the venues write them.
     */
    protected final String stateJson()
    {
        final JsonText out = new JsonText(4096).beginObject().field("format", "fundingarb-sim-state").field("version", STATE_VERSION)
            .field("venue", name).name("account");
        account.writeState(out);
        out.name("counters").beginObject();
        writeCounters(out);
        out.endObject().name("orders").beginArray();
        orders.values().stream().sorted(java.util.Comparator.comparingLong(o -> o.orderId)).forEach(o -> o.writeState(out));
        out.endArray().name("clientOrderIds").beginObject();
        new java.util.TreeMap<>(clientOrderIds).forEach(out::field);
        return out.endObject().endObject().toString();
    }

    private void readState(final Object state)
    {
        if (!name.equals(JsonTree.text(state, "venue")))
        {
            throw new IllegalArgumentException("venue " + JsonTree.text(state, "venue") + ", not " + name);
        }
        if (!Integer.toString(STATE_VERSION).equals(JsonTree.text(state, "version")))
        {
            throw new IllegalArgumentException("format version " + JsonTree.text(state, "version") + ", not " + STATE_VERSION);
        }
        account.readState(JsonTree.get(state, "account"));
        readCounters(JsonTree.get(state, "counters"));
        orders.clear();
        for (final Object o : JsonTree.list(JsonTree.get(state, "orders")))
        {
            final SimOrder order = SimOrder.readState(o);
            orders.put(order.clientId, order);
        }
        clientOrderIds.clear();
        final Object ids = JsonTree.get(state, "clientOrderIds");
        if (ids instanceof java.util.Map)
        {
            ((java.util.Map<?, ?>)ids).forEach((id, count) -> clientOrderIds.put((String)id, ((java.math.BigDecimal)count).intValueExact()));
        }
    }

    /** The venue's own id counters (order, trade, transaction ids) as fields of the state's "counters" object. I/O thread. */
    protected void writeCounters(final JsonText out)
    {
    }

    /** Restores what {@link #writeCounters} wrote. I/O thread. */
    protected void readCounters(final Object counters)
    {
    }

    /** One counter of the "counters" object, or {@code fallback} when absent. */
    protected static long counter(final Object counters, final String name, final long fallback)
    {
        final String value = JsonTree.text(counters, name);
        return value == null ? fallback : Long.parseLong(value);
    }

    /** Writes the state when it changed since it was last written (I/O thread). */
    private void writeStateIfChanged()
    {
        final String text = stateJson();
        if (text.equals(stateWritten))
        {
            return;
        }
        final java.nio.file.Path temp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
        try
        {
            java.nio.file.Files.writeString(temp, text, java.nio.charset.StandardCharsets.UTF_8);
            java.nio.file.Files.move(temp, stateFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            stateWritten = text;
        }
        catch (final java.io.IOException ex)
        {
            stateFailures++;
            if (stateFailures == 1)
            {
                org.slf4j.LoggerFactory.getLogger(SimulatorServer.class).warn("{} simulator: cannot write its state to {}: {}", name, stateFile, ex.toString());
            }
        }
    }

    private long stateFailures;

    /** Binds 127.0.0.1 and starts the publish timers. */
    public SimulatorServer start()
    {
        final ServerBootstrap bootstrap = new ServerBootstrap()
            .group(loop)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel ch)
                {
                    if (config.tls() != null)
                    {
                        ch.pipeline().addLast("tls", config.tls().newHandler(ch.alloc()));
                    }
                    ch.pipeline()
                        .addLast("http", new HttpServerCodec())
                        .addLast("aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                        .addLast("sim", new ConnectionHandler());
                }
            });
        try
        {
            serverChannel = bootstrap.bind(HOST, config.port()).sync().channel();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + " simulator: interrupted while binding");
        }
        catch (final RuntimeException ex)
        {
            io.close();
            throw new IllegalStateException(name + " simulator cannot bind " + HOST + ":" + config.port() + ": " + ex.getMessage(), ex);
        }
        port = ((InetSocketAddress)serverChannel.localAddress()).getPort();
        call(() ->
        {
            timers.add(loop.scheduleAtFixedRate(() -> onMarkTick(config.clock().nanoTime()), 0, config.markIntervalMs(), TimeUnit.MILLISECONDS));
            timers.add(loop.scheduleAtFixedRate(() -> onDepthTick(config.clock().nanoTime()), config.depthIntervalMs(), config.depthIntervalMs(), TimeUnit.MILLISECONDS));
            if (config.serverPingIntervalMs() > 0)
            {
                timers.add(loop.scheduleAtFixedRate(this::pingAll, config.serverPingIntervalMs(), config.serverPingIntervalMs(), TimeUnit.MILLISECONDS));
            }
            if (stateFile != null)
            {
                timers.add(loop.scheduleAtFixedRate(this::writeStateIfChanged, STATE_WRITE_INTERVAL_MS, STATE_WRITE_INTERVAL_MS, TimeUnit.MILLISECONDS));
            }
            return null;
        });
        return this;
    }

    /** The recorded session this simulator replays, or null when it runs a scenario. */
    protected SimReplay replay()
    {
        return null;
    }

    /** The replay timeline (frames sent, finished), or null for a scenario simulator. */
    public SimReplayer replayer()
    {
        final SimReplay replay = replay();
        return replay == null ? null : replay.replayer();
    }

    /** The base assets the replayed recording streams (empty for a scenario simulator). */
    public List<String> replayedTokens()
    {
        final SimReplay replay = replay();
        return replay == null ? List.of() : replay.tokens();
    }

    /** Closes every connection and the server, and stops its thread (bounded). */
    @Override
    public void close()
    {
        final SimReplay replay = replay();
        if (replay != null)
        {
            replay.replayer().stop();
        }
        if (serverChannel != null && !loop.isShuttingDown())
        {
            try
            {
                call(() ->
                {
                    timers.forEach(t -> t.cancel(false));
                    if (stateFile != null)
                    {
                        writeStateIfChanged();
                    }
                    new ArrayList<>(sessions).forEach(s -> s.channel().close());
                    serverChannel.close();
                    return null;
                });
            }
            catch (final RuntimeException ignore)
            {
                // closing anyway
            }
        }
        io.close();
    }

    // ---------------------------------------------------------------- addresses

    public int port()
    {
        return port;
    }

    /** {@code http://127.0.0.1:port} ({@code https://} with TLS): prefix of the REST routes. */
    public String httpBaseUrl()
    {
        return (config.tls() != null ? "https://" : "http://") + HOST + ":" + port;
    }

    /** {@code ws://127.0.0.1:port} ({@code wss://} with TLS): prefix of the WebSocket paths. */
    public String wsBaseUrl()
    {
        return (config.tls() != null ? "wss://" : "ws://") + HOST + ":" + port;
    }

    // ---------------------------------------------------------------- faults (any thread)

    /**
     * Moves {@code symbol}'s prices by {@code factor} (0.7 = -30 %), then liquidates the position if
     * the mark has reached its liquidation price (the demo's price shock, tests).
     */
    public abstract void shock(String symbol, double factor);

    /** Drops every client WebSocket at once (no close frame), as a venue restart would. */
    public void dropConnections()
    {
        call(() ->
        {
            new ArrayList<>(sessions).forEach(s -> s.channel().close());
            return null;
        });
    }

    /** Drops (no close frame) the client WebSockets whose upgrade path starts with {@code pathPrefix}, e.g. {@code /public}. */
    public void dropConnections(final String pathPrefix)
    {
        call(() ->
        {
            for (final SimSession s : new ArrayList<>(sessions))
            {
                if (s.path().startsWith(pathPrefix))
                {
                    s.channel().close();
                }
            }
            return null;
        });
    }

    /** Sends nothing at all (data, responses, pings, pongs) for {@code durationMs}; sockets stay open. */
    public void goSilent(final long durationMs)
    {
        silentUntilNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(durationMs);
    }

    /** Sends one malformed frame to every client. */
    public void sendMalformedFrame()
    {
        call(() ->
        {
            final String frame = malformedFrame();
            sessions.forEach(s -> s.send(frame));
            return null;
        });
    }

    /** The next book update of {@code symbol} (null: of every symbol) breaks the sequence. */
    public void skipSequence(final String symbol)
    {
        call(() ->
        {
            onSkipSequence(symbol);
            return null;
        });
    }

    /** Answers the next {@code count} REST requests with {@code status} (429 carries {@code Retry-After: retryAfterS} when >= 0). */
    public void failRest(final int status, final int count, final long retryAfterS)
    {
        call(() ->
        {
            restFailureStatus = status;
            restFailuresLeft = count;
            restRetryAfterS = retryAfterS;
            return null;
        });
    }

    /** As {@link #failRest(int, int, long)} with {@code Retry-After: 0} on 429s. */
    public void failRest(final int status, final int count)
    {
        failRest(status, count, 0);
    }

    // ---------------------------------------------------------------- order faults (any thread)

    /** The next {@code count} orders that pass validation are rejected with {@code code} / {@code message}. */
    public void rejectNextOrders(final int count, final int code, final String message)
    {
        call(() ->
        {
            rejectOrdersLeft = count;
            rejectOrdersCode = code;
            rejectOrdersMessage = message;
            return null;
        });
    }

    /** Holds back order acknowledgements (the REST answer) and the private-stream pushes of orders by {@code delayMs}. */
    public void delayOrders(final long delayMs)
    {
        call(() ->
        {
            orderDelayMs = delayMs;
            return null;
        });
    }

    /** The next {@code count} orders fill at most {@code ratio} (0..1) of their quantity; the rest expires (IOC). */
    public void partialFillNextOrders(final int count, final java.math.BigDecimal ratio)
    {
        call(() ->
        {
            partialOrdersLeft = count;
            partialRatio = ratio;
            return null;
        });
    }

    /** Every order is accepted and fills nothing (IOC expires at once): one leg only, with another simulator filling. */
    public void fillNothing(final boolean enabled)
    {
        call(() ->
        {
            fillNothing = enabled;
            return null;
        });
    }

    /**
     * The next {@code count} valid orders are accepted and applied (filled, pushed on the private
     * stream) but their HTTP answer is lost: the connection is closed
     * ({@link RestReply.Loss#CLOSE_CONNECTION}) or never answered ({@link RestReply.Loss#NO_ANSWER},
     * a timeout for the client). The client learns the outcome only by asking (or from the stream).
     */
    public void loseNextOrderResponses(final int count, final RestReply.Loss loss)
    {
        call(() ->
        {
            lostResponsesLeft = count;
            lostResponse = loss;
            return null;
        });
    }

    /** The next {@code count} orders are answered {@code status} (5xx) without being applied: they never reach the book. */
    public void failNextOrdersUnapplied(final int count, final int status)
    {
        call(() ->
        {
            unappliedFailuresLeft = count;
            unappliedFailureStatus = status;
            return null;
        });
    }

    /** Cuts every private (user data) stream; reconnects are refused for {@code refuseMs}. */
    public void dropPrivateStreams(final long refuseMs)
    {
        call(() ->
        {
            privateRefusedUntilNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(refuseMs);
            for (final SimSession session : new ArrayList<>(privateSessions))
            {
                onPrivateDropped(session);
                session.channel().close();
            }
            privateSessions.clear();
            return null;
        });
    }

    /** Private (user data) streams connected now. */
    public int privateSessionCount()
    {
        return call(() ->
        {
            int live = 0;
            for (final SimSession session : privateSessions)
            {
                live += session.channel().isActive() ? 1 : 0;
            }
            return live;
        });
    }

    /** Orders received on the order endpoint (valid or not). */
    public long ordersReceived()
    {
        return ordersReceived;
    }

    /** Orders the venue accepted and applied (answered or not). */
    public long ordersApplied()
    {
        return ordersApplied;
    }

    // ---------------------------------------------------------------- order machinery (I/O thread, subclasses)

    private final java.util.Map<String, Integer> clientOrderIds = new java.util.HashMap<>();
    private volatile java.util.function.ObjLongConsumer<String> orderArrivals;
    /** When the message being handled was read (simulator thread). */
    private long messageArrivedNs;

    /** Marks a session as a private stream; false (and closes it) while private streams are refused. */
    protected final boolean admitPrivate(final SimSession session)
    {
        if (privateRefusedUntilNs != 0 && System.nanoTime() - privateRefusedUntilNs < 0)
        {
            session.channel().close();
            return false;
        }
        privateSessions.add(session);
        return true;
    }

    protected final boolean isPrivate(final SimSession session)
    {
        return privateSessions.contains(session) && session.channel().isActive();
    }

    protected final void countOrder()
    {
        ordersReceived++;
    }

    /**
     * Tells {@code observer}, on the simulator's thread, the client order id of every order received and the
     * {@link System#nanoTime()} when the message carrying it was read off the socket (REST request or WebSocket frame):
     * the order path harness measures command → bytes at the venue with it. Null stops.
     */
    public void observeOrderArrivals(final java.util.function.ObjLongConsumer<String> observer)
    {
        orderArrivals = observer;
    }

    /** Remembers a client order id the order endpoint received (empty: none given). */
    protected final void receivedClientOrderId(final String clientOrderId)
    {
        final java.util.function.ObjLongConsumer<String> observer = orderArrivals;
        if (observer != null && clientOrderId != null)
        {
            observer.accept(clientOrderId, messageArrivedNs);
        }
        if (clientOrderId != null && !clientOrderId.isEmpty())
        {
            clientOrderIds.merge(clientOrderId, 1, Integer::sum);
        }
    }

    /** The answer of an order that fails unapplied ({@link #failNextOrdersUnapplied}), or null: call before applying it. */
    protected final RestReply takeUnappliedFailure()
    {
        if (unappliedFailuresLeft <= 0)
        {
            return null;
        }
        unappliedFailuresLeft--;
        return errorReply(unappliedFailureStatus, "Service Unavailable.");
    }

    /** The answer of an order the venue applied: counted, and lost when {@link #loseNextOrderResponses} says so. */
    protected final RestReply applied(final RestReply reply)
    {
        ordersApplied++;
        if (lostResponsesLeft <= 0)
        {
            return reply;
        }
        lostResponsesLeft--;
        return reply.lost(lostResponse);
    }

    /** A reject fault for the next order: {code, message}, or null. */
    protected final Object[] takeRejectFault()
    {
        if (rejectOrdersLeft <= 0)
        {
            return null;
        }
        rejectOrdersLeft--;
        return new Object[] {rejectOrdersCode, rejectOrdersMessage};
    }

    /** The fill ratio of the next order: 0 when filling nothing, the partial ratio while that fault lasts, else 1. */
    protected final java.math.BigDecimal takeFillRatio()
    {
        if (fillNothing)
        {
            return java.math.BigDecimal.ZERO;
        }
        if (partialOrdersLeft > 0)
        {
            partialOrdersLeft--;
            return partialRatio;
        }
        return java.math.BigDecimal.ONE;
    }

    protected final long orderDelayMs()
    {
        return orderDelayMs;
    }

    /** Runs {@code task} on the simulator's thread after {@code delayMs} (at once, in order, when 0). */
    protected final void later(final long delayMs, final Runnable task)
    {
        if (delayMs <= 0)
        {
            task.run();
        }
        else
        {
            loop.schedule(task, delayMs, TimeUnit.MILLISECONDS);
        }
    }

    // ---------------------------------------------------------------- statistics (any thread)

    public int sessionCount()
    {
        return call(sessions::size);
    }

    public long framesSent()
    {
        return framesSent;
    }

    public long restRequests()
    {
        return restRequests;
    }

    /** WebSocket upgrades accepted since start. */
    public long wsConnections()
    {
        return wsConnections;
    }

    public long pingsSent()
    {
        return pingsSent;
    }

    public long pongsReceived()
    {
        return pongsReceived;
    }

    // ---------------------------------------------------------------- for subclasses

    /** The connected sessions (I/O thread only). */
    protected final List<SimSession> sessions()
    {
        return sessions;
    }

    /** Sends {@code text} to every session subscribed to {@code topic}. */
    protected final void publish(final String topic, final String text)
    {
        for (int i = 0; i < sessions.size(); i++)
        {
            final SimSession session = sessions.get(i);
            if (session.topics().contains(topic))
            {
                session.send(text);
            }
        }
    }

    /** Whether any session is subscribed to {@code topic}. */
    protected final boolean hasSubscriber(final String topic)
    {
        for (int i = 0; i < sessions.size(); i++)
        {
            if (sessions.get(i).topics().contains(topic))
            {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code task} on the simulator's thread and waits for its result (bounded). */
    protected final <T> T call(final Supplier<T> task)
    {
        if (loop.inEventLoop())
        {
            return task.get();
        }
        final CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() ->
        {
            try
            {
                result.complete(task.get());
            }
            catch (final RuntimeException ex)
            {
                result.completeExceptionally(ex);
            }
        });
        try
        {
            return result.get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + " simulator: interrupted");
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            throw new IllegalStateException(name + " simulator call failed: " + ex, ex);
        }
    }

    final boolean isSilent()
    {
        return silentUntilNs != 0 && System.nanoTime() - silentUntilNs < 0;
    }

    final void countSent()
    {
        framesSent++;
    }

    private void pingAll()
    {
        if (isSilent())
        {
            return;
        }
        for (int i = 0; i < sessions.size(); i++)
        {
            final Channel ch = sessions.get(i).channel();
            if (ch.isActive())
            {
                ch.writeAndFlush(new PingWebSocketFrame(Unpooled.copiedBuffer("sim-ping", StandardCharsets.US_ASCII)));
                pingsSent++;
            }
        }
    }

    private void answer(final ChannelHandlerContext ctx, final FullHttpRequest request, final RestReply reply)
    {
        final byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        final FullHttpResponse response = new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(reply.status()), Unpooled.wrappedBuffer(body));
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
            .set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        for (final Map.Entry<String, String> header : reply.headers().entrySet())
        {
            response.headers().set(header.getKey(), header.getValue());
        }
        final boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (keepAlive)
        {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        }
        else
        {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private RestReply rest(final FullHttpRequest request, final QueryStringDecoder uri)
    {
        restRequests++;
        if (restFailuresLeft > 0)
        {
            restFailuresLeft--;
            final RestReply error = errorReply(restFailureStatus, "simulated failure");
            if (restFailureStatus == 429 && restRetryAfterS >= 0)
            {
                return new RestReply(error.status(), Map.of("Retry-After", Long.toString(restRetryAfterS)), error.body());
            }
            return error;
        }
        try
        {
            final RestReply reply = onRest(request.method(), uri, request.headers(), request.content().toString(StandardCharsets.UTF_8));
            return reply != null ? reply : errorReply(404, "no route " + uri.path());
        }
        catch (final RuntimeException ex)
        {
            return errorReply(500, ex.toString());
        }
    }

    /** One TCP connection: HTTP requests until it upgrades, then WebSocket frames. */
    private final class ConnectionHandler extends ChannelInboundHandlerAdapter
    {
        private SimSession session;
        private WebSocketServerHandshaker handshaker;

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg)
        {
            messageArrivedNs = System.nanoTime();
            try
            {
                if (msg instanceof FullHttpRequest)
                {
                    onRequest(ctx, (FullHttpRequest)msg);
                }
                else if (session != null)
                {
                    session.onMessage();
                    if (msg instanceof TextWebSocketFrame)
                    {
                        onText(session, ((TextWebSocketFrame)msg).text());
                    }
                    else if (msg instanceof PingWebSocketFrame)
                    {
                        if (!isSilent())
                        {
                            ctx.writeAndFlush(new PongWebSocketFrame(((PingWebSocketFrame)msg).content().retain()));
                        }
                    }
                    else if (msg instanceof PongWebSocketFrame)
                    {
                        session.onPong();
                        pongsReceived++;
                    }
                    else if (msg instanceof CloseWebSocketFrame)
                    {
                        handshaker.close(ctx.channel(), ((CloseWebSocketFrame)msg).retain());
                    }
                }
            }
            finally
            {
                ReferenceCountUtil.release(msg);
            }
        }

        private void onRequest(final ChannelHandlerContext ctx, final FullHttpRequest request)
        {
            final QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            final boolean upgrade = request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
            if (!upgrade)
            {
                final RestReply reply = rest(request, uri);
                if (reply.loss() == RestReply.Loss.CLOSE_CONNECTION)
                {
                    ctx.close(); // applied, but the client never hears of it
                    return;
                }
                if (reply.loss() == RestReply.Loss.NO_ANSWER)
                {
                    return; // the client times out; its connection is closed from its side
                }
                if (reply.delayMs() > 0)
                {
                    request.retain();
                    loop.schedule(() ->
                    {
                        try
                        {
                            answer(ctx, request, reply);
                        }
                        finally
                        {
                            request.release();
                        }
                    }, reply.delayMs(), TimeUnit.MILLISECONDS);
                }
                else
                {
                    answer(ctx, request, reply);
                }
                return;
            }
            if (!isWebSocketPath(uri.path()))
            {
                answer(ctx, request, errorReply(404, "no websocket at " + uri.path()));
                return;
            }
            final String location = (config.tls() != null ? "wss://" : "ws://") + request.headers().get(HttpHeaderNames.HOST, HOST) + uri.path();
            handshaker = new WebSocketServerHandshakerFactory(location, null, false, MAX_REQUEST_BYTES).newHandshaker(request);
            if (handshaker == null)
            {
                WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
                return;
            }
            final SimSession newSession = new SimSession(SimulatorServer.this, ctx.channel(), nextSessionId++, uri.path());
            session = newSession;
            handshaker.handshake(ctx.channel(), request).addListener(f ->
            {
                if (f.isSuccess())
                {
                    sessions.add(newSession);
                    wsConnections++;
                    onOpen(newSession, uri);
                }
                else
                {
                    ctx.close();
                }
            });
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx)
        {
            if (session != null)
            {
                sessions.remove(session);
                privateSessions.remove(session);
            }
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            ctx.close();
        }
    }

    // ---------------------------------------------------------------- order side state (tests, any thread)

    /** Every client order id the order endpoint received (applied or not), with how often: a venue remembers them. */
    public java.util.Map<String, Integer> clientOrderIds()
    {
        return call(() -> new java.util.TreeMap<>(clientOrderIds));
    }

    /** Client order ids received more than once (a reuse across or within sessions). */
    public java.util.List<String> reusedClientOrderIds()
    {
        return call(() -> clientOrderIds.entrySet().stream().filter(e -> e.getValue() > 1).map(java.util.Map.Entry::getKey).sorted().toList());
    }

    /** The account's position in {@code symbol} (tests). */
    public SimAccount.Position position(final String symbol)
    {
        return call(() -> account.position(symbol));
    }

    /** The leverage the account has for {@code symbol} (tests). */
    public int leverage(final String symbol)
    {
        return call(() -> account.leverage(symbol));
    }

    /** Whether {@code symbol} is in isolated margin on the account (tests). */
    public boolean isolated(final String symbol)
    {
        return call(() -> account.isolated(symbol));
    }

    /** The account's wallet balance (tests). */
    public java.math.BigDecimal walletBalance()
    {
        return call(account::wallet);
    }

    /** The account's available balance: wallet less the margin in use (tests). */
    public java.math.BigDecimal availableBalance()
    {
        return call(account::available);
    }

    /** The order with client order id {@code clientId} (tests), or null. */
    public SimOrder order(final String clientId)
    {
        return call(() -> orders.get(clientId));
    }

    /** Best bid and ask of {@code symbol} as prices (tests). */
    public java.math.BigDecimal[] touch(final String symbol)
    {
        return call(() ->
        {
            final SimMarket market = simMarket(symbol);
            final SimInstrument in = market.instrument();
            return new java.math.BigDecimal[] {new java.math.BigDecimal(in.price(market.book().bestBid().priceTicks())),
                new java.math.BigDecimal(in.price(market.book().bestAsk().priceTicks()))};
        });
    }

    /** The levels on one side of {@code symbol}'s book, best first, as [price, qty] (tests). */
    public List<java.math.BigDecimal[]> levels(final String symbol, final boolean asks)
    {
        return call(() ->
        {
            final SimMarket market = simMarket(symbol);
            final SimInstrument in = market.instrument();
            final List<java.math.BigDecimal[]> out = new ArrayList<>();
            for (final SimBook.Level l : asks ? market.book().asks(Integer.MAX_VALUE) : market.book().bids(Integer.MAX_VALUE))
            {
                out.add(new java.math.BigDecimal[] {new java.math.BigDecimal(in.price(l.priceTicks())), new java.math.BigDecimal(in.size(l.lots()))});
            }
            return out;
        });
    }

    /** A request's decimal text, or null when missing, empty or malformed. */
    protected static java.math.BigDecimal decimal(final String text)
    {
        if (text == null || text.isEmpty())
        {
            return null;
        }
        try
        {
            return new java.math.BigDecimal(text);
        }
        catch (final NumberFormatException ex)
        {
            return null;
        }
    }

    /** {@code value} as the venues print quantities: plain, no trailing zeros, "0" for zero. */
    protected static String plain(final java.math.BigDecimal value)
    {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }
}
