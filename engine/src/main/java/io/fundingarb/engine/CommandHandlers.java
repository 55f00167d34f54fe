package io.fundingarb.engine;

import io.fundingarb.codecs.CommandHandler;

/** Ready-made command handlers. */
public final class CommandHandlers
{
    /** Drops every command: for runs with no gateway (replay, benchmarks, the engine before venues attach). */
    public static final CommandHandler NONE = (buffer, offset, length, endOfBatch) ->
    {
    };

    private CommandHandlers()
    {
    }
}
