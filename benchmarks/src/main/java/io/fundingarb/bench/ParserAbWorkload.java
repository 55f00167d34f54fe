package io.fundingarb.bench;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.connectors.binance.BinanceParser;
import io.fundingarb.connectors.bybit.BybitParser;
import java.util.function.IntUnaryOperator;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One build's parser on one workload, for {@link ParserAb}. This class is defined afresh in the
 * class loader of every build compared (its bytes come from the harness's jar, the parser it
 * links to from the build's), so it may use only what every build has: the parsers' public
 * constructors, {@code addInstrument} and {@code onFrame}, and the codecs' {@code EventSink}
 * (through {@link RecyclingSink}, defined the same way).
 * {@link #applyAsInt(int)} parses that many frames, round robin, into a recycling sink and
 * returns the sum of the result codes (the same in every build unless behaviour changed).
 */
public final class ParserAbWorkload implements IntUnaryOperator
{
    private final BybitParser bybit;
    private final BinanceParser binance;
    private final UnsafeBuffer[] frames;
    private int turn;

    /**
     * @param venue    {@code bybit}, {@code binance}, or {@code binance-unsynced} (depth updates
     *                 published as they come, as in ParserBenchmark, not held for a snapshot).
     * @param snapshot a frame parsed once first (a ticker snapshot the deltas merge into), or null.
     * @param frames   the frames parsed in turn.
     */
    public ParserAbWorkload(final String venue, final byte[] snapshot, final byte[][] frames)
    {
        final EventSink sink = new RecyclingSink();
        if ("bybit".equals(venue))
        {
            bybit = new BybitParser(sink);
            bybit.addInstrument("BTCUSDT", 2, 8 * 3600);
            binance = null;
        }
        else
        {
            binance = "binance-unsynced".equals(venue)
                ? new BinanceParser(sink, Integer.MAX_VALUE, false, BinanceParser.DEFAULT_MAX_PENDING_BYTES)
                : new BinanceParser(sink);
            binance.addInstrument("BTCUSDT", 1);
            bybit = null;
        }
        if (snapshot != null)
        {
            parse(new UnsafeBuffer(snapshot));
        }
        this.frames = new UnsafeBuffer[frames.length];
        for (int i = 0; i < frames.length; i++)
        {
            this.frames[i] = new UnsafeBuffer(frames[i]);
        }
    }

    private int parse(final UnsafeBuffer frame)
    {
        return bybit != null
            ? bybit.onFrame(frame, 0, frame.capacity(), 1L)
            : binance.onFrame(frame, 0, frame.capacity(), 1L);
    }

    @Override
    public int applyAsInt(final int count)
    {
        final UnsafeBuffer[] frames = this.frames;
        int t = turn;
        int sum = 0;
        for (int n = 0; n < count; n++)
        {
            sum += parse(frames[t]);
            t = t + 1 == frames.length ? 0 : t + 1;
        }
        turn = t;
        return sum;
    }
}
