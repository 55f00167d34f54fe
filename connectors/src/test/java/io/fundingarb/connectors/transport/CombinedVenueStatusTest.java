package io.fundingarb.connectors.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.sbe.FeedState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CombinedVenueStatusTest
{
    private final List<String> published = new ArrayList<>();
    private final CombinedVenueStatus status = new CombinedVenueStatus(
        (state, reconnects, detail, tsInitNs) -> published.add(state + "/" + reconnects + "/" + detail));
    private final VenueStatusListener market = status.leg("market");
    private final VenueStatusListener depth = status.leg("public");

    @Test
    void shouldStayConnectingUntilEveryLegIsLive()
    {
        market.publish(FeedState.CONNECTING, 0, "host:1", 1);
        depth.publish(FeedState.CONNECTING, 0, "host:1", 2);
        market.publish(FeedState.LIVE, 0, "subscribed", 3);
        assertThat(published).containsExactly("CONNECTING/0/market: host:1");
        depth.publish(FeedState.LIVE, 0, "subscribed", 4);
        assertThat(published).containsExactly("CONNECTING/0/market: host:1", "LIVE/0/public: subscribed");
    }

    @Test
    void shouldGoDownWhenEitherLegDropsAndSumReconnects()
    {
        market.publish(FeedState.LIVE, 2, "subscribed", 1);
        depth.publish(FeedState.LIVE, 1, "subscribed", 2);
        depth.publish(FeedState.DOWN, 1, "connection closed by peer", 3);
        assertThat(published).endsWith("DOWN/3/public: connection closed by peer");
        assertThat(status.state()).isEqualTo(FeedState.DOWN);
    }

    @Test
    void shouldReportStaleOverResyncing()
    {
        market.publish(FeedState.LIVE, 0, "subscribed", 1);
        depth.publish(FeedState.RESYNCING, 0, "resync instrument 1", 2);
        market.publish(FeedState.STALE, 0, "no frame for 30000 ms", 3);
        assertThat(published).endsWith("RESYNCING/0/public: resync instrument 1", "STALE/0/market: no frame for 30000 ms");
    }

    @Test
    void shouldCountLegThatHasNotReportedAsConnecting()
    {
        market.publish(FeedState.LIVE, 0, "subscribed", 1);
        assertThat(published).containsExactly("CONNECTING/0/market: subscribed");
    }

    @Test
    void shouldNotRepublishWhenCombinedStateIsUnchanged()
    {
        market.publish(FeedState.DOWN, 0, "connect failed", 1);
        depth.publish(FeedState.DOWN, 0, "connect failed", 2);
        assertThat(published).containsExactly("DOWN/0/market: connect failed");
    }

    @Test
    void shouldPassDetailUnchangedWithOneLeg()
    {
        final List<String> single = new ArrayList<>();
        final VenueStatusListener only = new CombinedVenueStatus((state, reconnects, detail, tsInitNs) -> single.add(state + "/" + detail)).leg("x");
        only.publish(FeedState.CONNECTING, 0, "host:1", 1);
        only.publish(FeedState.LIVE, 0, "subscribed", 2);
        assertThat(single).containsExactly("CONNECTING/host:1", "LIVE/subscribed");
    }
}
