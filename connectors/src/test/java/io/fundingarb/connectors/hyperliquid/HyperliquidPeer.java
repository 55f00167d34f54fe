package io.fundingarb.connectors.hyperliquid;

import io.fundingarb.connectors.gateway.Fixtures;
import io.fundingarb.connectors.parse.Recordings;
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
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Just enough of Hyperliquid on 127.0.0.1 (ephemeral port) for a feed: {@code POST /info}
 * answers the documented {@code metaAndAssetCtxs} example (fixtures/hyperliquid/market-data, with
 * BTC, ETH, HPOS), {@code /ws} answers each subscribe with the documented
 * {@code subscriptionResponse} echo and each {@code {"method":"ping"}} with {@code {"channel":"pong"}},
 * and pushes, every {@code cadenceMs}, the documented ctx and the first recorded BTC {@code l2Book}
 * (its time moved on each push) to the connections that subscribed. Not the simulator: a test peer.
 */
final class HyperliquidPeer implements AutoCloseable
{
    private static final String META = Fixtures.text("hyperliquid/market-data/meta-and-asset-ctxs.json");
    private static final String CTX = HyperliquidParserTest.CTX;
    private static final String BOOK = Recordings.firstFrame(Recordings.HYPERLIQUID, "\"l2Book\"");
    private static final String BOOK_TIME = "\"time\":1737918843542";

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Set<Channel> subscribed = ConcurrentHashMap.newKeySet();
    private final Channel server;
    private final AtomicLong pings = new AtomicLong();
    private final AtomicLong infoRequests = new AtomicLong();
    private final AtomicLong subscribes = new AtomicLong();
    private volatile boolean booksSilent;
    private long bookTimeMs = 1737918843542L;

    HyperliquidPeer(final long cadenceMs) throws InterruptedException
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
                        new WebSocketServerProtocolHandler("/ws", null, true, 65536), new Handler());
                }
            })
            .bind("127.0.0.1", 0).sync().channel();
        group.scheduleAtFixedRate(this::tick, cadenceMs, cadenceMs, TimeUnit.MILLISECONDS);
    }

    String baseUrl(final String scheme)
    {
        return scheme + "://127.0.0.1:" + ((InetSocketAddress)server.localAddress()).getPort();
    }

    /** Books stop (the ctx goes on), or start again. */
    void booksSilent(final boolean silent)
    {
        booksSilent = silent;
    }

    long pings()
    {
        return pings.get();
    }

    long infoRequests()
    {
        return infoRequests.get();
    }

    long subscribes()
    {
        return subscribes.get();
    }

    private void tick()
    {
        bookTimeMs += 500;
        final String book = BOOK.replace(BOOK_TIME, "\"time\":" + bookTimeMs);
        for (final Channel ch : subscribed)
        {
            if (!ch.isActive())
            {
                subscribed.remove(ch);
                continue;
            }
            ch.write(new TextWebSocketFrame(CTX));
            if (!booksSilent)
            {
                ch.write(new TextWebSocketFrame(book));
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
        protected void channelRead0(final ChannelHandlerContext ctx, final Object message)
        {
            if (message instanceof FullHttpRequest request)
            {
                final boolean info = request.method() == HttpMethod.POST && request.uri().equals("/info")
                    && request.content().toString(StandardCharsets.UTF_8).contains("\"metaAndAssetCtxs\"");
                infoRequests.incrementAndGet();
                final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    info ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND, Unpooled.copiedBuffer(info ? META : "", StandardCharsets.UTF_8));
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            if (!(message instanceof TextWebSocketFrame frame))
            {
                return;
            }
            final String text = frame.text();
            if (text.equals(HyperliquidFeed.PING))
            {
                pings.incrementAndGet();
                ctx.writeAndFlush(new TextWebSocketFrame(Fixtures.text("hyperliquid/market-data/ws-pong.json").strip()));
            }
            else if (text.startsWith("{\"method\":\"subscribe\""))
            {
                subscribes.incrementAndGet();
                ctx.writeAndFlush(new TextWebSocketFrame("{\"channel\":\"subscriptionResponse\",\"data\":" + text + "}"));
                subscribed.add(ctx.channel());
            }
        }
    }
}
