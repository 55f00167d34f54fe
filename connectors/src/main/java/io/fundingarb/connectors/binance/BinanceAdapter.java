package io.fundingarb.connectors.binance;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.binance.sim.BinanceSimulator;
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

/** Binance USD-M futures: the venue's adapter (shared/docs/VENUES.md). */
public final class BinanceAdapter implements VenueAdapter
{
    /** "a limit of 300 connections per attempt every 5 minutes per IP" (developers.binance.com, WebSocket limits). */
    public static final int DOCUMENTED_RECONNECTS_PER_MINUTE = 60;

    /** Default tier: taker 0.05 %, maker 0.02 %; funding every 8 h unless the venue says otherwise; split stream paths. */
    private static final VenueSection SECTION = new VenueSection("binance", Venue.BINANCE, 0.0005, 0.0002, Duration.ofHours(8), true, true,
        DOCUMENTED_RECONNECTS_PER_MINUTE).withBacktestBook(0.5, 100_000.0, 1.0);

    @Override
    public VenueSection section()
    {
        return SECTION;
    }

    @Override
    public MarketDataFeed feed(
        final FeedSettings settings, final FeedTimings timings, final EventLoopGroup group, final RestClient rest, final EventSink sink,
        final EpochNanoClock clock, final SymbolTable symbolTable, final WsPaths paths)
    {
        return new BinanceFeed(settings, timings, group, rest, sink, clock, symbolTable, layout(paths));
    }

    @Override
    public OrderGateway gateway(
        final GatewayConfig config, final String apiKey, final String apiSecret, final EventLoopGroup group, final EventSink sink,
        final EpochNanoClock clock, final VenueSymbols symbols, final WsPaths paths, final long sessionEpoch)
    {
        return new BinanceGateway(config, apiKey, apiSecret, group, sink, clock, symbols, layout(paths), sessionEpoch);
    }

    /** "WebSocket API General Info" (USDⓈ-M futures): {@code wss://ws-fapi.binance.com/ws-fapi/v1}; the simulator serves the path. */
    @Override
    public String orderWsPath()
    {
        return BinanceOrderSocket.PATH;
    }

    @Override
    public FrameDecoder decoder(final FrameDecoder.Setup setup)
    {
        return new BinanceFrameDecoder(setup);
    }

    @Override
    public boolean isInstrumentListUrl(final String url)
    {
        return url.contains("exchangeInfo");
    }

    @Override
    public SimulatorServer simulator(final SimScenario scenario, final SimulatorConfig config)
    {
        return new BinanceSimulator(scenario, config);
    }

    @Override
    public SimulatorServer replaying(final List<Path> files, final SimulatorConfig config, final double speed)
    {
        return BinanceSimulator.replaying(files, config, speed);
    }

    private static BinanceWsLayout layout(final WsPaths paths)
    {
        return paths == WsPaths.SPLIT ? BinanceWsLayout.SPLIT : BinanceWsLayout.COMBINED;
    }
}
