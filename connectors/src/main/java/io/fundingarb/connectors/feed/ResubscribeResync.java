package io.fundingarb.connectors.feed;

import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.transport.WsConnection;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Book resync of a venue whose stream sends a fresh snapshot on subscribe (Bybit, Kraken Futures):
 * <pre>
 *   GAP, DROPPED (a delta with no snapshot before it) or RING_FULL on an instrument's book
 *        ─► afterFrame: counted, WsConnection.requestResync ─► (the connection's ResyncHandler) resubscribe:
 *           unsubscribe + subscribe that instrument's topics, again every retryNs until a snapshot
 *   the parser's book in sync again ─► afterFrame: WsConnection.resyncDone
 *   connect or disconnect ─► reset (the connect's own subscribes bring every snapshot)
 * </pre>
 * Instruments are the parser's local indexes. The feed's event loop only.
 */
public final class ResubscribeResync
{
    private final ScheduledExecutorService loop;
    private final long retryNs;
    private final BooleanSupplier closed;
    private final Runnable countResync;
    private int[] instrumentIds = new int[0];
    private String[] unsubscribe = new String[0];
    private String[] subscribe = new String[0];
    private boolean[] pending = new boolean[0];
    private int[] generation = new int[0];
    private int pendingCount;

    /**
     * @param loop    the feed's event loop (the retries run on it).
     * @param retryNs how long to wait for a snapshot before resubscribing again.
     * @param closed      whether the feed is closed (no more retries).
     * @param countResync counts a resync the feed asked for (its {@code resyncs()}).
     */
    public ResubscribeResync(final ScheduledExecutorService loop, final long retryNs, final BooleanSupplier closed, final Runnable countResync)
    {
        this.loop = loop;
        this.retryNs = retryNs;
        this.closed = closed;
        this.countResync = countResync;
    }

    /**
     * Per local index, the instrument's id and the messages that unsubscribe and subscribe its topics again (start-up).
     */
    public void instruments(final int[] instrumentIds, final String[] unsubscribe, final String[] subscribe)
    {
        if (unsubscribe.length != subscribe.length || instrumentIds.length != subscribe.length)
        {
            throw new IllegalArgumentException("one id, one unsubscribe and one subscribe message per instrument");
        }
        this.instrumentIds = instrumentIds.clone();
        this.unsubscribe = unsubscribe.clone();
        this.subscribe = subscribe.clone();
        this.pending = new boolean[subscribe.length];
        this.generation = new int[subscribe.length];
        this.pendingCount = 0;
    }

    /**
     * After each frame of the connection: asks {@code ws} for a resync of a book that lost its sync, or tells it a
     * pending one is done. No allocation.
     *
     * @param result a {@link FrameResult} code.
     * @param index  the local index of the frame's instrument, or -1.
     * @param synced whether that instrument's book is in sync after the frame.
     */
    public void afterFrame(final WsConnection ws, final int result, final int index, final boolean synced)
    {
        if (index < 0)
        {
            return;
        }
        if (result == FrameResult.GAP || result == FrameResult.DROPPED || result == FrameResult.RING_FULL)
        {
            if (!pending[index])
            {
                countResync.run();
                ws.requestResync(instrumentIds[index]);
            }
        }
        else if (pendingCount > 0 && pending[index] && synced)
        {
            pending[index] = false;
            pendingCount--;
            ws.resyncDone(instrumentIds[index]);
        }
    }

    /** Asked by the connection ({@code ResyncHandler}): unsubscribe and subscribe the instrument again, until its snapshot comes. */
    public void resubscribe(final WsConnection ws, final int index)
    {
        if (index < 0 || index >= pending.length || closed.getAsBoolean())
        {
            return;
        }
        if (!pending[index])
        {
            pending[index] = true;
            pendingCount++;
        }
        send(ws, index, ++generation[index]);
    }

    private void send(final WsConnection ws, final int index, final int expected)
    {
        ws.send(unsubscribe[index]);
        ws.send(subscribe[index]);
        loop.schedule(() ->
        {
            if (!closed.getAsBoolean() && pending[index] && expected == generation[index])
            {
                send(ws, index, ++generation[index]); // no snapshot came: ask again
            }
        }, retryNs, TimeUnit.NANOSECONDS);
    }

    /** Whether the instrument waits for its snapshot. */
    public boolean pending(final int index)
    {
        return pending[index];
    }

    /** The connection opened or closed: nothing is pending, and the retries scheduled so far stop. */
    public void reset()
    {
        for (int i = 0; i < pending.length; i++)
        {
            pending[i] = false;
            generation[i]++;
        }
        pendingCount = 0;
    }
}
