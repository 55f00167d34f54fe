package io.fundingarb.connectors.kraken;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.json.AsciiSymbolMap;
import io.fundingarb.connectors.json.JsonScanner;
import io.fundingarb.connectors.parse.BookUpdatePublisher;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.parse.LevelBuffer;
import io.fundingarb.connectors.parse.MarketDataPublisher;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.agrona.DirectBuffer;

/**
 * Parses Kraken Futures public WebSocket frames ({@code wss://futures.kraken.com/ws/v1}) in place into
 * SBE events on an {@link EventSink}. Every frame is one flat object; its {@code feed} (or, for
 * answers, its {@code event}) says what it is, wherever it stands in the object:
 * <ul>
 * <li>{@code ticker} (docs.kraken.com/api/docs/futures-api/websocket/ticker): every field on every
 * message, published about once a second. The funding rate read is {@code relative_funding_rate}
 * ("the absolute funding rate relative to the spot price"), a ratio; {@code funding_rate} is an
 * absolute amount per contract (about the index price times the relative rate) and is NEVER read.
 * Kraken Futures perpetuals settle funding every hour ("funding credits/debits accumulate ...
 * settling at the end of each hour": support.kraken.com/hc/en-us/articles/4844359082772), so the
 * relative rate is the rate of one hour, interval {@value #FUNDING_INTERVAL_S} s.
 * {@code next_funding_rate_time} is the next settlement as epoch ms: the page's prose says "The time
 * until next funding rate in milliseconds", but its own example carries 1612281600000
 * (2021-02-02T16:00:00Z, a whole hour three hours after the example's {@code time} 1612270825253),
 * which as a duration would be 51 years. Zero fields are not sent ("If zero,
 * field is not populated"), so a ticker without a non-zero {@code relative_funding_rate}, or
 * without a {@code next_funding_rate_time} after its {@code time}, or without a {@code markPrice},
 * publishes NO {@code FundingUpdate}: never a rate of zero, an interval or a settlement time the
 * venue did not give. Otherwise a {@code FundingUpdate} (rate, interval, next settlement, mark
 * {@code markPrice}, index {@code index}) goes out when one of them changed; a {@code TickerUpdate}
 * (24 h volume {@code volumeQuote} in USD, {@code bid}, {@code ask}, {@code last}) when one of those
 * changed.</li>
 * <li>{@code book_snapshot} (docs.kraken.com/exchange/api-reference/futures-websocket/book):
 * {@code bids} and {@code asks} as {@code [{"price":..,"qty":..},..]}, with {@code seq} and
 * {@code timestamp} (ms) → {@code BookUpdate} SNAPSHOT ({@code sequence = seq}, {@code prevSequence = 0}).
 * Levels beyond {@value #MAX_STAGED_LEVELS} a side are checked and left out.</li>
 * <li>{@code book}: one level, {@code side} {@code buy} or {@code sell}, {@code price}, {@code qty}
 * (the new absolute quantity; 0 removes the level), {@code seq} → {@code BookUpdate} DELTA with
 * {@code prevSequence} = the previous {@code seq}. Kraken documents {@code seq} only as "the
 * subscription message sequence number" (docs.kraken.com/api/docs/futures-api/websocket/book, snapshot
 * and delta alike); this parser takes it to grow by one per message of a product's book subscription
 * (cryptofeed's Kraken Futures book handler checks the live feed the same way; a wrong guess would cost
 * resubscribes, never a wrong book) and treats anything else as a {@link FrameResult#GAP}: the book is
 * out of sync and its deltas are {@link FrameResult#DROPPED} until the feed resubscribes and a snapshot
 * arrives ({@link KrakenFeed}). Deltas before the first snapshot are DROPPED.</li>
 * <li>{@code heartbeat}, other feeds ({@code trade}, {@code ticker_lite}, ...) and answers
 * ({@code {"event":"info"|"subscribed"|"error"|"alert",..}}): {@link FrameResult#IGNORED}, heartbeats and
 * errors counted apart.</li>
 * </ul>
 * <p>Validation at the boundary, each failure a {@link FrameResult#MALFORMED} frame of which nothing
 * is merged or published: no {@code product_id} or {@code feed}; a field this parser reads given
 * twice; a number that is not a plain decimal (the 24 h volume saturates instead); a rate beyond
 * {@value #MAX_RATE_PERCENT} % an hour; a mark, index, bid, ask or last below zero; a book frame
 * without {@code seq}; a level with a price not above zero or a negative quantity; a delta without
 * {@code side}, {@code price} or {@code qty}, or whose side is neither {@code buy} nor {@code sell}.
 * A product not registered ({@code PI_} inverse contracts are never registered) is
 * {@link FrameResult#UNKNOWN_SYMBOL}.
 *
 * <p>Results are {@link FrameResult} codes, each counted. Single-threaded; allocation free after
 * start-up. Register the {@code PF_} products at start-up with {@link #addInstrument(String, int)}.
 */
