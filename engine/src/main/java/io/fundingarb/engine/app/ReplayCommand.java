package io.fundingarb.engine.app;

import io.fundingarb.engine.FundingArbAgent;
import io.fundingarb.engine.config.ConfigLoader;
import io.fundingarb.engine.config.FundingArbConfig;
import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.replay.DecisionExplainer;
import io.fundingarb.engine.replay.Replayer;
import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./run.sh replay DIR --print | --verify | --explain PAIR}: read a session journal back, as
 * JSON lines, as an audit that the same inputs give byte-identical commands and state hashes, or as
 * one pair's decisions with their inputs and arithmetic.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Print a session journal as JSON lines, verify that replaying it reproduces its commands exactly, "
        + "or explain one pair's decisions.",
        "Checks the journal first (as journal check does) and stops with exit 3 on damage, unless --allow-damaged."})
public final class ReplayCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "DIR", arity = "0..1", description = "The session journal folder (as printed by the run).")
    Path dir;

    @Option(names = "--journal", paramLabel = "DIR", description = "Same as DIR.")
    Path journalOption;

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration to rebuild the stages with (default: the copy kept in the journal).")
    Path config;

    @Option(names = "--allow-damaged", description = JournalGate.ALLOW_DAMAGED_HELP)
    boolean allowDamaged;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode
    {
        @Option(names = "--print", description = "Print every event and command as one JSON object per line.")
        boolean print;

        @Option(names = "--explain", paramLabel = "PAIR", description = "Explain one pair's entry and exit decisions (PAIR: its id, as the report "
            + "and the log name it, e.g. 4 or #4): the inputs as the stages saw them, the thresholds and risk checks, and the arithmetic.")
        String explain;

        @Option(names = "--verify", description = "Replay the input journal through fresh stages; exit 1 unless the commands and state hashes are identical "
            + "(exit 3 on a damaged journal, even with --allow-damaged: what lies past the damage is not verified).")
        boolean verify;
    }

    @Override
    public Integer call() throws Exception
    {
        final Path journalDir = dir != null ? dir : journalOption;
        if (journalDir == null)
        {
            throw new IllegalArgumentException("replay: name the journal folder (./run.sh replay DIR --verify)");
        }
        if (!Files.isDirectory(journalDir))
        {
            throw new IllegalArgumentException("replay: " + journalDir + " is not a folder");
        }
        final JournalGate gate = JournalGate.check(journalDir, allowDamaged, System.out);
        if (!gate.proceed())
        {
            return JournalGate.exitCode();
        }
        try (Journal journal = Journal.openExisting(journalDir))
        {
            if (mode.print)
            {
                final PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
                if (gate.damaged())
                {
                    out.println("{\"type\":\"JournalDamaged\",\"note\":\"" + jsonEscaped(gate.note()) + "\"}");
                }
                Replayer.print(journal, out);
                out.flush();
                return Main.EXIT_OK;
            }
            if (mode.explain != null)
            {
                return explain(journal, journalDir, gate);
            }
            return verify(journal, journalDir, gate);
        }
    }

    private int explain(final Journal journal, final Path journalDir, final JournalGate gate)
    {
        final String text = mode.explain.startsWith("#") ? mode.explain.substring(1) : mode.explain;
        final long pairId;
        try
        {
            pairId = Long.parseLong(text.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("replay --explain: PAIR is a pair id such as 4 or #4, not '" + mode.explain + "'");
        }
        final Configured configured = configured(journalDir);
        final DecisionExplainer.Explanation explanation = DecisionExplainer.explain(journal, configured.config(), pairId);
        final PrintStream out = System.out;
        out.println("replay --explain " + pairId + " " + journalDir + " (stages configured from " + configured.source() + ")");
        if (gate.note() != null)
        {
            out.println("journal: " + gate.note());
        }
        explanation.lines().forEach(out::println);
        return gate.damaged() ? JournalGate.exitCode() : Main.EXIT_OK;
    }

    /** The configuration the stages are rebuilt with, and where it came from. */
    private record Configured(FundingArbConfig config, String source)
    {
    }

    private Configured configured(final Path journalDir)
    {
        final Path kept = journalDir.resolve(Journal.CONFIG);
        if (config != null)
        {
            return new Configured(ConfigLoader.load(config), config.toString());
        }
        if (Files.exists(kept))
        {
            return new Configured(ConfigLoader.load(kept), kept.toString());
        }
        return new Configured(ConfigLoader.defaults(), "defaults (the journal keeps no config.yaml)");
    }

    private static String jsonEscaped(final String text)
    {
        final StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                escaped.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                escaped.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private int verify(final Journal journal, final Path journalDir, final JournalGate gate) throws Exception
    {
        final Configured configured = configured(journalDir);
        final FundingArbConfig cfg = configured.config();
        final String source = configured.source();
        final PrintStream out = System.out;
        out.println("replay --verify " + journalDir + " (stages configured from " + source + ")");
        if (gate.note() != null)
        {
            out.println("  journal      " + gate.note());
        }
        final Replayer.Result result = Replayer.verify(journal, FundingArbAgent.stageFactory(cfg, null));
        out.printf("  events       %,d%n", result.events());
        for (final Map.Entry<String, Long> e : result.eventCounts().entrySet())
        {
            out.printf("    %-22s %,d%n", e.getKey(), e.getValue());
        }
        out.printf("  commands     %,d recorded, %,d reproduced (%,d state checkpoints identical)%n",
            result.recordedCommands(), result.reproducedCommands(), result.checkpoints());
        out.printf("  stage errors %,d (replayed exactly as live)%n", result.stageErrors());
        out.printf("  state hashes market 0x%016x  risk 0x%016x  execution 0x%016x%n",
            result.finalHashes()[0], result.finalHashes()[1], result.finalHashes()[2]);
        out.printf("  replayed in  %.3f s (%,.0f events/s)%n", result.elapsedNs() / 1e9, result.eventsPerSecond());
        if (gate.damaged())
        {
            out.println((result.ok() ? "VERIFIED UP TO THE DAMAGE ONLY: " : "MISMATCH (damaged journal): ")
                + (result.ok() ? "commands and state hashes are byte-identical as far as the journal reads; " : result.mismatch() + "; ")
                + gate.result().firstDamage());
            return JournalGate.exitCode();
        }
        if (result.ok() && result.unrecordedTail() > 0)
        {
            out.printf("  not recorded %,d command(s) caused by events #%,d to the last: the session stopped before journaling them "
                + "(an abrupt stop: the inbound and command journals are written side by side)%n", result.unrecordedTail(), result.unrecordedFromEvent());
        }
        if (result.ok())
        {
            out.println("VERIFIED: commands and state hashes are byte-identical" + (result.unrecordedTail() > 0 ? " up to the abrupt stop" : ""));
            return Main.EXIT_OK;
        }
        out.println("MISMATCH: " + result.mismatch());
        return Main.EXIT_CHECK_FAILED;
    }
}
