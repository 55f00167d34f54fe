package io.fundingarb.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fundingarb.connectors.binance.BinanceParser;
import io.fundingarb.connectors.bybit.BybitParser;
import io.fundingarb.connectors.hyperliquid.HyperliquidParser;
import io.fundingarb.connectors.kraken.KrakenParser;
import io.fundingarb.connectors.parse.FrameResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Market-data parsing straight from the frame bytes into SBE events (issue 3 targets: a
 * {@code markPriceUpdate} or Bybit {@code tickers} frame ≤ 300 ns, a 20-level depth update ≤ 1 µs,
 * 0 B/op). Every parse publishes into a recycling {@link EventSink} (claim/commit on one reusable
 * buffer), so the score is the parser and the SBE encode, nothing else.
 * <ul>
 *   <li>{@code binanceMarkPrice}: a combined-stream {@code btcusdt@markPrice@1s} frame, the field
 *   set of Binance's documented example (VENUES.md) with BTC values of 2024-08-08 → one FundingUpdate.</li>
 *   <li>{@code bybitTickerDelta}: two real consecutive-ish Bybit v5 {@code tickers.BTCUSDT} deltas
 *   (cryptofeed recording 2026-08-09, 317 and 274 bytes) in turn, after the real snapshot; the mark
 *   moves on each, so each publishes one merged FundingUpdate.</li>
 *   <li>{@code bybitTickerRecorded}: all 184 recorded {@code tickers.BTCUSDT} deltas of that
 *   recording in the order received (resource {@code frames/}), round robin after the snapshot: the
 *   real mix (most deltas move only the best bid or ask; 189 bytes on average), each publishing what
 *   its changes call for (nothing, a FundingUpdate and/or a TickerUpdate).</li>
 *   <li>{@code bybitBookDelta}: a real Bybit book delta (4 bids + 6 asks, recorded on
 *   {@code orderbook.200}, topic renamed {@code orderbook.50}: the frame shape is the same) with its
 *   {@code u} rewritten in place (8 ASCII digits) before each parse so the update id stays contiguous
 *   → one BookUpdate DELTA.</li>
 *   <li>{@code binanceDepth20}: a real {@code btcusdt@depth@0ms} depthUpdate with exactly 10 bids and
 *   10 asks (hftbacktest recording 2024-08-08, MIT), book sync off (every diff published as received)
 *   → one BookUpdate DELTA of 20 levels.</li>
 *   <li>{@code hyperliquidActiveAssetCtx}: two {@code activeAssetCtx} frames of BTC in turn, the ctx of
 *   Hyperliquid's documented {@code metaAndAssetCtxs} example (10 fields, {@code impactPxs} an array),
 *   the mark moving by one tick between them → one FundingUpdate each (hourly rate, next hour).</li>
 *   <li>{@code hyperliquidL2Book20x20}: the first recorded {@code l2Book} of BTC (hftbacktest
 *   2025-01-26, MIT; 20 {@code {px,sz,n}} levels a side, 1,631 bytes) → one BookUpdate SNAPSHOT of 40
 *   levels; {@code hyperliquidL2Book10x10}: the same frame cut to its best 10 levels a side (20 levels,
 *   as {@code binanceDepth20}).</li>
 *   <li>{@code krakenTicker}: Kraken Futures' documented {@code ticker} frame (docs.kraken.com/api/docs/futures-api/websocket/ticker,
 *   "Subscription Data", 25 fields, 558 bytes, every field on every message) for PF_XBTUSD, two in turn with the mark one
 *   tick apart → one FundingUpdate each (the relative rate, hourly); {@code krakenBookDelta}: the documented {@code book}
 *   delta (docs.kraken.com/api/docs/futures-api/websocket/book) with its {@code seq} rewritten in place before each parse
 *   so it follows the last → one BookUpdate DELTA of one level; {@code krakenBookSnapshot}: the documented
 *   {@code book_snapshot} (2 + 2 levels) → one BookUpdate SNAPSHOT.</li>
 * </ul>
 * Baselines in the same run: Jackson databind {@code ObjectMapper.readTree} on the same bytes (a
 * tree, no events: the usual way, and already more than the parser does).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    Flags.ADD_OPENS_REFLECT,
    Flags.ADD_EXPORTS_NIO_CH,
    Flags.ADD_EXPORTS_INTERNAL_MISC,
    Flags.ADD_EXPORTS_INTERNAL_REF,
    Flags.ENABLE_NATIVE_ACCESS,
    Flags.CHRONICLE_ANALYTICS_DISABLE,
    Flags.CHRONICLE_ANNOUNCER_DISABLE })
