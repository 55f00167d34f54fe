package io.fundingarb.connectors.transport;

import io.fundingarb.codecs.sbe.FeedState;

/**
 * Where a {@link WsConnection} reports its state changes: a {@link VenueStatusPublisher} (one
 * connection, one {@code VenueStatus} stream) or one leg of a {@link CombinedVenueStatus} (several
 * connections reported as one venue). Called on the connection's event loop only.
 */
public interface VenueStatusListener
{
    /**
     * @param state      the connection's new state.
     * @param reconnects the connection's reconnect attempts since start.
     * @param detail     why (ASCII; may be truncated by the publisher).
     * @param tsInitNs   when, from the connection's clock.
     */
    void publish(FeedState state, int reconnects, CharSequence detail, long tsInitNs);

    /** Publishes a status the ring had no room for when it was reported, if there is room now; cheap when none waits. */
    default void flushPending()
    {
    }
}
