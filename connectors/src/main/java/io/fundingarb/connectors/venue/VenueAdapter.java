package io.fundingarb.connectors.venue;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.feed.FeedSettings;
import io.fundingarb.connectors.feed.FeedTimings;
import io.fundingarb.connectors.feed.MarketDataFeed;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.OrderGateway;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.simulator.SimAccountConfig;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.simulator.SimulatorServer;
import io.fundingarb.connectors.transport.RestClient;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.util.List;
import org.agrona.concurrent.EpochNanoClock;

/**
 * The only door into a venue's package: everything outside it (the app's modes, {@code decode},
 * the simulators' process, the configuration) asks the venue's adapter, found in
 * {@link VenueAdapters}, and never names the venue's classes.
 * <pre>
 *   section()    config section name, SBE value, key defaults      (VenuesConfig)
 *   feed()       market data over WebSocket + REST bootstrap       (every mode)
 *   gateway()    orders and private streams                        (demo, live)
 *   decoder()    recorded frames to events                         (decode)
 *   simulator()  the venue's side of the same protocol, sim/ package (demo, sim, drill, --sim, feeds)
 *   symbol()     the venue's instrument name of a base and quote
 * </pre>
 * The funding history names venues by {@link VenueSection#name()}.
 */
public interface VenueAdapter
{
    /** Config section name, SBE value and the defaults of the section's keys. */
    VenueSection section();

    /** The venue's name: its config section, its column value in the funding history, its name in status lines. */
    default String name()
    {
        return section().name();
    }

    default Venue venue()
    {
        return section().venue();
    }

    /**
     * The venue's symbol of the linear perpetual on {@code base} quoted in {@code quote}: base then quote (BTC, USDT:
     * BTCUSDT) unless the venue names them otherwise.
     */
    default String symbol(final String base, final String quote)
    {
        return base + quote;
    }

    /** The quote asset of one of the venue's linear perpetuals from its symbol: by default its suffix (BTCUSDT: USDT, BTCUSDC: USDC). */
    default String quoteOf(final String symbol)
    {
        return symbol.endsWith("USDC") ? "USDC" : symbol.endsWith("USD") ? "USD" : "USDT";
    }

    /**
     * The market-data feed; nothing connects until {@link MarketDataFeed#start()}.
     *
     * @param group       I/O threads of the feed's connections.
     * @param rest        HTTP client for the bootstrap (not owned).
     * @param sink        where events go (the inbound ring).
     * @param clock       stamps tsInitNs.
     * @param symbolTable interns tokens and instruments.
     * @param paths       where the venue serves its streams (a venue with one layout ignores it).
     */
    MarketDataFeed feed(FeedSettings settings, FeedTimings timings, EventLoopGroup group, RestClient rest, EventSink sink,
        EpochNanoClock clock, SymbolTable symbolTable, WsPaths paths);

    /**
     * The order gateway; nothing connects until {@link OrderGateway#start()}.
     *
     * @param apiKey       the API key (never logged).
     * @param apiSecret    the API secret (never logged).
     * @param symbols      instrument id ↔ this venue's symbol.
     * @param paths        where the venue serves its private stream.
     * @param sessionEpoch the session's epoch in seconds, carried in every client order id.
     */
    OrderGateway gateway(GatewayConfig config, String apiKey, String apiSecret, EventLoopGroup group, EventSink sink, EpochNanoClock clock,
        VenueSymbols symbols, WsPaths paths, long sessionEpoch);

    /** A decoder of this venue's recorded frames ({@code ./run.sh decode --venue NAME}). */
    FrameDecoder decoder(FrameDecoder.Setup setup);

    /** Whether a recorded REST request of this URL answered with the venue's instrument list. */
    boolean isInstrumentListUrl(String url);

    /** The venue's simulator on 127.0.0.1 serving {@code scenario}; not started. */
    SimulatorServer simulator(SimScenario scenario, SimulatorConfig config);

    /** The venue's simulator replaying a recorded session's files at {@code speed} (0: as fast as read); not started. */
    SimulatorServer replaying(List<Path> files, SimulatorConfig config, double speed);

    /**
     * The path of the venue's WebSocket order API on its {@code ws_url} host when {@code order_ws_url} is not set (the
     * simulators serve it there), or null when the venue has no WebSocket order entry its gateway speaks: then
     * {@code order_entry: websocket} is refused at start.
     */
    default String orderWsPath()
    {
        return null;
    }

    /**
     * The keys the venue's simulator accepts for its demo account (public: they unlock only the
     * simulators): {@code apiKey} and {@code apiSecret} as {@link #gateway} takes them.
     */
    default DemoKeys demoKeys()
    {
        return new DemoKeys(SimAccountConfig.DEMO_API_KEY, SimAccountConfig.DEMO_API_SECRET);
    }

    /** A simulator's demo account keys. */
    record DemoKeys(String apiKey, String apiSecret)
    {
        @Override
        public String toString()
        {
            return "DemoKeys[" + apiKey + "]"; // the secret is public, but no key is ever printed whole by habit
        }
    }
}
