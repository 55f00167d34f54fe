package io.fundingarb.engine.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.engine.journal.JournalCheck.Status;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JournalCheck} on a clean journal and on every kind of damage the issue names, each
 * located at the right record.
 */
@Timeout(120)
class JournalCheckTest
{
    private static final int RECORDS = 60;
    private static final int COMMANDS = 7;

    @TempDir
    Path tmp;

    @Test
    void shouldReportACleanJournalIntact()
    {
        final JournalCheck.Result result = JournalCheck.run(JournalFixture.write(tmp.resolve("j"), RECORDS, COMMANDS));

        assertThat(result.damaged()).isFalse();
        assertThat(result.verdict()).containsExactly("INTACT: 60 inbound, 7 command records, chain ok");
        assertThat(result.inbound().seals()).isEqualTo(RECORDS / JournalFixture.SEAL_EVERY + 1);
        assertThat(result.inbound().closedCleanly()).isTrue();
    }

    /** Chronicle's 4-byte header before each record: length and flags. */
    private static final int CHRONICLE_HEADER_BYTES = 4;

    @Test
    void shouldLocateByteFlipsAtRandomOffsets()
    {
        // reproducible by default; -Dgen.seed=random explores (the seed is in every failure's message), -Dgen.seed=N replays one
        final String configured = System.getProperty("gen.seed");
        final long seed = configured == null ? 20261206L : "random".equals(configured) ? System.nanoTime() : Long.parseLong(configured);
        final Random random = new Random(seed);
        final Path dir = JournalFixture.write(tmp.resolve("j"), RECORDS, COMMANDS);
        final Path file = JournalFixture.queueFile(dir.resolve(Journal.INBOUND));
        final List<JournalFixture.Span> spans = JournalFixture.spans(dir.resolve(Journal.INBOUND));
        final List<JournalFixture.Span> records = spans.stream().filter(JournalFixture.Span::record).toList();
        assertThat(records).hasSize(RECORDS);
        for (int trial = 0; trial < 150; trial++)
        {
            final int record = random.nextInt(RECORDS);
            final JournalFixture.Span span = records.get(record);
            final long offset = span.start() + random.nextInt((int)(span.end() - span.start()));
            final int mask = 1 << random.nextInt(8);
            JournalFixture.xor(file, offset, mask);
            try
            {
                final JournalCheck.QueueResult inbound = JournalCheck.run(dir).inbound();
                assertThat(inbound.status())
                    .as("seed %d trial %d: bit 0x%02x at offset %d (record %d spans %d..%d)", seed, trial, mask, offset, record, span.start(), span.end())
                    .isEqualTo(Status.DAMAGED);
                if (offset < span.start() + CHRONICLE_HEADER_BYTES && inbound.damagedLine().contains("the queue cannot be opened"))
                {
                    continue; // a flipped length in Chronicle's own record header can stop Chronicle opening the queue: damaged, not located
                }
                assertThat(inbound.damagedRecord())
                    .as("seed %d trial %d: bit 0x%02x at offset %d (record %d spans %d..%d): %s", seed, trial, mask, offset, record, span.start(), span.end(), inbound.damagedLine())
                    .isEqualTo(record);
            }
            finally
            {
                JournalFixture.xor(file, offset, mask);
            }
        }
        assertThat(JournalCheck.run(dir).damaged()).as("every flip restored").isFalse();
    }

    @Test
    void shouldLocateATruncation()
    {
        final Path dir = JournalFixture.write(tmp.resolve("j"), RECORDS, COMMANDS);
        final List<JournalFixture.Span> spans = JournalFixture.spans(dir.resolve(Journal.INBOUND));
        final JournalFixture.Span cut = spans.stream().filter(JournalFixture.Span::record).toList().get(45);
        JournalFixture.zero(JournalFixture.queueFile(dir.resolve(Journal.INBOUND)), cut.start(), spans.get(spans.size() - 1).end());

        final JournalCheck.QueueResult inbound = JournalCheck.run(dir).inbound();

        assertThat(inbound.status()).as(inbound.line()).isEqualTo(Status.DAMAGED);
        assertThat(inbound.damagedRecord()).as(inbound.line()).isEqualTo(45);
    }

