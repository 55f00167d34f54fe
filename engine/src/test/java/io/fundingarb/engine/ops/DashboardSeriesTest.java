package io.fundingarb.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The dashboard's sampled curves stay bounded and still span the whole session. */
class DashboardSeriesTest
{
    @Test
    void shouldHalveItsDetailWhenFullAndKeepTheFirstAndLatestSpan()
    {
        final DashboardState.Series series = new DashboardState.Series();
        final int samples = DashboardState.Series.CAPACITY * 3;
        for (int i = 0; i < samples; i++)
        {
            series.add(i, i * 10L);
        }

        assertThat(series.size).isLessThanOrEqualTo(DashboardState.Series.CAPACITY);
        assertThat(series.tsNs[0]).isZero();
        assertThat(series.tsNs[series.size - 1]).isGreaterThan(samples - 1 - 4L);
        for (int i = 1; i < series.size; i++)
        {
            assertThat(series.tsNs[i]).isGreaterThan(series.tsNs[i - 1]);
            assertThat(series.value[i]).isEqualTo(series.tsNs[i] * 10);
        }
    }
}
