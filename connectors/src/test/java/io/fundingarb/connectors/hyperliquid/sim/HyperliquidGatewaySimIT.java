package io.fundingarb.connectors.hyperliquid.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.OrderType;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.TimeInForce;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.gateway.Commands;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.GatewayEventSink;
import io.fundingarb.connectors.gateway.GatewayEventSink.Report;
import io.fundingarb.connectors.gateway.SettableClock;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.hyperliquid.HyperliquidGateway;
import io.fundingarb.connectors.hyperliquid.HyperliquidSigner;
import io.fundingarb.connectors.simulator.FundingPath;
import io.fundingarb.connectors.simulator.SimAccountConfig;
import io.fundingarb.connectors.simulator.SimInstrument;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.transport.IoGroup;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * HyperliquidGateway against HyperliquidSimulator over loopback: the gateway written from our
 * beliefs, the simulator from the venue's pages. Start-up (leverage, balance), an IOC that fills,
 * an IOC that crosses nothing, a rejected order, a resting order cancelled by its cloid, the hourly
 * funding of a position.
 */
@Timeout(60)
class HyperliquidGatewaySimIT
{
    private static final long WAIT_MS = 15_000;
    private static final String MASTER = "0x0000000000000000000000000000000000000001";
    private static final long EPOCH = 1_765_000_000L;
    private static final int ETH = 2;

    private final IoGroup io = new IoGroup(1, "fa-it-hyperliquid-sim");
    private final GatewayEventSink sink = new GatewayEventSink();
    private final Commands commands = new Commands();
    private final SettableClock clock = new SettableClock();
    private HyperliquidSimulator simulator;
    private HyperliquidGateway gateway;

