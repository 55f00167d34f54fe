package io.fundingarb.connectors.bybit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.bybit.sim.BybitSimulator;
import io.fundingarb.connectors.gateway.Fixtures;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.GatewayEventSink.Report;
import io.fundingarb.connectors.gateway.GatewayITSupport;
import io.fundingarb.connectors.gateway.OutputCapture;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.simulator.SimAccount;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** BybitGateway against BybitSimulator over loopback. */
@Timeout(30)
class BybitGatewayIT extends GatewayITSupport<BybitSimulator, BybitGateway>
{
    private static final int BTC = 7;
    private static final BigDecimal TAKER = new BigDecimal("0.00055");
    /** The gateway's clock: the wall clock, or the simulator's where a test jumps to a settlement and the venue's log is asked up to now. */
    private EpochNanoClock gatewayClock = new SystemEpochNanoClock();

    BybitGatewayIT()
    {
        super("fa-it-bybit-gw", 13L, "0.00055");
    }

    @Override
    protected BybitSimulator startSimulator(final SimScenario scenario, final SimulatorConfig config)
    {
        return new BybitSimulator(scenario, config).start();
    }

    @Override
    protected BybitGateway newGateway(final GatewayConfig config, final String secret)
    {
        return new BybitGateway(config, KEY, secret, io.group(), sink, gatewayClock, new VenueSymbols().add(BTC, "BTCUSDT"), EPOCH);
    }

    @Override
    protected CompletableFuture<Void> start(final BybitGateway gateway)
    {
        return gateway.start();
    }

    @Test
    void shouldAcknowledgeThenFillIocOrderWithTheVenueTakerFee() throws Exception
    {
        start(config(), SECRET);
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        commands.ioc(gateway, Venue.BYBIT, 201, BTC, Side.BUY, ask.add(new BigDecimal("5")).toPlainString(), "0.001");
        assertThat(sink.awaitTerminal(201, WAIT_MS)).isTrue();
        final List<Report> reports = sink.reports(201);
        assertThat(ofType(reports, ExecType.FILL)).singleElement().satisfies(fill ->
        {
            assertThat(fill.lastPrice()).isEqualTo(fixed(ask));
            assertThat(fill.lastQty()).isEqualTo(FixedPoint.parse("0.001"));
            assertThat(fill.leavesQty()).isZero();
            assertThat(fill.fee()).isEqualTo(fixed(SimAccount.fee(ask, new BigDecimal("0.001"), TAKER)));
            assertThat(fill.venue()).isEqualTo(Venue.BYBIT);
        });
        assertThat(reports).extracting(Report::execType).containsSubsequence(ExecType.FILL);
        assertThat(simulator.position("BTCUSDT").qty()).isEqualByComparingTo("0.001");
    }

    /**
     * The fill of an order is pushed while the private stream is down (the order went out before the
     * stream was back); the engine's cancel at its timeout is answered 110001 "order not exists or
     * too late to cancel": the gateway asks for the order and publishes its fill, long before the
     * stream returns, instead of leaving an order open that the venue filled.
     */
    @Test
    void shouldPublishTheFillOfAnOrderWhoseCancelFindsItAlreadyDone() throws Exception
    {
        start(config(), SECRET);
        final int seen = sink.statuses().size();
        simulator.dropPrivateStreams(10_000);
        assertThat(sink.await(s -> s.statuses().stream().skip(seen).anyMatch(t -> t.startsWith("ORDERS:") && !t.startsWith("ORDERS:LIVE")), WAIT_MS))
            .isTrue();
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        commands.ioc(gateway, Venue.BYBIT, 231, BTC, Side.BUY, ask.add(new BigDecimal("5")).toPlainString(), "0.001");
        assertThat(sink.await(s -> !ofType(s.reports(231), ExecType.NEW).isEmpty(), WAIT_MS)).as("the REST answer").isTrue();
        assertThat(ofType(sink.reports(231), ExecType.FILL)).as("the execution went to no stream").isEmpty();

        commands.cancel(gateway, Venue.BYBIT, 231, BTC);

        assertThat(sink.awaitTerminal(231, WAIT_MS)).isTrue();
        assertThat(ofType(sink.reports(231), ExecType.FILL)).singleElement().satisfies(fill ->
        {
            assertThat(fill.lastPrice()).isEqualTo(fixed(ask));
            assertThat(fill.lastQty()).isEqualTo(FixedPoint.parse("0.001"));
        });
        assertThat(simulator.privateSessionCount()).as("learned from the query, not from a reconnect").isZero();
    }

