package io.fundingarb.connectors.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.OrderType;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.TimeInForce;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.binance.sim.BinanceSimulator;
import io.fundingarb.connectors.gateway.AccountSettings;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.GatewayEventSink.Report;
import io.fundingarb.connectors.gateway.GatewayITSupport;
import io.fundingarb.connectors.gateway.OutputCapture;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.simulator.DocumentedShapes;
import io.fundingarb.connectors.simulator.SimAccount;
import io.fundingarb.connectors.simulator.SimOrder;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.transport.RestClient;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** BinanceGateway against BinanceSimulator over loopback. */
@Timeout(30)
class BinanceGatewayIT extends GatewayITSupport<BinanceSimulator, BinanceGateway>
{
    private static final com.fasterxml.jackson.databind.ObjectMapper JACKSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final int BTC = 1;
    private static final BigDecimal TAKER = new BigDecimal("0.0005");

    BinanceGatewayIT()
    {
        super("fa-it-binance-gw", 11L, "0.0005");
    }

    @Override
    protected BinanceSimulator startSimulator(final SimScenario scenario, final SimulatorConfig config)
    {
        return new BinanceSimulator(scenario, config.withStrictPaths(true)).start(); // user data only on /private, as since 2026
    }

    @Override
    protected BinanceGateway newGateway(final GatewayConfig config, final String secret)
    {
        return new BinanceGateway(config, KEY, secret, io.group(), sink, new SystemEpochNanoClock(), new VenueSymbols().add(BTC, "BTCUSDT"),
            BinanceWsLayout.SPLIT, EPOCH);
    }

    @Override
    protected CompletableFuture<Void> start(final BinanceGateway gateway)
    {
        return gateway.start();
    }

    @Test
    void shouldFillIocOrderWithTheVenueTakerFee() throws Exception
    {
        start(config(), SECRET);
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        commands.ioc(gateway, Venue.BINANCE, 101, BTC, Side.BUY, ask.add(new BigDecimal("5")).toPlainString(), "0.001");
        assertThat(sink.awaitTerminal(101, WAIT_MS)).isTrue();

        final List<Report> fills = ofType(sink.reports(101), ExecType.FILL);
        assertThat(fills).hasSize(1);
        final Report fill = fills.get(0);
        assertThat(fill.lastPrice()).isEqualTo(fixed(ask));
        assertThat(fill.lastQty()).isEqualTo(FixedPoint.parse("0.001"));
        assertThat(fill.cumQty()).isEqualTo(FixedPoint.parse("0.001"));
        assertThat(fill.leavesQty()).isZero();
        assertThat(fill.fee()).isEqualTo(fixed(SimAccount.fee(ask, new BigDecimal("0.001"), TAKER)));
        assertThat(fill.fee()).isEqualTo(fixed(simulator.order(venueId(101)).cumFee));
        assertThat(fill.pairId()).isEqualTo(10);
        assertThat(fill.venue()).isEqualTo(Venue.BINANCE);
        assertThat(simulator.position("BTCUSDT").qty()).isEqualByComparingTo("0.001");
    }

    @Test
    void shouldSendOrdersOnTheWarmedKeepAliveConnection() throws Exception
    {
        start(config(), SECRET);
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        final int orders = 10;
        for (int i = 0; i < orders; i++)
        {
            commands.ioc(gateway, Venue.BINANCE, 110 + i, BTC, Side.BUY, ask.add(new BigDecimal("5")).toPlainString(), "0.001");
            assertThat(sink.awaitTerminal(110 + i, WAIT_MS)).isTrue();
        }

        // the start's requests and the polls run beside the orders: as many connections as ran at once, no more
        assertThat(gateway.restConnections()[0]).as("no handshake per order").isLessThanOrEqualTo(RestClient.MAX_IDLE_PER_HOST);
        assertThat(gateway.restConnections()[1]).isGreaterThanOrEqualTo(orders);
    }

