package io.fundingarb.engine.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** {@code --version}: the product's version, the commit it was built from and the Java it runs on. */
public final class VersionProvider implements CommandLine.IVersionProvider
{
    public static final String VERSION = "0.1.0";

    @Override
    public String[] getVersion()
    {
        return new String[] {
            "fundingarb " + VERSION + " (commit " + commit() + ")",
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", " + System.getProperty("java.home") + ")"};
    }

    /** The commit the build was made from, or "unknown". */
    public static String commit()
    {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/fundingarb-commit.txt"))
        {
            final String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
            return text.isEmpty() ? "unknown" : text;
        }
        catch (final IOException ex)
        {
            return "unknown";
        }
    }
}
