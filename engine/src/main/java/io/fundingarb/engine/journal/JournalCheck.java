package io.fundingarb.engine.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Checks a session journal's integrity without changing it (queues opened read-only): reads
 * every document of the inbound and command journals, verifies each record's checksum, ordinal
 * and chain link and each seal ({@link JournalFormat}), and compares the number read with the
 * number the queue says was written. The first finding of each journal is located by record
 * index and Chronicle index, with how many records after it still read back. Used by
 * {@code journal check} and by every command that reads a journal before it trusts one.
 */
public final class JournalCheck
{
    /** How far past an unreadable document to look for the next readable one. */
    private static final int MAX_SKIP = 4096;

    public enum Status
    {
        /** Every record verified (format 2). */
        INTACT,
        /** A finding: see the journal's {@link QueueResult#problem()}. */
        DAMAGED,
        /** Format 1: read back, nothing to verify. */
        UNVERIFIED
    }

    /**
     * One journal's findings.
     *
     * @param name           {@code inbound} or {@code command}
     * @param records        records verified before the first finding (all of them when intact)
     * @param seals          seals verified
     * @param sealedRecords  records covered by the last seal, -1 when none
     * @param closedCleanly  the journal ends with the seal of a clean close
     * @param written        documents the queue says were written (records and seals), -1 when it cannot tell
     * @param finalLink      the chain link after the last verified record
     * @param damagedRecord  index of the first damaged or missing record, -1 when none
     * @param damagedIndex   its Chronicle index, -1 when unknown
     * @param problem        what is wrong there, null when nothing
     * @param readableAfter  records after it that still pass their own checksum
     * @param lostAfter      documents after it that could not be read, -1 when unknown
     * @param signedSeals    seals that carry a signature ({@link SealKey})
     * @param signaturesChecked whether those signatures were checked against a key (every seal must then carry one)
     */
    public record QueueResult(
        String name,
        Status status,
        long records,
        long seals,
        long sealedRecords,
        boolean closedCleanly,
        long written,
        long finalLink,
        long damagedRecord,
        long damagedIndex,
        String problem,
        long readableAfter,
        long lostAfter,
        long signedSeals,
        boolean signaturesChecked)
    {
        /** The {@code DAMAGED: ...} line, or null when not damaged. */
        public String damagedLine()
        {
            if (status != Status.DAMAGED)
            {
                return null;
            }
            return "DAMAGED: " + name + " record " + damagedRecord
                + (damagedIndex >= 0 ? String.format(" (index 0x%x)", damagedIndex) : "")
                + ": " + problem + "; records after it: readable " + readableAfter + ", lost " + (lostAfter >= 0 ? Long.toString(lostAfter) : "unknown");
        }

        /** One line on this journal, for {@code journal check}. */
        public String line()
        {
            switch (status)
            {
                case DAMAGED:
                    return damagedLine();
                case UNVERIFIED:
                    return String.format("%-8s %,d records read; no integrity data (format 1)", name, records);
                case INTACT:
                default:
                    return String.format("%-8s %,d records, %,d seals%s, chain ok (final link 0x%016x), %s", name, records, seals, signatures(), finalLink, ending());
            }
        }

        /** What the seals' signatures say: verified, signed but not verified, or nothing when unsigned. */
        public String signatures()
        {
            if (signaturesChecked)
            {
                return seals > 0 ? " (signatures verified)" : " (no seal to verify a signature of)";
            }
            return signedSeals > 0 ? " (" + signedSeals + " signed, not verified: journal check --key-env NAME)" : "";
        }

        /** How the journal ended: a clean close, or the unsealed tail a kill leaves. */
        public String ending()
        {
            if (closedCleanly)
            {
                return "closed cleanly";
            }
            final long tail = records - Math.max(0, sealedRecords);
            return "unsealed tail of " + tail + " records after the last seal"
                + (sealedRecords >= 0 ? " (record " + sealedRecords + " on)" : " (none written)")
                + ": ended without a clean close";
        }
    }

