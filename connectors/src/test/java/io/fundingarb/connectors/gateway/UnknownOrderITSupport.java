package io.fundingarb.connectors.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.CommandHandler;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.OrderType;
import io.fundingarb.codecs.sbe.PositionSource;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.TimeInForce;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.gateway.GatewayEventSink.Report;
import io.fundingarb.connectors.simulator.RestReply;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.simulator.SimulatorServer;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A venue gateway against its simulator when an order's answer is lost or indefinite: the order
 * is UNKNOWN, the gateway asks the venue by client id, the real outcome is published once and the
 * order is never resent; reports of a previous session's order are not matched to this session's.
 * The simulator's answer to that query keeps the documented example's shape.
 *
 * @param <S> the venue's simulator.
 * @param <G> the venue's gateway.
 */
@SuppressWarnings("try")
public abstract class UnknownOrderITSupport<S extends SimulatorServer, G extends AutoCloseable & CommandHandler> extends GatewayITSupport<S, G>
{
    protected static final int BTC = 1;
    private static final long RECV_WINDOW_MS = 1_000;

    protected UnknownOrderITSupport(final String ioThreadName, final long seed, final String takerFee)
    {
        super(ioThreadName, seed, takerFee);
    }

    protected abstract Venue venue();

    /** A gateway of session {@code epoch} publishing into {@code into}. */
    protected abstract G newGateway(GatewayConfig config, String secret, GatewayEventSink into, long epoch);

    protected abstract UnknownOrders outcomes(G gateway);

    /** The code the venue's "no such order" is published with. */
    protected abstract int absentCode();

    /** The body of the simulator's answer to the venue's signed query of order {@code venueClientId}. */
    protected abstract String queryAnswer(String venueClientId) throws Exception;

    /** The documented example of that answer (fixtures/…) and the members it has that the simulator need not. */
    protected abstract String queryFixture();

    protected abstract Set<String> queryFixtureOnly();

    /** Hands the gateway a resumed session's previous orders (before start). */
    protected abstract void adoptPrevious(G gateway, List<PreviousOrder> orders);

    protected abstract PreviousOrders previousOrders(G gateway);

    /** A simulator of the venue, not started. */
    protected abstract S newSimulator(SimScenario scenario, SimulatorConfig config);

    /** A simulator of {@link #scenario} keeping its state in {@code dir}/&lt;venue&gt;.json ({@code SimulatorServer.keepStateIn}), started. */
    private S simulatorKeepingState(final java.nio.file.Path dir)
    {
        final S started = newSimulator(scenario, simulatorConfig);
        try
        {
            started.keepStateIn(dir.resolve(venue().name().toLowerCase(java.util.Locale.ROOT) + ".json"));
        }
        catch (final RuntimeException ex)
        {
            started.close();
            throw ex;
        }
        started.start();
        return started;
    }

    @Override
    protected G newGateway(final GatewayConfig config, final String secret)
    {
        return newGateway(config, secret, sink, EPOCH);
    }

    /** recvWindow 1 s (an absent order is called so 2 s after it was signed), requests time out after 300 ms. */
    protected GatewayConfig quick()
    {
        return new GatewayConfig(URI.create(simulator.httpBaseUrl()), URI.create(simulator.wsBaseUrl()), RECV_WINDOW_MS, 10,
            FixedPoint.parse("0.0005"), 1, TimeUnit.SECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(300), TimeUnit.MINUTES.toNanos(30),
            TimeUnit.MILLISECONDS.toNanos(50), TimeUnit.MILLISECONDS.toNanos(200), 2_400, 300, GatewayConfig.DEFAULT_BALANCE_POLL_INTERVAL_NS,
            AccountSettings.DEFAULT);
    }

    protected String crossingPrice()
    {
        return simulator.touch("BTCUSDT")[1].add(BigDecimal.TEN).toPlainString();
    }

    protected void assertFilledOnceNeverResent(final long clientOrderId) throws InterruptedException
    {
        assertThat(sink.awaitTerminal(clientOrderId, WAIT_MS)).isTrue();
        final List<Report> reports = sink.reports(clientOrderId);
        assertThat(ofType(reports, ExecType.FILL)).singleElement().satisfies(r -> assertThat(r.lastQty()).isEqualTo(FixedPoint.parse("0.001")));
        assertThat(ofType(reports, ExecType.PARTIAL_FILL)).isEmpty();
        assertThat(ofType(reports, ExecType.REJECTED)).isEmpty();
        assertThat(simulator.ordersReceived()).isEqualTo(1);
        assertThat(simulator.position("BTCUSDT").qty()).isEqualByComparingTo("0.001");
    }

