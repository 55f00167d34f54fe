package io.fundingarb.connectors.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.FeedState;
import io.fundingarb.connectors.binance.sim.BinanceSimulator;
import io.fundingarb.connectors.feed.FeedEventSink;
import io.fundingarb.connectors.feed.FeedSettings;
import io.fundingarb.connectors.feed.FeedTimings;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.transport.IoGroup;
import io.fundingarb.connectors.transport.RestClient;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine stops consuming (a stalled stage, a full inbound ring) while Binance keeps streaming
 * and pinging: the feed's I/O thread never blocks on the ring, keeps answering the venue's pings
 * (Binance drops a connection that does not pong), counts the frames it could not publish, and once
 * the ring has room again resyncs the books whose updates it dropped, as after a sequence gap.
 */
@Timeout(60)
class BinanceStalledConsumerIT
{
    private static final long WAIT_MS = 15_000;
    private static final long STALL_MS = 2_000;
    private static final FeedTimings TIMINGS = FeedTimings.defaults()
        .withBackoff(TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.MILLISECONDS.toNanos(200))
        .withRestRetry(3, TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.MILLISECONDS.toNanos(100));

    private final IoGroup io = new IoGroup(1, "fa-it-binance-stall");
    private final FeedEventSink sink = new FeedEventSink();
    private BinanceSimulator simulator;
    private BinanceFeed feed;

    @AfterEach
    void tearDown()
    {
        if (feed != null)
        {
            feed.close();
        }
        if (simulator != null)
        {
            simulator.close();
        }
        io.close();
    }

    @Test
    void shouldKeepAnsweringPingsWhileTheRingIsFullAndResyncTheBooksAfter() throws Exception
    {
        simulator = new BinanceSimulator(BinanceSplitFeedIT.scenario(),
            SimulatorConfig.defaults().withCadence(50, 20).withServerPingIntervalMs(100)).start();
        final FeedSettings settings = FeedSettings.of(simulator.wsBaseUrl(), simulator.httpBaseUrl(), List.of("BTC", "ETH"), List.of("USDT"), 0.0005, 0.0002);
        feed = new BinanceFeed(settings, TIMINGS, io.group(), new RestClient(io.group()), sink, new SystemEpochNanoClock(), new SymbolTable(),
            BinanceWsLayout.COMBINED);
        feed.start();
        assertThat(sink.await(s -> s.bookSnapshots() >= 2 && s.bookDeltas() >= 4 && s.fundings() >= 2, WAIT_MS)).as("live before the stall").isTrue();

        sink.stall(true);
        final long pongsBefore = simulator.pongsReceived();
        final long pingsBefore = simulator.pingsSent();
        Thread.sleep(STALL_MS);
        final long pongsDuring = simulator.pongsReceived() - pongsBefore;
        final long pingsDuring = simulator.pingsSent() - pingsBefore;
        final long refused = sink.refused();
        final long blocking = sink.blockingClaimsWhileStalled();
        final long snapshotsBefore = sink.bookSnapshots();
        sink.stall(false);

        assertThat(refused).as("frames kept arriving and found the ring full").isPositive();
        assertThat(blocking).as("nothing on the I/O thread waited for the stalled consumer: %s", stack(sink.firstBlockingClaim())).isZero();
        assertThat(pingsDuring).as("the venue kept pinging").isGreaterThanOrEqualTo(5);
        assertThat(pongsDuring).as("and every ping was answered while the ring was full").isGreaterThanOrEqualTo(pingsDuring - 2);
        assertThat(feed.count(FrameResult.RING_FULL)).isPositive();
        assertThat(sink.await(s -> s.bookSnapshots() >= snapshotsBefore + 2, WAIT_MS)).as("both books resynced from a new snapshot").isTrue();
        assertThat(sink.await(s -> s.statuses().get(s.statuses().size() - 1).state() == FeedState.LIVE, WAIT_MS)).isTrue();
        assertThat(feed.state()).isEqualTo(FeedState.LIVE);
        assertThat(simulator.wsConnections()).as("the venue never dropped the connection").isEqualTo(1);
    }

    private static String stack(final Throwable where)
    {
        if (where == null)
        {
            return "";
        }
        final java.io.StringWriter text = new java.io.StringWriter();
        where.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }
}
