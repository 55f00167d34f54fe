package io.fundingarb.engine.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads a YAML configuration into a validated {@link FundingArbConfig}, or fails with a one-line
 * {@link ConfigException}. YAML 1.2 core schema: {@code true}/{@code false} are booleans, {@code yes}/{@code on} are
 * strings; duplicate keys are an error.
 */
public final class ConfigLoader
{
    private ConfigLoader()
    {
    }

    /**
     * @param file the YAML file; its path as given names the source in messages.
     * @return the validated configuration.
     * @throws ConfigException if the file is missing or unreadable, or its content is invalid.
     */
    public static FundingArbConfig load(final Path file)
    {
        final String sourceName = file.toString();
        final String yaml;
        try
        {
            yaml = Files.readString(file);
        }
        catch (final NoSuchFileException ex)
        {
            throw new ConfigException(sourceName, "", "configuration file not found (looked for " +
                file.toAbsolutePath().normalize() + ")");
        }
        catch (final CharacterCodingException ex)
        {
            throw new ConfigException(sourceName, "", "cannot read configuration file: not UTF-8 text");
        }
        catch (final IOException ex)
        {
            throw new ConfigException(sourceName, "", "cannot read configuration file: " + ex);
        }
        return parse(yaml, sourceName);
    }

    /**
     * @param yaml       the YAML text; empty means all defaults.
     * @param sourceName names the source in messages, for example the file path.
     * @return the validated configuration.
     * @throws ConfigException if the YAML is invalid or the configuration it holds is.
     */
    public static FundingArbConfig parse(final String yaml, final String sourceName)
    {
        final ConfigNode root = ConfigNode.root(unwrapped(readYaml(yaml, sourceName)), sourceName);
        final FundingArbConfig config = FundingArbConfig.from(root);
        root.finish();
        return config.withSourceText(yaml);
    }

    /**
     * The product brief's form nests the whole configuration under one {@code config:} key; a document
     * whose only key is {@code config} holding a mapping is read as that mapping.
     */
    private static Object unwrapped(final Object document)
    {
        if (document instanceof Map && ((Map<?, ?>)document).size() == 1 && ((Map<?, ?>)document).get("config") instanceof Map)
        {
            return ((Map<?, ?>)document).get("config");
        }
        return document;
    }

    /**
     * The configuration text the demo runs: {@code yaml} laid over the demo's defaults
     * ({@code demo-defaults.yaml}: the risk and execution timings scaled to the demo's compressed clock, and
     * cross-quote pairs for its USDC venue),
     * so that a key the text sets wins and a key it leaves out takes the demo's value instead of the
     * real-time default. The text itself when it sets every one of them; otherwise the merged
     * document (the brief's {@code config:} form unwrapped), for the journal to keep.
     *
     * @throws ConfigException if the YAML is invalid.
     */
    public static String withDemoDefaults(final String yaml, final String sourceName)
    {
        final Object document = unwrapped(readYaml(yaml, sourceName));
        if (document != null && !(document instanceof Map))
        {
            return yaml; // the loader names the problem
        }
        final Map<String, Object> defaults = asMap(readYaml(demoDefaults(), "demo-defaults.yaml"));
        final Map<String, Object> merged = asMap(document == null ? Map.of() : document);
        if (!overlay(defaults, merged))
        {
            return yaml;
        }
        final DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build();
        return "# " + sourceName + " laid over the demo's defaults (demo-defaults.yaml)\n" + new Dump(settings).dumpToString(merged);
    }

    private static String demoDefaults()
    {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("/demo-defaults.yaml"))
        {
            if (in == null)
            {
                throw new IllegalStateException("demo-defaults.yaml is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read demo-defaults.yaml", ex);
        }
    }

    /** Adds to {@code target} every key of {@code defaults} it lacks, section by section; whether it added any. */
    private static boolean overlay(final Map<String, Object> defaults, final Map<String, Object> target)
    {
        boolean added = false;
        for (final Map.Entry<String, Object> entry : defaults.entrySet())
        {
            final Object present = target.get(entry.getKey());
            if (present == null && !target.containsKey(entry.getKey()))
            {
                target.put(entry.getKey(), entry.getValue());
                added = true;
            }
            else if (present instanceof Map && entry.getValue() instanceof Map)
            {
                final Map<String, Object> section = asMap(present);
                added |= overlay(asMap(entry.getValue()), section);
                target.put(entry.getKey(), section);
            }
        }
        return added;
    }

    /** A mutable copy with string keys (YAML keys that are not strings are kept as their text, for the loader to name). */
    private static Map<String, Object> asMap(final Object map)
    {
        final Map<String, Object> copy = new LinkedHashMap<>();
        ((Map<?, ?>)map).forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }

    /**
     * @return the configuration with every key at its default, the same as an empty file.
     */
    public static FundingArbConfig defaults()
    {
        return FundingArbConfig.from(ConfigNode.root(Map.of(), "defaults"));
    }

    /**
     * @return the dotted path of every key the configuration knows, in reading order, for docs and tests.
     */
    public static List<String> knownKeys()
    {
        final ConfigNode root = ConfigNode.root(Map.of(), "defaults");
        FundingArbConfig.from(root);
        return root.knownKeyPaths();
    }

    private static Object readYaml(final String yaml, final String sourceName)
    {
        final LoadSettings settings = LoadSettings.builder()
            .setLabel(sourceName)
            .setSchema(new CoreSchema())
            .setAllowDuplicateKeys(false)
            .build();
        try
        {
            return new Load(settings).loadFromString(yaml);
        }
        catch (final MarkedYamlEngineException ex)
        {
            final String where = ex.getProblemMark()
                .map(ConfigLoader::position)
                .orElse(ex.getContextMark().map(ConfigLoader::position).orElse(""));
            final String context = null == ex.getContext() ? "" : " (" + ex.getContext() + ")";
            throw new ConfigException(sourceName, "", "invalid YAML" + where + ": " + ex.getProblem() + context);
        }
        catch (final YamlEngineException ex)
        {
            throw new ConfigException(sourceName, "", "invalid YAML: " + ex.getMessage());
        }
    }

    private static String position(final Mark mark)
    {
        return " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }
}
