package io.fundingarb.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * A cross-check of {@link HyperliquidSigningBenchmark} for a busy shared machine: its paths timed
 * with the thread's CPU time instead of the wall clock, so time spent descheduled behind other
 * processes does not count. Prints the best and median of {@code rounds} rounds of 500 operations.
 * <pre>
 * java --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar io.fundingarb.bench.HyperliquidSigningCpuTime [rounds]
 * </pre>
 */
public final class HyperliquidSigningCpuTime
{
    private static final int OPERATIONS = 500;

    private HyperliquidSigningCpuTime()
    {
    }

    public static void main(final String[] args)
    {
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        final HyperliquidSigningBenchmark bench = new HyperliquidSigningBenchmark();
        bench.setUp();
        try
        {
            final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            final String[] names = {"orderToSignedBody", "actionAndHashes", "signDigestOnly", "recoverAddress"};
            final double[][] perOp = new double[names.length][rounds];
            long sink = 0;
            for (int round = 0; round < rounds; round++)
            {
                for (int path = 0; path < names.length; path++)
                {
                    final long t0 = threads.getCurrentThreadCpuTime();
                    for (int k = 0; k < OPERATIONS; k++)
                    {
                        switch (path)
                        {
                            case 0: sink += bench.orderToSignedBody().length; break;
                            case 1: sink += bench.actionAndHashes()[0]; break;
                            case 2: sink += bench.signDigestOnly().v(); break;
                            default: sink += bench.recoverAddress().length(); break;
                        }
                    }
                    perOp[path][round] = (threads.getCurrentThreadCpuTime() - t0) / (double)OPERATIONS;
                }
            }
            for (int path = 0; path < names.length; path++)
            {
                final double[] sorted = perOp[path].clone();
                Arrays.sort(sorted);
                System.out.printf("%-18s best %,10.0f ns, median %,10.0f ns per operation (thread-CPU time, %d rounds x %d)%n", names[path],
                    sorted[0], sorted[rounds / 2], rounds, OPERATIONS);
            }
            System.out.println("(sink " + (sink & 1) + ")");
        }
        finally
        {
            bench.tearDown();
        }
    }
}
