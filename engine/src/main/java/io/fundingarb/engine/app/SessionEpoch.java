package io.fundingarb.engine.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The session epoch the order gateways put in every venue client id ({@code fa-<epoch>-<id>}):
 * the wall-clock second the session started, kept in the session's journal folder
 * ({@value #FILE}) so the session's ids can be recognised later (a resumed session starts a new
 * journal folder, hence a new epoch). Above every epoch kept by the other sessions under the same
 * journal root, so two sessions started within one second (a crash and an immediate resume)
 * still never share one. Wall clock, not the engine clock: the demo's compressed clock replays
 * past dates and would repeat epochs.
 */
final class SessionEpoch
{
    static final String FILE = "session-epoch";

    private SessionEpoch()
    {
    }

    /**
     * The epoch recorded in {@code journalDir}; if none, now (or one above the latest epoch of the
     * sibling session folders), recorded. Without a journal, now.
     */
    static long of(final Path journalDir)
    {
        final long now = Instant.now().getEpochSecond();
        if (journalDir == null)
        {
            return now;
        }
        final Path file = journalDir.resolve(FILE);
        try
        {
            if (Files.exists(file))
            {
                return read(file);
            }
            final long epoch = Math.max(now, latestSibling(journalDir) + 1);
            Files.writeString(file, epoch + "\n", StandardCharsets.US_ASCII);
            return epoch;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot keep the session epoch in " + file, ex);
        }
    }

    /** The epoch recorded in a session folder, or 0 when it has none (a paper session, or one written before epochs). */
    static long recorded(final Path journalDir)
    {
        final Path file = journalDir.resolve(FILE);
        try
        {
            return Files.exists(file) ? read(file) : 0;
        }
        catch (final IOException | IllegalStateException ex)
        {
            return 0;
        }
    }

    private static long read(final Path file) throws IOException
    {
        final String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalStateException(file + " holds '" + text + "', not a session epoch in seconds", ex);
        }
    }

    /** The largest epoch kept by the other session folders under {@code journalDir}'s parent, or 0. */
    private static long latestSibling(final Path journalDir) throws IOException
    {
        final Path parent = journalDir.toAbsolutePath().getParent();
        long latest = 0;
        if (parent == null)
        {
            return latest;
        }
        try (DirectoryStream<Path> sessions = Files.newDirectoryStream(parent))
        {
            for (final Path session : sessions)
            {
                final Path other = session.resolve(FILE);
                if (!session.equals(journalDir.toAbsolutePath()) && Files.isRegularFile(other))
                {
                    try
                    {
                        latest = Math.max(latest, read(other));
                    }
                    catch (final IllegalStateException ex)
                    {
                        // another session's unreadable file does not stop this one
                    }
                }
            }
        }
        return latest;
    }
}