public final class KrakenParser
{
    /** Kraken Futures perpetuals settle funding every hour (support.kraken.com/hc/en-us/articles/4844359082772). */
    public static final int FUNDING_INTERVAL_S = 3600;
    /** Sanity bound of the relative rate, per hour: far above any documented {@code maxRelativeFundingRate} (0.001). */
    public static final int MAX_RATE_PERCENT = 1;
    /** Staging capacity per side of a snapshot. */
    public static final int MAX_STAGED_LEVELS = 500;

    private static final long NS_PER_MS = 1_000_000L;
    private static final long MAX_TIME_MS = Long.MAX_VALUE / NS_PER_MS;
    private static final long MAX_RATE = MAX_RATE_PERCENT * FixedPoint.SCALE / 100;

    private static final int FEED_NONE = 0;
    private static final int FEED_OTHER = 1;
    private static final int FEED_TICKER = 2;
    private static final int FEED_SNAPSHOT = 3;
    private static final int FEED_BOOK = 4;
    private static final int FEED_HEARTBEAT = 5;

    private static final int SIDE_NONE = 0;
    private static final int SIDE_BUY = 1;
    private static final int SIDE_SELL = 2;

    // staged fields: decimals, then integers; state per instrument keeps the first FIELDS
    private static final int F_RATE = 0;
    private static final int F_NEXT_NS = 1;
    private static final int F_MARK = 2;
    private static final int F_INDEX = 3;
    private static final int F_VOLUME = 4;
    private static final int F_BID = 5;
    private static final int F_ASK = 6;
    private static final int F_LAST = 7;
    private static final int FIELDS = 8;
    private static final int F_PRICE = 8;
    private static final int F_QTY = 9;
    private static final int F_TIME = 10;
    private static final int F_TIMESTAMP = 11;
    private static final int F_SEQ = 12;
    private static final int F_NEXT_MS = 13;
    private static final int STAGED = 14;
    private static final int FUNDING_FIELDS = (1 << F_RATE) | (1 << F_NEXT_NS) | (1 << F_MARK) | (1 << F_INDEX);
    private static final int TICKER_FIELDS = (1 << F_VOLUME) | (1 << F_BID) | (1 << F_ASK) | (1 << F_LAST);

    // other fields, for duplicate detection
    private static final int B_FEED = 1 << 20;
    private static final int B_EVENT = 1 << 21;
    private static final int B_PRODUCT = 1 << 22;
    private static final int B_SIDE = 1 << 23;
    private static final int B_BIDS = 1 << 24;
    private static final int B_ASKS = 1 << 25;

