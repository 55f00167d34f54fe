package io.fundingarb.connectors.feed;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.InstrumentDefinitionEncoder;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.Venue;

/** Publishes {@code InstrumentDefinition} events (start-up and instrument refreshes; not per frame). */
public final class InstrumentDefinitionPublisher
{
    private final EventSink sink;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final InstrumentDefinitionEncoder definition = new InstrumentDefinitionEncoder();

    public InstrumentDefinitionPublisher(final EventSink sink)
    {
        this.sink = sink;
    }

    /**
     * @param quote            "USDT", "USDC" or "USD"; anything else is encoded as the null value.
     * @param contractValue    base units per contract at scale 1e-9 ({@link FixedPoint#SCALE} where orders are in base units).
     */
    public void publish(
        final long tsInitNs,
        final int instrumentId,
        final int tokenId,
        final Venue venue,
        final String quote,
        final long tickSize,
        final long lotSize,
        final long minQty,
        final long minNotional,
        final long contractValue,
        final int fundingIntervalS,
        final long makerFee,
        final long takerFee,
        final String symbol,
        final String tokenName)
    {
        final long seq = sink.claim();
        definition.wrapAndApplyHeader(sink.buffer(seq), 0, header)
            .tsInitNs(tsInitNs)
            .tsEventNs(tsInitNs)
            .instrumentId(instrumentId)
            .tokenId(tokenId)
            .venue(venue)
            .quote(quoteOf(quote))
            .tickSize(tickSize)
            .lotSize(lotSize)
            .minQty(minQty)
            .minNotional(minNotional)
            .contractValue(contractValue)
            .fundingIntervalS(fundingIntervalS)
            .makerFee(makerFee)
            .takerFee(takerFee)
            .symbol(symbol)
            .tokenName(tokenName);
        sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + definition.encodedLength());
    }

    static Quote quoteOf(final String quote)
    {
        switch (quote)
        {
            case "USDT": return Quote.USDT;
            case "USDC": return Quote.USDC;
            case "USD": return Quote.USD;
            default: return Quote.NULL_VAL;
        }
    }
}
