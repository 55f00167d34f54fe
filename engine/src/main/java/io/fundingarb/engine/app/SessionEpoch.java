package io.fundingarb.engine.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The session epoch the order gateways put in every venue client id ({@code fa-<epoch>-<id>}):
 * the wall-clock second the session started, kept in the session's journal folder
 * ({@value #FILE}) so the session's ids can be recognised later (a resumed session starts a new
 * journal folder, hence a new epoch). Wall clock, not the engine clock: the demo's compressed
 * clock replays past dates and would repeat epochs.
 */
final class SessionEpoch
{
    static final String FILE = "session-epoch";

    private SessionEpoch()
    {
    }

    /** The epoch recorded in {@code journalDir}, recorded now if missing; without a journal, now. */
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
            Files.writeString(file, now + "\n", StandardCharsets.US_ASCII);
            return now;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot keep the session epoch in " + file, ex);
        }
    }
}