@State(Scope.Thread)
public class ParserBenchmark
{
    static final String BINANCE_MARK_PRICE =
        "{\"stream\":\"btcusdt@markPrice@1s\",\"data\":{\"e\":\"markPriceUpdate\",\"E\":1723161268000,\"s\":\"BTCUSDT\"," +
        "\"p\":\"61802.25000000\",\"i\":\"61835.72340426\",\"P\":\"61830.10552137\",\"r\":\"0.00010000\",\"T\":1723190400000}}";

    /** hftbacktest binance-usdm-btcusdt-2024-08-08 (MIT): a depthUpdate of exactly 10 bids and 10 asks, byte for byte. */
    static final String BINANCE_DEPTH_20 =
        "{\"stream\":\"btcusdt@depth@0ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1723161268308,\"T\":1723161268306,\"s\":\"BTCUSDT\"," +
        "\"U\":5123108806878,\"u\":5123108809628,\"pu\":5123108806815,\"b\":[[\"5000.00\",\"2.301\"],[\"18540.70\",\"0.000\"]," +
        "[\"61493.20\",\"0.015\"],[\"61649.70\",\"0.056\"],[\"61731.20\",\"0.028\"],[\"61763.00\",\"0.100\"],[\"61774.80\",\"0.112\"]," +
        "[\"61781.20\",\"0.020\"],[\"61794.70\",\"0.009\"],[\"61802.20\",\"3.088\"]],\"a\":[[\"61802.30\",\"0.488\"],[\"61812.40\",\"0.000\"]," +
        "[\"61820.60\",\"0.120\"],[\"61827.10\",\"0.016\"],[\"61827.80\",\"0.768\"],[\"61922.60\",\"0.000\"],[\"61963.40\",\"0.012\"]," +
        "[\"61987.70\",\"0.025\"],[\"62906.10\",\"0.000\"],[\"63780.60\",\"0.000\"]]}}";

    /** cryptofeed bybit-v5-linear-2026-08-09 (licence LICENSE-cryptofeed): the tickers.BTCUSDT snapshot, byte for byte. */
    static final String BYBIT_TICKER_SNAPSHOT =
        "{\"topic\":\"tickers.BTCUSDT\",\"type\":\"snapshot\",\"data\":{\"symbol\":\"BTCUSDT\",\"tickDirection\":\"ZeroPlusTick\"," +
        "\"price24hPcnt\":\"0.001624\",\"lastPrice\":\"65114.30\",\"prevPrice24h\":\"65008.70\",\"highPrice24h\":\"65282.30\"," +
        "\"lowPrice24h\":\"64694.40\",\"prevPrice1h\":\"65083.80\",\"markPrice\":\"65117.44\",\"indexPrice\":\"65137.76\"," +
        "\"openInterest\":\"59891.732\",\"openInterestValue\":\"3899996265.01\",\"turnover24h\":\"1142118412.9021\"," +
        "\"volume24h\":\"17573.9120\",\"fundingIntervalHour\":\"8\",\"fundingCap\":\"0.005\",\"singleOpenInterest\":\"29945.866\"," +
        "\"singleOpenInterestValue\":\"1949998132.50\",\"nextFundingTime\":\"1786320000000\",\"fundingRate\":\"0.0001\"," +
        "\"bid1Price\":\"65114.20\",\"bid1Size\":\"5.954\",\"ask1Price\":\"65114.30\",\"ask1Size\":\"10.470\",\"preOpenPrice\":\"\"," +
        "\"preQty\":\"\",\"curPreListingPhase\":\"\"},\"cs\":753843900397,\"ts\":1786310817583}";

