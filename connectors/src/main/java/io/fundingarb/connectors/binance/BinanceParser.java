package io.fundingarb.connectors.binance;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.json.AsciiSymbolMap;
import io.fundingarb.connectors.json.JsonScanner;
import io.fundingarb.connectors.parse.BookUpdatePublisher;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.parse.LevelBuffer;
import io.fundingarb.connectors.parse.MarketDataPublisher;
import java.util.Arrays;
import org.agrona.DirectBuffer;

/**
 * Parses Binance USD-M market-data frames in place into SBE events on an {@link EventSink}.
 *
 * <p>Frames: combined-stream {@code {"stream":"...","data":{...}}} (also with {@code data} an
 * array, as {@code !markPrice@arr} sends) and raw-stream events.
 * <ul>
 * <li>{@code markPriceUpdate} → {@code FundingUpdate}: {@code r} rate, {@code T} next funding,
 * {@code p} mark, {@code i} index, {@code E} event time; the interval comes from the
 * per-instrument table (fundingInfo; 8 h when not listed).</li>
 * <li>{@code depthUpdate} → {@code BookUpdate} DELTA, {@code sequence = u},
 * {@code prevSequence = pu}, through {@link BinanceBookSync} when book sync is on: diffs are
 * buffered until {@link #onDepthSnapshot} and the published chain always satisfies
 * {@code prevSequence == previous sequence} (the first diff after a snapshot carries the
 * snapshot's {@code lastUpdateId}).</li>
 * <li>{@code bookTicker} → {@code TickerUpdate} (bid, ask); {@code 24hrTicker} →
 * {@code TickerUpdate} (quote volume, last price). Unknown values are {@link FixedPoint#NULL}.</li>
 * <li>Anything else (aggTrade, trade, kline, subscription acks, errors) is {@link FrameResult#IGNORED}.</li>
 * </ul>
 * <p>Validation at the boundary, each failure a {@link FrameResult#MALFORMED} frame with nothing
 * published (the engine keeps the previous value): a book level with a price not above zero or a
 * negative size ({@link LevelBuffer}); a next funding time {@code T} not after the event time
 * {@code E} (a settlement time of 0 or in the past is never published); a field this parser reads
 * appearing twice in one event object, or {@code data} twice in a combined frame (fields it does
 * not read are skipped unchecked). In an array frame ({@code !markPrice@arr}) an element failing
 * validation is skipped, the others are published, and the frame counts as MALFORMED.
 *
 * <p>Results are {@link FrameResult} codes, each counted ({@link #count(int)}). Single-threaded
 * (the feed's I/O thread); allocation free after start-up except while buffering diffs during a
 * resync. Instruments are registered at start-up with {@link #addInstrument(String, int, int)}.
 */
public final class BinanceParser implements BinanceBookSync.FrameHandler
{
    /** Funding interval of symbols not listed by {@code /fapi/v1/fundingInfo}. */
    public static final int DEFAULT_FUNDING_INTERVAL_S = 8 * 3600;

    /**
     * The funding intervals Binance documents, in whole hours: 8 h by default, 4 h for many symbols,
     * 1 h when a rate sits at its cap or floor (shared/docs/VENUES.md; {@code GET /fapi/v1/fundingInfo}
     * "fundingIntervalHours", an integer, https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Get-Funding-Rate-Info).
     * A listed interval outside 1..8 h is refused: the symbol keeps the interval it had.
     */
    public static final int MIN_FUNDING_INTERVAL_H = 1;
    public static final int MAX_FUNDING_INTERVAL_H = 8;

    /** Staging capacity per side: REST snapshots have at most 1000 levels. */
    public static final int MAX_STAGED_LEVELS = 5000;

    /** Default bound of the diffs buffered per instrument while a snapshot is awaited. */
    public static final int DEFAULT_MAX_PENDING_BYTES = 8 << 20;

    private static final long NS_PER_MS = 1_000_000L;

    private static final int EVENT_NONE = 0;
    private static final int EVENT_OTHER = 1;
    private static final int EVENT_MARK_PRICE = 2;
    private static final int EVENT_DEPTH = 3;
    private static final int EVENT_BOOK_TICKER = 4;
    private static final int EVENT_TICKER_24H = 5;

    private static final int SYMBOL_ABSENT = -2;

