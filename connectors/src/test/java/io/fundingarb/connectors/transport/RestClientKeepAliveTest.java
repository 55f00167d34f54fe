package io.fundingarb.connectors.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The order gateways' keep-alive client against a small HTTP server on 127.0.0.1 that counts the
 * connections it accepts and can close them: requests reuse one connection, a connection the
 * server closes (at once or while idle) is never reused, and a request that times out closes its
 * connection.
 */
@Timeout(30)
class RestClientKeepAliveTest
{
    private final NioEventLoopGroup serverGroup = new NioEventLoopGroup(1);
    private final NioEventLoopGroup clientGroup = new NioEventLoopGroup(1);
    private final ChannelGroup accepted = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean closeAfterAnswer;
    private volatile boolean silent;
    private Channel server;
    private URI base;

    @BeforeEach
    void startServer() throws InterruptedException
    {
        server = new ServerBootstrap().group(serverGroup).channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel ch)
                {
                    connections.incrementAndGet();
                    accepted.add(ch);
                    ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16), new Answer());
                }
            })
            .bind("127.0.0.1", 0).sync().channel();
        base = URI.create("http://127.0.0.1:" + ((InetSocketAddress)server.localAddress()).getPort());
    }

    @AfterEach
    void stop()
    {
        accepted.close().awaitUninterruptibly();
        server.close().awaitUninterruptibly();
        serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private RestClient keepAlive(final long timeoutNs)
    {
        final EventLoop loop = clientGroup.next();
        return RestClient.keepAlive(loop, timeoutNs, RestClient.DEFAULT_MAX_BODY_BYTES, null);
    }

    private static String body(final RestClient client, final URI uri) throws Exception
    {
        return new String(client.get(uri).get(5, TimeUnit.SECONDS).body(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldSendSequentialRequestsOnOneConnection() throws Exception
    {
        final RestClient client = keepAlive(RestClient.DEFAULT_TIMEOUT_NS);

        for (int i = 0; i < 5; i++)
        {
            assertThat(body(client, base.resolve("/ping?n=" + i))).isEqualTo("pong /ping?n=" + i);
        }

        assertThat(connections.get()).isEqualTo(1);
        assertThat(client.connectionsOpened()).isEqualTo(1);
        assertThat(client.connectionsReused()).isEqualTo(4);
        client.close();
    }

    @Test
    void shouldOpenAConnectionPerRequestWithoutKeepAlive() throws Exception
    {
        final RestClient client = new RestClient(clientGroup);

        body(client, base.resolve("/a"));
        body(client, base.resolve("/b"));

        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void shouldNotReuseAConnectionTheServerAnswersWithClose() throws Exception
    {
        closeAfterAnswer = true;
        final RestClient client = keepAlive(RestClient.DEFAULT_TIMEOUT_NS);

        body(client, base.resolve("/a"));
        body(client, base.resolve("/b"));

        assertThat(connections.get()).isEqualTo(2);
        assertThat(client.connectionsReused()).isZero();
        client.close();
    }

    @Test
    void shouldOpenANewConnectionWhenTheServerClosedTheIdleOne() throws Exception
    {
        final RestClient client = keepAlive(RestClient.DEFAULT_TIMEOUT_NS);
        body(client, base.resolve("/a"));

        accepted.close().awaitUninterruptibly(); // the venue's idle timeout
        assertThat(body(client, base.resolve("/b"))).isEqualTo("pong /b");

        assertThat(connections.get()).isEqualTo(2);
        client.close();
    }

    @Test
    void shouldCloseAConnectionWhoseRequestTimedOutAndAnswerTheNextOnANewOne() throws Exception
    {
        final RestClient client = keepAlive(TimeUnit.MILLISECONDS.toNanos(300));
        body(client, base.resolve("/a"));

        silent = true;
        assertThatThrownBy(() -> client.get(base.resolve("/slow")).get(5, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
        silent = false;
        assertThat(body(client, base.resolve("/c"))).isEqualTo("pong /c");

        assertThat(connections.get()).as("the timed-out connection is never reused").isEqualTo(2);
        client.close();
    }

    @Test
    void shouldOpenTheConnectionBeforeTheFirstRequestWhenWarmed() throws Exception
    {
        final RestClient client = keepAlive(RestClient.DEFAULT_TIMEOUT_NS);

        client.warm(base.resolve("/ping")).get(5, TimeUnit.SECONDS);
        body(client, base.resolve("/order"));

        assertThat(connections.get()).isEqualTo(1);
        assertThat(client.connectionsReused()).isEqualTo(1);
        client.close();
    }

    @Test
    void shouldPingIdleConnectionsToKeepThemWarm() throws Exception
    {
        final RestClient client = keepAlive(RestClient.DEFAULT_TIMEOUT_NS);

        client.keepWarm(base.resolve("/ping"), TimeUnit.MILLISECONDS.toNanos(50)); // opens the connection at once, then pings it
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pings.get() < 3 && System.nanoTime() < deadline)
        {
            Thread.sleep(20);
        }

        assertThat(pings.get()).as("keep-warm pings on the idle connection").isGreaterThanOrEqualTo(3);
        assertThat(connections.get()).isEqualTo(1);
        client.close();
    }

    private final AtomicInteger pings = new AtomicInteger();

    /** Answers "pong PATH", keep-alive unless told to close; or says nothing. */
    private final class Answer extends SimpleChannelInboundHandler<FullHttpRequest>
    {
        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request)
        {
            if (request.uri().equals("/ping"))
            {
                pings.incrementAndGet();
            }
            if (silent)
            {
                return;
            }
            final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.copiedBuffer("pong " + request.uri(), StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            final boolean keep = HttpUtil.isKeepAlive(request) && !closeAfterAnswer;
            response.headers().set(HttpHeaderNames.CONNECTION, keep ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(f ->
            {
                if (!keep)
                {
                    ctx.close();
                }
            });
        }
    }
}
