package io.fundingarb.engine.app;

import io.fundingarb.engine.journal.JournalCheck;
import io.fundingarb.engine.journal.JournalFormat;
import io.fundingarb.engine.journal.SealKey;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What every command that reads a journal does first: {@link JournalCheck}, then stop on damage
 * (the DAMAGED line and the command to inspect it) unless {@code --allow-damaged}, in which case
 * the command reads up to the first bad record and says so on its output.
 */
final class JournalGate
{
    static final String ALLOW_DAMAGED_HELP =
        "Read a damaged journal up to its first bad record instead of stopping (exit 3); every output then says so.";

    private final JournalCheck.Result result;
    private final boolean proceed;

    private JournalGate(final JournalCheck.Result result, final boolean proceed)
    {
        this.result = result;
        this.proceed = proceed;
    }

    /** Checks {@code dir}; on damage without {@code allowDamaged}, prints why to {@code out} and tells the caller to stop. */
    static JournalGate check(final Path dir, final boolean allowDamaged, final PrintStream out)
    {
        return check(dir, allowDamaged, out, null);
    }

    /**
     * As {@link #check(Path, boolean, PrintStream)}, and with {@code key} (null: none) the seals'
     * signatures too when the journal's seals are signed; unsigned seals (a journal written before
     * the key was configured) are said so in one line, not refused.
     */
    static JournalGate check(final Path dir, final boolean allowDamaged, final PrintStream out, final SealKey key)
    {
        JournalCheck.Result result = JournalCheck.run(dir);
        if (key != null && !result.damaged())
        {
            if (result.inbound().signedSeals() + result.commands().signedSeals() > 0)
            {
                result = JournalCheck.run(dir, key);
            }
            else if (result.inbound().seals() + result.commands().seals() > 0)
            {
                out.println("the journal's seals are not signed: not checked against the key in " + key.variable());
            }
        }
        if (result.damaged() && !allowDamaged)
        {
            result.verdict().forEach(out::println);
            out.println("the journal is damaged: inspect it with " + result.inspectCommand()
                + ", or read up to the first bad record with --allow-damaged");
        }
        return new JournalGate(result, !result.damaged() || allowDamaged);
    }

    /** Whether the caller may read the journal. */
    boolean proceed()
    {
        return proceed;
    }

    boolean damaged()
    {
        return result.damaged();
    }

    JournalCheck.Result result()
    {
        return result;
    }

    /** The note every output of a read carries, or null for an intact journal. */
    String note()
    {
        if (result.damaged())
        {
            return "read up to the first bad record (--allow-damaged); " + result.firstDamage();
        }
        if (result.format() == JournalFormat.FORMAT_PLAIN)
        {
            return "no integrity data (format 1): this journal was written before checksums and is not verified";
        }
        return null;
    }

    /** The exit code when {@link #proceed()} is false. */
    static int exitCode()
    {
        return Main.EXIT_DAMAGED;
    }
}
