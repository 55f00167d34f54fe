package io.fundingarb.connectors.binance.sim;

import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.recording.FeedRecording;
import io.fundingarb.connectors.simulator.JsonText;
import io.fundingarb.connectors.simulator.MessageFields;
import io.fundingarb.connectors.simulator.RestReply;
import io.fundingarb.connectors.simulator.SimRecording;
import io.fundingarb.connectors.simulator.SimReplay;
import io.fundingarb.connectors.simulator.SimReplayBook;
import io.fundingarb.connectors.simulator.SimReplayRouter;
import io.fundingarb.connectors.simulator.SimReplayer;
import io.fundingarb.connectors.simulator.SimSession;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The replay side of {@link BinanceSimulator}: a recorded Binance USD-M session served as the
 * venue would have served it.
 * <ul>
 *   <li>Frames go, in recorded order and paced by {@link SimReplayer}, to the sessions subscribed
 *       to their stream: a recorded combined frame ({@code {"stream":..,"data":..}}) is sent as
 *       recorded when the names match, re-wrapped under the subscribed name otherwise (a client's
 *       {@code @depth@100ms} receives a recorded {@code @depth@0ms}); a raw frame is routed by its
 *       {@code e} and {@code s}. Raw ({@code /ws/<stream>}) sessions get the data part.</li>
 *   <li>{@code GET /fapi/v1/depth}: the recorded snapshot closest before the timeline's position
 *       among those the asking client can sync with (taken after its latest session subscribed:
 *       the client has buffered every diff since); failing that the next recorded one (held back
 *       until the timeline reaches it when paced); failing that a snapshot of the book rebuilt from
 *       the recorded snapshots and diffs at the last diff sent, whose {@code lastUpdateId} the next
 *       diff's {@code pu} continues.</li>
 *   <li>{@code GET /fapi/v1/exchangeInfo}: the recorded body, or one derived from the replayed
 *       symbols (tick and step from the decimals seen). Other routes answer as the scenario
 *       simulator with no markets: {@code fundingInfo}, {@code ticker/24hr}, {@code premiumIndex}
 *       {@code []}.</li>
 * </ul>
 * Simulator thread only.
 */
final class BinanceReplay implements SimReplayer.Target, SimReplay
{
    private static final Pattern SPEED_SUFFIX = Pattern.compile("@\\d+m?s$");
    private static final Pattern SYMBOL_PARAM = Pattern.compile("[?&]symbol=([A-Za-z0-9]+)");
    private static final Pattern LEVEL = Pattern.compile("\\[\"(\\d+)(?:\\.(\\d*))?\",\"(\\d+)(?:\\.(\\d*))?\"\\]");
    private static final int DEFAULT_LIMIT = 500;

    /** A recorded depth snapshot. */
    private record Snapshot(long tsNs, String symbol, String body)
    {
    }

    /** A symbol's scales seen in the frames (for a derived exchangeInfo). */
    private static final class Scales
    {
        int price;
        int qty;
    }

    /** Wall time from the first subscription to a recorded stream to the first replayed frame. */
    static final long START_GRACE_MS = 50;

    private final SimRecording recording;
    private final double speed;
    private final SimReplayer replayer;
    private final SimReplayRouter router;
    private final int frameCount;
    private final String[] keys;
    private final String[] streams;
    private final String[] data;
    private final String[] symbols;
    private final boolean[] depth;
    private final int[] frameSnapshot;
    private final List<Snapshot> snapshots = new ArrayList<>();
    private final Map<String, List<Snapshot>> snapshotsBySymbol = new HashMap<>();
    private final Map<String, Scales> scales = new LinkedHashMap<>();
    private final Map<String, SimReplayBook> books = new HashMap<>();
    private final Map<String, Long> lastEventMs = new HashMap<>();
    private final Map<SimSession, Long> joinedTsNs = new HashMap<>();
    private final Set<String> recordedKeys;
    private boolean timelineScheduled;
    private final Set<String> skipSymbols = new HashSet<>();
    private int nextHttpSnapshot;
    private final List<Snapshot> httpSnapshots = new ArrayList<>();

