package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./run.sh ctl}: usage, finding the session, and clear answers when there is none. */
@Timeout(30)
class CtlCommandTest
{
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldListEveryCommandInItsHelp()
    {
        assertThat(run(Map.of(), "--help")).isZero();

        assertThat(text(out)).contains("pause", "resume", "close PAIR", "flatten", "kill", "positions", "--journal", "--url");
    }

    @Test
    void shouldRefuseAnUnknownCommandWithoutContactingAnything()
    {
        assertThat(run(Map.of(), "--url", "http://127.0.0.1:9", "halt")).isEqualTo(Main.EXIT_USAGE);

        assertThat(text(err).strip()).isEqualTo("ctl: expected pause | resume | close PAIR | flatten | kill | positions, got \"halt\"");
    }

    @Test
    void shouldRefuseCloseWithoutAPairNumber()
    {
        assertThat(run(Map.of(), "--url", "http://127.0.0.1:9", "close", "BTC")).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void shouldSayWhenNoSessionIsRunning() throws Exception
    {
        final Path config = tmp.resolve("c.yaml");
        Files.writeString(config, "journal:\n  dir: " + tmp.resolve("journals") + "\n");

        assertThat(run(Map.of(), "--config", config.toString(), "pause")).isEqualTo(Main.EXIT_CHECK_FAILED);

        assertThat(text(err)).contains("ctl: no running session found under " + tmp.resolve("journals"));
    }

    @Test
    void shouldNameTheMissingTokenVariable()
    {
        assertThat(run(Map.of(), "--url", "http://127.0.0.1:9", "positions")).isEqualTo(Main.EXIT_USAGE);

        assertThat(text(err).strip()).isEqualTo("ctl: environment variable FUNDINGARB_CONTROL_TOKEN is not set (it must hold the session's control token)");
    }

    @Test
    void shouldSayWhenNothingAnswers() throws Exception
    {
        final int port;
        try (ServerSocket socket = new ServerSocket(0))
        {
            port = socket.getLocalPort();
        }

        assertThat(run(Map.of("FUNDINGARB_CONTROL_TOKEN", "0123456789abcdefgh"), "--url", "http://127.0.0.1:" + port, "kill"))
            .isEqualTo(Main.EXIT_CHECK_FAILED);

        assertThat(text(err)).contains("ctl: no session answers at http://127.0.0.1:" + port).doesNotContain("0123456789abcdefgh");
    }

    @Test
    void shouldPickTheSessionWithTheNewestEndpointFile() throws Exception
    {
        final Path old = Files.createDirectories(tmp.resolve("20261206-100000"));
        final Path ended = Files.createDirectories(tmp.resolve("20261206-120000"));
        final Path running = Files.createDirectories(tmp.resolve("20261206-110000"));
        Files.writeString(old.resolve(ControlEndpoint.FILE), "{}");
        Files.writeString(running.resolve(ControlEndpoint.FILE), "{}");
        assertThat(old.resolve(ControlEndpoint.FILE).toFile().setLastModified(1_000_000L)).isTrue();
        assertThat(ended).isDirectory();

        assertThat(CtlCommand.latestSession(tmp)).isEqualTo(running);
    }

    private int run(final Map<String, String> env, final String... args)
    {
        final CtlCommand command = new CtlCommand(env::get, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        final CommandLine line = new CommandLine(command);
        line.setOut(new java.io.PrintWriter(new PrintStream(out, true, StandardCharsets.UTF_8), true));
        return line.execute(args);
    }

    private static String text(final ByteArrayOutputStream stream)
    {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
