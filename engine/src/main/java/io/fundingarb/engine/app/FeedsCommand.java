package io.fundingarb.engine.app;

import io.fundingarb.connectors.feed.FeedTimings;
import io.fundingarb.connectors.feed.MarketDataFeed;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.engine.CommandHandlers;
import io.fundingarb.engine.FundingArbAgent;
import io.fundingarb.engine.config.FundingArbConfig;
import io.fundingarb.engine.stage.MarketStage;
import io.fundingarb.engine.stage.MarketView;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.agrona.concurrent.SystemEpochNanoClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./run.sh feeds}: the engine on the Binance and Bybit market-data feeds. By default both
 * venues are simulated in-process on 127.0.0.1 and the real feeds connect to them through the
 * same code as live (only the URLs differ); {@code --real} connects to the URLs in
 * {@code venues.<venue>.ws_url / rest_url} instead. A status line per second (events, venue
 * states, instruments, the top of the ranking), then the token availability matrix.
 */
@Command(name = "feeds", mixinStandardHelpOptions = true,
    description = "Run the engine on the Binance and Bybit feeds (embedded simulators, or --real venues), with a status view.")
public final class FeedsCommand implements Callable<Integer>
{
    @Mixin
    EngineOptions engine;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "20s",
        description = "Run time: seconds (20) or with a unit (20s, 2m); default ${DEFAULT-VALUE}.")
    String duration;

    @Option(names = "--real", description = "Connect to venues.<venue>.ws_url / rest_url (real venues) instead of the embedded simulators.")
    boolean real;

    @Override
    public Integer call()
    {
        final String configText = engine.configText();
        final FundingArbConfig config = engine.load(configText);
        final Duration runFor = DemoCommand.parseDuration(duration);
        if (config.tokens().isEmpty())
        {
            throw new IllegalArgumentException(engine.config + ": tokens: empty; list the base assets to trade, e.g. tokens: [BTC, ETH]");
        }
        final PrintStream out = System.out;
        final List<String> tokens = config.tokens();
        final Set<String> notOnBybit = tokens.size() >= 3 ? Set.of(tokens.get(tokens.size() - 1)) : Set.of();
        final SimulatedVenues sims = real ? null : new SimulatedVenues(tokens, notOnBybit, SimulatedVenues.simulatorConfig(config, SimulatorConfig.defaults())).start();
        final Map<String, VenueConnectors.Endpoint> endpoints;
        try
        {
            endpoints = real ? VenueConnectors.configuredEndpoints(config, engine.config.toString()) : sims.endpoints();
        }
        catch (final RuntimeException ex)
        {
            if (sims != null)
            {
                sims.close();
            }
            throw ex;
        }

        final FundingArbAgent agent = new FundingArbAgent(
            config, new FundingArbAgent.Options(engine.journal, configText, new SystemEpochNanoClock(), CommandHandlers.NONE));
        if (sims != null)
        {
            agent.addSource(sims); // closed last, after the feeds
        }
        final VenueConnectors connectors = VenueConnectors.forAgent(agent, endpoints, FeedTimings.defaults());
        out.printf("fundingarb feeds: %s on %s for %s%n", String.join(",", tokens),
            real ? "the real venues " + endpoints.keySet() : "embedded simulators " + endpoints.keySet() +
                (notOnBybit.isEmpty() ? "" : " (" + String.join(",", notOnBybit) + " listed on binance only)"),
            runFor.getSeconds() + "s");
        out.println("journal: " + agent.journalDir());

        final MarketStage market = (MarketStage)agent.pipeline().stages().market();
        final MarketView.Snapshot view = new MarketView.Snapshot(config.engine().maxInstruments(), config.strategy().topN());
        final long[] lastEvents = new long[1];
        final boolean[] availabilityShown = new boolean[1];
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
            out.printf("[%ds] events %,d (%,d/s) | instruments %d | %s | backlog %d | stage errors %d%n",
                elapsed.getSeconds(), events, events - lastEvents[0], market.instrumentCount(),
                connectors.statusLine(), agent.pipeline().inboundBacklog(), agent.pipeline().errors().total());
            lastEvents[0] = events;
            if (agent.marketView().read(view))
            {
                StatusFormat.ranking(view, config.strategy().horizon()).forEach(line -> out.println("    " + line));
            }
        }, () ->
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
                out.printf("%-20s published %,d | malformed %d | gaps %d | resyncs %d | reconnects %d%n",
                    StatusFormat.venueName(feed.venue().value()), feed.count(FrameResult.PUBLISHED), feed.count(FrameResult.MALFORMED),
                    feed.count(FrameResult.GAP), feed.resyncs(), feed.reconnects());
            }
            SessionLoop.journalLines(agent, out);
        }, out);
        return Main.EXIT_OK;
    }
}
