package io.fundingarb.engine.app;

import io.fundingarb.engine.journal.JournalCheck;
import io.fundingarb.engine.journal.SealKey;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./run.sh journal check DIR}: a session journal's integrity, record by record. */
@Command(name = "journal", mixinStandardHelpOptions = true,
    description = "Journal tools: journal check DIR verifies a session journal's checksums and hash chain (exit 3 when damaged).",
    subcommands = {JournalCommand.Check.class})
public final class JournalCommand implements Runnable
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
        description = {
            "Read every record of the inbound and command journals, verify each checksum and the hash chain, and compare "
                + "the count with what the queue says was written, without changing anything.",
            "Prints INTACT: N inbound, M command records, chain ok (exit 0), or for each damaged journal "
                + "DAMAGED: <journal> record K (index 0x...): <what is wrong>; records after it: readable R, lost L (exit 3).",
            "A journal written before checksums reads as NO INTEGRITY DATA (format 1) (exit 0)."})
    static final class Check implements Callable<Integer>
    {
        @Parameters(index = "0", paramLabel = "DIR", description = "The session journal folder.")
        Path dir;

        @Option(names = "--key-env", paramLabel = "NAME", description = "Check every seal's signature with the key in environment variable NAME "
            + "(the one journal.seal_key_env named when the journal was written): a journal rewritten with its checksums, links and seals "
            + "recomputed is then found at the first seal after the rewrite.")
        String keyEnv;

        @Override
        public Integer call()
        {
            if (!Files.isDirectory(dir))
            {
                throw new IllegalArgumentException("journal check: " + dir + " is not a folder");
            }
            final JournalCheck.Result result = JournalCheck.run(dir, SealKey.fromEnvironment(keyEnv, System::getenv, "journal check --key-env"));
            final PrintStream out = System.out;
            out.println("journal check " + dir + (result.format() == 2 ? " (format 2: CRC32C per record, hash chain, seals)" : ""));
            out.println("  " + result.inbound().line());
            out.println("  " + result.commands().line());
            result.verdict().forEach(out::println);
            return result.damaged() ? Main.EXIT_DAMAGED : Main.EXIT_OK;
        }
    }
}
