package io.fundingarb.engine.stage;

import java.nio.charset.StandardCharsets;

/**
 * Why a pair was entered or left and why the circuit breaker moved. Carried between stages as
 * an ordinal and journaled as pre-encoded ASCII, so that no String is built on the hot path.
 */
public enum Reason
{
    NONE("-"),
    ENTRY("best opportunity passed every check"),
    ENTRY_FILLED("both legs filled"),
    ENTRY_FAILED("entry did not complete: legs unwound"),
    SPREAD_COLLAPSED("funding spread below exit threshold"),
    TAKE_PROFIT("take-profit reached"),
    STOP_LOSS("stop-loss reached"),
    MAX_HOLDING_TIME("maximum holding time reached"),
    OPERATOR_CLOSE("operator closed the pair"),
    OPERATOR_PAUSE("operator paused trading"),
    OPERATOR_RESUME("operator resumed trading"),
    KILL_SWITCH("operator kill switch: flatten everything"),
    DAILY_LOSS_LIMIT("daily loss limit reached: no new entries"),
    DAILY_LOSS_HALT("daily loss halt reached: flatten everything"),
    CONSECUTIVE_FAILURES("too many consecutive failed entries"),
    REJECT_RATE("too many order rejects in a minute"),
    VENUE_DOWN("a venue with open legs is down"),
    NAKED_EXPOSURE("repairs of unhedged exposure keep failing"),
    EXIT_INCOMPLETE("closing orders keep failing to flatten a leg"),
    CLOSED("both legs flat"),
    REBALANCED("partial fill rebalanced"),
    FLAT("all positions flat"),
    OPERATOR_FLATTEN("operator flatten: close everything, no new entries"),
    REPAIR_HEDGE("repair: completing the hedge"),
    REPAIR_UNWIND("repair: unwinding the excess reduce-only"),
    REPAIR_ORPHAN("repair: unwinding exposure no pair holds"),
    EXIT_RETRY("exit retry: closing what is left"),
    REPAIR_FAILED("attempt did not clear the exposure: retry after backoff"),
    REPAIRED("exposure back to zero"),
    ORPHANED("pair out of order ids: its legs go to the orphan book"),
    VENUE_REDUCED("the venue reduced a leg (liquidation, auto-deleveraging or an order no pair holds): rebalancing"),
    FUNDING_EXHAUSTED("expected funding over the horizon no longer covers the exit costs"),
    RECONCILING("session resumed: no orders until every venue's positions are reconciled"),
    RECONCILED("reconciled with every venue's positions"),
    RECONCILE_TIMEOUT("a venue's positions did not arrive within recovery.reconcile_timeout: no new entries until they do"),
    RECONCILE_ORPHANS("venue positions the journal does not explain: unwinding them, no new entries until flat"),
    ORPHANS_CLEARED("orphans found at reconciliation are flat"),
    POSITION_ADOPTED("venue position matches the journal: adopted"),
    ORPHAN_UNWIND("venue position the journal does not explain: unwound reduce-only (recovery.orphans: unwind)"),
    ORPHAN_ADOPTED("venue position the journal does not explain: taken into the book (recovery.orphans: adopt)"),
    ORPHAN_HALT("venue position the journal does not explain: halted, no orders (recovery.orphans: halt)"),
    UNEXPLAINED_POSITIONS("venue positions found at start: no orders; resume with --resume or unwind them with --unwind-orphans"),
    LIQUIDATION_RISK("a leg is within risk.min_liquidation_distance of liquidation: both legs reduced"),
    FEE_CORRECTED("the venue's commission replaced an estimate after the pair or orphan position was realised");

    private final String text;
    private final byte[] ascii;

    Reason(final String text)
    {
        this.text = text;
        this.ascii = text.getBytes(StandardCharsets.US_ASCII);
    }

    public String text()
    {
        return text;
    }

    /** The reason as ASCII bytes, for SBE var data without a String on the hot path. */
    public byte[] ascii()
    {
        return ascii;
    }

    private static final Reason[] VALUES = values();

    public static Reason of(final int ordinal)
    {
        return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : NONE;
    }
}