    /** Same recording: two tickers.BTCUSDT deltas, byte for byte. */
    static final String BYBIT_TICKER_DELTA_A =
        "{\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\",\"data\":{\"symbol\":\"BTCUSDT\",\"markPrice\":\"65118.03\"," +
        "\"indexPrice\":\"65138.36\",\"openInterestValue\":\"3900031601.13\",\"bid1Price\":\"65114.20\",\"bid1Size\":\"10.128\"," +
        "\"ask1Price\":\"65114.30\",\"ask1Size\":\"6.496\",\"singleOpenInterestValue\":\"1950015800.56\"},\"cs\":753843939653," +
        "\"ts\":1786310819083}";
    static final String BYBIT_TICKER_DELTA_B =
        "{\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\",\"data\":{\"symbol\":\"BTCUSDT\",\"markPrice\":\"65117.98\"," +
        "\"indexPrice\":\"65138.39\",\"openInterestValue\":\"3900028606.54\",\"bid1Price\":\"65114.20\",\"bid1Size\":\"7.814\"," +
        "\"singleOpenInterestValue\":\"1950014303.27\"},\"cs\":753844016329,\"ts\":1786310822083}";

    /** Same recording: an orderbook.200.BTCUSDT delta (topic renamed orderbook.50), u = 15076955 rewritten per parse. */
    static final String BYBIT_BOOK_DELTA =
        "{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"ts\":1786310818328,\"data\":{\"s\":\"BTCUSDT\"," +
        "\"b\":[[\"65103.90\",\"0.094\"],[\"65103.80\",\"0.039\"],[\"65092.40\",\"0\"],[\"65092.10\",\"0.015\"]]," +
        "\"a\":[[\"65116.80\",\"0\"],[\"65117.00\",\"0.002\"],[\"65119.40\",\"0.028\"],[\"65133.50\",\"2.301\"],[\"65133.60\",\"0.001\"]," +
        "[\"65146.70\",\"0\"]],\"u\":15076955,\"seq\":753843918854},\"cts\":1786310818327}";
    static final String BYBIT_BOOK_SNAPSHOT =
        "{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1786310818000,\"data\":{\"s\":\"BTCUSDT\"," +
        "\"b\":[[\"65103.90\",\"0.094\"]],\"a\":[[\"65116.80\",\"0.5\"]],\"u\":19999999,\"seq\":753843918000},\"cts\":1786310817999}";

    /** Hyperliquid's documented ctx (info-endpoint/perpetuals, metaAndAssetCtxs example) for BTC, pushed on activeAssetCtx. */
    static final String HYPERLIQUID_CTX_A =
        "{\"channel\":\"activeAssetCtx\",\"data\":{\"coin\":\"BTC\",\"ctx\":{\"dayNtlVlm\":\"1169046.29406\",\"funding\":\"0.0000125\"," +
        "\"impactPxs\":[\"14.3047\",\"14.3444\"],\"markPx\":\"14.3161\",\"midPx\":\"14.314\",\"openInterest\":\"688.11\"," +
        "\"oraclePx\":\"14.32\",\"premium\":\"0.00031774\",\"prevDayPx\":\"15.322\"}}}";
    static final String HYPERLIQUID_CTX_B = HYPERLIQUID_CTX_A.replace("\"markPx\":\"14.3161\"", "\"markPx\":\"14.3162\"");

