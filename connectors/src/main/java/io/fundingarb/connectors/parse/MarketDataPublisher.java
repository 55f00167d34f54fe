package io.fundingarb.connectors.parse;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.RingSink;
import io.fundingarb.codecs.sbe.FundingUpdateEncoder;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.TickerUpdateEncoder;
import io.fundingarb.codecs.sbe.Venue;
import java.util.Arrays;

/**
 * Publishes a parser's {@code FundingUpdate} and {@code TickerUpdate} events without ever blocking
 * its I/O thread: a claim the ring refuses (the engine is behind) keeps the update instead, per
 * instrument, the latest funding winning and a ticker's fields merged (a later value replaces an
 * earlier one, an absent one keeps it), and {@link #flush} publishes what is kept, stamped with the
 * time it reaches the ring, before the next frame's events. So the ranking never loses a venue's
 * last rate, and a slow engine sees fewer, newer updates rather than a stalled feed. I/O thread
 * only; allocation-free after start-up.
 */
public final class MarketDataPublisher
{
    private final EventSink sink;
    private final Venue venue;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final FundingUpdateEncoder funding = new FundingUpdateEncoder();
    private final TickerUpdateEncoder ticker = new TickerUpdateEncoder();

    private boolean[] fundingPending = new boolean[0];
    private int[] fundingInstrument = new int[0];
    private long[] fundingTsEvent = new long[0];
    private long[] fundingRate = new long[0];
    private int[] fundingInterval = new int[0];
    private long[] fundingNext = new long[0];
    private long[] fundingMark = new long[0];
    private long[] fundingIndex = new long[0];

    private boolean[] tickerPending = new boolean[0];
    private int[] tickerInstrument = new int[0];
    private long[] tickerTsEvent = new long[0];
    private long[] tickerVolume = new long[0];
    private long[] tickerBid = new long[0];
    private long[] tickerAsk = new long[0];
    private long[] tickerLast = new long[0];

    private int pending;
    private long kept;

    public MarketDataPublisher(final EventSink sink, final Venue venue)
    {
        this.sink = sink;
        this.venue = venue;
    }

    /** Room for instruments of local index below {@code capacity} (start-up only). */
    public void capacity(final int capacity)
    {
        if (capacity <= fundingPending.length)
        {
            return;
        }
        fundingPending = Arrays.copyOf(fundingPending, capacity);
        fundingInstrument = Arrays.copyOf(fundingInstrument, capacity);
        fundingTsEvent = Arrays.copyOf(fundingTsEvent, capacity);
        fundingRate = Arrays.copyOf(fundingRate, capacity);
        fundingInterval = Arrays.copyOf(fundingInterval, capacity);
        fundingNext = Arrays.copyOf(fundingNext, capacity);
        fundingMark = Arrays.copyOf(fundingMark, capacity);
        fundingIndex = Arrays.copyOf(fundingIndex, capacity);
        tickerPending = Arrays.copyOf(tickerPending, capacity);
        tickerInstrument = Arrays.copyOf(tickerInstrument, capacity);
        tickerTsEvent = Arrays.copyOf(tickerTsEvent, capacity);
        tickerVolume = Arrays.copyOf(tickerVolume, capacity);
        tickerBid = Arrays.copyOf(tickerBid, capacity);
        tickerAsk = Arrays.copyOf(tickerAsk, capacity);
        tickerLast = Arrays.copyOf(tickerLast, capacity);
    }

    /** True when updates wait for room in the ring. */
    public boolean hasPending()
    {
        return pending != 0;
    }

    /** Updates the ring refused so far (each kept until published, or replaced by a newer one). */
    public long kept()
    {
        return kept;
    }

    /** Publishes a funding update, or keeps it (replacing one kept for the instrument); false when kept. */
    public boolean funding(
        final int index, final long tsInitNs, final long tsEventNs, final int instrumentId, final long rate, final int intervalS,
        final long nextFundingTsNs, final long mark, final long indexPrice)
    {
        if (tryFunding(tsInitNs, tsEventNs, instrumentId, rate, intervalS, nextFundingTsNs, mark, indexPrice))
        {
            if (fundingPending[index])
            {
                fundingPending[index] = false; // the newer update replaces the one kept
                pending--;
            }
            return true;
        }
        kept++;
        if (!fundingPending[index])
        {
            fundingPending[index] = true;
            pending++;
        }
        fundingInstrument[index] = instrumentId;
        fundingTsEvent[index] = tsEventNs;
        fundingRate[index] = rate;
        fundingInterval[index] = intervalS;
        fundingNext[index] = nextFundingTsNs;
        fundingMark[index] = mark;
        fundingIndex[index] = indexPrice;
        return false;
    }

