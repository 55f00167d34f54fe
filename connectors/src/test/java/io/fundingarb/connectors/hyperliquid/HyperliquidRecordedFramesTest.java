package io.fundingarb.connectors.hyperliquid;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.sbe.BookUpdateDecoder;
import io.fundingarb.connectors.parse.CapturingSink;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.parse.Recordings;
import io.fundingarb.connectors.recording.FeedRecording;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** The hftbacktest recording of Hyperliquid BTC, 2025-01-26 (nkaz001/hftbacktest, MIT): 46 l2Book snapshots and 9 trades frames. */
class HyperliquidRecordedFramesTest
{
    private final CapturingSink sink = new CapturingSink();
    private final HyperliquidParser parser = new HyperliquidParser(sink);

    HyperliquidRecordedFramesTest()
    {
        parser.addInstrument("BTC", 7);
    }

    private int parseAll()
    {
        int books = 0;
        for (final FeedRecording.Record record : Recordings.read(Recordings.HYPERLIQUID))
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(record.text().getBytes(StandardCharsets.UTF_8));
            final int result = parser.onFrame(buffer, 0, buffer.capacity(), record.tsNs());
            if (record.text().startsWith("{\"channel\":\"l2Book\""))
            {
                assertThat(result).as("line %d", record.line()).isEqualTo(FrameResult.PUBLISHED);
                books++;
            }
            else
            {
                assertThat(result).as("line %d", record.line()).isEqualTo(FrameResult.IGNORED);
            }
        }
        return books;
    }

    @Test
    void shouldPublishEveryRecordedBookAsASnapshot()
    {
        assertThat(parseAll()).isEqualTo(46);

        assertThat(sink.size()).isEqualTo(46);
        assertThat(parser.count(FrameResult.PUBLISHED)).isEqualTo(46);
        assertThat(parser.count(FrameResult.IGNORED)).isEqualTo(9);
        assertThat(parser.count(FrameResult.MALFORMED)).isZero();
    }

    @Test
    void shouldKeepTwentyLevelsASideUncrossedAndOrdered()
    {
        parseAll();

        for (int i = 0; i < sink.size(); i++)
        {
            final BookUpdateDecoder book = sink.book(i);
            final List<long[]> bids = levels(book.bids());
            final List<long[]> asks = levels(book.asks());
            assertThat(bids).as("book %d", i).hasSize(20);
            assertThat(asks).as("book %d", i).hasSize(20);
            assertThat(bids.get(0)[0]).as("book %d: best bid below best ask", i).isLessThan(asks.get(0)[0]);
            for (int l = 1; l < 20; l++)
            {
                assertThat(bids.get(l)[0]).isLessThan(bids.get(l - 1)[0]);
                assertThat(asks.get(l)[0]).isGreaterThan(asks.get(l - 1)[0]);
            }
        }
    }

    @Test
    void shouldSequenceTheBooksByTheirTimeInOrder()
    {
        parseAll();

        for (int i = 1; i < sink.size(); i++)
        {
            assertThat(sink.book(i).sequence()).isGreaterThanOrEqualTo(sink.book(i - 1).sequence());
        }
    }

    private static List<long[]> levels(final BookUpdateDecoder.BidsDecoder side)
    {
        final List<long[]> out = new ArrayList<>();
        for (final BookUpdateDecoder.BidsDecoder level : side)
        {
            out.add(new long[] {level.price(), level.size()});
        }
        return out;
    }

    private static List<long[]> levels(final BookUpdateDecoder.AsksDecoder side)
    {
        final List<long[]> out = new ArrayList<>();
        for (final BookUpdateDecoder.AsksDecoder level : side)
        {
            out.add(new long[] {level.price(), level.size()});
        }
        return out;
    }
}
