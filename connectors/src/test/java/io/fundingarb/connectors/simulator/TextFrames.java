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

    /**
     * Sends each message to {@code uri} from the JDK's client, one at a time, and returns the first message received
     * after each (null where none came within {@code waitMs}).
     */
    public static java.util.List<String> exchange(final java.net.URI uri, final java.util.List<String> messages, final long waitMs)
        throws Exception
    {
        final TextFrames frames = new TextFrames();
        final WebSocket ws = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, frames)
            .get(waitMs, java.util.concurrent.TimeUnit.MILLISECONDS);
        try
        {
            final java.util.List<String> answers = new java.util.ArrayList<>();
            for (final String message : messages)
            {
                ws.sendText(message, true).get(waitMs, java.util.concurrent.TimeUnit.MILLISECONDS);
                answers.add(frames.received.poll(waitMs, java.util.concurrent.TimeUnit.MILLISECONDS));
            }
            return answers;
        }
        finally
        {
            ws.abort();
        }
    }
}
