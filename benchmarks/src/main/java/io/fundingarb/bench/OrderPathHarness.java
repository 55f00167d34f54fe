package io.fundingarb.bench;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.BooleanType;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.OrderCommandEncoder;
import io.fundingarb.codecs.sbe.OrderType;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.TimeInForce;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.binance.BinanceGateway;
import io.fundingarb.connectors.binance.BinanceWsLayout;
import io.fundingarb.connectors.binance.sim.BinanceSimulator;
import io.fundingarb.connectors.bybit.BybitGateway;
import io.fundingarb.connectors.bybit.sim.BybitSimulator;
import io.fundingarb.connectors.gateway.AccountSettings;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.OrderEntry;
import io.fundingarb.connectors.gateway.OrderGateway;
import io.fundingarb.connectors.gateway.VenueOrderIds;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.simulator.SimAccountConfig;
import io.fundingarb.connectors.simulator.SimInstrument;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.simulator.SimulatorServer;
import io.fundingarb.connectors.transport.IoGroup;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command → bytes at the venue, over loopback: the real Binance and Bybit gateways send IOC orders
 * (priced away from the book: each expires unfilled, the account stays flat) to their simulators
 * at a fixed rate, over REST or over the venue's WebSocket order API, and each order's latency is
 * taken from its scheduled send time (open loop: no coordinated omission) to when the message
 * carrying it was read off the simulator's socket ({@link SimulatorServer#observeOrderArrivals}).
 * The command thread is this harness's thread, as the outbound ring's is in the engine: encode and
 * sign there, hand-off to the gateway's I/O loop, Netty's write, the kernel's loopback, the
 * simulator's read. REST and WebSocket run one after the other in the same process, for the same
 * count at the same rate: each is the other's same-run baseline.
 */
@Command(name = "bench orders", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Command -> bytes at the venue over loopback: the real gateways send orders to their simulators at a fixed rate over "
        + "REST and over the WebSocket order APIs (Binance order.place, Bybit /v5/trade). Prints HdrHistogram p50/p99/p99.9 per venue "
        + "and order entry; writes .hgrm files.")
public final class OrderPathHarness implements Callable<Integer>
{
    @Option(names = "--rate", paramLabel = "N", description = "Orders per second, per run (default ${DEFAULT-VALUE}).", defaultValue = "200")
    int rate;

    @Option(names = "--count", paramLabel = "N", description = "Measured orders per run (default ${DEFAULT-VALUE}).", defaultValue = "3000")
    int count;

    @Option(names = "--warmup", paramLabel = "N", description = "Unmeasured orders before them, same rate (default ${DEFAULT-VALUE}).",
        defaultValue = "1000")
    int warmup;

    @Option(names = "--venues", paramLabel = "LIST", split = ",", description = "binance, bybit (default: both).")
    List<String> venues = List.of("binance", "bybit");

    @Option(names = "--entry", paramLabel = "LIST", split = ",", description = "rest, websocket (default: both, REST first).")
    List<String> entries = List.of("rest", "websocket");

    @Option(names = "--out", paramLabel = "DIR", description = "Where the .hgrm files go (default benchmarks/results/orders).",
        defaultValue = "benchmarks/results/orders")
    Path out;

