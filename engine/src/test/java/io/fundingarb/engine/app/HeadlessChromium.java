package io.fundingarb.engine.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The Debian {@code chromium} package driven headless over the DevTools protocol (the JDK's
 * HttpClient and WebSocket, Jackson for the JSON): open a page, evaluate script, click and type with
 * real input events, take screenshots, and collect every console error, uncaught exception and
 * browser log error (failed loads, CSP violations). A test that needs it fails, naming the package,
 * when Chromium is not installed: the browser tests are part of {@code ./run.sh test}, and
 * {@code .ci/run} installs it.
 */
final class HeadlessChromium implements AutoCloseable
{
    static final String MISSING = "Chromium is not installed: the browser tests drive the Debian package headless; "
        + "install it with: apt-get install -y chromium (.ci/run does this)";
    private static final List<String> BINARIES = List.of("chromium", "chromium-browser", "google-chrome");
    private static final long STEP_TIMEOUT_S = 30;

    private final ObjectMapper json = new ObjectMapper();
    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();

    private HeadlessChromium(final Process process, final Path profile, final String pageSocketUrl) throws Exception
    {
        this.process = process;
        this.profile = profile;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
            .buildAsync(URI.create(pageSocketUrl), new Listener()).get(STEP_TIMEOUT_S, TimeUnit.SECONDS);
        call("Runtime.enable");
        call("Log.enable");
        call("Page.enable");
    }