    BinanceReplay(final SimRecording recording, final double speed, final Supplier<List<SimSession>> sessions)
    {
        this.recording = recording;
        this.speed = speed;
        this.router = new SimReplayRouter(sessions, BinanceReplay::canonical);
        final List<SimRecording.Frame> frames = recording.frames();
        frameCount = frames.size();
        keys = new String[frameCount];
        streams = new String[frameCount];
        data = new String[frameCount];
        symbols = new String[frameCount];
        depth = new boolean[frameCount];
        frameSnapshot = new int[frameCount];
        classify(frames);
        for (final FeedRecording.Record record : recording.http("/depth"))
        {
            final Matcher m = SYMBOL_PARAM.matcher(record.url());
            if (m.find())
            {
                final Snapshot snapshot = new Snapshot(record.tsNs(), m.group(1).toUpperCase(Locale.ROOT), record.text());
                httpSnapshots.add(snapshot);
                snapshots.add(snapshot);
            }
        }
        snapshots.sort((a, b) -> Long.compare(a.tsNs(), b.tsNs()));
        for (final Snapshot snapshot : snapshots)
        {
            snapshotsBySymbol.computeIfAbsent(snapshot.symbol(), k -> new ArrayList<>()).add(snapshot);
            scales.computeIfAbsent(snapshot.symbol(), k -> new Scales());
        }
        this.replayer = new SimReplayer(frames, speed, this);
        final Set<String> recorded = new HashSet<>();
        for (final String key : keys)
        {
            if (key != null)
            {
                recorded.add(key);
            }
        }
        this.recordedKeys = Set.copyOf(recorded);
    }

    /** A subscribed or recorded stream name without its update speed: {@code btcusdt@depth@100ms} is {@code btcusdt@depth}. */
    static String canonical(final String stream)
    {
        return SPEED_SUFFIX.matcher(stream).replaceFirst("");
    }

    private void classify(final List<SimRecording.Frame> frames)
    {
        final List<Integer> unattributed = new ArrayList<>();
        for (int i = 0; i < frameCount; i++)
        {
            frameSnapshot[i] = -1;
            final String text = frames.get(i).text();
            String body = text;
            if (text.startsWith("{\"stream\":\""))
            {
                final int end = text.indexOf('"', 11);
                final int at = text.indexOf(",\"data\":", end);
                if (end > 0 && at == end + 1 && text.endsWith("}"))
                {
                    streams[i] = text.substring(11, end);
                    body = text.substring(at + 8, text.length() - 1);
                }
            }
            data[i] = body;
            if (body.startsWith("{\"lastUpdateId\""))
            {
                unattributed.add(i); // a REST snapshot recorded among the frames (hftbacktest)
                continue;
            }
            final String event = MessageFields.string(body, "e");
            final String symbol = MessageFields.string(body, "s");
            symbols[i] = symbol;
            depth[i] = "depthUpdate".equals(event);
            keys[i] = streams[i] != null ? canonical(streams[i]) : rawKey(event, symbol);
            if (symbol != null && (depth[i] || "bookTicker".equals(event)))
            {
                final Scales s = scales.computeIfAbsent(symbol, k -> new Scales());
                final Matcher level = LEVEL.matcher(body);
                for (int n = 0; n < 20 && level.find(); n++)
                {
                    s.price = Math.max(s.price, level.group(2) == null ? 0 : level.group(2).length());
                    s.qty = Math.max(s.qty, level.group(4) == null ? 0 : level.group(4).length());
                }
            }
            if (depth[i] && symbol != null && !unattributed.isEmpty())
            {
                for (final int at : unattributed)
                {
                    attributeSnapshot(frames, at, symbol);
                }
                unattributed.clear();
            }
        }
        for (final int at : unattributed)
        {
            if (!scales.isEmpty())
            {
                attributeSnapshot(frames, at, scales.keySet().iterator().next());
            }
        }
    }

