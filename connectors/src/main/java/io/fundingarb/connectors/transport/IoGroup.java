package io.fundingarb.connectors.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Netty I/O threads shared by connections, REST clients or a simulator (the architecture asks
 * for one or two). {@link #close()} shuts them down gracefully within a bounded time and waits
 * for the threads to end, so nothing leaks.
 */
public final class IoGroup implements AutoCloseable
{
    private static final long QUIET_PERIOD_MS = 0;
    private static final long SHUTDOWN_TIMEOUT_MS = 2_000;

    private final EventLoopGroup group;

    /**
     * @param threads    number of I/O threads, >= 1.
     * @param namePrefix thread name prefix, e.g. "fa-io-binance".
     */
    public IoGroup(final int threads, final String namePrefix)
    {
        if (threads < 1)
        {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(namePrefix, true), NioIoHandler.newFactory());
    }

    public EventLoopGroup group()
    {
        return group;
    }

    /** Shuts the threads down (bounded) and waits for them; true when they all ended. */
    @Override
    public void close()
    {
        closeAndWait();
    }

    /** As {@link #close()}, returning whether the threads ended within the bound. */
    public boolean closeAndWait()
    {
        group.shutdownGracefully(QUIET_PERIOD_MS, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        try
        {
            return group.awaitTermination(SHUTDOWN_TIMEOUT_MS + 1_000, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
