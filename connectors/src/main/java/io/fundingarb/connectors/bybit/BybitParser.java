package io.fundingarb.connectors.bybit;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.json.AsciiSymbolMap;
import io.fundingarb.connectors.json.CompactJsonCursor;
import io.fundingarb.connectors.json.JsonScanner;
import io.fundingarb.connectors.parse.BookUpdatePublisher;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.parse.LevelBuffer;
import io.fundingarb.connectors.parse.MarketDataPublisher;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.agrona.DirectBuffer;

/**
 * Parses Bybit v5 public (linear) frames in place into SBE events on an {@link EventSink}.
 * <ul>
 * <li>{@code tickers.{symbol}}: a snapshot, then deltas carrying only the fields that changed,
 * MERGED into per-instrument state. A {@code FundingUpdate} (the merged rate, next funding time,
 * interval, mark and index) is published when the rate, next funding time, interval or mark
 * changed and rate and next funding time are known; a {@code TickerUpdate} (turnover24h, bid1,
 * ask1, last) when one of those changed. The interval is {@code fundingIntervalHour} from the
 * ticker, else the instruments-info {@code fundingInterval} given at registration, else 8 h.
 * Deltas before the first snapshot are {@link FrameResult#DROPPED}.</li>
 * <li>{@code orderbook.{depth}.{symbol}}: {@code snapshot} (or any message with {@code u == 1},
 * sent after a venue restart) → {@code BookUpdate} SNAPSHOT with {@code sequence = u},
 * {@code prevSequence = 0}; {@code delta} → DELTA with {@code prevSequence} = the previous
 * {@code u}, which must be {@code u - 1} (Bybit's update id grows by one per message of a topic)
 * else {@link FrameResult#GAP}: the book is out of sync and deltas are dropped until the feed
 * resubscribes and a snapshot arrives. Subscribe one depth per symbol.</li>
 * <li>Everything else (trades, klines, liquidations, subscribe acks, pongs) is
 * {@link FrameResult#IGNORED}.</li>
 * </ul>
 * <p>Validation at the boundary, each failure a {@link FrameResult#MALFORMED} frame of which nothing
 * is merged or published (the previous values stay): a book level with a price not above zero or a
 * negative size ({@link LevelBuffer}); a {@code nextFundingTime} not after the frame's {@code ts}
 * (a settlement time of 0 or in the past is never published); a {@code fundingIntervalHour} that
 * is not a whole number of hours from {@value #MIN_FUNDING_INTERVAL_H} to
 * {@value #MAX_FUNDING_INTERVAL_H}; a field this parser reads given twice in one object (fields it
 * does not read are skipped unchecked).
 *
 * <p>Results are {@link FrameResult} codes, each counted. Single-threaded; allocation free after
 * start-up. Register instruments at start-up with {@link #addInstrument(String, int, int)}.
 *
 * <p>A ticker frame in the compact form Bybit sends ({@code {"topic":"tickers.} first, no
 * whitespace, no escapes) is read on a fast path, {@link CompactJsonCursor}: one call per field,
 * name and value together. Anything that path does not take (an unknown symbol, a malformed
 * value, another field order, whitespace) is parsed by the general {@link JsonScanner} walk,
 * which alone judges validity; both publish the same events for the same frame
 * (BybitCompactPathTest). {@link #compactFrames()} counts the frames read on the fast path.
 */
public final class BybitParser
{
    /** Interval used when neither the ticker nor the instruments-info gives one. */
    public static final int DEFAULT_FUNDING_INTERVAL_S = 8 * 3600;

    /**
     * The funding intervals Bybit documents, in hours: 1 h when a rate hits its cap, else 2, 4 or 8 h
     * (Bybit, "dynamic settlement frequency for perpetual contracts", 2025-10-29,
     * https://www.prnewswire.com/in/news-releases/bybit-launches-dynamic-settlement-frequency-system-for-perpetual-contracts-302598201.html;
     * the v5 instruments-info {@code fundingInterval}, in minutes, of the recorded linear response in
     * shared/data/feeds/bybit holds 60, 240 and 480). A ticker's {@code fundingIntervalHour} outside
     * 1..8 whole hours is malformed: unbounded, it overflowed the interval in seconds above ~596,523 h.
     */
    public static final int MIN_FUNDING_INTERVAL_H = 1;
    public static final int MAX_FUNDING_INTERVAL_H = 8;

