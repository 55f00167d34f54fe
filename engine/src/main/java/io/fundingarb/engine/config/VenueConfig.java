package io.fundingarb.engine.config;

import io.fundingarb.connectors.venue.VenueSection;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One venue's sub-section of {@code venues} (binance, bybit, okx, hyperliquid, kraken).
 *
 * @param takerFee        {@code venues.<venue>.taker_fee}: taker fee as a ratio (0.0005 = 5 bps), used for every fill estimate.
 * @param makerFee        {@code venues.<venue>.maker_fee}: maker fee as a ratio.
 * @param fundingInterval {@code venues.<venue>.funding_interval}: used only when the venue reports no interval for a symbol.
 * @param enabled         {@code venues.<venue>.enabled}: connect to this venue (true by default for the venues with a connector).
 * @param wsUrl           {@code venues.<venue>.ws_url}: WebSocket base URL of the venue; "" = not set (the demo's simulators supply it).
 * @param restUrl         {@code venues.<venue>.rest_url}: REST base URL of the venue; "" = not set.
 * @param apiKeyEnv       {@code venues.<venue>.api_key_env}: name of the environment variable holding the API key; "" = none.
 * @param apiSecretEnv    {@code venues.<venue>.api_secret_env}: name of the environment variable holding the API secret; "" = none.
 * @param wsLayout        {@code venues.binance.ws_layout}: split (since 2026: /market, /public, /private) or combined (the
 *                        legacy single path); binance only, the other venues have no such key and report COMBINED.
 * @param marginMode      {@code venues.<venue>.margin_mode}: cross or isolated, set by the order gateway at start (venues with a gateway).
 * @param leverage        {@code venues.<venue>.leverage}: 1..125, set by the order gateway at start for every traded instrument.
 * @param positionPollInterval {@code venues.<venue>.position_poll_interval}: the gateway asks for the positions this often.
 * @param orderEntry      {@code venues.<venue>.order_entry}: rest or websocket (the venue's WebSocket order API, REST as the
 *                        fallback); venues with a gateway; websocket only where the gateway speaks one (binance, bybit; not hyperliquid).
 * @param orderWsUrl      {@code venues.<venue>.order_ws_url}: the WebSocket order API's URL; "" = {@code ws_url} + the venue's
 *                        documented path (right for the simulators and for Bybit; Binance's API has its own host).
 * @param liveness        {@code venues.<venue>.funding_silence, book_silence, subscribe_ack_timeout, backoff_reset_after,
 *                        max_reconnects_per_minute}: how the market-data feed judges its streams and paces its reconnects.
 */
public record VenueConfig(
    double takerFee,
    double makerFee,
    Duration fundingInterval,
    boolean enabled,
    String wsUrl,
    String restUrl,
    String apiKeyEnv,
    String apiSecretEnv,
    WsLayout wsLayout,
    MarginType marginMode,
    int leverage,
    Duration positionPollInterval,
    OrderEntryMode orderEntry,
    String orderWsUrl,
    Liveness liveness)
{
    /**
     * The feed's liveness keys (venues with a market-data connector).
     *
     * @param fundingSilence         a funding / mark stream without data this long is resubscribed, then its connection recycled; 0 = never.
     * @param bookSilence            the same for a book stream; 0 = never.
     * @param subscribeAckTimeout    a subscribe request unanswered this long is sent again; twice, the connection is recycled.
     * @param backoffResetAfter      the reconnect backoff starts over only after a connection delivered data this long.
     * @param maxReconnectsPerMinute connection attempts per minute across the feed's connections, at most the venue's documented limit.
     */
    public record Liveness(Duration fundingSilence, Duration bookSilence, Duration subscribeAckTimeout, Duration backoffResetAfter,
        int maxReconnectsPerMinute)
    {
        public static final Liveness DEFAULTS = new Liveness(Duration.ofSeconds(10), VenueSection.DEFAULT_BOOK_SILENCE, Duration.ofSeconds(10),
            Duration.ofSeconds(60), 12);
        private static final Duration MIN_SILENCE = Duration.ofMillis(100);

        static Liveness from(final ConfigNode node, final int documentedReconnectsPerMinute, final Duration defaultBookSilence)
        {
            final Duration funding = silence(node, "funding_silence", DEFAULTS.fundingSilence());
            final Duration book = silence(node, "book_silence", defaultBookSilence);
            final Duration ack = node.duration("subscribe_ack_timeout", DEFAULTS.subscribeAckTimeout(), MIN_SILENCE, Duration.ofMinutes(5));
            final Duration reset = node.duration("backoff_reset_after", DEFAULTS.backoffResetAfter(), Duration.ofSeconds(1), Duration.ofHours(1));
            final int max = node.integer("max_reconnects_per_minute", DEFAULTS.maxReconnectsPerMinute(), 1, documentedReconnectsPerMinute);
            return new Liveness(funding, book, ack, reset, max);
        }

        private static Duration silence(final ConfigNode node, final String key, final Duration defaultValue)
        {
            final Duration value = node.duration(key, defaultValue, Duration.ZERO, Duration.ofHours(1));
            if (!value.isZero() && value.compareTo(MIN_SILENCE) < 0)
            {
                throw node.fail(key, "expected 0s (never judged silent) or 100ms to 1h, got " + ConfigNode.format(value));
            }
            return value;
        }
    }


    public VenueConfig
    {
        Objects.requireNonNull(fundingInterval, "fundingInterval");
        Objects.requireNonNull(wsUrl, "wsUrl");
        Objects.requireNonNull(restUrl, "restUrl");
        Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
        Objects.requireNonNull(apiSecretEnv, "apiSecretEnv");
        Objects.requireNonNull(wsLayout, "wsLayout");
        Objects.requireNonNull(marginMode, "marginMode");
        Objects.requireNonNull(positionPollInterval, "positionPollInterval");
        Objects.requireNonNull(orderEntry, "orderEntry");
        Objects.requireNonNull(orderWsUrl, "orderWsUrl");
        Objects.requireNonNull(liveness, "liveness");
    }

    /** Default {@code margin_mode}, {@code leverage} and {@code position_poll_interval}. */
    public static final MarginType DEFAULT_MARGIN_MODE = MarginType.CROSS;
    public static final int DEFAULT_LEVERAGE = 3;
    public static final Duration DEFAULT_POSITION_POLL_INTERVAL = Duration.ofSeconds(30);

    /**
     * @param section        the venue's defaults and which optional keys it has: {@code ws_layout} ({@link VenueSection#wsLayoutKey}),
     *                       the gateway's margin_mode, leverage and position_poll_interval ({@link VenueSection#gatewayKeys}), the
     *                       liveness keys (a documented reconnect limit above 0) with its default {@code book_silence}; with a
     *                       gateway also order_entry.
     * @param defaultEnabled whether {@code enabled} defaults to true (the venue has a connector).
     * @param hasWsOrderEntry whether the gateway speaks the venue's WebSocket order API (order_entry may be websocket; order_ws_url exists).
     */
    static VenueConfig from(final ConfigNode node, final VenueSection section, final boolean defaultEnabled, final boolean hasWsOrderEntry)
    {
        final boolean hasLayout = section.wsLayoutKey();
        final boolean hasGateway = section.gatewayKeys();
        final int documentedReconnectsPerMinute = section.documentedReconnectsPerMinute();
        final double taker = node.decimal("taker_fee", section.takerFee(), -0.01, 0.01);
        final double maker = node.decimal("maker_fee", section.makerFee(), -0.01, 0.01);
        final Duration interval = node.duration("funding_interval", section.fundingInterval(), Duration.ofMinutes(1), Duration.ofHours(24));
        final boolean enabled = node.bool("enabled", defaultEnabled);
        final String wsUrl = url(node, "ws_url", "ws", "wss");
        final String restUrl = url(node, "rest_url", "http", "https");
        final String apiKeyEnv = node.envName("api_key_env", "BINANCE_API_KEY");
        final String apiSecretEnv = node.envName("api_secret_env", "BINANCE_API_KEY");
        final WsLayout wsLayout = hasLayout ? node.enumValue("ws_layout", WsLayout.class, WsLayout.SPLIT) : WsLayout.COMBINED;
        final MarginType marginMode = hasGateway ? node.enumValue("margin_mode", MarginType.class, DEFAULT_MARGIN_MODE) : DEFAULT_MARGIN_MODE;
        final int leverage = hasGateway ? node.integer("leverage", DEFAULT_LEVERAGE, 1, 125) : DEFAULT_LEVERAGE;
        final Duration positionPoll = hasGateway
            ? node.duration("position_poll_interval", DEFAULT_POSITION_POLL_INTERVAL, Duration.ofSeconds(1), Duration.ofHours(1))
            : DEFAULT_POSITION_POLL_INTERVAL;
        final OrderEntryMode orderEntry = hasGateway ? node.enumValue("order_entry", OrderEntryMode.class, OrderEntryMode.REST) : OrderEntryMode.REST;
        if (orderEntry == OrderEntryMode.WEBSOCKET && !hasWsOrderEntry)
        {
            throw node.fail("order_entry", "expected rest (this venue's gateway has no WebSocket order entry), got websocket");
        }
        final String orderWsUrl = hasWsOrderEntry ? url(node, "order_ws_url", "ws", "wss") : "";
        final Liveness liveness = documentedReconnectsPerMinute > 0 ? Liveness.from(node, documentedReconnectsPerMinute, section.bookSilence())
            : Liveness.DEFAULTS;
        node.finish();
        return new VenueConfig(taker, maker, interval, enabled, wsUrl, restUrl, apiKeyEnv, apiSecretEnv, wsLayout, marginMode, leverage, positionPoll,
            orderEntry, orderWsUrl, liveness);
    }

    /** True when both URLs are set. */
    public boolean hasUrls()
    {
        return !wsUrl.isEmpty() && !restUrl.isEmpty();
    }

    private static String url(final ConfigNode node, final String key, final String plain, final String secure)
    {
        final String value = node.string(key, "").trim();
        if (value.isEmpty())
        {
            return value;
        }
        final String expected = "\"\" or an absolute " + plain + ":// or " + secure + ":// URL without a query, such as " +
            secure + "://host.example";
        final URI uri;
        try
        {
            uri = new URI(value);
        }
        catch (final java.net.URISyntaxException ex)
        {
            throw node.invalid(key, expected);
        }
        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(plain.equals(scheme) || secure.equals(scheme)) || uri.getHost() == null || uri.getRawQuery() != null)
        {
            throw node.fail(key, "expected " + expected + ", got \"" + value + "\"");
        }
        return value;
    }
}
