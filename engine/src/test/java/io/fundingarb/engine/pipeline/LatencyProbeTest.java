package io.fundingarb.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.sbe.FundingUpdateDecoder;
import io.fundingarb.engine.ring.InboundSlot;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Two readers of the tick-to-decision latency: the status view's intervals and the ops server's histogram since start. */
class LatencyProbeTest
{
    private final LatencyProbe probe = new LatencyProbe();
    private final InboundSlot slot = new InboundSlot(64);
    private final Histogram sinceStart = new Histogram(LatencyProbe.HIGHEST_NS, LatencyProbe.DIGITS);

    @Test
    void shouldKeepEveryValueSinceStartWhileTheStatusViewTakesIntervals()
    {
        decide(3);
        assertThat(probe.interval().getTotalCount()).isEqualTo(3);
        decide(2);
        probe.sinceStart(sinceStart);

        assertThat(sinceStart.getTotalCount()).isEqualTo(5);
        assertThat(probe.interval().getTotalCount()).as("the ops server's reading takes nothing from the next interval").isEqualTo(2);
        assertThat(probe.interval().getTotalCount()).isZero();
    }

    private void decide(final int ticks)
    {
        slot.templateId = FundingUpdateDecoder.TEMPLATE_ID;
        for (int i = 0; i < ticks; i++)
        {
            slot.publishedNanoTime = System.nanoTime() - 1_000;
            probe.onDecided(slot);
        }
    }
}
