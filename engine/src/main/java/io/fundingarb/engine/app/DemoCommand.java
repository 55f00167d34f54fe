package io.fundingarb.engine.app;

import io.fundingarb.connectors.history.FundingHistory;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.engine.FundingArbAgent;
import io.fundingarb.engine.config.ConfigLoader;
import io.fundingarb.engine.config.DemoConfig;
import io.fundingarb.engine.config.FundingArbConfig;
import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.report.SessionReport;
import io.fundingarb.engine.stage.RiskView;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./run.sh} (= {@code ./run.sh demo}): the whole engine against the embedded simulator of every registered venue,
 * on 127.0.0.1, driven by real settled funding history on a compressed clock (one hour
 * of history per second by default). The engine connects with the same feeds, gateways and stages
 * as live mode; only the URLs and keys differ (the simulators' demo key). A status view refreshes
 * every second; at the end, or on Ctrl-C, a report computed from the journal, and the command
 * that audits it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "The full engine against embedded venue simulators replaying real funding history (time-compressed), with a live status view.")
public final class DemoCommand implements Callable<Integer>
{
    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

    @Mixin
    EngineOptions engine;

    @Option(names = "--duration", paramLabel = "TIME", description = "Run time: seconds (45) or with a unit (45s, 2m); default demo.duration.")
    String duration;

    @Option(names = "--speed", paramLabel = "X", description = "Seconds of history per second; default demo.speed (3600).")
    Double speed;

    @Option(names = "--plain", description = "Plain periodic status lines even on a terminal.")
    boolean plain;

    @Override
    public Integer call()
    {
        // a key the file leaves out takes the demo's scaled timing, not the real-time default (demo-defaults.yaml)
        final String configText = ConfigLoader.withDemoDefaults(engine.configText(), engine.config.toString());
        final FundingArbConfig config = engine.load(configText);
        final DemoConfig demo = config.demo();
        final Duration runFor = duration == null ? demo.duration() : parseDuration(duration);
        final double x = speed == null ? demo.speed() : speed;
        if (!(x >= 1 && x <= 1_000_000))
        {
            throw new IllegalArgumentException("--speed: expected 1 to 1000000, got " + speed);
        }
        final List<String> tokens = config.tokens();
        if (tokens.isEmpty())
        {
            throw new IllegalArgumentException(engine.config + ": tokens: empty; list the base assets to trade, e.g. tokens: [BTC, ETH]");
        }
        final PrintStream out = System.out;
        final CompressedClock clock = new CompressedClock(demo.historyStart().toEpochMilli() * 1_000_000L, x);
        final String controlToken = OperatorControl.token(config.control(), engine.config.toString(), System::getenv);
        final FundingHistory history = FundingHistory.bundled(new HashSet<>(tokens));
        final SimulatedVenues sims = SimulatedVenues.fromHistory(tokens, history,
            SimulatedVenues.simulatorConfig(config, SimulatorConfig.defaults().withClock(clock, x))).start();
        final FundingArbAgent agent;
        try
        {
            agent = new FundingArbAgent(config, new FundingArbAgent.Options(engine.journal, configText, clock));
        }
        catch (final RuntimeException ex)
        {
            sims.close();
            throw ex;
        }
        agent.addSource(sims); // closed last
        final Map<String, VenueConnectors.Endpoint> enabled = TradingSession.enabledOnly(config, sims.endpoints());
        final Assembly venues = Assembly.attach(agent, Assembly.Venues.simulated(enabled), Assembly.Orders.VENUES, null);
        final VenueConnectors connectors = venues.connectors();

        out.printf("fundingarb demo: %s on embedded %s simulators, real funding history from %s at %.0fx (%s of history per second), for %s%n",
            String.join(",", tokens), String.join(" and ", enabled.keySet()), demo.historyStart(), x, StatusFormat.humanDuration(Duration.ofSeconds((long)x)), StatusView.span(runFor));
        out.println("journal: " + agent.journalDir());

        final boolean terminal = !plain && StatusView.isTerminal();
        final OperatorControl control = OperatorControl.of(agent, controlToken);
        final StatusView status = new StatusView(agent, "fundingarb demo", "sim", tokens, () -> feedLine(connectors), out, terminal);
        final BriefLog brief = new BriefLog(agent, tokens, BriefLog.RANKING_INTERVAL, terminal ? BriefLog.toLog() : out::println);
        agent.addSource(brief);
        final DemoShock shock = new DemoShock(agent, sims, clock, demo.historyStart().toEpochMilli() * 1_000_000L, demo.shockAt(),
            config.risk().minLiquidationDistance());
        SessionLoop.run(agent, runFor, () ->
        {
            agent.start();
            brief.start();
            venues.start();
            if (!connectors.awaitBootstrap(Duration.ofSeconds(20)))
            {
                LOG.warn("not every feed bootstrapped within 20 s; trading what is available");
            }
            connectors.availabilityReport().forEach(out::println);
            brief.announceAvailability();
            startGateways(venues);
            control.start(terminal, System.in, out);
            control.startOps("fundingarb demo", venues, out::println);
        }, elapsed ->
        {
            final String shocked = shock.poll();
            if (shocked != null)
            {
                out.println(shocked);
            }
            status.render(elapsed, runFor);
        }, () -> report(agent, demo, clock, shock, out), out);
        return Main.EXIT_OK;
    }

