package io.fundingarb.engine.journal;

import io.fundingarb.codecs.sbe.FundingUpdateEncoder;
import io.fundingarb.codecs.sbe.MessageHeaderEncoder;
import io.fundingarb.codecs.sbe.Venue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Test journals and the ways to damage them: byte flips in the queue file, documents deleted,
 * swapped or edited by rewriting the queue through Chronicle (what an editor of the journal would do).
 */
public final class JournalFixture
{
    static final int SEAL_EVERY = 20;

    /** Where one document lies in its queue file: header at {@code start}, content up to {@code end}. */
    record Span(long start, long end, boolean record)
    {
    }

    private JournalFixture()
    {
    }

    /** A FundingUpdate whose mark price and timestamps follow from {@code ordinal}. */
    static int fundingUpdate(final byte[] array, final long ordinal)
    {
        final FundingUpdateEncoder encoder = new FundingUpdateEncoder();
        encoder.wrapAndApplyHeader(new UnsafeBuffer(array), 0, new MessageHeaderEncoder())
            .tsInitNs(1_763_900_000_000_000_000L + ordinal)
            .tsEventNs(1_763_899_999_999_000_000L + ordinal)
            .instrumentId((int)(ordinal % 7))
            .venue(Venue.BYBIT)
            .fundingRate(38_167L + ordinal)
            .fundingIntervalS(28_800)
            .nextFundingTsNs(1_763_928_800_000_000_000L)
            .markPrice(61_800_300_000_000L + ordinal)
            .indexPrice(61_800_290_000_000L);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    /** Offset of the mark price in a FundingUpdate document. */
    static int markPriceOffset()
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + FundingUpdateEncoder.markPriceEncodingOffset();
    }

    /** A closed journal of {@code inbound} and {@code commands} records, sealed every {@value #SEAL_EVERY} records and at close. */
    public static Path write(final Path dir, final int inbound, final int commands)
    {
        return write(dir, inbound, commands, null);
    }

    /** As {@link #write(Path, int, int)}, every seal signed with {@code key} (null: unsigned). */
    public static Path write(final Path dir, final int inbound, final int commands, final SealKey key)
    {
        try (Journal journal = Journal.create(dir))
        {
            final JournalWriter in = new JournalWriter(journal.inbound(), JournalWriter.Durability.NONE, key);
            final JournalWriter out = new JournalWriter(journal.commands(), JournalWriter.Durability.NONE, key);
            append(in, inbound);
            append(out, commands);
            in.close();
            out.close();
        }
        return dir;
    }

