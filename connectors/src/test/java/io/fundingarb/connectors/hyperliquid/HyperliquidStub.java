package io.fundingarb.connectors.hyperliquid;

import io.fundingarb.connectors.gateway.Fixtures;
import io.fundingarb.connectors.hyperliquid.HyperliquidActions.Tif;
import io.fundingarb.connectors.hyperliquid.HyperliquidSigner.Network;
import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.transport.LoopbackStub;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny Hyperliquid on 127.0.0.1 (ephemeral port) serving the documented fixtures
 * (fixtures/hyperliquid): {@code POST /info} (meta, clearinghouseState, orderStatus, userFills),
 * {@code POST /exchange} (each action's signature recovered from the msgpack rebuilt from its JSON,
 * as the venue does, and refused unless it is the expected agent's), and {@code /ws} (subscription
 * acknowledgements, pong, and whatever a test pushes). Not the simulator: a test sets each answer.
 */
final class HyperliquidStub extends LoopbackStub
{
    /** What /exchange answers to the next orders: a fixture name, or "500" for a server error. */
    volatile String orderAnswer = "hyperliquid/order-filled.json";
    /** What orderStatus answers. */
    volatile String orderStatusAnswer = "hyperliquid/order-status-unknown.json";
    /** What userFills answers. */
    volatile String userFillsAnswer = "[]";
    /** Pushed on /ws after each order answer (fixture names). */
    final List<String> pushAfterOrder = new CopyOnWriteArrayList<>();
    /** The actions received (JSON), in order. */
    final List<Object> actions = new CopyOnWriteArrayList<>();
    /** The /info request types received, in order. */
    final List<String> infoTypes = new CopyOnWriteArrayList<>();

    private final String agentAddress;

    HyperliquidStub(final String agentAddress) throws InterruptedException
    {
        this.agentAddress = agentAddress;
        bind("/ws");
    }

    /** Sends {@code fixture}'s text on every open /ws connection. */
    void push(final String fixture)
    {
        pushText(Fixtures.text(fixture));
    }

    /** The actions of {@code type} received. */
    List<Object> actions(final String type)
    {
        return actions.stream().filter(a -> type.equals(JsonTree.text(a, "type"))).toList();
    }

    @Override
    protected ChannelHandler httpHandler()
    {
        return new HttpHandler();
    }

    @Override
    protected ChannelHandler wsHandler()
    {
        return new WsHandler();
    }

    private final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest>
    {
        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request)
        {
            final Object body = JsonTree.parse(request.content().toString(StandardCharsets.UTF_8));
            if (request.uri().startsWith("/info"))
            {
                final String type = JsonTree.text(body, "type");
                infoTypes.add(type);
                switch (type)
                {
                    case "meta": reply(ctx, 200, Fixtures.text("hyperliquid/meta.json")); break;
                    case "clearinghouseState": reply(ctx, 200, Fixtures.text("hyperliquid/clearinghouse-state.json")); break;
                    case "orderStatus": reply(ctx, 200, Fixtures.text(orderStatusAnswer)); break;
                    case "userFills": reply(ctx, 200, userFillsAnswer.startsWith("[") ? userFillsAnswer : Fixtures.text(userFillsAnswer)); break;
                    default: reply(ctx, 422, "Failed to deserialize the JSON body into the target type"); break;
                }
                return;
            }
            final Object action = JsonTree.get(body, "action");
            actions.add(action);
            if (!agentAddress.equals(signer(action, body)))
            {
                reply(ctx, 200, "{\"status\":\"err\",\"response\":\"User or API Wallet " + signer(action, body) + " does not exist.\"}");
                return;
            }
            switch (JsonTree.text(action, "type"))
            {
                case "updateLeverage": reply(ctx, 200, Fixtures.text("hyperliquid/update-leverage.json")); break;
                case "cancelByCloid": reply(ctx, 200, Fixtures.text("hyperliquid/cancel-success.json")); break;
                case "order":
                    if ("500".equals(orderAnswer))
                    {
                        reply(ctx, 500, "");
                    }
                    else
                    {
                        reply(ctx, 200, Fixtures.text(orderAnswer));
                    }
                    pushAfterOrder.forEach(HyperliquidStub.this::push);
                    break;
                default: reply(ctx, 422, "unknown action"); break;
            }
        }
    }

    /** The address that signed a request: its action rebuilt into msgpack in the venue's field order, as the venue does. */
    static String signer(final Object action, final Object body)
    {
        final HyperliquidActions actions = new HyperliquidActions();
        switch (JsonTree.text(action, "type"))
        {
            case "order":
            {
                final Object o = JsonTree.list(JsonTree.get(action, "orders")).get(0);
                actions.order(Integer.parseInt(JsonTree.text(o, "a")), Boolean.TRUE.equals(JsonTree.get(o, "b")), JsonTree.text(o, "p"),
                    JsonTree.text(o, "s"), Boolean.TRUE.equals(JsonTree.get(o, "r")),
                    Tif.valueOf(JsonTree.text(JsonTree.get(JsonTree.get(o, "t"), "limit"), "tif")), JsonTree.text(o, "c"));
                break;
            }
            case "cancelByCloid":
            {
                final Object c = JsonTree.list(JsonTree.get(action, "cancels")).get(0);
                actions.cancelByCloid(Integer.parseInt(JsonTree.text(c, "asset")), JsonTree.text(c, "cloid"));
                break;
            }
            case "updateLeverage":
                actions.updateLeverage(Integer.parseInt(JsonTree.text(action, "asset")), Boolean.TRUE.equals(JsonTree.get(action, "isCross")),
                    Integer.parseInt(JsonTree.text(action, "leverage")));
                break;
            default:
                return null;
        }
        final Object sig = JsonTree.get(body, "signature");
        final String expires = JsonTree.text(body, "expiresAfter");
        return HyperliquidSigner.recoverL1Address(actions.msgpack(), Long.parseLong(JsonTree.text(body, "nonce")), null,
            expires == null ? HyperliquidSigner.NO_EXPIRY : Long.parseLong(expires), Network.MAINNET,
            new BigInteger(JsonTree.text(sig, "r").substring(2), 16), new BigInteger(JsonTree.text(sig, "s").substring(2), 16),
            Integer.parseInt(JsonTree.text(sig, "v")));
    }

    private final class WsHandler extends SimpleChannelInboundHandler<TextWebSocketFrame>
    {
        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final TextWebSocketFrame frame)
        {
            final Object message = JsonTree.parse(frame.text());
            if ("ping".equals(JsonTree.text(message, "method")))
            {
                ctx.writeAndFlush(new TextWebSocketFrame("{\"channel\":\"pong\"}"));
            }
            else if ("subscribe".equals(JsonTree.text(message, "method")))
            {
                ctx.writeAndFlush(new TextWebSocketFrame("{\"channel\":\"subscriptionResponse\",\"data\":" + frame.text() + "}"));
            }
        }
    }

}
