package io.fundingarb.bench;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.BooleanType;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.OrderCommandDecoder;
import io.fundingarb.codecs.sbe.OrderCommandEncoder;
import io.fundingarb.codecs.sbe.OrderType;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.TimeInForce;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.binance.BinanceGateway;
import io.fundingarb.connectors.binance.BinanceWsLayout;
import io.fundingarb.connectors.bybit.BybitGateway;
import io.fundingarb.connectors.gateway.AsciiBuilder;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.HmacSigner;
import io.fundingarb.connectors.gateway.OrderEntry;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.transport.IoGroup;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Order command to signed request bytes (the gateways' command-thread work: decode the SBE
 * {@code OrderCommand}, write the venue's body, HMAC-SHA256 it, hex, copy out the bytes that go
 * to the transport), target at most 5 µs. Baselines in the same run: the HMAC of a body of the
 * same size alone (the floor), and the naive way (String.format body, a new Mac per request).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    Flags.ADD_OPENS_REFLECT,
    Flags.ADD_EXPORTS_NIO_CH,
    Flags.ADD_EXPORTS_INTERNAL_MISC,
    Flags.ADD_EXPORTS_INTERNAL_REF,
    Flags.ENABLE_NATIVE_ACCESS,
    Flags.CHRONICLE_ANALYTICS_DISABLE,
    Flags.CHRONICLE_ANNOUNCER_DISABLE })
@State(Scope.Thread)
public class GatewaySigningBenchmark
{
    private static final String KEY = "bench-api-key-0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final String SECRET = "bench-api-secret-0123456789abcdef0123456789abcdef0123456789abcd";

    private final UnsafeBuffer command = new UnsafeBuffer(new byte[128]);
    private final OrderCommandDecoder decoder = new OrderCommandDecoder();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final AsciiBuilder binanceBody = new AsciiBuilder(512);
    private final AsciiBuilder bybitBody = new AsciiBuilder(512);
    private final AsciiBuilder binanceFrame = new AsciiBuilder(768);
    private final AsciiBuilder bybitFrame = new AsciiBuilder(768);
    private final byte[] signature = new byte[HmacSigner.HEX_LENGTH];
    private final HmacSigner hmac = new HmacSigner(SECRET);
    private final byte[] sample = new byte[200];
    private IoGroup io;
    private BinanceGateway binance;
    private BybitGateway bybit;
    private long clientOrderId = 1_000_000;

    @Setup(Level.Trial)
    public void setUp()
    {
        io = new IoGroup(1, "fa-bench-gw");
        final VenueSymbols symbols = new VenueSymbols().add(1, "BTCUSDT");
        // WebSocket order entry (never started here: no connection), so that both the REST body and the socket frame can be encoded
        final GatewayConfig config = GatewayConfig.of(URI.create("http://127.0.0.1:9"), URI.create("ws://127.0.0.1:9"), FixedPoint.parse("0.0005"))
            .withOrderEntry(OrderEntry.websocket(URI.create("ws://127.0.0.1:9/ws")));
        binance = new BinanceGateway(config, KEY, SECRET, io.group(), new RecyclingSink(), new SystemEpochNanoClock(), symbols, BinanceWsLayout.SPLIT, 1_765_000_000L);
        bybit = new BybitGateway(config, KEY, SECRET, io.group(), new RecyclingSink(), new SystemEpochNanoClock(), symbols, 1_765_000_000L);
        new OrderCommandEncoder().wrapAndApplyHeader(command, 0, new MessageHeaderEncoder())
            .tsInitNs(1).eventSeq(1).clientOrderId(clientOrderId).pairId(77).instrumentId(1).venue(Venue.BINANCE).side(Side.BUY)
            .orderType(OrderType.LIMIT).timeInForce(TimeInForce.IOC).reduceOnly(BooleanType.FALSE)
            .price(FixedPoint.parse("65000.1")).quantity(FixedPoint.parse("0.153"));
        java.util.Arrays.fill(sample, (byte)'a');
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        binance.close();
        bybit.close();
        io.close();
    }

    private OrderCommandDecoder next()
    {
        header.wrap(command, 0);
        command.putLong(MessageHeaderEncoder.ENCODED_LENGTH + OrderCommandEncoder.clientOrderIdEncodingOffset(), ++clientOrderId);
        return decoder.wrapAndApplyHeader(command, 0, header);
    }

    @Benchmark
    public byte[] binanceOrderToSignedBody()
    {
        binance.encodeOrder(next(), 1_700_000_000_000L + (clientOrderId & 1023), binanceBody);
        return binanceBody.copy();
    }

    @Benchmark
    public byte[] bybitOrderToSignedBody()
    {
        final int length = bybit.encodeOrder(next(), bybitBody);
        bybit.sign(1_700_000_000_000L + (clientOrderId & 1023), bybitBody.array(), length, signature);
        return bybitBody.copy();
    }

    /** Binance WebSocket API {@code order.place} frame, signed, into a reused builder: the command thread's work, without the copy out. */
    @Benchmark
    public int binanceOrderToSignedWsFrame()
    {
        return binance.encodeOrderFrame(next(), 1_700_000_000_000L + (clientOrderId & 1023), binanceFrame);
    }

    /** Bybit {@code /v5/trade} {@code order.create} frame (the socket is authenticated: no per-order signature), reused builders. */
    @Benchmark
    public int bybitOrderToWsFrame()
    {
        return bybit.encodeOrderFrame(next(), 1_700_000_000_000L + (clientOrderId & 1023), bybitFrame);
    }

    /** The same frame and the copy handed to the I/O loop (as {@code onOrder} does). */
    @Benchmark
    public byte[] binanceOrderToSignedWsFrameCopied()
    {
        binance.encodeOrderFrame(next(), 1_700_000_000_000L + (clientOrderId & 1023), binanceFrame);
        return binanceFrame.copy();
    }

    /** Floor: HMAC-SHA256 + hex of a 200-byte body with a reused Mac. */
    @Benchmark
    public byte[] hmacOnlyBaseline()
    {
        sample[0] = (byte)('a' + (clientOrderId++ & 15));
        hmac.update(sample, 0, sample.length);
        hmac.finishHex(signature, 0);
        return signature;
    }

    /** The naive way: String.format the body, a new Mac per request, String hex. */
    @Benchmark
    public String naiveBaseline() throws Exception
    {
        final OrderCommandDecoder order = next();
        final String body = String.format("symbol=%s&side=%s&type=LIMIT&timeInForce=IOC&quantity=%s&price=%s&newClientOrderId=%d" +
            "&newOrderRespType=RESULT&recvWindow=5000&timestamp=%d", "BTCUSDT", order.side(), FixedPoint.toString(order.quantity()),
            FixedPoint.toString(order.price()), order.clientOrderId(), 1_700_000_000_000L);
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        final StringBuilder hex = new StringBuilder(64);
        for (final byte b : mac.doFinal(body.getBytes(StandardCharsets.US_ASCII)))
        {
            hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return body + "&signature=" + hex;
    }
}
