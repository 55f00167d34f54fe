package io.fundingarb.engine.stage;

/**
 * The phases of a hedged pair in RiskStage's book, shared with the status view ({@link RiskView}):
 * one set of names, never a second {@code OPEN = 3} elsewhere.
 */
public final class PairPhase
{
    /** The slot holds no pair. */
    public static final int FREE = 0;
    /** Entry ordered: legs filling, or being completed or unwound until they match. */
    public static final int OPENING = 1;
    /** Both legs held in equal base quantity (a late fill is repaired back to equal). */
    public static final int OPEN = 2;
    /** Exit ordered: reduce-only orders until both legs are flat, retried with backoff. */
    public static final int CLOSING = 3;

    private PairPhase()
    {
    }

    public static String name(final int phase)
    {
        switch (phase)
        {
            case OPENING:
                return "OPENING";
            case OPEN:
                return "OPEN";
            case CLOSING:
                return "CLOSING";
            default:
                return "FREE";
        }
    }
}
