package io.fundingarb.connectors.venue;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.connectors.recording.FeedRecording;
import java.util.List;

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

    /** Decodes one record; returns its FrameResult, {@link #NOT_A_FRAME} or {@link #BAD_INSTRUMENT_LIST}. */
    int decode(FeedRecording.Record record);

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
