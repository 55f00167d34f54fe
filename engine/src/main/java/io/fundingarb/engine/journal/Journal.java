package io.fundingarb.engine.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.RollCycles;

/**
 * One session's journal folder:
 * <pre>
 *   DIR/inbound/    Chronicle Queue: every inbound event, in ring order (the input journal)
 *   DIR/commands/   Chronicle Queue: every outbound command and state checkpoint
 *   DIR/config.yaml the configuration the session ran with, so replay rebuilds the same stages
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
        try
        {
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
            throw new UncheckedIOException("cannot create journal folder " + dir + ": " + ex.getMessage(), ex);
        }
        return open(dir);
    }

    /** Opens an existing session journal for reading. */
    public static Journal openExisting(final Path dir)
    {
        if (!Files.isDirectory(dir.resolve(INBOUND)))
        {
            throw new IllegalArgumentException(dir + " is not a fundingarb journal (no " + INBOUND + "/ folder)");
        }
        return open(dir);
    }

    private static Journal open(final Path dir)
    {
        return new Journal(dir, queue(dir.resolve(INBOUND)), queue(dir.resolve(COMMANDS)));
    }

    private static ChronicleQueue queue(final Path path)
    {
        return ChronicleQueue.singleBuilder(path).rollCycle(RollCycles.FAST_DAILY).build();
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
}
