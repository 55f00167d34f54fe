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
import io.fundingarb.connectors.gateway.AsciiBuilder;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.hyperliquid.HyperliquidActions;
import io.fundingarb.connectors.hyperliquid.HyperliquidGateway;
import io.fundingarb.connectors.hyperliquid.HyperliquidSigner;
import io.fundingarb.connectors.transport.IoGroup;
import java.net.URI;
import java.util.concurrent.TimeUnit;
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
 * Hyperliquid order command to signed request bytes (the gateway's command-thread work: decode the
 * SBE {@code OrderCommand}, round price and size to the venue's wire form, write the order action
 * as msgpack and JSON, keccak-256 with nonce and expiresAfter, the EIP-712 digest, a secp256k1
 * signature with RFC 6979 k, the body, the copy that goes to the transport). Its parts in the same
 * run: the action alone (msgpack + JSON), the hash alone (action + keccak + EIP-712 digest), the
 * secp256k1 signature of a fixed digest alone, and the recovery of the signer's address (the
 * simulator's check).
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
public class HyperliquidSigningBenchmark
{
    private static final String ADDRESS = "0x0000000000000000000000000000000000000001";
    private static final String AGENT_KEY = "0x0123456789012345678901234567890123456789012345678901234567890123";
    private static final HyperliquidGateway.Coin ETH = new HyperliquidGateway.Coin(1, 4, 50);

    private final UnsafeBuffer command = new UnsafeBuffer(new byte[128]);
    private final OrderCommandDecoder decoder = new OrderCommandDecoder();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final AsciiBuilder body = new AsciiBuilder(512);
    private final HyperliquidActions actions = new HyperliquidActions();
    private final HyperliquidSigner signer = new HyperliquidSigner(AGENT_KEY, HyperliquidSigner.Network.MAINNET);
    private final byte[] digest = new byte[32];
    private IoGroup io;
    private HyperliquidGateway gateway;
    private HyperliquidSigner.Signature signature;
    private long clientOrderId = 1_000_000;
    private long nonce = 1_765_000_000_000L;

    @Setup(Level.Trial)
    public void setUp()
    {
        io = new IoGroup(1, "fa-bench-hl");
        final GatewayConfig config = GatewayConfig.of(URI.create("http://127.0.0.1:9"), URI.create("ws://127.0.0.1:9"), FixedPoint.parse("0.00045"));
        gateway = HyperliquidGateway.create(config, ADDRESS, AGENT_KEY, io.group(), new RecyclingSink(), new SystemEpochNanoClock(),
            new VenueSymbols().add(1, "ETH"), null, 1_765_000_000L);
        new OrderCommandEncoder().wrapAndApplyHeader(command, 0, new MessageHeaderEncoder())
            .tsInitNs(1).eventSeq(1).clientOrderId(clientOrderId).pairId(77).instrumentId(1).venue(Venue.HYPERLIQUID).side(Side.BUY)
            .orderType(OrderType.LIMIT).timeInForce(TimeInForce.IOC).reduceOnly(BooleanType.FALSE)
            .price(FixedPoint.parse("3012.47")).quantity(FixedPoint.parse("0.1534"));
        java.util.Arrays.fill(digest, (byte)7);
        signature = signer.sign(digest);
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        gateway.close();
        io.close();
    }

    private OrderCommandDecoder next()
    {
        header.wrap(command, 0);
        command.putLong(MessageHeaderEncoder.ENCODED_LENGTH + OrderCommandEncoder.clientOrderIdEncodingOffset(), ++clientOrderId);
        return decoder.wrapAndApplyHeader(command, 0, header);
    }

    /** The whole command-thread path: OrderCommand → signed JSON body bytes. */
    @Benchmark
    public byte[] orderToSignedBody()
    {
        gateway.encodeOrder(next(), ETH, ++nonce, body);
        return body.copy();
    }

    /** Part: the order action written as msgpack and JSON (no hashing). */
    @Benchmark
    public int actionOnly()
    {
        return actions.order(1, true, "3012.4", "0.1534", false, HyperliquidActions.Tif.Ioc, "0x666100006933c34000000000000f4240")
            .msgpackLength();
    }

    /** Part: the action, keccak-256 of action + nonce + expiresAfter, and the EIP-712 digest (no signature). */
    @Benchmark
    public byte[] actionAndHashes()
    {
        actions.order(1, true, "3012.4", "0.1534", false, HyperliquidActions.Tif.Ioc, "0x666100006933c34000000000000f4240");
        return HyperliquidSigner.agentDigest(HyperliquidSigner.connectionId(actions.msgpack(), ++nonce, null, nonce + 5_000),
            HyperliquidSigner.Network.MAINNET);
    }

    /** Part: the secp256k1 signature of a fixed 32-byte digest (RFC 6979 k, low s, recovery id). */
    @Benchmark
    public HyperliquidSigner.Signature signDigestOnly()
    {
        digest[0]++;
        return signer.sign(digest);
    }

    /** The simulator's side: the signer's address recovered from a signature. */
    @Benchmark
    public String recoverAddress()
    {
        return HyperliquidSigner.recoverAddress(digest, signature.r(), signature.s(), signature.v());
    }
}
