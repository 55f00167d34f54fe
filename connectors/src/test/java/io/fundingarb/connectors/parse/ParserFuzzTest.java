package io.fundingarb.connectors.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fundingarb.codecs.Gen;
import io.fundingarb.connectors.binance.BinanceParser;
import io.fundingarb.connectors.bybit.BybitParser;
import io.fundingarb.connectors.hyperliquid.HyperliquidParser;
import io.fundingarb.connectors.kraken.KrakenParser;
import io.fundingarb.connectors.gateway.Fixtures;
import io.fundingarb.connectors.recording.FeedRecording;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToLongFunction;
import java.util.stream.Collectors;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated frames: no exception escapes, every frame is counted once, a frame that is
 * not JSON (by Jackson's verdict, for texts that are valid UTF-8) is MALFORMED, and the next good
 * frame is published as usual.
 */
class ParserFuzzTest
{
    private static final ObjectMapper JACKSON = new ObjectMapper();

    private static final String BINANCE_GOOD =
        "{\"e\":\"markPriceUpdate\",\"E\":1562305380000,\"s\":\"BTCUSDT\",\"p\":\"11794.15000000\",\"i\":\"11784.62659091\"," +
        "\"P\":\"11784.25641265\",\"r\":\"0.00038167\",\"T\":1562306400000}";
    private static final String BYBIT_GOOD =
        "{\"topic\":\"tickers.BTCUSDT\",\"type\":\"snapshot\",\"data\":{\"symbol\":\"BTCUSDT\",\"markPrice\":\"66666.60\"," +
        "\"nextFundingTime\":\"1760342400000\",\"fundingRate\":\"-0.005\"},\"ts\":1760325052630}";

    private final CapturingSink sink = new CapturingSink();
    private final BinanceParser binance = new BinanceParser(sink);
    private final BybitParser bybit = new BybitParser(sink);
    private final HyperliquidParser hyperliquid = new HyperliquidParser(sink);
    private final String hyperliquidGood = Recordings.firstFrame(Recordings.HYPERLIQUID, "\"l2Book\"");
    private final KrakenParser kraken = new KrakenParser(sink);
    private static final String KRAKEN_GOOD = Fixtures.text("kraken/ws-ticker.json").strip().replace("PI_XBTUSD", "PF_XBTUSD");

    ParserFuzzTest()
    {
        for (final String symbol : List.of("SUSHIUSDT", "AKROUSDT", "KEEPUSDT", "CTKUSDT", "BTCUSDT"))
        {
            binance.addInstrument(symbol, 1);
        }
        for (final String symbol : List.of("BTCUSDT", "ETHUSDT", "SOLUSDT", "DOGEUSDT"))
        {
            bybit.addInstrument(symbol, 2);
        }
        hyperliquid.addInstrument("BTC", 3);
        kraken.addInstrument("PF_XBTUSD", 4);
    }

    private static long total(final IntToLongFunction count)
    {
        long total = 0;
        for (int r = 0; r < FrameResult.COUNT; r++)
        {
            total += count.applyAsLong(r);
        }
        return total;
    }

    /** Feeds a bad frame then a good one to both parsers. */
    private void feed(final byte[] bad)
    {
        // the scanner does not validate UTF-8 (documented): judge only texts that are valid UTF-8
        final boolean judged = validUtf8(bad);
        final boolean json = !judged || jacksonAccepts(bad);
        final UnsafeBuffer buffer = new UnsafeBuffer(bad);
        final long binanceBefore = total(binance::count);
        final long bybitBefore = total(bybit::count);
        final long hyperliquidBefore = total(hyperliquid::count);

        final int binanceResult = binance.onFrame(buffer, 0, bad.length, 1);
        final int bybitResult = bybit.onFrame(buffer, 0, bad.length, 1);
        final int hyperliquidResult = hyperliquid.onFrame(buffer, 0, bad.length, 1);
        final long krakenBefore = total(kraken::count);
        final int krakenResult = kraken.onFrame(buffer, 0, bad.length, 1);

        if (!json)
        {
            assertThat(binanceResult).as(new String(bad, StandardCharsets.UTF_8)).isEqualTo(FrameResult.MALFORMED);
            assertThat(bybitResult).as(new String(bad, StandardCharsets.UTF_8)).isEqualTo(FrameResult.MALFORMED);
            assertThat(hyperliquidResult).as(new String(bad, StandardCharsets.UTF_8)).isEqualTo(FrameResult.MALFORMED);
            assertThat(krakenResult).as(new String(bad, StandardCharsets.UTF_8)).isEqualTo(FrameResult.MALFORMED);
        }
        final UnsafeBuffer good = Recordings.bytes(BINANCE_GOOD);
        assertThat(binance.onFrame(good, 0, good.capacity(), 2)).isEqualTo(FrameResult.PUBLISHED);
        final UnsafeBuffer goodBybit = Recordings.bytes(BYBIT_GOOD);
        assertThat(bybit.onFrame(goodBybit, 0, goodBybit.capacity(), 2)).isEqualTo(FrameResult.PUBLISHED);
        assertThat(total(binance::count)).isGreaterThanOrEqualTo(binanceBefore + 2);
        assertThat(total(bybit::count)).isEqualTo(bybitBefore + 2);
        hyperliquid.reset(); // a mutated time may have been later than the good book's
        final UnsafeBuffer goodHyperliquid = Recordings.bytes(hyperliquidGood);
        assertThat(hyperliquid.onFrame(goodHyperliquid, 0, goodHyperliquid.capacity(), 2)).isEqualTo(FrameResult.PUBLISHED);
        assertThat(total(hyperliquid::count)).isEqualTo(hyperliquidBefore + 2);
        kraken.reset(); // a mutated ticker may have left the good one's values in place
        final UnsafeBuffer goodKraken = Recordings.bytes(KRAKEN_GOOD);
        assertThat(kraken.onFrame(goodKraken, 0, goodKraken.capacity(), 2)).isEqualTo(FrameResult.PUBLISHED);
        assertThat(total(kraken::count)).isEqualTo(krakenBefore + 2);
        sink.clear();
    }

    private static boolean validUtf8(final byte[] bytes)
    {
        try
        {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        }
        catch (final java.nio.charset.CharacterCodingException ex)
        {
            return false;
        }
    }

    private static boolean jacksonAccepts(final byte[] bytes)
    {
        try (JsonParser parser = JACKSON.getFactory().createParser(bytes))
        {
            JsonToken token = parser.nextToken();
            int depth = 0;
            while (token != null)
            {
                depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
                if (depth == 0)
                {
                    return parser.nextToken() == null;
                }
                token = parser.nextToken();
            }
            return false;
        }
        catch (final Exception ex)
        {
            return false;
        }
    }

    @Test
    void shouldSurviveRandomBytes()
    {
        Gen.forAll("shouldSurviveRandomBytes", 1000, g -> feed(g.bytes(300)));
    }

    @Test
    void shouldSurviveMutatedRecordedFrames()
    {
        final List<byte[]> frames = new ArrayList<>();
        for (final String resource : List.of(Recordings.BINANCE_WS, Recordings.BYBIT, Recordings.HYPERLIQUID))
        {
            frames.addAll(Recordings.read(resource).stream()
                .filter(r -> r.kind() == FeedRecording.Kind.FRAME)
                .map(r -> r.text().getBytes(StandardCharsets.UTF_8))
                .collect(Collectors.toList()));
        }
        for (final String fixture : List.of("kraken/ws-ticker.json", "kraken/ws-book-snapshot.json", "kraken/ws-book-delta.json"))
        {
            frames.add(Fixtures.text(fixture).strip().getBytes(StandardCharsets.UTF_8));
        }
        final Random random = new Random(20260809L);
        final byte[] alphabet = "{}[]:,\"\\ 0123456789.-+eEtrufalsn".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 3000; i++)
        {
            final byte[] frame = frames.get(random.nextInt(frames.size())).clone();
            final int mutations = 1 + random.nextInt(3);
            byte[] mutated = frame;
            for (int m = 0; m < mutations; m++)
            {
                final int at = random.nextInt(mutated.length);
                switch (random.nextInt(4))
                {
                    case 0:
                        mutated[at] = alphabet[random.nextInt(alphabet.length)];
                        break;
                    case 1:
                        mutated[at] = (byte)random.nextInt(256);
                        break;
                    case 2:
                        mutated = java.util.Arrays.copyOf(mutated, at);
                        break;
                    default:
                        final byte[] dropped = new byte[mutated.length - 1];
                        System.arraycopy(mutated, 0, dropped, 0, at);
                        System.arraycopy(mutated, at + 1, dropped, at, mutated.length - at - 1);
                        mutated = dropped;
                        break;
                }
                if (mutated.length == 0)
                {
                    break;
                }
            }
            feed(mutated);
        }
    }
}
