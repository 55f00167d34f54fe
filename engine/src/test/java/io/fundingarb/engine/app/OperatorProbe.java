package io.fundingarb.engine.app;

import io.fundingarb.codecs.sbe.OperatorAction;
import io.fundingarb.codecs.sbe.OperatorCommandDecoder;
import io.fundingarb.engine.ring.InboundSlot;
import io.fundingarb.engine.stage.DirectSink;
import io.fundingarb.engine.stage.Stage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

/**
 * The far end of the inbound ring for operator tests: records every OperatorCommand published
 * (action:pairId@tsInitNs) and can act on one as RiskStage would, on the publishing thread.
 */
final class OperatorProbe implements Stage
{
    final List<String> seen = new CopyOnWriteArrayList<>();
    final DirectSink sink = new DirectSink(this);
    private final OperatorCommandDecoder decoder = new OperatorCommandDecoder();
    private volatile OperatorAction reactTo;
    private volatile LongConsumer reaction;

    /** Runs {@code reaction} with the command's time whenever {@code action} arrives. */
    OperatorProbe on(final OperatorAction action, final LongConsumer reaction)
    {
        this.reactTo = action;
        this.reaction = reaction;
        return this;
    }

    @Override
    public String name()
    {
        return "probe";
    }

    @Override
    public void onEvent(final InboundSlot slot)
    {
        decoder.wrap(slot.buffer, 8, OperatorCommandDecoder.BLOCK_LENGTH, OperatorCommandDecoder.SCHEMA_VERSION);
        seen.add(decoder.action() + ":" + decoder.pairId() + "@" + decoder.tsInitNs());
        if (decoder.action() == reactTo)
        {
            reaction.accept(decoder.tsInitNs());
        }
    }

    @Override
    public long stateHash()
    {
        return 0;
    }
}
