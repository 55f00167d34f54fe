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
import io.fundingarb.connectors.gateway.TrackedOrder;
import io.fundingarb.connectors.gateway.VenueOrderIds;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.transport.FrameHandler;
import io.fundingarb.connectors.transport.ResyncHandler;
import io.fundingarb.connectors.transport.WsConfig;
import io.fundingarb.connectors.transport.WsConnection;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.EpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    /** How often pending requests are checked against their deadline. */
    private static final long SWEEP_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final Logger LOG = LoggerFactory.getLogger(BinanceOrderSocket.class);

    /** What became of a request; I/O loop. */
    interface Answers
    {
        /** The venue's answer to an {@code order.place}: the whole frame ({@code status}, {@code result} or {@code error}, {@code rateLimits}). */
        void onPlaceAnswer(TrackedOrder order, Object answer);

        /** The request went out but no answer will come (timeout, connection closed): the outcome is unknown. */
        void onPlaceLost(TrackedOrder order, String cause);

        /** The venue's answer to an {@code order.cancel}. */
        void onCancelAnswer(long clientOrderId, Object answer);
    }

    private final URI uri;
    private final byte[] apiKey;
    private final long recvWindowMs;
    private final VenueSymbols symbols;
    private final VenueOrderIds ids;
    private final Answers answers;
    private final long answerTimeoutNs;
    private final long backoffBaseNs;
    private final long backoffCapNs;
    private final EpochNanoClock clock;

    // command thread
    private final BinanceSigner signer;
    private final AsciiBuilder payload = new AsciiBuilder(512);
    private int valueStart;

    // I/O loop
    private final EventLoop loop;
    private final Long2ObjectHashMap<TrackedOrder> pending = new Long2ObjectHashMap<>();
    private final Long2LongHashMap deadlines = new Long2LongHashMap(Long.MIN_VALUE);
    private final LongArrayList expired = new LongArrayList();
    private volatile WsConnection connection;
    private volatile ScheduledFuture<?> sweep;
    private volatile boolean open;
    private volatile long requestsSent;
    private volatile long answersLost;

    BinanceOrderSocket(
        final URI uri, final String apiKey, final String apiSecret, final long recvWindowMs, final VenueSymbols symbols, final VenueOrderIds ids,
        final EventLoop loop, final EpochNanoClock clock, final long answerTimeoutNs, final long backoffBaseNs, final long backoffCapNs,
        final Answers answers)
    {
        this.uri = uri;
        this.apiKey = apiKey.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.signer = new BinanceSigner(apiKey, apiSecret);
        this.recvWindowMs = recvWindowMs;
        this.symbols = symbols;
        this.ids = ids;
        this.loop = loop;
        this.clock = clock;
        this.answerTimeoutNs = answerTimeoutNs;
        this.backoffBaseNs = backoffBaseNs;
        this.backoffCapNs = backoffCapNs;
        this.answers = answers;
    }

    /** Opens the connection (before the first order) and starts the deadline sweep; any thread. */
    void start()
    {
        loop.execute(() ->
        {
            final WsConfig config = WsConfig.of(Venue.BINANCE, uri, List.of())
                .withBackoff(backoffBaseNs, backoffCapNs)
                .withSilenceTimeoutNs(0)
                .withStream(StreamKind.ORDERS);
            // its state is not the venue's order stream (fills come from the user-data stream): logged, not published
            connection = new WsConnection(config, loop, this, (state, reconnects, detail, tsInitNs) ->
                LOG.info("binance order socket: {} ({})", state, detail), clock, new Random(uri.hashCode()), ResyncHandler.NONE).start();
            sweep = loop.scheduleAtFixedRate(this::expire, SWEEP_NS, SWEEP_NS, TimeUnit.NANOSECONDS);
        });
    }

    /** Whether the connection is open now (any thread): orders go over it, else over REST. */
    boolean isOpen()
    {
        return open;
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

    /**
     * Sends a frame of {@link #encodePlace} for {@code order}, tracked until its answer.
     *
     * @return false when the connection is not open: nothing left, the order can go over REST.
     */
    boolean place(final TrackedOrder order, final byte[] frame)
    {
        if (connection == null || !connection.send(frame, 0, frame.length))
        {
            return false;
        }
        requestsSent++;
        pending.put(order.clientOrderId(), order);
        deadlines.put(order.clientOrderId(), clock.nanoTime() + answerTimeoutNs);
        return true;
    }

    /** Sends a frame of {@link #encodeCancel}; false when the connection is not open (nothing left). */
    boolean cancel(final byte[] frame)
    {
        final boolean sent = connection != null && connection.send(frame, 0, frame.length);
        if (sent)
        {
            requestsSent++;
        }
        return sent;
    }

    @Override
    public void onFrame(final DirectBuffer buffer, final int offset, final int length, final long tsInitNs)
    {
        final Object answer;
        try
        {
            answer = JsonTree.parse(buffer, offset, length);
        }
        catch (final IllegalArgumentException ex)
        {
            return; // not an answer; a request it was meant for times out into UNKNOWN
        }
        final String id = JsonTree.text(answer, "id");
        if (id == null || id.length() < 2)
        {
            return;
        }
        final long clientOrderId;
        try
        {
            clientOrderId = Long.parseLong(id, 1, id.length(), 10);
        }
        catch (final NumberFormatException ex)
        {
            return;
        }
        if (id.charAt(0) == 'o')
        {
            final TrackedOrder order = pending.remove(clientOrderId);
            deadlines.remove(clientOrderId);
            if (order != null)
            {
                answers.onPlaceAnswer(order, answer);
            }
        }
        else if (id.charAt(0) == 'c')
        {
            answers.onCancelAnswer(clientOrderId, answer);
        }
    }

    @Override
    public void onOpen(final int connects)
    {
        open = true;
    }

    @Override
    public void onClose()
    {
        open = false;
        expired.clear();
        pending.keySet().forEach(expired::addLong);
        for (int i = 0; i < expired.size(); i++)
        {
            lose(expired.getLong(i), "ws: connection closed before the answer");
        }
    }

    private void expire()
    {
        final long nowNs = clock.nanoTime();
        expired.clear();
        final Long2LongHashMap.EntryIterator it = deadlines.entrySet().iterator();
        while (it.hasNext())
        {
            it.next();
            if (nowNs - it.getLongValue() > 0)
            {
                expired.addLong(it.getLongKey());
            }
        }
        for (int i = 0; i < expired.size(); i++)
        {
            lose(expired.getLong(i), "ws: no answer within the request timeout");
        }
    }

    private void lose(final long clientOrderId, final String cause)
    {
        deadlines.remove(clientOrderId);
        final TrackedOrder order = pending.remove(clientOrderId);
        if (order != null)
        {
            answersLost++;
            answers.onPlaceLost(order, cause);
        }
    }

    /** Requests sent over the socket so far (any thread). */
    long requestsSent()
    {
        return requestsSent;
    }

    /** Orders sent over the socket whose answer never came (any thread): each went to the UNKNOWN-order queries. */
    long answersLost()
    {
        return answersLost;
    }

    /** Drops the connection as the venue would (tests); it reconnects with backoff. */
    void disconnect()
    {
        loop.execute(() ->
        {
            if (connection != null)
            {
                connection.disconnect("dropped on request");
            }
        });
    }

    /** Stops for good (from the thread that closes the gateway, as its user-data stream is). */
    @Override
    public void close()
    {
        final ScheduledFuture<?> timer = sweep;
        if (timer != null)
        {
            timer.cancel(false);
        }
        final WsConnection ws = connection;
        if (ws != null)
        {
            ws.close();
        }
        open = false;
    }
}
