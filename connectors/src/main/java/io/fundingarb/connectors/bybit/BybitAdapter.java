package io.fundingarb.connectors.bybit;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.bybit.sim.BybitSimulator;
import io.fundingarb.connectors.feed.FeedSettings;
import io.fundingarb.connectors.feed.FeedTimings;
import io.fundingarb.connectors.feed.MarketDataFeed;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.OrderGateway;
import io.fundingarb.connectors.gateway.VenueSymbols;
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

/** Bybit v5 linear perpetuals: the venue's adapter (shared/docs/VENUES.md). One stream layout. */
public final class BybitAdapter implements VenueAdapter
{
    /** "Do not establish over 500 connections in 5 minutes", per WebSocket domain (bybit-exchange.github.io/docs/v5/rate-limit). */
    public static final int DOCUMENTED_RECONNECTS_PER_MINUTE = 100;

    /** Default tier: taker 0.055 %, maker 0.02 %; funding every 8 h unless the venue says otherwise. */
    private static final VenueSection SECTION = new VenueSection("bybit", Venue.BYBIT, 0.00055, 0.0002, Duration.ofHours(8), false, true,
        DOCUMENTED_RECONNECTS_PER_MINUTE);

    @Override
    public VenueSection section()
    {
        return SECTION;
    }

    /** Bybit's USDC perpetuals are named {@code BTCPERP}, its USDT ones {@code BTCUSDT}. */
    @Override
    public String quoteOf(final String symbol)
    {
        return symbol.endsWith("PERP") ? "USDC" : VenueAdapter.super.quoteOf(symbol);
    }

    @Override
    public MarketDataFeed feed(
        final FeedSettings settings, final FeedTimings timings, final EventLoopGroup group, final RestClient rest, final EventSink sink,
        final EpochNanoClock clock, final SymbolTable symbolTable, final WsPaths paths)
    {
        return new BybitFeed(settings, timings, group, rest, sink, clock, symbolTable);
    }

    @Override
    public OrderGateway gateway(
        final GatewayConfig config, final String apiKey, final String apiSecret, final EventLoopGroup group, final EventSink sink,
        final EpochNanoClock clock, final VenueSymbols symbols, final WsPaths paths, final long sessionEpoch)
    {
        return new BybitGateway(config, apiKey, apiSecret, group, sink, clock, symbols, sessionEpoch);
    }

    /** "Websocket Trade Guideline": {@code wss://stream.bybit.com/v5/trade}, on the stream host; the simulator serves the path. */
    @Override
    public String orderWsPath()
    {
        return BybitOrderSocket.PATH;
    }

    @Override
    public FrameDecoder decoder(final FrameDecoder.Setup setup)
    {
        return new BybitFrameDecoder(setup);
    }

    @Override
    public boolean isInstrumentListUrl(final String url)
    {
        return isLinearInstrumentsInfo(url);
    }

    static boolean isLinearInstrumentsInfo(final String url)
    {
        return url.contains("instruments-info") && url.contains("category=linear");
    }

    @Override
    public SimulatorServer simulator(final SimScenario scenario, final SimulatorConfig config)
    {
        return new BybitSimulator(scenario, config);
    }

    @Override
    public SimulatorServer replaying(final List<Path> files, final SimulatorConfig config, final double speed)
    {
        return BybitSimulator.replaying(files, config, speed);
    }
}