    private static final int BTC = 1;
    private static final long EPOCH = 1_765_000_000L;
    /** At most this long for the last answers and arrivals after the last send. */
    private static final long DRAIN_NS = TimeUnit.SECONDS.toNanos(10);

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new OrderPathHarness()).execute(args));
    }

    @Override
    public Integer call() throws Exception
    {
        if (rate < 1 || rate > 100_000 || count < 1 || count > 10_000_000 || warmup < 0)
        {
            throw new CommandLine.ParameterException(new CommandLine(this), "--rate must be 1..100000, --count 1..10000000, --warmup >= 0");
        }
        final PrintStream o = System.out;
        o.printf("fundingarb order path harness: %,d orders/s, %,d measured after %,d warm-up per run; JDK %s, %d CPUs, load average %.2f%n",
            rate, count, warmup, Runtime.version(), Runtime.getRuntime().availableProcessors(),
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Files.createDirectories(out);
        for (final String venue : venues)
        {
            for (final String entry : entries)
            {
                final Histogram h = run(venue, "websocket".equals(entry));
                final String what = String.format("%s %s: command -> bytes at the venue", venue, entry);
                o.printf("%-50s p50 %s  p99 %s  p99.9 %s  max %s  (n=%,d of %,d)%n", what, us(h.getValueAtPercentile(50)),
                    us(h.getValueAtPercentile(99)), us(h.getValueAtPercentile(99.9)), us(h.getMaxValue()), h.getTotalCount(), count);
                try (PrintStream p = new PrintStream(Files.newOutputStream(out.resolve(
                    "orders-" + LocalDate.now(ZoneOffset.UTC) + "-" + venue + "-" + entry + ".hgrm")), false, "UTF-8"))
                {
                    h.outputPercentileDistribution(p, 1000.0);
                }
            }
        }
        o.printf("histograms: %s%n", out.resolve("orders-" + LocalDate.now(ZoneOffset.UTC) + "-{venue}-{entry}.hgrm"));
        return 0;
    }

    /** One venue, one order entry: a fresh simulator and gateway, warm-up, then the measured orders. */
    private Histogram run(final String venue, final boolean websocket) throws Exception
    {
        final SimScenario scenario = new SimScenario(
            List.of(SimInstrument.of("BTCUSDT", "BTC", "USDT", "0.10", "0.001", "5", "65000")), Map.of(), 7, 0.0005);
        final SimulatorConfig simConfig = SimulatorConfig.defaults().withStrictPaths(true);
        final boolean binance = "binance".equals(venue);
        if (!binance && !"bybit".equals(venue))
        {
            throw new CommandLine.ParameterException(new CommandLine(this), "--venues takes binance and bybit, got " + venue);
        }
        final SimulatorServer simulator = binance ? new BinanceSimulator(scenario, simConfig).start()
            : new BybitSimulator(scenario, simConfig).orderLimitPerSecond(Integer.MAX_VALUE).start();
        final IoGroup io = new IoGroup(1, "fa-bench-orders");
        OrderGateway gateway = null;
        try
        {
            final URI ws = URI.create(simulator.wsBaseUrl());
            final OrderEntry entry = websocket
                ? OrderEntry.websocket(URI.create(simulator.wsBaseUrl() + (binance ? BinanceSimulator.WS_API_PATH : BybitSimulator.TRADE_PATH)))
                : OrderEntry.REST;
            // the harness's rate is its own: no local or venue-header limit holds it back
            final GatewayConfig config = new GatewayConfig(URI.create(simulator.httpBaseUrl()), ws, 5_000, 100_000,
                FixedPoint.parse("0.0005"), 0, TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(10), TimeUnit.MINUTES.toNanos(30),
                TimeUnit.MILLISECONDS.toNanos(250), TimeUnit.SECONDS.toNanos(30), Integer.MAX_VALUE, Integer.MAX_VALUE,
                GatewayConfig.DEFAULT_BALANCE_POLL_INTERVAL_NS, AccountSettings.DEFAULT, entry);
            final VenueSymbols symbols = new VenueSymbols().add(BTC, "BTCUSDT");
            gateway = binance
                ? new BinanceGateway(config, SimAccountConfig.DEMO_API_KEY, SimAccountConfig.DEMO_API_SECRET, io.group(), new RecyclingSink(),
                    new SystemEpochNanoClock(), symbols, BinanceWsLayout.SPLIT, EPOCH)
                : new BybitGateway(config, SimAccountConfig.DEMO_API_KEY, SimAccountConfig.DEMO_API_SECRET, io.group(), new RecyclingSink(),
                    new SystemEpochNanoClock(), symbols, EPOCH);
            gateway.start().get(30, TimeUnit.SECONDS);
            final OrderGateway started = gateway;
            if (websocket && !await(() -> binance ? ((BinanceGateway)started).orderSocketOpen() : ((BybitGateway)started).orderSocketOpen()))
            {
                throw new IllegalStateException(venue + " order socket did not open");
            }
            final String bid = simulator.touch("BTCUSDT")[0].multiply(new BigDecimal("0.9")).setScale(1, RoundingMode.DOWN).toPlainString();
            return send(gateway, simulator, binance ? Venue.BINANCE : Venue.BYBIT, bid);
        }
        finally
        {
            if (gateway != null)
            {
                gateway.close();
            }
            simulator.close();
            io.close();
        }
    }

    /** Sends warm-up + count orders at the rate; the measured ones' latencies. */
    private Histogram send(final OrderGateway gateway, final SimulatorServer simulator, final Venue venue, final String price)
    {
        final int total = warmup + count;
        final long[] scheduledNs = new long[total];
        final long firstId = 1;
        final Recorder recorder = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
        final AtomicLong arrived = new AtomicLong();
        simulator.observeOrderArrivals((venueId, arrivedNs) ->
        {
            final long index = VenueOrderIds.engineIdOf(venueId) - firstId;
            if (index >= warmup && index < total)
            {
                recorder.recordValue(Math.max(0, arrivedNs - scheduledNs[(int)index]));
            }
            arrived.incrementAndGet();
        });
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final OrderCommandEncoder order = new OrderCommandEncoder();
        final long limitPrice = FixedPoint.parse(price);
        final long quantity = FixedPoint.parse("0.001");
        final long periodNs = 1_000_000_000L / rate;
        final long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        for (int i = 0; i < total; i++)
        {
            final long due = t0 + i * periodNs;
            long now;
            while ((now = System.nanoTime()) < due)
            {
                LockSupport.parkNanos(Math.min(due - now, 50_000));
            }
            scheduledNs[i] = due;
            order.wrapAndApplyHeader(buffer, 0, header).tsInitNs(due).eventSeq(i).clientOrderId(firstId + i).pairId(0).instrumentId(BTC)
                .venue(venue).side(Side.BUY).orderType(OrderType.LIMIT).timeInForce(TimeInForce.IOC).reduceOnly(BooleanType.FALSE)
                .price(limitPrice).quantity(quantity);
            gateway.onCommand(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + order.encodedLength(), true);
        }
        final long drainEnd = System.nanoTime() + DRAIN_NS;
        while (arrived.get() < total && System.nanoTime() < drainEnd)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        simulator.observeOrderArrivals(null);
        return recorder.getIntervalHistogram();
    }

    private static boolean await(final java.util.function.BooleanSupplier condition)
    {
        final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > end)
            {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return true;
    }

    private static String us(final long ns)
    {
        return String.format("%.1f µs", ns / 1000.0);
    }
}
