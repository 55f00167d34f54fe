package io.fundingarb.engine.config;

/**
 * When the journal forces its pages to disk ({@code journal.sync}); always on the journal's own
 * thread, never on a stage.
 */
public enum JournalSync
{
    /** Never: the operating system writes pages back when it chooses. Survives a process kill, not a power loss. */
    NONE,

    /** At every state checkpoint seal and at close. */
    CHECKPOINT,

    /** Every {@code journal.sync_every_n_events} records, and at every seal. */
    EVERY_N_EVENTS
}