    @Test
    void shouldPublishAFillSeenInTheRestResultAndOnTheStreamOnce() throws Exception
    {
        start(config(), SECRET);
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        commands.ioc(gateway, Venue.BINANCE, 102, BTC, Side.BUY, ask.toPlainString(), "0.001");
        // the REST RESULT and the stream's TRADE race: once the second source is dropped, both were seen
        assertThat(sink.await(s -> !ofType(s.reports(102), ExecType.FILL).isEmpty(), WAIT_MS)).isTrue();
        assertThat(awaitDuplicateDropped()).isTrue();
        assertThat(ofType(sink.reports(102), ExecType.FILL)).hasSize(1);
        assertThat(ofType(sink.reports(102), ExecType.PARTIAL_FILL)).isEmpty();
        final long cum = sink.reports(102).stream().mapToLong(Report::lastQty).sum();
        assertThat(cum).isEqualTo(FixedPoint.parse("0.001"));
    }

    @Test
    void shouldPartiallyFillAThinBookThenExpireTheRemainder() throws Exception
    {
        start(config(), SECRET);
        final BigDecimal[] best = simulator.levels("BTCUSDT", true).get(0);
        final BigDecimal qty = best[1].add(new BigDecimal("0.5"));
        commands.ioc(gateway, Venue.BINANCE, 103, BTC, Side.BUY, best[0].toPlainString(), qty.toPlainString());
        assertThat(sink.awaitTerminal(103, WAIT_MS)).isTrue();

        final List<Report> reports = sink.reports(103);
        final List<Report> partial = ofType(reports, ExecType.PARTIAL_FILL);
        assertThat(partial).hasSize(1);
        assertThat(partial.get(0).lastQty()).isEqualTo(fixed(best[1]));
        assertThat(partial.get(0).lastPrice()).isEqualTo(fixed(best[0]));
        assertThat(partial.get(0).leavesQty()).isEqualTo(FixedPoint.parse("0.5"));
        final Report expired = reports.get(reports.size() - 1);
        assertThat(expired.execType()).isEqualTo(ExecType.EXPIRED);
        assertThat(expired.cumQty()).isEqualTo(fixed(best[1]));
        assertThat(expired.leavesQty()).isZero();
        assertThat(ofType(reports, ExecType.FILL)).isEmpty();
    }

    @Test
    void shouldPartiallyFillOnTheFaultAndExpireTheRest() throws Exception
    {
        start(config(), SECRET);
        simulator.partialFillNextOrders(1, new BigDecimal("0.5"));
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        commands.ioc(gateway, Venue.BINANCE, 104, BTC, Side.BUY, ask.add(BigDecimal.TEN).toPlainString(), "0.002");
        assertThat(sink.awaitTerminal(104, WAIT_MS)).isTrue();
        final List<Report> reports = sink.reports(104);
        assertThat(ofType(reports, ExecType.PARTIAL_FILL)).singleElement().extracting(Report::lastQty).isEqualTo(FixedPoint.parse("0.001"));
        assertThat(reports.get(reports.size() - 1).execType()).isEqualTo(ExecType.EXPIRED);
    }

    @Test
    void shouldRejectWithTheVenueCodeAndMessage() throws Exception
    {
        start(config(), SECRET);
        commands.ioc(gateway, Venue.BINANCE, 105, BTC, Side.BUY, "65000.05", "0.001");
        commands.ioc(gateway, Venue.BINANCE, 106, BTC, Side.BUY, "65000.1", "0.00001");
        assertThat(sink.awaitTerminal(105, WAIT_MS) && sink.awaitTerminal(106, WAIT_MS)).isTrue();
        assertThat(sink.reports(105)).singleElement().satisfies(r ->
        {
            assertThat(r.execType()).isEqualTo(ExecType.REJECTED);
            assertThat(r.rejectCode()).isEqualTo(-1111);
            assertThat(r.reason()).isEqualTo("Precision is over the maximum defined for this asset.");
        });
        assertThat(sink.reports(106)).singleElement().satisfies(r ->
        {
            assertThat(r.rejectCode()).isEqualTo(-1111);
        });
    }