    /**
     * A journal as written before checksums (format 1): the same records as bare SBE payloads, no
     * trailer, no seal, no format marker.
     */
    static Path writePlain(final Path dir, final int inbound, final int commands)
    {
        final Path chained = write(dir.resolveSibling(dir.getFileName() + "-chained"), inbound, commands);
        final List<byte[]> inboundPayloads = payloads(documents(chained.resolve(Journal.INBOUND)));
        final List<byte[]> commandPayloads = payloads(documents(chained.resolve(Journal.COMMANDS)));
        try (Journal journal = Journal.create(dir))
        {
            appendRaw(journal.inbound(), inboundPayloads);
            appendRaw(journal.commands(), commandPayloads);
        }
        try
        {
            Files.delete(dir.resolve(JournalFormat.MARKER_FILE));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return dir;
    }

    /** The records' payloads without their trailers; seals dropped. */
    private static List<byte[]> payloads(final List<byte[]> documents)
    {
        final List<byte[]> payloads = new ArrayList<>();
        for (final byte[] document : documents)
        {
            if (kind(document) == JournalFormat.KIND_RECORD)
            {
                payloads.add(java.util.Arrays.copyOf(document, document.length - JournalFormat.TRAILER_LENGTH));
            }
        }
        return payloads;
    }

    static void append(final JournalWriter writer, final int records)
    {
        final byte[] array = new byte[256];
        for (int i = 0; i < records; i++)
        {
            writer.append(array, 0, fundingUpdate(array, writer.appended()));
            if (writer.appended() % SEAL_EVERY == 0)
            {
                writer.seal();
            }
        }
    }

    /** Every document of a queue, whole (payload and trailer). */
    static List<byte[]> documents(final Path queueDir)
    {
        final List<byte[]> documents = new ArrayList<>();
        try (ChronicleQueue queue = Journal.readOnly(queueDir); ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        return documents;
                    }
                    documents.add(dc.wire().bytes().toByteArray());
                }
            }
        }
    }

    /** Where each document of a queue lies in its (single) queue file. */
    static List<Span> spans(final Path queueDir)
    {
        final List<Span> spans = new ArrayList<>();
        try (ChronicleQueue queue = Journal.readOnly(queueDir); ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        return spans;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    final long length = bytes.readRemaining();
                    final long end = bytes.readLimit();
                    final int kind = bytes.readInt(end - JournalFormat.TRAILER_LENGTH + JournalFormat.KIND_OFFSET);
                    spans.add(new Span(end - length - 4, end, kind == JournalFormat.KIND_RECORD));
                }
            }
        }
    }

    /** The queue file of a queue folder (the fixture's journals have one). */
    static Path queueFile(final Path queueDir)
    {
        try (var files = Files.list(queueDir))
        {
            return files.filter(f -> f.getFileName().toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** XORs one byte of a file in place; calling it again with the same mask restores it. */
    static void xor(final Path file, final long offset, final int mask)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte)(one.get(0) ^ mask));
            one.rewind();
            channel.write(one, offset);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Writes zeros over a file from {@code offset} to {@code end}: the queue as if cut off there. */
    static void zero(final Path file, final long offset, final long end)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.allocate((int)(end - offset)), offset);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * A copy of journal {@code from} in {@code to} whose inbound documents are {@code edit} of the
     * original's (raw: payload and trailer as stored), written through Chronicle.
     */
    public static Path rewrite(final Path from, final Path to, final UnaryOperator<List<byte[]>> edit)
    {
        final List<byte[]> inbound = edit.apply(new ArrayList<>(documents(from.resolve(Journal.INBOUND))));
        final List<byte[]> commands = documents(from.resolve(Journal.COMMANDS));
        try (Journal journal = Journal.create(to))
        {
            appendRaw(journal.inbound(), inbound);
            appendRaw(journal.commands(), commands);
        }
        return to;
    }

    private static void appendRaw(final ChronicleQueue queue, final List<byte[]> documents)
    {
        try (ExcerptAppender appender = queue.createAppender())
        {
            for (final byte[] document : documents)
            {
                try (DocumentContext dc = appender.writingDocument())
                {
                    dc.wire().bytes().write(document);
                }
            }
        }
    }

    /** The index in {@code documents} of the document holding record {@code ordinal}. */
    public static int documentOf(final List<byte[]> documents, final long ordinal)
    {
        long records = 0;
        for (int i = 0; i < documents.size(); i++)
        {
            if (kind(documents.get(i)) == JournalFormat.KIND_RECORD && records++ == ordinal)
            {
                return i;
            }
        }
        throw new IllegalArgumentException("no record " + ordinal);
    }

    public static int kind(final byte[] document)
    {
        return new UnsafeBuffer(document).getInt(document.length - JournalFormat.TRAILER_LENGTH + JournalFormat.KIND_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    /** Recomputes a record document's CRC32C after its payload was edited (what an editor without the chain can do). */
    static void fixChecksum(final byte[] document)
    {
        final CRC32C crc = new CRC32C();
        crc.update(document, 0, document.length - JournalFormat.TRAILER_LENGTH);
        new UnsafeBuffer(document).putInt(document.length - JournalFormat.TRAILER_LENGTH + JournalFormat.CRC_OFFSET, (int)crc.getValue(), java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    /** Rewrites every record's checksum, link and every seal from the edited payloads on: a forger's full rewrite. */
    public static void rechain(final List<byte[]> documents)
    {
        long link = JournalFormat.GENESIS;
        long ordinal = 0;
        final CRC32C crc = new CRC32C();
        for (final byte[] document : documents)
        {
            final UnsafeBuffer trailer = new UnsafeBuffer(document, document.length - JournalFormat.TRAILER_LENGTH, JournalFormat.TRAILER_LENGTH);
            if (kind(document) == JournalFormat.KIND_RECORD)
            {
                fixChecksum(document);
                link = JournalFormat.link(link, trailer.getInt(JournalFormat.CRC_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN), ordinal++);
                trailer.putLong(JournalFormat.LINK_OFFSET, link, java.nio.ByteOrder.LITTLE_ENDIAN);
            }
            else
            {
                // a signed seal keeps its signature: without the key it cannot be made again
                final int signature = document.length - JournalFormat.TRAILER_LENGTH;
                trailer.putLong(JournalFormat.LINK_OFFSET, link, java.nio.ByteOrder.LITTLE_ENDIAN);
                crc.reset();
                crc.update(document, 0, signature);
                crc.update(document, signature + JournalFormat.ORDINAL_OFFSET, 16);
                trailer.putInt(JournalFormat.CRC_OFFSET, (int)crc.getValue(), java.nio.ByteOrder.LITTLE_ENDIAN);
            }
        }
    }
}
