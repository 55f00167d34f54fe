package io.fundingarb.connectors.hyperliquid.sim;

import static io.fundingarb.connectors.hyperliquid.sim.HyperliquidSimFixture.MASTER;
import static io.fundingarb.connectors.hyperliquid.sim.HyperliquidSimFixture.documentedShape;
import static io.fundingarb.connectors.hyperliquid.sim.HyperliquidSimFixture.order;
import static io.fundingarb.connectors.hyperliquid.sim.HyperliquidSimFixture.shapeLike;
import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.connectors.gateway.Fixtures;
import io.fundingarb.connectors.json.JsonTree;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every payload the simulator answers or pushes has the members and JSON types of the documented example (fixtures/hyperliquid, README). */
@Timeout(10)
class HyperliquidFixturesTest
{
    private static final String CLOID = "0x1234567890abcdef1234567890abcdef";

    private final HyperliquidSimFixture venue = new HyperliquidSimFixture("100000");

    @AfterEach
    void tearDown()
    {
        venue.simulator.close();
    }

    private static void assertDocumented(final String answer, final String fixture)
    {
        final String documented = Fixtures.text("hyperliquid/" + fixture);
        assertThat(shapeLike(answer, documented)).as(fixture).isEqualTo(documentedShape(documented));
    }

    private BigDecimal ask()
    {
        return venue.simulator.touch("BTC")[1];
    }

    private void buy(final String cloid)
    {
        venue.exchange(order(0, true, ask().add(new BigDecimal("50")).toPlainString(), "0.01", false, "Ioc", cloid));
    }

