package io.fundingarb.connectors.gateway;

import io.fundingarb.connectors.gateway.UnknownOrders.Answer;
import io.fundingarb.connectors.transport.Backoff;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.agrona.collections.Long2LongHashMap;
import org.slf4j.Logger;

/**
 * A resumed session's orders of the previous sessions that the journal never saw finish
 * ({@link PreviousOrder}): at start, before the first position batch, the gateway asks the venue
 * for each by the client id it was sent under, and publishes what the venue did that the journal
 * does not hold, as ordinary execution reports (fills with the venue's price, quantity and fee,
 * then EXPIRED, CANCELED or REJECTED). So a fill made while no engine ran is booked on the pair that
 * ordered it, and the reconciliation of positions that follows finds the book equal to the venue.
 * <pre>
 *   query by fa-&lt;epoch&gt;-&lt;id&gt; ─► finished          published (the part the journal lacks): done
 *                              ├─► still working     cancelled under its own id, asked again
 *                              ├─► no such order     REJECTED once the request can no longer arrive: done
 *                              └─► no answer         asked again after the backoff (a warning at attempt 5)
 * </pre>
 * How long the venues keep a finished order decides how late a resume can still learn it: Binance
 * "Query Order (USER_DATA)" no longer finds a CANCELED or EXPIRED order without fills after 3 days,
 * any order after 90 days ("Order does not exist": published REJECTED, which is right for the
 * former; a fill older than that is left to the reconciliation of positions, as an orphan); Bybit
 * lists closed orders by orderLinkId on {@code /v5/order/realtime} and, after a venue restart, on
 * {@code /v5/order/history} only.
 * {@link #resolve} completes when every order is finished; the gateway publishes its positions only
 * then, so nothing is compared with the venue while an outcome is unknown. Cancels the engine
 * orders for these ids go out under the same previous epoch ({@link #epochOf}). I/O loop, except
 * {@link #epochOf}, which reads a map filled before the gateway starts.
 */
public final class PreviousOrders
{
    /** Added to the recvWindow: after the signed timestamp + both, a request not yet arrived is refused by the venue. */
    static final long ABSENT_MARGIN_NS = TimeUnit.SECONDS.toNanos(1);

    private final String name;
    private final Logger log;
    private final EventLoop loop;
    private final OrderTracker tracker;
    private final VenueOrderIds ids;
    private final GatewayConfig config;
    private final LongSupplier nowNs;
    private final Function<TrackedOrder, CompletableFuture<Answer>> query;
    private final Function<TrackedOrder, CompletableFuture<?>> cancel;
    private final Long2LongHashMap epochs = new Long2LongHashMap(0);
    private final Random jitter = new Random(11);
    private List<PreviousOrder> orders = List.of();
    private CompletableFuture<Void> done;
    private int pending;
    private volatile long resolved;
    private volatile long cancelled;
    private boolean closed;

    /**
     * @param query  one signed query of the order by its client id (under its epoch); FOUND states applied to the tracker.
     * @param cancel one signed cancel by its client id (under its epoch); an answer carrying the order's state applied.
     */
    public PreviousOrders(
        final String name, final Logger log, final EventLoop loop, final OrderTracker tracker, final VenueOrderIds ids, final GatewayConfig config,
        final LongSupplier nowNs, final Function<TrackedOrder, CompletableFuture<Answer>> query,
        final Function<TrackedOrder, CompletableFuture<?>> cancel)
    {
        this.name = name;
        this.log = log;
        this.loop = loop;
        this.tracker = tracker;
        this.ids = ids;
        this.config = config;
        this.nowNs = nowNs;
        this.query = query;
        this.cancel = cancel;
    }

    /**
     * The previous sessions' unfinished orders of this venue; before the gateway starts (and before
     * it is bound to the router). An order on an instrument this session does not trade cannot be
     * asked for (its symbol is unknown here): it is left out with a warning, its outcome to the
     * reconciliation of positions.
     *
     * @param named whether the gateway has a symbol for an instrument id.
     */
    public void adopt(final List<PreviousOrder> previous, final java.util.function.IntPredicate named)
    {
        final List<PreviousOrder> asked = new java.util.ArrayList<>();
        for (final PreviousOrder order : previous)
        {
            if (!named.test(order.instrumentId()))
            {
                log.warn("{}: order {} of a previous session is on instrument {}, not traded in this session: not asked for", name,
                    ids.text(order.epoch(), order.clientOrderId()), order.instrumentId());
                continue;
            }
            asked.add(order);
            epochs.put(order.clientOrderId(), order.epoch());
        }
        orders = List.copyOf(asked);
    }

