package io.fundingarb.connectors.kraken.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.connectors.gateway.Fixtures;
import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.simulator.FundingPath;
import io.fundingarb.connectors.simulator.JsonText;
import io.fundingarb.connectors.simulator.RestReply;
import io.fundingarb.connectors.simulator.SimInstrument;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.netty.handler.codec.http.HttpMethod;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's REST side, answered without a socket: signatures, matching, positions, funding, documented shapes. */
@Timeout(20)
class KrakenSimulatorTest
{
    static final String SYMBOL = "PF_XBTUSD";
    private static final long START_MS = 1_765_000_000_000L; // 2025-12-06T05:46:40Z
    private final AtomicLong clockNs = new AtomicLong(START_MS * 1_000_000L);
    private final KrakenAuthent signer = new KrakenAuthent(KrakenSimulator.DEMO_API_SECRET);
    private long nonce = START_MS;
    private final KrakenSimulator sim = new KrakenSimulator(scenario(), SimulatorConfig.defaults().withClock(clockNs::get, 1).withCadence(600_000, 600_000));

    static SimScenario scenario()
    {
        return new SimScenario(List.of(SimInstrument.of("BTCUSDT", "BTC", "USDT", "0.5", "0.0001", "5", "65000")),
            Map.of("BTCUSDT", FundingPath.constant("0.0008", 8)), 42, 0.0005);
    }

    @AfterEach
    void tearDown()
    {
        sim.close();
    }

    private RestReply signed(final HttpMethod method, final String endpoint, final String postData, final KrakenAuthent with, final long nonceValue)
    {
        final String path = KrakenSimulator.REST_PREFIX + endpoint;
        final String authent = with.authent(postData, Long.toString(nonceValue), KrakenAuthent.endpointPath(path));
        final Map<String, String> headers = Map.of("APIKey", KrakenSimulator.DEMO_API_KEY, "Authent", authent, "Nonce", Long.toString(nonceValue));
        return HttpMethod.POST.equals(method) ? sim.request(method, path, headers, postData) : sim.request(method, path + (postData.isEmpty() ? "" : "?" + postData), headers, null);
    }

    RestReply post(final String endpoint, final String postData)
    {
        return signed(HttpMethod.POST, endpoint, postData, signer, ++nonce);
    }

    RestReply get(final String endpoint)
    {
        return signed(HttpMethod.GET, endpoint, "", signer, ++nonce);
    }

    private BigDecimal[] touch()
    {
        return sim.touch(SYMBOL);
    }

    private static String status(final RestReply reply)
    {
        return JsonTree.text(JsonTree.get(JsonTree.parse(reply.body()), "sendStatus"), "status");
    }

    private static List<Object> events(final RestReply reply)
    {
        return JsonTree.list(JsonTree.get(JsonTree.get(JsonTree.parse(reply.body()), "sendStatus"), "orderEvents"));
    }

    private RestReply ioc(final String side, final BigDecimal price, final String size, final String extra)
    {
        return post("sendorder", "orderType=ioc&symbol=" + SYMBOL + "&side=" + side + "&size=" + size + "&limitPrice=" + price.toPlainString() + extra);
    }

    /** Asserts {@code answer} carries every non-null member of the documented example with the same JSON type. */
    static void assertDocumented(final String answer, final String fixture)
    {
        final Map<String, String> documented = Fixtures.shape(Fixtures.text("kraken/" + fixture));
        final Map<String, String> ours = Fixtures.shape(answer);
        documented.forEach((path, type) ->
        {
            if (!"null".equals(type))
            {
                assertThat(ours).as(fixture + ": " + path).containsEntry(path, type);
            }
        });
    }

    // ---------------------------------------------------------------- authentication