    /** Kraken Futures' documented ticker example (PI_XBTUSD in the page), named PF_XBTUSD, byte for byte otherwise. */
    static final String KRAKEN_TICKER_A =
        "{\"time\":1612270825253,\"feed\":\"ticker\",\"product_id\":\"PF_XBTUSD\",\"bid\":34832.5,\"ask\":34847.5,\"bid_size\":42864," +
        "\"ask_size\":2300,\"volume\":262306237,\"dtm\":0,\"leverage\":\"50x\",\"index\":34803.45,\"premium\":0.1,\"last\":34852," +
        "\"change\":2.995109121267192,\"funding_rate\":3.891007752e-9,\"funding_rate_prediction\":4.2233756e-9,\"suspended\":false," +
        "\"tag\":\"perpetual\",\"pair\":\"XBT:USD\",\"openInterest\":107706940,\"markPrice\":34844.25,\"maturityTime\":0," +
        "\"relative_funding_rate\":0.000135046879166667,\"relative_funding_rate_prediction\":0.000146960125," +
        "\"next_funding_rate_time\":1612281600000}";
    static final String KRAKEN_TICKER_B = KRAKEN_TICKER_A.replace("\"markPrice\":34844.25", "\"markPrice\":34844.75");
    /** The documented book snapshot (the PF_XBTUSD variant) and delta; the delta's seq is rewritten per parse. */
    static final String KRAKEN_BOOK_SNAPSHOT =
        "{\"feed\":\"book_snapshot\",\"product_id\":\"PF_XBTUSD\",\"timestamp\":1612269825817,\"seq\":326072249,\"tickSize\":null," +
        "\"bids\":[{\"price\":34892.5,\"qty\":6385},{\"price\":34892,\"qty\":10924}]," +
        "\"asks\":[{\"price\":34911.5,\"qty\":20598},{\"price\":34912,\"qty\":2300}]}";
    static final String KRAKEN_BOOK_DELTA =
        "{\"feed\":\"book\",\"product_id\":\"PF_XBTUSD\",\"side\":\"sell\",\"seq\":326094134,\"price\":34981,\"qty\":0," +
        "\"timestamp\":1612269953629}";
    private static final int KRAKEN_SNAPSHOT_SEQ = 326_072_249;
    private static final int KRAKEN_LAST_SEQ = 999_999_999;

    private static final String RECORDED_TICKERS = "/frames/bybit-tickers-btcusdt-2026-08-09.txt";
    private static final String HYPERLIQUID_BOOK = "/frames/hyperliquid-l2book-btc-2025-01-26.txt";
    private static final int FIRST_BOOK_UPDATE_ID = 20_000_000;
    private static final int LAST_BOOK_UPDATE_ID = 99_999_999;
    private static final long TS_INIT = 1_786_310_818_400_000_000L;

    private final RecyclingSink sink = new RecyclingSink();
    private final ObjectMapper mapper = new ObjectMapper();

    private BinanceParser binance;
    private BybitParser bybit;
    private BybitParser bybitRecorded;
    private HyperliquidParser hyperliquid;
    private KrakenParser kraken;
    private final Frame krakenTickerA = new Frame(KRAKEN_TICKER_A);
    private final Frame krakenTickerB = new Frame(KRAKEN_TICKER_B);
    private final Frame krakenSnapshot = new Frame(KRAKEN_BOOK_SNAPSHOT);
    private final Frame krakenDelta = new Frame(KRAKEN_BOOK_DELTA);
    private int krakenTickerTurn;
    private int krakenSeq;
    private int krakenSeqOffset;

    private final Frame markPrice = new Frame(BINANCE_MARK_PRICE);
    private final Frame depth20 = new Frame(BINANCE_DEPTH_20);
    private final Frame tickerSnapshot = new Frame(BYBIT_TICKER_SNAPSHOT);
    private final Frame tickerA = new Frame(BYBIT_TICKER_DELTA_A);
    private final Frame tickerB = new Frame(BYBIT_TICKER_DELTA_B);
    private final Frame bookDelta = new Frame(BYBIT_BOOK_DELTA);
    private final Frame bookSnapshot = new Frame(BYBIT_BOOK_SNAPSHOT);
    private final Frame ctxA = new Frame(HYPERLIQUID_CTX_A);
    private final Frame ctxB = new Frame(HYPERLIQUID_CTX_B);
    private Frame l2Book20x20;
    private Frame l2Book10x10;
    private int ctxTurn;
    private Frame[] recordedTickers;
    private int recordedTurn;
    private int updateIdOffset;
    private int updateId;
    private int tickerTurn;

