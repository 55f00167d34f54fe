package io.fundingarb.connectors.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.gateway.UnknownOrders.Answer;
import io.fundingarb.connectors.transport.IoGroup;
import io.netty.channel.EventLoop;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** UnknownOrders with scripted venue answers on a real event loop. */
@Timeout(10)
class UnknownOrdersTest
{
    private static final long WAIT_MS = 5_000;

    private final IoGroup io = new IoGroup(1, "fa-test-unknown");
    private final EventLoop loop = io.group().next();
    private final GatewayEventSink sink = new GatewayEventSink();
    private final OrderTracker tracker = new OrderTracker(new GatewayPublisher(sink, System::nanoTime, Venue.BINANCE), 16);
    private final GatewayConfig config = GatewayConfig.of(URI.create("http://127.0.0.1:9"), URI.create("ws://127.0.0.1:9"), 0)
        .withWsBackoff(TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.MILLISECONDS.toNanos(40));
    private final AtomicInteger asked = new AtomicInteger();

    @AfterEach
    void close()
    {
        io.close();
    }

    /** Answers from {@code script} in turn, the last one for ever; {@code onFound} applies a FOUND state. */
    private UnknownOrders resolver(final Deque<Answer> script, final Function<TrackedOrder, Answer> onFound)
    {
        return new UnknownOrders("test gateway", LoggerFactory.getLogger(UnknownOrdersTest.class), loop, tracker, new VenueOrderIds(1_765_000_000L),
            config, System::nanoTime, order ->
            {
                asked.incrementAndGet();
                final Answer next = script.size() > 1 ? script.poll() : script.peek();
                return CompletableFuture.completedFuture(next == Answer.FOUND ? onFound.apply(order) : next);
            });
    }

    private TrackedOrder unknownOrder(final UnknownOrders resolver, final long absentAfterMs) throws Exception
    {
        final long absentNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(absentAfterMs);
        final CompletableFuture<TrackedOrder> sent = new CompletableFuture<>();
        loop.execute(() ->
        {
            final TrackedOrder order = tracker.track(1, 7, 1, Side.BUY, FixedPoint.parse("100"), FixedPoint.parse("2"), absentNs);
            resolver.onNoAnswer(order, "transport: test");
            sent.complete(order);
        });
        return sent.get(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    @Test
    void shouldAskAgainAfterIndefiniteAnswersAndPublishTheFillOnce() throws Exception
    {
        final Deque<Answer> script = new ArrayDeque<>(java.util.List.of(Answer.INDEFINITE, Answer.INDEFINITE, Answer.INDEFINITE, Answer.FOUND));
        final UnknownOrders resolver = resolver(script, order ->
        {
            tracker.onFill(order, FixedPoint.parse("2"), FixedPoint.parse("200"), FixedPoint.NULL, 0, 1);
            return Answer.FOUND;
        });
        unknownOrder(resolver, 60_000);
        assertThat(sink.awaitTerminal(1, WAIT_MS)).isTrue();
        assertThat(sink.reports()).extracting(GatewayEventSink.Report::execType).containsExactly(ExecType.FILL);
        assertThat(asked.get()).isEqualTo(4);
    }

    @Test
    void shouldBelieveNoSuchOrderOnlyOnceTheRequestCanNoLongerArrive() throws Exception
    {
        final Deque<Answer> script = new ArrayDeque<>(java.util.List.of(Answer.INDEFINITE, Answer.absent(-2013, "Order does not exist.")));
        final UnknownOrders resolver = resolver(script, order -> Answer.FOUND);
        final long sentNs = System.nanoTime();
        unknownOrder(resolver, 300);
        assertThat(sink.awaitTerminal(1, WAIT_MS)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentNs)).isGreaterThanOrEqualTo(300);
        assertThat(sink.reports()).singleElement().satisfies(r ->
        {
            assertThat(r.execType()).isEqualTo(ExecType.REJECTED);
            assertThat(r.rejectCode()).isEqualTo(-2013);
            assertThat(r.reason()).isEqualTo("Order does not exist.");
        });
        assertThat(asked.get()).isGreaterThanOrEqualTo(3); // indefinite, absent too early, absent
        assertThat(tracker.absentOrders()).isEqualTo(1);
    }

    @Test
    void shouldStopAskingOnceTheStreamToldTheOutcome() throws Exception
    {
        final Deque<Answer> script = new ArrayDeque<>(java.util.List.of(Answer.INDEFINITE));
        final UnknownOrders resolver = resolver(script, order -> Answer.FOUND);
        final TrackedOrder order = unknownOrder(resolver, 60_000);
        assertThat(sink.await(s -> !s.reports().isEmpty(), 200)).isFalse(); // nothing published while UNKNOWN
        assertThat(asked.get()).isGreaterThanOrEqualTo(2);
        loop.submit(() -> tracker.onTerminal(order, ExecType.EXPIRED, 0, "EXPIRED", 1)).get(WAIT_MS, TimeUnit.MILLISECONDS);
        final int askedThen = asked.get();
        assertThat(sink.await(s -> false, 200)).isFalse();
        assertThat(asked.get()).isLessThanOrEqualTo(askedThen + 1); // at most the query already scheduled
        assertThat(sink.reports()).extracting(GatewayEventSink.Report::execType).containsExactly(ExecType.EXPIRED);
        loop.submit(() -> assertThat(resolver.pending()).isZero()).get(WAIT_MS, TimeUnit.MILLISECONDS);
    }
}
