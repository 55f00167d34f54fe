package io.fundingarb.engine.app;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.venue.VenueAdapters;
import io.fundingarb.engine.FundingArbAgent;
import io.fundingarb.engine.config.FundingArbConfig;
import io.fundingarb.engine.config.VenueConfig;
import io.fundingarb.engine.gateway.GatewayRouter;
import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.journal.SealKey;
import io.fundingarb.engine.paper.PaperGateway;
import io.fundingarb.engine.report.SessionReport;
import io.fundingarb.engine.stage.MarketStage;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 * The venues' feeds and order side are attached by the {@link Assembly}, as in every mode: a live
 * gateway needs the venue's instruments, which its feed defines after start, so it is built when
 * that feed's bootstrap is done (checked every second); until then the router rejects the venue's
 * orders ("not started").
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
            // the key this session signs with also checks the signatures of the journal it carries over
            final SealKey sealKey = SealKey.fromEnvironment(config.journal().sealKeyEnv(), env, "journal.seal_key_env");
            final JournalGate gate = JournalGate.check(previous, options.allowDamaged, out, sealKey);
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
        final Map<String, VenueCredentials> credentials = mode == Mode.PAPER || sim ? Map.of() : VenueCredentials.fromEnvironment(config, source, env);
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
        final Assembly venues;
        try
        {
            if (resume != null)
            {
                resume.internInto(agent.symbols()); // before the feeds intern anything
            }
            venues = Assembly.attach(agent, sim ? Assembly.Venues.simulated(endpoints) : Assembly.Venues.of(endpoints, credentials), mode == Mode.PAPER ? Assembly.Orders.PAPER : Assembly.Orders.VENUES,
                resume);
        }
        catch (final RuntimeException ex)
        {
            agent.close(); // closes the simulators and the journal too
            throw ex;
        }
        final PaperGateway paper = venues.paper();

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
        final boolean terminal = !options.plain && StatusView.isTerminal();
        final StatusView view = new StatusView(agent, "fundingarb " + name + (sim ? " (simulators)" : ""), name, config.tokens(),
            venues::statusLine, out, terminal);
        final BriefLog brief = new BriefLog(agent, config.tokens(), BriefLog.RANKING_INTERVAL,
            terminal ? BriefLog.toLog() : out::println);
        agent.addSource(brief);
        if (resume != null)
        {
            brief.skipBefore(resume.markerSeq());
        }
        SessionLoop.run(agent, runFor, () ->
        {
            agent.start();
            brief.start();
            venues.start();
            control.start(System.console() != null, System.in, out);
            control.startOps("fundingarb " + name + (sim ? " (simulators)" : ""), venues, out::println);
            exit.engineStarted();
        }, elapsed ->
        {
            venues.poll();
            reconcile.check(out, reconcileTimeoutNs);
            if (venues.connectors().bootstrapped())
            {
                brief.announceAvailability();
            }
            view.render(elapsed, runFor);
        }, exit::beforeClose, exit.step(), () ->
        {
            report(name, agent, router, venues, out);
            exit.report(out);
        }, out);
        final List<String> unreached = venues.connectors().feeds().stream().filter(f -> !f.bootstrapped())
            .map(f -> VenueAdapters.name(f.venue().value()) + " (" + f.state() + ", reconnects " + f.reconnects() + ")").toList();
        if (!unreached.isEmpty())
        {
            out.println("venues never reached " + String.join(", ", unreached) + ": no instruments, no market data from them"
                + (unreached.size() == venues.connectors().feeds().size() ? "; nothing was traded" : ""));
            return Math.max(exit.exitCode(), Main.EXIT_CHECK_FAILED);
        }
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

    /** The endpoints of the venues the configuration enables (venues.<venue>.enabled). */
    static Map<String, VenueConnectors.Endpoint> enabledOnly(
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

    private static VenueConfig venueConfig(final FundingArbConfig config, final String venue)
    {
        return config.venues().get(venue);
    }

    private static void report(
        final String name, final FundingArbAgent agent, final GatewayRouter router, final Assembly venues, final PrintStream out)
    {
        final MarketStage market = (MarketStage)agent.pipeline().stages().market();
        out.println();
        out.println("=== fundingarb " + name + " report ===");
        out.printf("events processed     %,d (instruments %d, stage errors %d)%n",
            market.events(), market.instrumentCount(), agent.pipeline().errors().total());
        out.printf("orders routed        %,d (rejected for want of a gateway %,d; cancels not sent for want of one %,d%s)%n", router.routed(),
            router.rejected(), router.cancelsDropped(),
            (router.held() > 0 ? String.format("; the previous session's, carried over and not sent %,d", router.held()) : "")
                + (router.afterClose() > 0 ? String.format("; decided while the session closed, not sent %,d", router.afterClose()) : ""));
        venues.report(out);
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
}
