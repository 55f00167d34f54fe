package io.fundingarb.connectors.gateway;

import io.fundingarb.connectors.transport.FrameHandler;
import io.fundingarb.connectors.transport.ResyncHandler;
import io.fundingarb.connectors.transport.WsConfig;
import io.fundingarb.connectors.transport.WsConnection;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.EpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection under a venue's WebSocket order API (Binance {@code order.place}, Bybit
 * {@code /v5/trade}): kept open with the shared backoff, ready for orders once the venue's
 * protocol says so ({@link #ready}), and the orders sent on it that await their answer, each with
 * a deadline. An order whose deadline passes, or whose connection closes first, is reported
 * {@link Lost}: the gateway makes it UNKNOWN and asks for it, never sends it again. The venue
 * socket frames requests and reads answers; requests carry ids {@code "o<clientOrderId>"} (new
 * orders) and {@code "c<clientOrderId>"} (cancels). State on the gateway's I/O loop; no allocation
 * per request once the maps are sized, but for Netty's frame.
 */
public final class OrderSocketLink implements AutoCloseable
{
    /** How often the waiting orders are checked against their deadline. */
    private static final long SWEEP_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final Logger LOG = LoggerFactory.getLogger(OrderSocketLink.class);

    /** Told of an order whose answer will not come (I/O loop). */
    @FunctionalInterface
    public interface Lost
    {
        void onLost(TrackedOrder order, String cause);
    }

    private final String name;
    private final WsConfig config;
    private final EventLoop loop;
    private final EpochNanoClock clock;
    private final long answerTimeoutNs;
    private final Lost lost;
    private final Long2ObjectHashMap<TrackedOrder> waiting = new Long2ObjectHashMap<>();
    private final Long2LongHashMap deadlines = new Long2LongHashMap(Long.MIN_VALUE);
    private final LongArrayList due = new LongArrayList();
    private volatile WsConnection connection;
    private volatile ScheduledFuture<?> sweep;
    private volatile boolean ready;
    private volatile long requestsSent;
    private volatile long answersLost;

    /**
     * @param name            for the log: "binance order socket".
     * @param config          the connection (its state is logged, not published: fills come from the private stream).
     * @param answerTimeoutNs an order unanswered this long is lost.
     */
    public OrderSocketLink(
        final String name, final WsConfig config, final EventLoop loop, final EpochNanoClock clock, final long answerTimeoutNs, final Lost lost)
    {
        this.name = name;
        this.config = config;
        this.loop = loop;
        this.clock = clock;
        this.answerTimeoutNs = answerTimeoutNs;
        this.lost = lost;
    }

    /** Connects (frames and open/close go to {@code handler}) and starts the deadline sweep; any thread. */
    public void start(final FrameHandler handler)
    {
        loop.execute(() ->
        {
            connection = new WsConnection(config, loop, handler, (state, reconnects, detail, tsInitNs) -> LOG.info("{}: {} ({})", name, state, detail),
                clock, new Random(config.uri().hashCode()), ResyncHandler.NONE).start();
            sweep = loop.scheduleAtFixedRate(this::expire, SWEEP_NS, SWEEP_NS, TimeUnit.NANOSECONDS);
        });
    }

    /** Orders may go on the connection (open, and authenticated where the venue asks for it). */
    public void ready()
    {
        ready = true;
    }

    /** Whether orders go over the socket now (any thread); else over REST. */
    public boolean isReady()
    {
        return ready;
    }

    /** A protocol message (an auth) on the open connection, ready or not; I/O loop. */
    public void sendText(final String text)
    {
        connection.send(text);
    }

    /**
     * Sends a request frame, tracked until the answer for {@code order} when it is not null (a new order).
     *
     * @return false when the socket is not ready: nothing left, the request can go over REST.
     */
    public boolean send(final TrackedOrder order, final byte[] frame)
    {
        final WsConnection ws = connection;
        if (!ready || ws == null || !ws.send(frame, 0, frame.length))
        {
            return false;
        }
        requestsSent++;
        if (order != null)
        {
            waiting.put(order.clientOrderId(), order);
            deadlines.put(order.clientOrderId(), clock.nanoTime() + answerTimeoutNs);
        }
        return true;
    }

    /** The answer for new order {@code clientOrderId} came: its order, or null when none waits (already lost, or not ours). */
    public TrackedOrder answered(final long clientOrderId)
    {
        deadlines.remove(clientOrderId);
        return waiting.remove(clientOrderId);
    }

    /** Where {@link #route} hands an answer (I/O loop). */
    public interface Routes
    {
        /** The answer to a new order still waiting for it. */
        void onOrderAnswer(TrackedOrder order, Object answer);

        /** The answer to a cancel. */
        void onCancelAnswer(long clientOrderId, Object answer);
    }

    /** An answer frame parsed, or null when it is not JSON (then a request it was meant for times out into UNKNOWN). */
    public static Object parse(final org.agrona.DirectBuffer buffer, final int offset, final int length)
    {
        try
        {
            return io.fundingarb.connectors.json.JsonTree.parse(buffer, offset, length);
        }
        catch (final IllegalArgumentException ex)
        {
            return null;
        }
    }

    /** Hands {@code answer} to the new order or the cancel its request id ({@code "o…"}, {@code "c…"}) names; ignores any other. */
    public void route(final String requestId, final Object answer, final Routes routes)
    {
        final long clientOrderId = clientOrderId(requestId);
        if (clientOrderId < 0)
        {
            return; // a pong, or an answer to no request of ours
        }
        if (requestId.charAt(0) == 'o')
        {
            final TrackedOrder order = answered(clientOrderId);
            if (order != null)
            {
                routes.onOrderAnswer(order, answer);
            }
        }
        else if (requestId.charAt(0) == 'c')
        {
            routes.onCancelAnswer(clientOrderId, answer);
        }
    }

    /** The client order id of a request id {@code "o123"} / {@code "c123"}, or -1 when it is not one of ours. */
    public static long clientOrderId(final String requestId)
    {
        if (requestId == null || requestId.length() < 2)
        {
            return -1;
        }
        try
        {
            return Long.parseLong(requestId, 1, requestId.length(), 10);
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    /** The connection closed: not ready, every waiting order lost. */
    public void closed()
    {
        ready = false;
        due.clear();
        waiting.keySet().forEach(due::addLong);
        loseDue("ws: connection closed before the answer");
    }

    private void expire()
    {
        final long nowNs = clock.nanoTime();
        due.clear();
        final Long2LongHashMap.EntryIterator it = deadlines.entrySet().iterator();
        while (it.hasNext())
        {
            it.next();
            if (nowNs - it.getLongValue() > 0)
            {
                due.addLong(it.getLongKey());
            }
        }
        loseDue("ws: no answer within the request timeout");
    }

    private void loseDue(final String cause)
    {
        for (int i = 0; i < due.size(); i++)
        {
            final TrackedOrder order = answered(due.getLong(i));
            if (order != null)
            {
                answersLost++;
                lost.onLost(order, cause);
            }
        }
    }

    /** Requests sent on the socket so far (any thread). */
    public long requestsSent()
    {
        return requestsSent;
    }

    /** Orders sent on the socket whose answer never came (any thread). */
    public long answersLost()
    {
        return answersLost;
    }

    /** Drops the connection as the venue would (tests, a refused auth); it reconnects with backoff. Any thread. */
    public void disconnect(final String reason)
    {
        loop.execute(() ->
        {
            if (connection != null)
            {
                connection.disconnect(reason);
            }
        });
    }

    /** Stops for good (from the thread that closes the gateway, as its private stream is). */
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
        ready = false;
    }
}
