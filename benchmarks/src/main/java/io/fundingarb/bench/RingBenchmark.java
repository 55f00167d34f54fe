package io.fundingarb.bench;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.fundingarb.codecs.sbe.FundingUpdateDecoder;
import io.fundingarb.codecs.sbe.FundingUpdateEncoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.engine.ring.InboundSlot;
import io.fundingarb.engine.ring.MessageSlot;
import io.fundingarb.engine.ring.SlotRing;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Publish-to-consume over an inbound-ring replica: a Disruptor of {@link InboundSlot}s, multi-producer,
 * 8192 slots of 4096 bytes (the engine defaults), published through {@link SlotRing} claim/encode/commit
 * exactly as feed handlers do; one consumer thread decodes each FundingUpdate.
 * <ul>
 *   <li>{@code *Publish}: the producer publishes as fast as the consumer lets it (the ring applies
 *   back-pressure when full), so ns/op is the reciprocal of sustained throughput.</li>
 *   <li>{@code *RoundTrip}: the producer publishes one event and waits until the consumer has
 *   handled it (spin 100 times, then {@link Thread#yield()}): publish-to-consume latency plus the
 *   consumer's acknowledgement becoming visible.</li>
 * </ul>
 * The wait strategy is a parameter: this machine has 2 cores, so busy-spin is not measured;
 * YIELDING and BLOCKING are the two the engine offers for shared machines.
 *
 * <p>In-run baseline: {@code queue*}: the same encoded payload handed over through a
 * {@link ArrayBlockingQueue} of the same capacity (pre-allocated slots from a pool), consumer
 * blocked in {@code take()}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {
    Flags.ADD_OPENS_REFLECT,
    Flags.ADD_EXPORTS_NIO_CH,
    Flags.ADD_EXPORTS_INTERNAL_MISC,
    Flags.ADD_EXPORTS_INTERNAL_REF,
    Flags.ENABLE_NATIVE_ACCESS,
    Flags.CHRONICLE_ANALYTICS_DISABLE,
    Flags.CHRONICLE_ANNOUNCER_DISABLE })
public class RingBenchmark
{
    static final int RING_SIZE = 8192;
    static final int SLOT_BYTES = 4096;
    private static final int SPINS = 100;

    /** Encodes one FundingUpdate into a slot buffer; what a feed handler does per event. */
    @State(Scope.Thread)
    public static class Producer
    {
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final FundingUpdateEncoder funding = new FundingUpdateEncoder();
        long count;

        int encode(final MutableDirectBuffer buffer)
        {
            final long n = ++count;
            funding.wrapAndApplyHeader(buffer, 0, header)
                .tsInitNs(1_763_900_000_000_000_000L + n)
                .tsEventNs(1_763_899_999_999_000_000L + n)
                .instrumentId((int)n & 63)
                .venue(Venue.BYBIT)
                .fundingRate(38_167L + (n & 1023))
                .fundingIntervalS(28_800)
                .nextFundingTsNs(1_763_928_800_000_000_000L)
                .markPrice(61_800_300_000_000L + n)
                .indexPrice(61_800_290_000_000L + n);
            return MessageHeaderEncoder.ENCODED_LENGTH + funding.encodedLength();
        }
    }

    /** What the consumer does per event, for both the ring and the queue. */
    static final class Decoding
    {
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final FundingUpdateDecoder funding = new FundingUpdateDecoder();
        /** Events handled, published with release semantics for the round-trip wait. */
        final AtomicLong consumed = new AtomicLong();
        long checksum;

        void onMessage(final UnsafeBuffer buffer)
        {
            header.wrap(buffer, 0);
            funding.wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            checksum += funding.fundingRate() ^ funding.markPrice() ^ funding.instrumentId();
            consumed.lazySet(consumed.get() + 1);
        }

        void awaitConsumed(final long count)
        {
            int spins = 0;
            while (consumed.get() < count)
            {
                if (++spins < SPINS)
                {
                    Thread.onSpinWait();
                }
                else
                {
                    Thread.yield();
                }
            }
        }
    }

    @State(Scope.Benchmark)
    public static class Ring
    {
        @Param({"YIELDING", "BLOCKING"})
        public String waitStrategy;

        final Decoding decoding = new Decoding();
        Disruptor<InboundSlot> disruptor;
        SlotRing<InboundSlot> ring;

        @Setup(Level.Trial)
        public void start()
        {
            final WaitStrategy wait = "YIELDING".equals(waitStrategy) ? new YieldingWaitStrategy() : new BlockingWaitStrategy();
            disruptor = new Disruptor<>(
                () -> new InboundSlot(SLOT_BYTES),
                RING_SIZE,
                runnable ->
                {
                    final Thread thread = new Thread(runnable, "bench-ring-consumer");
                    thread.setDaemon(true);
                    return thread;
                },
                ProducerType.MULTI,
                wait);
            final EventHandler<InboundSlot> handler = (slot, sequence, endOfBatch) ->
            {
                if (!slot.isEmpty())
                {
                    decoding.onMessage(slot.buffer);
                }
            };
            disruptor.handleEventsWith(handler);
            disruptor.setDefaultExceptionHandler(new PrintingExceptionHandler());
            ring = new SlotRing<>(disruptor.getRingBuffer(), SLOT_BYTES);
            disruptor.start();
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception
        {
            disruptor.shutdown(10, TimeUnit.SECONDS);
        }
    }

    @State(Scope.Benchmark)
    public static class Queue
    {
        final Decoding decoding = new Decoding();
        final ArrayBlockingQueue<MessageSlot> queue = new ArrayBlockingQueue<>(RING_SIZE);
        /** Twice the queue: a slot is reused only after the consumer is long done with it. */
        final MessageSlot[] pool = new MessageSlot[RING_SIZE * 2];
        Thread consumer;

        @Setup(Level.Trial)
        public void start()
        {
            for (int i = 0; i < pool.length; i++)
            {
                pool[i] = new MessageSlot(SLOT_BYTES);
            }
            consumer = new Thread(() ->
            {
                try
                {
                    while (true)
                    {
                        decoding.onMessage(queue.take().buffer);
                    }
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }, "bench-queue-consumer");
            consumer.setDaemon(true);
            consumer.start();
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException
        {
            consumer.interrupt();
            consumer.join(10_000);
        }
    }

    @Benchmark
    public long ringPublish(final Ring ring, final Producer producer)
    {
        final SlotRing<InboundSlot> sink = ring.ring;
        final long sequence = sink.claim();
        sink.commit(sequence, producer.encode(sink.buffer(sequence)));
        return sequence;
    }

    @Benchmark
    public long ringRoundTrip(final Ring ring, final Producer producer)
    {
        final SlotRing<InboundSlot> sink = ring.ring;
        final long sequence = sink.claim();
        sink.commit(sequence, producer.encode(sink.buffer(sequence)));
        ring.decoding.awaitConsumed(sequence + 1);
        return sequence;
    }

    @Benchmark
    public long queuePublishBaseline(final Queue queue, final Producer producer) throws InterruptedException
    {
        final MessageSlot slot = queue.pool[(int)producer.count & (queue.pool.length - 1)];
        slot.length = producer.encode(slot.buffer);
        queue.queue.put(slot);
        return producer.count;
    }

    @Benchmark
    public long queueRoundTripBaseline(final Queue queue, final Producer producer) throws InterruptedException
    {
        final MessageSlot slot = queue.pool[(int)producer.count & (queue.pool.length - 1)];
        slot.length = producer.encode(slot.buffer);
        queue.queue.put(slot);
        queue.decoding.awaitConsumed(producer.count);
        return producer.count;
    }

    static final class PrintingExceptionHandler implements ExceptionHandler<Object>
    {
        @Override
        public void handleEventException(final Throwable ex, final long sequence, final Object event)
        {
            ex.printStackTrace();
        }

        @Override
        public void handleOnStartException(final Throwable ex)
        {
            ex.printStackTrace();
        }

        @Override
        public void handleOnShutdownException(final Throwable ex)
        {
            ex.printStackTrace();
        }
    }
}
