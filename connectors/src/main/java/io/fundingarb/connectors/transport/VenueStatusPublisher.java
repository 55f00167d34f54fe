package io.fundingarb.connectors.transport;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.sbe.FeedState;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.StreamKind;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.codecs.sbe.VenueStatusEncoder;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes {@code VenueStatus} events onto the inbound ring. Status changes are rare, so the
 * detail text may be a String; it is truncated to {@link #MAX_DETAIL_LENGTH} ASCII characters
 * (anything outside printable ASCII becomes '?'). Each event names its stream: a market-data
 * feed ({@link StreamKind#MARKET_DATA}) or a gateway's private stream ({@link StreamKind#ORDERS}),
 * so a private-stream reconnect is not mistaken for the market feed going down. One publisher
 * per connection: not thread-safe.
 *
 * <p>{@link #publish} is called on a connection's Netty I/O thread, which must never wait for the
 * engine (it answers the venue's pings): it takes a slot with {@code tryClaim}, and when the ring is
 * full the status waits here, the latest superseding an older one still waiting (a state, not a
 * history: the engine needs the venue's state now; {@link #coalesced()} counts those superseded),
 * until the connection's next frame or timer tick calls {@link #flushPending()}. Start-up code on
 * other threads that may wait uses {@link #publishOrWait}.
 */
public final class VenueStatusPublisher implements VenueStatusListener
{
    /** Longest detail text published. */
    public static final int MAX_DETAIL_LENGTH = 120;

    private final EventSink sink;
    private final Venue venue;
    private final StreamKind stream;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final VenueStatusEncoder encoder = new VenueStatusEncoder();
    private final byte[] detailBytes = new byte[MAX_DETAIL_LENGTH];
    private long published;
    private boolean pending;
    private FeedState pendingState;
    private int pendingReconnects;
    private long pendingTsInitNs;
    private int pendingLength;
    private long coalesced;

    /** A market-data publisher. */
    public VenueStatusPublisher(final EventSink sink, final Venue venue)
    {
        this(sink, venue, StreamKind.MARKET_DATA);
    }

    public VenueStatusPublisher(final EventSink sink, final Venue venue, final StreamKind stream)
    {
        if (stream == null || stream == StreamKind.NULL_VAL)
        {
            throw new IllegalArgumentException("venue status stream must be MARKET_DATA or ORDERS, was " + stream);
        }
        this.sink = sink;
        this.venue = venue;
        this.stream = stream;
    }

    /** Publishes one status event now, or keeps it for {@link #flushPending()} when the ring is full; never waits. */
    @Override
    public void publish(final FeedState state, final int reconnects, final CharSequence detail, final long tsInitNs)
    {
        if (pending)
        {
            coalesced++;
        }
        pendingState = state;
        pendingReconnects = reconnects;
        pendingTsInitNs = tsInitNs;
        pendingLength = detail == null ? 0 : Math.min(detail.length(), MAX_DETAIL_LENGTH);
        for (int i = 0; i < pendingLength; i++)
        {
            final char c = detail.charAt(i);
            detailBytes[i] = (byte)(c >= 0x20 && c < 0x7f ? c : '?');
        }
        pending = true;
        flushPending();
    }

    /** As {@link #publish}, waiting for ring space: for start-up code that may wait (never a Netty I/O thread). */
    public void publishOrWait(final FeedState state, final int reconnects, final CharSequence detail, final long tsInitNs)
    {
        publish(state, reconnects, detail, tsInitNs);
        if (pending)
        {
            write(sink.claim());
        }
    }

    @Override
    public void flushPending()
    {
        if (!pending)
        {
            return;
        }
        final long seq = sink.tryClaim();
        if (seq != EventSink.NO_CAPACITY)
        {
            write(seq);
        }
    }

    private void write(final long seq)
    {
        try
        {
            final MutableDirectBuffer buffer = sink.buffer(seq);
            encoder.wrapAndApplyHeader(buffer, 0, header)
                .tsInitNs(pendingTsInitNs)
                .tsEventNs(pendingTsInitNs)
                .venue(venue)
                .state(pendingState)
                .reconnects(pendingReconnects)
                .stream(stream)
                .putDetail(detailBytes, 0, pendingLength);
            sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
            pending = false;
            published++;
        }
        catch (final RuntimeException ex)
        {
            sink.abort(seq);
            throw ex;
        }
    }

    /** Whether a status waits for ring space. */
    public boolean hasPending()
    {
        return pending;
    }

    /** Statuses superseded by a later one while the ring was full (the engine saw only the later). */
    public long coalesced()
    {
        return coalesced;
    }

    /** Status events published so far. */
    public long published()
    {
        return published;
    }

    public Venue venue()
    {
        return venue;
    }

    public StreamKind stream()
    {
        return stream;
    }
}
