package io.fundingarb.connectors.simulator;

import java.util.Map;

/**
 * A simulator's answer to a REST request: status, extra headers, JSON body, and how long to hold
 * it back (the "delay acks" fault).
 */
public record RestReply(int status, Map<String, String> headers, String body, long delayMs)
{
    public RestReply(final int status, final Map<String, String> headers, final String body)
    {
        this(status, headers, body, 0);
    }

    public static RestReply ok(final String body)
    {
        return new RestReply(200, Map.of(), body);
    }

    public static RestReply of(final int status, final String body)
    {
        return new RestReply(status, Map.of(), body);
    }

    public RestReply withHeaders(final Map<String, String> extra)
    {
        final Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.putAll(extra);
        return new RestReply(status, all, body, delayMs);
    }

    public RestReply delayed(final long delayMs)
    {
        return new RestReply(status, headers, body, delayMs);
    }
}
