package io.fundingarb.engine.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.RollCycles;

/**
 * One session's journal folder:
 * <pre>
 *   DIR/inbound/    Chronicle Queue: every inbound event, in ring order (the input journal)
 *   DIR/commands/   Chronicle Queue: every outbound command and state checkpoint
 *   DIR/config.yaml the configuration the session ran with, so replay rebuilds the same stages
 *   DIR/journal.format the record format (format 2: checksums and a hash chain, {@link JournalFormat})
 * </pre>
 */
public final class Journal implements AutoCloseable
{
    public static final String INBOUND = "inbound";
    public static final String COMMANDS = "commands";
    public static final String CONFIG = "config.yaml";

    private static final DateTimeFormatter FOLDER_NAME =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path dir;
    private final ChronicleQueue inbound;
    private final ChronicleQueue commands;

    private Journal(final Path dir, final ChronicleQueue inbound, final ChronicleQueue commands)
    {
        this.dir = dir;
        this.inbound = inbound;
        this.commands = commands;
    }

    /** Opens a new session journal in {@code dir}, which must not exist or be empty. */
    public static Journal create(final Path dir)
    {
        return create(dir, JournalWriter.Durability.NONE);
    }

    /**
     * Opens a new session journal in {@code dir}, which must not exist or be empty; with a
     * durability that syncs, its queues force pages with a synchronous msync.
     */
    public static Journal create(final Path dir, final JournalWriter.Durability durability)
    {
        try
        {
            if (Files.exists(dir) && !Files.isDirectory(dir))
            {
                throw new IllegalArgumentException("journal folder " + dir + " is a file: choose a new --journal folder");
            }
            if (Files.isDirectory(dir))
            {
                try (var entries = Files.list(dir))
                {
                    if (entries.findAny().isPresent())
                    {
                        throw new IllegalArgumentException("journal folder " + dir + " is not empty: choose a new --journal folder");
                    }
                }
            }
            Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            // a user's path (unwritable, under a file): one line, not a stack
            throw new IllegalArgumentException("cannot create journal folder " + dir + ": " + describe(ex), ex);
        }
        JournalFormat.writeMarker(dir);
        return open(dir, durability.syncs() ? SyncMode.SYNC : null);
    }

    /** Opens an existing session journal for reading. */
    public static Journal openExisting(final Path dir)
    {
        if (!Files.isDirectory(dir.resolve(INBOUND)))
        {
            throw new IllegalArgumentException(dir + " is not a fundingarb journal (no " + INBOUND + "/ folder)");
        }
        return open(dir, null);
    }

    private static Journal open(final Path dir, final SyncMode syncMode)
    {
        return new Journal(dir, queue(dir.resolve(INBOUND), syncMode), queue(dir.resolve(COMMANDS), syncMode));
    }

    private static ChronicleQueue queue(final Path path, final SyncMode syncMode)
    {
        final var builder = ChronicleQueue.singleBuilder(path).rollCycle(RollCycles.FAST_DAILY);
        if (syncMode != null)
        {
            builder.syncMode(syncMode);
        }
        return builder.build();
    }

    /** Opens one queue of a journal read-only, for checking: nothing on disk is changed. */
    static ChronicleQueue readOnly(final Path path)
    {
        return ChronicleQueue.singleBuilder(path).rollCycle(RollCycles.FAST_DAILY).readOnly(true).build();
    }

    /** A new timestamped folder under {@code parent}, e.g. {@code data/journal/20261123-161000}. */
    public static Path newSessionFolder(final Path parent, final Instant now)
    {
        final String base = FOLDER_NAME.format(now);
        Path candidate = parent.resolve(base);
        for (int i = 1; Files.exists(candidate); i++)
        {
            candidate = parent.resolve(base + "-" + i);
        }
        return candidate;
    }

    public Path dir()
    {
        return dir;
    }

    public ChronicleQueue inbound()
    {
        return inbound;
    }

    public ChronicleQueue commands()
    {
        return commands;
    }

    @Override
    public void close()
    {
        inbound.close();
        commands.close();
    }

    private static String describe(final IOException ex)
    {
        if (ex instanceof java.nio.file.AccessDeniedException)
        {
            return "permission denied";
        }
        if (ex instanceof java.nio.file.NoSuchFileException)
        {
            return ((java.nio.file.NoSuchFileException)ex).getFile() + " cannot be created there";
        }
        if (ex instanceof java.nio.file.FileAlreadyExistsException)
        {
            return ((java.nio.file.FileAlreadyExistsException)ex).getFile() + " is a file";
        }
        return ex.getMessage();
    }
}