    private static void report(
        final FundingArbAgent agent, final DemoConfig demo, final CompressedClock clock, final DemoShock shock, final PrintStream out)
    {
        out.println();
        out.println("=== fundingarb demo report ===");
        out.printf("history replayed     %s to %s%n", demo.historyStart(),
            Instant.ofEpochMilli(clock.nanoTime() / 1_000_000L).truncatedTo(ChronoUnit.MINUTES));
        out.printf("events               %,d (stage errors %d)%n", agent.pipeline().published(), agent.pipeline().errors().total());
        if (shock.outcome() != null)
        {
            out.println("price shock          " + shock.outcome());
        }
        if (agent.journalDir() == null)
        {
            return;
        }
        final SessionReport session;
        try (Journal journal = Journal.openExisting(agent.journalDir()))
        {
            session = SessionReport.of(journal);
            session.lines().forEach(out::println);
        }
        final RiskView.Snapshot risk = new RiskView.Snapshot(64);
        if (agent.riskView().read(risk) && risk.count > 0)
        {
            final long[] marked = new long[risk.realisedByQuote.length];
            for (int i = 0; i < risk.count; i++)
            {
                marked[risk.quote[i] & (marked.length - 1)] += risk.pnl[i];
            }
            out.printf("still open at the end %d pairs, marked %s (funding and fees so far, legs at the touch)%n",
                risk.count, StatusFormat.perQuote(marked));
        }
        SessionLoop.journalLines(agent, out);
        out.println(ReportCommand.writeHtml(session, agent.journalDir(), agent.journalDir().resolve(ReportCommand.HTML_NAME)));
        out.println("report again with    ./run.sh report " + agent.journalDir());
    }

    /** The venues' real order gateways, pointed at the simulators, with the simulators' demo key; the demo waits for them. */
    private static void startGateways(final Assembly venues)
    {
        venues.poll();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!venues.gatewaysSettled() && System.nanoTime() < deadline)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            venues.poll();
        }
        if (!venues.gatewayLine().matches("(\\w+ LIVE(, )?)+"))
        {
            throw new IllegalStateException("the demo's order gateways did not start: " + venues.gatewayLine());
        }
    }

    private static String feedLine(final VenueConnectors connectors)
    {
        return connectors.feeds().stream()
            .map(f -> StatusFormat.venueName(f.venue().value()) + " " + f.state() + " (reconnects " + f.reconnects() + ")")
            .collect(Collectors.joining(" | "));
    }

    /** "45" (seconds), "45s", "2m", "1h", "500ms". */
    static Duration parseDuration(final String text)
    {
        return parseDuration(text, "--duration");
    }

    /** The same for another option, named in the message; zero is refused (a run, a wait of no time). */
    static Duration parseDuration(final String text, final String option)
    {
        final Duration parsed = parseTime(text, option);
        if (parsed.isZero())
        {
            throw new IllegalArgumentException(option + ": must be more than 0, got \"" + text + "\"");
        }
        return parsed;
    }

    private static Duration parseTime(final String text, final String option)
    {
        final String t = text.trim();
        try
        {
            if (t.matches("\\d+"))
            {
                return Duration.ofSeconds(Long.parseLong(t));
            }
            if (t.matches("\\d+ms"))
            {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.matches("\\d+[smh]"))
            {
                final long n = Long.parseLong(t.substring(0, t.length() - 1));
                switch (t.charAt(t.length() - 1))
                {
                    case 's': return Duration.ofSeconds(n);
                    case 'm': return Duration.ofMinutes(n);
                    default: return Duration.ofHours(n);
                }
            }
        }
        catch (final NumberFormatException ignored)
        {
            // falls through to the message below
        }
        throw new IllegalArgumentException(option + ": expected seconds (45) or a number with a unit (45s, 2m, 1h, 500ms), got \"" + text + "\"");
    }
}
