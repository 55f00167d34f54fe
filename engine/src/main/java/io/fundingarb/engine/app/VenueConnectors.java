package io.fundingarb.engine.app;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.FeedState;
import io.fundingarb.codecs.sbe.MarginMode;
import io.fundingarb.connectors.feed.FeedLiveness;
import io.fundingarb.connectors.feed.FeedSettings;
import io.fundingarb.connectors.feed.FeedTimings;
import io.fundingarb.connectors.feed.MarketDataFeed;
import io.fundingarb.connectors.gateway.AccountSettings;
import io.fundingarb.connectors.gateway.OrderEntry;
import io.fundingarb.connectors.transport.IoGroup;
import io.fundingarb.connectors.transport.RestClient;
import io.fundingarb.connectors.venue.VenueAdapter;
import io.fundingarb.connectors.venue.VenueAdapters;
import io.fundingarb.connectors.venue.VenueSection;
import io.fundingarb.connectors.venue.WsPaths;
import io.fundingarb.engine.FundingArbAgent;
import io.fundingarb.engine.config.ConfigException;
import io.fundingarb.engine.config.FundingArbConfig;
import io.fundingarb.engine.config.MarginType;
import io.fundingarb.engine.config.OrderEntryMode;
import io.fundingarb.engine.config.VenueConfig;
import io.fundingarb.engine.config.VenuesConfig;
import io.fundingarb.engine.config.WsLayout;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.agrona.concurrent.EpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The market-data connectors of one engine, from the configuration:
 * <pre>
 *   config.venues.&lt;venue&gt; (enabled, fees, fallback interval) + endpoints (config URLs or simulators)
 *        │
 *        ▼
 *   IoGroup (1-2 Netty threads) ── RestClient
 *        │
 *        └─► each enabled venue's adapter (VenueAdapters).feed ──► EventSink (the agent's inbound ring)
 * </pre>
 * {@link #attachTo(FundingArbAgent)} registers the I/O threads and every feed as sources of the
 * agent, so {@code agent.close()} stops the feeds first, then the threads. Start the feeds after
 * the agent starts.
 */
public final class VenueConnectors implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(VenueConnectors.class);

    /**
     * Where one venue is reached.
     *
     * @param wsUrl   WebSocket base URL (the feed appends the stream path).
     * @param restUrl REST base URL.
     */
    public record Endpoint(String wsUrl, String restUrl)
    {
    }

    private final IoGroup io;
    private final List<MarketDataFeed> feeds;
    private final List<String> tokens;
    private boolean closed;

    private VenueConnectors(final IoGroup io, final List<MarketDataFeed> feeds, final List<String> tokens)
    {
        this.io = io;
        this.feeds = List.copyOf(feeds);
        this.tokens = tokens;
    }

    /**
     * The endpoints the configuration names for every enabled venue with a connector: what a mode
     * on real venues (paper, live, {@code feeds --real}) connects to.
     *
     * @throws ConfigException naming the key when an enabled venue has no URL.
     */
    public static Map<String, Endpoint> configuredEndpoints(final FundingArbConfig config, final String sourceName)
    {
        final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        for (final String venue : VenuesConfig.WITH_CONNECTORS)
        {
            final VenueConfig vc = venueConfig(config, venue);
            if (!vc.enabled())
            {
                continue;
            }
            for (final String key : List.of("ws_url", "rest_url"))
            {
                if (("ws_url".equals(key) ? vc.wsUrl() : vc.restUrl()).isEmpty())
                {
                    throw new ConfigException(sourceName, "venues." + venue + "." + key,
                        "not set, and this mode connects to the real venue: set it (config/live.example.yaml names the host) " +
                        "or turn the venue off with venues." + venue + ".enabled: false");
                }
            }
            endpoints.put(venue, new Endpoint(vc.wsUrl(), vc.restUrl()));
        }
        return endpoints;
    }

    /**
     * Creates a feed for every enabled venue that has a connector and an endpoint; nothing connects
     * until {@link #start()}.
     *
     * @param endpoints venue name (binance, bybit) to its URLs.
     * @param timings   feed pacing ({@link FeedTimings#defaults()} for real venues); each venue's liveness comes from its keys.
     * @param sink      where events go (normally the agent's {@code events()}).
     */
    public static VenueConnectors create(
        final FundingArbConfig config,
        final Map<String, Endpoint> endpoints,
        final FeedTimings timings,
        final EventSink sink,
        final EpochNanoClock clock,
        final SymbolTable symbols)
    {
        return create(config, endpoints, timings, sink, clock, symbols, UnaryOperator.identity());
    }

    /** As above, with each venue's configured liveness passed through {@code adjust} (a replay's streams end in silence). */
    public static VenueConnectors create(
        final FundingArbConfig config,
        final Map<String, Endpoint> endpoints,
        final FeedTimings timings,
        final EventSink sink,
        final EpochNanoClock clock,
        final SymbolTable symbols,
        final UnaryOperator<FeedLiveness> adjust)
    {
        for (final VenueSection section : VenueAdapters.SECTIONS)
        {
            if (VenueAdapters.byName(section.name()) == null && venueConfig(config, section.name()).enabled())
            {
                LOG.warn("venues.{}.enabled is true but {} has no connector yet: ignored", section.name(), section.name());
            }
        }
        final List<String> quotes = config.strategy().quotePreference();
        final int enabled = (int)VenuesConfig.WITH_CONNECTORS.stream()
            .filter(v -> venueConfig(config, v).enabled() && endpoints.containsKey(v)).count();
        final IoGroup io = new IoGroup(Math.max(1, Math.min(2, enabled)), "fa-io-feeds");
        final List<MarketDataFeed> feeds = new ArrayList<>();
        try
        {
            final RestClient rest = new RestClient(io.group());
            for (final VenueAdapter adapter : VenueAdapters.ADAPTERS)
            {
                final String venue = adapter.name();
                final VenueConfig vc = venueConfig(config, venue);
                final Endpoint endpoint = endpoints.get(venue);
                if (!vc.enabled() || endpoint == null)
                {
                    continue;
                }
                final FeedSettings settings = new FeedSettings(endpoint.wsUrl(), endpoint.restUrl(), config.tokens(), quotes,
                    FixedPoint.fromDouble(vc.takerFee()), FixedPoint.fromDouble(vc.makerFee()), (int)vc.fundingInterval().toSeconds());
                final FeedTimings venueTimings = timings.withLiveness(adjust.apply(liveness(vc.liveness())));
                feeds.add(adapter.feed(settings, venueTimings, io.group(), rest, sink, clock, symbols, paths(vc)));
            }
        }
        catch (final RuntimeException ex)
        {
            io.close();
            throw ex;
        }
        return new VenueConnectors(io, feeds, config.tokens());
    }

    /** A feed's liveness from its venue's keys ({@code venues.<venue>.funding_silence, book_silence, ...}). */
    public static FeedLiveness liveness(final VenueConfig.Liveness keys)
    {
        return new FeedLiveness(keys.fundingSilence().toNanos(), keys.bookSilence().toNanos(), keys.subscribeAckTimeout().toNanos(),
            keys.backoffResetAfter().toNanos(), keys.maxReconnectsPerMinute());
    }

    /** The WebSocket path layout a venue's section asks for ({@code venues.<venue>.ws_layout}; COMBINED for a venue without the key). */
    public static WsPaths paths(final VenueConfig venue)
    {
        return venue.wsLayout() == WsLayout.SPLIT ? WsPaths.SPLIT : WsPaths.COMBINED;
    }

    /**
     * How a venue's gateway sends orders ({@code venues.<venue>.order_entry, order_ws_url}): REST, or the venue's WebSocket
     * order API at {@code order_ws_url}, else at the endpoint's WebSocket base + the venue's documented path.
     */
    public static OrderEntry orderEntry(final VenueConfig venue, final Endpoint endpoint, final VenueAdapter adapter)
    {
        if (venue.orderEntry() != OrderEntryMode.WEBSOCKET)
        {
            return OrderEntry.REST;
        }
        final String base = endpoint.wsUrl().endsWith("/") ? endpoint.wsUrl().substring(0, endpoint.wsUrl().length() - 1) : endpoint.wsUrl();
        return OrderEntry.websocket(URI.create(venue.orderWsUrl().isEmpty() ? base + adapter.orderWsPath() : venue.orderWsUrl()));
    }

    /** The account set-up and position polling of a venue's gateway ({@code venues.<venue>.margin_mode, leverage, position_poll_interval}). */
    public static AccountSettings accountSettings(final VenueConfig venue)
    {
        return new AccountSettings(venue.marginMode() == MarginType.ISOLATED ? MarginMode.ISOLATED : MarginMode.CROSS, venue.leverage(),
            venue.positionPollInterval().toNanos());
    }

    private static VenueConfig venueConfig(final FundingArbConfig config, final String venue)
    {
        return config.venues().get(venue);
    }

    /** Registers the I/O threads, then every feed, as sources: the agent closes the feeds first, then the threads. */
    public VenueConnectors attachTo(final FundingArbAgent agent)
    {
        agent.addSource(io);
        feeds.forEach(agent::addSource);
        return this;
    }

    /** Starts every feed's bootstrap; returns at once. */
    public VenueConnectors start()
    {
        feeds.forEach(MarketDataFeed::start);
        return this;
    }

    /**
     * Waits for every feed's bootstrap (instruments defined, streams started).
     *
     * @return true when all finished within {@code timeout}; false leaves the slow ones retrying.
     */
    public boolean awaitBootstrap(final Duration timeout)
    {
        final CompletableFuture<?>[] all = feeds.stream().map(MarketDataFeed::start).toArray(CompletableFuture[]::new);
        try
        {
            CompletableFuture.allOf(all).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        }
        catch (final TimeoutException | ExecutionException ex)
        {
            return false;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** True once every feed has bootstrapped (its instruments are defined). */
    public boolean bootstrapped()
    {
        return feeds.stream().allMatch(MarketDataFeed::bootstrapped);
    }

    public List<MarketDataFeed> feeds()
    {
        return feeds;
    }

    /** The configured tokens. */
    public List<String> tokens()
    {
        return tokens;
    }

    /** One line of feed states: "binance LIVE (3 symbols, 0 reconnects) | bybit ...". */
    public String statusLine()
    {
        final StringBuilder text = new StringBuilder();
        for (final MarketDataFeed feed : feeds)
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

    /** One line per feed: which configured tokens it lists and which it does not (or that it is still bootstrapping). */
    public List<String> availabilityReport()
    {
        final List<String> lines = new ArrayList<>();
        for (final MarketDataFeed feed : feeds)
        {
            final String venue = StatusFormat.venueName(feed.venue().value());
            if (!feed.bootstrapped())
            {
                lines.add(venue + ": bootstrap not finished (instruments unknown yet; retrying)");
                continue;
            }
            final List<String> missing = feed.missingTokens();
            lines.add(String.format("%s: %d of %d configured tokens listed (%d instruments); not listed: %s", venue,
                feed.listedTokens().size(), tokens.size(), feed.symbols().size(), missing.isEmpty() ? "none" : String.join(", ", missing)));
        }
        return lines;
    }

    /** Closes the feeds, then the I/O threads (bounded). Idempotent; {@code agent.close()} does the same through the sources. */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        for (int i = feeds.size() - 1; i >= 0; i--)
        {
            feeds.get(i).close();
        }
        io.close();
    }
}
