package io.fundingarb.bench;

import io.fundingarb.codecs.EventSink;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Claim/commit on one reusable slot: the ring's cost without the ring, for the parser
 * benchmarks (and the gateways of GatewaySigningBenchmark, which publish only on I/O it never
 * triggers). Uses only {@link EventSink} and Agrona, so {@link ParserAb} can define it in the
 * class loader of any build it compares.
 */
final class RecyclingSink implements EventSink
{
    private final UnsafeBuffer slot = new UnsafeBuffer(new byte[4096]);
    long commits;
    int lastLength;

    @Override
    public long claim()
    {
        return 0;
    }

    @Override
    public long tryClaim()
    {
        return 0;
    }

    @Override
    public MutableDirectBuffer buffer(final long sequence)
    {
        return slot;
    }

    @Override
    public int maxMessageLength()
    {
        return slot.capacity();
    }

    @Override
    public void commit(final long sequence, final int length)
    {
        lastLength = length;
        commits++;
    }

    @Override
    public void abort(final long sequence)
    {
    }
}
