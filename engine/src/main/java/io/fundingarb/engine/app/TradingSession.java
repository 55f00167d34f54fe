package io.fundingarb.engine.app;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.feed.FeedTimings;
import io.fundingarb.connectors.feed.MarketDataFeed;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.OrderGateway;
import io.fundingarb.connectors.gateway.PreviousOrders;
import io.fundingarb.connectors.gateway.UnknownOrders;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.simulator.SimAccountConfig;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.transport.IoGroup;
import io.fundingarb.connectors.venue.VenueAdapter;
import io.fundingarb.connectors.venue.VenueAdapters;
import io.fundingarb.engine.FundingArbAgent;
import io.fundingarb.engine.config.FundingArbConfig;
import io.fundingarb.engine.config.VenueConfig;
import io.fundingarb.engine.gateway.GatewayRouter;
import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.paper.PaperGateway;
import io.fundingarb.engine.report.SessionReport;
import io.fundingarb.engine.stage.MarketStage;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.agrona.concurrent.SystemEpochNanoClock;

/**
 * What {@code ./run.sh paper} and {@code ./run.sh live} share: real market data (or, with
 * {@code --sim}, the embedded simulators through the same code), the full stages, a
 * {@link GatewayRouter} in front of the order side, the {@link StatusView}, and a closing
 * {@link SessionReport} computed from the journal.
 * <pre>
 *   paper:  feeds ──► PaperGateway.tap ──► inbound ring ──► stages ──► outbound ring ──► GatewayRouter ──► PaperGateway
 *   live:   feeds ──────────────────────► inbound ring ──► stages ──► outbound ring ──► GatewayRouter ──► each venue's OrderGateway
 * </pre>
 * A live gateway needs the venue's instruments, which its feed defines after start: it is built
 * when that feed's bootstrap is done (checked every second) and bound to the router once its
 * private stream is live; until then the router rejects the venue's orders ("not started").
 */
final class TradingSession
{
    enum Mode
    {
        PAPER, LIVE
    }

    private TradingSession()
    {
    }

