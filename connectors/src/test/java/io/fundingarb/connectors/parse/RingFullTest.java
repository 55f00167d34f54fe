package io.fundingarb.connectors.parse;

import static io.fundingarb.connectors.parse.Recordings.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.BookUpdateDecoder;
import io.fundingarb.codecs.sbe.FundingUpdateDecoder;
import io.fundingarb.connectors.binance.BinanceParser;
import io.fundingarb.connectors.bybit.BybitParser;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * A full inbound ring never blocks a parser (its caller is a Netty I/O thread that must keep
 * answering pings): a book frame it cannot publish leaves the book out of sync, for the feed to
 * resync as after a gap; a funding update is kept, the latest per instrument, and published before
 * the next frame's events once there is room. Real recorded frames (Bybit) and Binance's
 * documented markPrice example.
 */
class RingFullTest
{
    private static final String TICKER = Recordings.firstFrame(Recordings.BYBIT, "\"tickers.BTCUSDT\"", "\"snapshot\"");
    private static final String MARK_DELTA = Recordings.firstFrame(Recordings.BYBIT, "\"tickers.BTCUSDT\"", "\"delta\"", "markPrice");
    private static final String BOOK = Recordings.firstFrame(Recordings.BYBIT, "\"orderbook.200.BTCUSDT\"", "\"snapshot\"");
    private static final String BOOK_DELTA = Recordings.firstFrame(Recordings.BYBIT, "\"orderbook.200.BTCUSDT\"", "\"delta\"");
    /** Binance's documented markPriceUpdate example (VENUES.md), BTC values of 2024-08-08. */
    private static final String MARK_PRICE =
        "{\"stream\":\"btcusdt@markPrice@1s\",\"data\":{\"e\":\"markPriceUpdate\",\"E\":1723161268000,\"s\":\"BTCUSDT\"," +
        "\"p\":\"61802.25000000\",\"i\":\"61835.72340426\",\"P\":\"61830.10552137\",\"r\":\"%s\",\"T\":1723190400000}}";

    private final CapturingSink sink = new CapturingSink();

    private static int frame(final BybitParser parser, final String json, final long ts)
    {
        final UnsafeBuffer buffer = bytes(json);
        return parser.onFrame(buffer, 0, buffer.capacity(), ts);
    }

    private static int frame(final BinanceParser parser, final String json, final long ts)
    {
        final UnsafeBuffer buffer = bytes(json);
        return parser.onFrame(buffer, 0, buffer.capacity(), ts);
    }

    @Test
    void shouldLeaveABookOutOfSyncWhenTheRingRefusesADelta()
    {
        final BybitParser parser = new BybitParser(sink);
        parser.addInstrument("BTCUSDT", 21);
        assertThat(frame(parser, BOOK, 1)).isEqualTo(FrameResult.PUBLISHED);

        sink.full(true);
        assertThat(frame(parser, BOOK_DELTA, 2)).isEqualTo(FrameResult.RING_FULL);
        sink.full(false);

        assertThat(parser.bookSynced(0)).as("the feed resubscribes for a snapshot, as after a gap").isFalse();
        assertThat(parser.count(FrameResult.RING_FULL)).isEqualTo(1);
        assertThat(frame(parser, BOOK_DELTA, 3)).as("deltas wait for the snapshot").isEqualTo(FrameResult.DROPPED);
        assertThat(frame(parser, BOOK, 4)).isEqualTo(FrameResult.PUBLISHED);
        assertThat(parser.bookSynced(0)).isTrue();
        assertThat(sink.size()).as("the first snapshot and the resync's").isEqualTo(2);
        assertThat(sink.templateId(1)).isEqualTo(BookUpdateDecoder.TEMPLATE_ID);
    }

    @Test
    void shouldAskForANewBinanceSnapshotWhenTheRingRefusesADiff()
    {
        final BinanceParser parser = new BinanceParser(sink);
        parser.addInstrument("BTCUSDT", 11);
        final UnsafeBuffer snapshot = bytes("{\"lastUpdateId\":100,\"E\":1723161256501,\"T\":1723161256493,"
            + "\"bids\":[[\"61800.20\",\"2.909\"]],\"asks\":[[\"61800.30\",\"0.488\"]]}");
        assertThat(parser.onDepthSnapshot(0, snapshot, 0, snapshot.capacity(), 1)).isEqualTo(FrameResult.PUBLISHED);

        sink.full(true);
        assertThat(frame(parser, diff(101, 105, 100), 2)).isEqualTo(FrameResult.RING_FULL);
        sink.full(false);

        assertThat(parser.bookSync(0).needsSnapshot()).as("the feed fetches a new snapshot, as after a gap").isTrue();
        assertThat(frame(parser, diff(106, 110, 105), 3)).as("diffs wait for it").isEqualTo(FrameResult.BUFFERED);
        assertThat(sink.size()).as("only the first snapshot reached the engine").isEqualTo(1);
    }

