package io.fundingarb.connectors.kraken.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.OrderType;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.TimeInForce;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.gateway.AccountSettings;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.GatewayEventSink;
import io.fundingarb.connectors.gateway.GatewayEventSink.Report;
import io.fundingarb.connectors.gateway.GatewayITSupport;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.kraken.KrakenGateway;
import io.fundingarb.connectors.simulator.RestReply;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * KrakenGateway against KrakenSimulator over loopback: the gateway and the simulator were each written
 * from Kraken's pages, apart. Start-up (instruments, leverage preferences, balance, positions, the
 * private stream's challenge and five feeds), an IOC filled (its fee in USD from the {@code fills}
 * feed), a partial IOC, an IOC crossing nothing, a reject with the venue's status text, reduce-only,
 * a cancel by cliOrdId, an order whose answer is lost (resolved by orders/status, then by fills once
 * the venue's 5 s status window has passed), the hourly funding of a position, and a private stream
 * dropped and subscribed again. Every path that can leave a leg unhedged ends with the position known.
 */
@Timeout(60)
class KrakenGatewaySimIT extends GatewayITSupport<KrakenSimulator, KrakenGateway>
{
    private static final int BTC = 7;
    /** The support's BTCUSDT scenario as Kraken lists it. */
    private static final String SYMBOL = "PF_XBTUSD";

    KrakenGatewaySimIT()
    {
        super("fa-it-kraken-sim", 7L, KrakenSimulator.TAKER_FEE);
    }

    @Override
    protected KrakenSimulator startSimulator(final SimScenario scenario, final SimulatorConfig config)
    {
        return new KrakenSimulator(scenario, config).start();
    }

    @Override
    protected KrakenGateway newGateway(final GatewayConfig config, final String secret)
    {
        return new KrakenGateway(config, KrakenSimulator.DEMO_API_KEY, secret, io.group(), sink, new SystemEpochNanoClock(),
            new VenueSymbols().add(BTC, SYMBOL), EPOCH);
    }

    @Override
    protected CompletableFuture<Void> start(final KrakenGateway gateway)
    {
        return gateway.start();
    }

    /** recvWindow 1 s (processBefore = now + 1 s), requests time out after 1 s: a lost answer is asked for quickly. */
    @Override
    protected GatewayConfig config()
    {
        return new GatewayConfig(URI.create(simulator.httpBaseUrl()), URI.create(simulator.wsBaseUrl()), 1_000, 100,
            FixedPoint.parse(KrakenSimulator.TAKER_FEE), 1, TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(1), TimeUnit.MINUTES.toNanos(30),
            TimeUnit.MILLISECONDS.toNanos(50), TimeUnit.MILLISECONDS.toNanos(200), 2_400, 300, GatewayConfig.DEFAULT_BALANCE_POLL_INTERVAL_NS,
            AccountSettings.DEFAULT);
    }

    @BeforeEach
    void setUp() throws Exception
    {
        start(config(), KrakenSimulator.DEMO_API_SECRET);
    }

    private Report last(final long clientOrderId)
    {
        final List<Report> reports = sink.reports(clientOrderId);
        return reports.get(reports.size() - 1);
    }

    private String above(final String delta)
    {
        return simulator.touch(SYMBOL)[1].add(new BigDecimal(delta)).toPlainString();
    }

    private String below(final String delta)
    {
        return simulator.touch(SYMBOL)[0].subtract(new BigDecimal(delta)).toPlainString();
    }

    /** The venue holds {@code qty} and the gateway's last published position of BTC says the same. */
    private void assertPositionKnown(final String qty) throws InterruptedException
    {
        assertThat(simulator.position(SYMBOL).qty()).isEqualByComparingTo(qty);
        final long expected = FixedPoint.parse(qty);
        assertThat(sink.await(s ->
        {
            final List<GatewayEventSink.Position> ours = s.positions().stream().filter(p -> p.instrumentId() == BTC).toList();
            return ours.isEmpty() ? expected == 0 : ours.get(ours.size() - 1).quantity() == expected;
        }, WAIT_MS)).as("published %s, venue %s", sink.positions(), qty).isTrue();
    }

    private void fill(final long clientOrderId, final String qty) throws InterruptedException
    {
        commands.ioc(gateway, Venue.KRAKEN, clientOrderId, BTC, Side.BUY, above("50"), qty);
        assertThat(sink.await(s -> s.reports(clientOrderId).stream().anyMatch(r -> r.execType() == ExecType.FILL), WAIT_MS))
            .as("%s", sink.reports()).isTrue();
    }

    @Test
    void shouldStartWithCrossMarginTheBalanceAndThePrivateStreamLive() throws Exception
    {
        assertThat(simulator.marginMode(SYMBOL)).as("PUT leveragepreferences?symbol= without maxLeverage: cross").isEqualTo("cross");
        assertThat(sink.balances()).isNotEmpty();
        assertThat(sink.await(s -> s.statuses().stream().anyMatch(t -> t.contains("LIVE")), WAIT_MS)).as("%s", sink.statuses()).isTrue();
        assertPositionKnown("0");
    }

    @Test
    void shouldFillAnIocAndTakeItsUsdFeeFromTheFillsFeed() throws Exception
    {
        fill(2001, "0.01");

        final String fillsPush = simulator.privateEvents().stream().filter(e -> e.contains("\"feed\":\"fills\"")).findFirst().orElseThrow();
        final Object wsFill = JsonTree.list(JsonTree.get(JsonTree.parse(fillsPush), "fills")).get(0);
        assertThat(JsonTree.text(wsFill, "fee_currency")).isEqualTo("USD");
        final long feePaid = FixedPoint.parse(JsonTree.text(wsFill, "fee_paid"));
        assertThat(sink.await(s -> s.reports(2001).stream().mapToLong(Report::fee).sum() == feePaid, WAIT_MS))
            .as("fee_paid %s: %s", FixedPoint.toString(feePaid), sink.reports(2001)).isTrue();
        assertThat(last(2001).cumQty()).isEqualTo(FixedPoint.parse("0.01"));
        assertPositionKnown("0.01");
    }

    @Test
    void shouldExpireTheRestOfAPartlyFilledIoc() throws Exception
    {
        simulator.partialFillNextOrders(1, new BigDecimal("0.4"));

        commands.ioc(gateway, Venue.KRAKEN, 2002, BTC, Side.BUY, above("50"), "0.01");

        assertThat(sink.awaitTerminal(2002, WAIT_MS)).as("%s", sink.reports()).isTrue();
        assertThat(last(2002).execType()).isEqualTo(ExecType.EXPIRED);
        assertThat(last(2002).cumQty()).isEqualTo(FixedPoint.parse("0.004"));
        assertPositionKnown("0.004");
    }

    @Test
    void shouldExpireAnIocThatCrossesNothing() throws Exception
    {
        commands.ioc(gateway, Venue.KRAKEN, 2003, BTC, Side.BUY, below("500"), "0.01");

        assertThat(sink.awaitTerminal(2003, WAIT_MS)).as("%s", sink.reports()).isTrue();
        assertThat(last(2003).execType()).as("sendStatus iocWouldNotExecute").isEqualTo(ExecType.EXPIRED);
        assertPositionKnown("0");
    }

    @Test
    void shouldRejectWithTheVenuesStatusText() throws Exception
    {
        simulator.rejectNextOrders(1, 0, "insufficientAvailableFunds");

        commands.ioc(gateway, Venue.KRAKEN, 2004, BTC, Side.BUY, above("50"), "0.01");

        assertThat(sink.awaitTerminal(2004, WAIT_MS)).as("%s", sink.reports()).isTrue();
        assertThat(last(2004).execType()).isEqualTo(ExecType.REJECTED);
        assertThat(last(2004).reason()).isEqualTo("insufficientAvailableFunds");
        assertPositionKnown("0");
    }

    @Test
    void shouldReduceOnlyUpToThePosition() throws Exception
    {
        fill(2005, "0.01");

        commands.order(gateway, Venue.KRAKEN, 2006, BTC, Side.SELL, OrderType.LIMIT, TimeInForce.IOC, true, below("50"), "0.02");

        assertThat(sink.awaitTerminal(2006, WAIT_MS)).as("%s", sink.reports()).isTrue();
        assertThat(last(2006).cumQty()).as("capped at the 0.01 held").isEqualTo(FixedPoint.parse("0.01"));
        assertPositionKnown("0");
    }

    @Test
    void shouldCancelARestingOrderByItsCliOrdId() throws Exception
    {
        commands.order(gateway, Venue.KRAKEN, 2007, BTC, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, below("500"), "0.01");
        assertThat(sink.await(s -> s.reports(2007).stream().anyMatch(r -> r.execType() == ExecType.NEW), WAIT_MS)).as("%s", sink.reports()).isTrue();

        commands.cancel(gateway, Venue.KRAKEN, 2007, BTC);

        assertThat(sink.awaitTerminal(2007, WAIT_MS)).as("%s", sink.reports()).isTrue();
        assertThat(last(2007).execType()).isEqualTo(ExecType.CANCELED);
        assertThat(simulator.order(venueId(2007)).status).isEqualTo("cancelled");
        assertPositionKnown("0");
    }

    /** A crossing IOC the venue fills while its answer is lost and the private stream is down: only REST can tell. */
    private void sendWithItsAnswerLost(final long clientOrderId)
    {
        simulator.dropPrivateStreams(60_000);
        simulator.loseNextOrderResponses(1, RestReply.Loss.NO_ANSWER);
        commands.ioc(gateway, Venue.KRAKEN, clientOrderId, BTC, Side.BUY, above("50"), "0.01");
    }

    @Test
    void shouldResolveAnOrderWhoseAnswerWasLostFromItsStatus() throws Exception
    {
        sendWithItsAnswerLost(2008);

        assertThat(sink.awaitTerminal(2008, WAIT_MS)).as("%s", sink.reports()).isTrue();
        assertThat(last(2008).cumQty()).isEqualTo(FixedPoint.parse("0.01"));
        assertThat(gateway.outcomes().unknownOrders()).isEqualTo(1);
        assertPositionKnown("0.01");
    }

    @Test
    void shouldResolveAnOrderFromItsFillsOnceTheStatusWindowHasPassed() throws Exception
    {
        sendWithItsAnswerLost(2009);
        final long sentMs = System.currentTimeMillis();
        while (simulator.order(venueId(2009)) == null && System.currentTimeMillis() - sentMs < WAIT_MS)
        {
            Thread.sleep(10);
        }
        simClock.jumpTo(System.currentTimeMillis() + KrakenSimulator.ORDER_STATUS_WINDOW_MS + 1_000); // orders/status no longer has it

        assertThat(sink.await(s -> s.reports(2009).stream().anyMatch(r -> r.cumQty() == FixedPoint.parse("0.01")), WAIT_MS))
            .as("%s", sink.reports()).isTrue();
        assertThat(simulator.position(SYMBOL).qty()).isEqualByComparingTo("0.01");
        assertThat(sink.await(s -> s.positions().stream().anyMatch(p -> p.instrumentId() == BTC && p.quantity() == FixedPoint.parse("0.01")), WAIT_MS))
            .as("%s", sink.positions()).isTrue();
    }

    @Test
    void shouldPublishTheHourlyFundingOfALongWithTheVenuesSignAndAmount() throws Exception
    {
        fill(2010, "0.01");
        final long hourMs = simulator.nextSettlementMs(SYMBOL);
        final BigDecimal rate = simulator.fundingRateAt(SYMBOL, hourMs);
        assertThat(rate).as("the simulator's premium gives a rate to settle").isNotEqualByComparingTo("0");

        simClock.jumpTo(hourMs + 1_000);
        simulator.markTickNow();

        final BigDecimal expected = new BigDecimal("-0.01").multiply(simulator.markPriceAt(SYMBOL, hourMs)).multiply(rate)
            .setScale(KrakenSimulator.USD_SCALE, RoundingMode.HALF_UP);
        assertThat(sink.await(s -> !s.fundings().isEmpty(), WAIT_MS)).as("%s", sink.statuses()).isTrue();
        assertThat(sink.fundings().get(0).amount()).as("a long pays a positive rate, receives a negative one (rate %s)", rate)
            .isEqualTo(FixedPoint.parse(expected.toPlainString()));
        assertThat(Long.signum(sink.fundings().get(0).amount())).isEqualTo(-rate.signum());
        assertThat(sink.fundings().get(0).instrumentId()).isEqualTo(BTC);
    }

    @Test
    void shouldSubscribeAgainAfterThePrivateStreamDropsAndKnowThePosition() throws Exception
    {
        fill(2011, "0.01");
        final long live = sink.statuses().stream().filter(t -> t.contains("LIVE")).count();

        simulator.dropPrivateStreams(300);

        assertThat(sink.await(s -> gateway.streamReconnects() > 0 && s.statuses().stream().filter(t -> t.contains("LIVE")).count() > live, WAIT_MS))
            .as("%s", sink.statuses()).isTrue();
        fill(2012, "0.01");
        assertPositionKnown("0.02");
    }
}
