package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ./run.sh} command of README.md's command blocks (fences {@code ```} and {@code ```bash}),
 * run in-process through {@link Main#execute} as written, under the convention README's Subcommands
 * section states: the running subcommands get {@code --duration 3s}, journals go to a temp folder
 * ({@code DIR} and {@code data/journal/...} stand for the first journal this run produced), relative
 * paths resolve against the repository (outputs, absolute paths and {@code cp} copies against a scratch
 * copy of it; a transcript's {@code $ } prompt and {@code | tail} are dropped),
 * lines marked {@code not run by the README test} and those setting secret variables are skipped, and
 * {@code ./run.sh test} / {@code bench} are skipped by rule. A command fails the test when it exits
 * other than 0 (or the {@code (exit N)} its comment names) or prints a Java stack trace; the failure
 * names the README line.
 */
@Timeout(480)
class ReadmeCommandsIT
{
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final String NOT_RUN = "not run by the README test";
    static final String DURATION = "3s";

    private static final Set<String> RUNNING = Set.of("demo", "feeds", "paper", "live", "sim");
    private static final Set<String> WITH_CONFIG = Set.of("demo", "feeds", "paper", "live", "sim", "backtest", "drill");
    private static final Set<String> WITH_JOURNAL = Set.of("demo", "feeds", "paper", "live", "backtest", "drill");
    private static final Set<String> NEVER_RUN = Set.of("test", "bench", "bench-ab");
    private static final Pattern FENCE = Pattern.compile("^```(\\w*)\\s*$");
    private static final Pattern ASSIGNMENT = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)=(\\S*)$");
    private static final Pattern ENV_PREFIX = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*=\\S*\\s.*\\./run\\.sh\\b.*");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");
    private static final Pattern EXPECTED_EXIT = Pattern.compile("\\(exit (\\d+)\\)");
    private static final Pattern JOURNAL_PLACEHOLDER = Pattern.compile("DIR|data/journal/\\d{8}-\\d{6}");
    private static final Pattern OUTPUT_FILE = Pattern.compile(".*\\.(csv|gz|yaml|txt|jsonl|html)$");
    private static final Pattern EXPORT = Pattern.compile("^export ([A-Za-z_][A-Za-z0-9_]*)=(.*)$");
    private static final String BESIDE_DURATION = "30s";
    private static final long CHILD_WAIT_S = 90;

    @TempDir
    Path tmp;

    /** One logical line of a command block: continuations joined, the trailing comment apart. */
    record Line(int number, String text, String comment)
    {
        String where()
        {
            return "README.md:" + number + ": " + text + (comment.isEmpty() ? "" : "  # " + comment);
        }
    }

    @Test
    void shouldRunEveryReadmeCommandAsWritten() throws IOException, InterruptedException
    {
        final List<Line> lines = commandLines(Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8));
        assertThat(lines).as("README's command blocks").hasSizeGreaterThan(10);

        final Path tree = Files.createDirectories(tmp.resolve("tree"));
        final Map<String, String> variables = new HashMap<>();
        final Set<String> shapesRun = new HashSet<>();
        final List<String> failures = new ArrayList<>();
        final List<String> ran = new ArrayList<>();
        final Map<String, String> environment = new HashMap<>();
        final List<Beside> beside = new ArrayList<>();
        Path firstJournal = null;
        int journals = 0;
        for (final Line line : lines)
        {
            final Matcher assignment = ASSIGNMENT.matcher(line.text());
            if (assignment.matches())
            {
                variables.put(assignment.group(1), expand(assignment.group(2), variables));
                continue;
            }
            final Matcher export = EXPORT.matcher(line.text());
            if (export.matches())
            {
                final String value = shell(expand(export.group(2), variables));
                variables.put(export.group(1), value);
                environment.put(export.group(1), value);
                continue;
            }
            if (ENV_PREFIX.matcher(line.text()).matches() || line.comment().contains(NOT_RUN))
            {
                continue; // secret variables are for the real venues; marked lines say why they are not run
            }
            final List<String> words = new ArrayList<>(List.of(expand(line.text(), variables).trim().split("\\s+")));
            if (words.get(0).equals("cp") && words.size() == 3)
            {
                final Path to = tree.resolve(words.get(2));
                Files.createDirectories(to.getParent());
                Files.copy(resolve(words.get(1), tree), to);
                continue;
            }
            if (!words.get(0).equals("./run.sh"))
            {
                continue; // output shown in the block
            }
            words.remove(0);
            final boolean inBackground = !words.isEmpty() && words.get(words.size() - 1).equals("&");
            if (inBackground)
            {
                words.remove(words.size() - 1);
            }
            final boolean child = inBackground || !words.isEmpty() && words.get(0).equals("ctl");
            if (words.isEmpty() || words.get(0).startsWith("--") && !words.contains("--help"))
            {
                words.add(0, "demo");
            }
            final String subcommand = words.get(0);
            if (NEVER_RUN.contains(subcommand) || !child && !shapesRun.add(shape(words)))
            {
                continue;
            }
            final List<String> args = new ArrayList<>();
            for (final String word : words)
            {
                args.add(firstJournal != null && JOURNAL_PLACEHOLDER.matcher(word).matches() ? firstJournal.toString() : paths(word, tree));
            }
            if (RUNNING.contains(subcommand))
            {
                final int at = args.indexOf("--duration");
                if (at >= 0)
                {
                    args.remove(at + 1);
                    args.remove(at);
                }
                args.add("--duration");
                args.add(inBackground ? BESIDE_DURATION : DURATION);
            }
            if (WITH_CONFIG.contains(subcommand) && !args.contains("--config"))
            {
                args.add("--config");
                args.add(ROOT.resolve("config/demo.yaml").toString());
            }
            Path journal = null;
            if (WITH_JOURNAL.contains(subcommand) && !args.contains("--journal") && !child)
            {
                journal = tmp.resolve("journals").resolve(String.valueOf(++journals));
                args.add("--journal");
                args.add(journal.toString());
            }
            final Matcher exit = EXPECTED_EXIT.matcher(line.comment());
            final int expected = exit.find() ? Integer.parseInt(exit.group(1)) : 0;

            if (child)
            {
                copyConfig(tree); // ctl reads journal.dir from config/demo.yaml in its working folder, as in a clone
            }
            if (inBackground)
            {
                final Path log = tmp.resolve("beside-" + beside.size() + ".log");
                beside.add(new Beside(line, args, startChild(args, tree, environment, log), log));
                awaitControlEndpoint(tree);
                ran.add("  beside " + line.where());
                continue;
            }
            final long start = System.nanoTime();
            final String[] result = child ? runChild(args, tree, environment, tmp.resolve("child.log")) : run(args);
            ran.add(String.format("%5.1fs %s", (System.nanoTime() - start) / 1e9, line.where()));
            final int code = Integer.parseInt(result[0]);
            final String output = result[1];
            if (code != expected)
            {
                failures.add(line.where() + "\n  exited " + code + ", expected " + expected + " (ran: " + String.join(" ", args) + ")\n" + tail(output));
            }
            else if (output.contains("\tat ") || output.contains("Exception in thread"))
            {
                failures.add(line.where() + "\n  printed a stack trace (ran: " + String.join(" ", args) + ")\n" + tail(output));
            }
            else if (firstJournal == null && journal != null && Files.isDirectory(journal) && RUNNING.contains(subcommand))
            {
                firstJournal = journal;
            }
        }
        for (final Beside b : beside)
        {
            final boolean ended = b.process().waitFor(CHILD_WAIT_S, TimeUnit.SECONDS);
            if (!ended)
            {
                b.process().destroyForcibly();
            }
            final String output = Files.readString(b.log());
            if (!ended || b.process().exitValue() != 0 || output.contains("\tat ") || output.contains("Exception in thread"))
            {
                failures.add(b.line().where() + "\n  beside the next lines: " + (ended ? "exited " + b.process().exitValue() : "did not end")
                    + " (ran: " + String.join(" ", b.args()) + ")\n" + tail(output));
            }
        }
        System.out.println("README commands run:\n" + String.join("\n", ran));
        assertThat(ran).as("commands run").hasSizeGreaterThan(5);
        assertThat(failures).as("README commands that failed as written").isEmpty();
    }

    @Test
    void shouldReadCommandLinesOfPlainAndBashBlocksOnly()
    {
        final List<String> readme = List.of(
            "```yaml", "./run.sh demo", "```",
            "```", "output line", "```",
            "```bash", "./run.sh demo --plain   # the demo (exit 1)", "KEY=x \\", "  ./run.sh live", "```",
            "```", "$ ./run.sh replay /tmp/j --verify | tail -1", "VERIFIED", "```");

        assertThat(commandLines(readme)).containsExactly(
            new Line(8, "./run.sh demo --plain", "the demo (exit 1)"),
            new Line(9, "KEY=x ./run.sh live", ""),
            new Line(13, "./run.sh replay /tmp/j --verify", ""),
            new Line(14, "VERIFIED", ""));
    }

    /** The logical lines of every ``` or ```bash block that holds a {@code ./run.sh} line. */
    static List<Line> commandLines(final List<String> readme)
    {
        final List<Line> out = new ArrayList<>();
        for (int i = 0; i < readme.size(); i++)
        {
            final Matcher open = FENCE.matcher(readme.get(i));
            if (!open.matches())
            {
                continue;
            }
            final int first = i + 1;
            int end = first;
            while (end < readme.size() && !readme.get(end).startsWith("```"))
            {
                end++;
            }
            final String type = open.group(1);
            final boolean commands = (type.isEmpty() || type.equals("bash"))
                && readme.subList(first, end).stream().anyMatch(l -> command(l).startsWith("./run.sh"));
            for (int k = first; commands && k < end; k++)
            {
                final int number = k + 1;
                final StringBuilder text = new StringBuilder(command(readme.get(k)));
                while (text.toString().endsWith("\\") && k + 1 < end)
                {
                    final String head = text.substring(0, text.length() - 1).strip();
                    text.setLength(0);
                    text.append(head).append(' ').append(readme.get(++k).strip());
                }
                final String joined = text.toString();
                final int hash = joined.indexOf(" #");
                String line = hash < 0 ? joined : joined.substring(0, hash);
                final int pipe = line.indexOf(" | ");
                if (line.startsWith("./run.sh") && pipe >= 0)
                {
                    line = line.substring(0, pipe); // a transcript's "| tail -1": the command is what runs
                }
                out.add(new Line(number, line.strip(), hash < 0 ? "" : joined.substring(hash + 2).strip()));
            }
            i = end;
        }
        return out;
    }

    /** A block's line without its indentation and a transcript's {@code $ } prompt. */
    private static String command(final String line)
    {
        final String text = line.strip();
        return text.startsWith("$ ") ? text.substring(2).strip() : text;
    }

    /** A command started with {@code &}: it runs beside the lines after it until its own {@code --duration}. */
    record Beside(Line line, List<String> args, Process process, Path log)
    {
    }

    /** A {@code $(...)} or plain value of an {@code export} line, as bash gives it. */
    private static String shell(final String value) throws IOException, InterruptedException
    {
        final Process bash = new ProcessBuilder("bash", "-c", "printf %s " + value).redirectErrorStream(true).start();
        final String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(out).isZero();
        return out;
    }

    private static void copyConfig(final Path tree) throws IOException
    {
        final Path config = tree.resolve("config/demo.yaml");
        if (!Files.exists(config))
        {
            Files.createDirectories(config.getParent());
            Files.copy(ROOT.resolve("config/demo.yaml"), config);
        }
    }

    /** Starts {@code args} in a fundingarb JVM of its own in {@code tree}, with the exported variables, its output to {@code log}. */
    private static Process startChild(final List<String> args, final Path tree, final Map<String, String> environment, final Path log) throws IOException
    {
        final ProcessBuilder builder = new ProcessBuilder(ChildJvm.main("512m", args.toArray(String[]::new)))
            .directory(tree.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        final Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    private static String[] runChild(final List<String> args, final Path tree, final Map<String, String> environment, final Path log)
        throws IOException, InterruptedException
    {
        final Process process = startChild(args, tree, environment, log);
        if (!process.waitFor(CHILD_WAIT_S, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            return new String[] {"-1", "did not end in " + CHILD_WAIT_S + " s\n" + Files.readString(log)};
        }
        return new String[] {String.valueOf(process.exitValue()), Files.readString(log)};
    }

    /** Waits (bounded) until a session under the tree's data/journal has written its control endpoint. */
    private static void awaitControlEndpoint(final Path tree) throws IOException, InterruptedException
    {
        final Path journals = tree.resolve("data/journal");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHILD_WAIT_S);
        while (System.nanoTime() < deadline)
        {
            if (Files.isDirectory(journals))
            {
                try (Stream<Path> sessions = Files.list(journals))
                {
                    if (sessions.anyMatch(s -> Files.exists(s.resolve(ControlEndpoint.FILE))))
                    {
                        return;
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no session wrote " + ControlEndpoint.FILE + " under " + journals + " in " + CHILD_WAIT_S + " s");
    }

    private static String expand(final String text, final Map<String, String> variables)
    {
        return VARIABLE.matcher(text).replaceAll(m -> Matcher.quoteReplacement(variables.getOrDefault(m.group(1), m.group())));
    }

    /** Subcommand and option names: two lines of the same shape run once. */
    private static String shape(final List<String> words)
    {
        final StringBuilder shape = new StringBuilder(words.get(0));
        words.stream().skip(1).filter(w -> w.startsWith("-")).forEach(w -> shape.append(' ').append(w));
        return shape.toString();
    }

    /** Relative paths in a word (also inside {@code VENUE=FILE,FILE}): the scratch tree's if there, else the repository's, outputs to the scratch tree. */
    private static String paths(final String word, final Path tree) throws IOException
    {
        if (word.startsWith("-"))
        {
            return word;
        }
        final int eq = word.indexOf('=');
        final String prefix = eq < 0 ? "" : word.substring(0, eq + 1);
        final String[] parts = word.substring(prefix.length()).split(",", -1);
        for (int i = 0; i < parts.length; i++)
        {
            if (parts[i].contains("/") || OUTPUT_FILE.matcher(parts[i]).matches())
            {
                parts[i] = resolve(parts[i], tree).toString();
            }
        }
        return prefix + String.join(",", parts);
    }

    private static Path resolve(final String written, final Path tree) throws IOException
    {
        final Path path = Path.of(written);
        final Path relative = path.isAbsolute() ? path.getRoot().relativize(path) : path; // /tmp/bt-full: into the scratch tree
        if (!path.isAbsolute() && !Files.exists(tree.resolve(relative)) && Files.exists(ROOT.resolve(relative)))
        {
            return ROOT.resolve(relative);
        }
        Files.createDirectories(tree.resolve(relative).getParent());
        return tree.resolve(relative);
    }

    static String[] run(final List<String> args)
    {
        final PrintStream originalOut = System.out;
        final PrintStream originalErr = System.err;
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        final PrintStream capture = new PrintStream(output, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        int code;
        try
        {
            code = Main.execute(args.toArray(String[]::new));
        }
        catch (final RuntimeException | Error e)
        {
            e.printStackTrace(capture);
            code = -1;
        }
        finally
        {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        return new String[] {String.valueOf(code), output.toString(StandardCharsets.UTF_8)};
    }

    private static String tail(final String output)
    {
        final String[] lines = output.split("\n");
        return "  | " + String.join("\n  | ", List.of(lines).subList(Math.max(0, lines.length - 25), lines.length));
    }
}
