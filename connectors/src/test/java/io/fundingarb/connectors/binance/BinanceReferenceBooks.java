package io.fundingarb.connectors.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.connectors.parse.NaiveBook;
import io.fundingarb.connectors.recording.FeedRecording;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The oracle of a recorded session's books: the documented procedure written naively over Jackson trees. */
public final class BinanceReferenceBooks
{
    private static final ObjectMapper JACKSON = new ObjectMapper();

    private BinanceReferenceBooks()
    {
    }

    /** Per symbol: the last REST snapshot (HTTP records, url {@code ...symbol=X...}), then every diff with u >= its lastUpdateId. */
    public static Map<String, NaiveBook> of(final List<FeedRecording.Record> records)
    {
        try
        {
            final Map<String, Long> snapshotIds = new HashMap<>();
            final Map<String, NaiveBook> books = new HashMap<>();
            final Map<String, List<JsonNode>> diffs = new HashMap<>();
            for (final FeedRecording.Record record : records)
            {
                if (record.kind() == FeedRecording.Kind.HTTP && !record.url().contains("depth"))
                {
                    continue;
                }
                final JsonNode root = JACKSON.readTree(record.text());
                if (record.kind() == FeedRecording.Kind.HTTP)
                {
                    final String symbol = record.url().replaceAll(".*symbol=([A-Z]+).*", "$1");
                    final NaiveBook book = new NaiveBook();
                    root.get("bids").forEach(l -> book.set(true, FixedPoint.parse(l.get(0).asText()), FixedPoint.parse(l.get(1).asText())));
                    root.get("asks").forEach(l -> book.set(false, FixedPoint.parse(l.get(0).asText()), FixedPoint.parse(l.get(1).asText())));
                    books.put(symbol, book);
                    snapshotIds.put(symbol, root.get("lastUpdateId").asLong());
                    continue;
                }
                final JsonNode data = root.path("data");
                if ("depthUpdate".equals(data.path("e").asText()))
                {
                    diffs.computeIfAbsent(data.get("s").asText(), k -> new ArrayList<>()).add(data);
                }
            }
            for (final Map.Entry<String, Long> snapshot : snapshotIds.entrySet())
            {
                final NaiveBook book = books.get(snapshot.getKey());
                for (final JsonNode diff : diffs.getOrDefault(snapshot.getKey(), List.of()))
                {
                    if (diff.get("u").asLong() >= snapshot.getValue())
                    {
                        diff.get("b").forEach(l -> book.set(true, FixedPoint.parse(l.get(0).asText()), FixedPoint.parse(l.get(1).asText())));
                        diff.get("a").forEach(l -> book.set(false, FixedPoint.parse(l.get(0).asText()), FixedPoint.parse(l.get(1).asText())));
                        book.sequence = diff.get("u").asLong();
                    }
                }
            }
            return books;
        }
        catch (final Exception ex)
        {
            throw new AssertionError(ex);
        }
    }
}
