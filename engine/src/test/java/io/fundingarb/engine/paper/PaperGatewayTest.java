package io.fundingarb.engine.paper;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.BalanceUpdateDecoder;
import io.fundingarb.codecs.sbe.BookAction;
import io.fundingarb.codecs.sbe.BookUpdateEncoder;
import io.fundingarb.codecs.sbe.BooleanType;
import io.fundingarb.codecs.sbe.ExecType;
import io.fundingarb.codecs.sbe.ExecutionReportDecoder;
import io.fundingarb.codecs.sbe.FundingPaymentDecoder;
import io.fundingarb.codecs.sbe.FundingUpdateEncoder;
import io.fundingarb.codecs.sbe.InstrumentDefinitionEncoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.OrderCommandEncoder;
import io.fundingarb.codecs.sbe.OrderType;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.TimeInForce;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.engine.gateway.CapturingSink;
import java.util.List;
import java.util.stream.Collectors;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PaperGatewayTest
{
    private static final int BTC = 11;
    private static final long PAIR = 3;
    private static final long HOUR_NS = 3_600_000_000_000L;

    private final CapturingSink ring = new CapturingSink();
    private final PaperGateway paper = new PaperGateway(ring, () -> 5_000L, 50, FixedPoint.parse("10000"))
        .venue(Venue.BINANCE, FixedPoint.parse("0.0005"));
    private final EventSink tap = paper.tap(ring);
    private final UnsafeBuffer command = new UnsafeBuffer(new byte[512]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private long nextOrderId = PAIR << 6;

    @BeforeEach
    void defineBtcWithABook()
    {
        final long seq = tap.claim();
        final InstrumentDefinitionEncoder definition = new InstrumentDefinitionEncoder().wrapAndApplyHeader(tap.buffer(seq), 0, header)
            .instrumentId(BTC).tokenId(1).venue(Venue.BINANCE).quote(Quote.USDT).tickSize(FixedPoint.parse("0.1"))
            .lotSize(FixedPoint.parse("0.001")).contractValue(FixedPoint.parse("1")).symbol("BTCUSDT").tokenName("BTC");
        tap.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + definition.encodedLength());
        book(new String[] {"99", "1", "98", "1"}, new String[] {"100", "1", "101", "1"});
        ring.clear();
    }

    @Test
    void shouldFillABuyAtTheVolumeWeightedPriceWithTheExactFee()
    {
        order(Side.BUY, "101", "2", false);

        final List<ExecutionReportDecoder> reports = reports();
        assertThat(reports).hasSize(1);
        final ExecutionReportDecoder fill = reports.get(0);
        assertThat(fill.execType()).isEqualTo(ExecType.FILL);
        assertThat(fill.lastPrice()).isEqualTo(FixedPoint.parse("100.5"));
        assertThat(fill.lastQty()).isEqualTo(FixedPoint.parse("2"));
        assertThat(fill.cumQty()).isEqualTo(FixedPoint.parse("2"));
        assertThat(fill.leavesQty()).isZero();
        assertThat(fill.fee()).isEqualTo(FixedPoint.parse("0.1005")); // 201 x 0.0005
        assertThat(fill.pairId()).isEqualTo(PAIR);
        assertThat(fill.clientOrderId() >>> 6).isEqualTo(PAIR);
        assertThat(paper.position(BTC)).isEqualTo(FixedPoint.parse("2"));
    }

    @Test
    void shouldFillASellAgainstTheBids()
    {
        order(Side.SELL, "98", "1.5", false);

        final ExecutionReportDecoder fill = reports().get(0);
        assertThat(fill.execType()).isEqualTo(ExecType.FILL);
        assertThat(fill.lastPrice()).isEqualTo(FixedPoint.parse("98.666666667")); // (99 + 49) / 1.5, half-even
        assertThat(paper.position(BTC)).isEqualTo(FixedPoint.parse("-1.5"));
    }

    @Test
    void shouldReportAPartialFillThenExpireTheRemainder()
    {
        order(Side.BUY, "101", "3", false);

        final List<ExecutionReportDecoder> reports = reports();
        assertThat(reports).extracting(ExecutionReportDecoder::execType).containsExactly(ExecType.PARTIAL_FILL, ExecType.EXPIRED);
        assertThat(reports.get(0).lastQty()).isEqualTo(FixedPoint.parse("2"));
        assertThat(reports.get(0).leavesQty()).isEqualTo(FixedPoint.parse("1"));
        assertThat(reports.get(0).lastPrice()).isEqualTo(FixedPoint.parse("100.5"));
        assertThat(reports.get(1).lastQty()).isZero();
        assertThat(reports.get(1).cumQty()).isEqualTo(FixedPoint.parse("2"));
        assertThat(reports.get(1).leavesQty()).isZero();
    }

    @Test
    void shouldExpireAnOrderThatIsNotMarketable()
    {
        order(Side.BUY, "99.9", "1", false);

        final List<ExecutionReportDecoder> reports = reports();
        assertThat(reports).extracting(ExecutionReportDecoder::execType).containsExactly(ExecType.EXPIRED);
        assertThat(reports.get(0).cumQty()).isZero();
        assertThat(paper.position(BTC)).isZero();
        assertThat(balances()).isEmpty();
    }

    @Test
    void shouldNotFillTheSameLiquidityTwice()
    {
        order(Side.BUY, "100", "1", false);
        order(Side.BUY, "100", "1", false);

        assertThat(reports()).extracting(ExecutionReportDecoder::execType).containsExactly(ExecType.FILL, ExecType.EXPIRED);
    }

    @Test
    void shouldRejectAReduceOnlyOrderWithNoPositionToReduce()
    {
        order(Side.SELL, "98", "1", true);

        final ExecutionReportDecoder reject = reports().get(0);
        assertThat(reject.execType()).isEqualTo(ExecType.REJECTED);
        assertThat(reject.rejectCode()).isEqualTo(PaperGateway.REDUCE_ONLY);
    }

    @Test
    void shouldCapAReduceOnlyOrderAtThePosition()
    {
        order(Side.BUY, "100", "1", false);
        order(Side.SELL, "98", "2", true);

        assertThat(reports()).extracting(ExecutionReportDecoder::execType)
            .containsExactly(ExecType.FILL, ExecType.PARTIAL_FILL, ExecType.EXPIRED);
        assertThat(paper.position(BTC)).isZero();
    }

    @Test
    void shouldRejectAnOrderForAVenueThatIsNotEnabled()
    {
        final OrderCommandEncoder order = new OrderCommandEncoder().wrapAndApplyHeader(command, 0, header)
            .clientOrderId(++nextOrderId).pairId(PAIR).instrumentId(BTC).venue(Venue.BYBIT).side(Side.BUY).orderType(OrderType.LIMIT)
            .timeInForce(TimeInForce.IOC).reduceOnly(BooleanType.FALSE).price(FixedPoint.parse("100")).quantity(FixedPoint.parse("1"));
        paper.onCommand(command, 0, MessageHeaderEncoder.ENCODED_LENGTH + order.encodedLength(), true);

        final ExecutionReportDecoder reject = reports().get(0);
        assertThat(reject.execType()).isEqualTo(ExecType.REJECTED);
        assertThat(reject.venue()).isEqualTo(Venue.BYBIT);
        assertThat(reject.rejectCode()).isEqualTo(PaperGateway.VENUE_NOT_ENABLED);
    }

    @Test
    void shouldPublishTheStartingBalanceOfEachEnabledVenue()
    {
        paper.start();

        final List<BalanceUpdateDecoder> balances = balances();
        assertThat(balances).hasSize(1);
        assertThat(balances.get(0).venue()).isEqualTo(Venue.BINANCE);
        assertThat(balances.get(0).walletBalance()).isEqualTo(FixedPoint.parse("10000"));
        assertThat(balances.get(0).availableBalance()).isEqualTo(FixedPoint.parse("10000"));
    }

    @Test
    void shouldMoveTheBalanceByFeesAndRealisedPnl()
    {
        order(Side.BUY, "100", "1", false);                         // -0.05 fee
        book(new String[] {"110", "1"}, new String[] {"111", "1"});
        order(Side.SELL, "110", "1", false);                        // +10 realised, -0.055 fee

        final List<BalanceUpdateDecoder> balances = balances();
        assertThat(balances).extracting(BalanceUpdateDecoder::walletBalance)
            .containsExactly(FixedPoint.parse("9999.95"), FixedPoint.parse("10009.895"));
        assertThat(paper.balance(Venue.BINANCE)).isEqualTo(FixedPoint.parse("10009.895"));
    }

    @Test
    void shouldPayFundingOnALongPositionAtTheSettlement()
    {
        order(Side.BUY, "101", "2", false);
        funding("0.0001", "100.2", HOUR_NS);
        funding("0.0003", "100.4", 9 * HOUR_NS);                     // settled at the previous rate and mark
        ring.clear();

        funding("0.0003", "100.4", 9 * HOUR_NS);                     // no settlement without a new next time
        assertThat(ring.messages()).hasSize(1);
    }

    @Test
    void shouldPublishTheExactFundingPaymentAndTheBalanceAfterIt()
    {
        order(Side.BUY, "101", "2", false);
        funding("0.0001", "100.2", HOUR_NS);
        funding("0.0003", "100.4", 9 * HOUR_NS);

        final List<FundingPaymentDecoder> payments = payments();
        assertThat(payments).hasSize(1);
        assertThat(payments.get(0).amount()).isEqualTo(FixedPoint.parse("-0.02004")); // -(2 x 100.2 x 0.0001)
        assertThat(payments.get(0).fundingRate()).isEqualTo(FixedPoint.parse("0.0001"));
        assertThat(payments.get(0).positionQty()).isEqualTo(FixedPoint.parse("2"));
        assertThat(payments.get(0).instrumentId()).isEqualTo(BTC);
        assertThat(balances()).extracting(BalanceUpdateDecoder::walletBalance)
            .last().isEqualTo(FixedPoint.parse("9999.87946")); // 10000 - 0.1005 - 0.02004
    }

    @Test
    void shouldReceiveFundingOnAShortPosition()
    {
        order(Side.SELL, "99", "1", false);
        funding("0.0001", "100", HOUR_NS);
        funding("0.0001", "100", 9 * HOUR_NS);

        assertThat(payments().get(0).amount()).isEqualTo(FixedPoint.parse("0.01"));
    }

    @Test
    void shouldForwardEveryTappedEventUnchanged()
    {
        book(new String[] {"99", "2"}, new String[] {"100", "2"});
        funding("0.0001", "100", HOUR_NS);

        final MessageHeaderDecoder decoder = new MessageHeaderDecoder();
        assertThat(ring.messages()).extracting(m -> decoder.wrap(new UnsafeBuffer(m), 0).templateId())
            .containsExactly(BookUpdateEncoder.TEMPLATE_ID, FundingUpdateEncoder.TEMPLATE_ID);
    }

    // ------------------------------------------------------------------ helpers

    private void book(final String[] bids, final String[] asks)
    {
        final long seq = tap.claim();
        final BookUpdateEncoder book = new BookUpdateEncoder().wrapAndApplyHeader(tap.buffer(seq), 0, header)
            .instrumentId(BTC).venue(Venue.BINANCE).action(BookAction.SNAPSHOT).sequence(1).prevSequence(0);
        final BookUpdateEncoder.BidsEncoder b = book.bidsCount(bids.length / 2);
        for (int i = 0; i < bids.length; i += 2)
        {
            b.next().price(FixedPoint.parse(bids[i])).size(FixedPoint.parse(bids[i + 1]));
        }
        final BookUpdateEncoder.AsksEncoder a = book.asksCount(asks.length / 2);
        for (int i = 0; i < asks.length; i += 2)
        {
            a.next().price(FixedPoint.parse(asks[i])).size(FixedPoint.parse(asks[i + 1]));
        }
        tap.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + book.encodedLength());
    }

    private void funding(final String rate, final String mark, final long nextFundingTsNs)
    {
        final long seq = tap.claim();
        final FundingUpdateEncoder funding = new FundingUpdateEncoder().wrapAndApplyHeader(tap.buffer(seq), 0, header)
            .instrumentId(BTC).venue(Venue.BINANCE).fundingRate(FixedPoint.parse(rate)).fundingIntervalS(28_800)
            .nextFundingTsNs(nextFundingTsNs).markPrice(FixedPoint.parse(mark)).indexPrice(FixedPoint.parse(mark));
        tap.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + funding.encodedLength());
    }

    private void order(final Side side, final String price, final String quantity, final boolean reduceOnly)
    {
        final OrderCommandEncoder order = new OrderCommandEncoder().wrapAndApplyHeader(command, 0, header)
            .tsInitNs(1).eventSeq(1).clientOrderId(++nextOrderId).pairId(PAIR).instrumentId(BTC).venue(Venue.BINANCE).side(side)
            .orderType(OrderType.LIMIT).timeInForce(TimeInForce.IOC).reduceOnly(reduceOnly ? BooleanType.TRUE : BooleanType.FALSE)
            .price(FixedPoint.parse(price)).quantity(FixedPoint.parse(quantity));
        paper.onCommand(command, 0, MessageHeaderEncoder.ENCODED_LENGTH + order.encodedLength(), true);
    }

    private List<ExecutionReportDecoder> reports()
    {
        return ring.ofType(ExecutionReportDecoder.TEMPLATE_ID).stream()
            .map(b -> new ExecutionReportDecoder().wrapAndApplyHeader(b, 0, new MessageHeaderDecoder()))
            .collect(Collectors.toList());
    }

    private List<BalanceUpdateDecoder> balances()
    {
        return ring.ofType(BalanceUpdateDecoder.TEMPLATE_ID).stream()
            .map(b -> new BalanceUpdateDecoder().wrapAndApplyHeader(b, 0, new MessageHeaderDecoder()))
            .collect(Collectors.toList());
    }

    private List<FundingPaymentDecoder> payments()
    {
        return ring.ofType(FundingPaymentDecoder.TEMPLATE_ID).stream()
            .map(b -> new FundingPaymentDecoder().wrapAndApplyHeader(b, 0, new MessageHeaderDecoder()))
            .collect(Collectors.toList());
    }
}
