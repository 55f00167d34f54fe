package io.fundingarb.engine;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.MarginMode;
import io.fundingarb.codecs.sbe.PositionSnapshotEncoder;
import io.fundingarb.codecs.sbe.PositionSource;
import io.fundingarb.codecs.sbe.BalanceUpdateEncoder;
import io.fundingarb.codecs.sbe.BookAction;
import io.fundingarb.codecs.sbe.BookUpdateEncoder;
import io.fundingarb.codecs.sbe.FeedState;
import io.fundingarb.codecs.sbe.FundingUpdateEncoder;
import io.fundingarb.codecs.sbe.InstrumentDefinitionEncoder;
import io.fundingarb.codecs.sbe.MarginMode;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.OperatorAction;
import io.fundingarb.codecs.sbe.OperatorCommandEncoder;
import io.fundingarb.codecs.sbe.PositionSnapshotEncoder;
import io.fundingarb.codecs.sbe.PositionSource;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.StreamKind;
import io.fundingarb.codecs.sbe.TickerUpdateEncoder;
import io.fundingarb.codecs.sbe.TimerEncoder;
import io.fundingarb.codecs.sbe.TimerKind;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.codecs.sbe.VenueStatusEncoder;

/** Publishes well-formed inbound events for tests; one instance per producer thread. */
public final class TestEvents
{
    private final EventSink sink;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final InstrumentDefinitionEncoder definition = new InstrumentDefinitionEncoder();
    private final FundingUpdateEncoder funding = new FundingUpdateEncoder();
    private final BookUpdateEncoder book = new BookUpdateEncoder();
    private final TimerEncoder timer = new TimerEncoder();
    private final TickerUpdateEncoder ticker = new TickerUpdateEncoder();
    private final OperatorCommandEncoder operator = new OperatorCommandEncoder();
    private final VenueStatusEncoder venueStatus = new VenueStatusEncoder();
    private final BalanceUpdateEncoder balance = new BalanceUpdateEncoder();
    private final PositionSnapshotEncoder position = new PositionSnapshotEncoder();


    public TestEvents(final EventSink sink)
    {
        this.sink = sink;
    }

    public void definition(final long tsNs, final int instrumentId, final int tokenId, final Venue venue, final String symbol, final String token)
    {
        definition(tsNs, instrumentId, tokenId, venue, Quote.USDT, symbol, token);
    }

    public void definition(
        final long tsNs, final int instrumentId, final int tokenId, final Venue venue, final Quote quote, final String symbol, final String token)
    {
        definition(tsNs, instrumentId, tokenId, venue, quote, symbol, token, FixedPoint.SCALE);
    }