    // event fields (names of at most 2 bytes), see eventField
    private static final int F_NONE = 0;
    private static final int F_TYPE = 1;
    private static final int F_EVENT_TIME = 2;
    private static final int F_SYMBOL = 3;
    private static final int F_TIME_T = 4;
    private static final int F_FIRST_UPDATE_ID = 5;
    private static final int F_FINAL_UPDATE_ID = 6;
    private static final int F_PREV_FINAL_UPDATE_ID = 7;
    private static final int F_BIDS = 8;
    private static final int F_ASKS = 9;
    /** From here on the fields are decimals (read with {@link JsonScanner#readFixed()}). */
    private static final int F_MARK = 10;
    private static final int F_INDEX = 11;
    private static final int F_RATE = 12;
    private static final int F_QUOTE_VOLUME = 13;
    private static final int F_CLOSE = 14;

    private static final byte[] DATA = ascii("data");
    private static final byte[] E_TIME = ascii("E");
    private static final byte[] T = ascii("T");
    private static final byte[] LAST_UPDATE_ID = ascii("lastUpdateId");
    private static final byte[] BIDS = ascii("bids");
    private static final byte[] ASKS = ascii("asks");
    private static final byte[] SYMBOL_LONG = ascii("symbol");
    private static final byte[] QUOTE_VOLUME = ascii("quoteVolume");
    private static final byte[] LAST_PRICE = ascii("lastPrice");
    private static final byte[] CLOSE_TIME = ascii("closeTime");
    private static final byte[] FUNDING_INTERVAL_HOURS = ascii("fundingIntervalHours");

    private static final byte[] MARK_PRICE_UPDATE = ascii("markPriceUpdate");
    private static final byte[] DEPTH_UPDATE = ascii("depthUpdate");
    private static final byte[] BOOK_TICKER = ascii("bookTicker");
    private static final byte[] TICKER_24H = ascii("24hrTicker");

    private final boolean syncBooks;
    private final int maxPendingBytes;
    private final JsonScanner scanner = new JsonScanner();
    private final AsciiSymbolMap symbols;
    private final BookUpdatePublisher books;
    private final MarketDataPublisher marketData;
    private final LevelBuffer bids = new LevelBuffer(MAX_STAGED_LEVELS);
    private final LevelBuffer asks = new LevelBuffer(MAX_STAGED_LEVELS);
    private final long[] counts = new long[FrameResult.COUNT];

    private int[] instrumentIds;
    private int[] fundingIntervalsS;
    private int[] stagedIntervalsS;
    private BinanceBookSync[] syncs;
    private int instrumentCount;

    // the frame in hand
    private DirectBuffer frameBuffer;
    private int frameOffset;
    private int frameLength;
    private long tsInitNs;
    private int lastInstrumentIndex = -1;
    private boolean replayGap;

    // staged event fields
    private int eventType;
    private int symbolIndex;
    private long eventTimeMs;
    private long timeT;
    private long firstUpdateId;
    private long finalUpdateId;
    private long prevFinalUpdateId;
    private long p;
    private long index;
    private long rate;
    private long bidPrice;
    private long askPrice;
    private long quoteVolume;
    private long lastPrice;
    private boolean hasBidLevels;
    private boolean hasAskLevels;
    private boolean levelsOverflow;
    /** The event fields read so far in the object in hand, one bit per {@code F_} code: a second one is malformed. */
    private int seenFields;

    /**
     * @param sink             where events go.
     * @param maxLevelsPerSide cap of book levels per side per message (lowered to what fits a slot).
     * @param syncBooks        true to run the snapshot + diff sync ({@link #onDepthSnapshot} must
     *                         then be fed); false to publish every diff as received (tools).
     * @param maxPendingBytes  bound of the diffs buffered per instrument while a snapshot is awaited.
     */
    public BinanceParser(final EventSink sink, final int maxLevelsPerSide, final boolean syncBooks, final int maxPendingBytes)
    {
        this.syncBooks = syncBooks;
        this.maxPendingBytes = maxPendingBytes;
        this.symbols = new AsciiSymbolMap(64);
        this.books = new BookUpdatePublisher(sink, Venue.BINANCE, maxLevelsPerSide);
        this.marketData = new MarketDataPublisher(sink, Venue.BINANCE);
        this.marketData.capacity(16);
        this.instrumentIds = new int[16];
        this.fundingIntervalsS = new int[16];
        this.stagedIntervalsS = new int[16];
        this.syncs = new BinanceBookSync[16];
    }

