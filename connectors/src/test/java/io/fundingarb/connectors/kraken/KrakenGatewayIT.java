package io.fundingarb.connectors.kraken;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.ExecFlag;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.OrderType;
import io.fundingarb.codecs.sbe.PositionSource;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.TimeInForce;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.gateway.AccountSettings;
import io.fundingarb.connectors.gateway.Commands;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.GatewayEventSink;
import io.fundingarb.connectors.gateway.GatewayEventSink.Report;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.transport.IoGroup;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link KrakenGateway} against {@link KrakenStub} serving the fixtures of fixtures/kraken/gateway
 * (their README names the doc page of each): what it sends (paths, headers, parameters, the
 * challenge and signed subscriptions) and what it publishes for every answer that can leave a leg
 * unhedged: a reject, a partial IOC, an IOC that fills nothing, an order whose answer never comes
 * (UNKNOWN, then asked for), a fill that arrives late on the private stream, a forced close.
 */
@Timeout(30)
class KrakenGatewayIT
{
    private static final long WAIT_MS = 10_000;
    private static final long EPOCH = 1_765_000_000L;
    private static final int BTC = 7;
    private static final String CLI_ORD_ID = "fa-1765000000-101";

    private final IoGroup io = new IoGroup(1, "fa-it-kraken");
    private final GatewayEventSink sink = new GatewayEventSink();
    private final Commands commands = new Commands();
    private KrakenStub stub;
    private KrakenGateway gateway;

    @BeforeEach
    void setUp() throws Exception
    {
        stub = new KrakenStub();
    }

    @AfterEach
    void tearDown()
    {
        if (gateway != null)
        {
            gateway.close();
        }
        stub.close();
        io.close();
    }

    /** recvWindow 1 s (an absent order is called so 2 s after it was sent), requests time out after {@code requestTimeoutMs}. */
    private GatewayConfig config(final long requestTimeoutMs)
    {
        return new GatewayConfig(URI.create(stub.httpBaseUrl()), URI.create(stub.wsBaseUrl()), 1_000, 100, FixedPoint.parse("0.0005"), 1,
            TimeUnit.SECONDS.toNanos(5), TimeUnit.MILLISECONDS.toNanos(requestTimeoutMs), TimeUnit.MINUTES.toNanos(30),
            TimeUnit.MILLISECONDS.toNanos(50), TimeUnit.MILLISECONDS.toNanos(200), 2_400, 300, GatewayConfig.DEFAULT_BALANCE_POLL_INTERVAL_NS,
            AccountSettings.DEFAULT);
    }

    private void start() throws Exception
    {
        start(5_000);
    }