    private static final byte[] FEED = ascii("feed");
    private static final byte[] EVENT = ascii("event");
    private static final byte[] PRODUCT_ID = ascii("product_id");
    private static final byte[] SIDE = ascii("side");
    private static final byte[] BIDS = ascii("bids");
    private static final byte[] ASKS = ascii("asks");
    private static final byte[] PRICE = ascii("price");
    private static final byte[] QTY = ascii("qty");
    private static final byte[] TIME = ascii("time");
    private static final byte[] TIMESTAMP = ascii("timestamp");
    private static final byte[] SEQ = ascii("seq");
    private static final byte[] RELATIVE_FUNDING_RATE = ascii("relative_funding_rate");
    private static final byte[] NEXT_FUNDING_RATE_TIME = ascii("next_funding_rate_time");
    private static final byte[] MARK_PRICE = ascii("markPrice");
    private static final byte[] INDEX = ascii("index");
    private static final byte[] VOLUME_QUOTE = ascii("volumeQuote");
    private static final byte[] BID = ascii("bid");
    private static final byte[] ASK = ascii("ask");
    private static final byte[] LAST = ascii("last");
    private static final byte[] TICKER = ascii("ticker");
    private static final byte[] BOOK_SNAPSHOT = ascii("book_snapshot");
    private static final byte[] BOOK = ascii("book");
    private static final byte[] HEARTBEAT = ascii("heartbeat");
    private static final byte[] BUY = ascii("buy");
    private static final byte[] SELL = ascii("sell");
    private static final byte[] ERROR = ascii("error");
    private static final byte[] ALERT = ascii("alert");

    private final JsonScanner scanner = new JsonScanner();
    private final AsciiSymbolMap symbols = new AsciiSymbolMap(64);
    private final BookUpdatePublisher books;
    private final MarketDataPublisher marketData;
    private final LevelBuffer bids = new LevelBuffer(MAX_STAGED_LEVELS);
    private final LevelBuffer asks = new LevelBuffer(MAX_STAGED_LEVELS);
    private final long[] staged = new long[STAGED];
    private final long[] counts = new long[FrameResult.COUNT];

    private int[] instrumentIds = new int[16];
    private long[] state = new long[16 * FIELDS];
    private long[] lastSeqs = new long[16];
    private boolean[] bookSynced = new boolean[16];
    private int instrumentCount;
    private long heartbeats;
    private long errors;
    private long gaps;
    private long leftOutLevels;

    // the frame in hand
    private int lastInstrumentIndex = -1;
    private int feed;
    private boolean event;
    private boolean errorEvent;
    private int side;
    private int symbolIndex;
    private int seen;

    /**
     * @param sink             where events go.
     * @param maxLevelsPerSide cap of book levels per side per message (lowered to what fits a slot).
     */
    public KrakenParser(final EventSink sink, final int maxLevelsPerSide)
    {
        this.books = new BookUpdatePublisher(sink, Venue.KRAKEN, maxLevelsPerSide);
        this.marketData = new MarketDataPublisher(sink, Venue.KRAKEN);
        this.marketData.capacity(instrumentIds.length);
    }

    /** As many levels per side as fit a slot. */
    public KrakenParser(final EventSink sink)
    {
        this(sink, Integer.MAX_VALUE);
    }

    // ------------------------------------------------------------------ start-up

    /**
     * Registers a product id ("PF_XBTUSD"); start-up only, may allocate.
     *
     * @return the product's local index.
     */
    public int addInstrument(final String productId, final int instrumentId)
    {
        final int existing = symbols.get(productId);
        if (existing != AsciiSymbolMap.MISSING)
        {
            instrumentIds[existing] = instrumentId;
            return existing;
        }
        if (instrumentCount == instrumentIds.length)
        {
            final int capacity = instrumentCount * 2;
            instrumentIds = Arrays.copyOf(instrumentIds, capacity);
            state = Arrays.copyOf(state, capacity * FIELDS);
            lastSeqs = Arrays.copyOf(lastSeqs, capacity);
            bookSynced = Arrays.copyOf(bookSynced, capacity);
            marketData.capacity(capacity);
        }
        final int index = instrumentCount++;
        instrumentIds[index] = instrumentId;
        Arrays.fill(state, index * FIELDS, (index + 1) * FIELDS, FixedPoint.NULL);
        symbols.put(productId, index);
        return index;
    }

