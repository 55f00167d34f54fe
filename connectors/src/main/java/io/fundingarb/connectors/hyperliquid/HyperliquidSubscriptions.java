package io.fundingarb.connectors.hyperliquid;

import io.fundingarb.connectors.json.JsonScanner;
import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.transport.PairedSubscriptions;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Hyperliquid public subscriptions as a {@link io.fundingarb.connectors.transport.WsConnection}
 * watches them (hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/websocket and
 * .../websocket/subscriptions): one stream per coin and type, {@code activeAssetCtx} and
 * {@code l2Book}, each subscribed by its own message (the venue takes no batch)
 * {@code {"method":"subscribe","subscription":{"type":"l2Book","coin":"BTC"}}} and answered
 * {@code {"channel":"subscriptionResponse","data":{"method":"subscribe","subscription":{..}}}}, the
 * subscription echoed, no request id: the answer is matched to the stream it names. Data frames are
 * {@code {"channel":"l2Book","data":{"coin":"BTC",..}}}: the stream is the channel and the data's
 * coin (the venue sends {@code channel} first and {@code coin} first in the data, so a frame is
 * classified on its first bytes). A refusal {@code {"channel":"error","data":"Invalid subscription {..}"}}
 * naming a subscription is a failed answer to that stream; {@code {"channel":"pong"}} and the rest
 * are control messages.
 */
public final class HyperliquidSubscriptions extends PairedSubscriptions
{
    static final String ACTIVE_ASSET_CTX = "activeAssetCtx";
    static final String L2_BOOK = "l2Book";

    private static final int KIND_NONE = 0;
    private static final int KIND_CTX = 1;
    private static final int KIND_BOOK = 2;
    private static final int KIND_ANSWER = 3;
    private static final int KIND_ERROR = 4;
    private static final int KIND_OTHER = 5;

    private static final byte[] CHANNEL = ascii("channel");
    private static final byte[] DATA = ascii("data");
    private static final byte[] COIN = ascii("coin");
    private static final byte[] TYPE = ascii("type");
    private static final byte[] METHOD = ascii("method");
    private static final byte[] SUBSCRIPTION = ascii("subscription");
    private static final byte[] SUBSCRIBE = ascii("subscribe");
    private static final byte[] CTX_BYTES = ascii(ACTIVE_ASSET_CTX);
    private static final byte[] BOOK_BYTES = ascii(L2_BOOK);
    private static final byte[] ANSWER = ascii("subscriptionResponse");
    private static final byte[] ERROR = ascii("error");

    /**
     * @param coins          the coins, each subscribed to both streams: stream {@code 2i} is coin i's {@code activeAssetCtx},
     *                       {@code 2i + 1} its {@code l2Book}.
     * @param ctxSilenceNs   how long a coin's ctx may be silent (0: never silent).
     * @param bookSilenceNs  how long a coin's book may be silent (0: never); a book is pushed every block, at least 0.5 s apart.
     */
    public HyperliquidSubscriptions(final List<String> coins, final long ctxSilenceNs, final long bookSilenceNs)
    {
        super(coins, ACTIVE_ASSET_CTX, L2_BOOK, ctxSilenceNs, bookSilenceNs);
    }

    /** {@code {"method":..,"subscription":{"type":..,"coin":..}}} of one stream. */
    @Override
    public String message(final String method, final int stream)
    {
        return "{\"method\":\"" + method + "\",\"subscription\":{\"type\":\"" + kindOf(stream) + "\",\"coin\":\"" + symbolOf(stream) + "\"}}";
    }

    @Override
    protected int classifyFields()
    {
        final JsonScanner scanner = this.scanner;
        int kind = KIND_NONE;
        while (scanner.nextField())
        {
            if (scanner.nameEquals(CHANNEL))
            {
                if (kind != KIND_NONE || scanner.peek() != JsonScanner.STRING || !scanner.readString())
                {
                    return CONTROL;
                }
                kind = kind(scanner);
            }
            else if (scanner.nameEquals(DATA))
            {
                switch (kind)
                {
                    case KIND_CTX:
                    case KIND_BOOK:
                        return dataStream(kind);
                    case KIND_ANSWER:
                        return answer();
                    case KIND_ERROR:
                        return refusal();
                    default:
                        return CONTROL; // another channel, or data before the channel (the venue sends the channel first)
                }
            }
            else if (!scanner.skipValue())
            {
                return CONTROL;
            }
        }
        return CONTROL;
    }

