package io.fundingarb.engine.app;

import io.fundingarb.connectors.history.FundingHistory;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.engine.FundingArbAgent;
import io.fundingarb.engine.config.AgentMode;
import io.fundingarb.engine.config.ConfigLoader;
import io.fundingarb.engine.config.FundingArbConfig;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code new FundingArbAgent(config).run()} runs: the configuration's {@code mode} put
 * together by the same {@link Assembly} as the command line, with the brief's lines going to the
 * log. {@code demo} (the default, and all that the brief's two-key configuration asks for): the
 * embedded venue simulators on loopback, driven by the bundled funding history on the demo's
 * compressed clock, with the demo's defaults under the configuration; {@code paper}: the configured
 * venues' market data, orders filled by the paper gateway; {@code live}: the configured venues, with
 * the keys the configuration names.
 */
public final class EmbeddedSetUp implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(FundingArbAgent.class);

    /**
     * The configuration and options an embedded agent is built with.
     *
     * @param config  in demo mode, laid over the demo's defaults.
     * @param options the mode's clock and the text to journal.
     */
    public record Prepared(FundingArbConfig config, FundingArbAgent.Options options)
    {
    }

    private final FundingArbAgent agent;
    private final OperatorControl control;
    private final Assembly venues;
    private final BriefLog brief;
    private final ScheduledExecutorService poller;

    private EmbeddedSetUp(final FundingArbAgent agent, final OperatorControl control, final Assembly venues, final BriefLog brief)
    {
        this.agent = agent;
        this.control = control;
        this.venues = venues;
        this.brief = brief;
        this.poller = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread thread = new Thread(r, "fa-agent-poll");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The configuration the mode runs and the agent's options: in demo mode the demo's defaults and compressed clock. */
    public static Prepared prepare(final FundingArbConfig config)
    {
        if (config.mode() != AgentMode.DEMO)
        {
            return new Prepared(config, new FundingArbAgent.Options(null, config.sourceText(), new SystemEpochNanoClock()));
        }
        final String text = ConfigLoader.withDemoDefaults(config.sourceText(), config.agentId());
        final FundingArbConfig demo = ConfigLoader.parse(text, config.agentId());
        final EpochNanoClock clock = new CompressedClock(demo.demo().historyStart().toEpochMilli() * 1_000_000L, demo.demo().speed());
        return new Prepared(demo, new FundingArbAgent.Options(null, text, clock));
    }

    /** Attaches the mode's venues, feeds, gateways and brief log to {@code agent}, before it starts; closed with it. */
    public static EmbeddedSetUp attach(final FundingArbAgent agent)
    {
        final FundingArbConfig config = agent.config();
        final String source = "agent " + config.agentId();
        // the dashboard's operator buttons take the control endpoint's token, checked before anything starts
        final OperatorControl control = OperatorControl.of(agent, OperatorControl.token(config.control(), source, System::getenv));
        final Assembly venues;
        final String where;
        switch (config.mode())
        {
            case PAPER:
                venues = Assembly.attach(agent, Assembly.Venues.of(VenueConnectors.configuredEndpoints(config, source), Map.of()),
                    Assembly.Orders.PAPER, null);
                where = "paper trading on the real venues' market data " + venues.endpoints().keySet();
                break;
            case LIVE:
                venues = Assembly.attach(agent, Assembly.Venues.of(VenueConnectors.configuredEndpoints(config, source),
                    VenueCredentials.fromEnvironment(config, source, System::getenv)), Assembly.Orders.VENUES, null);
                where = "LIVE on the real venues " + venues.endpoints().keySet() + " with the keys named in the configuration";
                break;
            case DEMO:
            default:
                final SimulatedVenues sims = SimulatedVenues.fromHistory(config.tokens(), FundingHistory.bundled(new HashSet<>(config.tokens())),
                    SimulatedVenues.simulatorConfig(config, SimulatorConfig.defaults().withClock(agent.clock(), config.demo().speed()))).start();
                agent.addSource(sims); // closed last
                venues = Assembly.attach(agent, Assembly.Venues.simulated(sims.endpoints()), Assembly.Orders.VENUES, null);
                where = String.format(Locale.ROOT, "the demo: embedded %s simulators on loopback, the bundled funding history from %s at %.0fx "
                        + "(mode: paper or live, with the venues' URLs, trades real markets)",
                    String.join(", ", sims.servers().keySet()), config.demo().historyStart(), config.demo().speed());
                break;
        }
        LOG.info("agent {} runs {}; tokens {}; journal {}", config.agentId(), where, String.join(",", config.tokens()), agent.journalDir());
        final BriefLog brief = new BriefLog(agent, config.tokens(), BriefLog.RANKING_INTERVAL, BriefLog.toLog());
        agent.addSource(brief);
        final EmbeddedSetUp setUp = new EmbeddedSetUp(agent, control, venues, brief);
        agent.addSource(setUp); // closed first: no poll after the gateways close
        return setUp;
    }

    /** Starts the feeds, the brief log and the ops server ({@code ops}), and polls for gateways to build; once the agent has started. */
    public void started()
    {
        brief.start();
        venues.start();
        control.startOps("fundingarb agent " + agent.config().agentId(), venues, line -> LOG.info("{}", line));
        poller.scheduleWithFixedDelay(this::poll, 0, 1, TimeUnit.SECONDS);
    }

    private void poll()
    {
        try
        {
            venues.poll();
            if (venues.connectors().bootstrapped())
            {
                brief.announceAvailability();
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("agent set-up: {}", ex.toString());
        }
    }

    /** The venues' feeds and order side: "binance LIVE (reconnects 0) ... | gateways binance LIVE, bybit LIVE". */
    public String statusLine()
    {
        return venues.statusLine();
    }

    @Override
    public void close()
    {
        poller.shutdownNow();
    }
}
