package io.fundingarb.bench;

import io.fundingarb.codecs.FixedPoint;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A cross-check of {@link FixedPointBenchmark#parseFixedPoint()} for a busy shared machine: the same
 * eight venue strings in turn, timed with the thread's CPU time instead of the wall clock, so time
 * the thread spends descheduled behind other processes does not count. Prints the best of 25
 * rounds of 20 million parses, with {@link Double#parseDouble(String)} timed the same way.
 * <pre>
 * java --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar io.fundingarb.bench.FixedPointCpuTime
 * </pre>
 */
public final class FixedPointCpuTime
{
    private static final int ROUNDS = 25;
    private static final int PARSES = 20_000_000;

    private FixedPointCpuTime()
    {
    }

    public static void main(final String[] args)
    {
        final String[] texts = FixedPointBenchmark.TEXTS;
        final int mask = texts.length - 1;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final int[] offsets = new int[texts.length];
        final int[] lengths = new int[texts.length];
        int offset = 0;
        for (int i = 0; i < texts.length; i++)
        {
            offsets[i] = offset;
            lengths[i] = buffer.putStringWithoutLengthAscii(offset, texts[i]);
            offset += lengths[i] + 3;
        }

        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        double bestParse = Double.MAX_VALUE;
        double bestDouble = Double.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++)
        {
            final long t0 = threads.getCurrentThreadCpuTime();
            for (int k = 0; k < PARSES; k++)
            {
                final int i = k & mask;
                sink ^= FixedPoint.parse(buffer, offsets[i], lengths[i]);
            }
            final long t1 = threads.getCurrentThreadCpuTime();
            for (int k = 0; k < PARSES; k++)
            {
                sink ^= Double.doubleToRawLongBits(Double.parseDouble(texts[k & mask]));
            }
            final long t2 = threads.getCurrentThreadCpuTime();
            bestParse = Math.min(bestParse, (t1 - t0) / (double)PARSES);
            bestDouble = Math.min(bestDouble, (t2 - t1) / (double)PARSES);
        }
        System.out.printf(
            "FixedPoint.parse %.2f ns, Double.parseDouble %.2f ns per number (best thread-CPU time of %d x %,d; sink %d)%n",
            bestParse, bestDouble, ROUNDS, PARSES, sink & 1);
    }
}