    @Test
    void shouldPublishAFillSeenOnTheExecutionAndOrderTopicsOnce() throws Exception
    {
        start(config(), SECRET);
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        commands.ioc(gateway, Venue.BYBIT, 202, BTC, Side.BUY, ask.toPlainString(), "0.001");
        // wallet follows execution and order on the stream
        assertThat(sink.await(s -> s.balances().size() >= 2 && !ofType(s.reports(202), ExecType.FILL).isEmpty(), WAIT_MS)).isTrue();
        assertThat(ofType(sink.reports(202), ExecType.FILL)).hasSize(1);
        assertThat(sink.reports(202).stream().mapToLong(Report::lastQty).sum()).isEqualTo(FixedPoint.parse("0.001"));
        assertThat(gateway.duplicatesDropped()).isPositive();
        assertThat(sink.balances()).last().satisfies(b -> assertThat(b.walletBalance()).isEqualTo(fixed(simulator.walletBalance())));
    }

    @Test
    void shouldPartiallyFillAThinBookThenExpireTheRemainder() throws Exception
    {
        start(config(), SECRET);
        final BigDecimal[] best = simulator.levels("BTCUSDT", true).get(0);
        final BigDecimal qty = best[1].add(new BigDecimal("0.5"));
        commands.ioc(gateway, Venue.BYBIT, 203, BTC, Side.BUY, best[0].toPlainString(), qty.toPlainString());
        assertThat(sink.awaitTerminal(203, WAIT_MS)).isTrue();
        final List<Report> reports = sink.reports(203);
        assertThat(ofType(reports, ExecType.PARTIAL_FILL)).singleElement().satisfies(r ->
        {
            assertThat(r.lastQty()).isEqualTo(fixed(best[1]));
            assertThat(r.lastPrice()).isEqualTo(fixed(best[0]));
            assertThat(r.fee()).isEqualTo(fixed(SimAccount.fee(best[0], best[1], TAKER)));
        });
        final Report last = reports.get(reports.size() - 1);
        assertThat(last.execType()).isEqualTo(ExecType.EXPIRED);
        assertThat(last.cumQty()).isEqualTo(fixed(best[1]));
    }

    @Test
    void shouldExpireEverythingWhenTheVenueFillsNothing() throws Exception
    {
        start(config(), SECRET);
        simulator.fillNothing(true);
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        commands.ioc(gateway, Venue.BYBIT, 204, BTC, Side.BUY, ask.add(BigDecimal.TEN).toPlainString(), "0.001");
        assertThat(sink.awaitTerminal(204, WAIT_MS)).isTrue();
        final List<Report> reports = sink.reports(204);
        assertThat(reports.get(reports.size() - 1).execType()).isEqualTo(ExecType.EXPIRED);
        assertThat(reports.get(reports.size() - 1).cumQty()).isZero();
        assertThat(simulator.position("BTCUSDT").qty()).isEqualByComparingTo("0");
    }

    @Test
    void shouldRejectWithTheVenueRetCodeAndMessage() throws Exception
    {
        start(config(), SECRET);
        commands.ioc(gateway, Venue.BYBIT, 205, BTC, Side.BUY, "65000.05", "0.001");
        commands.ioc(gateway, Venue.BYBIT, 206, BTC, Side.BUY, "1000.0", "0.001");
        assertThat(sink.awaitTerminal(205, WAIT_MS) && sink.awaitTerminal(206, WAIT_MS)).isTrue();
        assertThat(sink.reports(205)).singleElement().satisfies(r ->
        {
            assertThat(r.execType()).isEqualTo(ExecType.REJECTED);
            assertThat(r.rejectCode()).isEqualTo(10001);
            assertThat(r.reason()).isEqualTo("Order price has too many decimals.");
        });
        assertThat(sink.reports(206)).singleElement().satisfies(r ->
        {
            assertThat(r.rejectCode()).isEqualTo(110094);
            assertThat(r.reason()).isEqualTo("Order does not meet minimum order value 5USDT");
        });
    }