    /** Staging capacity per side (the deepest Bybit book has 1000 levels). */
    public static final int MAX_STAGED_LEVELS = 2000;

    private static final long NS_PER_MS = 1_000_000L;

    private static final int CHANNEL_NONE = 0;
    private static final int CHANNEL_OTHER = 1;
    private static final int CHANNEL_TICKERS = 2;
    private static final int CHANNEL_BOOK = 3;

    // merged ticker fields
    private static final int F_MARK = 0;
    private static final int F_INDEX = 1;
    private static final int F_RATE = 2;
    private static final int F_NEXT_MS = 3;
    private static final int F_INTERVAL_H = 4;
    private static final int F_TURNOVER = 5;
    private static final int F_BID = 6;
    private static final int F_ASK = 7;
    private static final int F_LAST = 8;
    private static final int FIELDS = 9;
    private static final int FUNDING_FIELDS = (1 << F_RATE) | (1 << F_NEXT_MS) | (1 << F_INTERVAL_H) | (1 << F_MARK);
    private static final int TICKER_FIELDS = (1 << F_TURNOVER) | (1 << F_BID) | (1 << F_ASK) | (1 << F_LAST);

    // the frame's header fields, one bit each, to find one given twice
    private static final int H_TOPIC = 1;
    private static final int H_TYPE = 2;
    private static final int H_TS = 4;

    /** {@link #compactTicker()} did not take the frame: the general walk parses it. */
    private static final int NOT_COMPACT = -1;

    private static final byte[] TICKER_FRAME_PREFIX = ascii("{\"topic\":\"tickers.");
    private static final byte[] TOPIC = ascii("topic");
    private static final byte[] TYPE = ascii("type");
    private static final byte[] TS = ascii("ts");
    private static final byte[] DATA = ascii("data");
    private static final long TOPIC_WORD = CompactJsonCursor.nameWord(TOPIC);
    private static final long TYPE_WORD = CompactJsonCursor.nameWord(TYPE);
    private static final long TS_WORD = CompactJsonCursor.nameWord(TS);
    private static final long DATA_WORD = CompactJsonCursor.nameWord(DATA);
    private static final byte[] SNAPSHOT = ascii("snapshot");
    private static final byte[] TICKERS_PREFIX = ascii("tickers.");
    private static final byte[] ORDERBOOK_PREFIX = ascii("orderbook.");
    private static final byte[] B = ascii("b");
    private static final byte[] A = ascii("a");
    private static final byte[] U = ascii("u");
    private static final byte[] MARK_PRICE = ascii("markPrice");
    private static final byte[] BID1_PRICE = ascii("bid1Price");
    private static final byte[] ASK1_PRICE = ascii("ask1Price");
    private static final byte[] LAST_PRICE = ascii("lastPrice");
    private static final byte[] INDEX_PRICE = ascii("indexPrice");
    private static final byte[] FUNDING_RATE = ascii("fundingRate");
    private static final byte[] TURNOVER_24H = ascii("turnover24h");
    private static final byte[] NEXT_FUNDING_TIME = ascii("nextFundingTime");
    private static final byte[] FUNDING_INTERVAL_HOUR = ascii("fundingIntervalHour");
    /** The name of each merged ticker field, by field index. */
    private static final byte[][] TICKER_FIELD_NAMES = {
        MARK_PRICE, INDEX_PRICE, FUNDING_RATE, NEXT_FUNDING_TIME, FUNDING_INTERVAL_HOUR, TURNOVER_24H, BID1_PRICE, ASK1_PRICE, LAST_PRICE};

    private final JsonScanner scanner = new JsonScanner();
    private final JsonScanner deferred = new JsonScanner();
    private final CompactJsonCursor compact = new CompactJsonCursor();
    private final AsciiSymbolMap symbols = new AsciiSymbolMap(64);
    private final BookUpdatePublisher books;
    private final MarketDataPublisher marketData;
    private final LevelBuffer bids = new LevelBuffer(MAX_STAGED_LEVELS);
    private final LevelBuffer asks = new LevelBuffer(MAX_STAGED_LEVELS);
    private final long[] staged = new long[FIELDS];
    private final long[] counts = new long[FrameResult.COUNT];

    private int[] instrumentIds = new int[16];
    private int[] fallbackIntervalsS = new int[16];
    private long[] tickerState = new long[16 * FIELDS];
    private boolean[] tickerSeen = new boolean[16];
    private long[] lastUpdateIds = new long[16];
    private boolean[] bookSynced = new boolean[16];
    private int instrumentCount;
    private long gaps;
    private long compactFrames;

