package io.fundingarb.connectors.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VenueOrderIdsTest
{
    private static final long EPOCH = 1_765_000_000L;
    private static final long PREVIOUS = 1_764_990_000L;
    /** Binance newClientOrderId; Bybit orderLinkId allows a subset of it (digits, letters, - and _), also 36 at most. */
    private static final String ALLOWED = "^[\\.A-Z\\:/a-z0-9_-]{1,36}$";

    private final VenueOrderIds ids = new VenueOrderIds(EPOCH);

    @Test
    void shouldGiveTheSameEngineIdDifferentVenueIdsInTwoSessions()
    {
        final VenueOrderIds previous = new VenueOrderIds(PREVIOUS);
        assertThat(ids.text(4161)).isEqualTo("fa-1765000000-4161");
        assertThat(previous.text(4161)).isEqualTo("fa-1764990000-4161").isNotEqualTo(ids.text(4161));
    }

    @Test
    void shouldWriteTheSameIdIntoABuilderAsText()
    {
        final AsciiBuilder out = new AsciiBuilder(8);
        ids.append(out.append("x="), 4161);
        assertThat(out.toString()).isEqualTo("x=" + ids.text(4161));
    }

    @Test
    void shouldFitBothVenuesRulesForTheLargestParsedId()
    {
        final String longest = new VenueOrderIds(VenueOrderIds.MAX_EPOCH).text(999_999_999_999_999_999L);
        assertThat(longest).matches(ALLOWED).matches("^[A-Za-z0-9_-]{1,36}$");
        assertThat(new VenueOrderIds(VenueOrderIds.MAX_EPOCH).ownId(longest)).isEqualTo(999_999_999_999_999_999L);
    }

    @Test
    void shouldParseBackAnIdOfThisSession()
    {
        assertThat(ids.ownId(ids.text(4161))).isEqualTo(4161);
        assertThat(ids.foreignId(ids.text(4161))).isEqualTo(VenueOrderIds.NOT_OURS);
    }

    @Test
    void shouldNeverMatchAPreviousSessionsIdToThisSession()
    {
        final String old = new VenueOrderIds(PREVIOUS).text(4161);
        assertThat(ids.ownId(old)).isEqualTo(VenueOrderIds.NOT_OURS);
        final long foreign = ids.foreignId(old);
        assertThat(foreign).isNotEqualTo(VenueOrderIds.NOT_OURS).isNotEqualTo(4161);
        assertThat(VenueOrderIds.isForeign(foreign)).isTrue();
        assertThat(ids.foreignId(old)).isEqualTo(foreign);
        assertThat(ids.foreignId(new VenueOrderIds(PREVIOUS - 1).text(4161))).isNotEqualTo(foreign);
    }

    @Test
    void shouldTreatABareDecimalIdOfTheFormerFormatAsForeign()
    {
        assertThat(ids.ownId("4161")).isEqualTo(VenueOrderIds.NOT_OURS);
        assertThat(VenueOrderIds.isForeign(ids.foreignId("4161"))).isTrue();
    }

    @Test
    void shouldLeaveIdsThatAreNotOursAlone()
    {
        for (final String other : new String[] {null, "", "autoclose-1234", "adl_autoclose", "fa-", "fa-12", "fa-x-1", "fa-12-", "manual-7", "test-000005"})
        {
            assertThat(ids.ownId(other)).as(other).isEqualTo(VenueOrderIds.NOT_OURS);
            assertThat(ids.foreignId(other)).as(other).isEqualTo(VenueOrderIds.NOT_OURS);
        }
    }

    @Test
    void shouldRefuseAnEpochOutsideTenDigitsOfSeconds()
    {
        assertThatThrownBy(() -> new VenueOrderIds(0)).hasMessageContaining("session epoch");
        assertThatThrownBy(() -> new VenueOrderIds(VenueOrderIds.MAX_EPOCH + 1)).hasMessageContaining("session epoch");
    }
}