    /** The epoch a previous session sent {@code clientOrderId} under, or 0 (this session's); any thread once started. */
    public long epochOf(final long clientOrderId)
    {
        return epochs.get(clientOrderId);
    }

    /** Asks the venue for every adopted order; completes on the I/O loop once each is finished. */
    public CompletableFuture<Void> resolve()
    {
        final CompletableFuture<Void> result = new CompletableFuture<>();
        loop.execute(() ->
        {
            done = result;
            pending = orders.size();
            if (pending == 0)
            {
                result.complete(null);
                return;
            }
            log.info("{}: asking the venue for {} order(s) the previous session did not see finish", name, pending);
            for (final PreviousOrder previous : orders)
            {
                final long absentNs = previous.sentNs() + TimeUnit.MILLISECONDS.toNanos(config.recvWindowMs()) + ABSENT_MARGIN_NS;
                ask(tracker.trackPrevious(previous, absentNs), new Backoff(config.wsBackoffBaseNs(), config.wsBackoffCapNs(), jitter), false);
            }
        });
        return result;
    }

    private void ask(final TrackedOrder order, final Backoff backoff, final boolean cancelSent)
    {
        query.apply(order).whenCompleteAsync((answer, error) -> onAnswer(order, backoff, cancelSent, error != null ? Answer.INDEFINITE : answer), loop);
    }

    private void onAnswer(final TrackedOrder order, final Backoff backoff, final boolean cancelSent, final Answer answer)
    {
        if (closed)
        {
            return;
        }
        if (order.isTerminal())
        {
            finish(order);
            return;
        }
        final long now = nowNs.getAsLong();
        switch (answer.kind())
        {
            case FOUND:
                if (!cancelSent)
                {
                    cancelled++;
                    log.info("{}: order {} of a previous session still works at the venue; cancelling it", name,
                        ids.text(order.epoch(), order.clientOrderId()));
                    cancel.apply(order).whenCompleteAsync((ignore, error) -> ask(order, backoff, true), loop);
                    return;
                }
                schedule(order, backoff, true, backoff.nextDelayNs());
                return;
            case ABSENT:
                if (now - order.absentDefinitiveNs() >= 0)
                {
                    tracker.onAbsent(order, answer.code(), answer.message(), now);
                    finish(order);
                    return;
                }
                schedule(order, backoff, cancelSent, order.absentDefinitiveNs() - now + 1);
                return;
            case INDEFINITE:
            default:
                final long delayNs = backoff.nextDelayNs();
                if (backoff.attempts() == UnknownOrders.WARN_ATTEMPTS)
                {
                    log.warn("{}: order {} of a previous session still unknown after {} queries; no positions are published until the venue "
                        + "answers (asking every {} ms)", name, ids.text(order.epoch(), order.clientOrderId()), UnknownOrders.WARN_ATTEMPTS,
                        TimeUnit.NANOSECONDS.toMillis(backoff.capNs()));
                }
                schedule(order, backoff, cancelSent, delayNs);
        }
    }

    private void schedule(final TrackedOrder order, final Backoff backoff, final boolean cancelSent, final long delayNs)
    {
        loop.schedule(() -> ask(order, backoff, cancelSent), delayNs, TimeUnit.NANOSECONDS);
    }

    private void finish(final TrackedOrder order)
    {
        resolved++;
        log.info("{}: order {} of a previous session resolved: filled {} of {}", name, ids.text(order.epoch(), order.clientOrderId()),
            io.fundingarb.codecs.FixedPoint.toString(order.cumQty()), io.fundingarb.codecs.FixedPoint.toString(order.quantity()));
        if (--pending == 0 && done != null)
        {
            done.complete(null);
        }
    }

    /** Stops asking (the gateway closes). I/O loop. */
    public void close()
    {
        closed = true;
    }

    /** Orders of previous sessions handed over at start. */
    public int adopted()
    {
        return orders.size();
    }

    /** Of those, the ones whose outcome was learned. */
    public long resolved()
    {
        return resolved;
    }

    /** Of those, the ones still working at the venue, cancelled. */
    public long cancelled()
    {
        return cancelled;
    }
}
