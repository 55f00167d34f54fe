package io.fundingarb.connectors.venue;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.gateway.Commands;
import io.fundingarb.connectors.gateway.GatewayConfig;
import io.fundingarb.connectors.gateway.GatewayEventSink;
import io.fundingarb.connectors.gateway.OrderGateway;
import io.fundingarb.connectors.gateway.VenueSymbols;
import io.fundingarb.connectors.kraken.KrakenAdapter;
import io.fundingarb.connectors.simulator.SimInstrument;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import io.fundingarb.connectors.simulator.SimulatorServer;
import io.fundingarb.connectors.transport.IoGroup;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every venue's order gateway does, one test body run per adapter of the registry against that
 * venue's simulator, built only through {@link VenueAdapter} (so a new venue is held to it by its
 * registry line): it starts and reports its private stream LIVE; an IOC that crosses fills at most at
 * its limit and the venue's position follows; an IOC that crosses nothing ends without a fill; an
 * order for an instrument it does not know is rejected locally, never sent.
 */
@Timeout(60)
class VenueGatewayContractIT
{
    private static final long WAIT_MS = 15_000;
    private static final long EPOCH = 1_765_000_000L;

    private final IoGroup io = new IoGroup(1, "fa-it-contract");
    private final GatewayEventSink sink = new GatewayEventSink();
    private final Commands commands = new Commands();
    private SimulatorServer simulator;
    private OrderGateway gateway;
    private int instrumentId;
    private String symbol;

    /**
     * The registry's adapters, and Kraken's until its registry line lands: added only while no registered adapter is
     * Kraken's, so the registration takes over without running it twice (then this concat can go).
     */
    static Stream<VenueAdapter> adapters()
    {
        final boolean krakenRegistered = VenueAdapters.ADAPTERS.stream().anyMatch(a -> a.venue() == Venue.KRAKEN);
        return Stream.concat(VenueAdapters.ADAPTERS.stream(), krakenRegistered ? Stream.empty() : Stream.of(new KrakenAdapter()));
    }

    @AfterEach
    void tearDown()
    {
        if (gateway != null)
        {
            gateway.close();
        }
        if (simulator != null)
        {
            simulator.close();
        }
        io.close();
    }

    private void start(final VenueAdapter adapter) throws Exception
    {
        final String quote = adapter.quoteOf(adapter.symbol("BTC", "USDT")); // the venue's own quote: USDT, USDC, or Kraken's USD
        symbol = adapter.symbol("BTC", quote);
        simulator = adapter.simulator(new SimScenario(List.of(SimInstrument.of(symbol, "BTC", quote, "1", "0.001", "10", "65000")), Map.of(), 11L,
            0.0005), SimulatorConfig.defaults().withCadence(20, 60_000)).start();
        final SymbolTable table = new SymbolTable();
        instrumentId = table.instrumentId(adapter.venue(), symbol);
        final GatewayConfig config = GatewayConfig.of(URI.create(simulator.httpBaseUrl()), URI.create(simulator.wsBaseUrl()),
            FixedPoint.fromDouble(adapter.section().takerFee())).withWsBackoff(TimeUnit.MILLISECONDS.toNanos(50), TimeUnit.MILLISECONDS.toNanos(200));
        gateway = adapter.gateway(config, adapter.demoKeys().apiKey(), adapter.demoKeys().apiSecret(), io.group(), sink, new SystemEpochNanoClock(),
            VenueSymbols.of(table, adapter.venue()), WsPaths.COMBINED, EPOCH);
        gateway.start().get(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adapters")
    void shouldStartAndReportItsOrderStreamLive(final VenueAdapter adapter) throws Exception
    {
        start(adapter);

        assertThat(sink.await(s -> s.statuses().stream().anyMatch(t -> t.contains("LIVE")), WAIT_MS)).as("%s", sink.statuses()).isTrue();
        assertThat(sink.balances()).as("the account's balance is published at start").isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adapters")
    void shouldFillACrossingIocAtMostAtItsLimitAndReportThePosition(final VenueAdapter adapter) throws Exception
    {
        start(adapter);
        final BigDecimal ask = simulator.touch(symbol)[1];
        final String limit = ask.multiply(new BigDecimal("1.001")).setScale(0, java.math.RoundingMode.DOWN).toPlainString();

        commands.ioc(gateway, adapter.venue(), 101, instrumentId, Side.BUY, limit, "0.01");

        assertThat(sink.awaitTerminal(101, WAIT_MS)).as("%s", sink.reports()).isTrue();
        final List<GatewayEventSink.Report> fills = sink.reports(101).stream()
            .filter(r -> r.execType() == ExecType.FILL || r.execType() == ExecType.PARTIAL_FILL).toList();
        assertThat(fills).as("%s", sink.reports()).isNotEmpty();
        assertThat(fills.get(fills.size() - 1).cumQty()).isEqualTo(FixedPoint.parse("0.01"));
        assertThat(fills).allMatch(f -> f.lastPrice() <= FixedPoint.parse(limit));
        assertThat(sink.await(s -> s.positions().stream().anyMatch(p -> p.instrumentId() == instrumentId && p.quantity() == FixedPoint.parse("0.01")),
            WAIT_MS)).as("the venue's position follows the fill: %s", sink.positions()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adapters")
    void shouldEndAnIocThatCrossesNothingWithoutAFill(final VenueAdapter adapter) throws Exception
    {
        start(adapter);
        final String far = simulator.touch(symbol)[0].multiply(new BigDecimal("0.9")).setScale(0, java.math.RoundingMode.DOWN).toPlainString();

        commands.ioc(gateway, adapter.venue(), 102, instrumentId, Side.BUY, far, "0.01");

        assertThat(sink.awaitTerminal(102, WAIT_MS)).as("%s", sink.reports()).isTrue();
        assertThat(sink.reports(102)).as("%s", sink.reports()).noneMatch(r -> r.execType() == ExecType.FILL || r.execType() == ExecType.PARTIAL_FILL);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adapters")
    void shouldRejectAnOrderForAnUnknownInstrumentLocally(final VenueAdapter adapter) throws Exception
    {
        start(adapter);
        final long sentBefore = gateway.ordersSent();

        commands.ioc(gateway, adapter.venue(), 103, 9_999, Side.BUY, "65000", "0.01");

        assertThat(sink.await(s -> s.reports(103).stream().anyMatch(r -> r.execType() == ExecType.REJECTED), WAIT_MS)).as("%s", sink.reports()).isTrue();
        assertThat(gateway.ordersSent()).as("never sent to the venue").isEqualTo(sentBefore);
        assertThat(gateway.localRejects()).isPositive();
    }
}
