package io.fundingarb.engine.app;

import io.fundingarb.engine.config.ConfigLoader;
import io.fundingarb.engine.config.FundingArbConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by every subcommand that runs the engine. */
public final class EngineOptions
{
    public static final Path DEFAULT_CONFIG = Path.of("config", "demo.yaml");

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration (default: ${DEFAULT-VALUE}).", defaultValue = "config/demo.yaml")
    Path config;

    @Option(names = "--journal", paramLabel = "DIR", description = "Session journal folder, new or empty (default: a new timestamped folder under journal.dir).")
    Path journal;

    /** The configuration text, or "" when the default file is absent (all defaults). */
    String configText()
    {
        if (!Files.exists(config) && config.equals(DEFAULT_CONFIG))
        {
            return "";
        }
        try
        {
            return Files.readString(config);
        }
        catch (final IOException ex)
        {
            if (!Files.exists(config))
            {
                throw new IllegalArgumentException(config + ": configuration file not found (looked for " + config.toAbsolutePath() + ")");
            }
            throw new UncheckedIOException("cannot read " + config + ": " + ex.getMessage(), ex);
        }
    }

    FundingArbConfig load(final String text)
    {
        return ConfigLoader.parse(text, config.toString());
    }
}
