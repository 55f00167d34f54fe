package io.fundingarb.connectors.kraken;

import io.fundingarb.connectors.json.JsonScanner;
import io.fundingarb.connectors.transport.PairedSubscriptions;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Kraken Futures public subscriptions as a {@link io.fundingarb.connectors.transport.WsConnection}
 * watches them (docs.kraken.com/api/docs/futures-api/websocket/ticker and .../websocket/book): one
 * stream per product and feed, {@code ticker} and {@code book}, each subscribed by its own message
 * {@code {"event":"subscribe","feed":"book","product_ids":["PF_XBTUSD"]}} and answered
 * {@code {"event":"subscribed","feed":"book","product_ids":["PF_XBTUSD"]}} (or {@code subscribed_failed}),
 * the request echoed with no request id: the answer is matched to the stream it names. Data frames
 * carry {@code feed} ({@code ticker}; {@code book_snapshot} or {@code book} for the book stream) and
 * {@code product_id}, wherever they stand in the object (a ticker starts with {@code time}), so each
 * frame is walked up to those two fields. {@code info}, {@code heartbeat}, {@code unsubscribed},
 * {@code error} and {@code alert} messages, and other feeds, are control messages ({@link KrakenParser}
 * counts the errors and alerts).
 */
public final class KrakenSubscriptions extends PairedSubscriptions
{
    static final String TICKER = "ticker";
    static final String BOOK = "book";

    private static final int KIND_NONE = 0;
    private static final int KIND_TICKER = 1;
    private static final int KIND_BOOK = 2;
    private static final int KIND_OTHER = 3;

    private static final int ANSWER_NONE = 0;
    private static final int ANSWER_OK = 1;
    private static final int ANSWER_FAILED = 2;
    private static final int ANSWER_OTHER = 3;

    private static final byte[] FEED = ascii("feed");
    private static final byte[] EVENT = ascii("event");
    private static final byte[] PRODUCT_ID = ascii("product_id");
    private static final byte[] PRODUCT_IDS = ascii("product_ids");
    private static final byte[] MESSAGE = ascii("message");
    private static final byte[] TICKER_BYTES = ascii(TICKER);
    private static final byte[] BOOK_BYTES = ascii(BOOK);
    private static final byte[] BOOK_SNAPSHOT = ascii("book_snapshot");
    private static final byte[] SUBSCRIBED = ascii("subscribed");
    private static final byte[] SUBSCRIBED_FAILED = ascii("subscribed_failed");

    /**
     * @param products        the {@code PF_} products, each subscribed to both feeds: stream {@code 2i} is product i's
     *                        {@code ticker}, {@code 2i + 1} its {@code book}.
     * @param tickerSilenceNs how long a product's ticker may be silent (0: never); the venue publishes it every second.
     * @param bookSilenceNs   how long a product's book may be silent (0: never); a quiet book sends nothing, so its
     *                        resubscribe brings a fresh snapshot.
     */
    public KrakenSubscriptions(final List<String> products, final long tickerSilenceNs, final long bookSilenceNs)
    {
        super(products, TICKER, BOOK, tickerSilenceNs, bookSilenceNs);
    }

    /** {@code {"event":..,"feed":..,"product_ids":[..]}} of one stream. */
    @Override
    public String message(final String event, final int stream)
    {
        return "{\"event\":\"" + event + "\",\"feed\":\"" + kindOf(stream) + "\",\"product_ids\":[\"" + symbolOf(stream) + "\"]}";
    }

    @Override
    protected int classifyFields()
    {
        final JsonScanner scanner = this.scanner;
        int kind = KIND_NONE;
        int answer = ANSWER_NONE;
        int product = -1;
        String reason = null;
        while (scanner.nextField())
        {
            if (scanner.nameEquals(FEED))
            {
                if (kind != KIND_NONE || scanner.peek() != JsonScanner.STRING || !scanner.readString())
                {
                    return CONTROL;
                }
                kind = kind(scanner);
            }
            else if (scanner.nameEquals(PRODUCT_ID))
            {
                if (product >= 0 || scanner.peek() != JsonScanner.STRING || !scanner.readString())
                {
                    return CONTROL;
                }
                product = symbolIndex(scanner);
            }
            else if (scanner.nameEquals(EVENT))
            {
                if (answer != ANSWER_NONE || scanner.peek() != JsonScanner.STRING || !scanner.readString())
                {
                    return CONTROL;
                }
                answer = scanner.valueEquals(SUBSCRIBED) ? ANSWER_OK : scanner.valueEquals(SUBSCRIBED_FAILED) ? ANSWER_FAILED : ANSWER_OTHER;
                if (answer == ANSWER_OTHER)
                {
                    return CONTROL; // info, unsubscribed, error, alert
                }
            }
            else if (scanner.nameEquals(PRODUCT_IDS))
            {
                if (product >= 0 || (product = firstProduct()) == -2)
                {
                    return CONTROL;
                }
            }
            else if (scanner.nameEquals(MESSAGE) && scanner.peek() == JsonScanner.STRING && scanner.readString())
            {
                reason = scanner.valueToString(); // only answers and errors carry one: rare
            }
            else if (!scanner.skipValue())
            {
                return CONTROL;
            }
            if (answer == ANSWER_NONE && product >= 0 && (kind == KIND_TICKER || kind == KIND_BOOK))
            {
                return stream(product, kind == KIND_BOOK); // a data frame: its two naming fields are read, the rest is the parser's
            }
        }
        if (scanner.error() || answer == ANSWER_NONE || product < 0 || (kind != KIND_TICKER && kind != KIND_BOOK))
        {
            return CONTROL;
        }
        return answer(stream(product, kind == KIND_BOOK), answer == ANSWER_OK, answer == ANSWER_OK ? null : reason != null ? reason : "subscribed_failed");
    }

    private static int kind(final JsonScanner scanner)
    {
        if (scanner.valueEscaped())
        {
            return KIND_OTHER;
        }
        if (scanner.valueEquals(TICKER_BYTES))
        {
            return KIND_TICKER;
        }
        return scanner.valueEquals(BOOK_BYTES) || scanner.valueEquals(BOOK_SNAPSHOT) ? KIND_BOOK : KIND_OTHER;
    }

    /** The first of a {@code product_ids} array (the one this protocol asked for), -1 if not ours, -2 if malformed. */
    private int firstProduct()
    {
        final JsonScanner scanner = this.scanner;
        if (!scanner.beginArray())
        {
            return -2;
        }
        int first = -1;
        boolean any = false;
        while (scanner.nextElement())
        {
            if (scanner.peek() != JsonScanner.STRING || !scanner.readString())
            {
                return -2;
            }
            if (!any)
            {
                first = symbolIndex(scanner);
                any = true;
            }
        }
        return scanner.error() ? -2 : first;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
