package io.fundingarb.engine.app;

import io.fundingarb.engine.config.ConfigException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fundingarb} command line; {@code run.sh} calls it with the right JVM flags.
 * Exit codes: 0 success, 1 a check failed (e.g. replay --verify found a difference), 2 bad usage
 * or configuration, 3 a damaged journal (journal check, or a reader that checks first).
 */
@Command(
    name = "fundingarb",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Low-latency funding-rate arbitrage engine for perpetual futures.",
    subcommands = {DemoCommand.class, FeedsCommand.class, PaperCommand.class, LiveCommand.class, BacktestCommand.class, CtlCommand.class, SimCommand.class, DrillCommand.class, ReplayCommand.class, ReportCommand.class, JournalCommand.class, DecodeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable
{
    public static final int EXIT_OK = 0;
    public static final int EXIT_CHECK_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_DAMAGED = 3;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }

    public static void main(final String[] args)
    {
        System.exit(execute(args));
    }

    /** Runs one command line and returns its exit code (tests call this instead of main). */
    public static int execute(final String... args)
    {
        final CommandLine commandLine = new CommandLine(new Main());
        commandLine.setParameterExceptionHandler((ex, arguments) ->
        {
            // one line, not the whole usage: the error and where the options are listed
            final CommandLine cmd = ex.getCommandLine();
            final String name = cmd.getParent() == null ? "" : " " + cmd.getCommandName();
            final List<String> suggestions = ex instanceof CommandLine.UnmatchedArgumentException unmatched ? unmatched.getSuggestions() : List.of();
            cmd.getErr().println("fundingarb" + name + ": " + ex.getMessage().strip()
                + (suggestions.isEmpty() ? "" : " (did you mean " + String.join(" or ", suggestions) + "?)")
                + "; ./run.sh" + name + " --help lists the options");
            return EXIT_USAGE;
        });
        commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) ->
        {
            if (ex instanceof ConfigException || ex instanceof IllegalArgumentException)
            {
                cmd.getErr().println("fundingarb: " + ex.getMessage());
                return EXIT_USAGE;
            }
            throw ex;
        });
        return commandLine.execute(args);
    }
}
