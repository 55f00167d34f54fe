package io.fundingarb.connectors.kraken;

import io.fundingarb.connectors.gateway.Fixtures;
import io.fundingarb.connectors.json.JsonTree;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Just enough of Kraken Futures on 127.0.0.1 (ephemeral port) for a feed, from the documented bodies of
 * fixtures/kraken: {@code GET /derivatives/api/v3/instruments} (PF_XBTUSD tradeable, FI_XBTUSD_220930 not a
 * perpetual), {@code GET /derivatives/api/v3/tickers} (the documented ticker, named PF_XBTUSD), and
 * {@code /ws/v1}: {@code {"event":"info","version":1}} on connect, each subscribe answered
 * {@code {"event":"subscribed",..}} (a book subscribe then its {@code book_snapshot}), each unsubscribe
 * {@code {"event":"unsubscribed",..}}, and, every {@code cadenceMs}, the documented ticker and a book
 * delta whose {@code seq} follows the last one to the connections that subscribed them. Not the
 * simulator: a test peer.
 */
final class KrakenPeer implements AutoCloseable
{
    static final String PRODUCT = "PF_XBTUSD";
    private static final String INSTRUMENTS = Fixtures.text("kraken/instruments.json");
    private static final String TICKERS = KrakenInstrumentsTest.documentedTickers().replace("pi_xbtusd", PRODUCT);
    private static final String TICKER = KrakenParserTest.TICKER.replace("PI_XBTUSD", PRODUCT);
    private static final String SNAPSHOT_SEQ = "\"seq\":326072249";
    private static final String DELTA_SEQ = "\"seq\":326094134";

    /** What one connection subscribed (touched on the peer's one event loop only). */
    private static final class Session
    {
        boolean ticker;
        boolean book;
        long seq = 1000;
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Map<Channel, Session> sessions = new ConcurrentHashMap<>();
    private final Channel server;
    private final AtomicLong bookSubscribes = new AtomicLong();
    private final AtomicLong bookUnsubscribes = new AtomicLong();
    private final AtomicLong tickerSubscribes = new AtomicLong();
    private final AtomicLong otherTexts = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final List<String> subscribeTexts = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean silent;
    private volatile boolean skipSequence;

    KrakenPeer(final long cadenceMs) throws InterruptedException
    {
        server = new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel ch)
                {
                    ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                        new WebSocketServerProtocolHandler(KrakenFeed.WS_PATH, null, true, 65536), new Handler());
                }
            })
            .bind("127.0.0.1", 0).sync().channel();
        group.scheduleAtFixedRate(this::tick, cadenceMs, cadenceMs, TimeUnit.MILLISECONDS);
    }

    String baseUrl(final String scheme)
    {
        return scheme + "://127.0.0.1:" + ((InetSocketAddress)server.localAddress()).getPort();
    }

    /** All data stops (answers go on), or starts again. */
    void silent(final boolean silent)
    {
        this.silent = silent;
    }

    /** The next book delta skips one {@code seq}. */
    void skipSequence()
    {
        skipSequence = true;
    }

    /** Sends {@code text} on every open connection. */
    void push(final String text)
    {
        group.execute(() -> sessions.keySet().forEach(ch -> ch.writeAndFlush(new TextWebSocketFrame(text))));
    }

    long bookSubscribes()
    {
        return bookSubscribes.get();
    }

    long bookUnsubscribes()
    {
        return bookUnsubscribes.get();
    }

    long tickerSubscribes()
    {
        return tickerSubscribes.get();
    }

    /** Text messages that were neither a subscribe nor an unsubscribe (a ping sent as text would be one). */
    long otherTexts()
    {
        return otherTexts.get();
    }

    long connections()
    {
        return connections.get();
    }

    List<String> subscribeTexts()
    {
        return List.copyOf(subscribeTexts);
    }

    private void tick()
    {
        if (silent)
        {
            return;
        }
        for (final Map.Entry<Channel, Session> entry : sessions.entrySet())
        {
            final Channel ch = entry.getKey();
            final Session session = entry.getValue();
            if (!ch.isActive())
            {
                sessions.remove(ch);
                continue;
            }
            if (session.ticker)
            {
                ch.write(new TextWebSocketFrame(TICKER));
            }
            if (session.book)
            {
                session.seq += skipSequence ? 2 : 1;
                skipSequence = false;
                ch.write(new TextWebSocketFrame(KrakenParserTest.DELTA.replace(DELTA_SEQ, "\"seq\":" + session.seq)));
            }
            ch.flush();
        }
    }

    @Override
    public void close()
    {
        server.close().awaitUninterruptibly(2_000);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3_000);
    }

    private final class Handler extends SimpleChannelInboundHandler<Object>
    {
        @Override
        public void userEventTriggered(final ChannelHandlerContext ctx, final Object event) throws Exception
        {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete)
            {
                connections.incrementAndGet();
                sessions.put(ctx.channel(), new Session());
                ctx.writeAndFlush(new TextWebSocketFrame("{\"event\":\"info\",\"version\":1}"));
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final Object message)
        {
            if (message instanceof FullHttpRequest request)
            {
                final String path = request.uri();
                final String body = path.equals(KrakenInstruments.INSTRUMENTS_PATH) ? INSTRUMENTS
                    : path.equals(KrakenInstruments.TICKERS_PATH) ? TICKERS : null;
                final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    body != null ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND,
                    Unpooled.copiedBuffer(body != null ? body : "", StandardCharsets.UTF_8));
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            if (!(message instanceof TextWebSocketFrame frame))
            {
                return;
            }
            final Session session = sessions.get(ctx.channel());
            final Object request = JsonTree.parse(frame.text());
            final String event = JsonTree.text(request, "event");
            final String feed = JsonTree.text(request, "feed");
            if (session == null || !("subscribe".equals(event) || "unsubscribe".equals(event)))
            {
                otherTexts.incrementAndGet();
                return;
            }
            final boolean subscribe = "subscribe".equals(event);
            final String answer = "{\"event\":\"" + event + "d\",\"feed\":\"" + feed + "\",\"product_ids\":[\"" + PRODUCT + "\"]}";
            if ("ticker".equals(feed))
            {
                tickerSubscribes.addAndGet(subscribe ? 1 : 0);
                session.ticker = subscribe;
                ctx.write(new TextWebSocketFrame(answer));
            }
            else if ("book".equals(feed))
            {
                (subscribe ? bookSubscribes : bookUnsubscribes).incrementAndGet();
                session.book = subscribe;
                ctx.write(new TextWebSocketFrame(answer));
                if (subscribe && !silent)
                {
                    ctx.write(new TextWebSocketFrame(KrakenParserTest.SNAPSHOT.replace(SNAPSHOT_SEQ, "\"seq\":" + session.seq)));
                }
            }
            if (subscribe)
            {
                subscribeTexts.add(frame.text());
            }
            ctx.flush();
        }
    }
}
