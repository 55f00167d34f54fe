package io.fundingarb.engine.app;

import io.fundingarb.codecs.sbe.OperatorAction;
import io.fundingarb.engine.stage.RiskView;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What a paper or live session does with its positions when it ends (the run time is over, Ctrl-C
 * or SIGTERM): {@code --on-exit keep} leaves them and lists them per venue; {@code --on-exit
 * flatten} publishes the operator's FLATTEN while the engine still runs, waits until it is flat
 * ({@link Flatness}) or the timeout passes, and reports any residual (exit status 1).
 */
final class SessionExit
{
    enum Policy
    {
        KEEP, FLATTEN;

        static Policy parse(final String text)
        {
            for (final Policy policy : values())
            {
                if (policy.name().toLowerCase(Locale.ROOT).equals(text))
                {
                    return policy;
                }
            }
            throw new IllegalArgumentException("--on-exit: expected keep or flatten, got \"" + text + "\"");
        }
    }

    private static final long POLL_MS = 50;

    private final Policy policy;
    private final Duration timeout;
    private final OperatorCommands commands;
    private final Positions positions;
    private final String whereHeld;
    private final String resumeCommand;
    private volatile boolean engineStarted;
    private boolean flat = true;
    private long waitedMs;

    /**
     * @param whereHeld     where kept positions live once the process ends, for the keep report
     * @param resumeCommand the command that would resume this session, or null when there is none
     */
    SessionExit(
        final Policy policy, final Duration timeout, final OperatorCommands commands, final Positions positions, final String whereHeld,
        final String resumeCommand)
    {
        this.policy = policy;
        this.timeout = timeout;
        this.commands = commands;
        this.positions = positions;
        this.whereHeld = whereHeld;
        this.resumeCommand = resumeCommand;
    }

    Policy policy()
    {
        return policy;
    }

    /** How long {@link #beforeClose()} may take. */
    Duration step()
    {
        return policy == Policy.FLATTEN ? timeout.plusSeconds(1) : Duration.ZERO;
    }

    /** Called once the engine runs: before that there is nothing to flatten and nothing would answer. */
    void engineStarted()
    {
        engineStarted = true;
    }

    /** With {@code flatten}: publishes FLATTEN and waits, bounded, until RiskStage has seen it and is flat. */
    void beforeClose()
    {
        if (policy != Policy.FLATTEN || !engineStarted)
        {
            return;
        }
        final long sentNs = commands.publish(OperatorAction.FLATTEN, 0);
        final long startNs = System.nanoTime();
        final long deadlineNs = startNs + timeout.toNanos();
        while (true)
        {
            final RiskView.Snapshot risk = positions.risk();
            flat = risk != null && risk.nowNs >= sentNs && Flatness.isFlat(risk);
            if (flat || System.nanoTime() - deadlineNs >= 0)
            {
                break;
            }
            try
            {
                Thread.sleep(POLL_MS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                break;
            }
        }
        waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
    }

    /** After {@code agent.close()}: what was done and what is left, per venue. */
    void report(final PrintStream out)
    {
        final RiskView.Snapshot risk = positions.risk();
        final boolean flatNow = risk != null && Flatness.isFlat(risk);
        if (policy == Policy.FLATTEN && engineStarted)
        {
            if (flat && flatNow)
            {
                out.printf(Locale.ROOT, "on exit              flatten: flat after %.1f s (no open pairs)%n", waitedMs / 1e3);
                return;
            }
            flat = false;
            out.printf(Locale.ROOT, "on exit              flatten: NOT FLAT after %.1f s (--flatten-timeout %s); residual %s:%n",
                waitedMs / 1e3, StatusView.span(timeout), whereHeld);
            print(risk, out);
            return;
        }
        if (flatNow)
        {
            out.println("on exit              " + (policy == Policy.KEEP ? "keep" : "flatten") + ": no open pairs");
            return;
        }
        out.println("on exit              keep: positions left open " + whereHeld + ":");
        print(risk, out);
        if (resumeCommand != null)
        {
            out.println("to resume:           " + resumeCommand);
        }
        else
        {
            out.println("                     this engine does not manage them once it has exited; to close them before exiting next time:");
            out.println("                     ./run.sh ctl flatten (then ./run.sh ctl positions until flat), or run with --on-exit flatten");
        }
    }

    /** 0 unless {@code flatten} ended with positions left. */
    int exitCode()
    {
        return flat ? Main.EXIT_OK : Main.EXIT_CHECK_FAILED;
    }

    private void print(final RiskView.Snapshot risk, final PrintStream out)
    {
        final List<String> lines = risk == null ? List.of("  (the engine's view was busy: see ./run.sh report on the journal)") : positions.holdings(risk);
        lines.forEach(line -> out.println("  " + line));
    }
}
