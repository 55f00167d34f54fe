package io.fundingarb.connectors.gateway;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.connectors.gateway.GatewayEventSink.Report;
import io.fundingarb.connectors.simulator.SimAccountConfig;
import io.fundingarb.connectors.simulator.SimInstrument;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.simulator.SimulatorServer;
import io.fundingarb.connectors.transport.IoGroup;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The fixture of a venue gateway system test: the venue's simulator on loopback with one BTCUSDT
 * instrument and a still book (depth every minute, so the touch a test reads is the touch the
 * order meets), one I/O thread, a capturing sink, and the gateway started with the demo key.
 *
 * @param <S> the venue's simulator.
 * @param <G> the venue's gateway.
 */
public abstract class GatewayITSupport<S extends SimulatorServer, G extends AutoCloseable>
{
    protected static final long WAIT_MS = 10_000;
    protected static final String KEY = SimAccountConfig.DEMO_API_KEY;
    protected static final String SECRET = SimAccountConfig.DEMO_API_SECRET;
    /** The session epoch of the gateways under test. */
    protected static final long EPOCH = 1_765_000_000L;

    protected final IoGroup io;
    protected final GatewayEventSink sink = new GatewayEventSink();
    protected final Commands commands = new Commands();
    protected final SettableClock simClock = new SettableClock();
    protected S simulator;
    protected G gateway;
    /** The scenario and configuration the simulator was started with. */
    protected SimScenario scenario;
    protected SimulatorConfig simulatorConfig;

    private final long seed;
    private final String takerFee;

    /**
     * @param ioThreadName name of the I/O thread.
     * @param seed         the scenario seed.
     * @param takerFee     the gateway's configured taker fee.
     */
    protected GatewayITSupport(final String ioThreadName, final long seed, final String takerFee)
    {
        this.io = new IoGroup(1, ioThreadName);
        this.seed = seed;
        this.takerFee = takerFee;
    }

    /** A started simulator of the venue. */
    protected abstract S startSimulator(SimScenario scenario, SimulatorConfig config);

    /** A new gateway with {@code secret}, on {@link #io} and {@link #sink}, for BTCUSDT. */
    protected abstract G newGateway(GatewayConfig config, String secret);

    /** {@code gateway.start()}. */
    protected abstract CompletableFuture<Void> start(G gateway);

    @BeforeEach
    void setUpSimulator()
    {
        final SimScenario scenario = new SimScenario(
            List.of(SimInstrument.of("BTCUSDT", "BTC", "USDT", "0.10", "0.001", "5", "65000")), Map.of(), seed, 0.0005);
        this.scenario = scenario;
        this.simulatorConfig = SimulatorConfig.defaults().withClock(simClock).withCadence(20, 60_000);
        simulator = startSimulator(scenario, simulatorConfig);
    }

    @AfterEach
    void tearDownGatewayAndSimulator() throws Exception
    {
        if (gateway != null)
        {
            gateway.close();
        }
        simulator.close();
        io.close();
    }

    protected GatewayConfig config()
    {
        return GatewayConfig.of(URI.create(simulator.httpBaseUrl()), URI.create(simulator.wsBaseUrl()), FixedPoint.parse(takerFee))
            .withWsBackoff(TimeUnit.MILLISECONDS.toNanos(50), TimeUnit.MILLISECONDS.toNanos(200));
    }

    /** Creates the gateway and waits for its start. */
    protected G start(final GatewayConfig config, final String secret) throws Exception
    {
        gateway = newGateway(config, secret);
        start(gateway).get(WAIT_MS, TimeUnit.MILLISECONDS);
        return gateway;
    }

    /** The client id the venue sees for engine id {@code clientOrderId} (the simulator's order key). */
    protected static String venueId(final long clientOrderId)
    {
        return new VenueOrderIds(EPOCH).text(clientOrderId);
    }

    protected static long fixed(final BigDecimal value)
    {
        return FixedPoint.parse(value.toPlainString());
    }

    /** A documented message kept as a fixture: {@code fixtures/<venue>/<name>} under the test resources. */
    protected static String fixture(final String venue, final String name) throws java.io.IOException
    {
        return java.nio.file.Files.readString(java.nio.file.Path.of("src/test/resources/fixtures", venue, name), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Waits (10 ms naps, at most {@link #WAIT_MS}) until {@code condition} holds; whether it did. */
    protected static boolean await(final java.util.function.BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    protected static List<Report> ofType(final List<Report> reports, final ExecType type)
    {
        return reports.stream().filter(r -> r.execType() == type).toList();
    }
}
