package io.fundingarb.engine.gateway;

import io.fundingarb.codecs.CommandHandler;
import org.agrona.DirectBuffer;

/**
 * A command handler whose target is bound after the engine is built: the agent needs its
 * command handler at construction, while a gateway needs the agent's inbound ring (and, for the
 * live gateways, the instruments the feeds define after start). Bind once; until then commands
 * are counted as {@link #unbound()} and, behind a {@link GatewayRouter}, rejected by it.
 *
 * <p>The target is a volatile field read once per command: binding from the main thread while
 * the outbound thread runs is safe.
 */
public final class LateBoundHandler implements CommandHandler
{
    private volatile CommandHandler target;
    private long unbound;

    /** Binds the target; once only. */
    public LateBoundHandler bind(final CommandHandler handler)
    {
        if (handler == null)
        {
            throw new IllegalArgumentException("handler is required");
        }
        if (target != null)
        {
            throw new IllegalStateException("already bound");
        }
        target = handler;
        return this;
    }

    public boolean isBound()
    {
        return target != null;
    }

    /** Commands that arrived before the target was bound (and were not routed anywhere). */
    public long unbound()
    {
        return unbound;
    }

    @Override
    public void onCommand(final DirectBuffer buffer, final int offset, final int length, final boolean endOfBatch)
    {
        final CommandHandler handler = target;
        if (handler == null)
        {
            unbound++;
            return;
        }
        handler.onCommand(buffer, offset, length, endOfBatch);
    }
}
