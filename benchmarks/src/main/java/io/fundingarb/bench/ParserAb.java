package io.fundingarb.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Interleaved A/B of the parsers of several builds in one JVM, for a host whose speed changes
 * from one second to the next (this one's does by 30–80 %: jars run in turn cannot tell ±20 %).
 * Each build's {@code benchmarks.jar} gets a class loader of its own with a fresh copy of
 * {@link ParserAbWorkload}; after a warm-up, rounds of {@code block} parses run build after build
 * (the order rotating each round), so a slow spell of the host falls on every build alike, and
 * each build's time per frame is divided by the first build's in the same round. The median of
 * those paired ratios is the comparison. The first build is loaded twice (first and last): that
 * control's ratio, which would be 1.000 on a perfect machine, is the noise floor of the run (C2
 * compiles two copies of the same code a few per cent apart). A difference smaller than the
 * control's is not a difference.
 *
 * <p>{@code java -cp benchmarks.jar io.fundingarb.bench.ParserAb [--rounds N] [--block N]
 * [--workload W]... REFERENCE.jar OTHER.jar...}; {@code ./run.sh bench-ab} builds a git revision
 * and runs this against the current build.
 */
public final class ParserAb
{
    /** Workloads: the ParserBenchmark frames. */
    static final List<String> WORKLOADS = List.of("ticker-recorded", "ticker-delta", "markPrice", "depth20");

    private static final String RECORDED_TICKERS = "/frames/bybit-tickers-btcusdt-2026-08-09.txt";
    private static final String WORKLOAD_CLASS = ParserAbWorkload.class.getName();
    /** Defined from this jar's bytes in every build's loader: the workload and the sink it uses. */
    private static final List<String> HARNESS_CLASSES = List.of(WORKLOAD_CLASS, RecyclingSink.class.getName());
    private static final int WARM_UP_ROUNDS = 30;