    @Test
    void shouldLocateADeletedRecord()
    {
        final JournalCheck.QueueResult inbound = checkEdited(docs ->
        {
            docs.remove(JournalFixture.documentOf(docs, 33));
            return docs;
        });

        assertThat(inbound.damagedRecord()).as(inbound.line()).isEqualTo(33);
        assertThat(inbound.damagedLine()).contains("found record 34 where record 33 belongs");
    }

    @Test
    void shouldLocateTwoSwappedRecords()
    {
        final JournalCheck.QueueResult inbound = checkEdited(docs ->
        {
            Collections.swap(docs, JournalFixture.documentOf(docs, 12), JournalFixture.documentOf(docs, 13));
            return docs;
        });

        assertThat(inbound.damagedRecord()).as(inbound.line()).isEqualTo(12);
        assertThat(inbound.readableAfter()).as(inbound.line()).isEqualTo(RECORDS - 13);
    }

    @Test
    void shouldLocateAnInsertedRecord()
    {
        final JournalCheck.QueueResult inbound = checkEdited(docs ->
        {
            docs.add(JournalFixture.documentOf(docs, 50), docs.get(JournalFixture.documentOf(docs, 10)).clone());
            return docs;
        });

        assertThat(inbound.damagedRecord()).as(inbound.line()).isEqualTo(50);
    }

    @Test
    void shouldLocateAnEditedAmountWhoseChecksumWasRecomputed()
    {
        final JournalCheck.QueueResult inbound = checkEdited(docs ->
        {
            editMarkPrice(docs.get(JournalFixture.documentOf(docs, 27)));
            return docs;
        });

        assertThat(inbound.damagedRecord()).as(inbound.line()).isEqualTo(27);
        assertThat(inbound.problem()).contains("chain link mismatch");
    }

    @Test
    void shouldLocateAnEditedAmountWithItsChecksumAndLinkRecomputedAtTheNextRecord()
    {
        final JournalCheck.QueueResult inbound = checkEdited(docs ->
        {
            final byte[] edited = docs.get(JournalFixture.documentOf(docs, 27));
            final byte[] previous = docs.get(JournalFixture.documentOf(docs, 26));
            editMarkPrice(edited);
            final UnsafeBuffer trailer = trailer(edited);
            final long previousLink = trailer(previous).getLong(JournalFormat.LINK_OFFSET, ByteOrder.LITTLE_ENDIAN);
            trailer.putLong(JournalFormat.LINK_OFFSET,
                JournalFormat.link(previousLink, trailer.getInt(JournalFormat.CRC_OFFSET, ByteOrder.LITTLE_ENDIAN), 27), ByteOrder.LITTLE_ENDIAN);
            return docs;
        });

        assertThat(inbound.damagedRecord()).as(inbound.line()).isEqualTo(28);
    }

    /** The limit README states: without a key, whoever rewrites every later link and seal is not detected. */
    @Test
    void shouldNotDetectAFullRewriteOfTheChain()
    {
        final Path dir = JournalFixture.rewrite(JournalFixture.write(tmp.resolve("j"), RECORDS, COMMANDS), tmp.resolve("edited"), docs ->
        {
            editMarkPrice(docs.get(JournalFixture.documentOf(docs, 27)));
            JournalFixture.rechain(docs);
            return docs;
        });

        assertThat(JournalCheck.run(dir).damaged()).isFalse();
    }

