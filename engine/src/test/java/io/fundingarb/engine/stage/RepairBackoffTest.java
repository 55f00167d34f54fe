package io.fundingarb.engine.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RepairBackoffTest
{
    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldWaitNothingBeforeTheFirstFailureThenDoubleUpToTheCap()
    {
        final RepairBackoff backoff = new RepairBackoff(SECOND, 30 * SECOND);
        assertThat(IntStream.rangeClosed(0, 8).mapToLong(backoff::delayNs).map(ns -> ns / SECOND).toArray())
            .containsExactly(0, 1, 2, 4, 8, 16, 30, 30, 30);
    }

    @Test
    void shouldStayAtTheCapForAnyNumberOfFailures()
    {
        final RepairBackoff backoff = new RepairBackoff(3 * SECOND, 3_600 * SECOND);
        assertThat(backoff.delayNs(63)).isEqualTo(3_600 * SECOND);
        assertThat(backoff.delayNs(64)).isEqualTo(3_600 * SECOND);
        assertThat(backoff.delayNs(Integer.MAX_VALUE)).isEqualTo(3_600 * SECOND);
    }

    @Test
    void shouldRefuseACapBelowTheFirstWait()
    {
        assertThatThrownBy(() -> new RepairBackoff(2 * SECOND, SECOND)).isInstanceOf(IllegalArgumentException.class);
    }
}
