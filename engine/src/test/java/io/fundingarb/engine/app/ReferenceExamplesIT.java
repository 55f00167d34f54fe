package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples of config/REFERENCE.md and of README's Configuration section, run: each configuration error
 * shown in a plain block ({@code config/demo.yaml: KEY: MESSAGE}) is what the demo prints, exit 2, when
 * config/demo.yaml has that key set to the value the message names ({@code got "fast"}; an unknown key any
 * value); {@code ...} in the example stands for the rest of the line. And the files a clone holds name no
 * document it lacks.
 */
@Timeout(120)
class ReferenceExamplesIT
{
    private static final Path ROOT = ReadmeCommandsIT.ROOT;
    private static final Pattern EXAMPLE = Pattern.compile("^config/demo\\.yaml: ([a-z_]+)\\.([a-z_]+): (.*)$");
    private static final Pattern GOT = Pattern.compile("got \"([^\"]*)\"");

    @TempDir
    Path tmp;

    @Test
    void shouldPrintEveryConfigurationErrorExampleAsShown() throws IOException
    {
        final List<String> examples = new ArrayList<>();
        for (final String file : List.of("config/REFERENCE.md", "README.md"))
        {
            plainBlockLines(Files.readAllLines(ROOT.resolve(file), StandardCharsets.UTF_8)).stream()
                .filter(line -> EXAMPLE.matcher(line).matches()).map(line -> file + ": " + line).forEach(examples::add);
        }
        assertThat(examples).as("the error examples").hasSizeGreaterThanOrEqualTo(4);
        final List<String> template = Files.readAllLines(ROOT.resolve("config/demo.yaml"), StandardCharsets.UTF_8);
        final List<String> failures = new ArrayList<>();
        int n = 0;
        for (final String example : examples)
        {
            final Matcher m = EXAMPLE.matcher(example.substring(example.indexOf(": ") + 2));
            assertThat(m.matches()).isTrue();
            final Matcher got = GOT.matcher(m.group(3));
            final Path config = Files.createDirectories(tmp.resolve(String.valueOf(++n))).resolve("demo.yaml");
            Files.write(config, withKey(template, m.group(1), m.group(2), got.find() ? got.group(1) : "1s"));
            final String expected = "fundingarb: " + config + ": " + m.group(1) + "." + m.group(2) + ": " + m.group(3);

            final String[] run = ReadmeCommandsIT.run(List.of("demo", "--config", config.toString(), "--journal", tmp.resolve("j" + n).toString(), "--duration", "3s"));

            final Pattern shown = Pattern.compile(String.join(".*", Stream.of(expected.split("\\.\\.\\.", -1)).map(Pattern::quote).toList()));
            if (!run[0].equals("2") || !shown.matcher(run[1].strip()).matches())
            {
                failures.add(example + "\n  exit " + run[0] + ", printed: " + run[1].strip());
            }
        }
        assertThat(failures).as("configuration error examples not printed as shown").isEmpty();
    }

    @Test
    void shouldNameNoDocumentAFreshCloneLacks() throws IOException
    {
        final List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("run.sh"), ROOT.resolve("config/REFERENCE.md")));
        try (Stream<Path> configs = Files.list(ROOT.resolve("config")))
        {
            configs.filter(p -> p.toString().endsWith(".yaml")).forEach(files::add);
        }
        for (final Path file : files)
        {
            assertThat(Files.readString(file, StandardCharsets.UTF_8)).as(file.toString()).doesNotContain("shared/docs").doesNotContain("../shared");
        }
    }

    /** {@code template} with {@code section.key} set to {@code value}: the section's line replaced, or added under the section. */
    static List<String> withKey(final List<String> template, final String section, final String key, final String value)
    {
        final List<String> out = new ArrayList<>(template);
        final int header = out.indexOf(section + ":");
        assertThat(header).as("section %s in config/demo.yaml", section).isNotNegative();
        for (int i = header + 1; i < out.size() && (out.get(i).isBlank() || out.get(i).startsWith(" ") || out.get(i).startsWith("#")); i++)
        {
            if (out.get(i).startsWith("  " + key + ":"))
            {
                out.set(i, "  " + key + ": " + value);
                return out;
            }
        }
        out.add(header + 1, "  " + key + ": " + value);
        return out;
    }

    /** The lines of every plain ({@code ```} without a language) block. */
    private static List<String> plainBlockLines(final List<String> text)
    {
        final List<String> out = new ArrayList<>();
        boolean inPlain = false;
        boolean inOther = false;
        for (final String line : text)
        {
            if (line.startsWith("```"))
            {
                if (inPlain || inOther)
                {
                    inPlain = false;
                    inOther = false;
                }
                else if (line.strip().equals("```"))
                {
                    inPlain = true;
                }
                else
                {
                    inOther = true;
                }
            }
            else if (inPlain)
            {
                out.add(line);
            }
        }
        return out;
    }
}
