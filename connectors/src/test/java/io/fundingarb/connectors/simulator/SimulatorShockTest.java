package io.fundingarb.connectors.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fundingarb.connectors.venue.VenueAdapter;
import io.fundingarb.connectors.venue.VenueAdapters;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every venue's simulator moves its book with a price shock: the book orders are matched against is
 * the shocked one from the shock on, not the levels from before it until the next depth push (a
 * reduce-only IOC sent right after the demo's shock then filled at the pre-shock price on the venue
 * whose book had not been pushed yet, a fifth of the leg's notional lost on a hedged pair).
 */
@Timeout(30)
class SimulatorShockTest
{
    private static final long START_NS = 1_765_000_000_000L * 1_000_000L;
    private static final double FACTOR = 1.2;

    static List<VenueAdapter> venues()
    {
        return VenueAdapters.ADAPTERS;
    }

    @ParameterizedTest
    @MethodSource("venues")
    void shouldMatchOrdersAgainstTheShockedBookAtOnce(final VenueAdapter venue)
    {
        final String symbol = venue.symbol("BTC", "USDT");
        final SimScenario scenario = new SimScenario(List.of(SimInstrument.of(symbol, "BTC", "USDT", "0.5", "0.0001", "5", "65000")),
            Map.of(symbol, FundingPath.constant("0.0001", 8)), 42, 0.0005);
        final AtomicLong clockNs = new AtomicLong(START_NS);
        // no timer pushes within the test: only the shock can move the book
        try (SimulatorServer sim = venue.simulator(scenario, SimulatorConfig.defaults().withClock(clockNs::get, 1).withCadence(600_000, 600_000)))
        {
            final BigDecimal[] before = sim.touch(symbol);

            sim.shock(symbol, FACTOR);

            final BigDecimal[] after = sim.touch(symbol);
            assertThat(after[0].doubleValue() / before[0].doubleValue()).as("%s best bid after x%.1f", venue.name(), FACTOR).isCloseTo(FACTOR, within(0.01));
            assertThat(after[1].doubleValue() / before[1].doubleValue()).as("%s best ask after x%.1f", venue.name(), FACTOR).isCloseTo(FACTOR, within(0.01));
        }
    }
}
