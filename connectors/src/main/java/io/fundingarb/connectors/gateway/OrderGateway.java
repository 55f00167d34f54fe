package io.fundingarb.connectors.gateway;

import io.fundingarb.codecs.CommandHandler;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A venue's order gateway as the app sees it: commands in ({@link CommandHandler}), execution
 * reports, positions, balances and funding out to the inbound ring, and the counts a session
 * report prints. Built by the venue's adapter.
 */
public interface OrderGateway extends CommandHandler, AutoCloseable
{
    /**
     * A resumed session's orders of previous sessions on this venue that the journal never saw
     * finish: asked for at start, before the first positions. Before {@link #start()}.
     */
    OrderGateway adoptPrevious(List<PreviousOrder> orders);

    /** Sets the account up and connects; completes once positions, the private stream and the first balance are in. */
    CompletableFuture<Void> start();

    /** Orders sent to the venue. */
    long ordersSent();

    /** Orders refused before they reached the venue. */
    long localRejects();

    /** Responses that said the venue's rate limit was reached. */
    long rateLimitedResponses();

    /** Reconnects of the private stream. */
    long streamReconnects();

    /** Orders whose outcome was unknown and was asked for. */
    UnknownOrders outcomes();

    /** Previous sessions' unfinished orders asked for at start. */
    PreviousOrders previousOrders();

    @Override
    void close();

    /**
     * The WebSocket order entry's counts (any thread): requests sent on the venue's order socket and orders there whose answer
     * never came (then UNKNOWN, asked for); zeros for a gateway that sends over REST only.
     */
    default long[] socketRequests()
    {
        return new long[2];
    }

    /** Orders and cancels sent over REST because the venue's order socket was not open (any thread); 0 for REST only. */
    default long restFallbacks()
    {
        return 0;
    }
}
