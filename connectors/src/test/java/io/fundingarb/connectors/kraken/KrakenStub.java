package io.fundingarb.connectors.kraken;

import io.fundingarb.connectors.gateway.Fixtures;
import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.transport.LoopbackStub;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny Kraken Futures on 127.0.0.1 (ephemeral port) answering with the fixtures of
 * fixtures/kraken/gateway: REST under {@code /derivatives/api/v3/} (each private request's
 * {@code Authent} checked over query string + {@code Nonce} + path without {@code /derivatives},
 * else {@code {"result":"error","error":"authenticationError"}}) and the private WebSocket
 * {@code /ws/v1} (challenge, then each subscription's {@code signed_challenge} checked). Not a
 * simulator: a test sets each answer.
 */
final class KrakenStub extends LoopbackStub
{
    static final String KEY = "demo-key";
    /** The secret of Kraken's "Sign challenge" example (base64). */
    static final String SECRET = "7zxMEF5p/Z8l2p2U7Ghv6x14Af+Fx+92tPgUdVQ748FOIrEoT9bgT+bTRfXc5pz8na+hL/QdrCVG7bh9KpT0eMTm";
    static final String CHALLENGE = "226aee50-88fc-4618-a42a-34f7709570b2";

    /** A request as received. */
    record Request(String method, String path, String query, Map<String, String> headers)
    {
    }

    /** Fixture (or literal JSON) per path; "timeout" never answers. */
    final Map<String, String> answers = new ConcurrentHashMap<>();
    /** Answers of sendorder, used in turn before {@link #answers}. */
    final ConcurrentLinkedQueue<String> sendOrderAnswers = new ConcurrentLinkedQueue<>();
    /** Private-stream fixtures pushed when a sendorder arrives, before its answer, which then waits {@link #sendOrderAnswerDelayMs}. */
    final ConcurrentLinkedQueue<String> pushedBeforeSendOrderAnswer = new ConcurrentLinkedQueue<>();
    volatile long sendOrderAnswerDelayMs;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final List<String> wsReceived = new CopyOnWriteArrayList<>();
    volatile int wsPings;
    volatile int badSignatures;

    private final KrakenSigner verifier = new KrakenSigner(KEY, SECRET);

    KrakenStub() throws InterruptedException
    {
        answers.put(KrakenInstruments.INSTRUMENTS_PATH, "kraken/gateway/d-instruments.json");
        answers.put(KrakenGateway.OPEN_POSITIONS_PATH, "kraken/gateway/d-open-positions.json");
        answers.put(KrakenGateway.ACCOUNTS_PATH, "kraken/gateway/d-accounts.json");
        answers.put(KrakenGateway.ORDER_STATUS_PATH, "kraken/gateway/d-order-status-empty.json");
        answers.put(KrakenGateway.FILLS_PATH, "kraken/gateway/d-fills-empty.json");
        answers.put(KrakenGateway.LEVERAGE_PATH, "{\"result\":\"success\",\"serverTime\":\"2026-12-07T02:00:00.000Z\"}");
        answers.put(KrakenGateway.CANCEL_ORDER_PATH, "{\"result\":\"success\",\"cancelStatus\":{\"status\":\"cancelled\"}}");
        bind("/ws/v1");
    }

    /** Sends a fixture's text on every open /ws/v1 connection. */
    void push(final String fixture)
    {
        pushText(Fixtures.text(fixture));
    }

    List<Request> requests(final String path)
    {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
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
            final String uri = request.uri();
            final int q = uri.indexOf('?');
            final String path = q < 0 ? uri : uri.substring(0, q);
            final String query = q < 0 ? "" : uri.substring(q + 1);
            final Map<String, String> headers = new ConcurrentHashMap<>();
            request.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
            requests.add(new Request(request.method().name(), path, query, headers));
            if (!path.equals(KrakenInstruments.INSTRUMENTS_PATH) && !signatureValid(request, path, query))
            {
                badSignatures++;
                reply(ctx, 200, "{\"result\":\"error\",\"serverTime\":\"2026-12-07T02:00:00.000Z\",\"error\":\"authenticationError\"}");
                return;
            }
            String answer = path.equals(KrakenGateway.SEND_ORDER_PATH) ? sendOrderAnswers.poll() : null;
            if (answer == null)
            {
                answer = answers.get(path);
            }
            if (answer == null)
            {
                reply(ctx, 404, "{\"result\":\"error\",\"error\":\"notFound\"}");
            }
            else if (!"timeout".equals(answer))
            {
                final String body = answer.startsWith("{") ? answer : Fixtures.text(answer);
                if (path.equals(KrakenGateway.SEND_ORDER_PATH) && !pushedBeforeSendOrderAnswer.isEmpty())
                {
                    for (String frame = pushedBeforeSendOrderAnswer.poll(); frame != null; frame = pushedBeforeSendOrderAnswer.poll())
                    {
                        push(frame);
                    }
                    ctx.executor().schedule(() -> reply(ctx, 200, body), sendOrderAnswerDelayMs, java.util.concurrent.TimeUnit.MILLISECONDS);
                    return;
                }
                reply(ctx, 200, body);
            }
        }
    }

    private boolean signatureValid(final FullHttpRequest request, final String path, final String query)
    {
        final String nonce = request.headers().get(KrakenSigner.NONCE_HEADER);
        final String authent = request.headers().get(KrakenSigner.AUTHENT_HEADER);
        return KEY.equals(request.headers().get(KrakenSigner.API_KEY_HEADER)) && nonce != null && authent != null
            && authent.equals(verifier.authent(query + request.content().toString(StandardCharsets.UTF_8), Long.parseLong(nonce),
            KrakenSigner.endpointPath(path)));
    }

    private final class WsHandler extends SimpleChannelInboundHandler<Object>
    {
        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final Object frame)
        {
            if (frame instanceof PingWebSocketFrame)
            {
                wsPings++;
                return;
            }
            if (!(frame instanceof TextWebSocketFrame))
            {
                return;
            }
            final String text = ((TextWebSocketFrame)frame).text();
            wsReceived.add(text);
            final Object message = JsonTree.parse(text);
            final String event = JsonTree.text(message, "event");
            final String feed = JsonTree.text(message, "feed");
            if ("challenge".equals(event) && KEY.equals(JsonTree.text(message, "api_key")))
            {
                ctx.writeAndFlush(new TextWebSocketFrame("{\"event\":\"challenge\",\"message\":\"" + CHALLENGE + "\"}"));
            }
            else if ("subscribe".equals(event) && "heartbeat".equals(feed))
            {
                ctx.writeAndFlush(new TextWebSocketFrame("{\"event\":\"subscribed\",\"feed\":\"heartbeat\"}"));
            }
            else if ("subscribe".equals(event))
            {
                final boolean valid = KEY.equals(JsonTree.text(message, "api_key")) && CHALLENGE.equals(JsonTree.text(message, "original_challenge"))
                    && verifier.signChallenge(CHALLENGE).equals(JsonTree.text(message, "signed_challenge"));
                ctx.writeAndFlush(new TextWebSocketFrame(valid ? "{\"event\":\"subscribed\",\"feed\":\"" + feed + "\"}"
                    : "{\"event\":\"error\",\"message\":\"Json Error\"}"));
            }
        }
    }

}
