package io.fundingarb.bench;

import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.binance.BinanceParser;
import io.fundingarb.connectors.bybit.BybitParser;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.recording.FeedRecording;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.IntToLongFunction;
import java.util.zip.GZIPInputStream;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What the latency harness plays, as raw frame bytes (resources {@code frames/}, see its README):
 * <ul>
 *   <li>Binance BTCUSDT: the 999 WebSocket frames of the hftbacktest recording of 2024-08-08
 *   ({@code depth@0ms}, {@code bookTicker}, {@code trade}), each pass starting with its REST depth
 *   snapshot (book sync off: diffs are published as received, as the parser benchmarks do);</li>
 *   <li>Bybit BTC, SOL and DOGE USDT: every {@code tickers} and {@code orderbook.200} frame of the
 *   linear connection of the cryptofeed recording of 2026-08-09, in the order received. That
 *   recording starts mid-stream (no book snapshot), so each pass starts with each symbol's first
 *   delta replayed as its snapshot;</li>
 *   <li>ETH, the traded token, on both venues in the documented frame shapes (Binance
 *   {@code markPriceUpdate} and {@code GET /fapi/v1/depth}, Bybit {@code tickers} and
 *   {@code orderbook.50} snapshots) at one price, so that moving Binance's rate away from Bybit's
 *   decides an entry and moving it back decides the exit.</li>
 * </ul>
 * Recorded frames interleave Binance and Bybit in proportion to their counts.
 */
final class Frames
{
    static final String[] TOKENS = {"BTC", "ETH", "SOL", "DOGE"};
    static final int ETH = 1;
    static final String ETH_MARK = "3500.00";
    static final String ETH_BYBIT_RATE = "0.00010000";
    static final String ETH_BINANCE_AWAY_RATE = "-0.00300000";
    static final long NEXT_FUNDING_MS = 1_786_320_000_000L; // 2026-08-10 00:00 UTC, the recording's next settlement

    private final List<UnsafeBuffer> buffers = new ArrayList<>();
    private final List<Boolean> binance = new ArrayList<>();
    private final List<UnsafeBuffer> bybitSnapshots = new ArrayList<>();
    private UnsafeBuffer binanceBtcSnapshot;
    private final UnsafeBuffer ethBinanceSnapshot;
    private final UnsafeBuffer ethBybitBook;
    private final UnsafeBuffer ethBybitTicker;
    private final UnsafeBuffer ethAway;
    private final UnsafeBuffer ethBack;
    private final int entryEvery;
    private long sent;

    private Frames(final int entryEvery)
    {
        this.entryEvery = entryEvery;
        final long eventMs = LatencyHarness.EPOCH_START_NS / 1_000_000L;
        ethBinanceSnapshot = ascii(depthSnapshot(eventMs));
        ethBybitBook = ascii(bybitBook(eventMs));
        ethBybitTicker = ascii("{\"topic\":\"tickers.ETHUSDT\",\"type\":\"snapshot\",\"data\":{\"symbol\":\"ETHUSDT\",\"lastPrice\":\"" + ETH_MARK
            + "\",\"markPrice\":\"" + ETH_MARK + "\",\"indexPrice\":\"" + ETH_MARK + "\",\"turnover24h\":\"900000000.00\",\"volume24h\":\"257142.85\","
            + "\"fundingIntervalHour\":\"8\",\"nextFundingTime\":\"" + NEXT_FUNDING_MS + "\",\"fundingRate\":\"" + ETH_BYBIT_RATE + "\","
            + "\"bid1Price\":\"3499.90\",\"bid1Size\":\"50\",\"ask1Price\":\"3500.10\",\"ask1Size\":\"50\"},\"cs\":1,\"ts\":" + eventMs + "}");
        ethAway = ascii(markPrice(eventMs, ETH_BINANCE_AWAY_RATE));
        ethBack = ascii(markPrice(eventMs, ETH_BYBIT_RATE));
    }

    static int id(final int token, final Venue venue)
    {
        return (token + 1) * 10 + venue.value();
    }

