package io.fundingarb.connectors.bybit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.FeedState;
import io.fundingarb.connectors.bybit.sim.BybitSimulator;
import io.fundingarb.connectors.feed.FeedEventSink;
import io.fundingarb.connectors.feed.FeedLiveness;
import io.fundingarb.connectors.feed.FeedSettings;
import io.fundingarb.connectors.feed.FeedTimings;
import io.fundingarb.connectors.simulator.FundingPath;
import io.fundingarb.connectors.simulator.SimInstrument;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.transport.HostilePeer;
import io.fundingarb.connectors.transport.IoGroup;
import io.fundingarb.connectors.transport.RestClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The case end to end: BybitFeed (instruments from the simulator's REST) on a WebSocket peer
 * that stops sending data but keeps acking and answering pings. The feed goes STALE naming the
 * streams within their silence plus a margin, resubscribes, recycles the connection, and is LIVE
 * again when data returns.
 */
@Timeout(30)
class BybitFeedLivenessIT
{
    private static final long SILENCE_MS = 300;
    private static final long WAIT_MS = 10_000;

    private final IoGroup io = new IoGroup(1, "fa-it-bybit-liveness");
    private final FeedEventSink sink = new FeedEventSink();
    private BybitSimulator rest;
    private HostilePeer peer;
    private BybitFeed feed;

    @AfterEach
    void tearDown()
    {
        if (feed != null)
        {
            feed.close();
        }
        if (peer != null)
        {
            peer.close();
        }
        if (rest != null)
        {
            rest.close();
        }
        io.close();
    }

    private static boolean hasState(final FeedEventSink sink, final int from, final FeedState state, final String detailPart)
    {
        final List<FeedEventSink.Status> statuses = sink.statuses();
        return statuses.subList(Math.min(from, statuses.size()), statuses.size()).stream()
            .anyMatch(s -> s.state() == state && s.detail().contains(detailPart));
    }

    @Test
    void shouldGoStaleResubscribeRecycleAndBeLiveAgainWhenThePeerStopsDataButKeepsAnswering() throws Exception
    {
        rest = new BybitSimulator(new SimScenario(List.of(SimInstrument.of("BTCUSDT", "BTC", "USDT", "0.10", "0.001", "5", "65000")),
            Map.of("BTCUSDT", FundingPath.constant("0.0001", 8)), 7L, 0.0005), SimulatorConfig.defaults()).start();
        peer = new HostilePeer(20);
        final long silenceNs = TimeUnit.MILLISECONDS.toNanos(SILENCE_MS);
        final FeedTimings timings = FeedTimings.defaults()
            .withBackoff(TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.MILLISECONDS.toNanos(200))
            .withRestRetry(3, TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.MILLISECONDS.toNanos(100))
            .withLiveness(FeedLiveness.defaults().withSilences(silenceNs, silenceNs).withAckTimeoutNs(silenceNs));
        feed = new BybitFeed(FeedSettings.of(peer.wsBaseUrl(), rest.httpBaseUrl(), List.of("BTC"), List.of("USDT"), 0.00055, 0.0002),
            timings, io.group(), new RestClient(io.group()), sink, new SystemEpochNanoClock(), new SymbolTable());
        feed.start();
        assertThat(sink.await(s -> hasState(s, 0, FeedState.LIVE, "subscribed"), WAIT_MS)).as(sink.statuses().toString()).isTrue();

        final int mark = sink.statuses().size();
        final long start = System.nanoTime();
        peer.mode(HostilePeer.Mode.SILENT_AFTER_ACK);
        assertThat(sink.await(s -> hasState(s, mark, FeedState.STALE, "no data: tickers.BTCUSDT, orderbook.50.BTCUSDT"), WAIT_MS))
            .as(sink.statuses().toString()).isTrue();
        final long staleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(sink.await(s -> hasState(s, mark, FeedState.DOWN, "recycled, still silent after resubscribe"), WAIT_MS))
            .as(sink.statuses().toString()).isTrue();
        assertThat(feed.state()).isNotEqualTo(FeedState.LIVE);
        assertThat(feed.resubscribes()).isPositive();
        assertThat(feed.recycles()).isPositive();
        assertThat(staleMs).isLessThan(4 * SILENCE_MS);

        final int down = sink.statuses().size();
        final long fundings = sink.fundings();
        peer.mode(HostilePeer.Mode.NORMAL);
        assertThat(sink.await(s -> hasState(s, down, FeedState.LIVE, "") && feed.state() == FeedState.LIVE && s.fundings() > fundings, WAIT_MS))
            .as(sink.statuses().toString()).isTrue();
        assertThat(feed.reconnects()).isPositive();
    }
}
