package io.fundingarb.connectors.parse;

import io.fundingarb.connectors.recording.FeedRecording;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.agrona.concurrent.UnsafeBuffer;

/** The recorded feeds copied under src/test/resources/feeds. */
public final class Recordings
{
    public static final String BINANCE_WS = "/feeds/binance/binance-usdm-2021-07-22.cryptofeed.ws.txt.gz";
    public static final String BINANCE_DEPTH = "/feeds/binance/binance-usdm-2021-07-22.cryptofeed.http-depth.txt.gz";
    public static final String BINANCE_EXCHANGE_INFO = "/feeds/binance/binance-usdm-2021-07-22.cryptofeed.http-exchangeinfo.txt.gz";
    public static final String BINANCE_HFT = "/feeds/binance/binance-usdm-btcusdt-2024-08-08.hftbacktest.head1000.txt.gz";
    public static final String BYBIT = "/feeds/bybit/bybit-v5-linear-2026-08-09.cryptofeed.no-spot-instruments.jsonl.gz";
    public static final String HYPERLIQUID = "/feeds/hyperliquid/hyperliquid-btc-2025-01-26.hftbacktest.txt.gz";

    private Recordings()
    {
    }

    public static List<FeedRecording.Record> read(final String resource)
    {
        try (InputStream in = Recordings.class.getResourceAsStream(resource))
        {
            if (in == null)
            {
                throw new IllegalArgumentException("missing test resource " + resource);
            }
            return FeedRecording.read(new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8)));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** The first frame of a recording that contains every one of the given texts. */
    public static String firstFrame(final String resource, final String... contains)
    {
        for (final FeedRecording.Record record : read(resource))
        {
            if (record.kind() == FeedRecording.Kind.FRAME && java.util.Arrays.stream(contains).allMatch(record.text()::contains))
            {
                return record.text();
            }
        }
        throw new IllegalArgumentException("no frame of " + resource + " holds " + String.join(", ", contains));
    }

    public static UnsafeBuffer bytes(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.UTF_8));
    }
}
