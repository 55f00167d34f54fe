package io.fundingarb.connectors.bybit.sim;

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
import io.netty.handler.codec.http.QueryStringDecoder;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The replay side of {@link BybitSimulator}: a recorded Bybit v5 linear session served as the
 * venue would have served it.
 * <ul>
 *   <li>Recorded frames with a {@code topic} go, byte for byte, in recorded order and paced by
 *       {@link SimReplayer}, to the sessions subscribed to that topic; an {@code orderbook.<depth>.<SYM>}
 *       subscription takes the recorded book of any depth (the frames keep their recorded topic).
 *       Recorded acks and pongs are not replayed (the simulator answers its clients itself).</li>
 *   <li>A subscription made after the timeline has passed a topic's first frame receives, as the
 *       venue sends on subscribe, a snapshot of the state rebuilt from the recorded frames: the book
 *       at the last {@code u}/{@code seq} sent (the next recorded delta continues it), the merged
 *       ticker fields.</li>
 *   <li>{@code GET /v5/market/instruments-info?category=linear}: the recorded body; a later page
 *       ({@code cursor}) is empty. Other routes answer as the scenario simulator with no markets.</li>
 * </ul>
 * Simulator thread only.
 */
final class BybitReplay implements SimReplayer.Target, SimReplay
{
    private static final String EMPTY_PAGE =
        "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"linear\",\"list\":[],\"nextPageCursor\":\"\"},\"retExtInfo\":{},\"time\":0}";

    /** What the timeline has shown of one topic. */
    private static final class TopicState
    {
        final SimReplayBook book = new SimReplayBook();
        final Map<String, Object> ticker = new LinkedHashMap<>();
        String symbol;
        long seq;
        long tsMs;
        long ctsMs;
        long csSeq;
    }

    private final SimRecording recording;
    private final SimReplayer replayer;
    private final SimReplayRouter router;
    private final String[] keys;
    private final Map<String, TopicState> states = new HashMap<>();
    private final java.util.Set<String> skipSymbols = new java.util.HashSet<>();

    BybitReplay(final SimRecording recording, final double speed, final Supplier<List<SimSession>> sessions)
    {
        this.recording = recording;
        this.router = new SimReplayRouter(sessions, BybitReplay::canonical);
        final List<SimRecording.Frame> frames = recording.frames();
        keys = new String[frames.size()];
        for (int i = 0; i < keys.length; i++)
        {
            final String topic = MessageFields.string(frames.get(i).text(), "topic");
            keys[i] = topic == null ? null : canonical(topic);
        }
        this.replayer = new SimReplayer(frames, speed, this);
    }

    /** Frames of the linear public stream (a recording may hold spot and other connections too). */
    static boolean isLinearPublic(final FeedRecording.Record record)
    {
        return record.url().isEmpty() || record.url().endsWith("/v5/public/linear");
    }

    /** A topic's stream key: {@code orderbook.50.BTCUSDT} and {@code orderbook.200.BTCUSDT} are {@code orderbook.BTCUSDT}. */
    static String canonical(final String topic)
    {
        if (topic.startsWith("orderbook."))
        {
            final int dot = topic.indexOf('.', "orderbook.".length());
            return dot > 0 ? "orderbook." + topic.substring(dot + 1) : topic;
        }
        return topic;
    }

    @Override
    public SimReplayer replayer()
    {
        return replayer;
    }

    /** Base assets of the symbols whose tickers or books the recording streams, in order of appearance. */
    @Override
    public List<String> tokens()
    {
        final java.util.Set<String> tokens = new java.util.LinkedHashSet<>();
        for (final String key : keys)
        {
            if (key != null && (key.startsWith("tickers.") || key.startsWith("orderbook.")))
            {
                tokens.add(SimRecording.baseOf(key.substring(key.lastIndexOf('.') + 1)));
            }
        }
        return List.copyOf(tokens);
    }

    // ---------------------------------------------------------------- WebSocket

    /** A session subscribed to {@code topic}: the first subscription starts the timeline; a later one gets the topic's state now. */
    void onSubscribed(final SimSession session, final String topic)
    {
        if (!replayer.begun())
        {
            replayer.run(session.channel().eventLoop(), System::nanoTime);
            return;
        }
        final TopicState state = states.get(router.key(topic));
        if (state != null)
        {
            session.send(topic.startsWith("orderbook.") ? bookSnapshot(topic, state) : tickerSnapshot(topic, state));
        }
    }

    @Override
    public int deliver(final int index, final SimRecording.Frame frame)
    {
        final String key = keys[index];
        if (key == null)
        {
            return SimReplayer.DELIVERED;
        }
        final Object root = JsonTree.parse(frame.text());
        final boolean book = key.startsWith("orderbook.");
        final String symbol = book ? key.substring("orderbook.".length()) : null;
        final boolean skip = book && "delta".equals(JsonTree.text(root, "type")) && skipSymbols.remove(symbol);
        if (!skip && router.route(key, (session, name) -> frame.text()) == SimReplayer.BLOCKED)
        {
            return SimReplayer.BLOCKED;
        }
        update(key, root);
        return SimReplayer.DELIVERED;
    }

