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
 * handler after the last stage, never by a stage; the status view takes interval histograms and the
 * ops server the histogram since start, both on their own threads (each read drains the recorder
 * into both, so neither reader takes values from the other).
 */
public final class LatencyProbe
{
    /** The highest latency recorded (1 h, in ns); longer ones count as 1 h. */
    public static final long HIGHEST_NS = 3_600_000_000_000L;
    /** Significant digits of the histograms. */
    public static final int DIGITS = 3;

    private final Recorder recorder = new Recorder(HIGHEST_NS, DIGITS);
    private final boolean fromEventTime;
    private final long eventTimeMinusNanoTime;
    private final Histogram pending = new Histogram(HIGHEST_NS, DIGITS);
    private final Histogram sinceStart = new Histogram(HIGHEST_NS, DIGITS);
    private final Histogram interval = new Histogram(HIGHEST_NS, DIGITS);
    private Histogram drained;

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
                recorder.recordValue(Math.min(latency, HIGHEST_NS));
            }
        }
    }

    /** The latencies recorded since the previous call (the status view's thread; reuses one histogram). */
    public synchronized Histogram interval()
    {
        drain();
        interval.reset();
        interval.add(pending);
        pending.reset();
        return interval;
    }

    /** Copies every latency recorded since start into {@code into} (made with {@link #HIGHEST_NS} and {@link #DIGITS}). */
    public synchronized void sinceStart(final Histogram into)
    {
        drain();
        into.reset();
        into.add(sinceStart);
    }

    private void drain()
    {
        drained = recorder.getIntervalHistogram(drained);
        pending.add(drained);
        sinceStart.add(drained);
    }
}
