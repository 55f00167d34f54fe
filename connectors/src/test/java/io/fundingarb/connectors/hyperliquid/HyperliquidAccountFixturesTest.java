package io.fundingarb.connectors.hyperliquid;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.MarginMode;
import io.fundingarb.codecs.sbe.PositionSource;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.gateway.AccountSettings;
import io.fundingarb.connectors.gateway.BalanceFailure;
import io.fundingarb.connectors.gateway.Fixtures;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.GatewayEventSink;
import io.fundingarb.connectors.gateway.GatewayPublisher;
import io.fundingarb.connectors.gateway.PositionRequests;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.hyperliquid.HyperliquidActions.Tif;
import io.fundingarb.connectors.hyperliquid.HyperliquidSigner.Network;
import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.transport.IoGroup;
import io.fundingarb.connectors.transport.RestResponse;
import io.fundingarb.connectors.gateway.AsciiBuilder;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** The gateway reads Hyperliquid's documented answers and stream messages (fixtures/hyperliquid, sources in its README). */
@Timeout(10)
class HyperliquidAccountFixturesTest
{
    static final String KEY = "0x0123456789012345678901234567890123456789012345678901234567890123";
    static final String USER = "0x0000000000000000000000000000000000000001";

    private final IoGroup io = new IoGroup(1, "fa-test-hyperliquid-account");
    private final GatewayEventSink sink = new GatewayEventSink();

    @AfterEach
    void close()
    {
        io.close();
    }

    private static RestResponse answer(final String fixture)
    {
        return new RestResponse(200, Map.of(), Fixtures.text(fixture).getBytes(StandardCharsets.UTF_8));
    }

    private void readPositions(final String fixture) throws Exception
    {
        final AtomicReference<PositionRequests> requests = new AtomicReference<>();
        requests.set(new PositionRequests("test", LoggerFactory.getLogger(getClass()), io.group().next(),
            new VenueSymbols().add(1, "BTC").add(2, "ETH"), new GatewayPublisher(sink, () -> 5L, Venue.HYPERLIQUID), AccountSettings.DEFAULT,
            () -> CompletableFuture.completedFuture(HyperliquidGateway.readPositions(answer(fixture), requests.get()))));
        requests.get().request(PositionSource.POLL).get(5, TimeUnit.SECONDS);
    }

    @Test
    void shouldReadTheDocumentedIsolatedPosition() throws Exception
    {
        readPositions("hyperliquid/clearinghouse-state.json");
        assertThat(sink.positions().get(1)).satisfies(p ->
        {
            assertThat(p.quantity()).isEqualTo(FixedPoint.parse("0.0335"));
            assertThat(p.entryPrice()).isEqualTo(FixedPoint.parse("2986.3"));
            assertThat(p.markPrice()).as("positionValue / |szi|").isEqualTo(FixedPoint.parse("2985.9"));
            assertThat(p.liquidationPrice()).isEqualTo(FixedPoint.parse("2866.26936529"));
            assertThat(p.maintenanceMargin()).isEqualTo(FixedPoint.NULL);
            assertThat(p.leverage()).isEqualTo(20);
            assertThat(p.marginMode()).isEqualTo(MarginMode.ISOLATED);
        });
        assertThat(sink.positions().get(0).quantity()).as("BTC absent: flat").isZero();
    }

    @Test
    void shouldReadACrossShortWithoutLiquidationPrice() throws Exception
    {
        readPositions("hyperliquid/clearinghouse-state-cross-short.json");
        assertThat(sink.positions().get(0)).satisfies(p ->
        {
            assertThat(p.quantity()).isEqualTo(FixedPoint.parse("-0.01"));
            assertThat(p.markPrice()).isEqualTo(FixedPoint.parse("65010"));
            assertThat(p.liquidationPrice()).isEqualTo(FixedPoint.NULL);
            assertThat(p.leverage()).isEqualTo(3);
            assertThat(p.marginMode()).isEqualTo(MarginMode.CROSS);
        });
    }

    @Test
    void shouldPublishTheAccountValueAndWithdrawableAsTheUsdcBalance()
    {
        assertThat(HyperliquidGateway.readBalance(answer("hyperliquid/clearinghouse-state.json"),
            new GatewayPublisher(sink, () -> 5L, Venue.HYPERLIQUID), 5L)).isNull();
        assertThat(sink.balances()).containsExactly(new GatewayEventSink.Balance(Venue.HYPERLIQUID, Quote.USDC,
            FixedPoint.parse("13109.482328"), FixedPoint.parse("13104.514502")));
    }

    @Test
    void shouldCallABalanceAnswerWithoutAccountValueTransient()
    {
        final BalanceFailure failure = HyperliquidGateway.readBalance(new RestResponse(200, Map.of(), "{}".getBytes(StandardCharsets.UTF_8)),
            new GatewayPublisher(sink, () -> 5L, Venue.HYPERLIQUID), 5L);
        assertThat(failure.permanent()).isFalse();
    }

    @Test
    void shouldIndexTheUniverseByCoinLeavingDelistedOut()
    {
        final Map<String, HyperliquidGateway.Coin> meta = HyperliquidGateway.readMeta(Fixtures.text("hyperliquid/meta.json"));
        assertThat(meta).containsEntry("ETH", new HyperliquidGateway.Coin(1, 4, 50)).containsEntry("HPOS", new HyperliquidGateway.Coin(2, 0, 3))
            .doesNotContainKey("LOOM");
    }