    @Test
    void shouldRejectABadSignatureAsTheVenueDoes() throws Exception
    {
        gateway = new BybitGateway(config(), KEY, "not-the-demo-secret", io.group(), sink, new SystemEpochNanoClock(),
            new VenueSymbols().add(BTC, "BTCUSDT"), EPOCH);
        commands.ioc(gateway, Venue.BYBIT, 207, BTC, Side.BUY, "65000.1", "0.001");
        assertThat(sink.awaitTerminal(207, WAIT_MS)).isTrue();
        assertThat(sink.reports(207)).singleElement().satisfies(r ->
        {
            assertThat(r.execType()).isEqualTo(ExecType.REJECTED);
            assertThat(r.rejectCode()).isEqualTo(10004);
            assertThat(r.reason()).isEqualTo("error sign!");
        });
        assertThat(simulator.order(venueId(207))).isNull();
    }

    @Test
    void shouldRetryAnOrderAnswered429() throws Exception
    {
        start(config(), SECRET);
        simulator.failRest(429, 1, 0);
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        commands.ioc(gateway, Venue.BYBIT, 208, BTC, Side.BUY, ask.toPlainString(), "0.001");
        assertThat(sink.awaitTerminal(208, WAIT_MS)).isTrue();
        assertThat(ofType(sink.reports(208), ExecType.FILL)).hasSize(1);
        assertThat(gateway.rateLimitedResponses()).isEqualTo(1);
    }

    @Test
    void shouldBackOffAndRejectWhenRateLimitingPersists() throws Exception
    {
        start(config(), SECRET);
        simulator.failRest(429, 3, 1);
        commands.ioc(gateway, Venue.BYBIT, 209, BTC, Side.BUY, "65000.1", "0.001");
        assertThat(sink.awaitTerminal(209, WAIT_MS)).isTrue();
        assertThat(sink.reports(209)).singleElement().satisfies(r ->
        {
            assertThat(r.execType()).isEqualTo(ExecType.REJECTED);
            assertThat(r.rejectCode()).isEqualTo(BybitGateway.RATE_LIMITED);
        });
        commands.ioc(gateway, Venue.BYBIT, 210, BTC, Side.BUY, "65000.1", "0.001");
        assertThat(sink.reports(210)).singleElement().satisfies(r -> assertThat(r.rejectCode()).isEqualTo(BybitGateway.LOCAL_RATE_LIMIT));
    }

    @Test
    void shouldPublishFundingPaymentWithTheExactAmountAndRate() throws Exception
    {
        start(config(), SECRET);
        final BigDecimal bid = simulator.touch("BTCUSDT")[0];
        commands.ioc(gateway, Venue.BYBIT, 211, BTC, Side.SELL, bid.subtract(BigDecimal.TEN).toPlainString(), "0.02");
        assertThat(sink.awaitTerminal(211, WAIT_MS)).isTrue();
        final long settleMs = simulator.nextSettlementMs("BTCUSDT");
        simClock.jumpTo(settleMs + 1);
        assertThat(sink.await(s -> !s.fundings().isEmpty(), WAIT_MS)).isTrue();
        final BigDecimal rate = simulator.fundingRateAt("BTCUSDT", settleMs);
        final BigDecimal expected = new BigDecimal("-0.02").multiply(simulator.markPriceAt("BTCUSDT", settleMs)).multiply(rate).negate()
            .setScale(8, RoundingMode.HALF_UP);
        assertThat(sink.fundings()).singleElement().satisfies(f ->
        {
            assertThat(f.amount()).isEqualTo(fixed(expected));
            assertThat(f.amount()).isPositive(); // short receives a positive rate
            assertThat(f.fundingRate()).isEqualTo(fixed(rate));
            assertThat(f.positionQty()).isEqualTo(FixedPoint.parse("-0.02"));
            assertThat(f.instrumentId()).isEqualTo(BTC);
        });
    }

    /** Starts on the simulator's clock and sells 0.02 BTC; returns the short's next settlement time. */
    private long startWithAShort(final long clientOrderId) throws Exception
    {
        gatewayClock = simClock;
        start(config(), SECRET);
        final BigDecimal bid = simulator.touch("BTCUSDT")[0];
        commands.ioc(gateway, Venue.BYBIT, clientOrderId, BTC, Side.SELL, bid.subtract(BigDecimal.TEN).toPlainString(), "0.02");
        assertThat(sink.awaitTerminal(clientOrderId, WAIT_MS)).isTrue();
        return simulator.nextSettlementMs("BTCUSDT");
    }

