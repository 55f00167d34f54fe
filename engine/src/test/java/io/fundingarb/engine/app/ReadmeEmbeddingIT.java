package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's Embedding section as a host application meets it: the {@code java} block is compiled as written
 * against the engine's class path and run in a folder holding the {@code yaml} block before it as
 * {@code agent.yaml}, in a JVM given exactly the flags the section lists; and those flags are run.sh's.
 */
@Timeout(240)
class ReadmeEmbeddingIT
{
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern FLAG = Pattern.compile("(--[a-z-]+=\\S+|-D[a-z.]+=\\S+)");

    @TempDir
    Path tmp;

    @Test
    void shouldCompileAndRunTheEmbeddingSnippetAsWritten() throws Exception
    {
        final String section = embeddingSection();
        final String yaml = block(section, "yaml");
        final String java = block(section, "java");
        final Matcher className = Pattern.compile("public class (\\w+)").matcher(java);
        assertThat(className.find()).as("the snippet is a class a host can compile").isTrue();
        Files.writeString(tmp.resolve("agent.yaml"), yaml);
        final Path source = Files.createDirectories(tmp.resolve("src")).resolve(className.group(1) + ".java");
        Files.writeString(source, java);
        final Path classes = Files.createDirectories(tmp.resolve("classes"));
        final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        final ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();

        final int compiled = compiler.run(null, null, new PrintStream(diagnostics, true, StandardCharsets.UTF_8),
            "-classpath", System.getProperty("java.class.path"), "-d", classes.toString(), source.toString());

        assertThat(compiled).as("javac: %s", diagnostics.toString(StandardCharsets.UTF_8)).isZero();
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags(section, Runtime.version().feature()));
        command.addAll(List.of("-Xmx512m", "-cp", classes + File.pathSeparator + System.getProperty("java.class.path"), className.group(1)));
        final Path log = tmp.resolve("run.log");
        final Process process = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        process.getOutputStream().close();
        final boolean ended = process.waitFor(180, TimeUnit.SECONDS);
        if (!ended)
        {
            process.destroyForcibly();
        }
        final String output = Files.readString(log);
        assertThat(ended).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception in thread");
        assertThat(output).contains("agent fundingarb_agent_01 runs the demo");
        try (Stream<Path> journals = Files.list(tmp.resolve("data/journal")))
        {
            assertThat(journals.count()).as("the agent's journal, under the host's working folder").isEqualTo(1);
        }
    }

    @Test
    void shouldListExactlyTheJvmFlagsRunShPasses() throws IOException
    {
        final List<String> runSh = Files.readAllLines(ROOT.resolve("run.sh"), StandardCharsets.UTF_8);
        final List<String> always = new ArrayList<>();
        final int from = runSh.indexOf("  JVM_FLAGS=(");
        assertThat(from).as("run.sh's JVM_FLAGS").isPositive();
        for (int i = from + 1; !runSh.get(i).strip().equals(")"); i++)
        {
            always.add(runSh.get(i).strip());
        }
        final Matcher jdk24 = Pattern.compile("JAVA_MAJOR >= 24 \\)\\); then\\s+JVM_FLAGS\\+=\\((\\S+)\\)").matcher(String.join("\n", runSh));
        assertThat(jdk24.find()).isTrue();
        final List<String> later = new ArrayList<>(always);
        later.add(jdk24.group(1));

        final String section = embeddingSection();

        assertThat(flags(section, 17)).isEqualTo(always);
        assertThat(flags(section, 25)).isEqualTo(later);
    }

    /** The flags the section lists, in its order; the Java 24+ one only for {@code javaFeature} 24 or later. */
    private static List<String> flags(final String section, final int javaFeature)
    {
        final String text = section.substring(section.indexOf("the JVM flags"));
        final List<String> flags = new ArrayList<>();
        final Matcher flag = FLAG.matcher(text.substring(0, text.indexOf("Java 24 and later") + 1));
        while (flag.find())
        {
            final String f = flag.group(1).replaceAll("[`).,]+$", "");
            if (javaFeature >= 24 || !f.startsWith("--sun-misc-unsafe-memory-access"))
            {
                flags.add(f);
            }
        }
        return flags;
    }

    private static String embeddingSection() throws IOException
    {
        final String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        final int start = readme.indexOf("\n### Embedding\n");
        assertThat(start).as("README's Embedding section").isPositive();
        return readme.substring(start, readme.indexOf("\n## ", start + 1));
    }

    /** The first fenced block of {@code type} in {@code text}, without its fences. */
    private static String block(final String text, final String type)
    {
        final int open = text.indexOf("```" + type + "\n");
        assertThat(open).as("a ```%s block", type).isNotNegative();
        final int start = open + type.length() + 4;
        return text.substring(start, text.indexOf("```", start));
    }
}