    /** A btcusdt@depth@0ms diff of the shape hftbacktest recorded, one level a side. */
    private static String diff(final long first, final long last, final long previous)
    {
        return "{\"stream\":\"btcusdt@depth@0ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1723161256600,\"T\":1723161256598,"
            + "\"s\":\"BTCUSDT\",\"U\":" + first + ",\"u\":" + last + ",\"pu\":" + previous
            + ",\"b\":[[\"61800.10\",\"0.696\"]],\"a\":[[\"61800.40\",\"1.000\"]]}}";
    }

    @Test
    void shouldKeepTheLatestBybitFundingAndPublishItBeforeTheNextFrame()
    {
        final BybitParser parser = new BybitParser(sink);
        parser.addInstrument("BTCUSDT", 21);
        sink.full(true);
        assertThat(frame(parser, TICKER, 1)).isEqualTo(FrameResult.RING_FULL);
        assertThat(frame(parser, MARK_DELTA, 2)).isEqualTo(FrameResult.RING_FULL);
        assertThat(sink.size()).isZero();
        sink.full(false);

        frame(parser, BOOK, 3);

        assertThat(sink.templateId(0)).as("the kept funding goes first").isEqualTo(FundingUpdateDecoder.TEMPLATE_ID);
        final FundingUpdateDecoder funding = sink.funding(0);
        assertThat(funding.tsInitNs()).as("stamped when it reaches the ring").isEqualTo(3);
        assertThat(funding.fundingRate()).isEqualTo(FixedPoint.parse("0.0001"));
        assertThat(funding.markPrice()).as("the delta's mark: the latest wins").isNotEqualTo(FixedPoint.parse("65117.44"));
        assertThat(parser.keptUpdates()).isPositive();
    }

    @Test
    void shouldKeepOnlyTheLatestBinanceRateWhileTheRingIsFull()
    {
        final BinanceParser parser = new BinanceParser(sink);
        parser.addInstrument("BTCUSDT", 11);
        sink.full(true);
        assertThat(frame(parser, String.format(MARK_PRICE, "0.00010000"), 1)).isEqualTo(FrameResult.RING_FULL);
        assertThat(frame(parser, String.format(MARK_PRICE, "0.00020000"), 2)).isEqualTo(FrameResult.RING_FULL);
        sink.full(false);

        assertThat(frame(parser, String.format(MARK_PRICE, "0.00030000"), 3)).isEqualTo(FrameResult.PUBLISHED);

        assertThat(sink.size()).as("the first refused rate was replaced by the second; that one goes out before the new frame's").isEqualTo(2);
        assertThat(sink.funding(0).fundingRate()).isEqualTo(FixedPoint.parse("0.0002"));
        assertThat(sink.funding(1).fundingRate()).isEqualTo(FixedPoint.parse("0.0003"));
        assertThat(parser.count(FrameResult.RING_FULL)).isEqualTo(2);
    }

    @Test
    void shouldPublishAKeptBinanceRateWhenTheNextFrameIsAnotherKind()
    {
        final BinanceParser parser = new BinanceParser(sink);
        parser.addInstrument("BTCUSDT", 11);
        sink.full(true);
        frame(parser, String.format(MARK_PRICE, "0.00020000"), 1);
        sink.full(false);

        frame(parser, "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":5123107839020,\"s\":\"BTCUSDT\","
            + "\"b\":\"61800.20\",\"B\":\"2.507\",\"a\":\"61800.30\",\"A\":\"2.510\",\"T\":1723161256313,\"E\":1723161256313}}", 2);

        assertThat(sink.size()).isEqualTo(2);
        assertThat(sink.funding(0).fundingRate()).isEqualTo(FixedPoint.parse("0.0002"));
    }
}
