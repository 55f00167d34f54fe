package io.fundingarb.connectors.simulator;

import java.util.Map;

/**
 * A simulator's answer to a REST request: status, extra headers, JSON body, how long to hold it
 * back (the "delay acks" fault) and whether it is lost on the way (the "lost response" faults).
 */
public record RestReply(int status, Map<String, String> headers, String body, long delayMs, Loss loss)
{
    /** How an answer is lost after the request was applied. */
    public enum Loss
    {
        /** Answered. */
        NONE,
        /** The connection is closed without an answer (a reset as the client sees it). */
        CLOSE_CONNECTION,
        /** No answer at all; the connection stays open until the client gives up (a timeout). */
        NO_ANSWER
    }

    public RestReply(final int status, final Map<String, String> headers, final String body, final long delayMs)
    {
        this(status, headers, body, delayMs, Loss.NONE);
    }

    public RestReply(final int status, final Map<String, String> headers, final String body)
    {
        this(status, headers, body, 0, Loss.NONE);
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
        return new RestReply(status, all, body, delayMs, loss);
    }

    public RestReply delayed(final long delayMs)
    {
        return new RestReply(status, headers, body, delayMs, loss);
    }

    public RestReply lost(final Loss loss)
    {
        return new RestReply(status, headers, body, delayMs, loss);
    }
}
