package io.fundingarb.engine.app;

import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.report.SessionReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./run.sh report DIR}: what a session earned, from its journal alone. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Print what a session earned (pairs, funding, fees, slippage, PnL, win rate), computed from its journal.")
public final class ReportCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "DIR", arity = "0..1", description = "The session journal folder.")
    Path dir;

    @Option(names = "--journal", paramLabel = "DIR", description = "Same as DIR.")
    Path journalOption;

    @Override
    public Integer call()
    {
        final Path journalDir = dir != null ? dir : journalOption;
        if (journalDir == null || !Files.isDirectory(journalDir))
        {
            throw new IllegalArgumentException("report: name an existing journal folder (./run.sh report DIR)");
        }
        try (Journal journal = Journal.openExisting(journalDir))
        {
            final SessionReport report = SessionReport.of(journal);
            System.out.println("=== fundingarb session report: " + journalDir + " ===");
            report.lines().forEach(System.out::println);
        }
        return Main.EXIT_OK;
    }
}
