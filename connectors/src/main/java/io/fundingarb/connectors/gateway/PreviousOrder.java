package io.fundingarb.connectors.gateway;

import io.fundingarb.codecs.sbe.Side;

/**
 * An order a previous session sent that its journal never saw finish (sent, working or UNKNOWN
 * without a final report), handed to the order gateway of a resumed session before it starts:
 * the gateway asks the venue for it by the client id it was sent under
 * ({@code fa-<epoch>-<clientOrderId>}), cancels it if it still works, and publishes what the venue
 * did that the journal does not hold ({@link PreviousOrders}).
 *
 * @param clientOrderId      the engine's id (pairId &lt;&lt; 6 | index; unique across the sessions of one journal chain).
 * @param epoch              the session epoch of the venue id it was sent under.
 * @param cumQty             the filled quantity the journal holds (1e-9).
 * @param cumQuote           the quote of those fills (price x qty, 1e-9).
 * @param cumFee             the fees of those fills (1e-9, quote).
 * @param sentNs             when the engine decided it (the command's tsInitNs): the request was signed then.
 */
public record PreviousOrder(
    long clientOrderId, long epoch, long pairId, int instrumentId, Side side, long price, long quantity, long cumQty, long cumQuote,
    long cumFee, long sentNs)
{
}
