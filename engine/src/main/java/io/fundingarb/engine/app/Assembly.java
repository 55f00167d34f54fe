package io.fundingarb.engine.app;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.feed.FeedLiveness;
import io.fundingarb.connectors.feed.FeedTimings;
import io.fundingarb.connectors.feed.MarketDataFeed;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.OrderGateway;
import io.fundingarb.connectors.gateway.PreviousOrder;
import io.fundingarb.connectors.gateway.PreviousOrders;
import io.fundingarb.connectors.gateway.UnknownOrders;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.transport.IoGroup;
import io.fundingarb.connectors.venue.VenueAdapter;
import io.fundingarb.connectors.venue.VenueAdapters;
import io.fundingarb.engine.FundingArbAgent;
import io.fundingarb.engine.config.FundingArbConfig;
import io.fundingarb.engine.config.VenueConfig;
import io.fundingarb.engine.gateway.GatewayRouter;
import io.fundingarb.engine.paper.PaperGateway;
import java.io.PrintStream;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the running system is put together, for every mode. The caller builds the agent
 * (rings, stages, journal and its {@link GatewayRouter}, on the mode's clock) and says where the
 * venues are; this class attaches, from the registry and the configuration, each venue's feed and
 * order side:
 * <pre>
 *   venues (simulators or the configured hosts) ──► feeds ──[PaperGateway.tap]──► agent.events()
 *   agent.router() ──venue──► VENUES: the adapter's OrderGateway, built once its feed defined the instruments
 *                             PAPER:  the PaperGateway, filling against the live books
 *                             NONE:   nothing (market data only; the agent's commands go to its own handler)
 * </pre>
 * demo: simulators from the funding history, VENUES; paper: configured hosts or {@code --sim}, PAPER;
 * live: configured hosts or {@code --sim}, VENUES; feeds: simulators, recordings or the hosts, NONE.
 * Call {@link #start()} once the agent has started and {@link #poll()} from the session loop: a
 * venue's gateway is built and bound as soon as its feed has bootstrapped.
 */
public final class Assembly implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Assembly.class);

    /** Where each venue's orders go. */
    public enum Orders
    {
        VENUES, PAPER, NONE
    }

    /**
     * Where the venues are and how to sign in.
     *
     * @param endpoints   venue name to its URLs, in registry order: the venues that run.
     * @param credentials venue name to its keys (for {@link Orders#VENUES}; empty otherwise).
     * @param liveness    applied to each venue's configured liveness (a replay's streams end in silence).
     */
    public record Venues(Map<String, VenueConnectors.Endpoint> endpoints, Map<String, VenueCredentials> credentials,
        UnaryOperator<FeedLiveness> liveness)
    {
        public Venues
        {
            endpoints = Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
            credentials = Collections.unmodifiableMap(new LinkedHashMap<>(credentials));
        }

        /** Configured hosts or simulators, signed in with {@code credentials}. */
        public static Venues of(final Map<String, VenueConnectors.Endpoint> endpoints, final Map<String, VenueCredentials> credentials)
        {
            return new Venues(new LinkedHashMap<>(endpoints), credentials, UnaryOperator.identity());
        }

        /** Embedded simulators, signed in with their demo key. */
        public static Venues simulated(final Map<String, VenueConnectors.Endpoint> endpoints)
        {
            final Map<String, VenueCredentials> keys = new LinkedHashMap<>();
            endpoints.keySet().forEach(v ->
            {
                final VenueAdapter.DemoKeys demo = VenueAdapters.require(v, "simulated venue").demoKeys();
                keys.put(v, new VenueCredentials(demo.apiKey(), demo.apiSecret()));
            });
            return new Venues(endpoints, keys, UnaryOperator.identity());
        }

        public Venues withLiveness(final UnaryOperator<FeedLiveness> adjust)
        {
            return new Venues(endpoints, credentials, adjust);
        }
    }

    private final FundingArbAgent agent;
    private final Map<String, VenueConnectors.Endpoint> endpoints;
    private final Map<String, VenueCredentials> credentials;
    private final SessionResumeLoader resume;
    private final PaperGateway paper;
    private final VenueConnectors connectors;
    private final IoGroup gatewayIo;
    private final long sessionEpoch;
    private final Map<String, CompletableFuture<Void>> started = new LinkedHashMap<>();
    private final Map<String, OrderGateway> gateways = Collections.synchronizedMap(new LinkedHashMap<>());

    private Assembly(final FundingArbAgent agent, final Venues venues, final Orders orders, final SessionResumeLoader resume)
    {
        this.agent = agent;
        // keep the registry's order whatever map the caller built
        this.endpoints = new LinkedHashMap<>();
        for (final String venue : VenueAdapters.names())
        {
            if (venues.endpoints().containsKey(venue))
            {
                endpoints.put(venue, venues.endpoints().get(venue));
            }
        }
        this.credentials = venues.credentials();
        this.resume = resume;
        final FundingArbConfig config = agent.config();
        this.paper = orders == Orders.PAPER ? PaperGateway.of(config, agent.events(), agent.clock()) : null;
        if (paper != null && resume != null)
        {
            resume.fills().forEach(f -> paper.restoreFill(f.instrumentId(), f.venue(), f.buy(), f.qty(), f.price()));
        }
        final GatewayRouter router = agent.router();
        if (orders != Orders.NONE)
        {
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
        }
        this.gatewayIo = orders == Orders.VENUES ? new IoGroup(1, "fa-io-gateways") : null;
        if (gatewayIo != null)
        {
            agent.addSource(gatewayIo); // closed after the gateways
        }
        agent.addSource(this); // closes the gateways, after the feeds (added below) have stopped
        this.sessionEpoch = SessionEpoch.of(agent.journalDir());
        final EventSink feedSink = paper != null ? paper.tap(agent.events()) : agent.events();
        this.connectors = VenueConnectors.create(config, endpoints, FeedTimings.defaults(), feedSink, agent.clock(), agent.symbols(),
            venues.liveness()).attachTo(agent);
    }

    /**
     * Attaches the venues' feeds and order side to {@code agent}, before it starts. A resumed session
     * ({@code resume} not null) has interned its symbols into the agent first.
     */
    public static Assembly attach(final FundingArbAgent agent, final Venues venues, final Orders orders, final SessionResumeLoader resume)
    {
        return new Assembly(agent, venues, orders, resume);
    }

    /** Starts the paper gateway and the feeds; after the agent has started. */
    public void start()
    {
        if (paper != null)
        {
            paper.start();
        }
        connectors.start();
    }

    /** Builds, binds and starts the gateway of every venue whose feed has bootstrapped; from the session loop's thread. */
    public void poll()
    {
        if (gatewayIo == null)
        {
            return;
        }
        final FundingArbConfig config = agent.config();
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
            final VenueConfig vc = config.venues().get(venue);
            final GatewayConfig gatewayConfig = GatewayConfig.of(URI.create(endpoint.restUrl()), URI.create(endpoint.wsUrl()),
                FixedPoint.fromDouble(vc.takerFee())).withMaxOrdersPerSecond(config.risk().maxOrdersPerSecond())
                .withAccount(VenueConnectors.accountSettings(vc)).withOrderEntry(VenueConnectors.orderEntry(vc, endpoint, adapter));
            final OrderGateway gateway = adapter.gateway(gatewayConfig, keys.apiKey(), keys.apiSecret(), gatewayIo.group(), agent.events(),
                agent.clock(), VenueSymbols.of(agent.symbols(), feed.venue()), VenueConnectors.paths(vc), sessionEpoch)
                .adoptPrevious(previousOrders(feed.venue()));
            agent.router().bind(feed.venue(), gateway); // before start: the first balance it publishes can trigger an entry
            gateways.put(venue, gateway);
            started.put(venue, gateway.start().whenComplete((ok, failure) ->
            {
                if (failure != null)
                {
                    LOG.error("{} order gateway did not start: {}", venue, failure.getCause() != null ? failure.getCause().getMessage() : failure.getMessage());
                }
            }));
        }
    }

    /**
     * Closes the gateways once the feeds have stopped (the agent closes its sources in reverse order):
     * the router stops sending first, so what the stages decide while the rings drain is counted, not
     * sent to a closed connection.
     */
    @Override
    public void close()
    {
        if (agent.router() != null && gatewayIo != null)
        {
            agent.router().closeGateways();
        }
        for (final Map.Entry<String, OrderGateway> gateway : gateways().entrySet())
        {
            try
            {
                gateway.getValue().close();
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("{} gateway did not close cleanly: {}", gateway.getKey(), ex.toString());
            }
        }
    }

    private List<PreviousOrder> previousOrders(final Venue venue)
    {
        return resume == null ? List.of() : resume.unfinished(venue);
    }

    /** Each venue's order gateway built so far, in the order built: a copy, safe from any thread (the ops server reads it). */
    public Map<String, OrderGateway> gateways()
    {
        synchronized (gateways)
        {
            return new LinkedHashMap<>(gateways);
        }
    }

    public VenueConnectors connectors()
    {
        return connectors;
    }

    /** The paper gateway, or null unless the orders are {@link Orders#PAPER}. */
    public PaperGateway paper()
    {
        return paper;
    }

    /** The venues that run, in registry order. */
    public Map<String, VenueConnectors.Endpoint> endpoints()
    {
        return endpoints;
    }

    /** True when every venue's gateway has started (or failed to); always true without gateways. */
    public boolean gatewaysSettled()
    {
        return gatewayIo == null || (started.size() == endpoints.size() && started.values().stream().allMatch(CompletableFuture::isDone));
    }

    /** Each venue's order side: "binance LIVE, bybit STARTING", or "" without gateways. */
    public String gatewayLine()
    {
        if (gatewayIo == null)
        {
            return "";
        }
        final StringBuilder text = new StringBuilder();
        for (final String venue : endpoints.keySet())
        {
            final CompletableFuture<Void> ready = started.get(venue);
            text.append(text.length() == 0 ? "" : ", ").append(venue).append(' ')
                .append(ready == null ? "WAITING FOR INSTRUMENTS" : !ready.isDone() ? "STARTING" : ready.isCompletedExceptionally() ? "FAILED" : "LIVE");
        }
        return text.toString();
    }

    /** The feeds' line, and the gateways' when there are any. */
    public String statusLine()
    {
        return connectors.statusLine() + (gatewayIo == null ? "" : " | gateways " + gatewayLine());
    }

    /** The order side's closing lines: paper fills, or each gateway's counts. */
    public void report(final PrintStream out)
    {
        if (paper != null)
        {
            out.printf("paper fills          %,d of %,d orders | funding settlements %d%n", paper.fills(), paper.ordersSeen(), paper.settlements());
        }
        if (gatewayIo == null)
        {
            return;
        }
        out.println("gateways             " + gatewayLine());
        for (final Map.Entry<String, OrderGateway> entry : gateways().entrySet())
        {
            final OrderGateway g = entry.getValue();
            final UnknownOrders outcomes = g.outcomes();
            final PreviousOrders previous = g.previousOrders();
            out.printf("%-20s orders sent %,d | local rejects %,d | rate limited %d | stream reconnects %d | unknown outcomes %d "
                    + "(never reached the book %d) | other sessions' orders %d%n", entry.getKey(),
                g.ordersSent(), g.localRejects(), g.rateLimitedResponses(), g.streamReconnects(),
                outcomes.unknownOrders(), outcomes.absentOrders(), outcomes.foreignOrders());
            final long[] socket = g.socketRequests();
            if (socket[0] > 0 || g.restFallbacks() > 0)
            {
                out.printf("%-20s order socket requests %,d | answers lost %d | REST fallbacks %d%n", "", socket[0], socket[1], g.restFallbacks());
            }
            if (previous.adopted() > 0)
            {
                out.printf("%-20s previous sessions' unfinished orders asked for %d: resolved %d, still working and cancelled %d%n", "",
                    previous.adopted(), previous.resolved(), previous.cancelled());
            }
        }
    }
}
