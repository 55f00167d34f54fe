package io.fundingarb.connectors.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.sbe.FeedState;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.bybit.BybitAdapter;
import io.fundingarb.connectors.bybit.BybitParser;
import io.fundingarb.connectors.bybit.BybitSubscriptions;
import io.fundingarb.connectors.parse.CapturingSink;
import io.fundingarb.connectors.parse.FrameResult;
import java.net.URI;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Bybit-speaking connection (the feed's transport, protocol and parser) against a {@link HostilePeer}
 * that misbehaves on purpose: for each misbehaviour the connection stays up, reports the right state
 * within a bounded time, and is LIVE with data flowing once the peer behaves again.
 */
@Timeout(30)
class HostilePeerIT
{
    private static final long SILENCE_MS = 300;
    private static final long WAIT_MS = 10_000;

    private final IoGroup io = new IoGroup(1, "fa-hostile-io");
    private final ArrayEventSink statuses = new ArrayEventSink(2048);
    private final Handler handler = new Handler();
    private HostilePeer peer;
    private WsConnection connection;

    @BeforeEach
    void setUp() throws Exception
    {
        peer = new HostilePeer(20);
        final long silenceNs = TimeUnit.MILLISECONDS.toNanos(SILENCE_MS);
        final WsConfig config = WsConfig.of(Venue.BYBIT, URI.create(peer.url()), List.of())
            .withPing(VenuePing.bybit(TimeUnit.MILLISECONDS.toNanos(100)))
            .withBackoff(TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.MILLISECONDS.toNanos(200))
            .withTimeouts(TimeUnit.SECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(500))
            .withProtocol(new BybitSubscriptions(HostilePeer.topics(), new long[] {silenceNs, silenceNs}), silenceNs)
            .withReconnectPolicy(TimeUnit.SECONDS.toNanos(60), new ReconnectLimiter(BybitAdapter.DOCUMENTED_RECONNECTS_PER_MINUTE));
        connection = new WsConnection(config, io.group(), handler, statuses, new SystemEpochNanoClock(), new Random(3), ResyncHandler.NONE).start();
        assertThat(statuses.awaitSequence(0, WAIT_MS, FeedState.CONNECTING, FeedState.LIVE)).as(statuses.statuses().toString()).isTrue();
    }

    @AfterEach
    void tearDown()
    {
        connection.close();
        peer.close();
        io.close();
    }

    /** The peer behaves again: LIVE (after {@code mark}) and data flows. */
    private void assertRecovers(final int mark) throws InterruptedException
    {
        peer.mode(HostilePeer.Mode.NORMAL);
        assertThat(statuses.await(list -> list.size() > mark && connection.state() == FeedState.LIVE
            && list.subList(mark, list.size()).stream().anyMatch(s -> s.state() == FeedState.LIVE), WAIT_MS))
            .as(statuses.statuses().toString()).isTrue();
        final long published = handler.published();
        assertThat(handler.awaitPublished(published + 4, WAIT_MS)).isTrue();
    }

    private boolean awaitDetail(final int mark, final FeedState state, final String detailPart) throws InterruptedException
    {
        return statuses.await(list -> list.subList(Math.min(mark, list.size()), list.size()).stream()
            .anyMatch(s -> s.state() == state && s.detail().contains(detailPart)), WAIT_MS);
    }

    @Test
    void shouldGoStaleThenRecycleWhenThePeerStopsDataButAnswersPings() throws Exception
    {
        final int mark = statuses.statuses().size();
        final long pongsBefore = connection.pingsSent();
        peer.mode(HostilePeer.Mode.SILENT_AFTER_ACK);
        final long start = System.nanoTime();
        assertThat(awaitDetail(mark, FeedState.STALE, "no data: tickers.BTCUSDT")).as(statuses.statuses().toString()).isTrue();
        final long staleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(statuses.awaitSequence(mark, WAIT_MS, FeedState.STALE, FeedState.DOWN, FeedState.CONNECTING)).isTrue();
        assertThat(staleMs).isLessThan(SILENCE_MS * 4);
        assertThat(connection.pingsSent()).isGreaterThan(pongsBefore);
        assertThat(connection.resubscribes()).isPositive();
        assertThat(connection.recycles()).isPositive();
        assertRecovers(statuses.statuses().size());
    }

    @Test
    void shouldStayOutOfLiveWhileSubscribesAreNotAnswered() throws Exception
    {
        final int mark = statuses.statuses().size();
        peer.mode(HostilePeer.Mode.NO_ACK);
        assertThat(awaitDetail(mark, FeedState.STALE, "no answer to the subscribe of")).as(statuses.statuses().toString()).isTrue();
        assertThat(connection.state()).isNotEqualTo(FeedState.LIVE);
        assertRecovers(statuses.statuses().size());
    }

    @Test
    void shouldReportTheVenuesReasonWhenASubscribeIsRefused() throws Exception
    {
        final int mark = statuses.statuses().size();
        peer.mode(HostilePeer.Mode.FAILED_ACK);
        assertThat(awaitDetail(mark, FeedState.STALE, "subscribe refused: error:handler not found,topic:tickers.BTCUSDT"))
            .as(statuses.statuses().toString()).isTrue();
        assertThat(connection.refusedSubscriptions()).isPositive();
        assertRecovers(statuses.statuses().size());
    }

    @Test
    void shouldReassembleOneByteFragmentsAndStayLive() throws Exception
    {
        final int mark = statuses.statuses().size();
        peer.mode(HostilePeer.Mode.ONE_BYTE_FRAGMENTS);
        assertThat(handler.await(() -> connection.assembler().fragmentedMessages() >= 10, WAIT_MS)).isTrue();
        assertThat(statuses.statuses().subList(mark, statuses.statuses().size())).isEmpty();
        assertRecovers(mark - 1);
    }

    @Test
    void shouldSurviveASixteenMebibyteFrame() throws Exception
    {
        final int mark = statuses.statuses().size();
        peer.mode(HostilePeer.Mode.HUGE_FRAME);
        assertThat(awaitDetail(mark, FeedState.DOWN, "Max frame length of 4194304 has been exceeded")).as(statuses.statuses().toString()).isTrue();
        assertRecovers(mark);
    }

    @Test
    void shouldCountInvalidUtf8AsMalformedAndStayLive() throws Exception
    {
        final int mark = statuses.statuses().size();
        peer.mode(HostilePeer.Mode.INVALID_UTF8);
        assertThat(handler.awaitMalformed(1, WAIT_MS)).isTrue();
        final long published = handler.published();
        assertThat(handler.awaitPublished(published + 4, WAIT_MS)).isTrue();
        assertThat(statuses.statuses().subList(mark, statuses.statuses().size())).isEmpty();
        assertThat(connection.state()).isEqualTo(FeedState.LIVE);
    }

    @Test
    void shouldNotCountAPingFloodAsData() throws Exception
    {
        final int mark = statuses.statuses().size();
        peer.mode(HostilePeer.Mode.PING_FLOOD);
        assertThat(awaitDetail(mark, FeedState.STALE, "no data")).as(statuses.statuses().toString()).isTrue();
        assertThat(connection.pingsAnswered()).isPositive();
        assertRecovers(statuses.statuses().size());
    }

    @Test
    void shouldRecycleAHalfOpenConnection() throws Exception
    {
        final int mark = statuses.statuses().size();
        peer.mode(HostilePeer.Mode.HALF_OPEN);
        assertThat(statuses.awaitSequence(mark, WAIT_MS, FeedState.STALE, FeedState.DOWN)).as(statuses.statuses().toString()).isTrue();
        assertThat(connection.state()).isNotEqualTo(FeedState.LIVE);
        assertRecovers(statuses.statuses().size());
    }

    @Test
    void shouldCountGarbageJsonAndNotTakeItForData() throws Exception
    {
        final int mark = statuses.statuses().size();
        peer.mode(HostilePeer.Mode.GARBAGE_JSON);
        assertThat(awaitDetail(mark, FeedState.STALE, "no data")).as(statuses.statuses().toString()).isTrue();
        assertThat(handler.malformed()).isPositive();
        assertRecovers(statuses.statuses().size());
    }

    @Test
    void shouldKeepBackingOffFromAPeerThatDropsRightAfterItsFirstData() throws Exception
    {
        peer.mode(HostilePeer.Mode.ACCEPT_THEN_DROP);
        final int reconnects = connection.reconnects();
        final long start = System.nanoTime();
        connection.disconnect("test");
        assertThat(statuses.await(list -> connection.reconnects() >= reconnects + 5, WAIT_MS)).isTrue();
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // the backoff was not reset by the handshakes nor by one round of data: 20, 40, 80, 160, 200 ms nominal, jittered down to half
        assertThat(connection.backoffAttempts()).isGreaterThanOrEqualTo(4);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(150);
        assertRecovers(statuses.statuses().size());
    }

    @Test
    void shouldCapConnectionAttemptsPerMinute() throws Exception
    {
        final WsConfig config = WsConfig.of(Venue.BYBIT, URI.create(peer.url()), List.of())
            .withBackoff(TimeUnit.MILLISECONDS.toNanos(5), TimeUnit.MILLISECONDS.toNanos(10))
            .withProtocol(new BybitSubscriptions(HostilePeer.topics(), new long[] {SILENCE_MS * 1_000_000, SILENCE_MS * 1_000_000}),
                TimeUnit.MILLISECONDS.toNanos(SILENCE_MS))
            .withReconnectPolicy(TimeUnit.SECONDS.toNanos(60), new ReconnectLimiter(3));
        peer.mode(HostilePeer.Mode.ACCEPT_THEN_DROP);
        final ArrayEventSink capped = new ArrayEventSink(256);
        try (WsConnection limited = new WsConnection(config, io.group(), new Handler(), capped, new SystemEpochNanoClock(), new Random(4),
            ResyncHandler.NONE).start())
        {
            assertThat(capped.await(list -> limited.cappedReconnects() > 0, WAIT_MS)).isTrue();
            assertThat(limited.connects()).isLessThanOrEqualTo(3);
            assertThat(capped.await(list -> limited.connects() > 3, 500)).isFalse(); // the fourth waits for the minute
        }
    }

    /** The feed's side: BybitParser on the frames, its result deciding whether a frame was data. */
    private static final class Handler implements FrameHandler
    {
        private final BybitParser parser = new BybitParser(new CapturingSink());
        private int lastResult = FrameResult.IGNORED;

        Handler()
        {
            parser.addInstrument("BTCUSDT", 1, 8 * 3600);
        }

        @Override
        public synchronized void onFrame(final DirectBuffer buffer, final int offset, final int length, final long tsInitNs)
        {
            lastResult = parser.onFrame(buffer, offset, length, tsInitNs);
            notifyAll();
        }

        @Override
        public synchronized boolean lastFrameUsable()
        {
            return lastResult != FrameResult.MALFORMED && lastResult != FrameResult.UNKNOWN_SYMBOL;
        }

        @Override
        public synchronized void onOpen(final int connects)
        {
            parser.reset();
        }

        synchronized long published()
        {
            return parser.count(FrameResult.PUBLISHED) + parser.count(FrameResult.IGNORED);
        }

        synchronized long malformed()
        {
            return parser.count(FrameResult.MALFORMED);
        }

        synchronized boolean await(final java.util.function.BooleanSupplier condition, final long timeoutMs) throws InterruptedException
        {
            return Waits.await(this, condition, timeoutMs);
        }

        synchronized boolean awaitMalformed(final long count, final long timeoutMs) throws InterruptedException
        {
            return Waits.await(this, () -> parser.count(FrameResult.MALFORMED) >= count, timeoutMs);
        }

        synchronized boolean awaitPublished(final long count, final long timeoutMs) throws InterruptedException
        {
            return Waits.await(this, () -> parser.count(FrameResult.PUBLISHED) + parser.count(FrameResult.IGNORED) >= count, timeoutMs);
        }
    }
}
