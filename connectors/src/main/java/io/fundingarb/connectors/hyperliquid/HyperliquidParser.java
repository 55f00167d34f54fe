package io.fundingarb.connectors.hyperliquid;

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
 * Parses Hyperliquid public WebSocket frames in place into SBE events on an {@link EventSink}.
 * Every frame is {@code {"channel":<name>,"data":<payload>}}
 * (hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/websocket/subscriptions):
 * <ul>
 * <li>{@code activeAssetCtx}: {@code {"coin":"BTC","ctx":{"funding":..,"markPx":..,"oraclePx":..,"dayNtlVlm":..,...}}}
 * (the docs' {@code WsActiveAssetCtx}, ctx a {@code PerpsAssetCtx}; the values arrive as decimal
 * strings, numbers are read too). {@code funding} is the rate of ONE HOUR (Hyperliquid pays funding
 * every hour on the hour, on size × oracle price: .../trading/funding); {@code openInterest} is the
 * open interest in coins, NOT the rate, and is not read. A {@code FundingUpdate} (rate, interval
 * {@value #FUNDING_INTERVAL_S} s, next funding = the next whole hour after the frame's time, mark
 * {@code markPx}, index {@code oraclePx}) is published when the rate, mark, oracle price or next
 * hour changed; a {@code TickerUpdate} (24 h quote volume {@code dayNtlVlm}, no bid, ask or last)
 * when the volume changed. The frame carries no time: its time is its receive time {@code tsInitNs}.</li>
 * <li>{@code l2Book}: {@code {"coin":"BTC","levels":[[bids],[asks]],"time":<ms>}}, each level
 * {@code {"px":"..","sz":"..","n":<orders>}} (the docs' {@code WsBook}: "Snapshot feed, pushed on
 * each block that is at least 0.5 since last push"). There is no sequence: every frame is the whole
 * book, published as a {@code BookUpdate} SNAPSHOT (the engine replaces the book) with
 * {@code sequence = time} and {@code prevSequence = 0}. A book older than the last one published
 * for the coin is {@link FrameResult#DROPPED}. Levels beyond {@value #MAX_STAGED_LEVELS} a side are
 * checked and left out (the docs send 20 a side).</li>
 * <li>{@code pong} (the answer to {@code {"method":"ping"}}), {@code subscriptionResponse} (the
 * subscription echoed), {@code error} ({@code {"channel":"error","data":"<text>"}}, e.g. an invalid
 * subscription) and every other channel ({@code trades}, ...): {@link FrameResult#IGNORED}, the first
 * three counted apart ({@link #pongs()}, {@link #subscriptionResponses()}, {@link #errors()}).</li>
 * </ul>
 * <p>Validation at the boundary, each failure a {@link FrameResult#MALFORMED} frame of which nothing
 * is merged or published: no {@code coin}, no {@code funding} or {@code markPx} in a ctx, a mark or
 * oracle price not above zero, a rate beyond the venue's cap of {@value #MAX_RATE_PERCENT} % an hour
 * (.../trading/funding), a book without exactly two sides or without {@code time}, a level without
 * {@code px} or {@code sz}, a price not above zero or a negative size (a size of zero, an empty level, is kept: the
 * engine's book drops it), a number that is not a plain decimal
 * (the 24 h volume saturates instead), a field this parser reads given twice in one object. A coin
 * not registered is {@link FrameResult#UNKNOWN_SYMBOL}.
 *
 * <p>Results are {@link FrameResult} codes, each counted. Single-threaded; allocation free after
 * start-up. Register the coins at start-up with {@link #addInstrument(String, int)}.
 */
public final class HyperliquidParser
{
    /** Hyperliquid funds every hour (.../trading/funding). */
    public static final int FUNDING_INTERVAL_S = 3600;
    /** The funding cap, 4 % an hour (.../trading/funding). */
    public static final int MAX_RATE_PERCENT = 4;
    /** Staging capacity per side (the docs' l2Book has 20 levels a side; {@code nLevels} goes to 100 at some providers). */
    public static final int MAX_STAGED_LEVELS = 100;

    private static final long NS_PER_MS = 1_000_000L;
    /** The latest book time whose nanoseconds fit a long. */
    private static final long MAX_TIME_MS = Long.MAX_VALUE / NS_PER_MS;
    private static final long HOUR_NS = FUNDING_INTERVAL_S * 1_000_000_000L;
    private static final long MAX_RATE = MAX_RATE_PERCENT * FixedPoint.SCALE / 100;

    private static final int CHANNEL_NONE = 0;
    private static final int CHANNEL_OTHER = 1;
    private static final int CHANNEL_CTX = 2;
    private static final int CHANNEL_BOOK = 3;
    private static final int CHANNEL_PONG = 4;
    private static final int CHANNEL_SUBSCRIPTION = 5;
    private static final int CHANNEL_ERROR = 6;

    // ctx fields, staged then merged
    private static final int F_RATE = 0;
    private static final int F_MARK = 1;
    private static final int F_ORACLE = 2;
    private static final int F_VOLUME = 3;
    private static final int F_NEXT_NS = 4;
    private static final int FIELDS = 5;
    private static final int FUNDING_FIELDS = (1 << F_RATE) | (1 << F_MARK) | (1 << F_ORACLE) | (1 << F_NEXT_NS);

    private static final byte[] CHANNEL = ascii("channel");
    private static final byte[] DATA = ascii("data");
    private static final byte[] COIN = ascii("coin");
    private static final byte[] CTX = ascii("ctx");
    private static final byte[] LEVELS = ascii("levels");
    private static final byte[] TIME = ascii("time");
    private static final byte[] PX = ascii("px");
    private static final byte[] SZ = ascii("sz");
    private static final byte[] FUNDING = ascii("funding");
    private static final byte[] MARK_PX = ascii("markPx");
    private static final byte[] ORACLE_PX = ascii("oraclePx");
    private static final byte[] DAY_NTL_VLM = ascii("dayNtlVlm");
    private static final byte[] ACTIVE_ASSET_CTX = ascii("activeAssetCtx");
    private static final byte[] L2_BOOK = ascii("l2Book");
    private static final byte[] PONG = ascii("pong");
    private static final byte[] SUBSCRIPTION_RESPONSE = ascii("subscriptionResponse");
    private static final byte[] ERROR = ascii("error");

    private final JsonScanner scanner = new JsonScanner();
    private final JsonScanner deferred = new JsonScanner();
    private final AsciiSymbolMap symbols = new AsciiSymbolMap(64);
    private final BookUpdatePublisher books;
    private final MarketDataPublisher marketData;
    private final LevelBuffer bids = new LevelBuffer(MAX_STAGED_LEVELS);
    private final LevelBuffer asks = new LevelBuffer(MAX_STAGED_LEVELS);
    private final long[] staged = new long[FIELDS];
    private final long[] counts = new long[FrameResult.COUNT];

    private int[] instrumentIds = new int[16];
    private long[] ctxState = new long[16 * FIELDS];
    private long[] lastBookTimeMs = new long[16];
    private int instrumentCount;
    private long pongs;
    private long subscriptionResponses;
    private long errors;
    private long leftOutLevels;

    // the frame in hand
    private long tsInitNs;
    private int lastInstrumentIndex = -1;
    private int channel;
    private int symbolIndex;
    private boolean coinSeen;
    private int stagedMask;
    private long timeMs;
    private boolean sidesStaged;

    /**
     * @param sink             where events go.
     * @param maxLevelsPerSide cap of book levels per side per message (lowered to what fits a slot).
     */
    public HyperliquidParser(final EventSink sink, final int maxLevelsPerSide)
    {
        this.books = new BookUpdatePublisher(sink, Venue.HYPERLIQUID, maxLevelsPerSide);
        this.marketData = new MarketDataPublisher(sink, Venue.HYPERLIQUID);
        this.marketData.capacity(instrumentIds.length);
    }

    /** As many levels per side as fit a slot. */
    public HyperliquidParser(final EventSink sink)
    {
        this(sink, Integer.MAX_VALUE);
    }

    // ------------------------------------------------------------------ start-up

    /**
     * Registers a coin, the venue's name of the perpetual ("BTC", "kPEPE"); start-up only, may allocate.
     *
     * @return the coin's local index.
     */
    public int addInstrument(final String coin, final int instrumentId)
    {
        final int existing = symbols.get(coin);
        if (existing != AsciiSymbolMap.MISSING)
        {
            instrumentIds[existing] = instrumentId;
            return existing;
        }
        if (instrumentCount == instrumentIds.length)
        {
            final int capacity = instrumentCount * 2;
            instrumentIds = Arrays.copyOf(instrumentIds, capacity);
            ctxState = Arrays.copyOf(ctxState, capacity * FIELDS);
            lastBookTimeMs = Arrays.copyOf(lastBookTimeMs, capacity);
            marketData.capacity(capacity);
        }
        final int index = instrumentCount++;
        instrumentIds[index] = instrumentId;
        Arrays.fill(ctxState, index * FIELDS, (index + 1) * FIELDS, FixedPoint.NULL);
        lastBookTimeMs[index] = Long.MIN_VALUE;
        symbols.put(coin, index);
        return index;
    }

    /** The local index of a registered coin, or -1. */
    public int instrumentIndex(final String coin)
    {
        return symbols.get(coin);
    }

    public int instrumentCount()
    {
        return instrumentCount;
    }

    public int instrumentId(final int instrumentIndex)
    {
        return instrumentIds[instrumentIndex];
    }

    /** Forgets what was published (on reconnect): the next ctx and book of each coin are published whatever they hold. */
    public void reset()
    {
        Arrays.fill(ctxState, FixedPoint.NULL);
        Arrays.fill(lastBookTimeMs, Long.MIN_VALUE);
    }

    // ------------------------------------------------------------------ counters

    public long count(final int result)
    {
        return counts[result];
    }

    /** {@code {"channel":"pong"}} frames: answers to our pings. */
    public long pongs()
    {
        return pongs;
    }

    public long subscriptionResponses()
    {
        return subscriptionResponses;
    }

    /** {@code {"channel":"error"}} frames: the venue refused a request. */
    public long errors()
    {
        return errors;
    }

    /** Funding and ticker updates the full ring refused (kept and published later, the latest per coin). */
    public long keptUpdates()
    {
        return marketData.kept();
    }

    /** Book levels beyond {@link #MAX_STAGED_LEVELS} a side, checked and left out. */
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

    /** Local index of the coin of the last frame, or -1. */
    public int lastInstrumentIndex()
    {
        return lastInstrumentIndex;
    }

    // ------------------------------------------------------------------ frames

    /**
     * Parses one WebSocket text frame.
     *
     * @param tsInitNs when the frame was received (stamped on every event; the time of a ctx).
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
        channel = CHANNEL_NONE;
        final JsonScanner scanner = this.scanner;
        scanner.wrap(buffer, offset, length);
        if (!scanner.beginObject())
        {
            return FrameResult.MALFORMED;
        }
        boolean dataSeen = false;
        boolean dataStaged = false;
        int deferredOffset = -1;
        int deferredLength = 0;
        while (scanner.nextField())
        {
            if (scanner.nameEquals(CHANNEL))
            {
                if (channel != CHANNEL_NONE || !scanner.readString())
                {
                    return FrameResult.MALFORMED;
                }
                channel = channel(scanner);
            }
            else if (scanner.nameEquals(DATA))
            {
                if (dataSeen)
                {
                    return FrameResult.MALFORMED;
                }
                dataSeen = true;
                if (channel == CHANNEL_CTX || channel == CHANNEL_BOOK)
                {
                    if (!stageData(scanner))
                    {
                        return FrameResult.MALFORMED;
                    }
                    dataStaged = true;
                    continue;
                }
                if (channel == CHANNEL_NONE)
                {
                    deferredOffset = scanner.position();
                }
                if (!scanner.skipValue())
                {
                    return FrameResult.MALFORMED;
                }
                deferredLength = scanner.position() - deferredOffset;
            }
            else if (!scanner.skipValue())
            {
                return FrameResult.MALFORMED;
            }
        }
        if (!scanner.end())
        {
            return FrameResult.MALFORMED;
        }
        switch (channel)
        {
            case CHANNEL_CTX:
            case CHANNEL_BOOK:
                break;
            case CHANNEL_PONG:
                pongs++;
                return FrameResult.IGNORED;
            case CHANNEL_SUBSCRIPTION:
                subscriptionResponses++;
                return FrameResult.IGNORED;
            case CHANNEL_ERROR:
                errors++;
                return FrameResult.IGNORED;
            default:
                return FrameResult.IGNORED;
        }
        if (!dataSeen)
        {
            return FrameResult.MALFORMED;
        }
        if (!dataStaged)
        {
            deferred.wrap(buffer, deferredOffset, deferredLength);
            if (!stageData(deferred) || !deferred.end())
            {
                return FrameResult.MALFORMED;
            }
        }
        if (!coinSeen)
        {
            return FrameResult.MALFORMED;
        }
        if (symbolIndex < 0)
        {
            return FrameResult.UNKNOWN_SYMBOL;
        }
        lastInstrumentIndex = symbolIndex;
        return channel == CHANNEL_CTX ? onCtx() : onBook();
    }

    private static int channel(final JsonScanner scanner)
    {
        if (scanner.valueEscaped())
        {
            return CHANNEL_OTHER;
        }
        if (scanner.valueEquals(L2_BOOK))
        {
            return CHANNEL_BOOK;
        }
        if (scanner.valueEquals(ACTIVE_ASSET_CTX))
        {
            return CHANNEL_CTX;
        }
        if (scanner.valueEquals(PONG))
        {
            return CHANNEL_PONG;
        }
        if (scanner.valueEquals(SUBSCRIPTION_RESPONSE))
        {
            return CHANNEL_SUBSCRIPTION;
        }
        return scanner.valueEquals(ERROR) ? CHANNEL_ERROR : CHANNEL_OTHER;
    }

    /** The data object of a ctx or book frame, staged; false if malformed. */
    private boolean stageData(final JsonScanner scanner)
    {
        coinSeen = false;
        symbolIndex = AsciiSymbolMap.MISSING;
        stagedMask = 0;
        timeMs = JsonScanner.NULL_LONG;
        sidesStaged = false;
        if (!scanner.beginObject())
        {
            return false;
        }
        boolean ctxSeen = false;
        while (scanner.nextField())
        {
            if (scanner.nameEquals(COIN))
            {
                if (coinSeen || !scanner.readString())
                {
                    return false;
                }
                coinSeen = true;
                symbolIndex = scanner.valueEscaped() ? AsciiSymbolMap.MISSING : scanner.valueLookup(symbols);
            }
            else if (channel == CHANNEL_CTX && scanner.nameEquals(CTX))
            {
                if (ctxSeen || !stageCtx(scanner))
                {
                    return false;
                }
                ctxSeen = true;
            }
            else if (channel == CHANNEL_BOOK && scanner.nameEquals(LEVELS))
            {
                if (sidesStaged || !stageLevels(scanner))
                {
                    return false;
                }
                sidesStaged = true;
            }
            else if (channel == CHANNEL_BOOK && scanner.nameEquals(TIME))
            {
                if (timeMs != JsonScanner.NULL_LONG || (timeMs = scanner.readLong()) == JsonScanner.NULL_LONG || timeMs <= 0
                    || timeMs > MAX_TIME_MS)
                {
                    return false;
                }
            }
            else if (!scanner.skipValue())
            {
                return false;
            }
        }
        if (scanner.error())
        {
            return false;
        }
        return channel == CHANNEL_CTX ? ctxSeen && (stagedMask & (1 << F_RATE)) != 0 && (stagedMask & (1 << F_MARK)) != 0
            : sidesStaged && timeMs != JsonScanner.NULL_LONG;
    }

    private boolean stageCtx(final JsonScanner scanner)
    {
        if (!scanner.beginObject())
        {
            return false;
        }
        while (scanner.nextField())
        {
            final int field = ctxField(scanner);
            if (field < 0)
            {
                if (!scanner.skipValue())
                {
                    return false;
                }
                continue;
            }
            final int bit = 1 << field;
            if ((stagedMask & bit) != 0)
            {
                return false;
            }
            long value = scanner.readFixed();
            if (scanner.error())
            {
                return false;
            }
            if (scanner.valueType() == JsonScanner.NULL || (scanner.valueType() == JsonScanner.STRING && scanner.valueLength() == 0))
            {
                continue; // absent
            }
            if (value == FixedPoint.NULL && (field != F_VOLUME || (value = scanner.valueFixedSaturating()) == FixedPoint.NULL))
            {
                return false;
            }
            staged[field] = value;
            stagedMask |= bit;
        }
        return !scanner.error();
    }

    private static int ctxField(final JsonScanner scanner)
    {
        switch (scanner.nameLength())
        {
            case 6:
                return scanner.nameEquals(MARK_PX) ? F_MARK : -1;
            case 7:
                return scanner.nameEquals(FUNDING) ? F_RATE : -1;
            case 8:
                return scanner.nameEquals(ORACLE_PX) ? F_ORACLE : -1;
            case 9:
                return scanner.nameEquals(DAY_NTL_VLM) ? F_VOLUME : -1;
            default:
                return -1;
        }
    }

    /** {@code [[bids],[asks]]}: exactly two sides. */
    private boolean stageLevels(final JsonScanner scanner)
    {
        return scanner.beginArray()
            && scanner.nextElement() && stageSide(scanner, bids)
            && scanner.nextElement() && stageSide(scanner, asks)
            && !scanner.nextElement() && !scanner.error();
    }

    private boolean stageSide(final JsonScanner scanner, final LevelBuffer side)
    {
        side.clear();
        if (!scanner.beginArray())
        {
            return false;
        }
        final int compact = side.parsePxSz(scanner); // the form the venue sends, in one go
        if (compact != LevelBuffer.NOT_COMPACT)
        {
            return compact == LevelBuffer.OK;
        }
        final int leftOut = side.readObjectLevels(scanner, PX, SZ);
        leftOutLevels += Math.max(leftOut, 0);
        return leftOut >= 0;
    }

    private int onCtx()
    {
        final long tsEventNs = tsInitNs;
        final long rate = staged[F_RATE];
        final long mark = staged[F_MARK];
        final boolean hasOracle = (stagedMask & (1 << F_ORACLE)) != 0;
        if (rate > MAX_RATE || rate < -MAX_RATE || mark <= 0 || (hasOracle && staged[F_ORACLE] <= 0))
        {
            return FrameResult.MALFORMED;
        }
        staged[F_NEXT_NS] = nextHourNs(tsEventNs);
        stagedMask |= 1 << F_NEXT_NS;
        final int base = symbolIndex * FIELDS;
        final long[] state = ctxState;
        int changed = 0;
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
        final int instrumentId = instrumentIds[symbolIndex];
        if ((changed & FUNDING_FIELDS) != 0)
        {
            final boolean sent = marketData.funding(symbolIndex, tsInitNs, tsEventNs, instrumentId, state[base + F_RATE], FUNDING_INTERVAL_S,
                state[base + F_NEXT_NS], state[base + F_MARK], state[base + F_ORACLE]);
            published |= sent;
            kept |= !sent;
        }
        if ((changed & (1 << F_VOLUME)) != 0)
        {
            final boolean sent = marketData.ticker(symbolIndex, tsInitNs, tsEventNs, instrumentId, state[base + F_VOLUME],
                FixedPoint.NULL, FixedPoint.NULL, FixedPoint.NULL);
            published |= sent;
            kept |= !sent;
        }
        if (kept)
        {
            return FrameResult.RING_FULL;
        }
        return published ? FrameResult.PUBLISHED : FrameResult.IGNORED;
    }

    /** The next whole hour strictly after {@code tsNs}: Hyperliquid settles funding on the hour. */
    public static long nextHourNs(final long tsNs)
    {
        return Math.floorDiv(tsNs, HOUR_NS) * HOUR_NS + HOUR_NS;
    }

    private int onBook()
    {
        if (timeMs < lastBookTimeMs[symbolIndex])
        {
            return FrameResult.DROPPED; // an older book than the one the engine has
        }
        if (!books.publishSnapshot(tsInitNs, timeMs * NS_PER_MS, instrumentIds[symbolIndex], timeMs, 0, bids, asks))
        {
            return FrameResult.RING_FULL; // the next push is a whole book again: nothing to resync
        }
        lastBookTimeMs[symbolIndex] = timeMs;
        return FrameResult.PUBLISHED;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
