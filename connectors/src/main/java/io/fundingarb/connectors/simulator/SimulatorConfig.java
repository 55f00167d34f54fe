package io.fundingarb.connectors.simulator;

import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;

/**
 * How a simulator runs: where it listens, the simulated clock (event times, funding times;
 * the demo compresses time with it), and the wall-clock cadences of its streams.
 *
 * @param port                 TCP port on 127.0.0.1; 0 for an ephemeral one.
 * @param clock                simulated time.
 * @param markIntervalMs       funding / mark price push period (wall time), > 0.
 * @param depthIntervalMs      book diff push period (wall time), > 0.
 * @param bookLevels           levels per side of each synthetic book, 1..50.
 * @param serverPingIntervalMs WebSocket ping frames to clients (Binance style); 0 for none.
 */
public record SimulatorConfig(int port, EpochNanoClock clock, long markIntervalMs, long depthIntervalMs, int bookLevels, long serverPingIntervalMs)
{
    public SimulatorConfig
    {
        if (port < 0 || port > 65535)
        {
            throw new IllegalArgumentException("simulator port must be 0..65535, was " + port);
        }
        if (markIntervalMs <= 0 || depthIntervalMs <= 0)
        {
            throw new IllegalArgumentException("simulator markIntervalMs and depthIntervalMs must be > 0");
        }
        if (bookLevels < 1 || bookLevels > 50)
        {
            throw new IllegalArgumentException("simulator bookLevels must be 1..50, was " + bookLevels);
        }
        if (serverPingIntervalMs < 0)
        {
            throw new IllegalArgumentException("simulator serverPingIntervalMs must be >= 0, was " + serverPingIntervalMs);
        }
    }

    /** Ephemeral port, system clock, mark every 1 s, depth every 100 ms, 20 levels, no server ping. */
    public static SimulatorConfig defaults()
    {
        return new SimulatorConfig(0, new SystemEpochNanoClock(), 1_000, 100, 20, 0);
    }

    public SimulatorConfig withClock(final EpochNanoClock clock)
    {
        return new SimulatorConfig(port, clock, markIntervalMs, depthIntervalMs, bookLevels, serverPingIntervalMs);
    }

    public SimulatorConfig withCadence(final long markIntervalMs, final long depthIntervalMs)
    {
        return new SimulatorConfig(port, clock, markIntervalMs, depthIntervalMs, bookLevels, serverPingIntervalMs);
    }

    public SimulatorConfig withServerPingIntervalMs(final long serverPingIntervalMs)
    {
        return new SimulatorConfig(port, clock, markIntervalMs, depthIntervalMs, bookLevels, serverPingIntervalMs);
    }

    public SimulatorConfig withPort(final int port)
    {
        return new SimulatorConfig(port, clock, markIntervalMs, depthIntervalMs, bookLevels, serverPingIntervalMs);
    }

    public SimulatorConfig withBookLevels(final int bookLevels)
    {
        return new SimulatorConfig(port, clock, markIntervalMs, depthIntervalMs, bookLevels, serverPingIntervalMs);
    }
}
