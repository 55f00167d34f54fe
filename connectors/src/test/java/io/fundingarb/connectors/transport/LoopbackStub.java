package io.fundingarb.connectors.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The server of a venue stub in tests: HTTP and one WebSocket path on 127.0.0.1 (ephemeral port), one
 * I/O thread, the open WebSocket connections kept for pushes and drops. A stub gives its HTTP handler
 * and its WebSocket frame handler, one of each per connection.
 */
public abstract class LoopbackStub implements AutoCloseable
{
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<Channel> sockets = new CopyOnWriteArrayList<>();
    private Channel server;

    /** Binds the server; call last in the stub's constructor, once its state is set. */
    protected final void bind(final String wsPath) throws InterruptedException
    {
        server = new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel ch)
                {
                    ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                        new WebSocketServerProtocolHandler(wsPath, null, true, 1 << 20, false, true), new SocketTracker(), httpHandler(),
                        wsHandler());
                }
            })
            .bind("127.0.0.1", 0).sync().channel();
    }

    /** A new handler of this connection's HTTP requests. */
    protected abstract ChannelHandler httpHandler();

    /** A new handler of this connection's WebSocket frames. */
    protected abstract ChannelHandler wsHandler();

    public String httpBaseUrl()
    {
        return "http://127.0.0.1:" + ((InetSocketAddress)server.localAddress()).getPort();
    }

    public String wsBaseUrl()
    {
        return "ws://127.0.0.1:" + ((InetSocketAddress)server.localAddress()).getPort();
    }

    /** Sends {@code text} on every open WebSocket connection. */
    public void pushText(final String text)
    {
        sockets.forEach(ch -> ch.writeAndFlush(new TextWebSocketFrame(text)));
    }

    /** Closes every WebSocket connection (the client reconnects). */
    public void dropStreams()
    {
        sockets.forEach(Channel::close);
    }

    @Override
    public void close()
    {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
    }

    /** A JSON answer; the connection is closed after a 5xx, else kept. */
    protected static void reply(final ChannelHandlerContext ctx, final int status, final String text)
    {
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
            Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json").setInt(HttpHeaderNames.CONTENT_LENGTH,
            response.content().readableBytes());
        ctx.writeAndFlush(response).addListener(status >= 500 ? ChannelFutureListener.CLOSE : ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    /** Keeps each connection whose WebSocket handshake completed until it closes. */
    private final class SocketTracker extends ChannelInboundHandlerAdapter
    {
        @Override
        public void userEventTriggered(final ChannelHandlerContext ctx, final Object event) throws Exception
        {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete)
            {
                sockets.add(ctx.channel());
                ctx.channel().closeFuture().addListener(f -> sockets.remove(ctx.channel()));
            }
            super.userEventTriggered(ctx, event);
        }
    }
}