    /** A gateway whose requests time out after {@code requestTimeoutMs} (a short one for the tests of unanswered orders). */
    private void start(final long requestTimeoutMs) throws Exception
    {
        gateway = new KrakenGateway(config(requestTimeoutMs), KrakenStub.KEY, KrakenStub.SECRET, io.group(), sink, new SystemEpochNanoClock(),
            new VenueSymbols().add(BTC, "PF_XBTUSD"), EPOCH);
        gateway.start().get(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    /** A GTC buy the venue answers placed without executions (d-send-order-placed-no-events.json): NEW. */
    private void placeRestingOrder() throws InterruptedException
    {
        stub.sendOrderAnswers.add("kraken/gateway/d-send-order-placed-no-events.json");
        commands.order(gateway, Venue.KRAKEN, 101, BTC, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, "60000", "0.01");
        assertThat(sink.await(s -> s.reports(101).stream().anyMatch(r -> r.execType() == ExecType.NEW), WAIT_MS)).isTrue();
    }

    private void buyIoc(final String price, final String quantity)
    {
        commands.ioc(gateway, Venue.KRAKEN, 101, BTC, Side.BUY, price, quantity);
    }

    private List<Report> of(final ExecType type)
    {
        return sink.reports(101).stream().filter(r -> r.execType() == type).toList();
    }

    @Test
    void shouldStartWithSignedSubscriptionsPositionsAndTheFlexBalance() throws Exception
    {
        start();

        assertThat(stub.wsReceived.get(0)).isEqualTo("{\"event\":\"challenge\",\"api_key\":\"demo-key\"}");
        for (final String feed : KrakenGateway.PRIVATE_FEEDS)
        {
            assertThat(stub.wsReceived).contains(KrakenGateway.subscribeMessage(feed, KrakenStub.KEY, KrakenStub.CHALLENGE,
                new KrakenSigner(KrakenStub.KEY, KrakenStub.SECRET).signChallenge(KrakenStub.CHALLENGE)));
        }
        assertThat(sink.balances(Quote.USD)).first().satisfies(b ->
        {
            assertThat(b.walletBalance()).isEqualTo(FixedPoint.parse("5000"));
            assertThat(b.availableBalance()).isEqualTo(FixedPoint.parse("4882.5"));
        });
        assertThat(sink.positions(PositionSource.START)).singleElement().satisfies(p ->
        {
            assertThat(p.quantity()).isEqualTo(FixedPoint.parse("-0.02"));
            assertThat(p.entryPrice()).isEqualTo(FixedPoint.parse("65000"));
        });
        assertThat(stub.badSignatures).isZero();
        assertThat(sink.await(s -> s.statuses().stream().anyMatch(t -> t.contains("LIVE")), WAIT_MS)).as("%s", sink.statuses()).isTrue();
    }

    @Test
    void shouldSendTheOrderAsDocumentedWithTheSignedHeaders() throws Exception
    {
        start();
        stub.sendOrderAnswers.add("kraken/gateway/d-send-order-ioc-partial.json");

        buyIoc("65010.7", "0.01");

        assertThat(sink.awaitTerminal(101, WAIT_MS)).isTrue();
        final KrakenStub.Request request = stub.requests(KrakenGateway.SEND_ORDER_PATH).get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.query()).matches("orderType=ioc&symbol=PF_XBTUSD&side=buy&size=0\\.01&limitPrice=65010&reduceOnly=false&cliOrdId=" + CLI_ORD_ID
            + "&processBefore=20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        final java.time.Instant processBefore = java.time.Instant.parse(request.query().substring(request.query().indexOf("processBefore=") + 14));
        assertThat(processBefore).as("now + recvWindow (1 s)").isBetween(java.time.Instant.now().minusSeconds(1), java.time.Instant.now().plusSeconds(2));
        assertThat(request.headers()).containsKeys("APIKey", "Authent", "Nonce");
        assertThat(stub.badSignatures).isZero();
    }

    @Test
    void shouldPublishThePartialFillOfAnIocAndExpireItsRest() throws Exception
    {
        start();
        stub.sendOrderAnswers.add("kraken/gateway/d-send-order-ioc-partial.json");

        buyIoc("65010", "0.01");

        assertThat(sink.awaitTerminal(101, WAIT_MS)).isTrue();
        assertThat(of(ExecType.PARTIAL_FILL)).singleElement().satisfies(r ->
        {
            assertThat(r.lastQty()).isEqualTo(FixedPoint.parse("0.004"));
            assertThat(r.lastPrice()).isEqualTo(FixedPoint.parse("65000"));
            assertThat(r.fee()).isEqualTo(FixedPoint.parse("0.13")); // 0.004 × 65000 × 0.0005, estimated
        });
        assertThat(of(ExecType.EXPIRED)).singleElement().satisfies(r -> assertThat(r.cumQty()).isEqualTo(FixedPoint.parse("0.004")));
    }

    @Test
    void shouldReplaceTheEstimatedFeeWithTheStreamsFeeWithoutCountingTheFillTwice() throws Exception
    {
        start();
        stub.sendOrderAnswers.add("kraken/gateway/d-send-order-ioc-partial.json");
        buyIoc("65010", "0.01");
        assertThat(sink.awaitTerminal(101, WAIT_MS)).isTrue();

        stub.push("kraken/gateway/d-ws-fill.json"); // the same 0.004, fee_paid 0.13 USD

        Thread.sleep(300);
        final long filled = sink.reports(101).stream().mapToLong(Report::lastQty).sum();
        assertThat(filled).isEqualTo(FixedPoint.parse("0.004"));
    }

    @Test
    void shouldCountAFillTheStreamDeliveredBeforeTheOrdersAnswerOnce() throws Exception
    {
        start();
        stub.sendOrderAnswers.add("kraken/gateway/d-send-order-ioc-partial.json");
        stub.pushedBeforeSendOrderAnswer.add("kraken/gateway/d-ws-fill.json"); // the same 0.004, first on the stream
        stub.sendOrderAnswerDelayMs = 300;

        buyIoc("65010", "0.01");

        assertThat(sink.awaitTerminal(101, WAIT_MS)).isTrue();
        final long filled = sink.reports(101).stream().mapToLong(Report::lastQty).sum();
        assertThat(filled).as("%s", sink.reports()).isEqualTo(FixedPoint.parse("0.004"));
        assertThat(of(ExecType.EXPIRED)).singleElement().satisfies(r -> assertThat(r.cumQty()).isEqualTo(FixedPoint.parse("0.004")));
    }

    @Test
    void shouldRejectInsufficientAvailableFundsWithTheStatus() throws Exception
    {
        start();
        stub.sendOrderAnswers.add("kraken/gateway/d-send-order-insufficient-funds.json");

        buyIoc("65010", "0.01");

        assertThat(sink.awaitTerminal(101, WAIT_MS)).isTrue();
        assertThat(of(ExecType.REJECTED)).singleElement().satisfies(r ->
        {
            assertThat(r.reason()).isEqualTo("insufficientAvailableFunds");
            assertThat(r.rejectCode()).isEqualTo(KrakenSendStatus.INSUFFICIENT_AVAILABLE_FUNDS.code());
        });
    }

    @Test
    void shouldExpireAnIocThatWouldNotExecute() throws Exception
    {
        start();
        stub.sendOrderAnswers.add("kraken/gateway/d-send-order-ioc-would-not-execute.json");

        buyIoc("60000", "0.01");

        assertThat(sink.awaitTerminal(101, WAIT_MS)).isTrue();
        assertThat(sink.reports(101)).extracting(Report::execType).containsExactly(ExecType.EXPIRED);
    }

    @Test
    void shouldRejectAnUndocumentedStatusNamingItAndCountIt() throws Exception
    {
        start();
        stub.sendOrderAnswers.add("kraken/gateway/d-send-order-unlisted-status.json");

        buyIoc("65010", "0.01");

        assertThat(sink.awaitTerminal(101, WAIT_MS)).isTrue();
        assertThat(of(ExecType.REJECTED)).singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo("sendStatus someFutureStatus"));
        assertThat(gateway.unlistedStatuses()).isEqualTo(1);
    }

    @Test
    void shouldRejectAfterApiLimitExceededAndBlockNewOrders() throws Exception
    {
        start();
        stub.sendOrderAnswers.add("kraken/gateway/error-api-limit-exceeded.json");

        buyIoc("65010", "0.01");

        assertThat(sink.awaitTerminal(101, WAIT_MS)).isTrue();
        assertThat(of(ExecType.REJECTED)).singleElement().satisfies(r -> assertThat(r.rejectCode()).isEqualTo(KrakenGateway.RATE_LIMITED));
        assertThat(gateway.rateLimitedResponses()).isEqualTo(1);
        commands.ioc(gateway, Venue.KRAKEN, 102, BTC, Side.BUY, "65010", "0.01");
        assertThat(sink.reports(102)).singleElement().satisfies(r -> assertThat(r.rejectCode()).isEqualTo(KrakenGateway.LOCAL_RATE_LIMIT));
        assertThat(stub.requests(KrakenGateway.SEND_ORDER_PATH)).hasSize(1);
    }

    @Test
    void shouldAskForAnOrderWhoseAnswerNeverCameAndPublishItsFillsOnceWithoutResending() throws Exception
    {
        start(300);
        stub.sendOrderAnswers.add("timeout");
        stub.answers.put(KrakenGateway.ORDER_STATUS_PATH, "kraken/gateway/d-order-status-fully-executed.json");
        stub.answers.put(KrakenGateway.FILLS_PATH, "kraken/gateway/d-fills-of-order.json");

        buyIoc("65010", "0.01");

        assertThat(sink.awaitTerminal(101, WAIT_MS)).isTrue();
        assertThat(of(ExecType.FILL)).singleElement().satisfies(r ->
        {
            assertThat(r.cumQty()).isEqualTo(FixedPoint.parse("0.01"));
            assertThat(r.lastPrice()).isEqualTo(FixedPoint.parse("65002")); // (0.006 × 65000 + 0.004 × 65005) / 0.01
        });
        assertThat(of(ExecType.REJECTED)).isEmpty();
        assertThat(stub.requests(KrakenGateway.SEND_ORDER_PATH)).hasSize(1);
        assertThat(stub.requests(KrakenGateway.ORDER_STATUS_PATH).get(0).query()).isEqualTo("cliOrdIds=" + CLI_ORD_ID);
        assertThat(gateway.outcomes().unknownOrders()).isEqualTo(1);
    }

    @Test
    void shouldRejectAnUnansweredOrderTheVenueNeverHadOnceItCanNoLongerArrive() throws Exception
    {
        start(300);
        stub.sendOrderAnswers.add("timeout");

        buyIoc("65010", "0.01");

        assertThat(sink.awaitTerminal(101, WAIT_MS)).isTrue();
        assertThat(of(ExecType.REJECTED)).singleElement().satisfies(r -> assertThat(r.rejectCode()).isEqualTo(KrakenGateway.NO_SUCH_ORDER));
        assertThat(stub.requests(KrakenGateway.SEND_ORDER_PATH)).hasSize(1);
        assertThat(gateway.outcomes().absentOrders()).isEqualTo(1);
    }

    @Test
    void shouldPublishAFillThatArrivesLateOnThePrivateStream() throws Exception
    {
        start();
        stub.sendOrderAnswers.add("kraken/gateway/d-send-order-placed-no-events.json");
        buyIoc("65010", "0.01");
        assertThat(sink.awaitTerminal(101, WAIT_MS)).isTrue();

        stub.push("kraken/gateway/d-ws-fill-late.json");

        assertThat(sink.await(s -> s.reports(101).stream().anyMatch(r -> r.execType() == ExecType.FILL), WAIT_MS)).as("%s", sink.reports()).isTrue();
        assertThat(of(ExecType.FILL)).singleElement().satisfies(r ->
        {
            assertThat(r.lastQty()).isEqualTo(FixedPoint.parse("0.01"));
            assertThat(r.fee()).isEqualTo(FixedPoint.parse("0.32495"));
        });
    }

    @Test
    void shouldReportALiquidationFillAsAForeignForcedClose() throws Exception
    {
        start();

        assertLiquidationPublished("kraken/gateway/d-ws-fill-liquidation.json");
    }

    @Test
    void shouldPublishAFillOfFillTypeLiquidationAsTheVenuesForcedClose() throws Exception
    {
        start();

        assertLiquidationPublished("kraken/gateway/d-ws-fill-liquidation-by-fill-type.json");
    }

    private void assertLiquidationPublished(final String fixture) throws InterruptedException
    {
        stub.push(fixture);

        assertThat(sink.await(s -> s.reports().stream().anyMatch(r -> r.execFlag() == ExecFlag.LIQUIDATION), WAIT_MS)).isTrue();
        assertThat(sink.reports()).filteredOn(r -> r.execFlag() == ExecFlag.LIQUIDATION).singleElement().satisfies(r ->
        {
            assertThat(r.side()).isEqualTo(Side.SELL);
            assertThat(r.lastQty()).isEqualTo(FixedPoint.parse("0.02"));
            assertThat(r.pairId()).isZero();
        });
    }

    @Test
    void shouldPublishFundingFromTheAccountLogOnceAndNotTheSnapshotsPast() throws Exception
    {
        start();
        stub.push("kraken/gateway/ws-account-log-snapshot.json");
        stub.push("kraken/gateway/d-ws-account-log-funding.json");
        stub.push("kraken/gateway/d-ws-account-log-funding.json");

        assertThat(sink.await(s -> !s.fundings().isEmpty(), WAIT_MS)).isTrue();
        Thread.sleep(200);
        assertThat(sink.fundings()).singleElement().satisfies(f ->
        {
            assertThat(f.instrumentId()).isEqualTo(BTC);
            assertThat(f.amount()).isEqualTo(FixedPoint.parse("-0.0065"));
            assertThat(f.fundingRate()).as("the log's funding_rate is absolute, not a ratio").isEqualTo(FixedPoint.NULL);
        });
    }

    @Test
    void shouldEndAnOrderTheStreamSaysWasCancelled() throws Exception
    {
        start();
        placeRestingOrder();

        stub.push("kraken/gateway/d-ws-open-orders-cancelled.json");

        assertThat(sink.awaitTerminal(101, WAIT_MS)).isTrue();
        assertThat(of(ExecType.CANCELED)).singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo("cancelled_by_user"));
        assertThat(JsonTree.text(JsonTree.parse("{\"q\":\"" + stub.requests(KrakenGateway.SEND_ORDER_PATH).get(0).query() + "\"}"), "q"))
            .startsWith("orderType=lmt&");
    }

