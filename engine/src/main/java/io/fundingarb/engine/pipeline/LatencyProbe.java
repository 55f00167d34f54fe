package io.fundingarb.engine.pipeline;

import io.fundingarb.codecs.sbe.BookUpdateDecoder;
import io.fundingarb.codecs.sbe.FundingUpdateDecoder;
import io.fundingarb.codecs.sbe.TickerUpdateDecoder;
import io.fundingarb.engine.ring.InboundSlot;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Tick-to-decision latency: from the moment a producer commits a market-data event to the ring
 * to the moment ExecutionStage has finished with it, on the wall clock (System.nanoTime), into an
 * HdrHistogram {@link Recorder} (wait-free, allocation-free on record). Read by the pipeline's
 * handler after the last stage, never by a stage; the status view takes interval histograms.
 */
public final class LatencyProbe
{
    private final Recorder recorder = new Recorder(3_600_000_000_000L, 3);
    private final boolean fromEventTime;
    private final long eventTimeMinusNanoTime;
    private Histogram interval;

    /** From the moment the producer committed the event to the ring. */
    public LatencyProbe()
    {
        this(false, 0);
    }

    private LatencyProbe(final boolean fromEventTime, final long eventTimeMinusNanoTime)
    {
        this.fromEventTime = fromEventTime;
        this.eventTimeMinusNanoTime = eventTimeMinusNanoTime;
    }

    /**
     * From the event's own {@code tsInitNs}, for producers that stamp it as {@code System.nanoTime()
     * + eventTimeMinusNanoTime} of a scheduled send time (the open-loop latency harness): the wait
     * of a frame sent late counts, so the figures have no coordinated omission.
     */
    public static LatencyProbe fromEventTime(final long eventTimeMinusNanoTime)
    {
        return new LatencyProbe(true, eventTimeMinusNanoTime);
    }

    /** Records the event's latency if it is market data (called on the execution thread). */
    public void onDecided(final InboundSlot slot)
    {
        final int template = slot.templateId;
        if (template == BookUpdateDecoder.TEMPLATE_ID || template == FundingUpdateDecoder.TEMPLATE_ID
            || template == TickerUpdateDecoder.TEMPLATE_ID)
        {
            final long latency = System.nanoTime() - (fromEventTime ? slot.tsInitNs - eventTimeMinusNanoTime : slot.publishedNanoTime);
            if (latency > 0)
            {
                recorder.recordValue(Math.min(latency, 3_600_000_000_000L));
            }
        }
    }

    /** The latencies recorded since the previous call (reader thread only; reuses one histogram). */
    public synchronized Histogram interval()
    {
        interval = recorder.getIntervalHistogram(interval);
        return interval;
    }
}
