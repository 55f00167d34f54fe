package io.fundingarb.codecs;

import org.agrona.DirectBuffer;

/**
 * Consumes outbound commands (SBE {@code OrderCommand}, {@code CancelCommand},
 * {@code StateCheckpoint}) off the outbound ring: the order gateways implement it. The buffer is
 * only valid during the call: copy what must outlive it.
 */
@FunctionalInterface
public interface CommandHandler
{
    /**
     * @param endOfBatch true on the last command the ring has ready: flush batched I/O now.
     */
    void onCommand(DirectBuffer buffer, int offset, int length, boolean endOfBatch);
}