    /** The local index of a registered product, or -1. */
    public int instrumentIndex(final String productId)
    {
        return symbols.get(productId);
    }

    public int instrumentCount()
    {
        return instrumentCount;
    }

    public int instrumentId(final int instrumentIndex)
    {
        return instrumentIds[instrumentIndex];
    }

    /** True while the product's book has a snapshot and no gap since. */
    public boolean bookSynced(final int instrumentIndex)
    {
        return bookSynced[instrumentIndex];
    }

    /**
     * Forgets what was published and the books (on reconnect): deltas are dropped until new snapshots. The 24 h
     * volume is kept (it may come from the REST tickers, polled far less often than a reconnect).
     */
    public void reset()
    {
        for (int i = 0; i < instrumentCount; i++)
        {
            final long volume = state[i * FIELDS + F_VOLUME];
            Arrays.fill(state, i * FIELDS, (i + 1) * FIELDS, FixedPoint.NULL);
            state[i * FIELDS + F_VOLUME] = volume;
        }
        Arrays.fill(bookSynced, false);
    }

    // ------------------------------------------------------------------ counters

    public long count(final int result)
    {
        return counts[result];
    }

    public long heartbeats()
    {
        return heartbeats;
    }

    /** {@code {"event":"error",..}} and {@code {"event":"alert",..}} messages: the venue refused a request or warns. */
    public long errors()
    {
        return errors;
    }

    public long gaps()
    {
        return gaps;
    }

    /** Funding and ticker updates the full ring refused (kept and published later, the latest per product). */
    public long keptUpdates()
    {
        return marketData.kept();
    }

    /** Snapshot levels beyond {@link #MAX_STAGED_LEVELS} a side, checked and left out. */
    public long leftOutLevels()
    {
        return leftOutLevels;
    }

    public long truncatedSnapshots()
    {
        return books.truncatedSnapshots();
    }

    public int maxLevelsPerSide()
    {
        return books.maxLevelsPerSide();
    }

    /** Local index of the product of the last frame, or -1. */
    public int lastInstrumentIndex()
    {
        return lastInstrumentIndex;
    }

    // ------------------------------------------------------------------ frames

    /**
     * Parses one WebSocket text frame.
     *
     * @param tsInitNs when the frame was received (stamped on every event).
     * @return a {@link FrameResult} code.
     */
    public int onFrame(final DirectBuffer buffer, final int offset, final int length, final long tsInitNs)
    {
        if (marketData.hasPending())
        {
            marketData.flush(tsInitNs); // updates the full ring refused go first
        }
        final int result = parseFrame(buffer, offset, length, tsInitNs);
        counts[result]++;
        return result;
    }

    private int parseFrame(final DirectBuffer buffer, final int offset, final int length, final long tsInitNs)
    {
        lastInstrumentIndex = -1;
        feed = FEED_NONE;
        event = false;
        errorEvent = false;
        side = SIDE_NONE;
        symbolIndex = AsciiSymbolMap.MISSING;
        seen = 0;
        bids.clear();
        asks.clear();
        final JsonScanner scanner = this.scanner;
        scanner.wrap(buffer, offset, length);
        if (!scanner.beginObject())
        {
            return FrameResult.MALFORMED;
        }
        while (scanner.nextField())
        {
            if (!readField(scanner))
            {
                return FrameResult.MALFORMED;
            }
        }
        if (scanner.error() || !scanner.end())
        {
            return FrameResult.MALFORMED;
        }
        if (event)
        {
            if (errorEvent)
            {
                errors++;
            }
            return FrameResult.IGNORED;
        }
        switch (feed)
        {
            case FEED_NONE:
                return FrameResult.MALFORMED;
            case FEED_HEARTBEAT:
                heartbeats++;
                return FrameResult.IGNORED;
            case FEED_OTHER:
                return FrameResult.IGNORED;
            default:
                break;
        }
        if ((seen & B_PRODUCT) == 0)
        {
            return FrameResult.MALFORMED;
        }
        if (feed != FEED_BOOK && side != SIDE_NONE || feed != FEED_SNAPSHOT && (seen & (B_BIDS | B_ASKS)) != 0)
        {
            return FrameResult.MALFORMED; // fields of another feed
        }
        if (symbolIndex < 0)
        {
            return FrameResult.UNKNOWN_SYMBOL;
        }
        lastInstrumentIndex = symbolIndex;
        switch (feed)
        {
            case FEED_TICKER:
                return onTicker(tsInitNs);
            case FEED_SNAPSHOT:
                return onSnapshot(tsInitNs);
            default:
                return onDelta(tsInitNs);
        }
    }

