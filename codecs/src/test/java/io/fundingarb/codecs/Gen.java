package io.fundingarb.codecs;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Seeded random inputs for property tests: {@link #forAll} runs a property on {@code tries}
 * generated cases, each from its own seed, and a failure names the case's seed and how to run
 * exactly that case again. The base seed is fixed per property (its name's hash), so a build is
 * reproducible; {@code -Dgen.seed=N} runs from another base seed and {@code -Dgen.seed=random}
 * from a fresh one (printed), {@code -Dgen.case=S} runs only the case with seed S.
 */
public final class Gen
{
    /** A property over one generated case. */
    @FunctionalInterface
    public interface Property
    {
        void check(Gen gen) throws Exception;
    }

    private final SplittableRandom random;

    private Gen(final long seed)
    {
        this.random = new SplittableRandom(seed);
    }

    /** Runs {@code property} on {@code tries} cases; the first failure is rethrown naming its seed. */
    public static void forAll(final String name, final int tries, final Property property)
    {
        final String only = System.getProperty("gen.case");
        if (only != null)
        {
            run(name, Long.parseLong(only), -1, property);
            return;
        }
        final long base = baseSeed(name);
        final SplittableRandom seeds = new SplittableRandom(base);
        for (int i = 0; i < tries; i++)
        {
            run(name, seeds.nextLong(), i, property);
        }
    }

    private static long baseSeed(final String name)
    {
        final String configured = System.getProperty("gen.seed");
        if (configured == null || configured.isEmpty())
        {
            return name.hashCode() * 0x9E3779B97F4A7C15L;
        }
        if ("random".equals(configured))
        {
            final long seed = new SplittableRandom().nextLong();
            System.out.println(name + ": base seed " + seed + " (-Dgen.seed=" + seed + ")");
            return seed;
        }
        return Long.parseLong(configured);
    }

    private static void run(final String name, final long seed, final int index, final Property property)
    {
        try
        {
            property.check(new Gen(seed));
        }
        catch (final Throwable ex)
        {
            final AssertionError failure = new AssertionError(
                name + " failed on case " + index + " (seed " + seed + "; run it alone with -Dgen.case=" + seed + "): " + ex.getMessage(), ex);
            throw failure;
        }
    }

    /** Any long, Long.MIN_VALUE and Long.MAX_VALUE included. */
    public long anyLong()
    {
        return random.nextLong();
    }

    /** A long in [min, max], both included. */
    public long between(final long min, final long max)
    {
        if (max == Long.MAX_VALUE)
        {
            return min == Long.MIN_VALUE ? random.nextLong() : random.nextLong(min - 1, max) + 1;
        }
        return random.nextLong(min, max + 1);
    }

    /** An int in [min, max], both included. */
    public int between(final int min, final int max)
    {
        return random.nextInt(min, max + 1);
    }

    /** A BigInteger in [min, max], both included. */
    public BigInteger between(final BigInteger min, final BigInteger max)
    {
        final BigInteger range = max.subtract(min).add(BigInteger.ONE);
        BigInteger candidate;
        do
        {
            final byte[] bytes = new byte[range.bitLength() / 8 + 1];
            for (int i = 0; i < bytes.length; i++)
            {
                bytes[i] = (byte)random.nextInt();
            }
            candidate = new BigInteger(1, bytes).mod(range.shiftLeft(1)).shiftRight(1);
        }
        while (candidate.compareTo(range) >= 0);
        return min.add(candidate);
    }

    public boolean anyBoolean()
    {
        return random.nextBoolean();
    }

    /** Uniform in [0, 1). */
    public double unit()
    {
        return random.nextDouble();
    }

    /** True with probability {@code p}. */
    public boolean chance(final double p)
    {
        return random.nextDouble() < p;
    }

    /** One of the given values, uniformly. */
    @SafeVarargs
    public final <T> T of(final T... values)
    {
        return values[random.nextInt(values.length)];
    }

    public long ofLongs(final long... values)
    {
        return values[random.nextInt(values.length)];
    }

    /** The value of one of the given generators, uniformly. */
    @SafeVarargs
    public final <T> T oneOf(final Supplier<? extends T>... generators)
    {
        return generators[random.nextInt(generators.length)].get();
    }

    /** A string of {@code min} to {@code max} characters drawn from {@code chars}. */
    public String string(final String chars, final int min, final int max)
    {
        final int length = between(min, max);
        final StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            text.append(chars.charAt(random.nextInt(chars.length())));
        }
        return text.toString();
    }

    /** A string of up to {@code max} characters drawn from the inclusive ranges {@code {from, to, from, to, ...}}, uniform over all their characters. */
    public String string(final int max, final char... ranges)
    {
        int size = 0;
        for (int i = 0; i < ranges.length; i += 2)
        {
            size += ranges[i + 1] - ranges[i] + 1;
        }
        final int length = between(0, max);
        final StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            int pick = random.nextInt(size);
            for (int r = 0; r < ranges.length; r += 2)
            {
                final int width = ranges[r + 1] - ranges[r] + 1;
                if (pick < width)
                {
                    text.append((char)(ranges[r] + pick));
                    break;
                }
                pick -= width;
            }
        }
        return text.toString();
    }

    /** Up to {@code max} random bytes, sometimes none. */
    public byte[] bytes(final int max)
    {
        final byte[] bytes = new byte[between(0, max)];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)random.nextInt();
        }
        return bytes;
    }

    /** A list of {@code min} to {@code max} values of {@code element}. */
    public <T> List<T> list(final int min, final int max, final Supplier<? extends T> element)
    {
        final int size = between(min, max);
        final List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++)
        {
            list.add(element.get());
        }
        return list;
    }
}
