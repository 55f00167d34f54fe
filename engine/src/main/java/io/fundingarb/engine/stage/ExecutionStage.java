package io.fundingarb.engine.stage;

import io.fundingarb.codecs.CommandSink;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.ExecutionReportDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.StateCheckpointEncoder;
import io.fundingarb.codecs.sbe.TimerDecoder;
import io.fundingarb.codecs.sbe.TimerKind;
import io.fundingarb.engine.ring.InboundSlot;

/**
 * ExecutionStage: the last stage and the only producer on the outbound ring. It turns RiskStage's
 * decisions into order commands (leg state machines come with execution and risk) and, on every
 * CHECKPOINT timer, publishes a {@code StateCheckpoint} carrying the three stages' state hashes,
 * so that the command journal records them and replay compares them byte for byte.
 */
public final class ExecutionStage implements Stage
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ExecutionReportDecoder report = new ExecutionReportDecoder();
    private final TimerDecoder timer = new TimerDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final StateCheckpointEncoder checkpoint = new StateCheckpointEncoder();
    private final CommandSink commands;

    private long reports;
    private long fills;
    private long rejects;
    private long checkpoints;

    public ExecutionStage(final CommandSink commands)
    {
        this.commands = commands;
    }

    @Override
    public String name()
    {
        return "execution";
    }

    @Override
    public void onEvent(final InboundSlot slot)
    {
        header.wrap(slot.buffer, 0);
        final int offset = MessageHeaderDecoder.ENCODED_LENGTH;
        switch (slot.templateId)
        {
            case ExecutionReportDecoder.TEMPLATE_ID:
                report.wrap(slot.buffer, offset, header.blockLength(), header.version());
                onReport();
                break;
            case TimerDecoder.TEMPLATE_ID:
                timer.wrap(slot.buffer, offset, header.blockLength(), header.version());
                if (timer.kind() == TimerKind.CHECKPOINT)
                {
                    publishCheckpoint(slot);
                }
                break;
            default:
                break;
        }
    }

    private void onReport()
    {
        reports++;
        final ExecType type = report.execType();
        if (type == ExecType.FILL || type == ExecType.PARTIAL_FILL)
        {
            fills++;
        }
        else if (type == ExecType.REJECTED)
        {
            rejects++;
        }
    }

    private void publishCheckpoint(final InboundSlot slot)
    {
        checkpoints++;
        final long sequence = commands.claim();
        checkpoint.wrapAndApplyHeader(commands.buffer(sequence), 0, headerEncoder)
            .tsInitNs(slot.tsInitNs)
            .eventSeq(slot.eventSeq)
            .marketHash(slot.marketHash)
            .riskHash(slot.riskHash)
            .executionHash(stateHash());
        commands.commit(sequence, MessageHeaderEncoder.ENCODED_LENGTH + checkpoint.encodedLength());
    }

    @Override
    public long stateHash()
    {
        long h = StateHash.SEED;
        h = StateHash.mix(h, reports);
        h = StateHash.mix(h, fills);
        h = StateHash.mix(h, rejects);
        h = StateHash.mix(h, checkpoints);
        return StateHash.finish(h);
    }

    public long checkpoints()
    {
        return checkpoints;
    }
}