    /** One top-level field, staged; false if malformed. */
    private boolean readField(final JsonScanner scanner)
    {
        final int field = numericField(scanner);
        if (field >= 0)
        {
            return stage(scanner, field);
        }
        if (scanner.nameEquals(FEED))
        {
            if (!once(B_FEED) || !scanner.readString())
            {
                return false;
            }
            feed = feed(scanner);
            return true;
        }
        if (scanner.nameEquals(EVENT))
        {
            if (!once(B_EVENT) || !scanner.readString())
            {
                return false;
            }
            event = true;
            errorEvent = !scanner.valueEscaped() && (scanner.valueEquals(ERROR) || scanner.valueEquals(ALERT));
            return true;
        }
        if (scanner.nameEquals(PRODUCT_ID))
        {
            if (!once(B_PRODUCT) || !scanner.readString())
            {
                return false;
            }
            symbolIndex = scanner.valueEscaped() ? AsciiSymbolMap.MISSING : scanner.valueLookup(symbols);
            return true;
        }
        if (scanner.nameEquals(SIDE))
        {
            if (!once(B_SIDE) || !scanner.readString() || scanner.valueEscaped())
            {
                return false;
            }
            side = scanner.valueEquals(BUY) ? SIDE_BUY : scanner.valueEquals(SELL) ? SIDE_SELL : SIDE_NONE;
            return side != SIDE_NONE;
        }
        final boolean isBids = scanner.nameEquals(BIDS);
        if (isBids || scanner.nameEquals(ASKS))
        {
            return once(isBids ? B_BIDS : B_ASKS) && stageSide(scanner, isBids ? bids : asks);
        }
        return scanner.skipValue();
    }

    private boolean once(final int bit)
    {
        if ((seen & bit) != 0)
        {
            return false;
        }
        seen |= bit;
        return true;
    }

    private static int feed(final JsonScanner scanner)
    {
        if (scanner.valueEscaped())
        {
            return FEED_OTHER;
        }
        if (scanner.valueEquals(TICKER))
        {
            return FEED_TICKER;
        }
        if (scanner.valueEquals(BOOK))
        {
            return FEED_BOOK;
        }
        if (scanner.valueEquals(BOOK_SNAPSHOT))
        {
            return FEED_SNAPSHOT;
        }
        return scanner.valueEquals(HEARTBEAT) ? FEED_HEARTBEAT : FEED_OTHER;
    }

    private static int numericField(final JsonScanner scanner)
    {
        switch (scanner.nameLength())
        {
            case 3:
                return scanner.nameEquals(BID) ? F_BID : scanner.nameEquals(ASK) ? F_ASK : scanner.nameEquals(QTY) ? F_QTY
                    : scanner.nameEquals(SEQ) ? F_SEQ : -1;
            case 4:
                return scanner.nameEquals(LAST) ? F_LAST : scanner.nameEquals(TIME) ? F_TIME : -1;
            case 5:
                return scanner.nameEquals(PRICE) ? F_PRICE : scanner.nameEquals(INDEX) ? F_INDEX : -1;
            case 9:
                return scanner.nameEquals(MARK_PRICE) ? F_MARK : scanner.nameEquals(TIMESTAMP) ? F_TIMESTAMP : -1;
            case 11:
                return scanner.nameEquals(VOLUME_QUOTE) ? F_VOLUME : -1;
            case 21:
                return scanner.nameEquals(RELATIVE_FUNDING_RATE) ? F_RATE : -1;
            case 22:
                return scanner.nameEquals(NEXT_FUNDING_RATE_TIME) ? F_NEXT_MS : -1;
            default:
                return -1;
        }
    }

