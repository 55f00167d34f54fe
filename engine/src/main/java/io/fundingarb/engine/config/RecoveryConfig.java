package io.fundingarb.engine.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code recovery} section: what a resumed session ({@code --resume}, {@code --unwind-orphans})
 * does with venue positions its journal does not explain, and how long it waits for the venues'
 * positions before it reports them missing.
 *
 * @param orphans          {@code recovery.orphans}: unwind (reduce-only, no entries until flat), adopt (into the book:
 *                         matching long and short differences of a token become a pair, the rest is unwound) or halt
 *                         (HALTED, no orders: the operator decides).
 * @param reconcileTimeout {@code recovery.reconcile_timeout}: after the resume marker, how long to wait for every venue's
 *                         positions before the missing venues are reported (entries stay blocked until they answer).
 */
public record RecoveryConfig(Orphans orphans, Duration reconcileTimeout)
{
    /** What to do with a venue position the journal does not explain. */
    public enum Orphans
    {
        UNWIND, ADOPT, HALT
    }

    public RecoveryConfig
    {
        Objects.requireNonNull(orphans, "orphans");
        Objects.requireNonNull(reconcileTimeout, "reconcileTimeout");
    }

    public static RecoveryConfig defaults()
    {
        return new RecoveryConfig(Orphans.UNWIND, Duration.ofSeconds(30));
    }

    /**
     * Reads and validates the section. Each line is one key and its default.
     *
     * @param node the {@code recovery} section.
     * @return the validated configuration.
     */
    public static RecoveryConfig from(final ConfigNode node)
    {
        final Orphans orphans = node.enumValue("orphans", Orphans.class, Orphans.UNWIND);
        final Duration timeout = node.duration("reconcile_timeout", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(1));
        node.finish();
        return new RecoveryConfig(orphans, timeout);
    }
}
