package io.fundingarb.codecs;

/**
 * Where ExecutionStage publishes outbound commands ({@code OrderCommand}, {@code CancelCommand},
 * {@code StateCheckpoint}): the outbound ring, single producer, read by the command journal and
 * the gateways.
 */
public interface CommandSink extends RingSink
{
}
