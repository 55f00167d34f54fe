package io.fundingarb.engine.app;

import io.fundingarb.connectors.simulator.SimAccount;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.simulator.SimulatorServer;
import io.fundingarb.connectors.venue.VenueAdapter;
import io.fundingarb.connectors.venue.VenueAdapters;
import io.fundingarb.engine.config.FundingArbConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./run.sh sim}: the Binance and Bybit simulators as a process of their own on 127.0.0.1,
 * with the synthetic scenario of {@code paper --sim} for the configured tokens. Accounts,
 * positions and orders live in this process, so they outlast any number of engine restarts
 * against it; with {@code --state DIR} they are also kept in DIR (one JSON file per venue, written
 * atomically when they change and at exit) and loaded from it at start, so they outlast restarts of
 * this process too. Prints the URLs and the {@code venues} block (plus the demo key variables) that
 * point {@code paper} or {@code live} at them; at the end, each account's wallet and positions.
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
    description = "The venue simulators as their own process on 127.0.0.1 (state kept across engine restarts), "
        + "with the config block that points paper or live at them.")
public final class SimCommand implements Callable<Integer>
{
    /** {@code VENUE=PORT} options to a port per venue. */
    static Map<String, Integer> ports(final List<String> options)
    {
        final Map<String, Integer> ports = new LinkedHashMap<>();
        for (final String option : options)
        {
            final int eq = option.indexOf('=');
            final String venue = eq < 0 ? "" : option.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            VenueAdapters.require(venue, "--port " + option);
            try
            {
                final int port = Integer.parseInt(option.substring(eq + 1).trim());
                if (port < 0 || port > 65_535)
                {
                    throw new NumberFormatException();
                }
                ports.put(venue, port);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("--port " + option + ": expected VENUE=PORT with a port of 0 to 65535, e.g. bybit=38002");
            }
        }
        return ports;
    }

    /** The environment variable the printed venues block names for a venue's simulator API key: FUNDINGARB_SIM_BYBIT_API_KEY. */
    static String keyEnv(final String venue)
    {
        return "FUNDINGARB_SIM_" + venue.toUpperCase(Locale.ROOT) + "_API_KEY";
    }

    /** ... and for its secret. */
    static String secretEnv(final String venue)
    {
        return "FUNDINGARB_SIM_" + venue.toUpperCase(Locale.ROOT) + "_API_SECRET";
    }

    /** Every venue's demo keys under the variables the printed venues block names (public: they unlock only the simulators). */
    static Map<String, String> demoKeyEnvironment()
    {
        final Map<String, String> env = new LinkedHashMap<>();
        for (final VenueAdapter adapter : VenueAdapters.ADAPTERS)
        {
            env.put(keyEnv(adapter.name()), adapter.demoKeys().apiKey());
            env.put(secretEnv(adapter.name()), adapter.demoKeys().apiSecret());
        }
        return env;
    }

    @Mixin
    EngineOptions engine;

    @Option(names = "--venues", paramLabel = "LIST", split = ",", description = "Which simulators, by venue name, comma-separated (default: every venue with a connector).")
    List<String> venues = VenueAdapters.names();

    @Option(names = "--port", paramLabel = "VENUE=PORT", split = ",",
        description = "A simulator's port, e.g. --port binance=38001,bybit=38002 (default 0: any free port).")
    List<String> portOptions = List.of();

    @Option(names = "--state", paramLabel = "DIR",
        description = "Keep the accounts (wallet, positions, orders, client ids) in DIR/<venue>.json and load them from there at start, "
            + "so they outlast restarts of this process (default: in memory only).")
    Path state;

    @Option(names = "--duration", paramLabel = "TIME", description = "Run time: seconds (60) or with a unit (60s, 2h); default: until Ctrl-C.")
    String duration;

