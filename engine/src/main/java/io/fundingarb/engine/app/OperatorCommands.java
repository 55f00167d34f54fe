package io.fundingarb.engine.app;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.OperatorAction;
import io.fundingarb.codecs.sbe.OperatorCommandEncoder;
import java.util.Locale;
import org.agrona.concurrent.EpochNanoClock;

/**
 * The operator's commands, whoever types them (the console, the control endpoint, the exit path):
 * each is published as an {@code OperatorCommand} event onto the inbound ring, where RiskStage acts
 * on it and the journal records it, so a replay sees exactly what the engine saw. {@code pause}
 * stops new entries, {@code resume} re-arms the breaker, {@code close N} closes pair N,
 * {@code flatten} closes every position and stays reducing until {@code resume}, {@code kill}
 * flattens everything and halts. Safe to call from several threads.
 */
final class OperatorCommands
{
    static final String USAGE = "pause | resume | close <pair> | flatten | kill";

    private final EventSink sink;
    private final EpochNanoClock clock;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final OperatorCommandEncoder command = new OperatorCommandEncoder();

    OperatorCommands(final EventSink sink, final EpochNanoClock clock)
    {
        this.sink = sink;
        this.clock = clock;
    }

    /** What {@link #execute} did: the answer for the operator, and the command's time (or {@link #NOT_SENT}). */
    record Outcome(String reply, long tsNs)
    {
        boolean sent()
        {
            return tsNs != NOT_SENT;
        }
    }

    static final long NOT_SENT = Long.MIN_VALUE;

    /** Parses one command line and publishes it; null for a blank line. */
    Outcome execute(final String line)
    {
        final String[] words = line.trim().toLowerCase(Locale.ROOT).split("\\s+");
        if (words.length == 0 || words[0].isEmpty())
        {
            return null;
        }
        switch (words.length == 1 ? words[0] : words[0] + " _")
        {
            case "pause":
                return new Outcome("operator: pause sent (no new entries; exits continue)", publish(OperatorAction.PAUSE, 0));
            case "resume":
                return new Outcome("operator: resume sent", publish(OperatorAction.RESUME, 0));
            case "flatten":
                return new Outcome("operator: flatten sent (close every position, no new entries until resume)", publish(OperatorAction.FLATTEN, 0));
            case "kill":
                return new Outcome("operator: kill sent (flatten everything, then halt)", publish(OperatorAction.KILL, 0));
            case "close _":
                if (words.length == 2 && words[1].matches("#?\\d{1,18}"))
                {
                    final long pair = Long.parseLong(words[1].replace("#", ""));
                    return new Outcome("operator: close pair #" + pair + " sent", publish(OperatorAction.CLOSE_PAIR, pair));
                }
                return new Outcome("operator: usage: close <pair number>", NOT_SENT);
            case "close":
                return new Outcome("operator: usage: close <pair number>", NOT_SENT);
            default:
                return new Outcome("operator: unknown command \"" + line.trim() + "\"; " + USAGE, NOT_SENT);
        }
    }

    /** Publishes one command stamped with the engine clock; returns its time. */
    synchronized long publish(final OperatorAction action, final long pairId)
    {
        final long nowNs = clock.nanoTime();
        final long sequence = sink.claim();
        command.wrapAndApplyHeader(sink.buffer(sequence), 0, header)
            .tsInitNs(nowNs).tsEventNs(nowNs).action(action).pairId(pairId);
        sink.commit(sequence, MessageHeaderEncoder.ENCODED_LENGTH + command.encodedLength());
        return nowNs;
    }
}