    @Test
    void shouldRejectBelowMinNotionalAndOffTick() throws Exception
    {
        start(config(), SECRET);
        commands.ioc(gateway, Venue.BINANCE, 108, BTC, Side.BUY, "1000.0", "0.001");
        commands.order(gateway, Venue.BINANCE, 109, BTC, Side.SELL, OrderType.LIMIT, TimeInForce.IOC, true, "65000.1", "0.001");
        assertThat(sink.awaitTerminal(108, WAIT_MS) && sink.awaitTerminal(109, WAIT_MS)).isTrue();
        assertThat(sink.reports(108)).singleElement().satisfies(r ->
        {
            assertThat(r.rejectCode()).isEqualTo(-4164);
            assertThat(r.reason()).startsWith("Order's notional must be no smaller than 5");
        });
        assertThat(sink.reports(109)).singleElement().satisfies(r ->
        {
            assertThat(r.rejectCode()).isEqualTo(-2022);
            assertThat(r.reason()).isEqualTo("ReduceOnly Order is rejected.");
        });
    }

    @Test
    void shouldRejectTheNextOrdersOnTheRejectFault() throws Exception
    {
        start(config(), SECRET);
        simulator.rejectNextOrders(1, -2019, "Margin is insufficient.");
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        commands.ioc(gateway, Venue.BINANCE, 110, BTC, Side.BUY, ask.toPlainString(), "0.001");
        assertThat(sink.awaitTerminal(110, WAIT_MS)).isTrue();
        assertThat(sink.reports(110)).singleElement().satisfies(r ->
        {
            assertThat(r.execType()).isEqualTo(ExecType.REJECTED);
            assertThat(r.rejectCode()).isEqualTo(-2019);
            assertThat(r.reason()).isEqualTo("Margin is insufficient.");
        });
    }

    @Test
    void shouldRejectABadSignatureAsTheVenueDoes() throws Exception
    {
        gateway = new BinanceGateway(config(), KEY, "not-the-demo-secret", io.group(), sink, new SystemEpochNanoClock(),
            new VenueSymbols().add(BTC, "BTCUSDT"), BinanceWsLayout.SPLIT, EPOCH);
        commands.ioc(gateway, Venue.BINANCE, 111, BTC, Side.BUY, "65000.1", "0.001");
        assertThat(sink.awaitTerminal(111, WAIT_MS)).isTrue();
        assertThat(sink.reports(111)).singleElement().satisfies(r ->
        {
            assertThat(r.execType()).isEqualTo(ExecType.REJECTED);
            assertThat(r.rejectCode()).isEqualTo(-1022);
            assertThat(r.reason()).isEqualTo("Signature for this request is not valid.");
        });
        assertThat(simulator.order(venueId(111))).isNull();
    }

    @Test
    void shouldRetryAnOrderAnswered429() throws Exception
    {
        start(config(), SECRET);
        simulator.failRest(429, 1, 0);
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        commands.ioc(gateway, Venue.BINANCE, 112, BTC, Side.BUY, ask.toPlainString(), "0.001");
        assertThat(sink.awaitTerminal(112, WAIT_MS)).isTrue();
        assertThat(ofType(sink.reports(112), ExecType.FILL)).hasSize(1);
        assertThat(gateway.rateLimitedResponses()).isEqualTo(1);
    }

    @Test
    void shouldBackOffAndRejectWhen429Persists() throws Exception
    {
        start(config(), SECRET);
        simulator.failRest(429, 3, 1);
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        commands.ioc(gateway, Venue.BINANCE, 113, BTC, Side.BUY, ask.toPlainString(), "0.001");
        assertThat(sink.awaitTerminal(113, WAIT_MS)).isTrue();
        assertThat(sink.reports(113)).singleElement().satisfies(r ->
        {
            assertThat(r.execType()).isEqualTo(ExecType.REJECTED);
            assertThat(r.rejectCode()).isEqualTo(-1003);
        });
        assertThat(gateway.rateLimitedResponses()).isEqualTo(2);
        // still inside the venue's Retry-After: refused locally, nothing sent
        final long sent = gateway.ordersSent();
        commands.ioc(gateway, Venue.BINANCE, 114, BTC, Side.BUY, ask.toPlainString(), "0.001");
        assertThat(sink.reports(114)).singleElement().satisfies(r -> assertThat(r.rejectCode()).isEqualTo(BinanceGateway.LOCAL_RATE_LIMIT));
        assertThat(gateway.ordersSent()).isEqualTo(sent);
    }

