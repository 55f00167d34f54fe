package io.fundingarb.connectors.gateway;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.MarginMode;
import io.fundingarb.codecs.sbe.PositionSource;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.agrona.collections.Int2ObjectHashMap;
import org.slf4j.Logger;

/**
 * The position queries of a gateway, the same on every venue: one signed query of the venue's
 * positions at a time, at most one more queued (requests made meanwhile join the queued one), each
 * answer published as one batch of {@code PositionSnapshot} covering every instrument the gateway
 * trades, in ascending instrument id, flat or absent ones with quantity 0 (entry, mark, liquidation
 * price and maintenance margin NULL, the configured leverage and margin mode), {@code batchId}
 * increasing from 1.
 * <pre>
 *   request(source) ──► query in flight? ──no──► venue query ──► put(row) per position ──► publish batch
 *                              └─yes──► queued (one), run when the one in flight ends
 * </pre>
 * The venue gateway supplies the query (it fills rows with {@link #put}); everything but
 * {@link #request} runs on the gateway's I/O loop.
 */
public final class PositionRequests
{
    private final String name;
    private final Logger log;
    private final EventLoop loop;
    private final VenueSymbols symbols;
    private final GatewayPublisher publisher;
    private final AccountSettings settings;
    private final Supplier<CompletableFuture<String>> query;
    private final Int2ObjectHashMap<Row> rows = new Int2ObjectHashMap<>();
    private final int[] instrumentIds;
    private boolean inFlight;
    private PositionSource queuedSource;
    private List<CompletableFuture<Void>> queued = new ArrayList<>();
    private ScheduledFuture<?> poll;
    private long batchId;
    private volatile long batches;
    private volatile long failures;
    private volatile boolean closed;

    private static final class Row
    {
        boolean seen;
        long tsEventNs;
        long quantity;
        long entryPrice;
        long markPrice;
        long liquidationPrice;
        long maintenanceMargin;
        int leverage;
        MarginMode marginMode;
    }

    /**
     * @param query one signed query of the venue's positions: it calls {@link #put} per position
     *              and completes on the I/O loop with null, or with why it failed (the venue's code and message).
     */
    public PositionRequests(
        final String name, final Logger log, final EventLoop loop, final VenueSymbols symbols, final GatewayPublisher publisher,
        final AccountSettings settings, final Supplier<CompletableFuture<String>> query)
    {
        this.name = name;
        this.log = log;
        this.loop = loop;
        this.symbols = symbols;
        this.publisher = publisher;
        this.settings = settings;
        this.query = query;
        this.instrumentIds = symbols.instrumentIds();
        for (final int id : instrumentIds)
        {
            rows.put(id, new Row());
        }
    }

    /**
     * Asks the venue for the positions (from any thread). Completes once a batch taken after this
     * call is published; fails with an {@link IllegalStateException} naming the venue's answer.
     */
    public CompletableFuture<Void> request(final PositionSource source)
    {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() ->
        {
            if (closed)
            {
                done.completeExceptionally(new IllegalStateException(name + ": closed"));
            }
            else if (inFlight)
            {
                if (queuedSource == null)
                {
                    queuedSource = source;
                }
                queued.add(done);
            }
            else
            {
                run(source, List.of(done));
            }
        });
        return done;
    }

    /** Asks every {@code positionPollIntervalNs} from now on (source POLL). */
    public void startPolling()
    {
        loop.execute(() ->
        {
            if (poll == null && !closed)
            {
                poll = loop.scheduleAtFixedRate(() -> request(PositionSource.POLL), settings.positionPollIntervalNs(),
                    settings.positionPollIntervalNs(), TimeUnit.NANOSECONDS);
            }
        });
    }

    /** One position of the answer being read (I/O loop); instruments the gateway does not trade are skipped. */
    public void put(
        final String symbol, final long tsEventNs, final long quantity, final long entryPrice, final long markPrice,
        final long liquidationPrice, final long maintenanceMargin, final int leverage, final MarginMode marginMode)
    {
        final Row row = rows.get(symbols.instrumentId(symbol));
        if (row == null)
        {
            return;
        }
        row.seen = true;
        row.tsEventNs = tsEventNs;
        row.quantity = quantity;
        row.entryPrice = entryPrice;
        row.markPrice = markPrice;
        row.liquidationPrice = liquidationPrice;
        row.maintenanceMargin = maintenanceMargin;
        row.leverage = leverage;
        row.marginMode = marginMode;
    }

    private void run(final PositionSource source, final List<CompletableFuture<Void>> waiting)
    {
        inFlight = true;
        for (final int id : instrumentIds)
        {
            rows.get(id).seen = false;
        }
        query.get().whenCompleteAsync((failure, error) ->
        {
            final String why = error != null ? "transport: " + error.getClass().getSimpleName() : failure;
            if (why == null && !closed)
            {
                publish(source);
                waiting.forEach(f -> f.complete(null));
            }
            else
            {
                failures++;
                if (source != PositionSource.START && !closed)
                {
                    log.warn("{}: {} position query failed: {}", name, source, why);
                }
                final IllegalStateException ex = new IllegalStateException(name + ": positions: " + (why == null ? "closed" : why));
                waiting.forEach(f -> f.completeExceptionally(ex));
            }
            inFlight = false;
            if (queuedSource != null && !closed)
            {
                final PositionSource next = queuedSource;
                final List<CompletableFuture<Void>> nextWaiting = queued;
                queuedSource = null;
                queued = new ArrayList<>();
                run(next, nextWaiting);
            }
        }, loop);
    }

    private void publish(final PositionSource source)
    {
        final long id = ++batchId;
        final long nowNs = publisher.nowNs();
        for (int i = 0; i < instrumentIds.length; i++)
        {
            final Row row = rows.get(instrumentIds[i]);
            if (row.seen)
            {
                publisher.position(instrumentIds[i], row.tsEventNs > 0 ? row.tsEventNs : nowNs, row.quantity, row.entryPrice, row.markPrice,
                    row.liquidationPrice, row.maintenanceMargin, row.leverage, row.marginMode, source, id, i, instrumentIds.length);
            }
            else
            {
                publisher.position(instrumentIds[i], nowNs, 0, FixedPoint.NULL, FixedPoint.NULL, FixedPoint.NULL, FixedPoint.NULL,
                    settings.leverage(), settings.marginMode(), source, id, i, instrumentIds.length);
            }
        }
        batches++;
    }

    /** Stops the poll (I/O loop, from the gateway's close); queued requests fail. */
    public void close()
    {
        closed = true;
        if (poll != null)
        {
            poll.cancel(false);
        }
        final IllegalStateException ex = new IllegalStateException(name + ": closed");
        queued.forEach(f -> f.completeExceptionally(ex));
        queued = new ArrayList<>();
        queuedSource = null;
    }

    /** Batches published. */
    public long batches()
    {
        return batches;
    }

    /** Queries that published nothing. */
    public long failures()
    {
        return failures;
    }

    @Override
    public String toString()
    {
        return "PositionRequests{" + name + ", batches=" + batches + ", failures=" + failures + "}";
    }
}