    /** The Chromium binary on the PATH, or null. */
    static Path binary()
    {
        for (final String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
        {
            for (final String name : BINARIES)
            {
                final Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** Starts Chromium headless on a blank page, its profile in {@code tmp}. */
    static HeadlessChromium start(final Path tmp) throws Exception
    {
        final Path chromium = binary();
        if (chromium == null)
        {
            throw new AssertionError(MISSING);
        }
        final Path profile = Files.createDirectories(tmp.resolve("chromium-profile"));
        final Process process = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-background-networking", "--disable-sync",
            "--mute-audio", "--window-size=1400,1800", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
            "--user-data-dir=" + profile, "about:blank")
            .redirectErrorStream(true).redirectOutput(tmp.resolve("chromium.log").toFile()).start();
        final Path portFile = profile.resolve("DevToolsActivePort");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_TIMEOUT_S);
        while (!Files.exists(portFile) || Files.readAllLines(portFile).size() < 2)
        {
            if (!process.isAlive() || System.nanoTime() - deadline > 0)
            {
                process.destroyForcibly();
                throw new AssertionError("Chromium did not open its DevTools port: " + Files.readString(tmp.resolve("chromium.log")));
            }
            Thread.sleep(50);
        }
        final int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
        final String list = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        String page = null;
        for (final JsonNode target : new ObjectMapper().readTree(list))
        {
            if ("page".equals(target.path("type").asText()))
            {
                page = target.path("webSocketDebuggerUrl").asText();
                break;
            }
        }
        if (page == null)
        {
            process.destroyForcibly();
            throw new AssertionError("Chromium shows no page target: " + list);
        }
        return new HeadlessChromium(process, profile, page);
    }

    /** Opens {@code url} and waits for its load event. */
    void open(final String url) throws Exception
    {
        events.clear();
        errors.clear();
        final ObjectNode params = json.createObjectNode().put("url", url);
        final JsonNode answer = call("Page.navigate", params);
        if (answer.has("errorText"))
        {
            throw new AssertionError("Chromium could not open " + url + ": " + answer.get("errorText").asText());
        }
        await("the load event of " + url, () -> events.contains("Page.loadEventFired"));
    }

    /** Evaluates a script expression in the page (promises awaited) and returns its value as JSON. */
    JsonNode evaluate(final String expression) throws Exception
    {
        final JsonNode answer = call("Runtime.evaluate", json.createObjectNode().put("expression", expression).put("returnByValue", true)
            .put("awaitPromise", true));
        if (answer.has("exceptionDetails"))
        {
            throw new AssertionError("script failed: " + expression + ": " + answer.get("exceptionDetails"));
        }
        return answer.path("result").path("value");
    }

    /** Polls {@code expression} every 100 ms until it is true (30 s at most). */
    void awaitTrue(final String what, final String expression) throws Exception
    {
        await(what, () ->
        {
            try
            {
                return evaluate(expression).asBoolean(false);
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException(ex);
            }
        });
    }

    /** A real mouse click at the centre of the element {@code selector} names. */
    void click(final String selector) throws Exception
    {
        final JsonNode box = evaluate("(() => { const r = document.querySelector(" + json.writeValueAsString(selector)
            + ").getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()");
        for (final String type : List.of("mousePressed", "mouseReleased"))
        {
            call("Input.dispatchMouseEvent", json.createObjectNode().put("type", type).put("x", box.get("x").asDouble()).put("y", box.get("y").asDouble())
                .put("button", "left").put("clickCount", 1));
        }
    }

    /** Focuses the element {@code selector} names, clears it and types {@code text} as keyboard input. */
    void type(final String selector, final String text) throws Exception
    {
        evaluate("(() => { const e = document.querySelector(" + json.writeValueAsString(selector) + "); e.value = ''; e.focus(); return true; })()");
        call("Input.insertText", json.createObjectNode().put("text", text));
    }

    /** Saves a PNG of the page to {@code file}. */
    void screenshot(final Path file) throws Exception
    {
        final JsonNode shot = call("Page.captureScreenshot", json.createObjectNode().put("format", "png").put("captureBeyondViewport", true));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
    }

    /** Console errors, uncaught exceptions and browser log errors seen since the page was opened (or cleared). */
    List<String> errors()
    {
        return new ArrayList<>(errors);
    }

    void clearErrors()
    {
        errors.clear();
    }

    private JsonNode call(final String method) throws Exception
    {
        return call(method, json.createObjectNode());
    }

    private JsonNode call(final String method, final ObjectNode params) throws Exception
    {
        final long id = ids.incrementAndGet();
        final CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        final ObjectNode message = json.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        socket.sendText(json.writeValueAsString(message), true).get(STEP_TIMEOUT_S, TimeUnit.SECONDS);
        final JsonNode reply = answer.get(STEP_TIMEOUT_S, TimeUnit.SECONDS);
        if (reply.has("error"))
        {
            throw new AssertionError(method + ": " + reply.get("error"));
        }
        return reply.path("result");
    }

    private static void await(final String what, final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_TIMEOUT_S);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private void onMessage(final String text) throws IOException
    {
        final JsonNode message = json.readTree(text);
        if (message.has("id"))
        {
            final CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asLong());
            if (answer != null)
            {
                answer.complete(message);
            }
            return;
        }
        final String method = message.path("method").asText();
        events.add(method);
        final JsonNode params = message.path("params");
        switch (method)
        {
            case "Runtime.consoleAPICalled" ->
            {
                if ("error".equals(params.path("type").asText()) || "assert".equals(params.path("type").asText()))
                {
                    errors.add("console." + params.path("type").asText() + ": " + params.path("args"));
                }
            }
            case "Runtime.exceptionThrown" -> errors.add("uncaught: " + params.path("exceptionDetails"));
            case "Log.entryAdded" ->
            {
                if ("error".equals(params.path("entry").path("level").asText()))
                {
                    errors.add("log: " + params.path("entry").path("text").asText() + " " + params.path("entry").path("url").asText());
                }
            }
            default ->
            {
                // other events are only remembered by name
            }
        }
    }

    private final class Listener implements WebSocket.Listener
    {
        private final StringBuilder parts = new StringBuilder();

        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
        {
            parts.append(data);
            if (last)
            {
                final String text = parts.toString();
                parts.setLength(0);
                try
                {
                    onMessage(text);
                }
                catch (final IOException ex)
                {
                    errors.add("unreadable DevTools message: " + ex);
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    @Override
    public void close() throws Exception
    {
        socket.abort();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        // the profile's Singleton* links point outside it: remove them so the temp folder is removed quietly
        try (var files = Files.list(profile))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                if (file.getFileName().toString().startsWith("Singleton"))
                {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
