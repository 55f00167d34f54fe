package io.fundingarb.engine.app;

import io.fundingarb.engine.FundingArbAgent;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The run loop every engine subcommand shares: a shutdown hook (Ctrl-C or SIGTERM stops the loop
 * and waits for the report), a tick about once a second until the run time is over (or until
 * Ctrl-C when there is none, or until the tick says the input is over), then the exit step (e.g. {@code --on-exit flatten}), then
 * {@code agent.close()} and the closing report. Both ends, the run time's and a signal's, take the
 * same path.
 */
final class SessionLoop
{
    private static final long TICK_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long REPORT_WAIT_MS = 15_000;

    private SessionLoop()
    {
    }

    /**
     * @param runFor how long to run, or null to run until Ctrl-C.
     * @param start  starts the agent and its sources (after the hook is in place).
     * @param tick   called about once a second with the time elapsed since start.
     * @param report called after {@code agent.close()}; a Ctrl-C waits for it (15 s at most, plus the exit step's time).
     */
    static void run(
        final FundingArbAgent agent, final Duration runFor, final Runnable start, final Consumer<Duration> tick, final Runnable report,
        final PrintStream out)
    {
        run(agent, runFor, start, tick, () -> false, () -> { }, Duration.ZERO, report, out);
    }

    /**
     * @param over checked after each tick: true ends the run before {@code runFor} (a replay whose recordings are all
     *             consumed), as the run time's end does.
     */
    static void run(
        final FundingArbAgent agent, final Duration runFor, final Runnable start, final Consumer<Duration> tick, final BooleanSupplier over,
        final Runnable report, final PrintStream out)
    {
        run(agent, runFor, start, tick, over, () -> { }, Duration.ZERO, report, out);
    }

    static void run(
        final FundingArbAgent agent, final Duration runFor, final Runnable start, final Consumer<Duration> tick, final Runnable beforeClose,
        final Duration exitStep, final Runnable report, final PrintStream out)
    {
        run(agent, runFor, start, tick, () -> false, beforeClose, exitStep, report, out);
    }

    /**
     * @param beforeClose runs after the loop and before {@code agent.close()}, the engine still running.
     * @param exitStep    how long {@code beforeClose} may take: a signal waits that much longer for the report.
     */
    private static void run(
        final FundingArbAgent agent, final Duration runFor, final Runnable start, final Consumer<Duration> tick, final BooleanSupplier over,
        final Runnable beforeClose, final Duration exitStep, final Runnable report, final PrintStream out)
    {
        final long hookWaitMs = REPORT_WAIT_MS + exitStep.toMillis();
        final CountDownLatch stop = new CountDownLatch(1);
        final CountDownLatch reported = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            stop.countDown();
            try
            {
                reported.await(hookWaitMs, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ignored)
            {
                Thread.currentThread().interrupt();
            }
        }, "fa-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try
        {
            start.run();
            final long startNs = System.nanoTime();
            final long endNs = runFor == null ? Long.MAX_VALUE : startNs + runFor.toNanos();
            while (System.nanoTime() - endNs < 0 && !stop.await(Math.min(TICK_NS, endNs - System.nanoTime()), TimeUnit.NANOSECONDS))
            {
                tick.accept(Duration.ofNanos(System.nanoTime() - startNs));
                if (over.getAsBoolean())
                {
                    break;
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            try
            {
                beforeClose.run();
            }
            finally
            {
                agent.close();
            }
            try
            {
                report.run();
            }
            finally
            {
                out.flush();
                reported.countDown();
                try
                {
                    Runtime.getRuntime().removeShutdownHook(hook);
                }
                catch (final IllegalStateException shuttingDown)
                {
                    // Ctrl-C: the hook is running and waits for the report above
                }
            }
        }
    }

    /** Where the journal is and the commands that audit and print it. */
    static void journalLines(final FundingArbAgent agent, final PrintStream out)
    {
        if (agent.journalDir() != null)
        {
            out.println("journal              " + agent.journalDir());
            out.println("audit it with        ./run.sh replay " + agent.journalDir() + " --verify");
            out.println("print it with        ./run.sh replay " + agent.journalDir() + " --print");
        }
    }
}
