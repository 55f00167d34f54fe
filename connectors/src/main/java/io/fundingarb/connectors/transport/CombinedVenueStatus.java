package io.fundingarb.connectors.transport;

import io.fundingarb.codecs.sbe.FeedState;
import java.util.ArrayList;
import java.util.List;

/**
 * Several connections of one venue's feed reported as one {@code VenueStatus} stream: the venue
 * is as bad as its worst connection.
 * <pre>
 *   leg "market" ──┐
 *   leg "public" ──┴─► worst state (DOWN > STALE > CONNECTING > RESYNCING > LIVE) ──changed?──► publisher
 * </pre>
 * So the venue is LIVE only when every leg is LIVE, and DOWN or STALE when any leg is. An event is
 * published only when the combined state changes; its detail names the leg that changed it
 * ({@code "public: connection closed by peer"}) unless there is a single leg, whose detail passes
 * unchanged; its reconnect count is the sum over the legs. A leg that has reported nothing yet
 * counts as CONNECTING. Single-threaded: every leg must report on the same event loop.
 */
public final class CombinedVenueStatus
{
    private final VenueStatusListener publisher;
    private final List<Leg> legs = new ArrayList<>();
    private final StringBuilder detail = new StringBuilder(VenueStatusPublisher.MAX_DETAIL_LENGTH);
    private FeedState state;

    /** @param publisher where the combined events go (normally a {@link VenueStatusPublisher}). */
    public CombinedVenueStatus(final VenueStatusListener publisher)
    {
        this.publisher = publisher;
    }

    /** A new leg named {@code name} (short: it prefixes the detail); add every leg before any reports. */
    public VenueStatusListener leg(final String name)
    {
        final Leg leg = new Leg(name);
        legs.add(leg);
        return leg;
    }

    /** The combined state; null before any leg reported. */
    public FeedState state()
    {
        return state;
    }

    /** The worst of {@code a} and {@code b} (null counts as CONNECTING). */
    public static FeedState worst(final FeedState a, final FeedState b)
    {
        return severity(a) >= severity(b) ? orConnecting(a) : orConnecting(b);
    }

    private static FeedState orConnecting(final FeedState state)
    {
        return state == null ? FeedState.CONNECTING : state;
    }

    private static int severity(final FeedState state)
    {
        switch (orConnecting(state))
        {
            case LIVE: return 0;
            case RESYNCING: return 1;
            case CONNECTING: return 2;
            case STALE: return 3;
            default: return 4; // DOWN
        }
    }

    private void onLeg(final Leg changed, final CharSequence legDetail, final long tsInitNs)
    {
        FeedState combined = FeedState.LIVE;
        int reconnects = 0;
        for (int i = 0; i < legs.size(); i++)
        {
            final Leg leg = legs.get(i);
            combined = worst(combined, leg.state);
            reconnects += leg.reconnects;
        }
        if (combined == state)
        {
            return;
        }
        state = combined;
        detail.setLength(0);
        if (legs.size() > 1)
        {
            detail.append(changed.name).append(": ");
        }
        detail.append(legDetail == null ? "" : legDetail);
        publisher.publish(combined, reconnects, detail, tsInitNs);
    }

    private final class Leg implements VenueStatusListener
    {
        private final String name;
        private FeedState state;
        private int reconnects;

        Leg(final String name)
        {
            this.name = name;
        }

        @Override
        public void publish(final FeedState newState, final int newReconnects, final CharSequence legDetail, final long tsInitNs)
        {
            state = newState;
            reconnects = newReconnects;
            onLeg(this, legDetail, tsInitNs);
        }

        @Override
        public void flushPending()
        {
            publisher.flushPending();
        }
    }
}
