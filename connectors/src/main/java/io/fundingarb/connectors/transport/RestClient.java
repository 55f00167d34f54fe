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
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A small asynchronous HTTP/1.1 client over Netty for REST bootstrap (instruments, book
 * snapshots, 24 h volume, funding intervals) and, later, order gateways. One connection per
 * request ({@code Connection: close}): start-up traffic, allocation is fine. Every request has
 * a deadline; a late or failed request completes the future exceptionally
 * ({@link TimeoutException}, {@link IOException}); any HTTP status completes it normally.
 */
public final class RestClient
{
    /** Default deadline of a request, connect included. */
    public static final long DEFAULT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    /** Default largest response body (exchangeInfo is a few MB). */
    public static final int DEFAULT_MAX_BODY_BYTES = 32 << 20;

    private final EventLoopGroup group;
    private final long timeoutNs;
    private final int maxBodyBytes;
    private final SslContext sslContext;

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
        if (timeoutNs <= 0 || maxBodyBytes < 1024)
        {
            throw new IllegalArgumentException("rest timeoutNs must be > 0 and maxBodyBytes >= 1024");
        }
        this.group = group;
        this.timeoutNs = timeoutNs;
        this.maxBodyBytes = maxBodyBytes;
        this.sslContext = sslContext;
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
        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null)
        {
            result.completeExceptionally(new IllegalArgumentException("not an absolute http(s) URI: " + uri));
            return result;
        }
        final boolean tls = "https".equals(scheme);
        final SslContext ssl;
        try
        {
            ssl = tls ? (sslContext != null ? sslContext : DefaultTls.CONTEXT) : null;
        }
        catch (final RuntimeException ex)
        {
            result.completeExceptionally(ex);
            return result;
        }
        final String host = uri.getHost();
        final int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        final String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath()) +
            (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");

        final FullHttpRequest request = new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1, method, path, body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        request.headers()
            .set(HttpHeaderNames.HOST, uri.getPort() > 0 ? host + ":" + port : host)
            .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
            .set(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.GZIP)
            .set(HttpHeaderNames.CONTENT_LENGTH, body == null ? 0 : body.length);
        headers.forEach((name, value) -> request.headers().set(name, value));

        final Bootstrap bootstrap = new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNs)))
            .handler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel ch)
                {
                    final ChannelPipeline p = ch.pipeline();
                    if (ssl != null)
                    {
                        p.addLast("tls", ssl.newHandler(ch.alloc(), host, port));
                    }
                    p.addLast("http", new HttpClientCodec());
                    p.addLast("inflate", new HttpContentDecompressor(0));
                    p.addLast("aggregator", new HttpObjectAggregator(maxBodyBytes));
                    p.addLast("response", new ResponseHandler(result));
                }
            });
        final ChannelFuture connect = bootstrap.connect(host, port);
        final Channel channel = connect.channel();
        final ScheduledFuture<?> deadline = channel.eventLoop().schedule(() ->
        {
            if (result.completeExceptionally(new TimeoutException(method + " " + uri + " timed out after " +
                TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms")))
            {
                channel.close();
            }
        }, timeoutNs, TimeUnit.NANOSECONDS);
        result.whenComplete((r, e) -> deadline.cancel(false));
        connect.addListener((ChannelFuture f) ->
        {
            if (f.isSuccess())
            {
                f.channel().writeAndFlush(request);
            }
            else
            {
                request.release();
                result.completeExceptionally(new IOException("connect to " + host + ":" + port + " failed: " + f.cause().getMessage(), f.cause()));
            }
        });
        return result;
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
            final Map<String, String> headers = new HashMap<>();
            response.headers().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
            final byte[] body = ByteBufUtil.getBytes(response.content());
            result.complete(new RestResponse(response.status().code(), headers, body));
            ctx.close();
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
