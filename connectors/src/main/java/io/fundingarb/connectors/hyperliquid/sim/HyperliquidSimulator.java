package io.fundingarb.connectors.hyperliquid.sim;

import io.fundingarb.connectors.hyperliquid.HyperliquidSigner;
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
import io.fundingarb.connectors.simulator.SimReplay;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimSession;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.simulator.SimulatorServer;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Hyperliquid perpetuals, the venue's side, on 127.0.0.1, written from the venue's documents
 * (hyperliquid.gitbook.io/hyperliquid-docs, "For developers / API"; the fixtures under
 * {@code src/test/resources/fixtures/hyperliquid} keep the documented examples and name their pages):
 * <ul>
 *   <li>{@code POST /info}: {@code meta}, {@code metaAndAssetCtxs} (Info endpoint / Perpetuals),
 *       {@code clearinghouseState}, {@code userFunding}, {@code openOrders}, {@code orderStatus}
 *       (by oid or cloid), {@code userFills}, {@code l2Book}. Another type is answered as the
 *       venue answers a body it cannot deserialize: HTTP 422, plain text.</li>
 *   <li>{@code POST /exchange}: {@code order} (limit {@code Ioc}, {@code Gtc}, {@code Alo}; reduce-only;
 *       cloid), {@code cancelByCloid}, {@code updateLeverage}, each signed: the signer's address is
 *       recovered from {@code {r, s, v}} ({@link SignerRecovery}) and must be the account's master
 *       address or its API wallet, else {@code {"status":"err","response":"User or API Wallet 0x.. does
 *       not exist."}}; {@code expiresAfter}, when sent, is part of the signed hash and refuses a late action. Nonces (Nonces and API wallets): unique per signer, above the smallest of the
 *       signer's 100 highest, within (now - 2 days, now + 1 day).</li>
 *   <li>WebSocket {@code /ws}: {@code {"method":"subscribe","subscription":{..}}} acked with
 *       {@code subscriptionResponse}; {@code l2Book} (full snapshots, at most 20 levels a side),
 *       {@code activeAssetCtx}, {@code orderUpdates}, {@code userFills} and {@code userFundings}
 *       (first message {@code isSnapshot: true}), {@code userEvents} (channel {@code user}: fills,
 *       funding, liquidation); {@code {"method":"ping"}} → {@code {"channel":"pong"}}. On connect the
 *       venue first sends the text {@code Websocket connection established.} (the Python SDK skips it).</li>
 *   <li>Rate limits (Rate limits and user limits): REST weight 1200 a minute (wall time), over it
 *       HTTP 429; address-based, 10 000 actions plus one per USDC traded (cancels more), over it one
 *       action every 10 s and {@code "Too many cumulative requests sent ..."}.</li>
 *   <li>Funding: every whole hour, on the position's size at the oracle price: {@code usdc = -szi x
 *       oraclePx x rate}, to 6 decimals (USDC). The hourly rate is the scenario funding path's rate
 *       divided by its interval in hours (the bundled history's Hyperliquid rows are hourly already).</li>
 * </ul>
 * Prices are written as the venue writes its floats: no trailing zeros, an integral value with
 * {@code .0} ("105055.0"). Every fault of {@link SimulatorServer} applies; Hyperliquid books carry no
 * sequence, so {@link #skipSequence} changes nothing.
 */
public final class HyperliquidSimulator extends SimulatorServer
{
    /**
     * The demo API wallet's private key: the Python SDK's signing-test key, public by design (it
     * only unlocks the local simulator); the demo's gateway signs with it.
     */
    public static final String DEMO_AGENT_KEY = "0x0123456789012345678901234567890123456789012345678901234567890123";
    /** The demo account's master address (public by design: it only unlocks the local simulator). */
    public static final String DEMO_MASTER_ADDRESS = "0x5e9ee1089755c3435139848e47e6635505d5a13a";
    /** Taker fee at tier 0 (Trading / Fees): 0.045 %. */
    public static final String TAKER_FEE = "0.00045";
    /** At most this many levels a side in an l2Book snapshot (Info endpoint, "L2 book snapshot"). */
    public static final int BOOK_LEVELS = 20;
    /** Minimum order value in USDC (documented error "Order must have minimum value of $10."). */
    public static final BigDecimal MIN_ORDER_VALUE = BigDecimal.TEN;
    /** Perpetual prices: at most this many decimals less szDecimals (Tick and lot size). */
    public static final int MAX_DECIMALS = 6;
    /** Perpetual prices: at most this many significant figures, integers always allowed (Tick and lot size). */
    public static final int MAX_SIGNIFICANT_FIGURES = 5;
    /** Nonces: the venue keeps the 100 highest per signer (Nonces and API wallets). */
    public static final int NONCES_KEPT = 100;
    /** Nonces must be within (now - 2 days, now + 1 day) (Nonces and API wallets). */
    public static final long NONCE_PAST_MS = 2 * 86_400_000L;
    public static final long NONCE_FUTURE_MS = 86_400_000L;
    /** USDC amounts (funding, fees) carry 6 decimals ("usdc":"-3.625312" in the userFunding example). */
    public static final int USDC_SCALE = 6;
    /** REST weight per IP per minute (Rate limits and user limits). */
    public static final int WEIGHT_PER_MINUTE = 1200;
    /** Address-based limits: every address starts with this many actions (Rate limits and user limits). */
    public static final long INITIAL_ACTIONS = 10_000;
    /** Address-based limits: once limited, one action every 10 s. */
    public static final long LIMITED_ACTION_INTERVAL_NS = 10_000_000_000L;
    private static final long HOUR_MS = 3_600_000L;
    private static final int HISTORY = 2_000;
    private static final int PRIVATE_LOG = 512;
    private static final String ESTABLISHED = "Websocket connection established.";
    private static final String UNDESERIALIZABLE = "Failed to deserialize the JSON body into the target type";

    private final Map<String, Market> markets = new LinkedHashMap<>();
    private final List<Market> universe = new ArrayList<>();
    private final String master;
    private final String agent;
    private final SignerRecovery signers;
    private final Map<String, TreeSet<Long>> nonces = new HashMap<>();
    private final ArrayDeque<String> fills = new ArrayDeque<>();
    private final ArrayDeque<String> fundings = new ArrayDeque<>();
    private final ArrayDeque<Funding> fundingLog = new ArrayDeque<>();
    private final ArrayDeque<String> privateLog = new ArrayDeque<>(PRIVATE_LOG);
    private volatile int maxLeverage = 50;
    private volatile int weightPerMinute = WEIGHT_PER_MINUTE;
    private volatile long initialActions = INITIAL_ACTIONS;
    private long weightWindowStartNs = System.nanoTime();
    private int weightUsed;
    private long actionsUsed;
    private long cancelsUsed;
    private BigDecimal volumeTraded = BigDecimal.ZERO;
    private long lastLimitedActionNs = Long.MIN_VALUE / 2;
    private long nextOid;
    private long nextTid;
    private long nextLid = 1;
    private final HyperliquidReplay replay;

    /** Per coin: the synthetic market, its asset index and size decimals, the next funding hour. */
    private static final class Market
    {
        final SimMarket sim;
        final int asset;
        final int szDecimals;
        long nextSettleMs;

        Market(final SimMarket sim, final int asset)
        {
            this.sim = sim;
            this.asset = asset;
            this.szDecimals = sim.instrument().qtyScale();
        }

        String coin()
        {
            return sim.instrument().symbol();
        }
    }

    /** One funding payment as {@code userFunding} lists it. */
    private record Funding(long timeMs, String coin, String usdc, String szi, String fundingRate)
    {
    }

    /**
     * The demo account: {@link #DEMO_MASTER_ADDRESS} trading through the API wallet of
     * {@link #DEMO_AGENT_KEY}, mainnet signatures (source "a"), taker fee 0.045 %, 100 000 USDC,
     * leverage 10.
     */
    public HyperliquidSimulator(final SimScenario scenario, final SimulatorConfig config)
    {
        this(scenario, config, SimAccountConfig.demo(TAKER_FEE), DEMO_MASTER_ADDRESS,
            new HyperliquidSigner(DEMO_AGENT_KEY, HyperliquidSigner.Network.MAINNET).address(), new L1ActionSignatures(HyperliquidSigner.Network.MAINNET));
    }

    /**
     * @param masterAddress the account (its address is the {@code user} of info requests and subscriptions)
     * @param agentAddress  the approved API wallet allowed to sign for it (null: only the master signs)
     * @param signers       recovers the signer's address of an action
     */
    public HyperliquidSimulator(
        final SimScenario scenario, final SimulatorConfig config, final SimAccountConfig accountConfig, final String masterAddress,
        final String agentAddress, final SignerRecovery signers)
    {
        super("hyperliquid", scenario, config, new SimAccount(accountConfig, scenario.seed() ^ 0x4871L));
        this.master = masterAddress.toLowerCase(Locale.ROOT);
        this.agent = agentAddress == null ? null : agentAddress.toLowerCase(Locale.ROOT);
        this.signers = signers;
        this.replay = null;
        this.nextOid = 80_000_000_000L + Math.floorMod(scenario.seed(), 1_000_000L) * 1_000L;
        this.nextTid = 900_000_000_000_000L + Math.floorMod(scenario.seed(), 1_000_000L) * 1_000L;
        final long nowNs = config.clock().nanoTime();
        for (final SimInstrument listed : scenario.instruments())
        {
            final SimInstrument instrument = onVenueGrid(listed);
            final Market market = new Market(new SimMarket(scenario, instrument, config.bookLevels(), scenario.seed() ^ 0x4871L, 1), universe.size());
            market.sim.stepBook(nowNs);
            market.sim.book().drain();
            market.nextSettleMs = (nowNs / 1_000_000L / HOUR_MS + 1) * HOUR_MS;
            markets.put(instrument.symbol(), market);
            universe.add(market);
        }
    }

    private HyperliquidSimulator(final HyperliquidReplay replay, final SimulatorConfig config)
    {
        super("hyperliquid", null, config, new SimAccount(SimAccountConfig.demo(TAKER_FEE), 0));
        this.master = DEMO_MASTER_ADDRESS;
        this.agent = null;
        this.signers = HyperliquidSimulator::unwired;
        this.replay = replay;
        replay.attach(this::sessions);
    }

    /**
     * A simulator replaying a recorded session (hftbacktest text lines of {@code l2Book} and
     * {@code trades} frames, e.g. {@code shared/data/feeds/hyperliquid}) instead of a scenario: every
     * recorded frame goes, byte for byte and paced at {@code speed} times the recorded pace (0: as
     * fast as the clients read), to the sessions subscribed to its channel and coin; a late
     * {@code l2Book} subscriber first receives the last book sent. The order side has no markets.
     */
    public static HyperliquidSimulator replaying(final List<java.nio.file.Path> files, final SimulatorConfig config, final double speed)
    {
        return new HyperliquidSimulator(new HyperliquidReplay(io.fundingarb.connectors.simulator.SimRecording.load(files, r -> true), speed), config);
    }

    private static String unwired(
        final Object action, final long nonce, final String vault, final long expiresAfterMs, final String r, final String s, final int v)
    {
        return null;
    }

    @Override
    public HyperliquidSimulator start()
    {
        super.start();
        return this;
    }

    @Override
    protected SimReplay replay()
    {
        return replay;
    }

    /** {@code ws://127.0.0.1:p/ws}. */
    public String wsUrl()
    {
        return wsBaseUrl() + "/ws";
    }

    /** The account's master address (lower case): the {@code user} of its info requests and subscriptions. */
    public String masterAddress()
    {
        return master;
    }

    /** The highest leverage {@code updateLeverage} accepts and {@code meta} lists (50 unless set). */
    public HyperliquidSimulator maxLeverage(final int leverage)
    {
        maxLeverage = leverage;
        return this;
    }

    /**
     * The REST weight allowed per minute (the venue's 1200 unless set) and the actions an address
     * starts with (10 000 unless set): tests lower them to reach the limits.
     */
    public HyperliquidSimulator rateLimits(final int weightPerMinute, final long initialActions)
    {
        this.weightPerMinute = weightPerMinute;
        this.initialActions = initialActions;
        return this;
    }

    @Override
    protected void writeCounters(final JsonText out)
    {
        out.field("nextOid", nextOid).field("nextTid", nextTid).field("nextLid", nextLid);
    }

    @Override
    protected void readCounters(final Object counters)
    {
        nextOid = counter(counters, "nextOid", nextOid);
        nextTid = counter(counters, "nextTid", nextTid);
        nextLid = counter(counters, "nextLid", nextLid);
    }

    @Override
    protected SimMarket simMarket(final String symbol)
    {
        return markets.get(symbol).sim;
    }

    // ---------------------------------------------------------------- numbers as the venue writes them

    /** A decimal as the venue writes its floats: plain, no trailing zeros, integral values with ".0". */
    static String num(final BigDecimal value)
    {
        final String text = value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
        return text.indexOf('.') < 0 ? text + ".0" : text;
    }

    /** A price valid on a perpetual of {@code szDecimals}: integral at 5 digits and above, else 5 significant figures, at most 6 - szDecimals decimals. */
    static BigDecimal price(final double value, final int szDecimals)
    {
        BigDecimal p = BigDecimal.valueOf(value);
        p = p.precision() - p.scale() >= MAX_SIGNIFICANT_FIGURES ? p.setScale(0, RoundingMode.HALF_EVEN)
            : p.round(new MathContext(MAX_SIGNIFICANT_FIGURES, RoundingMode.HALF_EVEN));
        return p.scale() > MAX_DECIMALS - szDecimals ? p.setScale(MAX_DECIMALS - szDecimals, RoundingMode.HALF_EVEN) : p;
    }

    /**
     * {@code listed} with the tick Hyperliquid's price rule gives its initial mid: the fifth
     * significant figure (1 at 65 000, 0.1 at 3 000), never finer than {@code 6 - szDecimals}
     * decimals; the book then shows only prices the venue could show. Hyperliquid publishes no tick.
     */
    static SimInstrument onVenueGrid(final SimInstrument listed)
    {
        final int szDecimals = listed.qtyScale();
        final BigDecimal mid = listed.initialMid();
        final int exponent = Math.max(mid.precision() - mid.scale() - MAX_SIGNIFICANT_FIGURES, -(MAX_DECIMALS - szDecimals));
        final BigDecimal tick = BigDecimal.ONE.scaleByPowerOfTen(exponent);
        return new SimInstrument(listed.symbol(), listed.base(), listed.quote(), tick.setScale(Math.max(0, -exponent)), listed.lotSize(),
            MIN_ORDER_VALUE, mid);
    }

    /** Whether {@code p} is a valid perpetual price (Tick and lot size: integers always, else at most 5 significant figures and 6 - szDecimals decimals). */
    static boolean validPrice(final BigDecimal p, final int szDecimals)
    {
        if (p.signum() <= 0)
        {
            return false;
        }
        final BigDecimal s = p.stripTrailingZeros();
        return s.scale() <= 0 || (s.scale() <= MAX_DECIMALS - szDecimals && s.precision() <= MAX_SIGNIFICANT_FIGURES);
    }

    /** Whether {@code size} is a valid size: positive, at most {@code szDecimals} decimals. */
    static boolean validSize(final BigDecimal size, final int szDecimals)
    {
        return size.signum() > 0 && size.stripTrailingZeros().scale() <= szDecimals;
    }

    private BigDecimal markOf(final Market market, final long nowNs)
    {
        return price(market.sim.mark(nowNs), market.szDecimals);
    }

    private BigDecimal oracleOf(final Market market, final long nowNs)
    {
        return price(market.sim.index(nowNs), market.szDecimals);
    }

    /** The hourly rate shown at {@code nowMs}: the path's rate per its interval, per hour. */
    private static BigDecimal hourlyRate(final Market market, final long nowMs)
    {
        final FundingPath.Current current = market.sim.funding(nowMs);
        return current.rate().divide(BigDecimal.valueOf(current.intervalHours()), 12, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    private String px(final Market market, final long ticks)
    {
        return num(new BigDecimal(market.sim.instrument().price(ticks)));
    }

    private String sz(final Market market, final long lots)
    {
        return num(new BigDecimal(market.sim.instrument().size(lots)));
    }

    // ---------------------------------------------------------------- WebSocket

    @Override
    protected boolean isWebSocketPath(final String path)
    {
        return "/ws".equals(path);
    }

    @Override
    protected void onOpen(final SimSession session, final QueryStringDecoder uri)
    {
        session.send(ESTABLISHED);
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
            session.send(wsError("Error parsing JSON into valid websocket request: " + text));
            return;
        }
        final String method = JsonTree.text(message, "method");
        if ("ping".equals(method))
        {
            session.send("{\"channel\":\"pong\"}");
            return;
        }
        final Object subscription = JsonTree.get(message, "subscription");
        final String topic = topicOf(subscription);
        if (!("subscribe".equals(method) || "unsubscribe".equals(method)) || topic == null)
        {
            session.send(wsError("Error parsing JSON into valid websocket request: " + text));
            return;
        }
        final String ack = new JsonText(256).beginObject().field("channel", "subscriptionResponse").name("data").beginObject()
            .field("method", method).name("subscription").raw(jsonOf(subscription)).endObject().endObject().toString();
        if ("unsubscribe".equals(method))
        {
            session.topics().remove(topic);
            session.send(ack);
            return;
        }
        if (topic.indexOf(':') > 0 && topic.startsWith("0x", topic.indexOf(':') + 1) && !admitPrivate(session))
        {
            return;
        }
        session.topics().add(topic);
        session.send(ack);
        if (replay != null)
        {
            replay.onSubscribed(session, topic);
            return;
        }
        final long nowNs = config.clock().nanoTime();
        final String type = JsonTree.text(subscription, "type");
        final Market market = markets.get(String.valueOf(JsonTree.text(subscription, "coin")));
        switch (type)
        {
            case "l2Book" -> session.send(l2Book(market, nowNs / 1_000_000L));
            case "activeAssetCtx" -> session.send(activeAssetCtx(market, nowNs));
            case "userFills" -> session.send(snapshot("userFills", "fills", topic.endsWith(master) ? fills : new ArrayDeque<>()));
            case "userFundings" -> session.send(snapshot("userFundings", "fundings", topic.endsWith(master) ? fundings : new ArrayDeque<>()));
            default ->
            {
                // orderUpdates and userEvents stream from now on
            }
        }
    }

    /** The topic a subscription object names: {@code type:coin} or {@code type:user}; null for what the simulator does not serve. */
    private String topicOf(final Object subscription)
    {
        final String type = JsonTree.text(subscription, "type");
        if (type == null)
        {
            return null;
        }
        return switch (type)
        {
            case "l2Book", "activeAssetCtx" -> replay != null || markets.containsKey(String.valueOf(JsonTree.text(subscription, "coin")))
                ? type + ":" + JsonTree.text(subscription, "coin") : null;
            case "trades" -> replay != null && JsonTree.text(subscription, "coin") != null ? "trades:" + JsonTree.text(subscription, "coin") : null;
            case "orderUpdates", "userFills", "userFundings", "userEvents" -> JsonTree.text(subscription, "user") == null ? null
                : type + ":" + JsonTree.text(subscription, "user").toLowerCase(Locale.ROOT);
            default -> null;
        };
    }

    private static String wsError(final String message)
    {
        return new JsonText(256).beginObject().field("channel", "error").field("data", message).endObject().toString();
    }

    private String snapshot(final String channel, final String member, final ArrayDeque<String> items)
    {
        final StringBuilder data = new StringBuilder(256).append("{\"isSnapshot\":true,\"user\":\"").append(master).append("\",\"")
            .append(member).append("\":[");
        final java.util.Iterator<String> newestLast = items.descendingIterator();
        boolean first = true;
        while (newestLast.hasNext())
        {
            data.append(first ? "" : ",").append(newestLast.next());
            first = false;
        }
        return "{\"channel\":\"" + channel + "\",\"data\":" + data.append("]}") + "}";
    }

    /** JSON text of a value {@code JsonTree} parsed: {@link JsonText#of}. */
    static String jsonOf(final Object value)
    {
        return JsonText.of(value);
    }

    @Override
    protected void onMarkTick(final long nowNs)
    {
        if (replay != null)
        {
            return;
        }
        settleFunding(nowNs / 1_000_000L);
        for (final Market market : universe)
        {
            final String topic = "activeAssetCtx:" + market.coin();
            if (hasSubscriber(topic))
            {
                publish(topic, activeAssetCtx(market, nowNs));
            }
        }
    }

    @Override
    protected void onDepthTick(final long nowNs)
    {
        if (replay != null)
        {
            return;
        }
        for (final Market market : universe)
        {
            final int updates = 1 + market.sim.random().nextInt(3);
            for (int i = 0; i < updates; i++)
            {
                market.sim.stepBook(nowNs);
            }
            publishDepth(market, nowNs / 1_000_000L);
        }
    }

    /** The whole book on {@code l2Book} to its subscribers, when it changed since the last push. */
    private void publishDepth(final Market market, final long nowMs)
    {
        if (market.sim.book().drain() == null)
        {
            return;
        }
        final String topic = "l2Book:" + market.coin();
        if (hasSubscriber(topic))
        {
            publish(topic, l2Book(market, nowMs));
        }
    }

    /** {@code {"channel":"l2Book","data":WsBook}}: the whole book, at most 20 levels a side. */
    private String l2Book(final Market market, final long nowMs)
    {
        return "{\"channel\":\"l2Book\",\"data\":" + book(market, nowMs) + "}";
    }

    private String book(final Market market, final long nowMs)
    {
        final JsonText json = new JsonText(2048).beginObject().field("coin", market.coin()).name("levels").beginArray().beginArray();
        levels(json, market, market.sim.book().bids(BOOK_LEVELS));
        json.endArray().beginArray();
        levels(json, market, market.sim.book().asks(BOOK_LEVELS));
        return json.endArray().endArray().field("time", nowMs).endObject().toString();
    }

    private void levels(final JsonText json, final Market market, final List<SimBook.Level> levels)
    {
        for (final SimBook.Level l : levels)
        {
            json.beginObject().field("px", px(market, l.priceTicks())).field("sz", sz(market, l.lots()))
                .field("n", 1 + Math.floorMod(l.priceTicks() * 31 + l.lots(), 9)).endObject();
        }
    }

    /** {@code {"channel":"activeAssetCtx","data":{"coin":..,"ctx":..}}}, the ctx in the members of metaAndAssetCtxs. */
    private String activeAssetCtx(final Market market, final long nowNs)
    {
        final JsonText json = new JsonText(512).beginObject().field("channel", "activeAssetCtx").name("data").beginObject()
            .field("coin", market.coin()).name("ctx");
        assetCtx(json, market, nowNs);
        return json.endObject().endObject().toString();
    }

    /** One asset context in the members of the documented metaAndAssetCtxs example. */
    private void assetCtx(final JsonText json, final Market market, final long nowNs)
    {
        final SimInstrument in = market.sim.instrument();
        final BigDecimal mark = markOf(market, nowNs);
        final BigDecimal oracle = oracleOf(market, nowNs);
        final BigDecimal bid = new BigDecimal(in.price(market.sim.book().bestBid().priceTicks()));
        final BigDecimal ask = new BigDecimal(in.price(market.sim.book().bestAsk().priceTicks()));
        final double base = 2.0e8 / in.initialMid().doubleValue();
        json.beginObject()
            .field("dayNtlVlm", num(BigDecimal.valueOf(base * mark.doubleValue()).setScale(USDC_SCALE, RoundingMode.HALF_EVEN)))
            .field("funding", num(hourlyRate(market, nowNs / 1_000_000L)))
            .name("impactPxs").beginArray().string(num(bid)).string(num(ask)).endArray()
            .field("markPx", num(mark))
            .field("midPx", num(price((bid.doubleValue() + ask.doubleValue()) / 2, market.szDecimals)))
            .field("openInterest", num(BigDecimal.valueOf(base * 0.4).setScale(market.szDecimals, RoundingMode.HALF_EVEN)))
            .field("oraclePx", num(oracle))
            .field("premium", num(mark.subtract(oracle).divide(oracle, 8, RoundingMode.HALF_EVEN)))
            .field("prevDayPx", num(price(market.sim.venueMid(nowNs - 86_400_000_000_000L), market.szDecimals)))
            .endObject();
    }

    @Override
    protected String malformedFrame()
    {
        if (replay != null)
        {
            return "{\"channel\":\"l2Book\",\"data\":{\"coin\":\"BTC\",\"levels\":[[{\"n\":5,\"px\":\"105";
        }
        return "{\"channel\":\"l2Book\",\"data\":{\"coin\":\"" + universe.get(0).coin() + "\",\"levels\":[[{\"px\":\"1";
    }

    /** Hyperliquid books are full snapshots without a sequence: nothing to break. */
    @Override
    protected void onSkipSequence(final String symbol)
    {
    }

    private void pushPrivate(final String type, final String channel, final String data)
    {
        final String text = "{\"channel\":\"" + channel + "\",\"data\":" + data + "}";
        if (privateLog.size() == PRIVATE_LOG)
        {
            privateLog.removeFirst();
        }
        privateLog.addLast(text);
        publish(type + ":" + master, text);
    }

    /** The private-stream messages pushed so far (the last 512), oldest first (tests). */
    public List<String> privateEvents()
    {
        return call(() -> List.copyOf(privateLog));
    }

    // ---------------------------------------------------------------- REST

    /** Answers {@code body} POSTed to {@code path} as the venue would, without a socket (tests). */
    public RestReply post(final String path, final String body)
    {
        return call(() -> onRest(HttpMethod.POST, new QueryStringDecoder(path), null, body));
    }

    @Override
    protected RestReply onRest(final HttpMethod method, final QueryStringDecoder uri, final HttpHeaders headers, final String body)
    {
        if (!HttpMethod.POST.equals(method) || !("/info".equals(uri.path()) || "/exchange".equals(uri.path())))
        {
            return null;
        }
        final Object request;
        try
        {
            request = JsonTree.parse(body);
        }
        catch (final RuntimeException ex)
        {
            return undeserializable();
        }
        if (!admitWeight(weightOf(uri.path(), request)))
        {
            return errorReply(429, "rate limited"); // the pages give the limits, not the body: the status is what clients act on
        }
        final long nowNs = config.clock().nanoTime();
        return "/info".equals(uri.path()) ? info(request, nowNs) : exchange(request, nowNs);
    }

    /**
     * A request's weight (Rate limits and user limits): an action {@code 1 + floor(batch / 40)};
     * {@code l2Book}, {@code clearinghouseState}, {@code orderStatus} 2; other info requests 20 (the
     * per-20-items surcharge of {@code userFills} and {@code userFunding} is left out).
     */
    private static int weightOf(final String path, final Object request)
    {
        if ("/exchange".equals(path))
        {
            final Object action = JsonTree.get(request, "action");
            final int batch = Math.max(JsonTree.list(JsonTree.get(action, "orders")).size(), JsonTree.list(JsonTree.get(action, "cancels")).size());
            return 1 + batch / 40;
        }
        final String type = String.valueOf(JsonTree.text(request, "type"));
        return "l2Book".equals(type) || "clearinghouseState".equals(type) || "orderStatus".equals(type) || "allMids".equals(type) ? 2 : 20;
    }

    /** Takes {@code weight} from this minute's budget (wall time: the limit is on the client's real pace); false when it is spent. */
    private boolean admitWeight(final int weight)
    {
        final long nowNs = System.nanoTime();
        if (nowNs - weightWindowStartNs >= 60_000_000_000L)
        {
            weightWindowStartNs = nowNs;
            weightUsed = 0;
        }
        if (weightUsed + weight > weightPerMinute)
        {
            return false;
        }
        weightUsed += weight;
        return true;
    }

    /**
     * The address-based limit (Rate limits and user limits): {@code initialActions} plus one action
     * per USDC traded; a batch of n counts n; cancels may go to {@code min(limit + 100000, limit x 2)};
     * a limited address gets one action every 10 s. Null when admitted, else the refusal's text.
     */
    private String admitActions(final String type, final int count)
    {
        final long limit = initialActions + volumeTraded.longValue();
        final boolean cancel = "cancelByCloid".equals(type);
        final long used = cancel ? cancelsUsed : actionsUsed;
        final long allowed = cancel ? Math.min(limit + 100_000, limit * 2) : limit;
        if (used + count > allowed)
        {
            final long nowNs = System.nanoTime();
            if (nowNs - lastLimitedActionNs < LIMITED_ACTION_INTERVAL_NS)
            {
                // the venue's text as client libraries record it (the pages do not print it)
                return "Too many cumulative requests sent (" + (used + count) + " > " + allowed + ") for cumulative volume traded $"
                    + volumeTraded.setScale(2, RoundingMode.DOWN).toPlainString() + ". Place taker orders to free up 1 request per USDC traded.";
            }
            lastLimitedActionNs = nowNs;
        }
        if (cancel)
        {
            cancelsUsed += count;
        }
        else
        {
            actionsUsed += count;
        }
        return null;
    }

    /** The venue's answer to a body it cannot deserialize (an unknown type, a missing member): HTTP 422, plain text. */
    private static RestReply undeserializable()
    {
        return RestReply.of(422, UNDESERIALIZABLE).withHeaders(Map.of("Content-Type", "text/plain; charset=utf-8"));
    }

    @Override
    protected RestReply errorReply(final int status, final String message)
    {
        return RestReply.of(status, new JsonText(128).string(message).toString());
    }

    private RestReply info(final Object request, final long nowNs)
    {
        final String type = String.valueOf(JsonTree.text(request, "type"));
        if (replay != null)
        {
            return "meta".equals(type) ? RestReply.ok(replay.meta())
                : "metaAndAssetCtxs".equals(type) ? RestReply.ok(replay.metaAndAssetCtxs()) : undeserializable();
        }
        final String user = JsonTree.text(request, "user");
        final boolean mine = user != null && master.equals(user.toLowerCase(Locale.ROOT));
        return switch (type)
        {
            case "meta" -> RestReply.ok(meta(true));
            case "metaAndAssetCtxs" -> RestReply.ok(metaAndAssetCtxs(nowNs));
            case "clearinghouseState" -> user == null ? undeserializable() : RestReply.ok(clearinghouseState(mine, nowNs));
            case "openOrders" -> user == null ? undeserializable() : RestReply.ok(openOrders(mine));
            case "orderStatus" -> user == null ? undeserializable() : RestReply.ok(orderStatus(mine, JsonTree.get(request, "oid")));
            case "userFills" -> user == null ? undeserializable() : RestReply.ok(mine ? "[" + String.join(",", fills) + "]" : "[]");
            case "userFunding" -> user == null ? undeserializable() : RestReply.ok(userFunding(mine, request, nowNs));
            case "l2Book" -> markets.containsKey(String.valueOf(JsonTree.text(request, "coin")))
                ? RestReply.ok(book(markets.get(JsonTree.text(request, "coin")), nowNs / 1_000_000L)) : RestReply.ok("null");
            default -> undeserializable();
        };
    }

    /** {@code meta}: the universe (name, szDecimals, maxLeverage) and, with {@code marginTables}, one single-tier table. */
    private String meta(final boolean marginTables)
    {
        final JsonText json = new JsonText(1024).beginObject().name("universe").beginArray();
        for (final Market market : universe)
        {
            json.beginObject().field("name", market.coin()).field("szDecimals", market.szDecimals).field("maxLeverage", maxLeverage).endObject();
        }
        json.endArray();
        if (marginTables)
        {
            json.name("marginTables").beginArray().beginArray().number(maxLeverage).beginObject().field("description", "")
                .name("marginTiers").beginArray().beginObject().field("lowerBound", "0.0").field("maxLeverage", maxLeverage).endObject()
                .endArray().endObject().endArray().endArray();
        }
        return json.endObject().toString();
    }

    private String metaAndAssetCtxs(final long nowNs)
    {
        final JsonText json = new JsonText(4096).beginArray().raw(meta(false)).beginArray();
        universe.forEach(market -> assetCtx(json, market, nowNs));
        return json.endArray().endArray().toString();
    }

    /** The perpetuals account summary in the members of the documented example ("Retrieve user's perpetuals account summary"). */
    private String clearinghouseState(final boolean mine, final long nowNs)
    {
        BigDecimal upnl = BigDecimal.ZERO;
        BigDecimal ntl = BigDecimal.ZERO;
        BigDecimal signedNtl = BigDecimal.ZERO;
        BigDecimal marginUsed = BigDecimal.ZERO;
        BigDecimal crossNtl = BigDecimal.ZERO;
        BigDecimal crossSignedNtl = BigDecimal.ZERO;
        BigDecimal crossMarginUsed = BigDecimal.ZERO;
        BigDecimal crossMaintenance = BigDecimal.ZERO;
        final JsonText positions = new JsonText(1024).beginArray();
        for (final Market market : mine ? universe : List.<Market>of())
        {
            final SimAccount.Position p = account.position(market.coin());
            if (p.qty().signum() == 0)
            {
                continue;
            }
            final BigDecimal mark = markOf(market, nowNs);
            final BigDecimal value = p.qty().abs().multiply(mark);
            final BigDecimal pnl = p.qty().multiply(mark.subtract(p.entryPrice()));
            final int leverage = account.leverage(market.coin());
            final BigDecimal margin = value.divide(BigDecimal.valueOf(leverage), USDC_SCALE, RoundingMode.HALF_UP);
            final boolean isolated = account.isolated(market.coin());
            upnl = upnl.add(pnl);
            ntl = ntl.add(value);
            signedNtl = signedNtl.add(p.qty().multiply(mark));
            marginUsed = marginUsed.add(margin);
            if (!isolated)
            {
                crossNtl = crossNtl.add(value);
                crossSignedNtl = crossSignedNtl.add(p.qty().multiply(mark));
                crossMarginUsed = crossMarginUsed.add(margin);
                crossMaintenance = crossMaintenance.add(value.multiply(maintenanceRate()));
            }
            final BigDecimal liquidation = liquidationPrice(market, nowNs);
            positions.beginObject().name("position").beginObject()
                .field("coin", market.coin())
                .name("cumFunding").beginObject().field("allTime", "0.0").field("sinceChange", "0.0").field("sinceOpen", "0.0").endObject()
                .field("entryPx", num(p.entryPrice().setScale(Math.max(0, MAX_DECIMALS - market.szDecimals), RoundingMode.HALF_EVEN)))
                .name("leverage").beginObject();
            if (isolated)
            {
                positions.field("rawUsd", num(margin.subtract(p.qty().multiply(p.entryPrice())).setScale(USDC_SCALE, RoundingMode.HALF_EVEN)));
            }
            positions.field("type", isolated ? "isolated" : "cross").field("value", leverage).endObject()
                .field("liquidationPx", liquidation == null ? null : num(liquidation))
                .field("marginUsed", num(margin))
                .field("maxLeverage", maxLeverage)
                .field("positionValue", num(value.setScale(USDC_SCALE, RoundingMode.HALF_EVEN)))
                .field("returnOnEquity", num(pnl.divide(margin, 7, RoundingMode.HALF_EVEN)))
                .field("szi", num(p.qty()))
                .field("unrealizedPnl", num(pnl.setScale(USDC_SCALE, RoundingMode.HALF_EVEN)))
                .endObject().field("type", "oneWay").endObject();
        }
        positions.endArray();
        final BigDecimal wallet = mine ? account.wallet() : BigDecimal.ZERO;
        final BigDecimal accountValue = wallet.add(upnl);
        final JsonText json = new JsonText(2048).beginObject().name("assetPositions").raw(positions.toString())
            .field("crossMaintenanceMarginUsed", usdc(crossMaintenance)).name("crossMarginSummary");
        summary(json, accountValue, crossMarginUsed, crossNtl, accountValue.subtract(crossSignedNtl));
        json.name("marginSummary");
        summary(json, accountValue, marginUsed, ntl, accountValue.subtract(signedNtl));
        return json.field("time", nowNs / 1_000_000L).field("withdrawable", usdc(accountValue.subtract(marginUsed).max(BigDecimal.ZERO)))
            .endObject().toString();
    }

    private static void summary(final JsonText json, final BigDecimal accountValue, final BigDecimal marginUsed, final BigDecimal ntl, final BigDecimal rawUsd)
    {
        json.beginObject().field("accountValue", usdc(accountValue)).field("totalMarginUsed", usdc(marginUsed))
            .field("totalNtlPos", usdc(ntl)).field("totalRawUsd", usdc(rawUsd)).endObject();
    }

    private static String usdc(final BigDecimal amount)
    {
        return num(amount.setScale(USDC_SCALE, RoundingMode.HALF_EVEN));
    }

    /** Maintenance margin rate: half the initial margin at maximum leverage (Trading / Liquidations). */
    private BigDecimal maintenanceRate()
    {
        return BigDecimal.ONE.divide(BigDecimal.valueOf(2L * maxLeverage), 12, RoundingMode.HALF_EVEN);
    }

    /**
     * The liquidation price as Trading / Liquidations gives it: {@code price - side x margin_available /
     * position_size / (1 - l x side)}, {@code l} = 1 / (2 x max leverage), {@code margin_available} the
     * account value (cross) or the isolated margin, less the maintenance margin; at the mark. Null when
     * flat or when no positive price liquidates the position.
     */
    BigDecimal liquidationPrice(final Market market, final long nowNs)
    {
        final SimAccount.Position p = account.position(market.coin());
        if (p.qty().signum() == 0)
        {
            return null;
        }
        final BigDecimal mark = markOf(market, nowNs);
        final BigDecimal size = p.qty().abs();
        final BigDecimal side = BigDecimal.valueOf(p.qty().signum());
        final BigDecimal maintenance = size.multiply(mark).multiply(maintenanceRate());
        final BigDecimal equity = account.isolated(market.coin()) ? account.margin(market.coin()).add(p.qty().multiply(mark.subtract(p.entryPrice())))
            : account.wallet().add(unrealised(nowNs));
        final BigDecimal available = equity.subtract(maintenance);
        final BigDecimal denominator = BigDecimal.ONE.subtract(maintenanceRate().multiply(side));
        final BigDecimal liquidation = mark.subtract(side.multiply(available).divide(size, 12, RoundingMode.HALF_EVEN)
            .divide(denominator, 12, RoundingMode.HALF_EVEN));
        return liquidation.signum() > 0 ? price(liquidation.doubleValue(), market.szDecimals) : null;
    }

    private BigDecimal unrealised(final long nowNs)
    {
        BigDecimal sum = BigDecimal.ZERO;
        for (final Market market : universe)
        {
            final SimAccount.Position p = account.position(market.coin());
            if (p.qty().signum() != 0)
            {
                sum = sum.add(p.qty().multiply(markOf(market, nowNs).subtract(p.entryPrice())));
            }
        }
        return sum;
    }

    private String openOrders(final boolean mine)
    {
        final JsonText json = new JsonText(1024).beginArray();
        if (mine)
        {
            orders.values().stream().filter(o -> "open".equals(o.status)).sorted(java.util.Comparator.comparingLong(o -> o.orderId))
                .forEach(o -> json.beginObject().field("coin", o.symbol).field("limitPx", num(o.price)).field("oid", o.orderId)
                    .field("side", o.buy ? "B" : "A").field("sz", num(o.leavesQty())).field("timestamp", o.createTimeMs).endObject());
        }
        return json.endArray().toString();
    }

    /** "Query order status by oid or cloid": the order in the documented members, or {@code {"status":"unknownOid"}}. */
    private String orderStatus(final boolean mine, final Object oid)
    {
        final SimOrder o = !mine ? null : oid instanceof BigDecimal ? byOid(((BigDecimal)oid).longValue())
            : oid instanceof String ? orders.get(((String)oid).toLowerCase(Locale.ROOT)) : null;
        if (o == null)
        {
            return "{\"status\":\"unknownOid\"}";
        }
        return new JsonText(768).beginObject().field("status", "order").name("order").beginObject().name("order").beginObject()
            .field("coin", o.symbol).field("side", o.buy ? "B" : "A").field("limitPx", num(o.price)).field("sz", num(o.leavesQty()))
            .field("oid", o.orderId).field("timestamp", o.createTimeMs).field("triggerCondition", "N/A").rawField("isTrigger", "false")
            .field("triggerPx", "0.0").name("children").beginArray().endArray().rawField("isPositionTpsl", "false")
            .rawField("reduceOnly", Boolean.toString(o.reduceOnly)).field("orderType", "Limit").field("origSz", num(o.qty))
            .field("tif", o.timeInForce).field("cloid", o.clientId.startsWith("0x") ? o.clientId : null).endObject()
            .field("status", o.status).field("statusTimestamp", o.updateTimeMs).endObject().endObject().toString();
    }

    private String userFunding(final boolean mine, final Object request, final long nowNs)
    {
        final String start = JsonTree.text(request, "startTime");
        final String end = JsonTree.text(request, "endTime");
        final long fromMs = start == null ? 0 : Long.parseLong(start);
        final long toMs = end == null ? nowNs / 1_000_000L : Long.parseLong(end);
        final JsonText json = new JsonText(1024).beginArray();
        for (final Funding f : mine ? fundingLog : new ArrayDeque<Funding>())
        {
            if (f.timeMs() >= fromMs && f.timeMs() <= toMs)
            {
                json.beginObject().name("delta").beginObject().field("coin", f.coin()).field("fundingRate", f.fundingRate()).field("szi", f.szi())
                    .field("type", "funding").field("usdc", f.usdc()).endObject().field("hash", hash(f.timeMs() * 31 + f.coin().hashCode()))
                    .field("time", f.timeMs()).endObject();
            }
        }
        return json.endArray().toString();
    }

    private static String hash(final long seed)
    {
        final java.util.Random random = new java.util.Random(seed);
        final StringBuilder hex = new StringBuilder(66).append("0x");
        for (int i = 0; i < 4; i++)
        {
            hex.append(String.format("%016x", random.nextLong()));
        }
        return hex.toString();
    }

    // ---------------------------------------------------------------- exchange

    private static RestReply err(final String message)
    {
        return RestReply.ok(new JsonText(256).beginObject().field("status", "err").field("response", message).endObject().toString());
    }

    private RestReply exchange(final Object request, final long nowNs)
    {
        final Object action = JsonTree.get(request, "action");
        final String type = JsonTree.text(action, "type");
        final String nonceText = JsonTree.text(request, "nonce");
        final Object signature = JsonTree.get(request, "signature");
        final String v = JsonTree.text(signature, "v");
        if (type == null || nonceText == null || signature == null || v == null || JsonTree.text(signature, "r") == null
            || !("order".equals(type) || "cancelByCloid".equals(type) || "updateLeverage".equals(type)))
        {
            return undeserializable();
        }
        final long nonce = Long.parseLong(nonceText);
        final String vault = JsonTree.text(request, "vaultAddress");
        final String expiresText = JsonTree.text(request, "expiresAfter");
        final long expiresAfterMs = expiresText == null ? 0 : Long.parseLong(expiresText);
        final String recovered = signers.recover(action, nonce, vault, expiresAfterMs, JsonTree.text(signature, "r"), JsonTree.text(signature, "s"),
            Integer.parseInt(v));
        final String signer = recovered == null ? null : recovered.toLowerCase(Locale.ROOT);
        if (signer == null || !(signer.equals(master) || signer.equals(agent)))
        {
            return err("User or API Wallet " + (signer == null ? "0x0000000000000000000000000000000000000000" : signer) + " does not exist.");
        }
        // the window (expiresAfter - nonce) is the client's in wall time: on a compressed clock (the demo) it stretches by its speed
        if (expiresAfterMs != 0 && nowNs / 1_000_000L > nonce + (long)((expiresAfterMs - nonce) * config.clockSpeed()))
        {
            return err("Action expired: expiresAfter " + expiresAfterMs); // the pages say it is rejected, not with which text
        }
        final String nonceError = useNonce(signer, nonce, nowNs / 1_000_000L);
        if (nonceError != null)
        {
            return err(nonceError);
        }
        final String limited = admitActions(type, Math.max(1, Math.max(JsonTree.list(JsonTree.get(action, "orders")).size(),
            JsonTree.list(JsonTree.get(action, "cancels")).size())));
        if (limited != null)
        {
            return err(limited);
        }
        if ("order".equals(type))
        {
            countOrder();
        }
        return switch (type)
        {
            case "order" -> orders(action, nowNs);
            case "cancelByCloid" -> RestReply.ok(cancelByCloid(action, nowNs / 1_000_000L));
            default -> updateLeverage(action);
        };
    }

    /** Records {@code nonce} for {@code signer}; the venue's error text when it is not acceptable (Nonces and API wallets). */
    private String useNonce(final String signer, final long nonce, final long nowMs)
    {
        final TreeSet<Long> kept = nonces.computeIfAbsent(signer, s -> new TreeSet<>());
        if (kept.contains(nonce))
        {
            return "Invalid nonce: duplicate nonce " + nonce;
        }
        if (nonce <= nowMs - NONCE_PAST_MS || nonce >= nowMs + NONCE_FUTURE_MS || (kept.size() >= NONCES_KEPT && nonce < kept.first()))
        {
            return "Invalid nonce: nonce too low " + nonce;
        }
        kept.add(nonce);
        if (kept.size() > NONCES_KEPT)
        {
            kept.pollFirst();
        }
        return null;
    }

    private RestReply orders(final Object action, final long nowNs)
    {
        final RestReply unapplied = takeUnappliedFailure();
        if (unapplied != null)
        {
            return unapplied;
        }
        final long nowMs = nowNs / 1_000_000L;
        final List<String> statuses = new ArrayList<>();
        final List<Runnable> pushes = new ArrayList<>();
        for (final Object order : JsonTree.list(JsonTree.get(action, "orders")))
        {
            statuses.add(order(order, nowMs, pushes));
        }
        final String body = "{\"status\":\"ok\",\"response\":{\"type\":\"order\",\"data\":{\"statuses\":[" + String.join(",", statuses) + "]}}}";
        later(orderDelayMs(), () -> pushes.forEach(Runnable::run));
        return applied(RestReply.ok(body).delayed(orderDelayMs()));
    }

    private static String statusError(final String message)
    {
        return new JsonText(128).beginObject().field("error", message).endObject().toString();
    }

    /** One order of an {@code order} action: its status object ({@code resting}, {@code filled} or {@code error}). */
    private String order(final Object o, final long nowMs, final List<Runnable> pushes)
    {
        final String assetText = JsonTree.text(o, "a");
        final int asset = assetText == null ? -1 : Integer.parseInt(assetText);
        if (asset < 0 || asset >= universe.size())
        {
            return statusError("Asset " + assetText + " is out of range.");
        }
        final Market market = universe.get(asset);
        final boolean buy = Boolean.TRUE.equals(JsonTree.get(o, "b"));
        final boolean reduceOnly = Boolean.TRUE.equals(JsonTree.get(o, "r"));
        final BigDecimal price = decimal(JsonTree.text(o, "p"));
        final BigDecimal size = decimal(JsonTree.text(o, "s"));
        final String tif = JsonTree.text(JsonTree.get(JsonTree.get(o, "t"), "limit"), "tif");
        final String cloidText = JsonTree.text(o, "c");
        final String cloid = cloidText == null ? null : cloidText.toLowerCase(Locale.ROOT);
        if (price == null || size == null || !("Ioc".equals(tif) || "Gtc".equals(tif) || "Alo".equals(tif)))
        {
            return statusError("Order has invalid price.");
        }
        if (!validPrice(price, market.szDecimals))
        {
            return statusError("Price must be divisible by tick size. asset=" + asset);
        }
        if (!validSize(size, market.szDecimals))
        {
            return statusError("Order has invalid size.");
        }
        if (!reduceOnly && price.multiply(size).compareTo(MIN_ORDER_VALUE) < 0)
        {
            return statusError("Order must have minimum value of $10.");
        }
        final BigDecimal position = account.position(market.coin()).qty();
        if (reduceOnly && (position.signum() == 0 || (position.signum() > 0) == buy))
        {
            return statusError("Reduce only order would increase position. asset=" + asset);
        }
        final Object[] fault = takeRejectFault();
        if (fault != null)
        {
            return statusError((String)fault[1]);
        }
        receivedClientOrderId(cloid);
        if (cloid != null && orders.containsKey(cloid))
        {
            return statusError("Duplicate cloid. asset=" + asset); // not in the documents: the venue's exact text is unknown
        }
        final SimInstrument in = market.sim.instrument();
        final BigDecimal bestAsk = new BigDecimal(in.price(market.sim.book().bestAsk().priceTicks()));
        final BigDecimal bestBid = new BigDecimal(in.price(market.sim.book().bestBid().priceTicks()));
        final boolean crosses = buy ? price.compareTo(bestAsk) >= 0 : price.compareTo(bestBid) <= 0;
        if ("Alo".equals(tif) && crosses)
        {
            return statusError("Post only order would have immediately matched, bbo was " + num(bestBid) + "@" + num(bestAsk) + ". asset=" + asset);
        }
        final long oid = nextOid++;
        final SimOrder order = new SimOrder(oid, cloid != null ? cloid : "#" + oid, market.coin(), buy, false, tif, price, size, reduceOnly);
        order.createTimeMs = nowMs;
        order.updateTimeMs = nowMs;
        final List<SimAccount.Fill> taken = new ArrayList<>();
        if (crosses)
        {
            BigDecimal max = size.multiply(takeFillRatio()).divide(in.lotSize(), 0, RoundingMode.DOWN).multiply(in.lotSize());
            if (reduceOnly)
            {
                max = max.min(position.abs());
            }
            if (max.signum() > 0)
            {
                // the book sits on the instrument's tick grid: the limit as the last tick it reaches
                final BigDecimal limit = price.divide(in.tickSize(), 0, buy ? RoundingMode.FLOOR : RoundingMode.CEILING).multiply(in.tickSize());
                taken.addAll(account.take(market.sim, buy, limit, max));
            }
        }
        if (taken.isEmpty() && "Ioc".equals(tif))
        {
            order.status = "iocCancelRejected";
            remember(order);
            return statusError("Order could not immediately match against any resting orders. asset=" + asset);
        }
        final StringBuilder fillData = new StringBuilder();
        for (final SimAccount.Fill raw : taken)
        {
            final SimAccount.Fill fill = new SimAccount.Fill(raw.price(), raw.qty(), raw.fee().setScale(USDC_SCALE, RoundingMode.HALF_UP), raw.tradeId());
            final String json = fillJson(market, order, fill, nowMs, null);
            order.add(fill);
            account.apply(market.coin(), buy, fill);
            volumeTraded = volumeTraded.add(fill.value());
            fillData.append(fillData.length() == 0 ? "" : ",").append(json);
            rememberFill(json);
        }
        final boolean filled = order.executedQty.compareTo(size) >= 0;
        order.status = filled ? "filled" : "Ioc".equals(tif) ? "canceled" : "open";
        remember(order);
        final String orderUpdate = "[" + wsOrder(order, nowMs) + "]";
        pushes.add(() ->
        {
            if (fillData.length() > 0)
            {
                pushPrivate("userFills", "userFills", "{\"isSnapshot\":false,\"user\":\"" + master + "\",\"fills\":[" + fillData + "]}");
                pushPrivate("userEvents", "user", "{\"fills\":[" + fillData + "]}");
            }
            pushPrivate("orderUpdates", "orderUpdates", orderUpdate);
        });
        if ("open".equals(order.status))
        {
            return "{\"resting\":{\"oid\":" + order.orderId + (cloid != null ? ",\"cloid\":\"" + cloid + "\"" : "") + "}}";
        }
        return new JsonText(128).beginObject().name("filled").beginObject().field("totalSz", num(order.executedQty))
            .field("avgPx", num(order.cumQuote.divide(order.executedQty, MAX_DECIMALS, RoundingMode.HALF_EVEN))).field("oid", order.orderId)
            .endObject().endObject().toString();
    }

    private void remember(final SimOrder order)
    {
        orders.put(order.clientId, order);
    }

    private SimOrder byOid(final long oid)
    {
        for (final SimOrder o : orders.values())
        {
            if (o.orderId == oid)
            {
                return o;
            }
        }
        return null;
    }

    private void rememberFill(final String json)
    {
        if (fills.size() == HISTORY)
        {
            fills.removeLast();
        }
        fills.addFirst(json);
    }

    /** A fill in the members of WsFill / the documented userFills perp fill; {@code liquidation} (a FillLiquidation object) or null. */
    private String fillJson(final Market market, final SimOrder order, final SimAccount.Fill fill, final long nowMs, final String liquidation)
    {
        final SimAccount.Position before = account.position(market.coin());
        final BigDecimal q = before.qty();
        final BigDecimal signed = order.buy ? fill.qty() : fill.qty().negate();
        BigDecimal closedPnl = BigDecimal.ZERO;
        if (q.signum() != 0 && q.signum() != signed.signum())
        {
            closedPnl = q.abs().min(fill.qty()).multiply(fill.price().subtract(before.entryPrice())).multiply(BigDecimal.valueOf(q.signum()));
        }
        final BigDecimal after = q.add(signed);
        final String dir = q.signum() == 0 || q.signum() == signed.signum() ? (order.buy ? "Open Long" : "Open Short")
            : after.signum() == 0 || after.signum() == q.signum() ? (q.signum() > 0 ? "Close Long" : "Close Short")
            : (q.signum() > 0 ? "Long > Short" : "Short > Long");
        final JsonText json = new JsonText(512).beginObject()
            .field("closedPnl", num(closedPnl.setScale(USDC_SCALE, RoundingMode.HALF_EVEN)))
            .field("coin", market.coin())
            .rawField("crossed", "true")
            .field("dir", dir)
            .field("hash", hash(fill.tradeId()))
            .field("oid", order.orderId)
            .field("px", num(fill.price()))
            .field("side", order.buy ? "B" : "A")
            .field("startPosition", num(q))
            .field("sz", num(fill.qty()))
            .field("time", nowMs)
            .field("fee", num(fill.fee()))
            .field("feeToken", "USDC")
            .field("tid", nextTid++);
        if (liquidation != null)
        {
            json.name("liquidation").raw(liquidation);
        }
        return json.endObject().toString();
    }

    /** A WsOrder: {@code {"order":WsBasicOrder,"status":..,"statusTimestamp":..}}. */
    private String wsOrder(final SimOrder o, final long nowMs)
    {
        final JsonText json = new JsonText(384).beginObject().name("order").beginObject().field("coin", o.symbol).field("side", o.buy ? "B" : "A")
            .field("limitPx", num(o.price)).field("sz", num("open".equals(o.status) ? o.leavesQty() : BigDecimal.ZERO)).field("oid", o.orderId)
            .field("timestamp", o.createTimeMs).field("origSz", num(o.qty));
        if (o.clientId.startsWith("0x"))
        {
            json.field("cloid", o.clientId);
        }
        return json.endObject().field("status", o.status).field("statusTimestamp", nowMs).endObject().toString();
    }

    private String cancelByCloid(final Object action, final long nowMs)
    {
        final List<String> statuses = new ArrayList<>();
        for (final Object cancel : JsonTree.list(JsonTree.get(action, "cancels")))
        {
            final String cloid = String.valueOf(JsonTree.text(cancel, "cloid")).toLowerCase(Locale.ROOT);
            final SimOrder o = orders.get(cloid);
            final String asset = JsonTree.text(cancel, "asset");
            if (o == null || !"open".equals(o.status) || asset == null || !o.symbol.equals(universe.get(Math.floorMod(Integer.parseInt(asset), universe.size())).coin()))
            {
                statuses.add(statusError("Order was never placed, already canceled, or filled."));
                continue;
            }
            o.status = "canceled";
            o.updateTimeMs = nowMs;
            pushPrivate("orderUpdates", "orderUpdates", "[" + wsOrder(o, nowMs) + "]");
            statuses.add("\"success\"");
        }
        return "{\"status\":\"ok\",\"response\":{\"type\":\"cancel\",\"data\":{\"statuses\":[" + String.join(",", statuses) + "]}}}";
    }

    private RestReply updateLeverage(final Object action)
    {
        final String assetText = JsonTree.text(action, "asset");
        final String leverageText = JsonTree.text(action, "leverage");
        final Object isCross = JsonTree.get(action, "isCross");
        if (assetText == null || leverageText == null || !(isCross instanceof Boolean))
        {
            return undeserializable();
        }
        final int asset = Integer.parseInt(assetText);
        final int leverage = Integer.parseInt(leverageText);
        if (asset < 0 || asset >= universe.size() || leverage < 1 || leverage > maxLeverage)
        {
            return err("Invalid leverage value"); // not in the documents: the venue's exact text is unknown
        }
        account.leverage(universe.get(asset).coin(), leverage);
        account.isolated(universe.get(asset).coin(), !((Boolean)isCross));
        return RestReply.ok("{\"status\":\"ok\",\"response\":{\"type\":\"default\"}}");
    }

    // ---------------------------------------------------------------- funding and liquidation

    private void settleFunding(final long nowMs)
    {
        for (final Market market : universe)
        {
            while (nowMs >= market.nextSettleMs)
            {
                final long settleMs = market.nextSettleMs;
                market.nextSettleMs += HOUR_MS;
                final String coin = market.coin();
                final BigDecimal szi = account.position(coin).qty();
                if (szi.signum() == 0)
                {
                    continue;
                }
                final BigDecimal oracle = oraclePriceAt(coin, settleMs);
                final BigDecimal rate = fundingRateAt(coin, settleMs);
                final BigDecimal amount = account.settleFunding(coin, oracle, rate, USDC_SCALE);
                final Funding f = new Funding(settleMs, coin, num(amount), num(szi), num(rate));
                if (fundingLog.size() == HISTORY)
                {
                    fundingLog.removeFirst();
                    fundings.removeLast();
                }
                fundingLog.addLast(f);
                final String json = new JsonText(192).beginObject().field("time", settleMs).field("coin", coin).field("usdc", f.usdc())
                    .field("szi", f.szi()).field("fundingRate", f.fundingRate()).endObject().toString();
                fundings.addFirst(json);
                pushPrivate("userFundings", "userFundings", "{\"isSnapshot\":false,\"user\":\"" + master + "\",\"fundings\":[" + json + "]}");
                pushPrivate("userEvents", "user", "{\"funding\":" + json + "}");
            }
        }
    }

    /** Runs the funding and mark cadence now, on the simulator's clock (tests drive time with it). */
    void markTickNow()
    {
        call(() ->
        {
            onMarkTick(config.clock().nanoTime());
            return null;
        });
    }

    /** The oracle price funding settles on at {@code settleMs} (venue precision). */
    public BigDecimal oraclePriceAt(final String coin, final long settleMs)
    {
        return oracleOf(markets.get(coin), settleMs * 1_000_000L);
    }

    /** The hourly rate that settles at {@code settleMs}. */
    public BigDecimal fundingRateAt(final String coin, final long settleMs)
    {
        return hourlyRate(markets.get(coin), settleMs - 1);
    }

    /** The next funding hour of {@code coin} (epoch ms). */
    public long nextSettlementMs(final String coin)
    {
        return call(() -> markets.get(coin).nextSettleMs);
    }

    /**
     * Moves {@code coin}'s prices by {@code factor}, its book with them, pushed at once on {@code l2Book},
     * then liquidates the position when the mark has reached its liquidation price: the whole position
     * closes at that price in a fill carrying {@code liquidation} ({@code method} "market"), pushed on
     * {@code userFills} and {@code userEvents}, followed by a {@code userEvents} {@code liquidation} event
     * (WsLiquidation).
     */
    @Override
    public void shock(final String coin, final double factor)
    {
        call(() ->
        {
            final Market market = markets.get(coin);
            final long nowNs = config.clock().nanoTime();
            market.sim.shock(factor, nowNs);
            publishDepth(market, nowNs / 1_000_000L);
            final BigDecimal liquidation = liquidationPrice(market, nowNs);
            final BigDecimal mark = markOf(market, nowNs);
            final SimAccount.Position p = account.position(coin);
            if (liquidation == null || (p.qty().signum() > 0 ? mark.compareTo(liquidation) > 0 : mark.compareTo(liquidation) < 0))
            {
                return null;
            }
            final long nowMs = nowNs / 1_000_000L;
            final BigDecimal accountValue = account.wallet().add(unrealised(nowNs));
            final BigDecimal ntl = p.qty().abs().multiply(mark);
            final SimOrder order = new SimOrder(nextOid++, "#liq" + nextLid, coin, p.qty().signum() < 0, true, "Ioc", liquidation, p.qty().abs(), true);
            order.createTimeMs = nowMs;
            order.updateTimeMs = nowMs;
            final SimAccount.Fill raw = new SimAccount.Fill(liquidation, p.qty().abs(),
                SimAccount.fee(liquidation, p.qty().abs(), account.takerFee()).setScale(USDC_SCALE, RoundingMode.HALF_UP), 0);
            final String fill = fillJson(market, order, raw, nowMs,
                "{\"liquidatedUser\":\"" + master + "\",\"markPx\":" + mark.toPlainString() + ",\"method\":\"market\"}");
            account.apply(coin, order.buy, raw);
            order.add(raw);
            order.status = "filled";
            remember(order);
            rememberFill(fill);
            pushPrivate("userFills", "userFills", "{\"isSnapshot\":false,\"user\":\"" + master + "\",\"fills\":[" + fill + "]}");
            pushPrivate("userEvents", "user", "{\"fills\":[" + fill + "]}");
            pushPrivate("userEvents", "user", new JsonText(256).beginObject().name("liquidation").beginObject().field("lid", nextLid++)
                .field("liquidator", "0x0000000000000000000000000000000000000000").field("liquidated_user", master)
                .field("liquidated_ntl_pos", usdc(ntl)).field("liquidated_account_value", usdc(accountValue)).endObject().endObject().toString());
            return null;
        });
    }

    /** The liquidation price of {@code coin}'s position now (null when flat or out of reach; tests). */
    public BigDecimal liquidationPrice(final String coin)
    {
        return call(() -> liquidationPrice(markets.get(coin), config.clock().nanoTime()));
    }
}