    /** A number field: decimals at 1e-9, times and seq as integers; null is absent. */
    private boolean stage(final JsonScanner scanner, final int field)
    {
        if (!once(1 << field))
        {
            return false;
        }
        final boolean integer = field >= F_TIME;
        long value = integer ? scanner.readLong() : scanner.readFixed();
        if (scanner.error())
        {
            return false;
        }
        if (scanner.valueType() == JsonScanner.NULL)
        {
            seen &= ~(1 << field); // absent
            return true;
        }
        if (integer)
        {
            return value != JsonScanner.NULL_LONG && value >= 0 && value <= MAX_TIME_MS && (staged[field] = value) >= 0;
        }
        if (value == FixedPoint.NULL && (field != F_VOLUME || (value = scanner.valueFixedSaturating()) == FixedPoint.NULL))
        {
            return false;
        }
        staged[field] = value;
        return true;
    }

    /** {@code [{"price":..,"qty":..},..]}. */
    private boolean stageSide(final JsonScanner scanner, final LevelBuffer levels)
    {
        if (!scanner.beginArray())
        {
            return false;
        }
        final int leftOut = levels.readObjectLevels(scanner, PRICE, QTY);
        leftOutLevels += Math.max(leftOut, 0);
        return leftOut >= 0;
    }

    private boolean has(final int field)
    {
        return (seen & (1 << field)) != 0;
    }

    private int onTicker(final long tsInitNs)
    {
        final long[] staged = this.staged;
        for (int field = F_MARK; field <= F_LAST; field++)
        {
            if (has(field) && staged[field] < 0)
            {
                return FrameResult.MALFORMED;
            }
        }
        if (has(F_RATE) && (staged[F_RATE] > MAX_RATE || staged[F_RATE] < -MAX_RATE))
        {
            return FrameResult.MALFORMED;
        }
        final long timeMs = has(F_TIME) ? staged[F_TIME] : JsonScanner.NULL_LONG;
        final long tsEventNs = timeMs > 0 ? timeMs * NS_PER_MS : tsInitNs;
        // zero means "not populated" (the docs): neither a rate, a settlement time nor a price
        final boolean funding = has(F_RATE) && staged[F_RATE] != 0
            && has(F_NEXT_MS) && staged[F_NEXT_MS] > 0 && (timeMs <= 0 || staged[F_NEXT_MS] > timeMs)
            && has(F_MARK) && staged[F_MARK] > 0;
        int fields = 0;
        if (funding)
        {
            staged[F_NEXT_NS] = staged[F_NEXT_MS] * NS_PER_MS;
            fields |= (1 << F_RATE) | (1 << F_NEXT_NS) | (1 << F_MARK);
            if (has(F_INDEX) && staged[F_INDEX] > 0)
            {
                fields |= 1 << F_INDEX;
            }
        }
        for (int field = F_VOLUME; field <= F_LAST; field++)
        {
            if (has(field) && (staged[field] > 0 || field == F_VOLUME))
            {
                fields |= 1 << field;
            }
        }
        final int base = symbolIndex * FIELDS;
        final long[] state = this.state;
        int changed = 0;
        for (int field = 0; field < FIELDS; field++)
        {
            if ((fields & (1 << field)) != 0 && state[base + field] != staged[field])
            {
                state[base + field] = staged[field];
                changed |= 1 << field;
            }
        }
        boolean published = false;
        boolean kept = false;
        final int instrumentId = instrumentIds[symbolIndex];
        if ((changed & FUNDING_FIELDS) != 0)
        {
            final boolean sent = marketData.funding(symbolIndex, tsInitNs, tsEventNs, instrumentId, state[base + F_RATE], FUNDING_INTERVAL_S,
                state[base + F_NEXT_NS], state[base + F_MARK], state[base + F_INDEX]);
            published |= sent;
            kept |= !sent;
        }
        if ((changed & TICKER_FIELDS) != 0)
        {
            final boolean sent = marketData.ticker(symbolIndex, tsInitNs, tsEventNs, instrumentId, state[base + F_VOLUME],
                state[base + F_BID], state[base + F_ASK], state[base + F_LAST]);
            published |= sent;
            kept |= !sent;
        }
        if (kept)
        {
            return FrameResult.RING_FULL;
        }
        return published ? FrameResult.PUBLISHED : FrameResult.IGNORED;
    }

