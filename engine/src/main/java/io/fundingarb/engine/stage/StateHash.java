package io.fundingarb.engine.stage;

/**
 * Order-sensitive 64-bit hash (FNV-1a over longs, then a final avalanche) for stage state
 * hashes. Deterministic across JVMs: no identity hashes, no iteration over hash-ordered maps.
 */
public final class StateHash
{
    public static final long SEED = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private StateHash()
    {
    }

    public static long mix(final long hash, final long value)
    {
        return (hash ^ value) * PRIME;
    }

    public static long mix(final long hash, final double value)
    {
        return mix(hash, Double.doubleToLongBits(value));
    }

    public static long finish(final long hash)
    {
        long h = hash;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
