package io.fundingarb.engine.stage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OrderFillsTest
{
    @Test
    void shouldCountEachFillOnceWhateverTheReportOrder()
    {
        final OrderFills fills = new OrderFills(8);

        assertThat(fills.newFill(1, 5, 5)).isEqualTo(5);
        assertThat(fills.newFill(1, 5, 5)).as("duplicate").isZero();
        assertThat(fills.newFill(1, 3, 3)).as("stale").isZero();
        assertThat(fills.newFill(1, 9, 4)).isEqualTo(4);
    }

    @Test
    void shouldRememberOnlyTheLastOrdersAndStayBounded()
    {
        final OrderFills fills = new OrderFills(4);
        for (long id = 1; id <= 100; id++)
        {
            fills.newFill(id, 1, 1);
        }

        assertThat(fills.size()).isEqualTo(4);
        assertThat(fills.newFill(100, 1, 1)).as("recent: a duplicate").isZero();
        assertThat(fills.newFill(1, 1, 1)).as("forgotten long ago: counted again").isEqualTo(1);
    }
}