    @Test
    void shouldRejectLocallyAnOrderBelowTheLot() throws Exception
    {
        start();

        buyIoc("65010", "0.00004");

        assertThat(sink.reports(101)).singleElement().satisfies(r -> assertThat(r.rejectCode()).isEqualTo(KrakenGateway.LOCAL_SIZE_BELOW_LOT));
        assertThat(stub.requests(KrakenGateway.SEND_ORDER_PATH)).isEmpty();
    }

    @Test
    void shouldSetTheMarginModeOfEachTradedSymbolAtStart() throws Exception
    {
        start();

        assertThat(stub.requests(KrakenGateway.LEVERAGE_PATH)).singleElement().satisfies(r ->
        {
            assertThat(r.method()).isEqualTo("PUT");
            assertThat(r.query()).as("cross: no maxLeverage").isEqualTo("symbol=PF_XBTUSD");
        });
    }

    @Test
    void shouldRefuseLocallyTheOrdersBeyondTheDocumentedCostBudget() throws Exception
    {
        start();

        for (int i = 0; i < 60; i++)
        {
            commands.ioc(gateway, Venue.KRAKEN, 1_000 + i, BTC, Side.BUY, "60000", "0.01");
        }

        assertThat(sink.await(s -> s.reports().stream().filter(r -> r.execType() == ExecType.REJECTED).count() == 60, WAIT_MS)).isTrue();
        final long local = sink.reports().stream().filter(r -> r.rejectCode() == KrakenGateway.LOCAL_RATE_LIMIT).count();
        // start spent 14 of the 500 (leverage 10, positions 2, accounts 2), refilled at 10 per 200 ms meanwhile: 48 to 50 orders fit
        assertThat(local).isBetween(10L, 13L);
        assertThat(stub.requests(KrakenGateway.SEND_ORDER_PATH)).hasSize((int)(60 - local));
        assertThat(gateway.localRejects()).isEqualTo(local);
    }

