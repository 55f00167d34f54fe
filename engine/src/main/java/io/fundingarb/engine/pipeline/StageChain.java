package io.fundingarb.engine.pipeline;

import io.fundingarb.engine.ring.InboundSlot;
import io.fundingarb.engine.stage.Stage;
import io.fundingarb.engine.stage.Stages;

/**
 * The three business stages run in order on one thread, each behind its own exception guard:
 * a stage that throws on an event skips only its own part of that event, and is counted. Used by
 * shared threading and by replay, so that replay reproduces live exception semantics exactly.
 */
public final class StageChain
{
    private final Stage market;
    private final Stage risk;
    private final Stage execution;
    private final StageErrors errors;
    private final int marketIndex;
    private final int riskIndex;
    private final int executionIndex;
    private long nextEventSeq;
    private final LatencyProbe latency;

    public StageChain(final Stages stages, final StageErrors errors)
    {
        this(stages, errors, null);
    }

    /** @param latency records tick-to-decision latency after the last stage, or null (replay) */
    public StageChain(final Stages stages, final StageErrors errors, final LatencyProbe latency)
    {
        this.latency = latency;
        this.market = stages.market();
        this.risk = stages.risk();
        this.execution = stages.execution();
        this.errors = errors;
        this.marketIndex = errors.indexOf(Pipeline.MARKET);
        this.riskIndex = errors.indexOf(Pipeline.RISK);
        this.executionIndex = errors.indexOf(Pipeline.EXECUTION);
    }

    /** Numbers a non-empty event and runs it through market, risk and execution. */
    public void onEvent(final InboundSlot slot, final long ringSequence)
    {
        slot.stamp(nextEventSeq++);
        try
        {
            market.onEvent(slot);
        }
        catch (final RuntimeException ex)
        {
            errors.onError(marketIndex, ex, ringSequence);
        }
        try
        {
            risk.onEvent(slot);
        }
        catch (final RuntimeException ex)
        {
            errors.onError(riskIndex, ex, ringSequence);
        }
        try
        {
            execution.onEvent(slot);
        }
        catch (final RuntimeException ex)
        {
            errors.onError(executionIndex, ex, ringSequence);
        }
        if (latency != null)
        {
            latency.onDecided(slot);
        }
    }

    /** Events processed so far. */
    public long events()
    {
        return nextEventSeq;
    }
}
