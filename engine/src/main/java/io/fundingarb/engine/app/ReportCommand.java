package io.fundingarb.engine.app;

import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.report.HtmlReport;
import io.fundingarb.engine.report.SessionReport;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./run.sh report DIR [--html FILE]}: what a session earned, from its journal alone, as text and optionally as an HTML page. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Print what a session earned (pairs, funding, fees, slippage, PnL, win rate), computed from its journal.",
        "Checks the journal first (as journal check does) and stops with exit 3 on damage, unless --allow-damaged."})
public final class ReportCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "DIR", arity = "0..1", description = "The session journal folder.")
    Path dir;

    @Option(names = "--journal", paramLabel = "DIR", description = "Same as DIR.")
    Path journalOption;

    @Option(names = "--allow-damaged", description = JournalGate.ALLOW_DAMAGED_HELP)
    boolean allowDamaged;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write the report as one self-contained HTML file (equity curve, drawdown, "
        + "cumulative funding vs fees vs slippage per quote asset, pair and venue-pair tables, breaker transitions).")
    Path html;

    /** The HTML report's name in a session's journal folder, where the demo writes it. */
    public static final String HTML_NAME = "report.html";

    /** Writes the HTML report of a journal; returns the line that names the file, or says why it could not be written. */
    static String writeHtml(final SessionReport report, final Path journalDir, final Path file)
    {
        return writeHtml(report, journalDir, null, file);
    }

    /** As above, with what is wrong with the journal shown at the top of the file (null: nothing). */
    static String writeHtml(final SessionReport report, final Path journalDir, final String journalNote, final Path file)
    {
        try
        {
            HtmlReport.write(report, journalDir.toString(), journalNote, file);
            return "html report          " + file;
        }
        catch (final UncheckedIOException ex)
        {
            return "html report          not written: " + ex.getMessage();
        }
    }

    @Override
    public Integer call()
    {
        final Path journalDir = dir != null ? dir : journalOption;
        if (journalDir == null || !Files.isDirectory(journalDir))
        {
            throw new IllegalArgumentException("report: name an existing journal folder (./run.sh report DIR)");
        }
        final JournalGate gate = JournalGate.check(journalDir, allowDamaged, System.out);
        if (!gate.proceed())
        {
            return JournalGate.exitCode();
        }
        try (Journal journal = Journal.openExisting(journalDir))
        {
            final SessionReport report = SessionReport.of(journal);
            System.out.println("=== fundingarb session report: " + journalDir
                + (gate.damaged() ? " (DAMAGED journal, read up to its first bad record)" : "") + " ===");
            if (gate.note() != null)
            {
                System.out.println("journal              " + gate.note());
            }
            report.lines().forEach(System.out::println);
            if (html != null)
            {
                System.out.println(writeHtml(report, journalDir, gate.damaged() ? gate.note() : null, html));
            }
        }
        return Main.EXIT_OK;
    }
}