    private ParserAb()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        int rounds = 400;
        int block = 20_000;
        final List<String> workloads = new ArrayList<>();
        final List<Path> jars = new ArrayList<>();
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--rounds" -> rounds = positive(args, ++i);
                case "--block" -> block = positive(args, ++i);
                case "--workload" ->
                {
                    final String workload = value(args, ++i);
                    if (!WORKLOADS.contains(workload))
                    {
                        usage("unknown workload '" + workload + "' (one of " + String.join(", ", WORKLOADS) + ")");
                    }
                    workloads.add(workload);
                }
                case "-h", "--help" ->
                {
                    usage(null);
                }
                default ->
                {
                    final Path jar = Path.of(args[i]);
                    if (!Files.isRegularFile(jar))
                    {
                        usage("no such jar: " + jar);
                    }
                    jars.add(jar);
                }
            }
        }
        if (jars.size() < 2)
        {
            usage("give a reference jar and at least one other");
        }
        if (workloads.isEmpty())
        {
            workloads.addAll(WORKLOADS);
        }
        final List<Path> builds = new ArrayList<>(jars);
        builds.add(jars.get(0)); // the control
        for (final String workload : workloads)
        {
            run(workload, builds, rounds, block);
        }
    }

    private static void run(final String workload, final List<Path> builds, final int rounds, final int block) throws Exception
    {
        final int n = builds.size();
        final IntUnaryOperator[] parsers = new IntUnaryOperator[n];
        for (int j = 0; j < n; j++)
        {
            parsers[j] = load(builds.get(j), workload);
        }
        final int[] checksums = new int[n];
        for (int r = 0; r < WARM_UP_ROUNDS; r++)
        {
            for (int j = 0; j < n; j++)
            {
                checksums[j] += parsers[j].applyAsInt(block);
            }
        }
        final double[][] nsPerFrame = new double[n][rounds];
        for (int r = 0; r < rounds; r++)
        {
            for (int k = 0; k < n; k++)
            {
                final int j = (r + k) % n;
                final long start = System.nanoTime();
                checksums[j] += parsers[j].applyAsInt(block);
                nsPerFrame[j][r] = (System.nanoTime() - start) / (double)block;
            }
        }

        System.out.printf("%s: %d rounds of %d frames per build, interleaved; ratio = time / first build's in the same round%n",
            workload, rounds, block);
        for (int j = 0; j < n; j++)
        {
            final double[] sorted = nsPerFrame[j].clone();
            Arrays.sort(sorted);
            final double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++)
            {
                ratios[r] = nsPerFrame[j][r] / nsPerFrame[0][r];
            }
            Arrays.sort(ratios);
            final String role = j == 0 ? "reference" : j == n - 1 ? "control (reference again)" : "build " + j;
            System.out.printf("  %-26s best %7.1f  p10 %7.1f  median %7.1f ns/frame   ratio median %.3f (p25 %.3f, p75 %.3f)%s  %s%n",
                role, sorted[0], sorted[rounds / 10], sorted[rounds / 2], ratios[rounds / 2], ratios[rounds / 4],
                ratios[3 * rounds / 4], checksums[j] == checksums[0] ? "" : "  RESULTS DIFFER", builds.get(j));
        }
    }

    private static IntUnaryOperator load(final Path jar, final String workload) throws Exception
    {
        final BuildLoader loader = new BuildLoader(jar);
        final Class<?> type = loader.loadClass(WORKLOAD_CLASS);
        final Object parser = switch (workload)
        {
            case "ticker-recorded" ->
            {
                final List<byte[]> frames = recordedTickers();
                yield type.getConstructor(String.class, byte[].class, byte[][].class)
                    .newInstance("bybit", frames.get(0), frames.subList(1, frames.size()).toArray(new byte[0][]));
            }
            case "ticker-delta" -> type.getConstructor(String.class, byte[].class, byte[][].class)
                .newInstance("bybit", recordedTickers().get(0), new byte[][] {ascii(ParserBenchmark.BYBIT_TICKER_DELTA_A), ascii(ParserBenchmark.BYBIT_TICKER_DELTA_B)});
            case "depth20" -> type.getConstructor(String.class, byte[].class, byte[][].class)
                .newInstance("binance-unsynced", null, new byte[][] {ascii(ParserBenchmark.BINANCE_DEPTH_20)});
            default -> type.getConstructor(String.class, byte[].class, byte[][].class)
                .newInstance("binance", null, new byte[][] {ascii(ParserBenchmark.BINANCE_MARK_PRICE)});
        };
        return (IntUnaryOperator)parser;
    }

    /** The recorded BTCUSDT ticker frames: the snapshot, then the 184 deltas. */
    private static List<byte[]> recordedTickers()
    {
        try (InputStream in = ParserAb.class.getResourceAsStream(RECORDED_TICKERS))
        {
            if (in == null)
            {
                throw new IllegalStateException("missing resource " + RECORDED_TICKERS);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().filter(l -> !l.isEmpty()).map(ParserAb::ascii).toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static int positive(final String[] args, final int i)
    {
        try
        {
            final int value = Integer.parseInt(value(args, i));
            if (value > 0)
            {
                return value;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // reported below
        }
        usage(args[i - 1] + " takes a positive integer, not '" + args[i] + "'");
        return 0;
    }

    private static String value(final String[] args, final int i)
    {
        if (i >= args.length)
        {
            usage(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void usage(final String error)
    {
        if (error != null)
        {
            System.err.println("ParserAb: " + error);
        }
        System.err.println("usage: ParserAb [--rounds N (400)] [--block N (20000)] [--workload "
            + String.join("|", WORKLOADS) + "]... REFERENCE.jar OTHER.jar...");
        System.exit(error == null ? 0 : 2);
    }

    /**
     * A build's classes from its jar, and {@link ParserAbWorkload} and {@link RecyclingSink}
     * defined from the harness's own bytes (older builds do not have them), linked to that build's
     * classes.
     */
    private static final class BuildLoader extends URLClassLoader
    {
        BuildLoader(final Path jar) throws MalformedURLException
        {
            super(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> findClass(final String name) throws ClassNotFoundException
        {
            if (!HARNESS_CLASSES.contains(name))
            {
                return super.findClass(name);
            }
            final String resource = "/" + name.replace('.', '/') + ".class";
            try (InputStream in = ParserAb.class.getResourceAsStream(resource))
            {
                if (in == null)
                {
                    throw new ClassNotFoundException(name);
                }
                final byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            }
            catch (final IOException ex)
            {
                throw new ClassNotFoundException(name, ex);
            }
        }
    }
}
