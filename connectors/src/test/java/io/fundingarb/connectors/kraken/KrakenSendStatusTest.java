package io.fundingarb.connectors.kraken;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.connectors.kraken.KrakenSendStatus.Outcome;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every {@code sendStatus.status} of docs.kraken.com/api/docs/futures-api/trading/send-order (the
 * enum list, which includes the described values) maps to an outcome; anything else is UNLISTED.
 */
class KrakenSendStatusTest
{
    /** The enum list of the page, as published. */
    private static final List<String> DOCUMENTED = List.of("placed", "partiallyFilled", "filled", "cancelled", "edited", "marketSuspended",
        "marketInactive", "invalidPrice", "invalidSize", "tooManySmallOrders", "insufficientAvailableFunds", "wouldCauseLiquidation",
        "clientOrderIdAlreadyExist", "clientOrderIdTooBig", "maxPositionViolation", "outsidePriceCollar", "wouldIncreasePriceDislocation",
        "notFound", "orderForEditNotAStop", "orderForEditNotFound", "postWouldExecute", "iocWouldNotExecute", "selfFill", "wouldNotReducePosition",
        "marketIsPostOnly", "tooManyOrders", "fixedLeverageTooHigh", "clientOrderIdInvalid", "cannotEditTriggerPriceOfTrailingStop",
        "cannotEditLimitPriceOfTrailingStop", "wouldProcessAfterSpecifiedTime");
    /** Described on the page but missing from its enum list. */
    private static final List<String> DESCRIBED_ONLY = List.of("invalidOrderType", "invalidSide", "clientOrderIdTooLong");

    @Test
    void shouldKnowEveryDocumentedStatus()
    {
        for (final String status : DOCUMENTED)
        {
            assertThat(KrakenSendStatus.of(status)).as(status).isNotEqualTo(KrakenSendStatus.UNLISTED);
        }
        for (final String status : DESCRIBED_ONLY)
        {
            assertThat(KrakenSendStatus.of(status)).as(status).isNotEqualTo(KrakenSendStatus.UNLISTED);
        }
        assertThat(KrakenSendStatus.values()).hasSize(DOCUMENTED.size() + DESCRIBED_ONLY.size() + 1);
    }

    @Test
    void shouldTreatOnlyThePlacedStatusesAsAccepted()
    {
        assertThat(Arrays.stream(KrakenSendStatus.values()).filter(s -> s.outcome() == Outcome.ACCEPTED).map(KrakenSendStatus::text))
            .containsExactlyInAnyOrder("placed", "partiallyFilled", "filled", "edited");
    }

    @Test
    void shouldEndWithoutRejectingAnIocThatWouldNotExecute()
    {
        assertThat(KrakenSendStatus.of("iocWouldNotExecute").outcome()).isEqualTo(Outcome.ENDED);
        assertThat(KrakenSendStatus.of("cancelled").outcome()).isEqualTo(Outcome.ENDED);
    }

    @Test
    void shouldAskForTheOrderWhenItsClientIdAlreadyExists()
    {
        assertThat(KrakenSendStatus.of("clientOrderIdAlreadyExist").outcome()).isEqualTo(Outcome.UNKNOWN);
    }

    @Test
    void shouldRejectAnUnlistedStatus()
    {
        assertThat(KrakenSendStatus.of("someFutureStatus")).isEqualTo(KrakenSendStatus.UNLISTED);
        assertThat(KrakenSendStatus.of(null)).isEqualTo(KrakenSendStatus.UNLISTED);
        assertThat(KrakenSendStatus.of("")).isEqualTo(KrakenSendStatus.UNLISTED);
        assertThat(KrakenSendStatus.UNLISTED.outcome()).isEqualTo(Outcome.REJECTED);
    }

    @Test
    void shouldGiveEachStatusItsOwnCode()
    {
        assertThat(Arrays.stream(KrakenSendStatus.values()).map(KrakenSendStatus::code).distinct()).hasSize(KrakenSendStatus.values().length);
    }
}