    // the frame in hand
    private long tsInitNs;
    private int lastInstrumentIndex = -1;
    private int channel;
    private int symbolIndex;
    private boolean snapshot;
    private long tsMs;
    private int stagedMask;
    /** Ticker fields read in the data object in hand (empty values included): a second one is malformed. */
    private int seenMask;
    private long updateId;
    private boolean hasBids;
    private boolean hasAsks;
    private boolean levelsOverflow;

    /**
     * @param sink             where events go.
     * @param maxLevelsPerSide cap of book levels per side per message (lowered to what fits a slot).
     */
    public BybitParser(final EventSink sink, final int maxLevelsPerSide)
    {
        this.books = new BookUpdatePublisher(sink, Venue.BYBIT, maxLevelsPerSide);
        this.marketData = new MarketDataPublisher(sink, Venue.BYBIT);
        this.marketData.capacity(instrumentIds.length);
    }

    /** As many levels per side as fit a slot. */
    public BybitParser(final EventSink sink)
    {
        this(sink, Integer.MAX_VALUE);
    }

    // ------------------------------------------------------------------ start-up

    /**
     * Registers a venue symbol (start-up only; may allocate).
     *
     * @param fallbackIntervalS the instruments-info {@code fundingInterval} in seconds (minutes × 60),
     *                          used until a ticker gives {@code fundingIntervalHour}; 0 for unknown (8 h),
     *                          as is anything but whole hours from {@value #MIN_FUNDING_INTERVAL_H} to
     *                          {@value #MAX_FUNDING_INTERVAL_H}.
     * @return the instrument's local index.
     */
    public int addInstrument(final String symbol, final int instrumentId, final int fallbackIntervalS)
    {
        final int fallbackS = fallbackIntervalS % 3600 == 0
            && fallbackIntervalS >= MIN_FUNDING_INTERVAL_H * 3600 && fallbackIntervalS <= MAX_FUNDING_INTERVAL_H * 3600 ? fallbackIntervalS : 0;
        final int existing = symbols.get(symbol);
        if (existing != AsciiSymbolMap.MISSING)
        {
            instrumentIds[existing] = instrumentId;
            fallbackIntervalsS[existing] = fallbackS;
            return existing;
        }
        if (instrumentCount == instrumentIds.length)
        {
            final int capacity = instrumentCount * 2;
            instrumentIds = Arrays.copyOf(instrumentIds, capacity);
            fallbackIntervalsS = Arrays.copyOf(fallbackIntervalsS, capacity);
            tickerState = Arrays.copyOf(tickerState, capacity * FIELDS);
            tickerSeen = Arrays.copyOf(tickerSeen, capacity);
            lastUpdateIds = Arrays.copyOf(lastUpdateIds, capacity);
            bookSynced = Arrays.copyOf(bookSynced, capacity);
            marketData.capacity(capacity);
        }
        final int localIndex = instrumentCount++;
        instrumentIds[localIndex] = instrumentId;
        fallbackIntervalsS[localIndex] = fallbackS;
        Arrays.fill(tickerState, localIndex * FIELDS, (localIndex + 1) * FIELDS, FixedPoint.NULL);
        symbols.put(symbol, localIndex);
        return localIndex;
    }

    /** Registers a symbol without an instruments-info interval. */
    public int addInstrument(final String symbol, final int instrumentId)
    {
        return addInstrument(symbol, instrumentId, 0);
    }

    /** The local index of a registered symbol, or -1. */
    public int instrumentIndex(final String symbol)
    {
        return symbols.get(symbol);
    }

    public int instrumentCount()
    {
        return instrumentCount;
    }

    public int instrumentId(final int instrumentIndex)
    {
        return instrumentIds[instrumentIndex];
    }

    /** The interval a FundingUpdate of this instrument would carry now. */
    public int fundingIntervalS(final int instrumentIndex)
    {
        final long hours = tickerState[instrumentIndex * FIELDS + F_INTERVAL_H];
        if (hours != FixedPoint.NULL && hours > 0)
        {
            return (int)(hours * 3600 / FixedPoint.SCALE);
        }
        final int fallback = fallbackIntervalsS[instrumentIndex];
        return fallback > 0 ? fallback : DEFAULT_FUNDING_INTERVAL_S;
    }