    @Test
    void shouldSignTheDocumentedChallengeExample()
    {
        // docs.kraken.com/api/docs/guides/futures-websockets, "Sign challenge"
        final KrakenAuthent documented = new KrakenAuthent("7zxMEF5p/Z8l2p2U7Ghv6x14Af+Fx+92tPgUdVQ748FOIrEoT9bgT+bTRfXc5pz8na+hL/QdrCVG7bh9KpT0eMTm");

        assertThat(documented.signChallenge("c100b894-1729-464d-ace1-52dbce11db42"))
            .isEqualTo("4JEpF3ix66GA2B+ooK128Ift4XQVtc137N9yeg4Kqsn9PI0Kpzbysl9M1IeCEdjg0zl00wkVqcsnG4bmnlMb3A==");
    }

    @Test
    void shouldComputeAuthentByTheDocumentedSteps() throws Exception
    {
        // docs.kraken.com/api/docs/guides/futures-rest, "Authent": the page's example inputs, its five steps done here by hand
        final String secret = "rttp4AzwRfYEdQ7R7X8Z/04Y4TZPa97pqCypi3xXxAqftygftnI6H9yGV+OcUOOJeFtZkr8mVwbAndU3Kz4Q+eG";
        final byte[] step2 = java.security.MessageDigest.getInstance("SHA-256")
            .digest("symbol=fi_xbtusd_1806151415957147987/api/v3/orderbook".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        final javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA512");
        mac.init(new javax.crypto.spec.SecretKeySpec(java.util.Base64.getDecoder().decode(secret), "HmacSHA512"));
        final String step5 = java.util.Base64.getEncoder().encodeToString(mac.doFinal(step2));

        assertThat(new KrakenAuthent(secret).authent("symbol=fi_xbtusd_180615", "1415957147987", "/api/v3/orderbook")).isEqualTo(step5);
    }

    @Test
    void shouldTakeTheEndpointPathWithoutTheDerivativesPrefix()
    {
        assertThat(KrakenAuthent.endpointPath("/derivatives/api/v3/sendorder")).isEqualTo("/api/v3/sendorder");
    }

    @Test
    void shouldAcceptARequestSignedWithTheAccountSecret()
    {
        final Object answer = JsonTree.parse(get("openpositions").body());

        assertThat(JsonTree.text(answer, "result")).isEqualTo("success");
    }

    @Test
    void shouldRefuseARequestSignedWithAnotherSecret()
    {
        final KrakenAuthent other = new KrakenAuthent("7zxMEF5p/Z8l2p2U7Ghv6x14Af+Fx+92tPgUdVQ748FOIrEoT9bgT+bTRfXc5pz8na+hL/QdrCVG7bh9KpT0eMTm");

        final RestReply reply = signed(HttpMethod.GET, "openpositions", "", other, ++nonce);

        assertThat(JsonTree.text(JsonTree.parse(reply.body()), "error")).isEqualTo("authenticationError");
        assertDocumented(reply.body(), "sim/error.json");
    }

    @Test
    void shouldRefuseANonceFarBelowTheHighestSeen()
    {
        get("openpositions");

        final RestReply reply = signed(HttpMethod.GET, "openpositions", "", signer, nonce - KrakenSimulator.NONCE_TOLERANCE - 1);

        assertThat(JsonTree.text(JsonTree.parse(reply.body()), "error")).isEqualTo("nonceBelowThreshold");
    }

    @Test
    void shouldAnswerApiLimitExceededPastTheCostBudget()
    {
        sim.rateBudget(15);
        ioc("buy", touch()[1], "0.001", "");

        final RestReply reply = ioc("buy", touch()[1], "0.001", "");

        assertThat(JsonTree.text(JsonTree.parse(reply.body()), "error")).isEqualTo("apiLimitExceeded");
    }

    // ---------------------------------------------------------------- orders

    @Test
    void shouldFillAnIocThatCrossesWithExecutionEvents()
    {
        final RestReply reply = ioc("buy", touch()[1].add(new BigDecimal("100")), "0.01", "&cliOrdId=fa-1");

        assertThat(status(reply)).isEqualTo("placed");
        assertThat(events(reply)).extracting(e -> JsonTree.text(e, "type")).contains("PLACE", "EXECUTION").doesNotContain("CANCEL");
        assertThat(sim.position(SYMBOL).qty()).isEqualByComparingTo("0.01");
        assertThat(sim.order("fa-1").executedQty).isEqualByComparingTo("0.01");
    }

    @Test
    void shouldFillAnIocPartlyAndCancelTheRest()
    {
        final BigDecimal[] best = sim.levels(SYMBOL, true).get(0);
        final String size = best[1].add(new BigDecimal("5")).toPlainString();

        final RestReply reply = ioc("buy", best[0], size, "&cliOrdId=fa-2");

        assertThat(status(reply)).isEqualTo("placed");
        assertThat(events(reply)).extracting(e -> JsonTree.text(e, "type")).contains("EXECUTION", "CANCEL");
        assertThat(sim.position(SYMBOL).qty()).isEqualByComparingTo(best[1]);
    }

    @Test
    void shouldAnswerIocWouldNotExecuteWhenNothingIsThere()
    {
        final RestReply reply = ioc("buy", touch()[0], "0.01", "&cliOrdId=fa-3");

        assertThat(status(reply)).isEqualTo("iocWouldNotExecute");
        assertThat(sim.position(SYMBOL).qty()).isEqualByComparingTo("0");
    }

    @Test
    void shouldRefuseAReduceOnlyOrderWithoutAPosition()
    {
        final RestReply reply = ioc("sell", touch()[0], "0.01", "&reduceOnly=true");

        assertThat(status(reply)).isEqualTo("wouldNotReducePosition");
    }

    @Test
    void shouldCapAReduceOnlyOrderAtThePosition()
    {
        ioc("buy", touch()[1].add(new BigDecimal("100")), "0.01", "");

        ioc("sell", touch()[0].subtract(new BigDecimal("100")), "0.05", "&reduceOnly=true");

        assertThat(sim.position(SYMBOL).qty()).isEqualByComparingTo("0");
    }

    @Test
    void shouldAnswerInvalidSizeOffTheContractPrecision()
    {
        assertThat(status(ioc("buy", touch()[1], "0.00001", ""))).isEqualTo("invalidSize");
    }

    @Test
    void shouldAnswerInsufficientAvailableFundsBeyondTheMargin()
    {
        assertThat(status(ioc("buy", touch()[1], "100", ""))).isEqualTo("insufficientAvailableFunds");
    }

    @Test
    void shouldCancelARestingOrderByClientId()
    {
        final BigDecimal below = touch()[0].subtract(new BigDecimal("1000"));
        post("sendorder", "orderType=lmt&symbol=" + SYMBOL + "&side=buy&size=0.01&limitPrice=" + below.toPlainString() + "&cliOrdId=fa-rest");

        final RestReply reply = post("cancelorder", "cliOrdId=fa-rest");

        assertThat(JsonTree.text(JsonTree.get(JsonTree.parse(reply.body()), "cancelStatus"), "status")).isEqualTo("cancelled");
        assertThat(JsonTree.list(JsonTree.get(JsonTree.parse(get("openorders").body()), "openOrders"))).isEmpty();
        assertDocumented(reply.body(), "sim/cancel-order.json");
    }

    @Test
    void shouldCancelByOrderIdAfterARestartFromTheKeptState(@TempDir final java.nio.file.Path dir)
    {
        final java.nio.file.Path state = dir.resolve("kraken.json");
        sim.keepStateIn(state).start();
        final RestReply placed = post("sendorder", "orderType=lmt&symbol=" + SYMBOL + "&side=sell&size=0.01&limitPrice="
            + touch()[1].add(new BigDecimal("1000")).toPlainString());
        final String orderId = JsonTree.text(JsonTree.get(JsonTree.parse(placed.body()), "sendStatus"), "order_id");
        sim.close();
        final KrakenSimulator restarted = new KrakenSimulator(scenario(), SimulatorConfig.defaults().withClock(clockNs::get, 1));
        try
        {
            restarted.keepStateIn(state);
            final String path = KrakenSimulator.REST_PREFIX + "cancelorder";
            final String postData = "order_id=" + orderId;
            final String n = Long.toString(++nonce);
            final RestReply reply = restarted.request(HttpMethod.POST, path, Map.of("APIKey", KrakenSimulator.DEMO_API_KEY, "Nonce", n,
                "Authent", signer.authent(postData, n, KrakenAuthent.endpointPath(path))), postData);

            assertThat(JsonTree.text(JsonTree.get(JsonTree.parse(reply.body()), "cancelStatus"), "status")).isEqualTo("cancelled");
        }
        finally
        {
            restarted.close();
        }
    }

    @Test
    void shouldListTheOpenPositionAfterFills()
    {
        ioc("sell", touch()[0].subtract(new BigDecimal("100")), "0.02", "");

        final Object position = JsonTree.list(JsonTree.get(JsonTree.parse(get("openpositions").body()), "openPositions")).get(0);

        assertThat(JsonTree.text(position, "side")).isEqualTo("short");
        assertThat(new BigDecimal(JsonTree.text(position, "size"))).isEqualByComparingTo("0.02");
        assertThat(JsonTree.text(position, "symbol")).isEqualTo(SYMBOL);
    }

    @Test
    void shouldFindAnOrderStatusByClientId()
    {
        ioc("buy", touch()[1].add(new BigDecimal("100")), "0.01", "&cliOrdId=fa-st");

        final Object order = JsonTree.list(JsonTree.get(JsonTree.parse(post("orders/status", "cliOrdIds=fa-st").body()), "orders")).get(0);

        assertThat(JsonTree.text(order, "status")).isEqualTo("FULLY_EXECUTED");
        assertThat(JsonTree.text(JsonTree.get(order, "order"), "cliOrdId")).isEqualTo("fa-st");
    }

    @Test
    void shouldAnswerARejectFaultAsTheSendStatus()
    {
        sim.rejectNextOrders(1, 0, "insufficientAvailableFunds");

        assertThat(status(ioc("buy", touch()[1].add(new BigDecimal("100")), "0.01", ""))).isEqualTo("insufficientAvailableFunds");
        assertThat(sim.position(SYMBOL).qty()).isEqualByComparingTo("0");
    }

    @Test
    void shouldFillNothingWhileThatFaultIsOn()
    {
        sim.fillNothing(true);

        assertThat(status(ioc("buy", touch()[1].add(new BigDecimal("100")), "0.01", ""))).isEqualTo("iocWouldNotExecute");
    }

    @Test
    void shouldListTheEngineSyntheticUsdtNameAsTheUsdPerpetual()
    {
        final KrakenSimulator synthetic = new KrakenSimulator(new SimScenario(
            List.of(SimInstrument.of("PF_ETHUSDT", "ETH", "USDT", "0.01", "0.001", "5", "3000")), Map.of(), 7, 0.0005), SimulatorConfig.defaults());
        try
        {
            assertThat(synthetic.symbols()).containsExactly("PF_ETHUSD");
            assertThat(synthetic.position("PF_ETHUSDT").qty()).isEqualByComparingTo("0");
        }
        finally
        {
            synthetic.close();
        }
    }

    // ---------------------------------------------------------------- funding

    @Test
    void shouldMakeALongPayHourlyFundingAtAPositiveRate()
    {
        ioc("buy", touch()[1].add(new BigDecimal("100")), "0.1", "");
        final BigDecimal before = sim.walletBalance();
        final long settleMs = sim.nextSettlementMs(SYMBOL);
        final BigDecimal rate = sim.fundingRateAt(SYMBOL, settleMs);
        final BigDecimal mark = sim.markPriceAt(SYMBOL, settleMs);

        clockNs.set(settleMs * 1_000_000L);
        sim.markTickNow();

        assertThat(rate).isEqualByComparingTo("0.0001"); // 0.08 % per 8 h, per hour
        final BigDecimal expected = new BigDecimal("0.1").multiply(mark).multiply(rate).negate().setScale(KrakenSimulator.USD_SCALE, RoundingMode.HALF_UP);
        assertThat(sim.walletBalance().subtract(before)).isEqualByComparingTo(expected).isNegative();
    }

    @Test
    void shouldMakeAShortReceiveHourlyFundingAtAPositiveRate()
    {
        ioc("sell", touch()[0].subtract(new BigDecimal("100")), "0.1", "");
        final BigDecimal before = sim.walletBalance();

        clockNs.set(sim.nextSettlementMs(SYMBOL) * 1_000_000L);
        sim.markTickNow();

        assertThat(sim.walletBalance().subtract(before)).isPositive();
    }

    @Test
    void shouldLogTheSettlementInTheAccountLog()
    {
        ioc("buy", touch()[1].add(new BigDecimal("100")), "0.1", "");
        clockNs.set(sim.nextSettlementMs(SYMBOL) * 1_000_000L);

        sim.markTickNow();

        final String entry = sim.privateEvents().stream().filter(e -> e.contains("funding rate change")).findFirst().orElseThrow();
        assertDocumented(entry, "sim/ws-account-log-entry.json");
        assertThat(new BigDecimal(JsonTree.text(JsonTree.get(JsonTree.parse(entry), "new_entry"), "realized_funding"))).isNegative();
    }

    @Test
    void shouldLiquidateAndLogWhenTheMarkCrossesTheLiquidationPrice()
    {
        ioc("buy", touch()[1].add(new BigDecimal("100")), "5", "");
        assertThat(sim.position(SYMBOL).qty()).isPositive();

        sim.shock(SYMBOL, 0.5);

        assertThat(sim.position(SYMBOL).qty()).isEqualByComparingTo("0");
        assertThat(sim.privateEvents()).anyMatch(e -> e.contains("\"fill_type\":\"liquidation\""))
            .anyMatch(e -> e.contains("\"info\":\"futures liquidation\""));
    }

    // ---------------------------------------------------------------- documented shapes

    @Test
    void shouldListInstrumentsAsDocumentedWithAnInverseBeside()
    {
        final RestReply reply = sim.request(HttpMethod.GET, KrakenSimulator.REST_PREFIX + "instruments", Map.of(), null);

        assertDocumented(reply.body(), "instruments.json");
        assertThat(JsonTree.list(JsonTree.get(JsonTree.parse(reply.body()), "instruments"))).extracting(i -> JsonTree.text(i, "symbol"))
            .containsExactly(SYMBOL, "PI_XBTUSD");
    }

    @Test
    void shouldListWhatTheInstrumentsReaderKeepsAsOnePerpetual()
    {
        final String body = sim.request(HttpMethod.GET, KrakenSimulator.REST_PREFIX + "instruments", Map.of(), null).body();

        final List<io.fundingarb.connectors.kraken.KrakenInstrument> kept = io.fundingarb.connectors.kraken.KrakenInstruments.parseInstruments(body);

        assertThat(kept).extracting(io.fundingarb.connectors.kraken.KrakenInstrument::symbol).containsExactly(SYMBOL);
        assertThat(kept.get(0).sizePrecision()).isEqualTo(4);
        assertThat(kept.get(0).tickSize()).isEqualTo(500_000_000L); // 0.5 at 1e-9
    }

    @Test
    void shouldAnswerTickersAsDocumented()
    {
        final String body = sim.request(HttpMethod.GET, KrakenSimulator.REST_PREFIX + "tickers", Map.of(), null).body();
        final Object ticker = JsonTree.list(JsonTree.get(JsonTree.parse(body), "tickers")).get(0);
        final String documented = Fixtures.text("kraken/ticker-by-symbol.json");

        final Map<String, String> ours = Fixtures.shape(JsonText.of(ticker));
        Fixtures.shape(JsonText.of(JsonTree.get(JsonTree.parse(documented), "ticker")))
            .forEach((path, type) -> assertThat(ours).as(path).containsEntry(path, type));
        assertThat(JsonTree.text(JsonTree.parse(body), "result")).isEqualTo("success");
    }

    @Test
    void shouldAnswerAPlacedOrderAsDocumented()
    {
        final RestReply reply = post("sendorder", "orderType=lmt&symbol=" + SYMBOL + "&side=buy&size=0.01&limitPrice="
            + touch()[0].subtract(new BigDecimal("1000")).toPlainString());

        assertDocumented(reply.body(), "sim/send-order-placed.json");
    }

    @Test
    void shouldWriteExecutionEventsAsDocumented()
    {
        final RestReply reply = ioc("buy", touch()[1].add(new BigDecimal("100")), "0.01", "");
        final Object execution = events(reply).stream().filter(e -> "EXECUTION".equals(JsonTree.text(e, "type"))).findFirst().orElseThrow();

        assertDocumented(JsonText.of(execution), "sim/order-event-execution.json");
    }

    @Test
    void shouldAnswerOpenPositionsAsDocumented()
    {
        ioc("buy", touch()[1].add(new BigDecimal("100")), "0.01", "");

        assertDocumented(get("openpositions").body(), "sim/open-positions.json");
    }

    @Test
    void shouldAnswerTheFlexAccountAsDocumented()
    {
        assertDocumented(get("accounts").body(), "sim/accounts-flex.json");
    }

    RestReply put(final String endpoint, final String postData)
    {
        return signed(HttpMethod.PUT, endpoint, postData, signer, ++nonce);
    }

    @Test
    void shouldAnswerOrderStatusAsDocumented()
    {
        ioc("buy", touch()[1].add(new BigDecimal("100")), "0.01", "&cliOrdId=fa-doc");

        assertDocumented(post("orders/status", "cliOrdIds=fa-doc").body(), "sim/order-status.json");
    }

    @Test
    void shouldNoLongerAnswerTheStatusOfAnOrderFinishedMoreThanFiveSecondsAgo()
    {
        ioc("buy", touch()[1].add(new BigDecimal("100")), "0.01", "&cliOrdId=fa-old");
        clockNs.addAndGet((KrakenSimulator.ORDER_STATUS_WINDOW_MS + 1) * 1_000_000L);

        assertThat(JsonTree.list(JsonTree.get(JsonTree.parse(post("orders/status", "cliOrdIds=fa-old").body()), "orders"))).isEmpty();
    }

    @Test
    void shouldAnswerFillsAsDocumentedWithTheClientOrderId()
    {
        ioc("buy", touch()[1].add(new BigDecimal("100")), "0.01", "&cliOrdId=fa-fill");

        final String body = get("fills").body();

        assertDocumented(body, "sim/fills.json");
        assertThat(JsonTree.list(JsonTree.get(JsonTree.parse(body), "fills"))).allMatch(f -> "fa-fill".equals(JsonTree.text(f, "cliOrdId")));
    }

    @Test
    void shouldListOnlyTheFillsBeforeLastFillTime()
    {
        ioc("buy", touch()[1].add(new BigDecimal("100")), "0.01", "&cliOrdId=fa-first");
        clockNs.addAndGet(1_000_000_000L);
        final String cut = KrakenSimulator.iso(clockNs.get() / 1_000_000L);
        clockNs.addAndGet(1_000_000_000L);
        ioc("buy", touch()[1].add(new BigDecimal("100")), "0.01", "&cliOrdId=fa-second");

        final List<Object> fills = JsonTree.list(JsonTree.get(JsonTree.parse(signed(HttpMethod.GET, "fills", "lastFillTime=" + cut, signer, ++nonce)
            .body()), "fills"));

        assertThat(fills).isNotEmpty().allMatch(f -> "fa-first".equals(JsonTree.text(f, "cliOrdId")));
    }

    @Test
    void shouldSetLeveragePreferencesAsDocumented()
    {
        final RestReply reply = put("leveragepreferences", "symbol=" + SYMBOL + "&maxLeverage=5");

        assertDocumented(reply.body(), "sim/leverage-preferences-set.json");
        assertThat(sim.marginMode(SYMBOL)).isEqualTo("isolated");
        assertThat(sim.position(SYMBOL)).isNotNull();
    }

    @Test
    void shouldSetCrossMarginWithoutMaxLeverage()
    {
        put("leveragepreferences", "symbol=" + SYMBOL);

        assertThat(sim.marginMode(SYMBOL)).isEqualTo("cross");
    }

    @Test
    void shouldRefuseLeveragePreferencesOfAnUnknownContract()
    {
        assertThat(JsonTree.text(JsonTree.parse(put("leveragepreferences", "symbol=PF_NOPEUSD").body()), "error")).isEqualTo("invalidArgument");
    }

    @Test
    void shouldRefuseAnOrderPastItsProcessBefore()
    {
        final String before = KrakenSimulator.iso(clockNs.get() / 1_000_000L - 1);

        final RestReply reply = ioc("buy", touch()[1].add(new BigDecimal("100")), "0.01", "&processBefore=" + before);

        assertThat(status(reply)).isEqualTo("wouldProcessAfterSpecifiedTime");
        assertThat(sim.position(SYMBOL).qty()).isZero();
    }

    @Test
    void shouldTakeAnOrderBeforeItsProcessBefore()
    {
        final String before = KrakenSimulator.iso(clockNs.get() / 1_000_000L + 5_000);

        assertThat(status(ioc("buy", touch()[1].add(new BigDecimal("100")), "0.01", "&processBefore=" + before))).isEqualTo("placed");
    }

    @Test
    void shouldStretchTheProcessBeforeWindowByTheClocksSpeed()
    {
        // the demo's simulators run 3600 times faster than the wall clock: a client's 1 s window is an hour of the simulator's
        final AtomicLong fast = new AtomicLong(START_MS * 1_000_000L);
        try (KrakenSimulator demo = new KrakenSimulator(scenario(), SimulatorConfig.defaults().withClock(fast::get, 3600).withCadence(600_000, 600_000)))
        {
            final BigDecimal price = demo.touch(SYMBOL)[1].add(new BigDecimal("100"));
            final String order = "orderType=ioc&symbol=" + SYMBOL + "&side=buy&size=0.01&limitPrice=" + price.toPlainString()
                + "&processBefore=" + KrakenSimulator.iso(START_MS + 1_000);
            final String path = KrakenSimulator.REST_PREFIX + "sendorder";

            fast.addAndGet(3_599_000_000_000L); // 0.9997 s of wall clock after the client's nonce
            final RestReply inTime = demo.request(HttpMethod.POST, path, Map.of("APIKey", KrakenSimulator.DEMO_API_KEY, "Nonce", Long.toString(START_MS),
                "Authent", signer.authent(order, Long.toString(START_MS), KrakenAuthent.endpointPath(path))), order);
            fast.addAndGet(2_000_000_000L); // past 1 s of wall clock
            final RestReply late = demo.request(HttpMethod.POST, path, Map.of("APIKey", KrakenSimulator.DEMO_API_KEY, "Nonce", Long.toString(START_MS + 1),
                "Authent", signer.authent(order, Long.toString(START_MS + 1), KrakenAuthent.endpointPath(path))), order);

            assertThat(status(inTime)).isEqualTo("placed");
            assertThat(status(late)).isEqualTo("wouldProcessAfterSpecifiedTime");
        }
    }
}