    static Frames load(final int entryEvery)
    {
        final Frames frames = new Frames(entryEvery);
        final List<String> binance = new ArrayList<>();
        try (BufferedReader reader = reader("binance-usdm-btcusdt-2024-08-08.hftbacktest.head1000.txt.gz"))
        {
            for (final FeedRecording.Record r : FeedRecording.read(reader))
            {
                if (r.text().startsWith("{\"lastUpdateId\""))
                {
                    frames.binanceBtcSnapshot = ascii(r.text()); // the REST depth snapshot (hftbacktest keeps it among the frames)
                }
                else
                {
                    binance.add(r.text());
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final List<String> bybit = new ArrayList<>();
        final Set<String> snapshotted = new HashSet<>();
        try (BufferedReader reader = reader("bybit-linear-2026-08-09.tickers-orderbook.txt.gz"))
        {
            for (String line = reader.readLine(); line != null; line = reader.readLine())
            {
                if (line.contains("ETHUSDT\""))
                {
                    continue; // ETH is the harness's own token
                }
                final int topicAt = line.indexOf("\"topic\":\"orderbook.");
                if (topicAt >= 0)
                {
                    final String topic = line.substring(topicAt, line.indexOf('"', topicAt + 9));
                    if (snapshotted.add(topic))
                    {
                        frames.bybitSnapshots.add(ascii(line.replace("\"type\":\"delta\"", "\"type\":\"snapshot\"")));
                        continue;
                    }
                }
                bybit.add(line);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        if (frames.binanceBtcSnapshot == null || binance.isEmpty() || bybit.isEmpty())
        {
            throw new IllegalStateException("recorded frames missing from the benchmarks' resources");
        }
        int b = 0;
        int y = 0;
        while (b < binance.size() || y < bybit.size())
        {
            final boolean takeBinance = y == bybit.size() || (b < binance.size() && (long)b * bybit.size() <= (long)y * binance.size());
            frames.buffers.add(ascii(takeBinance ? binance.get(b++) : bybit.get(y++)));
            frames.binance.add(takeBinance);
        }
        return frames;
    }

    /** The books' snapshots that start each pass, and ETH's state on both venues. */
    void publishSnapshots(final BinanceParser binanceParser, final BybitParser bybitParser, final long tsInitNs)
    {
        binanceParser.onDepthSnapshot(binanceParser.instrumentIndex("BTCUSDT"), binanceBtcSnapshot, 0, binanceBtcSnapshot.capacity(), tsInitNs);
        binanceParser.onDepthSnapshot(binanceParser.instrumentIndex("ETHUSDT"), ethBinanceSnapshot, 0, ethBinanceSnapshot.capacity(), tsInitNs);
        for (final UnsafeBuffer snapshot : bybitSnapshots)
        {
            bybitParser.onFrame(snapshot, 0, snapshot.capacity(), tsInitNs);
        }
        bybitParser.onFrame(ethBybitBook, 0, ethBybitBook.capacity(), tsInitNs);
        bybitParser.onFrame(ethBybitTicker, 0, ethBybitTicker.capacity(), tsInitNs);
        binanceParser.onFrame(ethBack, 0, ethBack.capacity(), tsInitNs);
    }

    int size()
    {
        return buffers.size();
    }

    boolean isBinance(final int frame)
    {
        return binance.get(frame);
    }

    UnsafeBuffer buffer(final int frame)
    {
        return buffers.get(frame);
    }

    /** Every {@code entryEvery}th frame sent is ETH's Binance rate, away from Bybit's then back; else null. */
    UnsafeBuffer rateMove()
    {
        final long n = ++sent;
        if (n % entryEvery != 0)
        {
            return null;
        }
        return (n / entryEvery & 1) == 1 ? ethAway : ethBack;
    }

    /** A parser's counts per {@link FrameResult}, for the closing line. */
    static String counts(final IntToLongFunction count)
    {
        final StringJoiner j = new StringJoiner(", ", "{", "}");
        for (int r = 0; r < FrameResult.COUNT; r++)
        {
            if (count.applyAsLong(r) > 0)
            {
                j.add(FrameResult.name(r) + " " + count.applyAsLong(r));
            }
        }
        return j.toString();
    }

    private static String markPrice(final long eventMs, final String rate)
    {
        return "{\"stream\":\"ethusdt@markPrice@1s\",\"data\":{\"e\":\"markPriceUpdate\",\"E\":" + eventMs + ",\"s\":\"ETHUSDT\",\"p\":\""
            + ETH_MARK + "\",\"i\":\"" + ETH_MARK + "\",\"P\":\"" + ETH_MARK + "\",\"r\":\"" + rate + "\",\"T\":" + NEXT_FUNDING_MS + "}}";
    }

    private static String depthSnapshot(final long eventMs)
    {
        return "{\"lastUpdateId\":1000,\"E\":" + eventMs + ",\"T\":" + eventMs + ",\"bids\":" + levels(-1) + ",\"asks\":" + levels(1) + "}";
    }

    private static String bybitBook(final long eventMs)
    {
        return "{\"topic\":\"orderbook.50.ETHUSDT\",\"type\":\"snapshot\",\"ts\":" + eventMs + ",\"data\":{\"s\":\"ETHUSDT\",\"b\":" + levels(-1)
            + ",\"a\":" + levels(1) + ",\"u\":1,\"seq\":1000},\"cts\":" + eventMs + "}";
    }

    /** Twenty levels 0.10 apart from the mark's either side, 50 ETH each. */
    private static String levels(final int side)
    {
        final StringJoiner j = new StringJoiner(",", "[", "]");
        final long markCents = 350_000;
        for (int k = 1; k <= 20; k++)
        {
            final long cents = markCents + side * 10L * k;
            j.add("[\"" + cents / 100 + "." + String.format("%02d", cents % 100) + "\",\"50\"]");
        }
        return j.toString();
    }

    private static UnsafeBuffer ascii(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.UTF_8));
    }

    private static BufferedReader reader(final String resource) throws IOException
    {
        final InputStream in = Frames.class.getResourceAsStream("/frames/" + resource);
        if (in == null)
        {
            throw new IllegalStateException("resource frames/" + resource + " missing");
        }
        return new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
    }
}