    @Setup(Level.Trial)
    public void setUp()
    {
        binance = new BinanceParser(sink, Integer.MAX_VALUE, false, BinanceParser.DEFAULT_MAX_PENDING_BYTES);
        binance.addInstrument("BTCUSDT", 1);
        bybit = new BybitParser(sink);
        bybit.addInstrument("BTCUSDT", 2, 8 * 3600);
        updateIdOffset = BYBIT_BOOK_DELTA.indexOf("\"u\":15076955") + 4;

        expect(binance.onFrame(markPrice.buffer, 0, markPrice.length, TS_INIT), 1, "markPrice");
        expect(binance.onFrame(depth20.buffer, 0, depth20.length, TS_INIT), 1, "depth20");
        expect(bybit.onFrame(tickerSnapshot.buffer, 0, tickerSnapshot.length, TS_INIT), 2, "ticker snapshot");
        expect(bybit.onFrame(tickerA.buffer, 0, tickerA.length, TS_INIT), 1, "ticker delta A");
        expect(bybit.onFrame(tickerB.buffer, 0, tickerB.length, TS_INIT), 1, "ticker delta B");
        recordedTickers = recordedTickerDeltas();
        resyncBook();
        expect(bybitBookDelta(), 1, "book delta");
        expect(bybitBookDelta(), 1, "book delta");
        hyperliquid = new HyperliquidParser(sink);
        hyperliquid.addInstrument("BTC", 3);
        final String book = resourceLines(HYPERLIQUID_BOOK).get(0);
        l2Book20x20 = new Frame(book);
        l2Book10x10 = new Frame(bestLevels(book, 10));
        expect(hyperliquid.onFrame(ctxA.buffer, 0, ctxA.length, TS_INIT), 2, "ctx A");
        expect(hyperliquid.onFrame(ctxB.buffer, 0, ctxB.length, TS_INIT), 1, "ctx B");
        expect(hyperliquid.onFrame(l2Book20x20.buffer, 0, l2Book20x20.length, TS_INIT), 1, "l2Book 20x20");
        expect(hyperliquid.onFrame(l2Book10x10.buffer, 0, l2Book10x10.length, TS_INIT), 1, "l2Book 10x10");
        kraken = new KrakenParser(sink);
        kraken.addInstrument("PF_XBTUSD", 4);
        krakenSeqOffset = KRAKEN_BOOK_DELTA.indexOf("\"seq\":") + 6;
        expect(kraken.onFrame(krakenTickerA.buffer, 0, krakenTickerA.length, TS_INIT), 2, "kraken ticker A");
        expect(kraken.onFrame(krakenTickerB.buffer, 0, krakenTickerB.length, TS_INIT), 1, "kraken ticker B");
        expect(kraken.onFrame(krakenSnapshot.buffer, 0, krakenSnapshot.length, TS_INIT), 1, "kraken snapshot");
        krakenSeq = KRAKEN_SNAPSHOT_SEQ;
        expect(krakenBookDelta(), 1, "kraken delta");
        expect(krakenBookDelta(), 1, "kraken delta");
    }

