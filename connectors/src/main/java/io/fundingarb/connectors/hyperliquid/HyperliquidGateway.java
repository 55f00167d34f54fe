package io.fundingarb.connectors.hyperliquid;

import static io.fundingarb.connectors.gateway.VenueFields.fixed;
import static io.fundingarb.connectors.gateway.VenueFields.msToNs;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Asset;
import io.fundingarb.codecs.sbe.BooleanType;
import io.fundingarb.codecs.sbe.CancelCommandDecoder;
import io.fundingarb.codecs.sbe.ExecFlag;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.FeedState;
import io.fundingarb.codecs.sbe.MarginMode;
import io.fundingarb.codecs.sbe.OrderCommandDecoder;
import io.fundingarb.codecs.sbe.PositionSource;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.StreamKind;
import io.fundingarb.codecs.sbe.TimeInForce;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.gateway.AccountSettings;
import io.fundingarb.connectors.gateway.AsciiBuilder;
import io.fundingarb.connectors.gateway.Assets;
import io.fundingarb.connectors.gateway.BalanceFailure;
import io.fundingarb.connectors.gateway.CommandDispatcher;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.GatewayLifecycle;
import io.fundingarb.connectors.gateway.GatewayPublisher;
import io.fundingarb.connectors.gateway.OrderAdmission;
import io.fundingarb.connectors.gateway.MillisNonces;
import io.fundingarb.connectors.gateway.OrderGateway;
import io.fundingarb.connectors.gateway.OrderTracker;
import io.fundingarb.connectors.gateway.PositionRequests;
import io.fundingarb.connectors.gateway.PreviousOrder;
import io.fundingarb.connectors.gateway.PreviousOrders;
import io.fundingarb.connectors.gateway.RecentIds;
import io.fundingarb.connectors.gateway.TrackedOrder;
import io.fundingarb.connectors.gateway.UnknownOrders;
import io.fundingarb.connectors.gateway.UnknownOrders.Answer;
import io.fundingarb.connectors.gateway.VenueOrderIds;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.hyperliquid.HyperliquidActions.Tif;
import io.fundingarb.connectors.hyperliquid.HyperliquidSigner.Network;
import io.fundingarb.connectors.hyperliquid.HyperliquidSigner.Signature;
import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.transport.FrameHandler;
import io.fundingarb.connectors.transport.RestClient;
import io.fundingarb.connectors.transport.RestResponse;
import io.fundingarb.connectors.transport.ResyncHandler;
import io.fundingarb.connectors.transport.VenuePing;
import io.fundingarb.connectors.transport.VenueStatusPublisher;
import io.fundingarb.connectors.transport.WsConfig;
import io.fundingarb.connectors.transport.WsConnection;
import io.fundingarb.connectors.venue.WsPaths;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.EpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hyperliquid perpetuals order gateway: {@code OrderCommand} → {@code POST /exchange} with a signed
 * {@code order} action (a limit order with {@code tif} Ioc for IOC and market commands, Gtc, Alo;
 * reduce-only flag; {@code c} = the cloid of {@link HyperliquidCloids}; price and size in the
 * venue's wire form, {@link HyperliquidWire}), {@code CancelCommand} → {@code cancelByCloid}; every
 * action signed by the API (agent) wallet ({@link HyperliquidSigner}) for the master account
 * whose address the config names, nonce = a strictly increasing millisecond timestamp
 * ({@link MillisNonces}), {@code expiresAfter} = nonce + recvWindow so an unanswered order is
 * known to be dead once that passed.
 *
 * <pre>
 *  outbound ring ──onCommand──► msgpack action ─► keccak ─► EIP-712 ─► secp256k1 (command thread)
 *                                   ▼ {"action", "nonce", "signature", "vaultAddress", "expiresAfter"}
 *                    gateway I/O loop ──► RestClient POST /exchange ──► filled / resting / error ─┐
 *                    /ws (same loop): orderUpdates, userFills, userFundings, userEvents ──────────┤──► OrderTracker ──► inbound ring
 *                    POST /info clearinghouseState (balance, positions), orderStatus (UNKNOWN) ───┘
 * </pre>
 *
 * Answers (Exchange endpoint docs, https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/exchange-endpoint,
 * fixtures/hyperliquid): {@code {"status":"ok","response":{"type":"order","data":{"statuses":[s]}}}} with
 * {@code s} = {@code {"filled":{totalSz, avgPx, oid}}} (published at once with the taker fee
 * estimated, corrected by the fill's {@code fee} from {@code userFills}), {@code {"resting":{oid}}}
 * (NEW) or {@code {"error":"…"}} (REJECTED; for an IOC "could not immediately match" EXPIRED);
 * {@code {"status":"err","response":"…"}} is a refusal of the whole action (REJECTED). A transport
 * failure, timeout, 5xx or an unreadable answer makes the order UNKNOWN: it is never resent, and
 * {@link UnknownOrders} asks {@code POST /info {"type":"orderStatus","user","oid":cloid}}
 * ({@code unknownOid} once the action's expiresAfter passed: REJECTED).
 *
 * <p>Private stream {@code /ws} (WebSocket docs, "Subscriptions",
 * https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/websocket/subscriptions):
 * {@code orderUpdates} (WsOrder: status open / filled / canceled / rejected / …Canceled / …Rejected),
 * {@code userFills} (WsFill: {@code oid}, {@code tid}, {@code px}, {@code sz}, {@code fee} in
 * {@code feeToken}, {@code liquidation} on a forced close; the first message is a snapshot,
 * {@code isSnapshot}), {@code userFundings} (hourly settlements; the snapshot sent after every
 * (re)subscription carries those missed while the stream was down, each published once) and
 * {@code userEvents} (channel {@code user}: {@code liquidation}, {@code nonUserCancel}). The
 * stream is CONNECTING until the four subscriptions are acknowledged.
 *
 * <p>Account: the agent wallet signs, the master account's address ({@code user}) is what
 * {@code /info} and the subscriptions name. Set-up at start: {@code meta} (asset index = position in
 * {@code universe}, {@code szDecimals}, {@code maxLeverage}) keyed by coin name (the instruments'
 * venue symbols), then {@code updateLeverage} per traded asset (cross or isolated, the configured
 * leverage capped at the asset's maximum). Rate limits ("Rate limits and user limits"): orders
 * are limited locally ({@code maxOrdersPerSecond}); HTTP 429 or an address-based refusal
 * ("Too many …") blocks new orders for the back-off. The agent key never appears in a log line,
 * an exception, a report or {@link #toString()}.
 */
public final class HyperliquidGateway implements OrderGateway
{
    public static final int LOCAL_RATE_LIMIT = OrderAdmission.LOCAL_RATE_LIMIT;
    public static final int LOCAL_UNKNOWN_INSTRUMENT = OrderAdmission.LOCAL_UNKNOWN_INSTRUMENT;
    /** Local reject: the price or size rounds to nothing in the venue's wire form, or the asset is not in meta. */
    public static final int LOCAL_INVALID_ORDER = -9004;
    /** Reject code of a venue refusal (the venue sends messages, not codes). */
    public static final int VENUE_REJECT = 1;
    /** Reject code after HTTP 429 or an address-based rate limit. */
    public static final int RATE_LIMITED = 429;
    /** Reject code of an order the venue never had ({@code unknownOid}). */
    public static final int NO_SUCH_ORDER = 404;
    static final String INFO_PATH = "/info";
    static final String EXCHANGE_PATH = "/exchange";
    static final String WS_PATH = "/ws";
    /** After expiresAfter + this, "unknownOid" is definitive. */
    static final long ABSENT_MARGIN_NS = TimeUnit.SECONDS.toNanos(1);
    /** The SDK pings every 50 s; the server closes a connection silent for 60 s. */
    static final long PING_INTERVAL_NS = TimeUnit.SECONDS.toNanos(50);
    /** The IOC error when nothing crossed: the order expired unfilled. */
    static final String IOC_NO_MATCH = "Order could not immediately match";
    static final String[] SUBSCRIPTIONS = {"orderUpdates", "userFills", "userFundings", "userEvents"};

    private static final Logger LOG = LoggerFactory.getLogger(HyperliquidGateway.class);
    private static final String JSON = "application/json";
    private static final String NAME = "hyperliquid gateway";
    private static final int RETAINED_ORDERS = 4096;
    private static final int PENDING_FILLS = 256;

    /** One perpetual of {@code meta.universe}: its asset index (position), size decimals and maximum leverage. */
    public record Coin(int asset, int szDecimals, int maxLeverage)
    {
    }

    private final GatewayConfig config;
    private final VenueSymbols symbols;
    private final EventLoop loop;
    private final EventSink sink;
    private final EpochNanoClock clock;
    private final RestClient rest;
    private final VenueOrderIds ids;
    private final HyperliquidCloids cloids;
    private final String user;
    private final MillisNonces nonces = new MillisNonces();
    private final long sessionStartMs;
    private volatile Map<Integer, Coin> coins = Map.of();

    // command thread
    private final HyperliquidSigner commandSigner;
    private final HyperliquidActions commandActions = new HyperliquidActions();
    private final CommandDispatcher commands = new CommandDispatcher(Venue.HYPERLIQUID, this::onOrder, this::onCancel);
    private final AsciiBuilder body = new AsciiBuilder(512);
    private final GatewayPublisher commandPublisher;
    private final OrderAdmission admission;

    // I/O loop
    private final HyperliquidSigner ioSigner;
    private final HyperliquidActions ioActions = new HyperliquidActions();
    private final AsciiBuilder ioBody = new AsciiBuilder(512);
    private final GatewayPublisher publisher;
    private final OrderTracker tracker;
    private final GatewayLifecycle lifecycle;
    private final UnknownOrders unknown;
    private final PositionRequests positions;
    private final PreviousOrders previous;
    private final Long2ObjectHashMap<TrackedOrder> byOid = new Long2ObjectHashMap<>();
    private final LongHashSet notOurs = new LongHashSet();
    private final Long2LongHashMap streamCumQty = new Long2LongHashMap(0);
    private final LongHashSet resting = new LongHashSet();
    private final RecentIds tradeIds = new RecentIds(8192);
    private final RecentIds fundingIds = new RecentIds(1024);
    private final List<Object> pendingFills = new ArrayList<>();
    private WsConnection stream;
    private int connects;
    private int acks;
    private volatile long ordersSent;
    private volatile long rateLimitedResponses;
    private volatile long streamReconnects;
    private volatile long fundingPublished;
    private volatile long malformedMessages;

    /**
     * The gateway of the master account {@code address} whose API wallet key is {@code agentKey};
     * what the venue adapter's {@code gateway(...)} returns.
     *
     * @param address  the master account's address, 0x and 40 hex digits (the "API key" of the config).
     * @param agentKey the API (agent) wallet's private key, 64 hex digits (the "API secret"; never logged).
     * @param paths    unused: Hyperliquid serves every stream on {@code /ws}.
     */
    public static HyperliquidGateway create(
        final GatewayConfig config, final String address, final String agentKey, final EventLoopGroup group, final EventSink sink,
        final EpochNanoClock clock, final VenueSymbols symbols, final WsPaths paths, final long sessionEpoch)
    {
        return new HyperliquidGateway(config, address, agentKey, networkOf(config.restBaseUrl()), group, sink, clock, symbols, sessionEpoch);
    }

    /** Testnet when the REST host is Hyperliquid's testnet, else mainnet (the simulators sign and check as mainnet). */
    static Network networkOf(final URI restBaseUrl)
    {
        final String host = restBaseUrl.getHost();
        return host != null && host.contains("testnet") ? Network.TESTNET : Network.MAINNET;
    }

    public HyperliquidGateway(
        final GatewayConfig config,
        final String address,
        final String agentKey,
        final Network network,
        final EventLoopGroup group,
        final EventSink sink,
        final EpochNanoClock clock,
        final VenueSymbols symbols,
        final long sessionEpoch)
    {
        if (!HyperliquidSigner.isAddress(address))
        {
            throw new IllegalArgumentException("the Hyperliquid account address (the venue's api key) must be 0x and 40 hex digits");
        }
        this.config = config;
        this.symbols = symbols;
        this.loop = group.next();
        this.sink = sink;
        this.clock = clock;
        this.user = address.toLowerCase(java.util.Locale.ROOT);
        this.commandSigner = new HyperliquidSigner(agentKey, network);
        this.ioSigner = new HyperliquidSigner(agentKey, network);
        this.rest = RestClient.keepAlive(loop, config.requestTimeoutNs(), RestClient.DEFAULT_MAX_BODY_BYTES, null);
        this.commandPublisher = new GatewayPublisher(sink, clock, Venue.HYPERLIQUID, agentKey);
        this.admission = new OrderAdmission(symbols, config.maxOrdersPerSecond(), commandPublisher, "Hyperliquid",
            "venue rate limit: backing off after HTTP 429 or an address-based limit");
        this.publisher = new GatewayPublisher(sink, clock, Venue.HYPERLIQUID, agentKey);
        this.tracker = new OrderTracker(publisher, RETAINED_ORDERS);
        this.lifecycle = new GatewayLifecycle(NAME, LOG, loop, config, INFO_PATH + " clearinghouseState", this::pollBalance);
        this.ids = new VenueOrderIds(sessionEpoch);
        this.cloids = new HyperliquidCloids(sessionEpoch);
        this.sessionStartMs = clock.nanoTime() / 1_000_000L;
        this.unknown = new UnknownOrders(NAME, LOG, loop, tracker, ids, config, clock::nanoTime, this::queryOrder);
        this.positions = new PositionRequests(NAME, LOG, loop, symbols, publisher, config.account(), this::queryPositions);
        this.previous = new PreviousOrders(NAME, LOG, loop, tracker, ids, config, clock::nanoTime, this::queryOrder, this::cancelPrevious);
    }

    @Override
    public HyperliquidGateway adoptPrevious(final List<PreviousOrder> orders)
    {
        previous.adopt(orders, id -> symbols.symbol(id) != null);
        return this;
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Reads {@code meta}, sets each traded asset's leverage, resolves previous sessions' orders,
     * publishes the positions (source START), then connects the private stream and fetches the
     * balance. Completes once the four subscriptions are acknowledged and the first
     * {@code BalanceUpdate} is published; fails with an {@link IllegalStateException} naming the
     * coin and the venue's message when a traded coin is not listed or the venue refuses a set-up
     * step (a wrong agent key: "User or API Wallet … does not exist").
     */
    @Override
    public CompletableFuture<Void> start()
    {
        new VenueStatusPublisher(sink, Venue.HYPERLIQUID, StreamKind.ORDERS).publishOrWait(FeedState.CONNECTING, 0, "starting: account set-up first",
            clock.nanoTime());
        return lifecycle.start(() -> loadMeta()
            .thenCompose(ignore -> setLeverage())
            .thenCompose(ignore -> previous.resolve())
            .thenCompose(ignore -> positions.request(PositionSource.START))
            .thenRun(positions::startPolling), this::connectStream);
    }

    private CompletableFuture<Void> loadMeta()
    {
        return info("{\"type\":\"meta\"}").thenApplyAsync(response ->
        {
            if (!response.isSuccess())
            {
                throw new IllegalStateException(NAME + ": meta: HTTP " + response.status());
            }
            final Map<String, Coin> byName = readMeta(response.bodyText());
            final Map<Integer, Coin> traded = new HashMap<>();
            for (final int id : symbols.instrumentIds())
            {
                final Coin coin = byName.get(symbols.symbol(id));
                if (coin == null)
                {
                    throw new IllegalStateException(NAME + ": " + symbols.symbol(id) + " is not in Hyperliquid's meta.universe");
                }
                traded.put(id, coin);
            }
            coins = Map.copyOf(traded);
            return null;
        }, loop);
    }

    /** {@code meta} ({@code {"universe":[{"name","szDecimals","maxLeverage",…}],…}}) by coin name; delisted coins are left out. */
    public static Map<String, Coin> readMeta(final String json)
    {
        final Map<String, Coin> out = new HashMap<>();
        final List<Object> universe = JsonTree.list(JsonTree.get(JsonTree.parse(json), "universe"));
        for (int i = 0; i < universe.size(); i++)
        {
            final Object u = universe.get(i);
            if (Boolean.TRUE.equals(JsonTree.get(u, "isDelisted")))
            {
                continue;
            }
            final String maxLeverage = JsonTree.text(u, "maxLeverage");
            out.put(JsonTree.text(u, "name"), new Coin(i, Integer.parseInt(JsonTree.text(u, "szDecimals")),
                maxLeverage == null ? AccountSettings.MAX_LEVERAGE : Integer.parseInt(maxLeverage)));
        }
        return out;
    }

    /** {@code updateLeverage} per traded asset, one after the other; fails naming the coin and the venue's answer. */
    private CompletableFuture<Void> setLeverage()
    {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        final AccountSettings account = config.account();
        for (final int id : symbols.instrumentIds())
        {
            final Coin coin = coins.get(id);
            final String name = symbols.symbol(id);
            chain = chain.thenCompose(ignore ->
            {
                ioActions.updateLeverage(coin.asset(), account.marginMode() != MarginMode.ISOLATED, Math.min(account.leverage(), coin.maxLeverage()));
                return exchange(ioSigner, ioActions, ioBody, clock.nanoTime() / 1_000_000L).thenAcceptAsync(response ->
                {
                    final String refusal = refusalOf(response);
                    if (refusal != null)
                    {
                        throw new IllegalStateException(NAME + ": updateLeverage " + name + ": " + refusal);
                    }
                }, loop);
            });
        }
        return chain;
    }

    private void connectStream()
    {
        final URI wsUri = config.wsUri(WS_PATH);
        final List<String> subscriptions = new ArrayList<>();
        for (final String type : SUBSCRIPTIONS)
        {
            subscriptions.add("{\"method\":\"subscribe\",\"subscription\":{\"type\":\"" + type + "\",\"user\":\"" + user + "\"}}");
        }
        final WsConfig wsConfig = WsConfig.of(Venue.HYPERLIQUID, wsUri, subscriptions)
            .withPing(VenuePing.text("{\"method\":\"ping\"}", PING_INTERVAL_NS))
            .withBackoff(config.wsBackoffBaseNs(), config.wsBackoffCapNs())
            .withSilenceTimeoutNs(0)
            .withStream(StreamKind.ORDERS);
        stream = new WsConnection(wsConfig, loop, new StreamHandler(), sink, clock, new Random(19), ResyncHandler.NONE).start();
        LOG.info("{}: private stream {} connecting for {}, rest {}", NAME, wsUri, user, config.restBaseUrl());
    }

    /** Asks for the positions (any thread); a batch with this source follows. */
    public CompletableFuture<Void> requestPositions(final PositionSource source)
    {
        return positions.request(source);
    }

    @Override
    public void close()
    {
        lifecycle.close(() ->
        {
            rest.close();
            unknown.close();
            previous.close();
            positions.close();
            if (stream != null)
            {
                stream.close();
            }
        });
    }

    // ---------------------------------------------------------------- REST (I/O loop)

    private CompletableFuture<RestResponse> info(final String json)
    {
        return rest.post(config.restUri(INFO_PATH, null), Map.of(), json.getBytes(StandardCharsets.US_ASCII), JSON);
    }

    /** Signs the action just written into {@code actions} and posts it (I/O loop for the I/O signer). */
    private CompletableFuture<RestResponse> exchange(
        final HyperliquidSigner signer, final HyperliquidActions actions, final AsciiBuilder out, final long nowMs)
    {
        final long nonce = nonces.next(nowMs);
        request(signer, actions, nonce, nonce + config.recvWindowMs(), out);
        return rest.post(config.restUri(EXCHANGE_PATH, null), Map.of(), out.copy(), JSON);
    }

    /**
     * The request body of the action in {@code actions}: {@code {"action":…,"nonce":…,"signature":{"r","s","v"},
     * "vaultAddress":null,"expiresAfter":…}}, signed with {@code signer}; written into {@code out} (reset first).
     */
    public static AsciiBuilder request(
        final HyperliquidSigner signer, final HyperliquidActions actions, final long nonce, final long expiresAfterMs, final AsciiBuilder out)
    {
        final Signature signature = signer.signL1Action(actions.msgpackArray(), actions.msgpackOffset(), actions.msgpackLength(), nonce, null,
            expiresAfterMs);
        final AsciiBuilder action = actions.json();
        return out.reset().append("{\"action\":").append(action.array(), 0, action.length())
            .append(",\"nonce\":").append(nonce)
            .append(",\"signature\":{\"r\":\"").append(signature.rHex()).append("\",\"s\":\"").append(signature.sHex())
            .append("\",\"v\":").append(signature.v())
            .append("},\"vaultAddress\":null,\"expiresAfter\":").append(expiresAfterMs).append('}');
    }

    /** Null when the answer is {@code {"status":"ok",…}} without an error status, else the venue's words (or the HTTP status). */
    static String refusalOf(final RestResponse response)
    {
        try
        {
            final Object json = JsonTree.parse(response.bodyText());
            if (!"ok".equals(JsonTree.text(json, "status")))
            {
                final Object message = JsonTree.get(json, "response");
                return message instanceof String ? (String)message : "HTTP " + response.status() + " " + response.bodyText();
            }
            for (final Object status : statuses(json))
            {
                final String error = JsonTree.text(status, "error");
                if (error != null)
                {
                    return error;
                }
            }
            return null;
        }
        catch (final RuntimeException ex)
        {
            return "HTTP " + response.status() + ", unreadable answer";
        }
    }

    private static List<Object> statuses(final Object json)
    {
        return JsonTree.list(JsonTree.get(JsonTree.get(JsonTree.get(json, "response"), "data"), "statuses"));
    }

    /**
     * {@code clearinghouseState} (fixture {@code hyperliquid/clearinghouse-state.json}): the account value
     * ({@code marginSummary.accountValue}) as the USDC wallet balance and {@code withdrawable} as what
     * is available. Completes on the I/O loop with null once published, else why not.
     */
    CompletableFuture<BalanceFailure> pollBalance()
    {
        final CompletableFuture<BalanceFailure> outcome = new CompletableFuture<>();
        loop.execute(() -> info(clearinghouseRequest()).whenCompleteAsync((response, error) ->
            outcome.complete(error != null ? BalanceFailure.transientFailure("transport: " + error.getClass().getSimpleName())
                : readBalance(response, publisher, clock.nanoTime())), loop));
        return outcome;
    }

    private String clearinghouseRequest()
    {
        return "{\"type\":\"clearinghouseState\",\"user\":\"" + user + "\"}";
    }

    /** A {@code clearinghouseState} answer's balance published; null once done, else why not. */
    static BalanceFailure readBalance(final RestResponse response, final GatewayPublisher publisher, final long nowNs)
    {
        if (response.status() == 429 || response.status() >= 500)
        {
            return BalanceFailure.transientFailure("HTTP " + response.status());
        }
        if (!response.isSuccess())
        {
            return BalanceFailure.refused("HTTP " + response.status() + " " + response.bodyText());
        }
        try
        {
            final Object json = JsonTree.parse(response.bodyText());
            final long accountValue = fixed(JsonTree.text(JsonTree.get(json, "marginSummary"), "accountValue"));
            final long withdrawable = fixed(JsonTree.text(json, "withdrawable"));
            if (accountValue == FixedPoint.NULL || withdrawable == FixedPoint.NULL)
            {
                return BalanceFailure.transientFailure("clearinghouseState without marginSummary.accountValue or withdrawable");
            }
            final long timeNs = msToNs(JsonTree.text(json, "time"));
            publisher.balance(Quote.USDC, timeNs > 0 ? timeNs : nowNs, accountValue, withdrawable);
            return null;
        }
        catch (final RuntimeException ex)
        {
            return BalanceFailure.transientFailure("unreadable clearinghouseState, HTTP " + response.status());
        }
    }

    private CompletableFuture<String> queryPositions()
    {
        return info(clearinghouseRequest()).handleAsync((response, error) ->
            error != null ? "transport: " + error.getClass().getSimpleName() : readPositions(response, positions), loop);
    }

    /**
     * The {@code assetPositions} of a {@code clearinghouseState} answer into the batch: {@code szi}
     * signed size, {@code entryPx}, mark price = {@code positionValue / |szi|}, {@code liquidationPx}
     * (null when there is none), {@code leverage {type cross|isolated, value}}; no per-position
     * maintenance margin is given (NULL). Null once read, else why not.
     */
    static String readPositions(final RestResponse response, final PositionRequests positions)
    {
        if (!response.isSuccess())
        {
            return "HTTP " + response.status();
        }
        try
        {
            final Object json = JsonTree.parse(response.bodyText());
            final long timeNs = msToNs(JsonTree.text(json, "time"));
            for (final Object entry : JsonTree.list(JsonTree.get(json, "assetPositions")))
            {
                final Object p = JsonTree.get(entry, "position");
                final long size = fixed(JsonTree.text(p, "szi"));
                final long value = fixed(JsonTree.text(p, "positionValue"));
                final Object leverage = JsonTree.get(p, "leverage");
                final String leverageValue = JsonTree.text(leverage, "value");
                positions.put(JsonTree.text(p, "coin"), timeNs, size == FixedPoint.NULL ? 0 : size, fixed(JsonTree.text(p, "entryPx")),
                    size == FixedPoint.NULL || size == 0 || value == FixedPoint.NULL ? FixedPoint.NULL : FixedPoint.divide(value, Math.abs(size)),
                    fixed(JsonTree.text(p, "liquidationPx")), FixedPoint.NULL,
                    leverageValue == null ? 0 : new BigDecimal(leverageValue).intValue(),
                    "isolated".equals(JsonTree.text(leverage, "type")) ? MarginMode.ISOLATED : MarginMode.CROSS);
            }
            return null;
        }
        catch (final RuntimeException ex)
        {
            return "unreadable clearinghouseState, HTTP " + response.status();
        }
    }

    // ---------------------------------------------------------------- commands (ring thread)

    @Override
    public void onCommand(final DirectBuffer buffer, final int offset, final int length, final boolean endOfBatch)
    {
        commands.onCommand(buffer, offset);
    }

    private void onOrder(final OrderCommandDecoder order)
    {
        final long nowNs = clock.nanoTime();
        if (!admission.admit(order, nowNs))
        {
            return;
        }
        final Coin coin = coins.get(order.instrumentId());
        final boolean buy = order.side() == Side.BUY;
        final long price = coin == null ? 0 : HyperliquidWire.price(order.price(), coin.szDecimals(), buy);
        final long size = coin == null ? 0 : HyperliquidWire.size(order.quantity(), coin.szDecimals());
        if (price == 0 || size == 0)
        {
            commandPublisher.reject(order.clientOrderId(), order.pairId(), order.instrumentId(), order.side(), order.quantity(), LOCAL_INVALID_ORDER,
                coin == null ? "Hyperliquid meta not loaded for instrument " + order.instrumentId()
                    : "price " + FixedPoint.toString(order.price()) + " or size " + FixedPoint.toString(order.quantity())
                    + " rounds to nothing at szDecimals " + coin.szDecimals() + " (Hyperliquid has no market orders: a limit price is required)");
            return;
        }
        final Tif tif = tif(order.timeInForce());
        final long clientOrderId = order.clientOrderId();
        final long nowMs = nowNs / 1_000_000L;
        final long nonce = nonces.next(nowMs);
        final long expiresAfterMs = nonce + config.recvWindowMs();
        encodeOrder(order, coin, nonce, body);
        final byte[] bytes = body.copy();
        final long pairId = order.pairId();
        final int instrumentId = order.instrumentId();
        final Side side = order.side();
        final long absentNs = nowNs + TimeUnit.MILLISECONDS.toNanos(expiresAfterMs - nowMs) + ABSENT_MARGIN_NS;
        loop.execute(() ->
        {
            if (tif != Tif.Ioc)
            {
                resting.add(clientOrderId);
            }
            send(tracker.track(clientOrderId, pairId, instrumentId, side, price, size, absentNs), bytes, 0);
        });
    }

    /**
     * Writes the signed request of {@code order} on {@code coin} with {@code nonce} into {@code out}
     * (reset first): the order action in msgpack and JSON, keccak, EIP-712, secp256k1, the body.
     * Command thread (its signer and action buffers).
     *
     * @return the body's length, or 0 when the price or size rounds to nothing.
     */
    public int encodeOrder(final OrderCommandDecoder order, final Coin coin, final long nonce, final AsciiBuilder out)
    {
        final boolean buy = order.side() == Side.BUY;
        final long price = HyperliquidWire.price(order.price(), coin.szDecimals(), buy);
        final long size = HyperliquidWire.size(order.quantity(), coin.szDecimals());
        if (price == 0 || size == 0)
        {
            return 0;
        }
        commandActions.order(coin.asset(), buy, HyperliquidWire.text(price), HyperliquidWire.text(size), order.reduceOnly() == BooleanType.TRUE,
            tif(order.timeInForce()), cloids.cloid(order.clientOrderId()));
        return request(commandSigner, commandActions, nonce, nonce + config.recvWindowMs(), out).length();
    }

    private static Tif tif(final TimeInForce tif)
    {
        switch (tif)
        {
            case GTC: return Tif.Gtc;
            case POST_ONLY: return Tif.Alo;
            default: return Tif.Ioc; // IOC, FOK (not offered: an IOC is the nearest), and market commands
        }
    }

    private void onCancel(final CancelCommandDecoder cancel)
    {
        final Coin coin = coins.get(cancel.instrumentId());
        if (coin == null)
        {
            return;
        }
        final long clientOrderId = cancel.clientOrderId();
        commandActions.cancelByCloid(coin.asset(), cloids.cloid(previous.epochOf(clientOrderId), clientOrderId));
        final long nonce = nonces.next(clock.nanoTime() / 1_000_000L);
        final byte[] bytes = request(commandSigner, commandActions, nonce, nonce + config.recvWindowMs(), body).copy();
        // the outcome comes on orderUpdates (canceled); an error ("never placed, already canceled, or filled") on an order
        // still open here means it ended at the venue while its report was lost: ask
        loop.execute(() -> rest.post(config.restUri(EXCHANGE_PATH, null), Map.of(), bytes, JSON).whenCompleteAsync((response, error) ->
        {
            if (response != null && response.isSuccess() && refusalOf(response) != null)
            {
                unknown.recheck(clientOrderId);
            }
        }, loop));
    }

    // ---------------------------------------------------------------- order answers (I/O loop)

    private void send(final TrackedOrder order, final byte[] bytes, final int attempt)
    {
        ordersSent++;
        rest.post(config.restUri(EXCHANGE_PATH, null), Map.of(), bytes, JSON)
            .whenCompleteAsync((response, error) -> onExchangeResponse(order, bytes, attempt, response, error), loop);
    }

    private void onExchangeResponse(final TrackedOrder order, final byte[] bytes, final int attempt, final RestResponse response, final Throwable error)
    {
        if (error != null)
        {
            unknown.onNoAnswer(order, "transport: " + error.getClass().getSimpleName());
            return;
        }
        final int status = response.status();
        Object json = null;
        try
        {
            json = JsonTree.parse(response.bodyText());
        }
        catch (final RuntimeException ex)
        {
            json = null;
        }
        final Object refusal = json == null ? null : JsonTree.get(json, "response");
        final boolean err = json != null && "err".equals(JsonTree.text(json, "status"));
        if (status == 429 || (err && refusal instanceof String && isRateLimit((String)refusal)))
        {
            rateLimitedResponses++;
            final long retryAfterNs = response.retryAfterNs();
            final long backoffNs = retryAfterNs >= 0 ? retryAfterNs : config.rateLimitBackoffNs();
            admission.blockUntil(clock.nanoTime() + backoffNs);
            // the same signed bytes: the nonce makes a resend harmless (a nonce is used at most once)
            if (attempt < config.rateLimitRetries() && backoffNs < TimeUnit.MILLISECONDS.toNanos(config.recvWindowMs()) / 2)
            {
                loop.schedule(() -> send(order, bytes, attempt + 1), backoffNs, TimeUnit.NANOSECONDS);
                return;
            }
            tracker.onTerminal(order, ExecType.REJECTED, RATE_LIMITED, refusal instanceof String ? (String)refusal : "HTTP 429", clock.nanoTime());
            return;
        }
        if (status >= 500 || json == null || (!err && !"ok".equals(JsonTree.text(json, "status"))))
        {
            unknown.onNoAnswer(order, "HTTP " + status);
            return;
        }
        if (err)
        {
            tracker.onTerminal(order, ExecType.REJECTED, VENUE_REJECT, refusal instanceof String ? (String)refusal : "refused", clock.nanoTime());
            return;
        }
        final List<Object> statuses = statuses(json);
        if (statuses.isEmpty())
        {
            unknown.onNoAnswer(order, "HTTP " + status + " without an order status");
            return;
        }
        try
        {
            onOrderStatus(order, statuses.get(0), clock.nanoTime());
        }
        catch (final RuntimeException ex)
        {
            unknown.onNoAnswer(order, "an unreadable order status: " + ex.getClass().getSimpleName());
        }
    }

    /** Hyperliquid's words for a rate limit (IP: HTTP 429; address-based: "Too many cumulative requests sent …"). */
    static boolean isRateLimit(final String message)
    {
        final String lower = message.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("too many") || lower.contains("rate limit");
    }

    /** One status of an order answer: filled (published with an estimated fee), resting (NEW) or error. */
    void onOrderStatus(final TrackedOrder order, final Object status, final long nowNs)
    {
        final Object filled = JsonTree.get(status, "filled");
        final Object restingOrder = JsonTree.get(status, "resting");
        final String error = JsonTree.text(status, "error");
        if (filled != null)
        {
            final long oid = oidOf(JsonTree.text(filled, "oid"));
            know(oid, order);
            tracker.onAck(order, Long.toString(oid), nowNs);
            final long totalSz = fixed(JsonTree.text(filled, "totalSz"));
            final long avgPx = fixed(JsonTree.text(filled, "avgPx"));
            if (totalSz != FixedPoint.NULL && totalSz > 0 && avgPx != FixedPoint.NULL)
            {
                final long quote = FixedPoint.multiply(totalSz, avgPx);
                tracker.onEstimatedFill(order, totalSz, quote, avgPx, FixedPoint.multiply(quote, config.takerFee()), nowNs);
                positions.request(PositionSource.FILL);
                lifecycle.requestBalance();
            }
            if (!resting.contains(order.clientOrderId()) && order.leavesQty() > 0)
            {
                tracker.onTerminal(order, ExecType.EXPIRED, 0, "IOC remainder canceled", nowNs);
            }
            replayPendingFills();
        }
        else if (restingOrder != null)
        {
            final long oid = oidOf(JsonTree.text(restingOrder, "oid"));
            know(oid, order);
            tracker.onAck(order, Long.toString(oid), nowNs);
            replayPendingFills();
        }
        else if (error != null)
        {
            if (error.startsWith(IOC_NO_MATCH))
            {
                tracker.onTerminal(order, ExecType.EXPIRED, 0, error, nowNs);
            }
            else
            {
                tracker.onTerminal(order, ExecType.REJECTED, VENUE_REJECT, error, nowNs);
            }
        }
        else
        {
            unknown.onNoAnswer(order, "an order status of another kind: " + status);
        }
    }

    private static long oidOf(final String text)
    {
        try
        {
            return text == null ? -1 : Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    private void know(final long oid, final TrackedOrder order)
    {
        if (oid >= 0 && order != null)
        {
            byOid.put(oid, order);
        }
    }

    // ---------------------------------------------------------------- UNKNOWN orders and previous sessions' orders (I/O loop)

    /**
     * {@code POST /info {"type":"orderStatus","user","oid":cloid}} (Info endpoint docs, "Query order
     * status by oid or cloid"): {@code unknownOid} → ABSENT; an order → its fills read from
     * {@code userFills} (the answer gives the remaining {@code sz} and {@code origSz}, not prices),
     * then its status applied.
     */
    private CompletableFuture<Answer> queryOrder(final TrackedOrder order)
    {
        final String cloid = cloids.cloid(order.epoch(), order.clientOrderId());
        return info("{\"type\":\"orderStatus\",\"user\":\"" + user + "\",\"oid\":\"" + cloid + "\"}").thenComposeAsync(response ->
        {
            if (!response.isSuccess())
            {
                return CompletableFuture.completedFuture(Answer.INDEFINITE);
            }
            final Object json;
            try
            {
                json = JsonTree.parse(response.bodyText());
            }
            catch (final RuntimeException ex)
            {
                return CompletableFuture.completedFuture(Answer.INDEFINITE);
            }
            if ("unknownOid".equals(JsonTree.text(json, "status")))
            {
                return CompletableFuture.completedFuture(Answer.absent(NO_SUCH_ORDER, "unknownOid"));
            }
            final Object found = JsonTree.get(json, "order");
            final Object basic = JsonTree.get(found, "order");
            final long oid = oidOf(JsonTree.text(basic, "oid"));
            if (found == null || oid < 0)
            {
                return CompletableFuture.completedFuture(Answer.INDEFINITE);
            }
            know(oid, order);
            final long origSz = fixed(JsonTree.text(basic, "origSz"));
            final long sz = fixed(JsonTree.text(basic, "sz"));
            final long filledQty = origSz == FixedPoint.NULL || sz == FixedPoint.NULL ? 0 : origSz - sz;
            final CompletableFuture<Void> fills = filledQty > order.cumQty() ? fetchFills(order, oid) : CompletableFuture.completedFuture(null);
            return fills.handleAsync((ignore, error) ->
            {
                if (error != null)
                {
                    return Answer.INDEFINITE;
                }
                final long statusNs = msToNs(JsonTree.text(found, "statusTimestamp"));
                if (filledQty > order.cumQty())
                {
                    // older than the most recent fills userFills lists: the rest at the order's limit, the taker fee estimated
                    final long limitPx = fixed(JsonTree.text(basic, "limitPx"));
                    LOG.warn("{}: order {} filled {} but userFills lists {}; the rest published at its limit {}", NAME, cloid,
                        FixedPoint.toString(filledQty), FixedPoint.toString(order.cumQty()), FixedPoint.toString(limitPx));
                    tracker.onEstimatedFill(order, filledQty, FixedPoint.NULL, limitPx,
                        FixedPoint.multiply(FixedPoint.multiply(filledQty - order.cumQty(), limitPx), config.takerFee()), statusNs);
                }
                applyOrderStatus(order, oid, JsonTree.text(found, "status"), statusNs);
                return Answer.FOUND;
            }, loop);
        }, loop).exceptionally(error -> Answer.INDEFINITE);
    }

    /** {@code POST /info {"type":"userFills","user"}} (the most recent fills): those of {@code oid} applied. */
    private CompletableFuture<Void> fetchFills(final TrackedOrder order, final long oid)
    {
        return info("{\"type\":\"userFills\",\"user\":\"" + user + "\"}").thenAcceptAsync(response ->
        {
            if (!response.isSuccess())
            {
                throw new IllegalStateException("userFills HTTP " + response.status());
            }
            final List<Object> fills = new ArrayList<>(JsonTree.list(JsonTree.parse(response.bodyText())));
            java.util.Collections.reverse(fills); // newest first in the answer; applied oldest first
            for (final Object fill : fills)
            {
                if (oidOf(JsonTree.text(fill, "oid")) == oid)
                {
                    applyFill(order, fill);
                }
            }
        }, loop);
    }

    /** A previous session's order still working: {@code cancelByCloid} under its own cloid (the answer is an acknowledgement only). */
    private CompletableFuture<RestResponse> cancelPrevious(final TrackedOrder order)
    {
        final Coin coin = coins.get(order.instrumentId());
        if (coin == null)
        {
            return CompletableFuture.completedFuture(null);
        }
        ioActions.cancelByCloid(coin.asset(), cloids.cloid(order.epoch(), order.clientOrderId()));
        return exchange(ioSigner, ioActions, ioBody, clock.nanoTime() / 1_000_000L);
    }

    /**
     * An order's status from {@code orderUpdates} or {@code orderStatus}: open → NEW; canceled →
     * CANCELED (EXPIRED for an IOC); rejected and …Rejected → REJECTED; …Canceled (margin, reduce-only,
     * self-trade, scheduled, …) → CANCELED with the status as reason; filled and triggered change
     * nothing (fills come from userFills).
     */
    void applyOrderStatus(final TrackedOrder order, final long oid, final String status, final long tsEventNs)
    {
        if (status == null)
        {
            return;
        }
        final String venueOrderId = oid < 0 ? null : Long.toString(oid);
        if ("open".equals(status))
        {
            tracker.onAck(order, venueOrderId, tsEventNs);
        }
        else if ("canceled".equals(status))
        {
            tracker.onTerminal(order, resting.contains(order.clientOrderId()) ? ExecType.CANCELED : ExecType.EXPIRED, 0, status, tsEventNs);
        }
        else if ("rejected".equals(status) || status.endsWith("Rejected"))
        {
            tracker.onTerminal(order, ExecType.REJECTED, VENUE_REJECT, status, tsEventNs);
        }
        else if (status.endsWith("Canceled") || "scheduledCancel".equals(status))
        {
            tracker.onTerminal(order, ExecType.CANCELED, 0, status, tsEventNs);
        }
    }

    // ---------------------------------------------------------------- private stream (I/O loop)

    private final class StreamHandler implements FrameHandler
    {
        @Override
        public void onOpen(final int connectCount)
        {
            connects = connectCount;
            acks = 0;
        }

        @Override
        public void onFrame(final DirectBuffer buffer, final int offset, final int length, final long tsInitNs)
        {
            final Object json;
            try
            {
                json = JsonTree.parse(buffer, offset, length);
            }
            catch (final IllegalArgumentException ex)
            {
                malformedMessages++;
                return;
            }
            onMessage(json);
        }
    }

    /** One message of the private stream; one the gateway cannot read is counted and logged, never thrown. */
    void onMessage(final Object json)
    {
        try
        {
            dispatch(json);
        }
        catch (final RuntimeException ex)
        {
            if (malformedMessages++ == 0)
            {
                LOG.warn("{}: private stream message skipped ({}); further ones only counted: {}", NAME, ex.getClass().getSimpleName(), json);
            }
        }
    }

    private void dispatch(final Object json)
    {
        final String channel = JsonTree.text(json, "channel");
        final Object data = JsonTree.get(json, "data");
        if (channel == null)
        {
            return;
        }
        switch (channel)
        {
            case "subscriptionResponse":
                onSubscribed();
                break;
            case "orderUpdates":
                for (final Object o : JsonTree.list(data))
                {
                    onOrderUpdate(o);
                }
                break;
            case "userFills":
                onFills(JsonTree.list(JsonTree.get(data, "fills")), Boolean.TRUE.equals(JsonTree.get(data, "isSnapshot")));
                break;
            case "userFundings":
                for (final Object f : JsonTree.list(JsonTree.get(data, "fundings")))
                {
                    onFunding(f);
                }
                break;
            case "user":
                onUserEvent(data);
                break;
            case "error":
                LOG.warn("{}: private stream error: {}", NAME, data);
                break;
            default:
                break; // pong
        }
    }

    private void onSubscribed()
    {
        if (++acks != SUBSCRIPTIONS.length)
        {
            return;
        }
        if (connects <= 1)
        {
            lifecycle.streamLive();
            // orders sent before the stream was subscribed: their updates were pushed to nobody
            unknown.recheckOpen();
        }
        else
        {
            streamReconnects++;
            LOG.info("{}: private stream back; querying open orders, positions and the balance (the fundings snapshot brings missed settlements)",
                NAME);
            unknown.recheckOpen();
            lifecycle.pollBalanceIfKnown();
            positions.request(PositionSource.RECONNECT);
        }
    }

    /** A WsOrder: the order its cloid names (this session's, a previous session's, or foreign), then its status. */
    private void onOrderUpdate(final Object o)
    {
        final Object basic = JsonTree.get(o, "order");
        final long oid = oidOf(JsonTree.text(basic, "oid"));
        final TrackedOrder order = reportOrder(basic, oid);
        if (order != null)
        {
            know(oid, order);
            applyOrderStatus(order, oid, JsonTree.text(o, "status"), msToNs(JsonTree.text(o, "statusTimestamp")));
            replayPendingFills();
        }
        else if (oid >= 0)
        {
            notOurs.add(oid);
        }
    }

    /** The order a report's {@code cloid} names, or null for orders not ours (manual, no cloid) and ids no longer known. */
    private TrackedOrder reportOrder(final Object basic, final long oid)
    {
        final String cloid = JsonTree.text(basic, "cloid");
        final long own = cloids.ownId(cloid);
        if (own != VenueOrderIds.NOT_OURS)
        {
            return tracker.get(own);
        }
        final String venueId = HyperliquidCloids.venueId(cloid);
        if (venueId == null)
        {
            return null;
        }
        final TrackedOrder prior = tracker.previous(venueId);
        if (prior != null)
        {
            return prior;
        }
        final long foreignId = ids.foreignId(venueId);
        final int instrumentId = foreignId == VenueOrderIds.NOT_OURS ? 0 : symbols.instrumentId(JsonTree.text(basic, "coin"));
        if (instrumentId == 0)
        {
            return null;
        }
        final long before = tracker.foreignOrders();
        final TrackedOrder order = tracker.trackForeign(foreignId, instrumentId, "A".equals(JsonTree.text(basic, "side")) ? Side.SELL : Side.BUY,
            fixed(JsonTree.text(basic, "origSz")));
        if (tracker.foreignOrders() != before)
        {
            LOG.warn("{}: an order update of {} of another session (oid {}); its fills published as foreign exposure (id {})", NAME, cloid, oid,
                foreignId);
        }
        return order;
    }

    /** WsFills; those of orders not known yet are kept until their oid is (not from a snapshot: history). */
    private void onFills(final List<Object> fills, final boolean snapshot)
    {
        boolean any = false;
        for (final Object fill : fills)
        {
            final long oid = oidOf(JsonTree.text(fill, "oid"));
            final Object liquidation = JsonTree.get(fill, "liquidation");
            final TrackedOrder order = byOid.get(oid);
            if (order != null)
            {
                any |= applyFill(order, fill);
            }
            else if (liquidation != null)
            {
                any |= onForcedClose(fill);
            }
            else if (!snapshot && !notOurs.contains(oid) && pendingFills.size() < PENDING_FILLS)
            {
                pendingFills.add(fill); // its order's cloid is not known yet: applied when the answer or its orderUpdates come
            }
        }
        if (any)
        {
            positions.request(PositionSource.FILL);
            lifecycle.requestBalance();
        }
    }

    private void replayPendingFills()
    {
        for (int i = pendingFills.size() - 1; i >= 0; i--)
        {
            final Object fill = pendingFills.get(i);
            final long oid = oidOf(JsonTree.text(fill, "oid"));
            final TrackedOrder order = byOid.get(oid);
            if (order != null || notOurs.contains(oid))
            {
                pendingFills.remove(i);
                if (order != null && applyFill(order, fill))
                {
                    positions.request(PositionSource.FILL);
                    lifecycle.requestBalance();
                }
            }
        }
    }

    private static long timeMs(final Object fill)
    {
        return msToNs(JsonTree.text(fill, "time")) / 1_000_000L;
    }

    /**
     * One WsFill of an order of ours, once per {@code tid}: the trade with its actual fee in
     * {@code feeToken} (negative: a rebate); a part already published from the order answer with an
     * estimated fee gets the fee corrected ({@link OrderTracker#onTrade}).
     */
    boolean applyFill(final TrackedOrder order, final Object fill)
    {
        final String tid = JsonTree.text(fill, "tid");
        if (tid == null || !tradeIds.add(Long.parseLong(tid)))
        {
            return false;
        }
        final long sz = fixed(JsonTree.text(fill, "sz"));
        if (sz == FixedPoint.NULL || sz <= 0)
        {
            return false;
        }
        final long cumQty = streamCumQty.get(order.clientOrderId()) + sz;
        streamCumQty.put(order.clientOrderId(), cumQty);
        final long fee = fixed(JsonTree.text(fill, "fee"));
        final String feeToken = JsonTree.text(fill, "feeToken");
        final Asset feeAsset = feeToken == null ? Asset.USDC : Assets.of(feeToken);
        return tracker.onTrade(order, cumQty, sz, fixed(JsonTree.text(fill, "px")), fee == FixedPoint.NULL ? 0 : fee, feeAsset,
            feeAsset == Asset.USDC, msToNs(JsonTree.text(fill, "time")));
    }

    /**
     * A fill of an order the venue placed to liquidate the account ({@code liquidation} set, the
     * order not ours): published under a foreign id derived from its oid with the LIQUIDATION flag.
     */
    private boolean onForcedClose(final Object fill)
    {
        final String tid = JsonTree.text(fill, "tid");
        final int instrumentId = symbols.instrumentId(JsonTree.text(fill, "coin"));
        final long sz = fixed(JsonTree.text(fill, "sz"));
        if (instrumentId == 0 || sz == FixedPoint.NULL || sz <= 0 || tid == null || !tradeIds.add(Long.parseLong(tid)))
        {
            return false;
        }
        final String oid = JsonTree.text(fill, "oid");
        final long before = tracker.foreignOrders();
        final TrackedOrder order = tracker.trackForeign(VenueOrderIds.forcedCloseId(oid), instrumentId,
            "A".equals(JsonTree.text(fill, "side")) ? Side.SELL : Side.BUY, FixedPoint.NULL, ExecFlag.LIQUIDATION);
        if (tracker.foreignOrders() != before)
        {
            LOG.warn("{}: liquidation of {} (oid {}) reported as foreign fills (id {})", NAME, JsonTree.text(fill, "coin"), oid, order.clientOrderId());
        }
        final long fee = fixed(JsonTree.text(fill, "fee"));
        return tracker.onFill(order, order.cumQty() + sz, FixedPoint.NULL, fixed(JsonTree.text(fill, "px")), fee == FixedPoint.NULL ? 0 : fee,
            Assets.of(JsonTree.text(fill, "feeToken")), msToNs(JsonTree.text(fill, "time")));
    }

    /**
     * A WsUserFunding {@code {time, coin, usdc, szi, fundingRate}}: {@code usdc} is what the account
     * received (negative when it paid), {@code szi} the signed position. Settlements before the
     * session started are history (the snapshot lists them); each (coin, time) is published once.
     */
    void onFunding(final Object f)
    {
        final long timeMs = timeMs(f);
        final int instrumentId = symbols.instrumentId(JsonTree.text(f, "coin"));
        if (instrumentId == 0 || timeMs < sessionStartMs || !fundingIds.add(timeMs * 31 + instrumentId))
        {
            return;
        }
        final long amount = fixed(JsonTree.text(f, "usdc"));
        if (amount == FixedPoint.NULL)
        {
            throw new IllegalArgumentException("a funding without a readable usdc amount");
        }
        fundingPublished++;
        publisher.funding(instrumentId, timeMs * 1_000_000L, amount, fixed(JsonTree.text(f, "fundingRate")), fixed(JsonTree.text(f, "szi")));
        lifecycle.requestBalance();
    }

    /** A WsUserEvent (channel "user"): fills and funding come on their own channels; liquidation and nonUserCancel act here. */
    private void onUserEvent(final Object event)
    {
        final Object funding = JsonTree.get(event, "funding");
        if (funding != null)
        {
            onFunding(funding);
        }
        final Object liquidation = JsonTree.get(event, "liquidation");
        if (liquidation != null)
        {
            LOG.warn("{}: liquidation {} of the account (notional {}, account value {}); positions and balance asked for", NAME,
                JsonTree.text(liquidation, "lid"), JsonTree.text(liquidation, "liquidated_ntl_pos"),
                JsonTree.text(liquidation, "liquidated_account_value"));
            positions.request(PositionSource.FILL);
            lifecycle.requestBalance();
        }
        for (final Object cancel : JsonTree.list(JsonTree.get(event, "nonUserCancel")))
        {
            final TrackedOrder order = byOid.get(oidOf(JsonTree.text(cancel, "oid")));
            if (order != null)
            {
                tracker.onTerminal(order, ExecType.CANCELED, 0, "nonUserCancel", clock.nanoTime());
            }
        }
    }

    // ---------------------------------------------------------------- statistics (any thread)

    @Override
    public long ordersSent()
    {
        return ordersSent;
    }

    @Override
    public long localRejects()
    {
        return admission.localRejects();
    }

    @Override
    public long rateLimitedResponses()
    {
        return rateLimitedResponses;
    }

    @Override
    public long streamReconnects()
    {
        return streamReconnects;
    }

    @Override
    public UnknownOrders outcomes()
    {
        return unknown;
    }

    @Override
    public PreviousOrders previousOrders()
    {
        return previous;
    }

    public long balanceFailures()
    {
        return lifecycle.balanceFailures();
    }

    public PositionRequests positions()
    {
        return positions;
    }

    /** Private stream messages skipped as unreadable. */
    public long malformedMessages()
    {
        return malformedMessages;
    }

    /** Funding settlements published. */
    public long fundingPublished()
    {
        return fundingPublished;
    }

    public long duplicatesDropped()
    {
        return tracker.duplicatesDropped();
    }

    /** The agent wallet's address (derived from the key). */
    public String agentAddress()
    {
        return commandSigner.address();
    }

    /** The cloids this gateway sends. */
    public HyperliquidCloids cloids()
    {
        return cloids;
    }

    @Override
    public String toString()
    {
        return "HyperliquidGateway{rest=" + config.restBaseUrl() + ", user=" + user + ", ordersSent=" + ordersSent + ", localRejects="
            + admission.localRejects() + "}";
    }
}