    /**
     * Starts the gateway, then cuts the private stream for the rest of the test, reconnects 5 s
     * apart at the earliest (a reconnect's recheck of open orders would tell too): only the
     * query of the UNKNOWN order can tell its outcome.
     */
    protected void startWithoutStream() throws Exception
    {
        start(quick().withWsBackoff(TimeUnit.SECONDS.toNanos(5), TimeUnit.SECONDS.toNanos(10)), SECRET);
        simulator.dropPrivateStreams(60_000);
        assertThat(sink.await(s -> simulator.privateSessionCount() == 0, WAIT_MS)).isTrue();
    }

    protected void assertLearnedByQuerying()
    {
        assertThat(outcomes(gateway).unknownOrders()).isEqualTo(1);
        assertThat(outcomes(gateway).queries()).isPositive();
    }

    @Test
    void shouldReportAFilledOrderWhoseAnswerWasLostAsFilledOnceNeverResent() throws Exception
    {
        start(quick(), SECRET); // the stream tells the fill too: whichever comes first, one FILL
        simulator.loseNextOrderResponses(1, RestReply.Loss.CLOSE_CONNECTION);
        commands.ioc(gateway, venue(), 140, BTC, Side.BUY, crossingPrice(), "0.001");
        assertFilledOnceNeverResent(140);
    }

    @Test
    void shouldLearnByQueryingAFillNeitherTheAnswerNorTheStreamTold() throws Exception
    {
        startWithoutStream();
        simulator.loseNextOrderResponses(1, RestReply.Loss.CLOSE_CONNECTION);
        commands.ioc(gateway, venue(), 141, BTC, Side.BUY, crossingPrice(), "0.001");
        assertFilledOnceNeverResent(141);
        assertLearnedByQuerying();
    }

    @Test
    void shouldLearnTheFillOfAnOrderWhoseAnswerNeverCame() throws Exception
    {
        startWithoutStream();
        simulator.loseNextOrderResponses(1, RestReply.Loss.NO_ANSWER); // the gateway's request times out
        commands.ioc(gateway, venue(), 142, BTC, Side.BUY, crossingPrice(), "0.001");
        assertFilledOnceNeverResent(142);
        assertLearnedByQuerying();
    }

