package io.fundingarb.connectors.simulator;

import io.netty.handler.ssl.SslContext;
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
 * @param strictPaths          the venue serves each stream only on its own path (Binance since 2026: depth and
 *                             bookTicker on {@code /public}, the others on {@code /market}, user data on
 *                             {@code /private}); false also accepts the legacy paths and any stream anywhere.
 * @param tls                  server TLS context (https / wss on the same port); null for plain http / ws. The
 *                             caller brings the key material: production code embeds no key.
 * @param clockSpeed           how many times faster than the wall clock {@code clock} runs (the demo's 3600; 1 in real
 *                             time): a venue's validity windows on signed requests (Hyperliquid's expiresAfter) are kept
 *                             in wall time, so a millisecond of loopback latency is not hours of history late.
 */
public record SimulatorConfig(
    int port, EpochNanoClock clock, long markIntervalMs, long depthIntervalMs, int bookLevels, long serverPingIntervalMs, boolean strictPaths,
    SslContext tls, double clockSpeed)
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
        if (!(clockSpeed >= 1))
        {
            throw new IllegalArgumentException("simulator clockSpeed must be >= 1, was " + clockSpeed);
        }
        if (tls != null && !tls.isServer())
        {
            throw new IllegalArgumentException("simulator tls must be a server SslContext");
        }
    }

    /** Ephemeral port, system clock, mark every 1 s, depth every 100 ms, 20 levels, no server ping, lenient paths, no TLS. */
    public static SimulatorConfig defaults()
    {
        return new SimulatorConfig(0, new SystemEpochNanoClock(), 1_000, 100, 20, 0, false, null, 1);
    }

    /** A simulated clock running {@code speed} times faster than the wall clock (1: real time). */
    public SimulatorConfig withClock(final EpochNanoClock clock, final double speed)
    {
        return new SimulatorConfig(port, clock, markIntervalMs, depthIntervalMs, bookLevels, serverPingIntervalMs, strictPaths, tls, speed);
    }

    public SimulatorConfig withClock(final EpochNanoClock clock)
    {
        return new SimulatorConfig(port, clock, markIntervalMs, depthIntervalMs, bookLevels, serverPingIntervalMs, strictPaths, tls, clockSpeed);
    }

    public SimulatorConfig withCadence(final long markIntervalMs, final long depthIntervalMs)
    {
        return new SimulatorConfig(port, clock, markIntervalMs, depthIntervalMs, bookLevels, serverPingIntervalMs, strictPaths, tls, clockSpeed);
    }

    public SimulatorConfig withServerPingIntervalMs(final long serverPingIntervalMs)
    {
        return new SimulatorConfig(port, clock, markIntervalMs, depthIntervalMs, bookLevels, serverPingIntervalMs, strictPaths, tls, clockSpeed);
    }

    public SimulatorConfig withPort(final int port)
    {
        return new SimulatorConfig(port, clock, markIntervalMs, depthIntervalMs, bookLevels, serverPingIntervalMs, strictPaths, tls, clockSpeed);
    }

    public SimulatorConfig withBookLevels(final int bookLevels)
    {
        return new SimulatorConfig(port, clock, markIntervalMs, depthIntervalMs, bookLevels, serverPingIntervalMs, strictPaths, tls, clockSpeed);
    }

    public SimulatorConfig withStrictPaths(final boolean strictPaths)
    {
        return new SimulatorConfig(port, clock, markIntervalMs, depthIntervalMs, bookLevels, serverPingIntervalMs, strictPaths, tls, clockSpeed);
    }

    /** Serves https and wss with {@code tls} (a server context built from test key material). */
    public SimulatorConfig withTls(final SslContext tls)
    {
        return new SimulatorConfig(port, clock, markIntervalMs, depthIntervalMs, bookLevels, serverPingIntervalMs, strictPaths, tls, clockSpeed);
    }
}
