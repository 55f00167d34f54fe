package io.fundingarb.bench;

import io.fundingarb.codecs.sbe.FundingUpdateEncoder;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.journal.JournalFormat;
import io.fundingarb.engine.journal.JournalWriter;
import io.fundingarb.engine.journal.SealKey;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link JournalWriter#append} of one FundingUpdate (65 bytes, SBE header included) to the input
 * journal of a fresh {@link Journal} in a temp folder, as JournalStage does for every inbound
 * event: {@code append} with the format-2 trailer (CRC32C, ordinal, chain link: 24 bytes more),
 * beside {@code appendPlain}, the bare Chronicle document the journal wrote before checksums.
 * {@code appendSyncEvery} adds {@code journal.sync: every_n_events} (a synchronous msync of the
 * pages written since the last one, every {@code syncEvery} records, on this thread);
 * {@code checkpoint} costs one such msync per checkpoint interval. Each iteration gets a new journal, deleted after it, so a run never holds more than one
 * iteration's worth of queue files on disk ({@code -Dfundingarb.bench.dir=DIR} picks the parent
 * folder; the default is java.io.tmpdir). SampleTime gives the median and tail; AverageTime the mean.
 *
 * <p>In-run baseline: {@code copyBaseline} copies the same 65 bytes into a plain byte array that
 * stands in for a memory-mapped page, i.e. the append without Chronicle's document framing.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
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
public class JournalAppendBenchmark
{
    private static final int PAGE_BYTES = 1 << 20;

    private final byte[] message = new byte[128];
    private int length;
    private Path dir;
    private Journal journal;
    private JournalWriter writer;
    private ExcerptAppender plain;
    private final CRC32C crc = new CRC32C();
    private long link = JournalFormat.GENESIS;
    private long ordinal;

    private final byte[] page = new byte[PAGE_BYTES];
    private int pageOffset;

    @Setup(Level.Trial)
    public void encode()
    {
        final FundingUpdateEncoder encoder = new FundingUpdateEncoder();
        encoder.wrapAndApplyHeader(new UnsafeBuffer(message), 0, new MessageHeaderEncoder())
            .tsInitNs(1_763_900_000_000_000_000L)
            .tsEventNs(1_763_899_999_999_000_000L)
            .instrumentId(17)
            .venue(Venue.BYBIT)
            .fundingRate(38_167L)
            .fundingIntervalS(28_800)
            .nextFundingTsNs(1_763_928_800_000_000_000L)
            .markPrice(61_800_300_000_000L)
            .indexPrice(61_800_290_000_000L);
        length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    @Setup(Level.Iteration)
    public void openJournal()
    {
        dir = BenchFiles.tempDir("fa-journal-bench");
        journal = Journal.create(dir.resolve("session"));
        writer = new JournalWriter(journal.inbound());
        plain = journal.commands().createAppender();
    }

    @TearDown(Level.Iteration)
    public void closeJournal()
    {
        writer.close();
        plain.close();
        journal.close();
        BenchFiles.deleteRecursively(dir);
    }

    @Benchmark
    public long append()
    {
        writer.append(message, 0, length);
        return writer.appended();
    }

    /** The append before checksums: the message alone in a Chronicle document (to the other queue of the same journal). */
    @Benchmark
    public long appendPlain()
    {
        try (DocumentContext dc = plain.writingDocument())
        {
            dc.wire().bytes().write(message, 0, length);
        }
        return plain.lastIndexAppended();
    }

    /** What the checksummed append adds in CPU, without the page writes: CRC32C of the message and the chain link. */
    @Benchmark
    public long trailerOnly()
    {
        crc.reset();
        crc.update(message, 0, length);
        link = JournalFormat.link(link, (int)crc.getValue(), ordinal++);
        return link;
    }

    @Benchmark
    public long appendSyncEvery(final Synced synced)
    {
        synced.writer.append(message, 0, length);
        return synced.writer.appended();
    }

    /** A journal whose writer forces its pages to disk every {@code syncEvery} records. */
    @State(Scope.Thread)
    public static class Synced
    {
        @Param({"100", "10000"})
        public int syncEvery;

        private Path dir;
        private Journal journal;
        JournalWriter writer;

        @Setup(Level.Iteration)
        public void open()
        {
            final JournalWriter.Durability durability = JournalWriter.Durability.everyRecords(syncEvery);
            dir = BenchFiles.tempDir("fa-journal-sync-bench");
            journal = Journal.create(dir.resolve("session"), durability);
            writer = new JournalWriter(journal.inbound(), durability);
        }

        @TearDown(Level.Iteration)
        public void close()
        {
            writer.close();
            journal.close();
            BenchFiles.deleteRecursively(dir);
        }
    }

    /** One seal (a state checkpoint's, or the close's): unsigned, or signed with a {@link SealKey} (journal.seal_key_env). */
    @Benchmark
    public long seal(final Sealing sealing)
    {
        sealing.writer.seal();
        return sealing.writer.seals();
    }

    /** A journal whose seals are signed or not. */
    @State(Scope.Thread)
    public static class Sealing
    {
        @Param({"false", "true"})
        public boolean signed;

        private Path dir;
        private Journal journal;
        JournalWriter writer;

        @Setup(Level.Iteration)
        public void open()
        {
            dir = BenchFiles.tempDir("fa-journal-seal-bench");
            journal = Journal.create(dir.resolve("session"));
            writer = new JournalWriter(journal.inbound(), JournalWriter.Durability.NONE,
                signed ? SealKey.of("BENCH_KEY", "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII)) : null);
        }

        @TearDown(Level.Iteration)
        public void close()
        {
            writer.close();
            journal.close();
            BenchFiles.deleteRecursively(dir);
        }
    }

    @Benchmark
    public int copyBaseline()
    {
        int offset = pageOffset;
        if (offset + length > PAGE_BYTES)
        {
            offset = 0;
        }
        System.arraycopy(message, 0, page, offset, length);
        pageOffset = offset + ((length + 7) & ~7);
        return offset;
    }
}
