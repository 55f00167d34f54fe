package io.fundingarb.engine.stage;

import io.fundingarb.codecs.sbe.BalanceUpdateDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.OperatorCommandDecoder;
import io.fundingarb.codecs.sbe.TimerDecoder;
import io.fundingarb.codecs.sbe.TimerKind;
import io.fundingarb.codecs.sbe.VenueStatusDecoder;
import io.fundingarb.engine.ring.InboundSlot;
import io.fundingarb.engine.ring.Opportunities;

/**
 * RiskStage: the trading state (circuit breaker), feed state and balance per venue. Operator
 * commands move the trading state: PAUSE stops new entries, RESUME re-arms, KILL halts.
 * Pre-trade checks on MarketStage's ranking build on this state (see execution and risk).
 */
public final class RiskStage implements Stage
{
    /** Venue ids are the SBE {@code Venue} raw values (1..5); index 0 is unused. */
    private static final int VENUE_SLOTS = 16;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OperatorCommandDecoder operator = new OperatorCommandDecoder();
    private final VenueStatusDecoder venueStatus = new VenueStatusDecoder();
    private final BalanceUpdateDecoder balance = new BalanceUpdateDecoder();
    private final TimerDecoder timer = new TimerDecoder();

    private final byte[] feedStates = new byte[VENUE_SLOTS];
    private final long[] availableBalances = new long[VENUE_SLOTS];
    private final long[] walletBalances = new long[VENUE_SLOTS];
    private final Opportunities opportunities;
    private long rankingUpdates;
    private TradingState tradingState = TradingState.ACTIVE;
    private long stateChangedTsNs;
    private long operatorCommands;
    private long ignoredEvents;

    public RiskStage(final int topN)
    {
        this.opportunities = new Opportunities(topN);
    }

    @Override
    public String name()
    {
        return "risk";
    }

    @Override
    public void onEvent(final InboundSlot slot)
    {
        if (slot.rankingChanged)
        {
            opportunities.copyFrom(slot.opportunities);
            rankingUpdates++;
        }
        header.wrap(slot.buffer, 0);
        final int offset = MessageHeaderDecoder.ENCODED_LENGTH;
        switch (slot.templateId)
        {
            case OperatorCommandDecoder.TEMPLATE_ID:
                operator.wrap(slot.buffer, offset, header.blockLength(), header.version());
                onOperator(slot.tsInitNs);
                break;
            case VenueStatusDecoder.TEMPLATE_ID:
                venueStatus.wrap(slot.buffer, offset, header.blockLength(), header.version());
                final int venue = venueStatus.venueRaw();
                if (venue < VENUE_SLOTS)
                {
                    feedStates[venue] = (byte)venueStatus.stateRaw();
                }
                else
                {
                    ignoredEvents++;
                }
                break;
            case BalanceUpdateDecoder.TEMPLATE_ID:
                balance.wrap(slot.buffer, offset, header.blockLength(), header.version());
                final int balanceVenue = balance.venueRaw();
                if (balanceVenue < VENUE_SLOTS)
                {
                    walletBalances[balanceVenue] = balance.walletBalance();
                    availableBalances[balanceVenue] = balance.availableBalance();
                }
                else
                {
                    ignoredEvents++;
                }
                break;
            case TimerDecoder.TEMPLATE_ID:
                timer.wrap(slot.buffer, offset, header.blockLength(), header.version());
                if (timer.kind() == TimerKind.CHECKPOINT)
                {
                    slot.riskHash = stateHash();
                }
                break;
            default:
                break;
        }
    }

    private void onOperator(final long nowNs)
    {
        operatorCommands++;
        final TradingState next;
        switch (operator.action())
        {
            case PAUSE:
                next = tradingState == TradingState.ACTIVE ? TradingState.PAUSED : tradingState;
                break;
            case RESUME:
                next = tradingState == TradingState.HALTED ? tradingState : TradingState.ACTIVE;
                break;
            case KILL:
                next = TradingState.HALTED;
                break;
            default:
                next = tradingState;
                break;
        }
        if (next != tradingState)
        {
            tradingState = next;
            stateChangedTsNs = nowNs;
        }
    }

    @Override
    public long stateHash()
    {
        long h = StateHash.SEED;
        h = StateHash.mix(h, tradingState.ordinal());
        h = StateHash.mix(h, stateChangedTsNs);
        h = StateHash.mix(h, operatorCommands);
        h = StateHash.mix(h, ignoredEvents);
        h = StateHash.mix(h, rankingUpdates);
        h = StateHash.mix(h, opportunities.count);
        for (int i = 0; i < opportunities.count; i++)
        {
            h = StateHash.mix(h, opportunities.tokenId[i]);
            h = StateHash.mix(h, opportunities.longInstrumentId[i]);
            h = StateHash.mix(h, opportunities.shortInstrumentId[i]);
            h = StateHash.mix(h, opportunities.netEdgeBps[i]);
        }
        for (int i = 0; i < VENUE_SLOTS; i++)
        {
            h = StateHash.mix(h, feedStates[i]);
            h = StateHash.mix(h, walletBalances[i]);
            h = StateHash.mix(h, availableBalances[i]);
        }
        return StateHash.finish(h);
    }

    public TradingState tradingState()
    {
        return tradingState;
    }

    /** The ranking as RiskStage last received it from MarketStage, best first. */
    public Opportunities opportunities()
    {
        return opportunities;
    }
}