    /** True while the instrument's book has a snapshot and no gap since. */
    public boolean bookSynced(final int instrumentIndex)
    {
        return bookSynced[instrumentIndex];
    }

    /** Forgets the books and tickers (on reconnect): deltas are dropped until new snapshots. */
    public void reset()
    {
        Arrays.fill(bookSynced, false);
        Arrays.fill(tickerSeen, false);
    }

    // ------------------------------------------------------------------ counters

    public long count(final int result)
    {
        return counts[result];
    }

    /** Funding and ticker updates the full ring refused (kept and published later, the latest per instrument). */
    public long keptUpdates()
    {
        return marketData.kept();
    }

    public long gaps()
    {
        return gaps;
    }

    /** Frames read on the compact fast path ({@link CompactJsonCursor}); the others took the general walk. */
    public long compactFrames()
    {
        return compactFrames;
    }

    /** Local index of the instrument of the last frame, or -1 (e.g. which topic to resubscribe after a GAP). */
    public int lastInstrumentIndex()
    {
        return lastInstrumentIndex;
    }

    public int maxLevelsPerSide()
    {
        return books.maxLevelsPerSide();
    }

    public long truncatedSnapshots()
    {
        return books.truncatedSnapshots();
    }

    public long splitDeltas()
    {
        return books.splitDeltas();
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
        this.tsInitNs = tsInitNs;
        lastInstrumentIndex = -1;
        resetFrame();
        final JsonScanner scanner = this.scanner;
        scanner.wrap(buffer, offset, length);
        if (scanner.startsWith(TICKER_FRAME_PREFIX))
        {
            final int result = compactTicker();
            if (result != NOT_COMPACT)
            {
                compactFrames++;
                return result;
            }
            resetFrame();
        }

        boolean dataSeen = false;
        boolean dataStaged = false;
        int deferredOffset = -1;
        int deferredLength = 0;
        int seenHeader = 0;
        if (!scanner.beginObject())
        {
            return FrameResult.MALFORMED;
        }
        while (scanner.nextField())
        {
            if (scanner.nameEquals(DATA))
            {
                if (dataSeen)
                {
                    return FrameResult.MALFORMED;
                }
                dataSeen = true;
                if (channel == CHANNEL_NONE)
                {
                    deferredOffset = scanner.position();
                    if (!scanner.skipValue())
                    {
                        return FrameResult.MALFORMED;
                    }
                    deferredLength = scanner.position() - deferredOffset;
                }
                else if (channel == CHANNEL_OTHER || symbolIndex < 0)
                {
                    if (!scanner.skipValue())
                    {
                        return FrameResult.MALFORMED;
                    }
                }
                else
                {
                    if (!stageData(scanner))
                    {
                        return FrameResult.MALFORMED;
                    }
                    dataStaged = true;
                }
                continue;
            }
            if (scanner.peek() == JsonScanner.OBJECT || scanner.peek() == JsonScanner.ARRAY)
            {
                if (!scanner.skipValue())
                {
                    return FrameResult.MALFORMED;
                }
                continue;
            }
            if (!scanner.readScalar())
            {
                return FrameResult.MALFORMED;
            }
            final int header = scanner.nameEquals(TOPIC) ? H_TOPIC : scanner.nameEquals(TYPE) ? H_TYPE : scanner.nameEquals(TS) ? H_TS : 0;
            if ((seenHeader & header) != 0)
            {
                return FrameResult.MALFORMED;
            }
            seenHeader |= header;
            if (header == H_TOPIC)
            {
                topic(scanner);
            }
            else if (header == H_TYPE)
            {
                snapshot = scanner.valueEquals(SNAPSHOT);
            }
            else if (header == H_TS)
            {
                tsMs = scanner.valueLong();
            }
        }
        if (!scanner.end())
        {
            return FrameResult.MALFORMED;
        }
        if (channel == CHANNEL_NONE || channel == CHANNEL_OTHER)
        {
            return FrameResult.IGNORED;
        }
        if (symbolIndex < 0)
        {
            return FrameResult.UNKNOWN_SYMBOL;
        }
        if (!dataStaged)
        {
            if (deferredOffset < 0)
            {
                return FrameResult.MALFORMED;
            }
            deferred.wrap(buffer, deferredOffset, deferredLength);
            if (!stageData(deferred) || !deferred.end())
            {
                return FrameResult.MALFORMED;
            }
        }
        lastInstrumentIndex = symbolIndex;
        return channel == CHANNEL_TICKERS ? onTicker() : onBook();
    }

