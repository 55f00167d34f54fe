package io.fundingarb.connectors.binance;

import io.fundingarb.codecs.sbe.BooleanType;
import io.fundingarb.codecs.sbe.CancelCommandDecoder;
import io.fundingarb.codecs.sbe.OrderCommandDecoder;
import io.fundingarb.codecs.sbe.OrderType;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.StreamKind;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.gateway.AsciiBuilder;
import io.fundingarb.connectors.gateway.HmacSigner;
import io.fundingarb.connectors.gateway.OrderSocketLink;
import io.fundingarb.connectors.gateway.TrackedOrder;
import io.fundingarb.connectors.gateway.VenueOrderIds;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.transport.FrameHandler;
import io.fundingarb.connectors.transport.WsConfig;
import io.netty.channel.EventLoop;
import java.net.URI;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Order entry over Binance's USDⓈ-M futures WebSocket API ("WebSocket API General Info" and
 * "New Order (TRADE)" / "Cancel Order (TRADE)" under developers.binance.com/docs/derivatives/
 * usds-margined-futures/trade/websocket-api; production {@code wss://ws-fapi.binance.com/ws-fapi/v1}):
 * one connection, opened at the gateway's start and kept open (the server pings every 3 minutes,
 * the transport answers; a connection lives at most 24 h and is reopened with the shared backoff).
 *
 * <p>A request is one text frame {@code {"id":..,"method":"order.place","params":{..}}}; the
 * params carry {@code apiKey}, {@code timestamp}, {@code recvWindow} and {@code signature}: the
 * same HMAC-SHA256 as REST, over the params other than {@code signature} sorted by name and joined
 * as a query string. The answer echoes the {@code id} with {@code status} (HTTP-like), {@code result}
 * (the order, as REST's RESULT) or {@code error} ({@code code}, {@code msg}), and {@code rateLimits}
 * (documented fixtures: fixtures/binance/ws-api-*.json).
 *
 * <p>Encoding ({@link #encodePlace}, {@link #encodeCancel}) runs on the command thread into reused
 * builders and one reused {@code Mac}: no allocation once the builders have grown. Everything else
 * runs on the gateway's I/O loop: a request whose answer does not come within the request timeout,
 * or whose connection closes first, is reported lost ({@link Answers#onPlaceLost}): the gateway
 * makes it UNKNOWN and asks the venue for it; it is never sent again.
 */
final class BinanceOrderSocket implements FrameHandler, AutoCloseable
{
    /** The WebSocket API's path on its host ({@code /ws-fapi/v1}). */
    static final String PATH = "/ws-fapi/v1";

    /** What became of a request (the answers to orders and cancels, and the orders whose answer never comes); I/O loop. */
    interface Answers extends OrderSocketLink.Routes
    {
        /** The request went out but no answer will come (timeout, connection closed): the outcome is unknown. */
        void onPlaceLost(TrackedOrder order, String cause);
    }

    private final byte[] apiKey;
    private final long recvWindowMs;
    private final VenueSymbols symbols;
    private final VenueOrderIds ids;
    private final Answers answers;
    private final OrderSocketLink link;

    // command thread
    private final BinanceSigner signer;
    private final AsciiBuilder payload = new AsciiBuilder(512);
    private int valueStart;

    BinanceOrderSocket(
        final URI uri, final String apiKey, final String apiSecret, final long recvWindowMs, final VenueSymbols symbols, final VenueOrderIds ids,
        final EventLoop loop, final EpochNanoClock clock, final long answerTimeoutNs, final long backoffBaseNs, final long backoffCapNs,
        final Answers answers)
    {
        this.apiKey = apiKey.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.signer = new BinanceSigner(apiKey, apiSecret);
        this.recvWindowMs = recvWindowMs;
        this.symbols = symbols;
        this.ids = ids;
        this.answers = answers;
        // the venue pings every 3 minutes and the transport answers: no ping of ours, no silence timeout
        this.link = new OrderSocketLink("binance order socket", WsConfig.of(Venue.BINANCE, uri, List.of())
            .withBackoff(backoffBaseNs, backoffCapNs).withSilenceTimeoutNs(0).withStream(StreamKind.ORDERS), loop, clock, answerTimeoutNs,
            answers::onPlaceLost);
    }

    /** Opens the connection (before the first order); any thread. */
    void start()
    {
        link.start(this);
    }

    /** Whether the connection is open now (any thread): orders go over it, else over REST. */
    boolean isOpen()
    {
        return link.isReady();
    }

    // ---------------------------------------------------------------- encoding (command thread)

    /**
     * Writes the signed {@code order.place} frame of {@code order} into {@code frame} (reset first):
     * params in name order (the signature's order), request id {@code "o<clientOrderId>"}.
     *
     * @return the frame length.
     */
    int encodePlace(final OrderCommandDecoder order, final long timestampMs, final AsciiBuilder frame)
    {
        final boolean market = order.orderType() == OrderType.MARKET;
        frame.reset().append("{\"id\":\"o").append(order.clientOrderId()).append("\",\"method\":\"order.place\",\"params\":{");
        payload.reset();
        begin("apiKey").append(apiKey);
        string(frame, "apiKey");
        ids.append(begin("newClientOrderId"), order.clientOrderId());
        string(frame, "newClientOrderId");
        begin("newOrderRespType").append("RESULT");
        string(frame, "newOrderRespType");
        if (!market)
        {
            begin("price").appendFixed(order.price());
            string(frame, "price");
        }
        begin("quantity").appendFixed(order.quantity());
        string(frame, "quantity");
        begin("recvWindow").append(recvWindowMs);
        number(frame, "recvWindow");
        if (order.reduceOnly() == BooleanType.TRUE)
        {
            begin("reduceOnly").append("true");
            string(frame, "reduceOnly");
        }
        begin("side").append(order.side() == Side.SELL ? "SELL" : "BUY");
        string(frame, "side");
        begin("symbol").append(symbols.symbolBytes(order.instrumentId()));
        string(frame, "symbol");
        if (!market)
        {
            begin("timeInForce").append(BinanceGateway.timeInForce(order.timeInForce()));
            string(frame, "timeInForce");
        }
        begin("timestamp").append(timestampMs);
        number(frame, "timestamp");
        begin("type").append(market ? "MARKET" : "LIMIT");
        string(frame, "type");
        return sign(frame);
    }

    /**
     * Writes the signed {@code order.cancel} frame of {@code cancel} (by {@code origClientOrderId}, under the
     * epoch the order was sent with) into {@code frame}; request id {@code "c<clientOrderId>"}.
     *
     * @return the frame length, or 0 for an instrument without a symbol (nothing to send).
     */
    int encodeCancel(final CancelCommandDecoder cancel, final long epoch, final long timestampMs, final AsciiBuilder frame)
    {
        final byte[] symbol = symbols.symbolBytes(cancel.instrumentId());
        if (symbol == null)
        {
            return 0;
        }
        frame.reset().append("{\"id\":\"c").append(cancel.clientOrderId()).append("\",\"method\":\"order.cancel\",\"params\":{");
        payload.reset();
        begin("apiKey").append(apiKey);
        string(frame, "apiKey");
        ids.append(begin("origClientOrderId"), epoch, cancel.clientOrderId());
        string(frame, "origClientOrderId");
        begin("recvWindow").append(recvWindowMs);
        number(frame, "recvWindow");
        begin("symbol").append(symbol);
        string(frame, "symbol");
        begin("timestamp").append(timestampMs);
        number(frame, "timestamp");
        return sign(frame);
    }

    /** Starts the next {@code name=value} of the signed payload; the value follows. */
    private AsciiBuilder begin(final String name)
    {
        if (payload.length() > 0)
        {
            payload.append('&');
        }
        payload.append(name).append('=');
        valueStart = payload.length();
        return payload;
    }

    /** The value just written to the payload, as a JSON string member of the params. */
    private void string(final AsciiBuilder frame, final String name)
    {
        frame.append('"').append(name).append("\":\"").append(payload.array(), valueStart, payload.length() - valueStart).append("\",");
    }

    /** The value just written to the payload, as a JSON number member of the params. */
    private void number(final AsciiBuilder frame, final String name)
    {
        frame.append('"').append(name).append("\":").append(payload.array(), valueStart, payload.length() - valueStart).append(',');
    }

    private int sign(final AsciiBuilder frame)
    {
        frame.append("\"signature\":\"");
        final byte[] array = frame.reserve(HmacSigner.HEX_LENGTH);
        signer.sign(payload.array(), 0, payload.length(), array, frame.length());
        return frame.advance(HmacSigner.HEX_LENGTH).append("\"}}").length();
    }

    // ---------------------------------------------------------------- requests (I/O loop)

    /** Sends a frame of {@link #encodePlace} for {@code order}, tracked until its answer; false (nothing sent) when not open. */
    boolean place(final TrackedOrder order, final byte[] frame)
    {
        return link.send(order, frame);
    }

    /** Sends a frame of {@link #encodeCancel}; false (nothing sent) when not open. */
    boolean cancel(final byte[] frame)
    {
        return link.send(null, frame);
    }

    @Override
    public void onFrame(final DirectBuffer buffer, final int offset, final int length, final long tsInitNs)
    {
        final Object answer = OrderSocketLink.parse(buffer, offset, length);
        if (answer != null)
        {
            link.route(JsonTree.text(answer, "id"), answer, answers);
        }
    }

    @Override
    public void onOpen(final int connects)
    {
        link.ready(); // HMAC-signed requests: no session to log on
    }

    @Override
    public void onClose()
    {
        link.closed();
    }

    /** Requests sent over the socket so far (any thread). */
    long requestsSent()
    {
        return link.requestsSent();
    }

    /** Orders sent over the socket whose answer never came (any thread): each went to the UNKNOWN-order queries. */
    long answersLost()
    {
        return link.answersLost();
    }

    /** Drops the connection as the venue would (tests); it reconnects with backoff. */
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