    /** A snapshot among the frames belongs to the symbol of the next diff (a one-symbol file). */
    private void attributeSnapshot(final List<SimRecording.Frame> frames, final int index, final String symbol)
    {
        symbols[index] = symbol;
        frameSnapshot[index] = snapshots.size();
        snapshots.add(new Snapshot(frames.get(index).tsNs(), symbol, data[index]));
    }

    private static String rawKey(final String event, final String symbol)
    {
        final String s = symbol == null ? "" : symbol.toLowerCase(Locale.ROOT);
        if (event == null)
        {
            return s + "@?";
        }
        switch (event)
        {
            case "depthUpdate": return s + "@depth";
            case "markPriceUpdate": return s + "@markPrice";
            default: return s + "@" + event;
        }
    }

    @Override
    public SimReplayer replayer()
    {
        return replayer;
    }

    /** Base assets of the symbols the recording streams, in order of appearance. */
    @Override
    public List<String> tokens()
    {
        return scales.keySet().stream().map(SimRecording::baseOf).distinct().toList();
    }

    // ---------------------------------------------------------------- WebSocket

    /**
     * A session subscribed (URL streams or SUBSCRIBE). The timeline starts {@link #START_GRACE_MS}
     * after the first subscription to a stream the recording has: a subscription to streams it
     * does not have (the {@code /market} connection of the split layout on a depth-only
     * recording) starts nothing, and the grace lets the feed's other connection subscribe
     * before the first frame goes out.
     */
    void onSubscribed(final SimSession session)
    {
        if (session.topics().isEmpty())
        {
            return;
        }
        joinedTsNs.keySet().removeIf(s -> !s.channel().isActive());
        joinedTsNs.put(session, replayer.begun() ? replayer.positionTsNs() : recording.frames().get(0).tsNs());
        if (!timelineScheduled && subscribesRecordedStream(session))
        {
            timelineScheduled = true;
            final EventLoop loop = session.channel().eventLoop();
            loop.schedule(() -> replayer.run(loop, System::nanoTime), START_GRACE_MS, TimeUnit.MILLISECONDS);
        }
    }

    private boolean subscribesRecordedStream(final SimSession session)
    {
        for (final String topic : session.topics())
        {
            if (recordedKeys.contains(router.key(topic)))
            {
                return true;
            }
        }
        return false;
    }

    @Override
    public int deliver(final int index, final SimRecording.Frame frame)
    {
        applyHttpSnapshots(frame.tsNs());
        if (frameSnapshot[index] >= 0)
        {
            applySnapshot(snapshots.get(frameSnapshot[index]));
            return SimReplayer.DELIVERED;
        }
        final String symbol = symbols[index];
        if (!(depth[index] && symbol != null && skipSymbols.remove(symbol)))
        {
            final String body = data[index];
            final int result = router.route(keys[index], (session, name) ->
            {
                if (!Boolean.TRUE.equals(session.attachment()))
                {
                    return body;
                }
                return name.equals(streams[index]) ? frame.text() : "{\"stream\":\"" + name + "\",\"data\":" + body + "}";
            });
            if (result == SimReplayer.BLOCKED)
            {
                return result;
            }
        }
        if (depth[index] && symbol != null)
        {
            applyDiff(symbol, data[index]);
        }
        return SimReplayer.DELIVERED;
    }

    private void applyHttpSnapshots(final long tsNs)
    {
        while (nextHttpSnapshot < httpSnapshots.size() && httpSnapshots.get(nextHttpSnapshot).tsNs() <= tsNs)
        {
            applySnapshot(httpSnapshots.get(nextHttpSnapshot++));
        }
    }