    /**
     * The 24 h quote volume of a product from the REST tickers ({@code volumeQuote}, USD): kept as the product's
     * volume and published as a {@code TickerUpdate} when it changed (coalesced like a ticker frame's when the ring
     * is full). A WebSocket ticker carrying {@code volumeQuote} replaces it.
     *
     * @return a {@link FrameResult} code (not counted: not a frame).
     */
    public int onVolume(final int instrumentIndex, final long volumeQuote, final long tsInitNs)
    {
        if (volumeQuote == FixedPoint.NULL || volumeQuote < 0)
        {
            return FrameResult.IGNORED;
        }
        if (marketData.hasPending())
        {
            marketData.flush(tsInitNs);
        }
        final int base = instrumentIndex * FIELDS;
        if (state[base + F_VOLUME] == volumeQuote)
        {
            return FrameResult.IGNORED;
        }
        state[base + F_VOLUME] = volumeQuote;
        return marketData.ticker(instrumentIndex, tsInitNs, tsInitNs, instrumentIds[instrumentIndex], volumeQuote, state[base + F_BID],
            state[base + F_ASK], state[base + F_LAST]) ? FrameResult.PUBLISHED : FrameResult.RING_FULL;
    }

    private long bookEventNs(final long tsInitNs)
    {
        return has(F_TIMESTAMP) && staged[F_TIMESTAMP] > 0 ? staged[F_TIMESTAMP] * NS_PER_MS : tsInitNs;
    }

    private int onSnapshot(final long tsInitNs)
    {
        if (!has(F_SEQ))
        {
            return FrameResult.MALFORMED;
        }
        final long seq = staged[F_SEQ];
        if (!books.publishSnapshot(tsInitNs, bookEventNs(tsInitNs), instrumentIds[symbolIndex], seq, 0, bids, asks))
        {
            bookSynced[symbolIndex] = false; // the engine never saw this snapshot: resubscribe for another
            return FrameResult.RING_FULL;
        }
        lastSeqs[symbolIndex] = seq;
        bookSynced[symbolIndex] = true;
        return FrameResult.PUBLISHED;
    }

    private int onDelta(final long tsInitNs)
    {
        if (!has(F_SEQ) || side == SIDE_NONE || !has(F_PRICE) || !has(F_QTY) || staged[F_PRICE] <= 0 || staged[F_QTY] < 0)
        {
            return FrameResult.MALFORMED;
        }
        if (!bookSynced[symbolIndex])
        {
            return FrameResult.DROPPED;
        }
        final long seq = staged[F_SEQ];
        final long previous = lastSeqs[symbolIndex];
        if (seq != previous + 1)
        {
            bookSynced[symbolIndex] = false;
            gaps++;
            return FrameResult.GAP;
        }
        (side == SIDE_BUY ? bids : asks).add(staged[F_PRICE], staged[F_QTY]);
        if (books.publishDelta(tsInitNs, bookEventNs(tsInitNs), instrumentIds[symbolIndex], seq, previous, bids, asks) < 0)
        {
            bookSynced[symbolIndex] = false; // the engine's book missed this delta: resubscribe for a snapshot
            return FrameResult.RING_FULL;
        }
        lastSeqs[symbolIndex] = seq;
        return FrameResult.PUBLISHED;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
