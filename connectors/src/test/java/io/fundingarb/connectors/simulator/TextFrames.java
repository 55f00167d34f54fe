package io.fundingarb.connectors.simulator;

import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;

/** A JDK WebSocket listener that queues every whole text message it receives (tests). */
public final class TextFrames implements WebSocket.Listener
{
    public final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(final WebSocket socket, final CharSequence data, final boolean last)
    {
        partial.append(data);
        if (last)
        {
            received.add(partial.toString());
            partial.setLength(0);
        }
        socket.request(1);
        return null;
    }
}
