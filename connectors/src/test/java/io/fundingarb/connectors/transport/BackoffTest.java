package io.fundingarb.connectors.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest
{
    private static final long BASE = 100;
    private static final long CAP = 1_600;

    @Test
    void shouldDoubleNominalDelayUntilCap()
    {
        final Backoff backoff = new Backoff(BASE, CAP, new Random(1));
        assertThat(backoff.nominalDelayNs(0)).isEqualTo(100);
        assertThat(backoff.nominalDelayNs(1)).isEqualTo(200);
        assertThat(backoff.nominalDelayNs(4)).isEqualTo(1_600);
        assertThat(backoff.nominalDelayNs(5)).isEqualTo(1_600);
        assertThat(backoff.nominalDelayNs(1_000)).isEqualTo(1_600);
    }

    @Test
    void shouldJitterBetweenHalfAndFullNominalDelay()
    {
        final Backoff backoff = new Backoff(BASE, CAP, new Random(7));
        for (int attempt = 0; attempt < 40; attempt++)
        {
            final long nominal = backoff.nominalDelayNs(attempt);
            final long delay = backoff.nextDelayNs();
            assertThat(delay).isBetween(nominal / 2, nominal);
        }
    }

    @Test
    void shouldNeverExceedCap()
    {
        final Backoff backoff = new Backoff(BASE, CAP, new Random(3));
        for (int i = 0; i < 10_000; i++)
        {
            assertThat(backoff.nextDelayNs()).isLessThanOrEqualTo(CAP);
        }
    }

    @Test
    void shouldActuallyJitter()
    {
        final Backoff backoff = new Backoff(BASE, CAP, new Random(11));
        for (int i = 0; i < 10; i++)
        {
            backoff.nextDelayNs();
        }
        final long first = backoff.nextDelayNs();
        boolean differs = false;
        for (int i = 0; i < 20 && !differs; i++)
        {
            differs = backoff.nextDelayNs() != first;
        }
        assertThat(differs).isTrue();
    }

    @Test
    void shouldReturnToBaseAfterReset()
    {
        final Backoff backoff = new Backoff(BASE, CAP, new Random(5));
        for (int i = 0; i < 8; i++)
        {
            backoff.nextDelayNs();
        }
        backoff.reset();
        assertThat(backoff.attempts()).isZero();
        assertThat(backoff.nextDelayNs()).isBetween(BASE / 2, BASE);
    }

    @Test
    void shouldRepeatDelaysForSameSeed()
    {
        final Backoff a = new Backoff(BASE, CAP, new Random(42));
        final Backoff b = new Backoff(BASE, CAP, new Random(42));
        for (int i = 0; i < 20; i++)
        {
            assertThat(a.nextDelayNs()).isEqualTo(b.nextDelayNs());
        }
    }

    @Test
    void shouldRejectCapBelowBase()
    {
        assertThatThrownBy(() -> new Backoff(200, 100, new Random())).isInstanceOf(IllegalArgumentException.class);
    }
}
