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

    /** Publishes one status event; waits for ring space (status events must not be lost). */
    @Override
    public void publish(final FeedState state, final int reconnects, final CharSequence detail, final long tsInitNs)
    {
        final int length = detail == null ? 0 : Math.min(detail.length(), MAX_DETAIL_LENGTH);
        for (int i = 0; i < length; i++)
        {
            final char c = detail.charAt(i);
            detailBytes[i] = (byte)(c >= 0x20 && c < 0x7f ? c : '?');
        }
        final long seq = sink.claim();
        try
        {
            final MutableDirectBuffer buffer = sink.buffer(seq);
            encoder.wrapAndApplyHeader(buffer, 0, header)
                .tsInitNs(tsInitNs)
                .tsEventNs(tsInitNs)
                .venue(venue)
                .state(state)
                .reconnects(reconnects)
                .stream(stream)
                .putDetail(detailBytes, 0, length);
            sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
            published++;
        }
        catch (final RuntimeException ex)
        {
            sink.abort(seq);
            throw ex;
        }
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
