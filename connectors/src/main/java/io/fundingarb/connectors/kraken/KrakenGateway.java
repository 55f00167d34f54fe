package io.fundingarb.connectors.kraken;

import static io.fundingarb.connectors.gateway.VenueFields.fixed;

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
import io.fundingarb.connectors.gateway.MillisNonces;
import io.fundingarb.connectors.gateway.OrderAdmission;
import io.fundingarb.connectors.gateway.OrderGateway;
import io.fundingarb.connectors.gateway.OrderTracker;
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
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kraken Futures order gateway for the {@code PF_} linear perpetuals (docs.kraken.com/api/docs/futures-api).
 *
 * <pre>
 *  outbound ring ──onCommand──► query string + Authent (command thread)
 *                                   ▼
 *        gateway I/O loop ──► POST sendorder ──► sendStatus: fills (orderEvents EXECUTION), reject, UNKNOWN ─┐
 *        private stream /ws/v1 (challenge, then open_orders, fills, open_positions, balances, account_log) ─┤──► OrderTracker ──► inbound ring
 *        REST: openpositions (PositionSnapshot), accounts (BalanceUpdate), orders/status + fills (UNKNOWN) ─┘
 * </pre>
 *
 * <p>Every private REST request carries {@code APIKey}, {@code Nonce} (strictly increasing
 * milliseconds, {@link MillisNonces}) and {@code Authent} over the query string, the nonce and the
 * path without {@code /derivatives} ({@link KrakenSigner}); parameters travel in the query string,
 * as the venue's examples send them ("postData being submitted in the URL"), with an empty body.
 *
 * <p>Orders ({@code POST /derivatives/api/v3/sendorder}, docs …/trading/send-order): {@code orderType}
 * {@code ioc} (IOC limit), {@code lmt} (GTC), {@code post}, {@code fok}, or {@code mkt} for a market
 * order; {@code size} in contracts (base quantity / {@code contractSize}) rounded down to the
 * instrument's {@code contractValueTradePrecision}; {@code limitPrice} rounded to {@code tickSize}
 * toward the passive side (a buy never pays more, a sell never takes less than the engine asked);
 * {@code reduceOnly}; {@code cliOrdId} = {@code fa-<sessionEpoch>-<clientOrderId>} ({@link VenueOrderIds});
 * {@code processBefore} = now + {@code recvWindowMs} (ISO-8601), so a request delayed past it is
 * refused ({@code wouldProcessAfterSpecifiedTime}) and "no such order" after it is definitive.
 * The instruments come from the public {@code GET /derivatives/api/v3/instruments} at start. Each
 * {@code sendStatus.status} maps to an outcome ({@link KrakenSendStatus}); the executions of an
 * accepted IOC are published with a fee estimated from {@code takerFee} (the answer has none), which
 * the {@code fills} stream's {@code fee_paid} then replaces; its unfilled rest is EXPIRED.
 *
 * <p>No definitive answer (transport failure, timeout, 5xx, {@code Server Error}, {@code Unavailable},
 * {@code unknownError}, an unreadable body, {@code clientOrderIdAlreadyExist}) makes the order
 * UNKNOWN: it is never resent; {@link UnknownOrders} asks {@code POST /derivatives/api/v3/orders/status?cliOrdIds=}
 * (docs …/trading/get-order-status: open orders, and orders finished in the last 5 seconds), and
 * when that has no entry, {@code GET /derivatives/api/v3/fills} (docs …/trading/get-fills) for fills
 * under the client id. Neither: "no such order", REJECTED once the request can no longer arrive.
 *
 * <p>Rate limits (docs.kraken.com/api/docs/guides/futures-rate-limits): the documented cost budget
 * (500 per 10 s on /derivatives, sendorder 10) is kept locally ({@link KrakenCostBudget}): an order
 * that does not fit is REJECTED locally, never sent; the gateway's own queries are charged. An answer
 * {@code "error":"apiLimitExceeded"} or HTTP 429 blocks new orders for {@code rateLimitBackoffNs}
 * (or the Retry-After) and retries the order once when the wait is short, re-signed with a new nonce;
 * else REJECTED "apiLimitExceeded". The key and secret are never logged, printed or published.
 *
 * <p>The private stream is kept alive with a WebSocket ping frame every 30 s ("make a ping request
 * at least every 60 seconds", docs.kraken.com/api/docs/guides/futures-websockets) and also subscribes
 * the {@code heartbeat} feed; it reconnects with the shared backoff ({@link WsConnection}), then asks
 * for every open order, the positions and the balance again.
 */
public final class KrakenGateway implements OrderGateway
{
    public static final int LOCAL_RATE_LIMIT = OrderAdmission.LOCAL_RATE_LIMIT;
    public static final int LOCAL_UNKNOWN_INSTRUMENT = OrderAdmission.LOCAL_UNKNOWN_INSTRUMENT;
    /** The order's size rounds to zero contracts at the instrument's precision. */
    public static final int LOCAL_SIZE_BELOW_LOT = -9004;
    /** The reject code of {@code "error":"apiLimitExceeded"}. */
    public static final int RATE_LIMITED = 429;
    /** The reject code of any other {@code "result":"error"} answer. */
    public static final int VENUE_ERROR = 400;
    /** The code "no such order" is published with (the venue's {@code notFound}). */
    public static final int NO_SUCH_ORDER = KrakenSendStatus.NOT_FOUND.code();

    static final String SEND_ORDER_PATH = "/derivatives/api/v3/sendorder";
    static final String CANCEL_ORDER_PATH = "/derivatives/api/v3/cancelorder";
    static final String ORDER_STATUS_PATH = "/derivatives/api/v3/orders/status";
    static final String FILLS_PATH = "/derivatives/api/v3/fills";
    static final String OPEN_POSITIONS_PATH = "/derivatives/api/v3/openpositions";
    static final String ACCOUNTS_PATH = "/derivatives/api/v3/accounts";
    static final String LEVERAGE_PATH = "/derivatives/api/v3/leveragepreferences";
    static final String WS_PATH = "/ws/v1";
    /** The private feeds subscribed after the challenge (docs.kraken.com/api/docs/futures-api/websocket/…). */
    static final List<String> PRIVATE_FEEDS = List.of("open_orders", "fills", "open_positions", "balances", "account_log");
    /** Kraken: "make a ping request at least every 60 seconds". */
    static final long PING_INTERVAL_NS = TimeUnit.SECONDS.toNanos(30);
    static final long ABSENT_MARGIN_NS = TimeUnit.SECONDS.toNanos(1);

    private static final Logger LOG = LoggerFactory.getLogger(KrakenGateway.class);
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final byte[] EMPTY = new byte[0];
    private static final int RETAINED_ORDERS = 4096;
    private static final long REST_KEEP_WARM_NS = TimeUnit.SECONDS.toNanos(25);

    private final GatewayConfig config;
    private final VenueSymbols symbols;
    private final EventLoop loop;
    private final EventSink sink;
    private final EpochNanoClock clock;
    private final RestClient rest;
    private final VenueOrderIds ids;
    private final MillisNonces nonces = new MillisNonces();
    private final KrakenCostBudget costBudget = new KrakenCostBudget();
    private volatile Map<String, KrakenInstrument> instruments = Map.of();

    // command thread
    private final KrakenSigner commandSigner;
    private final CommandDispatcher commands = new CommandDispatcher(Venue.KRAKEN, this::onOrder, this::onCancel);
    private final AsciiBuilder query = new AsciiBuilder(256);
    private final OrderAdmission admission;
    private final GatewayPublisher commandPublisher;

    // I/O loop
    private final KrakenSigner ioSigner;
    private final GatewayPublisher publisher;
    private final OrderTracker tracker;
    private final GatewayLifecycle lifecycle;
    private final UnknownOrders unknown;
    private final PositionRequests positions;
    private final PreviousOrders previous;
    private final Map<String, Long> byVenueOrderId = new HashMap<>();
    private WsConnection stream;
    private String challenge;
    private int subscribed;
    private int connects;
    private long lastAccountLogId = -1;
    private volatile long ordersSent;
    private volatile long rateLimitedResponses;
    private volatile long streamReconnects;
    private volatile long authFailures;
    private volatile long unlistedStatuses;
    private volatile long fundingPublished;
    private volatile long gatewayLocalRejects;

    /**
     * @param config       URLs ({@code restBaseUrl} is the host, e.g. {@code https://futures.kraken.com}; {@code wsBaseUrl} + "/ws/v1").
     * @param apiKey       the public API key.
     * @param apiSecret    the base64 API secret.
     * @param group        I/O threads; one loop of it runs this gateway.
     * @param sink         the inbound ring.
     * @param clock        stamps tsInitNs and the nonces.
     * @param symbols      instrument id ↔ Kraken symbol ({@code PF_XBTUSD}).
     * @param sessionEpoch the session's epoch in seconds, carried in every cliOrdId.
     */
    public KrakenGateway(
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
        this.commandSigner = new KrakenSigner(apiKey, apiSecret);
        this.ioSigner = new KrakenSigner(apiKey, apiSecret);
        this.rest = RestClient.keepAlive(loop, config.requestTimeoutNs(), RestClient.DEFAULT_MAX_BODY_BYTES, null);
        this.commandPublisher = new GatewayPublisher(sink, clock, Venue.KRAKEN, apiKey, apiSecret);
        this.admission = new OrderAdmission(symbols, config.maxOrdersPerSecond(), commandPublisher, "Kraken",
            "venue rate limit: backing off after apiLimitExceeded");
        this.publisher = new GatewayPublisher(sink, clock, Venue.KRAKEN, apiKey, apiSecret);
        this.tracker = new OrderTracker(publisher, RETAINED_ORDERS);
        this.lifecycle = new GatewayLifecycle("kraken gateway", LOG, loop, config, ACCOUNTS_PATH, this::pollBalance);
        this.ids = new VenueOrderIds(sessionEpoch);
        this.unknown = new UnknownOrders("kraken gateway", LOG, loop, tracker, ids, config, clock::nanoTime, this::queryOrder);
        this.positions = new PositionRequests("kraken gateway", LOG, loop, symbols, publisher, config.account(), this::queryPositions);
        this.previous = new PreviousOrders("kraken gateway", LOG, loop, tracker, ids, config, clock::nanoTime, this::queryOrder,
            this::cancelPrevious);
    }

    @Override
    public KrakenGateway adoptPrevious(final List<PreviousOrder> orders)
    {
        previous.adopt(orders, id -> symbols.symbol(id) != null);
        return this;
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Reads the instruments (sizes and ticks), sets the margin mode of each traded symbol
     * ({@link #setLeverage}), resolves a previous session's orders, publishes the
     * positions (START), then connects the private stream and fetches the balance. Completes when
     * the stream is subscribed and the first {@code BalanceUpdate} is out; fails naming the venue's
     * answer otherwise. After a failure, close the gateway.
     */
    @Override
    public CompletableFuture<Void> start()
    {
        rest.keepWarm(config.restUri(KrakenInstruments.INSTRUMENTS_PATH, null), REST_KEEP_WARM_NS);
        new VenueStatusPublisher(sink, Venue.KRAKEN, StreamKind.ORDERS).publishOrWait(FeedState.CONNECTING, 0, "starting: account set-up first",
            clock.nanoTime());
        return lifecycle.start(() -> loadInstruments()
            .thenCompose(ignore -> setLeverage())
            .thenCompose(ignore -> previous.resolve())
            .thenCompose(ignore -> positions.request(PositionSource.START))
            .thenRun(positions::startPolling), this::connectStream);
    }

    /** Public {@code GET /derivatives/api/v3/instruments} (docs …/instrument-details/get-instruments): sizes and ticks of the traded symbols. */
    private CompletableFuture<Void> loadInstruments()
    {
        return rest.get(config.restUri(KrakenInstruments.INSTRUMENTS_PATH, null)).thenAccept(response ->
        {
            if (!response.isSuccess())
            {
                throw new IllegalStateException("kraken gateway: GET " + KrakenInstruments.INSTRUMENTS_PATH + " answered HTTP " + response.status());
            }
            final Map<String, KrakenInstrument> bySymbol = new HashMap<>();
            for (final KrakenInstrument instrument : KrakenInstruments.parseInstruments(response.bodyText()))
            {
                bySymbol.put(instrument.symbol(), instrument);
            }
            for (final int id : symbols.instrumentIds())
            {
                if (!bySymbol.containsKey(symbols.symbol(id)))
                {
                    throw new IllegalStateException("kraken gateway: " + symbols.symbol(id) + " is not a tradeable PF_ perpetual in GET "
                        + KrakenInstruments.INSTRUMENTS_PATH);
                }
            }
            instruments = Map.copyOf(bySymbol);
        });
    }

    /**
     * {@code PUT /derivatives/api/v3/leveragepreferences} per traded symbol, the configured margin mode
     * (docs.kraken.com/api-reference/multi-collateral/set-leverage-settings: "Sets a contract's margin
     * mode, either isolated or cross margin. When specifying a max leverage, the contract's margin mode
     * will be isolated"): {@code symbol=} alone for CROSS, {@code symbol=&maxLeverage=} for ISOLATED.
     * A refusal (87 contract does not exist, 88 not a multi-collateral contract, 41 would cause
     * liquidation) fails the start naming the symbol.
     */
    private CompletableFuture<Void> setLeverage()
    {
        final String leverage = config.account().marginMode() == MarginMode.ISOLATED ? "&maxLeverage=" + config.account().leverage() : "";
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (final int id : symbols.instrumentIds())
        {
            final String symbol = symbols.symbol(id);
            chain = chain.thenCompose(ignore -> signed(HttpMethod.PUT, LEVERAGE_PATH, "symbol=" + symbol + leverage)
                .thenAccept(response ->
                {
                    final String failure = errorOf(response);
                    if (failure != null)
                    {
                        throw new IllegalStateException("kraken gateway: PUT " + LEVERAGE_PATH + " " + symbol + ": " + failure);
                    }
                }));
        }
        return chain;
    }

    private void connectStream()
    {
        final URI wsUri = config.wsUri(WS_PATH);
        final WsConfig wsConfig = WsConfig.of(Venue.KRAKEN, wsUri, List.of())
            .withPing(VenuePing.pingFrames(PING_INTERVAL_NS))
            .withBackoff(config.wsBackoffBaseNs(), config.wsBackoffCapNs())
            .withSilenceTimeoutNs(0)
            .withStream(StreamKind.ORDERS);
        stream = new WsConnection(wsConfig, loop, new StreamHandler(), sink, clock, new Random(23), ResyncHandler.NONE).start();
        LOG.info("kraken gateway: private stream {} connecting, rest {}", wsUri, config.restBaseUrl());
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

    // ---------------------------------------------------------------- signed REST

    /** The signed headers of a request with {@code postData} on {@code path} (any thread, with that thread's signer). */
    private Map<String, String> headers(final KrakenSigner signer, final String path, final String postData)
    {
        final long nonce = nonces.next(clock.nanoTime() / 1_000_000L);
        final Map<String, String> headers = new HashMap<>(4);
        headers.put(KrakenSigner.API_KEY_HEADER, signer.apiKey());
        headers.put(KrakenSigner.NONCE_HEADER, Long.toString(nonce));
        headers.put(KrakenSigner.AUTHENT_HEADER, signer.authent(postData, nonce, KrakenSigner.endpointPath(path)));
        return headers;
    }

    /** A signed request from the I/O loop: parameters in the query string, empty body. */
    CompletableFuture<RestResponse> signed(final HttpMethod method, final String path, final String postData)
    {
        final URI uri = config.restUri(path, postData.isEmpty() ? null : postData);
        final Map<String, String> headers = headers(ioSigner, path, postData);
        costBudget.charge(cost(method, path), clock.nanoTime());
        if (method == HttpMethod.GET)
        {
            return rest.get(uri, headers);
        }
        headers.put("Content-Type", FORM);
        return rest.request(method, uri, headers, EMPTY);
    }

    /** The documented cost of a request ({@link KrakenCostBudget}). */
    private static int cost(final HttpMethod method, final String path)
    {
        switch (path)
        {
            case SEND_ORDER_PATH: return KrakenCostBudget.SEND_ORDER;
            case CANCEL_ORDER_PATH: return KrakenCostBudget.CANCEL_ORDER;
            case ACCOUNTS_PATH: return KrakenCostBudget.ACCOUNTS;
            case OPEN_POSITIONS_PATH: return KrakenCostBudget.OPEN_POSITIONS;
            case FILLS_PATH: return KrakenCostBudget.FILLS;
            case ORDER_STATUS_PATH: return KrakenCostBudget.ORDER_STATUS;
            case LEVERAGE_PATH: return method == HttpMethod.PUT ? KrakenCostBudget.PUT_LEVERAGE_PREFERENCES : 2;
            default: return 2;
        }
    }

    /** Null for {@code "result":"success"}, else the venue's error or the HTTP status. */
    static String errorOf(final RestResponse response)
    {
        try
        {
            final Object json = JsonTree.parse(response.bodyText());
            if ("success".equals(JsonTree.text(json, "result")))
            {
                return null;
            }
            final String error = JsonTree.text(json, "error");
            return "HTTP " + response.status() + (error == null ? "" : " " + error);
        }
        catch (final RuntimeException ex)
        {
            return "HTTP " + response.status() + ", unreadable answer";
        }
    }

    // ---------------------------------------------------------------- positions and balance

    /** Signed {@code GET /derivatives/api/v3/openpositions} (docs …/trading/get-open-positions) into the batch; null, or why not. */
    private CompletableFuture<String> queryPositions()
    {
        return signed(HttpMethod.GET, OPEN_POSITIONS_PATH, "").handleAsync((response, error) ->
            error != null ? "transport: " + error.getClass().getSimpleName()
                : readOpenPositions(response, positions, instruments, config.account().leverage()), loop);
    }

    /**
     * {@code {"result":"success","openPositions":[{"side":"long"|"short","symbol","price","fillTime","size",
     * "unrealizedFunding","maxFixedLeverage"?},..]}}: size in contracts (× contractSize), entry {@code price};
     * a {@code maxFixedLeverage} marks an isolated position at that leverage, else the position is cross
     * (leverage {@code crossLeverage}, the configured one). No mark, liquidation price or margin in it.
     */
    static String readOpenPositions(
        final RestResponse response, final PositionRequests positions, final Map<String, KrakenInstrument> instruments, final int crossLeverage)
    {
        final String failure = errorOf(response);
        if (failure != null)
        {
            return failure;
        }
        final Object json = JsonTree.parse(response.bodyText());
        for (final Object p : JsonTree.list(JsonTree.get(json, "openPositions")))
        {
            final String symbol = upper(JsonTree.text(p, "symbol"));
            final long size = toBase(fixed(JsonTree.text(p, "size")), instruments.get(symbol));
            final String isolatedLeverage = JsonTree.text(p, "maxFixedLeverage");
            positions.put(symbol, isoNs(JsonTree.text(p, "fillTime")),
                size == FixedPoint.NULL ? 0 : "short".equals(JsonTree.text(p, "side")) ? -size : size,
                fixed(JsonTree.text(p, "price")), FixedPoint.NULL, FixedPoint.NULL, FixedPoint.NULL,
                isolatedLeverage == null ? crossLeverage : new java.math.BigDecimal(isolatedLeverage).intValue(),
                isolatedLeverage == null ? MarginMode.CROSS : MarginMode.ISOLATED);
        }
        return null;
    }

    /**
     * Signed {@code GET /derivatives/api/v3/accounts} (docs …/account-information/get-accounts): the
     * multi-collateral {@code flex} account's {@code balanceValue} (USD value of the collateral) as the
     * wallet balance and {@code availableMargin} as the available balance, one {@code BalanceUpdate} in USD.
     */
    CompletableFuture<BalanceFailure> pollBalance()
    {
        final CompletableFuture<BalanceFailure> outcome = new CompletableFuture<>();
        loop.execute(() -> signed(HttpMethod.GET, ACCOUNTS_PATH, "")
            .whenCompleteAsync((response, error) -> outcome.complete(onAccounts(response, error)), loop));
        return outcome;
    }

    private BalanceFailure onAccounts(final RestResponse response, final Throwable error)
    {
        if (error != null)
        {
            return BalanceFailure.transientFailure("transport: " + error.getClass().getSimpleName());
        }
        if (response.status() == 429 || response.status() >= 500)
        {
            return BalanceFailure.transientFailure("HTTP " + response.status());
        }
        final Object json;
        try
        {
            json = JsonTree.parse(response.bodyText());
        }
        catch (final RuntimeException ex)
        {
            return BalanceFailure.transientFailure("unreadable accounts answer, HTTP " + response.status());
        }
        if (!"success".equals(JsonTree.text(json, "result")))
        {
            final String why = String.valueOf(JsonTree.text(json, "error"));
            return isIndefinite(why) || "apiLimitExceeded".equals(why) ? BalanceFailure.transientFailure(why) : BalanceFailure.refused(why);
        }
        final Object flex = JsonTree.get(JsonTree.get(json, "accounts"), "flex");
        final long wallet = fixed(JsonTree.text(flex, "balanceValue"));
        final long available = fixed(JsonTree.text(flex, "availableMargin"));
        if (flex == null || wallet == FixedPoint.NULL || available == FixedPoint.NULL)
        {
            return BalanceFailure.refused("no multi-collateral (flex) account with balanceValue and availableMargin in the answer");
        }
        final long timeNs = isoNs(JsonTree.text(json, "serverTime"));
        publisher.balance(Quote.USD, timeNs > 0 ? timeNs : clock.nanoTime(), wallet, available);
        return null;
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
        final KrakenInstrument instrument = instruments.get(symbols.symbol(order.instrumentId()));
        final long contracts = contracts(order.quantity(), instrument);
        if (contracts <= 0)
        {
            localReject(order, LOCAL_SIZE_BELOW_LOT, "size " + FixedPoint.toString(order.quantity()) + " is below the lot of "
                + symbols.symbol(order.instrumentId()));
            return;
        }
        if (!costBudget.tryAcquire(KrakenCostBudget.SEND_ORDER, nowNs))
        {
            localReject(order, LOCAL_RATE_LIMIT, "Kraken cost budget: 500 per 10 s on /derivatives, sendorder costs 10");
            return;
        }
        encodeOrder(order, instrument, contracts, query);
        final String fields = query.toString();
        final long clientOrderId = order.clientOrderId();
        final long pairId = order.pairId();
        final int instrumentId = order.instrumentId();
        final Side side = order.side();
        final long price = order.price();
        final long quantity = toBase(contracts, instrument);
        final boolean immediate = isImmediate(order.orderType(), order.timeInForce());
        loop.execute(() ->
        {
            // "processBefore: the time before which the request should be processed, otherwise it is rejected"
            // (wouldProcessAfterSpecifiedTime): after it, a request the venue has no trace of can no longer arrive. Taken on
            // the I/O loop just before the first signing, so the window starts with the request's nonce (the same clock)
            final long processBeforeMs = clock.nanoTime() / 1_000_000L + config.recvWindowMs();
            final String postData = fields + "&processBefore=" + Instant.ofEpochMilli(processBeforeMs);
            final long absentNs = processBeforeMs * 1_000_000L + ABSENT_MARGIN_NS;
            send(tracker.track(clientOrderId, pairId, instrumentId, side, price, quantity, absentNs), postData, immediate, 0);
        });
    }

    private void localReject(final OrderCommandDecoder order, final int code, final String reason)
    {
        gatewayLocalRejects++;
        commandPublisher.reject(order.clientOrderId(), order.pairId(), order.instrumentId(), order.side(), order.quantity(), code, reason);
    }

    /**
     * The {@code sendorder} parameters of an order, in the order the venue's reference lists them:
     * {@code orderType}, {@code symbol}, {@code side}, {@code size}, {@code limitPrice} (not for
     * {@code mkt}), {@code reduceOnly}, {@code cliOrdId}. Allocation free once grown.
     */
    public int encodeOrder(final OrderCommandDecoder order, final KrakenInstrument instrument, final long contracts, final AsciiBuilder out)
    {
        final boolean market = order.orderType() == OrderType.MARKET;
        out.reset()
            .append("orderType=").append(orderType(order.orderType(), order.timeInForce()))
            .append("&symbol=").append(symbols.symbolBytes(order.instrumentId()))
            .append(order.side() == Side.SELL ? "&side=sell" : "&side=buy")
            .append("&size=").appendFixed(contracts);
        if (!market)
        {
            out.append("&limitPrice=").appendFixed(limitPrice(order.price(), order.side(), instrument));
        }
        out.append(order.reduceOnly() == BooleanType.TRUE ? "&reduceOnly=true" : "&reduceOnly=false");
        ids.append(out.append("&cliOrdId="), order.clientOrderId());
        return out.length();
    }

    static String orderType(final OrderType type, final TimeInForce tif)
    {
        if (type == OrderType.MARKET)
        {
            return "mkt";
        }
        switch (tif)
        {
            case GTC: return "lmt";
            case FOK: return "fok";
            case POST_ONLY: return "post";
            default: return "ioc";
        }
    }

    private static boolean isImmediate(final OrderType type, final TimeInForce tif)
    {
        return type == OrderType.MARKET || tif == TimeInForce.IOC || tif == TimeInForce.FOK;
    }

    /** Base quantity → contracts, rounded down to the size precision (unknown instrument: as is). */
    static long contracts(final long baseQuantity, final KrakenInstrument instrument)
    {
        if (instrument == null)
        {
            return baseQuantity;
        }
        final long contracts = instrument.contractSize() == FixedPoint.SCALE ? baseQuantity : FixedPoint.divide(baseQuantity, instrument.contractSize());
        final long lot = instrument.lotSize();
        return contracts - Math.floorMod(contracts, lot);
    }

    /** Contracts → base quantity. */
    static long toBase(final long contracts, final KrakenInstrument instrument)
    {
        if (contracts == FixedPoint.NULL || instrument == null || instrument.contractSize() == FixedPoint.SCALE)
        {
            return contracts;
        }
        return FixedPoint.multiply(contracts, instrument.contractSize());
    }

    /** A buy's limit rounded down to the tick, a sell's up (unknown instrument: as is). */
    static long limitPrice(final long price, final Side side, final KrakenInstrument instrument)
    {
        if (instrument == null)
        {
            return price;
        }
        final long tick = instrument.tickSize();
        final long below = price - Math.floorMod(price, tick);
        return side == Side.SELL && below != price ? below + tick : below;
    }

    private void onCancel(final CancelCommandDecoder cancel)
    {
        if (symbols.symbol(cancel.instrumentId()) == null)
        {
            return;
        }
        final long clientOrderId = cancel.clientOrderId();
        final String postData = "cliOrdId=" + ids.text(previous.epochOf(clientOrderId), clientOrderId);
        final Map<String, String> headers = headers(commandSigner, CANCEL_ORDER_PATH, postData);
        headers.put("Content-Type", FORM);
        costBudget.charge(KrakenCostBudget.CANCEL_ORDER, clock.nanoTime()); // a cancel is never held back
        // docs …/trading/cancel-order: cancelStatus.status "cancelled" or "notFound"; the outcome comes on open_orders.
        // notFound on an order still open here: it ended at the venue while its report was lost, so its final state is asked for
        loop.execute(() -> rest.request(HttpMethod.POST, config.restUri(CANCEL_ORDER_PATH, postData), headers, EMPTY)
            .whenCompleteAsync((response, error) ->
            {
                if (response != null && "notFound".equals(cancelStatus(response)))
                {
                    unknown.recheck(clientOrderId);
                }
            }, loop));
    }

    private static String cancelStatus(final RestResponse response)
    {
        try
        {
            return JsonTree.text(JsonTree.get(JsonTree.parse(response.bodyText()), "cancelStatus"), "status");
        }
        catch (final RuntimeException ex)
        {
            return null;
        }
    }

    /** Signed {@code POST cancelorder?cliOrdId=} of a previous session's order under its own id. I/O loop. */
    private CompletableFuture<RestResponse> cancelPrevious(final TrackedOrder order)
    {
        return signed(HttpMethod.POST, CANCEL_ORDER_PATH, "cliOrdId=" + ids.text(order.epoch(), order.clientOrderId()));
    }

    // ---------------------------------------------------------------- order answers (I/O loop)

    private void send(final TrackedOrder order, final String postData, final boolean immediate, final int attempt)
    {
        ordersSent++;
        if (attempt > 0)
        {
            costBudget.charge(KrakenCostBudget.SEND_ORDER, clock.nanoTime());
        }
        final Map<String, String> headers = headers(ioSigner, SEND_ORDER_PATH, postData); // a retry takes a new nonce
        headers.put("Content-Type", FORM);
        rest.request(HttpMethod.POST, config.restUri(SEND_ORDER_PATH, postData), headers, EMPTY)
            .whenCompleteAsync((response, error) -> onSendResponse(order, postData, immediate, attempt, response, error), loop);
    }

    private void onSendResponse(
        final TrackedOrder order, final String postData, final boolean immediate, final int attempt, final RestResponse response,
        final Throwable error)
    {
        if (error != null)
        {
            unknown.onNoAnswer(order, "transport: " + error.getClass().getSimpleName());
            return;
        }
        final Object json;
        try
        {
            json = JsonTree.parse(response.bodyText());
        }
        catch (final RuntimeException ex)
        {
            if (response.status() == 429)
            {
                onRateLimited(order, postData, immediate, attempt, response);
            }
            else
            {
                unknown.onNoAnswer(order, "HTTP " + response.status() + ", unreadable answer");
            }
            return;
        }
        final String result = JsonTree.text(json, "result");
        final String venueError = JsonTree.text(json, "error");
        if (response.status() == 429 || "apiLimitExceeded".equals(venueError))
        {
            onRateLimited(order, postData, immediate, attempt, response);
            return;
        }
        if (!"success".equals(result))
        {
            if (response.status() >= 500 || venueError == null || isIndefinite(venueError))
            {
                unknown.onNoAnswer(order, "HTTP " + response.status() + (venueError == null ? "" : " " + venueError));
                return;
            }
            tracker.onTerminal(order, ExecType.REJECTED, VENUE_ERROR, venueError, clock.nanoTime());
            return;
        }
        applySendStatus(order, JsonTree.get(json, "sendStatus"), immediate, isoNs(JsonTree.text(json, "serverTime")));
    }

    /** The error answers that say nothing about whether the order was taken. */
    private static boolean isIndefinite(final String venueError)
    {
        return "Server Error".equals(venueError) || "Unavailable".equals(venueError) || "unknownError".equals(venueError);
    }

    private void onRateLimited(final TrackedOrder order, final String postData, final boolean immediate, final int attempt, final RestResponse response)
    {
        rateLimitedResponses++;
        final long retryAfterNs = response.retryAfterNs();
        final long backoffNs = retryAfterNs >= 0 ? retryAfterNs : config.rateLimitBackoffNs();
        admission.blockUntil(clock.nanoTime() + backoffNs);
        if (attempt < config.rateLimitRetries() && backoffNs < TimeUnit.MILLISECONDS.toNanos(config.recvWindowMs()) / 2)
        {
            loop.schedule(() -> send(order, postData, immediate, attempt + 1), backoffNs, TimeUnit.NANOSECONDS);
            return;
        }
        tracker.onTerminal(order, ExecType.REJECTED, RATE_LIMITED, "apiLimitExceeded", clock.nanoTime());
    }

    /**
     * A {@code sendStatus} (docs …/trading/send-order): the status's outcome ({@link KrakenSendStatus});
     * for an accepted or ended order its {@code orderEvents} are applied: {@code EXECUTION} events
     * ({@code amount} contracts at {@code price}) are fills, with a fee estimated from the taker fee
     * until the stream's {@code fee_paid} comes; {@code REJECT} ends an accepted order REJECTED; an immediate
     * order's unfilled rest, and an order whose status says it ended ({@code iocWouldNotExecute}, with or
     * without its {@code REJECT} event), is EXPIRED.
     */
    void applySendStatus(final TrackedOrder order, final Object sendStatus, final boolean immediate, final long serverNs)
    {
        final String text = JsonTree.text(sendStatus, "status");
        final KrakenSendStatus status = KrakenSendStatus.of(text);
        final long tsNs = serverNs > 0 ? serverNs : clock.nanoTime();
        switch (status.outcome())
        {
            case UNKNOWN:
                unknown.onNoAnswer(order, "sendStatus " + text);
                return;
            case REJECTED:
                if (status == KrakenSendStatus.UNLISTED)
                {
                    unlistedStatuses++;
                    LOG.warn("kraken gateway: order {} answered with an undocumented sendStatus \"{}\": published REJECTED",
                        ids.text(order.clientOrderId()), text);
                }
                tracker.onTerminal(order, ExecType.REJECTED, status.code(), status == KrakenSendStatus.UNLISTED ? "sendStatus " + text : text, tsNs);
                return;
            default:
                break;
        }
        final String venueOrderId = JsonTree.text(sendStatus, "order_id");
        if (venueOrderId != null)
        {
            byVenueOrderId.put(venueOrderId, order.clientOrderId());
        }
        if (status.outcome() == KrakenSendStatus.Outcome.ACCEPTED)
        {
            tracker.onAck(order, venueOrderId, tsNs);
        }
        final KrakenInstrument instrument = instruments.get(symbols.symbol(order.instrumentId()));
        String rejectReason = null;
        for (final Object event : JsonTree.list(JsonTree.get(sendStatus, "orderEvents")))
        {
            final String type = JsonTree.text(event, "type");
            if ("EXECUTION".equals(type))
            {
                final long qty = toBase(fixed(JsonTree.text(event, "amount")), instrument);
                final long price = fixed(JsonTree.text(event, "price"));
                if (qty != FixedPoint.NULL && qty > 0 && price != FixedPoint.NULL)
                {
                    // cumulative from the order as it was before this execution (documented example: orderPriorExecution.filled),
                    // so an execution the fills feed delivered first is not counted twice
                    final long prior = toBase(fixed(JsonTree.text(JsonTree.get(event, "orderPriorExecution"), "filled")), instrument);
                    final long cumQty = (prior == FixedPoint.NULL ? order.cumQty() : prior) + qty;
                    final long fee = FixedPoint.multiply(FixedPoint.multiply(qty, price), config.takerFee());
                    tracker.onEstimatedFill(order, cumQty, FixedPoint.NULL, price, fee, tsNs);
                }
            }
            else if ("REJECT".equals(type))
            {
                rejectReason = JsonTree.text(event, "reason");
            }
        }
        if (order.cumQty() > 0)
        {
            positions.request(PositionSource.FILL);
            lifecycle.requestBalance();
        }
        // iocWouldNotExecute / postWouldExecute carry a REJECT event (recent orders: "orderRejected", reason POST_WOULD_EXECUTE):
        // the status says the order ended unfilled, an expiry like any IOC rest, not a refusal of the request
        if (rejectReason != null && order.cumQty() == 0 && status.outcome() != KrakenSendStatus.Outcome.ENDED)
        {
            tracker.onTerminal(order, ExecType.REJECTED, status.code(), rejectReason, tsNs);
        }
        else if ((immediate || status.outcome() == KrakenSendStatus.Outcome.ENDED) && !order.isTerminal())
        {
            tracker.onTerminal(order, ExecType.EXPIRED, 0, text, tsNs);
        }
    }

    // ---------------------------------------------------------------- UNKNOWN orders (I/O loop)

    /**
     * {@code POST /derivatives/api/v3/orders/status?cliOrdIds=} (docs …/trading/get-order-status):
     * {@code orders[].order.filled} and {@code orders[].status} ENTERED_BOOK, FULLY_EXECUTED, CANCELLED,
     * REJECTED; the venue answers for open orders and those finished in the last 5 seconds, so an
     * order without an entry is looked for in {@code GET /derivatives/api/v3/fills}. Fill prices come
     * from those fills (the status has none).
     */
    private CompletableFuture<Answer> queryOrder(final TrackedOrder order)
    {
        final String cliOrdId = ids.text(order.epoch(), order.clientOrderId());
        return signed(HttpMethod.POST, ORDER_STATUS_PATH, "cliOrdIds=" + cliOrdId).thenComposeAsync(response ->
        {
            final Object entry;
            try
            {
                if (errorOf(response) != null)
                {
                    return CompletableFuture.completedFuture(Answer.INDEFINITE);
                }
                final List<Object> orders = JsonTree.list(JsonTree.get(JsonTree.parse(response.bodyText()), "orders"));
                entry = orders.stream().filter(o -> cliOrdId.equals(JsonTree.text(JsonTree.get(o, "order"), "cliOrdId"))).findFirst().orElse(null);
            }
            catch (final RuntimeException ex)
            {
                return CompletableFuture.completedFuture(Answer.INDEFINITE);
            }
            return signed(HttpMethod.GET, FILLS_PATH, "").handleAsync((fills, error) ->
                error != null ? Answer.INDEFINITE : applyQueried(order, cliOrdId, entry, fills), loop);
        }, loop).exceptionally(error -> Answer.INDEFINITE);
    }

    /** An orders/status entry (or none) and the account's recent fills, applied to the order. */
    Answer applyQueried(final TrackedOrder order, final String cliOrdId, final Object entry, final RestResponse fillsResponse)
    {
        if (errorOf(fillsResponse) != null)
        {
            return Answer.INDEFINITE;
        }
        final KrakenInstrument instrument = instruments.get(symbols.symbol(order.instrumentId()));
        final String venueOrderId = entry == null ? null : JsonTree.text(JsonTree.get(entry, "order"), "orderId");
        long cumQty = 0;
        long cumQuote = 0;
        long lastNs = 0;
        for (final Object fill : JsonTree.list(JsonTree.get(JsonTree.parse(fillsResponse.bodyText()), "fills")))
        {
            if (cliOrdId.equals(JsonTree.text(fill, "cliOrdId")) || venueOrderId != null && venueOrderId.equals(JsonTree.text(fill, "order_id")))
            {
                final long qty = toBase(fixed(JsonTree.text(fill, "size")), instrument);
                final long price = fixed(JsonTree.text(fill, "price"));
                if (qty != FixedPoint.NULL && price != FixedPoint.NULL)
                {
                    cumQty += qty;
                    cumQuote += FixedPoint.multiply(qty, price);
                    lastNs = Math.max(lastNs, isoNs(JsonTree.text(fill, "fillTime")));
                }
            }
        }
        final long nowNs = clock.nanoTime();
        if (entry == null && cumQty == 0)
        {
            return Answer.absent(NO_SUCH_ORDER, "notFound: no open or recent order and no fill under " + cliOrdId);
        }
        final long tsNs = lastNs > 0 ? lastNs : nowNs;
        if (venueOrderId != null)
        {
            byVenueOrderId.put(venueOrderId, order.clientOrderId());
        }
        final String status = entry == null ? null : JsonTree.text(entry, "status");
        final long filled = entry == null ? FixedPoint.NULL : toBase(fixed(JsonTree.text(JsonTree.get(entry, "order"), "filled")), instrument);
        if ("ENTERED_BOOK".equals(status))
        {
            tracker.onAck(order, venueOrderId, tsNs);
        }
        final long venueCum = filled != FixedPoint.NULL && filled > cumQty ? filled : cumQty;
        if (venueCum > order.cumQty())
        {
            final long fee = FixedPoint.multiply(cumQuote - order.cumQuote(), config.takerFee());
            // without the fills (older than the answer of GET fills), the increase is priced at the order's limit, its worst price
            final long limit = entry == null ? FixedPoint.NULL : fixed(JsonTree.text(JsonTree.get(entry, "order"), "limitPrice"));
            tracker.onEstimatedFill(order, venueCum, venueCum == cumQty ? cumQuote : FixedPoint.NULL, limit, Math.max(0, fee), tsNs);
            positions.request(PositionSource.FILL);
            lifecycle.requestBalance();
        }
        if ("REJECTED".equals(status))
        {
            tracker.onTerminal(order, ExecType.REJECTED, VENUE_ERROR, "REJECTED " + JsonTree.text(entry, "error"), tsNs);
        }
        else if (!order.isTerminal() && (entry == null || "CANCELLED".equals(status) || "FULLY_EXECUTED".equals(status)))
        {
            // finished at the venue (an order absent from orders/status is no longer open): what did not fill ended
            tracker.onTerminal(order, ExecType.EXPIRED, 0, status == null ? "finished" : status, tsNs);
        }
        else if (order.isUnknown() && entry != null)
        {
            tracker.onAck(order, venueOrderId, tsNs); // the venue has it, still open
        }
        return Answer.FOUND;
    }

    // ---------------------------------------------------------------- private stream (I/O loop)

    private final class StreamHandler implements FrameHandler
    {
        @Override
        public void onOpen(final int connectCount)
        {
            connects = connectCount;
            subscribed = 0;
            challenge = null;
            // docs …/websocket/challenge: {"event":"challenge","api_key":...} → {"event":"challenge","message":<uuid>}
            stream.send("{\"event\":\"challenge\",\"api_key\":\"" + ioSigner.apiKey() + "\"}");
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
            final String event = JsonTree.text(json, "event");
            if (event != null)
            {
                onEvent(event, json);
                return;
            }
            final String feed = JsonTree.text(json, "feed");
            if (feed == null)
            {
                return;
            }
            switch (feed)
            {
                case "fills_snapshot":
                case "fills":
                    final boolean snapshot = "fills_snapshot".equals(feed);
                    for (final Object fill : JsonTree.list(JsonTree.get(json, "fills")))
                    {
                        onFill(fill, snapshot);
                    }
                    break;
                case "open_orders":
                    onOpenOrder(json);
                    break;
                case "account_log_snapshot":
                case "account_log":
                    onAccountLog(json, "account_log_snapshot".equals(feed));
                    break;
                case "open_positions":
                    positions.request(PositionSource.FILL);
                    break;
                case "balances":
                    lifecycle.requestBalance();
                    break;
                default:
                    break; // open_orders_snapshot (the reconnect's queries cover it), balances_snapshot, heartbeat, …
            }
        }
    }

    private void onEvent(final String event, final Object json)
    {
        switch (event)
        {
            case "challenge":
                challenge = JsonTree.text(json, "message");
                if (challenge == null)
                {
                    return;
                }
                final String signedChallenge = ioSigner.signChallenge(challenge);
                for (final String feed : PRIVATE_FEEDS)
                {
                    stream.send(subscribeMessage(feed, ioSigner.apiKey(), challenge, signedChallenge));
                }
                stream.send("{\"event\":\"subscribe\",\"feed\":\"heartbeat\"}");
                break;
            case "subscribed":
                if (PRIVATE_FEEDS.contains(JsonTree.text(json, "feed")) && ++subscribed == PRIVATE_FEEDS.size())
                {
                    onSubscribed();
                }
                break;
            case "error":
            case "subscribed_failed":
                authFailures++;
                LOG.warn("kraken gateway: private stream refused {} ({}): {}", JsonTree.text(json, "feed"), event, JsonTree.text(json, "message"));
                break;
            case "alert":
                LOG.warn("kraken gateway: private stream alert: {}", JsonTree.text(json, "message"));
                break;
            default:
                break;
        }
    }

    /** A private subscription (docs …/websocket/fills and the other private feeds' "Request" examples). */
    static String subscribeMessage(final String feed, final String apiKey, final String challenge, final String signedChallenge)
    {
        return "{\"event\":\"subscribe\",\"feed\":\"" + feed + "\",\"api_key\":\"" + apiKey + "\",\"original_challenge\":\"" + challenge
            + "\",\"signed_challenge\":\"" + signedChallenge + "\"}";
    }

    private void onSubscribed()
    {
        if (connects <= 1)
        {
            lifecycle.streamLive();
            unknown.recheckOpen(); // orders sent before the stream was subscribed: their reports went to nobody
        }
        else
        {
            streamReconnects++;
            LOG.info("kraken gateway: private stream back; querying open orders, positions and the balance");
            unknown.recheckOpen();
            lifecycle.pollBalanceIfKnown();
            positions.request(PositionSource.RECONNECT);
        }
    }

    /**
     * One fill of the {@code fills} feed (docs …/websocket/fills): {@code instrument}, {@code time} ms,
     * {@code price}, {@code buy}, {@code qty} and {@code remaining_order_qty} in contracts, {@code order_id},
     * {@code cli_ord_id}, {@code fee_paid} in {@code fee_currency}, {@code order_type}. The order's
     * cumulative quantity is its size less {@code remaining_order_qty}, so a fill seen in the REST answer,
     * the snapshot and the update is published once; its {@code fee_paid} replaces the estimate.
     * {@code order_type} {@code liquidation}, {@code assignment} or {@code unwind}, or a forced {@code fill_type}
     * ({@code liquidation}, {@code assignee}, {@code assignor}, {@code unwind…}), is the venue's forced close: published as a foreign fill with the LIQUIDATION (liquidation) or ADL (assignment, unwind) flag.
     * The snapshot sent on subscribing holds the account's recent fills, most of them older than this
     * session and already in the positions it started from: from it only the fills of orders this
     * gateway tracks are taken (a fill missed while the stream was down), never another session's or a
     * forced close's (the positions asked for after a reconnect show those).
     */
    void onFill(final Object fill, final boolean snapshot)
    {
        final String symbol = upper(JsonTree.text(fill, "instrument"));
        final int instrumentId = symbols.instrumentId(symbol);
        final KrakenInstrument instrument = instruments.get(symbol);
        final long qty = toBase(fixed(JsonTree.text(fill, "qty")), instrument);
        final long price = fixed(JsonTree.text(fill, "price"));
        if (instrumentId == 0 || qty == FixedPoint.NULL || qty <= 0 || price == FixedPoint.NULL)
        {
            return;
        }
        final long tsNs = msNs(JsonTree.text(fill, "time"));
        final long fee = fixed(JsonTree.text(fill, "fee_paid"));
        final Asset feeAsset = Assets.of(upper(JsonTree.text(fill, "fee_currency")));
        final Side side = Boolean.TRUE.equals(JsonTree.get(fill, "buy")) ? Side.BUY : Side.SELL;
        final String orderType = JsonTree.text(fill, "order_type");
        final String fillType = JsonTree.text(fill, "fill_type");
        final TrackedOrder order;
        final boolean liquidation = "liquidation".equals(orderType) || "liquidation".equals(fillType);
        final boolean forced = liquidation || "assignment".equals(orderType) || "unwind".equals(orderType) || isForcedFillType(fillType);
        if (snapshot && (forced || !isTracked(JsonTree.text(fill, "cli_ord_id"), JsonTree.text(fill, "order_id"))))
        {
            return;
        }
        if (forced)
        {
            final ExecFlag flag = liquidation ? ExecFlag.LIQUIDATION : ExecFlag.ADL;
            final String venueOrderId = JsonTree.text(fill, "order_id");
            order = tracker.trackForeign(VenueOrderIds.forcedCloseId(venueOrderId), instrumentId, side, FixedPoint.NULL, flag);
            LOG.warn("kraken gateway: {} of {} (order {}): {} at {}", flag, symbol, venueOrderId, FixedPoint.toString(qty), FixedPoint.toString(price));
            tracker.onFill(order, order.cumQty() + qty, FixedPoint.NULL, price, fee == FixedPoint.NULL ? 0 : fee, feeAsset, tsNs);
        }
        else
        {
            order = reportOrder(JsonTree.text(fill, "cli_ord_id"), JsonTree.text(fill, "order_id"), instrumentId, side, FixedPoint.NULL);
            if (order == null)
            {
                return;
            }
            final long remaining = toBase(fixed(JsonTree.text(fill, "remaining_order_qty")), instrument);
            final long cumQty = remaining != FixedPoint.NULL && order.quantity() != Long.MAX_VALUE ? order.quantity() - remaining : order.cumQty() + qty;
            final boolean quote = feeAsset == Asset.NULL_VAL || feeAsset == Asset.USD;
            tracker.onTrade(order, cumQty, qty, price, fee == FixedPoint.NULL ? 0 : fee, quote ? Asset.NULL_VAL : feeAsset, quote, tsNs);
        }
        positions.request(PositionSource.FILL);
        lifecycle.requestBalance();
    }

    /**
     * The {@code fill_type} values of a forced close (docs …/websocket/fills: "liquidation if an execution is the result of
     * a liquidation", "assignee", "assignor", "unwindBankrupt", "unwindCounterparty"); {@code maker} and {@code taker} are
     * the account's own orders.
     */
    private static boolean isForcedFillType(final String fillType)
    {
        return "liquidation".equals(fillType) || "assignee".equals(fillType) || "assignor".equals(fillType) || "unwindBankrupt".equals(fillType)
            || "unwindCounterparty".equals(fillType);
    }

    /** Whether a report names an order this gateway tracks: this session's, or a previous session's it took over. */
    private boolean isTracked(final String cliOrdId, final String venueOrderId)
    {
        return ids.ownId(cliOrdId) != VenueOrderIds.NOT_OURS || venueOrderId != null && byVenueOrderId.containsKey(venueOrderId)
            || tracker.previous(cliOrdId) != null;
    }

    /**
     * The order a report names: this session's (by {@code cli_ord_id}, else by the venue's order id
     * learned from its answer), a previous session's taken over, another session's (tracked as
     * foreign), or null.
     */
    private TrackedOrder reportOrder(final String cliOrdId, final String venueOrderId, final int instrumentId, final Side side, final long quantity)
    {
        final long own = ids.ownId(cliOrdId);
        if (own != VenueOrderIds.NOT_OURS)
        {
            return tracker.get(own);
        }
        final Long known = venueOrderId == null ? null : byVenueOrderId.get(venueOrderId);
        if (known != null)
        {
            return tracker.get(known);
        }
        final TrackedOrder prior = tracker.previous(cliOrdId);
        if (prior != null)
        {
            return prior;
        }
        final long foreignId = ids.foreignId(cliOrdId);
        if (foreignId == VenueOrderIds.NOT_OURS || instrumentId == 0)
        {
            return null;
        }
        final long before = tracker.foreignOrders();
        final TrackedOrder order = tracker.trackForeign(foreignId, instrumentId, side, quantity);
        if (tracker.foreignOrders() != before)
        {
            LOG.warn("kraken gateway: a report of order {} of another session; its fills published as foreign exposure (id {})", cliOrdId, foreignId);
        }
        return order;
    }

    /**
     * An {@code open_orders} update (docs …/websocket/open-orders): {@code {"feed":"open_orders","order":{..,
     * "cli_ord_id","order_id","filled","qty"..},"is_cancel":false,"reason":..}} for a new or changed order,
     * {@code {"feed":"open_orders","order_id","cli_ord_id"?,"is_cancel":true,"reason":..}} for one that left
     * the book. An own order leaving the book for any reason but a full fill ends: IOC reasons
     * ({@code ioc_order_failed_because_it_would_not_be_executed}) as EXPIRED, others CANCELED; its
     * fills come on {@code fills}.
     */
    void onOpenOrder(final Object json)
    {
        final Object o = JsonTree.get(json, "order");
        final String cliOrdId = o != null ? JsonTree.text(o, "cli_ord_id") : JsonTree.text(json, "cli_ord_id");
        final String venueOrderId = o != null ? JsonTree.text(o, "order_id") : JsonTree.text(json, "order_id");
        final long own = ids.ownId(cliOrdId);
        final Long known = own != VenueOrderIds.NOT_OURS ? Long.valueOf(own) : venueOrderId == null ? null : byVenueOrderId.get(venueOrderId);
        final TrackedOrder order = known == null ? tracker.previous(cliOrdId) : tracker.get(known);
        if (order == null || order.isForeign())
        {
            return;
        }
        if (venueOrderId != null)
        {
            byVenueOrderId.put(venueOrderId, order.clientOrderId());
        }
        final String reason = JsonTree.text(json, "reason");
        if (!Boolean.TRUE.equals(JsonTree.get(json, "is_cancel")))
        {
            tracker.onAck(order, venueOrderId, msNs(o == null ? null : JsonTree.text(o, "last_update_time")));
            return;
        }
        if ("full_fill".equals(reason) || order.isTerminal())
        {
            return;
        }
        final boolean immediate = reason != null && (reason.startsWith("ioc") || reason.startsWith("post") || reason.contains("fok"));
        tracker.onTerminal(order, immediate ? ExecType.EXPIRED : ExecType.CANCELED, 0, reason, clock.nanoTime());
    }

    /**
     * The {@code account_log} feed (docs.kraken.com/api/docs/futures-api/websocket/account_log): a
     * snapshot {@code {"feed":"account_log_snapshot","logs":[..]}}, then {@code {"feed":"account_log",
     * "new_entry":{..}}}; each entry {@code id}, {@code date} (ISO-8601), {@code asset}, {@code contract}
     * ("if applicable"), {@code info}, {@code old_balance}, {@code new_balance}, {@code funding_rate}
     * ("the absolute funding rate"), {@code realized_funding}. A {@code funding rate change} entry (the
     * settlement, the documented snapshot's {@code info}) on a traded contract is a FundingPayment of its
     * {@code realized_funding} (positive when the balance grew, as in the documented snapshot's first
     * entry), or, when that is 0 or missing, of the wallet's change {@code new_balance - old_balance}
     * [verify against a real multi-collateral settlement]. Funding realized by a trade is left to the
     * balance (a trade is booked as several entries). A liquidation entry refreshes positions and balance
     * (its fill comes on {@code fills}). The snapshot is the recent past: on the first connection it only
     * sets where the log stands; after a reconnect, its entries newer than the last one seen are
     * published (missed while down). Each id is published once.
     */
    void onAccountLog(final Object json, final boolean snapshot)
    {
        final boolean startingPoint = snapshot && lastAccountLogId < 0;
        final List<Object> entries = snapshot ? JsonTree.list(JsonTree.get(json, "logs")) : List.of(JsonTree.get(json, "new_entry"));
        long newest = lastAccountLogId;
        for (final Object entry : entries)
        {
            final long id = longOf(JsonTree.text(entry, "id"));
            if (id < 0 || id <= lastAccountLogId)
            {
                continue;
            }
            newest = Math.max(newest, id);
            if (!startingPoint)
            {
                onAccountLogEntry(entry);
            }
        }
        lastAccountLogId = startingPoint ? Math.max(newest, 0) : Math.max(lastAccountLogId, newest);
    }

    private void onAccountLogEntry(final Object entry)
    {
        final String info = JsonTree.text(entry, "info");
        final String contract = upper(JsonTree.text(entry, "contract") != null ? JsonTree.text(entry, "contract") : JsonTree.text(entry, "asset"));
        final int instrumentId = symbols.instrumentId(contract);
        final long realized = fixed(JsonTree.text(entry, "realized_funding"));
        final long oldBalance = fixed(JsonTree.text(entry, "old_balance"));
        final long newBalance = fixed(JsonTree.text(entry, "new_balance"));
        final long amount = realized != FixedPoint.NULL && realized != 0 ? realized
            : oldBalance == FixedPoint.NULL || newBalance == FixedPoint.NULL ? FixedPoint.NULL : newBalance - oldBalance;
        if ("funding rate change".equals(info) && instrumentId != 0 && amount != FixedPoint.NULL && amount != 0)
        {
            // funding_rate is the absolute amount per contract, not a ratio (the trap of the ticker's funding_rate): no rate is published
            publisher.funding(instrumentId, isoNs(JsonTree.text(entry, "date")), amount, FixedPoint.NULL, FixedPoint.NULL);
            fundingPublished++;
        }
        if (info != null && info.contains("liquidation"))
        {
            LOG.warn("kraken gateway: account log reports a liquidation on {} ({}): positions and balance asked for", contract, info);
            positions.request(PositionSource.FILL);
            lifecycle.requestBalance();
        }
    }

    // ---------------------------------------------------------------- fields

    private static String upper(final String text)
    {
        return text == null ? null : text.toUpperCase(Locale.ROOT);
    }

    private static long longOf(final String text)
    {
        try
        {
            return text == null ? -1 : new java.math.BigDecimal(text).longValueExact();
        }
        catch (final ArithmeticException | NumberFormatException ex)
        {
            return -1;
        }
    }

    /** Epoch milliseconds (a JSON number) as nanoseconds, 0 when missing. */
    static long msNs(final String ms)
    {
        final long value = longOf(ms);
        return value <= 0 ? 0 : value * 1_000_000L;
    }

    /** An ISO-8601 instant ("2019-12-11T17:17:33.888Z") as epoch nanoseconds, 0 when missing or malformed. */
    static long isoNs(final String iso)
    {
        if (iso == null)
        {
            return 0;
        }
        try
        {
            final Instant instant = Instant.parse(iso);
            return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
        }
        catch (final DateTimeParseException ex)
        {
            return 0;
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
        return admission.localRejects() + gatewayLocalRejects;
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

    /** Private subscriptions the venue refused. */
    public long authFailures()
    {
        return authFailures;
    }

    /** sendStatus values not in the documented list (published REJECTED). */
    public long unlistedStatuses()
    {
        return unlistedStatuses;
    }

    /** Funding settlements published from the account log. */
    public long fundingPublished()
    {
        return fundingPublished;
    }

    public PositionRequests positions()
    {
        return positions;
    }

    public long duplicatesDropped()
    {
        return tracker.duplicatesDropped();
    }

    public VenueOrderIds ids()
    {
        return ids;
    }

    @Override
    public String toString()
    {
        return "KrakenGateway{rest=" + config.restBaseUrl() + ", ordersSent=" + ordersSent + ", localRejects=" + admission.localRejects() + "}";
    }
}