    @Override
    public Integer call() throws InterruptedException
    {
        final FundingArbConfig config = engine.load(engine.configText());
        final Duration runFor = duration == null ? null : DemoCommand.parseDuration(duration);
        final Set<String> chosen = new LinkedHashSet<>();
        venues.forEach(v -> chosen.add(v.trim().toLowerCase(Locale.ROOT)));
        final SimulatorConfig base = SimulatedVenues.simulatorConfig(config, SimulatorConfig.defaults());
        final PrintStream out = System.out;
        final CountDownLatch stop = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            stop.countDown();
            try
            {
                done.await(10, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "fa-sim-shutdown");
        final Map<String, Integer> ports = ports(portOptions);
        final SimulatedVenues created = SimulatedVenues.synthetic(config.tokens(), chosen, venue -> base.withPort(ports.getOrDefault(venue, 0)));
        final boolean resumed = state != null && chosen.stream().anyMatch(v -> Files.exists(state.resolve(v + ".json")));
        try (SimulatedVenues sims = (state == null ? created : created.keepStateIn(state)).start())
        {
            Runtime.getRuntime().addShutdownHook(hook);
            final Map<String, SimulatorServer> servers = sims.servers();
            out.printf("fundingarb sim: %s simulators on 127.0.0.1 for %s, %s; accounts, positions and orders live in this process "
                + "(%s)%n", String.join(" and ", servers.keySet()), String.join(",", config.tokens()),
                runFor == null ? "until Ctrl-C" : "for " + StatusView.span(runFor),
                state == null ? "they outlast engine restarts, not this process; --state DIR keeps them"
                    : (resumed ? "loaded from " : "kept in ") + state + ", so they outlast restarts of this process too");
            servers.forEach((venue, server) -> out.printf("%-11s rest %s  ws %s%n", venue, server.httpBaseUrl(), server.wsBaseUrl()));
            out.println();
            snippet(servers, out);
            out.flush();
            if (runFor == null)
            {
                stop.await();
            }
            else
            {
                stop.await(runFor.toMillis(), TimeUnit.MILLISECONDS);
            }
            accounts(config.tokens(), servers, out);
        }
        finally
        {
            out.flush();
            done.countDown();
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException | IllegalArgumentException shuttingDownOrNotAdded)
            {
                // Ctrl-C: the hook is running and waits for the lines above
            }
        }
        return Main.EXIT_OK;
    }

    /** The venues block for the engine's config, and the key variables to run it with. */
    static void snippet(final Map<String, SimulatorServer> servers, final PrintStream out)
    {
        out.println("point paper or live at them: in the engine's config (same tokens), the venues block");
        out.println("venues:");
        for (final String venue : VenueAdapters.names())
        {
            final SimulatorServer server = servers.get(venue);
            out.println("  " + venue + ":");
            if (server == null)
            {
                out.println("    enabled: false");
                continue;
            }
            out.println("    ws_url: " + server.wsBaseUrl());
            out.println("    rest_url: " + server.httpBaseUrl());
            out.println("    api_key_env: " + keyEnv(venue));
            out.println("    api_secret_env: " + secretEnv(venue));
        }
        out.println("and, for live, the simulators' demo keys (public: they unlock only these simulators):");
        final StringBuilder line = new StringBuilder("  ");
        demoKeyEnvironment().forEach((name, value) -> line.append(name).append('=').append(value).append(" \\\n  "));
        out.println(line.append("./run.sh live --config FILE"));
    }

    private static void accounts(final List<String> tokens, final Map<String, SimulatorServer> servers, final PrintStream out)
    {
        out.println();
        out.println("=== fundingarb sim: accounts at the end ===");
        servers.forEach((venue, server) ->
        {
            final VenueAdapter adapter = VenueAdapters.byName(venue);
            final String asset = adapter.quoteOf(adapter.symbol("BTC", "USDT")); // the simulators list USDT perpetuals; Hyperliquid's are USDC
            final StringBuilder line = new StringBuilder(String.format("%-11s wallet %s %s | positions", venue, server.walletBalance().toPlainString(), asset));
            int open = 0;
            for (final String token : tokens)
            {
                final SimAccount.Position position = server.position(VenueAdapters.byName(venue).symbol(token.toUpperCase(Locale.ROOT), "USDT"));
                if (position != null && position.qty().signum() != 0)
                {
                    line.append(' ').append(token).append(' ').append(position.qty().toPlainString()).append(" @ ").append(position.entryPrice().toPlainString());
                    open++;
                }
            }
            out.println(line.append(open == 0 ? " none" : ""));
        });
    }
}