    @Test
    void shouldReportAnOrderThatNeverReachedTheBookAsNotFilled() throws Exception
    {
        start(quick(), SECRET);
        simulator.failNextOrdersUnapplied(1, 503);
        final long sentNs = System.nanoTime();
        commands.ioc(gateway, venue(), 143, BTC, Side.BUY, crossingPrice(), "0.001");
        assertThat(sink.awaitTerminal(143, WAIT_MS)).isTrue();
        // "no such order" is believed only once the request could no longer arrive: recvWindow + 1 s after signing
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentNs)).isGreaterThanOrEqualTo(RECV_WINDOW_MS + 1_000 - 50);
        assertThat(sink.reports(143)).singleElement().satisfies(r ->
        {
            assertThat(r.execType()).isEqualTo(ExecType.REJECTED);
            assertThat(r.rejectCode()).isEqualTo(absentCode());
            assertThat(r.cumQty()).isZero();
        });
        assertThat(simulator.ordersReceived()).isEqualTo(1);
        assertThat(simulator.ordersApplied()).isZero();
        assertThat(outcomes(gateway).absentOrders()).isEqualTo(1);
        assertThat(outcomes(gateway).queries()).isGreaterThanOrEqualTo(2); // asked before the window closed, then after
    }

    @Test
    void shouldNeverMatchAPreviousSessionsReportToThisSessionsOrder() throws Exception
    {
        final GatewayEventSink previousSink = new GatewayEventSink();
        try (G previous = newGateway(quick(), SECRET, previousSink, EPOCH - 3_600))
        {
            start(previous).get(WAIT_MS, TimeUnit.MILLISECONDS);
            simulator.delayOrders(2_000); // its answer and stream pushes come late: the pushes reach the next session's stream
            commands.ioc(previous, venue(), 150, BTC, Side.BUY, crossingPrice(), "0.001");
            assertThat(previousSink.awaitTerminal(150, WAIT_MS)).isTrue(); // learned by the query after its request timed out
            simulator.delayOrders(0);
        }
        start(quick(), SECRET);
        commands.ioc(gateway, venue(), 150, BTC, Side.BUY, "60000.0", "0.001"); // the same engine id, not crossing: fills nothing
        assertThat(sink.await(s -> s.reports().stream().anyMatch(r -> VenueOrderIds.isForeign(r.clientOrderId())), WAIT_MS)).isTrue();
        assertThat(sink.awaitTerminal(150, WAIT_MS)).isTrue();

        assertThat(sink.reports(150)).noneMatch(r -> r.execType() == ExecType.FILL || r.execType() == ExecType.PARTIAL_FILL)
            .allMatch(r -> r.cumQty() == 0);
        assertThat(sink.reports().stream().filter(r -> VenueOrderIds.isForeign(r.clientOrderId())).toList()).singleElement().satisfies(r ->
        {
            assertThat(r.execType()).isEqualTo(ExecType.FILL);
            assertThat(r.lastQty()).isEqualTo(FixedPoint.parse("0.001"));
            assertThat(r.side()).isEqualTo(Side.BUY);
            assertThat(r.instrumentId()).isEqualTo(BTC);
            assertThat(r.pairId()).isZero();
        });
        assertThat(outcomes(gateway).foreignOrders()).isEqualTo(1);
    }

    /** A previous session (epoch an hour before) sends an order with {@code tif} and sees it answered; then it is gone. */
    private void previousSessionSends(final long clientOrderId, final TimeInForce tif, final String price) throws Exception
    {
        final GatewayEventSink previousSink = new GatewayEventSink();
        try (G previous = newGateway(quick(), SECRET, previousSink, EPOCH - 3_600))
        {
            start(previous).get(WAIT_MS, TimeUnit.MILLISECONDS);
            commands.order(previous, venue(), clientOrderId, BTC, Side.BUY, OrderType.LIMIT, tif, false, price, "0.001");
            assertThat(previousSink.await(s -> !s.reports(clientOrderId).isEmpty(), WAIT_MS)).isTrue();
        }
    }

    private static PreviousOrder unfinished(final long clientOrderId, final String price, final long sentNs)
    {
        return new PreviousOrder(clientOrderId, EPOCH - 3_600, clientOrderId >>> 6, BTC, Side.BUY, FixedPoint.parse(price), FixedPoint.parse("0.001"),
            0, 0, 0, sentNs);
    }

    /** The index of the first START position snapshot among the published events. */
    private int firstStartPosition()
    {
        final List<Object> events = sink.events();
        for (int i = 0; i < events.size(); i++)
        {
            if (events.get(i) instanceof GatewayEventSink.Position p && p.source() == PositionSource.START)
            {
                return i;
            }
        }
        return -1;
    }

    @Test
    void shouldPublishAPreviousSessionsFillTheJournalLacksBeforeThePositions() throws Exception
    {
        final String price = crossingPrice();
        previousSessionSends(170 << 6, TimeInForce.IOC, price); // filled; its report never reached the journal (say)

        gateway = newGateway(quick(), SECRET);
        adoptPrevious(gateway, List.of(unfinished(170 << 6, price, System.currentTimeMillis() * 1_000_000L)));
        start(gateway).get(WAIT_MS, TimeUnit.MILLISECONDS);

        final List<Report> reports = sink.reports(170 << 6);
        assertThat(ofType(reports, ExecType.FILL)).singleElement().satisfies(r ->
        {
            assertThat(r.lastQty()).isEqualTo(FixedPoint.parse("0.001"));
            assertThat(r.cumQty()).isEqualTo(FixedPoint.parse("0.001"));
            assertThat(r.pairId()).isEqualTo(170);
            assertThat(r.lastPrice()).isPositive();
            assertThat(r.fee()).isPositive();
        });
        assertThat(sink.events().indexOf(ofType(reports, ExecType.FILL).get(0))).isLessThan(firstStartPosition());
        assertThat(sink.reports().stream().filter(r -> VenueOrderIds.isForeign(r.clientOrderId()))).isEmpty();
        assertThat(simulator.ordersReceived()).isEqualTo(1); // asked for, never resent
        assertThat(previousOrders(gateway).resolved()).isEqualTo(1);
    }

    @Test
    void shouldReportAPreviousSessionsOrderTheVenueNeverHadAsRejectedBeforeThePositions() throws Exception
    {
        gateway = newGateway(quick(), SECRET);
        adoptPrevious(gateway, List.of(unfinished(171 << 6, "60000.0", System.currentTimeMillis() * 1_000_000L - TimeUnit.SECONDS.toNanos(10))));
        start(gateway).get(WAIT_MS, TimeUnit.MILLISECONDS);

        assertThat(sink.reports(171 << 6)).singleElement().satisfies(r ->
        {
            assertThat(r.execType()).isEqualTo(ExecType.REJECTED);
            assertThat(r.rejectCode()).isEqualTo(absentCode());
        });
        assertThat(sink.events().indexOf(sink.reports(171 << 6).get(0))).isLessThan(firstStartPosition());
    }

    @Test
    void shouldLeaveOutAPreviousSessionsOrderOnAnInstrumentThisSessionDoesNotTrade() throws Exception
    {
        gateway = newGateway(quick(), SECRET);
        adoptPrevious(gateway, List.of(new PreviousOrder(173 << 6, EPOCH - 3_600, 173, 99, Side.BUY, FixedPoint.parse("1"),
            FixedPoint.parse("1"), 0, 0, 0, System.currentTimeMillis() * 1_000_000L)));
        start(gateway).get(WAIT_MS, TimeUnit.MILLISECONDS); // the positions are published: nothing waits on an order that cannot be asked for

        assertThat(sink.reports(173 << 6)).isEmpty();
        assertThat(previousOrders(gateway).adopted()).isZero();
        assertThat(firstStartPosition()).isNotNegative();
    }

    @Test
    void shouldCancelAPreviousSessionsOrderStillWorkingUnderItsOwnId() throws Exception
    {
        previousSessionSends(172 << 6, TimeInForce.GTC, "60000.0"); // rests: far below the touch
        final String venueId = "fa-" + (EPOCH - 3_600) + "-" + (172 << 6);
        assertThat(simulator.order(venueId).isOpen()).isTrue();

        gateway = newGateway(quick(), SECRET);
        adoptPrevious(gateway, List.of(unfinished(172 << 6, "60000.0", System.currentTimeMillis() * 1_000_000L)));
        start(gateway).get(WAIT_MS, TimeUnit.MILLISECONDS);

        assertThat(simulator.order(venueId).isOpen()).isFalse();
        assertThat(sink.reports(172 << 6)).singleElement().satisfies(r ->
        {
            assertThat(r.execType()).isIn(ExecType.CANCELED, ExecType.EXPIRED);
            assertThat(r.cumQty()).isZero();
        });
        assertThat(previousOrders(gateway).cancelled()).isEqualTo(1);
    }

    @Test
    void shouldFindItsAccountOrdersAndClientIdsAgainAfterItsOwnRestart(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir) throws Exception
    {
        simulator.close();
        simulator = simulatorKeepingState(dir);
        start(config(), SECRET);
        commands.ioc(gateway, venue(), 180 << 6, BTC, Side.BUY, crossingPrice(), "0.001");
        commands.order(gateway, venue(), 181 << 6, BTC, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, "60000.0", "0.001");
        assertThat(sink.awaitTerminal(180 << 6, WAIT_MS)).isTrue();
        assertThat(sink.await(s -> !s.reports(181 << 6).isEmpty(), WAIT_MS)).isTrue();
        final BigDecimal wallet = simulator.walletBalance();
        final BigDecimal position = simulator.position("BTCUSDT").qty();
        final BigDecimal entry = simulator.position("BTCUSDT").entryPrice();
        final Map<String, Integer> ids = simulator.clientOrderIds();
        final String filled = venueId(180 << 6);
        final String resting = venueId(181 << 6);
        final BigDecimal filledQuote = simulator.order(filled).cumQuote;
        gateway.close();
        gateway = null;
        simulator.close();

        simulator = simulatorKeepingState(dir);

        assertThat(simulator.walletBalance()).isEqualByComparingTo(wallet);
        assertThat(simulator.position("BTCUSDT").qty()).isEqualByComparingTo(position).isEqualByComparingTo("0.001");
        assertThat(simulator.position("BTCUSDT").entryPrice()).isEqualByComparingTo(entry);
        assertThat(simulator.clientOrderIds()).isEqualTo(ids).containsKeys(filled, resting);
        assertThat(simulator.order(filled).executedQty).isEqualByComparingTo("0.001");
        assertThat(simulator.order(filled).cumQuote).isEqualByComparingTo(filledQuote);
        assertThat(simulator.order(filled).isOpen()).isFalse();
        assertThat(simulator.order(resting).isOpen()).isTrue();
        assertThat(queryAnswer(filled)).contains(filled); // a resumed engine's question about it is answered
    }

    @Test
    void shouldRefuseAStateFileOfAnotherVenueNamingIt(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir) throws Exception
    {
        final String name = venue().name().toLowerCase(java.util.Locale.ROOT);
        java.nio.file.Files.writeString(dir.resolve(name + ".json"), "{\"format\":\"fundingarb-sim-state\",\"version\":1,\"venue\":\"okx\"}");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> simulatorKeepingState(dir)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(dir.resolve(name + ".json").toString()).hasMessageContaining("venue okx, not " + name);
    }

    @Test
    void shouldAnswerTheOrderQueryInTheDocumentedShape() throws Exception
    {
        start(config(), SECRET);
        commands.ioc(gateway, venue(), 160, BTC, Side.BUY, crossingPrice(), "0.001");
        assertThat(sink.awaitTerminal(160, WAIT_MS)).isTrue();
        final Map<String, String> documented = new TreeMap<>(Fixtures.shape(Fixtures.text(queryFixture())));
        documented.keySet().removeAll(queryFixtureOnly());
        assertThat(Fixtures.shape(queryAnswer(venueId(160)))).isEqualTo(documented);
    }
}
