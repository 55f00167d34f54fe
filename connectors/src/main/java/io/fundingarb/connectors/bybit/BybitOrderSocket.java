package io.fundingarb.connectors.bybit;

import io.fundingarb.codecs.sbe.StreamKind;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.gateway.AsciiBuilder;
import io.fundingarb.connectors.gateway.OrderSocketLink;
import io.fundingarb.connectors.gateway.TrackedOrder;
import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.transport.FrameHandler;
import io.fundingarb.connectors.transport.VenuePing;
import io.fundingarb.connectors.transport.WsConfig;
import io.netty.channel.EventLoop;
import java.net.URI;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Order entry over Bybit's v5 WebSocket trade API ("Websocket Trade Guideline",
 * https://bybit-exchange.github.io/docs/v5/websocket/trade/guideline; production
 * {@code wss://stream.bybit.com/v5/trade}): one connection, opened at the gateway's start and
 * authenticated before any order goes on it ({@code {"op":"auth","args":[apiKey, expires,
 * hex HMAC-SHA256("GET/realtime" + expires)]}}, answered {@code retCode} 0; again after every
 * reconnect, with the shared backoff), pinged with {@code {"op":"ping"}} every 20 s as Bybit's
 * WebSocket pages recommend.
 *
 * <p>A request is {@code {"reqId", "header": {"X-BAPI-TIMESTAMP", "X-BAPI-RECV-WINDOW"}, "op":
 * "order.create" | "order.cancel", "args": [REST's JSON body]}}: the connection is authenticated,
 * so the order itself carries no signature. The answer echoes {@code reqId} with {@code retCode},
 * {@code retMsg}, {@code op}, {@code data} ({@code orderId}, {@code orderLinkId}: an ack, as REST's),
 * the rate-limit {@code header} and {@code connId} (fixtures fixtures/bybit/ws-trade-*.json). Ping: {@code {"op":"ping"}},
 * answered {@code "op":"pong"}.
 *
 * <p>Framing ({@link #encodeCreate}, {@link #encodeCancel}) runs on the command thread into reused
 * builders; the rest on the gateway's I/O loop. An order whose answer does not come within the
 * request timeout, or whose connection closes first, is reported lost: the gateway makes it
 * UNKNOWN and asks for it, never sends it again.
 */
final class BybitOrderSocket implements FrameHandler, AutoCloseable
{
    /** The trade API's path on the stream host ({@code /v5/trade}). */
    static final String PATH = "/v5/trade";
    /** The auth message is valid this long after it is sent. */
    private static final long AUTH_EXPIRY_MS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(BybitOrderSocket.class);

    /** What became of a request (the answers to orders and cancels, and the orders whose answer never comes); I/O loop. */
    interface Answers extends OrderSocketLink.Routes
    {
        /** The request went out but no answer will come: the outcome is unknown. */
        void onCreateLost(TrackedOrder order, String cause);
    }

    private final BybitSigner signer;
    private final long recvWindowMs;
    private final Answers answers;
    private final OrderSocketLink link;
    private volatile long authFailures;

    BybitOrderSocket(
        final URI uri, final String apiKey, final String apiSecret, final long recvWindowMs, final EventLoop loop, final EpochNanoClock clock,
        final long answerTimeoutNs, final long backoffBaseNs, final long backoffCapNs, final Answers answers)
    {
        this.signer = new BybitSigner(apiKey, apiSecret); // I/O loop only: the auth message
        this.recvWindowMs = recvWindowMs;
        this.answers = answers;
        this.link = new OrderSocketLink("bybit order socket", WsConfig.of(Venue.BYBIT, uri, List.of()).withPing(VenuePing.bybit())
            .withBackoff(backoffBaseNs, backoffCapNs).withSilenceTimeoutNs(0).withStream(StreamKind.ORDERS), loop, clock, answerTimeoutNs,
            answers::onCreateLost);
    }

    /** Opens and authenticates the connection (before the first order); any thread. */
    void start()
    {
        link.start(this);
    }

    /** Whether the connection is open and authenticated now (any thread): orders go over it, else over REST. */
    boolean isOpen()
    {
        return link.isReady();
    }

    // ---------------------------------------------------------------- framing (command thread)

    /**
     * Writes the {@code order.create} frame around {@code body} (the REST JSON body of the order) into {@code frame}
     * (reset first); request id {@code "o<clientOrderId>"}.
     *
     * @return the frame length.
     */
    int encodeCreate(final long clientOrderId, final long timestampMs, final AsciiBuilder body, final AsciiBuilder frame)
    {
        return header(frame.reset().append("{\"reqId\":\"o").append(clientOrderId), timestampMs).append("\"op\":\"order.create\",\"args\":[")
            .append(body.array(), 0, body.length()).append("]}").length();
    }

    /** Writes the {@code order.cancel} frame of {@code body} ({@code category}, {@code symbol}, {@code orderLinkId}); id {@code "c<clientOrderId>"}. */
    int encodeCancel(final long clientOrderId, final long timestampMs, final byte[] body, final AsciiBuilder frame)
    {
        return header(frame.reset().append("{\"reqId\":\"c").append(clientOrderId), timestampMs).append("\"op\":\"order.cancel\",\"args\":[")
            .append(body).append("]}").length();
    }

    private AsciiBuilder header(final AsciiBuilder frame, final long timestampMs)
    {
        return frame.append("\",\"header\":{\"X-BAPI-TIMESTAMP\":\"").append(timestampMs).append("\",\"X-BAPI-RECV-WINDOW\":\"")
            .append(recvWindowMs).append("\"},");
    }

    // ---------------------------------------------------------------- requests (I/O loop)

    /** Sends a frame of {@link #encodeCreate} for {@code order}, tracked until its answer; false (nothing sent) when not ready. */
    boolean create(final TrackedOrder order, final byte[] frame)
    {
        return link.send(order, frame);
    }

    /** Sends a frame of {@link #encodeCancel}; false (nothing sent) when not ready. */
    boolean cancel(final byte[] frame)
    {
        return link.send(null, frame);
    }

    @Override
    public void onOpen(final int connects)
    {
        link.sendText(signer.wsAuthMessage(System.currentTimeMillis() + AUTH_EXPIRY_MS));
    }

    @Override
    public void onFrame(final DirectBuffer buffer, final int offset, final int length, final long tsInitNs)
    {
        final Object answer = OrderSocketLink.parse(buffer, offset, length);
        if (answer != null && "auth".equals(JsonTree.text(answer, "op")))
        {
            onAuth(answer);
            return;
        }
        if (answer != null)
        {
            link.route(JsonTree.text(answer, "reqId"), answer, answers);
        }
    }

    private void onAuth(final Object answer)
    {
        if ("0".equals(JsonTree.text(answer, "retCode")))
        {
            link.ready();
            return;
        }
        authFailures++;
        LOG.warn("bybit order socket: auth refused (retCode {} {}); orders go over REST, reconnecting",
            JsonTree.text(answer, "retCode"), JsonTree.text(answer, "retMsg"));
        link.disconnect("auth refused");
    }

    @Override
    public void onClose()
    {
        link.closed();
    }

    long requestsSent()
    {
        return link.requestsSent();
    }

    long answersLost()
    {
        return link.answersLost();
    }

    long authFailures()
    {
        return authFailures;
    }

    /** Drops the connection as the venue would (tests); it reconnects and authenticates with backoff. */
    void disconnect()
    {
        link.disconnect("dropped on request");
    }

    @Override
    public void close()
    {
        link.close();
    }
}
