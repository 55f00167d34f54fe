package io.fundingarb.engine.replay;

import io.fundingarb.codecs.CommandSink;
import io.fundingarb.codecs.EventJson;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.codecs.sbe.StateCheckpointDecoder;
import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.journal.JournalReader;
import io.fundingarb.engine.pipeline.Pipeline;
import io.fundingarb.engine.pipeline.StageChain;
import io.fundingarb.engine.pipeline.StageErrors;
import io.fundingarb.engine.ring.InboundSlot;
import io.fundingarb.engine.stage.Stages;
import java.io.PrintStream;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads a session journal back. {@link #print} renders every inbound event and every recorded
 * command as JSON lines, each command right after the event that caused it. {@link #verify} feeds
 * the input journal through fresh stages and checks that the commands they produce (state
 * checkpoints included, which carry every stage's state hash) are byte-identical to the recorded
 * ones, naming the first event where they are not. A session that stopped abruptly (SIGKILL,
 * power loss) can have journaled its last events and not yet the commands they caused (the two
 * journals are written by two consumers of the rings): commands replay produces after the last
 * recorded one, for at most the last {@link #UNRECORDED_TAIL_EVENTS} events, are that unrecorded
 * tail, counted in {@link Result#unrecordedTail()}, not a mismatch; everything recorded still
 * compares byte for byte.
 */
public final class Replayer
{
    /** Offset of {@code eventSeq} in every outbound message block (schema convention: tsInitNs, eventSeq). */
    private static final int EVENT_SEQ_OFFSET = MessageHeaderDecoder.ENCODED_LENGTH + Long.BYTES;
    /** How many final events' commands may be missing from the command journal of a session that stopped abruptly. */
    public static final int UNRECORDED_TAIL_EVENTS = 4096;

    private Replayer()
    {
    }

    /** Prints the journal as JSON lines; returns the number of lines. */
    public static long print(final Journal journal, final PrintStream out)
    {
        final EventJson json = new EventJson();
        final StringBuilder line = new StringBuilder(1024);
        long lines = 0;
        try (JournalReader events = new JournalReader(journal.inbound(), 4096);
             JournalReader commands = new JournalReader(journal.commands(), 4096))
        {
            boolean pending = commands.next();
            while (events.next())
            {
                line.setLength(0);
                json.append(line, events.position(), events.buffer(), 0, events.length());
                out.println(line);
                lines++;
                while (pending && eventSeqOf(commands.buffer()) <= events.position())
                {
                    line.setLength(0);
                    json.append(line, -1, commands.buffer(), 0, commands.length());
                    out.println(line);
                    lines++;
                    pending = commands.next();
                }
            }
            while (pending)
            {
                line.setLength(0);
                json.append(line, -1, commands.buffer(), 0, commands.length());
                out.println(line);
                lines++;
                pending = commands.next();
            }
        }
        return lines;
    }

    private static long eventSeqOf(final DirectBuffer command)
    {
        return command.getLong(EVENT_SEQ_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** What {@link #verify} found. */
    public record Result(
        long events,
        long recordedCommands,
        long reproducedCommands,
        long checkpoints,
        String mismatch,
        Map<String, Long> eventCounts,
        long stageErrors,
        long elapsedNs,
        long[] finalHashes,
        long unrecordedTail,
        long unrecordedFromEvent)
    {
        public boolean ok()
        {
            return mismatch == null;
        }

        public double eventsPerSecond()
        {
            return elapsedNs == 0 ? 0 : events * 1e9 / elapsedNs;
        }
    }

    /** Replays the input journal through fresh stages and compares their commands with the recorded ones. */
    public static Result verify(final Journal journal, final Stages.Factory stageFactory)
    {
        final EventJson json = new EventJson();
        final long[] countsByTemplate = new long[256];
        try (JournalReader events = new JournalReader(journal.inbound(), 4096);
             JournalReader recorded = new JournalReader(journal.commands(), 4096))
        {
            final ComparingSink sink = new ComparingSink(recorded, json);
            final Stages stages = stageFactory.create(sink);
            final StageErrors errors = new StageErrors(Pipeline.JOURNAL, Pipeline.MARKET, Pipeline.RISK, Pipeline.EXECUTION);
            final StageChain chain = new StageChain(stages, errors);
            InboundSlot slot = new InboundSlot(4096);
            final long startNs = System.nanoTime();
            while (sink.mismatch == null && events.next())
            {
                final int length = events.length();
                if (length > slot.array.length)
                {
                    slot = new InboundSlot(Integer.highestOneBit(length) << 1);
                }
                System.arraycopy(events.array(), 0, slot.array, 0, length);
                slot.length = length;
                sink.currentEvent = events.position();
                chain.onEvent(slot, events.position());
                countsByTemplate[slot.templateId & 0xFF]++;
                if (sink.mismatch != null)
                {
                    sink.mismatch = "first difference at event #" + events.position() + " "
                        + json.toJson(events.buffer(), 0, length) + ": " + sink.mismatch;
                }
            }
            final long elapsedNs = System.nanoTime() - startNs;
            String mismatch = sink.mismatch;
            if (mismatch == null && sink.unrecorded > 0 && chain.events() - sink.firstUnrecordedEvent > UNRECORDED_TAIL_EVENTS)
            {
                mismatch = "first difference at event #" + sink.firstUnrecordedEvent + ": replay produced a command the journal does not have: "
                    + sink.firstUnrecorded;
            }
            long unreproduced = 0;
            if (mismatch == null)
            {
                while (recorded.next())
                {
                    if (unreproduced++ == 0)
                    {
                        mismatch = "the journal records more commands than replay produced; first missing: "
                            + json.toJson(recorded.buffer(), 0, recorded.length());
                    }
                }
            }
            final Map<String, Long> counts = new TreeMap<>();
            for (int templateId = 0; templateId < countsByTemplate.length; templateId++)
            {
                if (countsByTemplate[templateId] > 0)
                {
                    counts.put(EventJson.typeName(templateId), countsByTemplate[templateId]);
                }
            }
            return new Result(
                chain.events(),
                sink.compared + unreproduced,
                sink.produced,
                sink.checkpoints,
                mismatch,
                counts,
                errors.total(),
                elapsedNs,
                new long[] {stages.market().stateHash(), stages.risk().stateHash(), stages.execution().stateHash()},
                mismatch == null ? sink.unrecorded : 0, sink.firstUnrecordedEvent);
        }
    }

    /** A one-slot command sink that compares each command, as it is committed, with the next recorded one. */
    static final class ComparingSink implements CommandSink
    {
        private final JournalReader recorded;
        private final EventJson json;
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        private final StateCheckpointDecoder checkpoint = new StateCheckpointDecoder();
        private final StateCheckpointDecoder recordedCheckpoint = new StateCheckpointDecoder();
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        long currentEvent;
        long produced;
        long compared;
        long checkpoints;
        String mismatch;
        /** Commands produced after the recorded ones ran out, from event {@link #firstUnrecordedEvent} on. */
        long unrecorded;
        long firstUnrecordedEvent = -1;
        String firstUnrecorded;

        ComparingSink(final JournalReader recorded, final EventJson json)
        {
            this.recorded = recorded;
            this.json = json;
        }

        @Override
        public long claim()
        {
            return produced;
        }

        @Override
        public long tryClaim()
        {
            return produced;
        }

        @Override
        public MutableDirectBuffer buffer(final long sequence)
        {
            return buffer;
        }

        @Override
        public int maxMessageLength()
        {
            return buffer.capacity();
        }

        @Override
        public void commit(final long sequence, final int length)
        {
            produced++;
            if (mismatch != null)
            {
                return;
            }
            if (unrecorded > 0 || !recorded.next())
            {
                if (unrecorded++ == 0)
                {
                    firstUnrecordedEvent = currentEvent;
                    firstUnrecorded = json.toJson(buffer, 0, length);
                }
                return; // the tail a crash left unrecorded, if the journal ends soon after (checked at the end)
            }
            compared++;
            final boolean same = recorded.length() == length
                && Arrays.equals(recorded.array(), 0, length, buffer.byteArray(), 0, length);
            header.wrap(buffer, 0);
            final boolean isCheckpoint = header.templateId() == StateCheckpointDecoder.TEMPLATE_ID;
            if (same)
            {
                if (isCheckpoint)
                {
                    checkpoints++;
                }
                return;
            }
            final StringBuilder why = new StringBuilder("recorded ")
                .append(json.toJson(recorded.buffer(), 0, recorded.length()))
                .append(" but replay produced ")
                .append(json.toJson(buffer, 0, length));
            if (isCheckpoint && recorded.length() == length)
            {
                checkpoint.wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                recordedCheckpoint.wrap(recorded.buffer(), MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                why.append(" (state hash differs for:");
                if (checkpoint.marketHash() != recordedCheckpoint.marketHash())
                {
                    why.append(" market");
                }
                if (checkpoint.riskHash() != recordedCheckpoint.riskHash())
                {
                    why.append(" risk");
                }
                if (checkpoint.executionHash() != recordedCheckpoint.executionHash())
                {
                    why.append(" execution");
                }
                why.append(')');
            }
            mismatch = why.toString();
        }

        @Override
        public void abort(final long sequence)
        {
            produced++;
        }
    }
}
