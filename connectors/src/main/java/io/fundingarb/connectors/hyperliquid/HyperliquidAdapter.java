package io.fundingarb.connectors.hyperliquid;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.feed.FeedSettings;
import io.fundingarb.connectors.feed.FeedTimings;
import io.fundingarb.connectors.feed.MarketDataFeed;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.OrderGateway;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.hyperliquid.sim.HyperliquidSimulator;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.simulator.SimulatorServer;
import io.fundingarb.connectors.transport.RestClient;
import io.fundingarb.connectors.venue.FrameDecoder;
import io.fundingarb.connectors.venue.VenueAdapter;
import io.fundingarb.connectors.venue.VenueSection;
import io.fundingarb.connectors.venue.WsPaths;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Hyperliquid perpetuals (USDC, hourly funding): the venue's adapter (shared/docs/VENUES.md). One
 * stream path ({@code /ws}); a perpetual is named by its coin ("BTC", "kPEPE"). The gateway's keys:
 * the account's (master) address as the API key, the API wallet's private key as the secret.
 */
public final class HyperliquidAdapter implements VenueAdapter
{
    /**
     * The venue documents no limit on new connections a minute, only "Maximum of 100 websocket
     * connections" per IP (hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/rate-limits):
     * taken as the most attempts a minute, as for Bybit's 500 in 5 minutes.
     */
    public static final int DOCUMENTED_RECONNECTS_PER_MINUTE = 100;

    /** Tier 0 of the perps fee schedule: taker 0.045 %, maker 0.015 % (hyperliquid.gitbook.io/hyperliquid-docs/trading/fees); funding every hour. */
    private static final VenueSection SECTION = new VenueSection("hyperliquid", Venue.HYPERLIQUID, 0.00045, 0.00015, Duration.ofHours(1),
        false, true, DOCUMENTED_RECONNECTS_PER_MINUTE).withBacktestBook(1.0, 50_000.0, 1.5);

    @Override
    public VenueSection section()
    {
        return SECTION;
    }

    /** The coin: Hyperliquid perpetuals are all quoted in USDC and named by their base ("BTC"; "kPEPE" for 1,000 PEPE). */
    @Override
    public String symbol(final String base, final String quote)
    {
        return base;
    }

    /** Every Hyperliquid perpetual is quoted (and margined) in USDC. */
    @Override
    public String quoteOf(final String symbol)
    {
        return HyperliquidInstrument.QUOTE;
    }

    @Override
    public MarketDataFeed feed(
        final FeedSettings settings, final FeedTimings timings, final EventLoopGroup group, final RestClient rest, final EventSink sink,
        final EpochNanoClock clock, final SymbolTable symbolTable, final WsPaths paths)
    {
        return new HyperliquidFeed(settings, timings, group, rest, sink, clock, symbolTable);
    }

    @Override
    public OrderGateway gateway(
        final GatewayConfig config, final String apiKey, final String apiSecret, final EventLoopGroup group, final EventSink sink,
        final EpochNanoClock clock, final VenueSymbols symbols, final WsPaths paths, final long sessionEpoch)
    {
        // apiKey: the account's (master) address; apiSecret: the API agent wallet's private key
        return HyperliquidGateway.create(config, apiKey, apiSecret, group, sink, clock, symbols, paths, sessionEpoch);
    }

    @Override
    public FrameDecoder decoder(final FrameDecoder.Setup setup)
    {
        return new HyperliquidFrameDecoder(setup);
    }

    /** {@code POST /info} answers: the instrument list is the {@code metaAndAssetCtxs} one (the decoder tells it from others by its shape). */
    @Override
    public boolean isInstrumentListUrl(final String url)
    {
        return isInfoUrl(url);
    }

    static boolean isInfoUrl(final String url)
    {
        return url.endsWith("/info");
    }

    @Override
    public SimulatorServer simulator(final SimScenario scenario, final SimulatorConfig config)
    {
        return new HyperliquidSimulator(scenario, config);
    }

    @Override
    public SimulatorServer replaying(final List<Path> files, final SimulatorConfig config, final double speed)
    {
        return HyperliquidSimulator.replaying(files, config, speed);
    }

    /** The simulator's demo account: its master address, and the private key of its API wallet (the Python SDK's public test key). */
    @Override
    public DemoKeys demoKeys()
    {
        return new DemoKeys(HyperliquidSimulator.DEMO_MASTER_ADDRESS, HyperliquidSimulator.DEMO_AGENT_KEY);
    }
}
