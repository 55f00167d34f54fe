package io.fundingarb.engine.ring;

import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import java.nio.ByteOrder;

/**
 * A slot of the inbound ring: the event's SBE bytes plus the fields the business stages pass
 * down the chain. MarketStage writes, RiskStage and ExecutionStage read; the Disruptor's
 * sequence barriers order those writes before the reads. No stage touches another stage's
 * state: what crosses between stages crosses here.
 */
public final class InboundSlot extends MessageSlot
{
    /** Ordinal of this event among non-empty events since the session started: the replay key. */
    public long eventSeq;
    /** SBE template id of the event. */
    public int templateId;
    /** The event's {@code tsInitNs}: "now" for every stage. */
    public long tsInitNs;
    /** MarketStage's state hash, written on CHECKPOINT timers only. */
    public long marketHash;
    /** RiskStage's state hash, written on CHECKPOINT timers only. */
    public long riskHash;
    /** Token whose opportunities MarketStage re-ranked on this event, or -1. */
    public int rankedTokenId;
    /** Set by MarketStage when the top of the ranking changed on this event; {@link #opportunities} then holds it. */
    public boolean rankingChanged;
    /** The top of the ranking, valid when {@link #rankingChanged}. */
    public final Opportunities opportunities = new Opportunities(MAX_OPPORTUNITIES);

    /** MarketStage: the instrument whose touch this event updated, or -1; then its best bid, best ask and mark (1e-9, NULL when unknown). */
    public int touchInstrumentId;
    public long touchBid;
    public long touchAsk;
    public long touchMark;

    /** RiskStage's decisions on this event, for ExecutionStage. */
    public final Decisions decisions = new Decisions(16);
    /** RiskStage's pair notices on this event, for ExecutionStage to journal. */
    public final PairNotices pairNotices = new PairNotices(16);
    /** RiskStage: the circuit breaker moved on this event (from, to, reason ordinal, pair concerned). */
    public boolean riskStateChanged;
    public int riskFromState;
    public int riskToState;
    public int riskReason;
    public long riskPairId;

    /** Capacity of {@link #opportunities}: the most {@code strategy.top_n} allows. */
    public static final int MAX_OPPORTUNITIES = 16;

    public InboundSlot(final int capacity)
    {
        super(capacity);
    }

    /**
     * Called once per event by the first business stage's handler, before any stage sees it:
     * numbers the event and lifts the header fields every stage needs. Every inbound message
     * carries {@code tsInitNs} at offset 0 of its block (schema convention).
     */
    public void stamp(final long eventSeq)
    {
        this.eventSeq = eventSeq;
        this.templateId = buffer.getShort(TEMPLATE_ID_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        this.tsInitNs = buffer.getLong(MessageHeaderDecoder.ENCODED_LENGTH, ByteOrder.LITTLE_ENDIAN);
        this.marketHash = 0;
        this.riskHash = 0;
        this.rankedTokenId = -1;
        this.rankingChanged = false;
        this.touchInstrumentId = -1;
        this.decisions.count = 0;
        this.pairNotices.count = 0;
        this.riskStateChanged = false;
    }

    private static final int TEMPLATE_ID_OFFSET = 2;
}
