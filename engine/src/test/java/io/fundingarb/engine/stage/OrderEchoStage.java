package io.fundingarb.engine.stage;

import io.fundingarb.codecs.CommandSink;
import io.fundingarb.codecs.sbe.BooleanType;
import io.fundingarb.codecs.sbe.FundingUpdateDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.OrderCommandEncoder;
import io.fundingarb.codecs.sbe.OrderType;
import io.fundingarb.codecs.sbe.Side;
import io.fundingarb.codecs.sbe.TimeInForce;
import io.fundingarb.engine.config.ConfigLoader;
import io.fundingarb.engine.config.FundingArbConfig;
import io.fundingarb.engine.ring.InboundSlot;

/**
 * Test execution stage: the real ExecutionStage (checkpoints) plus a deterministic order rule, so
 * that replay tests compare real order commands: every FundingUpdate whose rate is above
 * {@code thresholdRate} makes an IOC order whose fields depend on the event and on the stage's
 * own history.
 */
public final class OrderEchoStage implements Stage
{
    private final ExecutionStage delegate;
    private final CommandSink commands;
    private final long thresholdRate;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final FundingUpdateDecoder funding = new FundingUpdateDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final OrderCommandEncoder order = new OrderCommandEncoder();
    private long orders;
    private long rateSum;

    public OrderEchoStage(final CommandSink commands, final long thresholdRate)
    {
        this.delegate = new ExecutionStage(commands, 64, ConfigLoader.defaults().execution());
        this.commands = commands;
        this.thresholdRate = thresholdRate;
    }

    public static Stages.Factory factory(final long thresholdRate)
    {
        final FundingArbConfig config = ConfigLoader.defaults();
        return commands -> new Stages(
            new MarketStage(64, config.strategy(), config.venues(), null),
            new RiskStage(64, config.strategy(), config.risk(), config.execution()),
            new OrderEchoStage(commands, thresholdRate));
    }

    @Override
    public String name()
    {
        return "execution";
    }

    @Override
    public void onEvent(final InboundSlot slot)
    {
        if (slot.templateId == FundingUpdateDecoder.TEMPLATE_ID)
        {
            header.wrap(slot.buffer, 0);
            funding.wrap(slot.buffer, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            rateSum += funding.fundingRate();
            if (funding.fundingRate() > thresholdRate)
            {
                final long sequence = commands.claim();
                order.wrapAndApplyHeader(commands.buffer(sequence), 0, headerEncoder)
                    .tsInitNs(slot.tsInitNs)
                    .eventSeq(slot.eventSeq)
                    .clientOrderId(++orders)
                    .pairId(rateSum)
                    .instrumentId(funding.instrumentId())
                    .venue(funding.venue())
                    .side((orders & 1) == 0 ? Side.BUY : Side.SELL)
                    .orderType(OrderType.LIMIT)
                    .timeInForce(TimeInForce.IOC)
                    .reduceOnly(BooleanType.FALSE)
                    .price(funding.markPrice())
                    .quantity(funding.fundingRate() * 10);
                commands.commit(sequence, MessageHeaderEncoder.ENCODED_LENGTH + order.encodedLength());
            }
        }
        delegate.onEvent(slot);
    }

    @Override
    public long stateHash()
    {
        return StateHash.finish(StateHash.mix(StateHash.mix(delegate.stateHash(), orders), rateSum));
    }

    public long orders()
    {
        return orders;
    }
}
