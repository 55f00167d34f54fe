package io.fundingarb.connectors.bybit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.bybit.sim.BybitSimulator;
import io.fundingarb.connectors.gateway.Fixtures;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.GatewayEventSink;
import io.fundingarb.connectors.gateway.UnknownOrderITSupport;
import io.fundingarb.connectors.gateway.UnknownOrders;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.simulator.RestReply;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** BybitGateway against BybitSimulator when order answers are lost: see {@link UnknownOrderITSupport}. */
@Timeout(30)
class BybitUnknownOrderIT extends UnknownOrderITSupport<BybitSimulator, BybitGateway>
{
    BybitUnknownOrderIT()
    {
        super("fa-it-bybit-unknown", 13L, "0.00055");
    }

    @Override
    protected BybitSimulator startSimulator(final SimScenario scenario, final SimulatorConfig config)
    {
        return new BybitSimulator(scenario, config).start();
    }

    @Override
    protected BybitGateway newGateway(final GatewayConfig config, final String secret, final GatewayEventSink into, final long epoch)
    {
        return new BybitGateway(config, KEY, secret, io.group(), into, new SystemEpochNanoClock(), new VenueSymbols().add(BTC, "BTCUSDT"), epoch);
    }

    @Override
    protected CompletableFuture<Void> start(final BybitGateway gateway)
    {
        return gateway.start();
    }

    @Override
    protected Venue venue()
    {
        return Venue.BYBIT;
    }

    @Override
    protected void adoptPrevious(final BybitGateway gateway, final java.util.List<io.fundingarb.connectors.gateway.PreviousOrder> orders)
    {
        gateway.adoptPrevious(orders);
    }

    @Override
    protected io.fundingarb.connectors.gateway.PreviousOrders previousOrders(final BybitGateway gateway)
    {
        return gateway.previousOrders();
    }

    @Override
    protected BybitSimulator newSimulator(final SimScenario scenario, final SimulatorConfig config)
    {
        return new BybitSimulator(scenario, config);
    }

    @Override
    protected UnknownOrders outcomes(final BybitGateway gateway)
    {
        return gateway.outcomes();
    }

    @Override
    protected int absentCode()
    {
        return 110001;
    }

    @Override
    protected String queryAnswer(final String venueClientId) throws Exception
    {
        return signedGet("/v5/order/realtime", venueClientId);
    }

    private String signedGet(final String path, final String venueClientId) throws Exception
    {
        final String query = "category=linear&symbol=BTCUSDT&orderLinkId=" + venueClientId;
        final long timestampMs = System.currentTimeMillis();
        final HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.httpBaseUrl() + path + "?" + query))
            .header(BybitSigner.API_KEY_HEADER, KEY)
            .header(BybitSigner.TIMESTAMP_HEADER, Long.toString(timestampMs))
            .header(BybitSigner.RECV_WINDOW_HEADER, "5000")
            .header(BybitSigner.SIGN_HEADER, new BybitSigner(KEY, SECRET).sign(timestampMs, 5000, query))
            .GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void shouldAnswerTheOrderHistoryInTheDocumentedShape() throws Exception
    {
        start(config(), SECRET);
        commands.ioc(gateway, venue(), 161, BTC, Side.BUY, crossingPrice(), "0.001");
        assertThat(sink.awaitTerminal(161, WAIT_MS)).isTrue();
        assertThat(Fixtures.shape(signedGet("/v5/order/history", venueId(161))))
            .isEqualTo(Fixtures.shape(Fixtures.text("bybit/order-history.json")));
    }

    @Test
    void shouldFindAnOrderInTheHistoryWhenTheRealtimeListNoLongerHasIt() throws Exception
    {
        startWithoutStream();
        simulator.forgetClosedOrdersInRealtime(true); // as after a Bybit restart
        simulator.loseNextOrderResponses(1, RestReply.Loss.CLOSE_CONNECTION);
        commands.ioc(gateway, venue(), 144, BTC, Side.BUY, crossingPrice(), "0.001");
        assertFilledOnceNeverResent(144);
        assertLearnedByQuerying();
    }

    @Override
    protected String queryFixture()
    {
        return "bybit/order-realtime.json";
    }

    @Override
    protected Set<String> queryFixtureOnly()
    {
        return Set.of();
    }
}
