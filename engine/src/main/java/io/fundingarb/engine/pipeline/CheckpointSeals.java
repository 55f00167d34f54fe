package io.fundingarb.engine.pipeline;

import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.StateCheckpointDecoder;
import io.fundingarb.codecs.sbe.TimerDecoder;
import io.fundingarb.codecs.sbe.TimerKind;
import io.fundingarb.engine.journal.JournalWriter;
import io.fundingarb.engine.ring.MessageSlot;

/**
 * Journals one slot and seals the journal after a state checkpoint: a CHECKPOINT timer in the
 * input journal, a {@code StateCheckpoint} in the command journal. Reads the slot's own header
 * (the journal handler may run before MarketStage stamps the slot). One per journal thread; the
 * backtest's single thread uses one per journal too.
 */
public final class CheckpointSeals
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final TimerDecoder timer = new TimerDecoder();

    public void append(final JournalWriter writer, final MessageSlot slot)
    {
        writer.append(slot.array, 0, slot.length);
        if (isCheckpoint(slot))
        {
            writer.seal();
        }
    }

    private boolean isCheckpoint(final MessageSlot slot)
    {
        if (slot.length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return false;
        }
        header.wrap(slot.buffer, 0);
        final int templateId = header.templateId();
        if (templateId == StateCheckpointDecoder.TEMPLATE_ID)
        {
            return true;
        }
        if (templateId != TimerDecoder.TEMPLATE_ID || slot.length < MessageHeaderDecoder.ENCODED_LENGTH + TimerDecoder.BLOCK_LENGTH)
        {
            return false;
        }
        timer.wrap(slot.buffer, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        return timer.kind() == TimerKind.CHECKPOINT;
    }
}
