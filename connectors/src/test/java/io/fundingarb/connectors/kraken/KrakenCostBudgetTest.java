package io.fundingarb.connectors.kraken;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The documented budget: 500 per 10 s on /derivatives, sendorder 10 (docs.kraken.com/api/docs/guides/futures-rate-limits). */
class KrakenCostBudgetTest
{
    private static final long T0 = TimeUnit.DAYS.toNanos(20_000);

    private final KrakenCostBudget budget = new KrakenCostBudget();

    @Test
    void shouldAllowFiftyOrdersAtOnceAndRefuseTheFiftyFirst()
    {
        for (int i = 0; i < 50; i++)
        {
            assertThat(budget.tryAcquire(KrakenCostBudget.SEND_ORDER, T0)).as("order %d", i).isTrue();
        }

        assertThat(budget.tryAcquire(KrakenCostBudget.SEND_ORDER, T0)).isFalse();
        assertThat(budget.available(T0)).isZero();
    }

    @Test
    void shouldRefillTenUnitsEvery200Ms()
    {
        for (int i = 0; i < 50; i++)
        {
            budget.tryAcquire(KrakenCostBudget.SEND_ORDER, T0);
        }

        assertThat(budget.tryAcquire(KrakenCostBudget.SEND_ORDER, T0 + TimeUnit.MILLISECONDS.toNanos(199))).isFalse();
        assertThat(budget.tryAcquire(KrakenCostBudget.SEND_ORDER, T0 + TimeUnit.MILLISECONDS.toNanos(200))).isTrue();
    }

    @Test
    void shouldLetChargedQueriesUseUpTheRoomOfOrders()
    {
        for (int i = 0; i < 250; i++)
        {
            budget.charge(KrakenCostBudget.OPEN_POSITIONS, T0);
        }

        assertThat(budget.tryAcquire(KrakenCostBudget.SEND_ORDER, T0)).isFalse();
        assertThat(budget.available(T0 + KrakenCostBudget.WINDOW_NS)).isEqualTo(KrakenCostBudget.BUDGET);
    }
}
