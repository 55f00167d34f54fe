package io.fundingarb.engine.app;

import io.fundingarb.connectors.simulator.SimAccount;
import io.fundingarb.connectors.simulator.SimAccountConfig;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.simulator.SimulatorServer;
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
    static final String KEY_ENV = "FUNDINGARB_SIM_API_KEY";
    static final String SECRET_ENV = "FUNDINGARB_SIM_API_SECRET";

    @Mixin
    EngineOptions engine;

    @Option(names = "--venues", paramLabel = "LIST", split = ",", description = "Which simulators, by venue name, comma-separated (default: every venue with a connector).")
    List<String> venues = VenueAdapters.names();

    @Option(names = "--binance-port", paramLabel = "PORT", description = "Port of the Binance simulator (default 0: any free port).")
    int binancePort;

    @Option(names = "--bybit-port", paramLabel = "PORT", description = "Port of the Bybit simulator (default 0: any free port).")
    int bybitPort;

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
        final Map<String, Integer> ports = Map.of("binance", binancePort, "bybit", bybitPort);
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
            servers.forEach((venue, server) -> out.printf("%-9s rest %s  ws %s%n", venue, server.httpBaseUrl(), server.wsBaseUrl()));
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
            out.println("    api_key_env: " + KEY_ENV);
            out.println("    api_secret_env: " + SECRET_ENV);
        }
        out.println("and, for live, the simulators' demo key (public: it unlocks only these simulators):");
        out.println("  " + KEY_ENV + "=" + SimAccountConfig.DEMO_API_KEY + " " + SECRET_ENV + "=" + SimAccountConfig.DEMO_API_SECRET
            + " ./run.sh live --config FILE");
    }

    private static void accounts(final List<String> tokens, final Map<String, SimulatorServer> servers, final PrintStream out)
    {
        out.println();
        out.println("=== fundingarb sim: accounts at the end ===");
        servers.forEach((venue, server) ->
        {
            final StringBuilder line = new StringBuilder(String.format("%-9s wallet %s USDT | positions", venue, server.walletBalance().toPlainString()));
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