    /** @param contractValue base units in one unit of quantity at scale 1e-9 (a bundled listing such as 1000PEPE: 1000). */
    public void definition(
        final long tsNs, final int instrumentId, final int tokenId, final Venue venue, final Quote quote, final String symbol, final String token,
        final long contractValue)
    {
        final long seq = sink.claim();
        definition.wrapAndApplyHeader(sink.buffer(seq), 0, header)
            .tsInitNs(tsNs).tsEventNs(tsNs)
            .instrumentId(instrumentId).tokenId(tokenId).venue(venue).quote(quote)
            .tickSize(FixedPoint.parse("0.1")).lotSize(FixedPoint.parse("0.001"))
            .minQty(FixedPoint.parse("0.001")).minNotional(FixedPoint.parse("5"))
            .contractValue(contractValue).fundingIntervalS(28_800)
            .makerFee(FixedPoint.parse("0.0002")).takerFee(FixedPoint.parse("0.0005"))
            .symbol(symbol).tokenName(token);
        sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + definition.encodedLength());
    }

    public void funding(final long tsNs, final int instrumentId, final Venue venue, final long rate, final long mark)
    {
        funding(tsNs, instrumentId, venue, rate, 28_800, tsNs + 3_600_000_000_000L, mark);
    }

    public void funding(
        final long tsNs, final int instrumentId, final Venue venue, final long rate, final int intervalS, final long nextFundingTsNs, final long mark)
    {
        final long seq = sink.claim();
        funding.wrapAndApplyHeader(sink.buffer(seq), 0, header)
            .tsInitNs(tsNs).tsEventNs(tsNs - 1_000)
            .instrumentId(instrumentId).venue(venue)
            .fundingRate(rate).fundingIntervalS(intervalS).nextFundingTsNs(nextFundingTsNs)
            .markPrice(mark).indexPrice(FixedPoint.NULL);
        sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + funding.encodedLength());
    }

    public void book(final long tsNs, final int instrumentId, final Venue venue, final long sequence, final int levels, final long mid)
    {
        final long seq = sink.claim();
        book.wrapAndApplyHeader(sink.buffer(seq), 0, header)
            .tsInitNs(tsNs).tsEventNs(tsNs)
            .instrumentId(instrumentId).venue(venue).action(BookAction.DELTA)
            .sequence(sequence).prevSequence(sequence - 1);
        final BookUpdateEncoder.BidsEncoder bids = book.bidsCount(levels);
        for (int i = 0; i < levels; i++)
        {
            bids.next().price(mid - (i + 1) * 100_000_000L).size((i + 1) * 1_000_000L);
        }
        final BookUpdateEncoder.AsksEncoder asks = book.asksCount(levels);
        for (int i = 0; i < levels; i++)
        {
            asks.next().price(mid + (i + 1) * 100_000_000L).size((i + 1) * 1_000_000L);
        }
        sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + book.encodedLength());
    }

    /** A book snapshot: {@code levels} levels a side, {@code step} apart from {@code mid}, each of {@code size}. */
    public void snapshot(
        final long tsNs, final int instrumentId, final Venue venue, final long mid, final long halfSpread, final long step, final int levels, final long size)
    {
        final long seq = sink.claim();
        book.wrapAndApplyHeader(sink.buffer(seq), 0, header)
            .tsInitNs(tsNs).tsEventNs(tsNs)
            .instrumentId(instrumentId).venue(venue).action(BookAction.SNAPSHOT)
            .sequence(1).prevSequence(0);
        final BookUpdateEncoder.BidsEncoder bids = book.bidsCount(levels);
        for (int i = 0; i < levels; i++)
        {
            bids.next().price(mid - halfSpread - i * step).size(size);
        }
        final BookUpdateEncoder.AsksEncoder asks = book.asksCount(levels);
        for (int i = 0; i < levels; i++)
        {
            asks.next().price(mid + halfSpread + i * step).size(size);
        }
        sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + book.encodedLength());
    }

    public void ticker(final long tsNs, final int instrumentId, final Venue venue, final long quoteVolume24h)
    {
        final long seq = sink.claim();
        ticker.wrapAndApplyHeader(sink.buffer(seq), 0, header)
            .tsInitNs(tsNs).tsEventNs(tsNs).instrumentId(instrumentId).venue(venue)
            .quoteVolume24h(quoteVolume24h).bidPrice(FixedPoint.NULL).askPrice(FixedPoint.NULL).lastPrice(FixedPoint.NULL);
        sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + ticker.encodedLength());
    }

    public void timer(final long tsNs, final TimerKind kind, final long timerSeq)
    {
        final long seq = sink.claim();
        timer.wrapAndApplyHeader(sink.buffer(seq), 0, header)
            .tsInitNs(tsNs).tsEventNs(tsNs).kind(kind).timerSeq(timerSeq);
        sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + timer.encodedLength());
    }

    public void operator(final long tsNs, final OperatorAction action, final long pairId)
    {
        final long seq = sink.claim();
        operator.wrapAndApplyHeader(sink.buffer(seq), 0, header)
            .tsInitNs(tsNs).tsEventNs(tsNs).action(action).pairId(pairId);
        sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + operator.encodedLength());
    }

    /** A connection state change of one venue's market-data feed or private (ORDERS) stream. */
    public void venueStatus(final long tsNs, final Venue venue, final StreamKind stream, final FeedState state, final String detail)
    {
        final long seq = sink.claim();
        venueStatus.wrapAndApplyHeader(sink.buffer(seq), 0, header)
            .tsInitNs(tsNs).tsEventNs(tsNs).venue(venue).state(state).reconnects(0).stream(stream)
            .detail(detail);
        sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + venueStatus.encodedLength());
    }

    /** One instrument of a venue's position batch (one-way mode, cross, 5x). */
    public void position(
        final long tsNs, final Venue venue, final int instrumentId, final long quantity, final long entryPrice, final PositionSource source,
        final long batchId, final int batchIndex, final int batchSize)
    {
        final long seq = sink.claim();
        position.wrapAndApplyHeader(sink.buffer(seq), 0, header)
            .tsInitNs(tsNs).tsEventNs(tsNs).venue(venue).instrumentId(instrumentId).quantity(quantity).entryPrice(entryPrice)
            .markPrice(entryPrice).liquidationPrice(FixedPoint.NULL).maintenanceMargin(FixedPoint.NULL).leverage(5)
            .marginMode(MarginMode.CROSS).source(source).batchId(batchId).batchIndex(batchIndex).batchSize(batchSize);
        sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + position.encodedLength());
    }

    /** A USDT balance, wallet and available alike. */
    public void balance(final long tsNs, final Venue venue, final long amount)
    {
        final long seq = sink.claim();
        balance.wrapAndApplyHeader(sink.buffer(seq), 0, header)
            .tsInitNs(tsNs).tsEventNs(tsNs).venue(venue).asset(Quote.USDT).walletBalance(amount).availableBalance(amount);
        sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + balance.encodedLength());
    }

    /** One instrument's position as a venue's position query reports it (a batch of one, polled). */
    public void position(
        final long tsNs, final int instrumentId, final Venue venue, final long quantity, final long entry, final long mark,
        final long liquidation, final long maintenance, final int leverage, final MarginMode mode)
    {
        final long seq = sink.claim();
        position.wrapAndApplyHeader(sink.buffer(seq), 0, header)
            .tsInitNs(tsNs).tsEventNs(tsNs).venue(venue).instrumentId(instrumentId).quantity(quantity).entryPrice(entry)
            .markPrice(mark).liquidationPrice(liquidation).maintenanceMargin(maintenance).leverage(leverage).marginMode(mode)
            .source(PositionSource.POLL).batchId(tsNs).batchIndex(0).batchSize(1);
        sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + position.encodedLength());
    }
}