    /**
     * Both journals' findings.
     *
     * @param folderProblem what is wrong with the folder itself (its format marker removed), null when nothing
     */
    public record Result(Path dir, int format, QueueResult inbound, QueueResult commands, String folderProblem)
    {
        public boolean damaged()
        {
            return folderProblem != null || inbound.status() == Status.DAMAGED || commands.status() == Status.DAMAGED;
        }

        /** The first DAMAGED line (inbound first, then command, then the folder's), or null. */
        public String firstDamage()
        {
            if (inbound.status() == Status.DAMAGED)
            {
                return inbound.damagedLine();
            }
            if (commands.status() == Status.DAMAGED)
            {
                return commands.damagedLine();
            }
            return folderProblem == null ? null : folderLine();
        }

        private String folderLine()
        {
            return "DAMAGED: folder: " + folderProblem;
        }

        /** The one-line verdict: {@code INTACT: ...}, the DAMAGED lines, or format 1's note. */
        public List<String> verdict()
        {
            final List<String> lines = new ArrayList<>();
            if (damaged())
            {
                for (final QueueResult q : List.of(inbound, commands))
                {
                    if (q.status() == Status.DAMAGED)
                    {
                        lines.add(q.damagedLine());
                    }
                }
                if (folderProblem != null)
                {
                    lines.add(folderLine());
                }
            }
            else if (format == JournalFormat.FORMAT_PLAIN)
            {
                lines.add("NO INTEGRITY DATA (format 1): " + inbound.records() + " inbound, " + commands.records()
                    + " command records read; written before checksums, nothing to verify");
            }
            else
            {
                final String tail = !inbound.closedCleanly() || !commands.closedCleanly()
                    ? "; unsealed tail of " + (inbound.records() - Math.max(0, inbound.sealedRecords())) + " inbound, "
                        + (commands.records() - Math.max(0, commands.sealedRecords())) + " command records after the last seal: ended without a clean close"
                    : "";
                final String signed = inbound.signaturesChecked() && inbound.seals() + commands.seals() > 0 ? ", seals signed with the key" : "";
                lines.add("INTACT: " + inbound.records() + " inbound, " + commands.records() + " command records, chain ok" + signed + tail);
            }
            return lines;
        }

        /** What to run to see the findings in full. */
        public String inspectCommand()
        {
            return "./run.sh journal check " + dir;
        }
    }

    private JournalCheck()
    {
    }

    /** Checks the journal in {@code dir}; never throws on a damaged journal, only on a folder that is not one. */
    public static Result run(final Path dir)
    {
        return run(dir, null);
    }

    /**
     * As {@link #run(Path)}, and with {@code key} (null: none) every seal must carry a signature
     * made with it: a journal rewritten with recomputed checksums, links and seals is found at the
     * first seal after the rewrite.
     */
    public static Result run(final Path dir, final SealKey key)
    {
        if (!Files.isDirectory(dir.resolve(Journal.INBOUND)))
        {
            throw new IllegalArgumentException(dir + " is not a fundingarb journal (no " + Journal.INBOUND + "/ folder)");
        }
        final int format = JournalFormat.of(dir);
        QueueResult inbound = check(dir.resolve(Journal.INBOUND), "inbound", format, key);
        QueueResult commands = check(dir.resolve(Journal.COMMANDS), "command", format, key);
        if (format == JournalFormat.FORMAT_CHAINED && inbound.status() == Status.INTACT && commands.status() == Status.INTACT)
        {
            // both journals are sealed by the same close: one sealed and not the other lost its tail
            if (inbound.closedCleanly() && !commands.closedCleanly())
            {
                commands = cutOff(commands);
            }
            else if (commands.closedCleanly() && !inbound.closedCleanly())
            {
                inbound = cutOff(inbound);
            }
        }
        final String folderProblem = format == JournalFormat.FORMAT_CHAINED && !JournalFormat.hasMarker(dir)
            ? "the " + JournalFormat.MARKER_FILE + " marker is missing, yet the records carry format-2 checksums: the folder is not as it was written "
                + "(removing the marker would make the journal read as unverified format 1; its records were verified as format 2: "
                + (inbound.status() == Status.DAMAGED || commands.status() == Status.DAMAGED ? "see above" : "chain ok") + ")"
            : null;
        return new Result(dir, format, inbound, commands, folderProblem);
    }