    @Test
    void shouldAskForPositionsBalanceAndOpenOrdersAfterTheStreamComesBack() throws Exception
    {
        start();
        placeRestingOrder();
        final int statusQueries = stub.requests(KrakenGateway.ORDER_STATUS_PATH).size();

        stub.dropStreams();

        assertThat(sink.await(s -> !s.positions(PositionSource.RECONNECT).isEmpty(), WAIT_MS)).isTrue();
        assertThat(gateway.streamReconnects()).isEqualTo(1);
        assertThat(stub.requests(KrakenGateway.ORDER_STATUS_PATH).size()).as("the open order is asked for").isGreaterThan(statusQueries);
        assertThat(stub.wsReceived.stream().filter(t -> t.contains("\"event\":\"challenge\"")).count()).isEqualTo(2);
    }

    @Test
    void shouldTakeTheWalletsChangeAsTheFundingWhenTheSettlementRealizesNone() throws Exception
    {
        start();
        stub.push("kraken/gateway/ws-account-log-snapshot.json");
        stub.push("kraken/gateway/d-ws-account-log-trade.json");
        stub.push("kraken/gateway/d-ws-account-log-funding-by-balance.json");

        assertThat(sink.await(s -> !s.fundings().isEmpty(), WAIT_MS)).isTrue();
        Thread.sleep(200);
        assertThat(sink.fundings()).as("the trade's entry is not a settlement").singleElement()
            .satisfies(f -> assertThat(f.amount()).isEqualTo(FixedPoint.parse("0.008")));
    }

    @Test
    void shouldNotPublishThePastFillsOfTheSubscriptionSnapshot() throws Exception
    {
        start();
        placeRestingOrder();

        stub.push("kraken/gateway/d-ws-fills-snapshot.json"); // an older session's fill, a liquidation, and this order's fill

        assertThat(sink.await(s -> s.reports(101).stream().anyMatch(r -> r.execType() == ExecType.FILL), WAIT_MS)).isTrue();
        Thread.sleep(200);
        assertThat(sink.reports()).as("only the tracked order's fill").allMatch(r -> r.clientOrderId() == 101);
    }
}
