package io.fundingarb.connectors.binance;

import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.binance.sim.BinanceSimulator;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.GatewayEventSink;
import io.fundingarb.connectors.gateway.UnknownOrderITSupport;
import io.fundingarb.connectors.gateway.UnknownOrders;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Timeout;

/** BinanceGateway against BinanceSimulator when order answers are lost: see {@link UnknownOrderITSupport}. */
@Timeout(30)
class BinanceUnknownOrderIT extends UnknownOrderITSupport<BinanceSimulator, BinanceGateway>
{
    BinanceUnknownOrderIT()
    {
        super("fa-it-binance-unknown", 12L, "0.0005");
    }

    @Override
    protected BinanceSimulator startSimulator(final SimScenario scenario, final SimulatorConfig config)
    {
        return new BinanceSimulator(scenario, config.withStrictPaths(true)).start();
    }

    @Override
    protected BinanceGateway newGateway(final GatewayConfig config, final String secret, final GatewayEventSink into, final long epoch)
    {
        return new BinanceGateway(config, KEY, secret, io.group(), into, new SystemEpochNanoClock(), new VenueSymbols().add(BTC, "BTCUSDT"),
            BinanceWsLayout.SPLIT, epoch);
    }

    @Override
    protected CompletableFuture<Void> start(final BinanceGateway gateway)
    {
        return gateway.start();
    }

    @Override
    protected Venue venue()
    {
        return Venue.BINANCE;
    }

    @Override
    protected void adoptPrevious(final BinanceGateway gateway, final java.util.List<io.fundingarb.connectors.gateway.PreviousOrder> orders)
    {
        gateway.adoptPrevious(orders);
    }

    @Override
    protected io.fundingarb.connectors.gateway.PreviousOrders previousOrders(final BinanceGateway gateway)
    {
        return gateway.previousOrders();
    }

    @Override
    protected BinanceSimulator newSimulator(final SimScenario scenario, final SimulatorConfig config)
    {
        return new BinanceSimulator(scenario, config);
    }

    @Override
    protected UnknownOrders outcomes(final BinanceGateway gateway)
    {
        return gateway.outcomes();
    }

    @Override
    protected int absentCode()
    {
        return -2013;
    }

    @Override
    protected String queryAnswer(final String venueClientId) throws Exception
    {
        final String query = "symbol=BTCUSDT&origClientOrderId=" + venueClientId + "&recvWindow=5000&timestamp=" + System.currentTimeMillis();
        final String signed = query + "&signature=" + new BinanceSigner(KEY, SECRET).sign(query);
        final HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.httpBaseUrl() + "/fapi/v1/order?" + signed))
            .header(BinanceSigner.API_KEY_HEADER, KEY).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    protected String queryFixture()
    {
        return "binance/query-order.json";
    }

    @Override
    protected Set<String> queryFixtureOnly()
    {
        return Set.of("activatePrice", "priceRate"); // TRAILING_STOP_MARKET orders only
    }
}
