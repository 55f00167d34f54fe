package io.fundingarb.engine.pipeline;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.fundingarb.codecs.CommandHandler;
import io.fundingarb.codecs.EventSink;
import io.fundingarb.engine.config.EngineConfig;
import io.fundingarb.engine.config.Threading;
import io.fundingarb.engine.config.WaitStrategy;
import io.fundingarb.engine.journal.JournalWriter;
import io.fundingarb.engine.ring.InboundSlot;
import io.fundingarb.engine.ring.MessageSlot;
import io.fundingarb.engine.ring.SlotRing;
import io.fundingarb.engine.stage.Stage;
import io.fundingarb.engine.stage.Stages;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import net.openhft.affinity.AffinityLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wiring class: every ring, stage and journal of one engine, in one place.
 * <pre>
 *  feed handlers ─┐
 *  gateways ──────┤ EventSink.claim/commit (SBE bytes, tsInitNs stamped by the producer)
 *  timer agent ───┤
 *  operator ──────┘
 *                 ▼
 *   INBOUND RING (Disruptor, multi-producer, pre-allocated InboundSlots)
 *        │                                    │
 *        ▼                                    ▼
 *   JournalStage                MarketStage ──► RiskStage ──► ExecutionStage
 *   (input journal)             (stamps eventSeq; stages pass results in the slot)
 *                                                                   │ CommandSink.claim/commit
 *                                                                   ▼
 *   OUTBOUND RING (Disruptor, single producer) ──► CommandJournal ∥ gateways (CommandHandler)
 * </pre>
 * Threading is configuration. {@link Threading#DEDICATED}: one processor thread per stage
 * (journal, market, risk, execution; command journal, gateways), each optionally pinned to a CPU.
 * {@link Threading#SHARED}: the journal and the three stages run in order on one thread, and the
 * command journal and gateways on a second; for small machines and tests. {@link Threading#PINNED}:
 * as shared, with the stages' thread pinned to {@code cpus[0]} and waiting with the configured
 * strategy, and the outbound thread always blocking: one spinning core on a small box. All give the
 * same decisions: stages see events in ring order either way.
 */
public final class Pipeline implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    public static final String JOURNAL = "journal";
    public static final String MARKET = "market";
    public static final String RISK = "risk";
    public static final String EXECUTION = "execution";
    public static final String COMMAND_JOURNAL = "command-journal";
    public static final String GATEWAYS = "gateways";

    /**
     * @param cpus CPU ids to pin, in the order journal, market, risk, execution (dedicated) or the
     *             stages' one thread (pinned); shorter or empty leaves the rest unpinned.
     */
    public record Options(Threading threading, WaitStrategy waitStrategy, int[] cpus, int inboundRingSize, int outboundRingSize, int slotBytes)
    {
        public Options
        {
            cpus = cpus.clone();
        }

        /** The options of an engine configuration. */
        public static Options of(final EngineConfig engine)
        {
            return new Options(
                engine.threading(),
                engine.waitStrategy(),
                engine.cpuAffinity().stream().mapToInt(Integer::intValue).toArray(),
                engine.inboundRingSize(),
                engine.outboundRingSize(),
                engine.maxEventBytes());
        }
    }

    private final Disruptor<InboundSlot> inbound;
    private final Disruptor<MessageSlot> outbound;
    private final SlotRing<InboundSlot> inboundRing;
    private final SlotRing<MessageSlot> outboundRing;
    private final Stages stages;
    private final StageErrors errors;
    private final JournalWriter inputJournal;
    private final JournalWriter commandJournal;
    private final CountDownLatch running;
    private final CountDownLatch inboundStopped;
    private final CountDownLatch outboundStopped;
    private final LatencyProbe latency;
    private boolean started;
    private boolean closed;

    /**
     * @param inputJournal   writer for the input journal, or null to journal nothing (benchmarks)
     * @param commandJournal writer for the command journal, or null
     * @param gateways       receives every outbound command; use a no-op handler when there is none
     */
    public Pipeline(
        final Options options,
        final Stages.Factory stageFactory,
        final JournalWriter inputJournal,
        final JournalWriter commandJournal,
        final CommandHandler gateways)
    {
        this(options, stageFactory, inputJournal, commandJournal, gateways, new LatencyProbe());
    }

    /**
     * @param latency where the end of the stages is recorded for each market-data event (the
     *                latency harness passes one that measures from each frame's scheduled time)
     */
    public Pipeline(
        final Options options,
        final Stages.Factory stageFactory,
        final JournalWriter inputJournal,
        final JournalWriter commandJournal,
        final CommandHandler gateways,
        final LatencyProbe latency)
    {
        this(options, stageFactory, inputJournal, commandJournal, events -> gateways, latency);
    }

    /**
     * @param gateways given the inbound ring, the handler of every outbound command (a router that
     *                 reports rejects back into the ring it is given)
     */
    public Pipeline(
        final Options options,
        final Stages.Factory stageFactory,
        final JournalWriter inputJournal,
        final JournalWriter commandJournal,
        final Function<EventSink, CommandHandler> gateways,
        final LatencyProbe latency)
    {
        this.latency = latency;
        this.errors = new StageErrors(JOURNAL, MARKET, RISK, EXECUTION, COMMAND_JOURNAL, GATEWAYS);
        this.inputJournal = inputJournal;
        this.commandJournal = commandJournal;
        final int slotBytes = options.slotBytes();

        final boolean pinned = options.threading() == Threading.PINNED;
        outbound = new Disruptor<>(
            () -> new MessageSlot(slotBytes), options.outboundRingSize(), threads("fa-out"), ProducerType.SINGLE,
            waitStrategy(pinned ? WaitStrategy.BLOCKING : options.waitStrategy()));
        outboundRing = new SlotRing<>(outbound.getRingBuffer(), slotBytes);
        this.stages = stageFactory.create(outboundRing);

        inbound = new Disruptor<>(
            () -> new InboundSlot(slotBytes), options.inboundRingSize(), threads("fa-in"), ProducerType.MULTI, waitStrategy(options.waitStrategy()));
        inboundRing = new SlotRing<>(inbound.getRingBuffer(), slotBytes);

        final boolean dedicated = options.threading() == Threading.DEDICATED;
        this.running = new CountDownLatch(dedicated ? 6 : 2);
        this.inboundStopped = new CountDownLatch(dedicated ? 4 : 1);
        this.outboundStopped = new CountDownLatch(dedicated ? 2 : 1);
        final Lifecycle lifecycle = new Lifecycle(running, inboundStopped);
        final Lifecycle outboundLifecycle = new Lifecycle(running, outboundStopped);
        final JournalHandler<MessageSlot> commandJournalHandler = new JournalHandler<>(commandJournal, -1, dedicated ? outboundLifecycle : null);
        final GatewayHandler gatewayHandler = new GatewayHandler(gateways.apply(inboundRing), dedicated ? outboundLifecycle : null);
        if (dedicated)
        {
            final int[] cpus = options.cpus();
            final JournalHandler<InboundSlot> journal = new JournalHandler<>(inputJournal, cpu(cpus, 0), lifecycle);
            final StageHandler market = new StageHandler(stages.market(), true, cpu(cpus, 1), lifecycle, null);
            final StageHandler risk = new StageHandler(stages.risk(), false, cpu(cpus, 2), lifecycle, null);
            final StageHandler execution = new StageHandler(stages.execution(), false, cpu(cpus, 3), lifecycle, latency);
            inbound.handleEventsWith(journal, market);
            inbound.after(market).handleEventsWith(risk);
            inbound.after(risk).handleEventsWith(execution);
            inbound.setDefaultExceptionHandler(errors);
            inbound.handleExceptionsFor(journal).with(errors.forStage(JOURNAL));
            inbound.handleExceptionsFor(market).with(errors.forStage(MARKET));
            inbound.handleExceptionsFor(risk).with(errors.forStage(RISK));
            inbound.handleExceptionsFor(execution).with(errors.forStage(EXECUTION));
            outbound.handleEventsWith(commandJournalHandler, gatewayHandler);
            outbound.handleExceptionsFor(commandJournalHandler).with(errors.forStage(COMMAND_JOURNAL));
            outbound.handleExceptionsFor(gatewayHandler).with(errors.forStage(GATEWAYS));
        }
        else
        {
            final SharedInboundHandler shared = new SharedInboundHandler(inputJournal, stages, errors, pinned ? cpu(options.cpus(), 0) : -1, lifecycle, latency);
            inbound.handleEventsWith(shared);
            inbound.handleExceptionsFor(shared).with(errors.forStage(EXECUTION));
            final SharedOutboundHandler sharedOut = new SharedOutboundHandler(commandJournalHandler, gatewayHandler, errors, outboundLifecycle);
            outbound.handleEventsWith(sharedOut);
            outbound.handleExceptionsFor(sharedOut).with(errors.forStage(GATEWAYS));
        }
    }

    private static int cpu(final int[] cpus, final int index)
    {
        return index < cpus.length ? cpus[index] : -1;
    }

    private static com.lmax.disruptor.WaitStrategy waitStrategy(final WaitStrategy wait)
    {
        switch (wait)
        {
            case BUSY_SPIN:
                return new BusySpinWaitStrategy();
            case YIELDING:
                return new YieldingWaitStrategy();
            case SLEEPING:
                return new SleepingWaitStrategy();
            case BLOCKING:
            default:
                return new BlockingWaitStrategy();
        }
    }

    private static ThreadFactory threads(final String prefix)
    {
        final AtomicInteger n = new AtomicInteger();
        return runnable ->
        {
            final Thread thread = new Thread(runnable, prefix + "-" + n.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Starts every processor thread and waits until each is running (a Disruptor shutdown only
     * drains processors that are running, so a pipeline closed right after start could otherwise
     * halt with events unprocessed). Producers may publish once this returns.
     */
    public Pipeline start()
    {
        if (!started)
        {
            outbound.start();
            inbound.start();
            started = true;
            try
            {
                if (!running.await(10, TimeUnit.SECONDS))
                {
                    throw new IllegalStateException("pipeline processors did not start within 10 s");
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the pipeline", ex);
            }
        }
        return this;
    }

    /** Where producers publish inbound events. */
    public EventSink events()
    {
        return inboundRing;
    }

    public Stages stages()
    {
        return stages;
    }

    public StageErrors errors()
    {
        return errors;
    }

    /** Inbound events published but not yet consumed by every stage. */
    public long inboundBacklog()
    {
        return inboundRing.backlog();
    }

    /** Tick-to-decision latency of market-data events. */
    public LatencyProbe latency()
    {
        return latency;
    }

    /** Inbound events published since start (the ring cursor). */
    public long published()
    {
        return inboundRing.ringBuffer().getCursor() + 1;
    }

    /** Outbound commands published but not yet consumed by the command journal and gateways. */
    public long outboundBacklog()
    {
        return outboundRing.backlog();
    }

    /**
     * Processes every event already published, then stops the threads. Producers must have
     * stopped publishing first.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (started)
        {
            // the inbound stages must have finished (their last commands published) before the
            // outbound ring drains, or a command made by the last events would never be journaled
            halt(inbound, "inbound");
            await(inboundStopped, "inbound");
            halt(outbound, "outbound");
            await(outboundStopped, "outbound");
        }
    }

    private static void await(final CountDownLatch stopped, final String name)
    {
        try
        {
            // onShutdown (journal writers closing) runs on the processor threads after halt()
            if (!stopped.await(10, TimeUnit.SECONDS))
            {
                LOG.error("{} processors did not stop within 10 s", name);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void halt(final Disruptor<?> disruptor, final String name)
    {
        try
        {
            disruptor.shutdown(10, TimeUnit.SECONDS);
        }
        catch (final TimeoutException ex)
        {
            LOG.error("{} ring did not drain within 10 s; halting with events unprocessed", name);
            disruptor.halt();
        }
    }

    /** Appends every slot of a ring to a journal: the input journal (inbound) or the command journal (outbound). */
    static final class JournalHandler<S extends MessageSlot> extends PinnedHandler<S>
    {
        private final JournalWriter writer;
        private final CheckpointSeals seals = new CheckpointSeals();

        JournalHandler(final JournalWriter writer, final int cpu, final Lifecycle lifecycle)
        {
            super(cpu, lifecycle);
            this.writer = writer;
        }

        @Override
        public void onEvent(final S slot, final long sequence, final boolean endOfBatch)
        {
            if (writer != null && !slot.isEmpty())
            {
                seals.append(writer, slot);
            }
        }

        @Override
        public void onShutdown()
        {
            closeWriter(writer);
            super.onShutdown();
        }
    }

    /** Runs one business stage; the first one also numbers each event. */
    static final class StageHandler extends PinnedHandler<InboundSlot>
    {
        private final Stage stage;
        private final boolean stamps;
        private long nextEventSeq;

        private final LatencyProbe latency;

        StageHandler(final Stage stage, final boolean stamps, final int cpu, final Lifecycle lifecycle, final LatencyProbe latency)
        {
            super(cpu, lifecycle);
            this.stage = stage;
            this.stamps = stamps;
            this.latency = latency;
        }

        @Override
        public void onEvent(final InboundSlot slot, final long sequence, final boolean endOfBatch)
        {
            if (slot.isEmpty())
            {
                return;
            }
            if (stamps)
            {
                slot.stamp(nextEventSeq++);
            }
            try
            {
                stage.onEvent(slot);
            }
            finally
            {
                if (latency != null)
                {
                    latency.onDecided(slot);
                }
            }
        }
    }

    /** Journal, then the stage chain, on one thread. */
    static final class SharedInboundHandler extends PinnedHandler<InboundSlot>
    {
        private final JournalWriter writer;
        private final CheckpointSeals seals = new CheckpointSeals();
        private final StageChain chain;
        private final StageErrors errors;
        private final int journalIndex;

        SharedInboundHandler(
            final JournalWriter writer, final Stages stages, final StageErrors errors, final int cpu, final Lifecycle lifecycle,
            final LatencyProbe latency)
        {
            super(cpu, lifecycle);
            this.writer = writer;
            this.chain = new StageChain(stages, errors, latency);
            this.errors = errors;
            this.journalIndex = errors.indexOf(JOURNAL);
        }

        @Override
        public void onEvent(final InboundSlot slot, final long sequence, final boolean endOfBatch)
        {
            if (slot.isEmpty())
            {
                return;
            }
            if (writer != null)
            {
                try
                {
                    seals.append(writer, slot);
                }
                catch (final RuntimeException ex)
                {
                    errors.onError(journalIndex, ex, sequence);
                }
            }
            chain.onEvent(slot, sequence);
        }

        @Override
        public void onShutdown()
        {
            closeWriter(writer);
            super.onShutdown();
        }
    }

    /** Seals and closes a journal writer on its own thread; a failure is logged, never kept from the shutdown. */
    static void closeWriter(final JournalWriter writer)
    {
        if (writer == null)
        {
            return;
        }
        try
        {
            writer.close();
        }
        catch (final RuntimeException ex)
        {
            LOG.error("journal could not be sealed and closed: {}", ex.toString());
        }
    }

    /** Hands every outbound command to the gateways. */
    static final class GatewayHandler extends PinnedHandler<MessageSlot>
    {
        private final CommandHandler gateways;

        GatewayHandler(final CommandHandler gateways, final Lifecycle lifecycle)
        {
            super(-1, lifecycle);
            this.gateways = gateways;
        }

        @Override
        public void onEvent(final MessageSlot slot, final long sequence, final boolean endOfBatch)
        {
            if (!slot.isEmpty())
            {
                gateways.onCommand(slot.buffer, 0, slot.length, endOfBatch);
            }
        }
    }

    /** Command journal, then gateways, on one thread. */
    static final class SharedOutboundHandler extends PinnedHandler<MessageSlot>
    {
        private final JournalHandler<MessageSlot> journal;
        private final GatewayHandler gateways;
        private final StageErrors errors;
        private final int journalIndex;
        private final int gatewaysIndex;

        SharedOutboundHandler(
            final JournalHandler<MessageSlot> journal, final GatewayHandler gateways, final StageErrors errors, final Lifecycle lifecycle)
        {
            super(-1, lifecycle);
            this.journal = journal;
            this.gateways = gateways;
            this.errors = errors;
            this.journalIndex = errors.indexOf(COMMAND_JOURNAL);
            this.gatewaysIndex = errors.indexOf(GATEWAYS);
        }

        @Override
        public void onEvent(final MessageSlot slot, final long sequence, final boolean endOfBatch)
        {
            try
            {
                journal.onEvent(slot, sequence, endOfBatch);
            }
            catch (final RuntimeException ex)
            {
                errors.onError(journalIndex, ex, sequence);
            }
            try
            {
                gateways.onEvent(slot, sequence, endOfBatch);
            }
            catch (final RuntimeException ex)
            {
                errors.onError(gatewaysIndex, ex, sequence);
            }
        }

        @Override
        public void onShutdown()
        {
            journal.onShutdown();
            super.onShutdown();
        }
    }

    /** Latches counted down as processor threads start and stop. */
    record Lifecycle(CountDownLatch running, CountDownLatch stopped)
    {
    }

    /**
     * Base of every processor's handler: reports that its thread is running, and pins the thread
     * to a CPU while it runs when given one (dedicated threading only).
     */
    abstract static class PinnedHandler<T> implements EventHandler<T>
    {
        private final int cpu;
        private final Lifecycle lifecycle;
        private AffinityLock lock;

        /** @param lifecycle told when this handler's thread starts and stops; null for a handler run inside another. */
        PinnedHandler(final int cpu, final Lifecycle lifecycle)
        {
            this.cpu = cpu;
            this.lifecycle = lifecycle;
        }

        @Override
        public void onStart()
        {
            if (lifecycle != null)
            {
                lifecycle.running.countDown();
            }
            if (cpu >= 0)
            {
                lock = AffinityLock.acquireLock(cpu);
                LOG.info("{} pinned to CPU {}", Thread.currentThread().getName(), lock.cpuId());
            }
        }

        @Override
        public void onShutdown()
        {
            if (lock != null)
            {
                lock.release();
                lock = null;
            }
            if (lifecycle != null)
            {
                lifecycle.stopped.countDown();
            }
        }
    }
}
