package io.fundingarb.connectors.binance;

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
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Binance USD-M futures, the public market-data side, on 127.0.0.1:
 *
 * <ul>
 *   <li>WebSocket {@code /stream?streams=a/b/c} (combined: {@code {"stream":..,"data":..}}) and
 *       {@code /ws[/stream]} (raw), on any path prefix ({@code /public}, {@code /market});
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
 * A REST depth snapshot's {@code lastUpdateId} always falls inside the next diff's
 * {@code [U, u]}, so the documented sync procedure works; {@link #skipSequence(String)} drops
 * one diff, so the following diff's {@code pu} no longer equals the previous {@code u}.
 */
public final class BinanceSimulator extends SimulatorServer
{
    private static final long FIRST_UPDATE_ID = 600_859_600_000L;
    private static final BigDecimal FUNDING_CAP = new BigDecimal("0.02");

    private final Map<String, Market> markets = new LinkedHashMap<>();

    /** Per symbol: the synthetic market and the sequence state of its diff stream. */
    private static final class Market
    {
        final SimMarket sim;
        final String stream;
        long lastSentU;
        long lastEmittedU;
        boolean skipNext;

        Market(final SimMarket sim)
        {
            this.sim = sim;
            this.stream = sim.instrument().symbol().toLowerCase(Locale.ROOT);
        }
    }

    public BinanceSimulator(final SimScenario scenario, final SimulatorConfig config)
    {
        super("binance", scenario, config);
        for (final SimInstrument instrument : scenario.instruments())
        {
            final Market market = new Market(new SimMarket(scenario, instrument, config.bookLevels(), scenario.seed() ^ 0xB1AACEL, FIRST_UPDATE_ID));
            market.sim.stepBook(config.clock().nanoTime());
            market.sim.book().drain();
            market.lastEmittedU = market.sim.book().lastUpdateId();
            market.lastSentU = market.lastEmittedU;
            markets.put(instrument.symbol(), market);
        }
    }

    @Override
    public BinanceSimulator start()
    {
        super.start();
        return this;
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
        return path.endsWith("/stream") || path.endsWith("/ws") || path.contains("/ws/");
    }

    @Override
    protected void onOpen(final SimSession session, final QueryStringDecoder uri)
    {
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
                        if (!stream.isEmpty())
                        {
                            session.topics().add(stream);
                        }
                    }
                }
            }
        }
        else
        {
            final int at = uri.path().indexOf("/ws/");
            if (at >= 0)
            {
                session.topics().add(uri.path().substring(at + 4));
            }
        }
    }

    @Override
    protected void onText(final SimSession session, final String text)
    {
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
                if (params != null)
                {
                    session.topics().addAll(params);
                }
                session.send("{\"result\":null,\"id\":" + idJson + "}");
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
            final SimInstrument instrument = market.sim.instrument();
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
            final long pu = market.lastEmittedU;
            market.lastEmittedU = diff.lastUpdateId();
            if (market.skipNext)
            {
                market.skipNext = false;
                continue;
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
        final String s = markets.keySet().iterator().next().toLowerCase(Locale.ROOT);
        return "{\"stream\":\"" + s + "@markPrice@1s\",\"data\":{\"e\":\"markPriceUpdate\",\"E\":17x,\"s\":";
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
    protected RestReply onRest(final HttpMethod method, final QueryStringDecoder uri, final String body)
    {
        if (!HttpMethod.GET.equals(method))
        {
            return null;
        }
        final long nowNs = config.clock().nanoTime();
        final long nowMs = nowNs / 1_000_000L;
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

    /** The last diff id sent for {@code symbol} (tests). */
    public long lastSentUpdateId(final String symbol)
    {
        return call(() -> markets.get(symbol).lastSentU);
    }
}
