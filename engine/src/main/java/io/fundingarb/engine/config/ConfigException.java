package io.fundingarb.engine.config;

/**
 * A configuration that cannot be used: unreadable file, invalid YAML, unknown key, wrong type or a value out of
 * range. The message is one line meant for the operator, of the form
 * {@code <source>: <key.path>: <problem>}, for example
 * {@code config/demo.yaml: engine.threading: expected one of [shared, pinned, dedicated], got "fast"}.
 * A CLI prints {@link #getMessage()} and exits; the stack trace is only of interest to developers.
 */
public final class ConfigException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String sourceName;
    private final String keyPath;

    /**
     * @param sourceName where the configuration came from, usually the file path.
     * @param keyPath    dotted key path such as {@code engine.threading}, or empty when the problem is not about a key.
     * @param problem    what is wrong, for example {@code expected a string, got a list}.
     */
    public ConfigException(final String sourceName, final String keyPath, final String problem)
    {
        super(oneLine(sourceName + ": " + (keyPath.isEmpty() ? "" : keyPath + ": ") + problem));
        this.sourceName = sourceName;
        this.keyPath = keyPath;
    }

    /**
     * @return where the configuration came from, usually the file path.
     */
    public String sourceName()
    {
        return sourceName;
    }

    /**
     * @return the dotted key path the problem is about, or empty when it is not about a key.
     */
    public String keyPath()
    {
        return keyPath;
    }

    private static String oneLine(final String message)
    {
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
