package io.fundingarb.connectors.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReconnectLimiterTest
{
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    @Test
    void shouldGrantAttemptsWithinTheCapAtOnce()
    {
        final ReconnectLimiter limiter = new ReconnectLimiter(3);
        assertThat(limiter.reserve(0)).isZero();
        assertThat(limiter.reserve(10)).isEqualTo(10);
        assertThat(limiter.reserve(20)).isEqualTo(20);
        assertThat(limiter.delayed()).isZero();
    }

    @Test
    void shouldPushAnAttemptBeyondTheCapToAMinuteAfterTheOldest()
    {
        final ReconnectLimiter limiter = new ReconnectLimiter(3);
        limiter.reserve(0);
        limiter.reserve(10);
        limiter.reserve(20);
        assertThat(limiter.reserve(30)).isEqualTo(MINUTE);
        assertThat(limiter.reserve(40)).isEqualTo(MINUTE + 10);
        assertThat(limiter.delayed()).isEqualTo(2);
    }

    @Test
    void shouldNotDelayAnAttemptAfterTheWindowPassed()
    {
        final ReconnectLimiter limiter = new ReconnectLimiter(1);
        limiter.reserve(0);
        assertThat(limiter.reserve(MINUTE + 1)).isEqualTo(MINUTE + 1);
    }
}