    /** {@link #startWithAShort}, then the clock at the settlement and its payment seen on the stream. */
    private long settleAShortOnTheStream(final long clientOrderId) throws Exception
    {
        final long settleMs = startWithAShort(clientOrderId);
        simClock.jumpTo(settleMs + 1);
        assertThat(sink.await(s -> !s.fundings().isEmpty(), WAIT_MS)).isTrue();
        return settleMs;
    }

    @Test
    void shouldPublishASettlementMissedWhileThePrivateStreamWasDownOnceAfterTheReconnect() throws Exception
    {
        final long settleMs = startWithAShort(216);
        final int seen = sink.statuses().size();
        simulator.dropPrivateStreams(800);
        // settle only once the gateway has seen its stream go: else the settlement may still ride the old stream
        assertThat(sink.await(s -> s.statuses().stream().skip(seen).anyMatch(t -> t.startsWith("ORDERS:") && !t.startsWith("ORDERS:LIVE")), WAIT_MS)).isTrue();
        simClock.jumpTo(settleMs + 1);

        assertThat(sink.await(s -> !s.fundings().isEmpty(), WAIT_MS)).isTrue();
        final BigDecimal rate = simulator.fundingRateAt("BTCUSDT", settleMs);
        final BigDecimal expected = new BigDecimal("0.02").multiply(simulator.markPriceAt("BTCUSDT", settleMs)).multiply(rate)
            .setScale(8, RoundingMode.HALF_UP);
        assertThat(sink.fundings()).singleElement().satisfies(f ->
        {
            assertThat(f.amount()).isEqualTo(fixed(expected));
            assertThat(f.fundingRate()).isEqualTo(fixed(rate));
            assertThat(f.positionQty()).isEqualTo(FixedPoint.parse("-0.02"));
            assertThat(f.instrumentId()).isEqualTo(BTC);
        });
        assertThat(gateway.streamReconnects()).isPositive();
        // the count moves just after the publication, on the gateway's loop
        assertThat(sink.await(s -> gateway.fundingRecovered() == 1, 50) || sink.await(s -> gateway.fundingRecovered() == 1, 2_000))
            .as("published from the transaction log, recovered %d, duplicates %d", gateway.fundingRecovered(), gateway.fundingDuplicates()).isTrue();
    }

    @Test
    void shouldNotPublishASettlementSeenOnTheStreamAgainAfterAReconnect() throws Exception
    {
        settleAShortOnTheStream(217);

        simulator.dropPrivateStreams(200);

        assertThat(sink.await(s -> gateway.fundingDuplicates() >= 1, WAIT_MS)).isTrue();
        assertThat(sink.fundings()).hasSize(1);
        assertThat(gateway.fundingRecovered()).isZero();
    }

    @Test
    void shouldAnswerTheTransactionLogInTheDocumentedShape() throws Exception
    {
        final long settleMs = settleAShortOnTheStream(218);

        final String answer = gateway.signedGet(BybitFundingLog.PATH, "accountType=UNIFIED&category=linear&type=SETTLEMENT&startTime="
            + (settleMs - 1) + "&endTime=" + (settleMs + 1) + "&limit=50").get(WAIT_MS, TimeUnit.MILLISECONDS).bodyText();

        assertThat(Fixtures.shape(answer)).isEqualTo(Fixtures.shape(Fixtures.text("bybit/transaction-log.json")));
        assertThat(answer).contains("\"type\":\"SETTLEMENT\"", "\"side\":\"Sell\"", "\"nextPageCursor\":\"\"");
    }

    @Test
    void shouldRecoverFillsMissedWhileThePrivateStreamWasDown() throws Exception
    {
        start(config(), SECRET);
        simulator.dropPrivateStreams(500);
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        commands.ioc(gateway, Venue.BYBIT, 212, BTC, Side.BUY, ask.toPlainString(), "0.001");
        // the ack arrives over REST; the fill is pushed while no private stream is connected
        assertThat(sink.await(s -> !s.reports(212).isEmpty(), WAIT_MS)).isTrue();
        assertThat(sink.reports(212).get(0).execType()).isEqualTo(ExecType.NEW);
        assertThat(sink.awaitTerminal(212, WAIT_MS)).isTrue();
        assertThat(ofType(sink.reports(212), ExecType.FILL)).singleElement().satisfies(r ->
            assertThat(r.fee()).isEqualTo(fixed(SimAccount.fee(ask, new BigDecimal("0.001"), TAKER))));
        assertThat(gateway.streamReconnects()).isPositive();
    }

