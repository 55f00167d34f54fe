package io.fundingarb.engine.stage;

import io.fundingarb.engine.ring.InboundSlot;

/**
 * A single-threaded business stage on the inbound ring. It owns its state, reads "now" from the
 * event in hand ({@code tsInitNs}) and never from a clock, never allocates, locks or logs per
 * event, and exposes a {@link #stateHash()} so replay can prove it rebuilt the same state.
 */
public interface Stage
{
    /** Short name for logs, metrics and replay reports. */
    String name();

    /** Handles one non-empty event; {@link InboundSlot#eventSeq} and {@code templateId} are set. */
    void onEvent(InboundSlot slot);

    /** A hash of every field that can influence a future decision. */
    long stateHash();
}
