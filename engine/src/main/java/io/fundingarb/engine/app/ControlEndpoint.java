package io.fundingarb.engine.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fundingarb.engine.ops.BearerToken;
import io.fundingarb.engine.ops.Loopback;
import io.fundingarb.engine.stage.Reason;
import io.fundingarb.engine.stage.RiskView;
import io.fundingarb.engine.stage.TradingState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's control endpoint: HTTP on 127.0.0.1 (the JDK's server, one thread of its own,
 * never a stage thread), every request authenticated by the token of {@code control.token_env}
 * ({@code Authorization: Bearer TOKEN}, compared in constant time; a missing or wrong one gets
 * 401 and reaches nothing).
 * <ul>
 *   <li>{@code POST /operator} with a console command as the body ({@code pause}, {@code resume},
 *       {@code close 7}, {@code flatten}, {@code kill}): published onto the inbound ring like a
 *       typed one (so journaled and replayed); the answer says what was sent and the breaker's
 *       state once RiskStage has seen it.</li>
 *   <li>{@code GET /positions}: the open pairs and each venue's positions ({@link Positions}).</li>
 * </ul>
 * The session writes where it listens (never the token) to {@code control.json} in its journal
 * folder, for {@code ./run.sh ctl}, and removes it when it closes.
 */
final class ControlEndpoint implements AutoCloseable
{
    static final String FILE = "control.json";
    static final int MIN_TOKEN_LENGTH = 16;

    private static final Logger LOG = LoggerFactory.getLogger(ControlEndpoint.class);
    private static final int MAX_BODY = 256;
    private static final long APPLIED_WAIT_MS = 2_000;

    private final HttpServer server;
    private final ExecutorService executor;
    private final BearerToken token;
    private final OperatorCommands commands;
    private final Positions positions;
    private final Path file;
    private final AtomicLong refused = new AtomicLong();

    private ControlEndpoint(
        final HttpServer server, final ExecutorService executor, final BearerToken token, final OperatorCommands commands, final Positions positions,
        final Path file)
    {
        this.server = server;
        this.executor = executor;
        this.token = token;
        this.commands = commands;
        this.positions = positions;
        this.file = file;
    }

    /**
     * Starts listening on 127.0.0.1:{@code port} (0 = any free port) and, when {@code journalDir}
     * is not null, writes {@code control.json} there.
     */
    static ControlEndpoint start(
        final int port, final String token, final String tokenEnv, final OperatorCommands commands, final Positions positions, final Path journalDir)
    {
        final HttpServer server = Loopback.listen(port, "control.port");
        final ExecutorService executor = Executors.newSingleThreadExecutor(Loopback.daemon("fa-control"));
        final Path file = journalDir == null ? null : journalDir.resolve(FILE);
        final ControlEndpoint endpoint = new ControlEndpoint(server, executor, new BearerToken(token), commands, positions, file);
        server.createContext("/", endpoint::handle);
        server.setExecutor(executor);
        server.start();
        if (file != null)
        {
            endpoint.writeFile(tokenEnv);
        }
        return endpoint;
    }

    String url()
    {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Requests refused for want of the right token. */
    long refused()
    {
        return refused.get();
    }

    private void writeFile(final String tokenEnv)
    {
        Loopback.writeAtomically(file, "{\"url\": \"" + url() + "\", \"pid\": " + ProcessHandle.current().pid() + ", \"token_env\": \"" + tokenEnv + "\"}\n");
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        try (exchange)
        {
            if (!token.accepts(exchange.getRequestHeaders().getFirst("Authorization")))
            {
                final long n = refused.incrementAndGet();
                if (n == 1 || n % 100 == 0)
                {
                    LOG.warn("control endpoint: refused {} request(s) without the right token (latest: {} {})", n,
                        exchange.getRequestMethod(), exchange.getRequestURI().getPath());
                }
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                reply(exchange, 401, "unauthorised: send the token of the control endpoint as 'Authorization: Bearer TOKEN'");
                return;
            }
            final String path = exchange.getRequestURI().getPath();
            final String method = exchange.getRequestMethod();
            if ("/positions".equals(path))
            {
                if (!"GET".equals(method))
                {
                    reply(exchange, 405, "use GET /positions");
                    return;
                }
                reply(exchange, 200, String.join("\n", positions.lines()));
            }
            else if ("/operator".equals(path))
            {
                if (!"POST".equals(method))
                {
                    reply(exchange, 405, "use POST /operator with a command as the body: " + OperatorCommands.USAGE);
                    return;
                }
                operator(exchange);
            }
            else
            {
                reply(exchange, 404, "not found: POST /operator (" + OperatorCommands.USAGE + ") or GET /positions");
            }
        }
    }

    private void operator(final HttpExchange exchange) throws IOException
    {
        final byte[] body;
        try (InputStream in = exchange.getRequestBody())
        {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY)
        {
            reply(exchange, 413, "a command is at most " + MAX_BODY + " bytes");
            return;
        }
        final OperatorCommands.Outcome outcome = commands.execute(new String(body, StandardCharsets.UTF_8));
        if (outcome == null || !outcome.sent())
        {
            reply(exchange, 400, outcome == null ? "operator: empty command; " + OperatorCommands.USAGE : outcome.reply());
            return;
        }
        reply(exchange, 200, outcome.reply() + "\n" + applied(outcome.tsNs()));
    }

    /** The breaker as RiskStage shows it once its view is as recent as the command (2 s at most). */
    private String applied(final long commandTsNs)
    {
        return applied(positions, commandTsNs);
    }

    /** The same, for any caller that has sent a command (the ops server's operator actions too). */
    static String applied(final Positions positions, final long commandTsNs)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(APPLIED_WAIT_MS);
        while (true)
        {
            final RiskView.Snapshot risk = positions.risk();
            if (risk != null && risk.nowNs >= commandTsNs)
            {
                return "engine: trading " + TradingState.values()[risk.tradingState].name()
                    + (risk.stateReason != 0 ? " (" + Reason.of(risk.stateReason).text() + ")" : "") + ", open pairs " + risk.count;
            }
            if (System.nanoTime() - deadline > 0)
            {
                return "engine: not seen by the risk stage within " + APPLIED_WAIT_MS + " ms (it is queued on the ring)";
            }
            try
            {
                Thread.sleep(20);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return "engine: interrupted while waiting for the risk stage";
            }
        }
    }

    private static void reply(final HttpExchange exchange, final int status, final String text) throws IOException
    {
        final byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(bytes);
        }
    }

    @Override
    public void close()
    {
        server.stop(0);
        executor.shutdownNow();
        Loopback.remove(file, LOG);
    }
}
