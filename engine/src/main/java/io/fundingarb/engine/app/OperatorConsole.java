package io.fundingarb.engine.app;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.OperatorAction;
import io.fundingarb.codecs.sbe.OperatorCommandEncoder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.agrona.concurrent.EpochNanoClock;

/**
 * The operator's console: reads commands from a stream (the terminal) and publishes them as
 * {@code OperatorCommand} events onto the inbound ring, where RiskStage acts on them and the
 * journal records them. {@code pause} stops new entries, {@code resume} re-arms the breaker,
 * {@code close N} closes pair N, {@code kill} flattens everything and halts.
 */
public final class OperatorConsole implements AutoCloseable
{
    public static final String HELP = "operator: pause | resume | close <pair> | kill   (then Enter)";

    private final EventSink sink;
    private final EpochNanoClock clock;
    private final BufferedReader in;
    private final PrintStream out;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final OperatorCommandEncoder command = new OperatorCommandEncoder();
    private final Thread thread;
    private volatile boolean running = true;

    public OperatorConsole(final EventSink sink, final EpochNanoClock clock, final InputStream in, final PrintStream out)
    {
        this.sink = sink;
        this.clock = clock;
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

    /** Parses one command line and publishes it; returns what to tell the operator. */
    String execute(final String line)
    {
        final String[] words = line.trim().toLowerCase(Locale.ROOT).split("\\s+");
        if (words.length == 0 || words[0].isEmpty())
        {
            return null;
        }
        switch (words[0])
        {
            case "pause":
                publish(OperatorAction.PAUSE, 0);
                return "operator: pause sent (no new entries; exits continue)";
            case "resume":
                publish(OperatorAction.RESUME, 0);
                return "operator: resume sent";
            case "kill":
                publish(OperatorAction.KILL, 0);
                return "operator: kill sent (flatten everything, then halt)";
            case "close":
                if (words.length == 2 && words[1].matches("#?\\d{1,18}"))
                {
                    final long pair = Long.parseLong(words[1].replace("#", ""));
                    publish(OperatorAction.CLOSE_PAIR, pair);
                    return "operator: close pair #" + pair + " sent";
                }
                return "operator: usage: close <pair number>";
            default:
                return "operator: unknown command \"" + line.trim() + "\"; " + HELP;
        }
    }

    private void publish(final OperatorAction action, final long pairId)
    {
        final long nowNs = clock.nanoTime();
        final long sequence = sink.claim();
        command.wrapAndApplyHeader(sink.buffer(sequence), 0, header)
            .tsInitNs(nowNs).tsEventNs(nowNs).action(action).pairId(pairId);
        sink.commit(sequence, MessageHeaderEncoder.ENCODED_LENGTH + command.encodedLength());
    }

    @Override
    public void close()
    {
        running = false; // the reader thread is a daemon blocked on the terminal: it ends with the process
    }
}
