package io.fundingarb.connectors.gateway;

import io.fundingarb.connectors.transport.Backoff;
import io.netty.channel.EventLoop;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.agrona.collections.Long2ObjectHashMap;
import org.slf4j.Logger;

/**
 * Resolves UNKNOWN orders by asking the venue, never by guessing: an order request that got no
 * definitive answer (transport failure, connection reset, timeout, 5xx, unreadable answer) makes
 * the order UNKNOWN ({@link OrderTracker#onUnknown}) and starts a query by client id, retried
 * with capped exponential backoff until the venue answers:
 * <pre>
 *   UNKNOWN ─query─► FOUND      the venue's order state is applied (NEW, fills, EXPIRED, …): known
 *                ├─► ABSENT     "no such order": REJECTED once the request can no longer arrive
 *                │              (now ≥ signed timestamp + recvWindow + margin), else asked again then
 *                └─► INDEFINITE transport failure, 5xx, rate limit: asked again after the backoff
 *                               (base..cap of the gateway's reconnect backoff; a warning at attempt 5)
 * </pre>
 * The order is never resent: what the venue did is learned, and the stream's reports of the same
 * order are deduplicated by the tracker. While UNKNOWN nothing final is published for it. The
 * queries go on at the capped interval while the venue gives no answer (a warning is logged), so
 * an order is never left unresolved while the gateway runs. I/O loop only.
 */
public final class UnknownOrders
{
    /** Consecutive indefinite answers after which a warning is logged (the queries go on at the cap). */
    static final int WARN_ATTEMPTS = 5;

    /** What one query taught. */
    public record Answer(Kind kind, int code, String message)
    {
        /** The venue's state of the order was applied to the tracker. */
        public static final Answer FOUND = new Answer(Kind.FOUND, 0, null);
        /** Nothing learned (transport failure, 5xx, rate limit, unreadable answer, another refusal). */
        public static final Answer INDEFINITE = new Answer(Kind.INDEFINITE, 0, null);

        /** The venue has no such order: {@code code} and {@code message} are its own. */
        public static Answer absent(final int code, final String message)
        {
            return new Answer(Kind.ABSENT, code, message);
        }
    }

    public enum Kind
    {
        FOUND, ABSENT, INDEFINITE
    }

    private final String name;
    private final Logger log;
    private final EventLoop loop;
    private final OrderTracker tracker;
    private final VenueOrderIds ids;
    private final GatewayConfig config;
    private final Function<TrackedOrder, CompletableFuture<Answer>> query;
    private final Long2ObjectHashMap<Backoff> resolving = new Long2ObjectHashMap<>();
    private final Random jitter = new Random(7);
    private final java.util.function.LongSupplier nowNs;
    private volatile long queries;
    private volatile long resolved;
    private boolean closed;

    /**
     * @param name    prefix of log lines ("binance gateway").
     * @param loop    the gateway's I/O loop.
     * @param tracker the gateway's orders.
     * @param ids     venue ids, to name orders in log lines.
     * @param config  backoff base and cap (the reconnect backoff's).
     * @param nowNs   the gateway's clock.
     * @param query   one signed query of the order by client id; completes on the I/O loop, having
     *                applied a FOUND state to the tracker.
     */
    public UnknownOrders(
        final String name, final Logger log, final EventLoop loop, final OrderTracker tracker, final VenueOrderIds ids,
        final GatewayConfig config, final java.util.function.LongSupplier nowNs, final Function<TrackedOrder, CompletableFuture<Answer>> query)
    {
        this.name = name;
        this.log = log;
        this.loop = loop;
        this.tracker = tracker;
        this.ids = ids;
        this.config = config;
        this.nowNs = nowNs;
        this.query = query;
    }

    /** The order request got no definitive answer: UNKNOWN, and the venue is asked. I/O loop. */
    public void onNoAnswer(final TrackedOrder order, final String cause)
    {
        if (tracker.onUnknown(order))
        {
            log.warn("{}: order {} UNKNOWN after {}; asking the venue for it (never resent)", name, ids.text(order.clientOrderId()), cause);
        }
        startResolving(order);
    }

    /** After a stream reconnect: asks again for every open order (an UNKNOWN one keeps its resolution). I/O loop. */
    public void recheckOpen()
    {
        tracker.forEachOpen(order ->
        {
            if (order.isUnknown())
            {
                startResolving(order);
            }
            else
            {
                ask(order, null);
            }
        });
    }

