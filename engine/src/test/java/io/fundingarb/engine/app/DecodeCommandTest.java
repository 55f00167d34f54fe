package io.fundingarb.engine.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecodeCommandTest
{
    /** The markPriceUpdate example of Binance's USD-M docs (shared/docs/VENUES.md); no recording holds one. */
    private static final String MARK_PRICE =
        "{\"e\":\"markPriceUpdate\",\"E\":1562305380000,\"s\":\"BTCUSDT\",\"p\":\"11794.15000000\",\"i\":\"11784.62659091\"," +
        "\"P\":\"11784.25641265\",\"r\":\"0.00038167\",\"T\":1562306400000}";

    /** The recorded Bybit BTCUSDT session: its linear instruments-info (BTCUSDT only), then 200 frames. */
    private static final String BYBIT_SLICE = "/feeds/bybit-v5-linear-2026-08-09.btcusdt-slice.jsonl.gz";
    /** The recorded Binance USD-M exchangeInfo (BTCUSDT, ETHUSDT and 120 others; no COIN-M contract). */
    private static final String BINANCE_EXCHANGE_INFO = "/feeds/binance-usdm-2021-07-22.cryptofeed.http-exchangeinfo.txt.gz";
    /** The hftbacktest recording of Hyperliquid BTC, 2025-01-26 (MIT): 46 l2Book snapshots, 9 trades frames. */
    private static final String HYPERLIQUID = "/feeds/hyperliquid-btc-2025-01-26.hftbacktest.txt.gz";

    @TempDir
    Path dir;

    private record Run(int exit, List<String> out, String err)
    {
    }

    private Run run(final String... args)
    {
        final PrintStream savedOut = System.out;
        final PrintStream savedErr = System.err;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8))
        {
            System.setOut(o);
            System.setErr(e);
            exit = Main.execute(args);
        }
        finally
        {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8).lines().toList(), err.toString(StandardCharsets.UTF_8));
    }

    private List<String> decode(final String... args)
    {
        final Run run = run(args);
        assertThat(run.exit()).as(run.err()).isEqualTo(Main.EXIT_OK);
        return run.out();
    }

    private Path resource(final String name) throws IOException
    {
        final Path file = dir.resolve(name.substring(name.lastIndexOf('/') + 1));
        try (InputStream in = DecodeCommandTest.class.getResourceAsStream(name))
        {
            Files.copy(in, file);
        }
        return file;
    }

    /** The lines of the recorded Bybit slice, each a cryptofeed JSON line. */
    private static List<String> bybitLines() throws IOException
    {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
            new GZIPInputStream(DecodeCommandTest.class.getResourceAsStream(BYBIT_SLICE)), StandardCharsets.UTF_8)))
        {
            return reader.lines().toList();
        }
    }

    /** The slice's instruments-info line, then the given recorded frame lines. */
    private Path bybitFile(final String... frames) throws IOException
    {
        final List<String> lines = bybitLines();
        final StringBuilder text = new StringBuilder(lines.get(0)).append('\n').append(lines.get(1)).append('\n');
        for (final String frame : frames)
        {
            text.append(frame).append('\n');
        }
        final Path file = dir.resolve("bybit.jsonl");
        Files.writeString(file, text);
        return file;
    }

    private Path binanceFrames(final String text) throws IOException
    {
        final Path file = dir.resolve("frames.txt");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void shouldPrintTheFundingUpdateOfARawBinanceFrame() throws Exception
    {
        final Path file = binanceFrames("{\"result\":null,\"id\":1}\n" + MARK_PRICE + "\n");

        final List<String> lines = decode("decode", "--venue", "binance", "--instruments", resource(BINANCE_EXCHANGE_INFO).toString(), file.toString());

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("\"type\":\"FundingUpdate\"", "\"fundingRate\":0.00038167", "\"markPrice\":11794.15",
            "\"nextFundingTsNs\":1562306400000000000", "\"fundingIntervalS\":28800");
        assertThat(lines.get(0)).doesNotContain("unlisted");
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

        final List<String> lines = decode("decode", "--venue", "bybit", "--instruments", resource(BYBIT_SLICE).toString(), file.toString());

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("\"type\":\"BookUpdate\"", "\"tsInitNs\":1786310819526357000", "\"action\":\"SNAPSHOT\"",
            "\"sequence\":15076952", "\"bids\":[[65114.2,6.054]]");
    }

    @Test
    void shouldDecodeTheHyperliquidHftbacktestRecordingWithoutAnInstrumentList() throws Exception
    {
        final Run run = run("decode", "--venue", "hyperliquid", resource(HYPERLIQUID).toString());

        assertThat(run.exit()).isEqualTo(Main.EXIT_OK);
        assertThat(run.out()).hasSize(46).allSatisfy(line -> assertThat(line).contains("\"type\":\"BookUpdate\"",
            "\"venue\":\"HYPERLIQUID\"", "\"action\":\"SNAPSHOT\"").doesNotContain("unlisted"));
        assertThat(run.out().get(0)).contains("\"tsInitNs\":1737918843893903000", "\"sequence\":1737918843542",
            "\"bids\":[[105055,3.03622]");
        assertThat(run.err()).contains("55 frames", "PUBLISHED 46", "IGNORED 9").doesNotContain("MALFORMED");
    }

    @Test
    void shouldDecodeKrakensDocumentedFramesAndRefuseTheInverseTicker() throws Exception
    {
        final Path file = Path.of("..", "connectors", "src", "test", "resources", "feeds", "kraken", "kraken-futures-docs-examples.cryptofeed.txt");

        final Run run = run("decode", "--venue", "kraken", file.toString());

        assertThat(run.exit()).isEqualTo(Main.EXIT_OK);
        assertThat(run.out()).hasSize(3);
        assertThat(run.out().get(0)).contains("\"type\":\"BookUpdate\"", "\"venue\":\"KRAKEN\"", "\"action\":\"SNAPSHOT\"", "\"sequence\":326072249");
        assertThat(run.out().get(1)).as("the relative rate of one hour, never the absolute funding_rate")
            .contains("\"type\":\"FundingUpdate\"", "\"fundingRate\":0.000135047", "\"fundingIntervalS\":3600");
        assertThat(run.err()).contains("4 frames", "PUBLISHED 2", "UNKNOWN_SYMBOL 1", "GAP 1");
    }

    @Test
    void shouldRefuseAHyperliquidCoinTheGivenListLacks() throws Exception
    {
        final Path list = dir.resolve("meta.json");
        Files.writeString(list, "[{\"universe\":[{\"name\":\"ETH\",\"szDecimals\":4,\"maxLeverage\":50}]},"
            + "[{\"funding\":\"0.0000125\",\"markPx\":\"3300.5\",\"dayNtlVlm\":\"1.0\"}]]");

        final Run run = run("decode", "--venue", "hyperliquid", "--instruments", list.toString(), resource(HYPERLIQUID).toString());

        assertThat(run.exit()).isEqualTo(Main.EXIT_OK);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("UNKNOWN_SYMBOL 46", "BTC");
    }

    @Test
    void shouldDecodeTheRecordedBybitSliceWithItsOwnInstrumentList() throws Exception
    {
        final Run run = run("decode", "--venue", "bybit", resource(BYBIT_SLICE).toString());

        assertThat(run.exit()).isEqualTo(Main.EXIT_OK);
        assertThat(run.err()).contains("200 frames").doesNotContain("MALFORMED", "UNKNOWN_SYMBOL", "bad line");
    }

    @Test
    void shouldReportAMalformedFrameWithItsLineNumberAndDecodeTheRest() throws Exception
    {
        final List<String> lines = bybitLines();
        final String broken = lines.get(3).replace("\\\"data\\\":{", "\\\"data\\\":{{");
        final Path file = bybitFile(lines.get(2), broken, lines.get(4));

        final Run run = run("decode", "--venue", "bybit", file.toString());

        assertThat(run.exit()).isEqualTo(Main.EXIT_OK);
        assertThat(run.err()).contains(file + ":4: malformed frame", "1 bad lines skipped");
        assertThat(run.out()).hasSizeGreaterThan(2); // the snapshot's two events, then the next delta's
    }

    @Test
    void shouldReportAnUnreadableRecordingLineWithItsNumber() throws Exception
    {
        final List<String> lines = bybitLines();
        final Path file = bybitFile(lines.get(2), lines.get(2).substring(0, 60), lines.get(3));

        final Run run = run("decode", "--venue", "bybit", file.toString());

        assertThat(run.exit()).isEqualTo(Main.EXIT_OK);
        assertThat(run.err()).contains(file + ":4: unreadable line");
    }

    @Test
    void shouldReportACryptofeedTimestampThatIsNotANumberAndCountIt() throws Exception
    {
        final Path file = binanceFrames("1562305380.1: " + MARK_PRICE + "\n15623x5380.2: " + MARK_PRICE + "\n1562305380.3: " + MARK_PRICE + "\n");

        final Run run = run("decode", "--venue", "binance", "--instruments", resource(BINANCE_EXCHANGE_INFO).toString(), file.toString());

        assertThat(run.exit()).isEqualTo(Main.EXIT_OK);
        assertThat(run.err()).contains(file + ":2: bad timestamp: \"15623x5380.2\" is not a number (epoch seconds): 15623x5380.2: {",
            "decode: 2 frames, 2 events, PUBLISHED 2, BAD_TIMESTAMP 1, 1 bad lines skipped").doesNotContain("For input string", "Character");
        assertThat(run.out()).hasSize(2);
    }

    @Test
    void shouldReportAnHftbacktestTimestampBeyondALongAndCountIt() throws Exception
    {
        final Path file = binanceFrames("1562305380100000000 " + MARK_PRICE + "\n99999999999999999999 " + MARK_PRICE + "\n");

        final Run run = run("decode", "--venue", "binance", "--instruments", resource(BINANCE_EXCHANGE_INFO).toString(), file.toString());

        assertThat(run.err()).contains(file + ":2: bad timestamp: \"99999999999999999999\" is out of range (epoch nanoseconds)",
            "1 frames, 1 events, PUBLISHED 1, BAD_TIMESTAMP 1, 1 bad lines skipped").doesNotContain("For input string");
    }

    @Test
    void shouldReportAJsonLineTimestampOfAHugeExponentWithoutFailing() throws Exception
    {
        final List<String> lines = bybitLines();
        final String huge = lines.get(3).replaceFirst("\"ts\":[0-9.]+", "\"ts\":1e999999999");
        final Path file = bybitFile(lines.get(2), huge);

        final Run run = run("decode", "--venue", "bybit", file.toString());

        assertThat(run.exit()).isEqualTo(Main.EXIT_OK);
        assertThat(run.err()).contains(file + ":4: bad timestamp: \"1E+999999999\" is out of range (epoch seconds)", "BAD_TIMESTAMP 1");
    }

    @Test
    void shouldNameAPriceFieldThatIsNotANumberAndCountIt() throws Exception
    {
        final Path file = binanceFrames(MARK_PRICE + "\n" + MARK_PRICE.replace("\"p\":\"11794.15000000\"", "\"p\":\"11794.1x\"") + "\n");

        final Run run = run("decode", "--venue", "binance", "--instruments", resource(BINANCE_EXCHANGE_INFO).toString(), file.toString());

        assertThat(run.err()).contains(file + ":2: malformed frame: field p is not a number: \"11794.1x\": {",
            "2 frames, 1 events, PUBLISHED 1, MALFORMED 1 (BAD_NUMBER 1), 1 bad lines skipped");
        assertThat(run.out()).hasSize(1);
    }

    @Test
    void shouldNameTheSizeOfABookLevelThatIsNotANumber() throws Exception
    {
        final Path file = dir.resolve("bybit.txt");
        Files.writeString(file, "1786310819526357000 {\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1786310818129," +
            "\"data\":{\"s\":\"BTCUSDT\",\"b\":[[\"65114.20\",\"6.0.54\"]],\"a\":[[\"65114.30\",\"1\"]],\"u\":15076952,\"seq\":1}}\n");

        final Run run = run("decode", "--venue", "bybit", "--instruments", resource(BYBIT_SLICE).toString(), file.toString());

        assertThat(run.err()).contains(file + ":1: malformed frame: field data.b[0][1] is not a number: \"6.0.54\"", "MALFORMED 1 (BAD_NUMBER 1)");
    }

    @Test
    void shouldNameTheFieldOfABareNumberThatIsNotJson() throws Exception
    {
        final Path file = binanceFrames(MARK_PRICE.replace("\"T\":1562306400000", "\"T\":15623x6400000") + "\n");

        final Run run = run("decode", "--venue", "binance", "--instruments", resource(BINANCE_EXCHANGE_INFO).toString(), file.toString());

        assertThat(run.err()).containsPattern(":1: malformed frame: not JSON near character \\d+ \\(field T\\)")
            .contains("MALFORMED 1 (NOT_JSON 1)");
    }

    @Test
    void shouldReportALineCutShortAndCountIt() throws Exception
    {
        final Path file = binanceFrames(MARK_PRICE + "\n" + MARK_PRICE.substring(0, 60) + "\n");

        final Run run = run("decode", "--venue", "binance", "--instruments", resource(BINANCE_EXCHANGE_INFO).toString(), file.toString());

        assertThat(run.err()).contains(file + ":2: malformed frame: not JSON: cut short after 60 characters",
            "2 frames, 1 events, PUBLISHED 1, MALFORMED 1 (NOT_JSON 1), 1 bad lines skipped");
    }

    @Test
    void shouldReportAnInstrumentListWithAFractionalFundingIntervalAndDecodeTheRest() throws Exception
    {
        final List<String> lines = bybitLines();
        final String list = lines.get(0).replaceFirst("\\\\\"fundingInterval\\\\\":\\d+", "\\\\\"fundingInterval\\\\\":480.5");
        final Path file = dir.resolve("bybit.jsonl");
        Files.writeString(file, list + "\n" + lines.get(1) + "\n" + lines.get(2) + "\n");

        final Run run = run("decode", "--venue", "bybit", "--unlisted", file.toString());

        assertThat(run.exit()).isEqualTo(Main.EXIT_OK);
        assertThat(run.err()).contains(file + ":1: instrument list body that cannot be read "
            + "(instruments-info: BTCUSDT fundingInterval is not a whole number of minutes: \"480.5\")", "BAD_INSTRUMENT_LIST 1");
        assertThat(run.out()).hasSize(2);
    }

    @Test
    void shouldReportALineInNoKnownFormWithItsNumber() throws Exception
    {
        final Path file = binanceFrames(MARK_PRICE + "\nhello\n" + MARK_PRICE + "\n");

        final Run run = run("decode", "--venue", "binance", "--instruments", resource(BINANCE_EXCHANGE_INFO).toString(), file.toString());

        assertThat(run.err()).contains(file + ":2: not a frame nor a recording line: hello");
        assertThat(run.out()).hasSize(2);
    }

    @Test
    void shouldStopAtTheFirstBadLineWithStrict() throws Exception
    {
        final List<String> lines = bybitLines();
        final String broken = lines.get(3).replace("\\\"data\\\":{", "\\\"data\\\":[");
        final Path file = bybitFile(lines.get(2), broken, lines.get(4));

        final Run run = run("decode", "--venue", "bybit", "--strict", file.toString());

        assertThat(run.exit()).isEqualTo(Main.EXIT_CHECK_FAILED);
        assertThat(run.err()).contains(file + ":4: malformed frame", "stopped (--strict)");
        assertThat(run.out()).hasSize(2); // the snapshot's FundingUpdate and TickerUpdate, nothing after the bad line
    }

    @Test
    void shouldAcceptAUtf8ByteOrderMark() throws Exception
    {
        final List<String> lines = bybitLines();
        final Path file = dir.resolve("bom.jsonl");
        Files.writeString(file, "\uFEFF" + String.join("\n", lines.subList(0, 3)) + "\n");

        final Run run = run("decode", "--venue", "bybit", file.toString());

        assertThat(run.err()).contains("1 frames").doesNotContain("bad line", "UNKNOWN_SYMBOL");
        assertThat(run.out()).hasSize(2);
    }

    @Test
    void shouldDecodeEachElementOfAnAllMarketsMarkPriceArray() throws Exception
    {
        final Path file = binanceFrames("{\"stream\":\"!markPrice@arr@1s\",\"data\":[" + MARK_PRICE + "," + MARK_PRICE.replace("BTCUSDT", "ETHUSDT") + "]}\n");

        final List<String> lines = decode("decode", "--venue", "binance", "--instruments", resource(BINANCE_EXCHANGE_INFO).toString(), file.toString());

        assertThat(lines).hasSize(2);
        assertThat(lines).allSatisfy(line -> assertThat(line).contains("\"type\":\"FundingUpdate\"").doesNotContain("unlisted"));
    }

    @Test
    void shouldRefuseTheElementsOfAMarkPriceArrayNoInstrumentListDefines() throws Exception
    {
        final Path file = binanceFrames("{\"stream\":\"!markPrice@arr@1s\",\"data\":[" + MARK_PRICE + "," + MARK_PRICE.replace("BTCUSDT", "BTCUSD_PERP") + "]}\n");

        final Run run = run("decode", "--venue", "binance", "--instruments", resource(BINANCE_EXCHANGE_INFO).toString(), file.toString());

        assertThat(run.out()).hasSize(1);
        assertThat(run.err()).contains("no instrument list defines BTCUSD_PERP (1 frames, first " + file + ":1): refused");
    }

    @Test
    void shouldRefuseAFrameOfASymbolNoInstrumentListDefines() throws Exception
    {
        final String inverse = bybitLines().get(2).replace("BTCUSDT", "BTCUSD");
        final Path file = bybitFile(inverse);

        final Run run = run("decode", "--venue", "bybit", file.toString());

        assertThat(run.exit()).isEqualTo(Main.EXIT_OK);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("UNKNOWN_SYMBOL 1", "no instrument list defines BTCUSD (1 frames, first " + file + ":3): refused");
    }

    @Test
    void shouldMarkEveryEventOfAnUnlistedSymbolWithUnlisted() throws Exception
    {
        final String inverse = bybitLines().get(2).replace("BTCUSDT", "BTCUSD");
        final Path file = bybitFile(bybitLines().get(2), inverse);

        final List<String> lines = decode("decode", "--venue", "bybit", "--unlisted", file.toString());

        assertThat(lines).hasSize(4);
        assertThat(lines.subList(0, 2)).noneMatch(line -> line.contains("unlisted"));
        assertThat(lines.subList(2, 4)).allMatch(line -> line.endsWith(",\"unlisted\":true}"));
    }

    @Test
    void shouldRejectAnUnknownVenue() throws Exception
    {
        final Path file = binanceFrames(MARK_PRICE + "\n");

        assertThat(Main.execute("decode", "--venue", "okx", file.toString())).isEqualTo(Main.EXIT_USAGE);
    }
}
