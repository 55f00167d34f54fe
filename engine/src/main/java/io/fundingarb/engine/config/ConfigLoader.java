package io.fundingarb.engine.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.snakeyaml.engine.v2.api.Load;
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
        final ConfigNode root = ConfigNode.root(readYaml(yaml, sourceName), sourceName);
        final FundingArbConfig config = FundingArbConfig.from(root);
        root.finish();
        return config;
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