    /** Publishes a ticker update (NULL: field absent), or keeps it merged into one kept for the instrument; false when kept. */
    public boolean ticker(
        final int index, final long tsInitNs, final long tsEventNs, final int instrumentId, final long volume, final long bid, final long ask,
        final long last)
    {
        if (tickerPending[index])
        {
            merge(index, tsEventNs, volume, bid, ask, last); // keep the order: the kept fields go out with this one
            if (tryTicker(tsInitNs, tsEventNs, instrumentId, tickerVolume[index], tickerBid[index], tickerAsk[index], tickerLast[index]))
            {
                tickerPending[index] = false;
                pending--;
                return true;
            }
            kept++;
            return false;
        }
        if (tryTicker(tsInitNs, tsEventNs, instrumentId, volume, bid, ask, last))
        {
            return true;
        }
        kept++;
        tickerPending[index] = true;
        pending++;
        tickerInstrument[index] = instrumentId;
        tickerVolume[index] = FixedPoint.NULL;
        tickerBid[index] = FixedPoint.NULL;
        tickerAsk[index] = FixedPoint.NULL;
        tickerLast[index] = FixedPoint.NULL;
        merge(index, tsEventNs, volume, bid, ask, last);
        return false;
    }

    /** Publishes what is kept, stamped {@code tsInitNs}; stops at the first refusal. */
    public void flush(final long tsInitNs)
    {
        for (int i = 0; i < fundingPending.length && pending != 0; i++)
        {
            if (fundingPending[i])
            {
                if (!tryFunding(tsInitNs, fundingTsEvent[i], fundingInstrument[i], fundingRate[i], fundingInterval[i], fundingNext[i],
                    fundingMark[i], fundingIndex[i]))
                {
                    return;
                }
                fundingPending[i] = false;
                pending--;
            }
            if (tickerPending[i])
            {
                if (!tryTicker(tsInitNs, tickerTsEvent[i], tickerInstrument[i], tickerVolume[i], tickerBid[i], tickerAsk[i], tickerLast[i]))
                {
                    return;
                }
                tickerPending[i] = false;
                pending--;
            }
        }
    }

    private void merge(final int index, final long tsEventNs, final long volume, final long bid, final long ask, final long last)
    {
        tickerTsEvent[index] = tsEventNs;
        tickerVolume[index] = volume != FixedPoint.NULL ? volume : tickerVolume[index];
        tickerBid[index] = bid != FixedPoint.NULL ? bid : tickerBid[index];
        tickerAsk[index] = ask != FixedPoint.NULL ? ask : tickerAsk[index];
        tickerLast[index] = last != FixedPoint.NULL ? last : tickerLast[index];
    }

    private boolean tryFunding(
        final long tsInitNs, final long tsEventNs, final int instrumentId, final long rate, final int intervalS, final long nextFundingTsNs,
        final long mark, final long indexPrice)
    {
        final long seq = sink.tryClaim();
        if (seq == RingSink.NO_CAPACITY)
        {
            return false;
        }
        funding.wrapAndApplyHeader(sink.buffer(seq), 0, header)
            .tsInitNs(tsInitNs)
            .tsEventNs(tsEventNs)
            .instrumentId(instrumentId)
            .venue(venue)
            .fundingRate(rate)
            .fundingIntervalS(intervalS)
            .nextFundingTsNs(nextFundingTsNs)
            .markPrice(mark)
            .indexPrice(indexPrice);
        sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + funding.encodedLength());
        return true;
    }

    private boolean tryTicker(
        final long tsInitNs, final long tsEventNs, final int instrumentId, final long volume, final long bid, final long ask, final long last)
    {
        final long seq = sink.tryClaim();
        if (seq == RingSink.NO_CAPACITY)
        {
            return false;
        }
        ticker.wrapAndApplyHeader(sink.buffer(seq), 0, header)
            .tsInitNs(tsInitNs)
            .tsEventNs(tsEventNs)
            .instrumentId(instrumentId)
            .venue(venue)
            .quoteVolume24h(volume)
            .bidPrice(bid)
            .askPrice(ask)
            .lastPrice(last);
        sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + ticker.encodedLength());
        return true;
    }
}