    @Test
    void shouldRejectLocallyAboveMaxOrdersPerSecond() throws Exception
    {
        start(config().withMaxOrdersPerSecond(2), SECRET);
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        for (long id = 120; id < 123; id++)
        {
            commands.ioc(gateway, Venue.BINANCE, id, BTC, Side.BUY, ask.add(BigDecimal.TEN).toPlainString(), "0.001");
        }
        assertThat(sink.awaitTerminal(120, WAIT_MS) && sink.awaitTerminal(121, WAIT_MS)).isTrue();
        assertThat(sink.reports(122)).singleElement().satisfies(r ->
        {
            assertThat(r.execType()).isEqualTo(ExecType.REJECTED);
            assertThat(r.rejectCode()).isEqualTo(BinanceGateway.LOCAL_RATE_LIMIT);
            assertThat(r.reason()).contains("local rate limit");
        });
        assertThat(simulator.ordersReceived()).isEqualTo(2);
    }

    @Test
    void shouldLearnTheFillByQueryingWhenTheResponseTimesOut() throws Exception
    {
        final GatewayConfig quick = new GatewayConfig(URI.create(simulator.httpBaseUrl()), URI.create(simulator.wsBaseUrl()), 5_000, 10,
            FixedPoint.parse("0.0005"), 1, TimeUnit.SECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(300), TimeUnit.MINUTES.toNanos(30),
            TimeUnit.MILLISECONDS.toNanos(50), TimeUnit.MILLISECONDS.toNanos(200), 2_400, 300,
            GatewayConfig.DEFAULT_BALANCE_POLL_INTERVAL_NS, AccountSettings.DEFAULT);
        start(quick, SECRET);
        simulator.delayOrders(2_000); // the answer and the stream pushes arrive after the gateway gave up
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        commands.ioc(gateway, Venue.BINANCE, 130, BTC, Side.BUY, ask.toPlainString(), "0.001");
        assertThat(sink.awaitTerminal(130, WAIT_MS)).isTrue();
        assertThat(ofType(sink.reports(130), ExecType.FILL)).singleElement().satisfies(r ->
            assertThat(r.fee()).isEqualTo(fixed(SimAccount.fee(ask, new BigDecimal("0.001"), TAKER))));
        assertThat(ofType(sink.reports(130), ExecType.REJECTED)).isEmpty();
    }

    @Test
    void shouldRejectAnOrderThatNeverReachedTheVenueAfterA5xx() throws Exception
    {
        start(config(), SECRET);
        simulator.failRest(503, 1, 0);
        commands.ioc(gateway, Venue.BINANCE, 131, BTC, Side.BUY, "65000.1", "0.001");
        assertThat(sink.awaitTerminal(131, WAIT_MS)).isTrue();
        assertThat(sink.reports(131)).singleElement().satisfies(r ->
        {
            assertThat(r.rejectCode()).isEqualTo(-2013);
            assertThat(r.reason()).isEqualTo("Order does not exist.");
        });
    }

