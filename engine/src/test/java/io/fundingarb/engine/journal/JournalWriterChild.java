package io.fundingarb.engine.journal;

import io.fundingarb.codecs.sbe.BookAction;
import io.fundingarb.codecs.sbe.BookUpdateDecoder;
import io.fundingarb.codecs.sbe.BookUpdateEncoder;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.Venue;
import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The process {@link JournalKillTest} kills: appends BookUpdates of varying length, whose content
 * is a function of their sequence, with a seal every {@value #SEAL_EVERY}, forever.
 */
public final class JournalWriterChild
{
    static final String READY = "READY";
    /** Records between seals, as a state checkpoint would write them. */
    static final int SEAL_EVERY = 1000;

    private JournalWriterChild()
    {
    }

    static int levelsOf(final long sequence)
    {
        return (int)(sequence % 13);
    }

    static int lengthOf(final long sequence)
    {
        final int levels = levelsOf(sequence);
        return MessageHeaderEncoder.ENCODED_LENGTH + BookUpdateEncoder.BLOCK_LENGTH + 2 * 4 + 2 * levels * 16;
    }

    static long expectedChecksum(final long sequence)
    {
        long sum = 0;
        for (int i = 0; i < levelsOf(sequence); i++)
        {
            sum += sequence * 31 + i + (sequence ^ i);
        }
        return sum;
    }

    static long checksum(final BookUpdateDecoder book)
    {
        long sum = 0;
        for (final BookUpdateDecoder.BidsDecoder bid : book.bids())
        {
            sum += bid.price() + bid.size();
        }
        for (final BookUpdateDecoder.AsksDecoder ask : book.asks())
        {
            sum -= ask.price() - ask.size();
        }
        return sum;
    }

    public static void main(final String[] args)
    {
        final byte[] array = new byte[1024];
        final UnsafeBuffer buffer = new UnsafeBuffer(array);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final BookUpdateEncoder book = new BookUpdateEncoder();
        final Journal journal = Journal.create(Path.of(args[0]));
        final JournalWriter writer = new JournalWriter(journal.inbound());
        System.out.println(READY);
        System.out.flush();
        for (long sequence = 0; ; sequence++)
        {
            book.wrapAndApplyHeader(buffer, 0, header)
                .tsInitNs(sequence).tsEventNs(sequence).instrumentId(1).venue(Venue.BINANCE)
                .action(BookAction.DELTA).sequence(sequence).prevSequence(sequence - 1);
            final int levels = levelsOf(sequence);
            final BookUpdateEncoder.BidsEncoder bids = book.bidsCount(levels);
            for (int i = 0; i < levels; i++)
            {
                bids.next().price(sequence * 31).size(i);
            }
            final BookUpdateEncoder.AsksEncoder asks = book.asksCount(levels);
            for (int i = 0; i < levels; i++)
            {
                asks.next().price(-(sequence ^ i)).size(0);
            }
            writer.append(array, 0, MessageHeaderEncoder.ENCODED_LENGTH + book.encodedLength());
            if (writer.appended() % SEAL_EVERY == 0)
            {
                writer.seal();
            }
        }
    }
}
