package io.fundingarb.connectors.gateway;

import io.fundingarb.codecs.sbe.OrderCommandDecoder;

/**
 * The local checks a gateway runs on the command thread before an order leaves: a symbol for the
 * instrument, no venue back-off in force, and the local orders-per-second limit. A refused order
 * is published as a REJECTED report with a local code and counted; nothing is thrown.
 * The venue back-off is set from the I/O loop (rate-limit answers and headers).
 */
public final class OrderAdmission
{
    /** Reject code of orders refused locally by the rate limits. */
    public static final int LOCAL_RATE_LIMIT = -9001;
    /** Reject code of orders for an instrument the gateway has no symbol for. */
    public static final int LOCAL_UNKNOWN_INSTRUMENT = -9002;

    private final VenueSymbols symbols;
    private final OrderRateLimiter rateLimiter;
    private final GatewayPublisher publisher;
    private final String venueName;
    private final String backoffReason;
    private final String localLimitReason;
    private volatile long blockedUntilNs;
    private volatile long localRejects;

    /**
     * @param symbols            instrument id ↔ venue symbol.
     * @param maxOrdersPerSecond the local limit.
     * @param publisher          the command thread's publisher of reject reports.
     * @param venueName          the venue as reject messages name it ("Binance").
     * @param backoffReason      the reject message while the venue's back-off is in force.
     */
    public OrderAdmission(
        final VenueSymbols symbols,
        final int maxOrdersPerSecond,
        final GatewayPublisher publisher,
        final String venueName,
        final String backoffReason)
    {
        this.symbols = symbols;
        this.rateLimiter = new OrderRateLimiter(maxOrdersPerSecond);
        this.publisher = publisher;
        this.venueName = venueName;
        this.backoffReason = backoffReason;
        this.localLimitReason = "local rate limit: more than " + maxOrdersPerSecond + " " + venueName + " orders in one second";
    }

    /** True when {@code order} may be sent now; else it has been rejected (published and counted). Command thread. */
    public boolean admit(final OrderCommandDecoder order, final long nowNs)
    {
        if (symbols.symbolBytes(order.instrumentId()) == null)
        {
            reject(order, LOCAL_UNKNOWN_INSTRUMENT, "no " + venueName + " symbol for instrument " + order.instrumentId());
            return false;
        }
        if (nowNs - blockedUntilNs < 0)
        {
            reject(order, LOCAL_RATE_LIMIT, backoffReason);
            return false;
        }
        if (!rateLimiter.tryAcquire(nowNs))
        {
            reject(order, LOCAL_RATE_LIMIT, localLimitReason);
            return false;
        }
        return true;
    }

    private void reject(final OrderCommandDecoder order, final int code, final String reason)
    {
        localRejects++;
        publisher.reject(order.clientOrderId(), order.pairId(), order.instrumentId(), order.side(), order.quantity(), code, reason);
    }

    /** Refuses new orders until {@code untilNs} (a rate-limited answer). I/O loop. */
    public void blockUntil(final long untilNs)
    {
        blockedUntilNs = untilNs;
    }

    /** Refuses new orders until at least {@code untilNs} (a limit header at its limit). I/O loop. */
    public void extendBlock(final long untilNs)
    {
        blockedUntilNs = Math.max(blockedUntilNs, untilNs);
    }

    /** Orders refused locally. */
    public long localRejects()
    {
        return localRejects;
    }
}
