package io.fundingarb.connectors.hyperliquid.sim;

import static io.fundingarb.connectors.hyperliquid.sim.HyperliquidSimFixture.AGENT_KEY;
import static io.fundingarb.connectors.hyperliquid.sim.HyperliquidSimFixture.MASTER;
import static io.fundingarb.connectors.hyperliquid.sim.HyperliquidSimFixture.MASTER_KEY;
import static io.fundingarb.connectors.hyperliquid.sim.HyperliquidSimFixture.STRANGER_KEY;
import static io.fundingarb.connectors.hyperliquid.sim.HyperliquidSimFixture.order;
import static io.fundingarb.connectors.hyperliquid.sim.HyperliquidSimFixture.signed;
import static io.fundingarb.connectors.hyperliquid.sim.HyperliquidSimFixture.signedAs;
import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.connectors.hyperliquid.HyperliquidActions;
import io.fundingarb.connectors.hyperliquid.HyperliquidSigner;
import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.simulator.SimInstrument;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class HyperliquidSimulatorTest
{
    private static final String CLOID = "0x1234567890abcdef1234567890abcdef";
    private static final long HOUR_MS = 3_600_000L;

    private HyperliquidSimFixture venue = new HyperliquidSimFixture("100000");

    @AfterEach
    void tearDown()
    {
        venue.simulator.close();
    }

    private BigDecimal bestAsk()
    {
        return venue.simulator.touch("BTC")[1];
    }

    private BigDecimal bestBid()
    {
        return venue.simulator.touch("BTC")[0];
    }

    private String buyBtc(final String size, final String cloid)
    {
        return venue.exchange(order(0, true, bestAsk().add(new BigDecimal("50")).toPlainString(), size, false, "Ioc", cloid));
    }

    @Test
    void shouldListTheUniverseWithSizeDecimalsFromTheLotSize()
    {
        assertThat(venue.info("{\"type\":\"meta\"}")).startsWith(
            "{\"universe\":[{\"name\":\"BTC\",\"szDecimals\":5,\"maxLeverage\":50},{\"name\":\"ETH\",\"szDecimals\":4,\"maxLeverage\":50}]");
    }

    @Test
    void shouldShowTheHourlyRateOfAnEightHourPathAsItsEighth()
    {
        final Object ctxs = JsonTree.list(JsonTree.parse(venue.info("{\"type\":\"metaAndAssetCtxs\"}"))).get(1);
        assertThat(JsonTree.text(JsonTree.list(ctxs).get(0), "funding")).isEqualTo("0.0000125");
        assertThat(JsonTree.text(JsonTree.list(ctxs).get(1), "funding")).isEqualTo("0.0001");
    }

    @Test
    void shouldFillAnIocBuyAgainstTheAsksUpToItsSize()
    {
        final String answer = buyBtc("0.01", CLOID);

        assertThat(answer).startsWith("{\"status\":\"ok\",\"response\":{\"type\":\"order\",\"data\":{\"statuses\":[{\"filled\":{\"totalSz\":\"0.01\"");
        assertThat(venue.simulator.position("BTC").qty()).isEqualByComparingTo("0.01");
        assertThat(venue.simulator.order(CLOID).status).isEqualTo("filled");
    }

    @Test
    void shouldRejectAnIocThatCannotMatch()
    {
        final String answer = venue.exchange(order(0, true, bestBid().subtract(new BigDecimal("100")).toPlainString(), "0.01", false, "Ioc", CLOID));

        assertThat(answer).contains("{\"error\":\"Order could not immediately match against any resting orders. asset=0\"}");
        assertThat(venue.simulator.position("BTC").qty()).isZero();
    }

    @Test
    void shouldRestAGtcOrderThatDoesNotCross()
    {
        final String answer = venue.exchange(order(0, true, bestBid().subtract(new BigDecimal("100")).toPlainString(), "0.01", false, "Gtc", CLOID));

        assertThat(answer).contains("{\"resting\":{\"oid\":");
        assertThat(venue.info("{\"type\":\"openOrders\",\"user\":\"" + MASTER + "\"}")).contains("\"sz\":\"0.01\"");
    }

    @Test
    void shouldRejectAPriceWithMoreThanFiveSignificantFigures()
    {
        assertThat(venue.exchange(order(1, true, "3000.15", "0.01", false, "Ioc", null)))
            .contains("{\"error\":\"Price must be divisible by tick size. asset=1\"}");
    }

    @Test
    void shouldRejectAPriceWithMoreThanSixLessSzDecimalsDecimals()
    {
        assertThat(venue.exchange(order(1, true, "30.125", "1", false, "Ioc", null)))
            .contains("{\"error\":\"Price must be divisible by tick size. asset=1\"}");
    }

    @Test
    void shouldAcceptAnIntegralPriceWhateverItsSignificantFigures()
    {
        assertThat(venue.exchange(order(0, true, bestAsk().add(new BigDecimal("1000")).toPlainString(), "0.001", false, "Ioc", null)))
            .contains("\"filled\"");
    }

    @Test
    void shouldRejectASizeWithMoreDecimalsThanSzDecimals()
    {
        assertThat(buyBtc("0.000011", null)).contains("{\"error\":\"Order has invalid size.\"}");
    }

    @Test
    void shouldRejectAnOrderWorthLessThanTenDollars()
    {
        assertThat(buyBtc("0.0001", null)).contains("{\"error\":\"Order must have minimum value of $10.\"}");
    }

    @Test
    void shouldRejectAReduceOnlyOrderThatWouldOpenAPosition()
    {
        assertThat(venue.exchange(order(0, false, bestBid().subtract(new BigDecimal("50")).toPlainString(), "0.01", true, "Ioc", null)))
            .contains("{\"error\":\"Reduce only order would increase position. asset=0\"}");
    }

    @Test
    void shouldReduceAPositionWithAReduceOnlyOrder()
    {
        buyBtc("0.01", null);

        venue.exchange(order(0, false, bestBid().subtract(new BigDecimal("50")).toPlainString(), "0.02", true, "Ioc", null));

        assertThat(venue.simulator.position("BTC").qty()).isZero();
    }

    @Test
    void shouldSettleFundingOnTheHourOnSizeTimesOraclePrice()
    {
        buyBtc("0.01", null);
        final BigDecimal before = venue.simulator.walletBalance();
        final long hourMs = (HyperliquidSimFixture.START_MS / HOUR_MS + 1) * HOUR_MS;
        venue.nowNs.set((hourMs + 1_000) * 1_000_000L);

        venue.simulator.markTickNow();

        final BigDecimal oracle = venue.simulator.oraclePriceAt("BTC", hourMs);
        final BigDecimal expected = new BigDecimal("-0.01").multiply(oracle).multiply(new BigDecimal(HyperliquidSimFixture.BTC_RATE))
            .setScale(6, RoundingMode.HALF_UP);
        assertThat(venue.simulator.walletBalance().subtract(before)).isEqualByComparingTo(expected);
        assertThat(venue.simulator.privateEvents()).contains("{\"channel\":\"userFundings\",\"data\":{\"isSnapshot\":false,\"user\":\"" + MASTER
            + "\",\"fundings\":[{\"time\":" + hourMs + ",\"coin\":\"BTC\",\"usdc\":\"" + HyperliquidSimulator.num(expected)
            + "\",\"szi\":\"0.01\",\"fundingRate\":\"0.0000125\"}]}}");
    }

    @Test
    void shouldPayExactlyTheProductAtSixDecimals()
    {
        buyBtc("0.01", null);
        final long hourMs = (HyperliquidSimFixture.START_MS / HOUR_MS + 1) * HOUR_MS;
        venue.nowNs.set((hourMs + 1_000) * 1_000_000L);

        venue.simulator.markTickNow();

        // 0.01 x oracle x 0.0000125 = oracle x 1.25e-7: at 6 decimals, exact for any oracle price of 5 significant figures
        final BigDecimal oracle = venue.simulator.oraclePriceAt("BTC", hourMs);
        final Object first = JsonTree.list(JsonTree.parse(venue.info("{\"type\":\"userFunding\",\"user\":\"" + MASTER + "\",\"startTime\":0}"))).get(0);
        final String usdc = JsonTree.text(JsonTree.get(first, "delta"), "usdc");
        assertThat(new BigDecimal(usdc)).isEqualByComparingTo(oracle.multiply(new BigDecimal("-0.000000125")).setScale(6, RoundingMode.HALF_UP));
    }

    @Test
    void shouldNotSettleBeforeTheHour()
    {
        buyBtc("0.01", null);
        final BigDecimal before = venue.simulator.walletBalance();
        final long hourMs = (HyperliquidSimFixture.START_MS / HOUR_MS + 1) * HOUR_MS;
        venue.nowNs.set((hourMs - 1) * 1_000_000L);

        venue.simulator.markTickNow();

        assertThat(venue.simulator.walletBalance()).isEqualByComparingTo(before);
    }

    @Test
    void shouldAcceptTheMastersOwnSignature()
    {
        final String body = signed(order(0, true, bestAsk().add(new BigDecimal("50")).toPlainString(), "0.01", false, "Ioc", null), venue.nextNonce(),
            MASTER_KEY);

        assertThat(venue.simulator.post("/exchange", body).body()).contains("\"filled\"");
    }

    @Test
    void shouldRejectASignatureOfAnotherKeyNamingTheRecoveredAddress()
    {
        final String body = signed(order(0, true, bestAsk().toPlainString(), "0.01", false, "Ioc", null), venue.nextNonce(), STRANGER_KEY);

        assertThat(venue.simulator.post("/exchange", body).body()).isEqualTo("{\"status\":\"err\",\"response\":\"User or API Wallet "
            + new HyperliquidSigner(STRANGER_KEY, HyperliquidSigner.Network.MAINNET).address() + " does not exist.\"}");
        assertThat(venue.simulator.position("BTC").qty()).isZero();
    }

    @Test
    void shouldRejectAnActionThatIsNotTheOneSigned()
    {
        final String sent = order(0, true, "70000", "0.01", false, "Ioc", null);
        final String signedOne = order(0, true, "70000.0", "0.01", false, "Ioc", null);

        assertThat(venue.simulator.post("/exchange", signedAs(sent, signedOne, venue.nextNonce(), AGENT_KEY)).body())
            .startsWith("{\"status\":\"err\",\"response\":\"User or API Wallet 0x");
    }

    @Test
    void shouldAcceptAnActionSignedWithItsExpiresAfter()
    {
        final String action = order(0, true, bestAsk().add(new BigDecimal("50")).toPlainString(), "0.01", false, "Ioc", null);

        assertThat(venue.simulator.post("/exchange", HyperliquidSimFixture.signedExpiring(action, venue.nextNonce(), AGENT_KEY,
            HyperliquidSimFixture.START_MS + 5_000)).body()).contains("\"filled\"");
    }

    @Test
    void shouldRejectAnActionPastItsExpiresAfter()
    {
        final String action = order(0, true, bestAsk().add(new BigDecimal("50")).toPlainString(), "0.01", false, "Ioc", null);

        assertThat(venue.simulator.post("/exchange", HyperliquidSimFixture.signedExpiring(action, venue.nextNonce(), AGENT_KEY,
            HyperliquidSimFixture.START_MS - 1)).body()).startsWith("{\"status\":\"err\"");
        assertThat(venue.simulator.position("BTC").qty()).isZero();
    }

    @Test
    void shouldRejectAReusedNonce()
    {
        final long nonce = venue.nextNonce();
        final String action = order(0, true, bestAsk().add(new BigDecimal("50")).toPlainString(), "0.01", false, "Ioc", null);
        venue.simulator.post("/exchange", signed(action, nonce, AGENT_KEY));

        assertThat(venue.simulator.post("/exchange", signed(action, nonce, AGENT_KEY)).body())
            .isEqualTo("{\"status\":\"err\",\"response\":\"Invalid nonce: duplicate nonce " + nonce + "\"}");
        assertThat(venue.simulator.position("BTC").qty()).isEqualByComparingTo("0.01");
    }

    @Test
    void shouldRejectANonceOlderThanTwoDays()
    {
        final long nonce = HyperliquidSimFixture.START_MS - HyperliquidSimulator.NONCE_PAST_MS;

        assertThat(venue.simulator.post("/exchange", signed(order(0, true, "70000", "0.01", false, "Ioc", null), nonce, AGENT_KEY)).body())
            .startsWith("{\"status\":\"err\",\"response\":\"Invalid nonce");
    }

    @Test
    void shouldPackAnOrderInTheVenueFieldOrderWhateverTheJsonOrder()
    {
        final String reordered = "{\"grouping\":\"na\",\"orders\":[{\"c\":\"" + CLOID + "\",\"t\":{\"limit\":{\"tif\":\"Ioc\"}},\"r\":false,\"s\":\"0.01\","
            + "\"p\":\"65000\",\"b\":true,\"a\":0}],\"type\":\"order\"}";

        assertThat(L1ActionSignatures.msgpack(JsonTree.parse(reordered)))
            .isEqualTo(new HyperliquidActions().order(0, true, "65000", "0.01", false, HyperliquidActions.Tif.Ioc, CLOID).msgpack());
    }

    @Test
    void shouldCancelARestingOrderByCloidOnce()
    {
        venue.exchange(order(0, true, bestBid().subtract(new BigDecimal("100")).toPlainString(), "0.01", false, "Gtc", CLOID));
        final String cancel = "{\"type\":\"cancelByCloid\",\"cancels\":[{\"asset\":0,\"cloid\":\"" + CLOID + "\"}]}";

        assertThat(venue.exchange(cancel)).isEqualTo("{\"status\":\"ok\",\"response\":{\"type\":\"cancel\",\"data\":{\"statuses\":[\"success\"]}}}");
        assertThat(venue.exchange(cancel)).contains("{\"error\":\"Order was never placed, already canceled, or filled.\"}");
    }

    @Test
    void shouldAnswerOrderStatusByCloidAndByOid()
    {
        buyBtc("0.01", CLOID);
        final long oid = venue.simulator.order(CLOID).orderId;

        assertThat(venue.info("{\"type\":\"orderStatus\",\"user\":\"" + MASTER + "\",\"oid\":\"" + CLOID + "\"}")).contains("\"status\":\"filled\"");
        assertThat(venue.info("{\"type\":\"orderStatus\",\"user\":\"" + MASTER + "\",\"oid\":" + oid + "}")).contains("\"cloid\":\"" + CLOID + "\"");
        assertThat(venue.info("{\"type\":\"orderStatus\",\"user\":\"" + MASTER + "\",\"oid\":7}")).isEqualTo("{\"status\":\"unknownOid\"}");
    }

    @Test
    void shouldAnswerAnUnknownInfoTypeAsAnUndeserializableBody()
    {
        assertThat(venue.simulator.post("/info", "{\"type\":\"noSuchThing\"}").status()).isEqualTo(422);
    }

    @Test
    void shouldSetLeverageAndMarginMode()
    {
        assertThat(venue.exchange("{\"type\":\"updateLeverage\",\"asset\":0,\"isCross\":false,\"leverage\":5}"))
            .isEqualTo("{\"status\":\"ok\",\"response\":{\"type\":\"default\"}}");
        assertThat(venue.simulator.leverage("BTC")).isEqualTo(5);
        assertThat(venue.simulator.isolated("BTC")).isTrue();
    }

    @Test
    void shouldLiquidateALongWhenTheMarkFallsThroughItsLiquidationPrice()
    {
        venue.simulator.close();
        venue = new HyperliquidSimFixture("1000");
        buyBtc("0.1", null);
        assertThat(venue.simulator.liquidationPrice("BTC")).isNotNull();

        venue.simulator.shock("BTC", 0.8);

        assertThat(venue.simulator.position("BTC").qty()).isZero();
        assertThat(venue.simulator.privateEvents()).anyMatch(e -> e.startsWith("{\"channel\":\"user\",\"data\":{\"liquidation\":{\"lid\":1,"));
    }

    @Test
    void shouldRejectTheNextOrderWithTheFaultsText()
    {
        venue.simulator.rejectNextOrders(1, 0, "Insufficient margin to place order. asset=0");

        assertThat(buyBtc("0.01", null)).contains("{\"error\":\"Insufficient margin to place order. asset=0\"}");
        assertThat(buyBtc("0.01", null)).contains("\"filled\"");
    }

    @Test
    void shouldFillHalfAnIocUnderThePartialFillFault()
    {
        venue.simulator.partialFillNextOrders(1, new BigDecimal("0.5"));

        assertThat(buyBtc("0.01", CLOID)).contains("\"totalSz\":\"0.005\"");
        assertThat(venue.simulator.order(CLOID).status).isEqualTo("canceled");
    }

    @Test
    void shouldAnswerAnIocAsUnmatchedWhileFillingNothing()
    {
        venue.simulator.fillNothing(true);

        assertThat(buyBtc("0.01", null)).contains("Order could not immediately match against any resting orders. asset=0");
    }

    @Test
    void shouldAnswerAnUnappliedFailureWithoutTouchingTheAccount()
    {
        venue.simulator.failNextOrdersUnapplied(1, 502);

        assertThat(venue.simulator.post("/exchange", signed(order(0, true, bestAsk().add(new BigDecimal("50")).toPlainString(), "0.01", false, "Ioc",
            null), venue.nextNonce(), AGENT_KEY)).status()).isEqualTo(502);
        assertThat(venue.simulator.position("BTC").qty()).isZero();
    }

    @Test
    void shouldKnowItsOrdersByOidAfterARestart(@TempDir final Path dir)
    {
        final Path state = dir.resolve("hyperliquid-state.json");
        venue.simulator.keepStateIn(state).start();
        buyBtc("0.01", CLOID);
        final long oid = venue.simulator.order(CLOID).orderId;
        venue.simulator.close();

        venue = new HyperliquidSimFixture("100000");
        venue.simulator.keepStateIn(state);

        assertThat(venue.info("{\"type\":\"orderStatus\",\"user\":\"" + MASTER + "\",\"oid\":" + oid + "}")).contains("\"cloid\":\"" + CLOID + "\"");
        assertThat(venue.simulator.position("BTC").qty()).isEqualByComparingTo("0.01");
    }

    @Test
    void shouldQuoteOnTheFifthSignificantFigureWhateverTheListedTick()
    {
        assertThat(HyperliquidSimulator.onVenueGrid(SimInstrument.of("BTC", "BTC", "USDC", "0.1", "0.00001", "5", "65000")).tickSize())
            .isEqualByComparingTo("1");
        assertThat(HyperliquidSimulator.onVenueGrid(SimInstrument.of("ETH", "ETH", "USDC", "0.01", "0.0001", "5", "3000")).tickSize())
            .isEqualByComparingTo("0.1");
        assertThat(HyperliquidSimulator.onVenueGrid(SimInstrument.of("kPEPE", "PEPE", "USDC", "0.0000001", "1", "5", "0.0123")).tickSize())
            .isEqualByComparingTo("0.000001");
    }

    @Test
    void shouldAnswer429OnceTheMinutesWeightIsSpent()
    {
        venue.simulator.rateLimits(40, HyperliquidSimulator.INITIAL_ACTIONS);

        assertThat(venue.simulator.post("/info", "{\"type\":\"meta\"}").status()).isEqualTo(200);
        assertThat(venue.simulator.post("/info", "{\"type\":\"meta\"}").status()).isEqualTo(200);
        assertThat(venue.simulator.post("/info", "{\"type\":\"meta\"}").status()).isEqualTo(429);
    }

    @Test
    void shouldLimitAnAddressThatHasTradedTooLittleForItsActions()
    {
        venue.simulator.rateLimits(HyperliquidSimulator.WEIGHT_PER_MINUTE, 2);
        final String resting = order(0, true, "1000", "0.02", false, "Gtc", null);
        venue.exchange(resting);
        venue.exchange(resting);
        venue.exchange(resting); // over the limit: the one action a limited address gets every 10 s

        assertThat(venue.exchange(resting)).startsWith("{\"status\":\"err\",\"response\":\"Too many cumulative requests sent (4 > 2)");
    }

    @Test
    void shouldFreeOneActionPerUsdcTraded()
    {
        venue.simulator.rateLimits(HyperliquidSimulator.WEIGHT_PER_MINUTE, 1);
        buyBtc("0.01", null); // ~650 USDC traded

        assertThat(venue.exchange(order(0, true, "1000", "0.02", false, "Gtc", null))).contains("\"resting\"");
        assertThat(venue.exchange(order(0, true, "1000", "0.02", false, "Gtc", null))).contains("\"resting\"");
    }

    @Test
    void shouldRoundSyntheticPricesToTheVenueGrid()
    {
        assertThat(HyperliquidSimulator.price(105_055.37, 5)).isEqualByComparingTo("105055");
        assertThat(HyperliquidSimulator.price(14.316149, 2)).isEqualByComparingTo("14.316");
        assertThat(HyperliquidSimulator.num(new BigDecimal("105055"))).isEqualTo("105055.0");
    }
}