    /**
     * An order this gateway still holds open that the venue says it no longer has open (a cancel
     * answered "no such order" or "too late"): it ended at the venue, perhaps filled while its
     * report was lost, so its final state is asked for, never assumed. I/O loop.
     */
    public void recheck(final long clientOrderId)
    {
        final TrackedOrder order = tracker.get(clientOrderId);
        if (order == null || order.isTerminal())
        {
            return;
        }
        log.warn("{}: order {} is open here but not at the venue (a cancel found nothing to cancel); asking for its final state",
            name, ids.text(order.clientOrderId()));
        if (order.isUnknown())
        {
            startResolving(order);
        }
        else
        {
            ask(order, null);
        }
    }

    private void startResolving(final TrackedOrder order)
    {
        if (closed || order.isTerminal() || resolving.containsKey(order.clientOrderId()))
        {
            return;
        }
        final Backoff backoff = new Backoff(config.wsBackoffBaseNs(), config.wsBackoffCapNs(), jitter);
        resolving.put(order.clientOrderId(), backoff);
        ask(order, backoff);
    }

    /** One query; with a backoff, the resolution of an UNKNOWN order goes on until it is known. */
    private void ask(final TrackedOrder order, final Backoff backoff)
    {
        queries++;
        query.apply(order).whenCompleteAsync((answer, error) -> onAnswer(order, backoff, error != null ? Answer.INDEFINITE : answer), loop);
    }

    private void onAnswer(final TrackedOrder order, final Backoff backoff, final Answer answer)
    {
        if (backoff == null)
        {
            return; // a recheck of a known order: FOUND was applied, nothing else to do
        }
        if (closed || order.isTerminal() || !order.isUnknown())
        {
            done(order, "the venue's answer");
            return;
        }
        final long now = nowNs.getAsLong();
        switch (answer.kind())
        {
            case ABSENT:
                if (now - order.absentDefinitiveNs() >= 0)
                {
                    tracker.onAbsent(order, answer.code(), answer.message(), now);
                    done(order, "no such order at the venue: it never reached the book");
                    return;
                }
                schedule(order, backoff, order.absentDefinitiveNs() - now + 1); // the request could still arrive
                return;
            case FOUND: // applied, yet still UNKNOWN (a state without meaning): ask again
            case INDEFINITE:
            default:
                final long delayNs = backoff.nextDelayNs();
                if (backoff.attempts() == WARN_ATTEMPTS)
                {
                    log.warn("{}: order {} still UNKNOWN after {} queries; asking every {} ms until the venue answers", name,
                        ids.text(order.clientOrderId()), WARN_ATTEMPTS, TimeUnit.NANOSECONDS.toMillis(backoff.capNs()));
                }
                schedule(order, backoff, delayNs);
        }
    }

    private void schedule(final TrackedOrder order, final Backoff backoff, final long delayNs)
    {
        loop.schedule(() ->
        {
            if (closed || order.isTerminal() || !order.isUnknown())
            {
                done(order, "the stream");
                return;
            }
            ask(order, backoff);
        }, delayNs, TimeUnit.NANOSECONDS);
    }

    private void done(final TrackedOrder order, final String how)
    {
        if (resolving.remove(order.clientOrderId()) != null && !closed)
        {
            resolved++;
            log.info("{}: order {} resolved by {}: cumQty {}{}", name, ids.text(order.clientOrderId()), how,
                io.fundingarb.codecs.FixedPoint.toString(order.cumQty()), order.isTerminal() ? ", finished" : ", open");
        }
    }

    /** Stops asking (the gateway closes), naming the orders still UNKNOWN: the operator must look them up. I/O loop. */
    public void close()
    {
        closed = true;
        if (!resolving.isEmpty())
        {
            final StringBuilder names = new StringBuilder();
            resolving.keySet().forEach(id -> names.append(names.length() == 0 ? "" : ", ").append(ids.text(id)));
            log.warn("{}: closing with {} order(s) still UNKNOWN (outcome not learned from the venue): {}", name, resolving.size(), names);
        }
    }

    /** Orders that got no definitive answer (became UNKNOWN). */
    public long unknownOrders()
    {
        return tracker.unknownOrders();
    }

    /** UNKNOWN orders the venue said it never had (published REJECTED). */
    public long absentOrders()
    {
        return tracker.absentOrders();
    }

    /** Orders of other sessions seen in venue reports (their fills published as foreign). */
    public long foreignOrders()
    {
        return tracker.foreignOrders();
    }

    /** Queries sent for UNKNOWN or reconnect-checked orders. */
    public long queries()
    {
        return queries;
    }

    /** UNKNOWN orders whose outcome was learned. */
    public long resolved()
    {
        return resolved;
    }

    /** UNKNOWN orders still being asked for (I/O loop, or a stale view). */
    public int pending()
    {
        return resolving.size();
    }
}
