package io.fundingarb.connectors.bybit.sim;

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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bybit v5 linear, the public market-data side, on 127.0.0.1:
 *
 * <ul>
 *   <li>WebSocket {@code /v5/public/linear}: {@code {"op":"subscribe","args":[..],"req_id":..}}
 *       answered {@code {"success":true,"ret_msg":"","conn_id":..,"req_id":..,"op":"subscribe"}};
 *       {@code {"op":"ping"}} answered {@code {"success":true,"ret_msg":"pong",..,"op":"ping"}};</li>
 *   <li>{@code tickers.<SYM>}: a snapshot on subscribe, then deltas carrying only the fields
 *       that changed;</li>
 *   <li>{@code orderbook.<50|200|500>.<SYM>}: a snapshot on subscribe, then deltas whose
 *       {@code u} increases by one per message, with a rising cross sequence {@code seq};</li>
 *   <li>REST {@code /v5/market/instruments-info}, {@code /v5/market/tickers},
 *       {@code /v5/market/orderbook} ({@code category=linear}).</li>
 * </ul>
 *
 * {@link #skipSequence(String)} makes the next delta's {@code u} jump by two.
 *
 * <p>The order side (X-BAPI-* headers verified like the venue: 10003 for an unknown key, 10004
 * "error sign!" for a bad signature): {@code POST /v5/order/create} (Limit IOC/GTC/PostOnly,
 * Market; symbol, tick, step, min-notional, reduce-only checks), matched at once against the
 * simulator's book (taker fee per fill half-up to 8 decimals; an IOC remainder is cancelled,
 * a GTC one rests unmatched until cancelled), answered with the ack; {@code POST /v5/order/cancel};
 * {@code GET /v5/order/realtime}; signed {@code GET /v5/account/wallet-balance?accountType=UNIFIED}
 * (a unified account: USDT walletBalance, availableToWithdraw empty as on unified accounts,
 * totalAvailableBalance = wallet - margin in use). Private WebSocket {@code /v5/private}: {@code auth}, then
 * {@code order}, {@code execution} and {@code wallet} topics; funding at each settlement is an
 * {@code execution} with {@code execType} "Funding" ({@code execFee} = qty x mark x rate, paid
 * when positive), also booked as a SETTLEMENT record of signed
 * {@code GET /v5/account/transaction-log}, which lists it whether or not a private stream was
 * connected at the time.
 */
public final class BybitSimulator extends SimulatorServer
{
    private volatile boolean realtimeOpenOnly;
    private volatile int maxLeverage = 100;
    private static final int PRIVATE_LOG = 256;
    private final java.util.ArrayDeque<String> privateLog = new java.util.ArrayDeque<>(PRIVATE_LOG);
    /** The funding settlements booked, oldest first, as the transaction log lists them (SETTLEMENT records). */
    private final List<Settlement> settlements = new java.util.ArrayList<>();
    private static final Set<String> ACCOUNT_PATHS = Set.of("/v5/position/list", "/v5/position/set-leverage", "/v5/account/set-margin-mode",
        "/v5/account/transaction-log");
    /** "Get Transaction Log": limit [1, 50], default 20. */
    private static final int LOG_PAGE_DEFAULT = 20;
    private static final int LOG_PAGE_MAX = 50;
    private static final long FIRST_U = 15_076_950L;
    private static final long FIRST_SEQ = 753_843_900_000L;
    private static final String FUNDING_CAP = "0.005";

    private static final Pattern AUTH_ARGS = Pattern.compile("\"args\"\\s*:\\s*\\[\\s*\"([^\"]*)\"\\s*,\\s*\"?(\\d+)\"?\\s*,\\s*\"([^\"]*)\"\\s*\\]");
    private static final int ORDERS_PER_SECOND = 10;
    private volatile int ordersPerSecond = ORDERS_PER_SECOND;

    private final Map<String, Market> markets = new LinkedHashMap<>();
    private final Set<SimSession> authenticated = new HashSet<>();
    /** The WebSocket trade API ("Websocket Trade Guideline"): {@code wss://stream.bybit.com/v5/trade}. */
    public static final String TRADE_PATH = "/v5/trade";
    private static final String TRADE_TOPIC = "#trade";
    private long nextOrderId;
    private long nextExecId = 1;
    private long rateSecond;
    private int ordersThisSecond;
    private long crossSequence = FIRST_SEQ;
    /** The recorded session replayed, or null for a scenario. */
    private final BybitReplay replay;

    /** Per symbol: the synthetic market, its book update id and the last published ticker. */
    private static final class Market
    {
        final SimMarket sim;
        long u = FIRST_U;
        long seq;
        boolean skipNext;
        long nextSettleMs;
        Map<String, String> ticker = new LinkedHashMap<>();

        Market(final SimMarket sim)
        {
            this.sim = sim;
        }
    }

    /**
     * A simulator replaying a recorded session instead of a scenario (see {@link BybitReplay}):
     * the recorded linear public frames to subscribers, paced at {@code speed} times the recorded
     * pace (0: as fast as the clients read) from the first subscription, and the recorded
     * instruments-info. The order side has no markets.
     *
     * @param recording the session; keep only the linear public connection's frames, e.g.
     *                  {@code SimRecording.load(files, BybitSimulator::isLinearPublicFrame)}.
     */
    public static BybitSimulator replaying(final SimRecording recording, final SimulatorConfig config, final double speed)
    {
        return new BybitSimulator(recording, config, speed);
    }

    /** {@link #replaying(SimRecording, SimulatorConfig, double)} of recording files; frames of other connections (spot) are left out. */
    public static BybitSimulator replaying(final List<java.nio.file.Path> files, final SimulatorConfig config, final double speed)
    {
        return replaying(SimRecording.load(files, BybitSimulator::isLinearPublicFrame), config, speed);
    }

    /** Whether a recorded frame came from the linear public stream (or from an untagged file). */
    public static boolean isLinearPublicFrame(final io.fundingarb.connectors.recording.FeedRecording.Record record)
    {
        return BybitReplay.isLinearPublic(record);
    }

    private BybitSimulator(final SimRecording recording, final SimulatorConfig config, final double speed)
    {
        super("bybit", null, config, new SimAccount(SimAccountConfig.demo("0.00055"), 0));
        this.nextOrderId = 0x1000_0000L;
        this.replay = new BybitReplay(recording, speed, this::sessions);
    }

    public BybitSimulator(final SimScenario scenario, final SimulatorConfig config)
    {
        this(scenario, config, SimAccountConfig.demo("0.00055"));
    }

    public BybitSimulator(final SimScenario scenario, final SimulatorConfig config, final SimAccountConfig accountConfig)
    {
        super("bybit", scenario, config, new SimAccount(accountConfig, scenario.seed() ^ 0xB7B1L));
        this.replay = null;
        this.nextOrderId = 0x1000_0000L + Math.floorMod(scenario.seed(), 0x100_0000L);
        final long nowNs = config.clock().nanoTime();
        for (final SimInstrument instrument : scenario.instruments())
        {
            final Market market = new Market(new SimMarket(scenario, instrument, config.bookLevels(), scenario.seed() ^ 0xB7B1L, 1));
            market.sim.stepBook(nowNs);
            market.sim.book().drain();
            market.seq = nextSeq();
            market.ticker = tickerFields(market, nowNs);
            market.nextSettleMs = market.sim.funding(nowNs / 1_000_000L).nextFundingMs();
            markets.put(instrument.symbol(), market);
        }
    }

