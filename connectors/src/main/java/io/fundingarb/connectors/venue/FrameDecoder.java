package io.fundingarb.connectors.venue;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.connectors.parse.FrameResult;
import io.fundingarb.connectors.recording.FeedRecording;
import java.util.List;
import java.util.Set;

/**
 * A venue's recorded frames to engine events, for {@code ./run.sh decode}: the venue's parser fed
 * record by record, with the units of the instrument lists given or found in the recording. A
 * debugging aid: allocation is fine here.
 */
public interface FrameDecoder
{
    /** {@link #decode} result: a record that was not a frame to count. */
    int NOT_A_FRAME = -1;
    /** {@link #decode} result: an instrument list body in the input that cannot be read. */
    int BAD_INSTRUMENT_LIST = -2;
    /** What a summary counts a {@link #BAD_INSTRUMENT_LIST} as. */
    String BAD_INSTRUMENT_LIST_COUNTER = "BAD_INSTRUMENT_LIST";

    /** Decodes one record; returns its FrameResult, {@link #NOT_A_FRAME} or {@link #BAD_INSTRUMENT_LIST}. */
    int decode(FeedRecording.Record record);

    /** The fields the venue's frames hold numbers in (or arrays of numbers, as book levels), for {@link #diagnose}. */
    Set<String> numberFields();

    /**
     * Why a record {@link #decode} found {@link FrameResult#MALFORMED} (or {@link #BAD_INSTRUMENT_LIST})
     * is so, or null if that is not known: read again after the fact, never on the parser's path.
     */
    default FrameDiagnosis diagnose(final FeedRecording.Record record, final int result)
    {
        final String listProblem = result == BAD_INSTRUMENT_LIST ? instrumentListProblem(record) : null;
        return listProblem != null ? new FrameDiagnosis(BAD_INSTRUMENT_LIST_COUNTER, listProblem)
            : result == FrameResult.MALFORMED ? FrameDiagnosis.of(record.text(), numberFields()) : null;
    }

    /** Why an instrument list body {@link #decode} answered {@link #BAD_INSTRUMENT_LIST} for cannot be read, or null. */
    default String instrumentListProblem(final FeedRecording.Record record)
    {
        return null;
    }

    /** What the decoder does with a symbol no instrument list defines. */
    interface Unlisted
    {
        /** A symbol of the frame in hand the parser does not know; true: register it (its events are then marked). */
        boolean seen(String symbol);

        /** The instrument id a symbol {@link #seen} was registered under. */
        void registered(int instrumentId);
    }

    /**
     * @param sink            where the events go.
     * @param records         every readable record of the input, in order (REST bodies among them define instruments).
     * @param instrumentLists instrument list bodies given apart from the input ({@code --instruments}).
     * @param bookSync        whether depth diffs go through the venue's snapshot + diff sync where the input allows it.
     * @param snapshotSymbol  the symbol of depth snapshot bodies that name none, or null (the last diff's).
     * @param unlisted        what to do with a symbol no list defines.
     */
    record Setup(EventSink sink, List<FeedRecording.Record> records, List<String> instrumentLists, boolean bookSync, String snapshotSymbol,
        Unlisted unlisted)
    {
    }
}