    @BeforeEach
    void setUp() throws Exception
    {
        final SimScenario scenario = new SimScenario(
            List.of(SimInstrument.of("BTC", "BTC", "USDC", "1", "0.00001", "10", "65000"),
                SimInstrument.of("ETH", "ETH", "USDC", "0.1", "0.0001", "10", "1900")),
            Map.of("ETH", FundingPath.constant("0.0000125", 1)), 5L, 0.0005);
        simulator = new HyperliquidSimulator(scenario, SimulatorConfig.defaults().withClock(clock).withCadence(100, 50),
            SimAccountConfig.demo(HyperliquidSimulator.TAKER_FEE), MASTER,
            new HyperliquidSigner(HyperliquidSimulator.DEMO_AGENT_KEY, HyperliquidSigner.Network.MAINNET).address(),
            new L1ActionSignatures(HyperliquidSigner.Network.MAINNET)).start();
        final GatewayConfig config = GatewayConfig.of(URI.create(simulator.httpBaseUrl()), URI.create(simulator.wsBaseUrl()),
                FixedPoint.parse(HyperliquidSimulator.TAKER_FEE))
            .withWsBackoff(TimeUnit.MILLISECONDS.toNanos(50), TimeUnit.MILLISECONDS.toNanos(200));
        gateway = HyperliquidGateway.create(config, MASTER, HyperliquidSimulator.DEMO_AGENT_KEY, io.group(), sink, new SystemEpochNanoClock(),
            new VenueSymbols().add(ETH, "ETH"), null, EPOCH);
        gateway.start().get(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void tearDown()
    {
        if (gateway != null)
        {
            gateway.close();
        }
        simulator.close();
        io.close();
    }

    private Report last(final long clientOrderId)
    {
        final List<Report> reports = sink.reports(clientOrderId);
        return reports.get(reports.size() - 1);
    }

    @Test
    void shouldStartWithTheLeverageSetAndTheBalanceRead()
    {
        assertThat(simulator.leverage("ETH")).isEqualTo(3);
        assertThat(sink.balances()).isNotEmpty();
    }

    @Test
    void shouldFillAnIocThatCrossesTheBook() throws Exception
    {
        final BigDecimal ask = simulator.touch("ETH")[1];

        commands.ioc(gateway, Venue.HYPERLIQUID, 5001, ETH, Side.BUY, ask.add(new BigDecimal("5")).toPlainString(), "0.02");

        assertThat(sink.await(s -> s.reports(5001).stream().anyMatch(r -> r.execType() == ExecType.FILL && r.cumQty() == FixedPoint.parse("0.02")),
            WAIT_MS)).as(sink.statuses().toString()).isTrue();
        assertThat(simulator.position("ETH").qty()).isEqualByComparingTo("0.02");
    }

    @Test
    void shouldExpireAnIocThatCrossesNothing() throws Exception
    {
        final BigDecimal bid = simulator.touch("ETH")[0];

        commands.ioc(gateway, Venue.HYPERLIQUID, 5002, ETH, Side.BUY, bid.subtract(new BigDecimal("20")).toPlainString(), "0.02");

        assertThat(sink.awaitTerminal(5002, WAIT_MS)).as(sink.statuses().toString()).isTrue();
        assertThat(last(5002).execType()).isEqualTo(ExecType.EXPIRED);
    }

    @Test
    void shouldRejectAnOrderUnderTheMinimumValueWithTheVenuesText() throws Exception
    {
        final BigDecimal ask = simulator.touch("ETH")[1];

        commands.ioc(gateway, Venue.HYPERLIQUID, 5003, ETH, Side.BUY, ask.add(new BigDecimal("5")).toPlainString(), "0.001");

        assertThat(sink.awaitTerminal(5003, WAIT_MS)).as(sink.statuses().toString()).isTrue();
        assertThat(last(5003).execType()).isEqualTo(ExecType.REJECTED);
        assertThat(last(5003).reason()).isEqualTo("Order must have minimum value of $10.");
    }

    @Test
    void shouldCancelARestingOrderByItsCloid() throws Exception
    {
        final BigDecimal bid = simulator.touch("ETH")[0];
        commands.order(gateway, Venue.HYPERLIQUID, 5004, ETH, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false,
            bid.subtract(new BigDecimal("20")).toPlainString(), "0.02");
        assertThat(sink.await(s -> s.reports(5004).stream().anyMatch(r -> r.execType() == ExecType.NEW), WAIT_MS)).as(sink.statuses().toString()).isTrue();

        commands.cancel(gateway, Venue.HYPERLIQUID, 5004, ETH);

        assertThat(sink.awaitTerminal(5004, WAIT_MS)).as(sink.statuses().toString()).isTrue();
        assertThat(last(5004).execType()).isEqualTo(ExecType.CANCELED);
    }

    @Test
    void shouldPublishTheHourlyFundingOfAPosition() throws Exception
    {
        final BigDecimal ask = simulator.touch("ETH")[1];
        commands.ioc(gateway, Venue.HYPERLIQUID, 5005, ETH, Side.BUY, ask.add(new BigDecimal("5")).toPlainString(), "0.02");
        assertThat(sink.await(s -> s.reports(5005).stream().anyMatch(r -> r.execType() == ExecType.FILL), WAIT_MS)).isTrue();
        final long hourMs = simulator.nextSettlementMs("ETH");

        clock.jumpTo(hourMs + 1_000);

        final BigDecimal expected = new BigDecimal("-0.02").multiply(simulator.oraclePriceAt("ETH", hourMs)).multiply(new BigDecimal("0.0000125"))
            .setScale(6, java.math.RoundingMode.HALF_UP);
        assertThat(sink.await(s -> !s.fundings().isEmpty(), WAIT_MS)).as(sink.statuses().toString()).isTrue();
        assertThat(sink.fundings().get(0).amount()).isEqualTo(FixedPoint.parse(expected.toPlainString()));
        assertThat(sink.fundings().get(0).fundingRate()).isEqualTo(FixedPoint.parse("0.0000125"));
    }
}
