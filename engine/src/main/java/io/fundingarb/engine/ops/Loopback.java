package io.fundingarb.engine.ops;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;

/**
 * What the session's HTTP endpoints (the control endpoint, the ops server) share: a JDK server on
 * 127.0.0.1, their daemon thread, and the small JSON file in the journal folder that says where
 * they listen (written atomically, removed at close).
 */
public final class Loopback
{
    private Loopback()
    {
    }

    /** A server on 127.0.0.1:{@code port} (0 = any free port), not started; a port in use fails naming {@code key}. */
    public static HttpServer listen(final int port, final String key)
    {
        try
        {
            return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException(key + ": cannot listen on 127.0.0.1:" + port + " (" + ex.getMessage() + ")", ex);
        }
    }

    /** Daemon threads named {@code name}. */
    public static ThreadFactory daemon(final String name)
    {
        return r ->
        {
            final Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Replaces {@code file} with {@code json} in one move, so a reader never sees half of it. */
    public static void writeAtomically(final Path file, final String json)
    {
        try
        {
            final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, json);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file + ": " + ex.getMessage(), ex);
        }
    }

    /** Removes {@code file} if there is one (null: nothing); a failure is logged, not thrown. */
    public static void remove(final Path file, final Logger log)
    {
        if (file == null)
        {
            return;
        }
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ex)
        {
            log.warn("cannot remove {}: {}", file, ex.toString());
        }
    }
}
