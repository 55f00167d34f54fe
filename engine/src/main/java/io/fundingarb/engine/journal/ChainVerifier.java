package io.fundingarb.engine.journal;

import java.nio.ByteOrder;
import java.util.zip.CRC32C;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Checks format-2 documents in order against the trailer each carries: its checksum, its kind,
 * its ordinal and the hash chain. Allocation-free while the journal is sound; a finding is a
 * code, put into words by {@link #describe} off the reading path.
 */
final class ChainVerifier
{
    static final int RECORD = 1;
    static final int SEAL = 2;
    static final int TOO_SHORT = -1;
    static final int UNKNOWN_KIND = -2;
    static final int BAD_CHECKSUM = -3;
    static final int BAD_SEAL_CHECKSUM = -4;
    static final int OUT_OF_ORDER = -5;
    static final int BROKEN_CHAIN = -6;
    static final int SEAL_MISMATCH = -7;
    static final int UNSIGNED_SEAL = -8;
    static final int BAD_SIGNATURE = -9;

    private final CRC32C crc = new CRC32C();
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    private final SealKey key;
    private final byte[] journalName;
    private long signedSeals;
    private long nextOrdinal;
    private long link = JournalFormat.GENESIS;
    private long seals;
    private long sealedRecords = -1;
    private boolean lastWasSeal;
    private boolean closed;
    // what the last document claimed, for describe()
    private long foundOrdinal;
    private long foundLink;
    private int foundKind;
    private int foundCrc;

    /** A verifier that checks seals' checksums and places, and counts their signatures without checking them. */
    ChainVerifier()
    {
        this(null, null);
    }

    /**
     * @param key         checks every seal's signature ({@link SealKey}); a seal without one is then a finding. Null: not checked.
     * @param journalName the journal the seals belong to ({@code inbound}, {@code commands}), as the signature covers it
     */
    ChainVerifier(final SealKey key, final byte[] journalName)
    {
        this.key = key;
        this.journalName = journalName;
    }

    /**
     * Checks one whole document (payload then trailer) and, when sound, advances the chain.
     *
     * @return {@link #RECORD} or {@link #SEAL} when sound, else a negative finding.
     */
    int verify(final byte[] document, final int length)
    {
        if (length < JournalFormat.TRAILER_LENGTH)
        {
            return TOO_SHORT;
        }
        final int payloadLength = readTrailer(document, length);
        final int storedCrc = foundCrc;
        if (foundKind == JournalFormat.KIND_RECORD)
        {
            final int actualCrc = checksum(document, 0, payloadLength);
            if (actualCrc != storedCrc)
            {
                return BAD_CHECKSUM;
            }
            if (foundOrdinal != nextOrdinal)
            {
                return OUT_OF_ORDER;
            }
            final long expected = JournalFormat.link(link, actualCrc, nextOrdinal);
            if (expected != foundLink)
            {
                return BROKEN_CHAIN;
            }
            link = expected;
            nextOrdinal++;
            lastWasSeal = false;
            closed = false;
            return RECORD;
        }
        if (foundKind == JournalFormat.KIND_SEAL || foundKind == JournalFormat.KIND_CLOSE)
        {
            final boolean signed = payloadLength == SealKey.SIGNATURE_LENGTH;
            if (payloadLength != 0 && !signed || sealChecksum(document, payloadLength) != storedCrc)
            {
                return BAD_SEAL_CHECKSUM;
            }
            if (foundOrdinal != nextOrdinal || foundLink != link)
            {
                return SEAL_MISMATCH;
            }
            if (key != null && !signed)
            {
                return UNSIGNED_SEAL;
            }
            if (key != null && !key.verify(journalName, foundKind, foundOrdinal, foundLink, document, 0))
            {
                return BAD_SIGNATURE;
            }
            signedSeals += signed ? 1 : 0;
            seals++;
            sealedRecords = nextOrdinal;
            lastWasSeal = true;
            closed = foundKind == JournalFormat.KIND_CLOSE;
            return SEAL;
        }
        return UNKNOWN_KIND;
    }

    /** Whether a document's own checksum holds, whatever its place in the chain (counting what survives after damage). */
    boolean selfConsistent(final byte[] document, final int length)
    {
        if (length < JournalFormat.TRAILER_LENGTH)
        {
            return false;
        }
        final int payloadLength = readTrailer(document, length);
        if (foundKind == JournalFormat.KIND_RECORD)
        {
            return checksum(document, 0, payloadLength) == foundCrc;
        }
        return (foundKind == JournalFormat.KIND_SEAL || foundKind == JournalFormat.KIND_CLOSE)
            && (payloadLength == 0 || payloadLength == SealKey.SIGNATURE_LENGTH)
            && sealChecksum(document, payloadLength) == foundCrc;
    }

    /** A seal's CRC32C: over its signature (when signed) and its ordinal and link fields. */
    private int sealChecksum(final byte[] document, final int payloadLength)
    {
        crc.reset();
        crc.update(document, 0, payloadLength);
        crc.update(document, payloadLength + JournalFormat.ORDINAL_OFFSET, 16);
        return (int)crc.getValue();
    }

    /** Reads the trailer's fields into found*; returns the payload's length. */
    private int readTrailer(final byte[] document, final int length)
    {
        final int payloadLength = length - JournalFormat.TRAILER_LENGTH;
        view.wrap(document, payloadLength, JournalFormat.TRAILER_LENGTH);
        foundCrc = view.getInt(JournalFormat.CRC_OFFSET, ByteOrder.LITTLE_ENDIAN);
        foundKind = view.getInt(JournalFormat.KIND_OFFSET, ByteOrder.LITTLE_ENDIAN);
        foundOrdinal = view.getLong(JournalFormat.ORDINAL_OFFSET, ByteOrder.LITTLE_ENDIAN);
        foundLink = view.getLong(JournalFormat.LINK_OFFSET, ByteOrder.LITTLE_ENDIAN);
        return payloadLength;
    }

    private int checksum(final byte[] bytes, final int offset, final int length)
    {
        crc.reset();
        crc.update(bytes, offset, length);
        return (int)crc.getValue();
    }

    /** Records verified so far: the ordinal the next record must carry. */
    long records()
    {
        return nextOrdinal;
    }

    long link()
    {
        return link;
    }

    long seals()
    {
        return seals;
    }

    /** Seals that carry a signature (checked when the verifier has the key). */
    long signedSeals()
    {
        return signedSeals;
    }

    /** Records covered by the last seal, or -1 when none was seen. */
    long sealedRecords()
    {
        return sealedRecords;
    }

    boolean endsWithSeal()
    {
        return lastWasSeal;
    }

    /** Whether the last document verified is the seal of a clean close. */
    boolean closedCleanly()
    {
        return closed;
    }

    /** Kind the last document claimed (after {@link #selfConsistent}: whether it was a record). */
    boolean lastWasRecord()
    {
        return foundKind == JournalFormat.KIND_RECORD;
    }

    long foundOrdinal()
    {
        return foundOrdinal;
    }

    /** What a finding of {@link #verify} means, for the document just verified. */
    String describe(final int finding)
    {
        switch (finding)
        {
            case TOO_SHORT:
                return "document too short to carry a trailer (its length or the bytes before it were altered)";
            case UNKNOWN_KIND:
                return String.format("no record trailer (kind 0x%08x): the document's bytes or length were altered", foundKind);
            case BAD_CHECKSUM:
                return "checksum mismatch: the record's bytes were altered";
            case BAD_SEAL_CHECKSUM:
                return "the seal after record " + (nextOrdinal - 1) + " fails its checksum";
            case OUT_OF_ORDER:
                return foundOrdinal > nextOrdinal
                    ? "found record " + foundOrdinal + " where record " + nextOrdinal + " belongs: "
                        + (foundOrdinal - nextOrdinal) + " record(s) deleted or out of order"
                    : "found record " + foundOrdinal + " again or out of order where record " + nextOrdinal + " belongs (inserted, duplicated or swapped)";
            case BROKEN_CHAIN:
                return "chain link mismatch: this record was rewritten with a recomputed checksum, or one before it was";
            case UNSIGNED_SEAL:
                return "the seal after record " + (nextOrdinal - 1) + " carries no signature, though the journal is checked with the key in "
                    + key.variable() + ": it was not written with that key, or was rewritten";
            case BAD_SIGNATURE:
                return "the seal after record " + (nextOrdinal - 1) + " is not signed with the key in " + key.variable()
                    + ": records before it were rewritten (checksums, links and seals recomputed), or the journal was signed with another key";
            case SEAL_MISMATCH:
                return foundOrdinal != nextOrdinal
                    ? "a seal counts " + foundOrdinal + " records where " + nextOrdinal + " precede it"
                    : "a seal's chain link differs from the chain: records before it were rewritten";
            default:
                return "unknown finding " + finding;
        }
    }
}
