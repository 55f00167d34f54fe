package io.fundingarb.connectors.gateway;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The start, balance polling and close of a venue order gateway, the same on every venue:
 * <pre>
 *   start ─► set-up (the venue's account set-up, first positions) ─► connect the stream, fetchFirstBalance: the venue's signed balance request, retried with backoff
 *            (BalanceFailure.START_ATTEMPTS, a refusal fails at once) ─► balance poll every balancePollIntervalNs
 *   ready  = the private stream is live (streamLive()) AND the first BalanceUpdate is published
 *   reconnect ─► pollBalanceIfKnown() (wallet updates pushed while the stream was down are lost)
 *   fill, account event ─► requestBalance() (one request in flight, one queued)
 *   close  ─► cancel the poll, then the venue's own clean-up, on the I/O loop
 * </pre>
 * The venue gateway keeps its protocol: how the balance is asked for and read, and the stream.
 * Every method but {@link #close} and the statistics runs on the gateway's I/O loop.
 */
public final class GatewayLifecycle
{
    private static final long CLOSE_WAIT_MS = 2_000;

    private final String name;
    private final Logger log;
    private final EventLoop loop;
    private final GatewayConfig config;
    private final String balancePath;
    private final Supplier<CompletableFuture<BalanceFailure>> pollBalance;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private ScheduledFuture<?> balancePoll;
    private boolean streamLive;
    private boolean balanceKnown;
    private boolean balanceInFlight;
    private boolean balanceQueued;
    private volatile long balanceFailures;
    private volatile boolean closed;

    /**
     * @param name        prefix of log lines and errors ("binance gateway").
     * @param log         the gateway's logger.
     * @param loop        the gateway's I/O loop.
     * @param config      backoff and balance poll interval.
     * @param balancePath the venue's balance path, named when start fails.
     * @param pollBalance one signed balance request: completes with null once published, else why not.
     */
    public GatewayLifecycle(
        final String name,
        final Logger log,
        final EventLoop loop,
        final GatewayConfig config,
        final String balancePath,
        final Supplier<CompletableFuture<BalanceFailure>> pollBalance)
    {
        this.name = name;
        this.log = log;
        this.loop = loop;
        this.config = config;
        this.balancePath = balancePath;
        this.pollBalance = pollBalance;
    }

    /** Completes once the stream is live and the first balance is published; fails when the balance cannot be had. */
    public CompletableFuture<Void> ready()
    {
        return ready;
    }

    /**
     * A gateway's start: {@code setUp} (account set-up and the first positions), then, once it
     * succeeded, {@code connect} (the private stream) and the first balance request. Completes
     * when {@link #ready()} does; fails with the set-up's failure (its cause, not a wrapper).
     */
    public CompletableFuture<Void> start(final Supplier<CompletableFuture<Void>> setUp, final Runnable connect)
    {
        final CompletableFuture<Void> started = new CompletableFuture<>();
        loop.execute(() -> setUp.get().whenCompleteAsync((ignore, error) ->
        {
            if (error != null)
            {
                started.completeExceptionally(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
                return;
            }
            connect.run();
            fetchFirstBalance();
            ready.whenComplete((done, failure) ->
            {
                if (failure != null)
                {
                    started.completeExceptionally(failure);
                }
                else
                {
                    started.complete(null);
                }
            });
        }, loop));
        return started;
    }

    /** The first balance request of start(). */
    public void fetchFirstBalance()
    {
        fetchFirstBalance(1);
    }

    private void fetchFirstBalance(final int attempt)
    {
        if (closed)
        {
            return;
        }
        pollBalance.get().thenAccept(failure ->
        {
            if (failure == null)
            {
                balanceKnown = true;
                balancePoll = loop.scheduleAtFixedRate(this::pollBalancePeriodically, config.balancePollIntervalNs(),
                    config.balancePollIntervalNs(), TimeUnit.NANOSECONDS);
                maybeReady();
            }
            else if (!failure.permanent() && attempt < BalanceFailure.START_ATTEMPTS)
            {
                loop.schedule(() -> fetchFirstBalance(attempt + 1), config.wsBackoffBaseNs() << (attempt - 1), TimeUnit.NANOSECONDS);
            }
            else
            {
                ready.completeExceptionally(new IllegalStateException(name + ": no balance at start from GET " + balancePath +
                    " after " + attempt + (attempt == 1 ? " attempt: " : " attempts: ") + failure.message()));
            }
        });
    }

    /** The private stream is live for the first time. */
    public void streamLive()
    {
        streamLive = true;
        maybeReady();
    }

    private void maybeReady()
    {
        if (streamLive && balanceKnown)
        {
            ready.complete(null);
        }
    }

    /** After a stream reconnect: asks for the balance again if start had it (the pushes meanwhile were lost). */
    public void pollBalanceIfKnown()
    {
        if (balanceKnown)
        {
            pollBalancePeriodically(); // wallet updates pushed while the stream was down were lost
        }
    }

    /**
     * Asks for the balance (after a fill, an account event, on the poll) once start had it: at most
     * one request in flight and one more queued, so a burst of fills costs two requests.
     */
    public void requestBalance()
    {
        if (balanceKnown)
        {
            pollBalancePeriodically();
        }
    }

    private void pollBalancePeriodically()
    {
        if (closed)
        {
            return;
        }
        if (balanceInFlight)
        {
            balanceQueued = true;
            return;
        }
        balanceInFlight = true;
        pollBalance.get().thenAccept(failure ->
        {
            balanceInFlight = false;
            if (failure != null)
            {
                balanceFailures++;
                log.warn("{}: balance poll failed: {}", name, failure.message());
            }
            if (balanceQueued)
            {
                balanceQueued = false;
                pollBalancePeriodically();
            }
        });
    }

    public boolean isClosed()
    {
        return closed;
    }

    /** Periodic balance requests that published nothing. */
    public long balanceFailures()
    {
        return balanceFailures;
    }

    /** Marks the gateway closed, then cancels the poll and runs {@code onLoop} (the stream, timers) on the I/O loop, waiting for it. */
    public void close(final Runnable onLoop)
    {
        closed = true;
        final io.netty.util.concurrent.Future<?> done = loop.submit(() ->
        {
            if (balancePoll != null)
            {
                balancePoll.cancel(false);
            }
            onLoop.run();
        });
        if (!loop.inEventLoop())
        {
            done.awaitUninterruptibly(CLOSE_WAIT_MS);
        }
    }
}
