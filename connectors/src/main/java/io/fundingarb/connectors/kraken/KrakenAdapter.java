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
import io.fundingarb.connectors.simulator.SimAccountConfig;
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
import java.util.List;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Kraken Futures linear perpetuals ({@code PF_<base>USD}, USD, hourly funding): the venue's adapter
 * so far: the market-data pieces ({@link KrakenInstruments}, {@link KrakenParser}, the recorded-frame
 * {@link #decoder}) and the order gateway ({@link KrakenGateway}); the feed and the simulator do not
 * exist yet, and say so.
 * Not registered in {@link VenueAdapters}: Kraken stays a venue without a connector in the config.
 */
public final class KrakenAdapter implements VenueAdapter
{
    @Override
    public VenueSection section()
    {
        return VenueAdapters.SECTIONS.stream().filter(s -> s.venue() == Venue.KRAKEN).findFirst().orElseThrow();
    }

    /** {@code PF_} + base + quote: "PF_XBTUSD" for BTC (Kraken's API names Bitcoin XBT). */
    @Override
    public String symbol(final String base, final String quote)
    {
        return KrakenInstrument.LINEAR_PERPETUAL_PREFIX + ("BTC".equals(base) ? "XBT" : base) + quote;
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
        throw new UnsupportedOperationException("kraken: the market-data feed is not yet available");
    }

    @Override
    public OrderGateway gateway(
        final GatewayConfig config, final String apiKey, final String apiSecret, final EventLoopGroup group, final EventSink sink,
        final EpochNanoClock clock, final VenueSymbols symbols, final WsPaths paths, final long sessionEpoch)
    {
        return new KrakenGateway(config, apiKey, apiSecret, group, sink, clock, symbols, sessionEpoch);
    }

    /**
     * The demo account's keys with the secret as Kraken hands secrets out, base64 text (the shared
     * demo secret is not base64, so it is encoded): {@link KrakenSigner} decodes it, and the simulator
     * must check signatures with the same key bytes.
     */
    @Override
    public DemoKeys demoKeys()
    {
        return new DemoKeys(SimAccountConfig.DEMO_API_KEY,
            java.util.Base64.getEncoder().encodeToString(SimAccountConfig.DEMO_API_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
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
        throw new UnsupportedOperationException("kraken: the simulator is not yet available");
    }

    @Override
    public SimulatorServer replaying(final List<Path> files, final SimulatorConfig config, final double speed)
    {
        throw new UnsupportedOperationException("kraken: the simulator is not yet available");
    }
}
