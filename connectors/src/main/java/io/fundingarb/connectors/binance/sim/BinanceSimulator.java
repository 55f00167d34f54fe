package io.fundingarb.connectors.binance.sim;

import io.fundingarb.connectors.binance.BinanceWsLayout;
import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.simulator.FundingPath;
import io.fundingarb.connectors.simulator.JsonText;
import io.fundingarb.connectors.simulator.MessageFields;
import io.fundingarb.connectors.simulator.RestReply;
import io.fundingarb.connectors.simulator.SimAccount;
import io.fundingarb.connectors.simulator.SimAccountConfig;
import io.fundingarb.connectors.simulator.SimBook;
import io.fundingarb.connectors.simulator.SimInstrument;
import io.fundingarb.connectors.simulator.SimMarket;
import io.fundingarb.connectors.simulator.SimOrder;
import io.fundingarb.connectors.simulator.SimRecording;
import io.fundingarb.connectors.simulator.SimReplay;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimSession;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.simulator.SimulatorServer;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Binance USD-M futures, the public market-data side, on 127.0.0.1:
 *
 * <ul>
 *   <li>WebSocket {@code /stream?streams=a/b/c} (combined: {@code {"stream":..,"data":..}}) and
 *       {@code /ws[/stream]} (raw), on any path prefix ({@code /public}, {@code /market}); with
 *       {@link SimulatorConfig#strictPaths()} only as the venue does since 2026 ({@link BinanceWsLayout}):
 *       {@code /public} serves {@code @depth} and {@code @bookTicker} only, {@code /market} the other streams,
 *       {@code /private} user data only, and a path without one of these prefixes is refused (404); a stream
 *       asked for on the wrong path is not served (and a {@code SUBSCRIBE} to it answered with an error);
 *       {@code SUBSCRIBE} / {@code UNSUBSCRIBE} / {@code LIST_SUBSCRIPTIONS} methods answered
 *       {@code {"result":null,"id":n}};</li>
 *   <li>streams {@code <sym>@markPrice[@1s]} ({@code markPriceUpdate}), {@code <sym>@depth[@100ms]}
 *       ({@code depthUpdate} with {@code U}, {@code u}, {@code pu}), {@code <sym>@bookTicker};</li>
 *   <li>WebSocket ping frames from the server when {@code serverPingIntervalMs > 0};</li>
 *   <li>REST {@code /fapi/v1/exchangeInfo}, {@code /fapi/v1/fundingInfo},
 *       {@code /fapi/v1/depth?symbol=&limit=}, {@code /fapi/v1/ticker/24hr},
 *       {@code /fapi/v1/premiumIndex}, {@code /fapi/v1/time}, {@code /fapi/v1/ping}.</li>
 * </ul>
 *
 * <p>The order side (signed with the configured demo key, verified like the venue: -2015 for an
 * unknown key, -1022 for a bad signature): {@code POST /fapi/v1/listenKey} (+ {@code PUT},
 * {@code DELETE}) and the user-data stream {@code /private/ws?listenKey=<key>} (or the legacy {@code /ws/<listenKey>}); {@code POST /fapi/v1/order}
 * (LIMIT IOC/GTC/GTX, MARKET; symbol, tick, step, min-notional and reduce-only checks with the
 * venue's codes), matched against the simulator's own book at once (walking levels, taking
 * liquidity, taker fee per fill half-up to 8 decimals; an IOC remainder EXPIRES, a GTC remainder
 * rests unmatched until cancelled), answered with the RESULT body and pushed as
 * {@code ORDER_TRADE_UPDATE} (NEW, one TRADE per level, EXPIRED) and {@code ACCOUNT_UPDATE}
 * (reason ORDER); {@code GET} (the documented Query Order shape; -2013 for an id it never had) and
 * {@code DELETE /fapi/v1/order} by {@code origClientOrderId};
 * signed {@code GET /fapi/v3/balance} (and {@code /fapi/v2/balance}, the same shape): USDT with
 * the account's wallet balance and available = wallet - margin in use, USDC and BNB empty.
 * At each funding settlement of the scenario, open positions receive -qty x mark x rate, booked
 * as a FUNDING_FEE income record (signed {@code GET /fapi/v1/income}) and pushed as
 * {@code ACCOUNT_UPDATE} reason {@code FUNDING_FEE} (cross margin, the default: balance only, no
 * position, as documented; {@link #isolatedMargin(boolean)}: with the position). Faults: see
 * {@link SimulatorServer}.
 *
 * <p>A REST depth snapshot's {@code lastUpdateId} always falls inside the next diff's
 * {@code [U, u]}, so the documented sync procedure works; {@link #skipSequence(String)} drops
 * one diff, so the following diff's {@code pu} no longer equals the previous {@code u}.
 */
public final class BinanceSimulator extends SimulatorServer
{
    private static final long FIRST_UPDATE_ID = 600_859_600_000L;
    private static final BigDecimal FUNDING_CAP = new BigDecimal("0.02");
    private static final String BINANCE_INCOME_PATH = "/fapi/v1/income";

    private final Map<String, Market> markets = new LinkedHashMap<>();
    private final Set<String> listenKeys = new HashSet<>();
    private final java.util.Random keys;
    private long nextOrderId;
    private long weightMinute;
    private int weightUsed;
    private final java.util.ArrayDeque<Long> orderTimesMs = new java.util.ArrayDeque<>();
    /** The recorded session replayed, or null for a scenario. */
    private final BinanceReplay replay;
    private final List<Income> incomes = new java.util.ArrayList<>();
    private long nextTranId = 9_689_322_392L;
    private volatile boolean hedgeMode;
    private volatile BigDecimal bnbPrice;
    /** Private-stream events are sent this long after they happen (a slow stream: the REST answer comes first). */
    private volatile long privateDelayMs;
    private static final String LIQUIDATION_PREFIX = "autoclose-";
    private volatile int maxLeverage = 125;
    private static final Set<String> ACCOUNT_PATHS = Set.of("/fapi/v1/positionSide/dual", "/fapi/v1/marginType", "/fapi/v1/leverage",
        "/fapi/v2/positionRisk");
    private static final int PRIVATE_LOG = 256;
    /** The WebSocket API ("WebSocket API General Info", USDⓈ-M futures): {@code wss://ws-fapi.binance.com/ws-fapi/v1}. */
    public static final String WS_API_PATH = "/ws-fapi/v1";
    /** A WebSocket API session's attachment (a market-data session's is whether it is combined). */
    private static final Object WS_API = new Object();
    private final java.util.ArrayDeque<String> privateLog = new java.util.ArrayDeque<>(PRIVATE_LOG);

    /** Per symbol: the synthetic market and the sequence state of its diff stream. */
    private static final class Market
    {
        final SimMarket sim;
        final String stream;
        long lastSentU;
        long lastEmittedU;
        boolean skipNext;
        long nextSettleMs;

        Market(final SimMarket sim)
        {
            this.sim = sim;
            this.stream = sim.instrument().symbol().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A simulator replaying a recorded session instead of a scenario (see {@link BinanceReplay}):
     * the recorded frames to subscribers, paced at {@code speed} times the recorded pace (0: as
     * fast as the clients read) from the first subscription; the recorded REST depth snapshots
     * and exchangeInfo. The order side has no markets (every symbol is invalid).
     *
     * @param recording the session, e.g. {@code SimRecording.load(List.of(ws, depth, exchangeInfo), r -> true)}.
     */
    public static BinanceSimulator replaying(final SimRecording recording, final SimulatorConfig config, final double speed)
    {
        return new BinanceSimulator(recording, config, speed);
    }

    /** {@link #replaying(SimRecording, SimulatorConfig, double)} of recording files (frames and REST bodies, any order). */
    public static BinanceSimulator replaying(final List<java.nio.file.Path> files, final SimulatorConfig config, final double speed)
    {
        return replaying(SimRecording.load(files, record -> true), config, speed);
    }

    private BinanceSimulator(final SimRecording recording, final SimulatorConfig config, final double speed)
    {
        super("binance", null, config, new SimAccount(SimAccountConfig.demo("0.0005"), 0));
        this.keys = new java.util.Random(0x11573E4EL);
        this.nextOrderId = 4_000_000_000L;
        this.replay = new BinanceReplay(recording, speed, this::sessions);
    }

    public BinanceSimulator(final SimScenario scenario, final SimulatorConfig config)
    {
        this(scenario, config, SimAccountConfig.demo("0.0005"));
    }

    public BinanceSimulator(final SimScenario scenario, final SimulatorConfig config, final SimAccountConfig accountConfig)
    {
        super("binance", scenario, config, new SimAccount(accountConfig, scenario.seed()));
        this.replay = null;
        this.keys = new java.util.Random(scenario.seed() ^ 0x11573E4EL);
        this.nextOrderId = 4_000_000_000L + Math.floorMod(scenario.seed(), 1_000_000L);
        for (final SimInstrument instrument : scenario.instruments())
        {
            final Market market = new Market(new SimMarket(scenario, instrument, config.bookLevels(), scenario.seed() ^ 0xB1AACEL, FIRST_UPDATE_ID));
            market.sim.stepBook(config.clock().nanoTime());
            market.sim.book().drain();
            market.lastEmittedU = market.sim.book().lastUpdateId();
            market.lastSentU = market.lastEmittedU;
            market.nextSettleMs = market.sim.funding(config.clock().nanoTime() / 1_000_000L).nextFundingMs();
            markets.put(instrument.symbol(), market);
        }
    }

    @Override
    public BinanceSimulator start()
    {
        super.start();
        return this;
    }

    @Override
    protected SimReplay replay()
    {
        return replay;
    }

    @Override
    protected void writeCounters(final JsonText out)
    {
        out.field("nextOrderId", nextOrderId);
        out.field("nextTranId", nextTranId);
    }

    @Override
    protected void readCounters(final Object counters)
    {
        nextOrderId = counter(counters, "nextOrderId", nextOrderId);
        nextTranId = counter(counters, "nextTranId", nextTranId);
    }

    @Override
    protected SimMarket simMarket(final String symbol)
    {
        return markets.get(symbol).sim;
    }

    /** The combined-stream URL for {@code streams}, e.g. {@code ws://127.0.0.1:p/stream?streams=btcusdt@markPrice@1s}. */
    public String combinedStreamUrl(final List<String> streams)
    {
        return wsBaseUrl() + "/stream?streams=" + String.join("/", streams);
    }

    // ---------------------------------------------------------------- WebSocket

    @Override
    protected boolean isWebSocketPath(final String path)
    {
        if (WS_API_PATH.equals(path))
        {
            return true;
        }
        final boolean known = path.endsWith("/stream") || path.endsWith("/ws") || path.contains("/ws/");
        return known && (!config.strictPaths() || path.startsWith(BinanceWsLayout.PUBLIC_PREFIX + "/") ||
            path.startsWith(BinanceWsLayout.MARKET_PREFIX + "/") || path.startsWith(BinanceWsLayout.PRIVATE_PREFIX + "/"));
    }

    /** Whether {@code stream} is served on a connection upgraded on {@code path} (always, unless strict). */
    private boolean servedOn(final String path, final String stream)
    {
        if (!config.strictPaths())
        {
            return true;
        }
        if (path.startsWith(BinanceWsLayout.PUBLIC_PREFIX + "/"))
        {
            return BinanceWsLayout.isPublicStream(stream);
        }
        return path.startsWith(BinanceWsLayout.MARKET_PREFIX + "/") && !BinanceWsLayout.isPublicStream(stream);
    }

    private boolean isUserDataPath(final String path)
    {
        return !config.strictPaths() || path.startsWith(BinanceWsLayout.PRIVATE_PREFIX + "/");
    }

    @Override
    protected void onOpen(final SimSession session, final QueryStringDecoder uri)
    {
        if (WS_API_PATH.equals(uri.path()))
        {
            session.attach(WS_API);
            return;
        }
        final boolean combined = uri.path().endsWith("/stream");
        session.attach(combined);
        if (combined)
        {
            final List<String> streams = uri.parameters().get("streams");
            if (streams != null)
            {
                for (final String list : streams)
                {
                    for (final String stream : list.split("/"))
                    {
                        if (!stream.isEmpty() && servedOn(uri.path(), stream))
                        {
                            session.topics().add(stream);
                        }
                    }
                }
            }
        }
        else
        {
            final List<String> keyParam = uri.parameters().get("listenKey");
            final int at = uri.path().indexOf("/ws/");
            final String stream = keyParam != null ? keyParam.get(0) : at >= 0 ? uri.path().substring(at + 4) : null;
            if (stream != null)
            {
                if (listenKeys.contains(stream) && isUserDataPath(uri.path()))
                {
                    admitPrivate(session);
                    return;
                }
                if (servedOn(uri.path(), stream))
                {
                    session.topics().add(stream);
                }
            }
        }
        if (replay != null)
        {
            replay.onSubscribed(session);
        }
    }

    @Override
    protected void onText(final SimSession session, final String text)
    {
        if (session.attachment() == WS_API)
        {
            onWsApiRequest(session, text);
            return;
        }
        final String method = MessageFields.string(text, "method");
        final String id = MessageFields.literal(text, "id");
        final List<String> params = MessageFields.strings(text, "params");
        final String idJson = id == null ? "null" : id;
        if (method == null)
        {
            session.send("{\"error\":{\"code\":3,\"msg\":\"Invalid JSON: expected a method\"},\"id\":" + idJson + "}");
            return;
        }
        switch (method)
        {
            case "SUBSCRIBE":
                final String refused = params == null ? null : params.stream().filter(p -> !servedOn(session.path(), p)).findFirst().orElse(null);
                if (refused != null)
                {
                    session.send("{\"error\":{\"code\":2,\"msg\":\"Invalid request: " + refused + " is not served on " + session.path() + "\"},\"id\":" + idJson + "}");
                    break;
                }
                if (params != null)
                {
                    session.topics().addAll(params);
                }
                session.send("{\"result\":null,\"id\":" + idJson + "}");
                if (replay != null)
                {
                    replay.onSubscribed(session);
                }
                break;
            case "UNSUBSCRIBE":
                if (params != null)
                {
                    params.forEach(session.topics()::remove);
                }
                session.send("{\"result\":null,\"id\":" + idJson + "}");
                break;
            case "LIST_SUBSCRIPTIONS":
                final JsonText json = new JsonText().beginObject().name("result").beginArray();
                session.topics().forEach(json::string);
                session.send(json.endArray().rawField("id", idJson).endObject().toString());
                break;
            default:
                session.send("{\"error\":{\"code\":2,\"msg\":\"Invalid request: unknown method " + method + "\"},\"id\":" + idJson + "}");
        }
    }

    // ---------------------------------------------------------------- WebSocket API (order entry)

    /**
     * One request of the WebSocket API, as "WebSocket API General Info" and "New Order (TRADE)" / "Cancel Order (TRADE)"
     * describe it: {@code {"id","method","params"}} in, {@code {"id","status","result"|"error","rateLimits"}} out (fixtures
     * fixtures/binance/ws-api-*.json). SIGNED methods carry {@code apiKey}, {@code timestamp} and {@code signature}: the
     * HMAC-SHA256 of every other param sorted by name as a query string. The order faults apply as on REST; a lost answer
     * is never sent, or its connection closed.
     */
    private void onWsApiRequest(final SimSession session, final String text)
    {
        final long nowMs = config.clock().nanoTime() / 1_000_000L;
        final Object request;
        try
        {
            request = JsonTree.parse(text);
        }
        catch (final IllegalArgumentException ex)
        {
            wsApiAnswer(session, "null", error(400, -1013, "Malformed request."), nowMs, false);
            return;
        }
        final Object idValue = JsonTree.get(request, "id");
        final String id = idValue instanceof String ? "\"" + idValue + "\"" : idValue == null ? "null" : JsonTree.text(request, "id");
        final String method = JsonTree.text(request, "method");
        final boolean place = "order.place".equals(method);
        if (place)
        {
            countOrder();
        }
        final Map<String, String> params = new HashMap<>();
        final RestReply denied = place || "order.cancel".equals(method) || "order.status".equals(method)
            ? authenticateWsApi(JsonTree.get(request, "params"), params)
            : error(400, -1020, "This operation is not supported.");
        if (denied != null)
        {
            wsApiAnswer(session, id, denied, nowMs, place);
            return;
        }
        if (place)
        {
            final RestReply unapplied = takeUnappliedFailure();
            if (unapplied != null)
            {
                wsApiAnswer(session, id, unapplied, nowMs, true);
                return;
            }
            final RestReply reply = newOrder(params, nowMs);
            wsApiAnswer(session, id, reply.status() == 200 ? applied(reply) : reply, nowMs, true);
        }
        else if ("order.cancel".equals(method))
        {
            wsApiAnswer(session, id, cancel(params.get("origClientOrderId"), nowMs), nowMs, false);
        }
        else
        {
            final SimOrder order = orders.get(params.get("origClientOrderId"));
            wsApiAnswer(session, id, order == null ? error(400, -2013, "Order does not exist.") : RestReply.ok(queryJson(order)), nowMs, false);
        }
    }

    /** The signed params of a WebSocket API request into {@code params}; null, or the venue's error answer. */
    private RestReply authenticateWsApi(final Object paramsObject, final Map<String, String> params)
    {
        if (!(paramsObject instanceof Map<?, ?> map))
        {
            return error(400, -1102, "Mandatory parameter 'apiKey' was not sent, was empty/null, or malformed.");
        }
        final java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>();
        for (final Map.Entry<?, ?> entry : map.entrySet())
        {
            final Object value = entry.getValue();
            sorted.put(String.valueOf(entry.getKey()), value instanceof BigDecimal number ? number.toPlainString() : String.valueOf(value));
        }
        if (!account.keyMatches(sorted.get("apiKey")))
        {
            return error(401, -2015, "Invalid API-key, IP, or permissions for action.");
        }
        final String signature = sorted.remove("signature");
        if (signature == null)
        {
            return error(400, -1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.");
        }
        final StringBuilder payload = new StringBuilder(256);
        sorted.forEach((name, value) -> payload.append(payload.length() == 0 ? "" : "&").append(name).append('=').append(value));
        if (!account.signatureMatches(payload.toString(), signature))
        {
            return error(400, -1022, "Signature for this request is not valid.");
        }
        if (sorted.get("timestamp") == null)
        {
            return error(400, -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
        }
        params.putAll(sorted);
        return null;
    }

    /** A REST-shaped reply as the WebSocket API's answer frame, with its {@code rateLimits}; delayed or lost as the faults say. */
    private void wsApiAnswer(final SimSession session, final String id, final RestReply reply, final long nowMs, final boolean order)
    {
        final Map<String, String> counts = limits(reply, nowMs, order).headers();
        final JsonText json = new JsonText(1024).beginObject().rawField("id", id).field("status", reply.status())
            .rawField(reply.status() == 200 ? "result" : "error", reply.body()).name("rateLimits").beginArray();
        rateLimit(json, "REQUEST_WEIGHT", "MINUTE", 1, 2400, counts.get("X-MBX-USED-WEIGHT-1M"));
        if (order)
        {
            rateLimit(json, "ORDERS", "SECOND", 10, 300, counts.get("X-MBX-ORDER-COUNT-10S"));
        }
        final String frame = json.endArray().endObject().toString();
        if (reply.loss() == RestReply.Loss.CLOSE_CONNECTION)
        {
            session.channel().close();
        }
        else if (reply.loss() != RestReply.Loss.NO_ANSWER)
        {
            later(reply.delayMs(), () -> session.send(frame));
        }
    }

    private static void rateLimit(final JsonText json, final String type, final String interval, final int num, final int limit, final String count)
    {
        json.beginObject().field("rateLimitType", type).field("interval", interval).field("intervalNum", num).field("limit", limit)
            .field("count", count == null ? 0 : Integer.parseInt(count)).endObject();
    }

    private void publishStream(final String streamName, final String data, final Set<String> aliases)
    {
        final List<SimSession> sessions = sessions();
        for (int i = 0; i < sessions.size(); i++)
        {
            final SimSession session = sessions.get(i);
            for (final String alias : aliases)
            {
                if (session.topics().contains(alias))
                {
                    final boolean combined = session.<Boolean>attachment();
                    session.send(combined ? "{\"stream\":\"" + alias + "\",\"data\":" + data + "}" : data);
                    break;
                }
            }
        }
    }

    @Override
    protected void onMarkTick(final long nowNs)
    {
        final long nowMs = nowNs / 1_000_000L;
        settleFunding(nowMs);
        for (final Market market : markets.values())
        {
            final String s = market.stream;
            final Set<String> aliases = Set.of(s + "@markPrice@1s", s + "@markPrice");
            if (!anySubscribed(aliases))
            {
                continue;
            }
            publishStream(s + "@markPrice@1s", markPriceUpdate(market, nowNs, nowMs), aliases);
        }
    }

    private String markPriceUpdate(final Market market, final long nowNs, final long nowMs)
    {
        final FundingPath.Current funding = market.sim.funding(nowMs);
        return new JsonText()
            .beginObject()
            .field("e", "markPriceUpdate")
            .field("E", nowMs)
            .field("s", market.sim.instrument().symbol())
            .field("p", price8(market.sim.mark(nowNs)))
            .field("i", price8(market.sim.index(nowNs)))
            .field("P", price8(market.sim.index(nowNs)))
            .field("r", funding.rate().setScale(8, RoundingMode.HALF_EVEN).toPlainString())
            .field("T", funding.nextFundingMs())
            .endObject()
            .toString();
    }

    @Override
    protected void onDepthTick(final long nowNs)
    {
        final long nowMs = nowNs / 1_000_000L;
        for (final Market market : markets.values())
        {
            final int updates = 1 + market.sim.random().nextInt(3);
            for (int i = 0; i < updates; i++)
            {
                market.sim.stepBook(nowNs);
            }
            publishDepth(market, nowMs);
        }
    }

    /** The book's changes since the last push, as one {@code depthUpdate} and a {@code bookTicker} to their subscribers. */
    private void publishDepth(final Market market, final long nowMs)
    {
        final SimInstrument instrument = market.sim.instrument();
        final SimBook.Diff diff = market.sim.book().drain();
        if (diff == null)
        {
            return;
        }
        final long pu = market.lastEmittedU;
        market.lastEmittedU = diff.lastUpdateId();
        if (market.skipNext)
        {
            market.skipNext = false;
            return;
        }
        market.lastSentU = diff.lastUpdateId();
        final String s = market.stream;
        final Set<String> depthAliases = Set.of(s + "@depth@100ms", s + "@depth", s + "@depth@250ms", s + "@depth@500ms");
        if (anySubscribed(depthAliases))
        {
            final JsonText json = new JsonText(512)
                .beginObject()
                .field("e", "depthUpdate")
                .field("E", nowMs)
                .field("T", nowMs)
                .field("s", instrument.symbol())
                .field("U", diff.firstUpdateId())
                .field("u", diff.lastUpdateId())
                .field("pu", pu)
                .name("b").beginArray();
            diff.bids().forEach(l -> json.pair(instrument.price(l.priceTicks()), instrument.size(l.lots())));
            json.endArray().name("a").beginArray();
            diff.asks().forEach(l -> json.pair(instrument.price(l.priceTicks()), instrument.size(l.lots())));
            json.endArray().endObject();
            publishStream(s + "@depth@100ms", json.toString(), depthAliases);
        }
        final Set<String> tickerAliases = Set.of(s + "@bookTicker");
        if (anySubscribed(tickerAliases))
        {
            final SimBook.Level bid = market.sim.book().bestBid();
            final SimBook.Level ask = market.sim.book().bestAsk();
            final String data = new JsonText()
                .beginObject()
                .field("e", "bookTicker")
                .field("u", diff.lastUpdateId())
                .field("s", instrument.symbol())
                .field("b", instrument.price(bid.priceTicks()))
                .field("B", instrument.size(bid.lots()))
                .field("a", instrument.price(ask.priceTicks()))
                .field("A", instrument.size(ask.lots()))
                .field("T", nowMs)
                .field("E", nowMs)
                .endObject()
                .toString();
            publishStream(s + "@bookTicker", data, tickerAliases);
        }
    }

    private boolean anySubscribed(final Set<String> aliases)
    {
        for (final String alias : aliases)
        {
            if (hasSubscriber(alias))
            {
                return true;
            }
        }
        return false;
    }

    @Override
    protected String malformedFrame()
    {
        if (replay != null)
        {
            return replay.malformedFrame();
        }
        final String s = markets.keySet().iterator().next().toLowerCase(Locale.ROOT);
        return "{\"stream\":\"" + s + "@markPrice@1s\",\"data\":{\"e\":\"markPriceUpdate\",\"E\":17x,\"s\":";
    }

    @Override
    protected void onSkipSequence(final String symbol)
    {
        if (replay != null)
        {
            replay.skipSequence(symbol);
            return;
        }
        for (final Market market : markets.values())
        {
            if (symbol == null || market.sim.instrument().symbol().equals(symbol))
            {
                market.skipNext = true;
            }
        }
    }

    // ---------------------------------------------------------------- REST

    @Override
    protected RestReply onRest(final HttpMethod method, final QueryStringDecoder uri, final HttpHeaders headers, final String body)
    {
        final long nowNs = config.clock().nanoTime();
        final long nowMs = nowNs / 1_000_000L;
        if ("/fapi/v1/listenKey".equals(uri.path()))
        {
            return limits(listenKey(method, headers), nowMs, false);
        }
        if (HttpMethod.GET.equals(method) && ("/fapi/v3/balance".equals(uri.path()) || "/fapi/v2/balance".equals(uri.path())))
        {
            final RestReply denied = authenticate(uri, headers, body, new HashMap<>());
            return limits(denied != null ? denied : RestReply.ok(balances(nowMs)), nowMs, false);
        }
        if (HttpMethod.GET.equals(method) && BINANCE_INCOME_PATH.equals(uri.path()))
        {
            final Map<String, String> params = new HashMap<>();
            final RestReply denied = authenticate(uri, headers, body, params);
            return limits(denied != null ? denied : income(params, nowMs), nowMs, false);
        }
        if (ACCOUNT_PATHS.contains(uri.path()))
        {
            final Map<String, String> params = new HashMap<>();
            final RestReply denied = authenticate(uri, headers, body, params);
            return limits(denied != null ? denied : accountRequest(method, uri.path(), params, nowNs, nowMs), nowMs, false);
        }
        if ("/fapi/v1/order".equals(uri.path()))
        {
            final boolean isNew = HttpMethod.POST.equals(method);
            if (isNew)
            {
                countOrder();
            }
            final Map<String, String> params = new HashMap<>();
            final RestReply denied = authenticate(uri, headers, body, params);
            if (denied != null)
            {
                return limits(denied, nowMs, isNew);
            }
            if (isNew)
            {
                final RestReply unapplied = takeUnappliedFailure();
                if (unapplied != null)
                {
                    return limits(unapplied, nowMs, true);
                }
                final RestReply reply = newOrder(params, nowMs);
                return limits(reply.status() == 200 ? applied(reply) : reply, nowMs, true);
            }
            if (HttpMethod.GET.equals(method))
            {
                // Query Order (USER_DATA): the order object, or -2013 for a client id the venue never had
                final SimOrder order = orders.get(params.get("origClientOrderId"));
                return limits(order == null ? error(400, -2013, "Order does not exist.") : RestReply.ok(queryJson(order)), nowMs, false);
            }
            if (HttpMethod.DELETE.equals(method))
            {
                return limits(cancel(params.get("origClientOrderId"), nowMs), nowMs, false);
            }
            return null;
        }
        if (!HttpMethod.GET.equals(method))
        {
            return null;
        }
        final RestReply recorded = replay == null ? null : replay.onRest(uri);
        if (recorded != null)
        {
            return recorded;
        }
        switch (uri.path())
        {
            case "/fapi/v1/ping":
                return RestReply.ok("{}");
            case "/fapi/v1/time":
                return RestReply.ok("{\"serverTime\":" + nowMs + "}");
            case "/fapi/v1/exchangeInfo":
                return RestReply.ok(exchangeInfo(nowMs));
            case "/fapi/v1/fundingInfo":
                return RestReply.ok(fundingInfo(nowMs));
            case "/fapi/v1/depth":
                return depth(uri, nowNs, nowMs);
            case "/fapi/v1/ticker/24hr":
                return perSymbol(uri, market -> ticker24h(market, nowNs, nowMs));
            case "/fapi/v1/premiumIndex":
                return perSymbol(uri, market -> premiumIndex(market, nowNs, nowMs));
            case "/fapi/v1/fundingRate":
                return fundingRateHistory(uri, nowMs);
            default:
                return null;
        }
    }

    @Override
    protected RestReply errorReply(final int status, final String message)
    {
        final int code;
        switch (status)
        {
            case 429: code = -1003; break;
            case 418: code = -1003; break;
            case 400: code = -1121; break;
            case 404: code = -1; break;
            default: code = -1001; break;
        }
        return RestReply.of(status, new JsonText().beginObject().field("code", code).field("msg", message).endObject().toString());
    }

    private RestReply perSymbol(final QueryStringDecoder uri, final java.util.function.Function<Market, String> render)
    {
        final String symbol = param(uri, "symbol");
        if (symbol != null)
        {
            final Market market = markets.get(symbol);
            return market == null ? errorReply(400, "Invalid symbol.") : RestReply.ok(render.apply(market));
        }
        final StringBuilder out = new StringBuilder("[");
        for (final Market market : markets.values())
        {
            if (out.length() > 1)
            {
                out.append(',');
            }
            out.append(render.apply(market));
        }
        return RestReply.ok(out.append(']').toString());
    }

    private RestReply depth(final QueryStringDecoder uri, final long nowNs, final long nowMs)
    {
        final String symbol = param(uri, "symbol");
        final Market market = symbol == null ? null : markets.get(symbol);
        if (market == null)
        {
            return errorReply(400, "Invalid symbol.");
        }
        final String limitText = param(uri, "limit");
        final int limit;
        try
        {
            limit = limitText == null ? 500 : Integer.parseInt(limitText);
        }
        catch (final NumberFormatException ex)
        {
            return errorReply(400, "Illegal characters found in parameter 'limit'.");
        }
        if (limit != 5 && limit != 10 && limit != 20 && limit != 50 && limit != 100 && limit != 500 && limit != 1000)
        {
            return RestReply.of(400, "{\"code\":-1100,\"msg\":\"Illegal characters found in parameter 'limit'; legal range is '5, 10, 20, 50, 100, 500, 1000'.\"}");
        }
        // one more update now, so lastUpdateId falls inside the next diff's [U, u] as on the real venue
        market.sim.stepBook(nowNs);
        final SimInstrument instrument = market.sim.instrument();
        final JsonText json = new JsonText(4096)
            .beginObject()
            .field("lastUpdateId", market.sim.book().lastUpdateId())
            .field("E", nowMs)
            .field("T", nowMs)
            .name("bids").beginArray();
        market.sim.book().bids(limit).forEach(l -> json.pair(instrument.price(l.priceTicks()), instrument.size(l.lots())));
        json.endArray().name("asks").beginArray();
        market.sim.book().asks(limit).forEach(l -> json.pair(instrument.price(l.priceTicks()), instrument.size(l.lots())));
        return RestReply.ok(json.endArray().endObject().toString());
    }

    private String exchangeInfo(final long nowMs)
    {
        final JsonText json = new JsonText(8192)
            .beginObject()
            .field("timezone", "UTC")
            .field("serverTime", nowMs)
            .field("futuresType", "U_MARGINED")
            .name("rateLimits").beginArray()
            .beginObject().field("rateLimitType", "REQUEST_WEIGHT").field("interval", "MINUTE").field("intervalNum", 1).field("limit", 2400).endObject()
            .beginObject().field("rateLimitType", "ORDERS").field("interval", "MINUTE").field("intervalNum", 1).field("limit", 1200).endObject()
            .beginObject().field("rateLimitType", "ORDERS").field("interval", "SECOND").field("intervalNum", 10).field("limit", 300).endObject()
            .endArray()
            .name("exchangeFilters").beginArray().endArray()
            .name("assets").beginArray()
            .beginObject().field("asset", "USDT").rawField("marginAvailable", "true").field("autoAssetExchange", "-10000").endObject()
            .endArray()
            .name("symbols").beginArray();
        for (final Market market : markets.values())
        {
            final SimInstrument in = market.sim.instrument();
            final String tick = in.tickSize().toPlainString();
            final String lot = in.lotSize().toPlainString();
            json.beginObject()
                .field("symbol", in.symbol())
                .field("pair", in.symbol())
                .field("contractType", "PERPETUAL")
                .field("deliveryDate", 4133404800000L)
                .field("onboardDate", 1569398400000L)
                .field("status", "TRADING")
                .field("maintMarginPercent", "2.5000")
                .field("requiredMarginPercent", "5.0000")
                .field("baseAsset", in.base())
                .field("quoteAsset", in.quote())
                .field("marginAsset", in.quote())
                .field("pricePrecision", in.priceScale())
                .field("quantityPrecision", in.qtyScale())
                .field("baseAssetPrecision", 8)
                .field("quotePrecision", 8)
                .field("underlyingType", "COIN")
                .name("underlyingSubType").beginArray().endArray()
                .field("settlePlan", 0)
                .field("triggerProtect", "0.0500")
                .field("liquidationFee", "0.012500")
                .field("marketTakeBound", "0.05")
                .name("filters").beginArray()
                .beginObject().field("minPrice", tick).field("maxPrice", "1000000").field("filterType", "PRICE_FILTER").field("tickSize", tick).endObject()
                .beginObject().field("stepSize", lot).field("filterType", "LOT_SIZE").field("maxQty", "1000000").field("minQty", lot).endObject()
                .beginObject().field("stepSize", lot).field("filterType", "MARKET_LOT_SIZE").field("maxQty", "100000").field("minQty", lot).endObject()
                .beginObject().field("limit", 200).field("filterType", "MAX_NUM_ORDERS").endObject()
                .beginObject().field("limit", 10).field("filterType", "MAX_NUM_ALGO_ORDERS").endObject()
                .beginObject().field("notional", in.minNotional().toPlainString()).field("filterType", "MIN_NOTIONAL").endObject()
                .beginObject().field("multiplierDown", "0.9500").field("multiplierUp", "1.0500").field("multiplierDecimal", "4").field("filterType", "PERCENT_PRICE").endObject()
                .endArray()
                .name("orderTypes").beginArray().string("LIMIT").string("MARKET").string("STOP").string("STOP_MARKET")
                .string("TAKE_PROFIT").string("TAKE_PROFIT_MARKET").string("TRAILING_STOP_MARKET").endArray()
                .name("timeInForce").beginArray().string("GTC").string("IOC").string("FOK").string("GTX").endArray()
                .endObject();
        }
        return json.endArray().endObject().toString();
    }

    /** Binance lists only symbols whose funding settings differ from the default 8 h. */
    private String fundingInfo(final long nowMs)
    {
        final JsonText json = new JsonText().beginArray();
        for (final Market market : markets.values())
        {
            final FundingPath.Current funding = market.sim.funding(nowMs);
            if (funding.intervalHours() != 8)
            {
                json.beginObject()
                    .field("symbol", market.sim.instrument().symbol())
                    .field("adjustedFundingRateCap", FUNDING_CAP.toPlainString())
                    .field("adjustedFundingRateFloor", FUNDING_CAP.negate().toPlainString())
                    .field("fundingIntervalHours", funding.intervalHours())
                    .rawField("disclaimer", "false")
                    .endObject();
            }
        }
        return json.endArray().toString();
    }

    private String ticker24h(final Market market, final long nowNs, final long nowMs)
    {
        final SimInstrument in = market.sim.instrument();
        final double last = market.sim.venueMid(nowNs);
        final double open = market.sim.venueMid(nowNs - 86_400_000_000_000L);
        final double volume = 250_000_000.0 / in.initialMid().doubleValue();
        return new JsonText()
            .beginObject()
            .field("symbol", in.symbol())
            .field("priceChange", price(in, last - open))
            .field("priceChangePercent", BigDecimal.valueOf((last - open) / open * 100).setScale(3, RoundingMode.HALF_EVEN).toPlainString())
            .field("weightedAvgPrice", price(in, (last + open) / 2))
            .field("lastPrice", price(in, last))
            .field("lastQty", in.size(1))
            .field("openPrice", price(in, open))
            .field("highPrice", price(in, Math.max(last, open) * 1.01))
            .field("lowPrice", price(in, Math.min(last, open) * 0.99))
            .field("volume", BigDecimal.valueOf(volume).setScale(in.qtyScale(), RoundingMode.HALF_EVEN).toPlainString())
            .field("quoteVolume", BigDecimal.valueOf(volume * (last + open) / 2).setScale(2, RoundingMode.HALF_EVEN).toPlainString())
            .field("openTime", nowMs - 86_400_000L)
            .field("closeTime", nowMs)
            .field("firstId", 1_000_000L)
            .field("lastId", 2_000_000L)
            .field("count", 1_000_001L)
            .endObject()
            .toString();
    }

    private String premiumIndex(final Market market, final long nowNs, final long nowMs)
    {
        final FundingPath.Current funding = market.sim.funding(nowMs);
        return new JsonText()
            .beginObject()
            .field("symbol", market.sim.instrument().symbol())
            .field("markPrice", price8(market.sim.mark(nowNs)))
            .field("indexPrice", price8(market.sim.index(nowNs)))
            .field("estimatedSettlePrice", price8(market.sim.index(nowNs)))
            .field("lastFundingRate", funding.rate().setScale(8, RoundingMode.HALF_EVEN).toPlainString())
            .field("interestRate", "0.00010000")
            .field("nextFundingTime", funding.nextFundingMs())
            .field("time", nowMs)
            .endObject()
            .toString();
    }

    /**
     * {@code GET /fapi/v1/fundingRate} ("USDS-Margined Futures / Market Data / Get Funding Rate
     * History"): the settlements of {@code symbol} from {@code startTime} to {@code endTime}
     * (inclusive, ms; not after now), oldest first, at most {@code limit} (default 100, max 1000),
     * each {@code symbol}, {@code fundingRate} (the rate applied at that settlement),
     * {@code fundingTime}, {@code markPrice}, as the fixture funding-rate-history.json.
     */
    private RestReply fundingRateHistory(final QueryStringDecoder uri, final long nowMs)
    {
        final String symbol = param(uri, "symbol");
        final Market market = symbol == null ? null : markets.get(symbol);
        if (market == null)
        {
            return errorReply(400, "Invalid symbol.");
        }
        final long start = longParam(uri, "startTime", 0);
        final long end = Math.min(longParam(uri, "endTime", nowMs), nowMs);
        final int limit = (int)Math.max(1, Math.min(1000, longParam(uri, "limit", 100)));
        final JsonText out = new JsonText().beginArray();
        long after = start - 1;
        for (int n = 0; n < limit; n++)
        {
            final long settleMs = market.sim.funding(after).nextFundingMs();
            if (settleMs <= after || settleMs > end)
            {
                break;
            }
            out.beginObject()
                .field("symbol", symbol)
                .field("fundingRate", fundingRateAt(symbol, settleMs).setScale(8, RoundingMode.HALF_EVEN).toPlainString())
                .field("fundingTime", settleMs)
                .field("markPrice", markPriceAt(symbol, settleMs).toPlainString())
                .endObject();
            after = settleMs;
        }
        return RestReply.ok(out.endArray().toString());
    }

    private static long longParam(final QueryStringDecoder uri, final String name, final long fallback)
    {
        final String value = param(uri, name);
        try
        {
            return value == null ? fallback : Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            return fallback;
        }
    }

    private static String price8(final double value)
    {
        return BigDecimal.valueOf(value).setScale(8, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String price(final SimInstrument in, final double value)
    {
        return BigDecimal.valueOf(value).setScale(in.priceScale(), RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String param(final QueryStringDecoder uri, final String name)
    {
        final List<String> values = uri.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    // ---------------------------------------------------------------- order side

    private static RestReply error(final int status, final int code, final String message)
    {
        return RestReply.of(status, new JsonText().beginObject().field("code", code).field("msg", message).endObject().toString());
    }

    /** The venue's rate-limit headers: used weight this minute (1 per request), orders in the last 10 s. */
    private RestReply limits(final RestReply reply, final long nowMs, final boolean order)
    {
        final long minute = nowMs / 60_000L;
        if (minute != weightMinute)
        {
            weightMinute = minute;
            weightUsed = 0;
        }
        weightUsed++;
        if (order)
        {
            orderTimesMs.addLast(nowMs);
        }
        while (!orderTimesMs.isEmpty() && nowMs - orderTimesMs.peekFirst() >= 10_000L)
        {
            orderTimesMs.pollFirst();
        }
        final Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-MBX-USED-WEIGHT-1M", Integer.toString(weightUsed));
        if (order)
        {
            headers.put("X-MBX-ORDER-COUNT-10S", Integer.toString(orderTimesMs.size()));
        }
        return reply.withHeaders(headers);
    }

    private RestReply listenKey(final HttpMethod method, final HttpHeaders headers)
    {
        if (!account.keyMatches(headers.get("X-MBX-APIKEY")))
        {
            return error(401, -2015, "Invalid API-key, IP, or permissions for action.");
        }
        if (HttpMethod.POST.equals(method))
        {
            final StringBuilder key = new StringBuilder(64);
            while (key.length() < 64)
            {
                key.append(Character.forDigit(keys.nextInt(36), 36));
            }
            listenKeys.add(key.toString());
            return RestReply.ok("{\"listenKey\":\"" + key + "\"}");
        }
        if (HttpMethod.PUT.equals(method))
        {
            return listenKeys.isEmpty() ? error(400, -1125, "This listenKey does not exist.") : RestReply.ok("{}");
        }
        if (HttpMethod.DELETE.equals(method))
        {
            return RestReply.ok("{}");
        }
        return null;
    }

    /**
     * SIGNED endpoint security as the venue does it: API key header, then HMAC-SHA256 of the
     * query string followed directly by the body, up to the trailing {@code signature} parameter.
     */
    private RestReply authenticate(final QueryStringDecoder uri, final HttpHeaders headers, final String body, final Map<String, String> params)
    {
        if (!account.keyMatches(headers.get("X-MBX-APIKEY")))
        {
            return error(401, -2015, "Invalid API-key, IP, or permissions for action.");
        }
        final String total = uri.rawQuery() + (body == null ? "" : body);
        final int at = total.lastIndexOf("signature=");
        if (at < 0 || (at > 0 && total.charAt(at - 1) != '&'))
        {
            return error(400, -1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.");
        }
        final String payload = total.substring(0, Math.max(0, at - 1));
        final String signature = total.substring(at + "signature=".length());
        if (!account.signatureMatches(payload, signature))
        {
            return error(400, -1022, "Signature for this request is not valid.");
        }
        for (final String part : (uri.rawQuery() + "&" + (body == null ? "" : body)).split("&"))
        {
            final int eq = part.indexOf('=');
            if (eq > 0)
            {
                params.put(part.substring(0, eq), QueryStringDecoder.decodeComponent(part.substring(eq + 1)));
            }
        }
        if (params.get("timestamp") == null)
        {
            return error(400, -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
        }
        return null;
    }

    private RestReply newOrder(final Map<String, String> p, final long nowMs)
    {
        final Market market = markets.get(p.get("symbol"));
        if (market == null)
        {
            return error(400, -1121, "Invalid symbol.");
        }
        final SimInstrument in = market.sim.instrument();
        final String side = p.get("side");
        if (!"BUY".equals(side) && !"SELL".equals(side))
        {
            return error(400, -1117, "Invalid side.");
        }
        final String type = p.get("type");
        if (!"LIMIT".equals(type) && !"MARKET".equals(type))
        {
            return error(400, -1116, "Invalid orderType.");
        }
        final boolean isMarket = "MARKET".equals(type);
        final String tif = isMarket ? "GTC" : p.get("timeInForce");
        if (!isMarket && !"IOC".equals(tif) && !"GTC".equals(tif) && !"FOK".equals(tif) && !"GTX".equals(tif))
        {
            return error(400, -1115, "Invalid timeInForce.");
        }
        final BigDecimal qty = decimal(p.get("quantity"));
        final BigDecimal price = isMarket ? null : decimal(p.get("price"));
        if (qty == null)
        {
            return error(400, -1102, "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed.");
        }
        if (!isMarket && price == null)
        {
            return error(400, -1102, "Mandatory parameter 'price' was not sent, was empty/null, or malformed.");
        }
        if (qty.signum() <= 0)
        {
            return error(400, -4003, "Quantity less than or equal to zero.");
        }
        if (qty.stripTrailingZeros().scale() > in.qtyScale() || (price != null && price.stripTrailingZeros().scale() > in.priceScale()))
        {
            return error(400, -1111, "Precision is over the maximum defined for this asset.");
        }
        if (price != null && (price.signum() <= 0 || price.remainder(in.tickSize()).signum() != 0))
        {
            return error(400, -4014, "Price not increased by tick size.");
        }
        if (qty.remainder(in.lotSize()).signum() != 0)
        {
            return error(400, -4023, "Quantity not increased by step size.");
        }
        final boolean buy = "BUY".equals(side);
        final boolean reduceOnly = "true".equalsIgnoreCase(p.get("reduceOnly"));
        final BigDecimal refPrice = price != null ? price : new BigDecimal(in.price((buy ? market.sim.book().bestAsk() : market.sim.book().bestBid()).priceTicks()));
        if (!reduceOnly && qty.multiply(refPrice).compareTo(in.minNotional()) < 0)
        {
            return error(400, -4164, "Order's notional must be no smaller than " + in.minNotional().toPlainString() + " (unless you choose reduce only).");
        }
        final BigDecimal position = account.position(in.symbol()).qty();
        if (reduceOnly && (position.signum() == 0 || (position.signum() > 0) == buy || qty.compareTo(position.abs()) > 0))
        {
            return error(400, -2022, "ReduceOnly Order is rejected.");
        }
        final Object[] fault = takeRejectFault();
        if (fault != null)
        {
            return error(400, (Integer)fault[0], (String)fault[1]);
        }
        String clientId = p.get("newClientOrderId");
        receivedClientOrderId(clientId);
        if (clientId == null)
        {
            clientId = "sim" + nextOrderId;
        }
        if (orders.containsKey(clientId) && orders.get(clientId).isOpen())
        {
            return error(400, -4015, "Client order id is not valid.");
        }
        final SimOrder order = new SimOrder(nextOrderId++, clientId, in.symbol(), buy, isMarket, isMarket ? "GTC" : tif, price, qty, reduceOnly);
        order.updateTimeMs = nowMs;
        order.createTimeMs = nowMs;
        orders.put(clientId, order);
        final List<String> events = new ArrayList<>();
        final boolean wouldCross = price == null || (buy ? price.compareTo(refPrice) >= 0 : price.compareTo(refPrice) <= 0);
        order.status = "NEW";
        if ("GTX".equals(tif) && wouldCross)
        {
            order.status = "EXPIRED";
            events.add(orderUpdate(order, "EXPIRED", null, nowMs));
            return respond(order, events);
        }
        events.add(orderUpdate(order, "NEW", null, nowMs));
        final BigDecimal ratio = takeFillRatio();
        final BigDecimal maxQty = qty.multiply(ratio).divide(in.lotSize(), 0, java.math.RoundingMode.DOWN).multiply(in.lotSize());
        if (!"GTX".equals(tif) && maxQty.signum() > 0)
        {
            for (final SimAccount.Fill fill : account.take(market.sim, buy, price, maxQty))
            {
                order.add(fill);
                // fees paid in BNB come out of the BNB balance, not the USDT wallet
                account.apply(in.symbol(), buy, bnbPrice == null ? fill : new SimAccount.Fill(fill.price(), fill.qty(), BigDecimal.ZERO, fill.tradeId()));
                order.status = order.executedQty.compareTo(qty) >= 0 ? "FILLED" : "PARTIALLY_FILLED";
                events.add(orderUpdate(order, "TRADE", fill, nowMs));
            }
        }
        if (order.executedQty.compareTo(qty) < 0 && !"GTC".equals(order.timeInForce) && !"GTX".equals(order.timeInForce))
        {
            order.status = "EXPIRED";
            events.add(orderUpdate(order, "EXPIRED", null, nowMs));
        }
        if (order.executedQty.signum() > 0)
        {
            events.add(accountUpdate("ORDER", in.symbol(), BigDecimal.ZERO, nowMs));
        }
        return respond(order, events);
    }

    private RestReply respond(final SimOrder order, final List<String> events)
    {
        final long delayMs = orderDelayMs();
        later(delayMs, () -> events.forEach(this::pushPrivate));
        return RestReply.ok(orderJson(order)).delayed(delayMs);
    }

    private RestReply cancel(final String clientId, final long nowMs)
    {
        final SimOrder order = clientId == null ? null : orders.get(clientId);
        if (order == null || !order.isOpen())
        {
            return error(400, -2011, "Unknown order sent.");
        }
        order.status = "CANCELED";
        order.updateTimeMs = nowMs;
        pushPrivate(orderUpdate(order, "CANCELED", null, nowMs));
        return RestReply.ok(orderJson(order));
    }

    private void pushPrivate(final String json)
    {
        synchronized (privateLog)
        {
            if (privateLog.size() == PRIVATE_LOG)
            {
                privateLog.removeFirst();
            }
            privateLog.addLast(json);
        }
        final List<SimSession> all = sessions();
        for (int i = 0; i < all.size(); i++)
        {
            final SimSession session = all.get(i);
            if (isPrivate(session) && privateDelayMs > 0)
            {
                session.channel().eventLoop().schedule(() -> session.send(json), privateDelayMs, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            else if (isPrivate(session))
            {
                session.send(json);
            }
        }
    }

    /**
     * The answer of {@code GET /fapi/v1/order}, with the keys and types of the documented example
     * (USD-M futures "Query Order (USER_DATA)", fixture fixtures/binance/query-order.json) less
     * {@code activatePrice} and {@code priceRate}, which only TRAILING_STOP_MARKET orders carry.
     */
    private String queryJson(final SimOrder o)
    {
        final SimInstrument in = markets.get(o.symbol).sim.instrument();
        return new JsonText(512).beginObject()
            .field("avgPrice", o.avgPrice(8).toPlainString())
            .field("clientOrderId", o.clientId)
            .field("cumQuote", plain(o.cumQuote))
            .field("executedQty", plain(o.executedQty))
            .field("orderId", o.orderId)
            .field("origQty", plain(o.qty))
            .field("origType", o.market ? "MARKET" : "LIMIT")
            .field("price", o.price == null ? "0" : o.price.setScale(in.priceScale(), java.math.RoundingMode.UNNECESSARY).toPlainString())
            .rawField("reduceOnly", Boolean.toString(o.reduceOnly))
            .field("side", o.buy ? "BUY" : "SELL")
            .field("positionSide", "BOTH")
            .field("status", o.status)
            .field("stopPrice", "0")
            .rawField("closePosition", "false")
            .field("symbol", o.symbol)
            .field("time", o.createTimeMs)
            .field("timeInForce", o.timeInForce)
            .field("type", o.market ? "MARKET" : "LIMIT")
            .field("updateTime", o.updateTimeMs)
            .field("workingType", "CONTRACT_PRICE")
            .rawField("priceProtect", "false")
            .field("priceMatch", "NONE")
            .field("selfTradePreventionMode", "NONE")
            .field("goodTillDate", 0)
            .endObject().toString();
    }

    private String orderJson(final SimOrder o)
    {
        final SimInstrument in = markets.get(o.symbol).sim.instrument();
        return new JsonText(512).beginObject()
            .field("orderId", o.orderId)
            .field("symbol", o.symbol)
            .field("status", o.status)
            .field("clientOrderId", o.clientId)
            .field("price", o.price == null ? "0" : o.price.setScale(in.priceScale(), java.math.RoundingMode.UNNECESSARY).toPlainString())
            .field("avgPrice", o.avgPrice(8).toPlainString())
            .field("origQty", plain(o.qty))
            .field("executedQty", plain(o.executedQty))
            .field("cumQty", plain(o.executedQty))
            .field("cumQuote", plain(o.cumQuote))
            .field("timeInForce", o.timeInForce)
            .field("type", o.market ? "MARKET" : "LIMIT")
            .rawField("reduceOnly", Boolean.toString(o.reduceOnly))
            .rawField("closePosition", "false")
            .field("side", o.buy ? "BUY" : "SELL")
            .field("positionSide", "BOTH")
            .field("stopPrice", "0")
            .field("workingType", "CONTRACT_PRICE")
            .rawField("priceProtect", "false")
            .field("origType", o.market ? "MARKET" : "LIMIT")
            .field("priceMatch", "NONE")
            .field("selfTradePreventionMode", "NONE")
            .field("goodTillDate", 0)
            .field("updateTime", o.updateTimeMs)
            .endObject().toString();
    }

    private String orderUpdate(final SimOrder o, final String execution, final SimAccount.Fill fill, final long nowMs)
    {
        final JsonText json = new JsonText(768).beginObject()
            .field("e", "ORDER_TRADE_UPDATE").field("E", nowMs).field("T", nowMs)
            .name("o").beginObject()
            .field("s", o.symbol)
            .field("c", o.clientId)
            .field("S", o.buy ? "BUY" : "SELL")
            .field("o", orderType(o))
            .field("f", o.timeInForce)
            .field("q", plain(o.qty))
            .field("p", o.price == null ? "0" : plain(o.price))
            .field("ap", o.avgPrice(8).toPlainString())
            .field("sp", "0")
            .field("x", execution)
            .field("X", o.status)
            .field("i", o.orderId)
            .field("l", fill == null ? "0" : plain(fill.qty()))
            .field("z", plain(o.executedQty))
            .field("L", fill == null ? "0" : plain(fill.price()));
        if (fill != null)
        {
            final BigDecimal bnb = bnbPrice;
            json.field("N", bnb == null ? "USDT" : "BNB")
                .field("n", (bnb == null ? fill.fee() : fill.fee().divide(bnb, 8, RoundingMode.HALF_UP)).toPlainString());
        }
        return json.field("T", nowMs)
            .field("t", fill == null ? 0 : fill.tradeId())
            .field("b", "0").field("a", "0")
            .rawField("m", "false").rawField("R", Boolean.toString(o.reduceOnly))
            .field("wt", "CONTRACT_PRICE").field("ot", orderType(o)).field("ps", "BOTH")
            .rawField("cp", "false").field("rp", "0").rawField("pP", "false").field("si", 0).field("ss", 0)
            .field("V", "NONE").field("pm", "NONE").field("gtd", 0)
            .endObject().endObject().toString();
    }

    /** The futures account balance array as the venue answers it: one entry per asset. */
    private String balances(final long nowMs)
    {
        final String wallet = account.wallet().setScale(8, java.math.RoundingMode.HALF_UP).toPlainString();
        final String available = account.available().setScale(8, java.math.RoundingMode.HALF_UP).toPlainString();
        final JsonText json = new JsonText(768).beginArray();
        balanceEntry(json, "USDT", wallet, available, nowMs);
        balanceEntry(json, "USDC", "0.00000000", "0.00000000", 0);
        balanceEntry(json, "BNB", "0.00000000", "0.00000000", 0);
        return json.endArray().toString();
    }

    private static void balanceEntry(final JsonText json, final String asset, final String wallet, final String available, final long updateMs)
    {
        json.beginObject()
            .field("accountAlias", "SgsRfuXqAuTi")
            .field("asset", asset)
            .field("balance", wallet)
            .field("crossWalletBalance", wallet)
            .field("crossUnPnl", "0.00000000")
            .field("availableBalance", available)
            .field("maxWithdrawAmount", available)
            .rawField("marginAvailable", "true")
            .field("updateTime", updateMs)
            .endObject();
    }

    /**
     * An {@code ACCOUNT_UPDATE} as Binance documents it ("USDS-Margined Futures / User Data Streams /
     * Event Balance and Position Update"; fixtures in connectors/src/test/resources/fixtures/binance):
     * the changed asset in {@code B}; {@code P} the changed position, except that a FUNDING_FEE on a
     * crossed position comes "with only the balance B ... without any position P message" (an empty
     * {@code P}, as the venue sends an asset change without a position change), and on an isolated
     * position with that position only.
     */
    private String accountUpdate(final String reason, final String symbol, final BigDecimal balanceChange, final long nowMs)
    {
        final SimAccount.Position position = account.position(symbol);
        final boolean isolated = account.isolated(symbol);
        final JsonText json = new JsonText(512).beginObject()
            .field("e", "ACCOUNT_UPDATE").field("E", nowMs).field("T", nowMs)
            .name("a").beginObject()
            .field("m", reason)
            .name("B").beginArray().beginObject()
            .field("a", "USDT")
            .field("wb", account.wallet().setScale(8, java.math.RoundingMode.HALF_UP).toPlainString())
            // cw is the cross wallet balance: the wallet less what isolated positions hold, not what is available
            .field("cw", (isolated ? account.wallet().subtract(account.margin(symbol)) : account.wallet())
                .setScale(8, java.math.RoundingMode.HALF_UP).toPlainString())
            .field("bc", balanceChange.setScale(8, java.math.RoundingMode.HALF_UP).toPlainString())
            .endObject().endArray()
            .name("P").beginArray();
        if (!"FUNDING_FEE".equals(reason) || isolated)
        {
            json.beginObject()
                .field("s", symbol)
                .field("pa", plain(position.qty()))
                .field("ep", position.entryPrice().setScale(8, java.math.RoundingMode.HALF_EVEN).toPlainString())
                .field("bep", position.entryPrice().setScale(8, java.math.RoundingMode.HALF_EVEN).toPlainString())
                .field("cr", "0").field("up", "0").field("mt", isolated ? "isolated" : "cross")
                .field("iw", isolated ? account.margin(symbol).setScale(8, java.math.RoundingMode.HALF_UP).toPlainString() : "0")
                .field("ps", "BOTH").field("ma", "USDT")
                .endObject();
        }
        return json.endArray().endObject().endObject().toString();
    }

    /**
     * Signed {@code GET /fapi/v1/income} as documented ("USDS-Margined Futures / Account / Get Income
     * History (USER_DATA)"): the account's FUNDING_FEE records (the only income type the simulator
     * books), filtered by {@code symbol}, {@code incomeType}, {@code startTime} and {@code endTime}
     * (both inclusive), oldest first, at most {@code limit} (default 100, max 1000); without a time,
     * the last 7 days.
     */
    private RestReply income(final Map<String, String> params, final long nowMs)
    {
        final String type = params.get("incomeType");
        final String symbol = params.get("symbol");
        final long start;
        final long end;
        final int limit;
        try
        {
            end = params.get("endTime") == null ? Long.MAX_VALUE : Long.parseLong(params.get("endTime"));
            start = params.get("startTime") == null ? (params.get("endTime") == null ? nowMs - 7 * 86_400_000L : Long.MIN_VALUE)
                : Long.parseLong(params.get("startTime"));
            limit = params.get("limit") == null ? 100 : Integer.parseInt(params.get("limit"));
        }
        catch (final NumberFormatException ex)
        {
            return error(400, -1100, "Illegal characters found in a parameter.");
        }
        if (limit < 1 || limit > 1000)
        {
            return error(400, -1130, "Data sent for parameter 'limit' is not valid.");
        }
        final JsonText json = new JsonText(256).beginArray();
        int count = 0;
        synchronized (incomes)
        {
            for (final Income record : incomes)
            {
                if (count == limit)
                {
                    break;
                }
                if (record.timeMs() < start || record.timeMs() > end || (symbol != null && !symbol.equals(record.symbol()))
                    || (type != null && !"FUNDING_FEE".equals(type)))
                {
                    continue;
                }
                json.beginObject()
                    .field("symbol", record.symbol())
                    .field("incomeType", "FUNDING_FEE")
                    .field("income", record.income().setScale(8, java.math.RoundingMode.HALF_UP).toPlainString())
                    .field("asset", "USDT")
                    .field("info", "FUNDING_FEE")
                    .field("time", record.timeMs())
                    .field("tranId", record.tranId())
                    .field("tradeId", "")
                    .endObject();
                count++;
            }
        }
        return RestReply.ok(json.endArray().toString());
    }

    /** A FUNDING_FEE income record of the account. */
    private record Income(String symbol, BigDecimal income, long timeMs, long tranId)
    {
    }

    /**
     * The account's margin mode for every symbol: cross (false, the venue's default) or isolated,
     * which changes the FUNDING_FEE {@code ACCOUNT_UPDATE}'s shape as the venue documents.
     */
    public BinanceSimulator isolatedMargin(final boolean isolated)
    {
        account.isolatedByDefault(isolated);
        return this;
    }

    /** The account's position mode: Hedge Mode (true) makes {@code GET /fapi/v1/positionSide/dual} answer true. */
    public BinanceSimulator hedgeMode(final boolean hedge)
    {
        this.hedgeMode = hedge;
        return this;
    }

    /**
     * A slow user-data stream: every private event is sent {@code delayMs} after it happens, so the
     * REST answer of an order comes before its stream events (0: at once).
     */
    public BinanceSimulator delayPrivateEvents(final long delayMs)
    {
        this.privateDelayMs = delayMs;
        return this;
    }

    /**
     * Fees paid in BNB ("BNB Fee Discount"): each fill's commission {@code n} is reported in asset
     * {@code N} BNB, converted at {@code bnbPriceUsdt}, and not taken from the USDT wallet; null: USDT.
     */
    public BinanceSimulator feesInBnb(final BigDecimal bnbPriceUsdt)
    {
        this.bnbPrice = bnbPriceUsdt;
        return this;
    }

    /**
     * Moves {@code symbol}'s prices by {@code factor} (0.7 = -30 %), its book with them, pushed at once on
     * the depth streams (the update that moves it, not one 100 ms later), then liquidates the position if
     * the mark has reached its liquidation price (the demo's price shock, tests; see {@link #liquidateIfDue}).
     */
    @Override
    public void shock(final String symbol, final double factor)
    {
        call(() ->
        {
            final long nowNs = config.clock().nanoTime();
            markets.get(symbol).sim.shock(factor, nowNs);
            publishDepth(markets.get(symbol), nowNs / 1_000_000L);
            liquidateIfDue(symbol, nowNs);
            return null;
        });
    }

    /**
     * The venue's liquidation, as USD-M futures documents it: when the mark reaches the position's
     * liquidation price (the margin, isolated or the account's in cross, no longer covers the
     * maintenance margin), the position is closed by an order of the venue at that price, with client
     * id "autoclose-…", order type LIQUIDATION and execution type CALCULATED ("User Data Streams /
     * Event: Order Update"; fixture order-trade-update-liquidation.json), followed by the
     * {@code ACCOUNT_UPDATE} of reason ORDER with the closed position.
     */
    private void liquidateIfDue(final String symbol, final long nowNs)
    {
        final SimInstrument in = markets.get(symbol).sim.instrument();
        final boolean wasLong = account.position(symbol).qty().signum() > 0;
        final BigDecimal mark = markOf(markets.get(symbol), nowNs);
        final SimAccount.Fill fill = account.liquidateIfReached(symbol, mark, liquidationPrice(symbol, nowNs), in.priceScale());
        if (fill == null)
        {
            return;
        }
        final long nowMs = nowNs / 1_000_000L;
        final SimOrder order = new SimOrder(nextOrderId++, LIQUIDATION_PREFIX + nowMs, symbol, !wasLong, true, "IOC", fill.price(), fill.qty(), true);
        order.createTimeMs = nowMs;
        order.updateTimeMs = nowMs;
        order.add(fill);
        order.status = "FILLED";
        orders.put(order.clientId, order);
        pushPrivate(orderUpdate(order, "CALCULATED", fill, nowMs));
        pushPrivate(accountUpdate("ORDER", symbol, BigDecimal.ZERO, nowMs));
    }

    private static String orderType(final SimOrder o)
    {
        return o.clientId.startsWith(LIQUIDATION_PREFIX) ? "LIQUIDATION" : o.market ? "MARKET" : "LIMIT";
    }

    /** The highest leverage the symbols accept (125 unless set): above it {@code POST /fapi/v1/leverage} answers -4028. */
    public BinanceSimulator maxLeverage(final int leverage)
    {
        this.maxLeverage = leverage;
        return this;
    }

    /**
     * The account set-up and position endpoints (USD-M futures "Trade" pages, fixtures in
     * fixtures/binance): {@code GET /fapi/v1/positionSide/dual} "Get Current Position Mode";
     * {@code POST /fapi/v1/marginType} "Change Margin Type" (-4046 "No need to change margin type."
     * when it already is, -4048 with a position open); {@code POST /fapi/v1/leverage} "Change
     * Initial Leverage" (-4028 "Leverage N is not valid" above the symbol's maximum);
     * {@code GET /fapi/v2/positionRisk} "Position Information V2", every symbol (or the one asked for).
     */
    private RestReply accountRequest(final HttpMethod method, final String path, final Map<String, String> params, final long nowNs, final long nowMs)
    {
        if ("/fapi/v1/positionSide/dual".equals(path))
        {
            return HttpMethod.GET.equals(method) ? RestReply.ok("{\"dualSidePosition\":" + hedgeMode + "}") : null;
        }
        if ("/fapi/v2/positionRisk".equals(path))
        {
            if (!HttpMethod.GET.equals(method))
            {
                return null;
            }
            final String only = params.get("symbol");
            final JsonText json = new JsonText(1024).beginArray();
            for (final Market market : markets.values())
            {
                if (only == null || only.equals(market.sim.instrument().symbol()))
                {
                    positionRisk(json, market, nowNs, nowMs);
                }
            }
            return RestReply.ok(json.endArray().toString());
        }
        if (!HttpMethod.POST.equals(method))
        {
            return null;
        }
        final String symbol = params.get("symbol");
        if (symbol == null || !markets.containsKey(symbol))
        {
            return error(400, -1121, "Invalid symbol.");
        }
        if ("/fapi/v1/marginType".equals(path))
        {
            final String type = params.get("marginType");
            if (!"ISOLATED".equals(type) && !"CROSSED".equals(type))
            {
                return error(400, -1116, "Invalid marginType.");
            }
            final boolean isolated = "ISOLATED".equals(type);
            if (account.isolated(symbol) == isolated)
            {
                return error(400, -4046, "No need to change margin type.");
            }
            if (account.position(symbol).qty().signum() != 0)
            {
                return error(400, -4048, "Margin type cannot be changed if there exists position.");
            }
            account.isolated(symbol, isolated);
            return RestReply.ok("{\"code\":200,\"msg\":\"success\"}");
        }
        final int leverage;
        try
        {
            leverage = Integer.parseInt(params.getOrDefault("leverage", ""));
        }
        catch (final NumberFormatException ex)
        {
            return error(400, -1102, "Mandatory parameter 'leverage' was not sent, was empty/null, or malformed.");
        }
        if (leverage < 1 || leverage > maxLeverage)
        {
            return error(400, -4028, "Leverage " + leverage + " is not valid");
        }
        account.leverage(symbol, leverage);
        return RestReply.ok(new JsonText(128).beginObject().rawField("leverage", Integer.toString(leverage))
            .field("maxNotionalValue", "1000000").field("symbol", symbol).endObject().toString());
    }

    /**
     * One element of "Position Information V2" in One-way Mode (fixture position-risk-v2.json), the
     * liquidation price the venue's way ("Liquidation Price Calculation" for USDⓈ-M, one-way, one
     * position per symbol): LP = (WB - qty x EP) / (|qty| x MMR - qty), WB the isolated margin, or in
     * cross the wallet plus the other positions' unrealised PnL less their maintenance margin; "0" when flat or not positive.
     */
    private void positionRisk(final JsonText json, final Market market, final long nowNs, final long nowMs)
    {
        final SimInstrument in = market.sim.instrument();
        final String symbol = in.symbol();
        final SimAccount.Position position = account.position(symbol);
        final BigDecimal mark = markOf(market, nowNs);
        final BigDecimal qty = position.qty();
        final boolean isolated = account.isolated(symbol);
        final BigDecimal isolatedWallet = isolated ? account.margin(symbol) : BigDecimal.ZERO;
        final BigDecimal unrealised = qty.multiply(mark.subtract(position.entryPrice())).setScale(8, RoundingMode.HALF_UP);
        final BigDecimal liquidation = liquidationPrice(symbol, nowNs);
        json.beginObject()
            .field("entryPrice", position.entryPrice().setScale(in.priceScale() + 2, RoundingMode.HALF_EVEN).toPlainString())
            .field("breakEvenPrice", position.entryPrice().setScale(in.priceScale() + 2, RoundingMode.HALF_EVEN).toPlainString())
            .field("marginType", isolated ? "isolated" : "cross")
            .field("isAutoAddMargin", "false")
            .field("isolatedMargin", isolatedWallet.add(isolated ? unrealised : BigDecimal.ZERO).setScale(8, RoundingMode.HALF_UP).toPlainString())
            .field("leverage", Integer.toString(account.leverage(symbol)))
            .field("liquidationPrice", liquidation.signum() > 0 ? liquidation.setScale(8, RoundingMode.HALF_EVEN).toPlainString() : "0")
            .field("markPrice", mark.setScale(8, RoundingMode.HALF_EVEN).toPlainString())
            .field("maxNotionalValue", "1000000")
            .field("positionAmt", qty.setScale(in.qtyScale(), RoundingMode.UNNECESSARY).toPlainString())
            .field("notional", qty.multiply(mark).setScale(8, RoundingMode.HALF_UP).toPlainString())
            .field("isolatedWallet", isolatedWallet.setScale(8, RoundingMode.HALF_UP).toPlainString())
            .field("symbol", symbol)
            .field("unRealizedProfit", unrealised.toPlainString())
            .field("positionSide", "BOTH")
            .field("updateTime", qty.signum() == 0 ? 0 : nowMs)
            .endObject();
    }

    private BigDecimal markOf(final Market market, final long nowNs)
    {
        return new BigDecimal(price8(market.sim.mark(nowNs)));
    }

    /** The liquidation price of {@code symbol}'s position as Binance computes it (see {@link #positionRisk}); zero when flat. */
    BigDecimal liquidationPrice(final String symbol, final long nowNs)
    {
        final SimAccount.Position position = account.position(symbol);
        final BigDecimal qty = position.qty();
        if (qty.signum() == 0)
        {
            return BigDecimal.ZERO;
        }
        final BigDecimal wb = account.liquidationWallet(symbol, s -> markOf(markets.get(s), nowNs));
        final BigDecimal denominator = qty.abs().multiply(SimAccount.MAINTENANCE_RATE).subtract(qty);
        return wb.subtract(qty.multiply(position.entryPrice())).divide(denominator, 8, RoundingMode.HALF_EVEN);
    }

    /** The last user-data events pushed (at most 256, oldest first): tests compare their shapes with the documented ones. */
    public List<String> privateEvents()
    {
        synchronized (privateLog)
        {
            return List.copyOf(privateLog);
        }
    }

    /** The FUNDING_FEE income records booked so far (tests: what the venue says was paid). */
    public List<BigDecimal> fundingIncomes()
    {
        synchronized (incomes)
        {
            return incomes.stream().map(Income::income).collect(java.util.stream.Collectors.toList());
        }
    }

    /** Every settlement time passed since the last tick: funding on open positions, pushed as FUNDING_FEE. */
    private void settleFunding(final long nowMs)
    {
        for (final Market market : markets.values())
        {
            while (nowMs >= market.nextSettleMs)
            {
                final long settleMs = market.nextSettleMs;
                final String symbol = market.sim.instrument().symbol();
                final BigDecimal amount = account.settleFunding(symbol, markPriceAt(symbol, settleMs), fundingRateAt(symbol, settleMs));
                if (amount.signum() != 0)
                {
                    synchronized (incomes)
                    {
                        incomes.add(new Income(symbol, amount, settleMs, nextTranId++));
                    }
                    pushPrivate(accountUpdate("FUNDING_FEE", symbol, amount, settleMs));
                }
                final long next = market.sim.funding(settleMs).nextFundingMs();
                market.nextSettleMs = next > settleMs ? next : settleMs + 3_600_000L;
            }
        }
    }

    /** The mark price used to settle funding at {@code settleMs}: the published 8-decimal mark. */
    public BigDecimal markPriceAt(final String symbol, final long settleMs)
    {
        return new BigDecimal(price8(markets.get(symbol).sim.mark(settleMs * 1_000_000L)));
    }

    /** The rate that settles at {@code settleMs} (shown until then). */
    public BigDecimal fundingRateAt(final String symbol, final long settleMs)
    {
        return markets.get(symbol).sim.funding(settleMs - 1).rate();
    }

    /** The next funding settlement of {@code symbol} the simulator will apply (tests). */
    public long nextSettlementMs(final String symbol)
    {
        return call(() -> markets.get(symbol).nextSettleMs);
    }

    /** The last diff id sent for {@code symbol} (tests). */
    public long lastSentUpdateId(final String symbol)
    {
        return call(() -> markets.get(symbol).lastSentU);
    }
}
