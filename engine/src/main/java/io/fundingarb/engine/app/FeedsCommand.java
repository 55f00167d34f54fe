package io.fundingarb.engine.app;

import io.fundingarb.codecs.sbe.FeedState;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
        final SimulatedVenues sims = real ? null : new SimulatedVenues(tokens, notOnBybit, SimulatorConfig.defaults()).start();
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

        final CountDownLatch stop = new CountDownLatch(1);
        final CountDownLatch reported = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            stop.countDown();
            try
            {
                reported.await(15, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ignored)
            {
                Thread.currentThread().interrupt();
            }
        }, "fa-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        agent.start();
        connectors.start();
        final MarketStage market = (MarketStage)agent.pipeline().stages().market();
        final MarketView.Snapshot view = new MarketView.Snapshot(config.engine().maxInstruments(), config.strategy().topN());
        final long startNs = System.nanoTime();
        final long endNs = startNs + runFor.toNanos();
        long lastEvents = 0;
        boolean availabilityShown = false;
        try
        {
            while (System.nanoTime() < endNs && !stop.await(Math.min(1_000_000_000L, endNs - System.nanoTime()), TimeUnit.NANOSECONDS))
            {
                if (!availabilityShown && connectors.feeds().stream().allMatch(MarketDataFeed::bootstrapped))
                {
                    connectors.availabilityReport().forEach(out::println);
                    availabilityShown = true;
                }
                final long events = market.events();
                out.printf("[%ds] events %,d (%,d/s) | instruments %d | %s | backlog %d | stage errors %d%n",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNs), events, events - lastEvents, market.instrumentCount(),
                    venues(connectors), agent.pipeline().inboundBacklog(), agent.pipeline().errors().total());
                lastEvents = events;
                if (agent.marketView().read(view))
                {
                    StatusFormat.ranking(view, config.strategy().horizon()).forEach(line -> out.println("    " + line));
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        agent.close();

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
        if (agent.journalDir() != null)
        {
            out.println("journal              " + agent.journalDir());
            out.println("audit it with        ./run.sh replay " + agent.journalDir() + " --verify");
            out.println("print it with        ./run.sh replay " + agent.journalDir() + " --print");
        }
        out.flush();
        reported.countDown();
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException shuttingDown)
        {
            // Ctrl-C: the hook is running and waits for the report above
        }
        return Main.EXIT_OK;
    }

    private static String venues(final VenueConnectors connectors)
    {
        final StringBuilder text = new StringBuilder();
        for (final MarketDataFeed feed : connectors.feeds())
        {
            if (text.length() > 0)
            {
                text.append(" | ");
            }
            final FeedState state = feed.state();
            text.append(StatusFormat.venueName(feed.venue().value())).append(' ')
                .append(state == null ? "BOOTSTRAP" : state.name())
                .append(" (").append(feed.symbols().size()).append(" symbols, ").append(feed.reconnects()).append(" reconnects)");
        }
        return text.toString();
    }
}
