package io.fundingarb.engine.app;

import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.history.FundingHistory;
import io.fundingarb.connectors.simulator.FundingPath;
import io.fundingarb.connectors.simulator.SimInstrument;
import io.fundingarb.connectors.simulator.SimReplayer;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.simulator.SimulatorServer;
import io.fundingarb.connectors.venue.VenueAdapter;
import io.fundingarb.connectors.venue.VenueAdapters;
import io.fundingarb.connectors.venue.WsPaths;
import io.fundingarb.engine.config.FundingArbConfig;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Every registered venue's simulator ({@link VenueAdapter#simulator}) on 127.0.0.1 (ephemeral ports)
 * with a small scenario built from the configured tokens: one USDT perpetual per token on each venue
 * (except the tokens left to the first venue only, to show the availability report), constant funding
 * rates that differ per token and venue so that some pairs rank and some do not, and some symbols on
 * a 4 h interval.
 * Or ({@link #replaying}) simulators serving recorded sessions.
 */
public final class SimulatedVenues implements AutoCloseable
{
    private static final long SEED = 20_260_301L;

    /** Mid price, tick and lot per known token; others get 10 / 0.001 / 0.1. */
    private static final Map<String, String[]> MARKETS = Map.ofEntries(
        Map.entry("BTC", new String[] {"65000", "0.10", "0.001"}),
        Map.entry("ETH", new String[] {"3200", "0.01", "0.01"}),
        Map.entry("SOL", new String[] {"150", "0.01", "0.1"}),
        Map.entry("DOGE", new String[] {"0.15", "0.00001", "1"}),
        Map.entry("XRP", new String[] {"0.6", "0.0001", "0.1"}),
        Map.entry("LINK", new String[] {"15", "0.001", "0.01"}),
        Map.entry("AVAX", new String[] {"30", "0.001", "0.1"}),
        Map.entry("SUI", new String[] {"1.5", "0.0001", "1"}),
        Map.entry("WIF", new String[] {"2", "0.0001", "1"}),
        Map.entry("TIA", new String[] {"6", "0.001", "0.1"}),
        Map.entry("APT", new String[] {"5", "0.0001", "0.1"}),
        Map.entry("SEI", new String[] {"0.3", "0.0001", "1"}),
        Map.entry("TON", new String[] {"3", "0.0001", "0.1"}),
        Map.entry("INJ", new String[] {"15", "0.001", "0.1"}),
        Map.entry("ARB", new String[] {"0.5", "0.0001", "0.1"}),
        Map.entry("OP", new String[] {"0.7", "0.0001", "0.1"}),
        Map.entry("NEAR", new String[] {"3", "0.001", "1"}),
        Map.entry("LTC", new String[] {"100", "0.01", "0.001"}),
        Map.entry("BNB", new String[] {"600", "0.01", "0.01"}),
        Map.entry("TRX", new String[] {"0.3", "0.00001", "1"}),
        Map.entry("ORDI", new String[] {"10", "0.001", "0.1"}),
        Map.entry("TSLA", new String[] {"250", "0.01", "0.01"}));

    /** Each simulated venue's server, by venue name, in registry order. */
    private final Map<String, SimulatorServer> servers;
    /** The base assets each venue's scenario lists, by venue name (empty for replayed recordings). */
    private final Map<String, Set<String>> listed;

    /**
     * @param tokens          tokens to list (upper case).
     * @param firstVenueOnly  tokens only the registry's first venue lists (the others do not).
     * @param config          cadences and clock of every simulator.
     */
    public SimulatedVenues(final List<String> tokens, final Set<String> firstVenueOnly, final SimulatorConfig config)
    {
        this(synthetic(tokens, firstVenueOnly), venue -> config);
    }

    private SimulatedVenues(final Map<String, SimulatorServer> servers)
    {
        this.servers = servers;
        this.listed = Map.of();
    }

    private SimulatedVenues(final Map<String, SimScenario> scenarios, final Function<String, SimulatorConfig> config)
    {
        this.servers = servers(scenarios, config);
        final Map<String, Set<String>> bases = new LinkedHashMap<>();
        scenarios.forEach((venue, scenario) -> bases.put(venue, scenario.instruments().stream().map(SimInstrument::base).collect(
            java.util.stream.Collectors.toUnmodifiableSet())));
        this.listed = bases;
    }

    /** Whether the simulated {@code venue} lists {@code token} (true for a replayed recording: its listing is the recording's). */
    public boolean lists(final String venue, final String token)
    {
        final Set<String> bases = listed.get(venue);
        return servers.containsKey(venue) && (bases == null || bases.contains(token));
    }

    private static Map<String, SimulatorServer> servers(final Map<String, SimScenario> scenarios, final Function<String, SimulatorConfig> config)
    {
        final Map<String, SimulatorServer> servers = new LinkedHashMap<>();
        scenarios.forEach((venue, scenario) -> servers.put(venue, VenueAdapters.byName(venue).simulator(scenario, config.apply(venue))));
        return servers;
    }

    /**
     * The synthetic scenario of {@link #SimulatedVenues(List, Set, SimulatorConfig)} on the named
     * venues only, each with its own configuration (e.g. its own fixed port).
     *
     * @param config a venue's simulator configuration, by venue name.
     */
    public static SimulatedVenues synthetic(final List<String> tokens, final Set<String> venues, final Function<String, SimulatorConfig> config)
    {
        for (final String venue : venues)
        {
            if (VenueAdapters.byName(venue) == null)
            {
                throw new IllegalArgumentException("--venues: no simulator for venue \"" + venue + "\"; expected " + VenueAdapters.names(", ")
                    + (VenueAdapters.ADAPTERS.size() == 2 ? " or both" : " or several"));
            }
        }
        if (venues.isEmpty())
        {
            throw new IllegalArgumentException("--venues: name at least one of " + VenueAdapters.names(", "));
        }
        final Map<String, SimScenario> scenarios = synthetic(tokens, Set.of());
        scenarios.keySet().retainAll(venues);
        return new SimulatedVenues(scenarios, config);
    }

    /**
     * Simulators replaying recorded sessions instead of scenarios: each venue named in
     * {@code recordings} replays its files (WebSocket frames and REST bodies of one
     * session, any format {@code FeedRecording} reads, plain or gzipped); a venue not named is not
     * started. Nothing is read from the recordings but the venue's traffic.
     *
     * @param recordings venue name to its files.
     * @param speed      recorded time / replay time; 0 replays as fast as the feeds read.
     */
    public static SimulatedVenues replaying(final Map<String, List<Path>> recordings, final double speed, final SimulatorConfig config)
    {
        for (final String venue : recordings.keySet())
        {
            if (VenueAdapters.byName(venue) == null)
            {
                throw new IllegalArgumentException("--replay: no simulator replays venue \"" + venue + "\"; expected " + VenueAdapters.names(" or "));
            }
        }
        if (recordings.isEmpty())
        {
            throw new IllegalArgumentException("--replay: name at least one venue, e.g. " + VenueAdapters.names().get(0) + "=FILE");
        }
        final Map<String, SimulatorServer> servers = new LinkedHashMap<>();
        for (final VenueAdapter adapter : VenueAdapters.ADAPTERS)
        {
            final List<Path> files = recordings.get(adapter.name());
            if (files != null)
            {
                try
                {
                    servers.put(adapter.name(), adapter.replaying(files, config, speed));
                }
                catch (final UnsupportedOperationException ex)
                {
                    servers.values().forEach(SimulatorServer::close);
                    throw new IllegalArgumentException("--replay: " + ex.getMessage(), ex); // Kraken: no recorded session to replay yet
                }
            }
        }
        return new SimulatedVenues(servers);
    }

    /** The base assets the replayed recordings stream, in venue order (empty for scenarios). */
    public List<String> replayedTokens()
    {
        final java.util.Set<String> tokens = new java.util.LinkedHashSet<>();
        servers.values().forEach(server -> tokens.addAll(server.replayedTokens()));
        return List.copyOf(tokens);
    }

    /** One line per replaying venue: frames replayed of the recording's, and whether it is over (empty for scenarios). */
    public List<String> replayProgress()
    {
        final List<String> lines = new ArrayList<>();
        for (final Map.Entry<String, SimReplayer> replay : replayers().entrySet())
        {
            final SimReplayer r = replay.getValue();
            lines.add(String.format("replay %-13s %,d of %,d recorded frames%s", replay.getKey(), r.framesReplayed(), r.frameCount(),
                r.finished() ? " (finished)" : ""));
        }
        return lines;
    }

    /** Whether every replaying venue has sent the whole of its recording (false for scenarios). */
    public boolean replaysFinished()
    {
        final Map<String, SimReplayer> replayers = replayers();
        return !replayers.isEmpty() && replayers.values().stream().allMatch(SimReplayer::finished);
    }

    private Map<String, SimReplayer> replayers()
    {
        final Map<String, SimReplayer> replayers = new LinkedHashMap<>();
        servers.forEach((venue, server) ->
        {
            if (server.replayer() != null)
            {
                replayers.put(venue, server.replayer());
            }
        });
        return replayers;
    }

    /**
     * {@code base} for the embedded simulators of {@code config}: strict paths when a venue with several stream paths
     * ({@code ws_layout}) has them split, so the simulator serves each stream only where the venue does (a client on the
     * wrong path sees nothing).
     */
    public static SimulatorConfig simulatorConfig(final FundingArbConfig config, final SimulatorConfig base)
    {
        boolean split = false;
        for (final VenueAdapter adapter : VenueAdapters.ADAPTERS)
        {
            split |= adapter.section().wsLayoutKey() && VenueConnectors.paths(config.venues().get(adapter.name())) == WsPaths.SPLIT;
        }
        return base.withStrictPaths(split);
    }

    /**
     * Every venue's simulator driven by real settled funding history: each venue lists the configured
     * tokens it has history for, one perpetual per token (the USDT one where the venue has both, the
     * USDC one where USDC is all it has, as on Hyperliquid), and shows at each moment of the
     * (compressed) clock the rate of its next real settlement. A venue the history has nothing for (Kraken:
     * no licensed history to bundle) lists the tokens the history has on every other venue, with synthetic hourly
     * funding ({@link #withoutHistory}), not history. Books are generated around a price path per
     * token with per-venue basis noise.
     */
    public static SimulatedVenues fromHistory(final List<String> tokens, final FundingHistory history, final SimulatorConfig config)
    {
        final Map<Venue, Map<String, Map<Quote, List<FundingHistory.Settlement>>>> byBase = new LinkedHashMap<>();
        for (final FundingHistory.Settlement s : history.rows())
        {
            if ((s.quote() == Quote.USDT || s.quote() == Quote.USDC) && tokens.contains(s.base()))
            {
                byBase.computeIfAbsent(s.venue(), v -> new LinkedHashMap<>())
                    .computeIfAbsent(s.base(), k -> new EnumMap<>(Quote.class))
                    .computeIfAbsent(s.quote(), k -> new ArrayList<>()).add(s);
            }
        }
        if (byBase.isEmpty())
        {
            throw new IllegalArgumentException("the bundled funding history has none of the configured tokens on a simulated venue");
        }
        final List<String> everywhere = tokens.stream().filter(t -> byBase.values().stream().allMatch(venue -> venue.containsKey(t))).toList();
        final Map<String, SimScenario> scenarios = new LinkedHashMap<>();
        for (int v = 0; v < VenueAdapters.ADAPTERS.size(); v++)
        {
            final VenueAdapter adapter = VenueAdapters.ADAPTERS.get(v);
            final Map<String, Map<Quote, List<FundingHistory.Settlement>>> rows = byBase.get(adapter.venue());
            scenarios.put(adapter.name(), rows != null ? historyScenario(rows) : withoutHistory(adapter, everywhere.isEmpty() ? tokens : everywhere));
        }
        return new SimulatedVenues(scenarios, venue -> config);
    }

    private static SimScenario historyScenario(final Map<String, Map<Quote, List<FundingHistory.Settlement>>> byBase)
    {
        final List<SimInstrument> instruments = new ArrayList<>();
        final Map<String, FundingPath> funding = new LinkedHashMap<>();
        for (final Map.Entry<String, Map<Quote, List<FundingHistory.Settlement>>> e : byBase.entrySet())
        {
            final Quote quote = e.getValue().containsKey(Quote.USDT) ? Quote.USDT : Quote.USDC;
            final List<FundingHistory.Settlement> rows = e.getValue().get(quote);
            final String symbol = rows.get(0).symbol();
            final String[] market = MARKETS.getOrDefault(e.getKey(), new String[] {"10", "0.001", "0.1"});
            instruments.add(SimInstrument.of(symbol, e.getKey(), quote.name(), market[1], market[2], "5", market[0]));
            funding.put(symbol, FundingPath.fromHistory(rows));
        }
        return new SimScenario(instruments, funding, SEED, 0.0005);
    }

    /**
     * The scenario of a venue the funding history has nothing for: one perpetual per token, funding every hour at a
     * synthetic constant rate, -0.01 %, +0.003 % or +0.01 % an hour by token (never 0: Kraken's ticker
     * carries no rate then) (of the order of the episode's real rates, so that its legs rank beside the
     * history's, on both sides, and not above them all: an hourly rate counts about 18 hours of a day's horizon).
     */
    private static SimScenario withoutHistory(final VenueAdapter adapter, final List<String> tokens)
    {
        final List<SimInstrument> instruments = new ArrayList<>();
        final Map<String, FundingPath> funding = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++)
        {
            final String token = tokens.get(i);
            final String[] market = MARKETS.getOrDefault(token, new String[] {"10", "0.001", "0.1"});
            final String symbol = adapter.symbol(token, "USDT");
            instruments.add(SimInstrument.of(symbol, token, "USDT", market[1], market[2], "5", market[0]));
            funding.put(symbol, FundingPath.constant(rate(i % 3 == 0 ? -0.0001 : i % 3 == 1 ? 0.00003 : 0.0001), 1));
        }
        return new SimScenario(instruments, funding, SEED, 0.0005);
    }

    /**
     * One USDT perpetual per token on every venue (the tokens of {@code firstVenueOnly} on the first only), with constant
     * funding rates that differ per token and venue: the first venue's every 8 h, the second's opposite in sign for most
     * tokens and on a 4 h interval for every third, the third's and later ones' hourly and negative (0.005 to 0.015 %/h;
     * the fourth's 0.02 %/h on the tokens where the third's is 0.005 %/h), so that pairs across an hourly and an 8-hourly
     * leg rank high, with a leg on the third venue for some tokens and on the fourth for others.
     */
    private static Map<String, SimScenario> synthetic(final List<String> tokens, final Set<String> firstVenueOnly)
    {
        if (tokens.isEmpty())
        {
            throw new IllegalArgumentException("the simulated venues need at least one token (config key tokens)");
        }
        final Map<String, SimScenario> scenarios = new LinkedHashMap<>();
        for (int v = 0; v < VenueAdapters.ADAPTERS.size(); v++)
        {
            scenarios.put(VenueAdapters.ADAPTERS.get(v).name(), syntheticScenario(v, tokens, firstVenueOnly));
        }
        return scenarios;
    }

    /** The synthetic scenario of the registry's {@code v}th venue ({@link #synthetic}). */
    private static SimScenario syntheticScenario(final int v, final List<String> tokens, final Set<String> firstVenueOnly)
    {
        final VenueAdapter adapter = VenueAdapters.ADAPTERS.get(v);
        final List<SimInstrument> instruments = new ArrayList<>();
        final Map<String, FundingPath> funding = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++)
        {
            final String token = tokens.get(i).toUpperCase(Locale.ROOT);
            if (v > 0 && firstVenueOnly.contains(token))
            {
                continue;
            }
            final String[] market = MARKETS.getOrDefault(token, new String[] {"10", "0.001", "0.1"});
            final String symbol = adapter.symbol(token, "USDT");
            instruments.add(SimInstrument.of(symbol, token, "USDT", market[1], market[2], "5", market[0]));
            // the third venue on: hourly and negative, cheap to be long against the first venue's positive 8 h rates; the
            // fourth's -0.02 %/h on the tokens where the third's is mildest, so that both rank among the best pairs
            funding.put(symbol, v == 0 ? FundingPath.constant(rate(0.0001 + 0.0004 * (i % 4)), 8)
                : v == 1 ? FundingPath.constant(rate(0.0001 - 0.0004 * ((i + 1) % 3)), i % 3 == 2 ? 4 : 8)
                : FundingPath.constant(rate(v >= 3 && (i + 2) % 3 == 0 ? -0.0002 : -0.00005 * (1 + (i + v) % 3)), 1));
        }
        if (instruments.isEmpty())
        {
            throw new IllegalArgumentException("the simulated " + adapter.name() + " needs at least one token it lists");
        }
        return new SimScenario(instruments, funding, SEED, 0.0005);
    }

    private static String rate(final double value)
    {
        return BigDecimal.valueOf(value).setScale(6, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    /**
     * Keeps each simulator's account state in {@code dir} ({@code <venue>.json}:
     * {@link io.fundingarb.connectors.simulator.SimulatorServer#keepStateIn}), loading what a
     * previous run left there; before {@link #start()}. The folder is created if missing.
     */
    public SimulatedVenues keepStateIn(final Path dir)
    {
        try
        {
            java.nio.file.Files.createDirectories(dir);
        }
        catch (final java.io.IOException ex)
        {
            throw new IllegalArgumentException("--state: cannot create " + dir + ": " + ex.getMessage(), ex);
        }
        try
        {
            servers.forEach((venue, server) -> server.keepStateIn(dir.resolve(venue + ".json")));
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
        return this;
    }

    /** Starts every server, in registry order; returns this. A server that fails to start closes those started before it. */
    public SimulatedVenues start()
    {
        final List<SimulatorServer> started = new ArrayList<>();
        try
        {
            for (final SimulatorServer server : servers.values())
            {
                server.start();
                started.add(server);
            }
        }
        catch (final RuntimeException ex)
        {
            for (int i = started.size() - 1; i >= 0; i--)
            {
                started.get(i).close();
            }
            throw ex;
        }
        return this;
    }

    /** Endpoints for {@link VenueConnectors}: the same code path as real venues, only the URLs differ. */
    public Map<String, VenueConnectors.Endpoint> endpoints()
    {
        final Map<String, VenueConnectors.Endpoint> endpoints = new LinkedHashMap<>();
        servers.forEach((venue, server) -> endpoints.put(venue, new VenueConnectors.Endpoint(server.wsBaseUrl(), server.httpBaseUrl())));
        return endpoints;
    }

    /** Each simulated venue's server, by venue name, in registry order. */
    public Map<String, SimulatorServer> servers()
    {
        return java.util.Collections.unmodifiableMap(servers);
    }

    /** The simulator of the venue named {@code venue}; null when it is not simulated here. */
    public SimulatorServer server(final String venue)
    {
        return servers.get(venue);
    }

    /** Closes every server, in reverse registry order. */
    @Override
    public void close()
    {
        final List<SimulatorServer> all = new ArrayList<>(servers.values());
        for (int i = all.size() - 1; i >= 0; i--)
        {
            all.get(i).close();
        }
    }
}
