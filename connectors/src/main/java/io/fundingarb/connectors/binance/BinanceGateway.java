package io.fundingarb.connectors.binance;

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
import io.fundingarb.connectors.transport.VenueStatusPublisher;
import io.fundingarb.connectors.transport.WsConfig;
import io.fundingarb.connectors.transport.WsConnection;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
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
 * Binance USD-M futures order gateway: {@code OrderCommand} → signed
 * {@code POST /fapi/v1/order} (form body: symbol, side, type, timeInForce, quantity, price,
 * reduceOnly, newClientOrderId = {@code fa-<sessionEpoch>-<clientOrderId>} ({@link VenueOrderIds}),
 * newOrderRespType=RESULT, recvWindow,
 * timestamp, signature), {@code CancelCommand} → signed {@code DELETE /fapi/v1/order}; the
 * answers and the user-data stream ({@code POST /fapi/v1/listenKey}, keepalive {@code PUT} every
 * 30 min, WebSocket {@code /private/ws?listenKey=<listenKey>}, or {@code /ws/<listenKey>} under the legacy
 * {@link BinanceWsLayout#COMBINED} layout) become {@code ExecutionReport},
 * {@code FundingPayment}, {@code BalanceUpdate} and {@code PositionSnapshot} events. Balances
 * (USDT and USDC: wallet {@code balance} and {@code availableBalance}, the margin still available)
 * come only from a signed {@code GET /fapi/v3/balance} (the current version in Binance's docs; v2
 * answers the same shape): at start, every {@code balancePollIntervalNs}, after a stream
 * reconnect, after every fill and after every {@code ACCOUNT_UPDATE} (one request in flight, one
 * queued); the stream's {@code wb}/{@code cw} are wallet and cross wallet balances, not what is
 * available, so they only trigger the request.
 *
 * <pre>
 *  outbound ring ──onCommand──► build + sign (command thread, reused buffers)
 *                                   │ copy of the request bytes
 *                                   ▼
 *                    gateway I/O loop: track order ──► RestClient ──► response JSON ─┐
 *                    user-data stream (WsConnection, same loop) ─ORDER_TRADE_UPDATE──┤
 *                                                              ─ACCOUNT_UPDATE─────┤
 *                                                                                  ▼
 *                                         OrderTracker (publish a fill only if it raises cumQty)
 *                                                                                  ▼
 *                                                                  inbound ring (EventSink)
 * </pre>
 *
 * Rate limits: at most {@code maxOrdersPerSecond} locally; {@code X-MBX-USED-WEIGHT-1M} and
 * {@code X-MBX-ORDER-COUNT-10S} at their limits, or a 429/418, block new orders (rejected
 * locally, code {@link #LOCAL_RATE_LIMIT}) until the window or the Retry-After passes; the order
 * answered 429/418 is retried when the Retry-After fits in the recvWindow, else REJECTED with the
 * venue's code and message. A 4xx with a venue error code is a definitive reject (REJECTED with
 * that code and message); anything else without a definitive answer (transport failure,
 * connection reset, timeout, 5xx, -1006/-1007 "execution status unknown", an unreadable answer)
 * makes the order UNKNOWN: it is never resent, and {@link UnknownOrders} asks the venue for it
 * with a signed {@code GET /fapi/v1/order?symbol=&origClientOrderId=} until the venue answers
 * (-2013 "Order does not exist." once the request can no longer arrive: REJECTED with that code).
 * Reports of orders of another session (another epoch in the client id) are never matched to this
 * session's orders: only their fills are published, under a foreign id no stage issued.
 * Nothing escapes as an exception.
 *
 * <p>Funding: every payment is read from the income history ({@code GET /fapi/v1/income},
 * {@link BinanceFundingIncome}) after each FUNDING_FEE {@code ACCOUNT_UPDATE} and after a stream
 * reconnect, de-duplicated by {@code tranId}: Binance sends a crossed position's FUNDING_FEE
 * without the position, so the stream alone cannot attribute it.
 *
 * <p>Fees: fills learned from the stream carry the venue's commission ({@code n}); a fill learned
 * first from the REST RESULT (which has no commission) carries cumQuote x takerFee rounded
 * half-up to 8 decimals, the venue's precision; when the stream's {@code ORDER_TRADE_UPDATE} for
 * that fill brings the venue's commission ({@code n} in asset {@code N}), the estimate is replaced by
 * a fee-only report (cumQty unchanged, lastQty 0: {@link OrderTracker#onTrade}).
 *
 * <p>Order entry ({@link GatewayConfig#orderEntry()}): REST as above, or Binance's WebSocket API
 * ({@link BinanceOrderSocket}: {@code order.place}, {@code order.cancel}) opened at start. While that
 * socket is not open an order goes over REST and is counted ({@link #restFallbacks()}); once its
 * frame is written, an order whose answer never comes is UNKNOWN and asked for, as over REST,
 * never sent again. Fills still come from the user-data stream.
 *
 * <p>The API key and secret are never logged, printed or published.
 */
public final class BinanceGateway implements OrderGateway
{
    /** Reject code of orders refused locally by the rate limits. */
    public static final int LOCAL_RATE_LIMIT = OrderAdmission.LOCAL_RATE_LIMIT;
    /** Reject code of orders for an instrument this gateway has no symbol for. */
    public static final int LOCAL_UNKNOWN_INSTRUMENT = OrderAdmission.LOCAL_UNKNOWN_INSTRUMENT;
    /** Reject code of a rate-limited order whose answer carried no venue code. */
    public static final int LOCAL_TRANSPORT = -9003;
    /** "Unknown order sent.": the order is not open at the venue (done, or never there). */
    static final int UNKNOWN_ORDER = -2011;

    private static final Logger LOG = LoggerFactory.getLogger(BinanceGateway.class);
    private static final String PING_PATH = "/fapi/v1/ping";
    /** How often an idle order connection sends the ping, well inside the 60 s idle timeout common to load balancers. */
    private static final long REST_KEEP_WARM_NS = TimeUnit.SECONDS.toNanos(25);
    private static final String ORDER_PATH = "/fapi/v1/order";
    private static final String LISTEN_KEY_PATH = "/fapi/v1/listenKey";
    private static final String BALANCE_PATH = "/fapi/v3/balance";
    /** "Position Information V2 (USER_DATA)": v2 carries leverage and marginType (v3 drops both). */
    static final String POSITION_RISK_PATH = "/fapi/v2/positionRisk";
    /** "Get Current Position Mode (USER_DATA)": {"dualSidePosition": true} = Hedge Mode, false = One-way Mode. */
    static final String POSITION_MODE_PATH = "/fapi/v1/positionSide/dual";
    /** "Change Margin Type (TRADE)": marginType ISOLATED or CROSSED. */
    static final String MARGIN_TYPE_PATH = "/fapi/v1/marginType";
    /** "Change Initial Leverage (TRADE)": leverage 1..125. */
    static final String LEVERAGE_PATH = "/fapi/v1/leverage";
    /** -4046 "No need to change margin type." (Error Codes page): the symbol already has that margin type. */
    static final int NO_NEED_TO_CHANGE_MARGIN_TYPE = -4046;
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final long FEE_INCREMENT = 10L; // 1e-8 at scale 1e-9
    /** "Order does not exist." (query of an unknown client id). */
    static final int NO_SUCH_ORDER = -2013;
    /** -1006 "unexpected response from the message bus", -1007 "timeout waiting for the backend": execution status unknown. */
    static final int UNKNOWN_STATUS_BUS = -1006;
    static final int UNKNOWN_STATUS_TIMEOUT = -1007;
    /** Added to the recvWindow: after the signed timestamp + both, a request not yet arrived is refused by the venue. */
    static final long ABSENT_MARGIN_NS = TimeUnit.SECONDS.toNanos(1);
    private static final int RETAINED_ORDERS = 4096;
    /** Income-history queries after a FUNDING_FEE event until the announced funding is attributed: 0.25 s doubling, ~8 s in all. */
    private static final int INCOME_ATTEMPTS = 6;
    private static final long INCOME_RETRY_BASE_NS = TimeUnit.MILLISECONDS.toNanos(250);

    private final GatewayConfig config;
    private final VenueSymbols symbols;
    private final EventLoop loop;
    private final EventSink sink;
    private final EpochNanoClock clock;
    private final RestClient rest;
    private final Map<String, String> keyHeaders;
    private final BinanceWsLayout layout;
    private final VenueOrderIds ids;

    // command thread
    private final BinanceSigner commandSigner;
    private final CommandDispatcher commands = new CommandDispatcher(Venue.BINANCE, this::onOrder, this::onCancel);
    private final AsciiBuilder request = new AsciiBuilder(512);
    private final OrderAdmission admission;

    // I/O loop
    private final BinanceSigner ioSigner;
    private final AsciiBuilder ioRequest = new AsciiBuilder(256);
    private final GatewayPublisher publisher;
    private final OrderTracker tracker;
    private final GatewayLifecycle lifecycle;
    private final BinanceFundingIncome income;
    private final AsciiBuilder incomeRequest = new AsciiBuilder(256);
    private boolean incomeInFlight;
    private boolean incomeRequested;
    private final UnknownOrders unknown;
    private final PositionRequests positions;
    private final PreviousOrders previous;
    private WsConnection stream;
    private String listenKey;
    private ScheduledFuture<?> keepalive;
    private volatile long ordersSent;
    private volatile long rateLimitedResponses;
    private volatile long streamReconnects;
    private volatile int usedWeight1m;
    private volatile int orderCount10s;

    // order entry over the WebSocket API (null: REST only)
    private final BinanceOrderSocket orderSocket;
    private final AsciiBuilder wsFrame = new AsciiBuilder(768);
    private volatile long restFallbacks;

    /**
     * @param config    URLs, recvWindow, rate limits, taker fee.
     * @param apiKey    the API key (from the environment variable the engine config names).
     * @param apiSecret the API secret (idem).
     * @param group     I/O threads; one loop of it runs this gateway's requests and stream.
     * @param sink      the inbound ring.
     * @param clock     stamps tsInitNs and the signed timestamp.
     * @param symbols   instrument id ↔ Binance symbol.
     * @param layout    WebSocket path of the user-data stream: SPLIT {@code /private/ws?listenKey=}, COMBINED {@code /ws/<key>}.
     * @param sessionEpoch the session's epoch in seconds, carried in every client order id sent.
     */
    public BinanceGateway(
        final GatewayConfig config,
        final String apiKey,
        final String apiSecret,
        final EventLoopGroup group,
        final EventSink sink,
        final EpochNanoClock clock,
        final VenueSymbols symbols,
        final BinanceWsLayout layout,
        final long sessionEpoch)
    {
        this.config = config;
        this.layout = layout;
        this.symbols = symbols;
        this.loop = group.next();
        this.sink = sink;
        this.clock = clock;
        this.commandSigner = new BinanceSigner(apiKey, apiSecret);
        this.ioSigner = new BinanceSigner(apiKey, apiSecret);
        this.keyHeaders = Map.of(BinanceSigner.API_KEY_HEADER, apiKey);
        this.rest = RestClient.keepAlive(loop, config.requestTimeoutNs(), RestClient.DEFAULT_MAX_BODY_BYTES, null);
        this.admission = new OrderAdmission(symbols, config.maxOrdersPerSecond(), new GatewayPublisher(sink, clock, Venue.BINANCE, apiKey, apiSecret),
            "Binance", "venue rate limit: backing off after 429/418 or a used-weight/order-count limit");
        this.publisher = new GatewayPublisher(sink, clock, Venue.BINANCE, apiKey, apiSecret);
        this.tracker = new OrderTracker(publisher, RETAINED_ORDERS);
        this.lifecycle = new GatewayLifecycle("binance gateway", LOG, loop, config, BALANCE_PATH, this::pollBalance);
        this.income = new BinanceFundingIncome(symbols, publisher, clock.nanoTime() / 1_000_000L);
        this.ids = new VenueOrderIds(sessionEpoch);
        this.unknown = new UnknownOrders("binance gateway", LOG, loop, tracker, ids, config, clock::nanoTime, this::queryOrder);
        this.positions = new PositionRequests("binance gateway", LOG, loop, symbols, publisher, config.account(), this::queryPositions);
        this.previous = new PreviousOrders("binance gateway", LOG, loop, tracker, ids, config, clock::nanoTime, this::queryOrder, this::cancelPrevious);
        this.orderSocket = config.orderEntry().isWebSocket()
            ? new BinanceOrderSocket(config.orderEntry().wsUri(), apiKey, apiSecret, config.recvWindowMs(), symbols, ids, loop, clock,
                config.requestTimeoutNs(), config.wsBackoffBaseNs(), config.wsBackoffCapNs(), new SocketAnswers())
            : null;
    }

    /**
     * A resumed session's orders of previous sessions on this venue that the journal never saw
     * finish: asked for at start, before the first positions ({@link PreviousOrders}). Before
     * {@link #start()} and before the gateway receives commands.
     */
    public BinanceGateway adoptPrevious(final List<PreviousOrder> orders)
    {
        previous.adopt(orders, id -> symbols.symbolBytes(id) != null);
        return this;
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Sets the account up, publishes the positions (source START), then opens the user-data stream
     * (listenKey, then the WebSocket) and fetches the wallet balance. Set-up, before any order:
     * the position mode must be one-way ({@code GET /fapi/v1/positionSide/dual} false), then per
     * traded symbol the configured margin type ({@code POST /fapi/v1/marginType}; -4046 "No need
     * to change margin type." is success) and leverage ({@code POST /fapi/v1/leverage}). The future
     * completes once the set-up is done, the first position batch is published, the stream is live
     * AND the first {@code BalanceUpdate} has been published; it fails with an
     * {@link IllegalStateException} naming the symbol and the venue's code and message when the venue
     * refuses a set-up step, the positions or the signed balance request (wrong key or secret), or
     * after {@link BalanceFailure#START_ATTEMPTS} transient balance failures. After a failure, close the gateway.
     */
    public CompletableFuture<Void> start()
    {
        rest.keepWarm(config.restUri(PING_PATH, null), REST_KEEP_WARM_NS); // the order path's connection, before the first order
        if (orderSocket != null)
        {
            orderSocket.start(); // open before the first order; REST carries the orders until it is
        }
        // the private stream connects after the set-up and the first positions: say so at once, so the engine enters no pair
        // on this venue before the stream that carries its fills is up (exits are never held back)
        new VenueStatusPublisher(sink, Venue.BINANCE, StreamKind.ORDERS).publishOrWait(FeedState.CONNECTING, 0, "starting: account set-up first", clock.nanoTime());
        return lifecycle.start(() -> BinanceAccountSetUp.run(this::signedCall, symbols, config.account())
            .thenCompose(ignore -> previous.resolve())
            .thenCompose(ignore -> positions.request(PositionSource.START))
            .thenRun(positions::startPolling), this::openUserStream);
    }

    /** REST connections opened and requests sent on a kept-alive one, so far (any thread): the order path's reuse. */
    public long[] restConnections()
    {
        return new long[] {rest.connectionsOpened(), rest.connectionsReused()};
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

    /** A signed request (params, then recvWindow and timestamp, then the signature) in the query string; I/O loop. */
    CompletableFuture<RestResponse> signedCall(final HttpMethod method, final String path, final String params)
    {
        ioRequest.reset().append(params).append(params.isEmpty() ? "recvWindow=" : "&recvWindow=").append(config.recvWindowMs())
            .append("&timestamp=").append(clock.nanoTime() / 1_000_000L);
        sign(ioSigner, ioRequest);
        final URI uri = config.restUri(path, ioRequest.toString());
        final CompletableFuture<RestResponse> answer = HttpMethod.GET.equals(method) ? rest.get(uri, keyHeaders)
            : rest.request(method, uri, keyHeaders, new byte[0]);
        return answer.whenCompleteAsync((response, error) ->
        {
            if (response != null)
            {
                readLimits(response);
            }
        }, loop);
    }

    /** Signed {@code GET /fapi/v2/positionRisk}: every one-way ("BOTH") position into the batch; null, or why not. */
    private CompletableFuture<String> queryPositions()
    {
        return signedCall(HttpMethod.GET, POSITION_RISK_PATH, "").handleAsync((response, error) ->
            error != null ? "transport: " + error.getClass().getSimpleName() : readPositionRisk(response, positions), loop);
    }

    /**
     * The answer of "Position Information V2 (USER_DATA)" (fixture fixtures/binance/position-risk-v2.json):
     * {@code positionAmt} signed, {@code liquidationPrice} "0" when there is none, {@code marginType}
     * "isolated" or "cross"; v2 gives no maintenance margin (NULL). Null once read, else why not.
     */
    static String readPositionRisk(final RestResponse response, final PositionRequests positions)
    {
        if (!response.isSuccess())
        {
            final VenueError venueError = VenueError.of(response);
            return "HTTP " + response.status() + (venueError == null ? "" : " code " + venueError.code() + " " + venueError.message());
        }
        try
        {
            for (final Object p : JsonTree.list(JsonTree.parse(response.bodyText())))
            {
                final String side = JsonTree.text(p, "positionSide");
                if (side != null && !"BOTH".equals(side))
                {
                    return "position " + JsonTree.text(p, "symbol") + " in Hedge Mode (positionSide " + side + "): the engine trades one-way only";
                }
                final long liquidation = fixed(JsonTree.text(p, "liquidationPrice"));
                final String leverage = JsonTree.text(p, "leverage");
                positions.put(JsonTree.text(p, "symbol"), msToNs(JsonTree.text(p, "updateTime")), fixed(JsonTree.text(p, "positionAmt")),
                    fixed(JsonTree.text(p, "entryPrice")), fixed(JsonTree.text(p, "markPrice")), liquidation == 0 ? FixedPoint.NULL : liquidation,
                    FixedPoint.NULL, leverage == null ? 0 : Integer.parseInt(leverage),
                    "isolated".equals(JsonTree.text(p, "marginType")) ? MarginMode.ISOLATED : MarginMode.CROSS);
            }
            return null;
        }
        catch (final RuntimeException ex)
        {
            return "unreadable positionRisk answer";
        }
    }

    /**
     * Signed {@code GET /fapi/v3/balance}; publishes the USDT entry (balance, availableBalance) as a
     * {@code BalanceUpdate}. Completes on the I/O loop with null once published, else with why not.
     */
    CompletableFuture<BalanceFailure> pollBalance()
    {
        final CompletableFuture<BalanceFailure> outcome = new CompletableFuture<>();
        loop.execute(() ->
        {
            ioRequest.reset().append("recvWindow=").append(config.recvWindowMs()).append("&timestamp=").append(clock.nanoTime() / 1_000_000L);
            sign(ioSigner, ioRequest);
            rest.get(config.restUri(BALANCE_PATH, ioRequest.toString()), keyHeaders)
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
        readLimits(response);
        final int status = response.status();
        if (status == 429 || status == 418 || status >= 500)
        {
            return BalanceFailure.transientFailure("HTTP " + status);
        }
        try
        {
            final Object json = JsonTree.parse(response.bodyText());
            if (!response.isSuccess())
            {
                return BalanceFailure.refused("HTTP " + status + " code " + JsonTree.text(json, "code") + " " + JsonTree.text(json, "msg"));
            }
            // "Futures Account Balance V3": per asset, balance (wallet) and availableBalance (what margin can
            // still use). USDC only when held, USDT always and last: a consumer that does not yet tell the
            // assets apart keeps the USDT figure
            Object usdt = null;
            for (final Object entry : JsonTree.list(json))
            {
                final Quote asset = quote(JsonTree.text(entry, "asset"));
                if (asset == Quote.USDT)
                {
                    usdt = entry;
                }
                else if (asset == Quote.USDC)
                {
                    final BalanceFailure failure = publishBalance(Quote.USDC, entry, false);
                    if (failure != null)
                    {
                        return failure;
                    }
                }
            }
            if (usdt == null)
            {
                // the venue lists every asset of the account: no USDT entry means none held
                publisher.balance(Quote.USDT, clock.nanoTime(), 0, 0);
                return null;
            }
            return publishBalance(Quote.USDT, usdt, true);
        }
        catch (final RuntimeException ex)
        {
            return response.isSuccess() ? BalanceFailure.transientFailure("unreadable balance response")
                : BalanceFailure.refused("HTTP " + status);
        }
    }

    /** One asset's entry of the balance answer as a BalanceUpdate (skipped when empty unless {@code evenIfEmpty}); null, or why not. */
    private BalanceFailure publishBalance(final Quote asset, final Object entry, final boolean evenIfEmpty)
    {
        final long wallet = fixed(JsonTree.text(entry, "balance"));
        final long available = fixed(JsonTree.text(entry, "availableBalance"));
        if (wallet == FixedPoint.NULL || available == FixedPoint.NULL)
        {
            return BalanceFailure.transientFailure(asset + " balance without balance or availableBalance");
        }
        if (evenIfEmpty || wallet != 0 || available != 0)
        {
            final long updateNs = msToNs(JsonTree.text(entry, "updateTime"));
            publisher.balance(asset, updateNs > 0 ? updateNs : clock.nanoTime(), wallet, available);
        }
        return null;
    }

    private void openUserStream()
    {
        if (lifecycle.isClosed())
        {
            return;
        }
        rest.request(HttpMethod.POST, config.restUri(LISTEN_KEY_PATH, null), keyHeaders, new byte[0]).whenCompleteAsync((response, error) ->
        {
            final String key = error == null && response.isSuccess() ? JsonTree.text(JsonTree.parse(response.bodyText()), "listenKey") : null;
            if (key == null)
            {
                LOG.warn("binance gateway: no listenKey ({}); retrying", error != null ? error.getClass().getSimpleName() : response);
                if (!lifecycle.isClosed())
                {
                    loop.schedule(this::openUserStream, config.wsBackoffBaseNs(), TimeUnit.NANOSECONDS);
                }
                return;
            }
            connectStream(key);
        }, loop);
    }

    private void connectStream(final String key)
    {
        if (stream != null)
        {
            stream.close();
        }
        listenKey = key;
        final URI wsUri = config.wsUri(layout.userDataPath(key));
        final WsConfig wsConfig = WsConfig.of(Venue.BINANCE, wsUri, List.of())
            .withBackoff(config.wsBackoffBaseNs(), config.wsBackoffCapNs())
            .withSilenceTimeoutNs(0)
            .withStream(StreamKind.ORDERS);
        stream = new WsConnection(wsConfig, loop, new StreamHandler(), sink, clock, new Random(key.hashCode()), ResyncHandler.NONE).start();
        LOG.info("binance gateway: user data stream connecting to {}, rest {}", config.wsBaseUrl(), config.restBaseUrl());
        if (keepalive == null)
        {
            keepalive = loop.scheduleAtFixedRate(this::keepalive, config.keepaliveIntervalNs(), config.keepaliveIntervalNs(), TimeUnit.NANOSECONDS);
        }
    }

    private void keepalive()
    {
        if (listenKey == null || lifecycle.isClosed())
        {
            return;
        }
        rest.request(HttpMethod.PUT, config.restUri(LISTEN_KEY_PATH, null), keyHeaders, new byte[0]).whenCompleteAsync((response, error) ->
        {
            if (error == null && !response.isSuccess() && response.status() < 500)
            {
                openUserStream(); // the key expired (-1125): a new key, a new stream
            }
        }, loop);
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
            if (keepalive != null)
            {
                keepalive.cancel(false);
            }
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
        if (orderSocket != null && orderSocket.isOpen())
        {
            placeOverSocket(order, nowNs);
            return;
        }
        if (orderSocket != null)
        {
            restFallbacks++;
        }
        final int length = encodeOrder(order, nowNs / 1_000_000L, request);
        final byte[] body = request.copy();
        final PlacedOrder placed = PlacedOrder.of(order, absentNs(nowNs));
        loop.execute(() -> send(placed.track(tracker), body, 0));
        assert length == body.length;
    }

    /** After the signed timestamp + recvWindow + a margin, a request not yet arrived is refused by the venue. */
    private long absentNs(final long nowNs)
    {
        return nowNs + TimeUnit.MILLISECONDS.toNanos(config.recvWindowMs()) + ABSENT_MARGIN_NS;
    }

    /** The order as a WebSocket API frame to the I/O loop; over REST there if the socket closed meanwhile (nothing sent). */
    private void placeOverSocket(final OrderCommandDecoder order, final long nowNs)
    {
        orderSocket.encodePlace(order, nowNs / 1_000_000L, wsFrame);
        final byte[] frame = wsFrame.copy();
        final PlacedOrder p = PlacedOrder.of(order, absentNs(nowNs));
        loop.execute(() ->
        {
            final TrackedOrder tracked = p.track(tracker);
            if (orderSocket.place(tracked, frame))
            {
                ordersSent++;
                return;
            }
            restFallbacks++;
            encodeOrder(p.instrumentId(), p.side(), p.type(), p.tif(), p.quantity(), p.price(), p.reduceOnly(), p.clientOrderId(),
                clock.nanoTime() / 1_000_000L, ioRequest, ioSigner);
            send(tracked, ioRequest.copy(), 0);
        });
    }

    /**
     * Writes the signed form body of a new order into {@code out} (reset first): the hot part of
     * the gateway, allocation free once the builder has grown.
     *
     * @return the body length.
     */
    public int encodeOrder(final OrderCommandDecoder order, final long timestampMs, final AsciiBuilder out)
    {
        return encodeOrder(order.instrumentId(), order.side(), order.orderType(), order.timeInForce(), order.quantity(), order.price(),
            order.reduceOnly() == BooleanType.TRUE, order.clientOrderId(), timestampMs, out, commandSigner);
    }

    /**
     * Writes the signed WebSocket API {@code order.place} frame of a new order into {@code out} (reset first), allocation
     * free once the builders have grown; only with WebSocket order entry.
     *
     * @return the frame length.
     */
    public int encodeOrderFrame(final OrderCommandDecoder order, final long timestampMs, final AsciiBuilder out)
    {
        if (orderSocket == null)
        {
            throw new IllegalStateException("binance gateway: order entry is REST");
        }
        return orderSocket.encodePlace(order, timestampMs, out);
    }

    private int encodeOrder(
        final int instrumentId, final Side side, final OrderType type, final TimeInForce tif, final long quantity, final long price,
        final boolean reduceOnly, final long clientOrderId, final long timestampMs, final AsciiBuilder out, final BinanceSigner signer)
    {
        out.reset()
            .append("symbol=").append(symbols.symbolBytes(instrumentId))
            .append(side == Side.SELL ? "&side=SELL" : "&side=BUY");
        final boolean market = type == OrderType.MARKET;
        out.append(market ? "&type=MARKET" : "&type=LIMIT");
        if (!market)
        {
            out.append("&timeInForce=").append(timeInForce(tif));
        }
        out.append("&quantity=").appendFixed(quantity);
        if (!market)
        {
            out.append("&price=").appendFixed(price);
        }
        if (reduceOnly)
        {
            out.append("&reduceOnly=true");
        }
        ids.append(out.append("&newClientOrderId="), clientOrderId)
            .append("&newOrderRespType=RESULT&recvWindow=").append(config.recvWindowMs())
            .append("&timestamp=").append(timestampMs);
        return sign(signer, out);
    }

    private static int sign(final BinanceSigner signer, final AsciiBuilder out)
    {
        final int payloadLength = out.length();
        out.append("&signature=");
        final byte[] array = out.reserve(HmacSigner.HEX_LENGTH);
        signer.sign(array, 0, payloadLength, array, out.length());
        out.advance(HmacSigner.HEX_LENGTH);
        return out.length();
    }

    static String timeInForce(final TimeInForce tif)
    {
        switch (tif)
        {
            case GTC: return "GTC";
            case FOK: return "FOK";
            case POST_ONLY: return "GTX";
            default: return "IOC";
        }
    }

    private void onCancel(final CancelCommandDecoder cancel)
    {
        final byte[] symbol = symbols.symbolBytes(cancel.instrumentId());
        if (symbol == null)
        {
            return;
        }
        final long clientOrderId = cancel.clientOrderId();
        // a previous session's order keeps the id it was sent under
        final long epoch = previous.epochOf(clientOrderId);
        final long nowMs = clock.nanoTime() / 1_000_000L;
        if (orderSocket != null && orderSocket.isOpen() && orderSocket.encodeCancel(cancel, epoch, nowMs, wsFrame) > 0)
        {
            final byte[] frame = wsFrame.copy();
            loop.execute(() ->
            {
                if (!orderSocket.cancel(frame))
                {
                    restFallbacks++;
                    cancelOverRest(cancelQuery(symbol, epoch, clientOrderId, ioRequest, ioSigner), clientOrderId);
                }
            });
            return;
        }
        final String query = cancelQuery(symbol, epoch, clientOrderId, request, commandSigner);
        loop.execute(() -> cancelOverRest(query, clientOrderId));
    }

    private String cancelQuery(final byte[] symbol, final long epoch, final long clientOrderId, final AsciiBuilder out, final BinanceSigner signer)
    {
        ids.append(out.reset().append("symbol=").append(symbol).append("&origClientOrderId="), epoch, clientOrderId)
            .append("&recvWindow=").append(config.recvWindowMs()).append("&timestamp=").append(clock.nanoTime() / 1_000_000L);
        sign(signer, out);
        return out.toString();
    }

    private void cancelOverRest(final String query, final long clientOrderId)
    {
        rest.request(HttpMethod.DELETE, config.restUri(ORDER_PATH, query), keyHeaders, null)
            .whenCompleteAsync((response, error) -> onCancelResponse(clientOrderId, response), loop);
    }

    // ---------------------------------------------------------------- I/O loop

    private void send(final TrackedOrder order, final byte[] body, final int attempt)
    {
        ordersSent++;
        rest.post(config.restUri(ORDER_PATH, null), keyHeaders, body, FORM)
            .whenCompleteAsync((response, error) -> onOrderResponse(order, body, attempt, response, error), loop);
    }

    private void onOrderResponse(final TrackedOrder order, final byte[] body, final int attempt, final RestResponse response, final Throwable error)
    {
        if (error != null)
        {
            unknown.onNoAnswer(order, "transport: " + error.getClass().getSimpleName());
            return;
        }
        readLimits(response);
        final int status = response.status();
        if (status == 429 || status == 418)
        {
            rateLimitedResponses++;
            final long retryAfterNs = response.retryAfterNs();
            final long backoffNs = retryAfterNs >= 0 ? retryAfterNs : status == 418 ? 10 * config.rateLimitBackoffNs() : config.rateLimitBackoffNs();
            admission.blockUntil(clock.nanoTime() + backoffNs);
            if (attempt < config.rateLimitRetries() && backoffNs < TimeUnit.MILLISECONDS.toNanos(config.recvWindowMs()) / 2)
            {
                loop.schedule(() -> send(order, body, attempt + 1), backoffNs, TimeUnit.NANOSECONDS);
                return;
            }
            final VenueError rateLimited = VenueError.of(response);
            tracker.onTerminal(order, ExecType.REJECTED, rateLimited == null ? LOCAL_TRANSPORT : rateLimited.code(),
                rateLimited == null ? "HTTP " + status : rateLimited.message(), clock.nanoTime());
            return;
        }
        if (status >= 500)
        {
            unknown.onNoAnswer(order, "HTTP " + status); // 503 "Unknown error": execution status unknown
            return;
        }
        if (!response.isSuccess())
        {
            final VenueError venueError = VenueError.of(response);
            if (venueError == null || venueError.code() == UNKNOWN_STATUS_BUS || venueError.code() == UNKNOWN_STATUS_TIMEOUT)
            {
                unknown.onNoAnswer(order, "HTTP " + status + (venueError == null ? " without a venue error code" : " code " + venueError.code()));
                return;
            }
            tracker.onTerminal(order, ExecType.REJECTED, venueError.code(), venueError.message(), clock.nanoTime()); // definitive
            return;
        }
        final Object json;
        try
        {
            json = JsonTree.parse(response.bodyText());
        }
        catch (final IllegalArgumentException ex)
        {
            unknown.onNoAnswer(order, "unreadable order response");
            return;
        }
        if (!applyOrderJson(order, json))
        {
            unknown.onNoAnswer(order, "order response without status");
        }
    }

    /** The venue's error body {@code {"code":-2013,"msg":"Order does not exist."}}: code and message, or null when not one. */
    record VenueError(int code, String message)
    {
        static VenueError of(final RestResponse response)
        {
            try
            {
                final Object json = JsonTree.parse(response.bodyText());
                final String code = JsonTree.text(json, "code");
                final String msg = JsonTree.text(json, "msg");
                return code == null ? null : new VenueError(Integer.parseInt(code), msg == null ? "HTTP " + response.status() : msg);
            }
            catch (final RuntimeException ex)
            {
                return null; // not the venue's error JSON (a proxy's page, an empty body)
            }
        }
    }

    /**
     * An order object of the REST API (new order RESULT or query order) applied to the tracker.
     *
     * @return false when it has no status (nothing applied).
     */
    boolean applyOrderJson(final TrackedOrder order, final Object json)
    {
        final String status = JsonTree.text(json, "status");
        final long tsEventNs = msToNs(JsonTree.text(json, "updateTime"));
        final long executed = fixed(JsonTree.text(json, "executedQty"));
        final long cumQuote = fixed(JsonTree.text(json, "cumQuote"));
        final String orderId = JsonTree.text(json, "orderId");
        if (status == null)
        {
            return false;
        }
        if ("NEW".equals(status))
        {
            tracker.onAck(order, orderId, tsEventNs);
            return true;
        }
        if (executed != FixedPoint.NULL && executed > 0)
        {
            final long quoteDelta = cumQuote == FixedPoint.NULL ? FixedPoint.multiply(fixed(JsonTree.text(json, "avgPrice")), executed - order.cumQty())
                : cumQuote - order.cumQuote();
            // the RESULT has no commission: the estimate is in the quote, replaced when the stream's trade brings n
            tracker.onEstimatedFill(order, executed, cumQuote, fixed(JsonTree.text(json, "avgPrice")), estimatedFee(quoteDelta), tsEventNs);
            afterFill();
        }
        switch (status)
        {
            case "EXPIRED":
            case "EXPIRED_IN_MATCH":
                tracker.onTerminal(order, ExecType.EXPIRED, 0, status, tsEventNs);
                break;
            case "CANCELED":
                tracker.onTerminal(order, ExecType.CANCELED, 0, status, tsEventNs);
                break;
            case "REJECTED":
                tracker.onTerminal(order, ExecType.REJECTED, 0, status, tsEventNs);
                break;
            default:
                break; // PARTIALLY_FILLED, FILLED: published by onFill
        }
        return true;
    }

    private long estimatedFee(final long quote)
    {
        if (quote == FixedPoint.NULL || quote <= 0)
        {
            return 0;
        }
        final long raw = FixedPoint.multiply(quote, config.takerFee());
        return raw == FixedPoint.NULL ? 0 : roundHalfUp(raw, FEE_INCREMENT);
    }

    static long roundHalfUp(final long value, final long increment)
    {
        final long down = Math.floorDiv(value, increment) * increment;
        return value - down >= (increment + 1) / 2 ? down + increment : down;
    }

    /**
     * One signed {@code GET /fapi/v1/order?symbol=&origClientOrderId=} (USD-M futures "Query Order
     * (USER_DATA)": the order object, or -2013 "Order does not exist."; orders CANCELED/EXPIRED
     * with no fill are kept 3 days, all 90 days). FOUND states are applied to the tracker.
     */
    private CompletableFuture<Answer> queryOrder(final TrackedOrder order)
    {
        final String query = signedQuery(order);
        if (query == null)
        {
            return CompletableFuture.completedFuture(Answer.INDEFINITE);
        }
        return rest.get(config.restUri(ORDER_PATH, query), keyHeaders).handleAsync((response, error) ->
            error != null ? Answer.INDEFINITE : onQueryAnswer(order, response.status(), response), loop);
    }

    /** A query's answer: applied when it is the order, ABSENT on -2013, else INDEFINITE. */
    Answer onQueryAnswer(final TrackedOrder order, final int status, final RestResponse response)
    {
        readLimits(response);
        if (status >= 500 || status == 429 || status == 418)
        {
            return Answer.INDEFINITE;
        }
        if (!response.isSuccess())
        {
            final VenueError venueError = VenueError.of(response);
            return venueError != null && venueError.code() == NO_SUCH_ORDER ? Answer.absent(venueError.code(), venueError.message())
                : Answer.INDEFINITE; // -1021 timestamp, -1022 signature, …: says nothing about the order
        }
        try
        {
            return applyOrderJson(order, JsonTree.parse(response.bodyText())) ? Answer.FOUND : Answer.INDEFINITE;
        }
        catch (final IllegalArgumentException ex)
        {
            return Answer.INDEFINITE;
        }
    }

    private String signedQuery(final TrackedOrder order)
    {
        final byte[] symbol = symbols.symbolBytes(order.instrumentId());
        if (symbol == null)
        {
            return null;
        }
        ids.append(ioRequest.reset().append("symbol=").append(symbol).append("&origClientOrderId="), order.epoch(), order.clientOrderId())
            .append("&recvWindow=").append(config.recvWindowMs()).append("&timestamp=").append(clock.nanoTime() / 1_000_000L);
        sign(ioSigner, ioRequest);
        return ioRequest.toString();
    }

    /** Signed {@code DELETE /fapi/v1/order} of a previous session's order still working, under its own id; the answer applied. I/O loop. */
    private CompletableFuture<Void> cancelPrevious(final TrackedOrder order)
    {
        final String query = signedQuery(order);
        if (query == null)
        {
            return CompletableFuture.completedFuture(null);
        }
        return rest.request(HttpMethod.DELETE, config.restUri(ORDER_PATH, query), keyHeaders, null)
            .handleAsync((response, error) ->
            {
                onCancelResponse(order.clientOrderId(), response);
                return null;
            }, loop);
    }

    private void onCancelResponse(final long clientOrderId, final RestResponse response)
    {
        final TrackedOrder order = tracker.get(clientOrderId);
        if (order == null || response == null)
        {
            return;
        }
        readLimits(response);
        if (response.isSuccess())
        {
            try
            {
                applyOrderJson(order, JsonTree.parse(response.bodyText()));
            }
            catch (final IllegalArgumentException ignore)
            {
                // the stream reports the cancel too
            }
        }
        else if (!order.isTerminal() && VenueError.of(response).code() == UNKNOWN_ORDER)
        {
            // -2011 "Unknown order sent." on an order still open here: it ended at the venue while its report was lost; ask
            unknown.recheck(clientOrderId);
        }
    }

    private void readLimits(final RestResponse response)
    {
        applyLimits(intHeader(response, "x-mbx-used-weight-1m"), intHeader(response, "x-mbx-order-count-10s"));
    }

    /**
     * The {@code rateLimits} of a WebSocket API answer: REQUEST_WEIGHT per 1 MINUTE and ORDERS per 10 SECOND
     * {@code count}s, the values REST gives in its headers.
     */
    private void readLimits(final Object answer)
    {
        int weight = -1;
        int orders = -1;
        for (final Object limit : JsonTree.list(JsonTree.get(answer, "rateLimits")))
        {
            final String type = JsonTree.text(limit, "rateLimitType");
            final String interval = JsonTree.text(limit, "interval");
            final String num = JsonTree.text(limit, "intervalNum");
            final String count = JsonTree.text(limit, "count");
            if (count == null || num == null)
            {
                continue;
            }
            if ("REQUEST_WEIGHT".equals(type) && "MINUTE".equals(interval) && "1".equals(num))
            {
                weight = Integer.parseInt(count);
            }
            else if ("ORDERS".equals(type) && "SECOND".equals(interval) && "10".equals(num))
            {
                orders = Integer.parseInt(count);
            }
        }
        applyLimits(weight, orders);
    }

    private void applyLimits(final int weight, final int orders)
    {
        if (weight >= 0)
        {
            usedWeight1m = weight;
        }
        if (orders >= 0)
        {
            orderCount10s = orders;
        }
        final long nowNs = clock.nanoTime();
        if (weight >= config.weightLimit1m())
        {
            final long nowMs = nowNs / 1_000_000L;
            admission.extendBlock(nowNs + TimeUnit.MILLISECONDS.toNanos(60_000 - nowMs % 60_000));
        }
        if (orders >= config.orderLimit10s())
        {
            final long nowMs = nowNs / 1_000_000L;
            admission.extendBlock(nowNs + TimeUnit.MILLISECONDS.toNanos(10_000 - nowMs % 10_000));
        }
    }

    private static int intHeader(final RestResponse response, final String name)
    {
        final String value = response.header(name);
        if (value == null)
        {
            return -1;
        }
        try
        {
            return Integer.parseInt(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    // ---------------------------------------------------------------- WebSocket API answers (I/O loop)

    /** The answers of {@link BinanceOrderSocket}, read as REST's: same statuses, same error codes, same order object. */
    private final class SocketAnswers implements BinanceOrderSocket.Answers
    {
        @Override
        public void onOrderAnswer(final TrackedOrder order, final Object answer)
        {
            final int status;
            try
            {
                readLimits(answer);
                status = Integer.parseInt(JsonTree.text(answer, "status"));
            }
            catch (final RuntimeException ex)
            {
                unknown.onNoAnswer(order, "ws: unreadable answer");
                return;
            }
            if (status == 200)
            {
                if (!applyOrderJson(order, JsonTree.get(answer, "result")))
                {
                    unknown.onNoAnswer(order, "ws: answer without an order status");
                }
                return;
            }
            if (status >= 500)
            {
                unknown.onNoAnswer(order, "ws: status " + status);
                return;
            }
            final Object error = JsonTree.get(answer, "error");
            final String code = JsonTree.text(error, "code");
            final int venueCode;
            try
            {
                venueCode = code == null ? 0 : Integer.parseInt(code);
            }
            catch (final NumberFormatException ex)
            {
                unknown.onNoAnswer(order, "ws: status " + status + " with an unreadable code");
                return;
            }
            if (venueCode == 0 || venueCode == UNKNOWN_STATUS_BUS || venueCode == UNKNOWN_STATUS_TIMEOUT)
            {
                unknown.onNoAnswer(order, "ws: status " + status + (venueCode == 0 ? " without a venue error code" : " code " + venueCode));
                return;
            }
            if (status == 429 || status == 418)
            {
                // refused, not applied: no retry over the socket, new orders wait as after a REST 429
                rateLimitedResponses++;
                admission.blockUntil(clock.nanoTime() + (status == 418 ? 10 * config.rateLimitBackoffNs() : config.rateLimitBackoffNs()));
            }
            final String msg = JsonTree.text(error, "msg");
            tracker.onTerminal(order, ExecType.REJECTED, venueCode, msg == null ? "status " + status : msg, clock.nanoTime()); // definitive
        }

        @Override
        public void onPlaceLost(final TrackedOrder order, final String cause)
        {
            unknown.onNoAnswer(order, cause);
        }

        @Override
        public void onCancelAnswer(final long clientOrderId, final Object answer)
        {
            final TrackedOrder order = tracker.get(clientOrderId);
            if (order == null)
            {
                return;
            }
            try
            {
                readLimits(answer);
                if ("200".equals(JsonTree.text(answer, "status")))
                {
                    applyOrderJson(order, JsonTree.get(answer, "result"));
                }
                else if (!order.isTerminal() && String.valueOf(UNKNOWN_ORDER).equals(JsonTree.text(JsonTree.get(answer, "error"), "code")))
                {
                    unknown.recheck(clientOrderId); // -2011 on an order still open here: ask, as after REST's
                }
            }
            catch (final RuntimeException ignore)
            {
                // the stream reports the cancel too
            }
        }
    }

    // ---------------------------------------------------------------- user-data stream (I/O loop)

    private final class StreamHandler implements FrameHandler
    {
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
            final String type = JsonTree.text(json, "e");
            if ("ORDER_TRADE_UPDATE".equals(type))
            {
                onOrderTradeUpdate(JsonTree.get(json, "o"), msToNs(JsonTree.text(json, "E")));
            }
            else if ("ACCOUNT_UPDATE".equals(type))
            {
                onAccountUpdate(JsonTree.get(json, "a"), msToNs(JsonTree.text(json, "E")));
            }
            else if ("listenKeyExpired".equals(type))
            {
                openUserStream();
            }
        }

        @Override
        public void onOpen(final int connects)
        {
            if (connects == 1)
            {
                lifecycle.streamLive();
            }
            else
            {
                streamReconnects++;
                LOG.info("binance gateway: user data stream back; querying open orders and the balance");
                recover();
            }
        }
    }

    /** After a reconnect: fills that happened while the stream was down are learned by querying every open order. */
    private void recover()
    {
        unknown.recheckOpen();
        lifecycle.pollBalanceIfKnown();
        positions.request(PositionSource.RECONNECT);
        requestFundingIncome(); // settlements while the stream was down
    }

    /**
     * Funding payments come from the income history ({@link BinanceFundingIncome}): one query chain
     * at a time; a request made while one runs starts another when it ends.
     */
    private void requestFundingIncome()
    {
        if (incomeInFlight)
        {
            incomeRequested = true;
            return;
        }
        incomeInFlight = true;
        fetchFundingIncome(0);
    }

    private void fetchFundingIncome(final int attempt)
    {
        if (lifecycle.isClosed())
        {
            return;
        }
        income.query(incomeRequest, config.recvWindowMs(), clock.nanoTime() / 1_000_000L);
        sign(ioSigner, incomeRequest);
        rest.get(config.restUri(BinanceFundingIncome.PATH, incomeRequest.toString()), keyHeaders).whenCompleteAsync((response, error) ->
        {
            int records = -1;
            if (error == null)
            {
                readLimits(response);
                if (response.isSuccess())
                {
                    records = income.onResponse(response.bodyText());
                }
            }
            final int answer = records;
            publishFundingWithRates(() -> afterFundingIncome(attempt, answer, response, error));
        }, loop);
    }

    /**
     * Asks the funding rate history ({@link BinanceFundingIncome#RATES_PATH}, public) of each symbol
     * whose payments wait for their settlement's rate, then publishes them, each with its rate or, if
     * the venue did not answer, a NULL one; then {@code then}. On the gateway's loop.
     */
    private void publishFundingWithRates(final Runnable then)
    {
        final List<String> symbols = income.unpricedSymbols();
        if (symbols.isEmpty() || lifecycle.isClosed())
        {
            income.publishHeld();
            then.run();
            return;
        }
        final CompletableFuture<?>[] answers = new CompletableFuture<?>[symbols.size()];
        for (int i = 0; i < answers.length; i++)
        {
            answers[i] = rest.get(config.restUri(BinanceFundingIncome.RATES_PATH, income.ratesQuery(symbols.get(i)))).handleAsync((response, error) ->
            {
                if (error == null && response.isSuccess())
                {
                    income.onRates(response.bodyText());
                }
                return null;
            }, loop);
        }
        CompletableFuture.allOf(answers).whenCompleteAsync((ignored, error) ->
        {
            income.publishHeld();
            then.run();
        }, loop);
    }

    private void afterFundingIncome(final int attempt, final int records, final RestResponse response, final Throwable error)
    {
        if (records == BinanceFundingIncome.PAGE)
        {
            fetchFundingIncome(attempt); // a full page: the next one at once
            return;
        }
        if ((records < 0 || income.pendingAmount() != 0) && attempt + 1 < INCOME_ATTEMPTS)
        {
            loop.schedule(() -> fetchFundingIncome(attempt + 1), INCOME_RETRY_BASE_NS << attempt, TimeUnit.NANOSECONDS);
            return;
        }
        if (records < 0 || income.pendingAmount() != 0)
        {
            LOG.warn("binance gateway: funding income history incomplete after {} attempts ({}); announced funding not yet attributed: {}",
                INCOME_ATTEMPTS, error != null ? error.getClass().getSimpleName() : "HTTP " + response.status(),
                FixedPoint.toString(income.clearPending()));
        }
        incomeInFlight = false;
        if (incomeRequested)
        {
            incomeRequested = false;
            requestFundingIncome();
        }
    }

    /**
     * A TRADE of the stream's {@code ORDER_TRADE_UPDATE} ({@code o}): the fill with the venue's
     * commission {@code n} in asset {@code N} (USDT, or BNB when the account pays fees in BNB), or,
     * for a fill already published from the REST RESULT with an estimated fee, the fee-only
     * correction to the commission ({@link OrderTracker#onTrade}).
     */
    void applyTrade(final TrackedOrder order, final Object o, final long eventNs)
    {
        final long commission = fixed(JsonTree.text(o, "n"));
        final String asset = JsonTree.text(o, "N");
        final String symbol = JsonTree.text(o, "s");
        tracker.onTrade(order, fixed(JsonTree.text(o, "z")), fixed(JsonTree.text(o, "l")), fixed(JsonTree.text(o, "L")),
            commission == FixedPoint.NULL ? 0 : commission, Assets.of(asset), asset == null || symbol != null && symbol.endsWith(asset), eventNs);
        afterFill();
    }

    private void onOrderTradeUpdate(final Object o, final long tsEventNs)
    {
        final ExecFlag forced = forcedClose(o);
        if (forced != ExecFlag.NONE)
        {
            onForcedClose(o, forced, tsEventNs);
            return;
        }
        final TrackedOrder order = streamOrder(o);
        if (order == null)
        {
            return;
        }
        final String execution = JsonTree.text(o, "x");
        final long eventNs = JsonTree.text(o, "T") != null ? msToNs(JsonTree.text(o, "T")) : tsEventNs;
        if (execution == null)
        {
            return;
        }
        switch (execution)
        {
            case "NEW":
                tracker.onAck(order, JsonTree.text(o, "i"), eventNs);
                break;
            case "TRADE":
                applyTrade(order, o, eventNs);
                break;
            case "EXPIRED":
                tracker.onTerminal(order, ExecType.EXPIRED, 0, "EXPIRED", eventNs);
                break;
            case "CANCELED":
                tracker.onTerminal(order, ExecType.CANCELED, 0, "CANCELED", eventNs);
                break;
            case "REJECTED":
                tracker.onTerminal(order, ExecType.REJECTED, 0, "REJECTED", eventNs);
                break;
            default:
                break; // AMENDMENT; CALCULATED is a liquidation (onForcedClose)
        }
    }

    /**
     * Whether an {@code ORDER_TRADE_UPDATE} is the venue's forced close, as USD-M futures "User Data
     * Streams / Event: Order Update" documents it: "If user gets liquidated due to insufficient
     * margin balance: c shows as "autoclose-XXX""; "If user has enough margin balance but gets ADL:
     * c shows as "adl_autoclose""; order type LIQUIDATION; execution type "CALCULATED - Liquidation
     * Execution". ADL when the client id says so, else LIQUIDATION; NONE for any other order.
     */
    static ExecFlag forcedClose(final Object o)
    {
        final String clientId = JsonTree.text(o, "c");
        if (clientId != null && clientId.startsWith("adl_autoclose"))
        {
            return ExecFlag.ADL;
        }
        final boolean liquidation = clientId != null && clientId.startsWith("autoclose-") || "LIQUIDATION".equals(JsonTree.text(o, "o"))
            || "CALCULATED".equals(JsonTree.text(o, "x"));
        return liquidation ? ExecFlag.LIQUIDATION : ExecFlag.NONE;
    }

    /**
     * A liquidation or ADL order of the venue: its fills (execution type CALCULATED or TRADE, the
     * cumulative {@code z} rising) are published once each under a foreign engine id derived from
     * the venue's order id {@code i} ({@link VenueOrderIds#forcedCloseId}, pairId 0) with the flag,
     * the commission {@code n} in {@code N}; the positions and the balance are asked for after it.
     */
    private void onForcedClose(final Object o, final ExecFlag flag, final long tsEventNs)
    {
        final int instrumentId = symbols.instrumentId(JsonTree.text(o, "s"));
        final String execution = JsonTree.text(o, "x");
        if (instrumentId == 0 || !("CALCULATED".equals(execution) || "TRADE".equals(execution)))
        {
            return; // NEW, EXPIRED…: nothing filled
        }
        final String venueOrderId = JsonTree.text(o, "i");
        final long before = tracker.foreignOrders();
        final TrackedOrder order = tracker.trackForeign(VenueOrderIds.forcedCloseId(venueOrderId), instrumentId,
            "SELL".equals(JsonTree.text(o, "S")) ? Side.SELL : Side.BUY, fixed(JsonTree.text(o, "q")), flag);
        if (tracker.foreignOrders() != before)
        {
            LOG.warn("binance gateway: {} of {} (order {}, client id {}) reported as foreign fills (id {})", flag, JsonTree.text(o, "s"),
                venueOrderId, JsonTree.text(o, "c"), order.clientOrderId());
        }
        final long commission = fixed(JsonTree.text(o, "n"));
        final long eventNs = JsonTree.text(o, "T") != null ? msToNs(JsonTree.text(o, "T")) : tsEventNs;
        if (tracker.onFill(order, fixed(JsonTree.text(o, "z")), FixedPoint.NULL, fixed(JsonTree.text(o, "L")),
            commission == FixedPoint.NULL ? 0 : commission, Assets.of(JsonTree.text(o, "N")), eventNs))
        {
            afterFill();
        }
    }

    /**
     * The order an {@code ORDER_TRADE_UPDATE} is about: this session's by its client id, or an
     * order of another session (another epoch) tracked as foreign, logged once; null for ids not
     * ours (manual orders, "autoclose-…" liquidations) and for ids this gateway no longer knows.
     */
    private TrackedOrder streamOrder(final Object o)
    {
        final String clientId = JsonTree.text(o, "c");
        final long own = ids.ownId(clientId);
        if (own != VenueOrderIds.NOT_OURS)
        {
            return tracker.get(own);
        }
        final TrackedOrder prior = tracker.previous(clientId);
        if (prior != null)
        {
            return prior; // a previous session's order this session took over
        }
        final long foreignId = ids.foreignId(clientId);
        if (foreignId == VenueOrderIds.NOT_OURS)
        {
            return null;
        }
        final int instrumentId = symbols.instrumentId(JsonTree.text(o, "s"));
        if (instrumentId == 0)
        {
            return null;
        }
        final long before = tracker.foreignOrders();
        final TrackedOrder order = tracker.trackForeign(foreignId, instrumentId, "SELL".equals(JsonTree.text(o, "S")) ? Side.SELL : Side.BUY,
            fixed(JsonTree.text(o, "q")));
        if (tracker.foreignOrders() != before)
        {
            LOG.warn("binance gateway: a report of order {} of another session ({} {}); not matched to this session's orders, "
                + "its fills published as foreign exposure (id {})", clientId, JsonTree.text(o, "x"), JsonTree.text(o, "s"), foreignId);
        }
        return order;
    }

    /** A fill changed the position: ask for it (throttled: one query in flight, one queued). */
    private void afterFill()
    {
        positions.request(PositionSource.FILL);
        lifecycle.requestBalance();
    }

    private void onAccountUpdate(final Object a, final long tsEventNs)
    {
        final String reason = JsonTree.text(a, "m");
        final List<Object> balances = JsonTree.list(JsonTree.get(a, "B"));
        if ("FUNDING_FEE".equals(reason))
        {
            // In cross margin the event names no symbol (no P): the income history attributes every
            // payment, whatever the margin mode (BinanceFundingIncome). bc is what to expect from it.
            for (final Object balance : balances)
            {
                income.onStreamFunding(fixed(JsonTree.text(balance, "bc")));
            }
            requestFundingIncome();
        }
        // B carries wb (wallet balance) and cw (cross wallet balance): neither is the margin still
        // available, which only GET /fapi/v3/balance's availableBalance says: ask for it
        if (!balances.isEmpty())
        {
            lifecycle.requestBalance();
        }
    }

    // ---------------------------------------------------------------- helpers

    static Quote quote(final String asset)
    {
        if ("USDT".equals(asset))
        {
            return Quote.USDT;
        }
        if ("USDC".equals(asset))
        {
            return Quote.USDC;
        }
        return "USD".equals(asset) ? Quote.USD : null;
    }

    // ---------------------------------------------------------------- statistics (any thread)

    /** Orders and cancels sent over REST because the WebSocket API connection was not open (0 with REST order entry). */
    @Override
    public long restFallbacks()
    {
        return restFallbacks;
    }

    /** Requests sent over the WebSocket API (orders and cancels) and orders there whose answer never came (UNKNOWN); zeros with REST. */
    @Override
    public long[] socketRequests()
    {
        return orderSocket == null ? new long[2] : new long[] {orderSocket.requestsSent(), orderSocket.answersLost()};
    }

    /** Whether the WebSocket API connection is open (false with REST order entry). */
    public boolean orderSocketOpen()
    {
        return orderSocket != null && orderSocket.isOpen();
    }

    /** Drops the WebSocket API connection as the venue would (tests); it reconnects with backoff. */
    public void dropOrderSocket()
    {
        if (orderSocket != null)
        {
            orderSocket.disconnect();
        }
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

    public int usedWeight1m()
    {
        return usedWeight1m;
    }

    public int orderCount10s()
    {
        return orderCount10s;
    }

    /** The resolution of orders without a definitive answer: UNKNOWN, absent and foreign order counts, queries. */
    public UnknownOrders outcomes()
    {
        return unknown;
    }

    /** The previous sessions' unfinished orders taken over at start. */
    public PreviousOrders previousOrders()
    {
        return previous;
    }

    /** The client ids this gateway sends. */
    public VenueOrderIds ids()
    {
        return ids;
    }

    /** Duplicate reports dropped (read on the I/O loop or accept a stale view). */
    /** Fee-only reports published: the venue's commission replacing the estimate of a fill first learned over REST. */
    public long feeCorrections()
    {
        return tracker.feeCorrections();
    }

    public long duplicatesDropped()
    {
        return tracker.duplicatesDropped();
    }

    /** Position batches published and position queries that published nothing. */
    public PositionRequests positions()
    {
        return positions;
    }

    /** The private stream connection (tests: drop it), or null before start. */
    WsConnection stream()
    {
        return stream;
    }

    @Override
    public String toString()
    {
        return "BinanceGateway{rest=" + config.restBaseUrl() + ", ordersSent=" + ordersSent + ", localRejects=" + admission.localRejects() + "}";
    }
}