    /**
     * @param resumable whether the command has a {@code --resume} option (the exit report names it only then)
     */
    static int run(
        final Mode mode, final EngineOptions engine, final TradingOptions options, final boolean resumable, final Function<String, String> env,
        final PrintStream out)
    {
        final String duration = options.duration;
        final boolean sim = options.sim;
        final String configText = engine.configText();
        final FundingArbConfig config = engine.load(configText);
        final Duration runFor = duration == null ? null : DemoCommand.parseDuration(duration);
        if (config.tokens().isEmpty())
        {
            throw new IllegalArgumentException(engine.config + ": tokens: empty; list the base assets to trade, e.g. tokens: [BTC, ETH]");
        }
        final String source = engine.config.toString();
        final SessionExit.Policy onExit = SessionExit.Policy.parse(options.onExit);
        final Duration flattenTimeout = options.flattenTimeout == null ? config.control().flattenTimeout()
            : DemoCommand.parseDuration(options.flattenTimeout, "--flatten-timeout");
        final String controlToken = OperatorControl.token(config.control(), source, env);
        final Path previous;
        final boolean damaged;
        final Path latestBefore = SessionResumeLoader.latest(config.journal().dir()).orElse(null);
        if (options.resume != null)
        {
            previous = options.resume.isEmpty() ? SessionResumeLoader.latest(config.journal().dir()).orElseThrow(() ->
                new IllegalArgumentException("--resume: no session journal under " + config.journal().dir() + " (journal.dir); name one: --resume DIR"))
                : Path.of(options.resume);
            final JournalGate gate = JournalGate.check(previous, options.allowDamaged, out);
            if (!gate.proceed())
            {
                return JournalGate.exitCode();
            }
            damaged = gate.damaged();
            out.println("resuming " + previous + (damaged ? " (" + gate.note() + "; the venues' positions decide the rest)" : ""));
        }
        else
        {
            previous = null;
            damaged = false;
        }
        final Map<String, VenueConnectors.Endpoint> configured = sim ? null : VenueConnectors.configuredEndpoints(config, source);
        final Map<String, VenueCredentials> credentials = mode == Mode.PAPER ? Map.of()
            : sim ? demoCredentials() : VenueCredentials.fromEnvironment(config, source, env);
        final SimulatedVenues sims = sim ? new SimulatedVenues(config.tokens(), Set.of(), SimulatedVenues.simulatorConfig(config, SimulatorConfig.defaults())).start() : null;
        final Map<String, VenueConnectors.Endpoint> endpoints = sim ? enabledOnly(config, sims.endpoints()) : configured;
        final SessionResumeLoader resume = options.resume != null || options.unwindOrphans
            ? new SessionResumeLoader(previous, damaged, mode == Mode.LIVE ? venues(endpoints) : Set.of()) : null;
        if (resume != null && mode == Mode.LIVE && !resume.unfinished().isEmpty())
        {
            out.println("the previous sessions left " + resume.unfinished().size() + " order(s) without a final report: each gateway asks its venue "
                + "for them by client id before it reports positions");
        }

        final FundingArbAgent agent;
        try
        {
            agent = new FundingArbAgent(config, new FundingArbAgent.Options(engine.journal, configText, new SystemEpochNanoClock()));
        }
        catch (final RuntimeException ex)
        {
            if (sims != null)
            {
                sims.close();
            }
            throw ex;
        }
        if (sims != null)
        {
            agent.addSource(sims); // closed last
        }
        final GatewayRouter router = agent.router();
        if (resume != null)
        {
            router.holdBefore(resume.markerSeq());
            agent.preload(events -> resume.publish(events, agent.clock().nanoTime()));
        }
        final PaperGateway paper;
        final LiveGateways live;
        final VenueConnectors connectors;
        try
        {
            if (resume != null)
            {
                resume.internInto(agent.symbols()); // before the feeds intern anything
            }
            paper = mode == Mode.PAPER ? PaperGateway.of(config, agent.events(), agent.clock()) : null;
            if (paper != null && resume != null)
            {
                resume.fills().forEach(f -> paper.restoreFill(f.instrumentId(), f.venue(), f.buy(), f.qty(), f.price()));
            }
            live = mode == Mode.LIVE ? new LiveGateways(config, endpoints, credentials, agent, resume) : null;
            for (final String venue : endpoints.keySet())
            {
                if (paper != null)
                {
                    router.register(VenueAdapters.venueOf(venue), paper);
                }
                else
                {
                    router.expect(VenueAdapters.venueOf(venue));
                }
            }
            final EventSink feedSink = paper != null ? paper.tap(agent.events()) : agent.events();
            connectors = VenueConnectors.create(config, endpoints, FeedTimings.defaults(), feedSink, agent.clock(), agent.symbols()).attachTo(agent);
        }
        catch (final RuntimeException ex)
        {
            agent.close(); // closes the simulators and the journal too
            throw ex;
        }

        final String name = mode.name().toLowerCase(Locale.ROOT);
        out.printf("fundingarb %s: %s on %s, orders %s, for %s%n", name, String.join(",", config.tokens()),
            sim ? "the embedded simulators " + endpoints.keySet() : "the real venues " + endpoints.keySet(),
            paper != null ? "filled by the PaperGateway against the live books (" + fees(config, endpoints) + "; " +
                FixedPoint.toString(FixedPoint.fromDouble(config.paper().startingBalanceUsd())) + " per venue)"
                : sim ? "sent to the simulators' order APIs with their demo keys" : "SENT TO THE REAL VENUES with the keys from the environment",
            runFor == null ? "until Ctrl-C" : StatusView.span(runFor));
        printJournal(agent, out);

        final OperatorControl control = OperatorControl.of(agent, controlToken);
        final SessionExit exit = new SessionExit(onExit, flattenTimeout, control.commands(), control.positions(),
            mode == Mode.PAPER ? "(paper positions: they end with this session)"
                : sim ? "(on the embedded simulators: they end with this session)" : "at the venues",
            resumable && agent.journalDir() != null ? "./run.sh " + name + " --resume " + agent.journalDir() : null);
        final String command = "./run.sh " + name + (sim ? " --sim" : "");
        final ReconcileNotice reconcile = new ReconcileNotice(agent.riskView(), agent.symbols(),
            latestBefore == null || options.resume != null ? null : command + " --resume " + latestBefore, command + " --unwind-orphans");
        final long reconcileTimeoutNs = config.recovery().reconcileTimeout().toNanos();
        final StatusView view = new StatusView(agent, "fundingarb " + name + (sim ? " (simulators)" : ""), config.tokens(),
            () -> connectors.statusLine() + (live == null ? "" : " | gateways " + live.statusLine()), out, StatusView.isTerminal());
        final BriefLog brief = new BriefLog(agent, config.tokens(), BriefLog.RANKING_INTERVAL,
            StatusView.isTerminal() ? BriefLog.toLog() : out::println);
        agent.addSource(brief);
        if (resume != null)
        {
            brief.skipBefore(resume.markerSeq());
        }
        SessionLoop.run(agent, runFor, () ->
        {
            agent.start();
            brief.start();
            if (paper != null)
            {
                paper.start();
            }
            connectors.start();
            control.start(System.console() != null, System.in, out);
            exit.engineStarted();
        }, elapsed ->
        {
            if (live != null)
            {
                live.startBootstrapped(connectors);
            }
            reconcile.check(out, reconcileTimeoutNs);
            if (connectors.bootstrapped())
            {
                brief.announceAvailability();
            }
            view.render(elapsed, runFor);
        }, exit::beforeClose, exit.step(), () ->
        {
            report(name, agent, router, paper, live, out);
            exit.report(out);
        }, out);
        return exit.exitCode();
    }