    /** The frame with its best {@code levels} levels a side, re-written compactly in the same field order. */
    private String bestLevels(final String book, final int levels)
    {
        try
        {
            final com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode)mapper.readTree(book);
            for (final JsonNode side : root.get("data").get("levels"))
            {
                final com.fasterxml.jackson.databind.node.ArrayNode array = (com.fasterxml.jackson.databind.node.ArrayNode)side;
                while (array.size() > levels)
                {
                    array.remove(array.size() - 1);
                }
            }
            return mapper.writeValueAsString(root);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static List<String> resourceLines(final String resource)
    {
        try (InputStream in = ParserBenchmark.class.getResourceAsStream(resource))
        {
            if (in == null)
            {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().filter(l -> !l.isEmpty()).toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The recorded BTCUSDT ticker frames (resource {@code frames/}, see its README): the snapshot is
     * parsed here, the deltas are returned to be parsed in turn.
     */
    private Frame[] recordedTickerDeltas()
    {
        final List<String> lines = resourceLines(RECORDED_TICKERS);
        final Frame snapshot = new Frame(lines.get(0));
        final BybitParser parser = new BybitParser(sink);
        parser.addInstrument("BTCUSDT", 2, 8 * 3600);
        bybitRecorded = parser;
        expect(parser.onFrame(snapshot.buffer, 0, snapshot.length, TS_INIT), 2, "recorded ticker snapshot");
        return lines.stream().skip(1).map(Frame::new).toArray(Frame[]::new);
    }

    private void expect(final int result, final int events, final String what)
    {
        if (result != FrameResult.PUBLISHED || sink.commits != events)
        {
            throw new IllegalStateException(what + ": result " + result + ", events " + sink.commits);
        }
        sink.commits = 0;
    }

    private void resyncBook()
    {
        if (bybit.onFrame(bookSnapshot.buffer, 0, bookSnapshot.length, TS_INIT) != FrameResult.PUBLISHED)
        {
            throw new IllegalStateException("book snapshot");
        }
        updateId = FIRST_BOOK_UPDATE_ID;
        sink.commits = 0;
    }

    private void nextUpdateId()
    {
        if (updateId == LAST_BOOK_UPDATE_ID)
        {
            resyncBook();
        }
        writeDigits(bookDelta.bytes, updateIdOffset, 8, updateId++);
    }

    /** Writes {@code value} as exactly {@code digits} ASCII digits at {@code offset} (a frame's id rewritten in place). */
    private static void writeDigits(final byte[] bytes, final int offset, final int digits, final int value)
    {
        int rest = value;
        for (int i = offset + digits - 1; i >= offset; i--)
        {
            bytes[i] = (byte)('0' + rest % 10);
            rest /= 10;
        }
    }

    @Benchmark
    public int binanceMarkPrice()
    {
        return binance.onFrame(markPrice.buffer, 0, markPrice.length, TS_INIT);
    }

    @Benchmark
    public int bybitTickerDelta()
    {
        final Frame frame = (tickerTurn++ & 1) == 0 ? tickerA : tickerB;
        return bybit.onFrame(frame.buffer, 0, frame.length, TS_INIT);
    }

    /**
     * The recorded BTCUSDT ticker deltas (184 frames, 189 bytes on average, mostly best bid/ask
     * moves) in the order received, round robin: the mix a feed parses, where {@link #bybitTickerDelta}
     * takes two of the largest.
     */
    @Benchmark
    public int bybitTickerRecorded()
    {
        final Frame frame = recordedTickers[recordedTurn];
        recordedTurn = recordedTurn + 1 == recordedTickers.length ? 0 : recordedTurn + 1;
        return bybitRecorded.onFrame(frame.buffer, 0, frame.length, TS_INIT);
    }

    @Benchmark
    public JsonNode jacksonTickerRecordedBaseline() throws IOException
    {
        final Frame frame = recordedTickers[recordedTurn];
        recordedTurn = recordedTurn + 1 == recordedTickers.length ? 0 : recordedTurn + 1;
        return mapper.readTree(frame.bytes);
    }

    @Benchmark
    public int bybitBookDelta()
    {
        nextUpdateId();
        return bybit.onFrame(bookDelta.buffer, 0, bookDelta.length, TS_INIT);
    }

    @Benchmark
    public int binanceDepth20()
    {
        return binance.onFrame(depth20.buffer, 0, depth20.length, TS_INIT);
    }

    @Benchmark
    public JsonNode jacksonMarkPriceBaseline() throws IOException
    {
        return mapper.readTree(markPrice.bytes);
    }

    @Benchmark
    public JsonNode jacksonTickerDeltaBaseline() throws IOException
    {
        return mapper.readTree(((tickerTurn++ & 1) == 0 ? tickerA : tickerB).bytes);
    }

    @Benchmark
    public JsonNode jacksonBookDeltaBaseline() throws IOException
    {
        return mapper.readTree(bookDelta.bytes);
    }

    @Benchmark
    public JsonNode jacksonDepth20Baseline() throws IOException
    {
        return mapper.readTree(depth20.bytes);
    }

    /** Two documented ctx frames in turn, the mark one tick apart: one FundingUpdate each. */
    @Benchmark
    public int hyperliquidActiveAssetCtx()
    {
        final Frame frame = (ctxTurn++ & 1) == 0 ? ctxA : ctxB;
        return hyperliquid.onFrame(frame.buffer, 0, frame.length, TS_INIT);
    }

    @Benchmark
    public JsonNode jacksonActiveAssetCtxBaseline() throws IOException
    {
        return mapper.readTree(((ctxTurn++ & 1) == 0 ? ctxA : ctxB).bytes);
    }

    /** The recorded BTC l2Book, 20 levels a side: one BookUpdate SNAPSHOT of 40 levels. */
    @Benchmark
    public int hyperliquidL2Book20x20()
    {
        return hyperliquid.onFrame(l2Book20x20.buffer, 0, l2Book20x20.length, TS_INIT);
    }

    @Benchmark
    public JsonNode jacksonL2Book20x20Baseline() throws IOException
    {
        return mapper.readTree(l2Book20x20.bytes);
    }

    /** The same book cut to 10 levels a side: 20 levels, as binanceDepth20. */
    @Benchmark
    public int hyperliquidL2Book10x10()
    {
        return hyperliquid.onFrame(l2Book10x10.buffer, 0, l2Book10x10.length, TS_INIT);
    }

    @Benchmark
    public JsonNode jacksonL2Book10x10Baseline() throws IOException
    {
        return mapper.readTree(l2Book10x10.bytes);
    }

    /** The documented ticker twice in turn, the mark one tick apart: one FundingUpdate each. */
    @Benchmark
    public int krakenTicker()
    {
        final Frame frame = (krakenTickerTurn++ & 1) == 0 ? krakenTickerA : krakenTickerB;
        return kraken.onFrame(frame.buffer, 0, frame.length, TS_INIT);
    }

    @Benchmark
    public JsonNode jacksonKrakenTickerBaseline() throws IOException
    {
        return mapper.readTree(((krakenTickerTurn++ & 1) == 0 ? krakenTickerA : krakenTickerB).bytes);
    }

    /** The documented delta, its seq following the last: one BookUpdate DELTA. */
    @Benchmark
    public int krakenBookDelta()
    {
        if (krakenSeq == KRAKEN_LAST_SEQ)
        {
            kraken.onFrame(krakenSnapshot.buffer, 0, krakenSnapshot.length, TS_INIT);
            krakenSeq = KRAKEN_SNAPSHOT_SEQ;
        }
        writeDigits(krakenDelta.bytes, krakenSeqOffset, 9, ++krakenSeq);
        return kraken.onFrame(krakenDelta.buffer, 0, krakenDelta.length, TS_INIT);
    }

    @Benchmark
    public JsonNode jacksonKrakenBookDeltaBaseline() throws IOException
    {
        return mapper.readTree(krakenDelta.bytes);
    }

    /** The documented snapshot, 2 + 2 levels: one BookUpdate SNAPSHOT. */
    @Benchmark
    public int krakenBookSnapshot()
    {
        return kraken.onFrame(krakenSnapshot.buffer, 0, krakenSnapshot.length, TS_INIT);
    }

    @Benchmark
    public JsonNode jacksonKrakenBookSnapshotBaseline() throws IOException
    {
        return mapper.readTree(krakenSnapshot.bytes);
    }

    /** A frame as the transport hands it over: bytes in a heap buffer. */
    static final class Frame
    {
        final byte[] bytes;
        final UnsafeBuffer buffer;
        final int length;

        Frame(final String text)
        {
            bytes = text.getBytes(StandardCharsets.US_ASCII);
            buffer = new UnsafeBuffer(bytes);
            length = bytes.length;
        }
    }
}
