package io.fundingarb.connectors.transport;

import io.fundingarb.codecs.sbe.StreamKind;
import io.fundingarb.codecs.sbe.Venue;
import io.netty.handler.ssl.SslContext;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket connection's settings, validated once at construction.
 *
 * @param venue              the venue the {@code VenueStatus} events name.
 * @param uri                {@code ws://} (loopback, simulators) or {@code wss://} (real venues).
 * @param subscriptions      text messages sent, in order, after every connect (re-subscription).
 * @param ping               the venue's application ping; protocol pings are always answered.
 * @param silenceTimeoutNs   no frame for this long: STALE, then reconnect. 0 disables.
 * @param connectTimeoutNs   TCP (and TLS) connect timeout.
 * @param handshakeTimeoutNs WebSocket upgrade timeout, counted from the TCP connect.
 * @param backoffBaseNs      first reconnect delay (nominal; jittered down to half).
 * @param backoffCapNs       largest reconnect delay.
 * @param maxMessageBytes    largest message (after fragment reassembly); larger ones are dropped and counted.
 * @param sslContext         client TLS context for wss; null builds the JDK default (hostname verified).
 * @param stream             what the {@code VenueStatus} events say this connection is: MARKET_DATA (feeds, the
 *                           default) or ORDERS (a gateway's private stream).
 * @param protocol           the venue's subscription protocol: with one, each subscribed stream is watched on its own
 *                           (acks, data silence, resubscribe, recycle: {@link StreamLiveness}) and the connection is LIVE
 *                           only once every stream is acknowledged and carries data; null: LIVE on the handshake and
 *                           {@code silenceTimeoutNs} watches data messages of any kind.
 * @param ackTimeoutNs       a subscribe request unanswered this long is sent again (twice: the connection is recycled).
 * @param backoffResetNs     the reconnect backoff starts over only after a connection has been LIVE this long (with a protocol:
 *                           every stream carrying data; without one: open).
 * @param reconnectLimiter   caps connection attempts per minute (shared by a venue's connections); null for none.
 */
public record WsConfig(
    Venue venue,
    URI uri,
    List<String> subscriptions,
    VenuePing ping,
    long silenceTimeoutNs,
    long connectTimeoutNs,
    long handshakeTimeoutNs,
    long backoffBaseNs,
    long backoffCapNs,
    int maxMessageBytes,
    SslContext sslContext,
    StreamKind stream,
    SubscriptionProtocol protocol,
    long ackTimeoutNs,
    long backoffResetNs,
    ReconnectLimiter reconnectLimiter)
{
    public static final long DEFAULT_SILENCE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
    public static final long DEFAULT_CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    public static final long DEFAULT_HANDSHAKE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    public static final long DEFAULT_BACKOFF_BASE_NS = TimeUnit.MILLISECONDS.toNanos(250);
    public static final long DEFAULT_BACKOFF_CAP_NS = TimeUnit.SECONDS.toNanos(30);
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 4 << 20;
    public static final long DEFAULT_ACK_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    public static final long DEFAULT_BACKOFF_RESET_NS = TimeUnit.SECONDS.toNanos(60);

    public WsConfig
    {
        if (venue == null)
        {
            throw new IllegalArgumentException("ws.venue is required");
        }
        if (uri == null || uri.getScheme() == null || uri.getHost() == null)
        {
            throw new IllegalArgumentException("ws.uri must be an absolute ws:// or wss:// URI, was " + uri);
        }
        final String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"ws".equals(scheme) && !"wss".equals(scheme))
        {
            throw new IllegalArgumentException("ws.uri scheme must be ws or wss, was " + uri.getScheme());
        }
        subscriptions = List.copyOf(subscriptions);
        if (ping == null)
        {
            throw new IllegalArgumentException("ws.ping is required (VenuePing.none() for none)");
        }
        if (silenceTimeoutNs < 0)
        {
            throw new IllegalArgumentException("ws.silenceTimeoutNs must be >= 0 (0 disables), was " + silenceTimeoutNs);
        }
        if (connectTimeoutNs <= 0 || handshakeTimeoutNs <= 0)
        {
            throw new IllegalArgumentException("ws connect and handshake timeouts must be > 0");
        }
        if (backoffBaseNs <= 0 || backoffCapNs < backoffBaseNs)
        {
            throw new IllegalArgumentException("ws backoff needs 0 < base <= cap, was base=" + backoffBaseNs + " cap=" + backoffCapNs);
        }
        if (maxMessageBytes < 1024)
        {
            throw new IllegalArgumentException("ws.maxMessageBytes must be >= 1024, was " + maxMessageBytes);
        }
        if (stream == null || stream == StreamKind.NULL_VAL)
        {
            throw new IllegalArgumentException("ws.stream must be MARKET_DATA or ORDERS, was " + stream);
        }
        if (ackTimeoutNs <= 0 || backoffResetNs <= 0)
        {
            throw new IllegalArgumentException("ws ackTimeoutNs and backoffResetNs must be > 0, was " + ackTimeoutNs + " and " + backoffResetNs);
        }
    }

    /** Defaults for everything but the venue, URI and subscriptions; no application ping. */
    public static WsConfig of(final Venue venue, final URI uri, final List<String> subscriptions)
    {
        return new WsConfig(venue, uri, subscriptions, VenuePing.none(), DEFAULT_SILENCE_TIMEOUT_NS, DEFAULT_CONNECT_TIMEOUT_NS,
            DEFAULT_HANDSHAKE_TIMEOUT_NS, DEFAULT_BACKOFF_BASE_NS, DEFAULT_BACKOFF_CAP_NS, DEFAULT_MAX_MESSAGE_BYTES, null,
            StreamKind.MARKET_DATA, null, DEFAULT_ACK_TIMEOUT_NS, DEFAULT_BACKOFF_RESET_NS, null);
    }

    public WsConfig withPing(final VenuePing ping)
    {
        return new WsConfig(venue, uri, subscriptions, ping, silenceTimeoutNs, connectTimeoutNs, handshakeTimeoutNs,
            backoffBaseNs, backoffCapNs, maxMessageBytes, sslContext, stream, protocol, ackTimeoutNs, backoffResetNs, reconnectLimiter);
    }

    public WsConfig withSilenceTimeoutNs(final long silenceTimeoutNs)
    {
        return new WsConfig(venue, uri, subscriptions, ping, silenceTimeoutNs, connectTimeoutNs, handshakeTimeoutNs,
            backoffBaseNs, backoffCapNs, maxMessageBytes, sslContext, stream, protocol, ackTimeoutNs, backoffResetNs, reconnectLimiter);
    }

    public WsConfig withBackoff(final long backoffBaseNs, final long backoffCapNs)
    {
        return new WsConfig(venue, uri, subscriptions, ping, silenceTimeoutNs, connectTimeoutNs, handshakeTimeoutNs,
            backoffBaseNs, backoffCapNs, maxMessageBytes, sslContext, stream, protocol, ackTimeoutNs, backoffResetNs, reconnectLimiter);
    }

    public WsConfig withTimeouts(final long connectTimeoutNs, final long handshakeTimeoutNs)
    {
        return new WsConfig(venue, uri, subscriptions, ping, silenceTimeoutNs, connectTimeoutNs, handshakeTimeoutNs,
            backoffBaseNs, backoffCapNs, maxMessageBytes, sslContext, stream, protocol, ackTimeoutNs, backoffResetNs, reconnectLimiter);
    }

    public WsConfig withMaxMessageBytes(final int maxMessageBytes)
    {
        return new WsConfig(venue, uri, subscriptions, ping, silenceTimeoutNs, connectTimeoutNs, handshakeTimeoutNs,
            backoffBaseNs, backoffCapNs, maxMessageBytes, sslContext, stream, protocol, ackTimeoutNs, backoffResetNs, reconnectLimiter);
    }

    public WsConfig withSslContext(final SslContext sslContext)
    {
        return new WsConfig(venue, uri, subscriptions, ping, silenceTimeoutNs, connectTimeoutNs, handshakeTimeoutNs,
            backoffBaseNs, backoffCapNs, maxMessageBytes, sslContext, stream, protocol, ackTimeoutNs, backoffResetNs, reconnectLimiter);
    }

    /** wss trusts only {@code certificate} (host name still verified); the default is the JDK trust store. */
    public WsConfig withTrustedCertificate(final X509Certificate certificate)
    {
        return withSslContext(TlsTrust.trusting(certificate));
    }

    /** wss trusts only the certificate in {@code file} (PEM or DER). */
    public WsConfig withTrustedCertificate(final Path file)
    {
        return withSslContext(TlsTrust.trusting(file));
    }

    /** The same connection, reported as {@code stream} (a gateway's private stream: ORDERS). */
    public WsConfig withStream(final StreamKind stream)
    {
        return new WsConfig(venue, uri, subscriptions, ping, silenceTimeoutNs, connectTimeoutNs, handshakeTimeoutNs,
            backoffBaseNs, backoffCapNs, maxMessageBytes, sslContext, stream, protocol, ackTimeoutNs, backoffResetNs, reconnectLimiter);
    }

    /** Each stream watched on its own through {@code protocol} (see {@link StreamLiveness}). */
    public WsConfig withProtocol(final SubscriptionProtocol protocol, final long ackTimeoutNs)
    {
        return new WsConfig(venue, uri, subscriptions, ping, silenceTimeoutNs, connectTimeoutNs, handshakeTimeoutNs,
            backoffBaseNs, backoffCapNs, maxMessageBytes, sslContext, stream, protocol, ackTimeoutNs, backoffResetNs, reconnectLimiter);
    }

    /** The backoff starts over after {@code backoffResetNs} of market data; {@code limiter} (may be shared, or null) caps attempts per minute. */
    public WsConfig withReconnectPolicy(final long backoffResetNs, final ReconnectLimiter limiter)
    {
        return new WsConfig(venue, uri, subscriptions, ping, silenceTimeoutNs, connectTimeoutNs, handshakeTimeoutNs,
            backoffBaseNs, backoffCapNs, maxMessageBytes, sslContext, stream, protocol, ackTimeoutNs, backoffResetNs, limiter);
    }

    public boolean tls()
    {
        return "wss".equalsIgnoreCase(uri.getScheme());
    }

    public int port()
    {
        return uri.getPort() > 0 ? uri.getPort() : tls() ? 443 : 80;
    }
}
