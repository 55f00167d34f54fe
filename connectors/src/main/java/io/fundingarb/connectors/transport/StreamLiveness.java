package io.fundingarb.connectors.transport;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The state of each subscribed stream of one connection, judged from market data alone:
 * <pre>
 *   open ──► PENDING (subscribe sent) ──ack ok──► ACKED ──data──► flowing
 *              │  ▲ no answer within ackTimeoutNs:      │ no data for the stream's silenceNs:
 *              │  │ silent, sent again; twice: RECYCLE  │ silent, RESUBSCRIBED (unsubscribe + subscribe);
 *              │  │                                     │ silent again after that: RECYCLE
 *              └──┴─ack refused─► REFUSED (silent) ──retryRefused (after a backoff)──► PENDING
 * </pre>
 * A stream named in the URL starts ACKED (the handshake acknowledged it). A silent stream is
 * cleared by its next data only. The connection is LIVE when no stream is silent and every stream
 * is ACKED and (unless its silence is 0: quiet by nature) has carried data since the connect
 * ({@link #ready()}); STALE while any is silent.
 * {@link #onData(int)} is the only per-message call: one array increment, and a slower branch on a
 * stream's first data or its return from silence. Single-threaded (the connection's event loop).
 */
final class StreamLiveness
{
    /** {@link #check} found nothing to do. */
    static final int NONE = 0;
    /** {@link #check} re-sent subscriptions (silent streams, or unanswered requests). */
    static final int RESUBSCRIBED = 1;
    /** {@link #check}: a stream stayed silent after its resubscribe, or a request went unanswered twice: close the connection. */
    static final int RECYCLE = 2;

    private static final byte PENDING = 0;
    private static final byte REFUSED = 1;
    private static final byte ACKED = 2;

    private final SubscriptionProtocol protocol;
    private final long ackTimeoutNs;
    private final int count;
    /** Streams with a silence: those that must carry data before the connection is ready. */
    private final int watchedCount;
    private final byte[] phase;
    private final long[] requestIds;
    /** PENDING: when the request went out; ACKED: the last time data was seen (or the ack). */
    private final long[] sinceNs;
    private final long[] seen;
    private final long[] checkedSeen;
    private final boolean[] flowing;
    private final boolean[] silent;
    /** Whether a silent stream went silent for want of data (else for want of an ack). */
    private final boolean[] silentForData;
    private final int[] resubscribes;
    private final int[] ackMisses;
    private final int[] batch;
    private int batchCount;
    private int flowingCount;
    private int silentCount;
    private int ackedCount;
    private long nextRequestId = 1;
    private String problem = "";
    private long problems;

    private long silences;
    private long resubscribeRequests;
    private long ackFailures;

    StreamLiveness(final SubscriptionProtocol protocol, final long ackTimeoutNs)
    {
        this.protocol = protocol;
        this.ackTimeoutNs = ackTimeoutNs;
        this.count = protocol.streamCount();
        phase = new byte[count];
        requestIds = new long[count];
        sinceNs = new long[count];
        seen = new long[count];
        checkedSeen = new long[count];
        flowing = new boolean[count];
        silent = new boolean[count];
        silentForData = new boolean[count];
        resubscribes = new int[count];
        ackMisses = new int[count];
        batch = new int[count];
        int watched = 0;
        for (int i = 0; i < count; i++)
        {
            watched += protocol.silenceNs(i) > 0 ? 1 : 0;
        }
        watchedCount = watched;
    }

    /** The connection is open: every stream starts over; subscribe messages go to {@code send}. */
    void onOpen(final long nowNs, final Consumer<String> send)
    {
        flowingCount = 0;
        silentCount = 0;
        ackedCount = 0;
        problem = "";
        batchCount = 0;
        for (int i = 0; i < count; i++)
        {
            flowing[i] = false;
            silent[i] = false;
            resubscribes[i] = 0;
            ackMisses[i] = 0;
            checkedSeen[i] = seen[i];
            sinceNs[i] = nowNs;
            if (protocol.subscribedByHandshake())
            {
                phase[i] = ACKED;
                ackedCount++;
            }
            else
            {
                phase[i] = PENDING;
                batch[batchCount++] = i;
            }
        }
        subscribeBatch(nowNs, send, false);
    }

    /**
     * Data of {@code stream} arrived. True when this changes what {@link #ready()} or {@link #silentCount()} say
     * (a first frame, or the end of a silence): then call {@link #onDataChange(int, long)}.
     */
    boolean onData(final int stream)
    {
        seen[stream]++;
        return !flowing[stream] || silent[stream];
    }

    /** The slow half of {@link #onData}: the stream flows (again). */
    void onDataChange(final int stream, final long nowNs)
    {
        if (!flowing[stream])
        {
            flowing[stream] = true;
            if (protocol.silenceNs(stream) > 0)
            {
                flowingCount++;
            }
        }
        if (silent[stream])
        {
            silent[stream] = false;
            silentCount--;
        }
        resubscribes[stream] = 0;
        checkedSeen[stream] = seen[stream];
        if (phase[stream] == ACKED)
        {
            sinceNs[stream] = nowNs;
        }
    }

    /**
     * The venue answered request {@code requestId}.
     *
     * @return how many streams the request covered (0: not one of ours, or already answered).
     */
    int onAck(final long requestId, final boolean success, final String message, final long nowNs)
    {
        int matched = 0;
        for (int i = 0; i < count; i++)
        {
            if (requestIds[i] != requestId || phase[i] != PENDING)
            {
                continue;
            }
            matched++;
            if (success)
            {
                phase[i] = ACKED;
                ackedCount++;
                ackMisses[i] = 0;
                sinceNs[i] = nowNs;
            }
            else
            {
                phase[i] = REFUSED;
                markSilent(i);
                silentForData[i] = false;
            }
        }
        if (matched > 0 && !success)
        {
            ackFailures++;
            problem = "subscribe refused: " + (message.isEmpty() ? "no reason given" : message);
            problems++;
        }
        return matched;
    }

    /** Sends the refused subscriptions again (after the connection's backoff). */
    void retryRefused(final long nowNs, final Consumer<String> send)
    {
        batchCount = 0;
        for (int i = 0; i < count; i++)
        {
            if (phase[i] == REFUSED)
            {
                batch[batchCount++] = i;
            }
        }
        subscribeBatch(nowNs, send, false);
    }

    /** Whether any subscription was refused and waits for {@link #retryRefused}. */
    boolean hasRefused()
    {
        for (int i = 0; i < count; i++)
        {
            if (phase[i] == REFUSED)
            {
                return true;
            }
        }
        return false;
    }

    /** The periodic check: silences and unanswered requests. */
    int check(final long nowNs, final Consumer<String> send)
    {
        batchCount = 0;
        boolean recycle = false;
        for (int i = 0; i < count; i++)
        {
            if (seen[i] != checkedSeen[i])
            {
                checkedSeen[i] = seen[i];
                if (phase[i] == ACKED)
                {
                    sinceNs[i] = nowNs;
                }
            }
            if (phase[i] == PENDING && nowNs - sinceNs[i] >= ackTimeoutNs)
            {
                markSilent(i);
                silentForData[i] = false;
                problem = "no answer to the subscribe of " + protocol.streamName(i) + " within " + TimeUnit.NANOSECONDS.toMillis(ackTimeoutNs) + " ms";
                problems++;
                if (++ackMisses[i] >= 2)
                {
                    recycle = true;
                }
                batch[batchCount++] = i;
            }
            else if (phase[i] == ACKED)
            {
                final long silenceNs = protocol.silenceNs(i);
                if (silenceNs > 0 && nowNs - sinceNs[i] >= silenceNs)
                {
                    if (!silent[i])
                    {
                        silences++;
                    }
                    markSilent(i);
                    silentForData[i] = true;
                    if (resubscribes[i] >= 1)
                    {
                        recycle = true;
                    }
                    resubscribes[i]++;
                    batch[batchCount++] = i;
                }
            }
        }
        if (recycle)
        {
            return RECYCLE;
        }
        if (batchCount == 0)
        {
            return NONE;
        }
        subscribeBatch(nowNs, send, true);
        return RESUBSCRIBED;
    }

    private void markSilent(final int stream)
    {
        if (!silent[stream])
        {
            silent[stream] = true;
            silentCount++;
        }
    }

    /** Subscribes {@code batch[0..batchCount)}, in requests of the protocol's size, each unsubscribed first when {@code again}. */
    private void subscribeBatch(final long nowNs, final Consumer<String> send, final boolean again)
    {
        final int perRequest = protocol.streamsPerRequest();
        final int[] chunk = new int[Math.min(perRequest, Math.max(1, batchCount))];
        for (int from = 0; from < batchCount; from += perRequest)
        {
            final int n = Math.min(perRequest, batchCount - from);
            System.arraycopy(batch, from, chunk, 0, n);
            final long id = nextRequestId++;
            if (again)
            {
                send.accept(protocol.unsubscribeMessage(chunk, n, nextRequestId++));
                resubscribeRequests++;
            }
            send.accept(protocol.subscribeMessage(chunk, n, id));
            for (int k = 0; k < n; k++)
            {
                final int stream = chunk[k];
                if (phase[stream] == ACKED)
                {
                    ackedCount--;
                }
                phase[stream] = PENDING;
                requestIds[stream] = id;
                sinceNs[stream] = nowNs;
            }
        }
    }

    /** Every stream acknowledged, none silent, and each watched one (silence &gt; 0) has carried data since the connect. */
    boolean ready()
    {
        return silentCount == 0 && ackedCount == count && flowingCount == watchedCount;
    }

    int silentCount()
    {
        return silentCount;
    }

    /** Why the streams are not ready, for the status detail (allocates: only on a state change). */
    String detail()
    {
        if (silentCount > 0)
        {
            final StringBuilder names = new StringBuilder();
            boolean dataSilence = false;
            for (int i = 0; i < count; i++)
            {
                if (silent[i])
                {
                    names.append(names.length() == 0 ? "" : ", ").append(protocol.streamName(i));
                    dataSilence |= silentForData[i];
                }
            }
            return (dataSilence ? "no data: " : problem.isEmpty() ? "not subscribed: " : problem + ": ") + names;
        }
        if (ackedCount < count)
        {
            return "awaiting " + (count - ackedCount) + " subscribe acks";
        }
        return "awaiting data on " + (watchedCount - flowingCount) + " of " + watchedCount + " streams";
    }

    /** The venue's words on the last refused or unanswered request ("" when none). */
    String problem()
    {
        return problem;
    }

    /** Counts each new {@link #problem()}: a STALE connection republishes its detail when this moves. */
    long problems()
    {
        return problems;
    }

    /** Streams that went silent (data, not acks) since start. */
    long silences()
    {
        return silences;
    }

    /** Resubscribe requests sent for silent or unanswered streams since start. */
    long resubscribeRequests()
    {
        return resubscribeRequests;
    }

    /** Subscribe requests the venue refused since start. */
    long ackFailures()
    {
        return ackFailures;
    }

    /** Names of the silent streams (allocates). */
    String silentNames()
    {
        final StringBuilder names = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            if (silent[i])
            {
                names.append(names.length() == 0 ? "" : ", ").append(protocol.streamName(i));
            }
        }
        return names.toString();
    }
}