    /** Book sync on, as many levels per side as fit a slot, 8 MiB pending bound. */
    public BinanceParser(final EventSink sink)
    {
        this(sink, Integer.MAX_VALUE, true, DEFAULT_MAX_PENDING_BYTES);
    }

    // ------------------------------------------------------------------ start-up

    /**
     * Registers a venue symbol (start-up only; may allocate).
     *
     * @return the instrument's local index (for {@link #onDepthSnapshot} and the accessors).
     */
    public int addInstrument(final String symbol, final int instrumentId, final int fundingIntervalS)
    {
        final int existing = symbols.get(symbol);
        if (existing != AsciiSymbolMap.MISSING)
        {
            instrumentIds[existing] = instrumentId;
            fundingIntervalsS[existing] = fundingIntervalS;
            return existing;
        }
        if (instrumentCount == instrumentIds.length)
        {
            final int capacity = instrumentCount * 2;
            instrumentIds = Arrays.copyOf(instrumentIds, capacity);
            fundingIntervalsS = Arrays.copyOf(fundingIntervalsS, capacity);
            stagedIntervalsS = Arrays.copyOf(stagedIntervalsS, capacity);
            syncs = Arrays.copyOf(syncs, capacity);
            marketData.capacity(capacity);
        }
        final int localIndex = instrumentCount++;
        instrumentIds[localIndex] = instrumentId;
        fundingIntervalsS[localIndex] = fundingIntervalS;
        syncs[localIndex] = new BinanceBookSync(maxPendingBytes);
        symbols.put(symbol, localIndex);
        return localIndex;
    }

