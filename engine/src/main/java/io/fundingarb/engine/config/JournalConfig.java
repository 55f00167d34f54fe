package io.fundingarb.engine.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code journal} section: where and whether events are journaled.
 *
 * @param dir     {@code journal.dir}: parent folder of the journals, as written (a relative path is relative to the
 *                working directory); each run makes a timestamped sub-folder in it.
 * @param enabled {@code journal.enabled}: whether events are journaled at all.
 */
public record JournalConfig(Path dir, boolean enabled)
{
    /**
     * Null check; validation is done by {@link #from(ConfigNode)}.
     */
    public JournalConfig
    {
        Objects.requireNonNull(dir, "dir");
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

        return new JournalConfig(path, enabled);
    }
}
