package io.fundingarb.engine.config;

import io.fundingarb.engine.journal.JournalWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code journal} section: where and whether events are journaled, and how durably.
 *
 * @param dir              {@code journal.dir}: parent folder of the journals, as written (a relative path is relative to the
 *                         working directory); each run makes a timestamped sub-folder in it.
 * @param enabled          {@code journal.enabled}: whether events are journaled at all.
 * @param sync             {@code journal.sync}: when the journal's pages are forced to disk.
 * @param syncEveryNEvents {@code journal.sync_every_n_events}: records between forced writes when {@code sync} is
 *                         {@code every_n_events}.
 * @param sealKeyEnv       {@code journal.seal_key_env}: the environment variable holding the key every seal is signed
 *                         with ({@link io.fundingarb.engine.journal.SealKey}); {@code ""}: seals are not signed.
 */
public record JournalConfig(Path dir, boolean enabled, JournalSync sync, int syncEveryNEvents, String sealKeyEnv)
{
    public static final int DEFAULT_SYNC_EVERY_N_EVENTS = 1000;

    /**
     * Null check; validation is done by {@link #from(ConfigNode)}.
     */
    public JournalConfig
    {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(sync, "sync");
        Objects.requireNonNull(sealKeyEnv, "sealKeyEnv");
    }

    /** A journal that never forces its pages to disk. */
    public JournalConfig(final Path dir, final boolean enabled)
    {
        this(dir, enabled, JournalSync.NONE, DEFAULT_SYNC_EVERY_N_EVENTS, "");
    }

    /** What the journal writers force to disk, and when. */
    public JournalWriter.Durability durability()
    {
        switch (sync)
        {
            case CHECKPOINT:
                return JournalWriter.Durability.atCheckpoints();
            case EVERY_N_EVENTS:
                return JournalWriter.Durability.everyRecords(syncEveryNEvents);
            case NONE:
            default:
                return JournalWriter.Durability.NONE;
        }
    }

    /**
     * Reads and validates the section. Each line is one key and its default.
     *
     * @param node the {@code journal} section.
     * @return the validated configuration.
     */
    public static JournalConfig from(final ConfigNode node)
    {
        final String dir = node.string("dir", "data/journal");
        final boolean enabled = node.bool("enabled", true);
        final JournalSync sync = node.enumValue("sync", JournalSync.class, JournalSync.NONE);
        final int syncEveryNEvents = node.integer("sync_every_n_events", DEFAULT_SYNC_EVERY_N_EVENTS, 1, 100_000_000);
        final String sealKeyEnv = node.envName("seal_key_env", "FUNDINGARB_JOURNAL_KEY");

        if (dir.isBlank())
        {
            throw node.invalid("dir", "a folder path");
        }
        final Path path;
        try
        {
            path = Path.of(dir);
        }
        catch (final InvalidPathException ex)
        {
            throw node.invalid("dir", "a valid folder path (" + ex.getReason() + ")");
        }
        node.finish();

        return new JournalConfig(path, enabled, sync, syncEveryNEvents, sealKeyEnv);
    }
}
