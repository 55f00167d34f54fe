package io.fundingarb.engine.app;

import io.fundingarb.engine.config.FundingArbConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./run.sh ctl}: sends one operator command to a running demo, paper or live session over
 * its control endpoint (found in the session's {@code control.json}) and prints the engine's
 * answer. The token is read from the environment variable the session names
 * ({@code control.token_env}, by default {@code FUNDINGARB_CONTROL_TOKEN}); it is never printed.
 */
@Command(name = "ctl", mixinStandardHelpOptions = true,
    description = {"Operator control of a running session: pause, resume, close PAIR, flatten, kill, or print its positions.",
        "The session must run with its control token in the environment (control.token_env, default FUNDINGARB_CONTROL_TOKEN); "
            + "ctl reads the same variable."},
    footer = {"", "Commands:",
        "  pause       no new entries; exits continue",
        "  resume      re-arm the breaker (after pause, flatten or a halt)",
        "  close PAIR  close one pair (its number as in positions)",
        "  flatten     close every position; no new entries until resume",
        "  kill        flatten everything, then halt",
        "  positions   the breaker, the open pairs, each venue's positions",
        "", "Exit status: 0 answered, 1 refused (token) or not reachable, 2 bad usage."})
public final class CtlCommand implements Callable<Integer>
{
    private static final List<String> COMMANDS = List.of("pause", "resume", "close", "flatten", "kill", "positions");

    private final Function<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    @Option(names = "--journal", paramLabel = "DIR", description = "The session's journal folder (default: the latest under journal.dir with a running session's control.json).")
    Path journal;

    @Option(names = "--url", paramLabel = "URL", description = "The control endpoint itself, e.g. http://127.0.0.1:40123, instead of --journal.")
    String url;

    @Option(names = "--config", paramLabel = "FILE", description = "Where journal.dir and control.token_env are read when control.json does not say (default: ${DEFAULT-VALUE}).",
        defaultValue = "config/demo.yaml")
    Path config;

    @Parameters(paramLabel = "COMMAND", arity = "1..2", description = "pause | resume | close PAIR | flatten | kill | positions")
    List<String> words;

    public CtlCommand()
    {
        this(System::getenv, System.out, System.err);
    }

    CtlCommand(final Function<String, String> env, final PrintStream out, final PrintStream err)
    {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call()
    {
        final String command = words.get(0).toLowerCase(Locale.ROOT);
        if (!COMMANDS.contains(command) || ("close".equals(command) ? words.size() != 2 || !words.get(1).matches("#?\\d{1,18}") : words.size() != 1))
        {
            err.println("ctl: expected pause | resume | close PAIR | flatten | kill | positions, got \"" + String.join(" ", words) + "\"");
            return Main.EXIT_USAGE;
        }
        if (journal != null && url != null)
        {
            err.println("ctl: give --journal DIR or --url URL, not both");
            return Main.EXIT_USAGE;
        }
        if (journal != null && !Files.isDirectory(journal))
        {
            err.println("ctl: --journal: " + journal + " is not a folder (a session's journal folder, as its first lines print)");
            return Main.EXIT_USAGE;
        }
        final EngineOptions options = new EngineOptions();
        options.config = config;
        final FundingArbConfig settings = options.load(options.configText());
        String tokenEnv = settings.control().tokenEnv();
        String base = url;
        if (base == null)
        {
            final Path dir = journal != null ? journal : latestSession(settings.journal().dir());
            if (dir == null)
            {
                err.println("ctl: no running session found under " + settings.journal().dir() + " (no " + ControlEndpoint.FILE
                    + "); start paper, live or the demo with " + tokenEnv + " set, or pass --journal DIR or --url URL");
                return Main.EXIT_CHECK_FAILED;
            }
            final Path file = dir.resolve(ControlEndpoint.FILE);
            final Map<?, ?> endpoint = readEndpoint(file);
            if (endpoint == null || !(endpoint.get("url") instanceof String))
            {
                err.println("ctl: " + file + ": no control endpoint (the session has ended, or it runs without " + tokenEnv + ")");
                return Main.EXIT_CHECK_FAILED;
            }
            base = (String)endpoint.get("url");
            if (endpoint.get("token_env") instanceof String)
            {
                tokenEnv = (String)endpoint.get("token_env");
            }
        }
        final String token = env.apply(tokenEnv);
        if (token == null || token.isBlank())
        {
            err.println("ctl: environment variable " + tokenEnv + " is not set (it must hold the session's control token)");
            return Main.EXIT_USAGE;
        }
        return send(base, command, String.join(" ", words), token.strip(), tokenEnv);
    }

    private int send(final String base, final String command, final String line, final String token, final String tokenEnv)
    {
        final URI uri;
        try
        {
            uri = URI.create(base.replaceAll("/+$", "") + ("positions".equals(command) ? "/positions" : "/operator"));
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("ctl: --url: not a URL: " + base);
            return Main.EXIT_USAGE;
        }
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token);
        if ("positions".equals(command))
        {
            request.GET();
        }
        else
        {
            request.POST(HttpRequest.BodyPublishers.ofString(line, StandardCharsets.UTF_8));
        }
        final HttpResponse<String> response;
        try
        {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            err.println("ctl: no session answers at " + base + " (" + ex.getClass().getSimpleName() + "); has it ended?");
            return Main.EXIT_CHECK_FAILED;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return Main.EXIT_CHECK_FAILED;
        }
        switch (response.statusCode())
        {
            case 200:
                out.print(response.body());
                return Main.EXIT_OK;
            case 401:
                err.println("ctl: the session refused the token (401): " + tokenEnv + " does not hold the token it was started with");
                return Main.EXIT_CHECK_FAILED;
            case 400:
                err.print("ctl: " + response.body());
                return Main.EXIT_USAGE;
            default:
                err.print("ctl: HTTP " + response.statusCode() + ": " + response.body());
                return Main.EXIT_CHECK_FAILED;
        }
    }

    /** The session folder under {@code parent} whose control.json is the newest, or null. */
    static Path latestSession(final Path parent)
    {
        if (!Files.isDirectory(parent))
        {
            return null;
        }
        try (Stream<Path> dirs = Files.list(parent))
        {
            final Optional<Path> latest = dirs.filter(d -> Files.isRegularFile(d.resolve(ControlEndpoint.FILE)))
                .max(Comparator.comparingLong(d -> d.resolve(ControlEndpoint.FILE).toFile().lastModified()));
            return latest.orElse(null);
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    private static Map<?, ?> readEndpoint(final Path file)
    {
        try
        {
            final Object document = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
            return document instanceof Map ? (Map<?, ?>)document : null;
        }
        catch (final IOException | RuntimeException ex)
        {
            return null;
        }
    }
}
