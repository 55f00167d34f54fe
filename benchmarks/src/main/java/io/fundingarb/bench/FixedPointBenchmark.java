package io.fundingarb.bench;

import io.fundingarb.codecs.FixedPoint;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * {@link FixedPoint} parse and format against {@link Double#parseDouble(String)} and
 * {@code new BigDecimal(String)} on the same venue strings, measured in the same run.
 * Each invocation handles the next of {@link #TEXTS}, so branch prediction sees a realistic mix.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    Flags.ADD_OPENS_REFLECT,
    Flags.ADD_EXPORTS_NIO_CH,
    Flags.ADD_EXPORTS_INTERNAL_MISC,
    Flags.ADD_EXPORTS_INTERNAL_REF,
    Flags.ENABLE_NATIVE_ACCESS,
    Flags.CHRONICLE_ANALYTICS_DISABLE,
    Flags.CHRONICLE_ANNOUNCER_DISABLE })
@State(Scope.Thread)
public class FixedPointBenchmark
{
    /** Funding rates, prices and sizes as Binance, Bybit, OKX, Hyperliquid and Kraken send them. */
    static final String[] TEXTS =
    {
        "0.00038167",
        "-0.005",
        "1.25e-05",
        "61800.30",
        "100",
        "0.0000691810863830",
        "3421.5",
        "-0.00001250",
    };

    /** One of the venue strings, parsed on every invocation. */
    @State(Scope.Thread)
    public static class Single
    {
        @Param({"0.00038167", "61800.30", "0.0000691810863830"})
        public String text;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        int length;

        @Setup
        public void setup()
        {
            length = buffer.putStringWithoutLengthAscii(0, text);
        }
    }

    private static final int MASK = TEXTS.length - 1;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final byte[] bytes = buffer.byteArray();
    private final UnsafeBuffer output = new UnsafeBuffer(new byte[64]);
    private final int[] offsets = new int[TEXTS.length];
    private final int[] lengths = new int[TEXTS.length];
    private final long[] values = new long[TEXTS.length];
    private final StringBuilder builder = new StringBuilder(64);
    private int index;

    @Setup
    public void setup()
    {
        int offset = 0;
        for (int i = 0; i < TEXTS.length; i++)
        {
            final byte[] bytes = TEXTS[i].getBytes(StandardCharsets.US_ASCII);
            buffer.putBytes(offset, bytes);
            offsets[i] = offset;
            lengths[i] = bytes.length;
            values[i] = FixedPoint.parse(TEXTS[i]);
            offset += bytes.length + 3;
        }
    }

    private int next()
    {
        final int i = index;
        index = (i + 1) & MASK;
        return i;
    }

    @Benchmark
    public long parseFixedPoint()
    {
        final int i = next();
        return FixedPoint.parse(buffer, offsets[i], lengths[i]);
    }

    /** The same mixed stream through the {@code byte[]} overload: isolates the DirectBuffer access cost. */
    @Benchmark
    public long parseFixedPointBytes()
    {
        final int i = next();
        return FixedPoint.parse(bytes, offsets[i], lengths[i]);
    }

    /**
     * One string every time: branch prediction is perfect, so the difference from
     * {@link #parseFixedPoint()} is the misprediction cost of the mixed stream.
     */
    @Benchmark
    public long parseFixedPointSingle(final Single single)
    {
        return FixedPoint.parse(single.buffer, 0, single.length);
    }

    /** Same single string through {@link Double#parseDouble(String)}. */
    @Benchmark
    public double parseDoubleSingleBaseline(final Single single)
    {
        return Double.parseDouble(single.text);
    }

    @Benchmark
    public double parseDoubleBaseline()
    {
        return Double.parseDouble(TEXTS[next()]);
    }

    @Benchmark
    public BigDecimal parseBigDecimalBaseline()
    {
        return new BigDecimal(TEXTS[next()]);
    }

    @Benchmark
    public int formatFixedPoint()
    {
        return FixedPoint.format(values[next()], output, 0);
    }

    @Benchmark
    public int appendToFixedPoint()
    {
        builder.setLength(0);
        return FixedPoint.appendTo(values[next()], builder).length();
    }
}