    private void update(final String key, final Object root)
    {
        final boolean snapshot = "snapshot".equals(JsonTree.text(root, "type"));
        final Object data = JsonTree.get(root, "data");
        final TopicState state = states.computeIfAbsent(key, k -> new TopicState());
        state.tsMs = longOf(JsonTree.get(root, "ts"), state.tsMs);
        if (key.startsWith("orderbook."))
        {
            state.symbol = JsonTree.text(data, "s");
            state.seq = longOf(JsonTree.get(data, "seq"), state.seq);
            state.ctsMs = longOf(JsonTree.get(root, "cts"), state.ctsMs);
            final long u = longOf(JsonTree.get(data, "u"), state.book.updateId());
            if (snapshot)
            {
                state.book.snapshot(JsonTree.get(data, "b"), JsonTree.get(data, "a"), u);
            }
            else
            {
                state.book.apply(JsonTree.get(data, "b"), JsonTree.get(data, "a"), u);
            }
        }
        else if (data instanceof Map)
        {
            if (snapshot)
            {
                state.ticker.clear();
            }
            @SuppressWarnings("unchecked") final Map<String, Object> fields = (Map<String, Object>)data;
            state.ticker.putAll(fields);
            state.csSeq = longOf(JsonTree.get(root, "cs"), state.csSeq);
        }
    }

    private static long longOf(final Object value, final long otherwise)
    {
        return value instanceof BigDecimal ? ((BigDecimal)value).longValue() : otherwise;
    }

    private static String bookSnapshot(final String topic, final TopicState state)
    {
        final JsonText json = new JsonText(8192).beginObject()
            .field("topic", topic)
            .field("type", "snapshot")
            .field("ts", state.tsMs)
            .name("data").beginObject()
            .field("s", state.symbol)
            .name("b");
        state.book.levels(json, true, Integer.MAX_VALUE).name("a");
        state.book.levels(json, false, Integer.MAX_VALUE);
        return json.field("u", state.book.updateId()).field("seq", state.seq).endObject().field("cts", state.ctsMs).endObject().toString();
    }

    private static String tickerSnapshot(final String topic, final TopicState state)
    {
        final JsonText json = new JsonText(1024).beginObject().field("topic", topic).field("type", "snapshot").name("data").beginObject();
        for (final Map.Entry<String, Object> field : state.ticker.entrySet())
        {
            final Object value = field.getValue();
            if (value instanceof String)
            {
                json.field(field.getKey(), (String)value);
            }
            else
            {
                json.rawField(field.getKey(), value instanceof BigDecimal ? ((BigDecimal)value).toPlainString() : String.valueOf(value));
            }
        }
        return json.endObject().field("cs", state.csSeq).field("ts", state.tsMs).endObject().toString();
    }

    /** The next orderbook delta of {@code symbol} (null: of every symbol) is not sent. */
    void skipSequence(final String symbol)
    {
        for (final String key : keys)
        {
            if (key != null && key.startsWith("orderbook.") && (symbol == null || key.endsWith("." + symbol)))
            {
                skipSymbols.add(key.substring("orderbook.".length()));
            }
        }
    }

    String malformedFrame()
    {
        for (final String key : keys)
        {
            if (key != null && key.startsWith("tickers."))
            {
                final String symbol = key.substring("tickers.".length());
                return "{\"topic\":\"" + key + "\",\"type\":\"delta\",\"data\":{\"symbol\":\"" + symbol + "\",\"fundingRate\":\"0.00";
            }
        }
        return "{\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\",\"data\":{\"symbol\":\"BTCUSDT\",\"fundingRate\":\"0.00";
    }

    // ---------------------------------------------------------------- REST

    /** The recorded answer of a REST request, or null for the scenario simulator's route. */
    RestReply onRest(final QueryStringDecoder uri)
    {
        if (!"/v5/market/instruments-info".equals(uri.path()))
        {
            return null;
        }
        final List<String> category = uri.parameters().get("category");
        final String wanted = category == null || category.isEmpty() ? "linear" : category.get(0);
        if (uri.parameters().containsKey("cursor"))
        {
            return RestReply.ok(EMPTY_PAGE);
        }
        final long positionTsNs = replayer.positionTsNs();
        FeedRecording.Record chosen = null;
        for (final FeedRecording.Record record : recording.http("/instruments-info"))
        {
            if (record.url().contains("category=" + wanted) && (chosen == null || record.tsNs() <= positionTsNs))
            {
                chosen = record;
            }
        }
        return chosen == null ? null : RestReply.ok(chosen.text());
    }
}