    private void resetFrame()
    {
        channel = CHANNEL_NONE;
        symbolIndex = AsciiSymbolMap.MISSING;
        snapshot = false;
        tsMs = JsonScanner.NULL_LONG;
        stagedMask = 0;
        seenMask = 0;
        updateId = JsonScanner.NULL_LONG;
        hasBids = false;
        hasAsks = false;
        levelsOverflow = false;
    }

    /**
     * A ticker frame in the compact form Bybit sends, {@code topic} first and {@code data} a flat
     * object of strings, walked with the {@link CompactJsonCursor}: the frame's result, or
     * {@link #NOT_COMPACT} (with nothing published) for anything else, which the general walk then
     * parses and judges (an unknown symbol, a malformed value, another order of fields, whitespace).
     */
    private int compactTicker()
    {
        final CompactJsonCursor json = compact.wrap(scanner);
        if (!json.beginObject())
        {
            return NOT_COMPACT;
        }
        boolean dataStaged = false;
        int seenHeader = 0;
        int kind;
        while ((kind = json.nextField()) != CompactJsonCursor.END)
        {
            if (kind == CompactJsonCursor.OTHER)
            {
                kind = json.readValue();
            }
            if (kind == CompactJsonCursor.OBJECT)
            {
                if (dataStaged || channel != CHANNEL_TICKERS || symbolIndex < 0 || !json.nameIs(DATA_WORD, DATA.length) || !stageCompactTicker(json))
                {
                    return NOT_COMPACT;
                }
                dataStaged = true;
            }
            else if (kind == CompactJsonCursor.UNSUPPORTED)
            {
                return NOT_COMPACT;
            }
            else if (json.nameIs(TOPIC_WORD, TOPIC.length))
            {
                if (channel != CHANNEL_NONE || kind != CompactJsonCursor.STRING || !json.valueStartsWith(TICKERS_PREFIX))
                {
                    return NOT_COMPACT;
                }
                channel = CHANNEL_TICKERS;
                symbolIndex = json.valueSuffixLookup(symbols, (byte)'.');
            }
            else if (json.nameIs(TYPE_WORD, TYPE.length))
            {
                if ((seenHeader & H_TYPE) != 0)
                {
                    return NOT_COMPACT;
                }
                seenHeader |= H_TYPE;
                snapshot = json.valueEquals(SNAPSHOT);
            }
            else if (json.nameIs(TS_WORD, TS.length))
            {
                if ((seenHeader & H_TS) != 0)
                {
                    return NOT_COMPACT;
                }
                seenHeader |= H_TS;
                tsMs = json.valueLong();
            }
            else if (json.nameIs(DATA_WORD, DATA.length))
            {
                return NOT_COMPACT;
            }
        }
        if (!dataStaged || !json.end())
        {
            return NOT_COMPACT;
        }
        lastInstrumentIndex = symbolIndex;
        return onTicker();
    }

    /** {@link #stageTicker} on the compact cursor, inside {@code data}: false if the general walk must decide. */
    private boolean stageCompactTicker(final CompactJsonCursor json)
    {
        int kind;
        while ((kind = json.nextField()) != CompactJsonCursor.END)
        {
            if (kind == CompactJsonCursor.OTHER)
            {
                kind = json.readValue();
            }
            final int field = tickerField(json);
            if (field >= 0 && !firstSight(field))
            {
                return false;
            }
            if (kind != CompactJsonCursor.STRING)
            {
                if (kind == CompactJsonCursor.INTEGER && field < 0)
                {
                    continue;
                }
                return false;
            }
            if (field < 0 || json.valueLength() == 0)
            {
                continue;
            }
            long value = field == F_NEXT_MS ? json.valueLong() : json.valueFixed();
            if (value == FixedPoint.NULL && (field != F_TURNOVER || (value = json.valueFixedSaturating()) == FixedPoint.NULL))
            {
                return false;
            }
            staged[field] = value;
            stagedMask |= 1 << field;
        }
        return true;
    }

