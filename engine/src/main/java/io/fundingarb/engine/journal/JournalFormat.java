package io.fundingarb.engine.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The on-disk record format of a session journal, and its hash chain.
 *
 * <p>Format 2 (this build): every Chronicle document is a payload followed by a
 * {@value #TRAILER_LENGTH}-byte little-endian trailer:
 * <pre>
 *   int  crc      CRC32C of the payload (for a seal: of its signature, if any, then its ordinal and link fields)
 *   int  kind     {@link #KIND_RECORD}, {@link #KIND_SEAL} or {@link #KIND_CLOSE} (the seal of a clean close)
 *   long ordinal  record: its index among the journal's records, from 0; seal: the number of records before it
 *   long link     record: the chain link after it, link(previous link, crc, ordinal) from {@link #GENESIS};
 *                 seal: the link of the last record before it (GENESIS when none)
 * </pre>
 * A record's payload is one SBE message; a seal has none, or, when the journal is written with a
 * {@link SealKey}, its 32-byte HMAC-SHA256 signature. Seals are written at every state
 * checkpoint and at close, so a journal that ends in a seal was closed cleanly and a tail cut
 * off behind the last seal is noticed. The folder holds a {@value #MARKER_FILE} file naming the
 * format; a journal without it was written before checksums (format 1: bare SBE payloads), unless
 * its first document carries a sound format-2 trailer: then the marker was removed, the journal
 * is read as format 2 and {@link JournalCheck} reports the missing marker as damage, so deleting
 * one file never turns a verified journal into an unverified one.
 */
public final class JournalFormat
{
    public static final String MARKER_FILE = "journal.format";
    /** The marker file is there but does not name a known format. */
    public static final int FORMAT_UNKNOWN = 0;
    public static final int FORMAT_PLAIN = 1;
    public static final int FORMAT_CHAINED = 2;
    public static final int TRAILER_LENGTH = 24;
    /**
     * No document is longer (a ring slot is at most 64 KiB): a longer length in a document header
     * is damage, and reading it would run past the mapped file.
     */
    public static final int MAX_DOCUMENT_BYTES = 1 << 20;
    /** "FAR2" little-endian: a record. */
    public static final int KIND_RECORD = 0x32524146;
    /** "FAS2" little-endian: a seal at a state checkpoint. */
    public static final int KIND_SEAL = 0x32534146;
    /** "FAC2" little-endian: the seal written at a clean close, the journal's last document. */
    public static final int KIND_CLOSE = 0x32434146;
    /** The link before the first record. */
    public static final long GENESIS = 0x6a09e667f3bcc908L;

    static final int CRC_OFFSET = 0;
    static final int KIND_OFFSET = 4;
    static final int ORDINAL_OFFSET = 8;
    static final int LINK_OFFSET = 16;

    private static final String MARKER_TEXT = "fundingarb journal format 2\n"
        + "each document: payload (one SBE message; for a seal none, or its 32-byte HMAC-SHA256 when signed) + 24-byte little-endian trailer:\n"
        + "int crc32c, int kind (FAR2 record, FAS2 seal, FAC2 closing seal), long ordinal, long chain link\n"
        + "link = link(previous link, crc, ordinal); seals at each state checkpoint and at close\n";

    private static final long M1 = 0xbf58476d1ce4e5b9L;
    private static final long M2 = 0x94d049bb133111ebL;
    private static final long GOLDEN = 0x9e3779b97f4a7c15L;

    private JournalFormat()
    {
    }

    /**
     * The chain link after a record: a 64-bit mix of the previous link, the record's checksum and
     * its ordinal. Not a cryptographic hash: it catches accidents and edits that do not rewrite
     * every later link, not a forger who recomputes the whole chain.
     */
    public static long link(final long previous, final int crc, final long ordinal)
    {
        final long record = mix(((crc & 0xFFFF_FFFFL) << 32 | (ordinal >>> 32)) ^ (ordinal * GOLDEN));
        return mix(previous ^ record);
    }

    private static long mix(final long value)
    {
        long z = value + GOLDEN;
        z = (z ^ (z >>> 30)) * M1;
        z = (z ^ (z >>> 27)) * M2;
        return z ^ (z >>> 31);
    }

    /** Writes the format marker into a new journal folder. */
    static void writeMarker(final Path journalDir)
    {
        try
        {
            Files.writeString(journalDir.resolve(MARKER_FILE), MARKER_TEXT, StandardCharsets.US_ASCII);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + journalDir.resolve(MARKER_FILE) + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * The format of the journal in {@code journalDir}: {@link #FORMAT_CHAINED} when the marker says
     * so, {@link #FORMAT_UNKNOWN} when it says anything else; without a marker, {@link #FORMAT_CHAINED}
     * when the first document carries a sound format-2 trailer (the marker was removed: {@link #hasMarker}), else
     * {@link #FORMAT_PLAIN}.
     */
    public static int of(final Path journalDir)
    {
        final Path marker = journalDir.resolve(MARKER_FILE);
        if (!Files.isRegularFile(marker))
        {
            return firstDocumentChained(journalDir) ? FORMAT_CHAINED : FORMAT_PLAIN;
        }
        try
        {
            final String text = Files.readString(marker, StandardCharsets.US_ASCII);
            return text.startsWith("fundingarb journal format 2\n") ? FORMAT_CHAINED : FORMAT_UNKNOWN;
        }
        catch (final IOException | RuntimeException ex)
        {
            return FORMAT_UNKNOWN;
        }
    }

    /** Whether the folder holds its format marker ({@link #of} reads an unmarked folder by its first document). */
    public static boolean hasMarker(final Path journalDir)
    {
        return Files.isRegularFile(journalDir.resolve(MARKER_FILE));
    }

    /** Whether the first document of the inbound journal (else of the command journal) is a sound format-2 record or seal. */
    private static boolean firstDocumentChained(final Path journalDir)
    {
        for (final String queueName : new String[] {Journal.INBOUND, Journal.COMMANDS})
        {
            final Path queueDir = journalDir.resolve(queueName);
            if (!Files.isDirectory(queueDir) || !hasQueueFiles(queueDir))
            {
                continue;
            }
            try (ChronicleQueue queue = Journal.readOnly(queueDir);
                ExcerptTailer tailer = queue.createTailer();
                DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    continue;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                final long length = bytes.readRemaining();
                if (length < TRAILER_LENGTH || length > MAX_DOCUMENT_BYTES)
                {
                    return false;
                }
                final byte[] document = bytes.toByteArray();
                return new ChainVerifier().selfConsistent(document, document.length);
            }
            catch (final RuntimeException | AssertionError | InternalError ex)
            {
                return false; // unreadable: whoever reads it finds that out
            }
        }
        return false;
    }

    static boolean hasQueueFiles(final Path queueDir)
    {
        try (var files = Files.list(queueDir))
        {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".cq4"));
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /** The journal's name a seal's signature covers: the queue's folder name ({@code inbound}, {@code commands}), ASCII. */
    static byte[] journalName(final ChronicleQueue queue)
    {
        final Path name = Path.of(queue.fileAbsolutePath()).getFileName();
        return (name == null ? "" : name.toString()).getBytes(StandardCharsets.US_ASCII);
    }

    /** The format of the journal a queue belongs to (the queue's folder is inside the journal's). */
    public static int of(final ChronicleQueue queue)
    {
        final Path queueDir = Path.of(queue.fileAbsolutePath());
        final Path parent = queueDir.getParent();
        return parent == null ? FORMAT_PLAIN : of(parent);
    }

    /** Writes {@code value} little-endian into {@code array} at {@code offset} (a seal's fields, as the trailer stores them). */
    static void putLongLittleEndian(final byte[] array, final int offset, final long value)
    {
        for (int i = 0; i < Long.BYTES; i++)
        {
            array[offset + i] = (byte)(value >>> (8 * i));
        }
    }
}