    private static QueueResult cutOff(final QueueResult q)
    {
        return new QueueResult(q.name(), Status.DAMAGED, q.records(), q.seals(), q.sealedRecords(), false, q.written(), q.finalLink(),
            q.records(), -1, "missing: the journal ends without the closing seal the other journal has (its tail was cut off, or the process died between the two closes)", 0, -1,
            q.signedSeals(), q.signaturesChecked());
    }

    private static QueueResult check(final Path queueDir, final String name, final int format, final SealKey key)
    {
        if (format == JournalFormat.FORMAT_UNKNOWN)
        {
            return damaged(name, 0, -1, "the " + JournalFormat.MARKER_FILE + " marker names no known format", 0, -1);
        }
        if (!Files.isDirectory(queueDir))
        {
            return damaged(name, 0, -1, "the " + name + " journal is missing (no " + queueDir.getFileName() + "/ folder)", 0, -1);
        }
        if (!JournalFormat.hasQueueFiles(queueDir))
        {
            // the writer creates its first file on its first document: nothing was ever written
            return new QueueResult(name, format == JournalFormat.FORMAT_PLAIN ? Status.UNVERIFIED : Status.INTACT,
                0, 0, -1, false, 0, JournalFormat.GENESIS, -1, -1, null, 0, 0, 0, key != null);
        }
        try (ChronicleQueue queue = Journal.readOnly(queueDir))
        {
            return new Scan(queue, name, format, key, JournalFormat.journalName(queue)).run();
        }
        catch (final RuntimeException | AssertionError | InternalError ex)
        {
            return damaged(name, 0, -1, "the queue cannot be opened (" + ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")", 0, -1);
        }
    }

    private static QueueResult damaged(final String name, final long record, final long index, final String problem, final long readable, final long lost)
    {
        return new QueueResult(name, Status.DAMAGED, record, 0, -1, false, -1, 0, record, index, problem, readable, lost, 0, false);
    }

    /** One pass over one queue. */
    private static final class Scan
    {
        private final ChronicleQueue queue;
        private final String name;
        private final boolean chained;
        private final ChainVerifier verifier;
        private final boolean signaturesChecked;
        private final ExcerptTailer tailer;
        private byte[] array = new byte[4096];
        private int length;
        private long index = -1;
        private long lastGoodIndex = -1;
        private long documents;
        private long plainRecords;

        Scan(final ChronicleQueue queue, final String name, final int format, final SealKey key, final byte[] journalName)
        {
            this.queue = queue;
            this.name = name;
            this.chained = format == JournalFormat.FORMAT_CHAINED;
            this.verifier = new ChainVerifier(key, journalName);
            this.signaturesChecked = key != null && chained;
            this.tailer = queue.createTailer();
        }

