package io.fundingarb.connectors.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WebSocket peer on 127.0.0.1 (ephemeral port) that speaks just enough of Bybit v5's public
 * protocol (subscribe with req_id → ack, {"op":"ping"} → pong, a ticker and a book snapshot per
 * subscribed topic every {@code cadenceMs}) and misbehaves on purpose in the {@link Mode} it is
 * set to. Not a venue simulator: a test tool for the transport's liveness. The frames are the
 * documented examples (bybit-exchange.github.io/docs/v5/websocket/public/ticker and /orderbook).
 */
public final class HostilePeer implements AutoCloseable
{
    /** 16 MiB: four times what a connection accepts by default. */
    public static final int HUGE_FRAME_BYTES = 16 << 20;

    /** How the peer behaves from now on (every connection). */
    public enum Mode
    {
        /** Acks, pongs and data: a well-behaved venue. */
        NORMAL,
        /** Acks and pongs, then no data at all. */
        SILENT_AFTER_ACK,
        /** Never answers a subscribe; sends nothing. */
        NO_ACK,
        /** Refuses every subscribe ("success":false with a reason). */
        FAILED_ACK,
        /** Data split into one-byte fragments. */
        ONE_BYTE_FRAGMENTS,
        /** One 16 MiB text frame, then normal data. */
        HUGE_FRAME,
        /** A text frame that is not UTF-8, then normal data. */
        INVALID_UTF8,
        /** Protocol pings as fast as the loop goes (bounded per tick), pongs, no data. */
        PING_FLOOD,
        /** Reads nothing, writes nothing, keeps the TCP connection open. */
        HALF_OPEN,
        /** Broken JSON that names the subscribed topics, no valid data. */
        GARBAGE_JSON,
        /** Acks a subscribe, sends one round of data, then closes the connection (a reconnect storm's venue). */
        ACCEPT_THEN_DROP
    }

    static final String TICKER = "{\"topic\":\"tickers.BTCUSDT\",\"type\":\"snapshot\",\"data\":{\"symbol\":\"BTCUSDT\",\"markPrice\":\"66666.60\","
        + "\"indexPrice\":\"66666.70\",\"fundingIntervalHour\":\"8\",\"fundingCap\":\"0.005\",\"nextFundingTime\":\"4102444800000\","
        + "\"fundingRate\":\"-0.005\",\"bid1Price\":\"66666.5\",\"ask1Price\":\"66666.7\",\"turnover24h\":\"1000000\"},\"cs\":9532239429,"
        + "\"ts\":1760325052630}";
    static final String BOOK = "{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1760325052630,\"data\":{\"s\":\"BTCUSDT\","
        + "\"b\":[[\"66666.5\",\"1.5\"]],\"a\":[[\"66666.7\",\"2\"]],\"u\":1,\"seq\":7961638724},\"cts\":1760325052620}";
    private static final Pattern REQ_ID = Pattern.compile("\"req_id\":\"([^\"]*)\"");
    private static final int PINGS_PER_TICK = 200;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Set<Channel> subscribed = ConcurrentHashMap.newKeySet();
    private final Channel server;
    private volatile Mode mode = Mode.NORMAL;
    private volatile long connections;