    private void applySnapshot(final Snapshot snapshot)
    {
        final Object root = JsonTree.parse(snapshot.body());
        final Object id = JsonTree.get(root, "lastUpdateId");
        if (id instanceof BigDecimal)
        {
            books.computeIfAbsent(snapshot.symbol(), k -> new SimReplayBook())
                .snapshot(JsonTree.get(root, "bids"), JsonTree.get(root, "asks"), ((BigDecimal)id).longValue());
        }
    }

    /** The documented procedure: a diff older than the book's snapshot is dropped, others applied. */
    private void applyDiff(final String symbol, final String body)
    {
        final Object root = JsonTree.parse(body);
        final Object u = JsonTree.get(root, "u");
        if (!(u instanceof BigDecimal))
        {
            return;
        }
        final SimReplayBook book = books.computeIfAbsent(symbol, k -> new SimReplayBook());
        final long updateId = ((BigDecimal)u).longValue();
        if (updateId >= book.baseUpdateId())
        {
            book.apply(JsonTree.get(root, "b"), JsonTree.get(root, "a"), updateId);
        }
        final Object eventMs = JsonTree.get(root, "E");
        if (eventMs instanceof BigDecimal)
        {
            lastEventMs.put(symbol, ((BigDecimal)eventMs).longValue());
        }
    }

    /** The next depth diff of {@code symbol} (null: of every symbol) is not sent. */
    void skipSequence(final String symbol)
    {
        if (symbol != null)
        {
            skipSymbols.add(symbol);
            return;
        }
        for (int i = 0; i < frameCount; i++)
        {
            if (depth[i] && symbols[i] != null)
            {
                skipSymbols.add(symbols[i]);
            }
        }
    }

    String malformedFrame()
    {
        final String stream = streams[0] != null ? streams[0] : keys[0] == null ? "btcusdt@depth" : keys[0];
        return "{\"stream\":\"" + stream + "\",\"data\":{\"e\":\"depthUpdate\",\"E\":17x,\"s\":";
    }

    // ---------------------------------------------------------------- REST

    /** The recorded answer of a REST request, or null for the scenario simulator's route. */
    RestReply onRest(final QueryStringDecoder uri)
    {
        switch (uri.path())
        {
            case "/fapi/v1/exchangeInfo":
                return RestReply.ok(exchangeInfo());
            case "/fapi/v1/depth":
                return depth(uri);
            default:
                return null;
        }
    }

    private String exchangeInfo()
    {
        final List<FeedRecording.Record> recorded = recording.http("/exchangeInfo");
        if (!recorded.isEmpty())
        {
            final long positionTsNs = replayer.positionTsNs();
            FeedRecording.Record chosen = recorded.get(0);
            for (final FeedRecording.Record record : recorded)
            {
                if (record.tsNs() <= positionTsNs)
                {
                    chosen = record;
                }
            }
            return chosen.text();
        }
        return derivedExchangeInfo();
    }

    private String derivedExchangeInfo()
    {
        final JsonText json = new JsonText(4096).beginObject()
            .field("timezone", "UTC")
            .field("serverTime", recording.frames().get(0).tsNs() / 1_000_000L)
            .field("futuresType", "U_MARGINED")
            .name("symbols").beginArray();
        for (final Map.Entry<String, Scales> entry : scales.entrySet())
        {
            final String symbol = entry.getKey();
            final String quote = SimRecording.quoteOf(symbol);
            final String tick = BigDecimal.ONE.movePointLeft(entry.getValue().price).toPlainString();
            final String step = BigDecimal.ONE.movePointLeft(entry.getValue().qty).toPlainString();
            json.beginObject()
                .field("symbol", symbol)
                .field("pair", symbol)
                .field("contractType", "PERPETUAL")
                .field("status", "TRADING")
                .field("baseAsset", SimRecording.baseOf(symbol))
                .field("quoteAsset", quote)
                .field("marginAsset", quote)
                .field("pricePrecision", entry.getValue().price)
                .field("quantityPrecision", entry.getValue().qty)
                .name("filters").beginArray()
                .beginObject().field("filterType", "PRICE_FILTER").field("tickSize", tick).endObject()
                .beginObject().field("filterType", "LOT_SIZE").field("stepSize", step).field("minQty", step).endObject()
                .beginObject().field("filterType", "MIN_NOTIONAL").field("notional", "5").endObject()
                .endArray()
                .endObject();
        }
        return json.endArray().endObject().toString();
    }

