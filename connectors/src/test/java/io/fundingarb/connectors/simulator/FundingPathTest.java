package io.fundingarb.connectors.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class FundingPathTest
{
    private static final long H = 3_600_000L;
    private final FundingPath path = FundingPath.of(List.of(
        new FundingPath.Point(8 * H, new BigDecimal("0.0001"), 8),
        new FundingPath.Point(12 * H, new BigDecimal("0.0003"), 4)));

    @Test
    void shouldShowRateOfNextSettlement()
    {
        assertThat(path.at(9 * H)).isEqualTo(new FundingPath.Current(new BigDecimal("0.0003"), 12 * H, 4));
    }

    @Test
    void shouldMoveToNextSettlementAtSettlementTime()
    {
        assertThat(path.at(8 * H).nextFundingMs()).isEqualTo(12 * H);
    }

    @Test
    void shouldUseFirstPointBeforeHistory()
    {
        assertThat(path.at(0).rate()).isEqualTo(new BigDecimal("0.0001"));
    }

    @Test
    void shouldRepeatLastRateOnItsGridAfterHistory()
    {
        assertThat(path.at(13 * H)).isEqualTo(new FundingPath.Current(new BigDecimal("0.0003"), 16 * H, 4));
    }
}
