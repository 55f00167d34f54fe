package io.fundingarb.connectors.transport;

import io.fundingarb.connectors.json.AsciiSymbolMap;
import io.fundingarb.connectors.json.JsonScanner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A venue's public subscriptions of two streams per symbol, a funding one and a book one, each
 * subscribed by its own message whose answer echoes the request with no request id (Hyperliquid's
 * {@code activeAssetCtx} and {@code l2Book}, Kraken Futures' {@code ticker} and {@code book}):
 * stream {@code 2i} is symbol i's first kind, {@code 2i + 1} its second, named {@code kind:symbol}.
 * The venue's subclass writes the message of one stream ({@link #message}) and tells its frames apart
 * ({@link #classifyFields()}), answering a subscribe with {@link #answer}.
 */
public abstract class PairedSubscriptions extends SubscriptionProtocol
{
    private final List<String> symbols;
    private final String firstKind;
    private final String secondKind;
    private final AsciiSymbolMap symbolIndex;
    /** Per stream, the id the connection gave its last subscribe: the venue's answer carries none. */
    private final long[] requestIds;

    /**
     * @param symbols         the venue's symbols, each subscribed to both kinds.
     * @param firstKind       the venue's name of the first stream of a symbol (the funding one).
     * @param secondKind      the venue's name of the second (the book).
     * @param firstSilenceNs  how long a symbol's first stream may be silent (0: never).
     * @param secondSilenceNs how long its second may be silent (0: never).
     */
    protected PairedSubscriptions(
        final List<String> symbols, final String firstKind, final String secondKind, final long firstSilenceNs, final long secondSilenceNs)
    {
        super(streams(symbols, firstKind, secondKind), silences(symbols.size(), firstSilenceNs, secondSilenceNs), null, false);
        this.symbols = List.copyOf(symbols);
        this.firstKind = firstKind;
        this.secondKind = secondKind;
        this.symbolIndex = new AsciiSymbolMap(symbols.size());
        for (int i = 0; i < symbols.size(); i++)
        {
            symbolIndex.put(symbols.get(i), i);
        }
        this.requestIds = new long[2 * symbols.size()];
        Arrays.fill(requestIds, -1);
    }

    private static List<String> streams(final List<String> symbols, final String firstKind, final String secondKind)
    {
        final List<String> streams = new ArrayList<>(2 * symbols.size());
        for (final String symbol : symbols)
        {
            streams.add(firstKind + ":" + symbol);
            streams.add(secondKind + ":" + symbol);
        }
        return streams;
    }

    private static long[] silences(final int symbols, final long firstSilenceNs, final long secondSilenceNs)
    {
        final long[] silences = new long[2 * symbols];
        for (int i = 0; i < symbols; i++)
        {
            silences[2 * i] = firstSilenceNs;
            silences[2 * i + 1] = secondSilenceNs;
        }
        return silences;
    }

    /** The stream of symbol {@code index}'s second kind (its book). */
    public static int secondStream(final int index)
    {
        return 2 * index + 1;
    }

    /** The stream of symbol {@code symbol}'s first ({@code second} false) or second kind. */
    protected static int stream(final int symbol, final boolean second)
    {
        return 2 * symbol + (second ? 1 : 0);
    }

    /** The venue takes one subscription a message, so an answer names exactly one stream. */
    @Override
    public final int streamsPerRequest()
    {
        return 1;
    }

    @Override
    public final String subscribeMessage(final int[] streams, final int count, final long requestId)
    {
        requestIds[streams[0]] = requestId;
        return message("subscribe", streams[0]);
    }

    @Override
    public final String unsubscribeMessage(final int[] streams, final int count, final long requestId)
    {
        return message("unsubscribe", streams[0]);
    }

    /** The venue's request {@code method} ("subscribe", "unsubscribe") of one stream. */
    public abstract String message(String method, int stream);

    /** The symbol of a stream. */
    protected final String symbolOf(final int stream)
    {
        return symbols.get(stream >> 1);
    }

    /** The venue's kind name of a stream. */
    protected final String kindOf(final int stream)
    {
        return (stream & 1) == 0 ? firstKind : secondKind;
    }

    /** The index of the symbol the scanner's current string value names, or -1 (escaped or not subscribed). */
    protected final int symbolIndex(final JsonScanner scanner)
    {
        if (scanner.valueEscaped())
        {
            return -1;
        }
        final int index = scanner.valueLookup(symbolIndex);
        return index == AsciiSymbolMap.MISSING ? -1 : index;
    }

    /** The index of {@code symbol}, or -1. */
    protected final int symbolIndex(final String symbol)
    {
        final int index = symbolIndex.get(symbol);
        return index == AsciiSymbolMap.MISSING ? -1 : index;
    }

    /** The venue's answer to {@code stream}'s last subscribe: {@link #ACK}. */
    protected final int answer(final int stream, final boolean success, final String message)
    {
        return ack(requestIds[stream], success, message);
    }
}