    @Test
    void shouldPublishFundingPaymentWithTheExactAmount() throws Exception
    {
        start(config(), SECRET);
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        commands.ioc(gateway, Venue.BINANCE, 140, BTC, Side.BUY, ask.add(BigDecimal.TEN).toPlainString(), "0.01");
        assertThat(sink.awaitTerminal(140, WAIT_MS)).isTrue();
        final long settleMs = simulator.nextSettlementMs("BTCUSDT");
        simClock.jumpTo(settleMs + 1);
        assertThat(sink.await(s -> !s.fundings().isEmpty(), WAIT_MS)).isTrue();

        final BigDecimal expected = new BigDecimal("0.01").multiply(simulator.markPriceAt("BTCUSDT", settleMs))
            .multiply(simulator.fundingRateAt("BTCUSDT", settleMs)).negate().setScale(8, java.math.RoundingMode.HALF_UP);
        assertThat(sink.fundings()).singleElement().satisfies(f ->
        {
            assertThat(f.amount()).isEqualTo(fixed(expected));
            assertThat(f.amount()).isNegative(); // long pays a positive rate
            assertThat(f.instrumentId()).isEqualTo(BTC);
            assertThat(f.positionQty()).isEqualTo(FixedPoint.NULL); // the income history names no position
            assertThat(f.venue()).isEqualTo(Venue.BINANCE);
            assertThat(f.fundingRate()).as("the rate the venue settled, from its funding rate history")
                .isEqualTo(fixed(simulator.fundingRateAt("BTCUSDT", settleMs).setScale(8, java.math.RoundingMode.HALF_EVEN)));
        });
        assertThat(simulator.fundingIncomes()).containsExactly(expected);
        // the account update after the settlement carries the new wallet; a periodic balance poll may land either side of it
        final long wallet = fixed(simulator.walletBalance());
        assertThat(sink.await(s -> s.balances().stream().anyMatch(b -> b.walletBalance() == wallet), WAIT_MS)).isTrue();
    }

    @Test
    void shouldResumeTheStreamAfterADrop() throws Exception
    {
        start(config(), SECRET);
        final BigDecimal ask = simulator.touch("BTCUSDT")[1];
        commands.ioc(gateway, Venue.BINANCE, 150, BTC, Side.SELL, simulator.touch("BTCUSDT")[0].subtract(BigDecimal.TEN).toPlainString(), "0.01");
        assertThat(sink.awaitTerminal(150, WAIT_MS)).isTrue();
        simulator.dropPrivateStreams(300);
        final long settleMs = simulator.nextSettlementMs("BTCUSDT");
        // reconnected, then a settlement: the event on the new stream (shouldRecoverFundingSettledWhileTheStreamWasDown: one missed)
        assertThat(waitForReconnect()).as("reconnected; events %s", sink.statuses()).isTrue();
        simClock.jumpTo(settleMs + 1);
        assertThat(sink.await(s -> !s.fundings().isEmpty(), WAIT_MS)).isTrue();
        assertThat(sink.fundings().get(0).amount()).isPositive(); // short receives a positive rate
        assertThat(ask).isPositive();
    }

    @Test
    void shouldAttributeCrossMarginFundingThatTheStreamSendsWithoutAPosition() throws Exception
    {
        start(config(), SECRET);
        holdThroughASettlement(141, Side.BUY);

        final String event = fundingFeeEvent();
        DocumentedShapes.assertSameShape(event, BinanceFundingIncomeTest.fixture("account-update-funding-fee-cross.json"));
        assertThat(JACKSON.readTree(event).at("/a/P").size()).as("a crossed position's FUNDING_FEE has no P").isZero();
        sink.await(s -> s.fundings().size() > 1, 300); // a second publication would be a double count
        assertThat(sink.fundings()).singleElement().satisfies(f ->
        {
            assertThat(f.instrumentId()).isEqualTo(BTC);
            assertThat(f.amount()).isEqualTo(fixed(simulator.fundingIncomes().get(0)));
        });
    }

    @Test
    void shouldAttributeIsolatedFundingOnceThoughTheStreamNamesThePosition() throws Exception
    {
        simulator.isolatedMargin(true);
        start(config(), SECRET);
        holdThroughASettlement(142, Side.SELL);

        DocumentedShapes.assertSameShape(fundingFeeEvent(), BinanceFundingIncomeTest.fixture("account-update-funding-fee-isolated.json"));
        sink.await(s -> s.fundings().size() > 1, 300);
        assertThat(sink.fundings()).singleElement().satisfies(f -> assertThat(f.amount()).isEqualTo(fixed(simulator.fundingIncomes().get(0))));
    }