    private void topic(final JsonScanner scanner)
    {
        if (scanner.valueType() != JsonScanner.STRING || scanner.valueEscaped())
        {
            channel = CHANNEL_OTHER;
            return;
        }
        if (scanner.valueStartsWith(TICKERS_PREFIX))
        {
            channel = CHANNEL_TICKERS;
        }
        else if (scanner.valueStartsWith(ORDERBOOK_PREFIX))
        {
            channel = CHANNEL_BOOK;
        }
        else
        {
            channel = CHANNEL_OTHER;
            return;
        }
        final int dot = scanner.valueLastIndexOf((byte)'.');
        symbolIndex = scanner.valueSuffixLookup(symbols, dot >= 0 ? dot + 1 : scanner.valueOffset());
    }

    private boolean stageData(final JsonScanner scanner)
    {
        return channel == CHANNEL_TICKERS ? stageTicker(scanner) : stageBook(scanner);
    }

    private boolean stageTicker(final JsonScanner scanner)
    {
        if (!scanner.beginObject())
        {
            return false;
        }
        while (scanner.nextField())
        {
            final int field = tickerField(scanner);
            if (field < 0)
            {
                if (!scanner.skipValue())
                {
                    return false;
                }
                continue;
            }
            if (!firstSight(field))
            {
                return false;
            }
            long value;
            if (field == F_NEXT_MS)
            {
                if (!scanner.readScalar())
                {
                    return false;
                }
                value = scanner.valueLong();
            }
            else
            {
                value = scanner.readFixed(); // readScalar and valueFixed in one pass
                if (scanner.error())
                {
                    return false;
                }
            }
            if (scanner.valueType() == JsonScanner.NULL || (scanner.valueType() == JsonScanner.STRING && scanner.valueLength() == 0))
            {
                continue;
            }
            if (value == FixedPoint.NULL && (field != F_TURNOVER || (value = scanner.valueFixedSaturating()) == FixedPoint.NULL))
            {
                return false; // a turnover beyond ~9.22e9 saturates (a volume filter reads "at least"), anything else is malformed
            }
            staged[field] = value;
            stagedMask |= 1 << field;
        }
        return !scanner.error();
    }

    /** Marks a ticker field read; false if the object already gave it. */
    private boolean firstSight(final int field)
    {
        final int bit = 1 << field;
        if ((seenMask & bit) != 0)
        {
            return false;
        }
        seenMask |= bit;
        return true;
    }

    private static int tickerField(final JsonScanner scanner)
    {
        final int field = scanner.nameLength() < 9 ? -1 : tickerFieldByShape(scanner.nameLength(), scanner.nameByte(0));
        return field >= 0 && scanner.nameEquals(TICKER_FIELD_NAMES[field]) ? field : -1;
    }

    private static int tickerField(final CompactJsonCursor json)
    {
        final int length = json.nameLength();
        final int field = length < 9 ? -1 : tickerFieldByShape(length, json.nameByte(0));
        return field >= 0 && json.nameEquals(TICKER_FIELD_NAMES[field]) ? field : -1;
    }

    /** The only merged field a name of this length and first letter can be, or -1. */
    private static int tickerFieldByShape(final int length, final byte first)
    {
        switch (length)
        {
            case 9:
                switch (first)
                {
                    case 'm':
                        return F_MARK;
                    case 'b':
                        return F_BID;
                    case 'a':
                        return F_ASK;
                    case 'l':
                        return F_LAST;
                    default:
                        return -1;
                }
            case 10:
                return first == 'i' ? F_INDEX : -1;
            case 11:
                return first == 'f' ? F_RATE : first == 't' ? F_TURNOVER : -1;
            case 15:
                return first == 'n' ? F_NEXT_MS : -1;
            case 19:
                return first == 'f' ? F_INTERVAL_H : -1;
            default:
                return -1;
        }
    }

    private boolean stageBook(final JsonScanner scanner)
    {
        if (!scanner.beginObject())
        {
            return false;
        }
        while (scanner.nextField())
        {
            if (scanner.nameEquals(B) || scanner.nameEquals(A))
            {
                final boolean bid = scanner.nameEquals(B);
                if (bid ? hasBids : hasAsks)
                {
                    return false;
                }
                final int result = (bid ? bids : asks).parse(scanner);
                if (result == LevelBuffer.BAD)
                {
                    return false;
                }
                levelsOverflow |= result == LevelBuffer.OVERFLOW;
                hasBids |= bid;
                hasAsks |= !bid;
            }
            else if (scanner.nameEquals(U))
            {
                if (updateId != JsonScanner.NULL_LONG || !scanner.readScalar())
                {
                    return false;
                }
                updateId = scanner.valueLong();
            }
            else if (!scanner.skipValue())
            {
                return false;
            }
        }
        return !scanner.error();
    }

