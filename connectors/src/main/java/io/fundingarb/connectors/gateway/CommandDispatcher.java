package io.fundingarb.connectors.gateway;

import io.fundingarb.codecs.sbe.CancelCommandDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.OrderCommandDecoder;
import io.fundingarb.codecs.sbe.Venue;
import java.util.function.Consumer;
import org.agrona.DirectBuffer;

/**
 * Decodes the outbound ring's commands for one venue with reused flyweights and hands each
 * {@code OrderCommand} and {@code CancelCommand} of that venue to the gateway; other venues'
 * commands and {@code StateCheckpoint} are ignored. Command thread; allocation free.
 */
public final class CommandDispatcher
{
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final OrderCommandDecoder orderDecoder = new OrderCommandDecoder();
    private final CancelCommandDecoder cancelDecoder = new CancelCommandDecoder();
    private final Venue venue;
    private final Consumer<OrderCommandDecoder> onOrder;
    private final Consumer<CancelCommandDecoder> onCancel;

    public CommandDispatcher(final Venue venue, final Consumer<OrderCommandDecoder> onOrder, final Consumer<CancelCommandDecoder> onCancel)
    {
        this.venue = venue;
        this.onOrder = onOrder;
        this.onCancel = onCancel;
    }

    public void onCommand(final DirectBuffer buffer, final int offset)
    {
        headerDecoder.wrap(buffer, offset);
        final int templateId = headerDecoder.templateId();
        if (templateId == OrderCommandDecoder.TEMPLATE_ID)
        {
            orderDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
            if (orderDecoder.venue() == venue)
            {
                onOrder.accept(orderDecoder);
            }
        }
        else if (templateId == CancelCommandDecoder.TEMPLATE_ID)
        {
            cancelDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
            if (cancelDecoder.venue() == venue)
            {
                onCancel.accept(cancelDecoder);
            }
        }
        // StateCheckpoint and other venues' commands: nothing to do
    }
}