    private String privateEvent(final String prefix)
    {
        return venue.simulator.privateEvents().stream().filter(e -> e.startsWith(prefix)).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void shouldAnswerMetaAsDocumented()
    {
        assertDocumented(venue.info("{\"type\":\"meta\"}"), "meta.json");
    }

    @Test
    void shouldAnswerMetaAndAssetCtxsAsDocumented()
    {
        final List<Object> answer = JsonTree.list(JsonTree.parse(venue.info("{\"type\":\"metaAndAssetCtxs\"}")));
        final List<Object> documented = JsonTree.list(JsonTree.parse(Fixtures.text("hyperliquid/meta-and-asset-ctxs.json")));

        assertThat(answer).hasSize(2);
        assertThat(Fixtures.shape(HyperliquidSimulator.jsonOf(answer.get(0)))).isEqualTo(Fixtures.shape(HyperliquidSimulator.jsonOf(documented.get(0))));
        assertThat(Fixtures.shape(HyperliquidSimulator.jsonOf(answer.get(1)))).isEqualTo(Fixtures.shape(HyperliquidSimulator.jsonOf(documented.get(1))));
    }

    @Test
    void shouldAnswerClearinghouseStateOfACrossPositionAsDocumented()
    {
        final HyperliquidSimFixture small = new HyperliquidSimFixture("1000");
        try
        {
            small.exchange(order(0, true, small.simulator.touch("BTC")[1].add(new BigDecimal("50")).toPlainString(), "0.1", false, "Ioc", null));

            assertDocumented(small.info("{\"type\":\"clearinghouseState\",\"user\":\"" + MASTER + "\"}"), "clearinghouse-state-cross.json");
        }
        finally
        {
            small.simulator.close();
        }
    }

    @Test
    void shouldWriteNoLiquidationPriceWhenNoPriceLiquidates()
    {
        buy(null);

        assertThat(venue.info("{\"type\":\"clearinghouseState\",\"user\":\"" + MASTER + "\"}")).contains("\"liquidationPx\":null");
    }

    @Test
    void shouldAnswerClearinghouseStateOfAnIsolatedPositionAsDocumented()
    {
        venue.exchange("{\"type\":\"updateLeverage\",\"asset\":0,\"isCross\":false,\"leverage\":20}");
        buy(null);

        assertDocumented(venue.info("{\"type\":\"clearinghouseState\",\"user\":\"" + MASTER + "\"}"), "clearinghouse-state.json");
    }

    @Test
    void shouldAnswerOpenOrdersAsDocumented()
    {
        venue.exchange(order(0, true, venue.simulator.touch("BTC")[0].subtract(new BigDecimal("100")).toPlainString(), "0.01", false, "Gtc", null));

        assertDocumented(venue.info("{\"type\":\"openOrders\",\"user\":\"" + MASTER + "\"}"), "open-orders.json");
    }

    @Test
    void shouldAnswerOrderStatusAsDocumented()
    {
        buy(CLOID);

        assertDocumented(venue.info("{\"type\":\"orderStatus\",\"user\":\"" + MASTER + "\",\"oid\":\"" + CLOID + "\"}"), "order-status-filled.json");
        assertDocumented(venue.info("{\"type\":\"orderStatus\",\"user\":\"" + MASTER + "\",\"oid\":1}"), "order-status-unknown.json");
    }

    @Test
    void shouldAnswerUserFillsAsDocumented()
    {
        buy(null);

        assertDocumented(venue.info("{\"type\":\"userFills\",\"user\":\"" + MASTER + "\"}"), "user-fills.json");
    }

    @Test
    void shouldAnswerUserFundingAsDocumented()
    {
        buy(null);
        venue.nowNs.addAndGet(3_600_000_000_000L);
        venue.simulator.markTickNow();

        assertDocumented(venue.info("{\"type\":\"userFunding\",\"user\":\"" + MASTER + "\",\"startTime\":0}"), "user-funding.json");
    }

    @Test
    void shouldAnswerOrdersAsDocumented()
    {
        assertDocumented(venue.exchange(order(0, true, ask().add(new BigDecimal("50")).toPlainString(), "0.01", false, "Ioc", null)),
            "order-filled.json");
        assertDocumented(venue.exchange(order(0, true, "1000", "0.01", false, "Gtc", null)), "order-resting.json");
        assertDocumented(venue.exchange(order(0, true, "1000", "0.001", false, "Gtc", null)), "order-error.json");
    }

    @Test
    void shouldAnswerCancelByCloidAsDocumented()
    {
        venue.exchange(order(0, true, "1000", "0.02", false, "Gtc", CLOID));
        final String cancel = "{\"type\":\"cancelByCloid\",\"cancels\":[{\"asset\":0,\"cloid\":\"" + CLOID + "\"}]}";

        assertDocumented(venue.exchange(cancel), "cancel-success.json");
        assertDocumented(venue.exchange(cancel), "cancel-error.json");
    }

    @Test
    void shouldAnswerUpdateLeverageAsDocumented()
    {
        assertDocumented(venue.exchange("{\"type\":\"updateLeverage\",\"asset\":0,\"isCross\":true,\"leverage\":3}"), "update-leverage.json");
    }

    @Test
    void shouldAnswerAnUnknownSignerAsTheVenueDoes()
    {
        final String body = HyperliquidSimFixture.signed(order(0, true, "70000", "0.01", false, "Ioc", null), venue.nextNonce(),
            HyperliquidSimFixture.STRANGER_KEY);

        assertDocumented(venue.simulator.post("/exchange", body).body(), "action-err.json");
    }

    @Test
    void shouldPushOrderUpdatesAndFillsAsDocumented()
    {
        buy(CLOID);

        assertDocumented(privateEvent("{\"channel\":\"orderUpdates\""), "ws-order-updates.json");
        assertDocumented(privateEvent("{\"channel\":\"userFills\"").replace("\"isSnapshot\":false", "\"isSnapshot\":true"), "ws-user-fills.json");
        assertDocumented(privateEvent("{\"channel\":\"user\",\"data\":{\"fills\""), "ws-user-events-fills.json");
    }

    @Test
    void shouldPushFundingAsDocumented()
    {
        buy(null);
        venue.nowNs.addAndGet(3_600_000_000_000L);
        venue.simulator.markTickNow();

        assertDocumented(privateEvent("{\"channel\":\"userFundings\""), "ws-user-fundings.json");
        assertDocumented(privateEvent("{\"channel\":\"user\",\"data\":{\"funding\""), "ws-user-events-funding.json");
    }

    @Test
    void shouldPushALiquidationAsDocumented()
    {
        final HyperliquidSimFixture poor = new HyperliquidSimFixture("1000");
        try
        {
            poor.exchange(order(0, true, poor.simulator.touch("BTC")[1].add(new BigDecimal("50")).toPlainString(), "0.1", false, "Ioc", null));
            poor.simulator.shock("BTC", 0.8);

            assertDocumented(poor.simulator.privateEvents().stream().filter(e -> e.contains("\"liquidation\":{\"lid\"")).findFirst().orElseThrow(),
                "ws-user-event-liquidation.json");
        }
        finally
        {
            poor.simulator.close();
        }
    }
}