    private int onTicker()
    {
        final long tsEventNs = tsMs != JsonScanner.NULL_LONG ? tsMs * NS_PER_MS : tsInitNs;
        if (!stagedTickerValid(tsEventNs))
        {
            return FrameResult.MALFORMED;
        }
        final int base = symbolIndex * FIELDS;
        final long[] state = tickerState;
        int changed = 0;
        if (snapshot)
        {
            Arrays.fill(state, base, base + FIELDS, FixedPoint.NULL);
            tickerSeen[symbolIndex] = true;
            changed = FUNDING_FIELDS | TICKER_FIELDS;
        }
        else if (!tickerSeen[symbolIndex])
        {
            return FrameResult.DROPPED;
        }
        for (int field = 0; field < FIELDS; field++)
        {
            if ((stagedMask & (1 << field)) != 0 && state[base + field] != staged[field])
            {
                state[base + field] = staged[field];
                changed |= 1 << field;
            }
        }
        boolean published = false;
        boolean kept = false;
        if ((changed & FUNDING_FIELDS) != 0 && state[base + F_RATE] != FixedPoint.NULL && state[base + F_NEXT_MS] != FixedPoint.NULL)
        {
            final boolean sent = marketData.funding(symbolIndex, tsInitNs, tsEventNs, instrumentIds[symbolIndex], state[base + F_RATE],
                fundingIntervalS(symbolIndex), state[base + F_NEXT_MS] * NS_PER_MS, state[base + F_MARK], state[base + F_INDEX]);
            published |= sent;
            kept |= !sent;
        }
        if ((changed & TICKER_FIELDS) != 0)
        {
            final boolean sent = marketData.ticker(symbolIndex, tsInitNs, tsEventNs, instrumentIds[symbolIndex], state[base + F_TURNOVER],
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

    /** The staged next funding time is after the event and the staged interval within Bybit's range. */
    private boolean stagedTickerValid(final long tsEventNs)
    {
        if ((stagedMask & (1 << F_NEXT_MS)) != 0 && staged[F_NEXT_MS] <= tsEventNs / NS_PER_MS)
        {
            return false;
        }
        if ((stagedMask & (1 << F_INTERVAL_H)) != 0)
        {
            final long hours = staged[F_INTERVAL_H];
            return hours % FixedPoint.SCALE == 0
                && hours >= MIN_FUNDING_INTERVAL_H * FixedPoint.SCALE && hours <= MAX_FUNDING_INTERVAL_H * FixedPoint.SCALE;
        }
        return true;
    }

    private int onBook()
    {
        if (updateId == JsonScanner.NULL_LONG)
        {
            return FrameResult.MALFORMED;
        }
        if (!hasBids)
        {
            bids.clear();
        }
        if (!hasAsks)
        {
            asks.clear();
        }
        final int instrumentId = instrumentIds[symbolIndex];
        final long tsEventNs = tsMs != JsonScanner.NULL_LONG ? tsMs * NS_PER_MS : tsInitNs;
        if (snapshot || updateId == 1)
        {
            if (!books.publishSnapshot(tsInitNs, tsEventNs, instrumentId, updateId, 0, bids, asks))
            {
                bookSynced[symbolIndex] = false; // the engine never saw this snapshot: resubscribe for another
                return FrameResult.RING_FULL;
            }
            lastUpdateIds[symbolIndex] = updateId;
            bookSynced[symbolIndex] = true;
            return FrameResult.PUBLISHED;
        }
        if (!bookSynced[symbolIndex])
        {
            return FrameResult.DROPPED;
        }
        final long previous = lastUpdateIds[symbolIndex];
        if (updateId != previous + 1)
        {
            bookSynced[symbolIndex] = false;
            gaps++;
            return FrameResult.GAP;
        }
        if (levelsOverflow)
        {
            bookSynced[symbolIndex] = false;
            return FrameResult.OVERSIZED;
        }
        if (books.publishDelta(tsInitNs, tsEventNs, instrumentId, updateId, previous, bids, asks) < 0)
        {
            bookSynced[symbolIndex] = false; // the engine's book missed this delta: resubscribe for a snapshot
            return FrameResult.RING_FULL;
        }
        lastUpdateIds[symbolIndex] = updateId;
        return FrameResult.PUBLISHED;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