    private int kind(final JsonScanner scanner)
    {
        if (scanner.valueEquals(BOOK_BYTES))
        {
            return KIND_BOOK;
        }
        if (scanner.valueEquals(CTX_BYTES))
        {
            return KIND_CTX;
        }
        if (scanner.valueEquals(ANSWER))
        {
            return KIND_ANSWER;
        }
        return scanner.valueEquals(ERROR) ? KIND_ERROR : KIND_OTHER;
    }

    /** The data of a ctx or a book: the stream of its coin. */
    private int dataStream(final int kind)
    {
        final int coin = findCoin();
        return coin < 0 ? CONTROL : stream(coin, kind == KIND_BOOK);
    }

    /** Walks the data object up to its {@code coin}: the coin's index, or -1. */
    private int findCoin()
    {
        final JsonScanner scanner = this.scanner;
        if (!scanner.beginObject())
        {
            return -1;
        }
        while (scanner.nextField())
        {
            if (scanner.nameEquals(COIN))
            {
                if (scanner.peek() != JsonScanner.STRING || !scanner.readString())
                {
                    return -1;
                }
                return symbolIndex(scanner);
            }
            if (!scanner.skipValue())
            {
                return -1;
            }
        }
        return -1;
    }

    /** {@code {"method":"subscribe","subscription":{"type":..,"coin":..}}}: the answer to that stream's subscribe. */
    private int answer()
    {
        final JsonScanner scanner = this.scanner;
        if (!scanner.beginObject())
        {
            return CONTROL;
        }
        boolean subscribe = false;
        int stream = -1;
        while (scanner.nextField())
        {
            if (scanner.nameEquals(METHOD) && scanner.peek() == JsonScanner.STRING && scanner.readString())
            {
                subscribe = scanner.valueEquals(SUBSCRIBE);
            }
            else if (scanner.nameEquals(SUBSCRIPTION) && scanner.peek() == JsonScanner.OBJECT)
            {
                stream = subscription();
            }
            else if (!scanner.skipValue())
            {
                return CONTROL;
            }
        }
        return subscribe && stream >= 0 && !scanner.error() ? answer(stream, true, null) : CONTROL;
    }

    /** The stream a {@code {"type":..,"coin":..}} object names, or -1. */
    private int subscription()
    {
        final JsonScanner scanner = this.scanner;
        if (!scanner.beginObject())
        {
            return -1;
        }
        int kind = KIND_NONE;
        int coin = -1;
        while (scanner.nextField())
        {
            if (scanner.nameEquals(TYPE) && scanner.peek() == JsonScanner.STRING && scanner.readString())
            {
                kind = kind(scanner);
            }
            else if (scanner.nameEquals(COIN) && scanner.peek() == JsonScanner.STRING && scanner.readString())
            {
                coin = symbolIndex(scanner);
            }
            else if (!scanner.skipValue())
            {
                return -1;
            }
        }
        return coin < 0 || (kind != KIND_CTX && kind != KIND_BOOK) ? -1 : stream(coin, kind == KIND_BOOK);
    }

    /** {@code "Invalid subscription {..}"}: a refusal of the stream the text names (rare: allocates), else CONTROL. */
    private int refusal()
    {
        final JsonScanner scanner = this.scanner;
        if (scanner.peek() != JsonScanner.STRING || !scanner.readString())
        {
            return CONTROL;
        }
        final String text = scanner.valueToString();
        final int brace = text.indexOf('{');
        if (brace < 0)
        {
            return CONTROL;
        }
        try
        {
            final Object request = JsonTree.parse(text.substring(brace));
            final Object named = JsonTree.get(request, "subscription") != null ? JsonTree.get(request, "subscription") : request;
            final String type = JsonTree.text(named, "type");
            final int coin = symbolIndex(String.valueOf(JsonTree.text(named, "coin")));
            final int stream = coin < 0 ? -1 : ACTIVE_ASSET_CTX.equals(type) ? stream(coin, false) : L2_BOOK.equals(type) ? stream(coin, true) : -1;
            return stream < 0 ? CONTROL : answer(stream, false, text);
        }
        catch (final IllegalArgumentException ex)
        {
            return CONTROL;
        }
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
