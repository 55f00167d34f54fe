package io.fundingarb.engine.config;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The {@code control} section: the operator's control endpoint of a running session (HTTP on
 * 127.0.0.1, used by {@code ./run.sh ctl}) and how long a flatten on exit may take.
 *
 * @param enabled        {@code control.enabled}: whether a session serves the control endpoint (when its token variable is set).
 * @param port           {@code control.port}: the TCP port on 127.0.0.1; 0 = any free port (written to the journal folder's control.json).
 * @param tokenEnv       {@code control.token_env}: name of the environment variable that holds the endpoint's token.
 * @param flattenTimeout {@code control.flatten_timeout}: how long {@code --on-exit flatten} waits for the positions to close.
 */
public record ControlConfig(boolean enabled, int port, String tokenEnv, Duration flattenTimeout)
{
    public static final String DEFAULT_TOKEN_ENV = "FUNDINGARB_CONTROL_TOKEN";

    private static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");

    public ControlConfig
    {
        Objects.requireNonNull(tokenEnv, "tokenEnv");
        Objects.requireNonNull(flattenTimeout, "flattenTimeout");
    }

    /**
     * Reads and validates the section. Each line is one key and its default.
     *
     * @param node the {@code control} section.
     * @return the validated configuration.
     */
    public static ControlConfig from(final ConfigNode node)
    {
        final boolean enabled = node.bool("enabled", true);
        final int port = node.integer("port", 0, 0, 65_535);
        final String tokenEnv = node.string("token_env", DEFAULT_TOKEN_ENV);
        final Duration flattenTimeout = node.duration("flatten_timeout", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofHours(1));

        if (!ENV_NAME.matcher(tokenEnv).matches())
        {
            throw node.fail("token_env", "expected an environment variable name ([A-Z_][A-Z0-9_]*, such as " + DEFAULT_TOKEN_ENV + "), got \"" + tokenEnv + "\"");
        }
        node.finish();
        return new ControlConfig(enabled, port, tokenEnv, flattenTimeout);
    }
}
