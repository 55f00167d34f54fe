package io.fundingarb.engine.app;

import io.fundingarb.connectors.feed.MarketDataFeed;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.venue.VenueAdapters;
import io.fundingarb.engine.CommandHandlers;
import io.fundingarb.engine.FundingArbAgent;
import io.fundingarb.engine.config.FundingArbConfig;
import io.fundingarb.engine.stage.MarketStage;
import io.fundingarb.engine.stage.MarketView;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.agrona.concurrent.SystemEpochNanoClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./run.sh feeds}: the engine on the market-data feeds of every venue with a connector. By default
 * the venues are simulated in-process on 127.0.0.1 and the real feeds connect to them through the
 * same code as live (only the URLs differ); {@code --real} connects to the URLs in
 * {@code venues.<venue>.ws_url / rest_url} instead; {@code --replay venue=FILE[,FILE...]} makes
 * the simulators of the named venues replay recorded sessions (the tokens are then those the
 * recordings stream), paced by {@code --speed}. A status line per second (events, venue states,
 * instruments, the top of the ranking), then the token availability matrix.
 */
@Command(name = "feeds", mixinStandardHelpOptions = true,
    description = "Run the engine on the venues' market-data feeds (embedded simulators, or --real venues), with a status view.")
public final class FeedsCommand implements Callable<Integer>
{
    @Mixin
    EngineOptions engine;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "20s",
        description = "Run time: seconds (20) or with a unit (20s, 2m); default ${DEFAULT-VALUE}.")
    String duration;

    @Option(names = "--real", description = "Connect to venues.<venue>.ws_url / rest_url (real venues) instead of the embedded simulators.")
    boolean real;

    @Option(names = "--replay", paramLabel = "VENUE=FILE[,FILE...]",
        description = "Replay a recorded session on the simulator of VENUE (binance or bybit; repeat for both): WebSocket frames and the"
            + " REST bodies of the same session (e.g. Binance depth snapshots, exchangeInfo), raw, cryptofeed or hftbacktest lines, plain"
            + " or gzipped. Only the replayed venues run; the tokens are those the recordings stream."
            + " E.g. --replay bybit=connectors/src/test/resources/feeds/bybit/bybit-v5-linear-2026-08-09.cryptofeed.no-spot-instruments.jsonl.gz")
    List<String> replay = new ArrayList<>();

    @Option(names = "--speed", paramLabel = "X", defaultValue = "1",
        description = "Replay pace: 1 as recorded (default), 10 ten times faster, max (or 0) as fast as the feeds read.")
    String speed;

    @Override
    public Integer call()
    {
        final String configText = engine.configText();
        final FundingArbConfig loaded = engine.load(configText);
        final Duration runFor = DemoCommand.parseDuration(duration);
        final boolean replaying = !replay.isEmpty();
        if (replaying && real)
        {
            throw new IllegalArgumentException("--replay and --real exclude each other");
        }
        if (parseSpeed(speed) != 1 && !replaying)
        {
            throw new IllegalArgumentException("--speed paces a replay: give it with --replay VENUE=FILE");
        }
        final SimulatorConfig simulators = SimulatedVenues.simulatorConfig(loaded, SimulatorConfig.defaults());
        final SimulatedVenues replays = replaying ? SimulatedVenues.replaying(parseReplay(replay), parseSpeed(speed), simulators) : null;
        final FundingArbConfig config = replaying ? loaded.withTokens(replays.replayedTokens()) : loaded;
        if (config.tokens().isEmpty())
        {
            throw new IllegalArgumentException(replaying ? "--replay: the recordings stream no ticker or book of any symbol"
                : engine.config + ": tokens: empty; list the base assets to trade, e.g. tokens: [BTC, ETH]");
        }
        final PrintStream out = System.out;
        final List<String> tokens = config.tokens();
        final Set<String> firstVenueOnly = replaying || tokens.size() < 3 ? Set.of() : Set.of(tokens.get(tokens.size() - 1));
        final SimulatedVenues venues = real ? null
            : replaying ? replays.start() : new SimulatedVenues(tokens, firstVenueOnly, simulators).start();
        final Map<String, VenueConnectors.Endpoint> endpoints;
        try
        {
            endpoints = real ? VenueConnectors.configuredEndpoints(config, engine.config.toString()) : venues.endpoints();
        }
        catch (final RuntimeException ex)
        {
            if (venues != null)
            {
                venues.close();
            }
            throw ex;
        }

        final FundingArbAgent agent = new FundingArbAgent(
            config, new FundingArbAgent.Options(engine.journal, configText, new SystemEpochNanoClock(), CommandHandlers.NONE));
        if (venues != null)
        {
            agent.addSource(venues); // closed last, after the feeds
        }
        // a recording carries only the streams it recorded and ends in silence: no stream is judged silent when replaying
        final VenueConnectors connectors = Assembly.attach(agent,
            Assembly.Venues.of(endpoints, Map.of()).withLiveness(replaying ? liveness -> liveness.withSilences(0, 0) : UnaryOperator.identity()),
            Assembly.Orders.NONE, null).connectors();
        out.printf("fundingarb feeds: %s on %s for %s%n", String.join(",", tokens),
            real ? "the real venues " + endpoints.keySet()
                : replaying ? "recorded sessions replayed on " + endpoints.keySet() + " at " + (parseSpeed(speed) == 0 ? "max speed" : speed + "x")
                : "embedded simulators " + endpoints.keySet() +
                (firstVenueOnly.isEmpty() ? "" : " (" + String.join(",", firstVenueOnly) + " listed on " + VenueAdapters.names().get(0) + " only)"),
            runFor.getSeconds() + "s");
        out.println("journal: " + agent.journalDir());

        final MarketStage market = (MarketStage)agent.pipeline().stages().market();
        final MarketView.Snapshot view = new MarketView.Snapshot(config.engine().maxInstruments(), config.strategy().topN());
        final long[] lastEvents = new long[1];
        final boolean[] availabilityShown = new boolean[1];
        final boolean[] replayOver = new boolean[1];
        final long[] lastFrames = {-1};
        SessionLoop.run(agent, runFor, () ->
        {
            agent.start();
            connectors.start();
        }, elapsed ->
        {
            if (!availabilityShown[0] && connectors.feeds().stream().allMatch(MarketDataFeed::bootstrapped))
            {
                connectors.availabilityReport().forEach(out::println);
                availabilityShown[0] = true;
            }
            final long events = market.events();
            final long frames = framesHandled(connectors.feeds());
            final boolean quiet = frames == lastFrames[0];
            lastFrames[0] = frames;
            if (replaying && venues.replaysFinished() && quiet && agent.pipeline().inboundBacklog() == 0)
            {
                replayOver[0] = true; // every recorded frame sent, and a second without a frame: nothing more will come
                out.printf("[%ds] the recordings are over (every frame replayed and processed): the run ends before its %ds%n",
                    elapsed.getSeconds(), runFor.getSeconds());
                return;
            }
            out.printf("[%ds] events %,d (%,d/s) | instruments %d | %s | backlog %d | stage errors %d%n",
                elapsed.getSeconds(), events, events - lastEvents[0], market.instrumentCount(),
                connectors.statusLine(), agent.pipeline().inboundBacklog(), agent.pipeline().errors().total());
            lastEvents[0] = events;
            if (agent.marketView().read(view))
            {
                StatusFormat.ranking(view, config.strategy().horizon()).forEach(line -> out.println("    " + line));
            }
        }, () -> replayOver[0], () ->
        {
            out.println();
            connectors.availabilityReport().forEach(out::println);
            if (agent.marketView().read(view))
            {
                out.println();
                StatusFormat.availability(view, tokens).forEach(out::println);
            }
            out.println();
            out.println("=== fundingarb feeds report ===");
            out.printf("events processed     %,d (instruments %d, stage errors %d)%n",
                market.events(), market.instrumentCount(), agent.pipeline().errors().total());
            for (final MarketDataFeed feed : connectors.feeds())
            {
                out.printf("%-20s published %,d | malformed %d | gaps %d | resyncs %d | reconnects %d (capped %d) | silent streams %d"
                        + " | resubscribes %d | recycled %d | refused subscribes %d | compact path %,d frames%n",
                    StatusFormat.venueName(feed.venue().value()), feed.count(FrameResult.PUBLISHED), feed.count(FrameResult.MALFORMED),
                    feed.count(FrameResult.GAP), feed.resyncs(), feed.reconnects(), feed.cappedReconnects(), feed.silences(),
                    feed.resubscribes(), feed.recycles(), feed.refusedSubscriptions(), feed.compactFrames());
            }
            if (venues != null)
            {
                venues.replayProgress().forEach(out::println);
            }
            SessionLoop.journalLines(agent, out);
        }, out);
        return Main.EXIT_OK;
    }

    /** Every frame the feeds have handled, whatever its result. */
    private static long framesHandled(final List<MarketDataFeed> feeds)
    {
        long frames = 0;
        for (final MarketDataFeed feed : feeds)
        {
            for (int result = 0; result < FrameResult.COUNT; result++)
            {
                frames += feed.count(result);
            }
        }
        return frames;
    }

    /** {@code venue=FILE[,FILE...]} options to the files per venue; every file must exist. */
    static Map<String, List<Path>> parseReplay(final List<String> options)
    {
        final Map<String, List<Path>> files = new LinkedHashMap<>();
        for (final String option : options)
        {
            final int eq = option.indexOf('=');
            if (eq <= 0 || eq == option.length() - 1)
            {
                throw new IllegalArgumentException("--replay expects VENUE=FILE[,FILE...], e.g. bybit=session.jsonl.gz; got \"" + option + "\"");
            }
            final String venue = option.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            for (final String name : option.substring(eq + 1).split(","))
            {
                final Path file = Path.of(name.trim());
                if (!Files.isReadable(file))
                {
                    throw new IllegalArgumentException("--replay " + venue + ": cannot read " + file);
                }
                files.computeIfAbsent(venue, v -> new ArrayList<>()).add(file);
            }
        }
        return files;
    }

    /** {@code --speed}: a positive factor, or max / 0 for as fast as possible. */
    static double parseSpeed(final String text)
    {
        if ("max".equalsIgnoreCase(text.trim()))
        {
            return 0;
        }
        final double value;
        try
        {
            value = Double.parseDouble(text.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("--speed expects a factor such as 1, 10 or 0.5, or max; got \"" + text + "\"");
        }
        if (!(value >= 0) || Double.isInfinite(value))
        {
            throw new IllegalArgumentException("--speed must be >= 0 (0 or max: as fast as possible); got \"" + text + "\"");
        }
        return value;
    }
}
