package io.fundingarb.connectors.bybit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.gateway.Fixtures;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.GatewayEventSink;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.transport.IoGroup;
import java.net.URI;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gateway reads Bybit's documented wallet stream example (fixtures/bybit/wallet-stream.json). */
class BybitWalletFixtureTest
{
    private final IoGroup io = new IoGroup(1, "fa-test-bybit-wallet");
    private final GatewayEventSink sink = new GatewayEventSink();
    private final BybitGateway gateway = new BybitGateway(
        GatewayConfig.of(URI.create("http://127.0.0.1:9"), URI.create("ws://127.0.0.1:9"), FixedPoint.parse("0.00055")), "key", "secret",
        io.group(), sink, new SystemEpochNanoClock(), new VenueSymbols().add(1, "ETHUSDT"), 1_765_000_000L);

    @AfterEach
    void close()
    {
        gateway.close();
        io.close();
    }

    @Test
    void shouldPublishTheUnifiedAccountsAvailableBalanceNotTheWithdrawableAmount()
    {
        final Object message = JsonTree.parse(Fixtures.text("bybit/wallet-stream.json"));
        for (final Object wallet : JsonTree.list(JsonTree.get(message, "data")))
        {
            gateway.onWallet(wallet, 1_690_873_065_683_000_000L);
        }

        final long available = FixedPoint.parse("9511.52641225"); // totalAvailableBalance; the coins' availableToWithdraw is "0"
        assertThat(sink.balances()).containsExactly(
            new GatewayEventSink.Balance(Venue.BYBIT, Quote.USDC, 0, available),
            new GatewayEventSink.Balance(Venue.BYBIT, Quote.USDT, FixedPoint.parse("106.03036732"), available));
    }
}
