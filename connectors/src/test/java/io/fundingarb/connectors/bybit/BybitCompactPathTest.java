package io.fundingarb.connectors.bybit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.connectors.parse.CapturingSink;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.parse.Recordings;
import io.fundingarb.connectors.recording.FeedRecording;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The compact fast path of the ticker frames against the general walk. A frame with one leading
 * space is the same JSON but not the compact form, so it always takes the general walk: two
 * parsers, one given each frame as received and the other given it after a space, must return
 * the same result and publish byte-identical events, frame after frame, on every recorded frame
 * and on mutated ones.
 */
class BybitCompactPathTest
{
    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT", "DOGEUSDT");

    private final CapturingSink compactSink = new CapturingSink();
    private final CapturingSink generalSink = new CapturingSink();
    private final BybitParser compact = parser(compactSink);
    private final BybitParser general = parser(generalSink);

    private static BybitParser parser(final CapturingSink sink)
    {
        final BybitParser parser = new BybitParser(sink);
        // ETHUSDT is left out: its frames are unknown symbols
        for (int i = 0; i < SYMBOLS.size(); i++)
        {
            if (i != 1)
            {
                parser.addInstrument(SYMBOLS.get(i), 300 + i, 240 * 60);
            }
        }
        return parser;
    }

    private static List<String> recordedFrames()
    {
        return Recordings.read(Recordings.BYBIT).stream()
            .filter(r -> r.kind() == FeedRecording.Kind.FRAME)
            .map(FeedRecording.Record::text)
            .toList();
    }

    /** Feeds one frame to both parsers and checks they agree; returns the result. */
    private int assertSameOnBothPaths(final byte[] frame, final long tsInitNs)
    {
        final byte[] spaced = new byte[frame.length + 1];
        spaced[0] = ' ';
        System.arraycopy(frame, 0, spaced, 1, frame.length);
        compactSink.clear();
        generalSink.clear();

        final int result = compact.onFrame(new UnsafeBuffer(frame), 0, frame.length, tsInitNs);
        final int generalResult = general.onFrame(new UnsafeBuffer(spaced), 0, spaced.length, tsInitNs);

        final String text = new String(frame, StandardCharsets.UTF_8);
        assertThat(result).as(text).isEqualTo(generalResult);
        assertThat(compactSink.size()).as(text).isEqualTo(generalSink.size());
        for (int i = 0; i < compactSink.size(); i++)
        {
            assertThat(compactSink.messages().get(i)).as("%s event %d", text, i).isEqualTo(generalSink.messages().get(i));
        }
        return result;
    }

    @Test
    void shouldPublishTheSameEventsOnTheCompactPathAsOnTheGeneralWalkForEveryRecordedFrame()
    {
        long tsInitNs = 1;
        int published = 0;
        for (final String frame : recordedFrames())
        {
            if (assertSameOnBothPaths(frame.getBytes(StandardCharsets.UTF_8), tsInitNs++) == FrameResult.PUBLISHED)
            {
                published++;
            }
        }

        assertThat(general.compactFrames()).isZero();
        assertThat(compact.compactFrames()).as("linear ticker frames of known symbols take the fast path").isGreaterThan(500);
        assertThat(compact.count(FrameResult.UNKNOWN_SYMBOL)).isEqualTo(general.count(FrameResult.UNKNOWN_SYMBOL)).isPositive();
        assertThat(published).isGreaterThan(1000);
    }

    @Test
    void shouldAgreeOnMutatedTickerFramesWhateverTheyBecome()
    {
        final List<String> tickers = recordedFrames().stream().filter(f -> f.startsWith("{\"topic\":\"tickers.")).toList();
        final Random random = new Random(42L);
        final byte[] alphabet = "{}[]:,\"\\ 019-.eEtnu\u0001".getBytes(StandardCharsets.ISO_8859_1);
        long tsInitNs = 1;
        // the snapshots first, so that deltas merge
        for (final String ticker : tickers)
        {
            assertSameOnBothPaths(ticker.getBytes(StandardCharsets.UTF_8), tsInitNs++);
        }
        final long[] results = new long[FrameResult.COUNT];
        for (int n = 0; n < 20_000; n++)
        {
            final byte[] frame = tickers.get(random.nextInt(tickers.size())).getBytes(StandardCharsets.UTF_8);
            final int at = random.nextInt(frame.length);
            final byte[] mutated = switch (random.nextInt(3))
            {
                case 0 -> splice(frame, at, 1, new byte[0]);
                case 1 -> splice(frame, at, 0, new byte[] {alphabet[random.nextInt(alphabet.length)]});
                default -> splice(frame, at, 1, new byte[] {alphabet[random.nextInt(alphabet.length)]});
            };
            results[assertSameOnBothPaths(mutated, tsInitNs++)]++;
        }

        assertThat(results[FrameResult.MALFORMED]).isPositive();
        assertThat(results[FrameResult.PUBLISHED] + results[FrameResult.IGNORED]).isPositive();
        assertThat(compact.compactFrames()).isPositive();
    }

    @Test
    void shouldSaturateATurnoverBeyondTheFixedPointRangeOnBothPathsAndKeepTheFunding()
    {
        // BTCUSDT's 24 h turnover is tens of billions of USDT: beyond FixedPoint's ~9.22e9
        final String frame = "{\"topic\":\"tickers.BTCUSDT\",\"type\":\"snapshot\",\"data\":{\"symbol\":\"BTCUSDT\"," +
            "\"markPrice\":\"66666.60\",\"indexPrice\":\"66660.00\",\"fundingIntervalHour\":\"8\",\"nextFundingTime\":\"1760342400000\"," +
            "\"fundingRate\":\"0.0001\",\"bid1Price\":\"66666.5\",\"ask1Price\":\"66666.7\",\"turnover24h\":\"15000000000.2500\"}," +
            "\"cs\":9532239429,\"ts\":1760325052630}";

        assertThat(assertSameOnBothPaths(frame.getBytes(StandardCharsets.UTF_8), 1)).isEqualTo(FrameResult.PUBLISHED);

        assertThat(compact.compactFrames()).isEqualTo(1);
        assertThat(compactSink.funding(0).fundingRate()).isEqualTo(FixedPoint.parse("0.0001"));
        assertThat(compactSink.ticker(1).quoteVolume24h()).isEqualTo(Long.MAX_VALUE);
        assertThat(compactSink.ticker(1).bidPrice()).isEqualTo(FixedPoint.parse("66666.5"));

        // an exponent that overflows is not a volume: malformed on both paths
        final String exponent = frame.replace("15000000000.2500", "1.5e30").replace("snapshot", "delta");
        assertThat(assertSameOnBothPaths(exponent.getBytes(StandardCharsets.UTF_8), 2)).isEqualTo(FrameResult.MALFORMED);
    }

    private static byte[] splice(final byte[] frame, final int at, final int removed, final byte[] inserted)
    {
        final byte[] out = new byte[frame.length - removed + inserted.length];
        System.arraycopy(frame, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(frame, at + removed, out, at + inserted.length, frame.length - at - removed);
        return out;
    }
}
