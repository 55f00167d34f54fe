package io.fundingarb.connectors.transport;

/**
 * Called by {@link WsConnection#requestResync(int)} when a feed's book sync found a gap in an
 * instrument's sequence: the feed fetches a REST snapshot (asynchronously, e.g. with
 * {@link RestClient}) and, once the book is rebuilt, calls {@link WsConnection#resyncDone(int)}.
 * Runs on the connection's I/O thread: must not block.
 */
@FunctionalInterface
public interface ResyncHandler
{
    ResyncHandler NONE = instrumentId -> {};

    void onResync(int instrumentId);
}
