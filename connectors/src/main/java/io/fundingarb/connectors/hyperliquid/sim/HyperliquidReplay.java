package io.fundingarb.connectors.hyperliquid.sim;

import io.fundingarb.connectors.simulator.JsonText;
import io.fundingarb.connectors.simulator.MessageFields;
import io.fundingarb.connectors.simulator.SimRecording;
import io.fundingarb.connectors.simulator.SimReplay;
import io.fundingarb.connectors.simulator.SimReplayRouter;
import io.fundingarb.connectors.simulator.SimReplayer;
import io.fundingarb.connectors.simulator.SimSession;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The replay side of {@link HyperliquidSimulator}: a recorded session (e.g. the hftbacktest
 * recording of {@code l2Book} and {@code trades}) served as the venue would have served it. Every
 * recorded frame with a {@code channel} and a coin goes, byte for byte, in recorded order and
 * paced by {@link SimReplayer}, to the sessions subscribed to {@code channel:coin}. Hyperliquid's
 * {@code l2Book} frames are whole books, so a subscriber that comes after the timeline has passed
 * a coin's first book receives the last book sent. {@code meta} and {@code metaAndAssetCtxs} list
 * the recorded coins (size decimals from the recorded sizes, prices from the recorded books).
 * Simulator thread only.
 */
final class HyperliquidReplay implements SimReplayer.Target, SimReplay
{
    private final SimReplayer replayer;
    private final String[] keys;
    private final Map<String, String> lastBook = new HashMap<>();
    private final Map<String, Integer> sizeDecimals = new HashMap<>();
    private final Map<String, String> firstBook = new HashMap<>();
    private SimReplayRouter router;

    HyperliquidReplay(final SimRecording recording, final double speed)
    {
        final List<SimRecording.Frame> frames = recording.frames();
        keys = new String[frames.size()];
        for (int i = 0; i < keys.length; i++)
        {
            final String text = frames.get(i).text();
            final String channel = MessageFields.string(text, "channel");
            final String coin = MessageFields.string(text, "coin");
            keys[i] = channel == null || coin == null ? null : channel + ":" + coin;
            if ("l2Book".equals(channel))
            {
                firstBook.putIfAbsent(coin, text);
                for (final String size : sizes(text))
                {
                    final int dot = size.indexOf('.');
                    sizeDecimals.merge(coin, dot < 0 ? 0 : size.length() - dot - 1, Math::max);
                }
            }
        }
        this.replayer = new SimReplayer(frames, speed, this);
    }

    private static List<String> sizes(final String text)
    {
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"sz\":\"([0-9.]+)\"").matcher(text);
        final List<String> out = new java.util.ArrayList<>();
        while (m.find())
        {
            out.add(m.group(1));
        }
        return out;
    }

    void attach(final Supplier<List<SimSession>> sessions)
    {
        router = new SimReplayRouter(sessions, topic -> topic);
    }

    @Override
    public SimReplayer replayer()
    {
        return replayer;
    }

    @Override
    public List<String> tokens()
    {
        final Set<String> tokens = new LinkedHashSet<>();
        for (final String key : keys)
        {
            if (key != null)
            {
                tokens.add(key.substring(key.indexOf(':') + 1));
            }
        }
        return List.copyOf(tokens);
    }

    /** {@code meta} of the recorded coins, in order of appearance. */
    String meta()
    {
        final JsonText json = new JsonText(256).beginObject().name("universe").beginArray();
        for (final String coin : tokens())
        {
            json.beginObject().field("name", coin).field("szDecimals", sizeDecimals.getOrDefault(coin, 0)).field("maxLeverage", 50).endObject();
        }
        return json.endArray().endObject().toString();
    }

    /**
     * {@code metaAndAssetCtxs} of the recorded coins: prices from the last book sent (else the first
     * recorded), the mid as mark and oracle price; the recording holds no funding, volume or open
     * interest, so those are "0.0".
     */
    String metaAndAssetCtxs()
    {
        final JsonText json = new JsonText(1024).beginArray().raw(meta()).beginArray();
        for (final String coin : tokens())
        {
            final String book = lastBook.getOrDefault("l2Book:" + coin, firstBook.get(coin));
            final java.math.BigDecimal bid = book == null ? java.math.BigDecimal.ZERO : bestPx(book, 0);
            final java.math.BigDecimal ask = book == null ? java.math.BigDecimal.ZERO : bestPx(book, 1);
            final String mid = HyperliquidSimulator.num(bid.add(ask).divide(java.math.BigDecimal.valueOf(2)));
            json.beginObject().field("dayNtlVlm", "0.0").field("funding", "0.0").name("impactPxs").beginArray()
                .string(HyperliquidSimulator.num(bid)).string(HyperliquidSimulator.num(ask)).endArray().field("markPx", mid).field("midPx", mid)
                .field("openInterest", "0.0").field("oraclePx", mid).field("premium", "0.0").field("prevDayPx", mid).endObject();
        }
        return json.endArray().endArray().toString();
    }

    /** The first price of side {@code side} (0 bids, 1 asks) of an l2Book frame, or 0. */
    private static java.math.BigDecimal bestPx(final String frame, final int side)
    {
        final int levels = frame.indexOf("\"levels\":[[");
        final int from = side == 0 ? levels : frame.indexOf("],[", levels);
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"px\":\"([0-9.]+)\"").matcher(frame);
        return levels >= 0 && from >= 0 && m.find(from) ? new java.math.BigDecimal(m.group(1)) : java.math.BigDecimal.ZERO;
    }

    /** A session subscribed to {@code topic}: the first subscription starts the timeline; a later {@code l2Book} one gets the last book. */
    void onSubscribed(final SimSession session, final String topic)
    {
        if (!replayer.begun())
        {
            replayer.run(session.channel().eventLoop(), System::nanoTime);
            return;
        }
        final String book = lastBook.get(topic);
        if (book != null)
        {
            session.send(book);
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
        if (router.route(key, (session, name) -> frame.text()) == SimReplayer.BLOCKED)
        {
            return SimReplayer.BLOCKED;
        }
        if (key.startsWith("l2Book:"))
        {
            lastBook.put(key, frame.text());
        }
        return SimReplayer.DELIVERED;
    }
}
