package io.fundingarb.connectors.hyperliquid;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.connectors.hyperliquid.HyperliquidActions.Tif;
import org.junit.jupiter.api.Test;

/** The JSON {@code action} of a request carries the same fields, in the same order, as the signed msgpack. */
class HyperliquidActionsTest
{
    private final HyperliquidActions actions = new HyperliquidActions();

    @Test
    void shouldWriteAnIocOrderWithItsCloid()
    {
        assertThat(actions.order(4, false, "1670.1", "0.0147", true, Tif.Ioc, "0x666100006933c3400000000000001041").json().toString())
            .isEqualTo("{\"type\":\"order\",\"orders\":[{\"a\":4,\"b\":false,\"p\":\"1670.1\",\"s\":\"0.0147\",\"r\":true,"
                + "\"t\":{\"limit\":{\"tif\":\"Ioc\"}},\"c\":\"0x666100006933c3400000000000001041\"}],\"grouping\":\"na\"}");
    }

    @Test
    void shouldWriteACancelByCloid()
    {
        assertThat(actions.cancelByCloid(0, "0x00000000000000000000000000000001").json().toString())
            .isEqualTo("{\"type\":\"cancelByCloid\",\"cancels\":[{\"asset\":0,\"cloid\":\"0x00000000000000000000000000000001\"}]}");
    }

    @Test
    void shouldWriteALeverageUpdate()
    {
        assertThat(actions.updateLeverage(1, true, 3).json().toString())
            .isEqualTo("{\"type\":\"updateLeverage\",\"asset\":1,\"isCross\":true,\"leverage\":3}");
    }

    @Test
    void shouldStartEachActionAfresh()
    {
        final byte[] first = actions.updateLeverage(1, true, 3).msgpack();
        actions.cancelByCloid(0, "0x00000000000000000000000000000001");
        assertThat(actions.updateLeverage(1, true, 3).msgpack()).isEqualTo(first);
    }
}
