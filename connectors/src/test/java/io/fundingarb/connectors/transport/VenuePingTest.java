package io.fundingarb.connectors.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VenuePingTest
{
    @Test
    void shouldSendAProtocolPingFrameWhenAskedForOne()
    {
        final VenuePing ping = VenuePing.pingFrames(TimeUnit.SECONDS.toNanos(30));

        assertThat(ping.enabled()).isTrue();
        assertThat(ping.pingFrame()).isTrue();
    }

    @Test
    void shouldSendTheVenuesTextOtherwise()
    {
        assertThat(VenuePing.bybit().pingFrame()).isFalse();
        assertThat(VenuePing.none().pingFrame()).isFalse();
    }

    @Test
    void shouldStillRefuseAPeriodicPingWithoutAMessage()
    {
        assertThatThrownBy(() -> new VenuePing(new byte[0], 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