    /** Registers a symbol with the default 8 h funding interval. */
    public int addInstrument(final String symbol, final int instrumentId)
    {
        return addInstrument(symbol, instrumentId, DEFAULT_FUNDING_INTERVAL_S);
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

    public int fundingIntervalS(final int instrumentIndex)
    {
        return fundingIntervalsS[instrumentIndex];
    }

    public void fundingIntervalS(final int instrumentIndex, final int seconds)
    {
        fundingIntervalsS[instrumentIndex] = seconds;
    }

    /** The book sync state machine of an instrument. */
    public BinanceBookSync bookSync(final int instrumentIndex)
    {
        return syncs[instrumentIndex];
    }

    // ------------------------------------------------------------------ counters

    /** Frames that ended with the given {@link FrameResult} (replayed diffs are counted again). */
    public long count(final int result)
    {
        return counts[result];
    }

    /** Local index of the instrument of the last frame, or -1 (e.g. which book to resync after a GAP). */
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

    /** Funding and ticker updates the full ring refused (kept and published later, the latest per instrument). */
    public long keptUpdates()
    {
        return marketData.kept();
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
        frameBuffer = buffer;
        frameOffset = offset;
        frameLength = length;
        this.tsInitNs = tsInitNs;
        lastInstrumentIndex = -1;
        final JsonScanner scanner = this.scanner;
        scanner.wrap(buffer, offset, length);
        final int rootType = scanner.peek();
        if (rootType == JsonScanner.ARRAY)
        {
            final int result = parseEventArray();
            return scanner.end() ? result : FrameResult.MALFORMED;
        }
        if (rootType != JsonScanner.OBJECT || !scanner.beginObject())
        {
            return FrameResult.MALFORMED;
        }
        clearEvent();
        boolean nested = false;
        int nestedResult = FrameResult.IGNORED;
        while (scanner.nextField())
        {
            if (scanner.nameEquals(DATA))
            {
                if (nested)
                {
                    return FrameResult.MALFORMED;
                }
                final int type = scanner.peek();
                if (type == JsonScanner.OBJECT)
                {
                    nested = true;
                    clearEvent();
                    if (!stageEvent())
                    {
                        return FrameResult.MALFORMED;
                    }
                    continue;
                }
                if (type == JsonScanner.ARRAY)
                {
                    nested = true;
                    nestedResult = parseEventArray();
                    eventType = EVENT_NONE;
                    if (scanner.error())
                    {
                        return FrameResult.MALFORMED;
                    }
                    continue;
                }
            }
            if (!stageField())
            {
                return FrameResult.MALFORMED;
            }
        }
        if (!scanner.end())
        {
            return FrameResult.MALFORMED;
        }
        if (eventType == EVENT_NONE)
        {
            return nestedResult;
        }
        return dispatch();
    }

    /** Each element an event object, dispatched as soon as it is complete. */
    private int parseEventArray()
    {
        final JsonScanner scanner = this.scanner;
        int result = FrameResult.IGNORED;
        boolean invalidElement = false;
        if (!scanner.beginArray())
        {
            return FrameResult.MALFORMED;
        }
        while (scanner.nextElement())
        {
            if (scanner.peek() != JsonScanner.OBJECT)
            {
                if (!scanner.skipValue())
                {
                    return FrameResult.MALFORMED;
                }
                continue;
            }
            clearEvent();
            if (!stageEvent())
            {
                return FrameResult.MALFORMED;
            }
            final int elementResult = dispatch();
            if (elementResult == FrameResult.MALFORMED)
            {
                // well-formed JSON whose values fail validation: the other elements still count
                invalidElement = true;
                continue;
            }
            if (elementResult == FrameResult.PUBLISHED || result == FrameResult.IGNORED)
            {
                result = elementResult;
            }
        }
        return scanner.error() || invalidElement ? FrameResult.MALFORMED : result;
    }

    private void clearEvent()
    {
        eventType = EVENT_NONE;
        symbolIndex = SYMBOL_ABSENT;
        eventTimeMs = JsonScanner.NULL_LONG;
        timeT = JsonScanner.NULL_LONG;
        firstUpdateId = JsonScanner.NULL_LONG;
        finalUpdateId = JsonScanner.NULL_LONG;
        prevFinalUpdateId = JsonScanner.NULL_LONG;
        p = FixedPoint.NULL;
        index = FixedPoint.NULL;
        rate = FixedPoint.NULL;
        bidPrice = FixedPoint.NULL;
        askPrice = FixedPoint.NULL;
        quoteVolume = FixedPoint.NULL;
        lastPrice = FixedPoint.NULL;
        hasBidLevels = false;
        hasAskLevels = false;
        levelsOverflow = false;
        seenFields = 0;
    }

    /** Stages the fields of the event object at the cursor. */
    private boolean stageEvent()
    {
        final JsonScanner scanner = this.scanner;
        if (!scanner.beginObject())
        {
            return false;
        }
        while (scanner.nextField())
        {
            if (!stageField())
            {
                return false;
            }
        }
        return !scanner.error();
    }

    /** Stages the value of the current field if the event needs it, else skips it. */
    private boolean stageField()
    {
        final JsonScanner scanner = this.scanner;
        final int nameLength = scanner.nameLength();
        if (eventType == EVENT_OTHER || nameLength > 2)
        {
            return scanner.skipValue();
        }
        final int field = eventField(scanner, nameLength);
        if (field != F_NONE)
        {
            final int bit = 1 << field;
            if ((seenFields & bit) != 0)
            {
                return false;
            }
            seenFields |= bit;
        }
        if (field == F_TYPE)
        {
            if (!scanner.readScalar())
            {
                return false;
            }
            eventType = eventType(scanner);
            return true;
        }
        if (field == F_BIDS || field == F_ASKS)
        {
            final boolean bid = field == F_BIDS;
            final int type = scanner.peek();
            if (type == JsonScanner.ARRAY)
            {
                final int result = (bid ? bids : asks).parse(scanner);
                if (result == LevelBuffer.BAD)
                {
                    return false;
                }
                levelsOverflow |= result == LevelBuffer.OVERFLOW;
                if (bid)
                {
                    hasBidLevels = true;
                }
                else
                {
                    hasAskLevels = true;
                }
                return true;
            }
            if (!scanner.readScalar())
            {
                return false;
            }
            if (bid)
            {
                bidPrice = scanner.valueFixed();
            }
            else
            {
                askPrice = scanner.valueFixed();
            }
            return true;
        }
        final int type = scanner.peek();
        if (type == JsonScanner.OBJECT || type == JsonScanner.ARRAY)
        {
            return scanner.skipValue();
        }
        if (field >= F_MARK)
        {
            // a decimal: scanned and converted in one pass
            final long value = scanner.readFixed();
            if (scanner.error())
            {
                return false;
            }
            switch (field)
            {
                case F_MARK:
                    p = value;
                    break;
                case F_INDEX:
                    index = value;
                    break;
                case F_RATE:
                    rate = value;
                    break;
                case F_QUOTE_VOLUME:
                    // unbounded: beyond ~9.22e9 it saturates (a volume filter reads "at least")
                    quoteVolume = value != FixedPoint.NULL ? value : scanner.valueFixedSaturating();
                    break;
                default:
                    lastPrice = value;
                    break;
            }
            return true;
        }
        if (field == F_SYMBOL || field == F_NONE)
        {
            if (!scanner.readScalar())
            {
                return false;
            }
            if (field == F_SYMBOL)
            {
                symbolIndex = scanner.valueType() == JsonScanner.STRING ?
                    scanner.valueLookup(symbols) : AsciiSymbolMap.MISSING;
            }
            return true;
        }
        // an integer: scanned and converted in one pass
        final long value = scanner.readLong();
        if (scanner.error())
        {
            return false;
        }
        switch (field)
        {
            case F_EVENT_TIME:
                eventTimeMs = value;
                break;
            case F_TIME_T:
                timeT = value;
                break;
            case F_FIRST_UPDATE_ID:
                firstUpdateId = value;
                break;
            case F_FINAL_UPDATE_ID:
                finalUpdateId = value;
                break;
            default:
                prevFinalUpdateId = value;
                break;
        }
        return true;
    }

    /** Which event field the current name (at most 2 bytes) is: one switch instead of a compare per key. */
    private static int eventField(final JsonScanner scanner, final int nameLength)
    {
        if (nameLength == 2)
        {
            return scanner.nameByte(0) == 'p' && scanner.nameByte(1) == 'u' ? F_PREV_FINAL_UPDATE_ID : F_NONE;
        }
        if (nameLength != 1)
        {
            return F_NONE;
        }
        switch (scanner.nameByte(0))
        {
            case 'e':
                return F_TYPE;
            case 'E':
                return F_EVENT_TIME;
            case 's':
                return F_SYMBOL;
            case 'T':
                return F_TIME_T;
            case 'U':
                return F_FIRST_UPDATE_ID;
            case 'u':
                return F_FINAL_UPDATE_ID;
            case 'b':
                return F_BIDS;
            case 'a':
                return F_ASKS;
            case 'p':
                return F_MARK;
            case 'i':
                return F_INDEX;
            case 'r':
                return F_RATE;
            case 'q':
                return F_QUOTE_VOLUME;
            case 'c':
                return F_CLOSE;
            default:
                return F_NONE;
        }
    }

    private static int eventType(final JsonScanner scanner)
    {
        if (scanner.valueType() != JsonScanner.STRING)
        {
            return EVENT_OTHER;
        }
        if (scanner.valueEquals(DEPTH_UPDATE))
        {
            return EVENT_DEPTH;
        }
        if (scanner.valueEquals(MARK_PRICE_UPDATE))
        {
            return EVENT_MARK_PRICE;
        }
        if (scanner.valueEquals(BOOK_TICKER))
        {
            return EVENT_BOOK_TICKER;
        }
        if (scanner.valueEquals(TICKER_24H))
        {
            return EVENT_TICKER_24H;
        }
        return EVENT_OTHER;
    }

    private int dispatch()
    {
        if (eventType == EVENT_NONE || eventType == EVENT_OTHER)
        {
            return FrameResult.IGNORED;
        }
        if (symbolIndex == SYMBOL_ABSENT)
        {
            return FrameResult.MALFORMED;
        }
        if (symbolIndex == AsciiSymbolMap.MISSING)
        {
            return FrameResult.UNKNOWN_SYMBOL;
        }
        lastInstrumentIndex = symbolIndex;
        switch (eventType)
        {
            case EVENT_MARK_PRICE:
                return publishFunding();
            case EVENT_DEPTH:
                return onDepth();
            case EVENT_BOOK_TICKER:
                return publishBookTicker();
            default:
                return publish24hTicker();
        }
    }

    private int publishFunding()
    {
        if (rate == FixedPoint.NULL || timeT == JsonScanner.NULL_LONG || p == FixedPoint.NULL || eventTimeMs == JsonScanner.NULL_LONG
            || timeT <= eventTimeMs)
        {
            // a next funding time of 0, or not after the event, would make the engine guess a settlement
            return FrameResult.MALFORMED;
        }
        return marketData.funding(symbolIndex, tsInitNs, eventTimeMs * NS_PER_MS, instrumentIds[symbolIndex], rate,
            fundingIntervalsS[symbolIndex], timeT * NS_PER_MS, p, index) ? FrameResult.PUBLISHED : FrameResult.RING_FULL;
    }

    private int publishBookTicker()
    {
        if (bidPrice == FixedPoint.NULL || askPrice == FixedPoint.NULL)
        {
            return FrameResult.MALFORMED;
        }
        return publishTicker(eventTimeNs(), FixedPoint.NULL, bidPrice, askPrice, FixedPoint.NULL);
    }

    private int publish24hTicker()
    {
        if (quoteVolume == FixedPoint.NULL)
        {
            return FrameResult.MALFORMED;
        }
        return publishTicker(eventTimeNs(), quoteVolume, FixedPoint.NULL, FixedPoint.NULL, lastPrice);
    }

    private int publishTicker(final long tsEventNs, final long volume, final long bid, final long ask, final long last)
    {
        return marketData.ticker(symbolIndex, tsInitNs, tsEventNs, instrumentIds[symbolIndex], volume, bid, ask, last)
            ? FrameResult.PUBLISHED : FrameResult.RING_FULL;
    }

    /** Transaction time {@code T} where the event has one (depth, bookTicker), else {@code E}. */
    private long eventTimeNs()
    {
        if (eventType != EVENT_TICKER_24H && timeT != JsonScanner.NULL_LONG)
        {
            return timeT * NS_PER_MS;
        }
        return eventTimeMs != JsonScanner.NULL_LONG ? eventTimeMs * NS_PER_MS : tsInitNs;
    }

    private int onDepth()
    {
        if (firstUpdateId == JsonScanner.NULL_LONG || finalUpdateId == JsonScanner.NULL_LONG
            || prevFinalUpdateId == JsonScanner.NULL_LONG || !hasBidLevels || !hasAskLevels)
        {
            return FrameResult.MALFORMED;
        }
        final int instrumentId = instrumentIds[symbolIndex];
        if (!syncBooks)
        {
            if (levelsOverflow)
            {
                return FrameResult.OVERSIZED;
            }
            return books.publishDelta(tsInitNs, eventTimeNs(), instrumentId, finalUpdateId, prevFinalUpdateId, bids, asks) < 0
                ? FrameResult.RING_FULL : FrameResult.PUBLISHED;
        }
        final BinanceBookSync sync = syncs[symbolIndex];
        final long previous = sync.lastUpdateId();
        switch (sync.onDiff(firstUpdateId, finalUpdateId, prevFinalUpdateId))
        {
            case BinanceBookSync.BUFFER:
                sync.buffer(frameBuffer, frameOffset, frameLength, tsInitNs);
                return FrameResult.BUFFERED;
            case BinanceBookSync.DROP:
                return FrameResult.DROPPED;
            case BinanceBookSync.APPLY:
                if (levelsOverflow)
                {
                    sync.reset();
                    return FrameResult.OVERSIZED;
                }
                if (books.publishDelta(tsInitNs, eventTimeNs(), instrumentId, finalUpdateId, previous, bids, asks) < 0)
                {
                    sync.reset(); // the engine's book missed this diff: a new snapshot, diffs buffered meanwhile
                    sync.buffer(frameBuffer, frameOffset, frameLength, tsInitNs);
                    return FrameResult.RING_FULL;
                }
                return FrameResult.PUBLISHED;
            default:
                sync.buffer(frameBuffer, frameOffset, frameLength, tsInitNs);
                return FrameResult.GAP;
        }
    }

    // ------------------------------------------------------------------ REST bodies at run time

    /**
     * Publishes a {@code GET /fapi/v1/depth} body as a SNAPSHOT of the instrument (best
     * {@link #maxLevelsPerSide()} levels, {@code sequence = lastUpdateId}, {@code prevSequence = 0})
     * and, with book sync on, replays the diffs buffered meanwhile.
     *
     * @return {@link FrameResult#PUBLISHED}; {@link FrameResult#GAP} if the buffered diffs show the
     * snapshot is too old or have a gap (fetch another); {@link FrameResult#MALFORMED}.
     */
    public int onDepthSnapshot(final int instrumentIndex, final DirectBuffer buffer, final int offset, final int length, final long tsInitNs)
    {
        final int result = parseDepthSnapshot(instrumentIndex, buffer, offset, length, tsInitNs);
        counts[result]++;
        return result;
    }

    private int parseDepthSnapshot(
        final int instrumentIndex, final DirectBuffer buffer, final int offset, final int length, final long tsInitNs)
    {
        lastInstrumentIndex = instrumentIndex;
        if (instrumentIndex < 0 || instrumentIndex >= instrumentCount)
        {
            return FrameResult.UNKNOWN_SYMBOL;
        }
        final JsonScanner scanner = this.scanner;
        scanner.wrap(buffer, offset, length);
        long lastUpdateId = JsonScanner.NULL_LONG;
        long eventMs = JsonScanner.NULL_LONG;
        long transactionMs = JsonScanner.NULL_LONG;
        boolean hasBids = false;
        boolean hasAsks = false;
        if (!scanner.beginObject())
        {
            return FrameResult.MALFORMED;
        }
        while (scanner.nextField())
        {
            if (scanner.nameEquals(BIDS) || scanner.nameEquals(ASKS))
            {
                final boolean bid = scanner.nameEquals(BIDS);
                if (bid ? hasBids : hasAsks)
                {
                    return FrameResult.MALFORMED; // a side given twice
                }
                if ((bid ? bids : asks).parse(scanner) == LevelBuffer.BAD)
                {
                    return FrameResult.MALFORMED;
                }
                hasBids |= bid;
                hasAsks |= !bid;
            }
            else if (scanner.nameEquals(LAST_UPDATE_ID) || scanner.nameEquals(E_TIME) || scanner.nameEquals(T))
            {
                if (!scanner.readScalar())
                {
                    return FrameResult.MALFORMED;
                }
                if (scanner.nameEquals(LAST_UPDATE_ID))
                {
                    if (lastUpdateId != JsonScanner.NULL_LONG)
                    {
                        return FrameResult.MALFORMED;
                    }
                    lastUpdateId = scanner.valueLong();
                }
                else if (scanner.nameEquals(E_TIME))
                {
                    eventMs = scanner.valueLong();
                }
                else
                {
                    transactionMs = scanner.valueLong();
                }
            }
            else if (!scanner.skipValue())
            {
                return FrameResult.MALFORMED;
            }
        }
        if (!scanner.end() || lastUpdateId == JsonScanner.NULL_LONG || !hasBids || !hasAsks)
        {
            return FrameResult.MALFORMED;
        }
        final long tsEventNs = transactionMs != JsonScanner.NULL_LONG ? transactionMs * NS_PER_MS :
            eventMs != JsonScanner.NULL_LONG ? eventMs * NS_PER_MS : tsInitNs;
        if (!books.publishSnapshot(tsInitNs, tsEventNs, instrumentIds[instrumentIndex], lastUpdateId, 0, bids, asks))
        {
            return FrameResult.RING_FULL; // the book stays unsynced (diffs buffered): fetch the snapshot again
        }
        if (!syncBooks)
        {
            return FrameResult.PUBLISHED;
        }
        final BinanceBookSync sync = syncs[instrumentIndex];
        sync.onSnapshot(lastUpdateId);
        replayGap = false;
        sync.drain(this);
        lastInstrumentIndex = instrumentIndex;
        return replayGap ? FrameResult.GAP : FrameResult.PUBLISHED;
    }

    /** Replays a diff buffered while the snapshot was awaited (called back by {@link BinanceBookSync#drain}). */
    @Override
    public void onBufferedFrame(final DirectBuffer buffer, final int offset, final int length, final long tsInitNs)
    {
        final int result = parseFrame(buffer, offset, length, tsInitNs);
        counts[result]++;
        if (result == FrameResult.GAP)
        {
            replayGap = true;
        }
    }

    /**
     * Publishes a {@code GET /fapi/v1/ticker/24hr} body (an array of tickers, or one) as one
     * {@code TickerUpdate} (quote volume, last price) per registered symbol.
     *
     * @return the number of tickers published, or -1 if the body is malformed.
     */
    public int onTicker24hBody(final DirectBuffer buffer, final int offset, final int length, final long tsInitNs)
    {
        final JsonScanner scanner = this.scanner;
        scanner.wrap(buffer, offset, length);
        this.tsInitNs = tsInitNs;
        int published = 0;
        final boolean array = scanner.peek() == JsonScanner.ARRAY;
        if (array && !scanner.beginArray())
        {
            return -1;
        }
        while (!array || scanner.nextElement())
        {
            if (!scanner.beginObject())
            {
                return -1;
            }
            int symbolIndex = AsciiSymbolMap.MISSING;
            long volume = FixedPoint.NULL;
            long last = FixedPoint.NULL;
            long closeMs = JsonScanner.NULL_LONG;
            while (scanner.nextField())
            {
                final int type = scanner.peek();
                if (type == JsonScanner.OBJECT || type == JsonScanner.ARRAY)
                {
                    if (!scanner.skipValue())
                    {
                        return -1;
                    }
                    continue;
                }
                if (!scanner.readScalar())
                {
                    return -1;
                }
                if (scanner.nameEquals(SYMBOL_LONG))
                {
                    symbolIndex = scanner.valueLookup(symbols);
                }
                else if (scanner.nameEquals(QUOTE_VOLUME))
                {
                    volume = scanner.valueFixedSaturating();
                }
                else if (scanner.nameEquals(LAST_PRICE))
                {
                    last = scanner.valueFixed();
                }
                else if (scanner.nameEquals(CLOSE_TIME))
                {
                    closeMs = scanner.valueLong();
                }
            }
            if (scanner.error())
            {
                return -1;
            }
            if (symbolIndex >= 0 && volume != FixedPoint.NULL)
            {
                this.symbolIndex = symbolIndex;
                publishTicker(closeMs != JsonScanner.NULL_LONG ? closeMs * NS_PER_MS : tsInitNs, volume, FixedPoint.NULL, FixedPoint.NULL, last);
                published++;
            }
            if (!array)
            {
                break;
            }
        }
        return scanner.end() ? published : -1;
    }

    /**
     * Applies a {@code GET /fapi/v1/fundingInfo} body to the interval table: listed symbols get
     * {@code fundingIntervalHours}, registered symbols not listed get the 8 h default. A listed
     * interval outside {@value #MIN_FUNDING_INTERVAL_H}..{@value #MAX_FUNDING_INTERVAL_H} h is
     * counted {@link FrameResult#MALFORMED} and its symbol keeps its interval. Nothing changes if
     * the body is malformed.
     *
     * @return the number of registered symbols listed with a valid interval, or -1 if the body is malformed.
     */
    public int onFundingInfoBody(final DirectBuffer buffer, final int offset, final int length)
    {
        final JsonScanner scanner = this.scanner;
        scanner.wrap(buffer, offset, length);
        Arrays.fill(stagedIntervalsS, 0, instrumentCount, DEFAULT_FUNDING_INTERVAL_S);
        int listed = 0;
        if (!scanner.beginArray())
        {
            return -1;
        }
        while (scanner.nextElement())
        {
            if (!scanner.beginObject())
            {
                return -1;
            }
            int symbolIndex = AsciiSymbolMap.MISSING;
            long hours = JsonScanner.NULL_LONG;
            while (scanner.nextField())
            {
                if (scanner.nameEquals(SYMBOL_LONG) || scanner.nameEquals(FUNDING_INTERVAL_HOURS))
                {
                    if (!scanner.readScalar())
                    {
                        return -1;
                    }
                    if (scanner.nameEquals(SYMBOL_LONG))
                    {
                        symbolIndex = scanner.valueLookup(symbols);
                    }
                    else
                    {
                        hours = scanner.valueLong();
                    }
                }
                else if (!scanner.skipValue())
                {
                    return -1;
                }
            }
            if (scanner.error())
            {
                return -1;
            }
            if (symbolIndex >= 0 && validFundingIntervalH(hours))
            {
                stagedIntervalsS[symbolIndex] = (int)(hours * 3600);
                listed++;
            }
            else if (symbolIndex >= 0)
            {
                stagedIntervalsS[symbolIndex] = fundingIntervalsS[symbolIndex];
                counts[FrameResult.MALFORMED]++;
            }
        }
        if (!scanner.end())
        {
            return -1;
        }
        System.arraycopy(stagedIntervalsS, 0, fundingIntervalsS, 0, instrumentCount);
        return listed;
    }

    /** A {@code fundingIntervalHours} within Binance's documented range. */
    public static boolean validFundingIntervalH(final long hours)
    {
        return hours >= MIN_FUNDING_INTERVAL_H && hours <= MAX_FUNDING_INTERVAL_H;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
