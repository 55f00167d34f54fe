package io.fundingarb.bench;

import io.fundingarb.codecs.CommandHandler;
import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.BalanceUpdateEncoder;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.ExecutionReportEncoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.OrderCommandDecoder;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.binance.BinanceGateway;
import io.fundingarb.connectors.binance.BinanceParser;
import io.fundingarb.connectors.binance.BinanceWsLayout;
import io.fundingarb.connectors.bybit.BybitGateway;
import io.fundingarb.connectors.bybit.BybitParser;
import io.fundingarb.connectors.feed.InstrumentDefinitionPublisher;
import io.fundingarb.connectors.gateway.AsciiBuilder;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.transport.IoGroup;
import io.fundingarb.engine.config.ConfigLoader;
import io.fundingarb.engine.config.FundingArbConfig;
import io.fundingarb.engine.config.Threading;
import io.fundingarb.engine.config.WaitStrategy;
import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.journal.JournalWriter;
import io.fundingarb.engine.pipeline.LatencyProbe;
import io.fundingarb.engine.pipeline.Pipeline;
import io.fundingarb.engine.stage.Stages;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./run.sh bench latency}: the open-loop tick-to-order harness. A generator thread plays
 * real recorded frames (see {@link Frames}) as raw bytes into the real parsers at a fixed rate,
 * each frame with a scheduled send time; the events go through the real pipeline (inbound ring,
 * journal, MarketStage, RiskStage, ExecutionStage, outbound ring, command journal). Every
 * {@code --entry-every}th frame moves ETH's Binance funding rate, alternately away from Bybit's
 * (an entry is decided) and back (the pair's edge is gone: an exit is decided); the harness's
 * gateway encodes and signs each order as the real gateways do ({@code BinanceGateway.encodeOrder},
 * {@code BybitGateway.encodeOrder} and {@code sign}) and answers it with a fill, as a venue would.
 * <p>Latency is measured from the scheduled send time, not from when the generator got to send
 * (no coordinated omission): a frame sent late because the engine pushed back counts its wait.
 * (a) frame → end of the stages, for every market-data event; (b) frame → signed order bytes,
 * for every order. A frame that publishes two events (a Bybit ticker moving mark and touch) is
 * recorded twice.
 */
@Command(name = "bench latency", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Open-loop tick-to-order latency: recorded Binance and Bybit frames at a fixed rate through the real parsers, "
        + "pipeline, journal and stages; orders encoded and signed as the gateways do. Prints HdrHistogram percentiles, "
        + "throughput and the GCs of the measured window; writes .hgrm files.")
public final class LatencyHarness implements Callable<Integer>
{
    @Option(names = "--rate", paramLabel = "N", description = "Frames per second (default ${DEFAULT-VALUE}).", defaultValue = "100000")
    int rate;

    @Option(names = "--duration", paramLabel = "TIME", description = "Measured window: seconds, 30s or 2m (default ${DEFAULT-VALUE}).",
        defaultValue = "30s")
    String duration;

    @Option(names = "--warmup", paramLabel = "TIME", description = "Untimed warm-up at the same rate before it (default ${DEFAULT-VALUE}).",
        defaultValue = "10s")
    String warmup;

    @Option(names = "--entry-every", paramLabel = "N", description = "Every Nth frame moves a funding rate: entry, then exit (default ${DEFAULT-VALUE}).",
        defaultValue = "10000")
    int entryEvery;

    @Option(names = "--threading", paramLabel = "LAYOUT", description = "shared, pinned or dedicated (default ${DEFAULT-VALUE}).",
        defaultValue = "pinned")
    String threading;

    @Option(names = "--wait-strategy", paramLabel = "WAIT", description = "blocking, yielding, sleeping or busy_spin (default ${DEFAULT-VALUE}).",
        defaultValue = "busy_spin")
    String waitStrategy;

    @Option(names = "--cpus", paramLabel = "LIST", split = ",", description = "CPUs to pin: pinned takes one, dedicated up to four (default: none).")
    List<Integer> cpus = List.of();

    @Option(names = "--no-journal", description = "Run without the journals (to see what they cost).")
    boolean noJournal;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the .hgrm files go (default benchmarks/results/latency).",
        defaultValue = "benchmarks/results/latency")
    Path out;

    static final long EPOCH_START_NS = 1_786_310_817_000_000_000L; // the Bybit recording's first frame, 2026-08-09 21:26:57 UTC

    /** The engine section; the trading rules are DecisionBenchmark's (one pair at a time). */
    private static final String ENGINE = """
        engine:
          threading: %s
          wait_strategy: %s
          cpu_affinity: %s
          inbound_ring_size: 65536
        """;

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new LatencyHarness()).execute(args));
    }

    @Override
    public Integer call() throws IOException
    {
        final long windowNs = seconds(duration, "--duration") * 1_000_000_000L;
        final long warmupNs = seconds(warmup, "--warmup") * 1_000_000_000L;
        if (rate < 1 || rate > 10_000_000 || entryEvery < 2)
        {
            throw new CommandLine.ParameterException(new CommandLine(this), "--rate must be 1..10000000 and --entry-every at least 2");
        }
        final FundingArbConfig config = ConfigLoader.parse(
            String.format(ENGINE, threading, waitStrategy, cpus) + String.format(DecisionBenchmark.CONFIG, 1), "bench-latency.yaml");
        final Frames frames = Frames.load(entryEvery);
        final Path dir = BenchFiles.tempDir("fa-latency");
        final long startNano = System.nanoTime();
        final long epochMinusNano = EPOCH_START_NS - startNano;
        final Recorder orders = new Recorder(3_600_000_000_000L, 3);
        final Journal journal = noJournal ? null : Journal.create(dir.resolve("session"));
        final LatencyProbe probe = LatencyProbe.fromEventTime(epochMinusNano);
        final HarnessGateway[] gateway = new HarnessGateway[1];
        final Pipeline pipeline = new Pipeline(
            Pipeline.Options.of(config.engine()), Stages.standard(config, null),
            journal == null ? null : new JournalWriter(journal.inbound()),
            journal == null ? null : new JournalWriter(journal.commands()),
            (buffer, offset, length, endOfBatch) -> gateway[0].onCommand(buffer, offset, length, endOfBatch), probe);
        gateway[0] = new HarnessGateway(pipeline.events(), orders, epochMinusNano);
        pipeline.start();
        final EventSink sink = pipeline.events();
        final BinanceParser binance = new BinanceParser(sink, Integer.MAX_VALUE, false, BinanceParser.DEFAULT_MAX_PENDING_BYTES);
        final BybitParser bybit = new BybitParser(sink);
        setUp(sink, binance, bybit, frames, EPOCH_START_NS);
        waitForDrain(pipeline);

        final long periodNs = 1_000_000_000L / rate;
        final Generator generator = new Generator(frames, binance, bybit, pipeline, periodNs, epochMinusNano);
        final long t0 = System.nanoTime() + 1_000_000;
        generator.run(t0, warmupNs);
        waitForDrain(pipeline);
        probe.interval();
        orders.getIntervalHistogram();
        final long ordersBefore = gateway[0].orders;
        final long maxBacklogWarmup = generator.maxBacklog;
        generator.maxBacklog = 0;
        final long gcCount0 = gcCount();
        final long gcTime0 = gcTimeMs();
        final long measureStart = System.nanoTime() + 1_000_000;
        final long sent = generator.run(measureStart, windowNs);
        final long sendEnd = System.nanoTime();
        waitForDrain(pipeline);
        final long drained = System.nanoTime();
        final long gcCount = gcCount() - gcCount0;
        final long gcTime = gcTimeMs() - gcTime0;
        final Histogram stages = probe.interval().copy();
        final Histogram signed = orders.getIntervalHistogram();
        final long ordersSigned = gateway[0].orders - ordersBefore;
        pipeline.close();
        gateway[0].close();
        if (journal != null)
        {
            journal.close();
        }
        BenchFiles.deleteRecursively(dir);

        final PrintStream o = System.out;
        o.printf("fundingarb latency harness: %,d frames/s offered, %s window after %s warm-up, threading %s, wait %s, cpus %s, journal %s%n",
            rate, duration, warmup, threading, waitStrategy, cpus.isEmpty() ? "none" : cpus, noJournal ? "off" : "on");
        o.printf("JDK %s, %d CPUs, load average %.2f%n", Runtime.version(), Runtime.getRuntime().availableProcessors(),
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        final double seconds = (drained - measureStart) / 1e9;
        o.printf("frames sent %,d in %.2f s (%,.0f/s achieved; rings empty %.1f ms after the last send, checked every 2 ms), events %,d, "
            + "max inbound backlog %,d%n", sent, (sendEnd - measureStart) / 1e9, sent / seconds, (drained - sendEnd) / 1e6, stages.getTotalCount(),
            generator.maxBacklog);
        print(o, "frame -> end of stages", stages);
        print(o, "frame -> signed order bytes (" + ordersSigned + " orders)", signed);
        o.printf("GC in the measured window: %d collections, %d ms%n", gcCount, gcTime);
        o.printf("warm-up: max inbound backlog %,d; parsers: binance %s, bybit %s%n", maxBacklogWarmup,
            Frames.counts(binance::count), Frames.counts(bybit::count));
        Files.createDirectories(out);
        final String stamp = LocalDate.now(ZoneOffset.UTC) + "-" + threading + "-" + rate + (noJournal ? "-nojournal" : "");
        write(out.resolve("latency-" + stamp + "-stages.hgrm"), stages);
        write(out.resolve("latency-" + stamp + "-orders.hgrm"), signed);
        o.printf("histograms: %s%n", out.resolve("latency-" + stamp + "-{stages,orders}.hgrm"));
        return 0;
    }

    private static void print(final PrintStream o, final String what, final Histogram h)
    {
        if (h.getTotalCount() == 0)
        {
            o.printf("%-45s no samples%n", what);
            return;
        }
        o.printf("%-45s p50 %s  p90 %s  p99 %s  p99.9 %s  p99.99 %s  max %s  (n=%,d)%n", what,
            us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(90)), us(h.getValueAtPercentile(99)),
            us(h.getValueAtPercentile(99.9)), us(h.getValueAtPercentile(99.99)), us(h.getMaxValue()), h.getTotalCount());
    }

    private static String us(final long ns)
    {
        return String.format("%.1f µs", ns / 1000.0);
    }

    private static void write(final Path file, final Histogram h) throws IOException
    {
        try (PrintStream p = new PrintStream(Files.newOutputStream(file), false, "UTF-8"))
        {
            h.outputPercentileDistribution(p, 1000.0);
        }
    }

    private static long gcCount()
    {
        long n = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static long gcTimeMs()
    {
        long n = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            n += Math.max(0, gc.getCollectionTime());
        }
        return n;
    }

    static long seconds(final String text, final String option)
    {
        final String t = text.trim();
        try
        {
            if (t.endsWith("m"))
            {
                return Long.parseLong(t.substring(0, t.length() - 1)) * 60;
            }
            final long s = Long.parseLong(t.endsWith("s") ? t.substring(0, t.length() - 1) : t);
            if (s < 1)
            {
                throw new NumberFormatException();
            }
            return s;
        }
        catch (final NumberFormatException ex)
        {
            throw new CommandLine.ParameterException(new CommandLine(new LatencyHarness()),
                option + ": expected seconds (30, 30s) or minutes (2m), at least 1 s, got \"" + text + "\"");
        }
    }

    private static void waitForDrain(final Pipeline pipeline)
    {
        final long deadline = System.nanoTime() + 30_000_000_000L;
        int quiet = 0;
        while (quiet < 3 && System.nanoTime() < deadline)
        {
            quiet = pipeline.inboundBacklog() == 0 && pipeline.outboundBacklog() == 0 ? quiet + 1 : 0;
            LockSupport.parkNanos(2_000_000L);
        }
    }

    /** Instrument definitions, ETH's Binance book, balances: what the feeds and gateways publish before trading. */
    private static void setUp(final EventSink sink, final BinanceParser binance, final BybitParser bybit, final Frames frames, final long ts)
    {
        final InstrumentDefinitionPublisher definitions = new InstrumentDefinitionPublisher(sink);
        for (int token = 0; token < Frames.TOKENS.length; token++)
        {
            final String name = Frames.TOKENS[token];
            final String symbol = name + "USDT";
            define(definitions, ts, token, Venue.BYBIT);
            bybit.addInstrument(symbol, Frames.id(token, Venue.BYBIT));
            if (token <= Frames.ETH)
            {
                define(definitions, ts, token, Venue.BINANCE);
                binance.addInstrument(symbol, Frames.id(token, Venue.BINANCE));
            }
        }
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final BalanceUpdateEncoder balance = new BalanceUpdateEncoder();
        for (final Venue venue : new Venue[] {Venue.BINANCE, Venue.BYBIT})
        {
            final long seq = sink.claim();
            balance.wrapAndApplyHeader(sink.buffer(seq), 0, header).tsInitNs(ts).tsEventNs(ts).venue(venue).asset(Quote.USDT)
                .walletBalance(1_000_000 * FixedPoint.SCALE).availableBalance(1_000_000 * FixedPoint.SCALE);
            sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + balance.encodedLength());
        }
        frames.publishSnapshots(binance, bybit, ts);
    }

    /** A linear USDT perpetual at the venues' usual VIP-0 fees (ETH's tick is the venues' 0.01). */
    private static void define(final InstrumentDefinitionPublisher definitions, final long ts, final int token, final Venue venue)
    {
        final String name = Frames.TOKENS[token];
        definitions.publish(ts, Frames.id(token, venue), token + 1, venue, "USDT",
            FixedPoint.parse(token == Frames.ETH ? "0.01" : "0.00001"), FixedPoint.parse("0.001"), FixedPoint.parse("0.001"), FixedPoint.parse("5"),
            FixedPoint.SCALE, 28_800, FixedPoint.parse("0.0002"), FixedPoint.parse("0.0005"), name + "USDT", name);
    }

    /** Plays the frames on the calling thread at the scheduled times. */
    static final class Generator
    {
        private final Frames frames;
        private final BinanceParser binance;
        private final BybitParser bybit;
        private final Pipeline pipeline;
        private final long periodNs;
        private final long epochMinusNano;
        private int next;
        long maxBacklog;

        Generator(
            final Frames frames, final BinanceParser binance, final BybitParser bybit, final Pipeline pipeline, final long periodNs,
            final long epochMinusNano)
        {
            this.frames = frames;
            this.binance = binance;
            this.bybit = bybit;
            this.pipeline = pipeline;
            this.periodNs = periodNs;
            this.epochMinusNano = epochMinusNano;
        }

        /** Sends a frame every period from {@code startNs} for {@code windowNs}; returns how many. */
        long run(final long startNs, final long windowNs)
        {
            final long count = windowNs / periodNs;
            for (long i = 0; i < count; i++)
            {
                final long scheduled = startNs + i * periodNs;
                while (System.nanoTime() < scheduled)
                {
                    Thread.onSpinWait();
                }
                final long tsInit = scheduled + epochMinusNano;
                if (next == 0)
                {
                    frames.publishSnapshots(binance, bybit, tsInit); // each pass starts from the books' snapshots
                }
                final UnsafeBuffer move = frames.rateMove();
                if (move != null)
                {
                    binance.onFrame(move, 0, move.capacity(), tsInit);
                }
                else
                {
                    final int f = next;
                    next = next + 1 == frames.size() ? 0 : next + 1;
                    final UnsafeBuffer frame = frames.buffer(f);
                    if (frames.isBinance(f))
                    {
                        binance.onFrame(frame, 0, frame.capacity(), tsInit);
                    }
                    else
                    {
                        bybit.onFrame(frame, 0, frame.capacity(), tsInit);
                    }
                }
                if ((i & 1023) == 0)
                {
                    maxBacklog = Math.max(maxBacklog, pipeline.inboundBacklog());
                }
            }
            return count;
        }
    }

    /**
     * The venues' side: each order is encoded and signed as the real gateway does it (the latency
     * sample is taken once the signed bytes are ready), then filled in full at its limit with the
     * taker fee, published back into the inbound ring as the gateway's ExecutionReport.
     */
    static final class HarnessGateway implements CommandHandler, AutoCloseable
    {
        private static final String KEY = "bench-api-key-0123456789abcdef0123456789abcdef0123456789abcdef";
        private static final String SECRET = "bench-api-secret-0123456789abcdef0123456789abcdef0123456789abcd";

        private final EventSink sink;
        private final Recorder orderLatency;
        private final long epochMinusNano;
        private final IoGroup io = new IoGroup(1, "fa-bench-gw");
        private final BinanceGateway binance;
        private final BybitGateway bybit;
        private final AsciiBuilder body = new AsciiBuilder(1024);
        private final byte[] signature = new byte[64];
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final OrderCommandDecoder order = new OrderCommandDecoder();
        private final MessageHeaderEncoder headerOut = new MessageHeaderEncoder();
        private final ExecutionReportEncoder report = new ExecutionReportEncoder();
        private final long takerFee = FixedPoint.parse("0.0005");
        long orders;

        HarnessGateway(final EventSink sink, final Recorder orderLatency, final long epochMinusNano)
        {
            this.sink = sink;
            this.orderLatency = orderLatency;
            this.epochMinusNano = epochMinusNano;
            final VenueSymbols symbols = new VenueSymbols();
            for (int token = 0; token < Frames.TOKENS.length; token++)
            {
                symbols.add(Frames.id(token, Venue.BINANCE), Frames.TOKENS[token] + "USDT");
                symbols.add(Frames.id(token, Venue.BYBIT), Frames.TOKENS[token] + "USDT");
            }
            final GatewayConfig config = GatewayConfig.of(URI.create("http://127.0.0.1:9"), URI.create("ws://127.0.0.1:9"), takerFee);
            binance = new BinanceGateway(config, KEY, SECRET, io.group(), new RecyclingSink(), new SystemEpochNanoClock(), symbols,
                BinanceWsLayout.SPLIT, 1_765_000_000L);
            bybit = new BybitGateway(config, KEY, SECRET, io.group(), new RecyclingSink(), new SystemEpochNanoClock(), symbols, 1_765_000_000L);
        }

        @Override
        public void onCommand(final org.agrona.DirectBuffer buffer, final int offset, final int length, final boolean endOfBatch)
        {
            header.wrap(buffer, offset);
            if (header.templateId() != OrderCommandDecoder.TEMPLATE_ID)
            {
                return;
            }
            order.wrapAndApplyHeader(buffer, offset, header);
            final long nowEpochMs = (System.nanoTime() + epochMinusNano) / 1_000_000L;
            if (order.venue() == Venue.BINANCE)
            {
                binance.encodeOrder(order, nowEpochMs, body);
            }
            else
            {
                final int bodyLength = bybit.encodeOrder(order, body);
                bybit.sign(nowEpochMs, body.array(), bodyLength, signature);
            }
            final long latency = System.nanoTime() - (order.tsInitNs() - epochMinusNano);
            orderLatency.recordValue(Math.max(0, Math.min(latency, 3_600_000_000_000L)));
            orders++;
            fill();
        }

        private void fill()
        {
            final long ts = System.nanoTime() + epochMinusNano;
            final long qty = order.quantity();
            final long price = order.price();
            final long seq = sink.claim();
            report.wrapAndApplyHeader(sink.buffer(seq), 0, headerOut)
                .tsInitNs(ts).tsEventNs(ts)
                .clientOrderId(order.clientOrderId()).pairId(order.pairId()).instrumentId(order.instrumentId())
                .venue(order.venue()).side(order.side()).execType(ExecType.FILL)
                .lastPrice(price).lastQty(qty).cumQty(qty).leavesQty(0)
                .fee(FixedPoint.multiply(FixedPoint.multiply(price, qty), takerFee)).rejectCode(0)
                .reason("");
            sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength());
        }

        @Override
        public void close()
        {
            binance.close();
            bybit.close();
            io.close();
        }
    }
}
