package io.fundingarb.connectors.kraken.sim;

import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.simulator.FundingPath;
import io.fundingarb.connectors.simulator.JsonText;
import io.fundingarb.connectors.simulator.RestReply;
import io.fundingarb.connectors.simulator.SimAccount;
import io.fundingarb.connectors.simulator.SimAccountConfig;
import io.fundingarb.connectors.simulator.SimBook;
import io.fundingarb.connectors.simulator.SimInstrument;
import io.fundingarb.connectors.simulator.SimMarket;
import io.fundingarb.connectors.simulator.SimOrder;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimSession;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.simulator.SimulatorServer;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Kraken Futures, the venue's side, on 127.0.0.1, written from Kraken's documents (docs.kraken.com,
 * Futures REST and Futures WebSocket; each payload is pinned to a documented example kept under
 * {@code src/test/resources/fixtures/kraken/sim}, whose README names the page of each):
 * <ul>
 *   <li>REST under {@code /derivatives/api/v3}: public {@code GET instruments} (the scenario's {@code PF_}
 *       perpetuals plus one {@code PI_XBTUSD} inverse, which is listed and not traded;
 *       docs.kraken.com/api-reference/instrument-details/get-instruments), {@code GET tickers}
 *       (docs.kraken.com/api-reference/market-data/get-ticker-by-symbol, in a {@code tickers} list). Signed:
 *       {@code POST sendorder} (docs.kraken.com/api-reference/order-management/send-order), {@code POST cancelorder}
 *       (…/order-management/cancel-order), {@code GET openorders} (…/order-management/get-open-orders),
 *       {@code GET openpositions} (…/account-information/get-open-positions), {@code POST|GET orders/status}
 *       (…/order-management/get-specific-orders-status), {@code GET accounts} (…/account-information/get-wallets,
 *       the {@code flex} multi-collateral account). Parameters are read from the query string and from an
 *       {@code application/x-www-form-urlencoded} body; {@code postData} for the signature is the body when there is
 *       one, else the query string, verified as sent and, failing that, URL-decoded.</li>
 *   <li>Authentication ({@link KrakenAuthent}; docs.kraken.com/api/docs/guides/futures-rest): headers {@code APIKey},
 *       {@code Authent}, optional {@code Nonce}. Errors as {@code {"result":"error","error":..,"serverTime":..}}:
 *       {@code authenticationError} (unknown key, bad Authent), {@code nonceBelowThreshold} (a nonce more than
 *       {@link #NONCE_TOLERANCE} below the highest seen: "our system tolerates nonces that are out of order for a brief
 *       period of time"), {@code nonceDuplicate}, {@code apiLimitExceeded} (Derivatives Rate Limits,
 *       docs.kraken.com/exchange/guides/futures/ratelimits: 500 cost units every 10 s, sendorder / cancelorder 10,
 *       accounts / openpositions / openorders 2, orders/status 1; wall time).</li>
 *   <li>WebSocket {@code /ws/v1} (docs.kraken.com/api/docs/guides/futures-websockets): on connect
 *       {@code {"event":"info","version":1}}; public feeds {@code ticker}, {@code book} ({@code book_snapshot}, then one
 *       {@code book} delta per changed level, {@code seq} +1 per message per product), {@code heartbeat}
 *       ({@code {"feed":"heartbeat","time":ms}} on the mark cadence); {@code {"event":"challenge","api_key":..}} →
 *       {@code {"event":"challenge","message":uuid}}; private feeds {@code open_orders}, {@code fills},
 *       {@code open_positions}, {@code balances}, {@code account_log}, each subscribed with {@code api_key},
 *       {@code original_challenge} (one this connection was given) and {@code signed_challenge}, else
 *       {@code subscribed_failed}; each first sends its {@code *_snapshot} then updates.</li>
 *   <li>Funding ({@code PF_}, support.kraken.com/hc/en-us/articles/4844359082772: hourly): every whole hour the
 *       position pays {@code -size x mark x relative_funding_rate} into the USD wallet (a positive rate: longs pay,
 *       shorts receive), pushed as an {@code account_log} entry "funding rate change" with {@code realized_funding}
 *       and as a {@code balances} update. The hourly relative rate is the scenario's funding path for the symbol,
 *       per hour, when the scenario has one; else it is derived from the simulator's own premium,
 *       {@code clamp((mark - index) / index / fundingRateCoefficient, +-maxRelativeFundingRate)} with the instruments'
 *       {@value #FUNDING_RATE_COEFFICIENT} and {@code 0.001} (no public Kraken funding history with a licence that
 *       allows bundling was found: public repositories hold fetchers of Kraken's {@code historical-funding-rates}
 *       endpoint, not licensed data, and docs.kraken.com/rest asks permission for commercial use of market data). The absolute {@code funding_rate} is {@code relative x index} (USD per contract
 *       per hour, a contract being one unit of base).</li>
 * </ul>
 * Every fault of {@link SimulatorServer} applies; a reject fault answers {@code sendStatus.status} = its message
 * (use a documented value, e.g. {@code insufficientAvailableFunds}). The engine's symbols map as {@code PF_} +
 * base ({@code BTC} → {@code XBT}) + {@code USD}; the scenario's tick and lot become {@code tickSize} and
 * {@code contractValueTradePrecision}.
 */
public final class KrakenSimulator extends SimulatorServer
{
    /** The demo account's key: what {@code KrakenAdapter.demoKeys()} hands the gateway (public: it only unlocks this simulator). */
    public static final String DEMO_API_KEY = "fundingarb-demo-kraken-key";
    /** The demo secret, base64 as Kraken's are: 64 bytes derived from the shared demo secret. */
    public static final String DEMO_API_SECRET = demoSecret();
    /** Taker fee, Kraken Futures' first tier (support.kraken.com "Fee schedule for futures"): 0.05 %. */
    public static final String TAKER_FEE = "0.0005";
    public static final String REST_PREFIX = "/derivatives/api/v3/";
    public static final String WS_PATH = "/ws/v1";
    /** Derivatives rate limit: cost units per window (docs.kraken.com/exchange/guides/futures/ratelimits). */
    public static final int RATE_BUDGET = 500;
    public static final long RATE_WINDOW_NS = 10_000_000_000L;
    /** How far (in nonce units, ms for millisecond nonces) below the highest nonce a request is still accepted. */
    public static final long NONCE_TOLERANCE = 10_000;
    /** The instruments' {@code fundingRateCoefficient} (documented example: 8) and {@code maxRelativeFundingRate} (0.001). */
    public static final int FUNDING_RATE_COEFFICIENT = 8;
    public static final BigDecimal MAX_RELATIVE_FUNDING_RATE = new BigDecimal("0.001");
    /** USD amounts carry 8 decimals here. */
    public static final int USD_SCALE = 8;
    private static final long HOUR_MS = 3_600_000L;
    private static final int HISTORY = 512;
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /**
     * The documented costs (docs.kraken.com/exchange/guides/futures/ratelimits); {@code fills} costs 25 with
     * {@code lastFillTime} ({@link #FILLS_BEFORE_COST}). {@code leveragepreferences} is charged nothing: the part of the
     * table in reach does not list it.
     */
    private static final Map<String, Integer> COSTS = Map.of(
        "sendorder", 10, "cancelorder", 10, "accounts", 2, "openpositions", 2, "openorders", 2, "orders/status", 1, "fills", 2,
        "leveragepreferences", 0);
    private static final int FILLS_BEFORE_COST = 25;
    /** Get Your Fills: "returns the last 100 fills", or "the 100 entries before lastFillTime". */
    private static final int FILLS_PAGE = 100;
    /** Get Specific Orders' Status: "orders which are open or were filled/cancelled in the last 5 seconds". */
    public static final long ORDER_STATUS_WINDOW_MS = 5_000;
    /** The endpoints whose pages name a method other than GET. */
    private static final Map<String, HttpMethod> METHODS = Map.of("sendorder", HttpMethod.POST, "cancelorder", HttpMethod.POST,
        "leveragepreferences", HttpMethod.PUT);
    private static final List<String> PRIVATE_FEEDS = List.of("open_orders", "fills", "open_positions", "balances", "account_log");

    private final Map<String, Market> markets = new LinkedHashMap<>();
    private final SimAccountConfig accountConfig;
    private final KrakenAuthent authent;
    private final String accountUid;
    private final TreeSet<Long> nonces = new TreeSet<>();
    private final Map<String, String> marginModes = new HashMap<>();
    private final ArrayDeque<String> fills = new ArrayDeque<>();
    /** The {@code GET fills} entries, oldest first: {fillTime ms, JSON}. */
    private final ArrayDeque<Object[]> restFills = new ArrayDeque<>();
    private final ArrayDeque<String> logs = new ArrayDeque<>();
    private final ArrayDeque<String> privatePushes = new ArrayDeque<>();
    private volatile int rateBudget = RATE_BUDGET;
    private long rateWindowStartNs = System.nanoTime();
    private int rateUsed;
    private long nextUid;
    private long nextLogId = 1;
    private long privateSeq = 1;

    /** Per product: the synthetic market, the book feed's seq, the next funding hour. */
    private static final class Market
    {
        final SimMarket sim;
        final boolean pathFunding;
        long seq;
        long nextSettleMs;
        boolean skipNext;

        Market(final SimMarket sim, final boolean pathFunding, final long seq)
        {
            this.sim = sim;
            this.pathFunding = pathFunding;
            this.seq = seq;
        }

        String symbol()
        {
            return sim.instrument().symbol();
        }
    }

    /** The demo account: {@link #DEMO_API_KEY} / {@link #DEMO_API_SECRET}, taker fee 0.05 %, 100 000 USD, leverage 10. */
    public KrakenSimulator(final SimScenario scenario, final SimulatorConfig config)
    {
        this(scenario, config, new SimAccountConfig(DEMO_API_KEY, DEMO_API_SECRET, new BigDecimal(TAKER_FEE), new BigDecimal("100000"), 10));
    }

    public KrakenSimulator(final SimScenario scenario, final SimulatorConfig config, final SimAccountConfig accountConfig)
    {
        super("kraken", scenario, config, new SimAccount(accountConfig, scenario.seed() ^ 0x4b52L));
        this.accountConfig = accountConfig;
        this.authent = new KrakenAuthent(accountConfig.apiSecret());
        this.accountUid = new UUID(0x6b72616b656e0000L | (scenario.seed() & 0xffff), scenario.seed()).toString();
        this.nextUid = Math.floorMod(scenario.seed(), 1_000_000L) * 1_000_000L;
        final long nowNs = config.clock().nanoTime();
        for (final SimInstrument listed : scenario.instruments())
        {
            final String symbol = venueSymbol(listed);
            final SimInstrument instrument = new SimInstrument(symbol, listed.base(), "USD", listed.tickSize(), listed.lotSize(),
                listed.minNotional(), listed.initialMid());
            final boolean pathFunding = scenario.funding().containsKey(listed.symbol()) || scenario.funding().containsKey(symbol);
            final SimScenario own = new SimScenario(List.of(instrument),
                pathFunding ? Map.of(symbol, scenario.funding().getOrDefault(symbol, scenario.funding().get(listed.symbol()))) : Map.of(),
                scenario.seed(), scenario.basisStdDev());
            final Market market = new Market(new SimMarket(own, instrument, config.bookLevels(), scenario.seed() ^ 0x4b52L, 1), pathFunding,
                1_000_000L + Math.floorMod(symbol.hashCode(), 1_000_000));
            market.sim.stepBook(nowNs);
            market.sim.book().drain();
            market.nextSettleMs = (nowNs / 1_000_000L / HOUR_MS + 1) * HOUR_MS;
            markets.put(symbol, market);
        }
    }

    /**
     * The venue's symbol of a scenario instrument: {@code PF_} + base (BTC → XBT) + {@code USD}, whatever the scenario's
     * quote ({@code PF_} perpetuals are all quoted in USD; the demo's synthetic scenario names them with a USDT quote).
     */
    static String venueSymbol(final SimInstrument listed)
    {
        return "PF_" + ("BTC".equals(listed.base()) ? "XBT" : listed.base()) + "USD";
    }

    private static String demoSecret()
    {
        try
        {
            final byte[] bytes = java.security.MessageDigest.getInstance("SHA-512")
                .digest(SimAccountConfig.DEMO_API_SECRET.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(bytes);
        }
        catch (final java.security.NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public KrakenSimulator start()
    {
        super.start();
        return this;
    }

    /** {@code ws://127.0.0.1:p/ws/v1}. */
    public String wsUrl()
    {
        return wsBaseUrl() + WS_PATH;
    }

    /** {@code http://127.0.0.1:p/derivatives/api/v3}: the REST base the gateway appends endpoint names to. */
    public String restUrl()
    {
        return httpBaseUrl() + REST_PREFIX.substring(0, REST_PREFIX.length() - 1);
    }

    /** The cost budget per 10 s window (Kraken's 500 unless set): tests lower it to reach {@code apiLimitExceeded}. */
    public KrakenSimulator rateBudget(final int budget)
    {
        rateBudget = budget;
        return this;
    }

    /** The symbols the simulator trades, e.g. {@code PF_XBTUSD}. */
    public List<String> symbols()
    {
        return List.copyOf(markets.keySet());
    }

    /**
     * The account's position in {@code symbol}: the venue's {@code PF_XBTUSD}, or the name the engine's synthetic scenario
     * gives the same contract ({@code PF_XBTUSDT}, from {@code KrakenAdapter.symbol(base, "USDT")}).
     */
    @Override
    public SimAccount.Position position(final String symbol)
    {
        return super.position(venueSymbol(symbol));
    }

    /** {@code PF_XBTUSD} for the synthetic scenario's {@code PF_XBTUSDT} (as {@link #position} and {@link #shock} take it), else the name. */
    private static String venueSymbol(final String name)
    {
        return name.startsWith("PF_") && name.endsWith("USDT") ? name.substring(0, name.length() - 1) : name;
    }

    @Override
    protected SimMarket simMarket(final String symbol)
    {
        return markets.get(symbol).sim;
    }

    @Override
    protected void writeCounters(final JsonText out)
    {
        out.field("nextUid", nextUid).field("nextLogId", nextLogId);
    }

    @Override
    protected void readCounters(final Object counters)
    {
        nextUid = counter(counters, "nextUid", nextUid);
        nextLogId = counter(counters, "nextLogId", nextLogId);
    }

    // ---------------------------------------------------------------- numbers, times, prices

    /** A decimal as Kraken writes its JSON numbers: plain, no trailing zeros. */
    static String num(final BigDecimal value)
    {
        return plain(value);
    }

    static String iso(final long epochMs)
    {
        return ISO.format(Instant.ofEpochMilli(epochMs));
    }

    /** A fresh venue uid (orders, executions, bookings): a UUID made of a counter, so a restart from the kept state goes on. */
    private String uid()
    {
        return uid(nextUid++);
    }

    private static String uid(final long n)
    {
        return new UUID(0x7f3a9c2e5d1b4000L | ((n >>> 48) & 0xfff), 0x8000000000000000L | (n & 0x3fffffffffffffffL)).toString();
    }

    private static BigDecimal tickRound(final Market market, final double price)
    {
        return new BigDecimal(market.sim.instrument().price(market.sim.instrument().toTicks(price)));
    }

    private BigDecimal markOf(final Market market, final long nowNs)
    {
        return tickRound(market, market.sim.mark(nowNs));
    }

    private BigDecimal indexOf(final Market market, final long nowNs)
    {
        return BigDecimal.valueOf(market.sim.index(nowNs)).setScale(market.sim.instrument().priceScale() + 2, RoundingMode.HALF_EVEN);
    }

    /** The hourly relative funding rate shown at {@code nowNs} (see the class comment for its source). */
    BigDecimal relativeRate(final Market market, final long nowNs)
    {
        if (market.pathFunding)
        {
            final FundingPath.Current current = market.sim.funding(nowNs / 1_000_000L);
            return current.rate().divide(BigDecimal.valueOf(current.intervalHours()), 12, RoundingMode.HALF_EVEN).stripTrailingZeros();
        }
        final double index = market.sim.index(nowNs);
        final double premium = (market.sim.mark(nowNs) - index) / index / FUNDING_RATE_COEFFICIENT;
        final BigDecimal rate = BigDecimal.valueOf(premium).setScale(12, RoundingMode.HALF_EVEN);
        return rate.max(MAX_RELATIVE_FUNDING_RATE.negate()).min(MAX_RELATIVE_FUNDING_RATE).stripTrailingZeros();
    }

    private BigDecimal absoluteRate(final Market market, final long nowNs)
    {
        return relativeRate(market, nowNs).multiply(indexOf(market, nowNs)).setScale(12, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    private static int sizePrecision(final SimInstrument in)
    {
        return in.lotSize().stripTrailingZeros().scale();
    }

    // ---------------------------------------------------------------- WebSocket

    @Override
    protected boolean isWebSocketPath(final String path)
    {
        return WS_PATH.equals(path);
    }

    @Override
    protected void onOpen(final SimSession session, final QueryStringDecoder uri)
    {
        session.attach(new ArrayList<String>()); // the challenges this connection was given
        session.send("{\"event\":\"info\",\"version\":1}");
    }

    @Override
    protected void onText(final SimSession session, final String text)
    {
        final Object message;
        try
        {
            message = JsonTree.parse(text);
        }
        catch (final RuntimeException ex)
        {
            session.send(wsError("Json Error"));
            return;
        }
        final String event = JsonTree.text(message, "event");
        final String feed = JsonTree.text(message, "feed");
        if ("challenge".equals(event))
        {
            final String key = JsonTree.text(message, "api_key");
            if (key == null)
            {
                session.send(wsError("Json Error"));
                return;
            }
            final String challenge = UUID.randomUUID().toString();
            session.<List<String>>attachment().add(challenge);
            session.send(new JsonText(96).beginObject().field("event", "challenge").field("message", challenge).endObject().toString());
            return;
        }
        if (!("subscribe".equals(event) || "unsubscribe".equals(event)) || feed == null)
        {
            session.send(wsError("Json Error"));
            return;
        }
        final boolean subscribe = "subscribe".equals(event);
        if (PRIVATE_FEEDS.contains(feed))
        {
            onPrivateSubscribe(session, message, feed, subscribe);
            return;
        }
        if ("heartbeat".equals(feed))
        {
            ack(session, subscribe ? "subscribed" : "unsubscribed", feed, null);
            if (subscribe)
            {
                session.topics().add("heartbeat");
            }
            else
            {
                session.topics().remove("heartbeat");
            }
            return;
        }
        if (!("ticker".equals(feed) || "book".equals(feed)))
        {
            session.send(wsError("Invalid feed"));
            return;
        }
        final List<String> products = new ArrayList<>();
        for (final Object p : JsonTree.list(JsonTree.get(message, "product_ids")))
        {
            products.add(String.valueOf(p).toUpperCase(Locale.ROOT));
        }
        if (products.isEmpty() || !markets.keySet().containsAll(products))
        {
            session.send(wsError("Invalid product id"));
            return;
        }
        ack(session, subscribe ? "subscribed" : "unsubscribed", feed, products);
        final long nowNs = config.clock().nanoTime();
        for (final String product : products)
        {
            final String topic = feed + ":" + product;
            if (!subscribe)
            {
                session.topics().remove(topic);
                continue;
            }
            session.topics().add(topic);
            final Market market = markets.get(product);
            session.send("ticker".equals(feed) ? ticker(market, nowNs) : bookSnapshot(market, nowNs / 1_000_000L));
        }
    }

    private static String wsError(final String message)
    {
        return new JsonText(64).beginObject().field("event", "error").field("message", message).endObject().toString();
    }

    private static void ack(final SimSession session, final String event, final String feed, final List<String> products)
    {
        final JsonText json = new JsonText(128).beginObject().field("event", event).field("feed", feed);
        if (products != null)
        {
            json.name("product_ids").beginArray();
            products.forEach(json::string);
            json.endArray();
        }
        session.send(json.endObject().toString());
    }

    private void onPrivateSubscribe(final SimSession session, final Object message, final String feed, final boolean subscribe)
    {
        final String key = JsonTree.text(message, "api_key");
        final String original = JsonTree.text(message, "original_challenge");
        final String signed = JsonTree.text(message, "signed_challenge");
        final JsonText echo = new JsonText(256).beginObject();
        final boolean valid = key != null && account.keyMatches(key) && original != null && session.<List<String>>attachment().contains(original)
            && authent.challengeMatches(original, signed);
        echo.field("event", valid ? (subscribe ? "subscribed" : "unsubscribed") : (subscribe ? "subscribed_failed" : "unsubscribed_failed"))
            .field("feed", feed).field("api_key", key).field("original_challenge", original).field("signed_challenge", signed).endObject();
        if (!valid)
        {
            session.send(echo.toString());
            return;
        }
        if (!subscribe)
        {
            session.topics().remove(feed);
            session.send(echo.toString());
            return;
        }
        if (!admitPrivate(session))
        {
            return;
        }
        session.send(echo.toString());
        session.topics().add(feed);
        final long nowNs = config.clock().nanoTime();
        switch (feed)
        {
            case "open_orders" -> session.send(openOrdersSnapshot());
            case "fills" -> session.send(listSnapshot("fills_snapshot", "fills", fills));
            case "open_positions" -> session.send(openPositions(nowNs));
            case "balances" -> session.send(balances("balances_snapshot", nowNs));
            default -> session.send(logSnapshot());
        }
    }

    @Override
    protected void onMarkTick(final long nowNs)
    {
        settleFunding(nowNs);
        for (final Market market : markets.values())
        {
            final String topic = "ticker:" + market.symbol();
            if (hasSubscriber(topic))
            {
                publish(topic, ticker(market, nowNs));
            }
        }
        if (hasSubscriber("heartbeat"))
        {
            publish("heartbeat", "{\"feed\":\"heartbeat\",\"time\":" + nowNs / 1_000_000L + "}");
        }
    }

    @Override
    protected void onDepthTick(final long nowNs)
    {
        for (final Market market : markets.values())
        {
            final int updates = 1 + market.sim.random().nextInt(3);
            for (int i = 0; i < updates; i++)
            {
                market.sim.stepBook(nowNs);
            }
            publishBookChanges(market, nowNs / 1_000_000L);
        }
    }

    /** The book changes since the last publication, one {@code book} delta per level, {@code seq} +1 each. */
    private void publishBookChanges(final Market market, final long nowMs)
    {
        final SimBook.Diff diff = market.sim.book().drain();
        if (diff == null)
        {
            return;
        }
        final String topic = "book:" + market.symbol();
        final boolean subscribed = hasSubscriber(topic);
        for (final SimBook.Level level : diff.bids())
        {
            delta(market, topic, subscribed, "buy", level, nowMs);
        }
        for (final SimBook.Level level : diff.asks())
        {
            delta(market, topic, subscribed, "sell", level, nowMs);
        }
    }

    private void delta(final Market market, final String topic, final boolean subscribed, final String side, final SimBook.Level level, final long nowMs)
    {
        if (market.skipNext)
        {
            market.seq++;
            market.skipNext = false;
        }
        final long seq = ++market.seq;
        if (subscribed)
        {
            final SimInstrument in = market.sim.instrument();
            publish(topic, new JsonText(192).beginObject().field("feed", "book").field("product_id", market.symbol()).field("side", side)
                .field("seq", seq).rawField("price", num(new BigDecimal(in.price(level.priceTicks()))))
                .rawField("qty", num(new BigDecimal(in.size(level.lots())))).field("timestamp", nowMs).endObject().toString());
        }
    }

    /** The documented {@code book_snapshot}: feed, product_id, timestamp, seq, tickSize (always null), bids, asks. */
    private String bookSnapshot(final Market market, final long nowMs)
    {
        final SimInstrument in = market.sim.instrument();
        final JsonText json = new JsonText(2048).beginObject().field("feed", "book_snapshot").field("product_id", market.symbol())
            .field("timestamp", nowMs).field("seq", ++market.seq).rawField("tickSize", "null").name("bids").beginArray();
        for (final SimBook.Level l : market.sim.book().bids(Integer.MAX_VALUE))
        {
            json.beginObject().rawField("price", num(new BigDecimal(in.price(l.priceTicks())))).rawField("qty", num(new BigDecimal(in.size(l.lots()))))
                .endObject();
        }
        json.endArray().name("asks").beginArray();
        for (final SimBook.Level l : market.sim.book().asks(Integer.MAX_VALUE))
        {
            json.beginObject().rawField("price", num(new BigDecimal(in.price(l.priceTicks())))).rawField("qty", num(new BigDecimal(in.size(l.lots()))))
                .endObject();
        }
        return json.endArray().endObject().toString();
    }

    /** A {@code ticker} feed message in the members of the documented "Subscription Data" example. */
    private String ticker(final Market market, final long nowNs)
    {
        final long nowMs = nowNs / 1_000_000L;
        final SimInstrument in = market.sim.instrument();
        final BigDecimal mark = markOf(market, nowNs);
        final BigDecimal index = indexOf(market, nowNs);
        final BigDecimal relative = relativeRate(market, nowNs);
        final BigDecimal absolute = absoluteRate(market, nowNs);
        final BigDecimal nextRelative = relativeRate(market, nowNs + HOUR_MS * 1_000_000L);
        final BigDecimal nextAbsolute = absoluteRate(market, nowNs + HOUR_MS * 1_000_000L);
        final SimBook.Level bid = market.sim.book().bestBid();
        final SimBook.Level ask = market.sim.book().bestAsk();
        final double volumeBase = 2.0e8 / in.initialMid().doubleValue();
        final BigDecimal last = new BigDecimal(in.price(bid.priceTicks()));
        final BigDecimal open = tickRound(market, market.sim.venueMid(nowNs - 86_400_000_000_000L));
        final JsonText json = new JsonText(768).beginObject()
            .field("time", nowMs).field("feed", "ticker").field("product_id", market.symbol())
            .rawField("bid", num(new BigDecimal(in.price(bid.priceTicks())))).rawField("ask", num(new BigDecimal(in.price(ask.priceTicks()))))
            .rawField("bid_size", num(new BigDecimal(in.size(bid.lots())))).rawField("ask_size", num(new BigDecimal(in.size(ask.lots()))))
            .rawField("volume", num(BigDecimal.valueOf(volumeBase).setScale(sizePrecision(in), RoundingMode.HALF_EVEN)))
            .field("dtm", 0).field("leverage", "50x")
            .rawField("index", num(index))
            .rawField("premium", num(mark.subtract(index).divide(index, 6, RoundingMode.HALF_EVEN).movePointRight(2)))
            .rawField("last", num(last))
            .rawField("change", num(last.subtract(open).divide(open, 8, RoundingMode.HALF_EVEN).movePointRight(2)))
            .rawField("funding_rate", num(absolute)).rawField("funding_rate_prediction", num(nextAbsolute))
            .rawField("suspended", "false").field("tag", "perpetual").field("pair", in.base().replace("BTC", "XBT") + ":USD")
            .rawField("openInterest", num(BigDecimal.valueOf(volumeBase * 0.4).setScale(sizePrecision(in), RoundingMode.HALF_EVEN)))
            .rawField("markPrice", num(mark)).field("maturityTime", 0)
            .rawField("relative_funding_rate", num(relative)).rawField("relative_funding_rate_prediction", num(nextRelative))
            .field("next_funding_rate_time", market.nextSettleMs)
            .rawField("volumeQuote", num(BigDecimal.valueOf(volumeBase * mark.doubleValue()).setScale(2, RoundingMode.HALF_EVEN)));
        return json.endObject().toString();
    }

    @Override
    protected String malformedFrame()
    {
        return "{\"feed\":\"book\",\"product_id\":\"" + markets.keySet().iterator().next() + "\",\"side\":\"buy\",\"seq\":";
    }

    @Override
    protected void onSkipSequence(final String symbol)
    {
        for (final Market market : markets.values())
        {
            if (symbol == null || symbol.equals(market.symbol()))
            {
                market.skipNext = true;
            }
        }
    }

    // ---------------------------------------------------------------- private feeds

    private void pushPrivate(final String feed, final String text)
    {
        if (privatePushes.size() == HISTORY)
        {
            privatePushes.removeFirst();
        }
        privatePushes.addLast(text);
        for (final SimSession session : sessions())
        {
            if (session.topics().contains(feed) && isPrivate(session))
            {
                session.send(text);
            }
        }
    }

    /** The private-feed messages pushed so far (the last 512), oldest first (tests). */
    public List<String> privateEvents()
    {
        return call(() -> List.copyOf(privatePushes));
    }

    private String listSnapshot(final String feed, final String member, final ArrayDeque<String> items)
    {
        return "{\"feed\":\"" + feed + "\",\"account\":\"" + accountUid + "\",\"" + member + "\":[" + String.join(",", items) + "]}";
    }

    private String logSnapshot()
    {
        return "{\"feed\":\"account_log_snapshot\",\"logs\":[" + String.join(",", logs) + "]}";
    }

    private void remember(final ArrayDeque<String> list, final String item)
    {
        if (list.size() == HISTORY)
        {
            list.removeFirst();
        }
        list.addLast(item);
    }

    /** An order of the {@code open_orders} feed (members of the documented snapshot example). */
    private String wsOrder(final SimOrder o)
    {
        final JsonText json = new JsonText(384).beginObject().field("instrument", o.symbol).field("time", o.createTimeMs)
            .field("last_update_time", o.updateTimeMs).rawField("qty", num(o.qty)).rawField("filled", num(o.executedQty))
            .rawField("limit_price", num(o.price)).rawField("stop_price", "0").field("type", "limit").field("order_id", uidOf(o));
        if (!o.clientId.startsWith("#"))
        {
            json.field("cli_ord_id", o.clientId);
        }
        return json.field("direction", o.buy ? 0 : 1).rawField("reduce_only", Boolean.toString(o.reduceOnly)).endObject().toString();
    }

    private String openOrdersSnapshot()
    {
        final StringBuilder list = new StringBuilder();
        for (final SimOrder o : orders.values())
        {
            if ("untouched".equals(o.status) || "partiallyFilled".equals(o.status))
            {
                list.append(list.length() == 0 ? "" : ",").append(wsOrder(o));
            }
        }
        return "{\"feed\":\"open_orders_snapshot\",\"account\":\"" + accountUid + "\",\"orders\":[" + list + "]}";
    }

    /** The {@code open_positions} message: documented members of each position. */
    private String openPositions(final long nowNs)
    {
        final JsonText json = new JsonText(1024).beginObject().field("feed", "open_positions").field("account", accountUid).name("positions")
            .beginArray();
        for (final Market market : markets.values())
        {
            final SimAccount.Position p = account.position(market.symbol());
            if (p.qty().signum() == 0)
            {
                continue;
            }
            final BigDecimal mark = markOf(market, nowNs);
            final BigDecimal pnl = p.qty().multiply(mark.subtract(p.entryPrice()));
            final BigDecimal im = initialMargin(market.symbol(), mark);
            final BigDecimal liquidation = liquidationPrice(market, nowNs);
            json.beginObject().field("instrument", market.symbol()).rawField("balance", num(p.qty()))
                .rawField("entry_price", num(p.entryPrice().setScale(market.sim.instrument().priceScale() + 4, RoundingMode.HALF_EVEN)))
                .rawField("mark_price", num(mark)).rawField("index_price", num(indexOf(market, nowNs)))
                .rawField("pnl", num(pnl.setScale(USD_SCALE, RoundingMode.HALF_EVEN)))
                .rawField("liquidation_threshold", liquidation == null ? "0" : num(liquidation))
                .rawField("return_on_equity", num(im.signum() == 0 ? BigDecimal.ZERO : pnl.divide(im, 8, RoundingMode.HALF_EVEN)))
                .rawField("unrealized_funding", "0")
                .rawField("effective_leverage", num(p.qty().abs().multiply(mark).divide(portfolioValue(nowNs), 8, RoundingMode.HALF_EVEN)))
                .rawField("initial_margin", num(im)).rawField("initial_margin_with_orders", num(im))
                .rawField("maintenance_margin", num(account.maintenanceMargin(market.symbol(), mark))).field("pnl_currency", "USD").endObject();
        }
        return json.endArray().field("seq", privateSeq++).field("timestamp", nowNs / 1_000_000L).endObject().toString();
    }

    private BigDecimal initialMargin(final String symbol, final BigDecimal mark)
    {
        return account.position(symbol).qty().abs().multiply(mark).divide(BigDecimal.valueOf(account.leverage(symbol)), USD_SCALE, RoundingMode.HALF_UP);
    }

    private BigDecimal unrealised(final long nowNs)
    {
        BigDecimal sum = BigDecimal.ZERO;
        for (final Market market : markets.values())
        {
            final SimAccount.Position p = account.position(market.symbol());
            if (p.qty().signum() != 0)
            {
                sum = sum.add(p.qty().multiply(markOf(market, nowNs).subtract(p.entryPrice())));
            }
        }
        return sum;
    }

    private BigDecimal portfolioValue(final long nowNs)
    {
        return account.wallet().add(unrealised(nowNs)).setScale(USD_SCALE, RoundingMode.HALF_EVEN);
    }

    private BigDecimal totalInitialMargin(final long nowNs)
    {
        BigDecimal im = BigDecimal.ZERO;
        for (final Market market : markets.values())
        {
            im = im.add(initialMargin(market.symbol(), markOf(market, nowNs)));
        }
        return im;
    }

    private BigDecimal totalMaintenanceMargin(final long nowNs)
    {
        BigDecimal mm = BigDecimal.ZERO;
        for (final Market market : markets.values())
        {
            mm = mm.add(account.maintenanceMargin(market.symbol(), markOf(market, nowNs)));
        }
        return mm;
    }

    /** Available margin of the flex account: portfolio value less the initial margin of positions. */
    private BigDecimal availableMargin(final long nowNs)
    {
        return portfolioValue(nowNs).subtract(totalInitialMargin(nowNs));
    }

    /** The {@code balances} message: the multi-collateral ({@code flex_futures}) wallet in documented members. */
    private String balances(final String feed, final long nowNs)
    {
        final BigDecimal wallet = account.wallet().setScale(USD_SCALE, RoundingMode.HALF_EVEN);
        final BigDecimal pv = portfolioValue(nowNs);
        final BigDecimal im = totalInitialMargin(nowNs);
        final BigDecimal upnl = unrealised(nowNs).setScale(USD_SCALE, RoundingMode.HALF_EVEN);
        final JsonText json = new JsonText(1024).beginObject().field("feed", feed).field("account", accountUid).field("timestamp", nowNs / 1_000_000L)
            .field("seq", privateSeq++).name("holding").beginObject().endObject().name("futures").beginObject().endObject()
            .name("flex_futures").beginObject().name("currencies").beginObject().name("USD").beginObject()
            .rawField("quantity", num(wallet)).rawField("value", num(wallet)).rawField("collateral_value", num(wallet))
            .rawField("available", num(wallet)).rawField("haircut", "0").rawField("conversion_spread", "0").endObject().endObject()
            .rawField("balance_value", num(wallet)).rawField("portfolio_value", num(pv)).rawField("collateral_value", num(wallet))
            .rawField("initial_margin", num(im)).rawField("initial_margin_without_orders", num(im))
            .rawField("maintenance_margin", num(totalMaintenanceMargin(nowNs))).rawField("pnl", num(upnl)).rawField("unrealized_funding", "0")
            .rawField("total_unrealized", num(upnl)).rawField("total_unrealized_as_margin", num(upnl)).rawField("margin_equity", num(pv))
            .rawField("available_margin", num(pv.subtract(im))).endObject()
            .rawField("futures_cash_value", "0").rawField("futures_upnl_cash_value", "0");
        return json.endObject().toString();
    }

    /** One {@code account_log} entry in the documented members; amounts null where the booking has none. */
    private String logEntry(final long nowMs, final String info, final String symbol, final BigDecimal oldBalance, final BigDecimal newBalance,
        final BigDecimal tradePrice, final BigDecimal mark, final BigDecimal realizedPnl, final BigDecimal fee, final String execution,
        final BigDecimal fundingRate, final BigDecimal realizedFunding)
    {
        return new JsonText(512).beginObject().field("id", nextLogId++).field("date", iso(nowMs)).field("asset", "usd").field("info", info)
            .field("booking_uid", uid()).field("margin_account", "flex").field("contract", symbol)
            .rawField("old_balance", num(oldBalance)).rawField("new_balance", num(newBalance))
            .rawField("old_average_entry_price", "null").rawField("new_average_entry_price", "null")
            .rawField("trade_price", tradePrice == null ? "null" : num(tradePrice)).rawField("mark_price", mark == null ? "null" : num(mark))
            .rawField("realized_pnl", realizedPnl == null ? "null" : num(realizedPnl)).rawField("fee", fee == null ? "null" : num(fee))
            .field("execution", execution).field("collateral", "USD")
            .rawField("funding_rate", fundingRate == null ? "null" : num(fundingRate))
            .rawField("realized_funding", realizedFunding == null ? "null" : num(realizedFunding))
            .rawField("conversion_spread_percentage", "null").rawField("liquidation_fee", "null").endObject().toString();
    }

    private void pushLog(final String entry)
    {
        remember(logs, entry);
        pushPrivate("account_log", "{\"feed\":\"account_log\",\"new_entry\":" + entry + "}");
    }

    private void pushAccountState(final long nowNs)
    {
        pushPrivate("open_positions", openPositions(nowNs));
        pushPrivate("balances", balances("balances", nowNs));
    }

    // ---------------------------------------------------------------- REST

    /** Answers a request as the venue would, without a socket (tests): {@code query} and {@code body} are postData strings. */
    public RestReply request(final HttpMethod method, final String pathAndQuery, final Map<String, String> headers, final String body)
    {
        final io.netty.handler.codec.http.DefaultHttpHeaders h = new io.netty.handler.codec.http.DefaultHttpHeaders();
        headers.forEach(h::set);
        return call(() -> onRest(method, new QueryStringDecoder(pathAndQuery), h, body == null ? "" : body));
    }

    @Override
    protected RestReply errorReply(final int status, final String message)
    {
        return RestReply.of(status, error(message, config.clock().nanoTime() / 1_000_000L));
    }

    private static String error(final String error, final long nowMs)
    {
        return new JsonText(128).beginObject().field("result", "error").field("serverTime", iso(nowMs)).field("error", error).endObject().toString();
    }

    @Override
    protected RestReply onRest(final HttpMethod method, final QueryStringDecoder uri, final HttpHeaders headers, final String body)
    {
        if (!uri.path().startsWith(REST_PREFIX))
        {
            return null;
        }
        final String endpoint = uri.path().substring(REST_PREFIX.length());
        final long nowNs = config.clock().nanoTime();
        final long nowMs = nowNs / 1_000_000L;
        if (HttpMethod.GET.equals(method) && "instruments".equals(endpoint))
        {
            return RestReply.ok(instruments(nowMs));
        }
        if (HttpMethod.GET.equals(method) && "tickers".equals(endpoint))
        {
            return RestReply.ok(tickers(nowNs));
        }
        if (!COSTS.containsKey(endpoint))
        {
            return null;
        }
        if (!"orders/status".equals(endpoint) && !METHODS.getOrDefault(endpoint, HttpMethod.GET).equals(method))
        {
            return RestReply.of(405, error("invalidMethod", nowMs)); // the pages name the method of each endpoint
        }
        final String rawQuery = uri.rawQuery();
        final String postData = body != null && !body.isEmpty() ? body : rawQuery == null ? "" : rawQuery;
        final String refusal = authenticate(headers, postData, uri.path());
        if (refusal != null)
        {
            return RestReply.ok(error(refusal, nowMs));
        }
        final Map<String, List<String>> params = new HashMap<>(new QueryStringDecoder(postData, false).parameters());
        if (!admitCost("fills".equals(endpoint) && params.containsKey("lastFillTime") ? FILLS_BEFORE_COST : COSTS.get(endpoint)))
        {
            return RestReply.ok(error("apiLimitExceeded", nowMs));
        }
        return switch (endpoint)
        {
            case "sendorder" -> sendOrder(params, headers.get("Nonce"), nowNs);
            case "cancelorder" -> RestReply.ok(cancelOrder(params, nowNs));
            case "openorders" -> RestReply.ok(openOrders(nowMs));
            case "openpositions" -> RestReply.ok(openPositionsRest(nowMs));
            case "orders/status" -> RestReply.ok(ordersStatus(params, nowMs));
            case "fills" -> fills(params, nowMs);
            case "leveragepreferences" -> leveragePreferences(params, nowMs);
            default -> RestReply.ok(accounts(nowNs));
        };
    }

    /** Null when the request is signed by the account's key, else the venue's error code. */
    private String authenticate(final HttpHeaders headers, final String postData, final String path)
    {
        final String key = headers == null ? null : headers.get("APIKey");
        final String sent = headers == null ? null : headers.get("Authent");
        final String nonce = headers == null ? null : headers.get("Nonce");
        if (key == null || sent == null || !account.keyMatches(key))
        {
            return "authenticationError";
        }
        final String endpointPath = KrakenAuthent.endpointPath(path);
        if (!authent.authentMatches(postData, nonce, endpointPath, sent)
            && !authent.authentMatches(QueryStringDecoder.decodeComponent(postData), nonce, endpointPath, sent))
        {
            return "authenticationError";
        }
        if (nonce != null && !nonce.isEmpty())
        {
            final long value;
            try
            {
                value = Long.parseLong(nonce);
            }
            catch (final NumberFormatException ex)
            {
                return "authenticationError";
            }
            if (nonces.contains(value))
            {
                return "nonceDuplicate";
            }
            if (!nonces.isEmpty() && value < nonces.last() - NONCE_TOLERANCE)
            {
                return "nonceBelowThreshold";
            }
            nonces.add(value);
            if (nonces.size() > 1_000)
            {
                nonces.pollFirst();
            }
        }
        return null;
    }

    private boolean admitCost(final int cost)
    {
        final long nowNs = System.nanoTime();
        if (nowNs - rateWindowStartNs >= RATE_WINDOW_NS)
        {
            rateWindowStartNs = nowNs;
            rateUsed = 0;
        }
        if (rateUsed + cost > rateBudget)
        {
            return false;
        }
        rateUsed += cost;
        return true;
    }

    private static String param(final Map<String, List<String>> params, final String name)
    {
        final List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The documented instrument members; {@code PF_} contracts as {@code flexible_futures}, one {@code PI_XBTUSD} inverse. */
    private String instruments(final long nowMs)
    {
        final JsonText json = new JsonText(4096).beginObject().field("result", "success").name("instruments").beginArray();
        for (final Market market : markets.values())
        {
            final SimInstrument in = market.sim.instrument();
            json.beginObject().field("symbol", in.symbol()).field("pair", in.base().replace("BTC", "XBT") + ":USD")
                .field("base", in.base().replace("BTC", "XBT")).field("quote", "USD").field("type", "flexible_futures")
                .field("underlying", "rr_" + in.base().replace("BTC", "XBT").toLowerCase(Locale.ROOT) + "usd")
                .rawField("tickSize", num(in.tickSize())).rawField("contractSize", "1").rawField("tradeable", "true")
                .rawField("impactMidSize", "1").rawField("maxPositionSize", "1000000").field("openingDate", "2022-01-01T00:00:00.000Z")
                .name("marginLevels").beginArray().beginObject().rawField("contracts", "0").rawField("initialMargin", "0.02")
                .rawField("maintenanceMargin", "0.01").endObject().endArray()
                .field("fundingRateCoefficient", FUNDING_RATE_COEFFICIENT).rawField("maxRelativeFundingRate", num(MAX_RELATIVE_FUNDING_RATE))
                .field("isin", "").field("contractValueTradePrecision", sizePrecision(in)).rawField("postOnly", "false")
                .field("feeScheduleUid", "eef90775-995b-4596-9257-0917f6134766")
                .name("retailMarginLevels").beginArray().beginObject().rawField("contracts", "0").rawField("initialMargin", "0.5")
                .rawField("maintenanceMargin", "0.25").endObject().endArray()
                .field("category", "").name("tags").beginArray().endArray().rawField("tradfi", "false").rawField("mtf", "false").endObject();
        }
        json.beginObject().field("symbol", "PI_XBTUSD").field("pair", "XBT:USD").field("base", "XBT").field("quote", "USD")
            .field("type", "futures_inverse").field("underlying", "rr_xbtusd").rawField("tickSize", "0.5").rawField("contractSize", "1")
            .rawField("tradeable", "true").rawField("impactMidSize", "1").rawField("maxPositionSize", "1000000")
            .field("openingDate", "2022-01-01T00:00:00.000Z").name("marginLevels").beginArray().beginObject().rawField("contracts", "0")
            .rawField("initialMargin", "0.02").rawField("maintenanceMargin", "0.01").endObject().endArray()
            .field("fundingRateCoefficient", FUNDING_RATE_COEFFICIENT).rawField("maxRelativeFundingRate", "0.001")
            .field("contractValueTradePrecision", 0).rawField("postOnly", "false").endObject();
        return json.endArray().field("serverTime", iso(nowMs)).endObject().toString();
    }

    /** {@code {"result":"success","tickers":[..],"serverTime":..}}, each ticker in the members of the documented ticker-by-symbol example. */
    private String tickers(final long nowNs)
    {
        final long nowMs = nowNs / 1_000_000L;
        final JsonText json = new JsonText(4096).beginObject().field("result", "success").name("tickers").beginArray();
        for (final Market market : markets.values())
        {
            final SimInstrument in = market.sim.instrument();
            final BigDecimal mark = markOf(market, nowNs);
            final SimBook.Level bid = market.sim.book().bestBid();
            final SimBook.Level ask = market.sim.book().bestAsk();
            final double volumeBase = 2.0e8 / in.initialMid().doubleValue();
            final BigDecimal last = new BigDecimal(in.price(bid.priceTicks()));
            final BigDecimal open = tickRound(market, market.sim.venueMid(nowNs - 86_400_000_000_000L));
            json.beginObject().field("tag", "perpetual").field("pair", in.base().replace("BTC", "XBT") + ":USD").field("symbol", in.symbol())
                .rawField("markPrice", num(mark)).rawField("bid", num(new BigDecimal(in.price(bid.priceTicks()))))
                .rawField("bidSize", num(new BigDecimal(in.size(bid.lots())))).rawField("ask", num(new BigDecimal(in.price(ask.priceTicks()))))
                .rawField("askSize", num(new BigDecimal(in.size(ask.lots()))))
                .rawField("vol24h", num(BigDecimal.valueOf(volumeBase).setScale(sizePrecision(in), RoundingMode.HALF_EVEN)))
                .rawField("volumeQuote", num(BigDecimal.valueOf(volumeBase * mark.doubleValue()).setScale(2, RoundingMode.HALF_EVEN)))
                .rawField("change24h", num(last.subtract(open).divide(open, 8, RoundingMode.HALF_EVEN).movePointRight(2)))
                .rawField("openInterest", num(BigDecimal.valueOf(volumeBase * 0.4).setScale(sizePrecision(in), RoundingMode.HALF_EVEN)))
                .rawField("open24h", num(open)).rawField("indexPrice", num(indexOf(market, nowNs))).rawField("last", num(last))
                .field("lastTime", iso(nowMs - 1_000)).rawField("lastSize", num(in.lotSize())).rawField("suspended", "false")
                .rawField("fundingRate", num(absoluteRate(market, nowNs)))
                .rawField("fundingRatePrediction", num(absoluteRate(market, nowNs + HOUR_MS * 1_000_000L))).rawField("postOnly", "false")
                .endObject();
        }
        return json.endArray().field("serverTime", iso(nowMs)).endObject().toString();
    }

    /** The order's uid (Kraken's {@code order_id}): made from its {@code orderId} counter. */
    private static String uidOf(final SimOrder o)
    {
        return uid(o.orderId);
    }

    /** The order of a venue uid, or null (the orders the simulator keeps, across its restarts too). */
    private SimOrder byUid(final String orderId)
    {
        for (final SimOrder o : orders.values())
        {
            if (uidOf(o).equals(orderId))
            {
                return o;
            }
        }
        return null;
    }

    /** The nonce as the client's send time in ms when it is one (at most a day before {@code beforeMs}), else {@code beforeMs}. */
    private static long millisNonce(final String nonce, final long beforeMs)
    {
        try
        {
            final long ms = nonce == null ? beforeMs : Long.parseLong(nonce.trim());
            return ms <= beforeMs && beforeMs - ms <= 86_400_000L ? ms : beforeMs;
        }
        catch (final NumberFormatException ex)
        {
            return beforeMs;
        }
    }

    /** An order as the REST order events write it ({@code PLACE}, {@code CANCEL}, {@code orderPriorExecution}). */
    private String restOrder(final SimOrder o, final String orderId, final BigDecimal filled, final long nowMs)
    {
        return restOrder(o, orderId, o.timeInForce, filled, nowMs);
    }

    private String restOrder(final SimOrder o, final String orderId, final String type, final BigDecimal filled, final long nowMs)
    {
        return new JsonText(384).beginObject().field("orderId", orderId).field("cliOrdId", o.clientId.startsWith("#") ? null : o.clientId)
            .field("type", type).field("symbol", o.symbol).field("side", o.buy ? "buy" : "sell").rawField("quantity", num(o.qty))
            .rawField("filled", num(filled)).rawField("limitPrice", num(o.price)).rawField("reduceOnly", Boolean.toString(o.reduceOnly))
            .field("timestamp", iso(o.createTimeMs)).field("lastUpdateTimestamp", iso(nowMs)).endObject().toString();
    }

    private static String sendStatus(final String status, final String orderId, final long nowMs, final List<String> events)
    {
        final JsonText json = new JsonText(1024).beginObject().field("result", "success").name("sendStatus").beginObject();
        if (orderId != null)
        {
            json.field("order_id", orderId);
        }
        json.field("status", status).field("receivedTime", iso(nowMs));
        if (events != null)
        {
            json.name("orderEvents").beginArray();
            events.forEach(json::raw);
            json.endArray();
        }
        return json.endObject().field("serverTime", iso(nowMs)).endObject().toString();
    }

    private RestReply sendOrder(final Map<String, List<String>> params, final String nonce, final long nowNs)
    {
        countOrder();
        final long nowMs = nowNs / 1_000_000L;
        final String orderType = param(params, "orderType");
        final String symbol = param(params, "symbol") == null ? null : param(params, "symbol").toUpperCase(Locale.ROOT);
        final String side = param(params, "side");
        final BigDecimal size = decimal(param(params, "size"));
        final BigDecimal limitPrice = decimal(param(params, "limitPrice"));
        final String cliOrdId = param(params, "cliOrdId");
        final boolean reduceOnly = "true".equalsIgnoreCase(param(params, "reduceOnly"));
        receivedClientOrderId(cliOrdId);
        if (orderType == null || symbol == null || size == null || !("buy".equals(side) || "sell".equals(side)))
        {
            return RestReply.ok(error("requiredArgumentMissing", nowMs));
        }
        final String processBefore = param(params, "processBefore");
        if (processBefore != null)
        {
            // send-order: "processBefore: The time before which the request should be processed, otherwise it is rejected."
            final long beforeMs;
            try
            {
                beforeMs = Instant.parse(processBefore).toEpochMilli();
            }
            catch (final java.time.format.DateTimeParseException ex)
            {
                return RestReply.ok(error("invalidArgument: processBefore", nowMs));
            }
            // the window from the request's nonce (the client's time in ms, as the REST guide advises) to processBefore is the
            // client's in wall time: on a compressed clock (the demo) it stretches by the clock's speed, as Hyperliquid's expiresAfter
            final long sentMs = millisNonce(nonce, beforeMs);
            if (nowMs > sentMs + (long)((beforeMs - sentMs) * config.clockSpeed()))
            {
                return RestReply.ok(sendStatus("wouldProcessAfterSpecifiedTime", null, nowMs, null));
            }
        }
        if (!("ioc".equals(orderType) || "lmt".equals(orderType) || "mkt".equals(orderType)))
        {
            return RestReply.ok(error("invalidArgument: orderType", nowMs)); // post, stp, take_profit, trailing_stop, fok: not simulated
        }
        final Market market = markets.get(symbol);
        if (market == null)
        {
            return RestReply.ok(sendStatus("marketInactive", null, nowMs, null));
        }
        final SimInstrument in = market.sim.instrument();
        if (cliOrdId != null && cliOrdId.length() > 100)
        {
            return RestReply.ok(sendStatus("clientOrderIdTooLong", null, nowMs, null));
        }
        if (size.signum() <= 0 || size.remainder(in.lotSize()).signum() != 0)
        {
            return RestReply.ok(sendStatus("invalidSize", null, nowMs, null));
        }
        if (!"mkt".equals(orderType) && (limitPrice == null || limitPrice.signum() <= 0 || limitPrice.remainder(in.tickSize()).signum() != 0))
        {
            return RestReply.ok(sendStatus("invalidPrice", null, nowMs, null));
        }
        final boolean buy = "buy".equals(side);
        final BigDecimal position = account.position(symbol).qty();
        if (reduceOnly && (position.signum() == 0 || (position.signum() > 0) == buy))
        {
            return RestReply.ok(sendStatus("wouldNotReducePosition", null, nowMs, null));
        }
        if (cliOrdId != null && isOpen(orders.get(cliOrdId)))
        {
            return RestReply.ok(sendStatus("clientOrderIdAlreadyExist", null, nowMs, null));
        }
        final BigDecimal touch = new BigDecimal(in.price(buy ? market.sim.book().bestAsk().priceTicks() : market.sim.book().bestBid().priceTicks()));
        final BigDecimal price = "mkt".equals(orderType)
            ? touch.multiply(buy ? new BigDecimal("1.01") : new BigDecimal("0.99")).divide(in.tickSize(), 0, buy ? RoundingMode.FLOOR : RoundingMode.CEILING)
                .multiply(in.tickSize())
            : limitPrice;
        if (!reduceOnly)
        {
            final BigDecimal needed = size.multiply(price).divide(BigDecimal.valueOf(account.leverage(symbol)), USD_SCALE, RoundingMode.HALF_UP)
                .add(SimAccount.fee(price, size, account.takerFee()));
            if (needed.compareTo(availableMargin(nowNs)) > 0)
            {
                return RestReply.ok(sendStatus("insufficientAvailableFunds", null, nowMs, null));
            }
        }
        final Object[] fault = takeRejectFault();
        if (fault != null)
        {
            return RestReply.ok(sendStatus((String)fault[1], null, nowMs, null));
        }
        final RestReply unapplied = takeUnappliedFailure();
        if (unapplied != null)
        {
            return unapplied;
        }
        final long orderNumber = nextUid++;
        final String orderId = uid(orderNumber);
        final SimOrder order = new SimOrder(orderNumber, cliOrdId != null ? cliOrdId : "#" + orderId, symbol, buy, "mkt".equals(orderType),
            orderType, price, size, reduceOnly);
        order.createTimeMs = nowMs;
        order.updateTimeMs = nowMs;
        orders.put(order.clientId, order);
        BigDecimal max = size.multiply(takeFillRatio()).divide(in.lotSize(), 0, RoundingMode.DOWN).multiply(in.lotSize());
        if (reduceOnly)
        {
            max = max.min(position.abs());
        }
        final List<SimAccount.Fill> taken = max.signum() > 0 ? account.take(market.sim, buy, price, max) : List.of();
        final List<String> events = new ArrayList<>();
        final List<Runnable> pushes = new ArrayList<>();
        final String placed = wsOrder(order);
        if ("lmt".equals(orderType) || !taken.isEmpty())
        {
            events.add("{\"type\":\"PLACE\",\"order\":" + restOrder(order, orderId, BigDecimal.ZERO, nowMs) + "}");
            pushes.add(() -> pushPrivate("open_orders", "{\"feed\":\"open_orders\",\"order\":" + placed + ",\"is_cancel\":false,\"reason\":\"new_placed_order_by_user\"}"));
        }
        for (final SimAccount.Fill fill : taken)
        {
            final String prior = restOrder(order, orderId, order.executedQty, nowMs);
            final BigDecimal before = account.wallet();
            account.apply(symbol, buy, fill);
            order.add(fill);
            final String executionId = uid();
            events.add(new JsonText(512).beginObject().field("type", "EXECUTION").field("executionId", executionId).rawField("price", num(fill.price()))
                .rawField("amount", num(fill.qty())).name("orderPriorEdit").raw("null").name("orderPriorExecution").raw(prior)
                .rawField("takerReducedQuantity", "null").endObject().toString());
            final String wsFill = new JsonText(512).beginObject().field("instrument", symbol).field("time", nowMs).rawField("price", num(fill.price()))
                .field("seq", privateSeq++).rawField("buy", Boolean.toString(buy)).rawField("qty", num(fill.qty()))
                .rawField("remaining_order_qty", num(order.leavesQty())).field("order_id", orderId)
                .field("cli_ord_id", cliOrdId).field("fill_id", executionId).field("fill_type", "taker").rawField("fee_paid", num(fill.fee()))
                .field("fee_currency", "USD").field("taker_order_type", orderType).field("order_type", "mkt".equals(orderType) ? "market" : "limit")
                .endObject().toString();
            remember(fills, wsFill);
            rememberRestFill(nowMs, executionId, symbol, buy, orderId, cliOrdId, fill.qty(), fill.price(), "taker");
            final BigDecimal realized = account.wallet().subtract(before).add(fill.fee());
            final String log = logEntry(nowMs, "futures trade", symbol, before, account.wallet(), fill.price(), markOf(market, nowNs), realized,
                fill.fee(), executionId, null, null);
            pushes.add(() ->
            {
                pushPrivate("fills", "{\"feed\":\"fills\",\"account\":\"" + accountUid + "\",\"fills\":[" + wsFill + "]}");
                pushLog(log);
            });
        }
        order.updateTimeMs = nowMs;
        final boolean filled = order.executedQty.compareTo(size) >= 0;
        final String status;
        if ("lmt".equals(orderType) && !filled)
        {
            order.status = order.executedQty.signum() == 0 ? "untouched" : "partiallyFilled";
            status = "placed";
        }
        else if (taken.isEmpty())
        {
            order.status = "iocWouldNotExecute";
            status = "iocWouldNotExecute";
            events.add("{\"type\":\"REJECT\",\"uid\":\"" + orderId + "\",\"order\":" + restOrder(order, orderId, BigDecimal.ZERO, nowMs)
                + ",\"reason\":\"IOC_WOULD_NOT_EXECUTE\"}");
        }
        else
        {
            order.status = filled ? "filled" : "cancelled";
            status = "placed";
            if (!filled)
            {
                events.add("{\"type\":\"CANCEL\",\"uid\":\"" + orderId + "\",\"order\":" + restOrder(order, orderId, order.executedQty, nowMs) + "}");
            }
            final String reason = filled ? "full_fill" : "ioc_order_failed_because_it_would_not_be_executed";
            final String removal = "{\"feed\":\"open_orders\",\"order_id\":\"" + orderId + "\"" + (cliOrdId == null ? "" : ",\"cli_ord_id\":" + new JsonText(64).string(cliOrdId))
                + ",\"is_cancel\":true,\"reason\":\"" + reason + "\"}";
            pushes.add(() ->
            {
                pushPrivate("open_orders", removal);
                pushAccountState(nowNs);
            });
        }
        later(orderDelayMs(), () -> pushes.forEach(Runnable::run));
        return applied(RestReply.ok(sendStatus(status, orderId, nowMs, events)).delayed(orderDelayMs()));
    }

    private static boolean isOpen(final SimOrder o)
    {
        return o != null && ("untouched".equals(o.status) || "partiallyFilled".equals(o.status));
    }

    private String cancelOrder(final Map<String, List<String>> params, final long nowNs)
    {
        final long nowMs = nowNs / 1_000_000L;
        final String cliOrdId = param(params, "cliOrdId");
        final SimOrder o = param(params, "order_id") != null ? byUid(param(params, "order_id")) : cliOrdId != null ? orders.get(cliOrdId) : null;
        final JsonText json = new JsonText(768).beginObject().field("result", "success").name("cancelStatus").beginObject();
        if (!isOpen(o))
        {
            return json.field("status", "notFound").field("receivedTime", iso(nowMs)).endObject().field("serverTime", iso(nowMs)).endObject().toString();
        }
        o.status = "cancelled";
        o.updateTimeMs = nowMs;
        final String id = uidOf(o);
        pushPrivate("open_orders", "{\"feed\":\"open_orders\",\"order_id\":\"" + id + "\",\"is_cancel\":true,\"reason\":\"cancelled_by_user\"}");
        return json.field("status", "cancelled").field("order_id", id).field("receivedTime", iso(nowMs)).name("orderEvents").beginArray()
            .raw("{\"type\":\"CANCEL\",\"uid\":\"" + id + "\",\"order\":" + restOrder(o, id, o.executedQty, nowMs) + "}").endArray()
            .endObject().field("serverTime", iso(nowMs)).endObject().toString();
    }

    private String openOrders(final long nowMs)
    {
        final JsonText json = new JsonText(1024).beginObject().field("result", "success").name("openOrders").beginArray();
        for (final SimOrder o : orders.values())
        {
            if (isOpen(o))
            {
                json.beginObject().field("order_id", uidOf(o)).field("cliOrdId", o.clientId.startsWith("#") ? null : o.clientId)
                    .field("symbol", o.symbol).field("side", o.buy ? "buy" : "sell").field("orderType", "lmt").rawField("limitPrice", num(o.price))
                    .rawField("unfilledSize", num(o.leavesQty())).field("receivedTime", iso(o.createTimeMs)).field("status", o.status)
                    .rawField("filledSize", num(o.executedQty)).rawField("reduceOnly", Boolean.toString(o.reduceOnly))
                    .field("lastUpdateTime", iso(o.updateTimeMs)).endObject();
            }
        }
        return json.endArray().field("serverTime", iso(nowMs)).endObject().toString();
    }

    /** The documented open positions: side, symbol, price, fillTime, size (positive), unrealizedFunding, pnlCurrency. */
    private String openPositionsRest(final long nowMs)
    {
        final JsonText json = new JsonText(1024).beginObject().field("result", "success").name("openPositions").beginArray();
        for (final Market market : markets.values())
        {
            final SimAccount.Position p = account.position(market.symbol());
            if (p.qty().signum() != 0)
            {
                json.beginObject().field("side", p.qty().signum() > 0 ? "long" : "short").field("symbol", market.symbol())
                    .rawField("price", num(p.entryPrice())).field("fillTime", iso(nowMs)).rawField("size", num(p.qty().abs()))
                    .rawField("unrealizedFunding", "0").field("pnlCurrency", "USD").endObject();
            }
        }
        return json.endArray().field("serverTime", iso(nowMs)).endObject().toString();
    }

    /**
     * Orders by {@code orderIds} / {@code cliOrdIds} (docs.kraken.com/api-reference/order-management/get-specific-orders-status):
     * "orders which are open or were filled/cancelled in the last 5 seconds", each with its {@code order} ({@code type}
     * {@code ORDER}, the documented example's enum beside {@code TRIGGER_ORDER}) and {@code status}; {@code ENTERED_BOOK} is the
     * documented example's value, {@code FULLY_EXECUTED}, {@code CANCELLED} and {@code REJECTED} the gateway's reading of the
     * page's enum, not in the example (an IOC that found nothing is REJECTED).
     */
    private String ordersStatus(final Map<String, List<String>> params, final long nowMs)
    {
        final List<String> ids = new ArrayList<>(params.getOrDefault("orderIds", List.of()));
        for (final String cli : params.getOrDefault("cliOrdIds", List.of()))
        {
            if (orders.containsKey(cli))
            {
                ids.add(uidOf(orders.get(cli)));
            }
        }
        final JsonText json = new JsonText(1024).beginObject().field("result", "success").field("serverTime", iso(nowMs)).name("orders").beginArray();
        for (final String id : ids)
        {
            final SimOrder o = byUid(id);
            if (o == null || !isOpen(o) && nowMs - o.updateTimeMs > ORDER_STATUS_WINDOW_MS)
            {
                continue; // finished more than 5 s ago: no longer answered
            }
            final String status = isOpen(o) ? "ENTERED_BOOK" : "filled".equals(o.status) ? "FULLY_EXECUTED"
                : "iocWouldNotExecute".equals(o.status) ? "REJECTED" : "CANCELLED";
            json.beginObject().name("order").raw(restOrder(o, id, "ORDER", o.executedQty, o.updateTimeMs)).field("status", status)
                .field("updateReason", null).field("error", null).endObject();
        }
        return json.endArray().endObject().toString();
    }

    /** One {@code GET fills} entry in the members of the documented example, {@code cliOrdId} when the order has one. */
    private void rememberRestFill(final long timeMs, final String fillId, final String symbol, final boolean buy, final String orderId,
        final String cliOrdId, final BigDecimal size, final BigDecimal price, final String fillType)
    {
        final JsonText json = new JsonText(320).beginObject().field("fill_id", fillId).field("symbol", symbol).field("side", buy ? "buy" : "sell")
            .field("order_id", orderId == null ? uid() : orderId);
        if (cliOrdId != null)
        {
            json.field("cliOrdId", cliOrdId); // "returned only if the order has a client order id"
        }
        json.rawField("size", num(size)).rawField("price", num(price)).field("fillTime", iso(timeMs)).field("fillType", fillType);
        if (restFills.size() == HISTORY)
        {
            restFills.removeFirst();
        }
        restFills.addLast(new Object[] {timeMs, json.endObject().toString()});
    }

    /**
     * {@code GET fills} (docs.kraken.com/api-reference/historical-data/get-your-fills): the last 100 fills, or the 100 before
     * {@code lastFillTime}, "sorted descending by fillTime".
     */
    private RestReply fills(final Map<String, List<String>> params, final long nowMs)
    {
        long beforeMs = Long.MAX_VALUE;
        if (param(params, "lastFillTime") != null)
        {
            try
            {
                beforeMs = Instant.parse(param(params, "lastFillTime")).toEpochMilli();
            }
            catch (final java.time.format.DateTimeParseException ex)
            {
                return RestReply.ok(error("invalidArgument: lastFillTime", nowMs));
            }
        }
        final JsonText json = new JsonText(4096).beginObject().field("result", "success").name("fills").beginArray();
        int listed = 0;
        for (final java.util.Iterator<Object[]> it = restFills.descendingIterator(); it.hasNext() && listed < FILLS_PAGE; )
        {
            final Object[] fill = it.next();
            if ((Long)fill[0] < beforeMs)
            {
                json.raw((String)fill[1]);
                listed++;
            }
        }
        return RestReply.ok(json.endArray().field("serverTime", iso(nowMs)).endObject().toString());
    }

    /**
     * {@code PUT leveragepreferences} (docs.kraken.com/api-reference/multi-collateral/set-leverage-settings): {@code symbol},
     * and {@code maxLeverage} for isolated margin at that leverage ("When missing, the symbol's margin mode will be set to
     * cross"); answered with the documented {@code {"result":"success","serverTime":..}}. A symbol not traded here is
     * {@code invalidArgument} (the page's "87: Contract does not exist", in its error enum).
     */
    private RestReply leveragePreferences(final Map<String, List<String>> params, final long nowMs)
    {
        final String symbol = param(params, "symbol") == null ? null : param(params, "symbol").toUpperCase(Locale.ROOT);
        if (symbol == null)
        {
            return RestReply.ok(error("requiredArgumentMissing", nowMs));
        }
        if (!markets.containsKey(symbol))
        {
            return RestReply.ok(error("invalidArgument", nowMs));
        }
        final String maxLeverage = param(params, "maxLeverage");
        if (maxLeverage != null)
        {
            final BigDecimal leverage = decimal(maxLeverage);
            if (leverage == null || leverage.signum() <= 0 || leverage.compareTo(BigDecimal.valueOf(50)) > 0)
            {
                return RestReply.ok(error("invalidArgument", nowMs));
            }
            account.leverage(symbol, leverage.setScale(0, RoundingMode.DOWN).max(BigDecimal.ONE).intValue());
        }
        marginModes.put(symbol, maxLeverage == null ? "cross" : "isolated");
        return RestReply.ok(new JsonText(96).beginObject().field("result", "success").field("serverTime", iso(nowMs)).endObject().toString());
    }

    /** The margin mode {@code PUT leveragepreferences} last set for {@code symbol}: "cross", "isolated", or null (tests). */
    public String marginMode(final String symbol)
    {
        return call(() -> marginModes.get(symbol));
    }

    /** The documented get-wallets body with its {@code flex} multi-collateral account (USD collateral only). */
    private String accounts(final long nowNs)
    {
        final long nowMs = nowNs / 1_000_000L;
        final BigDecimal wallet = account.wallet().setScale(USD_SCALE, RoundingMode.HALF_EVEN);
        final BigDecimal pv = portfolioValue(nowNs);
        final BigDecimal im = totalInitialMargin(nowNs);
        final BigDecimal upnl = unrealised(nowNs).setScale(USD_SCALE, RoundingMode.HALF_EVEN);
        return new JsonText(1024).beginObject().name("accounts").beginObject().name("flex").beginObject().field("type", "multiCollateralMarginAccount")
            .name("currencies").beginObject().name("USD").beginObject().rawField("quantity", num(wallet)).rawField("value", num(wallet))
            .rawField("collateral", num(wallet)).rawField("available", num(wallet)).endObject().endObject()
            .rawField("balanceValue", num(wallet)).rawField("portfolioValue", num(pv)).rawField("collateralValue", num(wallet))
            .rawField("initialMargin", num(im)).rawField("initialMarginWithOrders", num(im))
            .rawField("maintenanceMargin", num(totalMaintenanceMargin(nowNs))).rawField("pnl", num(upnl)).rawField("unrealizedFunding", "0")
            .rawField("totalUnrealized", num(upnl)).rawField("totalUnrealizedAsMargin", num(upnl)).rawField("marginEquity", num(pv))
            .rawField("availableMargin", num(pv.subtract(im))).endObject().endObject()
            .field("result", "success").field("serverTime", iso(nowMs)).endObject().toString();
    }

    // ---------------------------------------------------------------- funding and liquidation

    private void settleFunding(final long nowNs)
    {
        final long nowMs = nowNs / 1_000_000L;
        for (final Market market : markets.values())
        {
            while (nowMs >= market.nextSettleMs)
            {
                final long settleMs = market.nextSettleMs;
                market.nextSettleMs += HOUR_MS;
                if (account.position(market.symbol()).qty().signum() == 0)
                {
                    continue;
                }
                final long settleNs = settleMs * 1_000_000L;
                final BigDecimal mark = markOf(market, settleNs);
                final BigDecimal rate = relativeRate(market, settleNs - 1);
                final BigDecimal before = account.wallet();
                final BigDecimal amount = account.settleFunding(market.symbol(), mark, rate, USD_SCALE);
                pushLog(logEntry(settleMs, "funding rate change", market.symbol(), before, account.wallet(), null, mark, null, null, null,
                    absoluteRate(market, settleNs - 1), amount));
                pushAccountState(nowNs);
            }
        }
    }

    /** Runs the funding and ticker cadence now, on the simulator's clock (tests drive time with it). */
    public void markTickNow()
    {
        call(() ->
        {
            onMarkTick(config.clock().nanoTime());
            return null;
        });
    }

    /** The next funding hour of {@code symbol} (epoch ms). */
    public long nextSettlementMs(final String symbol)
    {
        return call(() -> markets.get(symbol).nextSettleMs);
    }

    /** The hourly relative rate settling at {@code settleMs}. */
    public BigDecimal fundingRateAt(final String symbol, final long settleMs)
    {
        return call(() -> relativeRate(markets.get(symbol), settleMs * 1_000_000L - 1));
    }

    /** The mark price funding settles on at {@code settleMs}. */
    public BigDecimal markPriceAt(final String symbol, final long settleMs)
    {
        return call(() -> markOf(markets.get(symbol), settleMs * 1_000_000L));
    }

    /**
     * The mark at which the position of {@code market} is liquidated: where the account's equity
     * ({@link SimAccount#liquidationWallet} plus this position's PnL) meets its maintenance margin,
     * {@code L = (q x entry - W) / (q - |q| x mmr)}; null when flat or out of reach.
     */
    private BigDecimal liquidationPrice(final Market market, final long nowNs)
    {
        final SimAccount.Position p = account.position(market.symbol());
        if (p.qty().signum() == 0)
        {
            return null;
        }
        final BigDecimal wallet = account.liquidationWallet(market.symbol(), s -> markOf(markets.get(s), nowNs));
        final BigDecimal q = p.qty();
        final BigDecimal denominator = q.subtract(q.abs().multiply(SimAccount.MAINTENANCE_RATE));
        final BigDecimal price = q.multiply(p.entryPrice()).subtract(wallet).divide(denominator, market.sim.instrument().priceScale(), RoundingMode.HALF_EVEN);
        return price.signum() > 0 ? price : null;
    }

    /**
     * Moves {@code symbol}'s prices by {@code factor}, its book with them, pushed at once as {@code book} deltas,
     * then liquidates the position when the mark has reached its liquidation price: closed at that price,
     * pushed as a {@code fills} message with {@code fill_type} "liquidation" and an {@code account_log} entry
     * "futures liquidation".
     */
    @Override
    public void shock(final String name, final double factor)
    {
        final String symbol = venueSymbol(name);
        call(() ->
        {
            final Market market = markets.get(symbol);
            final long nowNs = config.clock().nanoTime();
            market.sim.shock(factor, nowNs);
            publishBookChanges(market, nowNs / 1_000_000L);
            final BigDecimal liquidation = liquidationPrice(market, nowNs);
            if (liquidation == null)
            {
                return null;
            }
            final BigDecimal qty = account.position(symbol).qty();
            final BigDecimal before = account.wallet();
            final SimAccount.Fill fill = account.liquidateIfReached(symbol, markOf(market, nowNs), liquidation, market.sim.instrument().priceScale());
            if (fill == null)
            {
                return null;
            }
            final long nowMs = nowNs / 1_000_000L;
            final String fillId = uid();
            final String wsFill = new JsonText(512).beginObject().field("instrument", symbol).field("time", nowMs).rawField("price", num(fill.price()))
                .field("seq", privateSeq++).rawField("buy", Boolean.toString(qty.signum() < 0)).rawField("qty", num(fill.qty()))
                .rawField("remaining_order_qty", "0").field("order_id", uid()).field("fill_id", fillId).field("fill_type", "liquidation")
                .rawField("fee_paid", num(fill.fee())).field("fee_currency", "USD").endObject().toString();
            remember(fills, wsFill);
            rememberRestFill(nowMs, fillId, symbol, qty.signum() < 0, null, null, fill.qty(), fill.price(), "liquidation");
            pushPrivate("fills", "{\"feed\":\"fills\",\"account\":\"" + accountUid + "\",\"fills\":[" + wsFill + "]}");
            pushLog(logEntry(nowMs, "futures liquidation", symbol, before, account.wallet(), fill.price(), markOf(market, nowNs),
                account.wallet().subtract(before).add(fill.fee()), fill.fee(), fillId, null, null));
            pushAccountState(nowNs);
            return null;
        });
    }

    /** The account's flex available margin now (tests). */
    public BigDecimal availableMarginNow()
    {
        return call(() -> availableMargin(config.clock().nanoTime()));
    }
}
