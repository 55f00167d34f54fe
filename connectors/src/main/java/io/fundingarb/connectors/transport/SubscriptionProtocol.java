package io.fundingarb.connectors.transport;

import io.fundingarb.connectors.json.AsciiSymbolMap;
import io.fundingarb.connectors.json.JsonScanner;
import java.util.List;
import org.agrona.DirectBuffer;

/**
 * What a {@link WsConnection} needs to know of a venue's subscription protocol to watch each
 * subscribed stream (one symbol × channel, e.g. {@code tickers.BTCUSDT}) on its own: the streams
 * and how often each must carry data, how to ask for them again, and which message is market data
 * of which stream, which is the venue's answer to a subscribe request, and which is neither (pongs,
 * heartbeats, status). Pings, pongs, acks and heartbeats never count as data.
 * <pre>
 *   frame ─► classify ─┬─ stream index (&gt;= 0): data of that stream (a top-level "topic"/"stream" field)
 *                      ├─ ACK: answer to request ackRequestId(), ackSuccess(), ackMessage()
 *                      └─ CONTROL: anything else
 * </pre>
 * Data frames whose naming field comes first are recognised by a byte compare and one hash lookup,
 * with no copy and no allocation; anything else is walked once with a {@link JsonScanner}. One
 * instance per connection, used on its event loop only.
 */
public abstract class SubscriptionProtocol
{
    /** Not market data: pong, heartbeat, status, an unknown topic, or not JSON. */
    public static final int CONTROL = -1;
    /** An answer to a subscribe request. */
    public static final int ACK = -2;

    private static final int NOT_FAST = -3;

    private final List<String> streams;
    private final long[] silenceNs;
    private final byte[] fastPrefix;
    private final AsciiSymbolMap index;
    private final boolean subscribedByHandshake;
    /** Walks frames that the fast path does not take. */
    protected final JsonScanner scanner = new JsonScanner();

    private long ackRequestId;
    private boolean ackSuccess;
    private String ackMessage = "";

    /**
     * @param streams               the venue's names of the subscribed streams, as its data frames name them.
     * @param silenceNs             per stream, how long it may go without data; 0 never (a stream that is quiet by nature).
     * @param dataField             the top-level field naming a data frame's stream ({@code topic}, {@code stream}); null when no
     *                              one field does (Hyperliquid: {@code channel} and the data's {@code coin}), so every frame is
     *                              walked by {@link #classifyFields()}.
     * @param subscribedByHandshake whether the streams are named in the URL, so the WebSocket handshake acknowledges them
     *                              (Binance combined streams); else each is subscribed by a message the venue answers.
     */
    protected SubscriptionProtocol(final List<String> streams, final long[] silenceNs, final String dataField, final boolean subscribedByHandshake)
    {
        if (streams.isEmpty() || silenceNs.length != streams.size())
        {
            throw new IllegalArgumentException("a subscription protocol needs one silence per stream, was " + silenceNs.length + " for " + streams.size());
        }
        this.streams = List.copyOf(streams);
        this.silenceNs = silenceNs.clone();
        this.fastPrefix = dataField == null ? null : ("{\"" + dataField + "\":\"").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.index = new AsciiSymbolMap(streams.size());
        for (int i = 0; i < streams.size(); i++)
        {
            if (silenceNs[i] < 0)
            {
                throw new IllegalArgumentException("stream silence must be >= 0, was " + silenceNs[i] + " for " + streams.get(i));
            }
            index.put(streams.get(i), i);
        }
        this.subscribedByHandshake = subscribedByHandshake;
    }

    public final int streamCount()
    {
        return streams.size();
    }

    public final String streamName(final int stream)
    {
        return streams.get(stream);
    }

    /** How long stream {@code stream} may go without data; 0 = never silent. */
    public final long silenceNs(final int stream)
    {
        return silenceNs[stream];
    }

    public final boolean subscribedByHandshake()
    {
        return subscribedByHandshake;
    }

    /** Most streams one subscribe message may name. */
    public abstract int streamsPerRequest();

    /** The message subscribing {@code streams[0..count)}; the venue's answer will carry {@code requestId}. */
    public abstract String subscribeMessage(int[] streams, int count, long requestId);

    /** The message unsubscribing {@code streams[0..count)}, sent before a resubscribe; its answer is not awaited. */
    public abstract String unsubscribeMessage(int[] streams, int count, long requestId);

    /**
     * What one message is.
     *
     * @return the index of the stream whose data it carries, {@link #ACK} or {@link #CONTROL}.
     */
    public final int classify(final DirectBuffer buffer, final int offset, final int length)
    {
        final int fast = fastStream(buffer, offset, length);
        if (fast != NOT_FAST)
        {
            return fast;
        }
        scanner.wrap(buffer, offset, length);
        if (scanner.peek() != JsonScanner.OBJECT || !scanner.beginObject())
        {
            return CONTROL;
        }
        return classifyFields();
    }

    /** Walks the top-level fields of the object the {@link #scanner} has just entered: {@link #stream()}, {@link #ack} or CONTROL. */
    protected abstract int classifyFields();

    /** The stream the scanner's current string value names, or CONTROL. */
    protected final int stream()
    {
        final int stream = scanner.valueEscaped() ? AsciiSymbolMap.MISSING : scanner.valueLookup(index);
        return stream == AsciiSymbolMap.MISSING ? CONTROL : stream;
    }

    /** Records an answer to request {@code requestId} and returns {@link #ACK}; {@code message} may be null for success. */
    protected final int ack(final long requestId, final boolean success, final String message)
    {
        ackRequestId = requestId;
        ackSuccess = success;
        ackMessage = message == null ? "" : message;
        return ACK;
    }

    /** The request the last {@link #ACK} answers. */
    public final long ackRequestId()
    {
        return ackRequestId;
    }

    public final boolean ackSuccess()
    {
        return ackSuccess;
    }

    /** The venue's words in the last {@link #ACK} ("" when it gave none). */
    public final String ackMessage()
    {
        return ackMessage;
    }

    private int fastStream(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] prefix = fastPrefix;
        if (prefix == null || length <= prefix.length)
        {
            return NOT_FAST;
        }
        for (int i = 0; i < prefix.length; i++)
        {
            if (buffer.getByte(offset + i) != prefix[i])
            {
                return NOT_FAST;
            }
        }
        final int start = offset + prefix.length;
        final int end = offset + length;
        for (int p = start; p < end; p++)
        {
            final byte c = buffer.getByte(p);
            if (c == '"')
            {
                final int stream = index.get(buffer, start, p - start);
                return stream == AsciiSymbolMap.MISSING ? CONTROL : stream;
            }
            if (c == '\\')
            {
                return NOT_FAST;
            }
        }
        return NOT_FAST;
    }

    /**
     * A request naming {@code streams[0..count)} as a JSON array of strings between {@code head} and {@code tail}, e.g.
     * {@code {"op":"subscribe","args":} + {@code ["a","b"]} + {@code ,"req_id":"7"}}.
     */
    protected final String request(final String head, final int[] streams, final int count, final String tail)
    {
        final StringBuilder json = new StringBuilder(64).append(head).append('[');
        for (int i = 0; i < count; i++)
        {
            json.append(i == 0 ? "\"" : ",\"").append(streamName(streams[i])).append('"');
        }
        return json.append(']').append(tail).toString();
    }

    /** Names of {@code streams[0..count)} joined with ", " (for logs and status details). */
    public final String names(final int[] streams, final int count)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            text.append(i == 0 ? "" : ", ").append(streamName(streams[i]));
        }
        return text.toString();
    }
}
