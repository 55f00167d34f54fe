package io.fundingarb.connectors.bybit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.connectors.gateway.Fixtures;
import io.fundingarb.connectors.gateway.GatewayEventSink;
import io.fundingarb.connectors.gateway.GatewayPublisher;
import io.fundingarb.connectors.gateway.VenueSymbols;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Test;

/** Funding settlements from the transaction log and the stream, on the documented example (fixtures/bybit/transaction-log.json). */
class BybitFundingLogTest
{
    private static final int XRP = 3;
    private static final long SETTLE_MS = 1_672_128_000_000L;
    private static final long NOW_MS = 1_672_132_481_405L;

    private final GatewayEventSink sink = new GatewayEventSink();
    private final BybitFundingLog log = new BybitFundingLog(new VenueSymbols().add(XRP, "XRPUSDT"),
        new GatewayPublisher(sink, new SystemEpochNanoClock(), Venue.BYBIT), SETTLE_MS - 3_600_000L);

    private static String lastPage()
    {
        return Fixtures.text("bybit/transaction-log.json").replace("21963%3A1%2C14954%3A1", "");
    }

    @Test
    void shouldPublishTheSettlementRecordWithItsFundingRateAndPosition()
    {
        assertThat(log.onResponse(lastPage(), NOW_MS)).isEqualTo(BybitFundingLog.DONE);

        assertThat(sink.fundings()).containsExactly(
            new GatewayEventSink.Funding(XRP, Venue.BYBIT, FixedPoint.parse("-0.003676"), FixedPoint.parse("0.0001"), FixedPoint.parse("100")));
    }

    @Test
    void shouldNegateTheRateOfAShortSettlementToTheMarketRate()
    {
        log.onResponse(lastPage().replace("\"side\": \"Buy\",\n                \"funding\": \"-0.003676\"",
            "\"side\": \"Sell\",\n                \"funding\": \"0.003676\"").replace("\"feeRate\": \"0.0001\"", "\"feeRate\": \"-0.0001\""), NOW_MS);

        assertThat(sink.fundings()).containsExactly(
            new GatewayEventSink.Funding(XRP, Venue.BYBIT, FixedPoint.parse("0.003676"), FixedPoint.parse("0.0001"), FixedPoint.parse("-100")));
    }

    @Test
    void shouldAskForTheNextPageWithTheVenueCursor()
    {
        log.query(NOW_MS);
        assertThat(log.onResponse(Fixtures.text("bybit/transaction-log.json"), NOW_MS)).isEqualTo(BybitFundingLog.MORE);

        assertThat(log.query(NOW_MS)).endsWith("&limit=50&cursor=21963%3A1%2C14954%3A1")
            .startsWith("accountType=UNIFIED&category=linear&type=SETTLEMENT&startTime=" + (SETTLE_MS - 3_600_000L) + "&endTime=" + NOW_MS);
    }

    @Test
    void shouldNotPublishASettlementTheStreamAlreadyPublished()
    {
        assertThat(log.onStreamFunding(XRP, SETTLE_MS + 12)).isTrue();

        log.onResponse(lastPage(), NOW_MS);

        assertThat(sink.fundings()).isEmpty();
        assertThat(log.duplicates()).isEqualTo(1);
    }

    @Test
    void shouldDropTheStreamFundingOfASettlementTheLogPublished()
    {
        log.onResponse(lastPage(), NOW_MS);

        assertThat(log.onStreamFunding(XRP, SETTLE_MS)).isFalse();
        assertThat(log.onStreamFunding(XRP, SETTLE_MS + 8 * 3_600_000L)).isTrue();
    }

    @Test
    void shouldStartTheNextWindowAtTheNewestSettlementSeen()
    {
        log.query(NOW_MS);
        log.onResponse(lastPage(), NOW_MS);

        assertThat(log.fromMs()).isEqualTo(SETTLE_MS);
    }

    @Test
    void shouldWalkAWindowLongerThanSevenDaysInSevenDaySteps()
    {
        final long from = SETTLE_MS - 3_600_000L;
        final long now = from + BybitFundingLog.WINDOW_MS + 5_000L;
        assertThat(log.query(now)).contains("&endTime=" + (from + BybitFundingLog.WINDOW_MS) + "&");
        assertThat(log.onResponse(lastPage(), now)).isEqualTo(BybitFundingLog.MORE);

        assertThat(log.query(now)).contains("startTime=" + (from + BybitFundingLog.WINDOW_MS) + "&endTime=" + now + "&");
    }

    @Test
    void shouldCountARefusedQueryAsFailed()
    {
        assertThat(log.onResponse("{\"retCode\":10002,\"retMsg\":\"invalid request, please check your server timestamp or recv_window param\"}", NOW_MS))
            .isEqualTo(BybitFundingLog.FAILED);
        assertThat(log.onResponse("not json", NOW_MS)).isEqualTo(BybitFundingLog.FAILED);
        assertThat(sink.fundings()).isEmpty();
    }
}
