package io.fundingarb.engine.config;

/**
 * The {@code ops} section: the operations server of a running session (HTTP on 127.0.0.1): the
 * live dashboard at {@code /}, its server-sent events at {@code /events} and the Prometheus
 * metrics at {@code /metrics}.
 *
 * @param enabled  {@code ops.enabled}: whether a demo, paper or live session serves it.
 * @param httpPort {@code ops.http_port}: the TCP port on 127.0.0.1; 0 = any free port (written to the journal folder's ops.json).
 */
public record OpsConfig(boolean enabled, int httpPort)
{
    /**
     * The system property that sets the default of {@code ops.enabled}: the build's tests run with
     * it {@code false}, so a test's session serves no dashboard unless its configuration asks.
     */
    public static final String DEFAULT_ENABLED_PROPERTY = "fundingarb.ops.default";

    /**
     * Reads and validates the section. Each line is one key and its default.
     *
     * @param node the {@code ops} section.
     * @return the validated configuration.
     */
    public static OpsConfig from(final ConfigNode node)
    {
        final boolean enabled = node.bool("enabled", Boolean.parseBoolean(System.getProperty(DEFAULT_ENABLED_PROPERTY, "true")));
        final int httpPort = node.integer("http_port", 0, 0, 65_535);
        node.finish();
        return new OpsConfig(enabled, httpPort);
    }
}
