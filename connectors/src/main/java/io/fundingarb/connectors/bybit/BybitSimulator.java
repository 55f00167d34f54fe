package io.fundingarb.connectors.bybit;

import io.fundingarb.connectors.simulator.FundingPath;
import io.fundingarb.connectors.simulator.JsonText;
import io.fundingarb.connectors.simulator.MessageFields;
import io.fundingarb.connectors.simulator.RestReply;
import io.fundingarb.connectors.simulator.SimBook;
import io.fundingarb.connectors.simulator.SimInstrument;
import io.fundingarb.connectors.simulator.SimMarket;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimSession;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.simulator.SimulatorServer;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 */
public final class BybitSimulator extends SimulatorServer
{
    private static final long FIRST_U = 15_076_950L;
    private static final long FIRST_SEQ = 753_843_900_000L;
    private static final String FUNDING_CAP = "0.005";

    private final Map<String, Market> markets = new LinkedHashMap<>();
    private long crossSequence = FIRST_SEQ;

    /** Per symbol: the synthetic market, its book update id and the last published ticker. */
    private static final class Market
    {
        final SimMarket sim;
        long u = FIRST_U;
        long seq;
        boolean skipNext;
        Map<String, String> ticker = new LinkedHashMap<>();

        Market(final SimMarket sim)
        {
            this.sim = sim;
        }
    }

    public BybitSimulator(final SimScenario scenario, final SimulatorConfig config)
    {
        super("bybit", scenario, config);
        final long nowNs = config.clock().nanoTime();
        for (final SimInstrument instrument : scenario.instruments())
        {
            final Market market = new Market(new SimMarket(scenario, instrument, config.bookLevels(), scenario.seed() ^ 0xB7B1L, 1));
            market.sim.stepBook(nowNs);
            market.sim.book().drain();
            market.seq = nextSeq();
            market.ticker = tickerFields(market, nowNs);
            markets.put(instrument.symbol(), market);
        }
    }

    @Override
    public BybitSimulator start()
    {
        super.start();
        return this;
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
        return "/v5/public/linear".equals(path);
    }

    @Override
    protected void onOpen(final SimSession session, final QueryStringDecoder uri)
    {
        session.attach(String.format("sim%08x-%d", 0x5eed0000 + session.id(), session.id()));
    }

    @Override
    protected void onText(final SimSession session, final String text)
    {
        final String op = MessageFields.string(text, "op");
        final String reqId = MessageFields.string(text, "req_id");
        final String connId = session.attachment();
        if ("ping".equals(op))
        {
            session.send(ack(true, "pong", connId, reqId, "ping"));
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
            if (market(topic) == null)
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
            final SimBook.Diff diff = market.sim.book().drain();
            if (diff == null)
            {
                continue;
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
        final String symbol = markets.keySet().iterator().next();
        return "{\"topic\":\"tickers." + symbol + "\",\"type\":\"delta\",\"data\":{\"symbol\":\"" + symbol + "\",\"fundingRate\":\"0.00";
    }

    @Override
    protected void onSkipSequence(final String symbol)
    {
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
    protected RestReply onRest(final HttpMethod method, final QueryStringDecoder uri, final io.netty.handler.codec.http.HttpHeaders headers, final String body)
    {
        if (!HttpMethod.GET.equals(method))
        {
            return null;
        }
        final long nowNs = config.clock().nanoTime();
        final long nowMs = nowNs / 1_000_000L;
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

    /** The current book update id {@code u} of {@code symbol} (tests). */
    public long updateId(final String symbol)
    {
        return call(() -> markets.get(symbol).u);
    }
}
