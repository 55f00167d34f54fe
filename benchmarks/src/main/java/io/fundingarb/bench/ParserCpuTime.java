package io.fundingarb.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.IntSupplier;

/**
 * A cross-check of {@link ParserBenchmark} for a busy shared machine: the same parse paths (Binance, Bybit, Hyperliquid) on
 * the same frames, timed with the thread's CPU time instead of the wall clock, so time the thread
 * spends descheduled behind other processes does not count. The paths run in turn, round after
 * round (so a noisy spell hits all of them), and each prints its best and median round.
 * <pre>
 * java --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar io.fundingarb.bench.ParserCpuTime [rounds [parses a round]]
 * </pre>
 */
public final class ParserCpuTime
{
    private static final int DEFAULT_ROUNDS = 30;
    private static final int PARSES = 2_000_000;

    private ParserCpuTime()
    {
    }

    public static void main(final String[] args)
    {
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_ROUNDS;
        final ParserBenchmark benchmark = new ParserBenchmark();
        benchmark.setUp();
        final int parses = args.length > 1 ? Integer.parseInt(args[1]) : PARSES;
        final String[] names = { "binanceMarkPrice", "bybitTickerDelta", "bybitBookDelta", "binanceDepth20",
            "hlActiveAssetCtx", "hlL2Book10x10", "hlL2Book20x20" };
        final IntSupplier[] paths = {
            benchmark::binanceMarkPrice, benchmark::bybitTickerDelta, benchmark::bybitBookDelta, benchmark::binanceDepth20,
            benchmark::hyperliquidActiveAssetCtx, benchmark::hyperliquidL2Book10x10, benchmark::hyperliquidL2Book20x20 };
        final double[][] perRound = new double[paths.length][rounds];
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int round = 0; round < rounds; round++)
        {
            for (int p = 0; p < paths.length; p++)
            {
                final IntSupplier path = paths[p];
                final long t0 = threads.getCurrentThreadCpuTime();
                for (int k = 0; k < parses; k++)
                {
                    sink += path.getAsInt();
                }
                perRound[p][round] = (threads.getCurrentThreadCpuTime() - t0) / (double)parses;
            }
        }
        final int warm = rounds / 3;
        for (int p = 0; p < paths.length; p++)
        {
            final double[] measured = Arrays.copyOfRange(perRound[p], warm, rounds);
            Arrays.sort(measured);
            System.out.printf("%-18s best %7.1f ns  median %7.1f ns  (thread CPU, %d rounds of %,d after %d warm-up)%n",
                names[p], measured[0], measured[measured.length / 2], measured.length, parses, warm);
        }
        System.out.println("sink " + (sink & 1));
    }
}
