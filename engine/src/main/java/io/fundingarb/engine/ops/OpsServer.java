package io.fundingarb.engine.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ops server of a running session: HTTP on 127.0.0.1 (the JDK's server), served by one thread
 * of its own ({@code fa-ops}), never a stage thread. That thread also takes a reading once a second
 * and pushes it to the dashboards connected.
 * <ul>
 *   <li>{@code GET /}: the dashboard, one page bundled in the jar (no CDN).</li>
 *   <li>{@code GET /events}: server-sent events, one {@code data:} JSON document per second ({@link DashboardState}).</li>
 *   <li>{@code GET /state}: the latest document, once.</li>
 *   <li>{@code GET /metrics}: Prometheus metrics in the text exposition format ({@link OpsMetrics}).</li>
 *   <li>{@code POST /operator}: an operator command as the body ({@code pause}, {@code resume}, {@code close 7},
 *       {@code flatten}, {@code kill}) with {@code Authorization: Bearer TOKEN}, the control endpoint's token;
 *       a wrong or missing token gets 401 and reaches nothing.</li>
 * </ul>
 * Requests naming another host ({@code Host} not 127.0.0.1 or localhost) are refused, so a web page
 * elsewhere cannot reach the server through DNS rebinding. No secret is ever served: the token is
 * only compared. The session writes where it listens to {@code ops.json} in its journal folder and
 * removes it when it closes.
 */
public final class OpsServer implements AutoCloseable
{
    public static final String FILE = "ops.json";

    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
    private static final int MAX_BODY = 256;
    private static final int MAX_STREAMS = 16;
    private static final long UPDATE_MS = 1_000;
    private static final String PAGE = "dashboard.html";
    private static final String SCRIPT = "dashboard.js";
    private static final String CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /** The operator's commands, as the session runs them. */
    @FunctionalInterface
    public interface OperatorActions
    {
        /**
         * Runs one command line from an authorised caller.
         *
         * @return the answer: status 200 when sent, 400 when not understood, and the text for the operator
         */
        Reply execute(String command);
    }

    /** An answer to an operator command. */
    public record Reply(int status, String text)
    {
    }

    private final HttpServer server;
    private final ScheduledExecutorService thread;
    private final OpsReadings readings;
    private final OpsMetrics metrics;
    private final DashboardState state;
    private final BearerToken token;
    private final OperatorActions actions;
    private final Path file;
    private final byte[] page;
    private final byte[] script;
    private final List<OutputStream> streams = new ArrayList<>();
    private final AtomicLong refused = new AtomicLong();
    private volatile String latest = "{}";
    private boolean closed;

    private OpsServer(final HttpServer server, final ScheduledExecutorService thread, final OpsSources sources, final String token,
        final String tokenEnv, final OperatorActions actions, final Path file)
    {
        this.server = server;
        this.thread = thread;
        this.readings = new OpsReadings(sources);
        this.metrics = new OpsMetrics(readings);
        this.state = new DashboardState(readings, token != null, tokenEnv);
        this.token = token == null ? null : new BearerToken(token);
        this.actions = actions;
        this.file = file;
        this.page = resource(PAGE);
        this.script = resource(SCRIPT);
    }

    /**
     * Starts listening on 127.0.0.1:{@code port} (0 = any free port) and, when {@code journalDir}
     * is not null, writes {@code ops.json} there.
     *
     * @param token    the control token, or null: the operator's actions are then refused (403) and the page says so
     * @param tokenEnv the variable the token comes from, named on the page and in ops.json (never its value)
     */
    public static OpsServer start(final int port, final OpsSources sources, final String token, final String tokenEnv,
        final OperatorActions actions, final Path journalDir)
    {
        final HttpServer server = Loopback.listen(port, "ops.http_port");
        final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(Loopback.daemon("fa-ops"));
        final OpsServer ops = new OpsServer(server, thread, sources, token, tokenEnv, actions, journalDir == null ? null : journalDir.resolve(FILE));
        server.createContext("/", ops::handle);
        server.setExecutor(thread);
        server.start();
        thread.scheduleWithFixedDelay(ops::push, 0, UPDATE_MS, TimeUnit.MILLISECONDS);
        if (ops.file != null)
        {
            ops.writeFile(tokenEnv);
        }
        return ops;
    }

    /** The dashboard's address, {@code http://127.0.0.1:PORT/}. */
    public String url()
    {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** Operator requests refused for want of the right token. */
    public long refused()
    {
        return refused.get();
    }

    private void writeFile(final String tokenEnv)
    {
        Loopback.writeAtomically(file, "{\"url\": \"" + url() + "\", \"metrics\": \"" + url() + "metrics\", \"pid\": "
            + ProcessHandle.current().pid() + ", \"token_env\": \"" + tokenEnv + "\"}\n");
    }

    /** Once a second on the server's thread: a new reading, sent to every connected dashboard. */
    private void push()
    {
        try
        {
            latest = state.update();
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("ops: reading the engine failed: {}", ex.toString());
            return;
        }
        if (streams.isEmpty())
        {
            return;
        }
        final byte[] event = event(latest);
        streams.removeIf(out ->
        {
            try
            {
                out.write(event);
                out.flush();
                return false;
            }
            catch (final IOException ex)
            {
                closeQuietly(out);
                return true;
            }
        });
    }

    private static byte[] event(final String json)
    {
        return ("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        final String path = exchange.getRequestURI().getPath();
        final String method = exchange.getRequestMethod();
        if (!localHost(exchange.getRequestHeaders().getFirst("Host")))
        {
            reply(exchange, 403, "text/plain", "forbidden: address the ops server as 127.0.0.1 or localhost");
            return;
        }
        if ("/operator".equals(path))
        {
            operator(exchange, method);
            return;
        }
        if (!"GET".equals(method) && !"HEAD".equals(method))
        {
            reply(exchange, 405, "text/plain", "use GET (POST only for /operator)");
            return;
        }
        switch (path)
        {
            case "/", "/index.html" -> reply(exchange, 200, "text/html; charset=utf-8", page);
            case "/" + SCRIPT -> reply(exchange, 200, "text/javascript; charset=utf-8", script);
            case "/events" -> stream(exchange);
            case "/state" -> reply(exchange, 200, "application/json", latest);
            case "/metrics" ->
            {
                final ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
                metrics.scrape(out);
                reply(exchange, 200, metrics.contentType(), out.toByteArray());
            }
            case "/favicon.ico" ->
            {
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            }
            default -> reply(exchange, 404, "text/plain", "not found: / (dashboard), /events, /state, /metrics, POST /operator");
        }
    }

    /** Keeps the response open: {@link #push()} writes to it once a second until the browser goes. */
    private void stream(final HttpExchange exchange) throws IOException
    {
        if (streams.size() >= MAX_STREAMS)
        {
            reply(exchange, 503, "text/plain", "too many dashboards connected (" + MAX_STREAMS + ")");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        final OutputStream out = exchange.getResponseBody();
        out.write(("retry: 2000\n\n").getBytes(StandardCharsets.UTF_8));
        out.write(event(latest));
        out.flush();
        streams.add(out);
    }

    private void operator(final HttpExchange exchange, final String method) throws IOException
    {
        if (!"POST".equals(method))
        {
            reply(exchange, 405, "text/plain", "use POST /operator with a command as the body");
            return;
        }
        if (token == null)
        {
            reply(exchange, 403, "text/plain", "operator actions are off: the session has no control token (set its variable and restart)");
            return;
        }
        if (!token.accepts(exchange.getRequestHeaders().getFirst("Authorization")))
        {
            final long n = refused.incrementAndGet();
            if (n == 1 || n % 100 == 0)
            {
                LOG.warn("ops server: refused {} operator request(s) without the right token", n);
            }
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            reply(exchange, 401, "text/plain", "unauthorised: wrong or missing control token");
            return;
        }
        final byte[] body;
        try (InputStream in = exchange.getRequestBody())
        {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY)
        {
            reply(exchange, 413, "text/plain", "a command is at most " + MAX_BODY + " bytes");
            return;
        }
        final Reply answer = actions.execute(new String(body, StandardCharsets.UTF_8));
        reply(exchange, answer.status(), "text/plain", answer.text());
    }

    private static boolean localHost(final String host)
    {
        if (host == null)
        {
            return true; // HTTP/1.0 without Host: only a local client reaches 127.0.0.1
        }
        final int colon = host.lastIndexOf(':');
        final String name = colon > 0 && !host.endsWith("]") ? host.substring(0, colon) : host;
        return Set.of("127.0.0.1", "localhost", "[::1]").contains(name);
    }

    private static void reply(final HttpExchange exchange, final int status, final String type, final String text) throws IOException
    {
        reply(exchange, status, type, (text + ("text/plain".equals(type) ? "\n" : "")).getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(final HttpExchange exchange, final int status, final String type, final byte[] bytes) throws IOException
    {
        try (exchange)
        {
            exchange.getResponseHeaders().set("Content-Type", "text/plain".equals(type) ? "text/plain; charset=utf-8" : type);
            exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            final boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length == 0 ? -1 : bytes.length);
            if (!head && bytes.length > 0)
            {
                try (OutputStream out = exchange.getResponseBody())
                {
                    out.write(bytes);
                }
            }
        }
    }

    private static byte[] resource(final String name)
    {
        try (InputStream in = OpsServer.class.getResourceAsStream(name))
        {
            if (in == null)
            {
                throw new IllegalStateException("the jar lacks " + name + " beside " + OpsServer.class.getName());
            }
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void closeQuietly(final OutputStream out)
    {
        try
        {
            out.close();
        }
        catch (final IOException ignored)
        {
            // the browser has gone
        }
    }

    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        final Future<?> ended = thread.submit(() ->
        {
            // tell each dashboard the session has ended (it stops reconnecting), then end its stream cleanly
            final byte[] end = "event: end\ndata: the session has ended\n\n".getBytes(StandardCharsets.UTF_8);
            streams.forEach(out ->
            {
                try
                {
                    out.write(end);
                    out.flush();
                }
                catch (final IOException ignored)
                {
                    // the browser has gone
                }
                closeQuietly(out);
            });
            streams.clear();
            readings.journal.close(); // its tailer belongs to this thread
        });
        try
        {
            ended.get(2, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            LOG.warn("ops server: the dashboards' streams did not end cleanly: {}", ex.toString());
        }
        server.stop(0);
        thread.shutdown();
        try
        {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        thread.shutdownNow();
        Loopback.remove(file, LOG);
    }
}