    public HostilePeer(final long cadenceMs) throws InterruptedException
    {
        server = new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel ch)
                {
                    if (mode == Mode.HALF_OPEN)
                    {
                        ch.config().setAutoRead(false); // never even answers the upgrade
                    }
                    ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                        new WebSocketServerProtocolHandler("/v5/public/linear", null, true, 65536), new Handler());
                    clients.add(ch);
                    connections++;
                }
            })
            .bind("127.0.0.1", 0).sync().channel();
        group.scheduleAtFixedRate(this::tick, cadenceMs, cadenceMs, TimeUnit.MILLISECONDS);
    }

    public String url()
    {
        return wsBaseUrl() + "/v5/public/linear";
    }

    /** The base a feed appends its path to. */
    public String wsBaseUrl()
    {
        return "ws://127.0.0.1:" + ((InetSocketAddress)server.localAddress()).getPort();
    }

    /** Changes the behaviour of every connection from now on; HALF_OPEN also stops reading the open ones. */
    public void mode(final Mode mode)
    {
        this.mode = mode;
        for (final Channel ch : clients)
        {
            ch.config().setAutoRead(mode != Mode.HALF_OPEN);
        }
    }

    /** TCP connections accepted since start. */
    public long connections()
    {
        return connections;
    }

    private void tick()
    {
        final Mode now = mode;
        for (final Channel ch : subscribed)
        {
            if (!ch.isActive())
            {
                subscribed.remove(ch);
                continue;
            }
            switch (now)
            {
                case NORMAL:
                    sendData(ch);
                    break;
                case ONE_BYTE_FRAGMENTS:
                    fragmented(ch, TICKER);
                    fragmented(ch, BOOK);
                    break;
                case HUGE_FRAME:
                    final byte[] huge = new byte[HUGE_FRAME_BYTES];
                    java.util.Arrays.fill(huge, (byte)' ');
                    huge[0] = '[';
                    huge[huge.length - 1] = ']';
                    ch.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(huge)));
                    mode = Mode.NORMAL; // once
                    break;
                case INVALID_UTF8:
                    ch.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {'{', '"', (byte)0xC3, (byte)0x28, '"', '}'})));
                    mode = Mode.NORMAL; // once
                    break;
                case PING_FLOOD:
                    for (int i = 0; i < PINGS_PER_TICK; i++)
                    {
                        ch.write(new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4})));
                    }
                    ch.flush();
                    break;
                case GARBAGE_JSON:
                    text(ch, "{\"topic\":\"tickers.BTCUSDT\",\"type\":\"snapshot\",\"data\":{\"symbol\":");
                    text(ch, "{\"topic\":\"orderbook.50.BTCUSDT\",\"data\":{\"s\":\"BTCUSDT\",\"b\":[[\"x\",\"-1\"]]}}");
                    text(ch, "]]]{{{\"\\");
                    break;
                default:
                    break; // silent
            }
        }
    }

    private static void sendData(final Channel ch)
    {
        ch.write(new TextWebSocketFrame(TICKER));
        ch.writeAndFlush(new TextWebSocketFrame(BOOK));
    }

    private static void text(final Channel ch, final String text)
    {
        ch.writeAndFlush(new TextWebSocketFrame(text));
    }

    private static void fragmented(final Channel ch, final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ch.write(new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(bytes, 0, 1)));
        for (int i = 1; i < bytes.length; i++)
        {
            ch.write(new ContinuationWebSocketFrame(i == bytes.length - 1, 0, Unpooled.wrappedBuffer(bytes, i, 1)));
        }
        ch.flush();
    }

    @Override
    public void close()
    {
        server.close().awaitUninterruptibly(2_000);
        clients.close().awaitUninterruptibly(2_000);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3_000);
    }

    private final class Handler extends SimpleChannelInboundHandler<WebSocketFrame>
    {
        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final WebSocketFrame frame)
        {
            if (!(frame instanceof TextWebSocketFrame))
            {
                return;
            }
            final String text = ((TextWebSocketFrame)frame).text();
            final Matcher id = REQ_ID.matcher(text);
            final String reqId = id.find() ? id.group(1) : "";
            final Mode now = mode;
            if (text.contains("\"op\":\"ping\""))
            {
                if (now != Mode.NO_ACK && now != Mode.HALF_OPEN)
                {
                    text(ctx.channel(), "{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"hostile\",\"op\":\"ping\"}");
                }
                return;
            }
            if (!text.contains("\"op\":\"subscribe\"") || now == Mode.NO_ACK || now == Mode.HALF_OPEN)
            {
                return;
            }
            if (now == Mode.FAILED_ACK)
            {
                text(ctx.channel(), "{\"success\":false,\"ret_msg\":\"error:handler not found,topic:tickers.BTCUSDT\",\"conn_id\":\"hostile\","
                    + "\"req_id\":\"" + reqId + "\",\"op\":\"subscribe\"}");
                return;
            }
            text(ctx.channel(), "{\"success\":true,\"ret_msg\":\"\",\"conn_id\":\"hostile\",\"req_id\":\"" + reqId + "\",\"op\":\"subscribe\"}");
            if (now == Mode.ACCEPT_THEN_DROP)
            {
                sendData(ctx.channel());
                ctx.close();
                return;
            }
            subscribed.add(ctx.channel());
        }
    }

    /** The topics a client of this peer subscribes. */
    public static List<String> topics()
    {
        return List.of("tickers.BTCUSDT", "orderbook.50.BTCUSDT");
    }

}
