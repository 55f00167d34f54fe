package io.fundingarb.engine.stage;

import io.fundingarb.codecs.sbe.BookUpdateDecoder;
import io.fundingarb.codecs.sbe.FundingUpdateDecoder;
import io.fundingarb.codecs.sbe.InstrumentDefinitionDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.TickerUpdateDecoder;
import io.fundingarb.codecs.sbe.TimerDecoder;
import io.fundingarb.codecs.sbe.TimerKind;
import io.fundingarb.engine.ring.InboundSlot;
import org.agrona.collections.Int2IntHashMap;

/**
 * MarketStage: the market picture per instrument (definition, funding, top-of-stream book
 * sequence, 24 h volume). Instruments are registered on their {@code InstrumentDefinition} into
 * arrays sized at start-up; a market event for an instrument never defined is counted and
 * skipped. The spreads and the ranking build on this state (see the arbitrage core).
 */
public final class MarketStage implements Stage
{
    private static final int MISSING = -1;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final InstrumentDefinitionDecoder definition = new InstrumentDefinitionDecoder();
    private final FundingUpdateDecoder funding = new FundingUpdateDecoder();
    private final BookUpdateDecoder book = new BookUpdateDecoder();
    private final TickerUpdateDecoder ticker = new TickerUpdateDecoder();
    private final TimerDecoder timer = new TimerDecoder();

    private final int capacity;
    private final Int2IntHashMap indexByInstrument;
    private final int[] instrumentIds;
    private final int[] tokenIds;
    private final byte[] venues;
    private final long[] tickSizes;
    private final long[] lotSizes;
    private final long[] fundingRates;
    private final int[] fundingIntervalS;
    private final long[] nextFundingTsNs;
    private final long[] markPrices;
    private final long[] bookSequences;
    private final long[] quoteVolumes;
    private final long[] lastUpdateTsNs;
    private int count;

    private long events;
    private long unknownInstrument;
    private long capacityExceeded;
    private long lastTsInitNs;

    public MarketStage(final int maxInstruments)
    {
        this.capacity = maxInstruments;
        this.indexByInstrument = new Int2IntHashMap(maxInstruments * 2, 0.65f, MISSING);
        this.instrumentIds = new int[maxInstruments];
        this.tokenIds = new int[maxInstruments];
        this.venues = new byte[maxInstruments];
        this.tickSizes = new long[maxInstruments];
        this.lotSizes = new long[maxInstruments];
        this.fundingRates = new long[maxInstruments];
        this.fundingIntervalS = new int[maxInstruments];
        this.nextFundingTsNs = new long[maxInstruments];
        this.markPrices = new long[maxInstruments];
        this.bookSequences = new long[maxInstruments];
        this.quoteVolumes = new long[maxInstruments];
        this.lastUpdateTsNs = new long[maxInstruments];
    }

    @Override
    public String name()
    {
        return "market";
    }

    @Override
    public void onEvent(final InboundSlot slot)
    {
        events++;
        lastTsInitNs = slot.tsInitNs;
        header.wrap(slot.buffer, 0);
        final int offset = MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        switch (slot.templateId)
        {
            case InstrumentDefinitionDecoder.TEMPLATE_ID:
                definition.wrap(slot.buffer, offset, blockLength, version);
                onDefinition();
                break;
            case FundingUpdateDecoder.TEMPLATE_ID:
                funding.wrap(slot.buffer, offset, blockLength, version);
                onFunding();
                break;
            case BookUpdateDecoder.TEMPLATE_ID:
                book.wrap(slot.buffer, offset, blockLength, version);
                onBook();
                break;
            case TickerUpdateDecoder.TEMPLATE_ID:
                ticker.wrap(slot.buffer, offset, blockLength, version);
                onTicker();
                break;
            case TimerDecoder.TEMPLATE_ID:
                timer.wrap(slot.buffer, offset, blockLength, version);
                if (timer.kind() == TimerKind.CHECKPOINT)
                {
                    slot.marketHash = stateHash();
                }
                break;
            default:
                break;
        }
    }

    private void onDefinition()
    {
        final int instrumentId = definition.instrumentId();
        int index = indexByInstrument.get(instrumentId);
        if (index == MISSING)
        {
            if (count == capacity)
            {
                capacityExceeded++;
                return;
            }
            index = count++;
            indexByInstrument.put(instrumentId, index);
            instrumentIds[index] = instrumentId;
        }
        tokenIds[index] = definition.tokenId();
        venues[index] = (byte)definition.venueRaw();
        tickSizes[index] = definition.tickSize();
        lotSizes[index] = definition.lotSize();
        fundingIntervalS[index] = definition.fundingIntervalS();
    }

    private void onFunding()
    {
        final int index = indexByInstrument.get(funding.instrumentId());
        if (index == MISSING)
        {
            unknownInstrument++;
            return;
        }
        fundingRates[index] = funding.fundingRate();
        fundingIntervalS[index] = funding.fundingIntervalS();
        nextFundingTsNs[index] = funding.nextFundingTsNs();
        markPrices[index] = funding.markPrice();
        lastUpdateTsNs[index] = lastTsInitNs;
    }

    private void onBook()
    {
        final int index = indexByInstrument.get(book.instrumentId());
        if (index == MISSING)
        {
            unknownInstrument++;
            return;
        }
        bookSequences[index] = book.sequence();
        lastUpdateTsNs[index] = lastTsInitNs;
    }

    private void onTicker()
    {
        final int index = indexByInstrument.get(ticker.instrumentId());
        if (index == MISSING)
        {
            unknownInstrument++;
            return;
        }
        quoteVolumes[index] = ticker.quoteVolume24h();
        lastUpdateTsNs[index] = lastTsInitNs;
    }

    @Override
    public long stateHash()
    {
        long h = StateHash.SEED;
        h = StateHash.mix(h, count);
        for (int i = 0; i < count; i++)
        {
            h = StateHash.mix(h, instrumentIds[i]);
            h = StateHash.mix(h, tokenIds[i]);
            h = StateHash.mix(h, venues[i]);
            h = StateHash.mix(h, tickSizes[i]);
            h = StateHash.mix(h, lotSizes[i]);
            h = StateHash.mix(h, fundingRates[i]);
            h = StateHash.mix(h, fundingIntervalS[i]);
            h = StateHash.mix(h, nextFundingTsNs[i]);
            h = StateHash.mix(h, markPrices[i]);
            h = StateHash.mix(h, bookSequences[i]);
            h = StateHash.mix(h, quoteVolumes[i]);
            h = StateHash.mix(h, lastUpdateTsNs[i]);
        }
        h = StateHash.mix(h, unknownInstrument);
        h = StateHash.mix(h, capacityExceeded);
        return StateHash.finish(h);
    }

    public int instrumentCount()
    {
        return count;
    }

    public long events()
    {
        return events;
    }

    public long unknownInstrumentEvents()
    {
        return unknownInstrument;
    }

    public long lastTsInitNs()
    {
        return lastTsInitNs;
    }
}
