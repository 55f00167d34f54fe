package io.fundingarb.connectors.kraken;

import java.util.HashMap;
import java.util.Map;

/**
 * What each {@code sendStatus.status} of {@code POST /derivatives/api/v3/sendorder} means for an
 * order, every value of the documented enum (docs.kraken.com/api/docs/futures-api/trading/send-order,
 * "sendStatus.status": the described values and the enum list below them, which has more). Each maps
 * to one {@link Outcome}; a status not listed here is {@link #UNLISTED}: REJECTED with the status as
 * its reason, and counted by the gateway. The reject code is the status's position in this list
 * (stable: new values are appended).
 */
public enum KrakenSendStatus
{
    /** "the order was placed successfully": its {@code orderEvents} carry the executions. */
    PLACED("placed", Outcome.ACCEPTED),
    PARTIALLY_FILLED("partiallyFilled", Outcome.ACCEPTED),
    FILLED("filled", Outcome.ACCEPTED),
    /** "the order was cancelled successfully": after its executions, if any. */
    CANCELLED("cancelled", Outcome.ENDED),
    EDITED("edited", Outcome.ACCEPTED),
    /** "the immediate-or-cancel order would not execute": ended without a fill. */
    IOC_WOULD_NOT_EXECUTE("iocWouldNotExecute", Outcome.ENDED),
    /** "the post-only order would be filled upon placement, thus is cancelled". */
    POST_WOULD_EXECUTE("postWouldExecute", Outcome.ENDED),
    /** "the specified client id already exist": an order under this id reached the venue; what it did is asked for. */
    CLIENT_ORDER_ID_ALREADY_EXIST("clientOrderIdAlreadyExist", Outcome.UNKNOWN),
    INVALID_ORDER_TYPE("invalidOrderType", Outcome.REJECTED),
    INVALID_SIDE("invalidSide", Outcome.REJECTED),
    INVALID_SIZE("invalidSize", Outcome.REJECTED),
    INVALID_PRICE("invalidPrice", Outcome.REJECTED),
    INSUFFICIENT_AVAILABLE_FUNDS("insufficientAvailableFunds", Outcome.REJECTED),
    SELF_FILL("selfFill", Outcome.REJECTED),
    TOO_MANY_SMALL_ORDERS("tooManySmallOrders", Outcome.REJECTED),
    MAX_POSITION_VIOLATION("maxPositionViolation", Outcome.REJECTED),
    MARKET_SUSPENDED("marketSuspended", Outcome.REJECTED),
    MARKET_INACTIVE("marketInactive", Outcome.REJECTED),
    CLIENT_ORDER_ID_TOO_LONG("clientOrderIdTooLong", Outcome.REJECTED),
    CLIENT_ORDER_ID_TOO_BIG("clientOrderIdTooBig", Outcome.REJECTED),
    CLIENT_ORDER_ID_INVALID("clientOrderIdInvalid", Outcome.REJECTED),
    OUTSIDE_PRICE_COLLAR("outsidePriceCollar", Outcome.REJECTED),
    WOULD_CAUSE_LIQUIDATION("wouldCauseLiquidation", Outcome.REJECTED),
    WOULD_NOT_REDUCE_POSITION("wouldNotReducePosition", Outcome.REJECTED),
    WOULD_PROCESS_AFTER_SPECIFIED_TIME("wouldProcessAfterSpecifiedTime", Outcome.REJECTED),
    WOULD_INCREASE_PRICE_DISLOCATION("wouldIncreasePriceDislocation", Outcome.REJECTED),
    MARKET_IS_POST_ONLY("marketIsPostOnly", Outcome.REJECTED),
    TOO_MANY_ORDERS("tooManyOrders", Outcome.REJECTED),
    FIXED_LEVERAGE_TOO_HIGH("fixedLeverageTooHigh", Outcome.REJECTED),
    NOT_FOUND("notFound", Outcome.REJECTED),
    ORDER_FOR_EDIT_NOT_A_STOP("orderForEditNotAStop", Outcome.REJECTED),
    ORDER_FOR_EDIT_NOT_FOUND("orderForEditNotFound", Outcome.REJECTED),
    CANNOT_EDIT_TRIGGER_PRICE_OF_TRAILING_STOP("cannotEditTriggerPriceOfTrailingStop", Outcome.REJECTED),
    CANNOT_EDIT_LIMIT_PRICE_OF_TRAILING_STOP("cannotEditLimitPriceOfTrailingStop", Outcome.REJECTED),
    /** Any other value: not documented when this was written. */
    UNLISTED("", Outcome.REJECTED);

    /** What a status says happened to the order. */
    public enum Outcome
    {
        /** The venue has the order; fills are in its events (and on the stream). */
        ACCEPTED,
        /** The order ended: its executions (if any) applied, the rest expired. */
        ENDED,
        /** Not placed: REJECTED. */
        REJECTED,
        /** Said nothing definite about this request: asked for by client id. */
        UNKNOWN
    }

    private static final Map<String, KrakenSendStatus> BY_TEXT = new HashMap<>();

    static
    {
        for (final KrakenSendStatus status : values())
        {
            BY_TEXT.put(status.text, status);
        }
    }

    private final String text;
    private final Outcome outcome;

    KrakenSendStatus(final String text, final Outcome outcome)
    {
        this.text = text;
        this.outcome = outcome;
    }

    /** The status of {@code text}, {@link #UNLISTED} for any other (null included). */
    public static KrakenSendStatus of(final String text)
    {
        final KrakenSendStatus status = text == null ? null : BY_TEXT.get(text);
        return status == null || status == UNLISTED ? UNLISTED : status;
    }

    public String text()
    {
        return text;
    }

    public Outcome outcome()
    {
        return outcome;
    }

    /** The reject code published with it: 1 + its position here. */
    public int code()
    {
        return ordinal() + 1;
    }
}
