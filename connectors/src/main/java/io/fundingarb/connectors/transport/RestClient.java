package io.fundingarb.connectors.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
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
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small asynchronous HTTP/1.1 client over Netty. Two kinds:
 * <ul>
 *   <li>one connection per request ({@code Connection: close}), for the feeds' REST bootstrap
 *   (instruments, book snapshots, 24 h volume, funding intervals): start-up traffic;</li>
 *   <li>{@link #keepAlive keep-alive}, for the order gateways: connections (TLS included) are kept
 *   open and reused, at most {@link #MAX_IDLE_PER_HOST} idle per host, most recently used first, so
 *   an order does not pay a TCP and TLS handshake. {@link #warm} opens one before the first order
 *   and {@link #keepWarm} sends a cheap request on each idle connection every interval, so the
 *   venue's (or its load balancer's) idle timeout does not close it under us; an idle connection
 *   older than {@link #IDLE_CLOSE_NS} is closed rather than reused. A connection the server closes
 *   leaves the pool at once; one whose request fails or times out is closed, never reused. All
 *   pool state lives on one event loop, with no locks.</li>
 * </ul>
 * Every request has a deadline; a late or failed request completes the future exceptionally
 * ({@link TimeoutException}, {@link IOException}); any HTTP status completes it normally.
 */
public final class RestClient
{
    /** Most idle keep-alive connections kept per host. */
    public static final int MAX_IDLE_PER_HOST = 4;
    /** An idle keep-alive connection unused this long is closed instead of reused (below the 60 s idle timeout common to load balancers). */
    public static final long IDLE_CLOSE_NS = TimeUnit.SECONDS.toNanos(50);
    private static final AttributeKey<Long> LAST_USED = AttributeKey.valueOf("fundingarb.rest.lastUsedNs");

    /** Default deadline of a request, connect included. */
    public static final long DEFAULT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    /** Default largest response body (exchangeInfo is a few MB). */
    public static final int DEFAULT_MAX_BODY_BYTES = 32 << 20;

    private final EventLoopGroup group;
    private final long timeoutNs;
    private final int maxBodyBytes;
    private final SslContext sslContext;
    private final EventLoop poolLoop;
    private final Map<String, ArrayDeque<Channel>> idle = new HashMap<>();
    private ScheduledFuture<?> keepWarm;
    private boolean closed;
    private final AtomicLong connectionsOpened = new AtomicLong();
    private final AtomicLong connectionsReused = new AtomicLong();

    /** Default timeout and body limit; JDK TLS with hostname verification for https. */
    public RestClient(final EventLoopGroup group)
    {
        this(group, DEFAULT_TIMEOUT_NS, DEFAULT_MAX_BODY_BYTES, null);
    }

    /**
     * @param group        I/O threads (not owned).
     * @param timeoutNs    deadline per request, > 0.
     * @param maxBodyBytes largest response body accepted.
     * @param sslContext   client TLS context for https; null builds the JDK default.
     */
    public RestClient(final EventLoopGroup group, final long timeoutNs, final int maxBodyBytes, final SslContext sslContext)
    {
        this(group, timeoutNs, maxBodyBytes, sslContext, null);
    }

    private RestClient(final EventLoopGroup group, final long timeoutNs, final int maxBodyBytes, final SslContext sslContext, final EventLoop poolLoop)
    {
        if (timeoutNs <= 0 || maxBodyBytes < 1024)
        {
            throw new IllegalArgumentException("rest timeoutNs must be > 0 and maxBodyBytes >= 1024");
        }
        this.group = group;
        this.timeoutNs = timeoutNs;
        this.maxBodyBytes = maxBodyBytes;
        this.sslContext = sslContext;
        this.poolLoop = poolLoop;
    }

    /**
     * A keep-alive client whose connections and pool live on {@code loop} (requests made from
     * another thread hop onto it).
     */
    public static RestClient keepAlive(final EventLoop loop, final long timeoutNs, final int maxBodyBytes, final SslContext sslContext)
    {
        return new RestClient(loop, timeoutNs, maxBodyBytes, sslContext, loop);
    }

    /** Connections opened so far (any thread). */
    public long connectionsOpened()
    {
        return connectionsOpened.get();
    }

    /** Requests sent on a kept-alive connection so far (any thread). */
    public long connectionsReused()
    {
        return connectionsReused.get();
    }

    /**
     * Keep-alive only: opens a connection (TCP and TLS) with a GET of {@code ping}, which then waits
     * in the pool for the first order. Completes with the answer.
     */
    public CompletableFuture<RestResponse> warm(final URI ping)
    {
        return get(ping);
    }

    /**
     * Keep-alive only: opens a connection now ({@link #warm}), then every {@code intervalNs} each
     * idle connection not used for that long sends a GET of {@code ping} (a cheap, unsigned venue
     * endpoint), so the server sees it in use.
     */
    public void keepWarm(final URI ping, final long intervalNs)
    {
        warm(ping);
        if (poolLoop == null || intervalNs <= 0)
        {
            throw new IllegalStateException("keepWarm needs a keep-alive client and an interval > 0");
        }
        poolLoop.execute(() ->
        {
            if (keepWarm != null || closed)
            {
                return;
            }
            keepWarm = poolLoop.scheduleAtFixedRate(() -> pingIdle(ping, intervalNs), intervalNs, intervalNs, TimeUnit.NANOSECONDS);
        });
    }

    /** Stops the keep-warm requests and closes the idle connections (those in use close after their answer). */
    public void close()
    {
        if (poolLoop == null)
        {
            return;
        }
        poolLoop.execute(() ->
        {
            closed = true;
            if (keepWarm != null)
            {
                keepWarm.cancel(false);
            }
            idle.values().forEach(channels -> channels.forEach(Channel::close));
            idle.clear();
        });
    }

    private void pingIdle(final URI ping, final long intervalNs)
    {
        final ArrayDeque<Channel> channels = idle.get(key(ping));
        if (channels == null)
        {
            return;
        }
        final long now = System.nanoTime();
        final List<Channel> due = new ArrayList<>();
        for (final Channel channel : channels)
        {
            if (now - lastUsed(channel) >= intervalNs)
            {
                due.add(channel);
            }
        }
        for (final Channel channel : due)
        {
            channels.remove(channel);
            if (channel.isActive())
            {
                final Target target = Target.of(ping, sslContext);
                exchange(channel, target, newRequest(HttpMethod.GET, ping, target, Map.of(), null), new CompletableFuture<>());
            }
        }
    }

    /** Default timeout and body limit; https trusts only {@code certificate} (a private endpoint, a test server). */
    public static RestClient trusting(final EventLoopGroup group, final X509Certificate certificate)
    {
        return new RestClient(group, DEFAULT_TIMEOUT_NS, DEFAULT_MAX_BODY_BYTES, TlsTrust.trusting(certificate));
    }

    /** The client TLS context given at construction; null means the JDK default (a feed's WebSocket trusts the same). */
    public SslContext sslContext()
    {
        return sslContext;
    }

    public CompletableFuture<RestResponse> get(final URI uri)
    {
        return request(HttpMethod.GET, uri, Map.of(), null);
    }

    public CompletableFuture<RestResponse> get(final URI uri, final Map<String, String> headers)
    {
        return request(HttpMethod.GET, uri, headers, null);
    }

    /** POST with a body (e.g. form-encoded or JSON order requests). */
    public CompletableFuture<RestResponse> post(final URI uri, final Map<String, String> headers, final byte[] body, final String contentType)
    {
        final Map<String, String> all = new HashMap<>(headers);
        all.put(HttpHeaderNames.CONTENT_TYPE.toString(), contentType);
        return request(HttpMethod.POST, uri, all, body);
    }

    /** Any method; {@code body} may be null. */
    public CompletableFuture<RestResponse> request(
        final HttpMethod method, final URI uri, final Map<String, String> headers, final byte[] body)
    {
        final CompletableFuture<RestResponse> result = new CompletableFuture<>();
        final Target target;
        try
        {
            target = Target.of(uri, sslContext);
        }
        catch (final RuntimeException ex)
        {
            result.completeExceptionally(ex);
            return result;
        }
        final FullHttpRequest request = newRequest(method, uri, target, headers, body);
        if (poolLoop == null)
        {
            connect(target, new ResponseHandler(result)).addListener((ChannelFuture f) -> onConnected(f, target, request, result, null));
        }
        else if (poolLoop.inEventLoop())
        {
            sendPooled(target, request, result);
        }
        else
        {
            poolLoop.execute(() -> sendPooled(target, request, result));
        }
        return result;
    }

    /** Where a request goes: host, port, TLS, path and the pool key. */
    private record Target(URI uri, String host, int port, SslContext ssl, String path, String key)
    {
        static Target of(final URI uri, final SslContext configured)
        {
            final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null)
            {
                throw new IllegalArgumentException("not an absolute http(s) URI: " + uri);
            }
            final boolean tls = "https".equals(scheme);
            final SslContext ssl = tls ? (configured != null ? configured : DefaultTls.CONTEXT) : null;
            final int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
            final String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath()) +
                (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
            return new Target(uri, uri.getHost(), port, ssl, path, RestClient.key(uri));
        }
    }

    /** The pool key: scheme, host and port (the default port when the URI names none). */
    private static String key(final URI uri)
    {
        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme + "://" + uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : "https".equals(scheme) ? 443 : 80);
    }

    private FullHttpRequest newRequest(
        final HttpMethod method, final URI uri, final Target target, final Map<String, String> headers, final byte[] body)
    {
        final FullHttpRequest request = new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1, method, target.path(), body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        request.headers()
            .set(HttpHeaderNames.HOST, uri.getPort() > 0 ? target.host() + ":" + target.port() : target.host())
            .set(HttpHeaderNames.CONNECTION, poolLoop == null ? HttpHeaderValues.CLOSE : HttpHeaderValues.KEEP_ALIVE)
            .set(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.GZIP)
            .set(HttpHeaderNames.CONTENT_LENGTH, body == null ? 0 : body.length);
        headers.forEach((name, value) -> request.headers().set(name, value));
        return request;
    }

    private ChannelFuture connect(final Target target, final io.netty.channel.ChannelHandler responseHandler)
    {
        connectionsOpened.incrementAndGet();
        final Bootstrap bootstrap = new Bootstrap()
            .group(poolLoop != null ? poolLoop : group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNs)))
            .handler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel ch)
                {
                    final ChannelPipeline p = ch.pipeline();
                    if (target.ssl() != null)
                    {
                        p.addLast("tls", target.ssl().newHandler(ch.alloc(), target.host(), target.port()));
                    }
                    p.addLast("http", new HttpClientCodec());
                    p.addLast("inflate", new HttpContentDecompressor(0));
                    p.addLast("aggregator", new HttpObjectAggregator(maxBodyBytes));
                    p.addLast("response", responseHandler);
                }
            });
        return bootstrap.connect(target.host(), target.port());
    }

    /** A connection is up (or failed): send the request on it. */
    private void onConnected(
        final ChannelFuture f, final Target target, final FullHttpRequest request, final CompletableFuture<RestResponse> result,
        final PooledHandler pooled)
    {
        if (f.isSuccess())
        {
            if (pooled != null)
            {
                exchange(f.channel(), target, request, result);
            }
            else
            {
                deadline(f.channel(), target, result);
                f.channel().writeAndFlush(request);
            }
        }
        else
        {
            request.release();
            result.completeExceptionally(new IOException("connect to " + target.host() + ":" + target.port() + " failed: " +
                f.cause().getMessage(), f.cause()));
        }
    }

    private void deadline(final Channel channel, final Target target, final CompletableFuture<RestResponse> result)
    {
        final ScheduledFuture<?> deadline = channel.eventLoop().schedule(() ->
        {
            if (result.completeExceptionally(new TimeoutException(target.uri() + " timed out after " +
                TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms")))
            {
                channel.close();
            }
        }, timeoutNs, TimeUnit.NANOSECONDS);
        result.whenComplete((r, e) -> deadline.cancel(false));
    }

    // ---------------------------------------------------------------- keep-alive pool (pool loop only)

    private void sendPooled(final Target target, final FullHttpRequest request, final CompletableFuture<RestResponse> result)
    {
        final Channel channel = takeIdle(target.key());
        if (channel == null)
        {
            sendOnNewConnection(target, request, result);
            return;
        }
        connectionsReused.incrementAndGet();
        if (!HttpMethod.GET.equals(request.method()))
        {
            exchange(channel, target, request, result); // an order: a failure is an unknown outcome for the gateway to query, never resent here
            return;
        }
        // a GET is safe to resend: a kept connection the server closed just as it was reused gets one fresh try
        final FullHttpRequest spare = request.retainedDuplicate();
        final CompletableFuture<RestResponse> attempt = new CompletableFuture<>();
        attempt.whenComplete((response, error) ->
        {
            if (error == null)
            {
                spare.release();
                result.complete(response);
            }
            else if (error instanceof IOException)
            {
                sendOnNewConnection(target, spare, result);
            }
            else
            {
                spare.release();
                result.completeExceptionally(error);
            }
        });
        exchange(channel, target, request, attempt);
    }

    private void sendOnNewConnection(final Target target, final FullHttpRequest request, final CompletableFuture<RestResponse> result)
    {
        final PooledHandler handler = new PooledHandler(this, target.key());
        connect(target, handler).addListener((ChannelFuture f) -> onConnected(f, target, request, result, handler));
    }

    private void exchange(final Channel channel, final Target target, final FullHttpRequest request, final CompletableFuture<RestResponse> result)
    {
        final PooledHandler handler = channel.pipeline().get(PooledHandler.class);
        handler.current = result;
        deadline(channel, target, result);
        channel.writeAndFlush(request).addListener((ChannelFuture f) ->
        {
            if (!f.isSuccess())
            {
                result.completeExceptionally(new IOException("write to " + target.host() + " failed: " + f.cause().getMessage(), f.cause()));
                f.channel().close();
            }
        });
    }

    private Channel takeIdle(final String key)
    {
        final ArrayDeque<Channel> channels = idle.get(key);
        final long now = System.nanoTime();
        while (channels != null && !channels.isEmpty())
        {
            final Channel channel = channels.pollFirst();
            if (channel.isActive() && now - lastUsed(channel) < IDLE_CLOSE_NS)
            {
                return channel;
            }
            channel.close();
        }
        return null;
    }

    private void release(final String key, final Channel channel)
    {
        final ArrayDeque<Channel> channels = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
        if (closed || channels.size() >= MAX_IDLE_PER_HOST || !channel.isActive())
        {
            channel.close();
            return;
        }
        channel.attr(LAST_USED).set(System.nanoTime());
        channels.addFirst(channel);
    }

    private void forget(final String key, final Channel channel)
    {
        final ArrayDeque<Channel> channels = idle.get(key);
        if (channels != null)
        {
            channels.remove(channel);
        }
    }

    private static long lastUsed(final Channel channel)
    {
        final Long at = channel.attr(LAST_USED).get();
        return at == null ? Long.MIN_VALUE / 2 : at;
    }

    /** The response handler of a kept-alive connection: one request at a time, then back to the pool. */
    private static final class PooledHandler extends SimpleChannelInboundHandler<FullHttpResponse>
    {
        private final RestClient client;
        private final String key;
        CompletableFuture<RestResponse> current;

        PooledHandler(final RestClient client, final String key)
        {
            this.client = client;
            this.key = key;
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpResponse response)
        {
            final CompletableFuture<RestResponse> result = current;
            current = null;
            final RestResponse answer = ResponseHandler.read(response);
            if (result != null && !result.isDone() && HttpUtil.isKeepAlive(response))
            {
                client.release(key, ctx.channel());
            }
            else
            {
                ctx.close(); // the server closes it, or the request had already timed out: never reuse it
            }
            if (result != null)
            {
                result.complete(answer);
            }
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx)
        {
            client.forget(key, ctx.channel());
            fail(new IOException("connection closed before a response"));
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            fail(cause instanceof IOException ? cause : new IOException(cause.getMessage(), cause));
            ctx.close();
        }

        private void fail(final Throwable cause)
        {
            final CompletableFuture<RestResponse> result = current;
            current = null;
            if (result != null)
            {
                result.completeExceptionally(cause);
            }
        }
    }

    private static final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse>
    {
        private final CompletableFuture<RestResponse> result;

        ResponseHandler(final CompletableFuture<RestResponse> result)
        {
            this.result = result;
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpResponse response)
        {
            result.complete(read(response));
            ctx.close();
        }

        static RestResponse read(final FullHttpResponse response)
        {
            final Map<String, String> headers = new HashMap<>();
            response.headers().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
            return new RestResponse(response.status().code(), headers, ByteBufUtil.getBytes(response.content()));
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx)
        {
            result.completeExceptionally(new IOException("connection closed before a response"));
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            result.completeExceptionally(cause instanceof IOException ? cause : new IOException(cause.getMessage(), cause));
            ctx.close();
        }
    }

    /** Built on first https use only. */
    private static final class DefaultTls
    {
        static final SslContext CONTEXT = TlsTrust.jdkDefault();
    }
}
