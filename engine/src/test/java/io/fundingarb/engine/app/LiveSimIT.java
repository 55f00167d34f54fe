package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.connectors.simulator.SimAccountConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code live --sim}: the real BinanceGateway and BybitGateway start against the simulators with
 * their demo keys, the command runs cleanly and its journal verifies; {@code live} on real venues
 * stops at once, in one line, when a key variable is missing. Entries are not asserted: the
 * gateways do not report a starting balance yet, so {@code risk.require_balance_data} holds them.
 */
@Timeout(120)
class LiveSimIT
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @TempDir
    Path tmp;

    @BeforeEach
    void capture()
    {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore()
    {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void shouldStartTheRealGatewaysOnTheSimulatorsAndRunCleanly() throws Exception
    {
        final Path journal = tmp.resolve("session");
        final Path config = tmp.resolve("live.yaml");
        Files.writeString(config, PaperIT.EAGER);

        final int live = Main.execute("live", "--sim", "--config", config.toString(), "--journal", journal.toString(), "--duration", "4s");
        final int verify = Main.execute("replay", journal.toString(), "--verify");

        final String text = out.toString(StandardCharsets.UTF_8);
        assertThat(live).as(text).isZero();
        assertThat(text).contains("journal: " + journal)
            .contains("=== fundingarb live report ===")
            .contains("gateways             binance LIVE, bybit LIVE")
            .contains("rejected for want of a gateway 0");
        assertThat(verify).as(text).isZero();
        final String everything = text + err.toString(StandardCharsets.UTF_8);
        assertThat(everything).doesNotContain(SimAccountConfig.DEMO_API_SECRET).doesNotContain(SimAccountConfig.DEMO_API_KEY);
    }

    @Test
    void shouldSayWhichVenuesWereNeverReachedAndExitNonZero() throws Exception
    {
        final Path config = tmp.resolve("paper.yaml");
        Files.writeString(config, String.join("\n",
            "tokens: [BTC]",
            "venues:",
            "  binance:",
            "    ws_url: ws://127.0.0.1:9",
            "    rest_url: http://127.0.0.1:9",
            "  bybit:",
            "    enabled: false",
            "  hyperliquid:",
            "    enabled: false",
            "  kraken:",
            "    enabled: false",
            ""));

        final int code = Main.execute("paper", "--config", config.toString(), "--journal", tmp.resolve("j").toString(), "--duration", "3s");

        final String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isEqualTo(Main.EXIT_CHECK_FAILED);
        assertThat(text).containsPattern("(?m)^venues never reached binance \\(\\w+, reconnects \\d+\\): no instruments, no market data from them; "
            + "nothing was traded$");
    }

    @Test
    void shouldStopWithOneLineNamingAMissingKeyVariable() throws Exception
    {
        final Path config = tmp.resolve("live.yaml");
        Files.writeString(config, String.join("\n",
            "tokens: [BTC]",
            "venues:",
            "  binance:",
            "    ws_url: ws://127.0.0.1:9",
            "    rest_url: http://127.0.0.1:9",
            "    api_key_env: FUNDINGARB_TEST_UNSET_KEY_7F3A",
            "    api_secret_env: FUNDINGARB_TEST_UNSET_SECRET_7F3A",
            "  bybit:",
            "    enabled: false",
            "  hyperliquid:",
            "    enabled: false",
            "  kraken:",
            "    enabled: false",
            ""));

        final int code = Main.execute("live", "--config", config.toString(), "--journal", tmp.resolve("j").toString());

        assertThat(code).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).isEqualTo("fundingarb: " + config +
            ": venues.binance.api_key_env: environment variable FUNDINGARB_TEST_UNSET_KEY_7F3A is not set (it must hold the binance API key)"
            + "; also venues.binance.api_secret_env: environment variable FUNDINGARB_TEST_UNSET_SECRET_7F3A is not set (it must hold the binance API secret)");
        assertThat(tmp.resolve("j")).doesNotExist();
    }
}