    @Test
    void shouldServeTheIncomeHistoryInTheDocumentedShape() throws Exception
    {
        start(config(), SECRET);
        holdThroughASettlement(143, Side.BUY);

        final String query = "incomeType=FUNDING_FEE&limit=1000&timestamp=" + System.currentTimeMillis();
        final String body = java.net.http.HttpClient.newHttpClient().send(
            java.net.http.HttpRequest.newBuilder(URI.create(simulator.httpBaseUrl() + BinanceFundingIncome.PATH + "?" + query
                + "&signature=" + new BinanceSigner(KEY, SECRET).sign(query))).header(BinanceSigner.API_KEY_HEADER, KEY).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString()).body();

        DocumentedShapes.assertSameShape(body, BinanceFundingIncomeTest.fixture("income-funding-fee.json"));
        DocumentedShapes.assertSameShape(body, BinanceFundingIncomeTest.fixture("income-history-documented.json"));
    }

    @Test
    void shouldServeTheFundingRateHistoryInTheDocumentedShape() throws Exception
    {
        start(config(), SECRET);
        final long settleMs = simulator.nextSettlementMs("BTCUSDT");
        holdThroughASettlement(144, Side.BUY);

        final String body = java.net.http.HttpClient.newHttpClient().send(
            java.net.http.HttpRequest.newBuilder(URI.create(simulator.httpBaseUrl() + BinanceFundingIncome.RATES_PATH + "?symbol=BTCUSDT&startTime=" + (settleMs - 1000)))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();

        DocumentedShapes.assertSameShape(body, BinanceFundingIncomeTest.fixture("funding-rate-history.json"));
        assertThat(body).contains("\"fundingTime\":" + settleMs + ",")
            .contains("\"fundingRate\":\"" + simulator.fundingRateAt("BTCUSDT", settleMs).setScale(8, java.math.RoundingMode.HALF_EVEN).toPlainString());
    }

    @Test
    void shouldRecoverFundingSettledWhileTheStreamWasDown() throws Exception
    {
        start(config(), SECRET);
        commands.ioc(gateway, Venue.BINANCE, 144, BTC, Side.SELL, simulator.touch("BTCUSDT")[0].subtract(BigDecimal.TEN).toPlainString(), "0.01");
        assertThat(sink.awaitTerminal(144, WAIT_MS)).isTrue();
        final int seen = sink.statuses().size();
        simulator.dropPrivateStreams(1_000);
        assertThat(sink.await(s -> s.statuses().stream().skip(seen).anyMatch(t -> t.startsWith("ORDERS:") && !t.startsWith("ORDERS:LIVE")), WAIT_MS)).isTrue();
        simClock.jumpTo(simulator.nextSettlementMs("BTCUSDT") + 1); // settles while nobody listens: the event is lost

        assertThat(waitForReconnect()).isTrue();
        assertThat(sink.await(s -> !s.fundings().isEmpty(), WAIT_MS)).as("recovered from the income history after the reconnect").isTrue();
        assertThat(sink.fundings()).singleElement().satisfies(f -> assertThat(f.amount()).isEqualTo(fixed(simulator.fundingIncomes().get(0))));
    }

    /** Opens 0.01 BTC with an IOC through the touch, then moves the venue's clock past its next settlement and waits for the payment. */
    private void holdThroughASettlement(final long clientOrderId, final Side side) throws Exception
    {
        final BigDecimal through = side == Side.BUY ? simulator.touch("BTCUSDT")[1].add(BigDecimal.TEN) : simulator.touch("BTCUSDT")[0].subtract(BigDecimal.TEN);
        commands.ioc(gateway, Venue.BINANCE, clientOrderId, BTC, side, through.toPlainString(), "0.01");
        assertThat(sink.awaitTerminal(clientOrderId, WAIT_MS)).isTrue();
        simClock.jumpTo(simulator.nextSettlementMs("BTCUSDT") + 1);
        assertThat(sink.await(s -> !s.fundings().isEmpty(), WAIT_MS)).isTrue();
    }

    private String fundingFeeEvent()
    {
        return simulator.privateEvents().stream().filter(e -> e.contains("\"FUNDING_FEE\"")).reduce((a, b) -> b).orElseThrow();
    }

    /** A dropped duplicate publishes nothing: poll the counter, bounded. */
    private boolean awaitDuplicateDropped() throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (gateway.duplicatesDropped() == 0)
        {
            if (System.nanoTime() > deadline)
            {
                return false;
            }
            sink.await(s -> false, 20);
        }
        return true;
    }

