package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.connectors.simulator.SimAccountConfig;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code live --sim}: the real BinanceGateway and BybitGateway start against the simulators with
 * their demo keys, the command runs cleanly and its journal verifies; {@code live} on real venues
 * stops at once, in one line, when a key variable is missing. With {@code order_entry: websocket}
 * the pairs are entered over Binance's WebSocket API and Bybit's trade socket and end hedged.
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
            .contains("gateways             binance LIVE, bybit LIVE, hyperliquid LIVE, kraken LIVE")
            .contains("rejected for want of a gateway 0");
        assertThat(verify).as(text).isZero();
        final String everything = text + err.toString(StandardCharsets.UTF_8);
        assertThat(everything).doesNotContain(SimAccountConfig.DEMO_API_SECRET).doesNotContain(SimAccountConfig.DEMO_API_KEY);
    }

    @Test
    void shouldHedgeEveryPairWithAKrakenLegThroughTheRealPipeline() throws Exception
    {
        final Path journal = tmp.resolve("session");
        final Path config = tmp.resolve("live.yaml");
        // Kraken's PF_ legs are quoted in USD: they pair with Binance's USDT legs at par only when cross-quote pairs are allowed
        Files.writeString(config, PaperIT.EAGER.replace("strategy:\n", "strategy:\n  allow_cross_quote: true\n") + String.join("\n",
            "venues:",
            "  bybit:",
            "    enabled: false",
            "  hyperliquid:",
            "    enabled: false",
            ""));

        final int live = Main.execute("live", "--sim", "--config", config.toString(), "--journal", journal.toString(), "--duration", "6s",
            "--on-exit", "flatten");
        final int verify = Main.execute("replay", journal.toString(), "--verify");

        final String text = out.toString(StandardCharsets.UTF_8);
        assertThat(live).as(text).isZero();
        assertThat(verify).as(text).isZero();
        assertThat(text).as("every pair is Binance against Kraken").containsPattern("(?m)^Opening \\S+ arbitrage \\| .*kraken:PF_\\S+USD ");
        final Matcher kraken = Pattern.compile("(?m)^kraken +orders sent (\\d+) \\| local rejects 0 ").matcher(text);
        assertThat(kraken.find()).as(text).isTrue();
        assertThat(Integer.parseInt(kraken.group(1))).as(text).isPositive();
        assertThat(text).as(text).contains("flatten: flat after");
    }

    @Test
    void shouldHedgeEveryPairWithOrdersSentOverTheVenuesWebSocketOrderApis() throws Exception
    {
        final Path journal = tmp.resolve("session");
        final Path config = tmp.resolve("live.yaml");
        Files.writeString(config, PaperIT.EAGER + String.join("\n",
            "venues:",
            "  binance:",
            "    order_entry: websocket",
            "  bybit:",
            "    order_entry: websocket",
            ""));

        final int live = Main.execute("live", "--sim", "--config", config.toString(), "--journal", journal.toString(), "--duration", "6s");
        final int verify = Main.execute("replay", journal.toString(), "--verify");

        final String text = out.toString(StandardCharsets.UTF_8);
        assertThat(live).as(text).isZero();
        assertThat(verify).as(text).isZero();
        final Matcher opened = Pattern.compile("pairs +opened (\\d+), closed \\d+, failed entries 0").matcher(text);
        assertThat(opened.find()).as(text).isTrue();
        assertThat(Integer.parseInt(opened.group(1))).as(text).isPositive();
        // both venues' orders went over their sockets, every answer came
        final Matcher socket = Pattern.compile("(binance|bybit) +orders sent (\\d+)[^\\n]*\\n +order socket requests (\\d+) \\| answers lost 0").matcher(text);
        int venues = 0;
        while (socket.find())
        {
            venues++;
            assertThat(Long.parseLong(socket.group(3))).as(text).isGreaterThanOrEqualTo(Long.parseLong(socket.group(2))).isPositive();
        }
        assertThat(venues).as(text).isEqualTo(2);
        assertThat(netPositionsByToken(text)).as(text).isNotEmpty().allSatisfy((token, net) -> assertThat(net).isZero());
    }

    /** Every token's net base quantity over the venues, from the report's "venue positions" lines: zero when hedged or flat. */
    private static Map<String, BigDecimal> netPositionsByToken(final String report)
    {
        final Map<String, BigDecimal> net = new TreeMap<>();
        final Matcher line = Pattern.compile("\\n {4}(binance|bybit|hyperliquid) +([^\\n]*)").matcher(report);
        while (line.find())
        {
            final Matcher position = Pattern.compile("([A-Z0-9]+) ([+-][0-9.]+) \\(").matcher(line.group(2));
            while (position.find())
            {
                net.merge(position.group(1), new BigDecimal(position.group(2)), BigDecimal::add);
            }
        }
        return net;
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
