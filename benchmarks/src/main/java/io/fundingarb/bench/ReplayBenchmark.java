package io.fundingarb.bench;

import io.fundingarb.codecs.CommandSink;
import io.fundingarb.codecs.sbe.BookAction;
import io.fundingarb.codecs.sbe.BookUpdateEncoder;
import io.fundingarb.codecs.sbe.FundingUpdateEncoder;
import io.fundingarb.codecs.sbe.InstrumentDefinitionEncoder;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.Quote;
import io.fundingarb.codecs.sbe.TimerEncoder;
import io.fundingarb.codecs.sbe.TimerKind;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.engine.config.ConfigLoader;
import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.journal.JournalReader;
import io.fundingarb.engine.journal.JournalWriter;
import io.fundingarb.engine.pipeline.Pipeline;
import io.fundingarb.engine.pipeline.StageChain;
import io.fundingarb.engine.pipeline.StageErrors;
import io.fundingarb.engine.replay.Replayer;
import io.fundingarb.engine.ring.InboundSlot;
import io.fundingarb.engine.stage.Stages;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Replay throughput: a session journal of {@link #EVENTS} inbound events (64 instrument
 * definitions, then 40 % FundingUpdate, 50 % BookUpdate with 5 bids and 5 asks, 10 % Timer, a
 * CHECKPOINT timer every 10,000 events) and the commands the standard stages produced for it is
 * written once per trial in a temp folder, the way the shared-threading JournalStage and stage chain
 * write it. Each invocation is one full pass; the score is ns per event (1e9 / score = events/s).
 * <ul>
 *   <li>{@code verify}: {@link Replayer#verify} with the standard stages, commands and state hashes compared.</li>
 *   <li>{@code readJournalBaseline}: only {@link JournalReader#next()} over the input journal: the
 *   Chronicle read and copy cost that every replay pays, without stages.</li>
 * </ul>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {
    Flags.ADD_OPENS_REFLECT,
    Flags.ADD_EXPORTS_NIO_CH,
    Flags.ADD_EXPORTS_INTERNAL_MISC,
    Flags.ADD_EXPORTS_INTERNAL_REF,
    Flags.ENABLE_NATIVE_ACCESS,
    Flags.CHRONICLE_ANALYTICS_DISABLE,
    Flags.CHRONICLE_ANNOUNCER_DISABLE })
@State(Scope.Benchmark)
public class ReplayBenchmark
{
    static final int INSTRUMENTS = 64;
    static final int EVENTS = 2_000_000;
    static final int CHECKPOINT_EVERY = 10_000;
    static final int BOOK_LEVELS = 5;

    private Path dir;
    private Journal journal;
    private final Stages.Factory stages = Stages.standard(ConfigLoader.defaults(), null);

    @Setup(Level.Trial)
    public void writeJournal()
    {
        dir = BenchFiles.tempDir("fa-replay-bench");
        final Path session = dir.resolve("session");
        try (Journal recording = Journal.create(session);
             JournalWriter inbound = new JournalWriter(recording.inbound());
             JournalWriter commands = new JournalWriter(recording.commands()))
        {
            final RecordingSink sink = new RecordingSink(commands);
            final StageChain chain = new StageChain(
                stages.create(sink), new StageErrors(Pipeline.JOURNAL, Pipeline.MARKET, Pipeline.RISK, Pipeline.EXECUTION));
            final EventWriter events = new EventWriter();
            final InboundSlot slot = new InboundSlot(4096);
            for (int i = 0; i < EVENTS; i++)
            {
                slot.length = events.encode(slot.buffer, i);
                inbound.append(slot.array, 0, slot.length);
                chain.onEvent(slot, i);
            }
            System.out.printf("%nreplay journal: %,d events, %,d commands, %,d bytes of queue files in %s%n",
                inbound.appended(), commands.appended(), BenchFiles.sizeOf(session), session);
        }
        journal = Journal.openExisting(session);
    }

    @TearDown(Level.Trial)
    public void deleteJournal()
    {
        journal.close();
        BenchFiles.deleteRecursively(dir);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public Replayer.Result verify()
    {
        final Replayer.Result result = Replayer.verify(journal, stages);
        if (!result.ok() || result.events() != EVENTS)
        {
            throw new IllegalStateException("replay failed: " + result);
        }
        return result;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long readJournalBaseline()
    {
        long bytes = 0;
        try (JournalReader reader = new JournalReader(journal.inbound(), 4096))
        {
            while (reader.next())
            {
                bytes += reader.length();
            }
            if (reader.position() + 1 != EVENTS)
            {
                throw new IllegalStateException("read " + (reader.position() + 1) + " events");
            }
        }
        return bytes;
    }

    /** The synthetic event stream, deterministic in the event index. */
    static final class EventWriter
    {
        private final MessageHeaderEncoder header = new MessageHeaderEncoder();
        private final InstrumentDefinitionEncoder definition = new InstrumentDefinitionEncoder();
        private final FundingUpdateEncoder funding = new FundingUpdateEncoder();
        private final BookUpdateEncoder book = new BookUpdateEncoder();
        private final TimerEncoder timer = new TimerEncoder();
        private long timerSeq;

        int encode(final MutableDirectBuffer buffer, final int i)
        {
            final long ts = 1_763_900_000_000_000_000L + i * 1_000L;
            final int instrument = i % INSTRUMENTS;
            if (i < INSTRUMENTS)
            {
                definition.wrapAndApplyHeader(buffer, 0, header)
                    .tsInitNs(ts)
                    .tsEventNs(ts)
                    .instrumentId(instrument)
                    .tokenId(instrument / 2)
                    .venue(instrument % 2 == 0 ? Venue.BINANCE : Venue.BYBIT)
                    .quote(Quote.USDT)
                    .tickSize(100_000_000L)
                    .lotSize(1_000_000L)
                    .minQty(1_000_000L)
                    .minNotional(5_000_000_000L)
                    .contractValue(1_000_000_000L)
                    .fundingIntervalS(28_800)
                    .makerFee(200_000L)
                    .takerFee(500_000L)
                    .symbol("TOKEN" + instrument + "USDT")
                    .tokenName("TOKEN" + instrument);
                return MessageHeaderEncoder.ENCODED_LENGTH + definition.encodedLength();
            }
            final int kind = i % 10;
            if (kind < 4)
            {
                funding.wrapAndApplyHeader(buffer, 0, header)
                    .tsInitNs(ts)
                    .tsEventNs(ts - 1_000_000L)
                    .instrumentId(instrument)
                    .venue(instrument % 2 == 0 ? Venue.BINANCE : Venue.BYBIT)
                    .fundingRate(38_167L + (i & 1023))
                    .fundingIntervalS(28_800)
                    .nextFundingTsNs(1_763_928_800_000_000_000L)
                    .markPrice(61_800_300_000_000L + i)
                    .indexPrice(61_800_290_000_000L + i);
                return MessageHeaderEncoder.ENCODED_LENGTH + funding.encodedLength();
            }
            if (kind < 9)
            {
                book.wrapAndApplyHeader(buffer, 0, header)
                    .tsInitNs(ts)
                    .tsEventNs(ts - 1_000_000L)
                    .instrumentId(instrument)
                    .venue(instrument % 2 == 0 ? Venue.BINANCE : Venue.BYBIT)
                    .action(BookAction.DELTA)
                    .sequence(i)
                    .prevSequence(i - 1);
                final long mid = 61_800_300_000_000L + (i & 4095) * 100_000_000L;
                final BookUpdateEncoder.BidsEncoder bids = book.bidsCount(BOOK_LEVELS);
                for (int l = 1; l <= BOOK_LEVELS; l++)
                {
                    bids.next().price(mid - l * 100_000_000L).size(l * 250_000_000L);
                }
                final BookUpdateEncoder.AsksEncoder asks = book.asksCount(BOOK_LEVELS);
                for (int l = 1; l <= BOOK_LEVELS; l++)
                {
                    asks.next().price(mid + l * 100_000_000L).size(l * 250_000_000L);
                }
                return MessageHeaderEncoder.ENCODED_LENGTH + book.encodedLength();
            }
            timer.wrapAndApplyHeader(buffer, 0, header)
                .tsInitNs(ts)
                .tsEventNs(ts)
                .kind(i % CHECKPOINT_EVERY == CHECKPOINT_EVERY - 1 ? TimerKind.CHECKPOINT : TimerKind.TICK)
                .timerSeq(timerSeq++);
            return MessageHeaderEncoder.ENCODED_LENGTH + timer.encodedLength();
        }
    }

    /** Appends each command to the command journal as it is committed: the recording run's outbound side. */
    static final class RecordingSink implements CommandSink
    {
        private final JournalWriter writer;
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        private long sequence;

        RecordingSink(final JournalWriter writer)
        {
            this.writer = writer;
        }

        @Override
        public long claim()
        {
            return sequence++;
        }

        @Override
        public long tryClaim()
        {
            return sequence++;
        }

        @Override
        public MutableDirectBuffer buffer(final long seq)
        {
            return buffer;
        }

        @Override
        public int maxMessageLength()
        {
            return buffer.capacity();
        }

        @Override
        public void commit(final long seq, final int length)
        {
            writer.append(buffer.byteArray(), 0, length);
        }

        @Override
        public void abort(final long seq)
        {
        }
    }
}
