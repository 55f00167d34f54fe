package io.fundingarb.engine.app;

import io.fundingarb.connectors.binance.BinanceSimulator;
import io.fundingarb.connectors.binance.BinanceWsLayout;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.bybit.BybitSimulator;
import io.fundingarb.connectors.history.FundingHistory;
import io.fundingarb.connectors.simulator.FundingPath;
import io.fundingarb.connectors.simulator.SimInstrument;
import io.fundingarb.connectors.simulator.SimReplayer;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.engine.config.FundingArbConfig;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Binance and Bybit simulators on 127.0.0.1 (ephemeral ports) with a small scenario built
 * from the configured tokens: one USDT perpetual per token on each venue (except the tokens
 * left off Bybit, to show the availability report), constant funding rates that differ per token
 * and venue so that some pairs rank and some do not, and one Bybit symbol on a 4 h interval.
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
        Map.entry("ORDI", new String[] {"10", "0.001", "0.1"}));

    private final BinanceSimulator binance;
    private final BybitSimulator bybit;


    /**
     * @param tokens       tokens to list (upper case).
     * @param notOnBybit   tokens Binance lists and Bybit does not.
     * @param config       cadences and clock of both simulators.
     */
    public SimulatedVenues(final List<String> tokens, final Set<String> notOnBybit, final SimulatorConfig config)
    {
        this(synthetic(tokens, notOnBybit), config);
    }

    private SimulatedVenues(final Scenarios scenarios, final SimulatorConfig config)
    {
        this(new BinanceSimulator(scenarios.binance(), config), new BybitSimulator(scenarios.bybit(), config));
    }

    private SimulatedVenues(final BinanceSimulator binance, final BybitSimulator bybit)
    {
        this.binance = binance;
        this.bybit = bybit;
    }

    /**
     * The synthetic scenario of {@link #SimulatedVenues(List, Set, SimulatorConfig)} on the named
     * venues only (binance, bybit), each with its own configuration (e.g. its own fixed port).
     */
    public static SimulatedVenues synthetic(
        final List<String> tokens, final Set<String> venues, final SimulatorConfig binanceConfig, final SimulatorConfig bybitConfig)
    {
        for (final String venue : venues)
        {
            if (!"binance".equals(venue) && !"bybit".equals(venue))
            {
                throw new IllegalArgumentException("--venues: no simulator for venue \"" + venue + "\"; expected binance, bybit or both");
            }
        }
        if (venues.isEmpty())
        {
            throw new IllegalArgumentException("--venues: name at least one of binance, bybit");
        }
        final Scenarios scenarios = synthetic(tokens, Set.of());
        return new SimulatedVenues(
            venues.contains("binance") ? new BinanceSimulator(scenarios.binance(), binanceConfig) : null,
            venues.contains("bybit") ? new BybitSimulator(scenarios.bybit(), bybitConfig) : null);
    }

    /**
     * Simulators replaying recorded sessions instead of scenarios: each venue named in
     * {@code recordings} (binance, bybit) replays its files (WebSocket frames and REST bodies of one
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
            if (!"binance".equals(venue) && !"bybit".equals(venue))
            {
                throw new IllegalArgumentException("--replay: no simulator replays venue \"" + venue + "\"; expected binance or bybit");
            }
        }
        if (recordings.isEmpty())
        {
            throw new IllegalArgumentException("--replay: name at least one venue, e.g. bybit=FILE");
        }
        final List<Path> binanceFiles = recordings.get("binance");
        final List<Path> bybitFiles = recordings.get("bybit");
        return new SimulatedVenues(
            binanceFiles == null ? null : BinanceSimulator.replaying(binanceFiles, config, speed),
            bybitFiles == null ? null : BybitSimulator.replaying(bybitFiles, config, speed));
    }

    /** The base assets the replayed recordings stream, in venue order (empty for scenarios). */
    public List<String> replayedTokens()
    {
        final java.util.Set<String> tokens = new java.util.LinkedHashSet<>();
        if (binance != null)
        {
            tokens.addAll(binance.replayedTokens());
        }
        if (bybit != null)
        {
            tokens.addAll(bybit.replayedTokens());
        }
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

    private Map<String, SimReplayer> replayers()
    {
        final Map<String, SimReplayer> replayers = new LinkedHashMap<>();
        if (binance != null && binance.replayer() != null)
        {
            replayers.put("binance", binance.replayer());
        }
        if (bybit != null && bybit.replayer() != null)
        {
            replayers.put("bybit", bybit.replayer());
        }
        return replayers;
    }

    /**
     * {@code base} for the embedded simulators of {@code config}: strict paths when the Binance layout is split,
     * so the simulator serves each stream only where the venue does since 2026 (a client on the wrong path sees nothing).
     */
    public static SimulatorConfig simulatorConfig(final FundingArbConfig config, final SimulatorConfig base)
    {
        return base.withStrictPaths(VenueConnectors.binanceLayout(config) == BinanceWsLayout.SPLIT);
    }

    private record Scenarios(SimScenario binance, SimScenario bybit)
    {
    }

    /**
     * Both simulators driven by real settled funding history: each venue lists the configured
     * tokens it has USDT-perpetual history for, and shows at each moment of the (compressed)
     * clock the rate of its next real settlement. Books are generated around a price path per
     * token with per-venue basis noise.
     */
    public static SimulatedVenues fromHistory(final List<String> tokens, final FundingHistory history, final SimulatorConfig config)
    {
        final Map<Venue, Map<String, List<FundingHistory.Settlement>>> bySymbol = new LinkedHashMap<>();
        for (final FundingHistory.Settlement s : history.rows())
        {
            if (s.quote() == Quote.USDT && tokens.contains(s.base()))
            {
                bySymbol.computeIfAbsent(s.venue(), v -> new LinkedHashMap<>())
                    .computeIfAbsent(s.symbol(), k -> new ArrayList<>()).add(s);
            }
        }
        return new SimulatedVenues(new Scenarios(
            historyScenario(bySymbol.getOrDefault(Venue.BINANCE, Map.of())),
            historyScenario(bySymbol.getOrDefault(Venue.BYBIT, Map.of()))), config);
    }

    private static SimScenario historyScenario(final Map<String, List<FundingHistory.Settlement>> bySymbol)
    {
        if (bySymbol.isEmpty())
        {
            throw new IllegalArgumentException("the bundled funding history has none of the configured tokens on a simulated venue");
        }
        final List<SimInstrument> instruments = new ArrayList<>();
        final Map<String, FundingPath> funding = new LinkedHashMap<>();
        for (final Map.Entry<String, List<FundingHistory.Settlement>> e : bySymbol.entrySet())
        {
            final String base = e.getValue().get(0).base();
            final String[] market = MARKETS.getOrDefault(base, new String[] {"10", "0.001", "0.1"});
            instruments.add(SimInstrument.of(e.getKey(), base, "USDT", market[1], market[2], "5", market[0]));
            funding.put(e.getKey(), FundingPath.fromHistory(e.getValue()));
        }
        return new SimScenario(instruments, funding, SEED, 0.0005);
    }

    private static Scenarios synthetic(final List<String> tokens, final Set<String> notOnBybit)
    {
        if (tokens.isEmpty())
        {
            throw new IllegalArgumentException("the simulated venues need at least one token (config key tokens)");
        }
        final List<SimInstrument> binanceInstruments = new ArrayList<>();
        final List<SimInstrument> bybitInstruments = new ArrayList<>();
        final Map<String, FundingPath> binanceFunding = new LinkedHashMap<>();
        final Map<String, FundingPath> bybitFunding = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++)
        {
            final String token = tokens.get(i).toUpperCase(Locale.ROOT);
            final String[] market = MARKETS.getOrDefault(token, new String[] {"10", "0.001", "0.1"});
            final String symbol = token + "USDT";
            final SimInstrument instrument = SimInstrument.of(symbol, token, "USDT", market[1], market[2], "5", market[0]);
            binanceInstruments.add(instrument);
            binanceFunding.put(symbol, FundingPath.constant(rate(0.0001 + 0.0004 * (i % 4)), 8));
            if (!notOnBybit.contains(token))
            {
                bybitInstruments.add(instrument);
                bybitFunding.put(symbol, FundingPath.constant(rate(0.0001 - 0.0004 * ((i + 1) % 3)), i % 3 == 2 ? 4 : 8));
            }
        }
        if (bybitInstruments.isEmpty())
        {
            throw new IllegalArgumentException("the simulated Bybit needs at least one token it lists");
        }
        return new Scenarios(
            new SimScenario(binanceInstruments, binanceFunding, SEED, 0.0005),
            new SimScenario(bybitInstruments, bybitFunding, SEED, 0.0005));
    }

    private static String rate(final double value)
    {
        return BigDecimal.valueOf(value).setScale(6, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    /**
     * Keeps each simulator's account state in {@code dir} ({@code binance.json}, {@code bybit.json}:
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
            if (binance != null)
            {
                binance.keepStateIn(dir.resolve("binance.json"));
            }
            if (bybit != null)
            {
                bybit.keepStateIn(dir.resolve("bybit.json"));
            }
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
        return this;
    }

    /** Starts both servers; returns this. */
    public SimulatedVenues start()
    {
        if (binance != null)
        {
            binance.start();
        }
        try
        {
            if (bybit != null)
            {
                bybit.start();
            }
        }
        catch (final RuntimeException ex)
        {
            if (binance != null)
            {
                binance.close();
            }
            throw ex;
        }
        return this;
    }

    /** Endpoints for {@link VenueConnectors}: the same code path as real venues, only the URLs differ. */
    public Map<String, VenueConnectors.Endpoint> endpoints()
    {
        final Map<String, VenueConnectors.Endpoint> endpoints = new LinkedHashMap<>();
        if (binance != null)
        {
            endpoints.put("binance", new VenueConnectors.Endpoint(binance.wsBaseUrl(), binance.httpBaseUrl()));
        }
        if (bybit != null)
        {
            endpoints.put("bybit", new VenueConnectors.Endpoint(bybit.wsBaseUrl(), bybit.httpBaseUrl()));
        }
        return endpoints;
    }

    /** The Binance simulator; null when replaying recordings without a Binance one. */
    public BinanceSimulator binance()
    {
        return binance;
    }

    /** The Bybit simulator; null when replaying recordings without a Bybit one. */
    public BybitSimulator bybit()
    {
        return bybit;
    }

    @Override
    public void close()
    {
        if (bybit != null)
        {
            bybit.close();
        }
        if (binance != null)
        {
            binance.close();
        }
    }
}