        QueueResult run()
        {
            final long written = written();
            String problem = null;
            long damagedRecord = -1;
            long damagedIndex = -1;
            boolean stopped = false;
            while (problem == null)
            {
                final int found;
                try
                {
                    found = read();
                }
                catch (final RuntimeException | AssertionError | InternalError ex)
                {
                    problem = "the queue cannot be read past here (" + ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")";
                    damagedRecord = chained ? verifier.records() : plainRecords;
                    damagedIndex = lastGoodIndex >= 0 ? lastGoodIndex + 1 : -1;
                    stopped = true;
                    break;
                }
                if (found == 0)
                {
                    break;
                }
                documents++;
                if (!chained)
                {
                    plainRecords++;
                    lastGoodIndex = index;
                    continue;
                }
                final int verdict = verifier.verify(array, length);
                if (verdict < 0)
                {
                    problem = verifier.describe(verdict);
                    damagedRecord = verifier.records();
                    damagedIndex = index;
                    break;
                }
                lastGoodIndex = index;
            }
            final long readBefore = documents;
            if (problem == null && written >= 0 && documents < written)
            {
                problem = "unreadable: the queue says " + written + " documents were written, " + documents
                    + " read back (an unreadable or cut-off document header)";
                damagedRecord = chained ? verifier.records() : plainRecords;
                damagedIndex = lastGoodIndex >= 0 ? lastGoodIndex + 1 : -1;
                stopped = true;
            }
            if (problem == null)
            {
                return chained
                    ? new QueueResult(name, Status.INTACT, verifier.records(), verifier.seals(), verifier.sealedRecords(), verifier.closedCleanly(),
                        written, verifier.link(), -1, -1, null, 0, 0, verifier.signedSeals(), signaturesChecked)
                    : new QueueResult(name, Status.UNVERIFIED, plainRecords, 0, -1, false, written, 0, -1, -1, null, 0, 0, 0, false);
            }
            final long[] after = stopped ? afterUnreadable(damagedIndex) : afterFinding();
            // documents after the damaged one that did not read back whole (the damaged one itself not counted)
            final long lost = written >= 0 ? Math.max(0, written - readBefore - after[1] - (stopped ? 1 : 0)) : -1;
            return new QueueResult(name, Status.DAMAGED, chained ? verifier.records() : plainRecords, verifier.seals(), verifier.sealedRecords(), false,
                written, verifier.link(), damagedRecord, damagedIndex, problem, after[0], lost,
                verifier.signedSeals(), signaturesChecked);
        }

        /** After a document that read but failed: {records, documents (records and seals)} among the rest that pass their own checksum. */
        private long[] afterFinding()
        {
            long records = 0;
            long documents = 0;
            try
            {
                while (read() == 1)
                {
                    if (!chained || verifier.selfConsistent(array, length))
                    {
                        documents++;
                        records += !chained || verifier.lastWasRecord() ? 1 : 0;
                    }
                }
            }
            catch (final RuntimeException | AssertionError | InternalError ex)
            {
                // the rest is unreadable: counted as lost
            }
            return new long[] {records, documents};
        }

        /** After a document the queue cannot read: jump past it by index and count what reads. */
        private long[] afterUnreadable(final long badIndex)
        {
            if (badIndex < 0)
            {
                return new long[] {0, 0};
            }
            final long last;
            try
            {
                last = queue.lastIndex();
            }
            catch (final RuntimeException | AssertionError | InternalError ex)
            {
                return new long[] {0, 0};
            }
            for (long candidate = badIndex + 1; candidate <= last && candidate <= badIndex + MAX_SKIP; candidate++)
            {
                try
                {
                    if (tailer.moveToIndex(candidate))
                    {
                        return afterFinding();
                    }
                }
                catch (final RuntimeException | AssertionError | InternalError ex)
                {
                    // try the next index
                }
            }
            return new long[] {0, 0};
        }

        private long written()
        {
            try
            {
                return queue instanceof SingleChronicleQueue q ? q.entryCount() : -1;
            }
            catch (final RuntimeException | AssertionError | InternalError ex)
            {
                return -1;
            }
        }

        private int read()
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return 0;
                }
                index = dc.index();
                final Bytes<?> bytes = dc.wire().bytes();
                final long remaining = bytes.readRemaining();
                if (remaining > JournalFormat.MAX_DOCUMENT_BYTES)
                {
                    throw new IllegalStateException("a document header claims " + remaining + " bytes");
                }
                length = (int)remaining;
                if (length > array.length)
                {
                    array = new byte[Math.max(length, array.length * 2)];
                }
                bytes.read(array, 0, length);
                return 1;
            }
        }
    }
}