    @Test
    void shouldTakeAnOrderErrorAsARefusal()
    {
        assertThat(HyperliquidGateway.refusalOf(answer("hyperliquid/order-error.json"))).isEqualTo("Order must have minimum value of $10.");
        assertThat(HyperliquidGateway.refusalOf(answer("hyperliquid/cancel-error.json")))
            .isEqualTo("Order was never placed, already canceled, or filled.");
    }

    @Test
    void shouldTakeAnErrEnvelopeAsARefusal()
    {
        assertThat(HyperliquidGateway.refusalOf(answer("hyperliquid/action-err.json"))).startsWith("User or API Wallet");
    }

    @Test
    void shouldTakeTheDocumentedSuccessesAsSuccess()
    {
        assertThat(HyperliquidGateway.refusalOf(answer("hyperliquid/update-leverage.json"))).isNull();
        assertThat(HyperliquidGateway.refusalOf(answer("hyperliquid/cancel-success.json"))).isNull();
        assertThat(HyperliquidGateway.refusalOf(answer("hyperliquid/order-resting.json"))).isNull();
    }

    @Test
    void shouldRecogniseTheAddressBasedRateLimitMessage()
    {
        assertThat(HyperliquidGateway.isRateLimit("Too many cumulative requests sent (10001 > 10000) for cumulative volume traded $0.0.")).isTrue();
        assertThat(HyperliquidGateway.isRateLimit("Order must have minimum value of $10.")).isFalse();
    }

    @Test
    void shouldWriteARequestWhoseSignatureRecoversTheAgentAddress()
    {
        final HyperliquidSigner signer = new HyperliquidSigner(KEY, Network.MAINNET);
        final HyperliquidActions actions = new HyperliquidActions().order(4, true, "1670.1", "0.0147", false, Tif.Ioc, null);
        final Object body = JsonTree.parse(HyperliquidGateway.request(signer, actions, 1_765_000_000_000L, 1_765_000_005_000L,
            new AsciiBuilder(64)).toString());
        assertThat(JsonTree.text(body, "nonce")).isEqualTo("1765000000000");
        assertThat(JsonTree.text(body, "expiresAfter")).isEqualTo("1765000005000");
        assertThat(JsonTree.get(JsonTree.get(body, "action"), "orders")).isNotNull();
        final Object sig = JsonTree.get(body, "signature");
        assertThat(HyperliquidSigner.recoverL1Address(actions.msgpack(), 1_765_000_000_000L, null, 1_765_000_005_000L, Network.MAINNET,
            new BigInteger(JsonTree.text(sig, "r").substring(2), 16), new BigInteger(JsonTree.text(sig, "s").substring(2), 16),
            Integer.parseInt(JsonTree.text(sig, "v")))).isEqualTo(signer.address());
    }

    @Test
    void shouldPublishFundingsOfThisSessionOnceEach()
    {
        final HyperliquidGateway gateway = gateway();
        final Object message = JsonTree.parse(Fixtures.text("hyperliquid/ws-user-fundings.json"));
        gateway.onMessage(message);
        gateway.onMessage(message); // the snapshot again after a reconnect
        assertThat(sink.fundings()).containsExactly(new GatewayEventSink.Funding(2, Venue.HYPERLIQUID, FixedPoint.parse("-3.625312"),
            FixedPoint.parse("0.0000417"), FixedPoint.parse("49.1477")));
    }

    @Test
    void shouldCountAnUnreadableStreamMessageInsteadOfThrowing()
    {
        final HyperliquidGateway gateway = gateway();
        gateway.onMessage(JsonTree.parse("{\"channel\":\"userFundings\",\"data\":{\"fundings\":[{\"time\":1765000000001,\"coin\":\"ETH\","
            + "\"usdc\":\"1..2\",\"szi\":\"x\",\"fundingRate\":\"y\"}]}}"));
        gateway.onMessage(JsonTree.parse("{\"channel\":\"userFills\",\"data\":{\"fills\":[{\"oid\":1,\"coin\":\"ETH\",\"tid\":\"x\",\"sz\":\"1\","
            + "\"liquidation\":{}}]}}"));
        assertThat(sink.fundings()).isEmpty();
        assertThat(gateway.malformedMessages()).isEqualTo(2);
    }

    @Test
    void shouldKeepTheAgentKeyOutOfToString()
    {
        assertThat(gateway().toString()).doesNotContain(KEY.substring(2)).contains(USER);
    }

    @Test
    void shouldSignAsTestnetOnlyOnTheTestnetHost()
    {
        assertThat(HyperliquidGateway.networkOf(URI.create("https://api.hyperliquid-testnet.xyz"))).isEqualTo(Network.TESTNET);
        assertThat(HyperliquidGateway.networkOf(URI.create("http://127.0.0.1:8080"))).isEqualTo(Network.MAINNET);
    }

    private HyperliquidGateway gateway()
    {
        final GatewayConfig config = GatewayConfig.of(URI.create("http://127.0.0.1:1"), URI.create("ws://127.0.0.1:1"), FixedPoint.parse("0.00045"));
        return HyperliquidGateway.create(config, USER, KEY, io.group(), sink, () -> 1_765_000_000_000L * 1_000_000L,
            new VenueSymbols().add(1, "BTC").add(2, "ETH"), null, 1_765_000_000L);
    }
}
