package io.fundingarb.connectors.bybit;

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
import io.fundingarb.codecs.sbe.OrderType;
import io.fundingarb.codecs.sbe.PositionSource;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.StreamKind;
import io.fundingarb.codecs.sbe.TimeInForce;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.gateway.AsciiBuilder;
import io.fundingarb.connectors.gateway.Assets;
import io.fundingarb.connectors.gateway.BalanceFailure;
import io.fundingarb.connectors.gateway.CommandDispatcher;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.GatewayLifecycle;
import io.fundingarb.connectors.gateway.GatewayPublisher;
import io.fundingarb.connectors.gateway.HmacSigner;
import io.fundingarb.connectors.gateway.OrderAdmission;
import io.fundingarb.connectors.gateway.OrderGateway;
import io.fundingarb.connectors.gateway.OrderTracker;
import io.fundingarb.connectors.gateway.PlacedOrder;
import io.fundingarb.connectors.gateway.PositionRequests;
import io.fundingarb.connectors.gateway.PreviousOrder;
import io.fundingarb.connectors.gateway.PreviousOrders;
import io.fundingarb.connectors.gateway.TrackedOrder;
import io.fundingarb.connectors.gateway.UnknownOrders;
import io.fundingarb.connectors.gateway.UnknownOrders.Answer;
import io.fundingarb.connectors.gateway.VenueOrderIds;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.transport.FrameHandler;
import io.fundingarb.connectors.transport.RestClient;
import io.fundingarb.connectors.transport.RestResponse;
import io.fundingarb.connectors.transport.ResyncHandler;
import io.fundingarb.connectors.transport.VenuePing;
import io.fundingarb.connectors.transport.VenueStatusPublisher;
import io.fundingarb.connectors.transport.WsConfig;
import io.fundingarb.connectors.transport.WsConnection;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bybit v5 linear order gateway: {@code OrderCommand} → {@code POST /v5/order/create} (JSON:
 * category linear, symbol, side Buy/Sell, orderType, qty, price, timeInForce, reduceOnly,
 * orderLinkId = {@code fa-<sessionEpoch>-<clientOrderId>}, {@link VenueOrderIds}) with the X-BAPI-* headers, {@code CancelCommand} →
 * {@code POST /v5/order/cancel}. The create answer is an acknowledgement (NEW) or a reject
 * (retCode != 0 → REJECTED with retCode and retMsg); fills, cancels, funding and balances come
 * on the private WebSocket {@code /v5/private} ({@code auth}, then topics {@code order},
 * {@code execution}, {@code wallet}). Funding is an execution with execType "Funding"
 * (execFee paid, so amount = -execFee; feeRate is the rate; execQty the position, signed by
 * side). Settlements missed while the stream was down are read from the signed
 * {@code GET /v5/account/transaction-log} (type SETTLEMENT) once at start and after every
 * reconnect, each published once ({@link BybitFundingLog}). The USDT wallet balance is also fetched with a signed
 * {@code GET /v5/account/wallet-balance?accountType=UNIFIED} at start, every
 * {@code balancePollIntervalNs} and after a stream reconnect, so the engine knows it before the
 * first fill.
 *
 * <pre>
 *  outbound ring ──onCommand──► JSON body + X-BAPI-SIGN (command thread, reused buffers)
 *                                   ▼
 *                    gateway I/O loop ──► RestClient ──► ack / reject ─────────┐
 *                    private stream (WsConnection, same loop) order/execution ─┤──► OrderTracker ──► inbound ring
 *                                                           wallet, Funding ───┘
 * </pre>
 *
 * Rate limits: {@code maxOrdersPerSecond} locally; {@code X-Bapi-Limit-Status} 0 blocks new
 * orders until {@code X-Bapi-Limit-Reset-Timestamp}; retCode 10006 or HTTP 429/403 back off
 * (retried once when short, else REJECTED with the venue's code and message). A retCode other
 * than 0 is a definitive reject, except 10000 "Server Timeout" and 10016 "Server error"; those, a
 * transport failure, connection reset, timeout, 5xx or an unreadable answer make the order
 * UNKNOWN: it is never resent, and {@link UnknownOrders} asks the venue with a signed
 * {@code GET /v5/order/realtime?category=linear&symbol=&orderLinkId=} (closed orders included when
 * asked by orderLinkId), then {@code GET /v5/order/history} when that list is empty (after a venue
 * restart closed orders are only there); both empty once the request can no longer arrive:
 * REJECTED 110001. After a stream reconnect every open order is queried so fills missed while
 * disconnected are published. Reports of another session's orders (another epoch in orderLinkId)
 * are never matched to this session's: only their fills are published, under a foreign id.
 * The API key and secret are never logged, printed or published.
 */
public final class BybitGateway implements OrderGateway
{
    public static final int LOCAL_RATE_LIMIT = OrderAdmission.LOCAL_RATE_LIMIT;
    public static final int LOCAL_UNKNOWN_INSTRUMENT = OrderAdmission.LOCAL_UNKNOWN_INSTRUMENT;
    /** Internal: an answer without a retCode (then UNKNOWN, or a rate-limit reject with {@link #RATE_LIMITED}). */
    public static final int LOCAL_TRANSPORT = -9003;
    /** Bybit's "too many visits" retCode. */
    public static final int RATE_LIMITED = 10006;
    /** retCode 10000 "Server Timeout" and 10016 "Server error": the outcome is unknown. */
    static final int SERVER_TIMEOUT = 10000;
    static final int SERVER_ERROR = 10016;
    /** "Order does not exist" (Bybit's code for an unknown order), published for an order the venue never had. */
    static final int NO_SUCH_ORDER = 110001;
    /** WebSocket trade API retCode 10429 "System level frequency protection" ("Websocket Trade Guideline"): refused, as 10006. */
    static final int WS_FREQUENCY_PROTECTION = 10429;
    /** Added to the recvWindow: after the signed timestamp + both, a request not yet arrived is refused by the venue. */
    static final long ABSENT_MARGIN_NS = TimeUnit.SECONDS.toNanos(1);

    private static final Logger LOG = LoggerFactory.getLogger(BybitGateway.class);
    private static final String PING_PATH = "/v5/market/time";
    /** How often an idle order connection sends the ping, well inside the 60 s idle timeout common to load balancers. */
    private static final long REST_KEEP_WARM_NS = TimeUnit.SECONDS.toNanos(25);
    private static final String CREATE_PATH = "/v5/order/create";
    private static final String CANCEL_PATH = "/v5/order/cancel";
    private static final String QUERY_PATH = "/v5/order/realtime";
    private static final String HISTORY_PATH = "/v5/order/history";
    private static final String WALLET_PATH = "/v5/account/wallet-balance";
    private static final String WALLET_QUERY = "accountType=UNIFIED";
    private static final String JSON = "application/json";
    /** "Get Position Info": {@code settleCoin} lists the positions of size > 0 settled in that coin. */
    static final String POSITION_LIST_PATH = "/v5/position/list";
    /** "Set Leverage": buyLeverage = sellLeverage in one-way mode. */
    static final String SET_LEVERAGE_PATH = "/v5/position/set-leverage";
    /** "Set Margin Mode" (account-wide on a unified account): REGULAR_MARGIN (cross) or ISOLATED_MARGIN. */
    static final String SET_MARGIN_MODE_PATH = "/v5/account/set-margin-mode";
    /** retCode 110043 "Set leverage not modified": the symbol already has that leverage. */
    static final int LEVERAGE_NOT_MODIFIED = 110043;
    /** The settle coins of linear contracts: USDT perpetuals and USDC contracts. */
    private static final String[] SETTLE_COINS = {"USDT", "USDC"};
    private static final long AUTH_EXPIRY_MS = 10_000;
    private static final int RETAINED_ORDERS = 4096;
    private static final int FUNDING_LOG_ATTEMPTS = 4;
    private static final long FUNDING_LOG_RETRY_BASE_NS = TimeUnit.MILLISECONDS.toNanos(500);

    private final GatewayConfig config;
    private final VenueSymbols symbols;
    private final EventLoop loop;
    private final EventSink sink;
    private final EpochNanoClock clock;
    private final RestClient rest;
    private final VenueOrderIds ids;

    // command thread
    private final BybitSigner commandSigner;
    private final CommandDispatcher commands = new CommandDispatcher(Venue.BYBIT, this::onOrder, this::onCancel);
    private final AsciiBuilder body = new AsciiBuilder(512);
    private final byte[] signature = new byte[HmacSigner.HEX_LENGTH];
    private final OrderAdmission admission;

    // I/O loop
    private final BybitSigner ioSigner;
    private final GatewayPublisher publisher;
    private final OrderTracker tracker;
    private final GatewayLifecycle lifecycle;
    private final UnknownOrders unknown;
    private final PositionRequests positions;
    private final PreviousOrders previous;
    private final BybitFundingLog fundingLog;
    private boolean fundingLogInFlight;
    private boolean fundingLogRequested;
    private Runnable afterFundingLog;
    private WsConnection stream;
    private int connects;
    private volatile long ordersSent;
    private volatile long rateLimitedResponses;
    private volatile long streamReconnects;
    private volatile long authFailures;

    // order entry over the WebSocket trade API (null: REST only)
    private final BybitOrderSocket orderSocket;
    private final AsciiBuilder wsFrame = new AsciiBuilder(768);
    private volatile long restFallbacks;

    /**
     * @param config    URLs ({@code wsBaseUrl} + "/v5/private"), recvWindow, rate limits.
     * @param apiKey    the API key (from the environment variable the engine config names).
     * @param apiSecret the API secret (idem).
     * @param group     I/O threads; one loop of it runs this gateway.
     * @param sink      the inbound ring.
     * @param clock     stamps tsInitNs and the signed timestamps.
     * @param symbols   instrument id ↔ Bybit symbol.
     * @param sessionEpoch the session's epoch in seconds, carried in every orderLinkId sent.
     */
    public BybitGateway(
        final GatewayConfig config,
        final String apiKey,
        final String apiSecret,
        final EventLoopGroup group,
        final EventSink sink,
        final EpochNanoClock clock,
        final VenueSymbols symbols,
        final long sessionEpoch)
    {
        this.config = config;
        this.symbols = symbols;
        this.loop = group.next();
        this.sink = sink;
        this.clock = clock;
        this.commandSigner = new BybitSigner(apiKey, apiSecret);
        this.ioSigner = new BybitSigner(apiKey, apiSecret);
        this.rest = RestClient.keepAlive(loop, config.requestTimeoutNs(), RestClient.DEFAULT_MAX_BODY_BYTES, null);
        this.admission = new OrderAdmission(symbols, config.maxOrdersPerSecond(), new GatewayPublisher(sink, clock, Venue.BYBIT, apiKey, apiSecret),
            "Bybit", "venue rate limit: backing off after 10006/429 or X-Bapi-Limit-Status 0");
        this.publisher = new GatewayPublisher(sink, clock, Venue.BYBIT, apiKey, apiSecret);
        this.tracker = new OrderTracker(publisher, RETAINED_ORDERS);
        this.lifecycle = new GatewayLifecycle("bybit gateway", LOG, loop, config, WALLET_PATH, this::pollBalance);
        this.ids = new VenueOrderIds(sessionEpoch);
        this.unknown = new UnknownOrders("bybit gateway", LOG, loop, tracker, ids, config, clock::nanoTime, this::queryOrder);
        this.positions = new PositionRequests("bybit gateway", LOG, loop, symbols, publisher, config.account(), this::queryPositions);
        this.fundingLog = new BybitFundingLog(symbols, publisher, clock.nanoTime() / 1_000_000L);
        this.previous = new PreviousOrders("bybit gateway", LOG, loop, tracker, ids, config, clock::nanoTime, this::queryOrder, this::cancelPrevious);
        this.orderSocket = config.orderEntry().isWebSocket()
            ? new BybitOrderSocket(config.orderEntry().wsUri(), apiKey, apiSecret, config.recvWindowMs(), loop, clock, config.requestTimeoutNs(),
                config.wsBackoffBaseNs(), config.wsBackoffCapNs(), new SocketAnswers())
            : null;
    }

    /**
     * A resumed session's orders of previous sessions on this venue that the journal never saw
     * finish: asked for at start, before the first positions ({@link PreviousOrders}). Before
     * {@link #start()} and before the gateway receives commands.
     */
    public BybitGateway adoptPrevious(final List<PreviousOrder> orders)
    {
        previous.adopt(orders, id -> symbols.symbol(id) != null);
        return this;
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Sets the account up, publishes the positions (source START), then connects the private stream
     * and fetches the wallet balance. Set-up, before any order: the unified account's margin mode
     * ({@code POST /v5/account/set-margin-mode}, REGULAR_MARGIN for cross or ISOLATED_MARGIN), then
     * per traded symbol the leverage ({@code POST /v5/position/set-leverage}; 110043 "Set leverage
     * not modified" is success); the positions must be one-way ({@code positionIdx} 0). The future
     * completes once that is done, the first position batch is published, the stream is
     * authenticated and subscribed AND the first {@code BalanceUpdate} has been published; it fails
     * with an {@link IllegalStateException} naming the symbol and the venue's retCode and retMsg when
     * the venue refuses a set-up step, the positions or the signed balance request (wrong key or
     * secret, not a unified account), or after {@link BalanceFailure#START_ATTEMPTS} transient
     * balance failures. After a failure, close the gateway.
     */
    public CompletableFuture<Void> start()
    {
        rest.keepWarm(config.restUri(PING_PATH, null), REST_KEEP_WARM_NS); // the order path's connection, before the first order
        if (orderSocket != null)
        {
            orderSocket.start(); // open and authenticated before the first order; REST carries the orders until it is
        }
        // the private stream connects after the set-up and the first positions: say so at once, so the engine enters no pair
        // on this venue before the stream that carries its fills is up (exits are never held back)
        new VenueStatusPublisher(sink, Venue.BYBIT, StreamKind.ORDERS).publishOrWait(FeedState.CONNECTING, 0, "starting: account set-up first", clock.nanoTime());
        return lifecycle.start(() -> BybitAccountSetUp.run(this::signedPost, symbols, config.account())
            .thenCompose(ignore -> previous.resolve())
            .thenCompose(ignore -> positions.request(PositionSource.START))
            .thenRun(positions::startPolling), this::connectStream);
    }

    /** REST connections opened and requests sent on a kept-alive one, so far (any thread): the order path's reuse. */
    public long[] restConnections()
    {
        return new long[] {rest.connectionsOpened(), rest.connectionsReused()};
    }

    private void connectStream()
    {
        final URI wsUri = config.wsUri("/v5/private");
        final WsConfig wsConfig = WsConfig.of(Venue.BYBIT, wsUri, List.of())
            .withPing(VenuePing.bybit())
            .withBackoff(config.wsBackoffBaseNs(), config.wsBackoffCapNs())
            .withSilenceTimeoutNs(0)
            .withStream(StreamKind.ORDERS);
        stream = new WsConnection(wsConfig, loop, new StreamHandler(), sink, clock, new Random(17), ResyncHandler.NONE).start();
        LOG.info("bybit gateway: private stream {} connecting, rest {}", wsUri, config.restBaseUrl());
    }

    /**
     * Asks the venue for the positions of every traded instrument (any thread): one
     * {@code PositionSnapshot} batch with this source follows. At most one query runs, one more
     * waits; the future completes once a batch taken after this call is published.
     */
    public CompletableFuture<Void> requestPositions(final PositionSource source)
    {
        return positions.request(source);
    }

    /** A signed JSON POST on the I/O loop (the signature covers timestamp + key + recvWindow + body). */
    CompletableFuture<RestResponse> signedPost(final String path, final String json)
    {
        final byte[] bytes = json.getBytes(StandardCharsets.US_ASCII);
        final Map<String, String> headers = signedHeaders(ioSigner, clock.nanoTime() / 1_000_000L, bytes, new byte[HmacSigner.HEX_LENGTH]);
        return rest.post(config.restUri(path, null), headers, bytes, JSON);
    }

    /** A signed GET on the I/O loop (the signature covers timestamp + key + recvWindow + the query string). */
    CompletableFuture<RestResponse> signedGet(final String path, final String query)
    {
        final Map<String, String> headers = signedHeaders(ioSigner, clock.nanoTime() / 1_000_000L, query.getBytes(StandardCharsets.US_ASCII),
            new byte[HmacSigner.HEX_LENGTH]);
        return rest.get(config.restUri(path, query), headers);
    }

    /** Signed {@code GET /v5/position/list?category=linear&settleCoin=} for USDT then USDC, every page; null, or why not. */
    private CompletableFuture<String> queryPositions()
    {
        return queryPositions(0, "");
    }

    private CompletableFuture<String> queryPositions(final int coin, final String cursor)
    {
        final String query = "category=linear&limit=200&settleCoin=" + SETTLE_COINS[coin] + (cursor.isEmpty() ? "" : "&cursor=" + cursor);
        return signedGet(POSITION_LIST_PATH, query).handleAsync((response, error) ->
        {
            if (error != null)
            {
                return CompletableFuture.completedFuture("transport: " + error.getClass().getSimpleName());
            }
            final String[] next = new String[1];
            final String failure = readPositionList(response, positions, next);
            if (failure != null)
            {
                return CompletableFuture.completedFuture(failure);
            }
            if (next[0] != null && !next[0].isEmpty())
            {
                return queryPositions(coin, next[0]);
            }
            return coin + 1 < SETTLE_COINS.length ? queryPositions(coin + 1, "") : CompletableFuture.<String>completedFuture(null);
        }, loop).thenCompose(f -> f);
    }

    /**
     * One page of "Get Position Info" (fixture fixtures/bybit/position-list.json) into the batch:
     * {@code size} unsigned with {@code side} Buy/Sell, {@code avgPrice}, {@code markPrice},
     * {@code liqPrice} ("" when there is none), {@code positionMM}, {@code leverage},
     * {@code tradeMode} 0 cross / 1 isolated; a {@code positionIdx} other than 0 (hedge mode) is a
     * failure. Null once read, else why not; {@code nextCursor[0]} the next page's cursor.
     */
    static String readPositionList(final RestResponse response, final PositionRequests positions, final String[] nextCursor)
    {
        try
        {
            final Object json = JsonTree.parse(response.bodyText());
            final String retCode = JsonTree.text(json, "retCode");
            if (!"0".equals(retCode))
            {
                return "HTTP " + response.status() + " retCode " + retCode + " " + JsonTree.text(json, "retMsg");
            }
            final Object result = JsonTree.get(json, "result");
            for (final Object p : JsonTree.list(JsonTree.get(result, "list")))
            {
                final String idx = JsonTree.text(p, "positionIdx");
                if (idx != null && !"0".equals(idx))
                {
                    return "position " + JsonTree.text(p, "symbol") + " in hedge mode (positionIdx " + idx + "): the engine trades one-way only";
                }
                final long size = fixed(JsonTree.text(p, "size"));
                final String leverage = JsonTree.text(p, "leverage");
                final String liq = JsonTree.text(p, "liqPrice");
                positions.put(JsonTree.text(p, "symbol"), msToNs(JsonTree.text(p, "updatedTime")),
                    size == FixedPoint.NULL ? 0 : "Sell".equals(JsonTree.text(p, "side")) ? -size : size,
                    fixed(JsonTree.text(p, "avgPrice")), fixed(JsonTree.text(p, "markPrice")),
                    liq == null || liq.isEmpty() ? FixedPoint.NULL : fixed(liq), fixed(JsonTree.text(p, "positionMM")),
                    leverage == null || leverage.isEmpty() ? 0 : new java.math.BigDecimal(leverage).intValue(),
                    "1".equals(JsonTree.text(p, "tradeMode")) ? MarginMode.ISOLATED : MarginMode.CROSS);
            }
            nextCursor[0] = JsonTree.text(result, "nextPageCursor");
            return null;
        }
        catch (final RuntimeException ex)
        {
            return "unreadable position list answer, HTTP " + response.status();
        }
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
            if (orderSocket != null)
            {
                orderSocket.close();
            }
        });
    }

    /**
     * Signed {@code GET /v5/account/wallet-balance?accountType=UNIFIED} (the signature covers
     * timestamp + key + recvWindow + the query string); publishes the USDT balance as a
     * {@code BalanceUpdate}. Completes on the I/O loop with null once published, else with why not.
     */
    CompletableFuture<BalanceFailure> pollBalance()
    {
        final CompletableFuture<BalanceFailure> outcome = new CompletableFuture<>();
        loop.execute(() ->
        {
            final Map<String, String> headers = signedHeaders(ioSigner, clock.nanoTime() / 1_000_000L,
                WALLET_QUERY.getBytes(StandardCharsets.US_ASCII), new byte[HmacSigner.HEX_LENGTH]);
            rest.get(config.restUri(WALLET_PATH, WALLET_QUERY), headers)
                .whenCompleteAsync((response, error) -> outcome.complete(onBalanceResponse(response, error)), loop);
        });
        return outcome;
    }

    private BalanceFailure onBalanceResponse(final RestResponse response, final Throwable error)
    {
        if (error != null)
        {
            return BalanceFailure.transientFailure("transport: " + error.getClass().getSimpleName());
        }
        final int status = response.status();
        if (status == 429 || status == 403 || status >= 500)
        {
            return BalanceFailure.transientFailure("HTTP " + status);
        }
        final Object json;
        final int retCode;
        try
        {
            json = JsonTree.parse(response.bodyText());
            retCode = Integer.parseInt(JsonTree.text(json, "retCode"));
        }
        catch (final RuntimeException ex)
        {
            return BalanceFailure.transientFailure("unreadable balance response, HTTP " + status);
        }
        if (retCode == RATE_LIMITED)
        {
            return BalanceFailure.transientFailure("retCode " + retCode + " " + JsonTree.text(json, "retMsg"));
        }
        if (retCode != 0)
        {
            return BalanceFailure.refused("retCode " + retCode + " " + JsonTree.text(json, "retMsg"));
        }
        final List<Object> wallets = JsonTree.list(JsonTree.get(JsonTree.get(json, "result"), "list"));
        if (wallets.isEmpty())
        {
            return BalanceFailure.refused("no UNIFIED account in the answer");
        }
        final Object wallet = wallets.get(0);
        final long timeNs = msToNs(JsonTree.text(json, "time"));
        // USDC before USDT: a consumer that does not yet tell the assets apart keeps the USDT figure
        boolean usdt = false;
        for (final String name : new String[] {"USDC", "USDT"})
        {
            for (final Object coin : JsonTree.list(JsonTree.get(wallet, "coin")))
            {
                if (!name.equals(JsonTree.text(coin, "coin")))
                {
                    continue;
                }
                final Quote asset = "USDT".equals(name) ? Quote.USDT : Quote.USDC;
                final long walletBalance = fixed(JsonTree.text(coin, "walletBalance"));
                final long available = available(wallet, coin);
                if (walletBalance == FixedPoint.NULL || available == FixedPoint.NULL)
                {
                    return BalanceFailure.transientFailure("wallet balance without walletBalance or available balance");
                }
                publisher.balance(asset, timeNs > 0 ? timeNs : clock.nanoTime(), walletBalance, available);
                usdt |= asset == Quote.USDT;
            }
        }
        if (!usdt)
        {
            // coins with nothing in them are left out of the answer ("By default, currency information with assets or liabilities of 0 is not returned")
            final long available = fixed(JsonTree.text(wallet, "totalAvailableBalance"));
            if (available == FixedPoint.NULL)
            {
                return BalanceFailure.transientFailure("wallet balance without totalAvailableBalance");
            }
            publisher.balance(Quote.USDT, timeNs > 0 ? timeNs : clock.nanoTime(), 0, available);
        }
        return null;
    }

    /**
     * What margin can still use, as "Get Wallet Balance" and "WebSocket Stream / Private / Wallet"
     * define it: on a unified account margin is shared across coins, so the account's
     * {@code totalAvailableBalance} ("Regular mode: totalMarginBalance - totalInitialMargin", in USD)
     * is the available balance of every coin; the coin's {@code availableToWithdraw} is what could
     * leave the account (the stream example shows USDT "0" beside a totalAvailableBalance of 9511,
     * and the REST answer leaves it "" on unified accounts). Only where the account gives no total
     * ("" in isolated-margin mode, or a classic account) is the coin's figure taken.
     */
    private static long available(final Object wallet, final Object coin)
    {
        final long total = fixed(JsonTree.text(wallet, "totalAvailableBalance"));
        return total != FixedPoint.NULL ? total : fixed(JsonTree.text(coin, "availableToWithdraw"));
    }

    // ---------------------------------------------------------------- commands (ring thread)

    @Override
    public void onCommand(final DirectBuffer buffer, final int offset, final int length, final boolean endOfBatch)
    {
        commands.onCommand(buffer, offset);
    }

    private void onOrder(final OrderCommandDecoder order)
    {
        final long clientOrderId = order.clientOrderId();
        final long nowNs = clock.nanoTime();
        if (!admission.admit(order, nowNs))
        {
            return;
        }
        final long timestampMs = nowNs / 1_000_000L;
        final int bodyLength = encodeOrder(order, body);
        final PlacedOrder placed = PlacedOrder.of(order, nowNs + TimeUnit.MILLISECONDS.toNanos(config.recvWindowMs()) + ABSENT_MARGIN_NS);
        if (orderSocket != null && orderSocket.isOpen())
        {
            orderSocket.encodeCreate(clientOrderId, timestampMs, body, wsFrame);
            final byte[] frame = wsFrame.copy();
            loop.execute(() -> createOverSocket(placed.track(tracker), frame, bodyLength));
            return;
        }
        if (orderSocket != null)
        {
            restFallbacks++;
        }
        final byte[] bytes = body.copy();
        final Map<String, String> headers = signedHeaders(commandSigner, timestampMs, bytes, signature);
        loop.execute(() -> send(placed.track(tracker), bytes, headers, 0));
    }

    /** An {@code order.create} frame on the socket; over REST if it closed meanwhile (nothing sent): the body is the frame's {@code args[0]}. */
    private void createOverSocket(final TrackedOrder order, final byte[] frame, final int bodyLength)
    {
        if (orderSocket.create(order, frame))
        {
            ordersSent++;
            return;
        }
        restFallbacks++;
        final byte[] bytes = java.util.Arrays.copyOfRange(frame, frame.length - 2 - bodyLength, frame.length - 2);
        send(order, bytes, signedHeaders(ioSigner, clock.nanoTime() / 1_000_000L, bytes, new byte[HmacSigner.HEX_LENGTH]), 0);
    }

    /**
     * Writes the {@code order.create} frame of the WebSocket trade API for a new order into {@code out} (reset first),
     * allocation free once the builders have grown; only with WebSocket order entry.
     *
     * @return the frame length.
     */
    public int encodeOrderFrame(final OrderCommandDecoder order, final long timestampMs, final AsciiBuilder out)
    {
        if (orderSocket == null)
        {
            throw new IllegalStateException("bybit gateway: order entry is REST");
        }
        encodeOrder(order, body);
        return orderSocket.encodeCreate(order.clientOrderId(), timestampMs, body, out);
    }

    /** Writes the JSON body of a new order into {@code out} (reset first); allocation free once grown. */
    public int encodeOrder(final OrderCommandDecoder order, final AsciiBuilder out)
    {
        final boolean market = order.orderType() == OrderType.MARKET;
        out.reset()
            .append("{\"category\":\"linear\",\"symbol\":\"").append(symbols.symbolBytes(order.instrumentId()))
            .append(order.side() == Side.SELL ? "\",\"side\":\"Sell\"" : "\",\"side\":\"Buy\"")
            .append(market ? ",\"orderType\":\"Market\"" : ",\"orderType\":\"Limit\"")
            .append(",\"qty\":\"").appendFixed(order.quantity()).append('"');
        if (!market)
        {
            out.append(",\"price\":\"").appendFixed(order.price()).append('"');
        }
        out.append(",\"timeInForce\":\"").append(timeInForce(order.timeInForce(), order.orderType())).append('"')
            .append(order.reduceOnly() == BooleanType.TRUE ? ",\"reduceOnly\":true" : ",\"reduceOnly\":false");
        ids.append(out.append(",\"orderLinkId\":\""), order.clientOrderId()).append("\"}");
        return out.length();
    }

    /** Signs {@code payload} into {@code signatureOut}; the signature as hex in {@code signatureOut}. */
    public int sign(final long timestampMs, final byte[] payload, final int length, final byte[] signatureOut)
    {
        return commandSigner.sign(timestampMs, config.recvWindowMs(), payload, 0, length, signatureOut, 0);
    }

    private Map<String, String> signedHeaders(final BybitSigner signer, final long timestampMs, final byte[] payload, final byte[] sig)
    {
        signer.sign(timestampMs, config.recvWindowMs(), payload, 0, payload.length, sig, 0);
        final Map<String, String> headers = new HashMap<>(8);
        headers.put(BybitSigner.API_KEY_HEADER, signer.apiKey());
        headers.put(BybitSigner.TIMESTAMP_HEADER, Long.toString(timestampMs));
        headers.put(BybitSigner.RECV_WINDOW_HEADER, Long.toString(config.recvWindowMs()));
        headers.put(BybitSigner.SIGN_HEADER, new String(sig, StandardCharsets.US_ASCII));
        return headers;
    }

    private static String timeInForce(final TimeInForce tif, final OrderType type)
    {
        if (type == OrderType.MARKET)
        {
            return "IOC";
        }
        switch (tif)
        {
            case GTC: return "GTC";
            case FOK: return "FOK";
            case POST_ONLY: return "PostOnly";
            default: return "IOC";
        }
    }

    private void onCancel(final CancelCommandDecoder cancel)
    {
        final String symbol = symbols.symbol(cancel.instrumentId());
        if (symbol == null)
        {
            return;
        }
        final byte[] bytes = ("{\"category\":\"linear\",\"symbol\":\"" + symbol + "\",\"orderLinkId\":\""
            + ids.text(previous.epochOf(cancel.clientOrderId()), cancel.clientOrderId()) + "\"}") // a previous session's order keeps its id
            .getBytes(StandardCharsets.US_ASCII);
        final long clientOrderId = cancel.clientOrderId();
        if (orderSocket != null && orderSocket.isOpen())
        {
            orderSocket.encodeCancel(clientOrderId, clock.nanoTime() / 1_000_000L, bytes, wsFrame);
            final byte[] frame = wsFrame.copy();
            loop.execute(() ->
            {
                if (!orderSocket.cancel(frame))
                {
                    restFallbacks++;
                    cancelOverRest(clientOrderId, bytes, signedHeaders(ioSigner, clock.nanoTime() / 1_000_000L, bytes, new byte[HmacSigner.HEX_LENGTH]));
                }
            });
            return;
        }
        final Map<String, String> headers = signedHeaders(commandSigner, clock.nanoTime() / 1_000_000L, bytes, new byte[HmacSigner.HEX_LENGTH]);
        loop.execute(() -> cancelOverRest(clientOrderId, bytes, headers));
    }

    private void cancelOverRest(final long clientOrderId, final byte[] bytes, final Map<String, String> headers)
    {
        // the outcome comes on the order stream (Cancelled); 110001 "order not exists or too late to cancel" on an order still
        // open here means it ended at the venue while its report was lost (e.g. filled before the private stream was up): ask
        rest.post(config.restUri(CANCEL_PATH, null), headers, bytes, JSON).whenCompleteAsync((response, error) ->
        {
            if (response != null && retCodeOf(response) == NO_SUCH_ORDER)
            {
                unknown.recheck(clientOrderId);
            }
        }, loop);
    }

    /** The {@code retCode} of a Bybit answer, or {@link #LOCAL_TRANSPORT} when it has none. */
    private static int retCodeOf(final RestResponse response)
    {
        try
        {
            final String code = JsonTree.text(JsonTree.parse(response.bodyText()), "retCode");
            return code == null ? LOCAL_TRANSPORT : Integer.parseInt(code);
        }
        catch (final RuntimeException ex)
        {
            return LOCAL_TRANSPORT;
        }
    }

    // ---------------------------------------------------------------- I/O loop

    private void send(final TrackedOrder order, final byte[] bytes, final Map<String, String> headers, final int attempt)
    {
        ordersSent++;
        rest.post(config.restUri(CREATE_PATH, null), headers, bytes, JSON)
            .whenCompleteAsync((response, error) -> onCreateResponse(order, bytes, headers, attempt, response, error), loop);
    }

    private void onCreateResponse(
        final TrackedOrder order, final byte[] bytes, final Map<String, String> headers, final int attempt, final RestResponse response,
        final Throwable error)
    {
        if (error != null)
        {
            unknown.onNoAnswer(order, "transport: " + error.getClass().getSimpleName());
            return;
        }
        readLimits(response);
        final int status = response.status();
        int retCode = LOCAL_TRANSPORT;
        String retMsg = "HTTP " + status;
        Object json = null;
        try
        {
            json = JsonTree.parse(response.bodyText());
            final String code = JsonTree.text(json, "retCode");
            if (code != null)
            {
                retCode = Integer.parseInt(code);
            }
            final String msg = JsonTree.text(json, "retMsg");
            if (msg != null)
            {
                retMsg = msg;
            }
        }
        catch (final RuntimeException ex)
        {
            json = null;
        }
        if (status == 429 || status == 403 || retCode == RATE_LIMITED)
        {
            rateLimitedResponses++;
            final long retryAfterNs = response.retryAfterNs();
            final long backoffNs = retryAfterNs >= 0 ? retryAfterNs : config.rateLimitBackoffNs();
            admission.blockUntil(clock.nanoTime() + backoffNs);
            if (attempt < config.rateLimitRetries() && backoffNs < TimeUnit.MILLISECONDS.toNanos(config.recvWindowMs()) / 2)
            {
                loop.schedule(() -> send(order, bytes, headers, attempt + 1), backoffNs, TimeUnit.NANOSECONDS);
                return;
            }
            tracker.onTerminal(order, ExecType.REJECTED, retCode == LOCAL_TRANSPORT ? RATE_LIMITED : retCode, retMsg, clock.nanoTime());
            return;
        }
        if (status >= 500 || json == null || retCode == LOCAL_TRANSPORT || retCode == SERVER_TIMEOUT || retCode == SERVER_ERROR)
        {
            unknown.onNoAnswer(order, "HTTP " + status + (retCode == LOCAL_TRANSPORT ? "" : " retCode " + retCode));
            return;
        }
        if (retCode != 0)
        {
            tracker.onTerminal(order, ExecType.REJECTED, retCode, retMsg, clock.nanoTime());
            return;
        }
        tracker.onAck(order, JsonTree.text(JsonTree.get(json, "result"), "orderId"), msToNs(JsonTree.text(json, "time")));
    }

    private void readLimits(final RestResponse response)
    {
        final String remaining = response.header("x-bapi-limit-status");
        final String reset = response.header("x-bapi-limit-reset-timestamp");
        if ("0".equals(remaining) && reset != null)
        {
            final long resetNs = msToNs(reset);
            if (resetNs > 0)
            {
                admission.extendBlock(resetNs);
            }
        }
    }

    /**
     * Signed {@code GET /v5/order/realtime?category=linear&symbol=&orderLinkId=} (v5 "Get Open &
     * Closed Orders": {@code openOnly} is ignored when asking by orderLinkId, so closed orders
     * are listed too), then the same question to {@code GET /v5/order/history} when the list is
     * empty ("after a server release or restart, filled, canceled and rejected orders of Unified
     * account should only be queried through order history"). FOUND states are applied.
     */
    private CompletableFuture<Answer> queryOrder(final TrackedOrder order)
    {
        return queryAt(order, QUERY_PATH).thenCompose(answer -> answer.kind() == UnknownOrders.Kind.ABSENT ? queryAt(order, HISTORY_PATH)
            : CompletableFuture.completedFuture(answer));
    }

    private CompletableFuture<Answer> queryAt(final TrackedOrder order, final String path)
    {
        final String symbol = symbols.symbol(order.instrumentId());
        if (symbol == null)
        {
            return CompletableFuture.completedFuture(Answer.INDEFINITE);
        }
        final String query = "category=linear&symbol=" + symbol + "&orderLinkId=" + ids.text(order.epoch(), order.clientOrderId());
        final Map<String, String> headers = signedHeaders(ioSigner, clock.nanoTime() / 1_000_000L, query.getBytes(StandardCharsets.US_ASCII),
            new byte[HmacSigner.HEX_LENGTH]);
        return rest.get(config.restUri(path, query), headers).handleAsync((response, error) ->
            error != null ? Answer.INDEFINITE : onQueryAnswer(order, response), loop);
    }

    /**
     * Signed {@code POST /v5/order/cancel} of a previous session's order still working, under its
     * own orderLinkId; the answer is an acknowledgement only (the order's state is asked for again). I/O loop.
     */
    private CompletableFuture<RestResponse> cancelPrevious(final TrackedOrder order)
    {
        final String symbol = symbols.symbol(order.instrumentId());
        if (symbol == null)
        {
            return CompletableFuture.completedFuture(null);
        }
        return signedPost(CANCEL_PATH, "{\"category\":\"linear\",\"symbol\":\"" + symbol + "\",\"orderLinkId\":\""
            + ids.text(order.epoch(), order.clientOrderId()) + "\"}");
    }

    /** A query's answer: the order's state applied (FOUND), an empty list (ABSENT), else INDEFINITE. */
    Answer onQueryAnswer(final TrackedOrder order, final RestResponse response)
    {
        readLimits(response);
        if (!response.isSuccess())
        {
            return Answer.INDEFINITE;
        }
        try
        {
            final Object json = JsonTree.parse(response.bodyText());
            if (!"0".equals(JsonTree.text(json, "retCode")))
            {
                return Answer.INDEFINITE; // 10006 rate limit, 10002 recv window, …: says nothing about the order
            }
            final List<Object> list = JsonTree.list(JsonTree.get(JsonTree.get(json, "result"), "list"));
            if (list.isEmpty())
            {
                return Answer.absent(NO_SUCH_ORDER, "Order does not exist.");
            }
            return applyOrderData(order, list.get(0)) ? Answer.FOUND : Answer.INDEFINITE;
        }
        catch (final RuntimeException ex)
        {
            return Answer.INDEFINITE;
        }
    }

    // ---------------------------------------------------------------- WebSocket trade API answers (I/O loop)

    /** The answers of {@link BybitOrderSocket}, read as REST's: the same retCodes, the same ack. */
    private final class SocketAnswers implements BybitOrderSocket.Answers
    {
        @Override
        public void onOrderAnswer(final TrackedOrder order, final Object answer)
        {
            final int retCode;
            try
            {
                retCode = Integer.parseInt(JsonTree.text(answer, "retCode"));
            }
            catch (final RuntimeException ex)
            {
                unknown.onNoAnswer(order, "ws: answer without a retCode");
                return;
            }
            final Object header = JsonTree.get(answer, "header");
            if ("0".equals(JsonTree.text(header, "X-Bapi-Limit-Status")))
            {
                final long resetNs = msToNs(JsonTree.text(header, "X-Bapi-Limit-Reset-Timestamp"));
                if (resetNs > 0)
                {
                    admission.extendBlock(resetNs);
                }
            }
            final String retMsg = JsonTree.text(answer, "retMsg");
            if (retCode == RATE_LIMITED || retCode == WS_FREQUENCY_PROTECTION)
            {
                // refused, not applied: no retry over the socket, new orders wait as after REST's 10006
                rateLimitedResponses++;
                admission.blockUntil(clock.nanoTime() + config.rateLimitBackoffNs());
                tracker.onTerminal(order, ExecType.REJECTED, retCode, retMsg, clock.nanoTime());
                return;
            }
            if (retCode == SERVER_TIMEOUT || retCode == SERVER_ERROR)
            {
                unknown.onNoAnswer(order, "ws: retCode " + retCode);
                return;
            }
            if (retCode != 0)
            {
                tracker.onTerminal(order, ExecType.REJECTED, retCode, retMsg == null ? "retCode " + retCode : retMsg, clock.nanoTime());
                return;
            }
            tracker.onAck(order, JsonTree.text(JsonTree.get(answer, "data"), "orderId"), msToNs(JsonTree.text(header, "Timenow")));
        }

        @Override
        public void onCreateLost(final TrackedOrder order, final String cause)
        {
            unknown.onNoAnswer(order, cause);
        }

        @Override
        public void onCancelAnswer(final long clientOrderId, final Object answer)
        {
            if (String.valueOf(NO_SUCH_ORDER).equals(JsonTree.text(answer, "retCode")))
            {
                unknown.recheck(clientOrderId); // 110001 on an order still open here: ask, as after REST's
            }
        }
    }

    // ---------------------------------------------------------------- private stream (I/O loop)

    private final class StreamHandler implements FrameHandler
    {
        @Override
        public void onOpen(final int connectCount)
        {
            connects = connectCount;
            final long expiresMs = System.currentTimeMillis() + AUTH_EXPIRY_MS;
            stream.send(ioSigner.wsAuthMessage(expiresMs));
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
                return;
            }
            final String topic = JsonTree.text(json, "topic");
            if (topic == null)
            {
                onControl(json);
                return;
            }
            final long tsEventNs = msToNs(JsonTree.text(json, "creationTime"));
            final List<Object> data = JsonTree.list(JsonTree.get(json, "data"));
            switch (topic)
            {
                case "order":
                    data.forEach(BybitGateway.this::onOrderData);
                    break;
                case "execution":
                    for (final Object execution : data)
                    {
                        onExecution(execution, tsEventNs);
                    }
                    break;
                case "wallet":
                    for (final Object wallet : data)
                    {
                        onWallet(wallet, tsEventNs);
                    }
                    break;
                default:
                    break;
            }
        }
    }

    private void onControl(final Object json)
    {
        final String op = JsonTree.text(json, "op");
        final boolean success = Boolean.TRUE.equals(JsonTree.get(json, "success"));
        if ("auth".equals(op))
        {
            if (success)
            {
                stream.send("{\"op\":\"subscribe\",\"args\":[\"order\",\"execution\",\"wallet\"]}");
            }
            else
            {
                authFailures++;
                LOG.warn("bybit gateway: private stream authentication refused: {}", JsonTree.text(json, "ret_msg"));
            }
        }
        else if ("subscribe".equals(op) && success)
        {
            if (connects <= 1)
            {
                // settlements since the session's start, read before start completes (nothing else asks the venue meanwhile)
                afterFundingLog = lifecycle::streamLive;
                requestFundingLog();
                // orders sent before the stream was subscribed (the start's positions let the engine trade first): their
                // executions were pushed to nobody, so what they did is asked for
                unknown.recheckOpen();
            }
            else
            {
                streamReconnects++;
                LOG.info("bybit gateway: private stream back; querying open orders and the balance");
                unknown.recheckOpen();
                lifecycle.pollBalanceIfKnown();
                positions.request(PositionSource.RECONNECT);
                requestFundingLog(); // settlements while the stream was down
            }
        }
    }

    /**
     * Settlements from the transaction log ({@link BybitFundingLog}): one query chain at a time, every
     * page; a request made while one runs starts another when it ends. A failed page is retried a
     * few times with a growing pause, then left to the next reconnect.
     */
    private void requestFundingLog()
    {
        if (fundingLogInFlight)
        {
            fundingLogRequested = true;
            return;
        }
        fundingLogInFlight = true;
        fetchFundingLog(0);
    }

    private void fetchFundingLog(final int attempt)
    {
        if (lifecycle.isClosed())
        {
            return;
        }
        signedGet(BybitFundingLog.PATH, fundingLog.query(clock.nanoTime() / 1_000_000L)).whenCompleteAsync((response, error) ->
        {
            int answer = BybitFundingLog.FAILED;
            if (error == null)
            {
                readLimits(response);
                if (response.isSuccess())
                {
                    answer = fundingLog.onResponse(response.bodyText(), clock.nanoTime() / 1_000_000L);
                }
            }
            if (answer == BybitFundingLog.MORE)
            {
                fetchFundingLog(attempt);
                return;
            }
            if (answer == BybitFundingLog.FAILED && attempt + 1 < FUNDING_LOG_ATTEMPTS)
            {
                loop.schedule(() -> fetchFundingLog(attempt + 1), FUNDING_LOG_RETRY_BASE_NS << attempt, TimeUnit.NANOSECONDS);
                return;
            }
            if (answer == BybitFundingLog.FAILED)
            {
                LOG.warn("bybit gateway: transaction log unavailable after {} attempts ({}); settlements missed while the stream was down "
                    + "are asked for again after the next reconnect", FUNDING_LOG_ATTEMPTS,
                    error != null ? error.getClass().getSimpleName() : "HTTP " + response.status());
            }
            fundingLogInFlight = false;
            if (afterFundingLog != null)
            {
                final Runnable then = afterFundingLog;
                afterFundingLog = null;
                then.run();
            }
            if (fundingLogRequested)
            {
                fundingLogRequested = false;
                requestFundingLog();
            }
        }, loop);
    }

    /** An order object of the stream: the order it names (this session's, or foreign), then its state. */
    private void onOrderData(final Object o)
    {
        final TrackedOrder order = reportOrder(o, "qty", "order");
        if (order != null)
        {
            applyOrderData(order, o);
        }
    }

    /**
     * The order a stream report names by orderLinkId: this session's, or an order of another
     * session (another epoch) tracked as foreign and logged once; null for ids not ours and for ids
     * this gateway no longer knows.
     */
    private TrackedOrder reportOrder(final Object o, final String qtyField, final String topic)
    {
        final String linkId = JsonTree.text(o, "orderLinkId");
        final long own = ids.ownId(linkId);
        if (own != VenueOrderIds.NOT_OURS)
        {
            return tracker.get(own);
        }
        final TrackedOrder prior = tracker.previous(linkId);
        if (prior != null)
        {
            return prior; // a previous session's order this session took over
        }
        final long foreignId = ids.foreignId(linkId);
        final int instrumentId = foreignId == VenueOrderIds.NOT_OURS ? 0 : symbols.instrumentId(JsonTree.text(o, "symbol"));
        if (instrumentId == 0)
        {
            return null;
        }
        final long before = tracker.foreignOrders();
        final TrackedOrder order = tracker.trackForeign(foreignId, instrumentId, "Sell".equals(JsonTree.text(o, "side")) ? Side.SELL : Side.BUY,
            fixed(JsonTree.text(o, qtyField)));
        if (tracker.foreignOrders() != before)
        {
            LOG.warn("bybit gateway: a {} report of order {} of another session ({}); not matched to this session's orders, "
                + "its fills published as foreign exposure (id {})", topic, linkId, JsonTree.text(o, "symbol"), foreignId);
        }
        return order;
    }

    /**
     * An order object (stream or query) applied: ack, fills as the cumulative increase, terminal state.
     *
     * @return false when it has no status (nothing applied).
     */
    boolean applyOrderData(final TrackedOrder order, final Object o)
    {
        final String status = JsonTree.text(o, "orderStatus");
        final long tsEventNs = msToNs(JsonTree.text(o, "updatedTime"));
        if (status == null)
        {
            return false;
        }
        if ("New".equals(status))
        {
            tracker.onAck(order, JsonTree.text(o, "orderId"), tsEventNs);
            return true;
        }
        final long cumQty = fixed(JsonTree.text(o, "cumExecQty"));
        if (cumQty != FixedPoint.NULL && cumQty > 0)
        {
            final long cumFee = fixed(JsonTree.text(o, "cumExecFee"));
            tracker.onFill(order, cumQty, fixed(JsonTree.text(o, "cumExecValue")), fixed(JsonTree.text(o, "avgPrice")),
                cumFee == FixedPoint.NULL ? 0 : cumFee - order.cumFee(), tsEventNs);
        }
        switch (status)
        {
            case "Cancelled":
            case "PartiallyFilledCanceled":
            case "Deactivated":
            {
                final String tif = JsonTree.text(o, "timeInForce");
                final boolean immediate = "IOC".equals(tif) || "FOK".equals(tif) || "PostOnly".equals(tif);
                tracker.onTerminal(order, immediate ? ExecType.EXPIRED : ExecType.CANCELED, 0, status, tsEventNs);
                break;
            }
            case "Rejected":
                tracker.onTerminal(order, ExecType.REJECTED, 0, JsonTree.text(o, "rejectReason"), tsEventNs);
                break;
            default:
                break;
        }
        return true;
    }

    private void onExecution(final Object e, final long tsEventNs)
    {
        final String type = JsonTree.text(e, "execType");
        final long eventNs = JsonTree.text(e, "execTime") != null ? msToNs(JsonTree.text(e, "execTime")) : tsEventNs;
        if ("Funding".equals(type))
        {
            final int instrumentId = symbols.instrumentId(JsonTree.text(e, "symbol"));
            if (!fundingLog.onStreamFunding(instrumentId, eventNs / 1_000_000L))
            {
                return; // already published from the transaction log
            }
            final long fee = fixed(JsonTree.text(e, "execFee"));
            final long qty = fixed(JsonTree.text(e, "execQty"));
            final boolean shortPosition = "Sell".equals(JsonTree.text(e, "side"));
            publisher.funding(instrumentId, eventNs, fee == FixedPoint.NULL ? FixedPoint.NULL : -fee,
                fixed(JsonTree.text(e, "feeRate")), qty == FixedPoint.NULL ? FixedPoint.NULL : shortPosition ? -qty : qty);
            return;
        }
        if ("BustTrade".equals(type) || "AdlTrade".equals(type))
        {
            onForcedClose(e, "BustTrade".equals(type) ? ExecFlag.LIQUIDATION : ExecFlag.ADL, eventNs);
            return;
        }
        if (!"Trade".equals(type))
        {
            return; // Settle, …: not orders of ours
        }
        final TrackedOrder order = reportOrder(e, "orderQty", "execution");
        if (order == null)
        {
            return;
        }
        final long leaves = fixed(JsonTree.text(e, "leavesQty"));
        final long execQty = fixed(JsonTree.text(e, "execQty"));
        final long cumQty = leaves != FixedPoint.NULL && order.quantity() != Long.MAX_VALUE ? order.quantity() - leaves : order.cumQty() + execQty;
        final long fee = fixed(JsonTree.text(e, "execFee"));
        tracker.onFill(order, cumQty, FixedPoint.NULL, fixed(JsonTree.text(e, "execPrice")), fee == FixedPoint.NULL ? 0 : fee, feeAsset(e), eventNs);
        positions.request(PositionSource.FILL);
        lifecycle.requestBalance();
    }

    /**
     * A liquidation ({@code execType} BustTrade) or auto-deleveraging (AdlTrade) execution (v5
     * "Enums Definitions / execType"): published once per {@code execId}'s quantity under a
     * foreign engine id derived from the venue's {@code orderId} ({@link VenueOrderIds#forcedCloseId},
     * pairId 0) with the flag; positions and the balance are asked for after it.
     */
    private void onForcedClose(final Object e, final ExecFlag flag, final long eventNs)
    {
        final int instrumentId = symbols.instrumentId(JsonTree.text(e, "symbol"));
        final long execQty = fixed(JsonTree.text(e, "execQty"));
        if (instrumentId == 0 || execQty == FixedPoint.NULL || execQty <= 0)
        {
            return;
        }
        final String venueOrderId = JsonTree.text(e, "orderId");
        final long before = tracker.foreignOrders();
        final TrackedOrder order = tracker.trackForeign(VenueOrderIds.forcedCloseId(venueOrderId), instrumentId,
            "Sell".equals(JsonTree.text(e, "side")) ? Side.SELL : Side.BUY, fixed(JsonTree.text(e, "orderQty")), flag);
        if (tracker.foreignOrders() != before)
        {
            LOG.warn("bybit gateway: {} of {} (order {}) reported as foreign fills (id {})", flag, JsonTree.text(e, "symbol"), venueOrderId,
                order.clientOrderId());
        }
        final long fee = fixed(JsonTree.text(e, "execFee"));
        if (tracker.onFill(order, order.cumQty() + execQty, FixedPoint.NULL, fixed(JsonTree.text(e, "execPrice")), fee == FixedPoint.NULL ? 0 : fee,
            feeAsset(e), eventNs))
        {
            positions.request(PositionSource.FILL);
            lifecycle.requestBalance();
        }
    }

    /**
     * The asset of an execution's fee: {@code feeCurrency} where the venue sends it (documented for
     * spot), else the contract's settle coin: USDT for "…USDT" perpetuals, USDC for the USDC
     * contracts ("…PERP", dated "…-26DEC25").
     */
    static Asset feeAsset(final Object e)
    {
        final String currency = JsonTree.text(e, "feeCurrency");
        if (currency != null && !currency.isEmpty())
        {
            return Assets.of(currency);
        }
        final String symbol = JsonTree.text(e, "symbol");
        return symbol == null ? Asset.NULL_VAL : symbol.endsWith("USDT") ? Asset.USDT : Asset.USDC;
    }

    /** One account of the {@code wallet} stream: a BalanceUpdate per USDT and USDC coin. */
    void onWallet(final Object wallet, final long tsEventNs)
    {
        for (final Object coin : JsonTree.list(JsonTree.get(wallet, "coin")))
        {
            final String name = JsonTree.text(coin, "coin");
            final Quote asset = "USDT".equals(name) ? Quote.USDT : "USDC".equals(name) ? Quote.USDC : null;
            if (asset != null)
            {
                publisher.balance(asset, tsEventNs, fixed(JsonTree.text(coin, "walletBalance")), available(wallet, coin));
            }
        }
    }

    // ---------------------------------------------------------------- statistics (any thread)

    /** Orders and cancels sent over REST because the WebSocket trade connection was not open and authenticated (0 with REST). */
    @Override
    public long restFallbacks()
    {
        return restFallbacks;
    }

    /** Requests sent over the WebSocket trade API and orders there whose answer never came (UNKNOWN); zeros with REST. */
    @Override
    public long[] socketRequests()
    {
        return orderSocket == null ? new long[2] : new long[] {orderSocket.requestsSent(), orderSocket.answersLost()};
    }

    /** Auth messages the WebSocket trade API refused (0 with REST order entry). */
    public long orderSocketAuthFailures()
    {
        return orderSocket == null ? 0 : orderSocket.authFailures();
    }

    /** Whether the WebSocket trade connection is open and authenticated (false with REST order entry). */
    public boolean orderSocketOpen()
    {
        return orderSocket != null && orderSocket.isOpen();
    }

    public long ordersSent()
    {
        return ordersSent;
    }

    public long localRejects()
    {
        return admission.localRejects();
    }

    public long rateLimitedResponses()
    {
        return rateLimitedResponses;
    }

    public long streamReconnects()
    {
        return streamReconnects;
    }

    /** Periodic balance requests that published nothing. */
    public long balanceFailures()
    {
        return lifecycle.balanceFailures();
    }

    /** Position batches published and position queries that published nothing. */
    public PositionRequests positions()
    {
        return positions;
    }

    public long authFailures()
    {
        return authFailures;
    }

    public long duplicatesDropped()
    {
        return tracker.duplicatesDropped();
    }

    /** Funding settlements published from the transaction log (missed on the stream). */
    public long fundingRecovered()
    {
        return fundingLog.published();
    }

    /** Funding settlements seen twice (stream and log) and published once. */
    public long fundingDuplicates()
    {
        return fundingLog.duplicates();
    }

    /** The previous sessions' unfinished orders taken over at start. */
    public PreviousOrders previousOrders()
    {
        return previous;
    }

    /** The resolution of orders without a definitive answer: UNKNOWN, absent and foreign order counts, queries. */
    public UnknownOrders outcomes()
    {
        return unknown;
    }

    /** The client ids this gateway sends. */
    public VenueOrderIds ids()
    {
        return ids;
    }

    @Override
    public String toString()
    {
        return "BybitGateway{rest=" + config.restBaseUrl() + ", ordersSent=" + ordersSent + ", localRejects=" + admission.localRejects() + "}";
    }
}
