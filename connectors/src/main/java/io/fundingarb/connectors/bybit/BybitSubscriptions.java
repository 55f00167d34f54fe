package io.fundingarb.connectors.bybit;

import io.fundingarb.connectors.json.JsonScanner;
import io.fundingarb.connectors.transport.SubscriptionProtocol;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Bybit v5 public subscriptions as a {@link io.fundingarb.connectors.transport.WsConnection} watches
 * them (bybit-exchange.github.io/docs/v5/ws/connect): {@code {"op":"subscribe","args":[..],"req_id":"7"}}
 * with at most {@link BybitFeed#ARGS_PER_SUBSCRIBE} topics, answered
 * {@code {"success":true,"ret_msg":"","conn_id":"..","req_id":"7","op":"subscribe"}} or
 * {@code "success":false} with the reason in {@code ret_msg} (e.g. {@code "error:handler not found,topic:tickers.X"});
 * data frames name their stream in {@code topic}; the pong ({@code "op":"ping"}) and any other answer
 * are control messages.
 */
public final class BybitSubscriptions extends SubscriptionProtocol
{
    private static final byte[] TOPIC = ascii("topic");
    private static final byte[] SUCCESS = ascii("success");
    private static final byte[] OP = ascii("op");
    private static final byte[] REQ_ID = ascii("req_id");
    private static final byte[] RET_MSG = ascii("ret_msg");
    private static final byte[] SUBSCRIBE = ascii("subscribe");

    /** @param topics the subscribed topics; {@code silenceNs} per topic, 0 for never silent. */
    public BybitSubscriptions(final List<String> topics, final long[] silenceNs)
    {
        super(topics, silenceNs, "topic", false);
    }

    @Override
    public int streamsPerRequest()
    {
        return BybitFeed.ARGS_PER_SUBSCRIBE;
    }

    @Override
    public String subscribeMessage(final int[] streams, final int count, final long requestId)
    {
        return message("subscribe", streams, count, requestId);
    }

    @Override
    public String unsubscribeMessage(final int[] streams, final int count, final long requestId)
    {
        return message("unsubscribe", streams, count, requestId);
    }

    private String message(final String op, final int[] streams, final int count, final long requestId)
    {
        return request("{\"op\":\"" + op + "\",\"args\":", streams, count, ",\"req_id\":\"" + requestId + "\"}");
    }

    @Override
    protected int classifyFields()
    {
        final JsonScanner scanner = this.scanner;
        int stream = CONTROL;
        int success = -1;
        boolean subscribe = false;
        long requestId = -1;
        String reason = null;
        while (scanner.nextField())
        {
            if (scanner.nameEquals(TOPIC) && scanner.peek() == JsonScanner.STRING && scanner.readString())
            {
                stream = stream();
            }
            else if (scanner.nameEquals(SUCCESS) && scanner.readScalar())
            {
                success = scanner.valueType() == JsonScanner.TRUE ? 1 : 0;
            }
            else if (scanner.nameEquals(OP) && scanner.peek() == JsonScanner.STRING && scanner.readString())
            {
                subscribe = scanner.valueEquals(SUBSCRIBE);
            }
            else if (scanner.nameEquals(REQ_ID) && scanner.readScalar())
            {
                final long id = scanner.valueLong();
                requestId = id == JsonScanner.NULL_LONG ? -1 : id;
            }
            else if (scanner.nameEquals(RET_MSG) && success != 1 && scanner.peek() == JsonScanner.STRING && scanner.readString())
            {
                reason = scanner.valueToString();
            }
            else if (!scanner.skipValue())
            {
                return CONTROL;
            }
        }
        if (scanner.error())
        {
            return CONTROL;
        }
        if (stream >= 0)
        {
            return stream;
        }
        return subscribe && success >= 0 ? ack(requestId, success == 1, reason) : CONTROL;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
