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
 * a coin's first book receives the last book sent. {@code meta} lists the recorded coins (size
 * decimals from the recorded sizes). Simulator thread only.
 */
final class HyperliquidReplay implements SimReplayer.Target, SimReplay
{
    private final SimReplayer replayer;
    private final String[] keys;
    private final Map<String, String> lastBook = new HashMap<>();
    private final Map<String, Integer> sizeDecimals = new HashMap<>();
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