    @Test
    void shouldNeverRevealKeyOrSecretInLogsReportsOrToString() throws Exception
    {
        try (OutputCapture capture = new OutputCapture())
        {
            start(config(), SECRET);
            commands.ioc(gateway, Venue.BYBIT, 213, BTC, Side.BUY, "65000.05", "0.001");
            assertThat(sink.awaitTerminal(213, WAIT_MS)).isTrue();
            final BybitGateway wrong = new BybitGateway(config(), KEY, "another-secret-value", io.group(), sink, new SystemEpochNanoClock(),
                new VenueSymbols().add(BTC, "BTCUSDT"), EPOCH);
            wrong.start();
            commands.ioc(wrong, Venue.BYBIT, 214, BTC, Side.BUY, "65000.1", "0.001");
            assertThat(sink.awaitTerminal(214, WAIT_MS)).isTrue();
            wrong.close();

            final String everything = capture.text() + gateway + wrong + sink.reports() + config();
            assertThat(capture.text()).contains("bybit gateway");
            assertThat(everything).doesNotContain(SECRET).doesNotContain(KEY).doesNotContain("another-secret-value");
        }
    }

    @Test
    void shouldPublishTheStartingBalanceBeforeStartCompletes() throws Exception
    {
        start(config(), SECRET);
        assertThat(sink.balances()).singleElement().satisfies(b ->
        {
            assertThat(b.venue()).isEqualTo(Venue.BYBIT);
            assertThat(b.asset()).isEqualTo(Quote.USDT);
            assertThat(b.walletBalance()).isEqualTo(FixedPoint.parse("100000"));
            assertThat(b.availableBalance()).isEqualTo(FixedPoint.parse("100000"));
        });
        assertThat(sink.reports()).isEmpty();
    }

    @Test
    void shouldPublishALowerAvailableBalanceAfterAFill() throws Exception
    {
        start(config(), SECRET);
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        commands.ioc(gateway, Venue.BYBIT, 280, BTC, Side.BUY, ask.add(BigDecimal.TEN).toPlainString(), "0.01");
        assertThat(sink.awaitTerminal(280, WAIT_MS)).isTrue();
        assertThat(gateway.pollBalance().get(WAIT_MS, TimeUnit.MILLISECONDS)).isNull();
        assertThat(sink.balances()).last().satisfies(b ->
        {
            assertThat(b.availableBalance()).isEqualTo(fixed(simulator.availableBalance()));
            assertThat(b.availableBalance()).isLessThan(FixedPoint.parse("100000") - FixedPoint.parse("60")); // 0.01 x ~65000 at 10x: ~65 of margin
            assertThat(b.walletBalance()).isEqualTo(fixed(simulator.walletBalance()));
        });
    }

    @Test
    void shouldPollTheBalanceEveryInterval() throws Exception
    {
        start(config().withBalancePollIntervalNs(TimeUnit.MILLISECONDS.toNanos(100)), SECRET);
        assertThat(sink.await(s -> s.balances().size() >= 3, WAIT_MS)).isTrue();
        assertThat(gateway.balanceFailures()).isZero();
    }

    @Test
    void shouldFailStartNamingTheVenueErrorWhenTheFirstSignedRequestIsRefused()
    {
        gateway = new BybitGateway(config(), KEY, "not-the-demo-secret", io.group(), sink, new SystemEpochNanoClock(),
            new VenueSymbols().add(BTC, "BTCUSDT"), EPOCH);
        assertThatThrownBy(() -> gateway.start().get(WAIT_MS, TimeUnit.MILLISECONDS))
            .isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("margin mode") // the first signed request of start
            .hasMessageContaining("10004")
            .hasMessageContaining("error sign!")
            .hasMessageNotContaining("not-the-demo-secret");
        assertThat(sink.balances()).isEmpty();
    }

    @Test
    void shouldReportThePrivateStreamAsTheOrdersStream() throws Exception
    {
        start(config(), SECRET);
        assertThat(sink.await(s -> s.statuses().stream().anyMatch(t -> t.startsWith("ORDERS:LIVE")), WAIT_MS)).isTrue();
        assertThat(sink.statuses()).allSatisfy(t -> assertThat(t).startsWith("ORDERS:"));
    }
}
