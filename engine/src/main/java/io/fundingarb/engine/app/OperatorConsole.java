package io.fundingarb.engine.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The operator's console: reads commands from a stream (the terminal), one per line, and hands
 * them to {@link OperatorCommands}, which publishes them onto the inbound ring.
 */
public final class OperatorConsole implements AutoCloseable
{
    public static final String HELP = "operator: " + OperatorCommands.USAGE + "   (then Enter)";

    private final OperatorCommands commands;
    private final BufferedReader in;
    private final PrintStream out;
    private final Thread thread;
    private volatile boolean running = true;

    OperatorConsole(final OperatorCommands commands, final InputStream in, final PrintStream out)
    {
        this.commands = commands;
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
        this.thread = new Thread(this::run, "fa-operator");
        this.thread.setDaemon(true);
    }

    public OperatorConsole start()
    {
        thread.start();
        return this;
    }

    private void run()
    {
        try
        {
            String line;
            while (running && (line = in.readLine()) != null)
            {
                final String reply = execute(line);
                if (reply != null)
                {
                    out.println(reply);
                }
            }
        }
        catch (final IOException ex)
        {
            // the terminal went away: nothing more to read
        }
    }

    /** Parses one command line and publishes it; returns what to tell the operator (null for a blank line). */
    String execute(final String line)
    {
        final OperatorCommands.Outcome outcome = commands.execute(line);
        return outcome == null ? null : outcome.reply();
    }

    @Override
    public void close()
    {
        running = false; // the reader thread is a daemon blocked on the terminal: it ends with the process
    }
}