    private static Set<Venue> venues(final Map<String, VenueConnectors.Endpoint> endpoints)
    {
        final Set<Venue> out = new java.util.LinkedHashSet<>();
        for (final String venue : endpoints.keySet())
        {
            out.add(VenueAdapters.venueOf(venue));
        }
        return out;
    }

    private static void printJournal(final FundingArbAgent agent, final PrintStream out)
    {
        if (agent.journalDir() != null)
        {
            out.println("journal: " + agent.journalDir());
            out.println("audit it with ./run.sh replay " + agent.journalDir() + " --verify");
        }
    }

    private static String fees(final FundingArbConfig config, final Map<String, VenueConnectors.Endpoint> endpoints)
    {
        final StringBuilder text = new StringBuilder("taker fees");
        for (final String venue : endpoints.keySet())
        {
            text.append(' ').append(venue).append(' ').append(FixedPoint.toString(FixedPoint.fromDouble(venueConfig(config, venue).takerFee())));
        }
        return text.toString();
    }

    private static Map<String, VenueConnectors.Endpoint> enabledOnly(
        final FundingArbConfig config, final Map<String, VenueConnectors.Endpoint> endpoints)
    {
        final Map<String, VenueConnectors.Endpoint> out = new LinkedHashMap<>();
        endpoints.forEach((venue, endpoint) ->
        {
            if (venueConfig(config, venue).enabled())
            {
                out.put(venue, endpoint);
            }
        });
        return out;
    }

    private static Map<String, VenueCredentials> demoCredentials()
    {
        final Map<String, VenueCredentials> out = new LinkedHashMap<>();
        for (final String venue : VenueAdapters.names())
        {
            out.put(venue, new VenueCredentials(SimAccountConfig.DEMO_API_KEY, SimAccountConfig.DEMO_API_SECRET));
        }
        return out;
    }

    private static VenueConfig venueConfig(final FundingArbConfig config, final String venue)
    {
        return config.venues().get(venue);
    }

    private static void report(
        final String name, final FundingArbAgent agent, final GatewayRouter router, final PaperGateway paper, final LiveGateways live,
        final PrintStream out)
    {
        final MarketStage market = (MarketStage)agent.pipeline().stages().market();
        out.println();
        out.println("=== fundingarb " + name + " report ===");
        out.printf("events processed     %,d (instruments %d, stage errors %d)%n",
            market.events(), market.instrumentCount(), agent.pipeline().errors().total());
        out.printf("orders routed        %,d (rejected for want of a gateway %,d; cancels not sent for want of one %,d%s)%n", router.routed(),
            router.rejected(), router.cancelsDropped(),
            router.held() > 0 ? String.format("; the previous session's, carried over and not sent %,d", router.held()) : "");
        if (paper != null)
        {
            out.printf("paper fills          %,d of %,d orders | funding settlements %d%n", paper.fills(), paper.ordersSeen(), paper.settlements());
        }
        if (live != null)
        {
            live.report(out);
        }
        SessionReport session = null;
        if (agent.journalDir() != null)
        {
            try (Journal journal = Journal.openExisting(agent.journalDir()))
            {
                session = SessionReport.of(journal);
                session.lines().forEach(out::println);
            }
        }
        SessionLoop.journalLines(agent, out);
        if (session != null)
        {
            out.println(ReportCommand.writeHtml(session, agent.journalDir(), agent.journalDir().resolve(ReportCommand.HTML_NAME)));
        }
    }

