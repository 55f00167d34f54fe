package io.fundingarb.connectors.kraken;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.feed.FeedSettings;
import io.fundingarb.connectors.feed.FeedTimings;
import io.fundingarb.connectors.feed.MarketDataFeed;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.OrderGateway;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.kraken.sim.KrakenSimulator;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.simulator.SimulatorServer;
import io.fundingarb.connectors.transport.RestClient;
import io.fundingarb.connectors.venue.FrameDecoder;
import io.fundingarb.connectors.venue.VenueAdapter;
import io.fundingarb.connectors.venue.VenueAdapters;
import io.fundingarb.connectors.venue.VenueSection;
import io.fundingarb.connectors.venue.WsPaths;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Kraken Futures linear perpetuals ({@code PF_<base>USD}, USD, hourly funding): the venue's adapter,
 * registered in {@link VenueAdapters}. The market data ({@link KrakenFeed}: {@link KrakenInstruments},
 * {@link KrakenParser}, and the recorded-frame {@link #decoder}; one stream path, {@code /ws/v1}, so {@link WsPaths}
 * is ignored), the order gateway ({@link KrakenGateway}: the API key as {@code APIKey}, the base64 API secret as
 * Kraken hands it out) and the simulator ({@link KrakenSimulator}); the replay of recorded sessions does not exist
 * yet, and says so.
 */
public final class KrakenAdapter implements VenueAdapter
{
    /**
     * Kraken documents no limit on new WebSocket connections a minute, nor a cap on connections per IP, on its
     * futures WebSocket pages (docs.kraken.com/api/docs/futures-api/websocket: only a ping at least every 60 s, and
     * the REST cost budget, neither about connecting): the most {@code max_reconnects_per_minute} accepts is a
     * conservative 30, one attempt every 2 s, far below the 100 to 500 a minute the other venues document, so that a
     * feed reconnecting in a loop never looks like abuse to a venue whose limit we do not know.
     */
    public static final int RECONNECTS_PER_MINUTE_CAP = 30;

    /**
     * A {@code PF_} book is deltas only (a {@code book} message when a level changes), so a quiet product's book sends
     * nothing for long stretches: it is judged silent after 60 s, not the 5 s of venues whose books push at a cadence.
     */
    public static final Duration BOOK_SILENCE = Duration.ofSeconds(60);

    /**
     * The first tier (0 - 100,000 USD of 30-day volume) of the Kraken Futures fee schedule, the same for every contract:
     * taker 0.05 %, maker 0.02 % (support.kraken.com/hc/en-us/articles/360048917612-Fee-Schedule); {@code PF_} funding
     * every hour (support.kraken.com/hc/en-us/articles/4844359082772).
     */
    private static final VenueSection SECTION = new VenueSection("kraken", Venue.KRAKEN, 0.0005, 0.0002, Duration.ofHours(1),
        false, true, RECONNECTS_PER_MINUTE_CAP).withBacktestBook(1.0, 25_000.0, 2.0).withBookSilence(BOOK_SILENCE);

    @Override
    public VenueSection section()
    {
        return SECTION;
    }

    /**
     * {@code PF_} + base + USD: "PF_XBTUSD" for BTC (Kraken's API names Bitcoin XBT). Every {@code PF_} perpetual is quoted
     * in USD, so the quote asked for is not part of the name (as Hyperliquid's coin): a token's USDT listing elsewhere is
     * its USD one here.
     */
    @Override
    public String symbol(final String base, final String quote)
    {
        return KrakenInstrument.LINEAR_PERPETUAL_PREFIX + ("BTC".equals(base) ? "XBT" : base) + KrakenInstrument.QUOTE;
    }

    /** Every {@code PF_} perpetual is quoted in USD. */
    @Override
    public String quoteOf(final String symbol)
    {
        return KrakenInstrument.QUOTE;
    }

    @Override
    public MarketDataFeed feed(
        final FeedSettings settings, final FeedTimings timings, final EventLoopGroup group, final RestClient rest, final EventSink sink,
        final EpochNanoClock clock, final SymbolTable symbolTable, final WsPaths paths)
    {
        return new KrakenFeed(settings, timings, group, rest, sink, clock, symbolTable);
    }

    @Override
    public OrderGateway gateway(
        final GatewayConfig config, final String apiKey, final String apiSecret, final EventLoopGroup group, final EventSink sink,
        final EpochNanoClock clock, final VenueSymbols symbols, final WsPaths paths, final long sessionEpoch)
    {
        return new KrakenGateway(config, apiKey, apiSecret, group, sink, clock, symbols, sessionEpoch);
    }

    @Override
    public FrameDecoder decoder(final FrameDecoder.Setup setup)
    {
        return new KrakenFrameDecoder(setup);
    }

    @Override
    public boolean isInstrumentListUrl(final String url)
    {
        return isInstrumentsUrl(url);
    }

    static boolean isInstrumentsUrl(final String url)
    {
        final int query = url.indexOf('?');
        return (query < 0 ? url : url.substring(0, query)).endsWith(KrakenInstruments.INSTRUMENTS_PATH);
    }

    @Override
    public SimulatorServer simulator(final SimScenario scenario, final SimulatorConfig config)
    {
        return new KrakenSimulator(scenario, config);
    }

    @Override
    public SimulatorServer replaying(final List<Path> files, final SimulatorConfig config, final double speed)
    {
        throw new UnsupportedOperationException("kraken: replaying recorded sessions is not yet available (no recorded Kraken session yet)");
    }

    /** The simulator's demo account: a base64 secret, as Kraken's are. */
    @Override
    public DemoKeys demoKeys()
    {
        return new DemoKeys(KrakenSimulator.DEMO_API_KEY, KrakenSimulator.DEMO_API_SECRET);
    }
}
