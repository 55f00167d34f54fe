package io.fundingarb.engine.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fundingarb.codecs.CommandHandler;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.CancelCommandEncoder;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.ExecutionReportDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.OrderCommandDecoder;
import io.fundingarb.codecs.sbe.OrderCommandEncoder;
import io.fundingarb.codecs.sbe.OrderType;
import io.fundingarb.codecs.sbe.PairEventEncoder;
import io.fundingarb.codecs.sbe.RiskStateChangeEncoder;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.StateCheckpointEncoder;
import io.fundingarb.codecs.sbe.TimeInForce;
import io.fundingarb.codecs.sbe.Venue;
import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class GatewayRouterTest
{
    private static final long PAIR = 7;
    private static final long ORDER_ID = PAIR << 6 | 1;

    private final CapturingSink sink = new CapturingSink();
    private final GatewayRouter router = new GatewayRouter(sink, () -> 1_000L);
    private final Recorder binance = new Recorder();
    private final Recorder bybit = new Recorder();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    @Test
    void shouldRouteAnOrderToTheGatewayOfItsVenue()
    {
        router.register(Venue.BINANCE, binance).register(Venue.BYBIT, bybit);

        final int length = order(Venue.BYBIT);
        router.onCommand(buffer, 0, length, true);

        assertThat(bybit.venues).containsExactly(Venue.BYBIT);
        assertThat(bybit.endOfBatch).containsExactly(true);
        assertThat(binance.venues).isEmpty();
        assertThat(sink.messages()).isEmpty();
        assertThat(router.routed()).isEqualTo(1);
    }

    @Test
    void shouldRouteACancelToTheGatewayOfItsVenue()
    {
        router.register(Venue.BINANCE, binance).register(Venue.BYBIT, bybit);

        final int length = cancel(Venue.BINANCE);
        router.onCommand(buffer, 0, length, false);

        assertThat(binance.templates).containsExactly(CancelCommandEncoder.TEMPLATE_ID);
        assertThat(bybit.templates).isEmpty();
    }

    @Test
    void shouldDropTheOrdersAndCancelsOfCarriedOverEvents()
    {
        router.register(Venue.BINANCE, binance).holdBefore(3); // events 0..2 were carried over; the order and cancel come from event 2

        router.onCommand(buffer, 0, order(Venue.BINANCE), true);
        router.onCommand(buffer, 0, cancel(Venue.BINANCE), true);

        assertThat(binance.templates).isEmpty();
        assertThat(sink.messages()).isEmpty();
        assertThat(router.held()).isEqualTo(2);
    }

    @Test
    void shouldRouteTheOrdersOfEventsFromTheResumeMarkerOn()
    {
        router.register(Venue.BINANCE, binance).holdBefore(2); // the order comes from event 2, the marker

        router.onCommand(buffer, 0, order(Venue.BINANCE), true);

        assertThat(binance.templates).containsExactly(OrderCommandEncoder.TEMPLATE_ID);
        assertThat(router.held()).isZero();
    }

    @Test
    void shouldRejectAnOrderForAVenueWithNoGateway()
    {
        router.register(Venue.BINANCE, binance);

        final int length = order(Venue.OKX);
        router.onCommand(buffer, 0, length, true);

        final List<DirectBuffer> reports = sink.ofType(ExecutionReportDecoder.TEMPLATE_ID);
        assertThat(reports).hasSize(1);
        final ExecutionReportDecoder report = report(reports.get(0));
        assertThat(report.execType()).isEqualTo(ExecType.REJECTED);
        assertThat(report.clientOrderId()).isEqualTo(ORDER_ID);
        assertThat(report.pairId()).isEqualTo(PAIR);
        assertThat(report.instrumentId()).isEqualTo(42);
        assertThat(report.venue()).isEqualTo(Venue.OKX);
        assertThat(report.rejectCode()).isEqualTo(GatewayRouter.NO_GATEWAY);
        assertThat(report.reason()).isEqualTo("no gateway for venue OKX");
        assertThat(binance.venues).isEmpty();
    }

    @Test
    void shouldDropACancelForAVenueWithNoGatewayWithoutReportingTheOrder()
    {
        final int length = cancel(Venue.BYBIT);
        router.onCommand(buffer, 0, length, true);

        assertThat(sink.messages()).isEmpty();
        assertThat(router.cancelsDropped()).isEqualTo(1);
    }

    @Test
    void shouldDropACancelForALateGatewayNotYetBoundWithoutReportingTheOrder()
    {
        router.expect(Venue.BINANCE).holdBefore(1); // a carried-over order's cancel, decided after the marker

        router.onCommand(buffer, 0, cancel(Venue.BINANCE), true);

        assertThat(sink.ofType(ExecutionReportDecoder.TEMPLATE_ID)).isEmpty(); // the order may have filled: the gateway asks the venue
        assertThat(router.cancelsDropped()).isEqualTo(1);
    }

    @Test
    void shouldRejectOrdersForALateGatewayUntilItIsBound()
    {
        router.expect(Venue.BINANCE);

        router.onCommand(buffer, 0, order(Venue.BINANCE), true);
        router.bind(Venue.BINANCE, binance);
        router.onCommand(buffer, 0, order(Venue.BINANCE), true);

        final List<DirectBuffer> reports = sink.ofType(ExecutionReportDecoder.TEMPLATE_ID);
        assertThat(reports).hasSize(1);
        assertThat(report(reports.get(0)).reason()).isEqualTo("gateway for venue BINANCE not started");
        assertThat(binance.venues).containsExactly(Venue.BINANCE);
    }

    @Test
    void shouldRefuseToBindAVenueThatWasNotExpectedOrTwice()
    {
        assertThatThrownBy(() -> router.bind(Venue.BINANCE, binance)).isInstanceOf(IllegalStateException.class).hasMessageContaining("expect it");
        router.register(Venue.BINANCE, binance);
        assertThatThrownBy(() -> router.bind(Venue.BINANCE, binance)).isInstanceOf(IllegalStateException.class).hasMessageContaining("already bound");
    }

    @Test
    void shouldIgnoreJournalOnlyCommands()
    {
        router.register(Venue.BINANCE, binance);

        new StateCheckpointEncoder().wrapAndApplyHeader(buffer, 0, header).marketHash(1);
        router.onCommand(buffer, 0, 64, true);
        new PairEventEncoder().wrapAndApplyHeader(buffer, 0, header).pairId(PAIR).reason("x");
        router.onCommand(buffer, 0, 128, true);
        new RiskStateChangeEncoder().wrapAndApplyHeader(buffer, 0, header).pairId(PAIR).reason("y");
        router.onCommand(buffer, 0, 128, true);

        assertThat(binance.venues).isEmpty();
        assertThat(sink.messages()).isEmpty();
        assertThat(router.ignored()).isEqualTo(3);
    }

    @Test
    void shouldRefuseASecondGatewayForTheSameVenue()
    {
        router.register(Venue.BINANCE, binance);

        assertThatThrownBy(() -> router.register(Venue.BINANCE, bybit)).isInstanceOf(IllegalStateException.class);
    }

    private int order(final Venue venue)
    {
        final OrderCommandEncoder order = new OrderCommandEncoder().wrapAndApplyHeader(buffer, 0, header)
            .tsInitNs(1).eventSeq(2).clientOrderId(ORDER_ID).pairId(PAIR).instrumentId(42).venue(venue).side(Side.BUY)
            .orderType(OrderType.LIMIT).timeInForce(TimeInForce.IOC).price(FixedPoint.parse("100")).quantity(FixedPoint.parse("1"));
        return MessageHeaderEncoder.ENCODED_LENGTH + order.encodedLength();
    }

    private int cancel(final Venue venue)
    {
        final CancelCommandEncoder cancel = new CancelCommandEncoder().wrapAndApplyHeader(buffer, 0, header)
            .tsInitNs(1).eventSeq(2).clientOrderId(ORDER_ID).instrumentId(42).venue(venue);
        return MessageHeaderEncoder.ENCODED_LENGTH + cancel.encodedLength();
    }

    private static ExecutionReportDecoder report(final DirectBuffer buffer)
    {
        return new ExecutionReportDecoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderDecoder());
    }

    private static final class Recorder implements CommandHandler
    {
        final List<Venue> venues = new ArrayList<>();
        final List<Integer> templates = new ArrayList<>();
        final List<Boolean> endOfBatch = new ArrayList<>();

        @Override
        public void onCommand(final DirectBuffer buffer, final int offset, final int length, final boolean endOfBatch)
        {
            final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, offset);
            templates.add(header.templateId());
            this.endOfBatch.add(endOfBatch);
            if (header.templateId() == OrderCommandDecoder.TEMPLATE_ID)
            {
                venues.add(new OrderCommandDecoder().wrapAndApplyHeader(buffer, offset, header).venue());
            }
        }
    }
}