    private RestReply depth(final QueryStringDecoder uri)
    {
        final List<String> values = uri.parameters().get("symbol");
        final String symbol = values == null || values.isEmpty() ? null : values.get(0);
        if (symbol == null || !scales.containsKey(symbol) && !exchangeInfo().contains("\"symbol\":\"" + symbol + "\""))
        {
            return null; // the scenario route answers "Invalid symbol."
        }
        final long positionTsNs = replayer.positionTsNs();
        final long joinedTsNs = lastJoin(symbol, positionTsNs);
        Snapshot before = null;
        Snapshot after = null;
        for (final Snapshot snapshot : snapshotsBySymbol.getOrDefault(symbol, List.of()))
        {
            if (snapshot.tsNs() < joinedTsNs)
            {
                continue; // older than the client's first buffered diff: its sync would fail
            }
            if (snapshot.tsNs() <= positionTsNs)
            {
                before = snapshot;
            }
            else if (after == null)
            {
                after = snapshot;
            }
        }
        if (before != null)
        {
            return RestReply.ok(before.body());
        }
        if (after != null)
        {
            final long holdMs = speed > 0 ? TimeUnit.NANOSECONDS.toMillis((long)((after.tsNs() - positionTsNs) / speed)) : 0;
            return RestReply.ok(after.body()).delayed(holdMs);
        }
        final SimReplayBook book = books.get(symbol);
        final int limit = limit(uri);
        final long eventMs = lastEventMs.getOrDefault(symbol, positionTsNs / 1_000_000L);
        final JsonText json = new JsonText(4096).beginObject()
            .field("lastUpdateId", book == null ? 0 : Math.max(0, book.updateId()))
            .field("E", eventMs)
            .field("T", eventMs)
            .name("bids");
        if (book == null)
        {
            json.beginArray().endArray().name("asks").beginArray().endArray();
        }
        else
        {
            book.levels(json, true, limit).name("asks");
            book.levels(json, false, limit);
        }
        return RestReply.ok(json.endObject().toString());
    }

    /** The timeline position at which the latest session now subscribed to {@code symbol}'s depth joined. */
    private long lastJoin(final String symbol, final long positionTsNs)
    {
        final String key = symbol.toLowerCase(Locale.ROOT) + "@depth";
        long latest = Long.MIN_VALUE;
        for (final Map.Entry<SimSession, Long> joined : joinedTsNs.entrySet())
        {
            if (!joined.getKey().channel().isActive())
            {
                continue;
            }
            for (final String topic : joined.getKey().topics())
            {
                if (key.equals(router.key(topic)))
                {
                    latest = Math.max(latest, joined.getValue());
                    break;
                }
            }
        }
        return latest == Long.MIN_VALUE ? positionTsNs : latest;
    }

    private static int limit(final QueryStringDecoder uri)
    {
        final List<String> values = uri.parameters().get("limit");
        try
        {
            return values == null || values.isEmpty() ? DEFAULT_LIMIT : Integer.parseInt(values.get(0));
        }
        catch (final NumberFormatException ex)
        {
            return DEFAULT_LIMIT;
        }
    }

    /** The replay's rebuilt book of {@code symbol} (tests), or null. */
    SimReplayBook book(final String symbol)
    {
        return books.get(symbol);
    }
}
