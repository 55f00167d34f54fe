package io.fundingarb.bench;

import io.fundingarb.codecs.sbe.BookAction;
import io.fundingarb.codecs.sbe.BookUpdateDecoder;
import io.fundingarb.codecs.sbe.BookUpdateEncoder;
import io.fundingarb.codecs.sbe.FundingUpdateDecoder;
import io.fundingarb.codecs.sbe.FundingUpdateEncoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.Venue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SBE encode and decode of the two commonest inbound events, as a feed handler writes them into a
 * ring slot and a stage reads them back: header + body at offset 0 of a slot-sized buffer, every
 * field written and every field read. Values change per invocation (8 variants) so nothing folds.
 *
 * <p>In-run baselines: {@code copy*Baseline} moves the same encoded bytes with
 * {@link System#arraycopy} (the floor for touching that many bytes), and
 * {@code handLayoutFundingUpdateBaseline} writes and reads the same FundingUpdate fields through a
 * hand-written little-endian {@link ByteBuffer} layout (what SBE replaces).
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
public class SbeCodecBenchmark
{
    private static final int VARIANTS = 8;
    private static final int MASK = VARIANTS - 1;
    private static final int LEVELS = 10;
    private static final int SLOT_BYTES = 1024;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final FundingUpdateEncoder fundingEncoder = new FundingUpdateEncoder();
    private final FundingUpdateDecoder fundingDecoder = new FundingUpdateDecoder();
    private final BookUpdateEncoder bookEncoder = new BookUpdateEncoder();
    private final BookUpdateDecoder bookDecoder = new BookUpdateDecoder();

    private final byte[] slotArray = new byte[SLOT_BYTES];
    private final UnsafeBuffer slot = new UnsafeBuffer(slotArray);
    private final byte[] copyTarget = new byte[SLOT_BYTES];
    private final ByteBuffer handLayout = ByteBuffer.allocate(SLOT_BYTES).order(ByteOrder.LITTLE_ENDIAN);

    /** Pre-encoded messages for the decode-only benchmarks. */
    private final UnsafeBuffer fundingEncoded = new UnsafeBuffer(new byte[SLOT_BYTES]);
    private final UnsafeBuffer bookEncoded = new UnsafeBuffer(new byte[SLOT_BYTES]);
    private int fundingLength;
    private int bookLength;

    private final long[] timestamps = new long[VARIANTS];
    private final long[] rates = new long[VARIANTS];
    private final long[] prices = new long[VARIANTS];
    private final long[] bidPrices = new long[VARIANTS * LEVELS];
    private final long[] askPrices = new long[VARIANTS * LEVELS];
    private final long[] sizes = new long[VARIANTS * LEVELS];
    private int index;

    @Setup
    public void setup()
    {
        for (int v = 0; v < VARIANTS; v++)
        {
            timestamps[v] = 1_763_900_000_000_000_000L + v * 1_000_003L;
            rates[v] = 38_167L + v * 1_250L - 5_000L;
            prices[v] = 61_800_300_000_000L + v * 100_000_000L;
            for (int l = 0; l < LEVELS; l++)
            {
                bidPrices[v * LEVELS + l] = prices[v] - (l + 1) * 100_000_000L;
                askPrices[v * LEVELS + l] = prices[v] + (l + 1) * 100_000_000L;
                sizes[v * LEVELS + l] = 1_250_000_000L + (v * LEVELS + l) * 1_000_000L;
            }
        }
        fundingLength = encodeFunding(fundingEncoded, 3);
        bookLength = encodeBook(bookEncoded, 5);
    }

    private int next()
    {
        final int i = index;
        index = (i + 1) & MASK;
        return i;
    }

    private int encodeFunding(final UnsafeBuffer buffer, final int v)
    {
        final long ts = timestamps[v];
        fundingEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .tsInitNs(ts)
            .tsEventNs(ts - 1_000_000L)
            .instrumentId(17 + v)
            .venue(Venue.BYBIT)
            .fundingRate(rates[v])
            .fundingIntervalS(28_800)
            .nextFundingTsNs(ts + 3_600_000_000_000L)
            .markPrice(prices[v])
            .indexPrice(prices[v] - 10_000_000L);
        return MessageHeaderEncoder.ENCODED_LENGTH + fundingEncoder.encodedLength();
    }

    private long decodeFunding(final UnsafeBuffer buffer)
    {
        headerDecoder.wrap(buffer, 0);
        if (headerDecoder.templateId() != FundingUpdateDecoder.TEMPLATE_ID)
        {
            return -1;
        }
        final FundingUpdateDecoder d = fundingDecoder.wrap(
            buffer, MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
        return d.tsInitNs() ^ d.tsEventNs() ^ d.instrumentId() ^ d.venueRaw() ^ d.fundingRate()
            ^ d.fundingIntervalS() ^ d.nextFundingTsNs() ^ d.markPrice() ^ d.indexPrice();
    }

    private int encodeBook(final UnsafeBuffer buffer, final int v)
    {
        final long ts = timestamps[v];
        bookEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .tsInitNs(ts)
            .tsEventNs(ts - 1_000_000L)
            .instrumentId(17 + v)
            .venue(Venue.BINANCE)
            .action(BookAction.SNAPSHOT)
            .sequence(ts >>> 20)
            .prevSequence((ts >>> 20) - 1);
        final int base = v * LEVELS;
        final BookUpdateEncoder.BidsEncoder bids = bookEncoder.bidsCount(LEVELS);
        for (int l = 0; l < LEVELS; l++)
        {
            bids.next().price(bidPrices[base + l]).size(sizes[base + l]);
        }
        final BookUpdateEncoder.AsksEncoder asks = bookEncoder.asksCount(LEVELS);
        for (int l = 0; l < LEVELS; l++)
        {
            asks.next().price(askPrices[base + l]).size(sizes[base + l]);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + bookEncoder.encodedLength();
    }

    private long decodeBook(final UnsafeBuffer buffer)
    {
        headerDecoder.wrap(buffer, 0);
        if (headerDecoder.templateId() != BookUpdateDecoder.TEMPLATE_ID)
        {
            return -1;
        }
        final BookUpdateDecoder d = bookDecoder.wrap(
            buffer, MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
        long h = d.tsInitNs() ^ d.tsEventNs() ^ d.instrumentId() ^ d.venueRaw() ^ d.actionRaw()
            ^ d.sequence() ^ d.prevSequence();
        for (final BookUpdateDecoder.BidsDecoder bid : d.bids())
        {
            h = h * 31 + (bid.price() ^ bid.size());
        }
        for (final BookUpdateDecoder.AsksDecoder ask : d.asks())
        {
            h = h * 31 + (ask.price() ^ ask.size());
        }
        return h;
    }

    @Benchmark
    public long encodeDecodeFundingUpdate()
    {
        encodeFunding(slot, next());
        return decodeFunding(slot);
    }

    @Benchmark
    public long decodeFundingUpdate()
    {
        return decodeFunding(fundingEncoded);
    }

    @Benchmark
    public long encodeDecodeBookUpdate20()
    {
        encodeBook(slot, next());
        return decodeBook(slot);
    }

    @Benchmark
    public long decodeBookUpdate20()
    {
        return decodeBook(bookEncoded);
    }

    /** Baseline: copy the encoded FundingUpdate's bytes (65) and read one long back. */
    @Benchmark
    public long copyFundingUpdateBaseline()
    {
        System.arraycopy(fundingEncoded.byteArray(), 0, copyTarget, 0, fundingLength);
        return copyTarget[next()];
    }

    /** Baseline: copy the encoded 20-level BookUpdate's bytes (374) and read one byte back. */
    @Benchmark
    public long copyBookUpdate20Baseline()
    {
        System.arraycopy(bookEncoded.byteArray(), 0, copyTarget, 0, bookLength);
        return copyTarget[next()];
    }

    /** Baseline: the FundingUpdate fields written and read through a hand-coded little-endian ByteBuffer layout. */
    @Benchmark
    public long handLayoutFundingUpdateBaseline()
    {
        final int v = next();
        final long ts = timestamps[v];
        final ByteBuffer b = handLayout;
        b.putLong(0, ts)
            .putLong(8, ts - 1_000_000L)
            .putInt(16, 17 + v)
            .put(20, (byte)Venue.BYBIT.value())
            .putLong(21, rates[v])
            .putInt(29, 28_800)
            .putLong(33, ts + 3_600_000_000_000L)
            .putLong(41, prices[v])
            .putLong(49, prices[v] - 10_000_000L);
        return b.getLong(0) ^ b.getLong(8) ^ b.getInt(16) ^ b.get(20) ^ b.getLong(21)
            ^ b.getInt(29) ^ b.getLong(33) ^ b.getLong(41) ^ b.getLong(49);
    }
}