    private boolean waitForReconnect() throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        // refused attempts count as reconnects too: wait for one the simulator kept
        while (gateway.streamReconnects() < 1 || simulator.privateSessionCount() < 1)
        {
            if (System.nanoTime() > deadline)
            {
                return false;
            }
            sink.await(s -> false, 50);
        }
        return true;
    }

    @Test
    void shouldCancelARestingGtcOrder() throws Exception
    {
        start(config(), SECRET);
        final BigDecimal bid = simulator.touch("BTCUSDT")[0];
        commands.order(gateway, Venue.BINANCE, 160, BTC, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false,
            bid.subtract(new BigDecimal("1000")).toPlainString(), "0.001");
        assertThat(sink.await(s -> !s.reports(160).isEmpty(), WAIT_MS)).isTrue();
        assertThat(sink.reports(160).get(0).execType()).isEqualTo(ExecType.NEW);
        commands.cancel(gateway, Venue.BINANCE, 160, BTC);
        assertThat(sink.awaitTerminal(160, WAIT_MS)).isTrue();
        assertThat(ofType(sink.reports(160), ExecType.CANCELED)).hasSize(1);
        final SimOrder order = simulator.order(venueId(160));
        assertThat(order.status).isEqualTo("CANCELED");
    }

    @Test
    void shouldNeverRevealKeyOrSecretInLogsReportsOrToString() throws Exception
    {
        try (OutputCapture capture = new OutputCapture())
        {
            start(config(), SECRET);
            commands.ioc(gateway, Venue.BINANCE, 170, BTC, Side.BUY, "65000.05", "0.001");
            assertThat(sink.awaitTerminal(170, WAIT_MS)).isTrue();
            gateway.close();
            final BinanceGateway wrong = new BinanceGateway(config(), KEY, "another-secret-value", io.group(), sink, new SystemEpochNanoClock(),
                new VenueSymbols().add(BTC, "BTCUSDT"), BinanceWsLayout.SPLIT, EPOCH);
            commands.ioc(wrong, Venue.BINANCE, 171, BTC, Side.BUY, "65000.1", "0.001");
            assertThat(sink.awaitTerminal(171, WAIT_MS)).isTrue();
            wrong.close();

            final String everything = capture.text() + gateway + wrong + sink.reports() + config();
            assertThat(everything).doesNotContain(SECRET).doesNotContain(KEY).doesNotContain("another-secret-value");
        }
    }

    @Test
    void shouldPublishTheStartingBalanceBeforeStartCompletes() throws Exception
    {
        start(config(), SECRET);
        assertThat(sink.balances(Quote.USDC)).as("USDC only when held").isEmpty();
        assertThat(sink.balances(Quote.USDT)).singleElement().satisfies(b ->
        {
            assertThat(b.venue()).isEqualTo(Venue.BINANCE);
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
        commands.ioc(gateway, Venue.BINANCE, 180, BTC, Side.BUY, ask.add(BigDecimal.TEN).toPlainString(), "0.01");
        assertThat(sink.awaitTerminal(180, WAIT_MS)).isTrue();
        assertThat(gateway.pollBalance().get(WAIT_MS, TimeUnit.MILLISECONDS)).isNull();
        assertThat(sink.balances(Quote.USDT)).last().satisfies(b ->
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
        gateway = new BinanceGateway(config(), KEY, "not-the-demo-secret", io.group(), sink, new SystemEpochNanoClock(),
            new VenueSymbols().add(BTC, "BTCUSDT"), BinanceWsLayout.SPLIT, EPOCH);
        assertThatThrownBy(() -> gateway.start().get(WAIT_MS, TimeUnit.MILLISECONDS))
            .isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("position mode") // the first signed request of start
            .hasMessageContaining("-1022")
            .hasMessageContaining("Signature for this request is not valid.")
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
