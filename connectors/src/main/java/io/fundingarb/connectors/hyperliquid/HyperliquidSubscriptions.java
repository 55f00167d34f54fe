package io.fundingarb.connectors.hyperliquid;

import io.fundingarb.connectors.json.AsciiSymbolMap;
import io.fundingarb.connectors.json.JsonScanner;
import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.transport.SubscriptionProtocol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
public final class HyperliquidSubscriptions extends SubscriptionProtocol
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

    private final List<String> coins;
    private final AsciiSymbolMap coinIndex;
    /** Per stream, the id the connection gave its last subscribe: the venue's answer carries none. */
    private final long[] requestIds;

    /**
     * @param coins          the coins, each subscribed to both streams: stream {@code 2i} is coin i's {@code activeAssetCtx},
     *                       {@code 2i + 1} its {@code l2Book}.
     * @param ctxSilenceNs   how long a coin's ctx may be silent (0: never silent).
     * @param bookSilenceNs  how long a coin's book may be silent (0: never); a book is pushed every block, at least 0.5 s apart.
     */
    public HyperliquidSubscriptions(final List<String> coins, final long ctxSilenceNs, final long bookSilenceNs)
    {
        super(streams(coins), silences(coins.size(), ctxSilenceNs, bookSilenceNs), null, false);
        this.coins = List.copyOf(coins);
        this.coinIndex = new AsciiSymbolMap(coins.size());
        for (int i = 0; i < coins.size(); i++)
        {
            coinIndex.put(coins.get(i), i);
        }
        this.requestIds = new long[2 * coins.size()];
        Arrays.fill(requestIds, -1);
    }

    private static List<String> streams(final List<String> coins)
    {
        final List<String> streams = new ArrayList<>(2 * coins.size());
        for (final String coin : coins)
        {
            streams.add(ACTIVE_ASSET_CTX + ":" + coin);
            streams.add(L2_BOOK + ":" + coin);
        }
        return streams;
    }

    private static long[] silences(final int coins, final long ctxSilenceNs, final long bookSilenceNs)
    {
        final long[] silences = new long[2 * coins];
        for (int i = 0; i < coins; i++)
        {
            silences[2 * i] = ctxSilenceNs;
            silences[2 * i + 1] = bookSilenceNs;
        }
        return silences;
    }

    /** The venue takes one subscription a message. */
    @Override
    public int streamsPerRequest()
    {
        return 1;
    }

    @Override
    public String subscribeMessage(final int[] streams, final int count, final long requestId)
    {
        requestIds[streams[0]] = requestId;
        return message("subscribe", streams[0]);
    }

    @Override
    public String unsubscribeMessage(final int[] streams, final int count, final long requestId)
    {
        return message("unsubscribe", streams[0]);
    }

    /** {@code {"method":..,"subscription":{"type":..,"coin":..}}} of one stream. */
    public String message(final String method, final int stream)
    {
        return "{\"method\":\"" + method + "\",\"subscription\":{\"type\":\"" + ((stream & 1) == 0 ? ACTIVE_ASSET_CTX : L2_BOOK)
            + "\",\"coin\":\"" + coins.get(stream >> 1) + "\"}}";
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
        return coin < 0 ? CONTROL : 2 * coin + (kind == KIND_BOOK ? 1 : 0);
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
                if (scanner.peek() != JsonScanner.STRING || !scanner.readString() || scanner.valueEscaped())
                {
                    return -1;
                }
                final int coin = scanner.valueLookup(coinIndex);
                return coin == AsciiSymbolMap.MISSING ? -1 : coin;
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
        return subscribe && stream >= 0 && !scanner.error() ? ack(requestIds[stream], true, null) : CONTROL;
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
            else if (scanner.nameEquals(COIN) && scanner.peek() == JsonScanner.STRING && scanner.readString() && !scanner.valueEscaped())
            {
                coin = scanner.valueLookup(coinIndex);
            }
            else if (!scanner.skipValue())
            {
                return -1;
            }
        }
        return coin < 0 || (kind != KIND_CTX && kind != KIND_BOOK) ? -1 : 2 * coin + (kind == KIND_BOOK ? 1 : 0);
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
            final int coin = coinIndex.get(String.valueOf(JsonTree.text(named, "coin")));
            final int stream = coin == AsciiSymbolMap.MISSING ? -1
                : ACTIVE_ASSET_CTX.equals(type) ? 2 * coin : L2_BOOK.equals(type) ? 2 * coin + 1 : -1;
            return stream < 0 ? CONTROL : ack(requestIds[stream], false, text);
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
