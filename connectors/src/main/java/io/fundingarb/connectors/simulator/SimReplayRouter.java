package io.fundingarb.connectors.simulator;

import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Hands a replayed frame to the sessions subscribed to its stream, all or none: a frame is
 * sent only when every subscriber's channel is writable, else the replay waits
 * ({@link SimReplayer#BLOCKED}). Subscriptions match by a venue's canonical stream key, so that
 * {@code btcusdt@depth@100ms} receives a recorded {@code btcusdt@depth@0ms} and
 * {@code orderbook.50.BTCUSDT} a recorded {@code orderbook.200.BTCUSDT}. Simulator thread only.
 */
public final class SimReplayRouter
{
    /** The text one session receives, given the stream name it subscribed with. */
    @FunctionalInterface
    public interface Render
    {
        String frame(SimSession session, String subscribedName);
    }

    private final Supplier<List<SimSession>> sessions;
    private final UnaryOperator<String> canonical;
    private final Map<String, String> keys = new HashMap<>();
    private final List<SimSession> targets = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    /**
     * @param sessions  the simulator's sessions.
     * @param canonical a subscribed name's stream key (the venue's rule; results are cached).
     */
    public SimReplayRouter(final Supplier<List<SimSession>> sessions, final UnaryOperator<String> canonical)
    {
        this.sessions = sessions;
        this.canonical = canonical;
    }

    /** The stream key of a subscribed name. */
    public String key(final String subscribedName)
    {
        return keys.computeIfAbsent(subscribedName, canonical);
    }

    /** Sends to every session subscribed to {@code key}: {@link SimReplayer#DELIVERED}, or {@link SimReplayer#BLOCKED} having sent nothing. */
    public int route(final String key, final Render render)
    {
        targets.clear();
        names.clear();
        final List<SimSession> all = sessions.get();
        for (int i = 0; i < all.size(); i++)
        {
            final SimSession session = all.get(i);
            for (final String topic : session.topics())
            {
                if (key.equals(key(topic)))
                {
                    final Channel channel = session.channel();
                    if (channel.isActive() && !channel.isWritable())
                    {
                        return SimReplayer.BLOCKED;
                    }
                    targets.add(session);
                    names.add(topic);
                    break;
                }
            }
        }
        for (int i = 0; i < targets.size(); i++)
        {
            targets.get(i).send(render.frame(targets.get(i), names.get(i)));
        }
        return SimReplayer.DELIVERED;
    }
}
