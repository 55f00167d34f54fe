package io.fundingarb.connectors.simulator;

import java.util.Map;

/** A simulator's answer to a REST request: status, extra headers, JSON body. */
public record RestReply(int status, Map<String, String> headers, String body)
{
    public static RestReply ok(final String body)
    {
        return new RestReply(200, Map.of(), body);
    }

    public static RestReply of(final int status, final String body)
    {
        return new RestReply(status, Map.of(), body);
    }
}
