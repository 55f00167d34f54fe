package io.fundingarb.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Entry point of {@code benchmarks.jar}: JMH's own command line, except that every fork gets the
 * project's JVM flags for the JDK it runs on ({@link Flags#forJdk}), the JDK 24+ one included only
 * there. A {@code -jvmArgsAppend} on the command line is added after those flags instead of
 * replacing them (plain JMH replaces the {@code @Fork} list). Forks run the host's java unless
 * {@code -jvm} names another; then pass {@code -Dfundingarb.fork.jdk=25} (say) so the flags match it.
 * Forks inherit this JVM's own arguments when no {@code -jvmArgs} is given, so flags this JVM already
 * has (./run.sh passes them) are not added twice.
 */
public final class BenchMain
{
    private BenchMain()
    {
    }

    public static void main(final String[] args) throws RunnerException, IOException
    {
        final CommandLineOptions cli;
        try
        {
            cli = new CommandLineOptions(args);
        }
        catch (final CommandLineOptionException ex)
        {
            System.err.println("Error parsing command line: " + ex.getMessage());
            System.exit(1);
            return;
        }
        if (cli.shouldHelp() || cli.shouldList() || cli.shouldListWithParams() || cli.shouldListProfilers()
            || cli.shouldListResultFormats())
        {
            // listing and help: JMH's own main does it exactly
            org.openjdk.jmh.Main.main(args.clone());
            return;
        }

        final int forkJdk = Integer.getInteger("fundingarb.fork.jdk", Runtime.version().feature());
        final List<String> append = new ArrayList<>(Flags.forJdk(forkJdk));
        if (!cli.getJvmArgs().hasValue() && !cli.getJvm().hasValue())
        {
            // forks then inherit this JVM's own arguments (./run.sh passes the same flags): no duplicates
            append.removeAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        }
        if (cli.getJvmArgsAppend().hasValue())
        {
            append.addAll(cli.getJvmArgsAppend().get());
        }

        final OptionsBuilder options = new OptionsBuilder();
        options.parent(cli).jvmArgsAppend(append.toArray(new String[0]));
        new Runner(options.build()).run();
    }
}
