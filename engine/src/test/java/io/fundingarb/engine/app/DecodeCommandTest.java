package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecodeCommandTest
{
    private static final String MARK_PRICE =
        "{\"e\":\"markPriceUpdate\",\"E\":1562305380000,\"s\":\"BTCUSDT\",\"p\":\"11794.15000000\",\"i\":\"11784.62659091\"," +
        "\"P\":\"11784.25641265\",\"r\":\"0.00038167\",\"T\":1562306400000}";

    @TempDir
    Path dir;

    private List<String> decode(final String... args)
    {
        final PrintStream saved = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8))
        {
            System.setOut(out);
            assertThat(Main.execute(args)).isEqualTo(Main.EXIT_OK);
        }
        finally
        {
            System.setOut(saved);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void shouldPrintTheFundingUpdateOfARawBinanceFrame() throws Exception
    {
        final Path file = dir.resolve("frames.txt");
        Files.writeString(file, "{\"result\":null,\"id\":1}\n" + MARK_PRICE + "\n");

        final List<String> lines = decode("decode", "--venue", "binance", file.toString());

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("\"type\":\"FundingUpdate\"", "\"fundingRate\":0.00038167", "\"markPrice\":11794.15",
            "\"nextFundingTsNs\":1562306400000000000", "\"fundingIntervalS\":28800");
    }

    @Test
    void shouldReadGzippedHftbacktestLinesForBybit() throws Exception
    {
        final Path file = dir.resolve("bybit.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file)))
        {
            out.write(("1786310819526357000 {\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1786310818129," +
                "\"data\":{\"s\":\"BTCUSDT\",\"b\":[[\"65114.20\",\"6.054\"]],\"a\":[[\"65114.30\",\"1\"]],\"u\":15076952,\"seq\":1}}\n")
                .getBytes(StandardCharsets.UTF_8));
        }

        final List<String> lines = decode("decode", "--venue", "bybit", file.toString());

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("\"type\":\"BookUpdate\"", "\"tsInitNs\":1786310819526357000", "\"action\":\"SNAPSHOT\"",
            "\"sequence\":15076952", "\"bids\":[[65114.2,6.054]]");
    }

    @Test
    void shouldRejectAnUnknownVenue() throws Exception
    {
        final Path file = dir.resolve("frames.txt");
        Files.writeString(file, MARK_PRICE + "\n");

        assertThat(Main.execute("decode", "--venue", "kraken", file.toString())).isEqualTo(Main.EXIT_USAGE);
    }
}