    @Override
    public BybitSimulator start()
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
        out.field("nextExecId", nextExecId);
    }

    @Override
    protected void readCounters(final Object counters)
    {
        nextOrderId = counter(counters, "nextOrderId", nextOrderId);
        nextExecId = counter(counters, "nextExecId", nextExecId);
    }

    @Override
    protected SimMarket simMarket(final String symbol)
    {
        return markets.get(symbol).sim;
    }

    /** {@code ws://127.0.0.1:p/v5/private}. */
    public String privateUrl()
    {
        return wsBaseUrl() + "/v5/private";
    }

    /** {@code ws://127.0.0.1:p/v5/public/linear}. */
    public String publicLinearUrl()
    {
        return wsBaseUrl() + "/v5/public/linear";
    }

    private long nextSeq()
    {
        crossSequence += 1 + (crossSequence & 7);
        return crossSequence;
    }

    // ---------------------------------------------------------------- WebSocket

    @Override
    protected boolean isWebSocketPath(final String path)
    {
        return "/v5/public/linear".equals(path) || "/v5/private".equals(path) || TRADE_PATH.equals(path);
    }

    @Override
    protected void onOpen(final SimSession session, final QueryStringDecoder uri)
    {
        session.attach(String.format("sim%08x-%d", 0x5eed0000 + session.id(), session.id()));
        if ("/v5/private".equals(uri.path()))
        {
            session.topics().add("#private");
            admitPrivate(session);
        }
        else if (TRADE_PATH.equals(uri.path()))
        {
            session.topics().add(TRADE_TOPIC);
        }
    }

    @Override
    protected void onText(final SimSession session, final String text)
    {
        final String op = MessageFields.string(text, "op");
        final String reqId = MessageFields.string(text, "req_id");
        final String connId = session.attachment();
        if (session.topics().contains(TRADE_TOPIC))
        {
            onTradeText(session, op, text, connId);
            return;
        }
        if ("ping".equals(op))
        {
            session.send(ack(true, "pong", connId, reqId, "ping"));
            return;
        }
        if (session.topics().contains("#private"))
        {
            onPrivateText(session, op, text, connId, reqId);
            return;
        }
        final List<String> args = MessageFields.strings(text, "args");
        if (!"subscribe".equals(op) && !"unsubscribe".equals(op) || args == null)
        {
            session.send(ack(false, "error:request not supported", connId, reqId, op == null ? "" : op));
            return;
        }
        for (final String topic : args)
        {
            if (replay == null && market(topic) == null)
            {
                session.send(ack(false, "error:handler not found,topic:" + topic, connId, reqId, op));
                return;
            }
        }
        if ("unsubscribe".equals(op))
        {
            args.forEach(session.topics()::remove);
            session.send(ack(true, "", connId, reqId, op));
            return;
        }
        session.send(ack(true, "", connId, reqId, op));
        if (replay != null)
        {
            for (final String topic : args)
            {
                if (session.topics().add(topic))
                {
                    replay.onSubscribed(session, topic);
                }
            }
            return;
        }
        final long nowMs = config.clock().nanoTime() / 1_000_000L;
        for (final String topic : args)
        {
            if (session.topics().add(topic))
            {
                final Market market = market(topic);
                session.send(topic.startsWith("tickers.")
                    ? tickerMessage(topic, "snapshot", market.ticker, nowMs)
                    : bookMessage(topic, "snapshot", market, market.sim.book().bids(depthOf(topic)), market.sim.book().asks(depthOf(topic)),
                        market.u, market.seq, nowMs));
            }
        }
    }

    private static String ack(final boolean success, final String message, final String connId, final String reqId, final String op)
    {
        final JsonText json = new JsonText()
            .beginObject()
            .rawField("success", Boolean.toString(success))
            .field("ret_msg", message)
            .field("conn_id", connId);
        if (reqId != null)
        {
            json.field("req_id", reqId);
        }
        return json.field("op", op).endObject().toString();
    }

    /** The market a topic names, or null for an unknown topic or symbol. */
    private Market market(final String topic)
    {
        if (topic.startsWith("tickers."))
        {
            return markets.get(topic.substring("tickers.".length()));
        }
        if (topic.startsWith("orderbook."))
        {
            final String[] parts = topic.split("\\.");
            if (parts.length == 3 && ("50".equals(parts[1]) || "200".equals(parts[1]) || "500".equals(parts[1])))
            {
                return markets.get(parts[2]);
            }
        }
        return null;
    }

    private static int depthOf(final String topic)
    {
        return Integer.parseInt(topic.substring("orderbook.".length(), topic.lastIndexOf('.')));
    }

    @Override
    protected void onMarkTick(final long nowNs)
    {
        final long nowMs = nowNs / 1_000_000L;
        settleFunding(nowMs);
        for (final Market market : markets.values())
        {
            final Map<String, String> fresh = tickerFields(market, nowNs);
            final Map<String, String> changed = new LinkedHashMap<>();
            changed.put("symbol", market.sim.instrument().symbol());
            fresh.forEach((k, v) ->
            {
                if (!Objects.equals(market.ticker.get(k), v))
                {
                    changed.put(k, v);
                }
            });
            market.ticker = fresh;
            if (changed.size() > 1)
            {
                final String topic = "tickers." + market.sim.instrument().symbol();
                if (hasSubscriber(topic))
                {
                    publish(topic, tickerMessage(topic, "delta", changed, nowMs));
                }
            }
        }
    }

    private Map<String, String> tickerFields(final Market market, final long nowNs)
    {
        final SimInstrument in = market.sim.instrument();
        final long nowMs = nowNs / 1_000_000L;
        final FundingPath.Current funding = market.sim.funding(nowMs);
        final double last = market.sim.venueMid(nowNs);
        final double open = market.sim.venueMid(nowNs - 86_400_000_000_000L);
        final double hourAgo = market.sim.venueMid(nowNs - 3_600_000_000_000L);
        final double volume = 200_000_000.0 / in.initialMid().doubleValue();
        final SimBook.Level bid = market.sim.book().bestBid();
        final SimBook.Level ask = market.sim.book().bestAsk();
        final Map<String, String> f = new LinkedHashMap<>();
        f.put("symbol", in.symbol());
        f.put("tickDirection", last >= hourAgo ? "PlusTick" : "MinusTick");
        f.put("price24hPcnt", BigDecimal.valueOf((last - open) / open).setScale(6, RoundingMode.HALF_EVEN).toPlainString());
        f.put("lastPrice", price(in, last));
        f.put("prevPrice24h", price(in, open));
        f.put("highPrice24h", price(in, Math.max(last, open) * 1.01));
        f.put("lowPrice24h", price(in, Math.min(last, open) * 0.99));
        f.put("prevPrice1h", price(in, hourAgo));
        f.put("markPrice", price(in, market.sim.mark(nowNs)));
        f.put("indexPrice", price(in, market.sim.index(nowNs)));
        f.put("openInterest", BigDecimal.valueOf(volume * 0.4).setScale(in.qtyScale(), RoundingMode.HALF_EVEN).toPlainString());
        f.put("openInterestValue", BigDecimal.valueOf(volume * 0.4 * last).setScale(2, RoundingMode.HALF_EVEN).toPlainString());
        f.put("turnover24h", BigDecimal.valueOf(volume * (last + open) / 2).setScale(4, RoundingMode.HALF_EVEN).toPlainString());
        f.put("volume24h", BigDecimal.valueOf(volume).setScale(4, RoundingMode.HALF_EVEN).toPlainString());
        f.put("fundingIntervalHour", Integer.toString(funding.intervalHours()));
        f.put("fundingCap", FUNDING_CAP);
        f.put("nextFundingTime", Long.toString(funding.nextFundingMs()));
        f.put("fundingRate", funding.rate().stripTrailingZeros().toPlainString());
        f.put("bid1Price", in.price(bid.priceTicks()));
        f.put("bid1Size", in.size(bid.lots()));
        f.put("ask1Price", in.price(ask.priceTicks()));
        f.put("ask1Size", in.size(ask.lots()));
        f.put("preOpenPrice", "");
        f.put("preQty", "");
        f.put("curPreListingPhase", "");
        return f;
    }

    private String tickerMessage(final String topic, final String type, final Map<String, String> fields, final long nowMs)
    {
        final JsonText json = new JsonText(1024).beginObject().field("topic", topic).field("type", type).name("data").beginObject();
        fields.forEach(json::field);
        return json.endObject().field("cs", nextSeq()).field("ts", nowMs).endObject().toString();
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

    /** The book's changes since the last push, as one {@code delta} on each {@code orderbook} topic subscribed. */
    private void publishDepth(final Market market, final long nowMs)
    {
        final SimBook.Diff diff = market.sim.book().drain();
        if (diff == null)
        {
            return;
        }
        market.u += market.skipNext ? 2 : 1;
        market.skipNext = false;
        market.seq = nextSeq();
        for (final String depth : new String[] {"50", "200", "500"})
        {
            final String topic = "orderbook." + depth + "." + market.sim.instrument().symbol();
            if (hasSubscriber(topic))
            {
                publish(topic, bookMessage(topic, "delta", market, diff.bids(), diff.asks(), market.u, market.seq, nowMs));
            }
        }
    }

    private static String bookMessage(
        final String topic, final String type, final Market market, final List<SimBook.Level> bids, final List<SimBook.Level> asks,
        final long u, final long seq, final long nowMs)
    {
        final SimInstrument in = market.sim.instrument();
        final JsonText json = new JsonText(2048)
            .beginObject()
            .field("topic", topic)
            .field("type", type)
            .field("ts", nowMs)
            .name("data").beginObject()
            .field("s", in.symbol())
            .name("b").beginArray();
        bids.forEach(l -> json.pair(in.price(l.priceTicks()), in.size(l.lots())));
        json.endArray().name("a").beginArray();
        asks.forEach(l -> json.pair(in.price(l.priceTicks()), in.size(l.lots())));
        return json.endArray().field("u", u).field("seq", seq).endObject().field("cts", nowMs).endObject().toString();
    }

    @Override
    protected String malformedFrame()
    {
        if (replay != null)
        {
            return replay.malformedFrame();
        }
        final String symbol = markets.keySet().iterator().next();
        return "{\"topic\":\"tickers." + symbol + "\",\"type\":\"delta\",\"data\":{\"symbol\":\"" + symbol + "\",\"fundingRate\":\"0.00";
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
        if (ACCOUNT_PATHS.contains(uri.path()))
        {
            final RestReply denied = authenticate(method, uri, headers, body, nowMs);
            return denied != null ? denied : accountRequest(method, uri, body, nowNs, nowMs);
        }
        if ("/v5/account/wallet-balance".equals(uri.path()) && HttpMethod.GET.equals(method))
        {
            final RestReply denied = authenticate(method, uri, headers, body, nowMs);
            if (denied != null)
            {
                return denied;
            }
            if (!"UNIFIED".equals(param(uri, "accountType")))
            {
                return RestReply.ok(error(10001, "accountType only support UNIFIED.", nowMs));
            }
            return RestReply.ok(envelope("{\"list\":[" + unifiedWallet() + "]}", nowMs));
        }
        final RestReply recorded = replay == null || !HttpMethod.GET.equals(method) ? null : replay.onRest(uri);
        if (recorded != null)
        {
            return recorded;
        }
        if (uri.path().startsWith("/v5/order/"))
        {
            return orderRoute(method, uri, headers, body, nowMs);
        }
        if (!HttpMethod.GET.equals(method))
        {
            return null;
        }
        switch (uri.path())
        {
            case "/v5/market/time":
                return RestReply.ok(envelope("{\"timeSecond\":\"" + nowMs / 1000 + "\",\"timeNano\":\"" + nowNs + "\"}", nowMs));
            case "/v5/market/instruments-info":
                return linearOnly(uri, nowMs, () -> instrumentsInfo(param(uri, "symbol"), nowMs));
            case "/v5/market/tickers":
                return linearOnly(uri, nowMs, () -> tickers(param(uri, "symbol"), nowNs));
            case "/v5/market/orderbook":
                return linearOnly(uri, nowMs, () -> orderbook(uri, nowMs));
            default:
                return null;
        }
    }

    private RestReply linearOnly(final QueryStringDecoder uri, final long nowMs, final java.util.function.Supplier<String> result)
    {
        if (!"linear".equals(param(uri, "category")))
        {
            return RestReply.ok(error(10001, "params error: category only support linear in this simulator", nowMs));
        }
        final String body = result.get();
        return RestReply.ok(body == null ? error(10001, "params error: symbol invalid", nowMs) : envelope(body, nowMs));
    }

    @Override
    protected RestReply errorReply(final int status, final String message)
    {
        final long nowMs = config.clock().nanoTime() / 1_000_000L;
        final int code = status == 429 || status == 403 ? 10006 : status == 404 ? 10001 : 10016;
        return RestReply.of(status, error(code, message, nowMs));
    }

    private static String envelope(final String result, final long nowMs)
    {
        return "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":" + result + ",\"retExtInfo\":{},\"time\":" + nowMs + "}";
    }

    private static String error(final int code, final String message, final long nowMs)
    {
        return new JsonText().beginObject().field("retCode", code).field("retMsg", message).name("result").beginObject().endObject()
            .name("retExtInfo").beginObject().endObject().field("time", nowMs).endObject().toString();
    }

    private String instrumentsInfo(final String symbol, final long nowMs)
    {
        final JsonText json = new JsonText(4096).beginObject().field("category", "linear").name("list").beginArray();
        for (final Market market : markets.values())
        {
            final SimInstrument in = market.sim.instrument();
            if (symbol != null && !symbol.equals(in.symbol()))
            {
                continue;
            }
            final FundingPath.Current funding = market.sim.funding(nowMs);
            json.beginObject()
                .field("symbol", in.symbol())
                .field("contractType", "LinearPerpetual")
                .field("status", "Trading")
                .field("baseCoin", in.base())
                .field("quoteCoin", in.quote())
                .field("launchTime", "1585526400000")
                .field("deliveryTime", "0")
                .field("deliveryFeeRate", "")
                .field("priceScale", Integer.toString(in.priceScale()))
                .name("leverageFilter").beginObject().field("minLeverage", "1").field("maxLeverage", "100.00").field("leverageStep", "0.01").endObject()
                .name("priceFilter").beginObject().field("minPrice", in.tickSize().toPlainString()).field("maxPrice", "1999999.80")
                .field("tickSize", in.tickSize().toPlainString()).endObject()
                .name("lotSizeFilter").beginObject().field("maxOrderQty", "1190.000").field("minOrderQty", in.lotSize().toPlainString())
                .field("qtyStep", in.lotSize().toPlainString()).field("postOnlyMaxOrderQty", "1190.000").field("maxMktOrderQty", "500.000")
                .field("minNotionalValue", in.minNotional().toPlainString()).endObject()
                .rawField("unifiedMarginTrade", "true")
                .field("fundingInterval", funding.intervalHours() * 60L)
                .field("settleCoin", in.quote())
                .field("copyTrading", "both")
                .field("upperFundingRate", FUNDING_CAP)
                .field("lowerFundingRate", "-" + FUNDING_CAP)
                .rawField("isPreListing", "false")
                .rawField("preListingInfo", "null")
                .name("riskParameters").beginObject().field("priceLimitRatioX", "0.01").field("priceLimitRatioY", "0.02").endObject()
                .field("displayName", "")
                .field("symbolType", "")
                .rawField("forbidUplWithdrawal", "false")
                .endObject();
        }
        return json.endArray().field("nextPageCursor", "").endObject().toString();
    }

    private String tickers(final String symbol, final long nowNs)
    {
        if (symbol != null && !markets.containsKey(symbol))
        {
            return null;
        }
        final JsonText json = new JsonText(4096).beginObject().field("category", "linear").name("list").beginArray();
        for (final Market market : markets.values())
        {
            if (symbol != null && !symbol.equals(market.sim.instrument().symbol()))
            {
                continue;
            }
            final Map<String, String> f = tickerFields(market, nowNs);
            json.beginObject();
            for (final String key : new String[] {"symbol", "lastPrice", "indexPrice", "markPrice", "prevPrice24h", "price24hPcnt",
                "highPrice24h", "lowPrice24h", "prevPrice1h", "openInterest", "openInterestValue", "turnover24h", "volume24h",
                "fundingRate", "nextFundingTime", "fundingIntervalHour", "fundingCap"})
            {
                json.field(key, f.get(key));
            }
            json.field("predictedDeliveryPrice", "").field("basisRate", "").field("deliveryFeeRate", "").field("deliveryTime", "0")
                .field("ask1Size", f.get("ask1Size")).field("bid1Price", f.get("bid1Price")).field("ask1Price", f.get("ask1Price"))
                .field("bid1Size", f.get("bid1Size")).field("basis", "").endObject();
        }
        return json.endArray().endObject().toString();
    }

    private String orderbook(final QueryStringDecoder uri, final long nowMs)
    {
        final Market market = markets.get(Objects.toString(param(uri, "symbol"), ""));
        if (market == null)
        {
            return null;
        }
        final String limitText = param(uri, "limit");
        final int limit = limitText == null ? 25 : Math.max(1, Math.min(500, Integer.parseInt(limitText)));
        final SimInstrument in = market.sim.instrument();
        final JsonText json = new JsonText(4096).beginObject().field("s", in.symbol()).name("b").beginArray();
        market.sim.book().bids(limit).forEach(l -> json.pair(in.price(l.priceTicks()), in.size(l.lots())));
        json.endArray().name("a").beginArray();
        market.sim.book().asks(limit).forEach(l -> json.pair(in.price(l.priceTicks()), in.size(l.lots())));
        return json.endArray().field("ts", nowMs).field("u", market.u).field("seq", market.seq).field("cts", nowMs).endObject().toString();
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

    private void onPrivateText(final SimSession session, final String op, final String text, final String connId, final String reqId)
    {
        if ("auth".equals(op))
        {
            final boolean ok = authenticate(session, text);
            session.send(ack(ok, ok ? "" : "error sign!", connId, reqId, "auth"));
            return;
        }
        final List<String> args = MessageFields.strings(text, "args");
        if (!"subscribe".equals(op) || args == null || !authenticated.contains(session))
        {
            session.send(ack(false, authenticated.contains(session) ? "error:request not supported" : "Request not authorized", connId, reqId,
                op == null ? "" : op));
            return;
        }
        for (final String topic : args)
        {
            if (!"order".equals(topic) && !"execution".equals(topic) && !"wallet".equals(topic) && !"position".equals(topic))
            {
                session.send(ack(false, "error:handler not found,topic:" + topic, connId, reqId, op));
                return;
            }
        }
        session.topics().addAll(args);
        session.send(ack(true, "", connId, reqId, op));
    }

    /** The auth message of a private or trade connection: key, an expiry still ahead, HMAC-SHA256 of "GET/realtime" + expiry. */
    private boolean authenticate(final SimSession session, final String text)
    {
        final Matcher m = AUTH_ARGS.matcher(text);
        final boolean ok = m.find() && account.keyMatches(m.group(1)) && Long.parseLong(m.group(2)) > System.currentTimeMillis() &&
            account.signatureMatches("GET/realtime" + m.group(2), m.group(3));
        if (ok)
        {
            authenticated.add(session);
        }
        return ok;
    }

    /**
     * One message on the WebSocket trade API, as "Websocket Trade Guideline" describes it (fixtures fixtures/bybit/ws-trade-*.json):
     * {@code auth} ({@code ["api key", expires, hex HMAC-SHA256("GET/realtime" + expires)]}, answered {@code retCode} 0, or 10004
     * for an invalid signature), then {@code order.create} / {@code order.cancel} with {@code reqId}, {@code header}
     * ({@code X-BAPI-TIMESTAMP}, {@code X-BAPI-RECV-WINDOW}: "server time - recv_window <= timestamp < server time + 1000") and
     * REST's body as {@code args[0]}; answered with {@code retCode}, {@code retMsg}, {@code op}, {@code data} (REST's
     * {@code result}), the rate-limit {@code header} and {@code connId}; {@code ping} with {@code pong}. The order faults apply as on REST.
     */
    private void onTradeText(final SimSession session, final String op, final String text, final String connId)
    {
        final long nowMs = config.clock().nanoTime() / 1_000_000L;
        if ("ping".equals(op))
        {
            session.send(new JsonText().beginObject().field("retCode", 0).field("retMsg", "OK").field("op", "pong").name("data").beginArray()
                .string(Long.toString(nowMs)).endArray().field("connId", connId).endObject().toString());
            return;
        }
        if ("auth".equals(op))
        {
            final boolean ok = authenticate(session, text);
            session.send(new JsonText().beginObject().field("retCode", ok ? 0 : 10004).field("retMsg", ok ? "OK" : "Invalid sign")
                .field("op", "auth").field("connId", connId).endObject().toString());
            return;
        }
        final String reqId = MessageFields.string(text, "reqId");
        final boolean create = "order.create".equals(op);
        if (create)
        {
            countOrder();
        }
        final String timestamp = MessageFields.string(text, "X-BAPI-TIMESTAMP");
        final long recvWindow = longOr(MessageFields.string(text, "X-BAPI-RECV-WINDOW"), 5_000L);
        final RestReply reply;
        if (!authenticated.contains(session))
        {
            reply = RestReply.ok(error(10003, "Request not authorized", nowMs));
        }
        else if (!create && !"order.cancel".equals(op))
        {
            reply = RestReply.ok(error(10001, "params error: op not supported", nowMs));
        }
        else if (timestamp == null || nowMs - recvWindow > longOr(timestamp, 0) || longOr(timestamp, 0) >= nowMs + 1_000)
        {
            reply = RestReply.ok(error(10002, "invalid request, please check your server timestamp or recv_window param", nowMs));
        }
        else if (create)
        {
            final RestReply unapplied = takeUnappliedFailure();
            reply = unapplied != null ? unapplied : create(text, nowMs);
        }
        else
        {
            reply = RestReply.ok(cancel(text, nowMs));
        }
        final Map<String, String> limit = limits(reply, nowMs, create).headers();
        final String envelope = reply.body();
        final int result = envelope.indexOf("\"result\":") + "\"result\":".length();
        final JsonText json = new JsonText(512).beginObject();
        if (reqId != null)
        {
            json.field("reqId", reqId);
        }
        final String answer = json.field("retCode", Integer.parseInt(MessageFields.literal(envelope, "retCode")))
            .field("retMsg", MessageFields.string(envelope, "retMsg")).field("op", op == null ? "" : op)
            .rawField("data", envelope.substring(result, envelope.indexOf(",\"retExtInfo\"", result)))
            .name("header").beginObject()
            .field("X-Bapi-Limit", limit.get("X-Bapi-Limit")).field("X-Bapi-Limit-Status", limit.get("X-Bapi-Limit-Status"))
            .field("X-Bapi-Limit-Reset-Timestamp", limit.get("X-Bapi-Limit-Reset-Timestamp"))
            .field("Traceid", String.format("%032x", session.id() * 1_000_003L + nowMs)).field("Timenow", Long.toString(nowMs)).endObject()
            .field("connId", connId).endObject().toString();
        if (reply.loss() == RestReply.Loss.CLOSE_CONNECTION)
        {
            session.channel().close();
        }
        else if (reply.loss() != RestReply.Loss.NO_ANSWER)
        {
            later(reply.delayMs(), () -> session.send(answer));
        }
    }

    private static long longOr(final String text, final long fallback)
    {
        try
        {
            return text == null ? fallback : Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            return fallback;
        }
    }

    @Override
    protected void onPrivateDropped(final SimSession session)
    {
        authenticated.remove(session);
    }

    private void pushPrivate(final String topic, final String dataArray, final long nowMs)
    {
        final String message = "{\"id\":\"" + topic + "-" + nextExecId + "\",\"topic\":\"" + topic + "\",\"creationTime\":" + nowMs +
            ",\"data\":" + dataArray + "}";
        synchronized (privateLog)
        {
            if (privateLog.size() == PRIVATE_LOG)
            {
                privateLog.removeFirst();
            }
            privateLog.addLast(message);
        }
        final List<SimSession> all = sessions();
        for (int i = 0; i < all.size(); i++)
        {
            final SimSession session = all.get(i);
            if (isPrivate(session) && authenticated.contains(session) && session.topics().contains(topic))
            {
                session.send(message);
            }
        }
    }

    /**
     * As after a Bybit service restart ("filled, canceled and rejected orders of Unified account
     * should only be queried through order history"): {@code /v5/order/realtime} lists open orders
     * only, {@code /v5/order/history} still has every order.
     */
    public void forgetClosedOrdersInRealtime(final boolean forget)
    {
        realtimeOpenOnly = forget;
    }

    private RestReply orderRoute(final HttpMethod method, final QueryStringDecoder uri, final HttpHeaders headers, final String body, final long nowMs)
    {
        final boolean create = HttpMethod.POST.equals(method) && "/v5/order/create".equals(uri.path());
        if (create)
        {
            countOrder();
        }
        final RestReply denied = authenticate(method, uri, headers, body, nowMs);
        if (denied != null)
        {
            return limits(denied, nowMs, create);
        }
        if (create)
        {
            final RestReply unapplied = takeUnappliedFailure();
            return limits(unapplied != null ? unapplied : create(body, nowMs), nowMs, true);
        }
        if (HttpMethod.POST.equals(method) && "/v5/order/cancel".equals(uri.path()))
        {
            return RestReply.ok(cancel(body, nowMs));
        }
        if (HttpMethod.GET.equals(method) && ("/v5/order/realtime".equals(uri.path()) || "/v5/order/history".equals(uri.path())))
        {
            // Get Open & Closed Orders (openOnly is ignored when asking by orderLinkId) / Get Order History:
            // the order in "list", or an empty list for an id the venue never had
            final SimOrder order = orders.get(Objects.toString(param(uri, "orderLinkId"), ""));
            final boolean forgotten = order != null && !order.isOpen() && realtimeOpenOnly && "/v5/order/realtime".equals(uri.path());
            final String list = order == null || forgotten ? "[]" : "[" + queryJson(order) + "]";
            return RestReply.ok(envelope("{\"list\":" + list + ",\"nextPageCursor\":\"\",\"category\":\"linear\"}", nowMs));
        }
        return null;
    }

    /** Bybit's per-endpoint limit headers: 10 order creations per second. */
    private RestReply limits(final RestReply reply, final long nowMs, final boolean create)
    {
        final long second = nowMs / 1_000L;
        if (second != rateSecond)
        {
            rateSecond = second;
            ordersThisSecond = 0;
        }
        if (create)
        {
            ordersThisSecond++;
        }
        final Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Bapi-Limit", Integer.toString(ordersPerSecond));
        headers.put("X-Bapi-Limit-Status", Integer.toString(Math.max(0, ordersPerSecond - ordersThisSecond)));
        headers.put("X-Bapi-Limit-Reset-Timestamp", Long.toString((second + 1) * 1_000L));
        return reply.withHeaders(headers);
    }

    private RestReply authenticate(final HttpMethod method, final QueryStringDecoder uri, final HttpHeaders headers, final String body, final long nowMs)
    {
        final String key = headers.get("X-BAPI-API-KEY");
        if (!account.keyMatches(key))
        {
            return RestReply.ok(error(10003, "API key is invalid.", nowMs));
        }
        final String timestamp = headers.get("X-BAPI-TIMESTAMP");
        final String recvWindow = Objects.toString(headers.get("X-BAPI-RECV-WINDOW"), "");
        final String payload = HttpMethod.GET.equals(method) ? uri.rawQuery() : Objects.toString(body, "");
        if (timestamp == null || !account.signatureMatches(timestamp + key + recvWindow + payload, headers.get("X-BAPI-SIGN")))
        {
            return RestReply.ok(error(10004, "error sign!", nowMs));
        }
        return null;
    }

    private RestReply create(final String body, final long nowMs)
    {
        if (!"linear".equals(MessageFields.string(body, "category")))
        {
            return RestReply.ok(error(10001, "params error: category only support linear in this simulator", nowMs));
        }
        final Market market = markets.get(Objects.toString(MessageFields.string(body, "symbol"), ""));
        if (market == null)
        {
            return RestReply.ok(error(10001, "params error: symbol invalid", nowMs));
        }
        final SimInstrument in = market.sim.instrument();
        final String side = MessageFields.string(body, "side");
        final String type = MessageFields.string(body, "orderType");
        if (!"Buy".equals(side) && !"Sell".equals(side))
        {
            return RestReply.ok(error(10001, "params error: side invalid", nowMs));
        }
        if (!"Limit".equals(type) && !"Market".equals(type))
        {
            return RestReply.ok(error(10001, "params error: orderType invalid", nowMs));
        }
        final boolean isMarket = "Market".equals(type);
        final String tif = isMarket ? "IOC" : Objects.toString(MessageFields.string(body, "timeInForce"), "GTC");
        if (!"IOC".equals(tif) && !"GTC".equals(tif) && !"FOK".equals(tif) && !"PostOnly".equals(tif))
        {
            return RestReply.ok(error(10001, "params error: timeInForce invalid", nowMs));
        }
        final BigDecimal qty = decimal(MessageFields.string(body, "qty"));
        final BigDecimal price = isMarket ? null : decimal(MessageFields.string(body, "price"));
        if (qty == null || (!isMarket && price == null))
        {
            return RestReply.ok(error(10001, "params error: qty or price invalid", nowMs));
        }
        if (qty.compareTo(in.lotSize()) < 0)
        {
            return RestReply.ok(error(10001, "The number of contracts exceeds minimum limit allowed", nowMs));
        }
        if (qty.remainder(in.lotSize()).signum() != 0)
        {
            return RestReply.ok(error(10001, "Order quantity has too many decimals.", nowMs));
        }
        if (price != null && (price.signum() <= 0 || price.remainder(in.tickSize()).signum() != 0))
        {
            return RestReply.ok(error(10001, "Order price has too many decimals.", nowMs));
        }
        final boolean buy = "Buy".equals(side);
        final boolean reduceOnly = "true".equals(MessageFields.literal(body, "reduceOnly"));
        final BigDecimal touch = new BigDecimal(in.price((buy ? market.sim.book().bestAsk() : market.sim.book().bestBid()).priceTicks()));
        final BigDecimal refPrice = price != null ? price : touch;
        if (!reduceOnly && qty.multiply(refPrice).compareTo(in.minNotional()) < 0)
        {
            return RestReply.ok(error(110094, "Order does not meet minimum order value " + in.minNotional().toPlainString() + "USDT", nowMs));
        }
        final BigDecimal position = account.position(in.symbol()).qty();
        if (reduceOnly && (position.signum() == 0 || (position.signum() > 0) == buy))
        {
            return RestReply.ok(error(110017, "Reduce-only order has same side with current position", nowMs));
        }
        final Object[] fault = takeRejectFault();
        if (fault != null)
        {
            return RestReply.ok(error((Integer)fault[0], (String)fault[1], nowMs));
        }
        final String linkId = Objects.toString(MessageFields.string(body, "orderLinkId"), "");
        receivedClientOrderId(linkId);
        if (!linkId.isEmpty() && orders.containsKey(linkId))
        {
            return RestReply.ok(error(110072, "OrderLinkedID is duplicate", nowMs));
        }
        final SimOrder order = new SimOrder(nextOrderId++, linkId.isEmpty() ? "sim-" + nextOrderId : linkId, in.symbol(), buy, isMarket, tif, price, qty,
            reduceOnly);
        order.updateTimeMs = nowMs;
        order.createTimeMs = nowMs;
        order.status = "NEW";
        orders.put(order.clientId, order);
        final List<SimAccount.Fill> fills = new ArrayList<>();
        final boolean crosses = price == null || (buy ? price.compareTo(touch) >= 0 : price.compareTo(touch) <= 0);
        if ("PostOnly".equals(tif) && crosses)
        {
            order.status = "EXPIRED";
        }
        else if (!"PostOnly".equals(tif))
        {
            final BigDecimal ratio = takeFillRatio();
            final BigDecimal maxQty = qty.multiply(ratio).divide(in.lotSize(), 0, java.math.RoundingMode.DOWN).multiply(in.lotSize());
            if (maxQty.signum() > 0)
            {
                fills.addAll(account.take(market.sim, buy, price, maxQty));
            }
        }
        final StringBuilder executions = new StringBuilder("[");
        for (final SimAccount.Fill fill : fills)
        {
            order.add(fill);
            account.apply(in.symbol(), buy, fill);
            if (executions.length() > 1)
            {
                executions.append(',');
            }
            executions.append(executionJson(order, fill, nowMs));
        }
        executions.append(']');
        if (order.executedQty.compareTo(qty) >= 0)
        {
            order.status = "FILLED";
        }
        else if (!"GTC".equals(tif) && !"PostOnly".equals(tif))
        {
            order.status = "EXPIRED";
        }
        else if (order.executedQty.signum() > 0)
        {
            order.status = "PARTIALLY_FILLED";
        }
        final String orderData = "[" + orderJson(order) + "]";
        final boolean filled = !fills.isEmpty();
        later(orderDelayMs(), () ->
        {
            if (filled)
            {
                pushPrivate("execution", executions.toString(), nowMs);
            }
            pushPrivate("order", orderData, nowMs);
            if (filled)
            {
                pushPrivate("wallet", walletJson(), nowMs);
            }
        });
        return applied(RestReply.ok(envelope("{\"orderId\":\"" + orderId(order) + "\",\"orderLinkId\":\"" + order.clientId + "\"}", nowMs))
            .delayed(orderDelayMs()));
    }

    private String cancel(final String body, final long nowMs)
    {
        final SimOrder order = orders.get(Objects.toString(MessageFields.string(body, "orderLinkId"), ""));
        if (order == null || !order.isOpen())
        {
            return error(110001, "order not exists or too late to cancel", nowMs);
        }
        order.status = "CANCELED";
        order.updateTimeMs = nowMs;
        pushPrivate("order", "[" + orderJson(order) + "]", nowMs);
        return envelope("{\"orderId\":\"" + orderId(order) + "\",\"orderLinkId\":\"" + order.clientId + "\"}", nowMs);
    }

    private static String orderId(final SimOrder order)
    {
        final String hex = String.format("%032x", order.orderId);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    private static String bybitStatus(final SimOrder order)
    {
        switch (order.status)
        {
            case "NEW": return "New";
            case "PARTIALLY_FILLED": return "PartiallyFilled";
            case "FILLED": return "Filled";
            case "EXPIRED": return order.executedQty.signum() > 0 ? "PartiallyFilledCanceled" : "Cancelled";
            default: return "Cancelled";
        }
    }

    private String orderJson(final SimOrder o)
    {
        final SimInstrument in = markets.get(o.symbol).sim.instrument();
        return new JsonText(768).beginObject()
            .field("category", "linear")
            .field("symbol", o.symbol)
            .field("orderId", orderId(o))
            .field("orderLinkId", o.clientId)
            .field("side", o.buy ? "Buy" : "Sell")
            .field("orderType", o.market ? "Market" : "Limit")
            .field("price", o.price == null ? "0" : o.price.setScale(in.priceScale(), java.math.RoundingMode.UNNECESSARY).toPlainString())
            .field("qty", plain(o.qty))
            .field("timeInForce", o.timeInForce)
            .field("orderStatus", bybitStatus(o))
            .field("cancelType", "CANCELED".equals(o.status) ? "CancelByUser" : "EXPIRED".equals(o.status) ? "CancelByUser" : "UNKNOWN")
            .field("rejectReason", "EC_NoError")
            .field("avgPrice", o.executedQty.signum() == 0 ? "" : plain(o.avgPrice(8)))
            .field("leavesQty", o.isOpen() ? plain(o.leavesQty()) : "0")
            .field("leavesValue", "0")
            .field("cumExecQty", plain(o.executedQty))
            .field("cumExecValue", plain(o.cumQuote))
            .field("cumExecFee", plain(o.cumFee))
            .field("positionIdx", 0)
            .rawField("reduceOnly", Boolean.toString(o.reduceOnly))
            .rawField("closeOnTrigger", "false")
            .field("createdTime", Long.toString(o.updateTimeMs))
            .field("updatedTime", Long.toString(o.updateTimeMs))
            .endObject().toString();
    }

    /**
     * An order as {@code GET /v5/order/realtime} lists it: the keys and types of the documented
     * example, in its order (v5 "Get Open & Closed Orders", fixture fixtures/bybit/order-realtime.json).
     */
    private String queryJson(final SimOrder o)
    {
        final SimInstrument in = markets.get(o.symbol).sim.instrument();
        return new JsonText(1024).beginObject()
            .field("orderId", orderId(o))
            .field("orderLinkId", o.clientId)
            .field("blockTradeId", "")
            .field("symbol", o.symbol)
            .field("price", o.price == null ? "0" : o.price.setScale(in.priceScale(), java.math.RoundingMode.UNNECESSARY).toPlainString())
            .field("qty", plain(o.qty))
            .field("side", o.buy ? "Buy" : "Sell")
            .field("isLeverage", "")
            .field("positionIdx", 0)
            .field("orderStatus", bybitStatus(o))
            .field("cancelType", "CANCELED".equals(o.status) || "EXPIRED".equals(o.status) ? "CancelByUser" : "UNKNOWN")
            .field("rejectReason", "EC_NoError")
            .field("avgPrice", o.executedQty.signum() == 0 ? "" : plain(o.avgPrice(8)))
            .field("leavesQty", o.isOpen() ? plain(o.leavesQty()) : "0")
            .field("leavesValue", o.isOpen() && o.price != null ? plain(o.leavesQty().multiply(o.price)) : "0")
            .field("cumExecQty", plain(o.executedQty))
            .field("cumExecValue", plain(o.cumQuote))
            .field("cumExecFee", plain(o.cumFee))
            .field("timeInForce", o.timeInForce)
            .field("orderType", o.market ? "Market" : "Limit")
            .field("stopOrderType", "UNKNOWN")
            .field("orderIv", "")
            .field("triggerPrice", "0.00")
            .field("takeProfit", "0.00")
            .field("stopLoss", "0.00")
            .field("tpTriggerBy", "UNKNOWN")
            .field("slTriggerBy", "UNKNOWN")
            .field("triggerDirection", 0)
            .field("triggerBy", "UNKNOWN")
            .field("lastPriceOnCreated", "")
            .rawField("reduceOnly", Boolean.toString(o.reduceOnly))
            .rawField("closeOnTrigger", "false")
            .field("smpType", "None")
            .field("smpGroup", 0)
            .field("smpOrderId", "")
            .field("tpslMode", "")
            .field("tpLimitPrice", "")
            .field("slLimitPrice", "")
            .field("placeType", "")
            .field("createdTime", Long.toString(o.createTimeMs))
            .field("updatedTime", Long.toString(o.updateTimeMs))
            .endObject().toString();
    }

    private String executionJson(final SimOrder o, final SimAccount.Fill fill, final long nowMs)
    {
        return new JsonText(512).beginObject()
            .field("category", "linear")
            .field("symbol", o.symbol)
            .field("execFee", plain(fill.fee()))
            .field("execId", "e" + nextExecId++)
            .field("execPrice", plain(fill.price()))
            .field("execQty", plain(fill.qty()))
            .field("execType", "Trade")
            .field("execValue", plain(fill.value()))
            .rawField("isMaker", "false")
            .field("feeRate", plain(account.takerFee()))
            .field("orderId", orderId(o))
            .field("orderLinkId", o.clientId)
            .field("orderPrice", o.price == null ? "0" : plain(o.price))
            .field("orderQty", plain(o.qty))
            .field("orderType", o.market ? "Market" : "Limit")
            .field("side", o.buy ? "Buy" : "Sell")
            .field("execTime", Long.toString(nowMs))
            .field("leavesQty", plain(o.leavesQty()))
            .field("closedSize", "0")
            .field("seq", nextExecId)
            .endObject().toString();
    }

    /** One unified account as {@code GET /v5/account/wallet-balance} lists it. */
    private String unifiedWallet()
    {
        return unifiedWallet(true);
    }

    /**
     * One unified account: as the REST answer lists it ({@code rest}: availableToWithdraw "", the
     * coin's spotHedgingQty), or as the {@code wallet} stream's data element, in the members of the
     * documented stream example (fixture wallet-stream.json: the coin's availableToWithdraw given).
     */
    private String unifiedWallet(final boolean rest)
    {
        final String wallet = account.wallet().setScale(8, java.math.RoundingMode.HALF_UP).toPlainString();
        final String available = account.available().setScale(8, java.math.RoundingMode.HALF_UP).toPlainString();
        final String margin = account.wallet().subtract(account.available()).setScale(8, java.math.RoundingMode.HALF_UP).toPlainString();
        final JsonText out = new JsonText(1024).beginObject()
            .field("totalEquity", wallet)
            .field("accountIMRate", "0")
            .field("totalMarginBalance", wallet)
            .field("totalInitialMargin", margin)
            .field("accountType", "UNIFIED")
            .field("totalAvailableBalance", available)
            .field("accountMMRate", "0")
            .field("totalPerpUPL", "0")
            .field("totalWalletBalance", wallet)
            .field("accountLTV", "0")
            .field("totalMaintenanceMargin", "0")
            .name("coin").beginArray().beginObject()
            .field("availableToBorrow", "")
            .field("bonus", "0")
            .field("accruedInterest", "0")
            .field("availableToWithdraw", rest ? "" : available)
            .field("totalOrderIM", "0")
            .field("equity", wallet)
            .field("totalPositionMM", "0")
            .field("usdValue", wallet)
            .field("unrealisedPnl", "0")
            .rawField("collateralSwitch", "true");
        if (rest)
        {
            out.field("spotHedgingQty", "0");
        }
        return out.field("borrowAmount", "0")
            .field("totalPositionIM", margin)
            .field("walletBalance", wallet)
            .field("cumRealisedPnl", "0")
            .field("locked", "0")
            .rawField("marginCollateral", "true")
            .field("coin", "USDT")
            .endObject().endArray()
            .endObject().toString();
    }

    /** The {@code wallet} stream's data array: the unified account in the documented stream example's members. */
    private String walletJson()
    {
        return "[" + unifiedWallet(false) + "]";
    }

    private void settleFunding(final long nowMs)
    {
        for (final Market market : markets.values())
        {
            while (nowMs >= market.nextSettleMs)
            {
                final long settleMs = market.nextSettleMs;
                final String symbol = market.sim.instrument().symbol();
                final BigDecimal mark = markPriceAt(symbol, settleMs);
                final BigDecimal rate = fundingRateAt(symbol, settleMs);
                final SimAccount.Position position = account.position(symbol);
                final BigDecimal amount = account.settleFunding(symbol, mark, rate);
                if (amount.signum() != 0)
                {
                    final String execution = new JsonText(512).beginArray().beginObject()
                        .field("category", "linear")
                        .field("symbol", symbol)
                        .field("execFee", plain(amount.negate()))
                        .field("execId", "f" + nextExecId++)
                        .field("execPrice", plain(mark))
                        .field("execQty", plain(position.qty().abs()))
                        .field("execType", "Funding")
                        .field("execValue", plain(position.qty().abs().multiply(mark)))
                        .rawField("isMaker", "false")
                        .field("feeRate", rate.toPlainString())
                        .field("orderId", "")
                        .field("orderLinkId", "")
                        .field("side", position.qty().signum() > 0 ? "Buy" : "Sell")
                        .field("execTime", Long.toString(settleMs))
                        .field("leavesQty", "0")
                        .endObject().endArray().toString();
                    settlements.add(new Settlement(symbol, market.sim.instrument().quote(), position.qty().signum() > 0 ? "Buy" : "Sell",
                        plain(amount), position.qty().signum() > 0 ? rate.toPlainString() : rate.negate().toPlainString(),
                        plain(position.qty().abs()), plain(mark), settleMs,
                        account.wallet().setScale(8, java.math.RoundingMode.HALF_UP).toPlainString(), nextExecId));
                    pushPrivate("execution", execution, settleMs);
                    pushPrivate("wallet", walletJson(), settleMs);
                }
                final long next = market.sim.funding(settleMs).nextFundingMs();
                market.nextSettleMs = next > settleMs ? next : settleMs + 3_600_000L;
            }
        }
    }

    /**
     * Moves {@code symbol}'s prices by {@code factor} (0.7 = -30 %), its book with them, pushed at once on
     * the {@code orderbook} topics, then liquidates the position if the mark has reached its liquidation
     * price (the demo's price shock, tests; see {@link #liquidateIfDue}).
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
     * Bybit's liquidation: when the mark reaches the position's liquidation price the position is
     * taken over at that price, reported as an execution with {@code execType} BustTrade (v5 "Enums
     * Definitions / execType"; the shape of the "Execution" stream example, fixture
     * execution-bust-trade.json) and an {@code orderLinkId} of "", then the order (Filled) and the
     * wallet and the {@code position} topic (the flat position, as the documented stream example,
     * fixture position-stream.json).
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
        final SimOrder order = new SimOrder(nextOrderId++, "", symbol, !wasLong, true, "IOC", fill.price(), fill.qty(), true);
        order.createTimeMs = nowMs;
        order.updateTimeMs = nowMs;
        order.add(fill);
        order.status = "FILLED";
        pushPrivate("execution", "[" + bustTradeJson(order, fill, mark, nowMs) + "]", nowMs);
        pushPrivate("order", "[" + orderJson(order) + "]", nowMs);
        pushPrivate("wallet", walletJson(), nowMs);
        final JsonText position = new JsonText(1024).beginArray();
        positionJson(position, markets.get(symbol), nowNs, nowMs, true);
        pushPrivate("position", position.endArray().toString(), nowMs);
    }

    /** A BustTrade execution in the members of the documented "Execution" stream example. */
    private String bustTradeJson(final SimOrder o, final SimAccount.Fill fill, final BigDecimal mark, final long nowMs)
    {
        return new JsonText(768).beginObject()
            .field("category", "linear")
            .field("symbol", o.symbol)
            .field("execFee", plain(fill.fee()))
            .field("execId", "b" + nextExecId++)
            .field("execPrice", plain(fill.price()))
            .field("execQty", plain(fill.qty()))
            .field("execType", "BustTrade")
            .field("execValue", plain(fill.value()))
            .rawField("isMaker", "false")
            .field("feeRate", plain(account.takerFee()))
            .field("tradeIv", "")
            .field("markIv", "")
            .field("blockTradeId", "")
            .field("markPrice", plain(mark))
            .field("indexPrice", "")
            .field("underlyingPrice", "")
            .field("leavesQty", "0")
            .field("orderId", orderId(o))
            .field("orderLinkId", "")
            .field("orderPrice", plain(o.price))
            .field("orderQty", plain(o.qty))
            .field("orderType", "Market")
            .field("stopOrderType", "UNKNOWN")
            .field("side", o.buy ? "Buy" : "Sell")
            .field("execTime", Long.toString(nowMs))
            .field("isLeverage", "0")
            .endObject().toString();
    }

    /** The last private-stream messages pushed (at most 256, oldest first): tests compare their shapes with the documented ones. */
    public List<String> privateEvents()
    {
        synchronized (privateLog)
        {
            return List.copyOf(privateLog);
        }
    }

    /** The highest leverage the symbols accept (100 unless set): above it set-leverage answers 110013. */
    /** The order-creation limit per second the limit headers count down (the venue's default tier: 10); benchmarks raise it. */
    public BybitSimulator orderLimitPerSecond(final int limit)
    {
        this.ordersPerSecond = limit;
        return this;
    }

    public BybitSimulator maxLeverage(final int leverage)
    {
        this.maxLeverage = leverage;
        return this;
    }

    /**
     * The account set-up and position endpoints (v5 docs, fixtures in fixtures/bybit):
     * {@code POST /v5/account/set-margin-mode} "Set Margin Mode" (account-wide: REGULAR_MARGIN,
     * ISOLATED_MARGIN; PORTFOLIO_MARGIN refused with the page's example 3400045);
     * {@code POST /v5/position/set-leverage} "Set Leverage" (110043 "Set leverage not modified" when
     * unchanged, 110013 beyond the symbol's maximum); {@code GET /v5/position/list} "Get Position
     * Info" (by symbol: that symbol whatever its size; by settleCoin: the positions of size > 0).
     */
    private RestReply accountRequest(final HttpMethod method, final QueryStringDecoder uri, final String body, final long nowNs, final long nowMs)
    {
        switch (uri.path())
        {
            case "/v5/account/transaction-log":
                return HttpMethod.GET.equals(method) ? transactionLog(uri, nowMs) : null;
            case "/v5/position/list":
            {
                if (!HttpMethod.GET.equals(method))
                {
                    return null;
                }
                final String symbol = param(uri, "symbol");
                final String settleCoin = param(uri, "settleCoin");
                if (!"linear".equals(param(uri, "category")) || symbol == null && settleCoin == null)
                {
                    return RestReply.ok(error(10001, "params error: category linear and symbol or settleCoin are required", nowMs));
                }
                final JsonText list = new JsonText(1024).beginObject().name("list").beginArray();
                for (final Market market : markets.values())
                {
                    final SimInstrument in = market.sim.instrument();
                    final boolean listed = symbol != null ? symbol.equals(in.symbol())
                        : settleCoin.equals(in.quote()) && account.position(in.symbol()).qty().signum() != 0;
                    if (listed)
                    {
                        positionJson(list, market, nowNs, nowMs);
                    }
                }
                return RestReply.ok(envelope(list.endArray().field("nextPageCursor", "").field("category", "linear").endObject().toString(), nowMs));
            }
            case "/v5/position/set-leverage":
            {
                final String symbol = Objects.toString(MessageFields.string(body, "symbol"), "");
                final String buy = MessageFields.string(body, "buyLeverage");
                if (!HttpMethod.POST.equals(method) || !markets.containsKey(symbol) || buy == null || !buy.equals(MessageFields.string(body, "sellLeverage")))
                {
                    return RestReply.ok(error(10001, "params error: symbol, buyLeverage = sellLeverage required", nowMs));
                }
                final int leverage = new BigDecimal(buy).intValue();
                if (leverage < 1 || leverage > maxLeverage)
                {
                    return RestReply.ok(error(110013, "cannot set leverage [" + leverage + "] gt maxLeverage [" + maxLeverage + "] by risk limit", nowMs));
                }
                if (account.leverage(symbol) == leverage)
                {
                    return RestReply.ok(error(110043, "Set leverage not modified", nowMs));
                }
                account.leverage(symbol, leverage);
                return RestReply.ok(envelope("{}", nowMs));
            }
            default:
            {
                final String mode = MessageFields.string(body, "setMarginMode");
                if (!HttpMethod.POST.equals(method) || !"REGULAR_MARGIN".equals(mode) && !"ISOLATED_MARGIN".equals(mode))
                {
                    return RestReply.ok("{\"retCode\":3400045,\"retMsg\":\"Set margin mode failed\",\"result\":{\"reasons\":[{\"reasonCode\":"
                        + "\"3400000\",\"reasonMsg\":\"Equity needs to be equal to or greater than 1000 USDC\"}]}}");
                }
                account.isolatedByDefault("ISOLATED_MARGIN".equals(mode));
                return RestReply.ok("{\"retCode\":0,\"retMsg\":\"Request accepted\",\"result\":{\"reasons\":[]}}");
            }
        }
    }

    /**
     * One element of "Get Position Info" (fixture position-list.json), one-way ({@code positionIdx}
     * 0), the liquidation price Bybit's way ("Liquidation Price (USDT Contract)"): long EP - (WB -
     * MM) / size, short EP + (WB - MM) / size, WB the position margin (isolated) or the wallet plus
     * the other positions' unrealised PnL less their maintenance margin (cross), MM at the entry price;
     * "" when flat or not positive.
     */
    private void positionJson(final JsonText json, final Market market, final long nowNs, final long nowMs)
    {
        positionJson(json, market, nowNs, nowMs, false);
    }

    /**
     * As {@link #positionJson(JsonText, Market, long, long)}, or ({@code stream}) as the private
     * {@code position} topic's data element, in the members of the documented stream example
     * (fixture position-stream.json: {@code category}, {@code entryPrice} for the REST answer's
     * avgPrice, {@code mmrSysUpdatedTime}).
     */
    private void positionJson(final JsonText json, final Market market, final long nowNs, final long nowMs, final boolean stream)
    {
        final SimInstrument in = market.sim.instrument();
        final String symbol = in.symbol();
        final SimAccount.Position position = account.position(symbol);
        final BigDecimal qty = position.qty();
        final BigDecimal size = qty.abs();
        final BigDecimal mark = markOf(market, nowNs);
        final BigDecimal liquidation = liquidationPrice(symbol, nowNs);
        final String side = qty.signum() > 0 ? "Buy" : qty.signum() < 0 ? "Sell" : "";
        json.beginObject()
            .field("positionIdx", 0)
            .field("riskId", 1)
            .field("riskLimitValue", "2000000")
            .field("symbol", symbol)
            .field("side", side)
            .field("size", size.setScale(in.qtyScale(), RoundingMode.UNNECESSARY).toPlainString())
            .field(stream ? "entryPrice" : "avgPrice", position.entryPrice().setScale(in.priceScale() + 2, RoundingMode.HALF_EVEN).toPlainString())
            .field("positionValue", size.multiply(position.entryPrice()).setScale(8, RoundingMode.HALF_UP).toPlainString())
            .field("tradeMode", account.isolated(symbol) ? 1 : 0)
            .field("positionStatus", "Normal")
            .field("autoAddMargin", 0)
            .field("adlRankIndicator", qty.signum() == 0 ? 0 : 2)
            .field("leverage", Integer.toString(account.leverage(symbol)))
            .field("positionBalance", account.margin(symbol).toPlainString())
            .field("markPrice", price(in, mark.doubleValue()))
            .field("liqPrice", liquidation.signum() > 0 ? liquidation.setScale(in.priceScale(), RoundingMode.HALF_EVEN).toPlainString() : "")
            .field("bustPrice", "")
            .field("positionMM", account.maintenanceMargin(symbol, mark).toPlainString())
            .field("positionIM", account.margin(symbol).toPlainString())
            .field("tpslMode", "Full")
            .field("takeProfit", "0.00")
            .field("stopLoss", "0.00")
            .field("trailingStop", "0.00")
            .field("unrealisedPnl", qty.multiply(mark.subtract(position.entryPrice())).setScale(8, RoundingMode.HALF_UP).toPlainString())
            .field("curRealisedPnl", "0")
            .field("cumRealisedPnl", "0")
            .field("seq", nextExecId)
            .rawField("isReduceOnly", "false")
            .field(stream ? "mmrSysUpdatedTime" : "mmrSysUpdateTime", "")
            .field("leverageSysUpdatedTime", "")
            .field("sessionAvgPrice", "")
            .field("createdTime", Long.toString(nowMs))
            .field("updatedTime", Long.toString(nowMs));
        if (stream)
        {
            json.field("category", "linear");
        }
        json.endObject();
    }

    private BigDecimal markOf(final Market market, final long nowNs)
    {
        return new BigDecimal(price(market.sim.instrument(), market.sim.mark(nowNs)));
    }

    /** The liquidation price of {@code symbol}'s position as Bybit computes it (see {@link #positionJson}); zero when flat. */
    BigDecimal liquidationPrice(final String symbol, final long nowNs)
    {
        final SimAccount.Position position = account.position(symbol);
        final BigDecimal qty = position.qty();
        if (qty.signum() == 0)
        {
            return BigDecimal.ZERO;
        }
        final BigDecimal wb = account.liquidationWallet(symbol, s -> markOf(markets.get(s), nowNs));
        final BigDecimal mm = qty.abs().multiply(position.entryPrice()).multiply(SimAccount.MAINTENANCE_RATE);
        final BigDecimal distance = wb.subtract(mm).divide(qty.abs(), 8, RoundingMode.HALF_EVEN);
        return qty.signum() > 0 ? position.entryPrice().subtract(distance) : position.entryPrice().add(distance);
    }

    /** One funding settlement as the transaction log lists it. */
    private record Settlement(String symbol, String currency, String side, String funding, String feeRate, String size, String price, long timeMs,
                              String cashBalance, long seq)
    {
    }

    /**
     * {@code GET /v5/account/transaction-log} ("Account / Get Transaction Log", fixture
     * fixtures/bybit/transaction-log.json): the funding settlements booked (type SETTLEMENT, category
     * linear), oldest first, filtered by symbol-free startTime/endTime (inclusive; only startTime:
     * 7 days from it; neither: the last 7 days; both more than 7 days apart: refused), {@code limit}
     * [1, 50] (default 20) and {@code cursor} (the {@code nextPageCursor} of the previous page, ""
     * on the last page). {@code funding} is positive when received; {@code feeRate} is the funding rate,
     * negated for side Sell; {@code change} = {@code cashFlow} + {@code funding} - {@code fee}.
     */
    private RestReply transactionLog(final QueryStringDecoder uri, final long nowMs)
    {
        final String accountType = param(uri, "accountType");
        final String category = param(uri, "category");
        final String type = param(uri, "type");
        final long week = TimeUnit.DAYS.toMillis(7);
        final long start;
        final long end;
        final int limit;
        final int offset;
        try
        {
            final String startText = param(uri, "startTime");
            final String endText = param(uri, "endTime");
            start = startText != null ? Long.parseLong(startText) : endText != null ? Long.parseLong(endText) - week : nowMs - week;
            end = endText != null ? Long.parseLong(endText) : start + week;
            final String limitText = param(uri, "limit");
            limit = limitText == null ? LOG_PAGE_DEFAULT : Integer.parseInt(limitText);
            final String cursor = param(uri, "cursor");
            offset = cursor == null || cursor.isEmpty() ? 0 : Integer.parseInt(cursor);
        }
        catch (final NumberFormatException ex)
        {
            return RestReply.ok(error(10001, "params error: startTime, endTime, limit or cursor invalid", nowMs));
        }
        if (accountType != null && !"UNIFIED".equals(accountType) || end < start || end - start > week || limit < 1 || limit > LOG_PAGE_MAX
            || offset < 0)
        {
            return RestReply.ok(error(10001, "params error: accountType UNIFIED, endTime - startTime <= 7 days, limit [1, 50]", nowMs));
        }
        final List<Settlement> matching = new java.util.ArrayList<>();
        if ((category == null || "linear".equals(category)) && (type == null || "SETTLEMENT".equals(type)))
        {
            for (final Settlement settlement : settlements)
            {
                if (settlement.timeMs() >= start && settlement.timeMs() <= end)
                {
                    matching.add(settlement);
                }
            }
        }
        final JsonText json = new JsonText(4096).beginObject();
        final int last = Math.min(matching.size(), offset + limit);
        json.field("nextPageCursor", last < matching.size() ? Integer.toString(last) : "").name("list").beginArray();
        for (int i = offset; i < last; i++)
        {
            final Settlement r = matching.get(i);
            json.beginObject()
                .field("symbol", r.symbol())
                .field("side", r.side())
                .field("funding", r.funding())
                .field("orderLinkId", "")
                .field("orderId", r.timeMs() / 1000 + "-" + r.seq())
                .field("fee", "0.00000000")
                .field("change", r.funding())
                .field("cashFlow", "0")
                .field("transactionTime", r.timeMs())
                .field("type", "SETTLEMENT")
                .field("feeRate", r.feeRate())
                .field("size", r.size())
                .field("qty", r.size())
                .field("cashBalance", r.cashBalance())
                .field("currency", r.currency())
                .field("category", "linear")
                .field("tradePrice", r.price())
                .field("tradeId", "s" + r.seq())
                .endObject();
        }
        return RestReply.ok(envelope(json.endArray().endObject().toString(), nowMs));
    }

    /** The mark price used to settle funding at {@code settleMs} (the ticker's, at the price scale). */
    public BigDecimal markPriceAt(final String symbol, final long settleMs)
    {
        final Market market = markets.get(symbol);
        return new BigDecimal(price(market.sim.instrument(), market.sim.mark(settleMs * 1_000_000L)));
    }

    /** The rate that settles at {@code settleMs}. */
    public BigDecimal fundingRateAt(final String symbol, final long settleMs)
    {
        return markets.get(symbol).sim.funding(settleMs - 1).rate();
    }

    public long nextSettlementMs(final String symbol)
    {
        return call(() -> markets.get(symbol).nextSettleMs);
    }

    /** The current book update id {@code u} of {@code symbol} (tests). */
    public long updateId(final String symbol)
    {
        return call(() -> markets.get(symbol).u);
    }
}
