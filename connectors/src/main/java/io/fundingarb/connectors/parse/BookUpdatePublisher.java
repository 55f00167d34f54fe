package io.fundingarb.connectors.parse;

import io.fundingarb.codecs.EventSink;
import io.fundingarb.codecs.RingSink;
import io.fundingarb.codecs.sbe.BookAction;
import io.fundingarb.codecs.sbe.BookUpdateEncoder;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.Venue;
import java.nio.ByteOrder;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes staged book levels as {@code BookUpdate} messages into an {@link EventSink}, fitting
 * them to the ring slot:
 * <ul>
 * <li>a SNAPSHOT keeps the first (best) {@link #maxLevelsPerSide()} levels of each side and
 * counts the truncation ({@link #truncatedSnapshots()});</li>
 * <li>a DELTA is never truncated: if it does not fit one slot it is split into consecutive DELTA
 * messages with the same {@code sequence}; the first carries the venue's {@code prevSequence}
 * and each continuation carries {@code prevSequence == sequence}, so a consumer that checks
 * {@code prevSequence == last sequence} accepts the parts and nothing else.</li>
 * </ul>
 * Allocation free.
 */
public final class BookUpdatePublisher
{
    /** Bytes of one level (price + size). */
    public static final int LEVEL_LENGTH = LevelBuffer.LEVEL_LENGTH;

    static
    {
        // the levels are copied in LevelBuffer's layout: it must be the groups' entry
        if (BookUpdateEncoder.BYTE_ORDER != ByteOrder.LITTLE_ENDIAN
            || BookUpdateEncoder.BidsEncoder.sbeBlockLength() != LevelBuffer.LEVEL_LENGTH
            || BookUpdateEncoder.AsksEncoder.sbeBlockLength() != LevelBuffer.LEVEL_LENGTH
            || BookUpdateEncoder.BidsEncoder.priceEncodingOffset() != 0
            || BookUpdateEncoder.AsksEncoder.priceEncodingOffset() != 0
            || BookUpdateEncoder.BidsEncoder.sizeEncodingOffset() != LevelBuffer.SIZE_OFFSET
            || BookUpdateEncoder.AsksEncoder.sizeEncodingOffset() != LevelBuffer.SIZE_OFFSET)
        {
            throw new ExceptionInInitializerError("BookUpdate's level groups no longer match LevelBuffer's layout");
        }
    }

    /** Bytes of a BookUpdate without levels: header, block, two group headers. */
    public static final int FIXED_LENGTH =
        MessageHeaderEncoder.ENCODED_LENGTH + BookUpdateEncoder.BLOCK_LENGTH + 2 * BookUpdateEncoder.BidsEncoder.HEADER_SIZE;

    private final EventSink sink;
    private final Venue venue;
    private final int maxLevelsPerSide;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final BookUpdateEncoder book = new BookUpdateEncoder();
    private long truncatedSnapshots;
    private long splitDeltas;

    /**
     * @param sink             where to publish.
     * @param venue            stamped on every message.
     * @param maxLevelsPerSide requested cap per side; lowered to what fits {@link EventSink#maxMessageLength()}.
     */
    public BookUpdatePublisher(final EventSink sink, final Venue venue, final int maxLevelsPerSide)
    {
        this.sink = sink;
        this.venue = venue;
        this.maxLevelsPerSide = Math.max(1, Math.min(maxLevelsPerSide, maxLevelsPerSide(sink.maxMessageLength())));
    }

    /** Most levels per side that fit a slot of {@code maxMessageLength} bytes with both sides full. */
    public static int maxLevelsPerSide(final int maxMessageLength)
    {
        return Math.max(0, (maxMessageLength - FIXED_LENGTH) / (2 * LEVEL_LENGTH));
    }

    public int maxLevelsPerSide()
    {
        return maxLevelsPerSide;
    }

    /** Snapshots published with fewer levels than the venue sent. */
    public long truncatedSnapshots()
    {
        return truncatedSnapshots;
    }

    /** Deltas that needed more than one message. */
    public long splitDeltas()
    {
        return splitDeltas;
    }

    /** Publishes a snapshot (best levels first in the staging buffers); false when the ring had no room (nothing published). */
    public boolean publishSnapshot(
        final long tsInitNs,
        final long tsEventNs,
        final int instrumentId,
        final long sequence,
        final long prevSequence,
        final LevelBuffer bids,
        final LevelBuffer asks)
    {
        final int bidCount = Math.min(bids.count(), maxLevelsPerSide);
        final int askCount = Math.min(asks.count(), maxLevelsPerSide);
        if (bidCount < bids.count() || askCount < asks.count())
        {
            truncatedSnapshots++;
        }
        return publish(tsInitNs, tsEventNs, instrumentId, BookAction.SNAPSHOT, sequence, prevSequence, bids, 0, bidCount, asks, 0, askCount);
    }

    /**
     * Publishes a delta, split over several messages if needed; returns the number of messages, or
     * -1 when the ring had no room for one of them (those before it are published: the book is out
     * of sync either way).
     */
    public int publishDelta(
        final long tsInitNs,
        final long tsEventNs,
        final int instrumentId,
        final long sequence,
        final long prevSequence,
        final LevelBuffer bids,
        final LevelBuffer asks)
    {
        int bidFrom = 0;
        int askFrom = 0;
        int messages = 0;
        do
        {
            final int bidCount = Math.min(bids.count() - bidFrom, maxLevelsPerSide);
            final int askCount = Math.min(asks.count() - askFrom, maxLevelsPerSide);
            if (!publish(
                tsInitNs, tsEventNs, instrumentId, BookAction.DELTA, sequence, messages == 0 ? prevSequence : sequence,
                bids, bidFrom, bidCount, asks, askFrom, askCount))
            {
                return -1;
            }
            bidFrom += bidCount;
            askFrom += askCount;
            messages++;
        }
        while (bidFrom < bids.count() || askFrom < asks.count());
        if (messages > 1)
        {
            splitDeltas++;
        }
        return messages;
    }

    private boolean publish(
        final long tsInitNs,
        final long tsEventNs,
        final int instrumentId,
        final BookAction action,
        final long sequence,
        final long prevSequence,
        final LevelBuffer bids,
        final int bidFrom,
        final int bidCount,
        final LevelBuffer asks,
        final int askFrom,
        final int askCount)
    {
        final long seq = sink.tryClaim();
        if (seq == RingSink.NO_CAPACITY)
        {
            return false;
        }
        final MutableDirectBuffer buffer = sink.buffer(seq);
        book.wrapAndApplyHeader(buffer, 0, header)
            .tsInitNs(tsInitNs)
            .tsEventNs(tsEventNs)
            .instrumentId(instrumentId)
            .venue(venue)
            .action(action)
            .sequence(sequence)
            .prevSequence(prevSequence);
        // each group's entries in one copy after its header (an entry at a time through the
        // generated encoder measured ~5 ns a level: a limit store and buffer re-reads per field)
        book.bidsCount(bidCount);
        final int bidsAt = book.limit();
        bids.copyTo(buffer, bidsAt, bidFrom, bidCount);
        book.limit(bidsAt + bidCount * LEVEL_LENGTH);
        book.asksCount(askCount);
        final int asksAt = book.limit();
        asks.copyTo(buffer, asksAt, askFrom, askCount);
        book.limit(asksAt + askCount * LEVEL_LENGTH);
        sink.commit(seq, MessageHeaderEncoder.ENCODED_LENGTH + book.encodedLength());
        return true;
    }
}
