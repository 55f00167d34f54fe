package io.fundingarb.engine.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code engine} section: thread layout, ring sizes and the engine's clocks.
 *
 * @param threading          {@code engine.threading}: stages on one thread or one thread per stage.
 * @param waitStrategy       {@code engine.wait_strategy}: how ring consumers wait for events.
 * @param cpuAffinity        {@code engine.cpu_affinity}: CPU ids to pin dedicated stage threads to (distinct);
 *                           empty for no pinning.
 * @param inboundRingSize    {@code engine.inbound_ring_size}: slots in the inbound ring, a power of two.
 * @param outboundRingSize   {@code engine.outbound_ring_size}: slots in the outbound ring, a power of two.
 * @param maxEventBytes      {@code engine.max_event_bytes}: bytes per ring slot, SBE message header included.
 * @param maxInstruments     {@code engine.max_instruments}: instruments (venue x symbol) the stages size their tables for.
 * @param timerInterval      {@code engine.timer_interval}: period of the Timer events that drive timeouts.
 * @param checkpointInterval {@code engine.checkpoint_interval}: period of state checkpoints.
 */
public record EngineConfig(
    Threading threading,
    WaitStrategy waitStrategy,
    List<Integer> cpuAffinity,
    int inboundRingSize,
    int outboundRingSize,
    int maxEventBytes,
    int maxInstruments,
    Duration timerInterval,
    Duration checkpointInterval)
{
    /**
     * Null checks and an immutable copy of the affinity list; range validation is done by {@link #from(ConfigNode)}.
     */
    public EngineConfig
    {
        Objects.requireNonNull(threading, "threading");
        Objects.requireNonNull(waitStrategy, "waitStrategy");
        cpuAffinity = List.copyOf(cpuAffinity);
        Objects.requireNonNull(timerInterval, "timerInterval");
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    }

    /**
     * Reads and validates the section. Each line is one key: its default and its allowed range.
     *
     * @param node the {@code engine} section.
     * @return the validated configuration.
     */
    public static EngineConfig from(final ConfigNode node)
    {
        final Threading threading = node.enumValue("threading", Threading.class, Threading.SHARED);
        final WaitStrategy waitStrategy = node.enumValue("wait_strategy", WaitStrategy.class, WaitStrategy.BLOCKING);
        final List<Integer> cpuAffinity = node.intList("cpu_affinity", List.of(), 0, Integer.MAX_VALUE);
        final int inboundRingSize = node.powerOfTwo("inbound_ring_size", 8192, 64, 4_194_304);
        final int outboundRingSize = node.powerOfTwo("outbound_ring_size", 1024, 64, 1_048_576);
        final int maxEventBytes = node.integerMultipleOf("max_event_bytes", 4096, 256, 65_536, 8);
        final int maxInstruments = node.integer("max_instruments", 4096, 16, 1_048_576);
        final Duration timerInterval = node.duration(
            "timer_interval", Duration.ofMillis(100), Duration.ofMillis(1), Duration.ofSeconds(10));
        final Duration checkpointInterval = node.duration(
            "checkpoint_interval", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofHours(1));

        if (!cpuAffinity.isEmpty() && threading == Threading.SHARED)
        {
            throw node.fail("cpu_affinity", "pinning applies only to pinned or dedicated threading, but engine.threading is " +
                ConfigNode.yamlName(threading) + " (set threading: pinned or dedicated, or cpu_affinity: [])");
        }
        if (cpuAffinity.size() > 1 && threading == Threading.PINNED)
        {
            throw node.fail("cpu_affinity", "pinned threading pins one thread (the stages'), expected one CPU id, got " + cpuAffinity);
        }
        final Set<Integer> seen = new HashSet<>();
        for (final Integer cpu : cpuAffinity)
        {
            if (!seen.add(cpu))
            {
                throw node.fail("cpu_affinity", "expected distinct CPU ids, got " + cpu + " twice in " + cpuAffinity);
            }
        }
        node.finish();

        return new EngineConfig(
            threading,
            waitStrategy,
            cpuAffinity,
            inboundRingSize,
            outboundRingSize,
            maxEventBytes,
            maxInstruments,
            timerInterval,
            checkpointInterval);
    }
}