    /** The live order gateways: a router slot per venue, each gateway built once its feed has bootstrapped. */
    private static final class LiveGateways
    {
        private final FundingArbConfig config;
        private final Map<String, VenueConnectors.Endpoint> endpoints;
        private final Map<String, VenueCredentials> credentials;
        private final FundingArbAgent agent;
        private final Map<String, CompletableFuture<Void>> started = new LinkedHashMap<>();
        private final Map<String, OrderGateway> built = new LinkedHashMap<>();
        private final IoGroup io;
        private final long sessionEpoch;
        private final SessionResumeLoader resume;

        /** @param resume the carried-over sessions, whose unfinished orders each gateway asks its venue for at start; or null */
        LiveGateways(
            final FundingArbConfig config, final Map<String, VenueConnectors.Endpoint> endpoints, final Map<String, VenueCredentials> credentials,
            final FundingArbAgent agent, final SessionResumeLoader resume)
        {
            this.config = config;
            this.resume = resume;
            this.endpoints = endpoints;
            this.credentials = credentials;
            this.agent = agent;
            this.io = new IoGroup(1, "fa-io-gateways");
            this.sessionEpoch = SessionEpoch.of(agent.journalDir());
            agent.addSource(io); // closed after the gateways, which are added later
        }

        /** Builds and starts the gateway of every venue whose feed has bootstrapped; from the main thread. */
        void startBootstrapped(final VenueConnectors connectors)
        {
            for (final MarketDataFeed feed : connectors.feeds())
            {
                final VenueAdapter adapter = VenueAdapters.of(feed.venue());
                final String venue = adapter.name();
                if (started.containsKey(venue) || !feed.bootstrapped() || !endpoints.containsKey(venue))
                {
                    continue;
                }
                final VenueConnectors.Endpoint endpoint = endpoints.get(venue);
                final VenueCredentials keys = credentials.get(venue);
                final GatewayConfig gatewayConfig = GatewayConfig.of(URI.create(endpoint.restUrl()), URI.create(endpoint.wsUrl()),
                    FixedPoint.fromDouble(venueConfig(config, venue).takerFee())).withMaxOrdersPerSecond(config.risk().maxOrdersPerSecond())
                    .withAccount(VenueConnectors.accountSettings(venueConfig(config, venue)));
                final VenueSymbols symbols = VenueSymbols.of(agent.symbols(), feed.venue());
                final OrderGateway gateway = adapter.gateway(gatewayConfig, keys.apiKey(), keys.apiSecret(), io.group(), agent.events(),
                    agent.clock(), symbols, VenueConnectors.paths(venueConfig(config, venue)), sessionEpoch).adoptPrevious(previousOrders(feed.venue()));
                agent.addSource(gateway);
                agent.router().bind(feed.venue(), gateway); // before start: the first balance it publishes can trigger an entry
                final CompletableFuture<Void> ready = gateway.start();
                built.put(venue, gateway);
                started.put(venue, ready);
            }
        }

        private List<io.fundingarb.connectors.gateway.PreviousOrder> previousOrders(final Venue venue)
        {
            return resume == null ? List.of() : resume.unfinished(venue);
        }

        String statusLine()
        {
            final StringBuilder text = new StringBuilder();
            for (final String venue : endpoints.keySet())
            {
                final CompletableFuture<Void> ready = started.get(venue);
                text.append(text.length() == 0 ? "" : ", ").append(venue).append(' ')
                    .append(ready == null ? "WAITING FOR INSTRUMENTS" : !ready.isDone() ? "STARTING" : ready.isCompletedExceptionally() ? "FAILED" : "LIVE");
            }
            return text.toString();
        }

        void report(final PrintStream out)
        {
            out.println("gateways             " + statusLine());
            for (final Map.Entry<String, OrderGateway> entry : built.entrySet())
            {
                final OrderGateway g = entry.getValue();
                final UnknownOrders outcomes = g.outcomes();
                final PreviousOrders previous = g.previousOrders();
                out.printf("%-20s orders sent %,d | local rejects %,d | rate limited %d | stream reconnects %d | unknown outcomes %d "
                        + "(never reached the book %d) | other sessions' orders %d%n", entry.getKey(),
                    g.ordersSent(), g.localRejects(), g.rateLimitedResponses(), g.streamReconnects(),
                    outcomes.unknownOrders(), outcomes.absentOrders(), outcomes.foreignOrders());
                if (previous.adopted() > 0)
                {
                    out.printf("%-20s previous sessions' unfinished orders asked for %d: resolved %d, still working and cancelled %d%n", "",
                        previous.adopted(), previous.resolved(), previous.cancelled());
                }
            }
        }
    }
}
