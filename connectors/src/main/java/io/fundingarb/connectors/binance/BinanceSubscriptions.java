package io.fundingarb.connectors.binance;

import io.fundingarb.connectors.json.JsonScanner;
import io.fundingarb.connectors.transport.SubscriptionProtocol;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Binance USD-M combined streams as a {@link io.fundingarb.connectors.transport.WsConnection} watches them
 * (developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams): the streams
 * are named in the URL ({@code /stream?streams=a/b}), so the handshake acknowledges them; data frames
 * are {@code {"stream":"btcusdt@markPrice@1s","data":{..}}}; a silent stream is resubscribed with
 * {@code {"method":"SUBSCRIBE","params":[..],"id":7}}, answered {@code {"result":null,"id":7}} or,
 * refused, {@code {"error":{"code":2,"msg":".."},"id":7}} (also accepted flat: {@code {"code":2,"msg":"..","id":7}}).
 */
public final class BinanceSubscriptions extends SubscriptionProtocol
{
    /** Streams per SUBSCRIBE request (a connection carries at most 1024; messages are limited to 10 per second). */
    public static final int STREAMS_PER_REQUEST = 100;

    private static final byte[] STREAM = ascii("stream");
    private static final byte[] RESULT = ascii("result");
    private static final byte[] ID = ascii("id");
    private static final byte[] ERROR = ascii("error");
    private static final byte[] CODE = ascii("code");
    private static final byte[] MSG = ascii("msg");

    /** @param streams the stream names in the URL (lower case); {@code silenceNs} per stream, 0 for never silent. */
    public BinanceSubscriptions(final List<String> streams, final long[] silenceNs)
    {
        super(streams, silenceNs, "stream", true);
    }

    @Override
    public int streamsPerRequest()
    {
        return STREAMS_PER_REQUEST;
    }

    @Override
    public String subscribeMessage(final int[] streams, final int count, final long requestId)
    {
        return message("SUBSCRIBE", streams, count, requestId);
    }

    @Override
    public String unsubscribeMessage(final int[] streams, final int count, final long requestId)
    {
        return message("UNSUBSCRIBE", streams, count, requestId);
    }

    private String message(final String method, final int[] streams, final int count, final long requestId)
    {
        return request("{\"method\":\"" + method + "\",\"params\":", streams, count, ",\"id\":" + requestId + "}");
    }

    @Override
    protected int classifyFields()
    {
        final JsonScanner scanner = this.scanner;
        int stream = CONTROL;
        boolean result = false;
        boolean failed = false;
        long requestId = JsonScanner.NULL_LONG;
        String reason = null;
        while (scanner.nextField())
        {
            if (scanner.nameEquals(STREAM) && scanner.peek() == JsonScanner.STRING && scanner.readString())
            {
                stream = stream();
            }
            else if (scanner.nameEquals(ID) && scanner.readScalar())
            {
                requestId = scanner.valueLong();
            }
            else if (scanner.nameEquals(RESULT))
            {
                result = true;
                if (!scanner.skipValue())
                {
                    return CONTROL;
                }
            }
            else if (scanner.nameEquals(ERROR) && scanner.peek() == JsonScanner.OBJECT)
            {
                failed = true;
                reason = errorMessage();
            }
            else if (scanner.nameEquals(CODE))
            {
                failed = true;
                if (!scanner.skipValue())
                {
                    return CONTROL;
                }
            }
            else if (scanner.nameEquals(MSG) && scanner.peek() == JsonScanner.STRING && scanner.readString())
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
        if (requestId == JsonScanner.NULL_LONG || !(result || failed))
        {
            return CONTROL;
        }
        return ack(requestId, !failed, reason);
    }

    /** The {@code msg} of the {@code error} object at the cursor (consumed), or null. */
    private String errorMessage()
    {
        final JsonScanner scanner = this.scanner;
        String message = null;
        if (!scanner.beginObject())
        {
            return null;
        }
        while (scanner.nextField())
        {
            if (scanner.nameEquals(MSG) && scanner.peek() == JsonScanner.STRING && scanner.readString())
            {
                message = scanner.valueToString();
            }
            else if (!scanner.skipValue())
            {
                return null;
            }
        }
        return message;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