    private static final SealKey KEY = SealKey.of("FUNDINGARB_JOURNAL_KEY", "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    @Test
    void shouldVerifyEverySealsSignatureWithTheKey()
    {
        final Path dir = JournalFixture.write(tmp.resolve("j"), RECORDS, COMMANDS, KEY);

        final JournalCheck.Result result = JournalCheck.run(dir, KEY.copy());

        assertThat(result.damaged()).isFalse();
        assertThat(result.inbound().line()).contains("4 seals (signatures verified)");
        assertThat(result.verdict()).containsExactly("INTACT: 60 inbound, 7 command records, chain ok, seals signed with the key");
    }

    @Test
    void shouldNotClaimVerifiedSignaturesOfAJournalKilledBeforeItsFirstSeal()
    {
        final Path dir = tmp.resolve("j");
        try (Journal journal = Journal.create(dir))
        {
            JournalFixture.append(new JournalWriter(journal.inbound(), JournalWriter.Durability.NONE, KEY), 5); // killed: no seal yet
        }

        final JournalCheck.Result result = JournalCheck.run(dir, KEY.copy());

        assertThat(result.inbound().line()).contains("0 seals (no seal to verify a signature of)");
        assertThat(result.verdict().get(0)).startsWith("INTACT: 5 inbound, 0 command records, chain ok; unsealed tail").doesNotContain("signed with the key");
    }

    @Test
    void shouldCountSignedSealsWithoutCheckingThemWhenNoKeyIsGiven()
    {
        final JournalCheck.Result result = JournalCheck.run(JournalFixture.write(tmp.resolve("j"), RECORDS, COMMANDS, KEY));

        assertThat(result.damaged()).isFalse();
        assertThat(result.inbound().line()).contains("4 seals (4 signed, not verified: journal check --key-env NAME)");
        assertThat(result.verdict()).containsExactly("INTACT: 60 inbound, 7 command records, chain ok");
    }

    /** What the key is for: the full rewrite {@link #shouldNotDetectAFullRewriteOfTheChain} cannot see is found at the next signed seal. */
    @Test
    void shouldFindAFullRewriteOfTheChainAtTheFirstSignedSealAfterIt()
    {
        final Path dir = JournalFixture.rewrite(JournalFixture.write(tmp.resolve("j"), RECORDS, COMMANDS, KEY), tmp.resolve("edited"), docs ->
        {
            editMarkPrice(docs.get(JournalFixture.documentOf(docs, 27)));
            JournalFixture.rechain(docs);
            return docs;
        });

        assertThat(JournalCheck.run(dir).damaged()).as("without the key").isFalse();
        final JournalCheck.Result result = JournalCheck.run(dir, KEY.copy());
        assertThat(result.damaged()).isTrue();
        assertThat(result.inbound().damagedRecord()).as(result.inbound().line()).isEqualTo(40);
        assertThat(result.inbound().damagedLine()).contains("the seal after record 39 is not signed with the key in FUNDINGARB_JOURNAL_KEY: "
            + "records before it were rewritten");
        assertThat(result.commands().status()).isEqualTo(Status.INTACT);
    }

    @Test
    void shouldReportSealsWithoutASignatureWhenCheckedWithAKey()
    {
        final JournalCheck.Result result = JournalCheck.run(JournalFixture.write(tmp.resolve("j"), RECORDS, COMMANDS), KEY.copy());

        assertThat(result.inbound().damagedLine()).startsWith("DAMAGED: inbound record 20 ")
            .contains("carries no signature, though the journal is checked with the key in FUNDINGARB_JOURNAL_KEY");
    }

    @Test
    void shouldReportSealsSignedWithAnotherKey()
    {
        final Path dir = JournalFixture.write(tmp.resolve("j"), RECORDS, COMMANDS, KEY);
        final SealKey other = SealKey.of("OTHER_KEY", "fedcba9876543210fedcba9876543210".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        assertThat(JournalCheck.run(dir, other).inbound().damagedLine()).contains("is not signed with the key in OTHER_KEY");
    }

    @Test
    void shouldNotAcceptASealMovedFromTheOtherJournal()
    {
        // both journals sealed with 7 records, so a command seal has the same count; its link differs, and its signature names "commands"
        final Path dir = JournalFixture.write(tmp.resolve("j"), COMMANDS, COMMANDS, KEY);
        final List<byte[]> commandDocs = JournalFixture.documents(dir.resolve(Journal.COMMANDS));
        final Path moved = JournalFixture.rewrite(dir, tmp.resolve("moved"), docs ->
        {
            docs.set(docs.size() - 1, commandDocs.get(commandDocs.size() - 1));
            JournalFixture.rechain(docs);
            return docs;
        });

        assertThat(JournalCheck.run(moved, KEY.copy()).inbound().damagedLine()).contains("is not signed with the key");
    }

    @Test
    void shouldRefuseAKeyVariableThatIsUnsetOrShortWithoutShowingItsValue()
    {
        final java.util.Map<String, String> env = java.util.Map.of("SHORT_KEY", "tooShortSecret123");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SealKey.fromEnvironment("MISSING_KEY", env::get, "journal.seal_key_env"))
            .hasMessage("journal.seal_key_env: environment variable MISSING_KEY is not set (it holds the key the journal's seals are signed with)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SealKey.fromEnvironment("SHORT_KEY", env::get, "journal.seal_key_env"))
            .hasMessage("journal.seal_key_env: the key in environment variable SHORT_KEY is shorter than 32 characters")
            .hasMessageNotContaining("tooShortSecret123");
        assertThat(SealKey.fromEnvironment("", env::get, "journal.seal_key_env")).isNull();
        assertThat(KEY.toString()).doesNotContain("0123456789abcdef");
    }

    @Test
    void shouldReportAMissingCommandJournal() throws IOException
    {
        final Path dir = JournalFixture.write(tmp.resolve("j"), RECORDS, COMMANDS);
        deleteRecursively(dir.resolve(Journal.COMMANDS));

        final JournalCheck.Result result = JournalCheck.run(dir);

        assertThat(result.inbound().status()).isEqualTo(Status.INTACT);
        assertThat(result.commands().status()).isEqualTo(Status.DAMAGED);
        assertThat(result.commands().damagedLine()).startsWith("DAMAGED: command record 0").contains("missing");
    }

    @Test
    void shouldReportAJournalWithoutTheClosingSealAsEndedWithoutACleanClose()
    {
        final Path dir = tmp.resolve("j");
        try (Journal journal = Journal.create(dir))
        {
            JournalFixture.append(new JournalWriter(journal.inbound()), 45); // never closed: as a killed process leaves it
        }

        final JournalCheck.Result result = JournalCheck.run(dir);

        assertThat(result.damaged()).isFalse();
        assertThat(result.inbound().line()).contains("unsealed tail of 5 records after the last seal (record 40 on): ended without a clean close");
        assertThat(result.verdict().get(0)).startsWith("INTACT: 45 inbound, 0 command records, chain ok; unsealed tail");
    }

    @Test
    void shouldReadAJournalWrittenBeforeChecksumsAsFormatOneWithNoIntegrityData()
    {
        // format 1: bare SBE payloads, no trailers, no seals, no marker
        final Path dir = JournalFixture.writePlain(tmp.resolve("j"), RECORDS, COMMANDS);

        final JournalCheck.Result result = JournalCheck.run(dir);

        assertThat(result.damaged()).isFalse();
        assertThat(result.format()).isEqualTo(JournalFormat.FORMAT_PLAIN);
        assertThat(result.inbound().status()).isEqualTo(Status.UNVERIFIED);
        assertThat(result.verdict()).containsExactly(
            "NO INTEGRITY DATA (format 1): 60 inbound, 7 command records read; written before checksums, nothing to verify");
        try (Journal journal = Journal.openExisting(dir); JournalReader reader = new JournalReader(journal.inbound(), 64))
        {
            int n = 0;
            while (reader.next())
            {
                n++;
            }
            assertThat(n).isEqualTo(RECORDS);
            assertThat(reader.verified()).isFalse();
        }
    }

    @Test
    void shouldReportARemovedFormatMarkerAsDamageInsteadOfReadingTheJournalAsUnverified() throws IOException
    {
        final Path dir = JournalFixture.write(tmp.resolve("j"), RECORDS, COMMANDS);
        Files.delete(dir.resolve(JournalFormat.MARKER_FILE));

        final JournalCheck.Result result = JournalCheck.run(dir);

        assertThat(result.damaged()).isTrue();
        assertThat(result.format()).isEqualTo(JournalFormat.FORMAT_CHAINED);
        assertThat(result.inbound().status()).isEqualTo(Status.INTACT);
        assertThat(result.verdict()).containsExactly("DAMAGED: folder: the journal.format marker is missing, yet the records carry format-2 checksums: "
            + "the folder is not as it was written (removing the marker would make the journal read as unverified format 1; "
            + "its records were verified as format 2: chain ok)");
        try (Journal journal = Journal.openExisting(dir); JournalReader reader = new JournalReader(journal.inbound(), 64))
        {
            int n = 0;
            while (reader.next())
            {
                n++;
            }
            assertThat(n).as("read as format 2: trailers stripped, seals skipped").isEqualTo(RECORDS);
            assertThat(reader.verified()).isTrue();
        }
    }

    @Test
    void shouldStillLocateAnEditedRecordWhenItsFormatMarkerWasRemovedToHideIt() throws IOException
    {
        final Path clean = JournalFixture.write(tmp.resolve("clean"), RECORDS, COMMANDS);
        final Path dir = JournalFixture.rewrite(clean, tmp.resolve("edited"), documents ->
        {
            final byte[] document = documents.get(JournalFixture.documentOf(documents, 33));
            final UnsafeBuffer view = new UnsafeBuffer(document);
            final int offset = JournalFixture.markPriceOffset();
            view.putLong(offset, view.getLong(offset, ByteOrder.LITTLE_ENDIAN) + 1, ByteOrder.LITTLE_ENDIAN);
            JournalFixture.fixChecksum(document);
            return documents;
        });
        Files.delete(dir.resolve(JournalFormat.MARKER_FILE));

        final JournalCheck.Result result = JournalCheck.run(dir);

        assertThat(result.damaged()).isTrue();
        assertThat(result.verdict()).hasSize(2);
        assertThat(result.verdict().get(0)).startsWith("DAMAGED: inbound record 33 ");
        assertThat(result.verdict().get(1)).startsWith("DAMAGED: folder: the journal.format marker is missing").endsWith("see above)");
    }

    @Test
    void shouldReadRecordsWithoutTheirTrailerAndSkipSeals()
    {
        final Path dir = JournalFixture.write(tmp.resolve("j"), RECORDS, COMMANDS);
        final byte[] expected = new byte[256];
        try (Journal journal = Journal.openExisting(dir); JournalReader reader = new JournalReader(journal.inbound(), 64))
        {
            int n = 0;
            while (reader.next())
            {
                final int length = JournalFixture.fundingUpdate(expected, n);
                assertThat(reader.length()).isEqualTo(length);
                assertThat(java.util.Arrays.equals(reader.array(), 0, length, expected, 0, length)).isTrue();
                assertThat(reader.position()).isEqualTo(n);
                n++;
            }
            assertThat(n).isEqualTo(RECORDS);
            assertThat(reader.damage()).isNull();
        }
    }

    @Test
    void shouldStopReadingAtTheFirstBadRecord()
    {
        final Path dir = JournalFixture.rewrite(JournalFixture.write(tmp.resolve("j"), RECORDS, COMMANDS), tmp.resolve("edited"), docs ->
        {
            docs.remove(JournalFixture.documentOf(docs, 33));
            return docs;
        });
        try (Journal journal = Journal.openExisting(dir); JournalReader reader = new JournalReader(journal.inbound(), 64))
        {
            int n = 0;
            while (reader.next())
            {
                n++;
            }
            assertThat(n).isEqualTo(33);
            assertThat(reader.damage()).startsWith("record 33: ");
        }
    }

    /** Checks a copy of a clean journal whose inbound documents were edited. */
    private JournalCheck.QueueResult checkEdited(final UnaryOperator<List<byte[]>> edit)
    {
        return JournalCheck.run(JournalFixture.rewrite(JournalFixture.write(tmp.resolve("j"), RECORDS, COMMANDS), tmp.resolve("edited"), edit)).inbound();
    }

    private static void editMarkPrice(final byte[] document)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(document);
        final int offset = JournalFixture.markPriceOffset();
        buffer.putLong(offset, buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN) * 10, ByteOrder.LITTLE_ENDIAN);
        JournalFixture.fixChecksum(document);
    }

    private static UnsafeBuffer trailer(final byte[] document)
    {
        return new UnsafeBuffer(document, document.length - JournalFormat.TRAILER_LENGTH, JournalFormat.TRAILER_LENGTH);
    }

    private static void deleteRecursively(final Path dir) throws IOException
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path p : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(p);
            }
        }
    }
}
